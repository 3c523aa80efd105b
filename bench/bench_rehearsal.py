"""Spoken rehearsal benchmark: model load, real-time factor, pace error and filler recall.

    .venv/bin/python bench/bench_rehearsal.py

Makes a ninety-second espeak-ng take of a known script with known fillers, then transcribes it
with the bundled Whisper model with and without the filler-keeping initial prompt. Targets
(issue 9): model load <= 2 s; real-time factor <= 0.15 once loaded; words a minute within
10 % of the truth; filler recall >= 2/3.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import coaching  # noqa: F401  (sets ORT_DISABLE_TELEMETRY before onnxruntime loads)
from coaching.rehearsal import synthetic
from coaching.rehearsal.audio import SAMPLE_RATE, load_audio
from coaching.rehearsal.metrics import TimedWord, Transcript, count_words, find_fillers, measure
from coaching.rehearsal.transcribe import (
    COMPRESSION_LIMIT,
    FILLER_PROMPT,
    Transcription,
    local_model,
    transcribe_local,
)

# About ninety seconds: an introduction with the fillers people use.
SCRIPT = (
    "Thanks for making the time today. {um} I spent six years as a high school chemistry teacher in Ohio. "
    "Most of my days were about, you know, planning lessons for a hundred and twenty students. "
    "Over time I found the part I liked best was {uh} fixing the systems around the teaching. "
    "I rebuilt our lab booking process, and it cut the waiting time for equipment in half. "
    "{um} That project is why I am moving into product management. "
    "I love turning messy problems into clear plans, and, like, seeing people use what we built. "
    "My strengths are explaining hard ideas simply and {uh} running projects with many people. "
    "Last year I took a course in user research and interviewed twelve teachers about their tools. "
    "{um} My goal is a junior product role at a health technology company within a year. "
    "I would like to learn how your team decides what to build next, "
    "and, you know, what you wish you had known when you started. "
    "{uh} I have a few questions ready, and I will keep us to the twenty minutes we planned. "
    "{um} Before we start, is there anything you would like to know about me?"
)
# espeak's nominal rate; the truth is measured from the file.
SPEED = 125
TARGET_RTF = 0.15
TARGET_LOAD = 2.0


def transcribe_sequential(samples, prompt: str | None) -> Transcription:
    """faster-whisper's sequential pipeline with the same options, for comparison."""
    segments, _ = local_model().transcribe(
        samples,
        language="en",
        temperature=[0.0],
        word_timestamps=True,
        vad_filter=True,
        condition_on_previous_text=False,
        initial_prompt=prompt,
    )
    segments = [s for s in segments if s.compression_ratio <= COMPRESSION_LIMIT]
    words = [TimedWord(text=w.word.strip(), start=w.start, end=w.end) for s in segments for w in s.words or []]
    return Transcription(text=" ".join(s.text.strip() for s in segments), words=words)


def recall(truth: Counter[str], heard: Counter[str], names: set[str] | None = None) -> tuple[int, int]:
    keys = [k for k in truth if names is None or k in names]
    return sum(min(truth[k], heard.get(k, 0)) for k in keys), sum(truth[k] for k in keys)


def main() -> int:
    reason = synthetic.missing_tool("espeak-ng")
    if reason:
        print(f"Skipped: {reason}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        wav = synthetic.speak(SCRIPT, Path(tmp) / "take90.wav", speed=SPEED)
        seconds = synthetic.wav_seconds(wav)
        samples = load_audio(wav)

        started = time.perf_counter()
        local_model()
        load = time.perf_counter() - started
        print(f"model load: {load:.2f} s (target <= {TARGET_LOAD:.0f} s)")

        spoken = synthetic.plain_text(SCRIPT)
        truth_words, truth_fillers = count_words(spoken), find_fillers(spoken)
        truth_wpm = truth_words * 60 / seconds
        print(
            f"take: {seconds:.1f} s, {truth_words} words ({truth_wpm:.1f} a minute), "
            f"{sum(truth_fillers.values())} fillers {dict(truth_fillers)}"
        )
        transcribe_local(samples[: SAMPLE_RATE * 5])  # warm-up: first-call allocations are not work

        variants = (
            ("the product's setting: batched, filler prompt on every piece", "batched", FILLER_PROMPT),
            ("batched, no prompt", "batched", None),
            ("sequential pipeline, filler prompt as initial_prompt", "sequential", FILLER_PROMPT),
        )
        for label, pipeline, prompt in variants:
            runs, cpu_seconds = [], []
            for _ in range(2):
                started, cpu = time.perf_counter(), time.process_time()
                if pipeline == "batched":
                    result = transcribe_local(samples, prompt=prompt)
                else:
                    result = transcribe_sequential(samples, prompt)
                runs.append((time.perf_counter() - started, result))
                cpu_seconds.append(time.process_time() - cpu)
            elapsed = min(e for e, _ in runs)
            result = runs[0][1]
            metrics = measure(Transcript(text=result.text, duration_seconds=seconds, words=result.words))
            heard = Counter(metrics.fillers.found)
            hit, total = recall(truth_fillers, heard)
            sound_hit, sound_total = recall(truth_fillers, heard, {"um", "uh"})
            error = (metrics.words_per_minute - truth_wpm) / truth_wpm
            same = all(r.text == result.text for _, r in runs)
            print(f"\n{label}:")
            print(
                f"  real-time factor: {elapsed / seconds:.3f} ({elapsed:.2f} s of work; target <= {TARGET_RTF}); "
                f"CPU time {min(cpu_seconds):.2f} s on {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
            )
            print(f"  words a minute: {metrics.words_per_minute} vs truth {truth_wpm:.1f} ({error:+.1%}; target ±10 %)")
            print(
                f"  filler recall: {hit}/{total} = {hit / total:.2f} (um/uh alone {sound_hit}/{sound_total}); "
                f"heard {dict(heard)}"
            )
            print(f"  longest pause {metrics.longest_pause_seconds} s, speaking {metrics.speaking_seconds} s")
            print(f"  same transcript on both runs: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
