"""Helpers the networking pages share: opening a draft page prefilled from saved data, the plan's
wording, what the Today and Contacts pages show, and the referral tree as a Graphviz (DOT) graph."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from coaching.tracker import store
from coaching.tracker.kinds import Kind
from coaching.tracker.plan import DueItem, one_missed_check_in_each, pending_items
from coaching.tracker.records import ContactRecord
from coaching.ui import draft_panel
from coaching.ui.widgets import forget_remembered, set_remembered

NOTES_PAGE = "app_pages/notes.py"
REQUEST_PAGE = "app_pages/request.py"

# The drafting page each kind of step is written on, and the draft panels on it.
_PAGES = {
    Kind.thank_you: NOTES_PAGE,
    Kind.report_to_referrer: NOTES_PAGE,
    Kind.follow_up: NOTES_PAGE,
    Kind.check_in: NOTES_PAGE,
    Kind.nudge: REQUEST_PAGE,
}
_PANELS = {NOTES_PAGE: ("thanks", "followup", "referrer"), REQUEST_PAGE: ("request", "nudge")}
# The notes page's tab for each kind (the notes page reads `notes_open_tab` once).
_TABS = {
    Kind.follow_up: "About a month later",
    Kind.check_in: "About a month later",
    Kind.report_to_referrer: "Note to your referrer",
}

KIND_LABELS = {
    Kind.thank_you: "Thank-you",
    Kind.report_to_referrer: "Report to your referrer",
    Kind.follow_up: "One-month follow-up",
    Kind.check_in: "Check-in",
    Kind.nudge: "Reminder about your request",
}

# A contact's meeting request, as the Contacts page words it.
REQUEST_LABELS = {"": "", "waiting": "waiting for a reply", "replied": "replied", "no_reply": "no reply"}
UPCOMING_DAYS = 14

_CONTACT_KEYS = ("name", "role", "organization", "referrer", "how_we_know")
_DRAFT_STATE = ("draft", "input", "passages", "text")


def when(due: dt.date, today: dt.date) -> str:
    """'due today', '3 days overdue', 'in 5 days'."""
    days = (due - today).days
    if days == 0:
        return "due today"
    if days < 0:
        return f"{-days} day{'s' if days < -1 else ''} overdue"
    return "due tomorrow" if days == 1 else f"in {days} days"


def prefill(
    contact: str,
    meeting_id: int | None = None,
    *,
    page: str = NOTES_PAGE,
    referrals: list[str] | None = None,
    keep_typed: bool = True,
) -> None:
    """Fill the drafting pages' shared contact and meeting fields from saved data.

    `referrals` keeps the names in the order they were noted. For another person every field is
    replaced; for the person already on the page, only empty fields are filled, unless `keep_typed`
    is false (a meeting just recorded replaces what the page held).
    """
    from coaching.tracker.drafts import draft_context

    person, meeting = draft_context(contact, meeting_id)
    same = st.session_state.get("contact_name") == person.name
    for panel in _PANELS.get(page, ()):
        # A draft for someone else never reaches this person; for the same person, a draft still as
        # the coach wrote it is dropped so a fresh one is written from what is saved, and one the
        # person edited is kept.
        if not same or not draft_panel.edited(panel):
            for name in _DRAFT_STATE:  # the draft panel keeps a draft under "{panel}_{name}"
                forget_remembered(f"{panel}_{name}")
    names = referrals if referrals is not None else meeting.referrals
    saved = {
        **{f"contact_{key}": getattr(person, key) for key in _CONTACT_KEYS},
        "meeting_discussed": meeting.discussed,
        "meeting_referrals": ", ".join(names),
        "meeting_actions": meeting.actions_taken,
        "meeting_date": meeting.date,
    }
    for key, value in saved.items():
        # For the same person, only what is empty is filled: what they typed stays.
        if not (same and keep_typed) or not st.session_state.get(key):
            set_remembered(key, value)



def open_draft(item: DueItem) -> None:
    """Prefill the page that writes this step and go there."""
    page = _PAGES[item.kind]
    # The report is written to the referrer about the person met: the page holds the person met,
    # whose referrer the note goes to.
    prefill(item.about if item.kind is Kind.report_to_referrer else item.contact, item.meeting_id, page=page)
    if item.kind in _TABS:
        st.session_state["notes_open_tab"] = _TABS[item.kind]
    st.switch_page(page)


@dataclass
class TodayPlan:
    """What the Today page shows: the steps due soon, grouped, and where each meeting request stands."""

    contacts: list[ContactRecord]
    items: list[DueItem]
    groups: list[tuple[str, list[DueItem]]]  # (heading, steps), overdue first; a group may be empty
    waiting: list[str]  # asked, no reply yet
    silent: list[str]  # no reply after two reminders
    candidates: list[str]  # a request can be marked as sent to them


def today_plan(today: dt.date, days: int = UPCOMING_DAYS) -> TodayPlan:
    """The plan's steps due within `days` of `today`, for the contacts not archived."""
    contacts = store.list_contacts(include_archived=False)
    horizon = today + dt.timedelta(days=days)
    items = one_missed_check_in_each([item for item in pending_items(horizon) if item.due <= horizon], today)
    return TodayPlan(
        contacts=contacts,
        items=items,
        groups=[
            ("Overdue", [i for i in items if i.due < today]),
            ("Due today", [i for i in items if i.due == today]),
            (f"Coming up in the next {days} days", [i for i in items if i.due > today]),
        ],
        waiting=[c.name for c in contacts if c.request == "waiting"],
        silent=[c.name for c in contacts if c.request == "no_reply"],
        candidates=[c.name for c in contacts if c.request != "waiting"],
    )


