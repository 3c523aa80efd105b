"""Recorded takes, made with espeak-ng and sox, measured against the truth built into them.

The bundled Whisper model is loaded once for the session and each take is transcribed once.
Definitions checked here (see coaching/rehearsal/metrics.py): words a minute = words of the
transcript / talk span (first word to last); the truth = words of the spoken script / the
file's true length (espeak's `-s` rate is nominal).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from coaching.errors import InputError
from coaching.rehearsal import DeliveryMetrics, rehearse_audio, synthetic
from coaching.rehearsal.metrics import count_words, find_fillers

pytest.importorskip("faster_whisper", reason="faster-whisper is not installed: `pip install -e '.[speech]'`")

POINTS = [
    "I taught high school chemistry in Ohio for six years.",
    "I am moving into product management because I love turning messy problems into clear plans.",
    "My strengths are explaining hard ideas simply and running projects with many people.",
    "My goal is a junior product role at a health technology company.",
]
SCRIPT = "\n".join(POINTS)
FILLER_TAKE = (
    "{um} I taught high school chemistry in Ohio for six years. I am moving into product management because, "
    "you know, I love turning messy problems into clear plans. {uh} My strengths are, like, explaining hard ideas "
    "simply and {um} running projects with many people. {uh} My goal is a junior product role at a health "
    "technology company."
)


@pytest.fixture(scope="session")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every take of the suite, made once: about 130 s of audio in all."""
    reason = synthetic.missing_tool("espeak-ng", "sox")
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("takes")
    say = synthetic.speak
    takes = {
        "slow": say(" ".join(POINTS), tmp / "slow.wav", speed=130),
        "fast": say(" ".join(POINTS), tmp / "fast.wav", speed=175),
        "fillers": say(FILLER_TAKE, tmp / "fillers.wav", speed=150),
        "dropped": say(" ".join(POINTS[:2] + POINTS[3:]), tmp / "dropped.wav", speed=160),
        "short": say(POINTS[0], tmp / "short.wav", speed=150),
    }
    first, second = say(" ".join(POINTS[:2]), tmp / "a.wav"), say(" ".join(POINTS[2:]), tmp / "b.wav")
    takes["pause"] = synthetic.join([first, synthetic.silence(tmp / "quiet3.wav", 3), second], tmp / "pause.wav")
    takes["trailing"] = synthetic.join([takes["dropped"], synthetic.silence(tmp / "quiet6.wav", 6)], tmp / "trail.wav")
    takes["silent"] = synthetic.silence(tmp / "silent.wav", 5)
    # Eleven minutes of near-nothing at a low rate: 10 MB, refused from its header before decoding.
    takes["long"] = synthetic.silence(tmp / "long.wav", 660, rate=8000)
    takes["empty"] = tmp / "empty.wav"
    takes["empty"].write_bytes(b"")
    takes["corrupt"] = tmp / "corrupt.wav"
    takes["corrupt"].write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + os.urandom(4000))
    (tmp / "script.txt").write_text(SCRIPT, encoding="utf-8")
    takes["script"] = tmp / "script.txt"
    return takes


@pytest.fixture(scope="session")
def heard(recordings: dict[str, Path]) -> Callable[[str], DeliveryMetrics]:
    """Each take transcribed and measured once, with the script's points, on first use."""
    cache: dict[str, DeliveryMetrics] = {}

    def measure(name: str) -> DeliveryMetrics:
        if name not in cache:
            cache[name] = rehearse_audio(recordings[name], SCRIPT)
        return cache[name]

    return measure


def truth_wpm(script: str, wav: Path) -> float:
    return count_words(synthetic.plain_text(script)) * 60 / synthetic.wav_seconds(wav)


@pytest.mark.parametrize("take", ["slow", "fast"])
def test_pace_within_ten_percent_of_the_truth_at_two_speeds(take: str, recordings, heard) -> None:
    metrics = heard(take)
    truth = truth_wpm(" ".join(POINTS), recordings[take])
    assert metrics.duration_seconds == pytest.approx(synthetic.wav_seconds(recordings[take]), abs=0.01)
    assert metrics.words_per_minute == pytest.approx(truth, rel=0.10), metrics.transcript
    assert metrics.words == pytest.approx(count_words(" ".join(POINTS)), abs=3)
    assert (metrics.fillers.count or 0) <= 1, metrics.fillers  # a clean take gets no invented fillers
    assert [p.covered for p in metrics.points] == [True] * 4, [(p.score, p.evidence) for p in metrics.points]


def test_the_faster_take_is_measured_faster(heard) -> None:
    assert heard("fast").words_per_minute > heard("slow").words_per_minute * 1.15


def test_fillers_are_heard(heard) -> None:
    truth = find_fillers(synthetic.plain_text(FILLER_TAKE))
    assert sum(truth.values()) == 6
    found = Counter(heard("fillers").fillers.found)
    recalled = sum(min(n, found[name]) for name, n in truth.items())
    assert recalled / 6 >= 2 / 3, (found, heard("fillers").transcript)
    assert [p.covered for p in heard("fillers").points] == [True] * 4


