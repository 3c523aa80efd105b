"""The vector seed and cache: reused when a text is known, computed when it is new, never wrong."""

from __future__ import annotations

import numpy as np

from coaching import vector_cache
from coaching.embedding import get_embedder
from coaching.knowledge import load_passages, load_topics, topic_text


def test_the_shipped_seed_covers_the_current_corpus():
    """Fails after the guidance is edited without `make vectors` (the index still builds, only slower)."""
    passages, topics = load_passages(), load_topics()
    topic_ids = sorted({t for p in passages for t in p.topics})
    texts = [p.text for p in passages] + [topic_text(t, topics) for t in topic_ids]
    seeded = vector_cache._read(vector_cache.SEED_FILE)
    stale = [t[:60] for t in texts if vector_cache._key(t) not in seeded]
    assert not stale, f"knowledge/vectors.npz is stale: run `make vectors` ({len(stale)} texts missing)"


def test_a_seeded_vector_equals_a_freshly_computed_one():
    text = load_passages()[0].text
    assert np.allclose(vector_cache.embed_cached([text])[0], get_embedder().embed([text])[0], atol=1e-5)


def test_a_new_text_is_embedded_and_remembered_in_the_data_folder(_private_data_dir):
    text = "A sentence no passage of the guidance has ever contained, about lighthouse keepers."
    first = vector_cache.embed_cached([text])
    assert (_private_data_dir / "vectors.npz").exists()
    assert vector_cache._key(text) in vector_cache._read(_private_data_dir / "vectors.npz")
    assert np.allclose(first, vector_cache.embed_cached([text]))


def test_a_damaged_cache_file_is_ignored(_private_data_dir):
    _private_data_dir.mkdir(parents=True, exist_ok=True)
    (_private_data_dir / "vectors.npz").write_bytes(b"not a numpy file")
    text = "Another new sentence, about tide tables."
    assert np.allclose(vector_cache.embed_cached([text])[0], get_embedder().embed([text])[0], atol=1e-5)
