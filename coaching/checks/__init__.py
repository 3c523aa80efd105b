"""Checks a draft against the guidance: the task's own rules (from the task table, including the ones
that read it as its recipient would), then the three that apply to every draft
(`unsupported-detail`, `canned-phrase`, `placeholder`). Model drafts, offline drafts and text the
person edited all go through the same function, with the same reading of the person."""

from __future__ import annotations

import re

from coaching.checks.claims import unsupported_details
from coaching.checks.lint import find_canned, find_placeholders
from coaching.industries import find_industry
from coaching.models import Check, CoachInput, Passage, Task
from coaching.reading import Reading, read_person


def support_texts(data: CoachInput, passages: list[Passage]) -> list[str]:
    """What a draft may draw details from besides the input: the cited guidance and the industry file."""
    from coaching.english import tidy

    # The person's words as the drafts write them out ("insta" is Instagram, "yrs" years) support them too.
    texts = [*(p.text for p in passages), tidy(typed_text(data))]
    known = find_industry(data.profile.target_industry)
    if known:
        texts.append(" ".join([*known.themes, *known.roles, *known.skills, *known.entry_paths]))
    family = read_person(data).family  # the role family's facts, which the question list draws on
    if family:
        texts.append(" ".join(family.facts))
    return texts


def find_unsupported(text: str, data: CoachInput, passages: list[Passage]) -> list[str]:
    """The names and numbers in `text` that neither the person nor the guidance gave."""
    return unsupported_details(text, data, support_texts(data, passages))


def check_details(text: str, data: CoachInput, passages: list[Passage], details: list[str] | None = None) -> Check:
    """`details` when the caller has already found them (the page highlights them too)."""
    details = find_unsupported(text, data, passages) if details is None else details
    if details:
        listed = ", ".join(f'"{d}"' for d in details[:5])
        verb = "is" if len(details) == 1 else "are"
        return Check(
            rule="unsupported-detail",
            passed=False,
            message=f"{listed} {verb} not in anything you told the coach (an unsupported detail). If the coach "
            "wrote it, take it out; if it is true, keep it, and add it to your profile so the coach knows it too.",
        )
    return Check(rule="unsupported-detail", passed=True, message="Every name and number comes from what you gave.")


def check_canned(text: str) -> Check:
    found = find_canned(text)
    if found:
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        # Quoted as the draft has it, not as the list spells it.
        written = re.search(r"\W+".join(map(re.escape, first.phrase.split())), text, re.I)
        quoted = written.group(0) if written else first.phrase
        return Check(
            rule="canned-phrase",
            passed=False,
            message=f'"{quoted}" is a stock phrase{more}: it reads as a template. {first.instead}',
        )
    return Check(rule="canned-phrase", passed=True, message="No stock phrases.")


def typed_text(data: CoachInput) -> str:
    """Everything the person typed, as plain text: JSON would escape their quotes and backslashes."""
    values: list[str] = []
    for part in (data.profile, data.contact, data.meeting):
        for value in part.model_dump().values():
            if isinstance(value, str):
                values.append(value)
            elif isinstance(value, list):
                values.extend(str(item) for item in value)
    return "\n".join(values)


def check_placeholders(text: str, data: CoachInput) -> Check:
    typed = typed_text(data)
    found = find_placeholders(text, typed)
    if found:
        listed = ", ".join(f'"{f}"' for f in found[:5])
        return Check(
            rule="placeholder",
            passed=False,
            message=f"{listed}: a placeholder left in. Replace it with the real text.",
        )
    return Check(rule="placeholder", passed=True, message="No placeholders left in.")


def run_checks(
    task: Task,
    person: Reading | CoachInput,
    text: str,
    passages: list[Passage] | None = None,
    details: list[str] | None = None,
) -> list[Check]:
    """Every check for this task on `text`, in a stable order. Pass the draft's `Reading` so the
    person is read once; given the input instead, they are read here."""
    from coaching.tasks import TASKS  # the task table imports the rules in this package

    reading = person if isinstance(person, Reading) else read_person(person)
    data = reading.data
    passages = passages or []
    checks = [rule(text, reading) for rule in TASKS[task].rules]
    checks += [check_details(text, data, passages, details), check_canned(text), check_placeholders(text, data)]
    return checks
