"""Reading a recording: checks, decoding to 16 kHz mono, and where it has voice.

Everything a person can get wrong with a file (missing, empty, not audio, silent, longer than
ten minutes) ends here as an `InputError` of one line, before any model is loaded. The length
is read from the file's header where it has one, so an hour-long file is refused without
decoding it; a header that says nothing, or too little, is caught by the decoder, which stops
just past ten minutes, so memory stays small whatever the file claims.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from coaching.errors import InputError

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16_000
MAX_SECONDS = 600.0
# Ten minutes of uncompressed 48 kHz stereo float is about 230 MB; anything bigger is not a take.
MAX_BYTES = 300_000_000
FORMATS = "WAV, MP3, M4A, OGG or WebM"

# Loudness-based voice activity (used for the silence check and when transcription is off).
_FRAME_SECONDS = 0.03
_FLOOR_DBFS = -50.0  # quieter than this is silence, whatever the room
_ABOVE_NOISE_DB = 12.0  # voice stands this far above the recording's own noise floor
_BRIDGE_SECONDS = 0.12  # stops inside a word are not pauses
_SHORTEST_VOICE_SECONDS = 0.06  # a click is not speech

AudioSource = str | Path | bytes | BinaryIO


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {round(seconds % 60):d} s"


def _header_seconds(source: str | BinaryIO) -> float | None:
    """The length the container declares, or None when it does not say (browser WebM often)."""
    import av

    with av.open(source, mode="r", metadata_errors="ignore") as container:
        if container.duration:
            return container.duration / av.time_base
        streams = container.streams.audio
        if streams and streams[0].duration and streams[0].time_base:
            return float(streams[0].duration * streams[0].time_base)
    return None


# Decoded and resampled this many source samples at a time (as faster-whisper's decode_audio does):
# about ten seconds of 48 kHz audio, so memory stays small however long the file really is.
_GROUP_SAMPLES = 500_000


def _decoded(source: str | BinaryIO, most_seconds: float) -> tuple[np.ndarray, bool]:
    """The recording as 16 kHz mono float32, decoded a piece at a time; reading stops once it is
    longer than `most_seconds` (the second value is then True). A header can be wrong about the
    length, so the decoder, not the header, decides when to stop."""
    import gc

    import av
    import numpy as np

    limit = int(most_seconds * SAMPLE_RATE)
    resampler = av.audio.resampler.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    pieces: list[np.ndarray] = []
    total, too_long = 0, False

    def keep(frames: list[Any]) -> None:
        nonlocal total
        for frame in frames:
            array = frame.to_ndarray().reshape(-1)
            pieces.append(array)
            total += array.size

    with av.open(source, mode="r", metadata_errors="ignore") as container:
        fifo = av.audio.fifo.AudioFifo()
        for frame in _valid_frames(container.decode(audio=0)):
            frame.pts = None  # timestamps are not checked: the fifo regroups the samples
            fifo.write(frame)
            if fifo.samples >= _GROUP_SAMPLES:
                keep(resampler.resample(fifo.read()))
            if total > limit:
                too_long = True
                break
        if not too_long:
            if fifo.samples:
                keep(resampler.resample(fifo.read()))
            keep(resampler.resample(None))  # what the resampler still holds
    del resampler
    gc.collect()  # PyAV frees some resampler objects only then (faster-whisper issue 390)
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
    return samples.astype(np.float32) / 32768.0, too_long or total > limit


def _valid_frames(frames: Any) -> Any:
    """The decoded frames, skipping the ones the decoder finds damaged (as a player would)."""
    import av

    iterator = iter(frames)
    while True:
        try:
            yield next(iterator)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue


def load_audio(source: AudioSource, label: str = "--audio") -> np.ndarray:
    """The recording as 16 kHz mono float32 samples, or an `InputError` saying what is wrong."""
    import av

    source_bytes = b""
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{label}: no file at {source}.")
        size = path.stat().st_size
        name, opened = str(source), str(path)
    else:
        source_bytes = source if isinstance(source, bytes) else source.read()
        size, name, opened = len(source_bytes), "the recording", None
    if size == 0:
        raise InputError(f"{label}: {name} is empty.", "Record the take again.")
    if size > MAX_BYTES:
        raise InputError(f"{label}: {name} is too large ({size / 1e6:.0f} MB); a take is at most ten minutes.")

    def reopen() -> str | BinaryIO:
        return opened if opened is not None else io.BytesIO(source_bytes)

    try:
        declared = _header_seconds(reopen())
        if declared is not None and declared > MAX_SECONDS + 1:
            raise InputError(
                f"{label}: {name} is {_minutes(declared)} long; a take can be at most ten minutes.",
                "Record a shorter take (ninety seconds is the goal).",
            )
        samples, too_long = _decoded(reopen(), MAX_SECONDS + 1)
    except (av.FFmpegError, IndexError, ValueError, OSError):
        raise InputError(
            f"{label}: {name} cannot be read as audio; it may be damaged or not a recording.",
            f"Use a {FORMATS} recording.",
        ) from None
    seconds = len(samples) / SAMPLE_RATE
    if seconds == 0:
        raise InputError(f"{label}: {name} holds no audio.", f"Use a {FORMATS} recording.")
    if too_long:
        raise InputError(
            f"{label}: {name} is longer than ten minutes; a take can be at most ten minutes.",
            "Record a shorter take (ninety seconds is the goal).",
        )
    return samples


def voiced_spans(samples: np.ndarray) -> list[tuple[float, float]]:
    """Stretches (start, end in seconds) where the recording is loud enough to be a voice."""
    import numpy as np

    frame = int(_FRAME_SECONDS * SAMPLE_RATE)
    count = len(samples) // frame
    if count == 0:
        return []
    frames = samples[: count * frame].astype(np.float64).reshape(count, frame)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    level = 20 * np.log10(np.maximum(rms, 1e-9))
    noise = max(float(np.percentile(level, 10)), -90.0)
    voiced = level > max(_FLOOR_DBFS, noise + _ABOVE_NOISE_DB)

    spans: list[tuple[float, float]] = []
    for index in np.flatnonzero(voiced):
        start, end = index * _FRAME_SECONDS, (index + 1) * _FRAME_SECONDS
        if spans and start - spans[-1][1] <= _BRIDGE_SECONDS:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return [(round(a, 3), round(b, 3)) for a, b in spans if b - a >= _SHORTEST_VOICE_SECONDS]


def require_voice(
    samples: np.ndarray, label: str = "--audio", name: str = "the recording"
) -> list[tuple[float, float]]:
    """The voiced stretches, or an `InputError` when the recording is silent."""
    spans = voiced_spans(samples)
    if not spans:
        raise InputError(f"{label}: no speech detected in {name}.", "Check the microphone and record the take again.")
    return spans
