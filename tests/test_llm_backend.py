"""The model path, against a real OpenAI-compatible HTTP server on localhost (tests/openai_server.py).

What the coach sends (system/user separation, model, stream, max_tokens), how it assembles a
stream, what each failure on the wire becomes (one plain sentence, exit 3, or the offline
fallback under `auto`), and the claim guard's single repair request (issue 7).
"""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
from itertools import accumulate
from pathlib import Path

import pytest
from openai_server import (
    OpenAIServer,
    Reply,
    answer,
    cut,
    ends_early,
    hang,
    length,
    malformed_json,
    not_a_completion,
    openai_server_fixture,  # noqa: F401  (the openai_server fixture)
    pieces,
    stall,
    status,
)

from coaching.backends.llm import THINKING_TOKENS
from coaching.cli import main
from coaching.cli_words import error_line
from coaching.compose import compose
from coaching.drafting import draft
from coaching.errors import BackendError
from coaching.models import Check, CoachInput, Draft, Task, parse_input
from coaching.prompting import person_json
from coaching.settings import get_settings
from coaching.tasks import TASKS

PERSONAS = {p["id"]: p for p in json.loads((Path(__file__).parent / "data" / "personas.json").read_text())}
# Referred, with a meeting and actions behind it: valid input for every task.
PERSONA = "pharmacist-to-healthtech"

# A model answer that uses only what the person gave: the claim guard has nothing to say about it.
CLEAN = (
    "Hi Samuel,\n\n"
    "Fiona Grant suggested I write to you. I would value 20 minutes of your advice on clinical safety work.\n\n"
    "Best wishes,\nHelena Marsh"
)


def with_sentence(sentence: str) -> str:
    """CLEAN with one more paragraph before the sign-off."""
    return CLEAN.replace("\n\nBest wishes", f"\n\n{sentence}\n\nBest wishes")


def person(task: Task = Task.outreach, persona: str = PERSONA) -> CoachInput:
    return parse_input(copy.deepcopy(PERSONAS[persona]), task)


def check(result: Draft, rule: str) -> Check:
    return next(c for c in result.checks if c.rule == rule)


@pytest.fixture
def server(openai_server: OpenAIServer, guidance_index, monkeypatch: pytest.MonkeyPatch) -> OpenAIServer:
    """The test server, the real guidance index, and a one-second timeout so hangs fail fast."""
    monkeypatch.setenv("COACH_LLM_TIMEOUT", "1")
    get_settings.cache_clear()
    return openai_server


@pytest.fixture
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(PERSONAS[PERSONA]), encoding="utf-8")
    return path


# --- every task, both backends ----------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["offline", "llm"])
@pytest.mark.parametrize("task", list(Task))
def test_every_task_drafts_with_both_backends(server: OpenAIServer, task: Task, backend: str) -> None:
    server.script(CLEAN)
    data = person(task)

    result = draft(task, data, backend=backend)

    expected = {
        "offline": ("offline", "offline-composer", compose(task, data), 0),
        "llm": ("llm", "test-model", CLEAN, 1),
    }[backend]
    assert (result.backend, result.model, result.text, len(server.chat_requests)) == expected
    assert result.citations, "every draft cites the guidance it was grounded in"
    assert {"unsupported-detail", "canned-phrase", "placeholder"} <= {c.rule for c in result.checks}
    assert result.spoken_seconds > 0
    assert result.warnings == []


def test_auto_uses_the_model_when_one_is_configured(server: OpenAIServer) -> None:
    server.script(CLEAN)

    result = draft(Task.outreach, person(), backend="auto")

    assert (result.backend, result.model, result.text, result.warnings) == ("llm", "test-model", CLEAN, [])


# --- what goes over the wire ------------------------------------------------------------------------

