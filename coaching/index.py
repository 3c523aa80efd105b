"""The Chroma index of the guidance: built on first use, rebuilt when the corpus or model changes.

Embedded (`PersistentClient` under `COACH_DATA_DIR`) by default; a Chroma server through
`CHROMA_HOST`/`CHROMA_PORT`. A collection is named after the content hash of the corpus and the
model, and is only trusted once it carries `complete: true`, so an interrupted build is never used.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import re
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coaching.embedding import MODEL_NAME, get_embedder, model_fingerprint
from coaching.errors import KnowledgeError, StorageError
from coaching.knowledge import Topic, corpus_hash, indexed_text, load_passages, load_topics, topic_text
from coaching.models import Passage
from coaching.settings import get_settings
from coaching.vector_cache import embed_cached

COLLECTION_PREFIX = "guidance-"
# Each passage is stored twice: its text, and its text with its topics' descriptions.
EXPANDED_SUFFIX = "#topics"
Ranking = list[tuple[str, float]]
# How much more the passage's own text counts than its topics in the second vector.
TEXT_WEIGHT = 1.5
_lock = threading.Lock()
_cached: GuidanceIndex | None = None


def _chroma_embedding_function() -> Any:
    """Our MiniLM wrapped in Chroma's whole embedding-function protocol, registered once.

    Without it a collection falls back to Chroma's default model, which downloads at run time.
    """
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import known_embedding_functions, register_embedding_function

    class CoachMiniLM(EmbeddingFunction[Documents]):
        def __init__(self) -> None:
            self._model = get_embedder()

        def __call__(self, input: Documents) -> Embeddings:
            return self._model.embed(list(input))  # type: ignore[return-value]

        @staticmethod
        def name() -> str:
            return "coach-minilm-int8"

        def get_config(self) -> dict[str, Any]:
            return {"model": MODEL_NAME}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> CoachMiniLM:
            return CoachMiniLM()

        def default_space(self) -> str:
            return "cosine"

        def supported_spaces(self) -> list[str]:
            return ["cosine"]

    if CoachMiniLM.name() not in known_embedding_functions:
        register_embedding_function(CoachMiniLM)
    return known_embedding_functions[CoachMiniLM.name()]()


def _client() -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = get_settings()
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        except Exception as exc:  # the client checks the server on creation; any failure means unreachable
            raise KnowledgeError(
                f"The Chroma server at {settings.chroma_host}:{settings.chroma_port} did not answer "
                f"({type(exc).__name__}).",
                "Check that it is running, or unset CHROMA_HOST to use the built-in index.",
            ) from None
    return chromadb.PersistentClient(path=str(index_dir()), settings=chroma_settings)


def index_dir():
    return get_settings().data_dir() / "index"


def index_dir_path() -> Path:
    """Where the index lives, without creating the data folder (for messages about it)."""
    return get_settings().coach_data_dir / "index"


def _reset_embedded_store() -> None:
    """Delete a broken embedded store so it can be built again from the corpus."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    shutil.rmtree(index_dir(), ignore_errors=True)


@dataclass
class GuidanceIndex:
    """The passages and the Chroma collection that holds their vectors."""

    passages: list[Passage]
    collection: Any
    built_seconds: float | None  # None when an existing index was reused

    def dense_rankings(self, query_vectors: np.ndarray) -> list[tuple[Ranking, Ranking]]:
        """For each query, two rankings of every passage by cosine similarity, best first:
        by its text, and by its text with its topics' descriptions."""
        found = self.collection.query(
            query_embeddings=query_vectors,
            n_results=2 * len(self.passages),
            include=["distances"],
        )
        rankings = []
        for ids, distances in zip(found["ids"], found["distances"], strict=True):
            plain: Ranking = []
            expanded: Ranking = []
            for record_id, distance in zip(ids, distances, strict=True):
                if record_id.endswith(EXPANDED_SUFFIX):
                    expanded.append((record_id.removesuffix(EXPANDED_SUFFIX), 1.0 - float(distance)))
                else:
                    plain.append((record_id, 1.0 - float(distance)))
            rankings.append((plain, expanded))
        return rankings


def _collection_name(passages: list[Passage]) -> str:
    key = f"{corpus_hash(passages)}:{model_fingerprint()}".encode()
    return COLLECTION_PREFIX + hashlib.sha256(key).hexdigest()[:16]


def _existing(client: Any, name: str, size: int) -> Any | None:
    names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    if name not in names:
        return None
    collection = client.get_collection(name, embedding_function=_chroma_embedding_function())
    if (collection.metadata or {}).get("complete") and collection.count() == 2 * size:
        return collection
    return None


def _passage_vectors(passages: list[Passage], topics: dict[str, Topic]) -> np.ndarray:
    """Each passage's vector, then its vector leaning towards its topics' descriptions.

    The second is a weighted mean with the (short, cheap) topic vectors rather than an embedding
    of the longer expanded text: it ranks as well on the evaluation queries and halves the build.
    """
    topic_ids = sorted({t for p in passages for t in p.topics})
    vectors = embed_cached([p.text for p in passages] + [topic_text(t, topics) for t in topic_ids])
    text_vectors = vectors[: len(passages)]
    topic_vectors = dict(zip(topic_ids, vectors[len(passages) :], strict=True))
    expanded = np.array(
        [
            TEXT_WEIGHT * vector + np.mean([topic_vectors[t] for t in p.topics], axis=0)
            for vector, p in zip(text_vectors, passages, strict=True)
        ]
    )
    expanded /= np.linalg.norm(expanded, axis=1, keepdims=True)
    return np.vstack([text_vectors, expanded])