def test_a_dropped_point_is_marked_dropped(heard) -> None:
    assert [p.covered for p in heard("dropped").points] == [True, True, False, True]


def test_a_long_pause_is_measured(recordings, heard) -> None:
    metrics = heard("pause")
    assert 2.8 <= metrics.longest_pause_seconds <= 4.0
    assert metrics.speaking_seconds <= metrics.duration_seconds - 2.8
    spoken = synthetic.wav_seconds(recordings["pause"]) - 3
    assert metrics.speaking_seconds >= 0.7 * spoken


def test_trailing_silence_invents_no_words(recordings, heard) -> None:
    take, trailing = heard("dropped"), heard("trailing")
    assert trailing.duration_seconds == pytest.approx(take.duration_seconds + 6, abs=0.05)
    # No word lands in the six quiet seconds: the talk ends where the speech ends.
    assert trailing.talk_seconds == pytest.approx(take.talk_seconds, abs=0.3)
    assert trailing.words == pytest.approx(take.words, abs=2)
    assert "thank" not in trailing.transcript.lower()
    assert trailing.words_per_minute == pytest.approx(take.words_per_minute, rel=0.05)


def test_the_same_recording_gives_the_same_result(recordings, heard) -> None:
    again = rehearse_audio(recordings["dropped"], SCRIPT)
    assert again.model_dump() == heard("dropped").model_dump()


@pytest.mark.parametrize("suffix", [".mp3", ".ogg", ".webm", ".m4a"])
def test_phone_and_browser_formats(suffix: str, recordings, heard, tmp_path: Path) -> None:
    reason = synthetic.missing_tool("ffmpeg")
    if reason:
        pytest.skip(reason)
    converted = synthetic.convert(recordings["short"], tmp_path / f"short{suffix}")
    metrics = rehearse_audio(converted, POINTS[0])
    reference = heard("short")
    assert metrics.duration_seconds == pytest.approx(reference.duration_seconds, abs=0.15)
    assert metrics.words == pytest.approx(reference.words, abs=1)
    assert [p.covered for p in metrics.points] == [True]


def test_timing_only_when_transcription_is_off(recordings, monkeypatch: pytest.MonkeyPatch) -> None:
    from coaching.rehearsal import transcribe
    from coaching.settings import get_settings

    monkeypatch.setenv("COACH_TRANSCRIBER", "off")
    get_settings.cache_clear()
    monkeypatch.setattr(transcribe, "local_model", lambda: pytest.fail("the model was loaded"))
    metrics = rehearse_audio(recordings["pause"], SCRIPT)
    assert metrics.duration_seconds == pytest.approx(synthetic.wav_seconds(recordings["pause"]), abs=0.01)
    assert 2.8 <= metrics.longest_pause_seconds <= 4.0
    assert metrics.speaking_seconds <= metrics.duration_seconds - 2.8
    assert (metrics.words, metrics.words_per_minute, metrics.fillers.count, metrics.points) == (0, None, None, [])


def test_an_over_long_file_is_refused_before_transcription(recordings, monkeypatch: pytest.MonkeyPatch) -> None:
    from coaching.rehearsal import transcribe

    monkeypatch.setattr(transcribe, "local_model", lambda: pytest.fail("the model was loaded"))
    with pytest.raises(InputError, match="is 11 min 0 s long; a take can be at most ten minutes"):
        rehearse_audio(recordings["long"])
    with pytest.raises(InputError, match="no speech detected"):
        rehearse_audio(recordings["silent"])


def test_audio_from_memory_as_the_page_uploads_it(recordings, heard) -> None:
    assert rehearse_audio(recordings["short"].read_bytes(), POINTS[0]).transcript == heard("short").transcript


@pytest.mark.parametrize(
    ("take", "message"),
    [
        ("silent", "no speech detected in"),
        ("empty", "is empty"),
        ("corrupt", "cannot be read as audio"),
        ("long", "a take can be at most ten minutes"),
    ],
)
def test_bad_recordings_exit_2_with_one_line(take: str, message: str, recordings) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coaching", "rehearse", "--audio", str(recordings[take])],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert result.stdout == ""


def test_cli_json_for_a_recording(recordings, heard) -> None:
    import json

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "coaching",
            "rehearse",
            "--audio",
            str(recordings["short"]),
            "--script",
            str(recordings["script"]),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert [p["covered"] for p in metrics["points"]] == [True, False, False, False]
    assert metrics["words"] == count_words(metrics["transcript"])
    assert metrics["transcript"] == heard("short").transcript  # the same in a fresh process


def test_the_speech_model_is_ready_before_the_first_take_once_warmed() -> None:
    from coaching.rehearsal.transcribe import _cached_model, warm_local

    _cached_model.cache_clear()
    warm_local()  # what the introduction page starts in the background
    assert _cached_model.cache_info().currsize == 1
