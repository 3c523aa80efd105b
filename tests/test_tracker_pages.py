"""The networking pages (Today, Contacts, Meeting companion) and Settings → "Your data", through AppTest,
and the export/delete library behind "Your data". Each test has its own COACH_DATA_DIR (tests/conftest.py);
none of them drafts, so none needs the guidance index."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit_server import Downloads, download, record_downloads

from coaching import clock
from coaching.companion import CompanionState, companion_path, ordered_questions, save_companion
from coaching.models import Profile
from coaching.profile_store import profile_path, save_profile
from coaching.tracker import store
from coaching.tracker.drafts import list_drafts, save_draft
from coaching.tracker.kinds import Kind
from coaching.tracker.plan import due_items, pending_items
from coaching.tracker.records import ContactRecord
from coaching.ui.tracker_views import referral_dot

PROJECT = Path(__file__).resolve().parent.parent
TODAY = clock.today()  # pinned for the whole run by tests/conftest.py
PROFILE = Profile(
    name="Ada Lovelace",
    background="Ten years as an intensive-care nurse, known for calm under pressure.",
    target_industry="health technology",
)
PAGES = [("today", "Today"), ("contacts", "Contacts"), ("companion", "Meeting companion")]


# --- helpers ----------------------------------------------------------------------------------------------


def open_page(page: str, at: AppTest | None = None) -> AppTest:
    """A session (new unless given) on `page`, after the default page has run once."""
    if at is None:
        at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
        at.run()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> list[str]:
    """What the page says: markdown, captions, alerts (bold marks and escapes dropped, as a reader sees it)."""
    values = [e.value for e in [*at.markdown, *at.caption, *at.success, *at.warning, *at.info, *at.error]]
    return [value.replace("**", "").replace("\\", "") for value in values]


def shown(at: AppTest) -> dict[str, Any]:
    """The value of every text input, text area and date input, by widget key."""
    return {w.key: w.value for w in [*at.text_input, *at.text_area, *at.date_input]}


def meet_grace(days_ago: int = 1) -> None:
    """Grace, introduced by Alan, met `days_ago` days ago: her thank-you is due today (for 1)."""
    store.add_contact("Grace Hopper", role="Head of Product", organization="Acme Health", referred_by="Alan Turing")
    store.add_meeting(
        "Grace Hopper",
        TODAY - dt.timedelta(days=days_ago),
        discussed="How nurses move into product roles",
        referrals=["Linus Pauling"],
    )


def item_of(kind: Kind, contact: str):
    (item,) = [i for i in due_items(TODAY + dt.timedelta(days=14)) if i.kind is kind and i.contact == contact]
    return item


@pytest.fixture(autouse=True)
def _no_index_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """These pages never search the guidance; without this, the app's background warm-up (once per process)
    would build a whole index in the first test's private data folder."""
    from coaching import index, retrieval
    from coaching.errors import KnowledgeError

    def no_index(rebuild: bool = False) -> None:
        raise KnowledgeError("The guidance index is not opened in these tests.")  # the warm-up ignores it

    # retrieval imports get_index by name: imported first under this patch, it kept the stub for the
    # rest of the run and broke every later test that drafts. Imported here first, both are undone.
    monkeypatch.setattr(index, "get_index", no_index)
    monkeypatch.setattr(retrieval, "get_index", no_index)


@pytest.fixture
def profile() -> Profile:
    save_profile(PROFILE)
    return PROFILE


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    return record_downloads(monkeypatch)


# --- every page renders -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_page_renders_empty_and_with_data(page: str, title: str) -> None:
    at = open_page(page)
    assert [t.value for t in at.title] == [title]
    assert not at.error
    meet_grace()
    at = open_page(page)
    assert [t.value for t in at.title] == [title]
    assert not at.error


# --- Today --------------------------------------------------------------------------------------------------


