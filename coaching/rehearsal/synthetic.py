"""Synthetic takes with a known truth, for the tests and the benchmark (not used by the app).

Debian's `espeak-ng` speaks a script, `sox` joins silence, `ffmpeg` converts to the formats
phones and browsers record. espeak's `-s` words-a-minute is nominal, so the truth about a
take's length always comes from the file itself (`wav_seconds`).

Fillers are spoken through SSML as "um" and "uh" set off by short breaks, as people say them:
written plainly ("um,") espeak runs them into the next word, and it reads "uhh" as "who".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import wave
from pathlib import Path

TOOLS = {"espeak-ng": "espeak-ng", "sox": "sox", "ffmpeg": "ffmpeg"}
# A spoken filler: `{um}` / `{uh}` in a script become these.
_SPOKEN_FILLER = '<break time="150ms"/> {word} <break time="250ms"/>'


def missing_tool(*names: str) -> str | None:
    """Why synthetic takes cannot be made here (a sentence naming the missing tool), or None."""
    for name in names or tuple(TOOLS):
        if shutil.which(name) is None:
            return f"{name} is not installed: `apt-get install {TOOLS[name]}` (the Makefile does) to run this."
    return None


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def plain_text(script: str) -> str:
    """The words a script with `{um}` markers actually says (the truth to count against)."""
    return re.sub(r"\{(\w+)\}", r"\1", script)


def speak(script: str, out: Path, *, speed: int = 150) -> Path:
    """Say `script` (where `{um}`, `{uh}` mark spoken fillers) into a 22 kHz mono WAV file."""
    ssml = re.sub(r"\{(\w+)\}", lambda m: _SPOKEN_FILLER.format(word=m.group(1)), script)
    ssml = ssml.replace("&", "and")
    _run(["espeak-ng", "-m", "-s", str(speed), "-w", str(out), f"<speak>{ssml}</speak>"])
    return out


def silence(out: Path, seconds: float, *, rate: int = 22050) -> Path:
    _run(["sox", "-n", "-r", str(rate), "-c", "1", "-b", "16", str(out), "trim", "0", f"{seconds}"])
    return out


def join(parts: list[Path], out: Path) -> Path:
    _run(["sox", *map(str, parts), str(out)])
    return out


def convert(source: Path, out: Path) -> Path:
    """Re-encode with ffmpeg; the codec follows the suffix (.mp3, .ogg, .webm, .m4a)."""
    codec = {
        ".mp3": ["-c:a", "libmp3lame"],
        ".ogg": ["-c:a", "libvorbis"],
        ".webm": ["-c:a", "libopus"],
        ".m4a": ["-c:a", "aac"],
    }[out.suffix]
    _run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(source), *codec, str(out)])
    return out


def wav_seconds(path: Path) -> float:
    """The true length of a WAV file, from its header."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()
