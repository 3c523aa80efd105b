"""Contacts: the people you meet, who led to whom, their meetings, and your data in and out as files."""

import datetime as dt

import streamlit as st

from coaching.errors import CoachError
from coaching.models import NAME_LIMIT
from coaching.tracker import store
from coaching.tracker.csvfile import COLUMNS
from coaching.ui import tracker_views as views
from coaching.ui.widgets import escape, show_error

NEW = "➕ A new contact"
CSV_LIMIT = 2_000_000
FIELDS = {
    "name": "Name *",
    "role": "Role",
    "organization": "Organisation",
    "referred_by": "Referred by (who introduced you)",
    "email": "Email",
    "linkedin": "LinkedIn",
}
LIMITS = {"email": 254, "linkedin": 300}
REQUEST = {"": "", "waiting": "waiting for a reply", "replied": "replied", "no_reply": "no reply"}


def _flash(kind: str, message: str) -> None:
    st.session_state["contacts_flash"] = (kind, message)


def _attempt(action, *args) -> bool:
    """Run a change from a button's callback; a problem is shown, and what was typed stays."""
    try:
        message = action(*args)
    except CoachError as exc:
        _flash("error", str(exc))
        return False
    if message:
        _flash("success", message)
    return True


def _field_key(field: str, slot: str) -> str:
    """The form's widget keys: slot "new" for a new contact, "edit:NAME" for a saved one."""
    return f"contacts_{field}_{slot}"


def _save_contact(slot: str) -> None:
    values = {field: st.session_state.get(_field_key(field, slot), "") for field in [*FIELDS, "notes"]}
    typed = values.pop("name").strip()
    name = typed if slot == "new" else slot.removeprefix("edit:")

    def save() -> str:
        if slot == "new" and name and name in {c.name for c in store.list_contacts()}:
            raise CoachError(f"'{name}' is already a contact.", "Choose them in the list above to edit them.")
        record = store.add_contact(name, **values)
        return f"Saved {record.name}."

    if _attempt(save) and slot == "new":
        for field in [*FIELDS, "notes"]:  # assigned, so the browser's boxes clear too
            st.session_state[_field_key(field, "new")] = ""
        st.session_state["contacts_selected"] = name


def _archive(name: str, undo: bool) -> str:
    store.archive_contact(name, undo=undo)
    return f"{name} is {'back in' if undo else 'out of'} your follow-up plan."


def _request_sent(name: str) -> str:
    store.request_sent(name)
    return f"Noted: a meeting request went to {name}. A reminder falls due in a week if there is no reply."


def _request_replied(name: str) -> str:
    store.request_replied(name)
    return f"Noted: {name} replied."


def _delete(name: str) -> None:
    def delete() -> str:
        count = store.delete_contact(name)
        return (
            f"Deleted {name} and {count} meeting{'' if count == 1 else 's'}. Their drafts are still in the drafts file."
        )

    if _attempt(delete):
        st.session_state.pop("contacts_confirm_delete", None)
        st.session_state["contacts_selected"] = NEW


def _add_meeting(name: str) -> None:
    prefix = f"contacts_meeting_{name}"
    referrals = st.session_state.get(f"{prefix}_referrals", "")

    def add() -> str:
        meeting = store.add_meeting(
            name,
            st.session_state.get(f"{prefix}_date") or dt.date.today(),
            minutes=st.session_state.get(f"{prefix}_minutes") or None,
            discussed=st.session_state.get(f"{prefix}_discussed", ""),
            referrals=[part.strip() for part in referrals.replace(";", ",").split(",") if part.strip()],
        )
        return f"Saved the meeting with {name} on {meeting.date.isoformat()}. The thank-you is due tomorrow."

    if _attempt(add):
        for field in ("discussed", "referrals"):
            st.session_state[f"{prefix}_{field}"] = ""


