"""A real OpenAI-compatible HTTP server on 127.0.0.1, for tests and benchmarks.

It speaks the wire protocol the `openai` client speaks, so the model backend is tested on what
breaks in the field (status codes, Retry-After, streamed chunks, cut connections), not on a
patched client. Each test scripts the replies it wants, in order, and reads back every request:

    def test_something(openai_server):
        openai_server.script(status(429, retry_after="0"), answer("Hi Sam, ..."))
        ...  # run the code under test
        assert len(openai_server.chat_requests) == 2

Replies not scripted get `answer(DEFAULT_TEXT)`. A reply can be scripted for one model name only
(`script(..., model="m")`), so several processes can share one server without racing for replies.

A test module gets the `openai_server` fixture by importing it (pytest puts tests/ on sys.path):
`from openai_server import openai_server_fixture  # noqa: F401`. A benchmark can start
`OpenAIServer()` directly: it is a context manager.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import socket
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

DEFAULT_TEXT = "Thank you for your time. I would value your advice."
CHAT_PATH = "/v1/chat/completions"
TRANSCRIPTION_PATH = "/v1/audio/transcriptions"

# --- what the server can be told to do ------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """One scripted behaviour; build it with the functions below rather than by hand."""

    kind: str
    text: str = ""
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    finish_reason: str | None = "stop"
    after_chunks: int = 0  # for cut and stall: how many content chunks go out first
    seconds: float = 0.0  # for hang and stall, and an answer after its thinking: a silence (bounded)
    reasoning: str = ""  # thinking sent before the answer, in the field `reasoning_field` (vLLM's by default)
    reasoning_field: str = "reasoning_content"


def answer(
    text: str = DEFAULT_TEXT,
    finish_reason: str = "stop",
    reasoning: str = "",
    reasoning_field: str = "reasoning_content",
    think_seconds: float = 0.0,
) -> Reply:
    """A normal answer: streamed word by word when the client asks for a stream, else one JSON body.

    With `reasoning`, a reasoning model's thinking goes first in a field of its own: streamed as
    deltas of `reasoning_field` (vLLM and llama.cpp send `reasoning_content`, Ollama `reasoning`),
    or beside the content in the message. Thinking written into the content itself (`<think>…`)
    is just part of `text`. `think_seconds`: how long the model stays silent after its thinking,
    before the answer (so a page can be seen in its thinking state)."""
    return Reply(
        "answer",
        text=text,
        finish_reason=finish_reason,
        reasoning=reasoning,
        reasoning_field=reasoning_field,
        seconds=think_seconds,
    )


def length(text: str = DEFAULT_TEXT, reasoning: str = "") -> Reply:
    """An answer the model stopped because it hit `max_tokens` (finish_reason "length")."""
    return answer(text, finish_reason="length", reasoning=reasoning)


_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "invalid_api_key",
    403: "permission_denied",
    404: "model_not_found",
    429: "rate_limit_exceeded",
    500: "server_error",
    503: "server_error",
}


def status(code: int, retry_after: str | None = None, message: str | None = None) -> Reply:
    """An HTTP error with an OpenAI-style error body, and a Retry-After header when given."""
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    body = message or f"test server: HTTP {code}"
    return Reply("status", text=body, status=code, headers=headers)


def hang(seconds: float = 2.0) -> Reply:
    """Say nothing at all for `seconds` (longer than the client's timeout), then answer."""
    return Reply("hang", seconds=seconds)


def stall(text: str = DEFAULT_TEXT, after_chunks: int = 2, seconds: float = 2.0) -> Reply:
    """Start streaming, then go silent mid-stream for `seconds` before finishing."""
    return Reply("stall", text=text, after_chunks=after_chunks, seconds=seconds)


def cut(text: str = DEFAULT_TEXT, after_chunks: int = 2) -> Reply:
    """Drop the connection mid-stream: some chunks, then the socket closes mid-body."""
    return Reply("cut", text=text, after_chunks=after_chunks)


def ends_early(text: str = DEFAULT_TEXT, after_chunks: int = 2) -> Reply:
    """End the body cleanly after some chunks, but without a finish_reason or `data: [DONE]`."""
    return Reply("ends_early", text=text, after_chunks=after_chunks)


def malformed_json() -> Reply:
    """HTTP 200 whose JSON is broken: a stream's `data:` line, or the whole body when not streaming."""
    return Reply("malformed_json")


def not_a_completion() -> Reply:
    """HTTP 200 with valid JSON that is not a chat completion at all."""
    return Reply("not_a_completion")


# --- what the server saw --------------------------------------------------------------------------


@dataclass
class Request:
    """One request as it arrived: the path, headers (lower-cased names) and the JSON body."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any  # the parsed JSON, or None when the body was not JSON (an audio upload)
    raw: bytes
    received_at: float = field(default_factory=time.monotonic)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list((self.body or {}).get("messages", []))

    def content(self, role: str) -> str:
        """The text of every message with this role, joined: what the model read as `role`."""
        return "\n".join(str(m.get("content", "")) for m in self.messages if m.get("role") == role)


# --- the server ---------------------------------------------------------------------------------------


def pieces(text: str) -> list[str]:
    """How an answer is streamed: one word (and the space after it) per chunk, as models do."""
    return re.findall(r"\s*\S+\s*", text) or [text]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked streams, like uvicorn or vLLM
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # the test output stays clean
        pass

    def handle(self) -> None:
        # The client hung up (it timed out, or the test cut it off on purpose): nobody to answer.
        with contextlib.suppress(ConnectionError, TimeoutError):
            super().handle()

    # -- helpers

    def _send_json(self, code: int, payload: Any, headers: tuple[tuple[str, str], ...] = ()) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _event(self, payload: Any) -> None:
        data = payload if isinstance(payload, str) else json.dumps(payload)
        self._write_chunk(f"data: {data}\n\n".encode())

    def _end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _chunk(self, model: str, delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
        }

    # -- routes

    def do_GET(self) -> None:
        self._record(b"")
        if self.path.rstrip("/") == "/v1/models":
            self._send_json(200, {"object": "list", "data": [{"id": "test-model", "object": "model", "owned_by": "t"}]})
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        request = self._record(raw)
        model = (request.body or {}).get("model") if isinstance(request.body, dict) else None
        reply = self.server.owner.next_reply(model)
        if self.path == CHAT_PATH:
            self._chat(reply, request)
        elif self.path == TRANSCRIPTION_PATH:
            self._transcription(reply)
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def _record(self, raw: bytes) -> Request:
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        request = Request(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            raw=raw,
        )
        self.server.owner.record(request)
        return request

    def _chat(self, reply: Reply, request: Request) -> None:
        body = request.body if isinstance(request.body, dict) else {}
        model = str(body.get("model", "test-model"))
        streaming = bool(body.get("stream"))
        release = self.server.owner.release

        if reply.kind == "status":
            error = {"message": reply.text, "type": _ERROR_TYPES.get(reply.status, "error"), "code": None}
            self._send_json(reply.status, {"error": error}, reply.headers)
            return
        if reply.kind == "hang" and release.wait(reply.seconds):  # bounded; released when the server closes
            self.close_connection = True
            return
        if reply.kind == "malformed_json":
            if streaming:
                self._start_stream()
                self._event('{"id": "chatcmpl-test", "choices": [{"delta": {"content": "Hel')
                self._end_stream()
            else:
                self._send_json(200, b'{"id": "chatcmpl-test", "choices": [')
            return
        if reply.kind == "not_a_completion":
            if streaming:
                self._start_stream()
                self._event({"choices": "not a list of choices"})
                self._event("[DONE]")
                self._end_stream()
            else:
                self._send_json(200, {"hello": "world"})
            return
        if not streaming:
            self._send_json(200, self._completion(model, reply))
            return

        self._start_stream()
        self._event(self._chunk(model, {"role": "assistant", "content": ""}))
        for thought in pieces(reply.reasoning) if reply.reasoning else []:
            self._event(self._chunk(model, {reply.reasoning_field: thought}))
        if reply.kind == "answer" and reply.seconds and release.wait(reply.seconds):
            self.close_connection = True  # the server is closing: no answer after the thinking
            return
        for number, piece in enumerate(pieces(reply.text) if reply.text else []):
            if reply.kind in ("cut", "ends_early", "stall") and number == reply.after_chunks:
                if reply.kind == "cut":  # mid-body: no closing chunk, the socket just goes away
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if reply.kind == "ends_early":
                    self._end_stream()
                    return
                if release.wait(reply.seconds):
                    self.close_connection = True
                    return
            self._event(self._chunk(model, {"content": piece}))
        self._event(self._chunk(model, {}, reply.finish_reason))
        self._event("[DONE]")
        self._end_stream()

    def _completion(self, model: str, reply: Reply) -> dict[str, Any]:
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": reply.text,
                        **({reply.reasoning_field: reply.reasoning} if reply.reasoning else {}),
                    },
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": len(pieces(reply.text)), "total_tokens": 2},
        }

    def _transcription(self, reply: Reply) -> None:
        if reply.kind == "status":
            self._send_json(reply.status, {"error": {"message": reply.text, "type": "error"}}, reply.headers)
            return
        words = reply.text.split()
        # A canned verbose_json: each word 0.4 s long, back to back.
        self._send_json(
            200,
            {
                "task": "transcribe",
                "language": "english",
                "duration": round(0.4 * len(words), 2),
                "text": reply.text,
                "words": [
                    {"word": w, "start": round(0.4 * i, 2), "end": round(0.4 * i + 0.4, 2)} for i, w in enumerate(words)
                ],
                "segments": [
                    {
                        "id": 0,
                        "start": 0.0,
                        "end": round(0.4 * len(words), 2),
                        "text": reply.text,
                        "avg_logprob": -0.2,
                        "no_speech_prob": 0.01,
                    }
                ],
            },
        )


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: OpenAIServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver would print the traceback to stderr, into the output a test is checking.
        self.owner.errors.append(traceback.format_exc())


class OpenAIServer:
    """The server, its script of replies and its record of requests. Start it with `with` or `start()`."""

    def __init__(self, model: str = "test-model") -> None:
        self.model = model
        self.api_key = f"sk-test-{secrets.token_hex(12)}"
        self.requests: list[Request] = []
        self.errors: list[str] = []  # tracebacks of the server's own failures (a client hanging up is not one)
        self.release = threading.Event()  # ends every hang and stall early (at teardown)
        self._lock = threading.Lock()
        self._queues: dict[str | None, deque[Reply]] = {}
        self._http: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle

    def start(self) -> OpenAIServer:
        self._http = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._http.owner = self
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.02}, name="openai-test-server", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        self.release.set()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None

    def __enter__(self) -> OpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        assert self._http is not None, "the server is not running"
        return self._http.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def env(self) -> dict[str, str]:
        """The settings that point the coach at this server."""
        return {"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": self.api_key, "COACH_MODEL": self.model}

    # -- script and record

    def script(self, *replies: Reply | str, model: str | None = None) -> None:
        """Queue replies, served in order; with `model`, only to requests for that model. A str is an answer."""
        queued = [answer(r) if isinstance(r, str) else r for r in replies]
        with self._lock:
            self._queues.setdefault(model, deque()).extend(queued)

    def next_reply(self, model: str | None) -> Reply:
        with self._lock:
            for key in (model, None):
                queue = self._queues.get(key)
                if queue:
                    return queue.popleft()
        return answer()

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    @property
    def chat_requests(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == CHAT_PATH]

    def chat_requests_for(self, model: str) -> list[Request]:
        return [r for r in self.chat_requests if (r.body or {}).get("model") == model]


@pytest.fixture(name="openai_server")
def openai_server_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAIServer]:
    """A running server; the environment points the coach at it (base URL, a test key, `test-model`)."""
    from coaching.settings import get_settings

    with OpenAIServer() as server:
        for name, value in server.env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        yield server
    get_settings.cache_clear()
    assert not server.errors, f"the test server itself failed:\n{server.errors[0]}"
