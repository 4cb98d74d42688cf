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


def _document_titles(snapshot: IndexSnapshot) -> list[str]:
    """Title of each document, by position in ``snapshot.documents``."""
    return snapshot.cache.get(
        "document_titles", lambda: [str(d.info.get("title", "")) for d in snapshot.documents.values()]
    )


def title_field_text(snapshot: IndexSnapshot, row: int) -> str:
    """Document title plus the chunk's heading (when it has one and it is not the title)."""
    code = int(snapshot.doc_codes()[row])
    title = _document_titles(snapshot)[code] if code >= 0 else ""
    heading = snapshot.heading(row)
    return f"{title}\n{heading}" if heading and heading != title else title


class TitleFieldIndex:
    """BM25 scores of every chunk's title field.

    Usage::

        field = TitleFieldIndex.for_snapshot(snapshot)
        scores = field.scores(bm25_tokens("Ulsan được chỉ định năm nào?"))  # one per chunk
    """

    def __init__(self, snapshot: IndexSnapshot) -> None:
        titles = _document_titles(snapshot)
        codes = snapshot.doc_codes()
        headings = snapshot.headings()
        texts: dict[str, int] = {}
        parts: list[tuple[str, str]] = []  # per field: (title, heading or "")
        field_of_row = np.empty(len(snapshot.chunks), dtype=np.int64)
        for row in range(len(snapshot.chunks)):
            code = int(codes[row])
            title = titles[code] if code >= 0 else ""
            heading = headings[row] or ""
            heading = heading if heading != title else ""
            text = f"{title}\n{heading}" if heading else title
            field = texts.get(text)
            if field is None:
                field = texts[text] = len(texts)
                parts.append((title, heading))
            field_of_row[row] = field
        self._field_of_row = field_of_row
        # Titles and headings are analysed once each and their tokens joined: the same bag of tokens
        # as analysing "title\nheading" (checked on the 3,601 fields of the benchmark corpora), with
        # far fewer texts to segment (a million chunks share some thousands of titles and headings).
        analysed: dict[str, list[str]] = {}

        def tokens(text: str) -> list[str]:
            if text not in analysed:
                analysed[text] = bm25_tokens(text) if text else []
            return analysed[text]

        self._index = BM25Index.build([tokens(title) + tokens(heading) for title, heading in parts])
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
