"""The button callbacks of the Today and Contacts pages: each reads what its page typed from session
state, changes the tracker, and leaves a message for the page's next run (coaching.ui.flash)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coaching import clock
from coaching.errors import CoachError
from coaching.tracker import store
from coaching.ui import flash
from coaching.ui.error_words import error_words

CONTACTS = "contacts"
TODAY = "today"
NEW = "➕ A new contact"
CSV_LIMIT = 2_000_000
# The contact form's fields and labels; "notes" follows them in a text area.
FIELDS = {
    "name": "Name *",
    "role": "Role",
    "organization": "Organisation",
    "referred_by": "Referred by (who introduced you)",
    "email": "Email",
    "linkedin": "LinkedIn",
}


def field_key(field: str, slot: str) -> str:
    """The contact form's widget keys: slot "new" for a new contact, "edit:NAME" for a saved one."""
    return f"contacts_{field}_{slot}"


def meeting_key(name: str, field: str) -> str:
    """The widget keys of the "Add a meeting" block for one contact."""
    return f"contacts_meeting_{name}_{field}"


# --- Both pages: the meeting request ------------------------------------------------------------------


def request_sent(page: str, name: str) -> None:
    def change() -> str:
        store.request_sent(name)
        return f"Noted: a meeting request went to {name}. A reminder falls due in a week if there is no reply."

    flash.attempt(page, change)


def request_replied(page: str, name: str) -> None:
    def change() -> str:
        store.request_replied(name)
        # Today is where the reminders are listed, so there it says that they stop.
        return f"Noted: {name} replied." + (" No more reminders for them." if page == TODAY else "")

    flash.attempt(page, change)


# --- Contacts ----------------------------------------------------------------------------------------


def save_contact(slot: str) -> None:
    values = {field: st.session_state.get(field_key(field, slot), "") for field in [*FIELDS, "notes"]}
    typed = values.pop("name").strip()
    name = typed if slot == "new" else slot.removeprefix("edit:")

    def save() -> str:
        if slot == "new" and name and name in {c.name for c in store.list_contacts()}:
            raise CoachError(f"'{name}' is already a contact.", "Choose them in the list above to edit them.")
        record = store.add_contact(name, **values)
        return f"Saved {record.name}."

    if flash.attempt(CONTACTS, save) and slot == "new":
        for field in [*FIELDS, "notes"]:  # assigned, so the browser's boxes clear too
            st.session_state[field_key(field, "new")] = ""
        st.session_state["contacts_selected"] = name


def archive(name: str, undo: bool) -> None:
    def change() -> str:
        store.archive_contact(name, undo=undo)
        return f"{name} is {'back in' if undo else 'out of'} your follow-up plan."

    flash.attempt(CONTACTS, change)


def delete(name: str) -> None:
    def change() -> str:
        count = store.delete_contact(name)
        return (
            f"Deleted {name} and {count} meeting{'' if count == 1 else 's'}. Their drafts are still in the drafts file."
        )

    if flash.attempt(CONTACTS, change):
        st.session_state.pop("contacts_confirm_delete", None)
        st.session_state["contacts_selected"] = NEW


def cancel_delete() -> None:
    st.session_state.pop("contacts_confirm_delete", None)


def add_meeting(name: str) -> None:
    referrals = st.session_state.get(meeting_key(name, "referrals"), "")

    def add() -> str:
        meeting = store.add_meeting(
            name,
            st.session_state.get(meeting_key(name, "date")) or clock.today(),
            minutes=st.session_state.get(meeting_key(name, "minutes")) or None,
            discussed=st.session_state.get(meeting_key(name, "discussed"), ""),
            referrals=[part.strip() for part in referrals.replace(";", ",").split(",") if part.strip()],
        )
        saved = f"Saved the meeting with {name} on {meeting.date.isoformat()}."
        return f"{saved} {meeting.replaced_sentence() or 'The thank-you is due tomorrow.'}"

    if flash.attempt(CONTACTS, add):
        for field in ("discussed", "referrals"):
            st.session_state[meeting_key(name, field)] = ""


def import_csv() -> None:
    """Import the uploaded file; the report is kept under `contacts_import_report`."""
    from coaching.tracker.csvfile import import_contacts_csv

    upload = st.session_state.get("contacts_csv")
    if upload is None:
        return
    data = upload.getvalue()
    if len(data) > CSV_LIMIT:
        megabytes = CSV_LIMIT // 1_000_000
        flash.leave(CONTACTS, "error", f"The file is too large: at most {megabytes} MB of contacts at a time.")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        flash.leave(
            CONTACTS, "error", "The file is not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8' and try again."
        )
        return
    try:
        st.session_state["contacts_import_report"] = import_contacts_csv(text).model_dump()
    except CoachError as exc:
        flash.leave(CONTACTS, "error", error_words(exc))


# --- Today -------------------------------------------------------------------------------------------


def mark_done(contact: str, kind: str, through: dt.date | None = None) -> None:
    def change() -> str:
        item = store.mark_done(contact, kind, through=through)
        return f"Done: {item.title}."

    flash.attempt(TODAY, change)