def _build(client: Any, name: str, passages: list[Passage]) -> Any:
    for old in client.list_collections():
        old_name = old if isinstance(old, str) else old.name
        if old_name.startswith(COLLECTION_PREFIX):
            client.delete_collection(old_name)
    collection = client.create_collection(
        name,
        embedding_function=_chroma_embedding_function(),
        metadata={"complete": False, "model": MODEL_NAME},
    )
    topics = load_topics()
    metadatas = [{"stage": p.stage, "topics": ",".join(p.topics), "source": p.source} for p in passages]
    collection.add(
        ids=[p.id for p in passages] + [p.id + EXPANDED_SUFFIX for p in passages],
        documents=[p.text for p in passages] + [indexed_text(p, topics) for p in passages],
        embeddings=_passage_vectors(passages, topics),
        metadatas=metadatas + metadatas,
    )
    # Only now is the collection trusted: a build cut short is found incomplete and redone.
    collection.modify(metadata={"complete": True, "model": MODEL_NAME})
    return collection


def open_index(rebuild: bool = False) -> GuidanceIndex:
    """Reuse the index when it matches the corpus and the model; otherwise build it."""
    passages = load_passages()
    name = _collection_name(passages)
    started = time.perf_counter()
    embedded = not get_settings().chroma_host
    try:
        client = _client()
        collection = None if rebuild else _existing(client, name, len(passages))
        if collection is not None:
            return GuidanceIndex(passages, collection, None)
        collection = _build(client, name, passages)
    except KnowledgeError:
        raise
    except Exception as exc:
        if not embedded:
            raise KnowledgeError(
                f"The Chroma server could not serve the guidance index ({type(exc).__name__}).",
                "Check the server, or unset CHROMA_HOST to use the built-in index.",
            ) from None
        # A folder that cannot be written is said as such; deleting the store would not help, and on
        # a full disk it would throw away an index that still reads.
        _raise_if_unwritable(exc)
        # A corrupt or half-deleted embedded store: start again from the corpus, which is the truth.
        _reset_embedded_store()
        try:
            collection = _build(_client(), name, passages)
        except Exception as again:
            _raise_if_unwritable(again)
            raise
    if embedded:
        _remove_orphaned_segments()
    return GuidanceIndex(passages, collection, time.perf_counter() - started)


_SEGMENT_FOLDER = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _remove_orphaned_segments() -> None:
    """Delete the vector folders of collections that are gone. Chroma leaves a deleted collection's
    folder on disk, so each rebuild (or a build cut short) would leave one more behind."""
    import sqlite3

    folder = index_dir_path()
    database = folder / "chroma.sqlite3"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            live = {row[0] for row in connection.execute("SELECT id FROM segments")}
    except sqlite3.Error:
        return  # nothing is deleted on a guess
    for entry in folder.iterdir():
        if entry.is_dir() and _SEGMENT_FOLDER.fullmatch(entry.name) and entry.name not in live:
            shutil.rmtree(entry, ignore_errors=True)


# How SQLite (under Chroma) and the file system say that a folder cannot be written.
_READ_ONLY = ("readonly database", "read-only file system", "permission denied")
_FULL = ("database or disk is full", "no space left on device", "disk quota exceeded")


def _raise_if_unwritable(exc: Exception) -> None:
    """A StorageError when `exc` says the index folder is read-only, full, or not a folder at all."""
    said, code = str(exc).lower(), exc.errno if isinstance(exc, OSError) else None
    where = index_dir_path()
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or any(words in said for words in _READ_ONLY):
        raise StorageError(
            f"The guidance index in {where} cannot be written: the folder is read-only.",
            "Set COACH_DATA_DIR to a folder you can write.",
        ) from None
    if code in (errno.ENOSPC, errno.EDQUOT) or any(words in said for words in _FULL):
        raise StorageError(
            f"The disk holding the guidance index ({where}) is full.",
            "Free some space, or set COACH_DATA_DIR to a folder on another disk.",
        ) from None
    if where.exists() and not where.is_dir():
        raise StorageError(
            f"{where} should be the folder of the guidance index, but it is a file.",
            "Move that file away (the coach rebuilds the index), or set COACH_DATA_DIR to another folder.",
        ) from None


def get_index(rebuild: bool = False) -> GuidanceIndex:
    """The process-wide index, opened once (or rebuilt on request)."""
    global _cached
    with _lock:
        if _cached is None or rebuild:
            _cached = open_index(rebuild=rebuild)
        return _cached


def forget_index() -> None:
    """Drop the process-wide index (tests and settings changes)."""
    global _cached
    with _lock:
        _cached = None


def refresh_seed() -> str:
    """Rewrite the shipped vector seed for the current corpus (`make vectors` after editing it)."""
    from coaching.vector_cache import write_seed

    passages, topics = load_passages(), load_topics()
    topic_ids = sorted({t for p in passages for t in p.topics})
    path = write_seed([p.text for p in passages] + [topic_text(t, topics) for t in topic_ids])
    return f"Wrote vectors for {len(passages)} passages and {len(topic_ids)} topics to {path}."
