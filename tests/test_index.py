"""The Chroma index of the guidance: built on first use, reused, rebuilt when the corpus changes or
breaks, embedded with our own model, and the same through a real `chroma run` server.

Most tests index a small copy of the corpus (four real passages) so that each build costs about
a second; the embedding-function test reads the shared index of the whole corpus.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from coaching import knowledge
from coaching.cli import main
from coaching.errors import KnowledgeError
from coaching.index import COLLECTION_PREFIX, index_dir, open_index
from coaching.knowledge import load_passages
from coaching.retrieval import search_many
from coaching.settings import get_settings

PROJECT = Path(__file__).resolve().parent.parent
QUERIES = ["how do I write a thank you note", "how long should the meeting be", "resume", "who referred me"]
OUR_EMBEDDING_FUNCTION = "coach-minilm-int8"


def write_small_corpus(folder: Path) -> Path:
    """A knowledge folder with every twenty-first passage of the real corpus (four passages)."""
    passages = [p.model_dump() for p in load_passages(PROJECT / "knowledge")][::21]
    folder.mkdir(parents=True)
    shutil.copy(PROJECT / "knowledge" / "topics.yaml", folder / "topics.yaml")
    (folder / "guidance.yaml").write_text(yaml.safe_dump(passages, allow_unicode=True, sort_keys=False), "utf-8")
    return folder


def use_corpus(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("COACH_KNOWLEDGE_DIR", str(folder))
    get_settings.cache_clear()
    knowledge._load.cache_clear()


@pytest.fixture(scope="module")
def small_index_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small corpus indexed once for this module: tests copy it instead of building it again."""
    root = tmp_path_factory.mktemp("small-index")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COACH_DATA_DIR", str(root / "data"))
        use_corpus(patch, write_small_corpus(root / "knowledge"))
        open_index()
    get_settings.cache_clear()
    return root / "data" / "index"