def test_today_lists_the_due_thank_you_and_write_it_opens_the_prefilled_thank_you(profile: Profile) -> None:
    meet_grace(days_ago=3)  # thank-you 2 days overdue; the report to Alan is due today
    at = open_page("today")
    said = texts(at)
    assert "Thank Grace Hopper for the meeting" in said
    assert "Tell Alan Turing how the meeting with Grace Hopper went" in said
    headings = [h.value for h in at.header]  # sections are h2 under the page title
    assert headings.index("Overdue (1)") < headings.index("Due today (1)")
    assert any("2 days overdue" in line for line in said)

    click(at, f"today_write_{item_of(Kind.thank_you, 'Grace Hopper').key}")
    assert [t.value for t in at.title] == ["Thank-you & follow-up"]
    values = shown(at)
    assert values["_w_contact_name"] == "Grace Hopper"
    assert values["_w_contact_role"] == "Head of Product"
    assert values["_w_contact_organization"] == "Acme Health"
    assert values["_w_contact_referrer"] == "Alan Turing"
    assert values["_w_meeting_discussed"] == "How nurses move into product roles"
    assert values["_w_meeting_referrals"] == "Linus Pauling"
    assert values["_w_meeting_date"] == TODAY - dt.timedelta(days=3)


def test_the_report_to_a_referrer_is_written_to_the_referrer_about_the_meeting(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coaching import retrieval

    monkeypatch.setattr(retrieval, "search", lambda query, k: [])  # the flow, not the guidance, is tested here
    meet_grace()
    at = open_page("today")
    click(at, f"today_write_{item_of(Kind.report_to_referrer, 'Alan Turing').key}")
    values = shown(at)
    # The page holds the meeting with Grace; the note goes to Alan, who introduced her.
    assert (values["_w_contact_name"], values["_w_contact_referrer"]) == ("Grace Hopper", "Alan Turing")
    open_page("notes", at)  # AppTest stays on the page it ran; the person would now be on the notes page
    click(at, "referrer_generate")
    note = at.text_area(key="_w_referrer_text").value
    assert "\nHi Alan,\n" in note and "Grace" in note
    assert "how nurses move into product roles" in note.lower()
    assert "Thank you for talking with me" not in note  # not a thank-you for a meeting Alan was not at


def test_write_it_fills_what_is_empty_and_keeps_what_was_typed_for_the_same_person(profile: Profile) -> None:
    meet_grace()
    at = open_page("request")
    at.text_input(key="_w_contact_name").input("Grace Hopper")
    at.text_input(key="_w_contact_how_we_know").input("Alan worked with her at Acme Health").run()
    open_page("today", at)
    click(at, f"today_write_{item_of(Kind.report_to_referrer, 'Alan Turing').key}")
    open_page("notes", at)
    assert at.session_state["contact_how_we_know"] == "Alan worked with her at Acme Health"  # typed, kept
    values = shown(at)
    assert values["_w_contact_role"] == "Head of Product"  # empty, filled from what is saved
    assert values["_w_meeting_discussed"] == "How nurses move into product roles"


def test_the_tab_a_step_opens_stays_open_after_the_next_click(profile: Profile) -> None:
    meet_grace(days_ago=31)  # the one-month note is due
    at = open_page("today")
    click(at, f"today_write_{item_of(Kind.follow_up, 'Grace Hopper').key}")
    open_page("notes", at)
    assert at.session_state["notes_tabs"] == "About a month later"
    at.button(key="followup_generate").click().run()  # a rerun (here it fails: no index in these tests)
    assert at.session_state["notes_tabs"] == "About a month later"


def test_mark_done_takes_the_step_off_the_list() -> None:
    meet_grace()
    at = open_page("today")
    click(at, f"today_done_{item_of(Kind.thank_you, 'Grace Hopper').key}")
    assert "Done: Thank Grace Hopper for the meeting." in texts(at)
    assert "Thank Grace Hopper for the meeting" not in texts(at)
    assert [i.kind for i in due_items(TODAY)] == []


def test_missed_check_ins_show_once_and_one_done_covers_them_all() -> None:
    store.add_contact("Ada")
    store.add_meeting("Ada", TODAY - dt.timedelta(days=125))  # check-ins were due 65, 35 and 5 days ago
    for kind in (Kind.thank_you, Kind.follow_up):
        store.mark_done("Ada", kind)
    missed = [i for i in due_items(TODAY) if i.kind is Kind.check_in]
    assert len(missed) == 3
    at = open_page("today")
    done_buttons = [b.key for b in at.button if b.key and b.key.startswith("today_done_")]
    assert done_buttons == [f"today_done_{missed[-1].key}"]  # the latest one stands for the three
    click(at, done_buttons[0])
    assert due_items(TODAY) == []
    assert [i.due for i in pending_items() if i.kind is Kind.check_in] == [missed[-1].due + dt.timedelta(days=30)]


def test_a_request_without_reply_gets_a_reminder_that_opens_the_request_page(profile: Profile) -> None:
    store.add_contact("Grace Hopper", organization="Acme Health")
    at = open_page("today")
    at.selectbox(key="today_request_to").set_value("Grace Hopper")
    click(at, "today_request_sent")
    assert store.get_contact("Grace Hopper").request == "waiting"
    assert "Waiting for a reply from Grace Hopper" in texts(at)

    store.request_sent("Grace Hopper", on=TODAY - dt.timedelta(days=7))
    at = open_page("today")
    nudge = item_of(Kind.nudge, "Grace Hopper")
    assert "Nudge Grace Hopper about the meeting request" in texts(at)
    click(at, f"today_write_{nudge.key}")
    assert [t.value for t in at.title] == ["Request a meeting"]
    assert shown(at)["_w_contact_name"] == "Grace Hopper"
    assert at.button(key="nudge_generate").label == "Write a reminder"

    at = open_page("today")
    click(at, f"today_replied_{nudge.key}")
    assert store.get_contact("Grace Hopper").request == "replied"
    assert "Nudge Grace Hopper about the meeting request" not in texts(at)


# --- Contacts -----------------------------------------------------------------------------------------------


def test_adding_a_contact_through_the_form_draws_the_referral(profile: Profile) -> None:
    at = open_page("contacts")
    at.text_input(key="contacts_name_new").input("Grace Hopper")
    at.text_input(key="contacts_organization_new").input("Acme Health")
    at.text_input(key="contacts_referred_by_new").input("Alan Turing")
    click(at, "contacts_save_new")
    assert "Saved Grace Hopper." in texts(at)
    assert {c.name: c.referred_by for c in store.list_contacts()} == {
        "Alan Turing": None,
        "Grace Hopper": "Alan Turing",
    }
    assert at.selectbox(key="contacts_selected").value == "Grace Hopper"
    assert at.text_input(key="contacts_organization_edit:Grace Hopper").value == "Acme Health"

    (chart,) = at.get("graphviz_chart")
    spec = chart.proto.spec
    assert '"Alan Turing"' in spec and '"Grace Hopper' in spec
    ids = {line.split()[0]: line for line in spec.splitlines() if "label=" in line}
    (edge,) = [line.strip() for line in spec.splitlines() if "->" in line]
    source, target = edge.rstrip(";").split(" -> ")
    assert "Alan Turing" in ids[source] and "Grace Hopper" in ids[target]


def test_adding_a_contact_that_exists_keeps_what_was_typed() -> None:
    store.add_contact("Grace Hopper")
    at = open_page("contacts")
    at.text_input(key="contacts_name_new").input("Grace Hopper")
    at.text_input(key="contacts_role_new").input("CTO")
    click(at, "contacts_save_new")
    assert any("already a contact" in e.value for e in at.error)
    assert at.text_input(key="contacts_role_new").value == "CTO"
    assert store.get_contact("Grace Hopper").role == ""


def test_referral_graph_escapes_names_for_dot() -> None:
    people = [
        ContactRecord(name='Bob "The Builder"'),
        ContactRecord(name="Back\\Slash & Co", referred_by='Bob "The Builder"', organization="A\nB", archived=True),
    ]
    dot = referral_dot(people)
    assert 'n0 [label="Bob \\"The Builder\\""];' in dot
    assert 'label="Back\\\\Slash &amp; Co\\nA B"' in dot
    assert "n0 -> n1;" in dot
    assert "dashed" in dot


def test_csv_import_reports_the_bad_row_by_line_and_imports_the_good_one() -> None:
    at = open_page("contacts")
    csv = "name,role,organization\nAda Lovelace,Engineer,Analytical Engines\n,No name here,Nowhere\n"
    at.file_uploader(key="contacts_csv").set_value(("contacts.csv", csv.encode(), "text/csv"))
    click(at, "contacts_import")
    said = texts(at)
    assert "Imported 1 new contact and updated 0." in said
    assert [line for line in said if line.startswith("Line 3:")]
    assert [c.name for c in store.list_contacts()] == ["Ada Lovelace"]
    assert {row["Name"] for row in at.dataframe[0].value.to_dict("records")} == {"Ada Lovelace"}


def test_exports_serve_contacts_drafts_and_the_calendar(downloads: Downloads) -> None:
    meet_grace()
    at = open_page("contacts")
    contacts, _, name = download(at, downloads, "contacts_export_csv")
    assert name == "contacts.csv" and "Grace Hopper" in contacts and "Alan Turing" in contacts
    calendar, _, name = download(at, downloads, "contacts_export_ics")
    assert name == "follow-ups.ics" and calendar.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Thank Grace Hopper for the meeting" in calendar


def test_delete_asks_first_and_keeps_the_drafts() -> None:
    meet_grace()
    save_draft("thank_you", "Thank you, Grace.", contact="Grace Hopper")
    at = open_page("contacts")
    at.selectbox(key="contacts_selected").set_value("Grace Hopper").run()
    click(at, "contacts_delete")
    assert "Delete Grace Hopper and their meetings? Their drafts stay exportable." in texts(at)
    assert "Grace Hopper" in [c.name for c in store.list_contacts()]

    click(at, "contacts_delete_yes")
    assert "Grace Hopper" not in [c.name for c in store.list_contacts()]
    assert any(line.startswith("Deleted Grace Hopper and 1 meeting.") for line in texts(at))
    assert [d.text for d in list_drafts("Grace Hopper")] == ["Thank you, Grace."]
    assert at.selectbox(key="contacts_selected").value == "➕ A new contact"


def test_cancel_keeps_the_contact() -> None:
    store.add_contact("Grace Hopper")
    at = open_page("contacts")
    at.selectbox(key="contacts_selected").set_value("Grace Hopper").run()
    click(at, "contacts_delete")
    click(at, "contacts_delete_no")
    assert "Grace Hopper" in [c.name for c in store.list_contacts()]
    assert not [line for line in texts(at) if line.startswith("Delete Grace Hopper")]


def test_a_meeting_starts_a_prefilled_thank_you(profile: Profile) -> None:
    meet_grace(days_ago=5)
    (meeting,) = store.list_meetings("Grace Hopper")
    at = open_page("contacts")
    at.selectbox(key="contacts_selected").set_value("Grace Hopper").run()
    assert "How nurses move into product roles" in texts(at)
    click(at, f"contacts_draft_{meeting.id}")
    assert [t.value for t in at.title] == ["Thank-you & follow-up"]
    values = shown(at)
    assert values["_w_contact_name"] == "Grace Hopper"
    assert values["_w_meeting_discussed"] == "How nurses move into product roles"
    assert values["_w_meeting_date"] == TODAY - dt.timedelta(days=5)


# --- Meeting companion ------------------------------------------------------------------------------------------


def test_ending_the_meeting_saves_it_and_opens_the_prefilled_thank_you(profile: Profile) -> None:
    store.add_contact("Grace Hopper", organization="Acme Health", referred_by="Alan Turing")
    at = open_page("companion")
    at.selectbox(key="_w_companion_contact").set_value("Grace Hopper")
    at.text_area(key="_w_companion_notes").input("How nurses move into product roles")
    for name in ("Linus Pauling", "Katherine Johnson"):
        at.text_input(key="_w_companion_name_entry").input(name)
        click(at, "companion_add_name")
    assert at.text_input(key="_w_companion_name_entry").value == ""
    assert "- Linus Pauling" in texts(at) and "- Katherine Johnson" in texts(at)

    click(at, "companion_end")
    (meeting,) = store.list_meetings("Grace Hopper")
    assert meeting.date == TODAY
    assert meeting.discussed == "How nurses move into product roles"
    assert sorted(meeting.referrals) == ["Katherine Johnson", "Linus Pauling"]
    assert store.get_contact("Linus Pauling").referred_by == "Grace Hopper"

    assert [t.value for t in at.title] == ["Thank-you & follow-up"]
    values = shown(at)
    assert values["_w_contact_name"] == "Grace Hopper"
    assert values["_w_contact_organization"] == "Acme Health"
    assert values["_w_contact_referrer"] == "Alan Turing"
    assert values["_w_meeting_discussed"] == "How nurses move into product roles"
    assert values["_w_meeting_referrals"] == "Linus Pauling, Katherine Johnson"
    assert values["_w_meeting_date"] == TODAY
    assert not companion_path().exists()  # the next meeting starts afresh


def test_a_new_name_is_saved_as_a_contact_when_the_meeting_ends(profile: Profile) -> None:
    at = open_page("companion")
    at.text_input(key="_w_companion_new_name").input("Grace Hopper")
    at.text_area(key="_w_companion_notes").input("Product roles")
    at.text_input(key="_w_companion_name_entry").input("Linus Pauling")  # typed, not yet added
    click(at, "companion_end")
    assert [m.referrals for m in store.list_meetings("Grace Hopper")] == [["Linus Pauling"]]
    assert shown(at)["_w_meeting_referrals"] == "Linus Pauling"


def test_nothing_typed_is_lost_on_a_reload() -> None:
    at = open_page("companion")
    at.text_input(key="_w_companion_new_name").input("Grace Hopper")
    at.text_area(key="_w_companion_notes").input("She moved over from nursing in 2015")
    at.text_input(key="_w_companion_name_entry").input("Linus Pauling")
    click(at, "companion_add_name")
    at.checkbox(key="_w_companion_step_0").check()
    click(at, "companion_start")
    saved = json.loads(companion_path().read_text(encoding="utf-8"))
    assert saved["notes"] == "She moved over from nursing in 2015"
    assert saved["names"] == ["Linus Pauling"] and saved["started_at"]

    again = open_page("companion")  # a new session, as after a browser reload
    values = shown(again)
    assert values["_w_companion_new_name"] == "Grace Hopper"
    assert values["_w_companion_notes"] == "She moved over from nursing in 2015"
    assert "- Linus Pauling" in texts(again)
    assert again.checkbox(key="_w_companion_step_0").value is True
    assert again.button(key="companion_start").label == "Restart"


def test_the_countdown_runs_from_the_start_and_says_when_time_is_up() -> None:
    at = open_page("companion")
    (metric,) = at.metric
    assert metric.value == "20:00"
    click(at, "companion_start")
    assert at.metric[0].value in ("20:00", "19:59")
    click(at, "companion_stop")
    assert at.session_state["companion_started_at"] is None

    save_companion(CompanionState(minutes=20, started_at=time.time() - 21 * 60, notes="x"))
    late = open_page("companion")
    assert late.metric[0].value == "0:00"
    assert [w for w in texts(late) if w.startswith("Time is up — start closing")]


def test_the_agenda_lists_core_questions_first() -> None:
    draft = "Questions\nQuestions marked (core) come first.\n\nAbout\n1. Where next?\n2. How did you start? (core)\n"
    assert ordered_questions(draft) == ["How did you start? (core)", "Where next?"]
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    at.session_state["questions_text"] = draft
    at.run()
    at = open_page("companion", at)
    labels = [c.label.replace("\\", "") for c in at.checkbox]
    assert labels.index("How did you start? (core)") < labels.index("Where next?")
    assert labels[0].startswith("Thank them") and labels[-1].startswith("Close on time")


def test_the_companion_puts_the_one_thing_to_take_away_first():
    draft = 'Questions\n\nThe one thing to take away:\n"Do I need a degree?"\n\n1. Where next?\n2. Who else? (core)'
    assert ordered_questions(draft) == [
        "Do I need a degree? (the one thing to take away)",
        "Who else? (core)",
        "Where next?",
    ]


# --- Your data --------------------------------------------------------------------------------------------------


def _fill_every_kind_of_data() -> None:
    from coaching.rehearsal import rehearse_text, save_take

    save_profile(PROFILE)
    meet_grace()
    save_draft("thank_you", "Thank you, Grace.", contact="Grace Hopper")
    save_take(rehearse_text("I was a nurse for ten years and now I build software.", 20), "transcript")
    save_companion(CompanionState(contact="Grace Hopper", notes="half-way through"))


def test_export_everything_then_delete_everything_keeps_the_index(_private_data_dir: Path) -> None:
    from coaching.your_data import delete_everything, export_everything, export_json

    _fill_every_kind_of_data()
    index_marker = _private_data_dir / "index" / "kept.txt"
    index_marker.parent.mkdir(parents=True)
    index_marker.write_text("the guidance index")

    data = json.loads(export_json())
    assert data == export_everything(dt.datetime.fromisoformat(data["exported_at"]))
    assert data["profile"]["name"] == "Ada Lovelace"
    assert {c["name"] for c in data["tracker"]["contacts"]} == {"Alan Turing", "Grace Hopper", "Linus Pauling"}
    assert [m["discussed"] for m in data["tracker"]["meetings"]] == ["How nurses move into product roles"]
    assert [d["text"] for d in data["tracker"]["drafts"]] == ["Thank you, Grace."]
    assert len(data["takes"]) == 1 and data["takes"][0]["metrics"]["words"] > 0
    assert data["companion"]["notes"] == "half-way through"

    removed = delete_everything()
    assert removed == [
        "your profile",
        "3 contacts, 1 meeting, 1 saved draft",
        "1 rehearsal take",
        "the meeting companion's notes",
    ]
    empty = export_everything()
    assert empty["profile"] is None and empty["takes"] == [] and empty["companion"] is None
    assert all(rows == [] for rows in empty["tracker"].values())
    assert not profile_path().exists()
    assert index_marker.read_text() == "the guidance index"
    assert delete_everything() == []  # nothing left: nothing to report


def test_settings_exports_and_deletes_after_confirmation(downloads: Downloads) -> None:
    _fill_every_kind_of_data()
    at = open_page("settings")
    exported, _, name = download(at, downloads, "settings_export")
    assert name == f"interview-coach-data-{TODAY.isoformat()}.json"
    assert json.loads(exported)["profile"]["name"] == "Ada Lovelace"
    assert at.button(key="settings_delete").disabled

    at.text_input(key="settings_delete_confirm").input("DELETE").run()
    click(at, "settings_delete")
    assert [s.value for s in at.success if s.value.startswith("Deleted your profile")]
    assert not profile_path().exists()
    assert store.list_contacts() == []
    assert at.text_input(key="settings_delete_confirm").value == ""
    # The session forgot the profile too: the draft pages ask for it again.
    at = open_page("notes", at)
    assert [i for i in at.info if "fill in your profile" in i.value]
