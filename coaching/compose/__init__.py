"""The offline composer: deterministic drafts built from the person's own words, one module per kind of draft."""

from __future__ import annotations

from coaching.models import CoachInput, Task
from coaching.reading import Reading, read_person


def compose(task: Task, person: Reading | CoachInput) -> str:
    """The offline draft of `task` for this person (read here if the caller has not read them yet)."""
    from coaching.tasks import TASKS

    reading = person if isinstance(person, Reading) else read_person(person)
    return TASKS[task].compose(reading)
