"""The meeting companion page's Streamlit side: its session state kept in step with the scratch pad on
disk, its button callbacks, the countdown and the agenda, and ending the meeting."""

from __future__ import annotations

import contextlib
import time

import streamlit as st

from coaching import clock
from coaching.companion import (
    AGENDA,
    QUESTIONS_STEP,
    CompanionState,
    clear_companion,
    countdown_text,
    load_companion,
    ordered_questions,
    record_meeting,
    save_if_changed,
    with_name,
)
from coaching.errors import CoachError
from coaching.ui import tracker_views as views
from coaching.ui.widgets import escape, show_error

# Session key of each saved field (the page's keys are all prefixed "companion_").
STORES = {field: f"companion_{field}" for field in CompanionState.model_fields}


def load() -> None:
    """On a session's first visit, pick up the meeting in progress where it was left."""
    if "companion_loaded" in st.session_state:
        return
    saved = load_companion()
    for field, key in STORES.items():
        st.session_state.setdefault(key, getattr(saved, field))
    st.session_state["companion_loaded"] = True
    st.session_state["companion_saved"] = saved.model_dump()


def persist() -> None:
    """Write the meeting in progress whenever it changed (an untouched page leaves no file)."""
    state = CompanionState.model_validate(
        {field: st.session_state[key] for field, key in STORES.items() if key in st.session_state}
    )
    try:
        written = save_if_changed(state, st.session_state.get("companion_saved"))
    except CoachError as exc:
        show_error(exc)
        return
    if written:
        st.session_state["companion_saved"] = state.model_dump()


def start() -> None:
    st.session_state["companion_started_at"] = time.time()


def stop() -> None:
    st.session_state["companion_started_at"] = None


def add_name() -> None:
    names = st.session_state.setdefault("companion_names", [])
    st.session_state["companion_names"] = with_name(names, st.session_state.get("_w_companion_name_entry", ""))
    # Assigned, not dropped: only an assignment clears the box in the browser too.
    st.session_state["companion_name_entry"] = st.session_state["_w_companion_name_entry"] = ""


def remove_name(name: str) -> None:
    names = st.session_state.get("companion_names", [])
    st.session_state["companion_names"] = [n for n in names if n != name]


@st.fragment(run_every=1)
def countdown() -> None:
    total = int(st.session_state.get("companion_minutes") or 20) * 60
    started = st.session_state.get("companion_started_at")
    if started is None:
        st.metric("Time left", countdown_text(total))
        st.caption("Press Start when the conversation begins.")
        return
    left = total - (time.time() - started)
    st.metric("Time left", countdown_text(left))
    st.progress(min(max(1 - left / total, 0.0), 1.0))
    if left <= 0:
        st.warning("Time is up — start closing: ask for names if you have not, thank them, offer help.", icon="⏰")
    elif left <= 5 * 60:
        st.info("Five minutes or less: time for the ask for names.", icon="⏳")


def _check(item_id: str, label: str, key: str) -> None:
    """A box to tick beside the whole text: a checkbox's own label is cut short with "…" when long."""
    checked = st.session_state.setdefault("companion_checked", [])
    box, text = st.columns([1, 24], vertical_alignment="center")
    ticked = box.checkbox(label, value=item_id in checked, key=key, label_visibility="collapsed")
    text.markdown(label)
    if ticked and item_id not in checked:
        checked.append(item_id)
    elif not ticked and item_id in checked:
        checked.remove(item_id)


def agenda() -> None:
    """The agenda's steps to tick off, with the questions drafted on the questions page under theirs."""
    st.header("Agenda", anchor=False)
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


def end_meeting(contact: str) -> None:
    """Save the meeting with the names offered (one still in the box too), forget the scratch pad,
    and open the thank-you prefilled."""
    names = with_name(st.session_state.get("companion_names", []), st.session_state.get("companion_name_entry", ""))
    try:
        meeting = record_meeting(
            contact,
            clock.today(),
            minutes=int(st.session_state.get("companion_minutes") or 0) or None,
            notes=st.session_state.get("companion_notes", ""),
            names=names,
        )
        # The notes just taken replace what the notes page held, and the thank-you is written from them.
        views.prefill(contact, meeting.id, referrals=names, keep_typed=False)
        st.session_state["thanks_write_now"] = True
    except CoachError as exc:
        show_error(exc)
        return
    with contextlib.suppress(CoachError):  # the meeting is saved; a leftover pad only shows up again
        clear_companion()
    for key in [k for k in st.session_state if k.startswith("companion_") and k != "companion_loaded"]:
        del st.session_state[key]
    st.switch_page(views.NOTES_PAGE)
