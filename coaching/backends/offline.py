"""The offline composer as a backend: deterministic, no network, no key."""

from __future__ import annotations

from collections.abc import Iterator

from coaching.compose import compose
from coaching.models import Task
from coaching.prompting import Message
from coaching.reading import Reading


class OfflineComposer:
    name = "offline"
    model = "offline-composer"

    def generate(self, task: Task, reading: Reading, messages: list[Message]) -> Iterator[str]:
        # The messages are for a model; the composer works from the reading directly.
        yield compose(task, reading)
