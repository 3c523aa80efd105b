"""Quality you can see: draft every task for every person and print

1. the share of checks passed, per task and per rule, on the tidy personas and on 48 people typed
   as people type (tests/data/personas.json and tests/data/people.json);
2. how alike different people's drafts are: per task, the share of body sentences (greeting,
   subject and sign-off aside) that are word for word the same for five or more of the 48 people.
   A recipient who gets several notes written with one tool notices; the target is 25 % at most.

Offline always; with a model too when one is configured (OPENAI_BASE_URL or OPENAI_API_KEY).
Run: .venv/bin/python bench/eval_drafts.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from coaching.drafting import draft
from coaching.errors import CoachError
from coaching.models import Task, parse_input
from coaching.settings import get_settings

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = ("personas.json", "people.json")
SAME_FOR = 5  # a sentence shared by this many people or more reads as a template
SHARED_TARGET = 0.25
_SENTENCE = re.compile(r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bProf\.)(?<=[.!?])\s+|\n+")
_FRAME = re.compile(r"^(?:subject:|hi |dear |best|kind regards|thanks,|thank you,|with thanks,|many thanks,)", re.I)


def people(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def body_sentences(text: str, signature: str) -> list[str]:
    """The sentences a reader reads in the body: no subject, greeting, sign-off or signature."""
    found = []
    for line in text.splitlines():
        line = re.sub(r"^\d+\.\s+", "", line.strip())  # a numbered question is a sentence too
        for sentence in _SENTENCE.split(line):
            sentence = sentence.strip()
            if sentence and sentence != signature and not _FRAME.match(sentence) and sentence[-1] in ".!?":
                found.append(sentence)
    return found


def evaluate(backend: str) -> tuple[dict, dict, list[str], dict[str, dict[str, set[str]]]]:
    by_task: dict[str, list[bool]] = defaultdict(list)
    by_rule: dict[str, list[bool]] = defaultdict(list)
    problems: list[str] = []
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # task → sentence → people
    for set_name in SETS:
        for person in people(set_name):
            for task in Task:
                try:
                    data = parse_input(person, task)
                    result = draft(task, data, backend=backend)
                except CoachError as exc:
                    if "required" not in str(exc):  # a task this person has no fields for is skipped
                        problems.append(f"{person['id']} {task.value}: {exc}")
                    continue
                for check in result.checks:
                    by_task[task.value].append(check.passed)
                    by_rule[check.rule].append(check.passed)
                    if not check.passed:
                        problems.append(f"{person['id']} {task.value}: {check.message}")
                if set_name == "people.json":
                    for sentence in body_sentences(result.text, data.profile.name):
                        seen[task.value][sentence].add(person["id"])
    return by_task, by_rule, problems, seen


def shared_share(seen: dict[str, set[str]]) -> tuple[int, int]:
    """(sentences said by five or more people, all sentences), each counted once per person."""
    total = sum(len(ids) for ids in seen.values())
    shared = sum(len(ids) for ids in seen.values() if len(ids) >= SAME_FOR)
    return shared, total


def report(backend: str) -> bool:
    by_task, by_rule, problems, seen = evaluate(backend)
    print(f"\n{backend} drafts — share of checks passed ({' and '.join(SETS)})")
    for title, table in (("task", by_task), ("rule", by_rule)):
        print(f"  {title:22} {'passed':>8} {'checks':>7}")
        for name, results in sorted(table.items()):
            print(f"  {name:22} {sum(results) / len(results):8.1%} {len(results):7d}")
    everything = [r for results in by_task.values() for r in results]
    print(f"  {'all':22} {sum(everything) / max(len(everything), 1):8.1%} {len(everything):7d}")
    for problem in problems[:20]:
        print(f"  ✗ {problem}")

    count = len(people(SETS[1]))
    print(f"\n{backend} drafts — body sentences word for word the same for {SAME_FOR}+ of {count} people")
    print(f"  {'task':22} {'shared':>8} {'sentences':>10}")
    all_shared = all_total = 0
    for task, sentences in sorted(seen.items()):
        shared, total = shared_share(sentences)
        all_shared, all_total = all_shared + shared, all_total + total
        print(f"  {task:22} {shared / max(total, 1):8.1%} {total:10d}")
    overall = all_shared / max(all_total, 1)
    verdict = "✓" if overall <= SHARED_TARGET else "✗"
    print(f"  {'all':22} {overall:8.1%} {all_total:10d}   target <= {SHARED_TARGET:.0%} {verdict}")
    common = sorted(((len(ids), s) for task in seen.values() for s, ids in task.items() if len(ids) >= SAME_FOR),
                    reverse=True)[:12]  # fmt: skip
    for count, sentence in common:
        print(f"  {count:3d}× {sentence}")
    return overall <= SHARED_TARGET and all(everything)


def main() -> int:
    from eval_questions import report as report_questions  # beside this script

    good = report("offline")
    good = report_questions() and good
    # Issue 14, not yet in the check: the job-ask model's figures on its held-back sentences.
    from train_job_asks import report as report_job_asks

    report_job_asks()
    if get_settings().llm_configured:
        report("llm")
    else:
        print("\n(no model configured: set OPENAI_BASE_URL or OPENAI_API_KEY to evaluate model drafts too)")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
