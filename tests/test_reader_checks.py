"""The checks that read a draft as its recipient would: the reader talked about rather than to, a
field pasted in as typed, and a conversation claimed with someone the person only wrote to.

Hand-written texts, as a person's edits would be, each failing for the reason the reviews found.
"""

from __future__ import annotations

import pytest

from coaching.checks import run_checks
from coaching.models import Task, parse_input
from coaching.reading import read_person

RAW = {
    "profile": {"name": "Maria Esposito", "background": "Store manager 5 yrs.", "target_industry": "retail",
                "target_role": "Account executive", "strengths": ["Negotiating with suppliers"]},
    "contact": {"name": "Dana Okonjo", "referrer": "Tony Russo"},
    "meeting": {"discussed": "Dana ran ops at a hospital before this. Says most buyers learn on the job.",
                "referrals": ["Gloria Whitman", "Sunil Rao"],
                "actions_taken": "emailed Gloria, no reply yet; had coffee with Sunil"},
    "options": {},
}  # fmt: skip
READING = read_person(parse_input(RAW))


def result(task: Task, rule: str, body: str):
    text = f"Hi {'Tony' if task is Task.referrer_note else 'Dana'},\n\n{body}\n\nBest wishes,\nMaria Esposito"
    (found,) = [c for c in run_checks(task, READING, text) if c.rule == rule]
    return found


SPEAKS_OF_THE_READER = [
    "Thank you for our conversation about Dana ran ops at a hospital before this.",
    "I loved hearing how her team works.",
    "Dana said most buyers learn on the job, and that stayed with me.",
]


@pytest.mark.parametrize("body", SPEAKS_OF_THE_READER)
def test_the_reader_spoken_of_in_the_third_person_is_caught(body):
    check = result(Task.thank_you, "speaks-to-reader", body)
    assert not check.passed
    assert "you" in check.message


@pytest.mark.parametrize(
    "body",
    ["You said most buyers learn on the job, and that stayed with me.",
     "Thank you again, Dana.",
     "Gloria hasn't replied, but she is busy this month."],  # "she" is Gloria, named just before
)  # fmt: skip
def test_the_reader_spoken_to_passes(body):
    assert result(Task.thank_you, "speaks-to-reader", body).passed


def test_in_the_note_to_the_referrer_the_contact_is_the_third_person():
    assert result(Task.referrer_note, "speaks-to-reader", "Dana said most buyers learn on the job.").passed
    assert not result(Task.referrer_note, "speaks-to-reader", "Tony suggested I write to Dana.").passed


@pytest.mark.parametrize(
    ("body", "quoted"),
    [("so i spent 5 years in retail.", '"i"'),
     ("I spent 5 yrs in retail.", '"yrs"'),
     ("It was great lol.", '"lol"'),
     ("If Negotiating with suppliers could ever help, just ask.", "Negotiating with"),
     ("I'd like to work as Account executive next.", "Account executive")],
)  # fmt: skip
def test_a_field_pasted_in_as_typed_is_caught(body, quoted):
    check = result(Task.outreach, "pasted-field", body)
    assert not check.passed
    assert quoted in check.message


def test_written_sentences_pass_the_pasted_field_check():
    body = "I've been a store manager for five years. If negotiating with suppliers could ever help, just ask."
    assert result(Task.outreach, "pasted-field", body).passed


@pytest.mark.parametrize(
    ("body", "passes"),
    [("Speaking with Gloria was especially useful, so thank you for the introduction.", False),
     ("I had a great call with Gloria last week.", False),
     ("I emailed Gloria and am waiting to hear back.", True),
     ("I had coffee with Sunil, and emailed Gloria.", True),
     ("Next, I plan to talk to Gloria when she is back.", True),
     ("Talking with Sunil was a real help.", True)],
)  # fmt: skip
def test_a_conversation_is_claimed_only_with_someone_the_person_met(body, passes):
    assert result(Task.follow_up, "claimed-conversation", body).passed is passes
