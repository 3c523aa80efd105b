"""`python -m coaching rehearse`: the contract, typed takes, saved takes, exit codes, the API transcriber."""

from __future__ import annotations

import json
import math
import os
import struct
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from openai_server import OpenAIServer, openai_server_fixture, status  # noqa: F401

SCRIPT = (
    "I spent six years as a high school chemistry teacher in Ohio.\n"
    "I am moving into product management because I love turning messy problems into clear plans.\n"
    "My goal is a junior product role at a health technology company."
)
TAKE = (
    "So, um, I taught high school chemistry in Ohio for six years. Now I'm moving into product management, "
    "because I love turning messy problems into clear plans. Thanks."
)  # 28 words, fillers: "so" and "um"; the goal is dropped


def rehearse(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coaching", "rehearse", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env or os.environ.copy(),
    )


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"script": tmp_path / "script.txt", "take": tmp_path / "take.txt", "empty": tmp_path / "empty.txt"}
    paths["script"].write_text(SCRIPT, encoding="utf-8")
    paths["take"].write_text(TAKE, encoding="utf-8")
    paths["empty"].write_text("   \n", encoding="utf-8")
    paths["dots"] = tmp_path / "dots.txt"
    paths["dots"].write_text("...\n- \n!!!\n", encoding="utf-8")
    return paths


def test_a_file_saved_with_a_byte_order_mark_reads_as_plain_text(files: dict[str, Path]) -> None:
    for name in ("take", "script"):
        files[name].write_bytes(b"\xef\xbb\xbf" + files[name].read_bytes().replace(b"\n", b"\r\n"))
    result = rehearse("--transcript", str(files["take"]), "--seconds", "60", "--script", str(files["script"]), "--json")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert "\ufeff" not in metrics["transcript"] and "\ufeff" not in metrics["points"][0]["point"]


def test_a_take_just_over_ninety_seconds_is_not_called_inside(files: dict[str, Path]) -> None:
    result = rehearse("--transcript", str(files["take"]), "--seconds", "90.6")
    assert "just over ninety seconds" in result.stdout and "inside ninety" not in result.stdout


def test_typed_take_json_is_the_contract(files: dict[str, Path]) -> None:
    result = rehearse("--transcript", str(files["take"]), "--seconds", "12", "--script", str(files["script"]), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "duration_seconds": 12.0,
        "speaking_seconds": 12.0,
        "words": 28,
        "words_per_minute": 140.0,
        "fillers": {"count": 2, "per_minute": 10.0, "found": {"so": 1, "um": 1}},
        "longest_pause_seconds": None,
        "over_time_seconds": 0.0,
        "transcript": TAKE,
        "points": [
            {"point": "I spent six years as a high school chemistry teacher in Ohio.", "covered": True},
            {
                "point": "I am moving into product management because I love turning messy problems into clear plans.",
                "covered": True,
            },
            {"point": "My goal is a junior product role at a health technology company.", "covered": False},
        ],
    }


def test_typed_take_in_plain_sentences(files: dict[str, Path]) -> None:
    result = rehearse("--transcript", str(files["take"]), "--seconds", "100", "--script", str(files["script"]))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "You spoke for 1 min 40 s — about 10 s over ninety seconds" in out
    assert "17 words a minute — on the slow side" in out
    assert "✓ I spent six years as a high school chemistry teacher in Ohio." in out
    assert "✗ My goal is a junior product role at a health technology company.  (dropped)" in out


def test_typed_take_without_seconds_says_it_is_an_estimate(files: dict[str, Path]) -> None:
    result = rehearse("--transcript", str(files["take"]))
    assert result.returncode == 0, result.stderr
    assert "this takes about 11 s to say" in result.stdout
    assert "No --seconds given: the length is an estimate at 150 words a minute." in result.stdout


def test_saved_takes_build_a_history(files: dict[str, Path], _private_data_dir: Path) -> None:
    from coaching.rehearsal import list_takes

    for seconds in ("12", "10"):
        assert rehearse("--transcript", str(files["take"]), "--seconds", seconds, "--save").returncode == 0
    assert rehearse("--transcript", str(files["take"]), "--seconds", "8").returncode == 0  # not saved
    takes = list_takes()
    assert [t.metrics.words_per_minute for t in takes] == [140.0, 168.0]
    assert {t.source for t in takes} == {"transcript"}
    assert takes[0].saved_at <= takes[1].saved_at
    assert (_private_data_dir / "takes" / "takes.jsonl").is_file()


