"""The "title field" of each chunk: its document's title and its own heading, as a small BM25 index.

A question that names the subject of a document ("Kalundborg", "KCN Hiệp Phước", "Nghị định
82/2018", an article's title) should find that document even when its body is in another
language or other documents share more of the question's ordinary words. Search engines do this
with field boosts (BM25F); here the title field is scored on its own and mixed into the fused
score with a small weight (``HybridRetriever.title_weight``).

Built lazily from the snapshot (titles and headings are already stored), once per generation.
"""

from __future__ import annotations

import numpy as np

from kb.index.bm25 import BM25Index
from kb.index.snapshot import IndexSnapshot
from kb.text.lexical_analyzer import bm25_tokens


def title_field_text(snapshot: IndexSnapshot, row: int) -> str:
    """Document title plus the chunk's heading (when it has one and it is not the title)."""
    chunk = snapshot.chunks[row]
    document = snapshot.documents.get(chunk.doc_id)
    title = str(document.info.get("title", "")) if document else ""
    heading = str(chunk.meta.get("heading") or "")
    return f"{title}\n{heading}" if heading and heading != title else title


class TitleFieldIndex:
    """BM25 scores of every chunk's title field.

    Usage::

        field = TitleFieldIndex.for_snapshot(snapshot)
        scores = field.scores(bm25_tokens("Ulsan được chỉ định năm nào?"))  # one per chunk
    """

    def __init__(self, snapshot: IndexSnapshot) -> None:
        texts: dict[str, int] = {}
        self._field_of_row = np.fromiter(
            (
                texts.setdefault(title_field_text(snapshot, row), len(texts))
                for row in range(len(snapshot.chunks))
            ),
            dtype=np.int64,
            count=len(snapshot.chunks),
        )
        self._index = BM25Index.build([bm25_tokens(text) for text in texts])
        self.fields = len(texts)

    @classmethod
    def for_snapshot(cls, snapshot: IndexSnapshot) -> TitleFieldIndex:
        """The index of ``snapshot``, built on first use and shared while the snapshot lives."""
        return snapshot.cache.get("title_field", lambda: cls(snapshot))  # dies with its generation

    def field_of(self, rows: np.ndarray) -> np.ndarray:
        """Which title field each row belongs to (rows sharing a title and heading share one)."""
        return self._field_of_row[rows]

    def scores(self, query_tokens: list[str], rows: np.ndarray | None = None) -> np.ndarray:
        """Title-field BM25 score of every chunk, or of ``rows`` (zeros when nothing matches)."""
        field_of = self._field_of_row if rows is None else self._field_of_row[rows]
        if self.fields <= 1 or not query_tokens:
            # One field (a single document without headings) cannot tell chunks apart.
            return np.zeros(len(field_of), dtype=np.float32)
        return self._index.scores(query_tokens)[field_of]
