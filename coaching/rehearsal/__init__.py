"""Spoken rehearsal: a take (a recording or a typed transcript) in, delivery metrics out.

    from coaching.rehearsal import rehearse_audio, rehearse_text, feedback
    metrics = rehearse_audio("take.webm", script=intro_text)
    for sentence in feedback(metrics): ...

Both paths end in the one `measure` function of `metrics.py`; points of the script are checked
by `points.py`, recordings read by `audio.py` and transcribed by `transcribe.py`.
"""

from __future__ import annotations

from pathlib import Path

from coaching.errors import InputError
from coaching.rehearsal.audio import SAMPLE_RATE, AudioSource, load_audio, require_voice
from coaching.rehearsal.feedback import feedback
from coaching.rehearsal.metrics import DeliveryMetrics, PointCheck, Transcript, estimate_seconds, measure
from coaching.rehearsal.points import check_points, split_points
from coaching.rehearsal.takes import SavedTake, list_takes, save_take
from coaching.rehearsal.transcribe import Progress
from coaching.settings import Settings

__all__ = [
    "DeliveryMetrics",
    "PointCheck",
    "SavedTake",
    "feedback",
    "list_takes",
    "rehearse_audio",
    "rehearse_text",
    "save_take",
    "split_points",
]

MAX_TRANSCRIPT_CHARS = 20_000
MAX_TYPED_SECONDS = 600.0


def _with_points(metrics: DeliveryMetrics, script: str | None) -> DeliveryMetrics:
    if script and metrics.words_known:
        metrics.points = check_points(script, metrics.transcript)
    return metrics


def rehearse_text(
    text: str, seconds: float | None = None, script: str | None = None, *, label: str = "--transcript"
) -> DeliveryMetrics:
    """Metrics of a typed or pasted take; without its length it is timed at 150 words a minute."""
    if not any(ch.isalnum() for ch in text):
        raise InputError(f"{label}: the transcript {'has no words' if text.strip() else 'is empty'}.")
    if len(text) > MAX_TRANSCRIPT_CHARS:
        raise InputError(f"{label}: at most {MAX_TRANSCRIPT_CHARS:,} characters (this has {len(text):,}).")
    if seconds is not None and not 0 < seconds <= MAX_TYPED_SECONDS:
        raise InputError(f"--seconds: must be more than 0 and at most {MAX_TYPED_SECONDS:.0f} (got {seconds:g}).")
    estimated = seconds is None
    transcript = Transcript(
        text=text, duration_seconds=estimate_seconds(text) if estimated else seconds, duration_estimated=estimated
    )
    return _with_points(measure(transcript), script)


def rehearse_audio(
    source: AudioSource,
    script: str | None = None,
    *,
    progress: Progress | None = None,
    label: str = "--audio",
    settings: Settings | None = None,
) -> DeliveryMetrics:
    """Metrics of a recording (a path, bytes or a binary file), transcribed as the settings say
    (`settings`, or the process's)."""
    from coaching.settings import get_settings

    settings = settings or get_settings()
    samples = load_audio(source, label)
    name = str(source) if isinstance(source, str | Path) else "the recording"
    voiced = require_voice(samples, label, name)
    duration = len(samples) / SAMPLE_RATE
    if settings.coach_transcriber == "off":
        return measure(Transcript(duration_seconds=duration, voiced=voiced, words_known=False))

    from coaching.rehearsal.transcribe import transcribe

    result = transcribe(samples, progress=progress, settings=settings)
    if not result.text.strip():
        raise InputError(f"{label}: no speech detected in {name}.", "Check the microphone and record the take again.")
    transcript = Transcript(text=result.text, duration_seconds=duration, words=result.words or None)
    return _with_points(measure(transcript), script)
