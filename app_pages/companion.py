"""Meeting companion: open during the meeting — the countdown, the agenda, your notes and the names offered.
Everything typed is saved on this computer as you go; ending the meeting records it and opens the thank-you."""

import contextlib
import datetime as dt
import time

import streamlit as st

from coaching.companion import (
    AGENDA,
    QUESTIONS_STEP,
    CompanionState,
    clear_companion,
    companion_path,
    load_companion,
    ordered_questions,
    save_companion,
)
from coaching.errors import CoachError
from coaching.tracker import store
from coaching.ui import tracker_views as views
from coaching.ui.widgets import escape, remembered, show_error

SOMEONE_NEW = "Someone not saved yet"
# Session key of each saved field (the page's keys are all prefixed "companion_").
STORES = {field: f"companion_{field}" for field in CompanionState.model_fields}


def _load() -> None:
    """On a session's first visit, pick up the meeting in progress where it was left."""
    if "companion_loaded" in st.session_state:
        return
    saved = load_companion()
    for field, key in STORES.items():
        st.session_state.setdefault(key, getattr(saved, field))
    st.session_state["companion_loaded"] = True
    st.session_state["companion_saved"] = saved.model_dump()


def _collect() -> CompanionState:
    return CompanionState.model_validate(
        {field: st.session_state[key] for field, key in STORES.items() if key in st.session_state}
    )


def _persist() -> None:
    """Write the meeting in progress whenever it changed (an untouched page leaves no file)."""
    state = _collect()
    if state.model_dump() == st.session_state.get("companion_saved"):
        return
    if state.is_blank() and not companion_path().exists():
        return
    try:
        save_companion(state)
    except CoachError as exc:
        show_error(exc)
        return
    st.session_state["companion_saved"] = state.model_dump()


def _clock(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _start() -> None:
    st.session_state["companion_started_at"] = time.time()


def _stop() -> None:
    st.session_state["companion_started_at"] = None


def _add_name() -> None:
    name = " ".join(st.session_state.get("_w_companion_name_entry", "").split())
    names = st.session_state.setdefault("companion_names", [])
    if name and name not in names:
        names.append(name)
    # Assigned, not dropped: only an assignment clears the box in the browser too.
    st.session_state["companion_name_entry"] = st.session_state["_w_companion_name_entry"] = ""


def _remove_name(name: str) -> None:
    names = st.session_state.get("companion_names", [])
    st.session_state["companion_names"] = [n for n in names if n != name]


@st.fragment(run_every=1)
def _countdown() -> None:
    total = int(st.session_state.get("companion_minutes") or 20) * 60
    started = st.session_state.get("companion_started_at")
    if started is None:
        st.metric("Time left", _clock(total))
        st.caption("Press Start when the conversation begins.")
        return
    left = total - (time.time() - started)
    st.metric("Time left", _clock(left))
    st.progress(min(max(1 - left / total, 0.0), 1.0))
    if left <= 0:
        st.warning("Time is up — start closing: ask for names if you have not, thank them, offer help.", icon="⏰")
    elif left <= 5 * 60:
        st.info("Five minutes or less: time for the ask for names.", icon="⏳")


def _check(item_id: str, label: str, key: str) -> None:
    checked = st.session_state.setdefault("companion_checked", [])
    ticked = st.checkbox(label, value=item_id in checked, key=key)
    if ticked and item_id not in checked:
        checked.append(item_id)
    elif not ticked and item_id in checked:
        checked.remove(item_id)


def _agenda() -> None:
    st.subheader("Agenda")
    questions = ordered_questions(st.session_state.get("questions_text", ""))
    for number, step in enumerate(AGENDA):
        _check(f"step-{number}", step, f"_w_companion_step_{number}")
        if number != QUESTIONS_STEP:
            continue
        _, inner = st.columns([1, 12])
        with inner:
            if questions:
                for index, question in enumerate(questions):
                    _check(f"q:{question}", escape(question), f"_w_companion_q_{index}")
            else:
                st.caption("Draft your questions first and they appear here, core ones first.")
                st.page_link("app_pages/questions.py", label="Questions to ask", icon="❓")


def _end_meeting(contact: str, names: list[str]) -> None:
    """Save the meeting, forget the scratch pad, and open the thank-you prefilled."""
    today = dt.date.today()
    try:
        if contact not in {c.name for c in store.list_contacts()}:
            store.add_contact(contact)
        meeting = store.add_meeting(
            contact,
            today,
            minutes=int(st.session_state.get("companion_minutes") or 0) or None,
            discussed=st.session_state.get("companion_notes", ""),
            referrals=names,
        )
        views.prefill(contact, meeting.id, referrals=names)
    except CoachError as exc:
        show_error(exc)
        return
    with contextlib.suppress(CoachError):  # the meeting is saved; a leftover pad only shows up again
        clear_companion()
    for key in [k for k in st.session_state if k.startswith("companion_") and k != "companion_loaded"]:
        del st.session_state[key]
    st.switch_page(views.NOTES_PAGE)


st.title("Meeting companion")
st.caption("Keep this open during the meeting. What you type is saved on this computer as you go.")
_load()

try:
    saved_names = [c.name for c in store.list_contacts(include_archived=False)]
except CoachError as exc:
    show_error(exc)
    saved_names = []
known = st.session_state.get("contact_name", "")
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
start.button("Restart" if started else "Start", key="companion_start", type="primary", on_click=_start)
stop.button("Stop", key="companion_stop", disabled=not started, on_click=_stop)
_countdown()

_agenda()

st.subheader("Notes")
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
add.button("Add name", key="companion_add_name", on_click=_add_name)
names = st.session_state.setdefault("companion_names", [])
for name in list(names):
    shown, remove = st.columns([4, 1])
    shown.markdown(f"- {escape(name)}")
    remove.button("Remove", key=f"companion_remove_{name}", on_click=_remove_name, args=(name,))

st.divider()
if st.button("End meeting", key="companion_end", type="primary", help="Saves the meeting and opens the thank-you."):
    pending = " ".join(st.session_state.get("companion_name_entry", "").split())
    offered = [*names, pending] if pending and pending not in names else list(names)
    if not contact:
        st.error("Choose or type whom you met first: the meeting is saved under their name.", icon="⚠️")
    else:
        _end_meeting(contact, offered)
st.caption("Ending the meeting saves it (with today's date) and opens the thank-you note, prefilled.")

_persist()
