"""Contacts: the people you meet, who led to whom, their meetings, and your data in and out as files."""

import streamlit as st

from coaching import clock
from coaching.errors import CoachError
from coaching.models import NAME_LIMIT
from coaching.tracker import store
from coaching.tracker.csvfile import COLUMNS
from coaching.ui import flash
from coaching.ui import tracker_actions as act
from coaching.ui import tracker_views as views
from coaching.ui.tracker_actions import NEW, field_key, meeting_key
from coaching.ui.widgets import escape, show_error

LIMITS = {"email": 254, "linkedin": 300}


def _contact_form(person) -> None:
    """Add a new contact (`person` is None) or edit a saved one."""
    slot = "new" if person is None else f"edit:{person.name}"
    with st.form(f"contacts_form_{slot}"):
        left, right = st.columns(2)
        for number, (field, label) in enumerate(act.FIELDS.items()):
            column = left if number % 2 == 0 else right
            value = "" if person is None else (getattr(person, field) or "")
            column.text_input(
                label,
                value=value,
                key=field_key(field, slot),
                max_chars=LIMITS.get(field, NAME_LIMIT),
                disabled=field == "name" and person is not None,
            )
        st.text_area(
            "Notes",
            value="" if person is None else person.notes,
            key=field_key("notes", slot),
            max_chars=4000,
            height=80,
            help="How you know them, what they care about.",
        )
        st.form_submit_button(
            "Add contact" if person is None else "Save changes",
            type="primary",
            key=f"contacts_save_{slot}",
            on_click=act.save_contact,
            args=(slot,),
        )


def _actions(person) -> None:
    """The request, archive and delete buttons of a saved contact."""
    st.caption(views.contact_status(person))
    sent, replied, archive, delete = st.columns(4)
    sent.button(
        "Mark request sent", key="contacts_request_sent", on_click=act.request_sent, args=("contacts", person.name)
    )
    replied.button(
        "They replied",
        key="contacts_request_replied",
        disabled=person.request != "waiting",
        on_click=act.request_replied,
        args=("contacts", person.name),
    )
    archive.button(
        "Restore" if person.archived else "Archive",
        key="contacts_archive",
        help="Archived contacts get no more check-ins; their history stays.",
        on_click=act.archive,
        args=(person.name, person.archived),
    )
    if delete.button("Delete…", key="contacts_delete"):
        st.session_state["contacts_confirm_delete"] = person.name
    if st.session_state.get("contacts_confirm_delete") == person.name:
        st.warning(f"Delete {escape(person.name)} and their meetings? Their drafts stay exportable.", icon="🗑️")
        yes, no, _ = st.columns([1, 1, 2])
        yes.button("Yes, delete", key="contacts_delete_yes", type="primary", on_click=act.delete, args=(person.name,))
        no.button("Cancel", key="contacts_delete_no", on_click=act.cancel_delete)


def _meetings(person) -> None:
    """A saved contact's meetings, each with a way to start its thank-you, and a form for another."""
    st.header("Meetings", anchor=False)
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
    # Keyed, so the box stays open while you type (each field's change reruns the page).
    with st.expander("Add a meeting", key=f"contacts_meeting_box_{person.name}", on_change="rerun"):
        left, right = st.columns(2)
        left.date_input("Date", value=clock.today(), key=meeting_key(person.name, "date"))
        right.number_input(
            "Minutes", min_value=0, max_value=600, value=20, step=5, key=meeting_key(person.name, "minutes")
        )
        st.text_area("What you discussed", key=meeting_key(person.name, "discussed"), max_chars=4000, height=80)
        st.text_input("Names they offered (comma-separated)", key=meeting_key(person.name, "referrals"), max_chars=600)
        st.button("Save the meeting", key="contacts_add_meeting", on_click=act.add_meeting, args=(person.name,))


st.title("Contacts", anchor=False)
st.caption("Everyone you meet, who introduced whom, and what each meeting gave you.")
flash.show("contacts")

try:
    contacts = store.list_contacts()
except CoachError as exc:
    show_error(exc)
    st.stop()
names = [c.name for c in contacts]

# Keyed, so the open tab survives the rerun after a button such as Import.
people_tab, tree_tab, files_tab = st.tabs(
    ["People", "Who led to whom", "Import & export"], key="contacts_tabs", on_change="rerun"
)

with people_tab:
    if contacts:
        st.dataframe(views.contact_rows(contacts), hide_index=True, column_config=views.CONTACT_COLUMNS)
    else:
        st.info("No contacts yet. Add the first one below, or import a CSV file.", icon="🌱")

    if st.session_state.get("contacts_selected") not in [NEW, *names]:
        st.session_state["contacts_selected"] = NEW
    selected = st.selectbox("Add or edit", [NEW, *names], key="contacts_selected")
    person = {c.name: c for c in contacts}.get(selected)
    _contact_form(person)
    if person is not None:
        _actions(person)
        _meetings(person)

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
    st.button("Import", key="contacts_import", on_click=act.import_csv)
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
        files = views.export_files()
    except CoachError as exc:
        show_error(exc)
        files = []
    for column, (label, data, file_name, mime, key) in zip(st.columns(3), files, strict=False):
        column.download_button(label, data, file_name=file_name, mime=mime, key=key, on_click="ignore")
    st.caption("The calendar has one all-day event per step of your plan; import it into any calendar app.")
