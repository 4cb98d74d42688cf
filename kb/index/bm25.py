"""Lexical index: BM25 (bm25s) over the tokens of :mod:`kb.text.lexical_analyzer`."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

DEFAULT_K1 = 1.2
DEFAULT_B = 0.75


class BM25Index:
    """BM25 scores for every chunk, from pre-computed token lists.

    Usage::

        index = BM25Index.build([["khu", "công_nghiệp", "~khu", ...], ...])
        scores = index.scores(bm25_tokens("khu cong nghiep"))   # one score per chunk
    """

    def __init__(self, retriever: bm25s.BM25 | None, size: int) -> None:
        self._retriever = retriever
        self._size = size

    @classmethod
    def build(
        cls, token_lists: list[list[str]], *, k1: float = DEFAULT_K1, b: float = DEFAULT_B
    ) -> BM25Index:
        if not token_lists:
            return cls(None, 0)
        retriever = bm25s.BM25(k1=k1, b=b)
        # bm25s cannot index an empty document; a placeholder token keeps row numbers aligned.
        retriever.index([tokens or ["\x00empty"] for tokens in token_lists], show_progress=False)
        return cls(retriever, len(token_lists))

    @classmethod
    def load(cls, path: Path, size: int, *, mmap: bool = False) -> BM25Index:
        """The index saved at ``path``; ``mmap``: its matrices stay on disk, paged in as queries touch them."""
        if size == 0:
            return cls(None, 0)
        return cls(bm25s.BM25.load(str(path), mmap=mmap), size)

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        if self._retriever is not None:
            self._retriever.save(str(path))

    def __len__(self) -> int:
        return self._size

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the query (zeros when nothing matches)."""
        if self._retriever is None or not query_tokens:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(query_tokens), dtype=np.float32)
