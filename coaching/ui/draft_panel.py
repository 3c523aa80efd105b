"""The part every draft page shares: write (streaming), edit, check, cite, copy and download."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from coaching.checks import find_unsupported, run_checks
from coaching.errors import CoachError, InputError
from coaching.models import CoachInput, Draft, Passage, Task, parse_input
from coaching.tasks import TASKS, missing_fields
from coaching.tracker.records import DRAFT_LIMIT
from coaching.ui.live_count import character_count
from coaching.ui.widgets import escape, remembered, session_backend, session_settings, set_remembered, show_error

# The fields a task needs, in the words of the pages' labels (the CLI names them by dotted path).
FIELD_LABELS = {
    "profile.name": "your name (on the Profile page)",
    "profile.background": "your background (on the Profile page)",
    "profile.target_industry": "the industry you are aiming for",
    "contact.name": "their name",
    "meeting.discussed": "what you discussed",
    "meeting.actions_taken": "what you have done since",
    "contact.referrer": "who referred you",
}


# The backend name of a draft the person brought: no model and no composer wrote it.
OWN_DRAFT = "yours"


def _key(page: str, name: str) -> str:
    return f"{page}_{name}"


def _read_form(task: Task, raw: dict[str, Any]) -> CoachInput:
    """The form as the coach's input, or an error naming what the task still needs."""
    data = parse_input(raw)
    missing = [FIELD_LABELS.get(name, name) for name in missing_fields(data, task)]
    if missing:
        raise InputError(f"Please fill in {' and '.join(missing)} first.")
    return data


def _generate(page: str, task: Task, raw: dict[str, Any], stream_box: DeltaGenerator) -> None:
    """Write a new draft into the page's state, showing it in `stream_box` as it grows; on an error
    the form keeps everything typed."""
    from coaching.drafting import draft
    from coaching.knowledge import load_passages

    try:
        data = _read_form(task, raw)
        stream_box.info("Writing your draft…", icon="✍️")
        result = draft(
            task,
            data,
            backend=session_backend(),
            on_text=lambda text: stream_box.text(text),
            settings=session_settings(),
            # A reasoning model thinks first (its thoughts are never shown): say why nothing appears yet.
            on_thinking=lambda: stream_box.info("The model is thinking before it writes…", icon="💭"),
        )
        by_id = {p.id: p for p in load_passages()}
        passages = [by_id[c.id] for c in result.citations if c.id in by_id]
        stream_box.empty()
    except CoachError as exc:
        stream_box.empty()
        show_error(exc)
        return
    st.session_state[_key(page, "draft")] = result.model_dump(mode="json")
    st.session_state[_key(page, "input")] = data.model_dump(mode="json")
    st.session_state[_key(page, "passages")] = [p.model_dump() for p in passages]
    set_remembered(_key(page, "text"), result.text)


def _start_own(page: str, task: Task, raw: dict[str, Any]) -> None:
    """An empty box for the person's own draft, checked exactly as a written one."""
    try:
        data = _read_form(task, raw)
    except CoachError as exc:
        show_error(exc)
        return
    st.session_state[_key(page, "draft")] = Draft(task=task, backend=OWN_DRAFT, text="").model_dump(mode="json")
    st.session_state[_key(page, "input")] = data.model_dump(mode="json")
    st.session_state[_key(page, "passages")] = []
    set_remembered(_key(page, "text"), "")


def _badge(result: Draft) -> None:
    if result.backend == OWN_DRAFT:
        st.badge("your own draft", icon=":material/edit_note:", color="green")
    elif result.backend == "offline":
        st.badge("offline draft", icon=":material/offline_bolt:", color="gray")
    else:
        st.badge(f"written by {result.model}", icon=":material/smart_toy:", color="blue")


def _check_panel(checks: list) -> None:
    """What needs fixing first, in full; what already passes, folded away."""
    failed = [c for c in checks if not c.passed]
    passed = [c for c in checks if c.passed]
    if failed:
        st.markdown(f"**Coach check** — {len(failed)} to fix, {len(passed)} of {len(checks)} pass")
        for check in failed:
            st.markdown(f"⚠️ {escape(check.message)}")
    else:
        st.markdown(f"**Coach check** — all {len(checks)} pass ✅")
    with st.expander(f"What passes ({len(passed)})"):
        for check in passed:
            st.markdown(f"✅ {escape(check.message)}")


def _mark_unsupported(text: str, details: list[str]) -> None:
    """Show the draft with each detail the person never gave highlighted, so it is easy to fix."""
    if not details:
        return
    marked = escape(text)
    for detail in sorted(details, key=len, reverse=True):
        marked = marked.replace(escape(detail), f":orange-background[{escape(detail)}]")
    with st.expander(f"Where the unsupported details are ({len(details)})", expanded=True):
        st.markdown(marked.replace("\n", "  \n"))


def _citations(passages: list[Passage]) -> None:
    with st.expander(f"Guidance behind this draft ({len(passages)} passages)"):
        for passage in passages:
            st.markdown(f"**{escape(passage.source)}** · topics: {escape(', '.join(passage.topics))}")
            st.markdown(escape(passage.text))


def _downloads(page: str, task: Task, text: str) -> None:
    title = TASKS[task].title.capitalize()
    left, middle, _ = st.columns([1, 1, 3])
    left.download_button("Download .txt", text, file_name=f"{task.value}.txt", mime="text/plain", key=_key(page, "txt"))
    middle.download_button(
        "Download .md",
        f"# {title}\n\n{text}\n",
        file_name=f"{task.value}.md",
        mime="text/markdown",
        key=_key(page, "md"),
    )
    with st.expander("Copy the text"):
        st.code(text, language=None, wrap_lines=True)


