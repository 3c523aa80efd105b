"""The guidance corpus: human-editable YAML files in `knowledge/`, validated on load."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError
from yaml import YAMLError

from coaching.errors import KnowledgeError
from coaching.models import Passage
from coaching.settings import get_settings
from coaching.yaml_io import load_yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
TOPICS_FILE = "topics.yaml"
MIN_WORDS, MAX_WORDS = 40, 160
SOURCES = (
    "Informational interviews (part of a series on referral-based networking)",
    "Want an Interview? Have You Considered Informational Interviews?",
    "How To Conduct An Informational Interview So You'll Be The One They Remember!",
    "Informational or Networking Interviews – Part 1",
    "Informational Interviews",
)


@dataclass(frozen=True)
class Topic:
    id: str
    stage: str
    about: str


def knowledge_dir() -> Path:
    return get_settings().coach_knowledge_dir or PROJECT_DIR / "knowledge"


def _read_yaml(path: Path) -> object:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
        raise KnowledgeError(f"The guidance file {path.name} cannot be read: {exc}".splitlines()[0]) from None


def load_topics(folder: Path | None = None) -> dict[str, Topic]:
    folder = folder or knowledge_dir()
    raw = _read_yaml(folder / TOPICS_FILE)
    if not isinstance(raw, list):
        raise KnowledgeError(f"{folder / TOPICS_FILE} should be a list of topics.")
    return {item["id"]: Topic(item["id"], item["stage"], item["about"]) for item in raw}


def _passages_in(path: Path, topics: dict[str, Topic]) -> list[Passage]:
    raw = _read_yaml(path)
    if not isinstance(raw, list):
        raise KnowledgeError(f"The guidance file {path.name} should be a list of passages.")
    passages = []
    for number, item in enumerate(raw, start=1):
        label = f"{path.name}, passage {number}" + (f" ({item.get('id')})" if isinstance(item, dict) else "")
        try:
            passage = Passage.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise KnowledgeError(f"{label}: {field}: {first['msg']}.") from None
        unknown = [topic for topic in passage.topics if topic not in topics]
        if unknown:
            raise KnowledgeError(f"{label}: unknown topic id '{unknown[0]}' (see knowledge/{TOPICS_FILE}).")
        if not passage.topics:
            raise KnowledgeError(f"{label}: needs at least one topic id.")
        if passage.source not in SOURCES:
            raise KnowledgeError(f"{label}: source '{passage.source}' is not one of the five article titles.")
        passages.append(passage)
    return passages


@cache
def _load(folder: Path) -> tuple[Passage, ...]:
    topics = load_topics(folder)
    files = sorted(path for path in folder.glob("*.yaml") if path.name != TOPICS_FILE)
    if not files:
        raise KnowledgeError(f"No guidance files were found in {folder}.")
    passages = [passage for path in files for passage in _passages_in(path, topics)]
    seen: set[str] = set()
    for passage in passages:
        if passage.id in seen:
            raise KnowledgeError(f"The passage id '{passage.id}' is used twice in the guidance files.")
        seen.add(passage.id)
    return tuple(passages)


def load_passages(folder: Path | None = None) -> list[Passage]:
    """Every passage of the corpus, in file order; raises `KnowledgeError` naming a bad one."""
    return list(_load((folder or knowledge_dir()).resolve()))


def topic_text(topic_id: str, topics: dict[str, Topic]) -> str:
    """A topic's id and description as one sentence, e.g. "meeting length: ask for a short ..."."""
    return f"{topic_id.replace('-', ' ')}: {topics[topic_id].about}."


def indexed_text(passage: Passage, topics: dict[str, Topic]) -> str:
    """The passage with its topics' descriptions: how a searcher may phrase what it is about."""
    return " ".join([passage.text, *(topic_text(t, topics) for t in passage.topics)])


def corpus_hash(passages: list[Passage]) -> str:
    """Changes whenever any passage's text, tags or source changes."""
    canonical = json.dumps([p.model_dump() for p in passages], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
