"""Reading the person: what each field they typed says, as the composer, the prompt and the checks use it.

Tables of what people type and what the reading makes of it, with spaCy's real English model.
"""

from __future__ import annotations

import pytest

from coaching.english import article, inline, tidy
from coaching.models import parse_input
from coaching.names import display_name, given_name
from coaching.reading import read_person, split_referrer


def person(**parts: dict) -> dict:
    raw = {
        "profile": {"name": "Sam Rivera", "background": "Teacher.", "target_industry": "edtech"},
        "contact": {"name": "Dana Okonjo"},
        "meeting": {},
        "options": {},
    }
    for part, fields in parts.items():
        raw[part].update(fields)
    return raw


def read(**parts: dict):
    return read_person(parse_input(person(**parts)))


# --- words ----------------------------------------------------------------------------------------

TIDY = [
    ("so i spent 5 yrs in retail lol. now i wanna get into ux", "I spent 5 years in retail. Now I want to get into UX"),
    ("worked w/ vendors b/c my mgr was out", "Worked with vendors because my manager was out"),
    ("idk tbh, kinda burnt out", "I don't know, kind of burnt out"),
    ("approx. 8 yrs at St. vincent's", "About 8 years at St. Vincent's"),
    ("12 hr shifts in the icu", "12 hour shifts in the ICU"),
    ("e.g. sql and excel", "For example SQL and Excel"),
    ("messaged her on linkedin :)", "Messaged her on LinkedIn"),
]


@pytest.mark.parametrize(("typed", "written"), TIDY)
def test_shorthand_and_chat_are_written_out(typed, written):
    assert tidy(typed) == written


@pytest.mark.parametrize(
    ("field", "phrase"),
    [("Negotiating with suppliers", "negotiating with suppliers"), ("Account executive", "account executive"),
     ("python", "Python"), ("Associate Director, Structural Biology", "Associate Director, Structural Biology"),
     ("UX research.", "UX research")],
)  # fmt: skip
def test_a_field_inside_a_sentence_loses_only_the_capital_it_had_for_starting(field, phrase):
    assert inline(field) == phrase


@pytest.mark.parametrize(("noun", "chosen"), [("MBA", "an"), ("UX researcher", "a"), ("hour", "an"), ("user", "a")])
def test_the_article_goes_by_sound(noun, chosen):
    assert article(noun) == chosen


@pytest.mark.parametrize(
    ("typed", "greeted", "written"),
    [("Dr. Alice Brennan", "Dr. Brennan", "Dr. Alice Brennan"), ("dana whitfield", "Dana", "Dana Whitfield"),
     ("Lee, Sam", "Sam", "Lee, Sam"), ("o'sullivan", "O'Sullivan", "O'Sullivan"),
     ("Atty. Joaquín Medrano", "Atty. Medrano", "Atty. Joaquín Medrano")],
)  # fmt: skip
def test_names_are_written_and_greeted_as_people_expect(typed, greeted, written):
    assert display_name(typed) == written
    assert given_name(display_name(typed)) == greeted


@pytest.mark.parametrize(
    ("typed", "name", "description"),
    [("my supervisor rick", "rick", "my supervisor"), ("pam from church", "pam", "who I know from church"),
     ("Dr. Alice Brennan", "Dr. Alice Brennan", "")],
)  # fmt: skip
def test_a_referrer_field_gives_the_name_and_who_they_are(typed, name, description):
    assert split_referrer(typed) == (name, description)


# --- the writer, in the first person --------------------------------------------------------------

BACKGROUNDS = [
    ("Registered nurse 9 yrs, mostly nights in the ICU.", "I've been a registered nurse for 9 years"),
    ("Senior buyer, eleven years in grocery.", "I've been a senior buyer for eleven years in grocery."),
    ("so i spent 5 yrs in retail lol", "I spent 5 years in retail."),
    ("Led the pharmacy side of an e-prescribing rollout.", "I led the pharmacy side of an e-prescribing rollout."),
    ("Known on the wards as the person who translates for IT.", "I'm known on the wards as"),
    ("Maria has worked in retail for 14 yrs. She runs a store and has 60 staff.", "I run a store and have 60 staff."),
    ("Background in chemistry.", "I have a background in chemistry."),
    ("BA in English.", "I have a BA in English."),
    ("Former nurse.", "I was a nurse."),
    ("Firefighter/EMT 15 yrs, captain the last 4.", "I've been a firefighter/EMT for 15 years."),
    ("Shortlisted at Cannes in 2019.", "I was shortlisted at Cannes in 2019."),
]


@pytest.mark.parametrize(("background", "said"), BACKGROUNDS)
def test_the_background_is_restated_in_the_first_person(background, said):
    name = "Maria Lopez" if background.startswith("Maria") else "Sam Rivera"
    reading = read(profile={"background": background, "name": name})
    assert any(said in sentence for sentence in reading.background), reading.background


def test_a_line_that_cannot_be_read_is_left_out_not_pasted():
    reading = read(profile={"background": "2 first-author papers. Teacher for 6 yrs."})
    assert reading.background == ["I've been a teacher for 6 years."]


# --- the reader, in the second person -------------------------------------------------------------