def _import() -> None:
    from coaching.tracker.csvfile import import_contacts_csv

    upload = st.session_state.get("contacts_csv")
    if upload is None:
        return
    data = upload.getvalue()
    if len(data) > CSV_LIMIT:
        _flash("error", f"The file is too large: at most {CSV_LIMIT // 1_000_000} MB of contacts at a time.")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _flash("error", "The file is not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8' and try again.")
        return
    try:
        st.session_state["contacts_import_report"] = import_contacts_csv(text).model_dump()
    except CoachError as exc:
        _flash("error", str(exc))


# --- the page ---------------------------------------------------------------------------------------

st.title("Contacts")
st.caption("Everyone you meet, who introduced whom, and what each meeting gave you.")

flash = st.session_state.pop("contacts_flash", None)
if flash:
    kind, message = flash
    (st.success if kind == "success" else st.error)(escape(message), icon="✅" if kind == "success" else "⚠️")

try:
    contacts = store.list_contacts()
except CoachError as exc:
    show_error(exc)
    st.stop()
names = [c.name for c in contacts]
by_name = {c.name: c for c in contacts}

people_tab, tree_tab, files_tab = st.tabs(["People", "Who led to whom", "Import & export"])

with people_tab:
    if contacts:
        st.dataframe(
            [
                {
                    "Name": c.name,
                    "Role": c.role,
                    "Organisation": c.organization,
                    "Referred by": c.referred_by or "",
                    "Meetings": c.meetings,
                    "Last met": c.last_met,
                    "Request": REQUEST.get(c.request, c.request),
                    "Archived": c.archived,
                }
                for c in contacts
            ],
            hide_index=True,
        )
    else:
        st.info("No contacts yet. Add the first one below, or import a CSV file.", icon="🌱")

    if st.session_state.get("contacts_selected") not in [NEW, *names]:
        st.session_state["contacts_selected"] = NEW
    selected = st.selectbox("Add or edit", [NEW, *names], key="contacts_selected")
    person = by_name.get(selected)
    slot = "new" if person is None else f"edit:{person.name}"

    with st.form(f"contacts_form_{slot}"):
        left, right = st.columns(2)
        for number, (field, label) in enumerate(FIELDS.items()):
            column = left if number % 2 == 0 else right
            value = "" if person is None else (getattr(person, field) or "")
            column.text_input(
                label,
                value=value,
                key=_field_key(field, slot),
                max_chars=LIMITS.get(field, NAME_LIMIT),
                disabled=field == "name" and person is not None,
            )
        st.text_area(
            "Notes",
            value="" if person is None else person.notes,
            key=_field_key("notes", slot),
            max_chars=4000,
            height=80,
            help="How you know them, what they care about.",
        )
        st.form_submit_button(
            "Add contact" if person is None else "Save changes",
            type="primary",
            key=f"contacts_save_{slot}",
            on_click=_save_contact,
            args=(slot,),
        )

    if person is not None:
        state = REQUEST.get(person.request, "")
        st.caption(
            f"Meeting request: {state or 'not marked as sent'} · "
            f"{'archived (no follow-ups)' if person.archived else 'in your follow-up plan'}"
        )
        sent, replied, archive, delete = st.columns(4)
        sent.button(
            "Mark request sent", key="contacts_request_sent", on_click=_attempt, args=(_request_sent, person.name)
        )
        replied.button(
            "They replied",
            key="contacts_request_replied",
            disabled=person.request != "waiting",
            on_click=_attempt,
            args=(_request_replied, person.name),
        )
        archive.button(
            "Restore" if person.archived else "Archive",
            key="contacts_archive",
            help="Archived contacts get no more check-ins; their history stays.",
            on_click=_attempt,
            args=(_archive, person.name, person.archived),
        )
        if delete.button("Delete…", key="contacts_delete"):
            st.session_state["contacts_confirm_delete"] = person.name
        if st.session_state.get("contacts_confirm_delete") == person.name:
            st.warning(f"Delete {escape(person.name)} and their meetings? Their drafts stay exportable.", icon="🗑️")
            yes, no, _ = st.columns([1, 1, 2])
            yes.button("Yes, delete", key="contacts_delete_yes", type="primary", on_click=_delete, args=(person.name,))
            no.button(
                "Cancel",
                key="contacts_delete_no",
                on_click=lambda: st.session_state.pop("contacts_confirm_delete", None),
            )

        st.subheader("Meetings")
        try:
            meetings = store.list_meetings(person.name)
        except CoachError as exc:
            show_error(exc)
            meetings = []
        if not meetings:
            st.caption("No meetings recorded yet. Use the meeting companion during the meeting, or add one below.")
        for meeting in meetings:
            with st.container(border=True):
                minutes = f" · {meeting.minutes} minutes" if meeting.minutes else ""
                st.markdown(f"**{meeting.date:%a %d %b %Y}**{minutes}")
                if meeting.discussed:
                    st.markdown(escape(meeting.discussed))
                if meeting.referrals:
                    st.caption(f"Names offered: {escape(', '.join(meeting.referrals))}")
                if st.button("Start a thank-you from this meeting", key=f"contacts_draft_{meeting.id}"):
                    try:
                        views.prefill(person.name, meeting.id)
                    except CoachError as exc:
                        show_error(exc)
                    else:
                        st.switch_page(views.NOTES_PAGE)
        with st.expander("Add a meeting"):
            prefix = f"contacts_meeting_{person.name}"
            left, right = st.columns(2)
            left.date_input("Date", value=dt.date.today(), key=f"{prefix}_date")
            right.number_input("Minutes", min_value=0, max_value=600, value=20, step=5, key=f"{prefix}_minutes")
            st.text_area("What you discussed", key=f"{prefix}_discussed", max_chars=4000, height=80)
            st.text_input("Names they offered (comma-separated)", key=f"{prefix}_referrals", max_chars=600)
            st.button("Save the meeting", key="contacts_add_meeting", on_click=_add_meeting, args=(person.name,))

