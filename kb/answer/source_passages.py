"""The passages around a retrieved one, in the order of its source.

An answer sometimes sits a passage away from the one retrieved: the rest of a list continues in
the next chunk, the figure asked is two paragraphs below the heading that matched the question's
names. These functions read the stored chunks of the index snapshot; they never search.
"""

from __future__ import annotations

from haystack import Document

from kb.index.snapshot import IndexSnapshot


def _adjacent(snapshot: IndexSnapshot, row: int, following: int) -> bool:
    """Whether stored chunk ``following`` is the one after chunk ``row`` in the same source."""
    a, b = snapshot.chunks[row], snapshot.chunks[following]
    return a.doc_id == b.doc_id and b.index == a.index + 1


def passages_around(snapshot: IndexSnapshot, document: Document, before: int, after: int) -> list[Document]:
    """``document`` and up to ``before`` / ``after`` passages of its source on either side, in
    source order ([] when it is not a stored chunk)."""
    row, chunks = document.meta.get("row"), snapshot.chunks
    if not isinstance(row, int) or row >= len(chunks) or chunks[row].chunk_id != document.id:
        return []
    first = last = row
    while first > 0 and row - first < before and _adjacent(snapshot, first - 1, first):
        first -= 1
    while last + 1 < len(chunks) and last - row < after and _adjacent(snapshot, last, last + 1):
        last += 1
    out = []
    for at in range(first, last + 1):
        if at == row:
            out.append(document)
            continue
        out.append(stored_passage(snapshot, at))
    return out


def stored_passage(snapshot: IndexSnapshot, row: int) -> Document:
    """The stored chunk at ``row`` as a passage, with its source, index and row in its metadata."""
    chunk = snapshot.chunks[row]
    meta = {**chunk.meta, "doc_id": chunk.doc_id, "chunk_index": chunk.index, "row": row}
    return Document(id=chunk.chunk_id, content=chunk.text, meta=meta)


def next_passage(snapshot: IndexSnapshot, document: Document) -> Document | None:
    """The passage that follows ``document`` in its source (the next chunk), or None."""
    around = passages_around(snapshot, document, before=0, after=1)
    return around[1] if len(around) > 1 else None


def neighbour_passages(snapshot: IndexSnapshot, top: list[Document], reach: int) -> list[Document]:
    """The passages within ``reach`` of each of ``top`` in its source that are not in ``top``
    themselves, nearest to the best-ranked passages first, each once."""
    seen = {d.id for d in top}
    out: list[Document] = []
    for distance in range(1, reach + 1):
        for document in top:
            for neighbour in passages_around(snapshot, document, distance, distance):
                if neighbour.id not in seen:
                    seen.add(neighbour.id)
                    out.append(neighbour)
    return out


# Whether the documents answer is decided on the first passages retrieved, plus the later passages
# of the leading documents among them: a report's figure often sits in its sixth-ranked passage
# while its lead and headline take the first ranks ("Đến nay, Dự án đã hỗ trợ được 90 doanh nghiệp"
# under the workshop's opening paragraphs). Passages of other documents beyond the first still
# only choose sentences. 0 restores deciding on the first passages alone.
DECIDING_DOCUMENTS = 1


def deciding_passages(top: list[Document], depth: int) -> list[Document]:
    """The first ``depth`` passages of ``top`` and, after them, the other passages of ``top`` from
    the first :data:`DECIDING_DOCUMENTS` documents among those."""
    leading: list[str] = []
    for document in top[:depth]:
        doc_id = str(document.meta.get("doc_id"))
        if doc_id not in leading:
            leading.append(doc_id)
    kept = set(leading[:DECIDING_DOCUMENTS])
    return top[:depth] + [d for d in top[depth:] if str(d.meta.get("doc_id")) in kept]
