"""Model-path overhead: time to first token through the coach versus a direct call to the same server.

    .venv/bin/python bench/bench_llm_overhead.py [--runs 30]

Starts the OpenAI-compatible test server from tests/openai_server.py on 127.0.0.1 (no added latency),
then, alternating, for each run and task:

- direct: one `openai` client, created once, streams the same messages the coach would send;
  the clock stops at the first piece of text.
- coach: `coaching.drafting.draft(task, data, backend="llm", on_text=...)`; the clock stops at the
  first `on_text`, and the time spent in retrieval (which a direct call does not do) is taken off.

Overhead = p50(coach) - p50(direct). Target (issue 4): <= 30 ms. Uses the guidance index of
COACH_DATA_DIR (built on first use, as `coach index` would).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import coaching  # noqa: E402,F401  (sets ORT_DISABLE_TELEMETRY before onnxruntime loads)

TARGET_MS = 30.0
WARMUP = 3
# A draft of ordinary length: TTFT does not depend on it, but the stream is realistic.
ANSWER = (
    "Hi Samuel,\n\nFiona Grant suggested I write to you. I have spent eleven years as a hospital pharmacist, "
    "most recently running medication-safety audits, and I am exploring a move into clinical safety work in "
    "healthtech. Your view as Head of Clinical Safety is the one I am missing. Would you have 20 minutes for a "
    "call at a time that suits you? I am not asking about jobs; I would value your advice on how people get "
    "into the field.\n\nBest wishes,\nHelena Marsh"
)


def load_test_server():
    """tests/openai_server.py, imported by path (tests/ is not a package)."""
    path = ROOT / "tests" / "openai_server.py"
    spec = importlib.util.spec_from_file_location("openai_server", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["openai_server"] = module
    spec.loader.exec_module(module)
    return module


def ms(seconds: float) -> float:
    return seconds * 1000


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs

    servers = load_test_server()
    with servers.OpenAIServer() as server:
        os.environ.update(server.env)
        os.environ.pop("COACH_LLM_TIMEOUT", None)

        from openai import OpenAI

        from coaching import drafting
        from coaching.backends.llm import MAX_TOKENS
        from coaching.index import get_index
        from coaching.models import Task, parse_input
        from coaching.prompting import render_messages
        from coaching.settings import get_settings

        get_settings.cache_clear()
        started = time.perf_counter()
        index = get_index()
        print(f"guidance index: {len(index.passages)} passages, ready in {time.perf_counter() - started:.2f} s")

        personas = json.loads((ROOT / "tests" / "data" / "personas.json").read_text(encoding="utf-8"))
        data = parse_input(personas[0])
        tasks = list(Task)

        # Retrieval is the coach's own work before any model call: time it, to take it off.
        real_guidance_for = drafting.guidance_for
        retrieval: list[float] = []

        def timed_guidance_for(task, data):
            began = time.perf_counter()
            try:
                return real_guidance_for(task, data)
            finally:
                retrieval.append(time.perf_counter() - began)

        drafting.guidance_for = timed_guidance_for

        direct_client = OpenAI(api_key=server.api_key, base_url=server.base_url, timeout=60, max_retries=0)

        def direct(task: Task) -> float:
            messages = render_messages(task, data, real_guidance_for(task, data))
            began = time.perf_counter()
            stream = direct_client.chat.completions.create(
                model=server.model, messages=messages, max_tokens=MAX_TOKENS[task], temperature=0.4, stream=True
            )
            first = None
            for chunk in stream:
                if first is None and chunk.choices and chunk.choices[0].delta.content:
                    first = time.perf_counter() - began
            assert first is not None
            return first

        def coach(task: Task) -> tuple[float, float]:
            first: list[float] = []

            def on_text(text: str) -> None:
                if not first:
                    first.append(time.perf_counter())

            began = time.perf_counter()
            result = drafting.draft(task, data, backend="llm", on_text=on_text)
            assert result.backend == "llm" and result.text == ANSWER.strip(), result.warnings
            spent_retrieving = retrieval[-1]
            return first[0] - began - spent_retrieving, spent_retrieving

        direct_ttft: list[float] = []
        coach_ttft: list[float] = []
        retrieval_times: list[float] = []
        for number in range(WARMUP + runs):
            task = tasks[number % len(tasks)]
            server.script(ANSWER, ANSWER)
            one_direct = direct(task)
            one_coach, one_retrieval = coach(task)
            if number >= WARMUP:
                direct_ttft.append(ms(one_direct))
                coach_ttft.append(ms(one_coach))
                retrieval_times.append(ms(one_retrieval))

        # The coach makes a new client per draft (settings may change between drafts): show its cost.
        from coaching.backends.llm import ModelBackend

        client_costs = []
        for _ in range(runs):
            began = time.perf_counter()
            ModelBackend()._client()
            client_costs.append(ms(time.perf_counter() - began))

    overhead = statistics.median(coach_ttft) - statistics.median(direct_ttft)
    print(f"time to first token over {runs} runs ({', '.join(t.value for t in tasks)} in turn), local test server:")
    for label, values in (
        ("direct openai stream", direct_ttft),
        ("coach draft(), retrieval excluded", coach_ttft),
        ("retrieval (excluded above)", retrieval_times),
        ("of which: new openai client per draft", client_costs),
    ):
        print(f"  {label:<40} p50 {statistics.median(values):6.1f} ms   p90 {p(values, 0.9):6.1f} ms")
    verdict = "met" if overhead <= TARGET_MS else "MISSED"
    print(f"pipeline overhead (p50 coach - p50 direct): {overhead:.1f} ms (target <= {TARGET_MS:.0f} ms: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
