"""`coach rehearse`: delivery metrics of a spoken take, and which points of the script it covers.

    python -m coaching rehearse --audio FILE [--script FILE] [--json] [--save]
    python -m coaching rehearse --transcript FILE [--seconds N] [--script FILE] [--json] [--save]

The speech model, numpy and the embedding model are imported inside the handler: `--help`
stays fast.
"""

from __future__ import annotations

import argparse
import math
import sys

from coaching.errors import InputError


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds (got '{value}')") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds (got '{value}')")
    return seconds


def cmd_rehearse(args: argparse.Namespace) -> int:
    from coaching.cli import print_json, read_source
    from coaching.rehearsal import feedback, rehearse_audio, rehearse_text, save_take

    if args.script == "-" and args.transcript == "-":
        raise InputError("--script: only one of --transcript and --script can be read from standard input.")
    script = read_source(args.script, "--script", limit=20_000) if args.script else None
    if script is not None and not any(ch.isalpha() for ch in script):
        raise InputError(f"--script: the script {'has no sentences' if script.strip() else 'is empty'}.")
    if args.audio:
        if args.seconds is not None:
            raise InputError("--seconds: only with --transcript (a recording's length is measured).")
        if args.audio == "-":
            raise InputError("--audio: give a file; a recording cannot be read from standard input.")
        progress = None if args.json or not sys.stderr.isatty() else _progress_line
        metrics = rehearse_audio(args.audio, script, progress=progress)
        source = "audio"
    else:
        text = read_source(args.transcript, "--transcript", limit=20_000)
        metrics = rehearse_text(text, args.seconds, script)
        source = "transcript"
    if args.save:
        save_take(metrics, source)

    if args.json:
        print_json(metrics.model_dump(mode="json"))
        return 0
    for sentence in feedback(metrics):
        print(sentence)
    if metrics.duration_estimated:
        print("(No --seconds given: the length is an estimate at 150 words a minute.)")
    if metrics.points:
        print("\nPoints of your script:")
        for point in metrics.points:
            print(f"  {'✓' if point.covered else '✗'} {point.point}{'' if point.covered else '  (dropped)'}")
    elif script and not metrics.words_known:
        print("\n(The script's points are not checked while transcription is off.)")
    if metrics.words_known and source == "audio":
        print(f"\nWhat the coach heard:\n{metrics.transcript}")
    if args.save:
        print("\nSaved this take.")
    return 0


def _progress_line(fraction: float) -> None:
    end = "\n" if fraction >= 1 else ""
    print(f"\rTranscribing… {fraction:4.0%}", end=end, file=sys.stderr, flush=True)


def register(commands: argparse._SubParsersAction) -> None:
    """Add `rehearse` to the command line."""
    rehearse = commands.add_parser(
        "rehearse",
        help="measure a spoken take: time, pace, filler words, pauses and the script's points",
        description="Measure a rehearsal of your introduction: time against ninety seconds, words a minute, "
        "filler words, the longest pause, and which sentences of your script you said.",
    )
    take = rehearse.add_mutually_exclusive_group(required=True)
    take.add_argument("--audio", metavar="FILE", help="a recording (WAV, MP3, M4A, OGG or WebM, at most 10 min)")
    take.add_argument("--transcript", metavar="FILE", help="what you said, as text (- for stdin)")
    rehearse.add_argument(
        "--seconds",
        type=_seconds,
        metavar="N",
        help="how long the typed take lasted (without it: estimated at 150 words a minute, pace not measured)",
    )
    rehearse.add_argument("--script", metavar="FILE", help="your script: each sentence is a point to cover")
    rehearse.add_argument("--json", action="store_true", help="print JSON")
    rehearse.add_argument("--save", action="store_true", help="keep this take in your local history")
    rehearse.set_defaults(func=cmd_rehearse)
