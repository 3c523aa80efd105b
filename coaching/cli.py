"""`python -m coaching` / `coach`: the command line, a contract that DESIGN.md spells out.

Exit codes: 0 success; 1 a check failed or the guidance cannot be read; 2 invalid input;
3 the model backend failed. Every error is one plain line on stderr, never a traceback
(set COACH_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from coaching.cli_words import error_line
from coaching.errors import CoachError, InputError
from coaching.models import Task


def read_source(value: str, flag: str, *, limit: int = 2_000_000) -> str:
    """The text of FILE, or of standard input for `-`; a missing file names the flag. At most one
    character past `limit` is read, so /dev/zero or a huge file is refused without filling memory."""
    if value == "-":
        text = _read_at_most(sys.stdin, limit + 1, flag, "standard input").removeprefix("\ufeff")
    else:
        path = Path(value)
        if not path.exists() or path.is_dir():  # a pipe such as /dev/stdin or <(…) is fine
            raise InputError(f"{flag}: no file at {value}.")
        try:
            # Notepad starts its UTF-8 files with a BOM; a BOM counts against nothing.
            with path.open(encoding="utf-8-sig") as source:
                text = _read_at_most(source, limit + 1, flag, value)
        except OSError as exc:
            raise InputError(f"{flag}: {value} cannot be read as UTF-8 text ({type(exc).__name__}).") from None
    if len(text) > limit:
        raise InputError(f"{flag}: at most {limit:,} characters (this has more).")
    return text


def _read_at_most(source: Any, characters: int, flag: str, name: str) -> str:
    try:
        return source.read(characters)
    except UnicodeDecodeError:
        raise InputError(f"{flag}: {name} cannot be read as UTF-8 text (UnicodeDecodeError).") from None


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --- guidance ------------------------------------------------------------------------------------


def cmd_index(args: argparse.Namespace) -> int:
    from coaching.index import open_index

    started = time.perf_counter()
    index = open_index(rebuild=args.rebuild)
    seconds = time.perf_counter() - started
    verb = "Reused" if index.built_seconds is None else "Built"
    print(f"{verb} the guidance index: {len(index.passages)} passages in {seconds:.2f} s.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from coaching.retrieval import search_many

    results = search_many(args.query, args.k, stage=args.stage, topic=args.topic, method=args.method)
    if args.json:
        print_json(
            [
                {"query": q, "results": [r.model_dump() for r in found]}
                for q, found in zip(args.query, results, strict=True)
            ]
        )
        return 0
    for query, found in zip(args.query, results, strict=True):
        print(f"» {query}")
        for number, result in enumerate(found, start=1):
            print(f"\n{number}. [{', '.join(result.topics)}] {result.text}\n   — {result.source}")
        print()
    return 0


# --- drafting ------------------------------------------------------------------------------------


def cmd_draft(args: argparse.Namespace) -> int:
    from coaching.drafting import draft
    from coaching.models import load_inputs

    task = Task(args.task)
    inputs, many = load_inputs(read_source(args.input, "--input"), task)
    drafts = [draft(task, data, backend=args.backend) for data in inputs]
    if args.json:
        dumped = [d.model_dump(mode="json") for d in drafts]
        print_json(dumped if many else dumped[0])
        return 0
    for number, result in enumerate(drafts):
        if many:
            print(f"=== {number + 1} of {len(drafts)} ===")
        print(result.text)
        print(f"\n({result.backend} draft, about {result.spoken_seconds:.0f} s to say aloud)")
        for check in result.checks:
            print(f"  {'✓' if check.passed else '✗'} {check.message}")
        for warning in result.warnings:
            print(f"  ! {warning}", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from coaching.drafting import check_text
    from coaching.models import load_inputs

    task = Task(args.task)
    if args.input == "-" and args.text == "-":
        raise InputError("--text: only one of --input and --text can be read from standard input.")
    inputs, as_array = load_inputs(read_source(args.input, "--input"), task)
    if as_array and len(inputs) > 1:
        raise InputError(f"input: check takes the one input the draft was written for ({len(inputs)} given).")
    text = read_source(args.text, "--text", limit=100_000)
    if not text.strip():
        raise InputError("--text: the draft is empty.")
    checks = check_text(task, inputs[0], text)
    if args.json:
        print_json({"checks": [c.model_dump() for c in checks]})
    else:
        for check in checks:
            print(f"{'✓' if check.passed else '✗'} {check.rule}: {check.message}")
    return 0 if all(c.passed for c in checks) else 1


# --- the parser ----------------------------------------------------------------------------------


def _positive_int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number (got '{value}')") from None


class _Parser(argparse.ArgumentParser):
    """Command-line mistakes on one line, naming the argument as typed; the usage is a --help away."""

    def error(self, message: str) -> NoReturn:
        message = re.sub(r"^argument ([^:]+): ", r"\1: ", message)
        self.exit(2, f"{message} (see `{self.prog} --help`)\n")


def _quiet_stdout() -> None:
    """After stdout failed, point it at /dev/null so Python's final flush does not complain again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def build_parser() -> argparse.ArgumentParser:
    from coaching import cli_rehearse, cli_tracker

    parser = _Parser(
        prog="coach",
        description="Informational Interview Coach: draft and check the writing an informational interview needs.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    index = commands.add_parser("index", help="build or refresh the guidance index")
    index.add_argument("--rebuild", action="store_true", help="build it again from the guidance files")
    index.set_defaults(func=cmd_index)

    search = commands.add_parser("search", help="search the guidance library")
    search.add_argument("query", nargs="+", help="what you want to know (several queries are answered in turn)")
    search.add_argument("-k", type=_positive_int, default=5, help="how many passages per query (1-50, default 5)")
    search.add_argument("--stage", choices=["before", "during", "after"], help="only passages of this stage")
    search.add_argument("--topic", help="only passages with this topic id")
    search.add_argument("--method", choices=["dense", "lexical", "fused"], default="fused", help=argparse.SUPPRESS)
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(func=cmd_search)

    tasks = [t.value for t in Task]
    draft = commands.add_parser("draft", help="draft a message, introduction or question list")
    draft.add_argument("task", choices=tasks, metavar="TASK", help=f"one of: {', '.join(tasks)}")
    draft.add_argument(
        "--input", required=True, metavar="FILE", help="the JSON input (an object or an array), - for stdin"
    )
    draft.add_argument(
        "--backend",
        choices=["auto", "offline", "llm"],
        default="auto",
        help="auto (default): the model when one is configured, else offline",
    )
    draft.add_argument("--json", action="store_true", help="print JSON")
    draft.set_defaults(func=cmd_draft)

    check = commands.add_parser("check", help="check a draft you wrote or edited against the guidance")
    check.add_argument("task", choices=tasks, metavar="TASK", help=f"one of: {', '.join(tasks)}")
    check.add_argument("--input", required=True, metavar="FILE", help="the JSON input, - for stdin")
    check.add_argument("--text", required=True, metavar="FILE", help="the draft's text, - for stdin")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(func=cmd_check)

    cli_tracker.register(commands)
    cli_rehearse.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows up here, not at exit
        return code
    except CoachError as exc:
        # COACH_DEBUG=1 keeps the traceback for developers; read directly, as settings may be the problem.
        if os.environ.get("COACH_DEBUG", "").strip().lower() in ("1", "true", "yes"):
            raise
        print(error_line(exc, getattr(args, "field_flags", None)), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (e.g. `head`) has what it wanted
        _quiet_stdout()
        return 0
    except OSError as exc:
        if exc.filename is not None:  # a file the command itself opened: a bug, keep it loud
            raise
        _quiet_stdout()
        print(f"Could not write the output: {exc.strerror or exc}.", file=sys.stderr)
        return 1
