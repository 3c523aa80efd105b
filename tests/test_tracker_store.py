"""Contacts, the referral chain, meetings, drafts, and the files that go in and out (SQLite)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest

from coaching.errors import InputError
from coaching.models import Task
from coaching.tracker import db, drafts, store
from coaching.tracker.calendar import calendar_text, export_ics
from coaching.tracker.csvfile import COLUMNS, export_contacts_csv, export_drafts_csv, import_contacts_csv
from coaching.tracker.kinds import Kind
from coaching.tracker.plan import due_items, pending_items

D = dt.date.fromisoformat


@pytest.fixture(autouse=True)
def _close_engines() -> Iterator[None]:
    yield
    db.reset_engines()


def _tree() -> dict[str, str | None]:
    return {c.name: c.referred_by for c in store.list_contacts()}


# --- contacts -------------------------------------------------------------------------------------


def test_adding_a_contact_again_updates_only_the_fields_given():
    store.add_contact("Ana Silva", role="Engineer", organization="Globex", email="ana@example.org")
    again = store.add_contact("Ana Silva", role="Lead Engineer")
    assert (again.role, again.organization, again.email) == ("Lead Engineer", "Globex", "ana@example.org")
    assert [c.name for c in store.list_contacts()] == ["Ana Silva"]


def test_an_unknown_referrer_is_added_too():
    record = store.add_contact("Ana", referred_by="Bea")
    assert record.referred_by == "Bea"
    assert _tree() == {"Ana": "Bea", "Bea": None}


@pytest.mark.parametrize(
    ("name", "fields", "message"),
    [
        ("", {}, "name: required"),
        ("   ", {}, "name: required"),
        ("Ana", {"referred_by": "Ana"}, "cannot be their own referrer"),
        ("Ana", {"role": "x" * 121}, "role: at most 120 characters"),
        ("Ana", {"notes": "x" * 4001}, "notes: at most 4,000 characters"),
    ],
)
def test_contact_fields_are_checked(name, fields, message):
    with pytest.raises(InputError, match=message):
        store.add_contact(name, **fields)


def test_the_referral_tree_never_loops():
    store.add_contact("Bea", referred_by="Ana")
    store.add_contact("Cy", referred_by="Bea")
    with pytest.raises(InputError, match="'Cy' was introduced through 'Ana'"):
        store.add_contact("Ana", referred_by="Cy")


@pytest.mark.parametrize(("typed", "found"), [("Ana Silva", True), ("  Ana Silva ", True), ("ana silva", False),
                                              ("Ana  Silva", True), ("Ana", False)])
def test_names_match_exactly_as_added(typed, found):
    # Spaces are tidied the same way on the way in and on lookup; nothing else is forgiven.
    store.add_contact("Ana Silva")
    if found:
        assert store.get_contact(typed).name == "Ana Silva"
    else:
        with pytest.raises(InputError, match="no contact named"):
            store.get_contact(typed)


def test_names_keep_their_accents_and_script():
    for name in ("José Núñez", "王芳", "Zoë O'Brien"):
        store.add_contact(name)
    assert {c.name for c in store.list_contacts()} == {"José Núñez", "王芳", "Zoë O'Brien"}


# --- meetings and the names they give -------------------------------------------------------------


def test_names_offered_at_a_meeting_become_contacts_referred_by_the_person_met():
    store.add_contact("Ana")
    store.add_contact("Known", referred_by="Someone Else")
    store.add_contact("Loose")
    meeting = store.add_meeting("Ana", D("2028-03-01"), referrals=["Dan", "Known", "Loose", "Dan"])
    assert meeting.referrals == ["Dan", "Known", "Loose"]
    tree = _tree()
    assert (tree["Dan"], tree["Loose"]) == ("Ana", "Ana")
    assert tree["Known"] == "Someone Else"  # an existing referrer is kept


def test_the_same_meeting_added_twice_is_one_meeting():
    store.add_contact("Ana")
    store.add_meeting("Ana", D("2028-03-01"), discussed="data teams", minutes=20)
    store.add_meeting("Ana", D("2028-03-01"), referrals=["Dan"])
    (meeting,) = store.list_meetings("Ana")
    assert (meeting.discussed, meeting.minutes, meeting.referrals) == ("data teams", 20, ["Dan"])
    assert len([i for i in pending_items() if i.kind == Kind.thank_you]) == 1


@pytest.mark.parametrize(
    ("contact", "fields", "message"),
    [
        ("Ana", {"minutes": 0}, "minutes: must be at least 1"),
        ("Ana", {"minutes": 601}, "minutes: must be at most 600"),
        (" ", {}, "contact: required"),
        ("Ana", {"referrals": ["Ana"]}, "is the person met"),
        ("Ana", {"discussed": "x" * 4001}, "discussed: at most 4,000 characters"),
    ],
)
def test_meeting_fields_are_checked(contact, fields, message):
    store.add_contact("Ana")
    with pytest.raises(InputError, match=message):
        store.add_meeting(contact, D("2028-03-01"), **fields)
    assert store.list_meetings() == []


def test_a_meeting_with_someone_new_adds_them_to_the_contacts():
    store.add_meeting("Grace Hopper", D("2028-03-01"))
    assert [c.name for c in store.list_contacts()] == ["Grace Hopper"]
    assert [i.kind for i in due_items(D("2028-03-02"))] == [Kind.thank_you]


# --- drafts, and deleting a contact ----------------------------------------------------------------


def test_a_sent_draft_completes_its_step():
    store.add_contact("Ana", referred_by="Bea")
    meeting = store.add_meeting("Ana", D("2028-03-01"), discussed="pipelines")
    thanks = drafts.save_draft(Task.thank_you, "Dear Ana, thank you.", contact="Ana", meeting_id=meeting.id)
    report = drafts.save_draft("referrer_note", "Dear Bea, I met Ana.", contact="Bea", on=D("2028-03-02"))
    assert drafts.mark_draft_sent(thanks.id, D("2028-03-02")).kind == Kind.thank_you
    assert drafts.mark_draft_sent(report.id, D("2028-03-02")).kind == Kind.report_to_referrer
    assert [i.kind for i in pending_items()] == [Kind.follow_up, Kind.check_in]
    assert [d.sent_on for d in drafts.list_drafts()] == [D("2028-03-02"), D("2028-03-02")]


def test_a_sent_meeting_request_starts_the_nudges():
    store.add_contact("Ana")
    request = drafts.save_draft(Task.outreach, "Dear Ana, could we meet?", contact="Ana")
    drafts.mark_draft_sent(request.id, D("2028-03-01"))
    assert [(i.kind, i.due) for i in pending_items()] == [(Kind.nudge, D("2028-03-08"))]


def test_deleting_a_contact_keeps_their_drafts_exportable():
    store.add_contact("Ana", referred_by="Bea")
    store.add_contact("Dan", referred_by="Ana")
    meeting = store.add_meeting("Ana", D("2028-03-01"))
    drafts.save_draft(Task.thank_you, "Thank you, Ana, for the time.", contact="Ana", meeting_id=meeting.id)
    assert store.delete_contact("Ana") == 1
    assert store.list_meetings() == []
    assert pending_items() == []
    assert _tree() == {"Bea": None, "Dan": None}
    (kept,) = drafts.list_drafts()
    assert (kept.contact, kept.meeting_date, kept.text) == ("Ana", D("2028-03-01"), "Thank you, Ana, for the time.")
    rows = list(csv.DictReader(io.StringIO(export_drafts_csv())))
    assert [(r["contact"], r["task"], r["text"]) for r in rows] == [("Ana", "thank_you", kept.text)]


def test_a_draft_starts_from_the_saved_contact_and_meeting():
    store.add_contact("Ana", role="Engineer", organization="Globex", referred_by="Bea", notes="met at PyCon")
    store.add_meeting("Ana", D("2028-03-01"), discussed="pipelines", actions="read the book", referrals=["Dan"])
    contact, meeting = drafts.draft_context("Ana")
    assert (contact.name, contact.role, contact.organization, contact.referrer, contact.how_we_know) == (
        "Ana", "Engineer", "Globex", "Bea", "met at PyCon")
    assert (meeting.date, meeting.discussed, meeting.referrals, meeting.actions_taken) == (
        D("2028-03-01"), "pipelines", ["Dan"], "read the book")


# --- CSV in and out -------------------------------------------------------------------------------

GOOD_AND_BAD = (
    "name,role,organization,referred_by,email,archived\n"  # line 1
    "Ana,Engineer,Globex,Bea,ana@example.org,no\n"          # line 2
    ",Nameless,Acme,,,\n"                                   # line 3: no name
    "\n"                                                    # line 4: blank, skipped
    'Cy,"Head of\nData",Initech,,,\n'                       # lines 5-6: a quoted cell over two lines
    "Dee,Analyst,Hooli,Dee,,\n"                             # line 7: her own referrer
    "Eve,Designer,Acme,,,maybe\n"                           # line 8: archived is not yes/no
    f"Fay,{'x' * 121},Acme,,,\n"                            # line 9: role too long
    "Gus,Manager,Acme,,,,extra\n"                           # line 10: more cells than columns
    "Bea,Director,Acme,,,yes\n"                             # line 11: updates the referrer added on line 2
)


def test_csv_import_saves_the_good_rows_and_names_the_bad_ones_by_line():
    report = import_contacts_csv(GOOD_AND_BAD)
    assert [(e.line, e.message.split(":")[0]) for e in report.errors] == [
        (3, "name"), (7, "referred_by"), (8, "archived"), (9, "role"), (10, "7 cells for 6 columns")]
    assert (report.added, report.updated) == (2, 1)
    contacts = {c.name: c for c in store.list_contacts()}
    assert sorted(contacts) == ["Ana", "Bea", "Cy"]
    assert contacts["Cy"].role == "Head of Data"
    assert (contacts["Bea"].role, contacts["Bea"].archived) == ("Director", True)
    assert contacts["Ana"].referred_by == "Bea"


@pytest.mark.parametrize("text", ["", "role,organization\nEngineer,Acme\n"])
def test_csv_import_needs_a_name_column(text):
    with pytest.raises(InputError, match="header row with at least a 'name' column"):
        import_contacts_csv(text)


def test_csv_export_reads_back_the_same_contacts(tmp_path, monkeypatch):
    store.add_contact("Ana", role="Engineer", organization="Globex, Inc.", referred_by="Bea",
                      notes='said "call me"\nnext spring')
    store.add_contact("=HYPERLINK(\"x\")", notes="-5 is a formula to a spreadsheet")
    store.archive_contact("Bea")
    exported = export_contacts_csv()
    assert exported.splitlines()[0] == ",".join(COLUMNS)
    assert "'=HYPERLINK" in exported  # a spreadsheet shows it as text instead of running it
    before = [c.model_dump(exclude={"meetings", "last_met", "request"}) for c in store.list_contacts()]

    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "elsewhere"))
    from coaching.settings import get_settings

    get_settings.cache_clear()
    report = import_contacts_csv(exported)
    assert report.errors == []
    after = [c.model_dump(exclude={"meetings", "last_met", "request"}) for c in store.list_contacts()]
    assert after == before


# --- the calendar ---------------------------------------------------------------------------------


def test_ics_has_one_event_per_step_not_yet_done():
    store.add_contact("Ana", referred_by="Bea, Jr.; the elder")
    store.add_contact("Cy")
    store.add_meeting("Ana", D("2028-02-28"))
    store.add_meeting("Cy", D("2028-03-01"))
    store.mark_done("Cy", "thank_you", D("2028-03-02"))
    text = export_ics()
    steps = pending_items()
    # Ana: thank-you, report to Bea, follow-up, first check-in; Cy: follow-up, first check-in.
    assert [step.kind.value for step in steps].count("check_in") == 2 and len(steps) == 6
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == len(steps)
    assert "DTSTART;VALUE=DATE:20280229\r\nDTEND;VALUE=DATE:20280301" in text
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Tell Bea\\, Jr.\\; the elder how the meeting with Ana went" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")
    uids = re.findall(r"^UID:(.+)$", unfolded, flags=re.M)
    assert len(set(uids)) == len(steps)


def test_ics_folds_long_lines_between_characters_not_inside_them():
    store.add_contact("Ægir " + "Ωmega" * 20)
    store.add_meeting("Ægir " + "Ωmega" * 20, D("2028-03-01"))
    text = calendar_text(pending_items(), now=dt.datetime(2028, 3, 1, 12, tzinfo=dt.UTC))
    assert "DTSTAMP:20280301T120000Z" in text
    text.encode("utf-8").decode("utf-8")  # every folded piece is whole UTF-8
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert ("Ægir " + "Ωmega" * 20) in text.replace("\r\n ", "")


# --- all of it at once (Settings: export everything, delete everything) --------------------------


def test_all_the_data_exports_as_one_object_and_deletes_after_asking():
    from coaching.tracker.backup import delete_data, export_data

    store.add_contact("Ana", referred_by="Bea")
    store.add_meeting("Ana", D("2028-03-01"), referrals=["Dan"])
    store.mark_done("Ana", "thank_you", D("2028-03-02"))
    drafts.save_draft(Task.thank_you, "Thank you, Ana.", contact="Ana")
    data = export_data()
    assert {table: len(rows) for table, rows in data.items()} == {
        "contacts": 3, "meetings": 1, "drafts": 1, "steps_done": 1, "meeting_referrals": 1}
    assert data["meetings"][0]["date"] == D("2028-03-01")
    delete_data()
    assert {table: len(rows) for table, rows in export_data().items()} == dict.fromkeys(data, 0)
    store.add_contact("Ana")  # the empty database still works
