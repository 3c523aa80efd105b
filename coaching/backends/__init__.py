"""Backends write a draft from rendered messages. The offline composer is just another backend,
so pages and the CLI never branch on "offline or not"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from coaching.errors import InputError
from coaching.models import Task
from coaching.prompting import Message
from coaching.reading import Reading


class Backend(Protocol):
    name: str
    model: str

    def generate(self, task: Task, reading: Reading, messages: list[Message]) -> Iterator[str]:
        """Yield the draft's text in pieces (one piece, or a model's stream). `reading` is the person's
        input, read once; a model works from `messages`, rendered from the same reading."""
        ...


BACKEND_NAMES = ("auto", "offline", "llm")


def get_backend(name: str) -> Backend:
    """The backend called `name`; `auto` is resolved by the caller (see drafting)."""
    if name == "offline":
        from coaching.backends.offline import OfflineComposer

        return OfflineComposer()
    if name == "llm":
        from coaching.backends.llm import ModelBackend

        return ModelBackend()
    raise InputError(f"--backend: must be one of {', '.join(BACKEND_NAMES)} (got '{name}').")