with tree_tab:
    if any(c.referred_by for c in contacts):
        st.caption("An arrow runs from the person who introduced you to the person you were introduced to.")
        st.graphviz_chart(views.referral_dot(contacts))
    else:
        st.info("No introductions recorded yet. Fill in 'Referred by', or record the names offered at a meeting.")

with files_tab:
    st.markdown("**Import contacts**")
    st.file_uploader("A CSV file with a header row", type=["csv"], key="contacts_csv")
    st.caption(f"Columns read: {', '.join(COLUMNS)}. Only name is required; an empty cell leaves a saved value alone.")
    st.button("Import", key="contacts_import", on_click=_import)
    report = st.session_state.get("contacts_import_report")
    if report:
        st.success(
            f"Imported {report['added']} new contact{'' if report['added'] == 1 else 's'} "
            f"and updated {report['updated']}.",
            icon="📥",
        )
        for error in report["errors"]:
            st.warning(f"Line {error['line']}: {escape(error['message'])} — this row was skipped.", icon="⚠️")

    st.markdown("**Export**")
    try:
        from coaching.tracker.calendar import export_ics
        from coaching.tracker.csvfile import export_contacts_csv, export_drafts_csv

        files = (
            ("Contacts (.csv)", export_contacts_csv(), "contacts.csv", "text/csv", "contacts_export_csv"),
            ("Saved drafts (.csv)", export_drafts_csv(), "drafts.csv", "text/csv", "contacts_export_drafts"),
            ("Follow-up calendar (.ics)", export_ics(), "follow-ups.ics", "text/calendar", "contacts_export_ics"),
        )
    except CoachError as exc:
        show_error(exc)
        files = ()
    for column, (label, data, file_name, mime, key) in zip(st.columns(3), files, strict=False):
        column.download_button(label, data, file_name=file_name, mime=mime, key=key, on_click="ignore")
    st.caption("The calendar has one all-day event per step of your plan; import it into any calendar app.")
