"""Which documents mention the names a question is about ("Hiệp Phước", "Kalundborg", "VSIP Bắc Ninh").

Each document's title and text are prepared once per index generation for
:func:`kb.query_analysis.unmentioned_names` (folded words between single spaces).
"""

from __future__ import annotations

import threading

from kb.index_store import IndexSnapshot
from kb.query_analysis import name_haystack

_LOCK = threading.Lock()
_ATTRIBUTE = "_document_names"


def document_names(snapshot: IndexSnapshot, doc_id: str) -> str:
    """A document's title and text prepared for name checks (cached per generation)."""
    with _LOCK:
        cache = snapshot.__dict__.setdefault(_ATTRIBUTE, {})
        if doc_id not in cache:
            texts = [snapshot.documents[doc_id].info.get("title", "")]
            texts += [snapshot.chunks[row].text for row in snapshot.chunks_of(doc_id)]
            cache[doc_id] = name_haystack(texts)
        return cache[doc_id]
