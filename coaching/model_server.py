"""Talking to an OpenAI-compatible server: the one client, the one set of retries, and the one
translation of the SDK's failures into a sentence a person can act on.

Drafting (`coaching.backends.llm`) and transcription through an API (`coaching.rehearsal.transcribe`)
both come here, with the settings of the moment: the process's, or the session's from the
Settings page. The key never appears in a message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from coaching.errors import BackendError, Fallback, Fix
from coaching.settings import Settings

MAX_RETRIES = 2
MAX_RETRY_AFTER = 20.0
# A server's own explanation of a refused request is quoted, cut to a line.
SERVER_WORDS_LIMIT = 160

T = TypeVar("T")


@dataclass(frozen=True)
class Service:
    """What the server is used for: how a failure names it, which setting names its model, and the
    way around it on this machine."""

    name: str
    model_setting: str
    fallback: Fallback

    def model(self, settings: Settings) -> str:
        return settings.coach_model if self.model_setting == "COACH_MODEL" else settings.coach_transcribe_model


DRAFTING = Service("model server", "COACH_MODEL", Fallback.offline_composer)
TRANSCRIBING = Service("transcription server", "COACH_TRANSCRIBE_MODEL", Fallback.local_transcriber)


def where(settings: Settings) -> str:
    """The server as a message names it: its address without any user name or password in it."""
    return shown_address(settings.openai_base_url) if settings.openai_base_url else "the OpenAI API"


def shown_address(url: str) -> str:
    """`url` with its user-info (`user:password@`) taken out, so a password never reaches a message,
    a warning or the page. Parsed by hand: an address that does not parse is shown the same way."""
    return split_login(url)[0]


def split_login(url: str) -> tuple[str, str]:
    """The address without its user-info, and the user-info ("user:password", or "")."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    authority, slash, path = rest.partition("/")
    login, _at, host = authority.rpartition("@")
    return f"{scheme}{sep}{host}{slash}{path}", login


def with_login(url: str, login: str) -> str:
    """`url` with `login` ("user:password") put back in front of its host."""
    if not login:
        return url
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{login}@{rest}" if sep else f"{login}@{url}"


@lru_cache(maxsize=4)
def _shared_client(api_key: str, base_url: str | None, timeout: float) -> Any:
    """One client per configuration: building one loads the TLS certificates (~30-150 ms a time)."""
    from openai import OpenAI

    # Retries are ours (see with_retries): the SDK would also retry a timeout, keeping a person
    # waiting three times COACH_LLM_TIMEOUT before saying the server did not answer.
    return OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)


def client(settings: Settings, service: Service | None = None) -> Any:
    """The OpenAI client for these settings (shared between calls with the same ones). An address
    that is not one is a BackendError, so automatic mode falls back and a page says it in one line."""
    if settings.openai_base_url:
        _check_address(settings.openai_base_url, service or DRAFTING)
    return _shared_client(settings.api_key(), settings.openai_base_url, settings.coach_llm_timeout)


def _check_address(url: str, service: Service) -> None:
    from urllib.parse import urlsplit

    problem = ""
    if any(not char.isprintable() or char.isspace() for char in url):
        problem = "it has a space or a control character in it"
    else:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - reading it checks it: a port past 65535 or not a number raises
        except ValueError as exc:
            problem = str(exc)
        else:
            if parts.scheme not in ("http", "https") or not parts.hostname:
                problem = "it should start with http:// or https:// and name a host"
    if problem:
        raise BackendError(
            f"The {service.name} address {shown_address(url)!r} is not an address the coach can use ({problem}).",
            fix=Fix(advice="Write it like http://localhost:11434/v1", settings=("OPENAI_BASE_URL",),
                    fallback=service.fallback),
        )  # fmt: skip