# Free text the person typed. (target_industry and target_role are left out here on purpose:
# tests/test_prompt_safety.py holds the questions template to the same rule for them.)
PERSONAL_FIELDS = [
    ("profile", "name"),
    ("profile", "background"),
    ("profile", "goal"),
    ("profile", "strengths"),
    ("contact", "name"),
    ("contact", "role"),
    ("contact", "organization"),
    ("contact", "referrer"),
    ("contact", "how_we_know"),
    ("meeting", "discussed"),
    ("meeting", "referrals"),
    ("meeting", "actions_taken"),
]


@pytest.mark.parametrize("task", list(Task))
def test_the_request_keeps_instructions_and_the_persons_data_apart(server: OpenAIServer, task: Task) -> None:
    server.script(CLEAN)
    data = person(task)

    result = draft(task, data, backend="llm")

    [request] = server.chat_requests
    assert [m["role"] for m in request.messages] == ["system", "user"]
    system, user = request.content("system"), request.content("user")
    assert person_json(data) in user, "the person's data goes to the model as JSON, in the user message"
    for citation in result.citations:
        assert f"[{citation.id}]" in system, f"guidance passage {citation.id} is cited in the system message"
    for part, field in PERSONAL_FIELDS:
        value = getattr(getattr(data, part), field)
        for text in value if isinstance(value, list) else [value]:
            assert text not in system, f"{part}.{field} leaked into the system message"


@pytest.mark.parametrize("task", list(Task))
def test_the_request_is_a_capped_streamed_chat_completion(server: OpenAIServer, task: Task) -> None:
    server.script(CLEAN)

    draft(task, person(task), backend="llm")

    [request] = server.chat_requests
    assert {
        "path": request.path,
        "authorization": request.headers.get("authorization"),
        "model": request.body.get("model"),
        "stream": request.body.get("stream"),
        # "a little over what the task needs": a draft never runs on for pages (a model seen
        # thinking gets room to think on top: see the tests of reasoning models below)
        "max_tokens": request.body.get("max_tokens"),
    } == {
        "path": "/v1/chat/completions",
        "authorization": f"Bearer {server.api_key}",
        "model": "test-model",
        "stream": True,
        "max_tokens": TASKS[task].max_tokens,
    }


def test_the_stream_is_assembled_and_shown_as_it_grows(server: OpenAIServer) -> None:
    server.script(CLEAN)
    shown: list[str] = []

    result = draft(Task.outreach, person(), backend="llm", on_text=shown.append)

    assert shown == list(accumulate(pieces(CLEAN))), "on_text gets the text so far, once per streamed piece"
    assert len(shown) > 10
    assert result.text == CLEAN


@pytest.mark.parametrize(
    ("retry_after", "at_least_seconds"),
    [
        pytest.param("0", 0.0, id="Retry-After 0: the client's own short back-off"),
        pytest.param("1", 1.0, id="Retry-After 1: waits the second it was told"),
    ],
)
def test_a_busy_server_is_retried_as_it_asks(server: OpenAIServer, retry_after: str, at_least_seconds: float) -> None:
    server.script(status(429, retry_after=retry_after), CLEAN)

    result = draft(Task.outreach, person(), backend="llm")

    first, second = server.chat_requests
    assert result.text == CLEAN
    assert second.received_at - first.received_at >= at_least_seconds
    assert second.body == first.body, "a retry sends the same request again"


# --- failures ---------------------------------------------------------------------------------------