@pytest.fixture
def small_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own copy of the small corpus, in use, with no index yet."""
    folder = write_small_corpus(tmp_path / "knowledge")
    use_corpus(monkeypatch, folder)
    return folder


@pytest.fixture
def small_index(small_corpus: Path, small_index_template: Path) -> Path:
    """The small corpus in use and its index already on disk, as a previous run left it."""
    shutil.copytree(small_index_template, index_dir())
    return small_corpus


def edit_first_passage(folder: Path, new_text: str) -> None:
    path = folder / "guidance.yaml"
    passages = yaml.safe_load(path.read_text("utf-8"))
    passages[0]["text"] = new_text
    path.write_text(yaml.safe_dump(passages, allow_unicode=True, sort_keys=False), "utf-8")
    knowledge._load.cache_clear()


def result_ids(index, queries=QUERIES, k=3) -> list[list[str]]:
    return [[r.id for r in found] for found in search_many(queries, k, index=index)]


def guidance_collections(index) -> list[str]:
    client = index.collection._client
    names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    return [n for n in names if n.startswith(COLLECTION_PREFIX)]


# --- built, reused, rebuilt -------------------------------------------------------------------------


def test_the_index_is_built_on_first_use_and_reused_after(small_corpus):
    assert not index_dir().exists()
    first = open_index()
    assert first.built_seconds is not None
    assert first.collection.count() == 2 * len(first.passages)  # each passage's text, and with its topics

    again = open_index()
    assert again.built_seconds is None
    assert again.collection.name == first.collection.name
    assert result_ids(again) == result_ids(first)


def test_a_new_process_reuses_the_index_on_disk(small_index):
    reopened = open_index()
    assert reopened.built_seconds is None
    assert reopened.collection.metadata["complete"] is True
    assert all(found for found in result_ids(reopened))


def test_editing_a_passage_rebuilds_the_index_under_a_new_name(small_index):
    before = open_index()
    edit_first_passage(small_index, before.passages[0].text + " Bring a notebook and a pen to write things down.")

    after = open_index()
    assert after.built_seconds is not None
    assert after.collection.name != before.collection.name
    assert after.passages[0].text.endswith("Bring a notebook and a pen to write things down.")
    assert guidance_collections(after) == [after.collection.name]  # the stale one is gone


def test_index_rebuild_builds_again_even_when_nothing_changed(small_index, capsys):
    first = open_index()
    expected, name = result_ids(first), first.collection.name

    assert main(["index", "--rebuild"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("Built"), line
    assert f"{len(first.passages)} passages" in line
    assert re.search(r"in \d+\.\d\d s\.$", line), line

    rebuilt = open_index()
    assert rebuilt.built_seconds is None  # the rebuilt index is the one now on disk
    assert rebuilt.collection.name == name
    assert result_ids(rebuilt) == expected


def test_an_interrupted_build_is_never_trusted(small_index):
    open_index().collection.modify(metadata={"complete": False})  # as a build cut short leaves it
    reopened = open_index()
    assert reopened.built_seconds is not None
    assert reopened.collection.metadata["complete"] is True


# --- a broken index directory is rebuilt -----------------------------------------------------------


def garbage_sqlite(folder: Path) -> None:
    (folder / "chroma.sqlite3").write_bytes(b"this is not a database\n" * 200)


def truncated_sqlite(folder: Path) -> None:
    path = folder / "chroma.sqlite3"
    path.write_bytes(path.read_bytes()[:4096])


def deleted_sqlite(folder: Path) -> None:
    (folder / "chroma.sqlite3").unlink()


def deleted_directory(folder: Path) -> None:
    shutil.rmtree(folder)


def junk_vector_files(folder: Path) -> None:
    for segment in (p for p in folder.iterdir() if p.is_dir()):
        for path in segment.iterdir():
            path.write_bytes(b"junk")


DAMAGE = [
    # (damage, whether the store itself is unreadable and so must be built again)
    (garbage_sqlite, True),
    (truncated_sqlite, True),
    (deleted_sqlite, True),
    (deleted_directory, True),
    (junk_vector_files, False),  # Chroma restores these from its database; a rebuild is allowed, not needed
]


@pytest.mark.parametrize(("damage", "must_rebuild"), DAMAGE, ids=[d.__name__ for d, _ in DAMAGE])
def test_a_damaged_index_is_rebuilt_and_search_still_answers(damage, must_rebuild, small_index):
    from chromadb.api.client import SharedSystemClient

    expected = result_ids(open_index())
    damage(index_dir())
    SharedSystemClient.clear_system_cache()  # the next open, as a fresh process makes it

    reopened = open_index()
    if must_rebuild:
        assert reopened.built_seconds is not None
    assert result_ids(reopened) == expected
    assert guidance_collections(reopened) == [reopened.collection.name]


# --- our embedding model, never Chroma's downloading default ------------------------------------------


def test_the_collection_is_embedded_by_our_model(guidance_index):
    config = guidance_index.collection.configuration_json["embedding_function"]
    assert config["name"] == OUR_EMBEDDING_FUNCTION


def test_the_stored_collection_remembers_our_model_when_opened_without_it(guidance_index):
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(path=str(index_dir()), settings=Settings(anonymized_telemetry=False))
    stored = client.get_collection(guidance_index.collection.name)
    assert stored.configuration_json["embedding_function"]["name"] == OUR_EMBEDDING_FUNCTION


# --- a real Chroma server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def chroma_executable() -> str | None:
    beside = Path(sys.executable).parent / "chroma"
    return str(beside) if beside.exists() else shutil.which("chroma")


@pytest.fixture
def chroma_server(tmp_path: Path):
    """`chroma run` on a free local port, healthy, stopped afterwards; yields (host, port)."""
    executable = chroma_executable()
    if executable is None:
        pytest.skip("the `chroma` executable (installed with chromadb) is not on this machine")
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    server = subprocess.Popen(
        [executable, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    heartbeat = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with urllib.request.urlopen(heartbeat, timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"no answer at {heartbeat} within 30 s: {(tmp_path / 'chroma.log').read_text()}")
            try:  # waits a moment between tries, and notices a server that died
                server.wait(timeout=0.1)
                pytest.fail(f"chroma run exited with {server.returncode}: {(tmp_path / 'chroma.log').read_text()}")
            except subprocess.TimeoutExpired:
                pass
        yield "127.0.0.1", port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def collections_on_server(host: str, port: int) -> list[str]:
    """The server's own answer, over HTTP, to which collections it holds."""
    url = f"http://{host}:{port}/api/v2/tenants/default_tenant/databases/default_database/collections"
    with urllib.request.urlopen(url, timeout=5) as answer:
        return [c["name"] for c in json.load(answer)]


@pytest.mark.slow
def test_a_chroma_server_gives_the_same_results_as_the_embedded_index(small_index, chroma_server, monkeypatch):
    embedded = open_index()
    expected = result_ids(embedded)

    host, port = chroma_server
    monkeypatch.setenv("CHROMA_HOST", host)
    monkeypatch.setenv("CHROMA_PORT", str(port))
    get_settings.cache_clear()
    served = open_index()
    assert served.built_seconds is not None
    assert served.collection.configuration_json["embedding_function"]["name"] == OUR_EMBEDDING_FUNCTION
    assert result_ids(served) == expected
    assert served.collection.name in collections_on_server(host, port)

    assert open_index().built_seconds is None  # the server keeps it for the next process


def test_an_unreachable_chroma_server_is_one_plain_error(small_corpus, monkeypatch):
    port = free_port()  # nothing listens there
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(port))
    get_settings.cache_clear()
    with pytest.raises(KnowledgeError) as raised:
        open_index()
    message = str(raised.value)
    assert f"127.0.0.1:{port}" in message
    assert "CHROMA_HOST" in message
    assert "\n" not in message