def test_a_damaged_history_line_is_skipped(_private_data_dir: Path) -> None:
    from coaching.rehearsal import list_takes, rehearse_text, save_take

    save_take(rehearse_text("one two three", seconds=2), "transcript")
    with (_private_data_dir / "takes" / "takes.jsonl").open("a") as out:
        out.write('{"saved_at": "2025-01-0\n')
    save_take(rehearse_text("four five", seconds=2), "transcript")
    assert [t.metrics.words for t in list_takes()] == [3, 2]


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (["--transcript", "nowhere.txt"], "--transcript: no file at nowhere.txt."),
        (["--transcript", "{empty}"], "--transcript: the transcript is empty."),
        (["--transcript", "{take}", "--script", "{empty}"], "--script: the script is empty."),
        (["--transcript", "{take}", "--script", "{dots}"], "--script: the script has no sentences."),
        (["--transcript", "{dots}", "--seconds", "10"], "--transcript: the transcript has no words."),
        (["--transcript", "-", "--script", "-"], "--script: only one of --transcript and --script can be read"),
        (["--transcript", "{take}", "--seconds", "0"], "--seconds: must be more than 0 seconds"),
        (["--transcript", "{take}", "--seconds", "soon"], "--seconds: must be a number of seconds"),
        (["--transcript", "{take}", "--seconds", "900"], "--seconds: must be more than 0 and at most 600"),
        (["--audio", "{take}", "--seconds", "10"], "--seconds: only with --transcript"),
        (["--audio", "{take}", "--transcript", "{take}"], "not allowed with argument"),
        ([], "one of the arguments --audio --transcript is required"),
        (["--audio", "nowhere.wav"], "--audio: no file at nowhere.wav."),
    ],
)
def test_bad_input_exits_2_with_one_line(files: dict[str, Path], args: list[str], stderr: str) -> None:
    result = rehearse(*[a.format(**{k: str(v) for k, v in files.items()}) for a in args])
    assert result.returncode == 2
    assert stderr in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_help_does_not_load_the_speech_stack() -> None:
    code = (
        "import sys; from coaching.cli import build_parser; build_parser()\n"
        "print([m for m in ('faster_whisper', 'av', 'ctranslate2', 'onnxruntime', 'numpy', 'openai')"
        " if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert result.stdout.strip() == "[]", result.stderr


# --- the API transcriber, against the real local server of tests/openai_server.py -----------------


def _tone_wav(path: Path, seconds: float = 2.0, rate: int = 16_000) -> Path:
    """A tone in bursts, like syllables: it passes the silence check; the fake server supplies the words."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * i / rate)) if (i // 4000) % 2 else 0)
        for i in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


SAID = "Um, I taught chemistry. My goal is product."


def _api_env(server: OpenAIServer) -> dict[str, str]:
    env = os.environ.copy()  # the fixture has pointed OPENAI_BASE_URL and OPENAI_API_KEY at the server
    env.update(COACH_TRANSCRIBER="api", COACH_TRANSCRIBE_MODEL="whisper-local")
    return env


def test_api_transcriber_asks_for_word_timings_and_fillers(openai_server: OpenAIServer, tmp_path: Path) -> None:
    openai_server.script(SAID)
    result = rehearse("--audio", str(_tone_wav(tmp_path / "take.wav")), "--json", env=_api_env(openai_server))
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["transcript"] == SAID
    assert metrics["words"] == 8
    assert metrics["duration_seconds"] == 2.0  # the recording's, not the server's
    assert metrics["words_per_minute"] == 150.0  # 8 words timed 0.4 s each, back to back
    assert metrics["longest_pause_seconds"] == 0.0
    assert metrics["fillers"]["found"] == {"um": 1}
    (request,) = openai_server.requests
    assert request.path == "/v1/audio/transcriptions"
    for field in (
        b'name="response_format"\r\n\r\nverbose_json',
        b'name="timestamp_granularities[]"\r\n\r\nword',
        b'name="model"\r\n\r\nwhisper-local',
        b"Umm, let me think, like, hmm... uh, so,",
        b"RIFF",
    ):
        assert field in request.raw


@pytest.mark.parametrize(("code", "requests"), [(401, 1), (500, 3)])
def test_api_transcriber_failure_exits_3_without_the_key(openai_server: OpenAIServer, tmp_path: Path, code, requests):
    """Transcription shares drafting's client, retries (twice on a 5xx, never on a refused key) and
    wording, with its own way around: the bundled transcriber."""
    openai_server.script(*[status(code, retry_after="0")] * 3)
    result = rehearse("--audio", str(_tone_wav(tmp_path / "take.wav")), env=_api_env(openai_server))
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "transcription server" in result.stderr
    assert result.stderr.rstrip().endswith("or set COACH_TRANSCRIBER=local.")
    assert openai_server.api_key not in result.stderr + result.stdout
    assert len([r for r in openai_server.requests if r.path.endswith("/audio/transcriptions")]) == requests


def test_api_transcriber_unreachable_exits_3(openai_server: OpenAIServer, tmp_path: Path) -> None:
    env = _api_env(openai_server) | {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    result = rehearse("--audio", str(_tone_wav(tmp_path / "take.wav")), env=env)
    assert result.returncode == 3
    assert "could not be reached" in result.stderr