# Drafts that go to someone: once sent, they are kept with the contact and move the plan on.
SENT_TASKS = (Task.outreach, Task.thank_you, Task.follow_up, Task.referrer_note, Task.nudge)


def _sent(page: str, task: Task, text: str, contact: str, data: CoachInput) -> None:
    if task not in SENT_TASKS or not contact:
        return
    # Labels are markdown too: a name such as "![b](http://…)" would be an image the browser fetches.
    if not st.button(f"I sent it: keep it with {escape(contact)}", key=_key(page, "sent"), icon=":material/send:"):
        return
    from coaching.tracker.drafts import record_sent

    try:
        _, step = record_sent(task, text, contact, about=data)
    except CoachError as exc:
        show_error(exc)
        return
    if step is not None:
        done = f"“{step.title}” is marked done on the Today page."
    elif task is Task.outreach:
        done = "If they have not replied in a week, the Today page will suggest a polite reminder."
    else:
        done = "It is in their drafts on the Contacts page."
    st.success(escape(f"Kept with {contact}. {done}"), icon="✅")


def edited(page: str) -> bool:
    """Whether the box holds text the person changed since the coach last wrote it."""
    if _key(page, "draft") not in st.session_state:
        return False
    written = st.session_state[_key(page, "draft")]["text"]
    return st.session_state.get(_key(page, "text"), written).strip() != written.strip()


def _write_unless_edited(page: str, task: Task, raw: dict[str, Any], stream_box: DeltaGenerator) -> None:
    if edited(page):
        st.session_state[_key(page, "replace")] = True  # ask first: the edits would be lost
    else:
        _generate(page, task, raw, stream_box)


def _confirm_replace(page: str, task: Task, raw: dict[str, Any], stream_box: DeltaGenerator) -> None:
    """A new draft would replace what the person wrote in the box: they choose."""
    st.warning("You have edited this draft. A new one would replace your edits.", icon="✏️")
    keep, replace, _ = st.columns([1, 1, 2])
    if keep.button("Keep my edits", key=_key(page, "keep_edits")):
        st.session_state.pop(_key(page, "replace"), None)
        st.rerun()
    if replace.button("Write a new draft", key=_key(page, "replace_edits")):
        st.session_state.pop(_key(page, "replace"), None)
        _generate(page, task, raw, stream_box)


def show(
    page: str,
    task: Task,
    raw: dict[str, Any],
    button: str = "Write the draft",
    *,
    primary: bool = True,
    char_limit: int | None = None,
) -> str | None:
    """The draft area of a page: returns the (possibly edited) text once there is a draft. With
    `char_limit` (a LinkedIn note), the box counts characters as they are typed."""
    # Another page may ask for a draft at once: ending a meeting writes its thank-you.
    write_now = st.session_state.pop(_key(page, "write_now"), False)
    has_draft = _key(page, "draft") in st.session_state
    drafted = has_draft or write_now  # by the end of this run
    kind = "primary" if primary else "secondary"
    own = has_draft and st.session_state[_key(page, "draft")]["backend"] == OWN_DRAFT
    label = button if not drafted else "Write a draft for me" if own else "Write it again"
    clicked = st.button(label, type=kind, key=_key(page, "generate"))
    # Slots kept in every run, filled or not: elements that come and go shift the ones below, and the
    # browser can then show a stale copy of one.
    own_slot, stream_box, confirm_slot = st.empty(), st.empty(), st.container()
    if clicked or write_now:
        _write_unless_edited(page, task, raw, stream_box)
        if not has_draft and _key(page, "draft") in st.session_state:
            st.rerun()  # the first draft: draw the page again so the buttons above say what now applies
    if not drafted and own_slot.button(
        "I have my own draft", key=_key(page, "own"), icon=":material/edit_note:"
    ):
        _start_own(page, task, raw)
        if _key(page, "draft") in st.session_state:
            st.rerun()  # as for a first draft: the buttons above change
    if st.session_state.get(_key(page, "replace")):
        with confirm_slot:
            _confirm_replace(page, task, raw, stream_box)
    if _key(page, "draft") not in st.session_state:
        return None
    result = Draft.model_validate(st.session_state[_key(page, "draft")])
    data = CoachInput.model_validate(st.session_state[_key(page, "input")])
    passages = [Passage.model_validate(p) for p in st.session_state[_key(page, "passages")]]
    _badge(result)
    for warning in result.warnings:
        st.warning(escape(warning), icon="ℹ️")
    # Remembered, so the draft and its edits are still there after a visit to another page.
    text = remembered(
        st.text_area,
        "Your draft — edit it freely; the coach checks your edits",
        _key(page, "text"),
        default=result.text,
        height=420 if task in (Task.questions, Task.follow_up) else 320,
        max_chars=DRAFT_LIMIT,  # what the tracker keeps of a sent draft; the checks stay quick too
    )
    if not text.strip():
        st.info("Paste or type your draft in the box; the coach checks it as soon as you click outside the box.")
        return None
    words = len(text.split())
    if char_limit:
        character_count(f"_w_{_key(page, 'text')}", text, char_limit)
    else:
        st.caption(f"{words} words · about {words * 60 / 150:.0f} s to say aloud")
    details = find_unsupported(text, data, passages)  # once: the check and the highlight share it
    _check_panel(run_checks(task, data, text, passages, details))
    _mark_unsupported(text, details)
    _citations(passages)
    _downloads(page, task, text)
    # The note to the referrer goes to, and is kept with, the referrer.
    _sent(page, task, text, data.contact.referrer if task is Task.referrer_note else data.contact.name, data)
    return text
