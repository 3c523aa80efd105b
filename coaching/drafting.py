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
from coaching.settings import Settings, get_settings

GUIDANCE_PER_DRAFT = 3
# What each draft needs from the guidance, phrased as a person would search for it.
TASK_QUERIES = {
    Task.outreach: "how to ask for a short informational interview, open with who referred you, advice not a job",
    Task.intro: "tell me about yourself in ninety seconds: background, why the change, strengths, goal",
    Task.questions: "which questions to ask about the industry and career path, and asking for two more names",
    Task.thank_you: "send a prompt thank-you note mentioning something specific from the meeting",
    Task.follow_up: "second longer thank-you a month later reporting what you did, report back to the referrer",
    Task.nudge: "following up politely when a meeting request gets no reply, short meeting, advice not a job",
}
OnText = Callable[[str], None]


def guidance_for(task: Task, data: CoachInput) -> list[Passage]:
    """The passages a draft of `task` for this person is grounded in."""
    from coaching.retrieval import search

    query = f"{TASK_QUERIES[task]} {data.profile.target_industry} {data.profile.target_role}".strip()
    return list(search(query, GUIDANCE_PER_DRAFT))


def _clean(text: str) -> str:
    """Strip what models add around a draft despite being asked not to (code fences, blank edges)."""
    text = re.sub(r"^```[a-z]*\n|\n?```$", "", text.strip())
    return text.strip()


def _write(backend: Backend, task: Task, data: CoachInput, messages: list[Message], on_text: OnText | None) -> str:
    pieces: list[str] = []
    for piece in backend.generate(task, data, messages):
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
    data: CoachInput,
    passages: list[Passage],
    messages: list[Message],
    on_text: OnText | None,
) -> tuple[str, list[str]]:
    """The model's draft, with at most one repair request when it invents details."""
    text = _write(backend, task, data, messages, on_text)
    details = find_unsupported(text, data, passages)
    if not details:
        return text, []
    text = _write(backend, task, data, _repair_messages(messages, text, details), on_text)
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
    messages = render_messages(task, data, passages)
    warnings: list[str] = []
    use_model = backend == "llm" or (backend == "auto" and settings.llm_configured)
    name, model = "offline", get_backend("offline").model
    text = ""
    if use_model:
        try:
            text, warnings = _with_model(ModelBackend(settings), task, data, passages, messages, on_text)
            name, model = "llm", settings.coach_model
        except BackendError as exc:
            if backend == "llm":
                raise
            warnings.append(f"The model could not be used, so this is an offline draft. {exc.message}")
    if not text:
        text = _write(get_backend("offline"), task, data, messages, on_text)
    return Draft(
        task=task,
        backend=name,
        model=model,
        text=text,
        citations=[Citation(id=p.id, topics=p.topics, source=p.source) for p in passages],
        checks=run_checks(task, data, text, passages),
        spoken_seconds=spoken_seconds(text),
        warnings=warnings,
    )


def check_text(task: Task, data: CoachInput, text: str) -> list[Check]:
    """Check text the person wrote or edited, against the same guidance a draft would cite."""
    return run_checks(task, data, text, guidance_for(task, data))
