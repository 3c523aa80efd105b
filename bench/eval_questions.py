"""How the question lists read across many people (tests/data/question_people.json):

- how many distinct question frames (kind of question and wording) the lists use;
- the share of questions that are word for word the same for five or more people (target 20 % at most);
- lists with a question from another role family's facts, lists without a question on the goal, the
  contact or the contact's organisation (when given), with the ask for names not last, or too long
  for the meeting.

Run: .venv/bin/python bench/eval_questions.py (also part of `make eval`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from coaching.checks.rules import fits_the_meeting, referral_question
from coaching.compose.questions import question_frames
from coaching.drafting import draft
from coaching.models import Task, parse_input
from coaching.reading import read_person
from coaching.roles import other_families_facts

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SAME_FOR = 5
SHARED_TARGET = 0.20
_NUMBERED = re.compile(r"^\d{1,2}\.\s+(.+?)(?: \(core\))?$", re.M)


def question_lists(name: str = "question_people.json") -> list[tuple[dict, str, list[str]]]:
    """(person, list text, frames) for every person in the set."""
    found = []
    for person in json.loads((DATA / name).read_text(encoding="utf-8")):
        data = parse_input(person, Task.questions)
        text = draft(Task.questions, data, backend="offline").text
        found.append((person, text, question_frames(read_person(data))))
    return found


def problems_with(person: dict, text: str) -> list[str]:
    """What a careful reader would flag in one list."""
    data = parse_input(person, Task.questions)
    reading = read_person(data)
    found = [f"another job's question: {fact!r}" for fact in other_families_facts(text, reading.family)]
    # The product's own rules for the ask for names (last) and the length (fits the minutes).
    found += [check.message for check in (referral_question(text, reading), fits_the_meeting(text, reading))
              if not check.passed]  # fmt: skip
    if reading.contact_org and reading.contact_org not in text:
        found.append(f"no question about {reading.contact_org}")
    if (
        data.profile.goal
        and reading.goal
        and not reading.goal.asks_for_a_job
        and reading.goal.text.lower().rstrip("?") not in text.lower()
    ):
        found.append("the goal is not asked about")
    if reading.family is None:
        found.append(f"no role family for {data.profile.target_role or data.profile.target_industry!r}")
    return found


def report(name: str = "question_people.json") -> bool:
    lists = question_lists(name)
    frames: set[str] = set()
    said_by: dict[str, set[str]] = defaultdict(set)
    problems: list[str] = []
    for person, text, person_frames in lists:
        frames.update(person_frames)
        for question in _NUMBERED.findall(text):
            said_by[question].add(person["id"])
        problems += [f"{person['id']}: {p}" for p in problems_with(person, text)]
    total = sum(len(ids) for ids in said_by.values())
    shared = sum(len(ids) for ids in said_by.values() if len(ids) >= SAME_FOR)
    share = shared / max(total, 1)
    families = {json.dumps(p.get("family")) for p, _, _ in lists}
    print(f"\noffline question lists — {len(lists)} people, {len(families)} role families ({name})")
    print(f"  distinct question frames used: {len(frames)}")
    verdict = "✓" if share <= SHARED_TARGET else "✗"
    print(f"  questions word for word the same for {SAME_FOR}+ people: {share:.1%} of {total}"
          f"   target <= {SHARED_TARGET:.0%} {verdict}")  # fmt: skip
    print(f"  lists with a problem: {len({p.split(':')[0] for p in problems})} of {len(lists)}")
    for problem in problems[:20]:
        print(f"  ✗ {problem}")
    common = sorted(((len(ids), q) for q, ids in said_by.items() if len(ids) >= SAME_FOR), reverse=True)
    for count, question in common[:8]:
        print(f"  {count:3d}× {question}")
    return share <= SHARED_TARGET and not problems


if __name__ == "__main__":
    raise SystemExit(0 if report() else 1)
