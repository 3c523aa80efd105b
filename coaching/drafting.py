"""From a person's input to a checked draft: retrieve guidance, render the prompt, write, check.

This is the one function the CLI and the pages call: `draft(task, data, backend=...)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coaching.backends import Backend, get_backend
from coaching.backends.llm import ModelBackend
from coaching.checks import find_unsupported, run_checks
from coaching.compose.common import spoken_seconds
from coaching.errors import BackendError
from coaching.models import Check, Citation, CoachInput, Draft, Passage, Task
from coaching.prompting import Message, render_messages
from coaching.reading import Reading, read_person
from coaching.settings import Settings, get_settings

GUIDANCE_PER_DRAFT = 3
OnText = Callable[[str], None]


def guidance_for(task: Task, data: CoachInput) -> list[Passage]:
    """The passages a draft of `task` for this person is grounded in."""
    from coaching.retrieval import search
    from coaching.tasks import TASKS

    query = f"{TASKS[task].query} {data.profile.target_industry} {data.profile.target_role}".strip()
    return list(search(query, GUIDANCE_PER_DRAFT))


def _clean(text: str) -> str:
    """Strip what models add around a draft despite being asked not to (code fences, blank edges)."""
    text = re.sub(r"^```[a-z]*\n|\n?```$", "", text.strip())
    return text.strip()


def _write(backend: Backend, task: Task, reading: Reading, messages: list[Message], on_text: OnText | None) -> str:
    pieces: list[str] = []
    for piece in backend.generate(task, reading, messages):
        pieces.append(piece)
        if on_text:
            on_text("".join(pieces))
    return _clean("".join(pieces))


def _repair_messages(messages: list[Message], text: str, details: list[str]) -> list[Message]:
    listed = ", ".join(f'"{d}"' for d in details)
    request = (
        f"These details in your draft are not in my data or the guidance: {listed}. "
        "Rewrite the draft without them, changing nothing else, and reply with the draft only."
    )
    return [*messages, {"role": "assistant", "content": text}, {"role": "user", "content": request}]


def _with_model(
    backend: Backend,
    task: Task,
    reading: Reading,
    passages: list[Passage],
    messages: list[Message],
    on_text: OnText | None,
) -> tuple[str, list[str]]:
    """The model's draft, with at most one repair request when it invents details."""
    data = reading.data
    text = _write(backend, task, reading, messages, on_text)
    details = find_unsupported(text, data, passages)
    if not details:
        return text, []
    text = _write(backend, task, reading, _repair_messages(messages, text, details), on_text)
    still = find_unsupported(text, data, passages)
    if still:
        return text, [f"The model's draft still has details you did not give: {', '.join(still)}. Check them."]
    return text, []


def draft(
    task: Task,
    data: CoachInput,
    backend: str = "auto",
    on_text: OnText | None = None,
    settings: Settings | None = None,
) -> Draft:
    """Draft `task` for this person, checked against the guidance it cites.

    `backend` is offline, llm or auto (the model when one is configured, falling back to the
    offline composer, with a warning, when it fails). `on_text` receives the text so far as it streams.
    `settings` overrides the process settings (the app passes the session's model choice).
    """
    if backend not in ("auto", "offline", "llm"):
        get_backend(backend)  # raises the error that lists the valid names, before any work is done
    settings = settings or get_settings()
    if backend == "llm" and not settings.llm_configured:
        # Without an address or a key there is nothing to call: say so at once, with no network attempt.
        raise BackendError(
            "No model is set up: set OPENAI_BASE_URL (a local server) or OPENAI_API_KEY (OpenAI).",
            "Or use the offline composer (--backend offline).",
        )
    passages = guidance_for(task, data)
    reading = read_person(data)  # once: the prompt, the composer and the checks share it
    messages = render_messages(task, reading, passages)
    warnings: list[str] = []
    use_model = backend == "llm" or (backend == "auto" and settings.llm_configured)
    name, model = "offline", get_backend("offline").model
    text = ""
    if use_model:
        try:
            text, warnings = _with_model(ModelBackend(settings), task, reading, passages, messages, on_text)
            name, model = "llm", settings.coach_model
        except BackendError as exc:
            if backend == "llm":
                raise
            warnings.append(f"The model could not be used, so this is an offline draft. {exc.message}")
    if not text:
        text = _write(get_backend("offline"), task, reading, messages, on_text)
    return Draft(
        task=task,
        backend=name,
        model=model,
        text=text,
        citations=[Citation(id=p.id, topics=p.topics, source=p.source) for p in passages],
        checks=run_checks(task, reading, text, passages),
        spoken_seconds=spoken_seconds(text),
        warnings=warnings,
    )


def check_text(task: Task, data: CoachInput, text: str) -> list[Check]:
    """Check text the person wrote or edited, against the same guidance a draft would cite."""
    return run_checks(task, read_person(data), text, guidance_for(task, data))
