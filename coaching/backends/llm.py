"""A model behind any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio, llama.cpp).

The client, its retries and the translation of its failures live in `coaching.model_server`;
this module asks for a draft and reads the answer. A reasoning model's thinking is passed on only
as an empty `<think></think>` block (see `coaching.backends.thinking`), never as its text.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from coaching.errors import BackendError, DraftTooLong, Fallback, Fix
from coaching.model_server import client, translated_errors, where, with_retries
from coaching.models import Task
from coaching.prompting import Message
from coaching.reading import Reading
from coaching.settings import Settings, get_settings

# What a reasoning model may think before it writes, on top of the draft's own cap. The server
# counts thinking against max_tokens, so a cap sized for the draft alone would leave a reasoning
# model nothing to write with. A model gets it once it has been seen thinking (drafting.py asks
# again at once when the cap stopped it mid-thought); the draft itself is always held to its own
# cap as it arrives, so the allowance is for thinking only. Other models keep the tight cap, which
# bounds what an answer that is not streamed can cost.
THINKING_TOKENS = 4096
# The fields servers send thinking in: vLLM and llama.cpp, Ollama and OpenRouter, some proxies.
REASONING_FIELDS = ("reasoning_content", "reasoning", "thinking")
THINKING_STARTS, THINKING_ENDS = "<think>", "</think>"
# Past this much text in one answer, thinking included, the server is ignoring its cap: stop reading.
# (A draft is held to far less as it arrives; this bounds what thinking alone can cost.)
MAX_ANSWER_CHARS = 200_000

_TRY_AGAIN = Fix(advice="Try again", fallback=Fallback.offline_composer)
# The models seen thinking in this process, by server address and name.
_THINKERS: set[tuple[str | None, str]] = set()


def ran_past_the_cap(at: str) -> DraftTooLong:
    """The failure of a draft that ran past its task's cap, whether the server or the coach stopped it."""
    return DraftTooLong(f"The model at {at} ran past the length limit, so its draft is incomplete.", fix=_TRY_AGAIN)


def _reasoning(part: Any) -> str:
    """Thinking a server sent beside the answer, in whichever field it uses."""
    for name in REASONING_FIELDS:
        value = getattr(part, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


class ModelBackend:
    name = "llm"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.model = self.settings.coach_model

    @property
    def thinks(self) -> bool:
        """Whether this model has been seen thinking before it writes (it then gets THINKING_TOKENS)."""
        return (self.settings.openai_base_url, self.model) in _THINKERS

    def saw_thinking(self) -> None:
        _THINKERS.add((self.settings.openai_base_url, self.model))

    def _request(self, task: Task, messages: list[Message], stream: bool) -> Any:
        from coaching.tasks import TASKS

        create = partial(
            client(self.settings).chat.completions.create,
            model=self.model,
            messages=messages,
            max_tokens=TASKS[task].max_tokens + (THINKING_TOKENS if self.thinks else 0),
            temperature=0.4,
            stream=stream,
        )
        return with_retries(create)

    def generate(self, task: Task, reading: Reading, messages: list[Message]) -> Iterator[str]:
        """The model's answer in pieces (streamed unless COACH_LLM_STREAM is off); an answer that ends
        without the model's stop signal is a failure, never a half draft."""
        with translated_errors(self.settings):
            if self.settings.coach_llm_stream:
                finish = yield from self._streamed(task, messages)
            else:
                finish = yield from self._whole(task, messages)
        self._judge(finish)

    def _whole(self, task: Task, messages: list[Message]) -> Iterator[str]:
        response = self._request(task, messages, stream=False)
        choice = response.choices[0]
        if _reasoning(choice.message):
            self.saw_thinking()
            yield THINKING_STARTS + THINKING_ENDS
        yield choice.message.content or ""
        return choice.finish_reason

    def _streamed(self, task: Task, messages: list[Message]) -> Iterator[str]:
        import openai

        finish, thinking, received = None, False, 0
        with self._request(task, messages, stream=True) as stream:
            try:
                for chunk in stream:
                    if not chunk.choices:
                        continue
                    choice = chunk.choices[0]
                    delta = choice.delta
                    received += len(_reasoning(delta) or "") + len(delta.content or "") if delta else 0
                    if received > MAX_ANSWER_CHARS:
                        raise BackendError(
                            f"The model at {where(self.settings)} sent more than {MAX_ANSWER_CHARS:,} characters "
                            "without finishing, so the coach stopped reading.",
                            fix=Fix(advice="Check that the server keeps to max_tokens", settings=("COACH_MODEL",),
                                    fallback=Fallback.offline_composer),
                        )  # fmt: skip
                    if delta is not None and _reasoning(delta) and not thinking:
                        thinking = True
                        self.saw_thinking()
                        yield THINKING_STARTS
                    if delta is not None and delta.content:
                        if thinking:
                            thinking = False
                            yield THINKING_ENDS
                        yield delta.content
                    finish = choice.finish_reason or finish
            except openai.APITimeoutError:
                raise
            except openai.APIConnectionError:
                # The server answered, then the connection dropped: a cut-off answer, said as such below.
                finish = None
        return finish

    def _judge(self, finish: str | None) -> None:
        at = where(self.settings)
        if finish is None:
            raise BackendError(
                f"The answer from the model server at {at} was cut off before it finished.", fix=_TRY_AGAIN
            )
        if finish == "length":
            raise ran_past_the_cap(at)
        if finish == "content_filter":
            raise BackendError(
                f"The model at {at} refused to write this draft (content filter).",
                fix=Fix(fallback=Fallback.offline_composer),
            )

    def check_connection(self) -> str:
        """One tiny request, for the Settings page's "test connection" button."""
        with translated_errors(self.settings):
            with_retries(
                partial(
                    client(self.settings).chat.completions.create,
                    model=self.model,
                    messages=[{"role": "user", "content": "Say OK."}],
                    max_tokens=1,
                )
            )
        return f"Connected to {where(self.settings)}; drafts will use the model '{self.model}'."
