"""Vectors already computed for a text, so a build only embeds what is new.

Looked up by the text's hash and the model's fingerprint in two places: the seed shipped with the
guidance (`knowledge/vectors.npz`, refreshed with `make vectors` after editing the corpus) and a
cache in the data folder. A text that is in neither is embedded; a stale seed is only slower.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import numpy as np

from coaching.embedding import get_embedder, model_fingerprint
from coaching.knowledge import PROJECT_DIR
from coaching.settings import get_settings

SEED_FILE = PROJECT_DIR / "knowledge" / "vectors.npz"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _cache_file() -> Path:
    return get_settings().data_dir() / "vectors.npz"


def _read(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as stored:
            if str(stored["model"]) != model_fingerprint():
                return {}
            return dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    except (OSError, KeyError, ValueError):
        return {}  # missing or damaged: the texts are simply embedded again


def _write(path: Path, vectors: dict[str, np.ndarray]) -> None:
    keys = sorted(vectors)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, model=model_fingerprint(), keys=np.array(keys), vectors=np.array([vectors[k] for k in keys]))
    tmp.replace(path)


def embed_cached(texts: list[str]) -> np.ndarray:
    """Unit vectors for `texts`, computing only those not seen before."""
    known = {**_read(SEED_FILE), **_read(_cache_file())}
    missing = sorted({t for t in texts if _key(t) not in known}, key=len)  # similar lengths pad less
    if missing:
        for text, vector in zip(missing, get_embedder().embed(missing), strict=True):
            known[_key(text)] = vector
        # A read-only data folder only costs speed next time.
        with contextlib.suppress(OSError):
            _write(_cache_file(), {_key(t): known[_key(t)] for t in texts})
    return np.array([known[_key(t)] for t in texts], dtype=np.float32)


def write_seed(texts: list[str]) -> Path:
    """Refresh the shipped seed with vectors for exactly these texts (`make vectors`)."""
    vectors = dict(zip(map(_key, texts), get_embedder().embed(texts), strict=True))
    _write(SEED_FILE, vectors)
    return SEED_FILE