def _retry_delay(exc: Exception, attempt: int) -> float:
    """The server's Retry-After when it gives one (capped), else a short exponential backoff."""
    response = getattr(exc, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    try:
        return min(max(float(header), 0.0), MAX_RETRY_AFTER)
    except (TypeError, ValueError):
        return 0.5 * 2**attempt


def with_retries(call: Callable[[], T]) -> T:
    """`call()`, retried at most twice on 429, 5xx or a refused connection. Not on a timeout: the
    person has already waited COACH_LLM_TIMEOUT once."""
    import openai

    for attempt in range(MAX_RETRIES):
        try:
            return call()
        except (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError) as exc:
            if isinstance(exc, openai.APITimeoutError):
                raise
            time.sleep(_retry_delay(exc, attempt))
    return call()


@contextmanager
def translated_errors(settings: Settings, service: Service = DRAFTING) -> Iterator[None]:
    """Turn the SDK's exceptions into one plain sentence each, with what fixes it."""
    import openai

    at = f"The {service.name} at {where(settings)}"
    model = service.model(settings)
    try:
        yield
    except openai.AuthenticationError:
        raise _failure(f"{at} refused the API key.", service, settings=("OPENAI_API_KEY",)) from None
    except openai.PermissionDeniedError:
        raise _failure(
            f"{at} says this key may not use the model '{model}'.",
            service,
            settings=(service.model_setting, "OPENAI_API_KEY"),
        ) from None
    except openai.NotFoundError:
        raise _failure(
            f"{at} does not know the model '{model}' (or the address is wrong).",
            service,
            settings=(service.model_setting, "OPENAI_BASE_URL"),
        ) from None
    except openai.RateLimitError:
        raise _failure(
            f"{at} is busy (too many requests), even after {MAX_RETRIES} retries.", service, "Try again in a minute"
        ) from None
    except openai.APITimeoutError:
        raise _failure(
            f"{at} did not answer within {settings.coach_llm_timeout:g} s.",
            service,
            "Make sure it is running",
            settings=("COACH_LLM_TIMEOUT",),
        ) from None
    except openai.APIConnectionError:
        raise _failure(
            f"{at} could not be reached.", service, "Make sure it is running", settings=("OPENAI_BASE_URL",)
        ) from None
    except openai.APIStatusError as exc:
        raise _status_failure(settings, service, exc) from None
    except (openai.APIError, ValueError, KeyError, TypeError, AttributeError):
        # The SDK could not parse what came back: not JSON, or not the answer asked for.
        raise _failure(
            f"{at} sent an answer the coach could not read.",
            service,
            "Make sure it speaks the OpenAI API",
            settings=("OPENAI_BASE_URL",),
        ) from None


def _failure(message: str, service: Service, advice: str = "", settings: tuple[str, ...] = ()) -> BackendError:
    return BackendError(message, fix=Fix(advice=advice, settings=settings, fallback=service.fallback))


def _status_failure(settings: Settings, service: Service, exc: Any) -> BackendError:
    """What an HTTP error means, said plainly (the code in brackets, for whoever helps)."""
    status, at = exc.status_code, f"The {service.name} at {where(settings)}"
    if status in (405, 404, 501):
        return _failure(
            f"Something answers at {where(settings)}, but not as a {service.name} the coach can talk to "
            f"(HTTP {status}).",
            service,
            "An OpenAI-compatible server's address usually ends in /v1",
            settings=("OPENAI_BASE_URL",),
        )
    if status >= 500:
        return _failure(f"{at} ran into a problem of its own (HTTP {status}).", service, "Try again later")
    said = _server_words(exc)
    return _failure(
        f"{at} turned the request down (HTTP {status}{': ' + said if said else ''}).",
        service,
        settings=(service.model_setting, "OPENAI_BASE_URL"),
    )


def _server_words(exc: Any) -> str:
    """The server's own reason for refusing a request, on one line, cut short."""
    body = getattr(exc, "body", None)
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str):
        return ""
    line = " ".join(message.split())
    return line if len(line) <= SERVER_WORDS_LIMIT else line[: SERVER_WORDS_LIMIT - 1] + "…"
