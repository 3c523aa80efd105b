"""The input models: what a person may hand the coach, and the one-line error naming the field when not.

DESIGN.md: `profile.name`, `profile.background` and `profile.target_industry` are always required;
`contact.name` for every task but intro and questions; `meeting.discussed` for thank_you;
`meeting.actions_taken` for follow_up. Text is trimmed, NFC-normalised and stripped of control
characters, and names in any script keep their letters.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import unicodedata

import pytest

from coaching.errors import InputError
from coaching.models import LONG_LIMIT, NAME_LIMIT, CoachInput, Task, load_inputs, parse_input

VALID = {
    "profile": {
        "name": "Maya Patel",
        "background": "Six years teaching secondary-school physics; ran the robotics club.",
        "target_industry": "renewable energy",
        "target_role": "energy analyst",
        "strengths": ["explaining data to non-specialists", "running projects on a budget"],
        "goal": "Find out which analyst roles suit a former teacher.",
    },
    "contact": {"name": "Jonas Berg", "role": "Energy Analyst", "organization": "Northwind Power",
                "referrer": "Lena Ortiz"},
    "meeting": {"date": "2027-03-04", "discussed": "grid storage", "referrals": ["Priya Shah"],
                "actions_taken": "Wrote to Priya Shah."},
    "options": {"minutes": 20, "tone": "warm", "channel": "email"},
}  # fmt: skip


def with_change(path: str, value: object = None, *, remove: bool = False) -> dict:
    """VALID with one field set (or removed), e.g. with_change("profile.name", "")."""
    raw = copy.deepcopy(VALID)
    part, field = path.split(".")
    if remove:
        raw[part].pop(field, None)
    else:
        raw[part][field] = value
    return raw


def error_for(raw: dict, task: Task) -> str:
    with pytest.raises(InputError) as raised:
        parse_input(raw, task)
    return raised.value.message


def test_the_valid_input_is_accepted_for_every_task():
    for task in Task:
        assert isinstance(parse_input(VALID, task), CoachInput)


INVALID = [
    # (field, value or REMOVE, task, the message must contain)
    ("profile.name", "", Task.outreach, "profile.name: required"),
    ("profile.name", "REMOVE", Task.intro, "profile.name: required"),
    ("profile.name", "   \t\n ", Task.questions, "profile.name: required"),
    ("profile.name", "\x00\x07", Task.intro, "profile.name: required"),
    ("profile.background", "", Task.intro, "profile.background: required"),
    ("profile.target_industry", "REMOVE", Task.questions, "profile.target_industry: required"),
    ("profile.background", "x" * (LONG_LIMIT + 1), Task.intro, "profile.background: at most 4,000 characters"),
    ("profile.name", "N" * (NAME_LIMIT + 1), Task.intro, "profile.name: at most 120 characters"),
    ("profile.strengths", ["s"] * 13, Task.intro, "profile.strengths: at most 12"),
    ("profile.name", ["Maya"], Task.intro, "profile.name"),
    ("options.minutes", 5, Task.outreach, "options.minutes"),
    ("options.minutes", 50, Task.outreach, "options.minutes"),
    ("options.minutes", "twenty", Task.outreach, "options.minutes"),
    ("options.tone", "angry", Task.outreach, "options.tone"),
    ("options.channel", "fax", Task.outreach, "options.channel"),
    ("meeting.date", "03/04/2027", Task.thank_you, "meeting.date"),
    ("meeting.date", "2027-02-30", Task.thank_you, "meeting.date"),
    ("contact.name", "", Task.outreach, "contact.name: required"),
    ("contact.name", "REMOVE", Task.nudge, "contact.name: required"),
    ("contact.name", "", Task.thank_you, "contact.name: required"),
    ("contact.name", "", Task.follow_up, "contact.name: required"),
    ("meeting.discussed", "", Task.thank_you, "meeting.discussed: required"),
    ("meeting.actions_taken", " ", Task.follow_up, "meeting.actions_taken: required"),
    ("contact.referrer", "", Task.referrer_note, "contact.referrer: required"),
    ("meeting.discussed", "REMOVE", Task.referrer_note, "meeting.discussed: required"),
    ("profile.motivation", "x" * 601, Task.intro, "profile.motivation: at most 600 characters"),
]


@pytest.mark.parametrize(
    ("path", "value", "task", "expected"), INVALID, ids=[f"{p}={str(v)[:12]!r} {t.value}" for p, v, t, _ in INVALID]
)
def test_invalid_input_names_the_field(path, value, task, expected):
    raw = with_change(path, remove=True) if value == "REMOVE" else with_change(path, value)
    assert expected in error_for(raw, task)


@pytest.mark.parametrize("minutes", [10, 45])
def test_the_allowed_minutes_run_from_ten_to_forty_five(minutes):
    assert parse_input(with_change("options.minutes", minutes)).options.minutes == minutes


def test_the_background_may_be_exactly_4000_characters():
    assert len(parse_input(with_change("profile.background", "x" * LONG_LIMIT)).profile.background) == LONG_LIMIT


def test_over_long_text_says_the_limit_and_the_length():
    message = error_for(with_change("profile.background", "x" * 4001), Task.intro)
    assert "4,000" in message
    assert "4,001" in message


@pytest.mark.parametrize("task", [Task.intro, Task.questions])
def test_intro_and_questions_need_no_contact(task):
    raw = copy.deepcopy(VALID)
    raw["contact"] = {}
    raw["meeting"] = {}
    assert parse_input(raw, task).contact.name == ""


OPTIONAL = [
    # (field, the default it falls back to)
    ("profile.target_role", ""),
    ("profile.strengths", []),
    ("profile.goal", ""),
    ("contact.role", ""),
    ("contact.referrer", ""),
    ("contact.how_we_know", ""),
    ("meeting.date", None),
    ("meeting.referrals", []),
    ("options.minutes", 20),
    ("options.tone", "warm"),
    ("options.channel", "email"),
    ("options.linkedin_limit", 300),
]
NOT_GIVEN = {"null": None, "empty": "", "absent": "ABSENT"}
OPTIONAL_CASES = [
    pytest.param(path, default, NOT_GIVEN[how], id=f"{how} {path}")
    for path, default in OPTIONAL
    for how in NOT_GIVEN
]


@pytest.mark.parametrize(("path", "default", "not_given"), OPTIONAL_CASES)
def test_an_optional_field_may_be_null_empty_or_absent(path, default, not_given):
    raw = with_change(path, remove=True) if not_given == "ABSENT" else with_change(path, not_given)
    data = parse_input(raw, Task.intro)
    part, field = path.split(".")
    assert getattr(getattr(data, part), field) == default


def test_a_missing_part_is_an_empty_part():
    raw = {"profile": VALID["profile"], "contact": None}
    data = parse_input(raw, Task.intro)
    assert (data.contact.name, data.meeting.discussed, data.options.minutes) == ("", "", 20)


def test_several_problems_are_all_named():
    raw = with_change("profile.name", "")
    raw["contact"]["name"] = ""
    message = error_for(raw, Task.outreach)
    assert "profile.name: required" in message
    assert "contact.name: required" in message


# --- normalisation ----------------------------------------------------------------------------------

CLEANED = [
    # (field, typed, stored)
    ("profile.name", "  Maya   Patel  ", "Maya Patel"),
    ("profile.name", "Zoe\u0308 \u0141ukasiewicz", "Zoë Łukasiewicz"),  # decomposed → composed (NFC)
    ("profile.name", "Zoë Łukasiewicz", "Zoë Łukasiewicz"),
    ("profile.name", "Maya\x00 Pa\x07tel\x1b", "Maya Patel"),
    ("profile.name", "ليلى الحسن", "ليلى الحسن"),
    ("profile.name", "Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"),
    ("contact.referrer", "\u200fדוד לוי", "\u200fדוד לוי"),  # a right-to-left mark is not a control character
    ("profile.target_industry", "renewable\tenergy", "renewable energy"),
    ("profile.background", "First line.\r\nSecond\x0b line.\rThird.", "First line.\nSecond line.\nThird."),
]


@pytest.mark.parametrize(("path", "typed", "stored"), CLEANED, ids=[repr(t)[:24] for _, t, _ in CLEANED])
def test_text_is_trimmed_normalised_and_keeps_every_script(path, typed, stored):
    data = parse_input(with_change(path, typed), Task.intro)
    part, field = path.split(".")
    value = getattr(getattr(data, part), field)
    assert value == stored
    assert unicodedata.is_normalized("NFC", value)


def test_strengths_and_referrals_may_be_typed_as_one_comma_separated_line():
    raw = with_change("profile.strengths", "listening, writing; planning ,")
    raw["meeting"]["referrals"] = "Ana Silva, Dan Wu"
    data = parse_input(raw, Task.intro)
    assert data.profile.strengths == ["listening", "writing", "planning"]
    assert data.meeting.referrals == ["Ana Silva", "Dan Wu"]


# --- one object or an array --------------------------------------------------------------------------


def test_a_json_object_yields_one_input_and_says_it_was_not_a_list():
    inputs, many = load_inputs(json.dumps(VALID), Task.outreach)
    assert (len(inputs), many) == (1, False)


def test_a_json_array_yields_a_list_in_order():
    second = with_change("profile.name", "Sam Okafor")
    inputs, many = load_inputs(json.dumps([VALID, second]), Task.outreach)
    assert many is True
    assert [i.profile.name for i in inputs] == ["Maya Patel", "Sam Okafor"]


BAD_DOCUMENTS = [
    ("", "input: empty"),
    ("   ", "input: empty"),
    ("{not json", "input: not valid JSON"),
    ("[]", "input: the array is empty"),
    ('"just text"', "input: must be a JSON object"),
    (json.dumps([VALID, with_change("profile.name", "")]), "[1] profile.name: required"),
]


@pytest.mark.parametrize(("document", "expected"), BAD_DOCUMENTS, ids=[e for _, e in BAD_DOCUMENTS])
def test_a_bad_document_is_refused_plainly(document, expected):
    with pytest.raises(InputError) as raised:
        load_inputs(document, Task.outreach)
    assert expected in raised.value.message


# --- through the command line ------------------------------------------------------------------------


def test_draft_with_an_empty_name_exits_2_naming_the_field():
    done = subprocess.run(
        [sys.executable, "-m", "coaching", "draft", "outreach", "--input", "-"],
        input=json.dumps(with_change("profile.name", "")),
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "profile.name" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_input_nested_too_deeply_is_a_plain_error():
    with pytest.raises(InputError, match="input: nested too deeply"):
        load_inputs("[" * 100_000 + "]" * 100_000, Task.intro)


def test_a_number_with_thousands_of_digits_is_a_plain_error():
    """Issue 17, item 7: Python refuses to read it, which was a traceback."""
    text = '{"profile": {"name": "A", "background": "b", "target_industry": "x"}, "options": {"minutes": %s}}'
    with pytest.raises(InputError, match="input: a number in it is far too long"):
        load_inputs(text % ("9" * 5000), Task.intro)


def test_a_lone_surrogate_is_dropped_and_a_number_that_is_not_one_refused():
    raw = {"profile": {"name": "A", "background": "b", "target_industry": "x"}, "contact": {"name": "S\udfff"}}
    assert parse_input(raw, Task.outreach).contact.name == "S"
    raw["contact"]["name"] = float("nan")
    with pytest.raises(InputError, match=r"contact\.name: must be text"):
        parse_input(raw, Task.outreach)
