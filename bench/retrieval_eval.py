"""Retrieval quality: recall@1, recall@3 and MRR of each method on the labelled queries.

A result is right when any of its topics is among the query's labelled topics.
Run: .venv/bin/python bench/retrieval_eval.py [queries.yaml]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from coaching.index import get_index
from coaching.retrieval import METHODS, search_many

HERE = Path(__file__).resolve().parent


def load_queries(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate(queries: list[dict], method: str, depth: int = 10) -> dict[str, float]:
    results = search_many([q["query"] for q in queries], depth, method=method)
    hits1 = hits3 = reciprocal = 0.0
    misses = []
    for query, found in zip(queries, results, strict=True):
        wanted = set(query["topics"])
        ranks = [rank for rank, r in enumerate(found, start=1) if wanted & set(r.topics)]
        first = ranks[0] if ranks else None
        hits1 += first == 1
        hits3 += first is not None and first <= 3
        reciprocal += 1 / first if first else 0.0
        if first is None or first > 3:
            misses.append(query["query"])
    n = len(queries)
    return {"recall@1": hits1 / n, "recall@3": hits3 / n, "mrr": reciprocal / n, "misses": misses}


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else HERE / "queries.yaml"
    queries = load_queries(path)
    get_index()
    print(f"Retrieval on {len(queries)} labelled queries ({path.name})")
    print(f"{'method':8} {'recall@1':>9} {'recall@3':>9} {'MRR':>6}")
    for method in METHODS:
        scores = evaluate(queries, method)
        print(f"{method:8} {scores['recall@1']:9.3f} {scores['recall@3']:9.3f} {scores['mrr']:6.3f}")
        if "-v" in sys.argv:
            for miss in scores["misses"]:
                print(f"   missed@3: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if a != "-v"]))
