"""From a person's input to a checked draft: retrieve guidance, render the prompt, write, check.

This is the one function the CLI and the pages call: `draft(task, data, backend=...)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from coaching.backends import Backend, get_backend
from coaching.backends.llm import ModelBackend, ran_past_the_cap
from coaching.backends.thinking import Answer
from coaching.checks import find_unsupported, run_checks
from coaching.compose.common import spoken_seconds
from coaching.errors import BackendError, DraftTooLong, Fallback, Fix, StillThinking
from coaching.model_server import where
from coaching.models import Check, Citation, CoachInput, Draft, Passage, Task
from coaching.prompting import Message, render_messages
from coaching.reading import Reading, read_person
from coaching.settings import Settings, get_settings

GUIDANCE_PER_DRAFT = 3
# English runs about four characters to a token: how a token cap becomes a length to hold a draft to.
CHARS_PER_TOKEN = 4
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


@dataclass(frozen=True)
class Watchers:
    """Who hears about a draft as it is written: `on_text` gets the draft so far, `on_thinking` is
    called once each time a model starts thinking before it writes."""

    on_text: OnText | None = None
    on_thinking: Callable[[], None] | None = None


def _write(
    backend: Backend, task: Task, reading: Reading, messages: list[Message], watch: Watchers, limit: int | None = None
) -> str:
    """The draft `backend` writes, without any thinking; with `limit`, stopped once longer than that."""
    answer, was_thinking, shown = Answer(), False, ""
    pieces = backend.generate(task, reading, messages)
    try:
        for piece in pieces:
            answer.feed(piece)
            if answer.thinking and not was_thinking:
                _saw_thinking(backend, watch)
            was_thinking = answer.thinking
            if limit is not None and len(answer.text) > limit:
                raise ran_past_the_cap(_where(backend))
            if watch.on_text and answer.text != shown:
                shown = answer.text
                watch.on_text(shown)
    except DraftTooLong as exc:
        if answer.thinking or not answer.text:
            raise StillThinking(
                f"The model at {_where(backend)} was still thinking when it reached its limit, so it wrote no draft.",
                fix=Fix(advice="Turn its thinking down or off, or choose a model that thinks less",
                        settings=("COACH_MODEL",), fallback=Fallback.offline_composer),
            ) from None  # fmt: skip
        exc.draft = answer.text
        raise
    finally:
        pieces.close()  # stop reading (and close the connection) as soon as the draft is too long
    answer.finish()
    return _clean(answer.text)


def _saw_thinking(backend: Backend, watch: Watchers) -> None:
    if isinstance(backend, ModelBackend):
        backend.saw_thinking()  # from now on it gets room to think
    if watch.on_thinking:
        watch.on_thinking()


def _where(backend: Backend) -> str:
    return where(backend.settings) if isinstance(backend, ModelBackend) else "this computer"


def _longest(task: Task) -> int:
    """The most characters a draft of this task may have: its token cap, in characters."""
    from coaching.tasks import TASKS

    return TASKS[task].max_tokens * CHARS_PER_TOKEN


def _within_cap(backend: ModelBackend, task: Task, reading: Reading, messages: list[Message], watch: Watchers) -> str:
    """The model's draft, held to the task's cap. Two second chances, each taken at most once: a model
    the cap stopped while it was still thinking is asked again with room to think, and a draft that
    ran past the cap is asked for again in the same conversation, shorter. Then it is a failure."""
    from coaching.tasks import TASKS

    asked_shorter = False
    while True:
        had_room = backend.thinks
        try:
            text = _write(backend, task, reading, messages, watch, _longest(task))
        except StillThinking:
            if had_room:
                raise
        except DraftTooLong as exc:
            if asked_shorter:
                raise
            asked_shorter = True
            spec = TASKS[task]
            ask = (
                f"That is longer than a {spec.title} may be: write it again in at most {spec.words} words, draft only."
            )
            messages = [*messages, {"role": "assistant", "content": exc.draft}, {"role": "user", "content": ask}]
        else:
            if not text:
                raise BackendError(
                    f"The model at {_where(backend)} finished without writing a draft.",
                    fix=Fix(advice="Try again", settings=("COACH_MODEL",), fallback=Fallback.offline_composer),
                )
            return text


def _repair_messages(messages: list[Message], text: str, details: list[str]) -> list[Message]:
    listed = ", ".join(f'"{d}"' for d in details)
    request = (
        f"These details in your draft are not in my data or the guidance: {listed}. "
        "Rewrite the draft without them, changing nothing else, and reply with the draft only."
    )
    return [*messages, {"role": "assistant", "content": text}, {"role": "user", "content": request}]


def _with_model(
    backend: ModelBackend,
    task: Task,
    reading: Reading,
    passages: list[Passage],
    messages: list[Message],
    watch: Watchers,
) -> tuple[str, list[str]]:
    """The model's draft, with at most one repair request when it invents details."""
    data = reading.data
    text = _within_cap(backend, task, reading, messages, watch)
    details = find_unsupported(text, data, passages)
    if not details:
        return text, []
    text = _within_cap(backend, task, reading, _repair_messages(messages, text, details), watch)
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
    on_thinking: Callable[[], None] | None = None,
) -> Draft:
    """Draft `task` for this person, checked against the guidance it cites.

    `backend` is offline, llm or auto (the model when one is configured, falling back to the
    offline composer, with a warning, when it fails). `on_text` receives the text so far as it streams;
    `on_thinking` is called when a reasoning model starts thinking (its thoughts are never passed on).
    `settings` overrides the process settings (the app passes the session's model choice).
    """
    if backend not in ("auto", "offline", "llm"):
        get_backend(backend)  # raises the error that lists the valid names, before any work is done
    settings = settings or get_settings()
    if backend == "llm" and not settings.llm_configured:
        # Without an address or a key there is nothing to call: say so at once, with no network attempt.
        raise BackendError(
            "No model is set up: the coach needs a server address (a local server) or an API key (OpenAI).",
            fix=Fix(settings=("OPENAI_BASE_URL", "OPENAI_API_KEY"), fallback=Fallback.offline_composer),
        )
    passages = guidance_for(task, data)
    reading = read_person(data)  # once: the prompt, the composer and the checks share it
    messages = render_messages(task, reading, passages)
    warnings: list[str] = []
    use_model = backend == "llm" or (backend == "auto" and settings.llm_configured)
    name, model = "offline", get_backend("offline").model
    text = ""
    watch = Watchers(on_text, on_thinking)
    if use_model:
        try:
            text, warnings = _with_model(ModelBackend(settings), task, reading, passages, messages, watch)
            name, model = "llm", settings.coach_model
        except BackendError as exc:
            if backend == "llm":
                raise
            warnings.append(f"The model could not be used, so this is an offline draft. {exc.message}")
    if not text:
        text = _write(get_backend("offline"), task, reading, messages, watch)
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
