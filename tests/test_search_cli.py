"""`python -m coaching index` and `search`: the command-line contract of DESIGN.md, which evaluation
scripts call exactly as written, and a sanity table of what a search should find.

The subprocess tests run the real program against the shared, already built index (each costs a
couple of seconds, so there are few); the tables run in-process against the same index.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from coaching.cli import main
from coaching.errors import InputError
from coaching.knowledge import load_passages
from coaching.retrieval import MAX_K, search_many

RESULT_KEYS = {"id", "text", "topics", "stage", "source", "score"}


def coach(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coaching", *args],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- the real program --------------------------------------------------------------------------


def test_index_prints_the_passage_count_and_the_seconds(guidance_index):
    done = coach("index")
    assert done.returncode == 0, done.stderr
    found = re.fullmatch(r"(Built|Reused) the guidance index: (\d+) passages in (\d+\.\d+) s\.", done.stdout.strip())
    assert found, done.stdout
    assert int(found.group(2)) == len(load_passages())
    assert found.group(1) == "Reused"  # the shared index is already built


def test_search_json_answers_each_query_in_turn_with_at_most_k_passages(guidance_index):
    queries = ["how long should I ask for", "what to write in a thank-you note"]
    done = coach("search", *queries, "-k", "3", "--json")
    assert done.returncode == 0, done.stderr

    answer = json.loads(done.stdout)
    assert [item["query"] for item in answer] == queries
    for item in answer:
        assert set(item) == {"query", "results"}
        assert 1 <= len(item["results"]) <= 3
        for result in item["results"]:
            assert set(result) == RESULT_KEYS
            assert isinstance(result["topics"], list) and result["topics"]
            assert result["stage"] in {"before", "during", "after"}
            assert isinstance(result["score"], float)
        scores = [r["score"] for r in item["results"]]
        assert scores == sorted(scores, reverse=True)


def test_search_filters_by_stage_and_topic_together(guidance_index, capsys):
    args = ["search", "what should I send afterwards", "-k", "5", "--stage", "after", "--topic", "thank-you-note"]
    assert main([*args, "--json"]) == 0  # in-process: the same parser and printer, without a second start-up
    results = json.loads(capsys.readouterr().out)[0]["results"]
    assert results
    assert all(r["stage"] == "after" and "thank-you-note" in r["topics"] for r in results)


@pytest.mark.parametrize(
    ("args", "named"),
    [(["search", ""], "query"), (["search", "x", "-k", "0"], "-k")],
    ids=["empty query", "k of zero"],
)
def test_bad_search_input_exits_2_with_one_line_naming_it(args, named):
    done = coach(*args)
    assert done.returncode == 2
    assert named in one_line(done.stderr)
    assert done.stdout == ""


# --- every bad input, in-process ----------------------------------------------------------------

BAD_SEARCHES = [
    # (arguments, what the message names)
    (["search", ""], "query"),
    (["search", "   \t "], "query"),
    (["search", "fine", "   "], "query"),
    (["search", "x" * 1001], "query"),
    (["search", "x", "-k", "0"], "-k"),
    (["search", "x", "-k", "51"], "-k"),
    (["search", "x", "-k", "-3"], "-k"),
    (["search", "x", "-k", "abc"], "-k"),
    (["search", "x", "--stage", "someday"], "--stage"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "named"), BAD_SEARCHES, ids=[" ".join(a)[:30] for a, _ in BAD_SEARCHES])
def test_bad_search_input_is_refused_with_exit_2(args, named, capsys):
    try:
        code, by_argparse = main(args), False
    except SystemExit as exited:  # argparse refuses malformed flags itself, also with 2, after its usage line
        code, by_argparse = exited.code, True
    assert code == 2
    err = capsys.readouterr().err
    assert named in err
    assert "Traceback" not in err
    if not by_argparse:
        assert len(err.strip().splitlines()) == 1, err


def test_k_is_bounded_at_fifty():
    assert MAX_K == 50
    with pytest.raises(InputError, match="-k"):
        search_many(["resume"], MAX_K + 1)


def test_the_largest_k_returns_every_passage_at_most(guidance_index):
    found = search_many(["resume"], MAX_K, index=guidance_index)[0]
    assert len(found) == min(MAX_K, len(guidance_index.passages))
    assert len({r.id for r in found}) == len(found)


FILTERS = [
    # (query, filters, what every result must satisfy)
    ("what to bring", {"stage": "during"}, lambda r: r.stage == "during"),
    ("what to bring", {"stage": "before"}, lambda r: r.stage == "before"),
    ("keeping in touch", {"topic": "keep-in-touch"}, lambda r: "keep-in-touch" in r.topics),
    ("resume", {"topic": "resume-handling"}, lambda r: "resume-handling" in r.topics),
]


@pytest.mark.parametrize(("query", "filters", "holds"), FILTERS, ids=[f"{q} {f}" for q, f, _ in FILTERS])
def test_filters_keep_only_matching_passages(query, filters, holds, guidance_index):
    found = search_many([query], 5, index=guidance_index, **filters)[0]
    assert found
    assert all(holds(r) for r in found)


def test_an_unknown_topic_filter_finds_nothing_rather_than_failing(guidance_index):
    assert search_many(["resume"], 5, topic="no-such-topic", index=guidance_index) == [[]]


# --- retrieval sanity: what a person types finds the right guidance -----------------------------

SANITY = [
    # (query as a person types it, a topic a right answer is about)
    ("how many minutes should I ask for", "meeting-length"),
    ("should I hand them my CV", "resume-handling"),
    ("what do I wear", "presentation"),
    ("how to answer tell me about yourself", "self-introduction"),
    ("thank you email after the chat", "thank-you-note"),
    ("ask them for more people to talk to", "ask-for-referrals"),
    ("is it ok to ask for a job at the meeting", "not-a-job-request"),
    ("should I write things down during the conversation", "take-notes"),
    ("let the person who introduced us know how it went", "report-to-referrer"),
    ("how much should I talk vs listen", "listening-balance"),
    ("reserch the company beforehand", "research-first"),
    ("most jobs are never advertised", "hidden-job-market"),
    ("résumé?", "resume-handling"),
    ("should I bring my résumé", "resume-handling"),
]


def test_accents_do_not_change_what_is_found(guidance_index):
    typed, plain = search_many(["Résumé à la fin?", "Resume a la fin?"], 5, index=guidance_index)
    assert [r.id for r in typed] == [r.id for r in plain]


def test_each_sanity_query_finds_its_topic_in_the_top_three(guidance_index):
    found = search_many([q for q, _ in SANITY], 3, index=guidance_index)
    missed = {
        query: [r.topics for r in results]
        for (query, topic), results in zip(SANITY, found, strict=True)
        if not any(topic in r.topics for r in results)
    }
    assert missed == {}
