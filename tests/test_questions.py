"""The question list: built from the role family, the person's level and goal, and the contact;
never another kind of job's questions; fits the meeting; the ask for names last."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from coaching.compose.questions import MAX_QUESTIONS, question_budget, question_frames
from coaching.drafting import draft
from coaching.models import Task, parse_input
from coaching.reading import read_person
from coaching.roles import find_role_family, load_role_families, other_families_facts
from coaching.seniority import career_level

DATA = Path(__file__).resolve().parent / "data"
PEOPLE = json.loads((DATA / "question_people.json").read_text(encoding="utf-8"))
HOLDOUT = json.loads((DATA / "holdout_question_people.json").read_text(encoding="utf-8"))
BY_ID = {p["id"]: p for p in PEOPLE + HOLDOUT}
_NUMBERED = re.compile(r"^(\d{1,2})\. (.+)$", re.M)


def questions_for(raw: dict) -> tuple[str, list[str]]:
    data = parse_input(raw, Task.questions)
    text = draft(Task.questions, data, backend="offline").text
    return text, [q for _, q in _NUMBERED.findall(text)]


def person(person_id: str, **changes: dict) -> dict:
    raw = copy.deepcopy(BY_ID[person_id])
    for part, fields in changes.items():
        raw[part].update(fields)
    return raw


# --- the role-family file -------------------------------------------------------------------------


def test_the_role_family_file_covers_forty_families_with_every_part_filled():
    families = load_role_families()
    assert len(families) >= 40
    for family in families:
        assert family.aliases and family.work and family.judged_on and family.debates, family.name
        assert family.entry.new and family.entry.experienced, family.name
        assert not any(re.search(r"\d", fact) for fact in family.facts), family.name  # no invented numbers


def test_no_spelling_belongs_to_two_families():
    seen: dict[str, str] = {}
    for family in load_role_families():
        for spelling in [family.name, *family.aliases]:
            assert seen.setdefault(spelling, family.name) == family.name, spelling


@pytest.mark.parametrize(
    ("typed", "family"),
    [("Sr. UX Researcher", "user research"), ("ux research", "user research"), ("CSM", "customer success"),
     ("something in L&D", "learning and development"), ("policy ppl — analyst or fellow", "policy and public affairs"),
     ("Staff engineer (fully remote)", "software engineering"), ("softare enginer", "software engineering"),
     ("Chemistry faculty (full-time, teaching-focused)", "academic research and higher education"),
     ("RN, icu", "nursing and clinical care"), ("account executive", "sales")],
)  # fmt: skip
def test_a_role_is_found_however_it_is_typed(typed, family):
    found = find_role_family(typed)
    assert found is not None and found.name == family


def test_without_a_role_the_family_comes_from_the_goal_never_the_background():
    raw = person("precious-cc-it-student-to-sysadmin")  # goal: a help desk job, then sysadmin
    assert read_person(parse_input(raw, Task.questions)).family.name == "it support and systems administration"
    raw["profile"]["background"] = "Registered nurse for 9 years. " + raw["profile"]["background"]
    assert read_person(parse_input(raw, Task.questions)).family.name == "it support and systems administration"


# --- seniority ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("background", "level"),
    [("registered nurse 9 yrs, mostly nights", "experienced"), ("Ops mgr, 12 yrs, 3PL warehouses", "experienced"),
     ("final year econ student at ucla", "new"), ("im a senior at ohio state studying econ", "new"),
     ("BA political science, December 2025. Interned in a district office.", "new"),
     ("8 months recruitment coordinator at an agency", "new"),
     ("Principal engineer; led the payments team", "experienced"),
     ("Director of operations. Finished an MBA in 2025.", "experienced"), ("i work at a coffee shop", "")],
)  # fmt: skip
def test_the_level_is_read_from_the_background(background, level):
    assert career_level(background) == level


@pytest.mark.parametrize("person_id", [p["id"] for p in PEOPLE + HOLDOUT])
def test_every_test_person_is_read_at_their_level(person_id):
    raw = BY_ID[person_id]
    assert read_person(parse_input(raw, Task.questions)).level == raw["level"]


def frames_of(person_id: str) -> list[str]:
    return question_frames(read_person(parse_input(BY_ID[person_id], Task.questions)))


def test_a_new_graduate_is_asked_about_first_roles():
    frames = frames_of("chidi-cs-grad-to-grid-software")
    assert any(f.startswith(("entry.new", "level.new")) for f in frames)
    assert not any(f.startswith(("entry.experienced", "level.changer", "entry.same_work")) for f in frames)


def test_an_experienced_career_changer_is_asked_what_transfers_never_about_first_roles():
    frames = frames_of("tobias-civics-teacher-to-ux-research")
    assert any(f.startswith(("entry.experienced", "level.changer")) for f in frames)
    assert not any(f.startswith(("entry.new", "level.new")) for f in frames)


def test_a_senior_person_in_the_same_work_is_asked_what_the_new_industry_adds():
    # A principal engineer heading for a health-tech company is not "coming into" engineering.
    frames = frames_of("greta-principal-eng-to-remote-healthtech")
    assert any(f.startswith(("entry.same_work", "level.same_work")) for f in frames)
    assert not any(f.startswith(("entry.new", "level.new", "level.changer")) for f in frames)


# --- what each list asks ----------------------------------------------------------------------------


@pytest.mark.parametrize("person_id", [p["id"] for p in PEOPLE + HOLDOUT])
def test_a_list_never_asks_about_another_kind_of_job(person_id):
    text, _ = questions_for(BY_ID[person_id])
    family = read_person(parse_input(BY_ID[person_id], Task.questions)).family
    assert other_families_facts(text, family) == []


# Pinned: the mix-ups a career coach found in the old lists, and what each list must ask instead.
PINNED = {
    # A UX researcher and a customer-success manager at software companies: no engineering questions.
    "tobias-civics-teacher-to-ux-research": (["code", "graduate developer", "system design"], ["Ledgerly", "research"]),
    "danielle-store-mgr-to-csm": (["code", "developer", "bootcamp"], ["Brightpost", "customer success"]),
    # A nurse heading for a device maker as a clinical specialist: no engineering programme.
    "kalani-cath-lab-rn-to-clinical-specialist": (
        ["engineering", "graduate", "internship"],
        ["Corvalis Cardiac Systems", "travel"],
    ),
    # A litigator heading for a think tank: not the civil-service list.
    "farhan-litigator-to-housing-think-tank": (
        ["civil service", "fast-track", "public budgets"],
        ["Lindgren Institute", "pay"],
    ),
    # A principal engineer: never a question for someone starting out.
    "greta-principal-eng-to-remote-healthtech": (
        ["graduate", "internship", "starting out"],
        ["Carewell Systems", "remote"],
    ),
}


@pytest.mark.parametrize("person_id", list(PINNED))
def test_pinned_questions_never_and_always_appear(person_id):
    text, _ = questions_for(BY_ID[person_id])
    never, always = PINNED[person_id]
    body = text.split("\n\n", 1)[1].lower()  # the list, not the heading that names the contact
    for phrase in never:
        assert phrase.lower() not in body, phrase
    for phrase in always:
        assert phrase.lower() in text.lower(), phrase


@pytest.mark.parametrize("person_id", [p["id"] for p in PEOPLE + HOLDOUT])
def test_each_list_asks_about_the_goal_the_contact_and_their_organisation(person_id):
    raw = BY_ID[person_id]
    reading = read_person(parse_input(raw, Task.questions))
    text, asked = questions_for(raw)
    frames = question_frames(reading)
    assert any(f.startswith("path.") for f in frames) and any(f.startswith("work.") for f in frames)
    if reading.contact_org:
        assert any(reading.contact_org in q for q in asked), "a question names their organisation"
    if reading.goal and not reading.goal.asks_for_a_job:
        take_away = text.split("The one thing to take away", 1)[1].split("\n\n", 1)[0]
        assert reading.goal.text.lower().rstrip("?") in take_away.lower()


@pytest.mark.parametrize("minutes", [10, 15, 20, 25, 30, 45])
def test_the_list_fits_the_meeting_and_ends_with_the_ask_for_names(minutes):
    for raw in PEOPLE[::5]:
        _, asked = questions_for(person(raw["id"], options={"minutes": minutes}))
        assert len(asked) + 1 <= min(question_budget(minutes), MAX_QUESTIONS)  # the take-away is asked too
        assert re.search(r"\b(?:who else|anyone else|two people)\b", asked[-1], re.I), asked[-1]
        assert "(core)" in asked[-1]


def test_a_longer_meeting_gets_more_questions():
    counts = [len(questions_for(person("tobias-civics-teacher-to-ux-research", options={"minutes": m}))[1])
              for m in (10, 20, 30)]  # fmt: skip
    assert counts[0] < counts[1] < counts[2]


@pytest.mark.parametrize(
    ("goal", "topic"),
    [("how much do first-year analysts get paid", r"\bpa(?:y|id)\b"), ("is there a lot of travel", r"\btravel\b"),
     ("can i do this fully remote", r"\bremote"),
     ("do i need a masters", r"masters|qualifications|course or certificate")],
)  # fmt: skip
def test_a_goal_about_pay_travel_or_qualifications_gets_a_question_about_it(goal, topic):
    raw = person(
        "tobias-civics-teacher-to-ux-research", profile={"goal": goal, "motivation": ""}, options={"minutes": 30}
    )
    text, _ = questions_for(raw)  # asked in the take-away, in their words, or as a question of its own
    assert re.search(topic, text.split("\n\n", 1)[1], re.I), text


def test_without_an_organisation_the_contact_is_asked_about_their_work_without_guessing_one():
    raw = person("tobias-civics-teacher-to-ux-research", contact={"organization": ""})
    text, _ = questions_for(raw)
    assert "Ledgerly" not in text
    assert "your team at" not in text


def test_two_people_in_the_same_family_get_different_lists():
    lists = [
        set(questions_for(BY_ID[i])[1])
        for i in ("chidi-cs-grad-to-grid-software", "greta-principal-eng-to-remote-healthtech")
    ]
    assert len(lists[0] & lists[1]) <= 1  # at most one question word for word the same


def test_the_same_person_always_gets_the_same_list():
    raw = BY_ID["danielle-store-mgr-to-csm"]
    assert questions_for(raw) == questions_for(copy.deepcopy(raw))


def test_the_list_ends_with_the_resume_advice():
    text, _ = questions_for(BY_ID["tobias-civics-teacher-to-ux-research"])
    assert re.search(r"résumé", text.splitlines()[-1])


def test_what_the_referrer_said_of_the_contacts_past_opens_the_question_about_their_path():
    raw = person(
        "tobias-civics-teacher-to-ux-research",
        contact={
            "referrer": "Trish Olsen",
            "how_we_know": "my old team lead, she and Ngozi worked together at Allied Western",
        },
    )
    _, asked = questions_for(raw)
    assert asked[0].startswith("I understand you and Trish worked together at Allied Western."), asked[0]


def test_a_meeting_at_a_dinner_is_not_taken_for_the_contacts_career():
    raw = person(
        "tobias-civics-teacher-to-ux-research",
        contact={"referrer": "Frank Ito", "how_we_know": "frank and ngozi met at a chapter dinner"},
    )
    _, asked = questions_for(raw)
    assert not asked[0].startswith("I understand"), asked[0]