def contact_rows(contacts: Iterable[ContactRecord]) -> list[dict[str, Any]]:
    """The Contacts page's table: one row a person, in few enough columns to fit a laptop screen."""
    return [
        {
            "Name": c.name,
            "Role and organisation": ", ".join(part for part in (c.role, c.organization) if part),
            "Referred by": c.referred_by or "",
            "Met": c.meetings,
            "Last met": c.last_met.isoformat() if c.last_met else "",
            "Status": "archived" if c.archived else REQUEST_LABELS.get(c.request, c.request),
        }
        for c in contacts
    ]


# Widths that keep the table inside the page at 1280 pixels; a cell cut short shows whole on hover.
CONTACT_COLUMNS = {
    "Name": st.column_config.TextColumn(width=125),
    "Role and organisation": st.column_config.TextColumn(width=175),
    "Referred by": st.column_config.TextColumn(width=100),
    "Met": st.column_config.NumberColumn(width=40, help="Meetings so far"),
    "Last met": st.column_config.TextColumn(width=85),
    "Status": st.column_config.TextColumn(width=125),
}


def contact_status(person: ContactRecord) -> str:
    """Where a contact's meeting request stands, and whether they are in the follow-up plan."""
    state = REQUEST_LABELS.get(person.request, "")
    return (
        f"Meeting request: {state or 'not marked as sent'} · "
        f"{'archived (no follow-ups)' if person.archived else 'in your follow-up plan'}"
    )


def export_files() -> list[tuple[str, str, str, str, str]]:
    """(label, content, file name, mime type, widget key) of each file the Contacts page exports."""
    from coaching.tracker.calendar import export_ics
    from coaching.tracker.csvfile import export_contacts_csv, export_drafts_csv

    return [
        ("Contacts (.csv)", export_contacts_csv(), "contacts.csv", "text/csv", "contacts_export_csv"),
        ("Saved drafts (.csv)", export_drafts_csv(), "drafts.csv", "text/csv", "contacts_export_drafts"),
        ("Follow-up calendar (.ics)", export_ics(), "follow-ups.ics", "text/calendar", "contacts_export_ics"),
    ]


def dot_text(text: str) -> str:
    """`text` as a quoted DOT string that Graphviz shows literally.

    Quotes and backslashes are escaped (a backslash would otherwise start \\N, \\l and the like) and
    "&" becomes "&amp;", since Graphviz reads character entities even in plain labels.
    """
    cleaned = " ".join(text.split())
    cleaned = cleaned.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    return f'"{cleaned}"'


def referral_dot(contacts: Iterable[ContactRecord]) -> str:
    """The referral tree — who led to whom — as a DOT graph; node ids never contain a name."""
    people = list(contacts)
    ids = {person.name: f"n{number}" for number, person in enumerate(people)}
    lines = [
        "digraph referrals {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded", fontname="sans-serif", fontsize=11];',
        "  edge [color=gray40];",
    ]
    for person in people:
        label = dot_text(person.name)
        if person.organization:
            # "\\n" is DOT's line break, written between two separately escaped parts.
            label = f"{label[:-1]}\\n{dot_text(person.organization)[1:]}"
        attributes = f"label={label}"
        if person.archived:
            attributes += ', style="rounded,dashed", fontcolor=gray50, color=gray60'
        lines.append(f"  {ids[person.name]} [{attributes}];")
    for person in people:
        if person.referred_by and person.referred_by in ids:
            lines.append(f"  {ids[person.referred_by]} -> {ids[person.name]};")
    lines.append("}")
    return "\n".join(lines)
