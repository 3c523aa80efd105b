"""Quality you can see: draft every task for every persona and print the share of checks passed,
per task and per rule. Offline always; with a model too when one is configured (OPENAI_BASE_URL or
OPENAI_API_KEY). Run: .venv/bin/python bench/eval_drafts.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from coaching.drafting import draft
from coaching.errors import CoachError
from coaching.models import Task, parse_input
from coaching.settings import get_settings

PERSONAS = Path(__file__).resolve().parent.parent / "tests" / "data" / "personas.json"


def evaluate(backend: str) -> tuple[dict[str, list[bool]], dict[str, list[bool]], list[str]]:
    by_task: dict[str, list[bool]] = defaultdict(list)
    by_rule: dict[str, list[bool]] = defaultdict(list)
    problems: list[str] = []
    for persona in json.loads(PERSONAS.read_text(encoding="utf-8")):
        for task in Task:
            try:
                result = draft(task, parse_input(persona, task), backend=backend)
            except CoachError as exc:
                problems.append(f"{persona['id']} {task.value}: {exc}")
                continue
            for check in result.checks:
                by_task[task.value].append(check.passed)
                by_rule[check.rule].append(check.passed)
                if not check.passed:
                    problems.append(f"{persona['id']} {task.value}: {check.message}")
    return by_task, by_rule, problems


def report(backend: str) -> None:
    by_task, by_rule, problems = evaluate(backend)
    print(f"\n{backend} drafts — share of checks passed")
    for title, table in (("task", by_task), ("rule", by_rule)):
        print(f"  {title:20} {'passed':>8} {'checks':>7}")
        for name, results in sorted(table.items()):
            print(f"  {name:20} {sum(results) / len(results):8.1%} {len(results):7d}")
    everything = [r for results in by_task.values() for r in results]
    print(f"  {'all':20} {sum(everything) / max(len(everything), 1):8.1%} {len(everything):7d}")
    for problem in problems[:20]:
        print(f"  ✗ {problem}")


def main() -> int:
    report("offline")
    if get_settings().llm_configured:
        report("llm")
    else:
        print("\n(no model configured: set OPENAI_BASE_URL or OPENAI_API_KEY to evaluate model drafts too)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