# Longer than any task's draft may be: the client stops reading it.
TOO_LONG = "I would value your advice on how to move into this field. " * 80
# (what the server does, how many requests the client makes, what the one sentence says)
FAILURES = {
    "401 bad key": ([status(401)], 1, "refused the API key"),
    "404 unknown model": ([status(404)], 1, "does not know the model 'test-model'"),
    "429 after two retries": ([status(429, retry_after="0")] * 3, 3, "busy (too many requests)"),
    "500 after two retries": ([status(500)] * 3, 3, "ran into a problem of its own (HTTP 500)"),
    # A hang answers after 2 s: only a client that gives up at COACH_LLM_TIMEOUT=1 sees a failure.
    # A timeout is not retried: the person has already waited the whole COACH_LLM_TIMEOUT.
    "no answer within the timeout": ([hang()], 1, "did not answer within 1 s"),
    "stream stalls mid-way": ([stall()], 1, "did not answer within 1 s"),
    "malformed JSON": ([malformed_json()], 1, "could not read"),
    "JSON that is not a completion": ([not_a_completion()], 1, "could not read"),
    "stream ends without the stop signal": ([ends_early()], 1, "cut off"),
    "connection dropped mid-stream": ([cut()], 1, "cut off"),
    "finish_reason length twice": ([length(), length()], 2, "length limit"),
    "a draft past its cap twice": ([answer(TOO_LONG), answer(TOO_LONG)], 2, "length limit"),
    "thinking until the cap, even with room to think": (
        [length("", reasoning="Let me think. " * 50)] * 2,
        2,
        "still thinking when it reached its limit",
    ),
}
SENTENCES = [pytest.param(*case, id=name) for name, case in FAILURES.items()]
# The CLI turns every BackendError into exit 3 (or, under auto, the offline draft), whatever its
# sentence says, and the test above shows each failure arrives as a BackendError. So the CLI runs
# on the failures that cost no retries or timeouts: the whole set stays fast.
SLOW = ("hang", "stall", "status")  # each costs a timeout or the back-off between retries
QUICK = [name for name, (replies, _, _) in FAILURES.items() if not any(r.kind in SLOW for r in replies)]
EXITS = [pytest.param(*FAILURES[name][:2], id=name) for name in QUICK]


@pytest.mark.parametrize(("replies", "requests", "says"), SENTENCES)
def test_a_model_failure_is_one_plain_sentence(server: OpenAIServer, replies: list[Reply], requests: int, says: str):
    server.script(*replies)

    with pytest.raises(BackendError) as raised:
        draft(Task.outreach, person(), backend="llm")

    message = error_line(raised.value)
    assert says in message
    assert "offline composer" in message, "the sentence says what to do"
    assert "\n" not in message
    assert server.api_key not in message
    assert len(server.chat_requests) == requests


