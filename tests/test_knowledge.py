"""The guidance corpus in `knowledge/`: its schema, its topic coverage, and how a broken file is reported.

The corpus is the ground every draft stands on, so it is held to the contract in DESIGN.md and
issue 3: at least 60 passages of one idea each, 40-160 words, tagged with the shared topic ids,
every topic covered twice, the articles' disagreements stated, and no sentence copied from them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from coaching import knowledge
from coaching.errors import KnowledgeError
from coaching.knowledge import MAX_WORDS, MIN_WORDS, SOURCES, load_passages, load_topics
from coaching.settings import get_settings

PROJECT = Path(__file__).resolve().parent.parent
KNOWLEDGE = PROJECT / "knowledge"
SHARED = PROJECT.parent / "shared"
SHARED_TOPICS = SHARED / "guidance" / "topics.yaml"
PROSE_OVERLAP = SHARED / "tools" / "prose_overlap.py"
STAGES = {"before", "during", "after"}


@pytest.fixture(scope="module")
def passages():
    return load_passages(KNOWLEDGE)


@pytest.fixture(scope="module")
def topics():
    return load_topics(KNOWLEDGE)


def word_count(text: str) -> int:
    return len(text.split())


# --- schema ----------------------------------------------------------------------------------------


def test_the_corpus_has_at_least_sixty_passages(passages):
    assert len(passages) >= 60


def test_passage_ids_are_unique(passages):
    repeated = [pid for pid, n in Counter(p.id for p in passages).items() if n > 1]
    assert repeated == []


def test_every_passage_is_one_idea_of_40_to_160_words(passages):
    outside = {p.id: word_count(p.text) for p in passages if not MIN_WORDS <= word_count(p.text) <= MAX_WORDS}
    assert (MIN_WORDS, MAX_WORDS) == (40, 160)
    assert outside == {}


def test_every_passage_is_tagged_only_with_known_topics(passages, topics):
    unknown = {p.id: [t for t in p.topics if t not in topics] for p in passages}
    assert {pid: ts for pid, ts in unknown.items() if ts} == {}
    assert all(p.topics for p in passages)


def test_every_topic_is_covered_by_at_least_two_passages(passages, topics):
    coverage = Counter(t for p in passages for t in p.topics)
    thin = {t: coverage[t] for t in topics if coverage[t] < 2}
    assert thin == {}


def test_every_passage_has_a_valid_stage(passages):
    assert {p.stage for p in passages} <= STAGES


def test_every_source_is_one_of_the_five_article_titles(passages):
    assert len(SOURCES) == 5
    assert {p.source for p in passages} <= set(SOURCES)


def test_the_local_taxonomy_keeps_every_shared_topic_id(topics):
    if not SHARED_TOPICS.is_file():
        pytest.skip(f"the shared taxonomy is not in this checkout ({SHARED_TOPICS})")
    shared = {item["id"] for item in yaml.safe_load(SHARED_TOPICS.read_text(encoding="utf-8"))}
    assert shared - set(topics) == set()


# --- where the articles disagree, one passage gives both views ----------------------------------


def test_one_passage_on_meeting_length_gives_both_views(passages):
    both = [p.id for p in passages if "meeting-length" in p.topics and "15" in p.text and "30" in p.text]
    assert both, "no meeting-length passage mentions both 15 and 30 minutes"


def test_one_passage_on_resumes_gives_both_views(passages):
    at_the_end = re.compile(r"\b(at|by) the end\b|\bleave (a|one|it)\b", re.I)
    only_if_asked = re.compile(r"\bif (they|the person|you are) ask|\bonly if asked\b|\bnot (to bring|at all)\b", re.I)
    both = [
        p.id
        for p in passages
        if "resume-handling" in p.topics and at_the_end.search(p.text) and only_if_asked.search(p.text)
    ]
    assert both, "no resume-handling passage gives both the leave-it-at-the-end and the only-if-asked view"


# --- a broken corpus is reported plainly ----------------------------------------------------------


def write_corpus(folder: Path, passages: list[dict]) -> Path:
    """A knowledge folder with the real taxonomy and the given passages in one file."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(KNOWLEDGE / "topics.yaml", folder / "topics.yaml")
    (folder / "extra.yaml").write_text(yaml.safe_dump(passages, allow_unicode=True, sort_keys=False), "utf-8")
    return folder


def passage(**overrides) -> dict:
    text = " ".join(["Ask for twenty minutes of advice and keep to the time you asked for."] * 4)
    valid = {"id": "sample", "stage": "before", "topics": ["meeting-length"], "source": SOURCES[0], "text": text}
    return valid | overrides


def use_corpus(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("COACH_KNOWLEDGE_DIR", str(folder))
    get_settings.cache_clear()
    knowledge._load.cache_clear()


BAD_CORPORA = [
    # (what is wrong, passages, words the message must contain)
    ("a topic id not in the taxonomy", [passage(topics=["meeting-length", "coffee-etiquette"])],
     ["extra.yaml", "coffee-etiquette"]),
    ("the same id twice", [passage(), passage()], ["sample", "twice"]),
    ("a stage that does not exist", [passage(stage="someday")], ["extra.yaml", "stage"]),
    ("a source that is not one of the articles", [passage(source="A blog I liked")], ["extra.yaml", "A blog I liked"]),
    ("no topics at all", [passage(topics=[])], ["extra.yaml", "topic"]),
]  # fmt: skip


@pytest.mark.parametrize(("problem", "bad", "named"), BAD_CORPORA, ids=[row[0] for row in BAD_CORPORA])
def test_a_broken_corpus_raises_a_knowledge_error_naming_the_file_and_the_problem(
    problem, bad, named, tmp_path, monkeypatch
):
    use_corpus(monkeypatch, write_corpus(tmp_path / "knowledge", bad))
    with pytest.raises(KnowledgeError) as raised:
        load_passages()
    for word in named:
        assert word in str(raised.value), f"{problem}: {raised.value}"


def test_a_bad_topic_id_on_the_command_line_is_one_line_and_exit_1(tmp_path):
    folder = write_corpus(tmp_path / "knowledge", [passage(topics=["coffee-etiquette"])])
    env = os.environ.copy() | {"COACH_KNOWLEDGE_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-m", "coaching", "index"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "extra.yaml" in lines[0]
    assert "coffee-etiquette" in lines[0]


# --- in the project's own words -------------------------------------------------------------------


def test_no_text_in_the_repository_repeats_the_source_articles():
    if not PROSE_OVERLAP.is_file():
        pytest.skip(f"the prose-overlap tool is not in this checkout ({PROSE_OVERLAP})")
    done = subprocess.run(
        [sys.executable, str(PROSE_OVERLAP), str(PROJECT)], capture_output=True, text=True, timeout=120
    )
    assert done.stdout == "", done.stdout
    assert done.returncode == 0, done.stderr
