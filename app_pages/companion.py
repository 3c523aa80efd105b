"""Meeting companion: open during the meeting — the countdown, the agenda, your notes and the names offered.
Everything typed is saved on this computer as you go; ending the meeting records it and opens the thank-you."""

import streamlit as st

from coaching.errors import CoachError
from coaching.tracker import store
from coaching.ui import companion_panel as panel
from coaching.ui.widgets import escape, remembered, set_remembered, show_error

SOMEONE_NEW = "Someone not saved yet"

st.title("Meeting companion", anchor=False)
st.caption("Keep this open during the meeting. What you type is saved on this computer as you go.")
panel.load()

try:
    saved_names = [c.name for c in store.list_contacts(include_archived=False)]
except CoachError as exc:
    show_error(exc)
    saved_names = []
known = st.session_state.get("contact_name", "")
# The contact the other pages are on, unless this meeting already has someone chosen or typed.
unchosen = st.session_state.get("companion_contact") in (None, "", SOMEONE_NEW)
if unchosen and not st.session_state.get("companion_new_name") and known in saved_names:
    set_remembered("companion_contact", known)
left, right = st.columns(2)
choice = remembered(
    left.selectbox,
    "Whom are you meeting?",
    "companion_contact",
    default=known if known in saved_names else SOMEONE_NEW,
    options=[SOMEONE_NEW, *saved_names],
)
contact = choice
if choice == SOMEONE_NEW:
    contact = remembered(
        right.text_input,
        "Their name",
        "companion_new_name",
        default="" if known in saved_names else known,
        max_chars=120,
    ).strip()
remembered(
    left.number_input,
    "Minutes agreed",
    "companion_minutes",
    default=int(st.session_state.get("request_minutes", 20)),
    min_value=5,
    max_value=120,
    step=5,
)

started = st.session_state.get("companion_started_at") is not None
start, stop, _ = st.columns([1, 1, 3])
start.button("Restart" if started else "Start", key="companion_start", type="primary", on_click=panel.start)
stop.button("Stop", key="companion_stop", disabled=not started, on_click=panel.stop)
panel.countdown()

panel.agenda()

st.header("Notes", anchor=False)
remembered(
    st.text_area,
    "What you are learning (this becomes 'what you discussed' in the thank-you)",
    "companion_notes",
    max_chars=4000,
    height=180,
)

st.markdown("**Names they offered**")
entry, add = st.columns([3, 1], vertical_alignment="bottom")
remembered(entry.text_input, "A name", "companion_name_entry", max_chars=120, placeholder="e.g. Alan Turing")
add.button("Add name", key="companion_add_name", on_click=panel.add_name)
for name in list(st.session_state.setdefault("companion_names", [])):
    shown, remove = st.columns([4, 1])
    shown.markdown(f"- {escape(name)}")
    remove.button("Remove", key=f"companion_remove_{name}", on_click=panel.remove_name, args=(name,))

st.divider()
if st.button("End meeting", key="companion_end", type="primary", help="Saves the meeting and opens the thank-you."):
    if not contact:
        st.error("Choose or type whom you met first: the meeting is saved under their name.", icon="⚠️")
    else:
        panel.end_meeting(contact)
st.caption("Ending the meeting saves it (with today's date) and opens the thank-you note, prefilled.")

panel.persist()