NOTES = [
    ("Dana ran ops at a hospital before this.", "about", "you ran ops at a hospital before this",
     "Dana ran ops at a hospital before this"),
    ("Says most buyers learn on the job.", "said", "you said most buyers learn on the job",
     "Dana said most buyers learn on the job"),
    ("told me to look at the RAC course", "said", "you told me to look at the RAC course",
     "Dana told me to look at the RAC course"),
    ("Her team uses SAP.", "claim", "your team uses SAP", "Dana's team uses SAP"),
    ("she thinks bootcamps are hit or miss", "said", "you said bootcamps are hit or miss",
     "Dana said bootcamps are hit or miss"),
    ("Dana: most brewers start on the canning line", "said", "you said most brewers start on the canning line",
     "Dana said most brewers start on the canning line"),
    ("we talked about pro formas", "ours", "we talked about pro formas", "we talked about pro formas"),
]  # fmt: skip


@pytest.mark.parametrize(("note", "kind", "to_reader", "about"), NOTES)
def test_meeting_notes_are_said_to_the_reader_and_about_them(note, kind, to_reader, about):
    (point,) = read(meeting={"discussed": note}).points
    assert (point.kind, point.to_reader, point.about) == (kind, to_reader, about)


# --- what was done, by what really happened -------------------------------------------------------

ACTIONS = [
    ("had coffee with Raj", [("met", "had coffee with Raj")]),
    ("emailed priya, no reply yet", [("contacted", "emailed Priya")]),
    ("booked a call with Raj for next week and messaged Ines", [("contacted", "booked a call with Raj for next week"),
                                                               ("contacted", "messaged Ines")]),
    ("read the book she recommended", [("alone", "read the book she recommended")]),
    ("haven't contacted Tadhg yet", [("alone", "haven't contacted Tadhg yet")]),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "expected"), ACTIONS)
def test_actions_are_told_apart_by_what_happened(typed, expected):
    reading = read(meeting={"actions_taken": typed, "referrals": ["Raj Patel", "Ines Duarte", "Priya Nair"]})
    assert [(a.kind, a.did) for a in reading.actions] == expected


def test_only_emailed_is_waiting_and_the_reader_is_you():
    reading = read(meeting={"actions_taken": "emailed priya, no reply yet; read the book she recommended"})
    assert reading.actions[0].waiting
    assert reading.actions[1].did_to_reader == "read the book you recommended"
    assert reading.actions[1].did_about == "read the book Dana recommended"


# --- how they are connected -----------------------------------------------------------------------

CONNECTIONS = [
    ({"referrer": "Trish Beaumont", "how_we_know": "my old team lead, they worked together at Allied Western"},
     "relation", "my old team lead", "I understand you and Trish worked together at Allied Western."),
    ({"referrer": "jolene park", "how_we_know": "jolene was my charge nurse, she and dana did the go-live together"},
     "relation", "who was my charge nurse", "I understand you and Jolene did the go-live together."),
    ({"referrer": "", "how_we_know": "read his posts on linkedin about tax equity"},
     "known", "I read your posts on LinkedIn about tax equity.", ""),
    ({"referrer": "", "how_we_know": "met her at a bsides meetup"}, "known", "We met at a bsides meetup.", ""),
    ({"referrer": "Prof. Anand Iyer", "how_we_know": "my PhD advisor; she was his postdoc"},
     "relation", "my PhD advisor", ""),  # who was whose postdoc cannot be told: left out
]  # fmt: skip


@pytest.mark.parametrize(("contact", "field", "value", "shared"), CONNECTIONS)
def test_how_they_are_connected_is_said_to_the_contact(contact, field, value, shared):
    connection = read(contact={"name": "Dana Okonjo", **contact}).connection
    assert getattr(connection, field) == value
    assert connection.shared == shared


# --- goal and field -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("goal", "kind", "text"),
    [("Figure out if i need a cert", "question", "whether I need a cert"),
     ("do i need a cert or is nurse experience enough", "ask", "Do I need a cert or is nurse experience enough?"),
     ("im 47 — is age going to be a problem", "ask", "I'm 47 — is age going to be a problem?"),
     ("have a job offer by june", "verb", "have a job offer by June"),
     ("idk if i should do a bootcamp", "question", "whether I should do a bootcamp"),
     ("summer internship 2027", "thing", "a summer internship 2027"),
     ("I want to land a UX role", "verb", "land a UX role")],
)  # fmt: skip
def test_the_goal_becomes_a_phrase_that_fits_a_sentence(goal, kind, text):
    found = read(profile={"goal": goal}).goal
    assert (found.kind, found.text) == (kind, text)


def test_the_field_reads_as_a_phrase_and_knows_when_they_already_work_in_it():
    reading = read(profile={"target_industry": "dental / oral health (NZ)", "background": "Dental hygienist 8 yrs."})
    assert reading.industry == "dental and oral health"
    assert reading.in_field
    assert not read(profile={"target_industry": "fintech"}).in_field


@pytest.mark.parametrize(
    ("typed", "written"),
    [("how bad is the caseload realy", "how bad is the caseload really"),
     ("will loan forgivness come thru", "will loan forgiveness come thru"),
     ("do i need the nclex or a cysa cert", "do i need the nclex or a cysa cert"),  # jargon stays
     ("ask marco about it", "ask marco about it")],  # a name they typed stays (see below)
)  # fmt: skip
def test_a_common_word_typed_one_letter_off_is_spelled_right(typed, written):
    from coaching.english import respelled

    assert respelled(typed, keep=frozenset({"marco"})) == written
