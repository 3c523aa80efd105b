"""Rehearse "tell me about yourself" aloud: record or upload a take (or paste what you said), then see
what you covered, how fast, with how many fillers, against the ninety seconds. Takes stay on this computer."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import streamlit as st

from coaching.errors import CoachError
from coaching.model_server import where as where_server
from coaching.ui.widgets import escape, remembered, session_settings, show_error

if TYPE_CHECKING:
    from coaching.rehearsal.metrics import DeliveryMetrics


def _show_metrics(metrics, script: str) -> None:
    from coaching.rehearsal import feedback

    for sentence in feedback(metrics):
        st.markdown(f"- {escape(sentence)}")
    if metrics.points:
        st.markdown("**Your script, point by point**")
        for point in metrics.points:
            if point.covered:
                st.markdown(f"✅ {escape(point.point)}")
            else:
                st.markdown(f"⚠️ *Dropped:* {escape(point.point)}")
    if metrics.transcript:
        left, right = st.columns(2)
        left.markdown("**What you said**")
        left.text(metrics.transcript)
        right.markdown("**Your script**")
        right.text(script)


def _trend() -> None:
    from coaching.rehearsal import list_takes

    try:
        takes = list_takes()
    except CoachError as exc:
        show_error(exc)
        return
    if len(takes) < 2:
        return
    st.markdown("**Your takes so far**")
    rows = [
        {
            "take": number,
            "seconds spoken": round(_spoken_seconds(t.metrics), 1),
            "words per minute": round(t.metrics.words_per_minute or 0),
            "fillers per minute": round(t.metrics.fillers.per_minute, 1),
        }
        for number, t in enumerate(takes, start=1)
    ]
    # One measure per chart: seconds, pace and fillers live on scales a shared axis would flatten.
    measures = ("seconds spoken", "words per minute", "fillers per minute")
    for column, measure in zip(st.columns(3), measures, strict=True):
        column.caption(measure.capitalize())
        column.line_chart(rows, x="take", y=measure, height=180)


def _spoken_seconds(metrics: DeliveryMetrics) -> float:
    """From the first word to the last, as the feedback counts it: not the file's length, which
    includes the silence before and after."""
    if metrics.words_per_minute:
        return metrics.words / metrics.words_per_minute * 60
    return metrics.duration_seconds


def _measure(take, script: str, source: str):
    from coaching.rehearsal import rehearse_audio, rehearse_text, save_take

    if source == "audio":
        bar = st.progress(0.0, text="Listening to your take (on this computer)…")
        metrics = rehearse_audio(
            take.getvalue(),
            script=script,
            progress=lambda share: bar.progress(min(share, 1.0)),
            label="Your recording",
            settings=session_settings(),  # the server typed on the Settings page, when transcribing through one
        )
        bar.empty()
    else:
        text, seconds = take
        metrics = rehearse_text(text, seconds or None, script=script, label="What you said")
    save_take(metrics, "audio" if source == "audio" else "transcript")
    return metrics


@st.cache_resource(show_spinner=False)
def _warm_transcriber() -> threading.Thread:
    """Get the speech model ready in the background once per process, while the script is read."""
    from coaching.rehearsal.transcribe import warm_local

    thread = threading.Thread(target=warm_local, name="warm-transcriber", daemon=True)
    thread.start()
    return thread


def show(script: str) -> None:
    _warm_transcriber()
    st.divider()
    st.header("Rehearse it aloud", anchor=False)
    settings = session_settings()
    where = "here, on your computer," if settings.coach_transcriber != "api" else f"by {escape(where_server(settings))}"
    st.caption(
        f"Record yourself (or upload a recording). It is transcribed {where} and compared with the script "
        "above. A few filler words a minute are normal: the aim is a clear ninety seconds, not zero ums."
    )
    # Keyed, so "Check what I said" does not jump back to the first tab.
    record_tab, type_tab = st.tabs(["Record or upload", "Paste what you said"], key="rehearse_tabs", on_change="rerun")
    metrics = None
    with record_tab:
        recording = st.audio_input("Record your take", key="intro_audio")
        upload = st.file_uploader(
            "…or upload a recording", type=["wav", "mp3", "m4a", "ogg", "webm"], key="intro_upload"
        )
        take = recording or upload
        if take is not None:
            st.audio(take)
            if st.button("Check this take", key="intro_check_audio"):
                try:
                    metrics = _measure(take, script, "audio")
                except CoachError as exc:
                    show_error(exc)
    with type_tab:
        typed = remembered(st.text_area, "What you actually said", "intro_typed", max_chars=20_000, height=120)
        seconds = remembered(
            st.number_input,
            "How long it took, in seconds (0 if unknown)",
            "intro_typed_seconds",
            default=0,
            min_value=0,
            max_value=600,
        )
        if st.button("Check what I said", key="intro_check_text"):
            try:
                metrics = _measure((typed, seconds), script, "transcript")
            except CoachError as exc:
                show_error(exc)
    if metrics is not None:
        _show_metrics(metrics, script)
    _trend()