def test_an_unreachable_server_is_named(server: OpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    get_settings.cache_clear()

    with pytest.raises(BackendError, match=rf"127\.0\.0\.1:{port}/v1 could not be reached"):
        draft(Task.outreach, person(), backend="llm")


def run_cli(input_file: Path, backend: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["draft", "outreach", "--input", str(input_file), "--backend", backend, "--json"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("replies", "requests"), EXITS)
def test_the_cli_exits_3_with_one_line(server, input_file, capsys, replies: list[Reply], requests: int) -> None:
    server.script(*replies)

    code, out, err = run_cli(input_file, "llm", capsys)

    assert (code, out) == (3, "")
    assert len(err.strip().splitlines()) == 1, err
    assert "offline composer" in err
    assert "Traceback" not in err
    assert server.api_key not in err
    assert len(server.chat_requests) == requests


@pytest.mark.parametrize(("replies", "requests"), EXITS)
def test_auto_falls_back_to_offline_with_a_warning(server, input_file, capsys, replies, requests: int) -> None:
    server.script(*replies)

    code, out, err = run_cli(input_file, "auto", capsys)

    result = json.loads(out)
    assert (code, err) == (0, "")
    assert (result["backend"], result["model"]) == ("offline", "offline-composer")
    assert result["text"] == compose(Task.outreach, person())
    [warning] = result["warnings"]
    assert "offline draft" in warning and server.base_url in warning, "the warning says what failed, and where"
    assert server.api_key not in out
    assert len(server.chat_requests) == requests


def test_python_m_coaching_reports_failures_plainly(server: OpenAIServer, input_file: Path) -> None:
    """The real program, as the evaluation calls it; both runs share the server, each with its own model."""
    runs = {
        # model name: (backend, the server's replies)
        "run-llm": ("llm", [status(401)]),
        "run-auto": ("auto", [ends_early()]),
    }
    processes = {}
    for model, (backend, replies) in runs.items():
        server.script(*replies, model=model)
        env = {**os.environ.copy(), **server.env, "COACH_MODEL": model}
        command = [sys.executable, "-m", "coaching", "draft", "outreach", "--input", str(input_file)]
        processes[model] = subprocess.Popen(
            [*command, "--backend", backend, "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    done = {}
    for model, process in processes.items():
        out, err = process.communicate(timeout=120)
        done[model] = (process.returncode, out, err)

    code, out, err = done["run-llm"]
    assert (code, out) == (3, "")
    assert len(err.strip().splitlines()) == 1 and "refused the API key" in err
    assert "Traceback" not in err and server.api_key not in err

    code, out, err = done["run-auto"]
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["backend"] == "offline" and "cut off" in result["warnings"][0]
    assert server.api_key not in out

    assert [len(server.chat_requests_for(model)) for model in runs] == [1, 1]


# --- the claim guard's repair request (issue 7) -----------------------------------------------------

INVENTIONS = [
    pytest.param("I spent two years at Google before pharmacy.", ["Google"], id="an employer"),
    pytest.param("I cut dispensing errors by 37% last year.", ["37%"], id="a metric"),
    pytest.param("I have worked on this since 2019.", ["2019"], id="a year"),
    pytest.param("Maria Lopez told me you are the person to ask.", ["Maria Lopez"], id="a person"),
    pytest.param("I worked at Google from 2019.", ["Google", "2019"], id="an employer and a year"),
]


@pytest.mark.parametrize(("sentence", "details"), INVENTIONS)
def test_an_invented_detail_gets_one_repair_request(server: OpenAIServer, sentence: str, details: list[str]) -> None:
    invented = with_sentence(sentence)
    server.script(invented, CLEAN)

    result = draft(Task.outreach, person(), backend="llm")

    first, repair = server.chat_requests
    assert repair.messages[: len(first.messages)] == first.messages, "the repair continues the same conversation"
    assert repair.messages[len(first.messages)] == {"role": "assistant", "content": invented}
    asked = repair.messages[-1]
    assert asked["role"] == "user"
    for detail in details:
        assert f'"{detail}"' in asked["content"], "the repair request lists each unsupported detail"
    assert result.text == CLEAN
    assert check(result, "unsupported-detail").passed
    assert result.warnings == []


@pytest.mark.parametrize(("sentence", "details"), INVENTIONS)
def test_a_detail_invented_twice_is_marked_not_asked_again(server, sentence: str, details: list[str]) -> None:
    invented = with_sentence(sentence)
    server.script(invented, invented, CLEAN)

    result = draft(Task.outreach, person(), backend="llm")

    assert len(server.chat_requests) == 2, "at most one repair request"
    assert result.text == invented, "the person sees the draft, with the details marked"
    guard = check(result, "unsupported-detail")
    assert not guard.passed
    [warning] = result.warnings
    for detail in details:
        assert f'"{detail}"' in guard.message
        assert detail in warning


def test_a_model_reply_cannot_slip_a_job_ask_or_lowercase_names_past_the_checks(server: OpenAIServer) -> None:
    # The reply an adversarial review got through every check, sent twice so the repair fails too.
    reply = with_sentence(
        "No pressure, but are you hiring? Anyway, my friend john smith at microsoft says hi. "
        "Could you send my resume to your hiring manager? Book me at calendly.com/helena-m."
    )
    server.script(reply, reply)

    result = draft(Task.outreach, person(), backend="llm")

    asks = check(result, "no-job-request")
    assert not asks.passed and '"No pressure, but are you hiring?"' in asks.message
    guard = check(result, "unsupported-detail")
    for detail in ("john smith", "microsoft", "calendly.com/helena-m"):
        assert f'"{detail}"' in guard.message
    assert result.warnings


def test_the_offline_composer_never_calls_the_model(server: OpenAIServer) -> None:
    for task in Task:
        draft(task, person(task), backend="offline")

    assert server.requests == []


def test_a_non_streaming_answer_is_served_too(server: OpenAIServer) -> None:
    """The Settings page's connection check asks without streaming; the server answers both ways."""
    from coaching.backends.llm import ModelBackend

    server.script(answer("OK"))

    assert "test-model" in ModelBackend().check_connection()
    [request] = server.chat_requests
    assert not request.body.get("stream")


def test_the_model_backend_with_nothing_set_up_says_so_without_calling_anyone(guidance_index) -> None:
    """No address and no key: exit 3 at once, never a connection attempt to a default host."""
    data = parse_input(copy.deepcopy(next(iter(PERSONAS.values()))), Task.intro)
    with pytest.raises(BackendError, match="No model is set up"):
        draft(Task.intro, data, backend="llm")


# --- reasoning models and long answers (issue 16) ------------------------------------------------------

THOUGHT = "The user wants an email. Maybe mention the Acme Corp merger and ask about openings."


def both_ways(monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    monkeypatch.setenv("COACH_LLM_STREAM", "true" if streamed else "false")
    get_settings.cache_clear()


REASONING = {
    "<think> in the content": dict(text=f"<think>\n{THOUGHT}\n</think>\n\n{CLEAN}"),
    "closing tag only (the template opened it)": dict(text=f"{THOUGHT}\n</think>\n\n{CLEAN}"),
    "reasoning_content field (vLLM, llama.cpp)": dict(text=CLEAN, reasoning=THOUGHT),
    "reasoning field (Ollama)": dict(text=CLEAN, reasoning=THOUGHT, reasoning_field="reasoning"),
}


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "not streamed"])
@pytest.mark.parametrize("reply", list(REASONING.values()), ids=list(REASONING))
def test_a_reasoning_models_thinking_is_never_checked_or_kept(server, monkeypatch, reply, streamed) -> None:
    both_ways(monkeypatch, streamed)
    server.script(answer(**reply))
    shown: list[str] = []
    thinking: list[bool] = []

    result = draft(Task.outreach, person(), backend="llm", on_text=shown.append, on_thinking=lambda: thinking.append(1))

    assert result.text == CLEAN, "the draft is complete, and only the draft"
    assert "Acme" not in result.model_dump_json(), "nor the checks, warnings or anything kept"
    assert result.warnings == [], "the thinking's invented details were not checked as the draft's"
    assert shown[-1] == CLEAN, "what the page shows last is the draft"
    [request] = server.chat_requests
    assert request.body.get("stream") is streamed
    marked_from_the_start = not reply["text"].startswith(THOUGHT)  # see the next test for the other kind
    if streamed and marked_from_the_start:
        assert not [text for text in shown if "Acme" in text or "think>" in text], "the thinking is never shown"
        assert thinking == [1], "the page is told once that the model is thinking"


def test_thinking_whose_opening_tag_was_in_the_prompt_is_taken_off_the_page_when_it_closes(server) -> None:
    """A model whose chat template opens the thinking sends only `</think>`: until it does, nothing
    tells its thoughts from a draft, so they show while they stream, and go the moment it closes."""
    server.script(answer(f"{THOUGHT}\n</think>\n\n{CLEAN}"))
    shown: list[str] = []

    draft(Task.outreach, person(), backend="llm", on_text=shown.append)

    drafting = next(number for number, text in enumerate(shown) if text and CLEAN.startswith(text))
    assert any("Acme" in text for text in shown[:drafting])
    assert all("Acme" not in text for text in shown[drafting:]), "once it closes, the thinking is gone for good"
    assert shown[-1] == CLEAN


def test_a_draft_past_its_cap_is_asked_for_once_more_shorter(server: OpenAIServer) -> None:
    server.script(answer(TOO_LONG), CLEAN)

    result = draft(Task.thank_you, person(Task.thank_you), backend="llm")

    assert result.text == CLEAN
    first, second = server.chat_requests
    assert second.messages[:-2] == first.messages, "the same conversation"
    said, ask = second.messages[-2:]
    assert said["role"] == "assistant" and TOO_LONG.startswith(said["content"].strip())
    assert len(said["content"]) <= TASKS[Task.thank_you].max_tokens * 4 + 100, "the client stopped reading it"
    assert ask["role"] == "user"
    assert f"at most {TASKS[Task.thank_you].words} words" in ask["content"]
    assert len(ask["content"].split(". ")) == 1, "one sentence saying how long"


def test_an_answer_the_server_cut_at_its_cap_is_asked_for_once_more(server: OpenAIServer) -> None:
    server.script(length("Hi Samuel, thank you so much for"), CLEAN)

    assert draft(Task.outreach, person(), backend="llm").text == CLEAN
    assert len(server.chat_requests) == 2


def test_a_thinking_model_that_runs_past_its_cap_is_asked_for_a_shorter_draft_without_its_thoughts(server) -> None:
    server.script(answer(f"<think>{THOUGHT}</think>{TOO_LONG}"), CLEAN)

    assert draft(Task.outreach, person(), backend="llm").text == CLEAN
    said = server.chat_requests[1].messages[-2]["content"]
    assert "Acme" not in said and "think>" not in said


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "not streamed"])
def test_a_model_the_cap_stopped_mid_thought_gets_room_to_think_from_then_on(server, monkeypatch, streamed) -> None:
    both_ways(monkeypatch, streamed)
    server.script(length("", reasoning="Let me think. " * 50), answer(CLEAN, reasoning=THOUGHT), CLEAN)
    cap = TASKS[Task.outreach].max_tokens

    assert draft(Task.outreach, person(), backend="llm").text == CLEAN
    assert draft(Task.outreach, person(), backend="llm").text == CLEAN

    first, second, next_draft = (r.body["max_tokens"] for r in server.chat_requests)
    assert (first, second, next_draft) == (cap, cap + THINKING_TOKENS, cap + THINKING_TOKENS)
    assert server.chat_requests[1].messages == server.chat_requests[0].messages, "the same request, with more room"


def test_an_empty_answer_is_a_failure_not_an_offline_draft_under_the_models_name(server: OpenAIServer) -> None:
    server.script(answer("<think>Nothing to say.</think>\n"))

    with pytest.raises(BackendError, match="finished without writing a draft"):
        draft(Task.outreach, person(), backend="llm")


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("http://user:s3cret@127.0.0.1:9/v1", "http://127.0.0.1:9/v1"),
        ("https://:s3cret@example.org/v1", "https://example.org/v1"),
        ("user:s3cret@localhost:11434/v1", "localhost:11434/v1"),
        ("http://localhost:11434/v1", "http://localhost:11434/v1"),
    ],
)
def test_an_address_is_shown_without_its_password(address: str, shown: str) -> None:
    """Issue 17, item 1 (messages): a password in OPENAI_BASE_URL never reaches a message."""
    from coaching.model_server import shown_address

    assert shown_address(address) == shown


def test_a_failure_at_an_address_with_a_password_does_not_print_it(server, input_file, capsys, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url.replace("http://", "http://user:s3cret@"))
    get_settings.cache_clear()
    server.script(status(401))

    code, out, err = run_cli(input_file, "llm", capsys)
    assert code == 3 and "s3cret" not in err and server.base_url in err

    server.script(status(401))
    code, out, err = run_cli(input_file, "auto", capsys)
    assert code == 0 and "s3cret" not in out and server.base_url in out, "nor the auto mode's warning"


def test_a_server_that_ignores_its_cap_while_thinking_is_stopped_reading(server: OpenAIServer) -> None:
    """Issue 17, item 6: a server that ignores max_tokens kept the coach busy for minutes."""
    server.script(answer(CLEAN, reasoning="hmm " * 60_000))

    with pytest.raises(BackendError, match="sent more than 200,000 characters without finishing"):
        draft(Task.outreach, person(), backend="llm")
    assert len(server.chat_requests) == 1
