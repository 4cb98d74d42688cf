"""Haystack component: embeds questions (and, for sentence ranking, a few passages) at query time.

The index records the model and the prompts its passages were embedded with; questions must be
embedded with the same. A BERT sentence-transformers folder (the default e5-small) runs on
:class:`~kb.models.numpy_encoder.NumpyBertEncoder`: no torch in the query path, a cold start in a
fraction of a second. Any other model runs on sentence-transformers, imported only then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from haystack import component

_ENCODERS: dict[str, Callable[[list[str]], np.ndarray]] = {}
_LOCK = threading.Lock()


def uses_numpy_encoder(model_path: str) -> bool:
    """Whether questions for ``model_path`` are embedded without torch."""
    from kb.models.numpy_encoder import NumpyBertEncoder

    return Path(model_path).is_dir() and NumpyBertEncoder.supports(Path(model_path))


def _load_encoder(model_path: str, device: str) -> Callable[[list[str]], np.ndarray]:
    """One encoder per model and process, shared by every component that embeds with it."""
    with _LOCK:
        key = f"{model_path}@{device}"
        if key not in _ENCODERS:
            if uses_numpy_encoder(model_path):
                from kb.models.numpy_encoder import NumpyBertEncoder

                _ENCODERS[key] = NumpyBertEncoder(Path(model_path)).encode
            else:
                from sentence_transformers import SentenceTransformer

                model = SentenceTransformer(model_path, device=device, local_files_only=True)

                def encode(texts: list[str]) -> np.ndarray:
                    return np.asarray(
                        model.encode(texts, normalize_embeddings=True, show_progress_bar=False),
                        dtype=np.float32,
                    )

                _ENCODERS[key] = encode
        return _ENCODERS[key]


@component
class QueryEmbedder:
    """Embeds a question with the model and query prompt the index was built with.

    Usage::

        embedder = QueryEmbedder("models/multilingual-e5-small", query_prefix="query: ",
                                 passage_prefix="passage: ")
        embedder.warm_up()
        vector = embedder.run(text="khu công nghiệp sinh thái")["embedding"]  # float32, (384,)
        sentences = embedder.embed_passages(["Kalundborg trao đổi hơi nước …"])
    """

    def __init__(self, model_path: str, query_prefix: str = "", passage_prefix: str = "", device: str = "cpu"):
        """
        :param model_path: a local sentence-transformers folder (or a cached hub id).
        :param query_prefix: prepended to every question ("query: " for e5).
        :param passage_prefix: prepended to passages embedded at query time ("passage: ").
        :param device: for models that run on sentence-transformers.
        """
        if not model_path:
            raise ValueError("model_path must name a model")
        self.model_path = model_path
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.device = device
        self._encode: Callable[[list[str]], np.ndarray] | None = None

    def warm_up(self) -> None:
        """Load the model (once per process and model)."""
        if self._encode is None:
            self._encode = _load_encoder(self.model_path, self.device)

    @component.output_types(embedding=np.ndarray)
    def run(self, text: str) -> dict[str, np.ndarray]:
        """:param text: the question (the query prompt is added). :returns: ``embedding``, unit length."""
        self.warm_up()
        return {"embedding": self._encode([self.query_prefix + text])[0]}  # type: ignore[misc]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Passages (e.g. sentences to rank) embedded as the index embeds documents."""
        self.warm_up()
        return self._encode([self.passage_prefix + t for t in texts])  # type: ignore[misc]
