"""The metrics of a take as plain sentences for the person who rehearsed it."""

from __future__ import annotations

from coaching.rehearsal.metrics import (
    COMFORTABLE_WPM,
    ESTIMATE_WPM,
    FILLER_TOLERANCE_PER_MINUTE,
    TARGET_SECONDS,
    DeliveryMetrics,
)

LONG_PAUSE_SECONDS = 3.0


def duration_text(seconds: float) -> str:
    """`1 min 48 s`, `1 min 0 s`, `52 s`: seconds always, so a minute is never a rounded guess."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s"


def _time(m: DeliveryMetrics) -> str:
    talk = m.talk_seconds if m.talk_seconds is not None else m.duration_seconds
    if m.duration_estimated:
        said = f"At an ordinary {ESTIMATE_WPM:.0f} words a minute this takes about {duration_text(talk)} to say"
    else:
        said = f"You spoke for {duration_text(talk)}"
    if m.over_time_seconds >= 1:
        return (
            f"{said} — about {duration_text(m.over_time_seconds)} over ninety seconds; "
            "try cutting an example or a sentence of background."
        )
    if m.over_time_seconds > 0:
        return f"{said} — just over ninety seconds; trim a few words to be safe."
    left = TARGET_SECONDS - talk
    if left >= 30 and not m.duration_estimated:
        return f"{said} — well inside ninety seconds, with room for one concrete example."
    return f"{said} — inside ninety seconds."


def _pace(m: DeliveryMetrics) -> str | None:
    if m.words_per_minute is None:
        return None
    low, high = COMFORTABLE_WPM
    wpm = m.words_per_minute
    band = f"about {low:.0f}–{high:.0f} is comfortable to follow"
    if wpm < low:
        return (
            f"Your pace was {wpm:.0f} words a minute — on the slow side ({band}); tighten the gaps between sentences."
        )
    if wpm > high:
        return f"Your pace was {wpm:.0f} words a minute — fast ({band}); slow down and let each point land."
    return f"Your pace was {wpm:.0f} words a minute — comfortable ({band})."


def _fillers(m: DeliveryMetrics) -> str | None:
    f = m.fillers
    if f.count is None or f.per_minute is None:
        return None
    if f.count == 0:
        return "No filler words heard. (A few are normal; zero is not the goal.)"
    heard = ", ".join(f'"{word}" ×{n}' for word, n in f.found.items())
    words = "filler word" if f.count == 1 else "filler words"
    if f.per_minute <= FILLER_TOLERANCE_PER_MINUTE:
        return (
            f"{f.count} {words} ({heard}), {f.per_minute:g} a minute — within the few a minute that "
            "listeners do not notice; no need to chase zero."
        )
    return (
        f"{f.count} {words} ({heard}), {f.per_minute:g} a minute — more than the "
        f"{FILLER_TOLERANCE_PER_MINUTE:.0f} or so a minute that go unnoticed; a short silent pause "
        "works better than a filler."
    )


def _pause(m: DeliveryMetrics) -> str | None:
    pause = m.longest_pause_seconds
    if pause is None:
        return None
    if pause >= LONG_PAUSE_SECONDS:
        return (
            f"Your longest pause was {pause:.1f} s — long enough to sound like a lost thread; "
            "a one-line note of your points helps."
        )
    if pause >= 0.5:
        return f"Your longest pause was {pause:.1f} s — a pause like that gives a listener time to follow."
    return None


def _points(m: DeliveryMetrics) -> str | None:
    if not m.points:
        return None
    covered = sum(p.covered for p in m.points)
    if covered == len(m.points):
        return f"You covered all {len(m.points)} points of your script."
    return f"You covered {covered} of the {len(m.points)} points of your script."


def feedback(m: DeliveryMetrics) -> list[str]:
    """Plain sentences about the take: time against ninety seconds, pace, fillers, pauses, points."""
    sentences = [_time(m)]
    if not m.words_known:
        sentences.append("Transcription is off, so only the timing was measured: no words, pace, fillers or points.")
    if m.duration_estimated:
        sentences.append("Without the take's real length the pace cannot be measured.")
    sentences.extend(s for s in (_pace(m), _fillers(m), _pause(m), _points(m)) if s)
    return sentences
