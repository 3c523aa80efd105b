"""A model behind any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio), streamed.

Every failure of the SDK is translated here, in one place, into a `BackendError` whose message
says what to do; the key never appears in it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache, partial

from coaching.errors import BackendError
from coaching.models import Task
from coaching.prompting import Message
from coaching.reading import Reading
from coaching.settings import Settings, get_settings

MAX_RETRIES = 2
MAX_RETRY_AFTER = 20.0
OFFLINE_HINT = "or use the offline composer (--backend offline)."


def _where(settings: Settings) -> str:
    return settings.openai_base_url or "the OpenAI API"


@contextmanager
def translated_errors(settings: Settings) -> Iterator[None]:
    """Turn the SDK's exceptions into one plain sentence each."""
    import openai

    where = _where(settings)
    try:
        yield
    except openai.AuthenticationError:
        raise BackendError(
            f"The model server at {where} refused the API key.", f"Check OPENAI_API_KEY, {OFFLINE_HINT}"
        ) from None
    except openai.PermissionDeniedError:
        raise BackendError(
            f"The model server at {where} says this key may not use that model.", f"Check COACH_MODEL, {OFFLINE_HINT}"
        ) from None
    except openai.NotFoundError:
        raise BackendError(
            f"The model server at {where} does not know the model '{settings.coach_model}' (or the address is wrong).",
            f"Check COACH_MODEL and OPENAI_BASE_URL, {OFFLINE_HINT}",
        ) from None
    except openai.RateLimitError:
        raise BackendError(
            f"The model server at {where} is busy (too many requests), even after {MAX_RETRIES} retries.",
            f"Try again in a minute, {OFFLINE_HINT}",
        ) from None
    except openai.APITimeoutError:
        raise BackendError(
            f"The model server at {where} did not answer within {settings.coach_llm_timeout:g} s.",
            f"Check that it is running, raise COACH_LLM_TIMEOUT, {OFFLINE_HINT}",
        ) from None
    except openai.APIConnectionError:
        raise BackendError(
            f"The model server at {where} could not be reached.",
            f"Check that it is running and OPENAI_BASE_URL is right, {OFFLINE_HINT}",
        ) from None
    except openai.APIStatusError as exc:
        raise BackendError(_status_sentence(where, exc.status_code), _status_fix(exc.status_code)) from None
    except (openai.APIError, ValueError, KeyError, TypeError, AttributeError):
        # The SDK could not parse what came back: not JSON, or not a chat completion.
        raise BackendError(
            f"The model server at {where} sent an answer the coach could not read.",
            f"Check that it speaks the OpenAI chat API, {OFFLINE_HINT}",
        ) from None


def _status_sentence(where: str, status: int) -> str:
    """What an HTTP error from the server means, said plainly (the code in brackets, for whoever helps)."""
    if status in (405, 404, 501):
        return f"Something answers at {where}, but not as a model server the coach can talk to (HTTP {status})."
    if status >= 500:
        return f"The model server at {where} ran into a problem of its own (HTTP {status})."
    return f"The model server at {where} turned the request down (HTTP {status})."


def _status_fix(status: int) -> str:
    if status in (405, 404, 501):
        return f"Check the address (an OpenAI-compatible server's usually ends in /v1), {OFFLINE_HINT}"
    return f"Try again later, {OFFLINE_HINT}"


@lru_cache(maxsize=4)
def _shared_client(api_key: str, base_url: str | None, timeout: float):
    """One client per configuration: building one loads the TLS certificates (~30-150 ms a time)."""
    from openai import OpenAI

    # Retries are ours (see _create): the SDK would also retry a timeout, keeping a person waiting
    # three times COACH_LLM_TIMEOUT before saying the server did not answer.
    return OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)


def _retry_delay(exc: Exception, attempt: int) -> float:
    """The server's Retry-After when it gives one (capped), else a short exponential backoff."""
    response = getattr(exc, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    try:
        return min(max(float(header), 0.0), MAX_RETRY_AFTER)
    except (TypeError, ValueError):
        return 0.5 * 2**attempt


class ModelBackend:
    name = "llm"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.model = self.settings.coach_model

    def _client(self):
        settings = self.settings
        return _shared_client(settings.api_key(), settings.openai_base_url, settings.coach_llm_timeout)

    def _create(self, task: Task, messages: list[Message]):
        """Start the stream, retrying at most twice on 429, 5xx or a refused connection (not a timeout)."""
        import openai

        from coaching.tasks import TASKS

        start = partial(
            self._client().chat.completions.create,
            model=self.model,
            messages=messages,
            max_tokens=TASKS[task].max_tokens,
            temperature=0.4,
            stream=True,
        )
        for attempt in range(MAX_RETRIES):
            try:
                return start()
            except (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError) as exc:
                if isinstance(exc, openai.APITimeoutError):
                    raise
                time.sleep(_retry_delay(exc, attempt))
        return start()

    def generate(self, task: Task, reading: Reading, messages: list[Message]) -> Iterator[str]:
        """Stream the model's answer; a stream that ends without the model's stop signal is a failure."""
        import openai

        finish = None
        with translated_errors(self.settings):
            stream = self._create(task, messages)
            try:
                for chunk in stream:
                    if not chunk.choices:
                        continue
                    choice = chunk.choices[0]
                    if choice.delta and choice.delta.content:
                        yield choice.delta.content
                    finish = choice.finish_reason or finish
            except openai.APITimeoutError:
                raise
            except openai.APIConnectionError:
                # The server answered, then the connection dropped: a cut-off stream, said as such below.
                finish = None
        where = _where(self.settings)
        if finish is None:
            raise BackendError(
                f"The answer from the model server at {where} was cut off before it finished.",
                f"Try again, {OFFLINE_HINT}",
            )
        if finish == "length":
            raise BackendError(
                f"The model at {where} ran past the length limit, so its draft is incomplete.",
                f"Try again, {OFFLINE_HINT}",
            )
        if finish == "content_filter":
            raise BackendError(
                f"The model at {where} refused to write this draft (content filter).", OFFLINE_HINT.capitalize()
            )

    def check_connection(self) -> str:
        """One tiny request, for the Settings page's "test connection" button."""
        with translated_errors(self.settings):
            self._client().chat.completions.create(
                model=self.model, messages=[{"role": "user", "content": "Say OK."}], max_tokens=1
            )
        return f"Connected to {_where(self.settings)}; drafts will use the model '{self.model}'."
