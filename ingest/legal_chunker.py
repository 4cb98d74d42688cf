"""Chunk a parsed legal document: one chunk per article, long articles split by clause.

Decisions:

- **One chunk per article** (Điều) when it has at most ``max_words`` words; its text is
  the article exactly as written, heading included.
- **Long articles** are split by clause (khoản): consecutive clauses are grouped greedily
  while the group stays within ``max_words`` (counting the carried heading). A single
  clause that is still too long is split by point (điểm) the same way, and a clause or
  point without sub-provisions that is too long is split between sentences (paragraph
  breaks preferred). The article's intro (heading and text before clause 1) is grouped
  with the first clauses.
- Every piece that does not start at the article heading carries it: ``chunk.text`` is
  ``article heading + "\\n" + body``; the body (``text[chunk.start:chunk.end]``) is always
  an exact slice of the source.
- ``provision`` holds the enclosing part/chapter/section and the article; ``clause`` (and
  ``point``) is added when the chunk holds part of an article: a single number ("2") or
  an inclusive range of whole clauses ("2-4", ASCII hyphen). The piece that starts with
  the article heading gets the range of the clauses it holds ("1-2"), or no clause when it
  holds only the intro. Pieces of one clause split by sentences all carry that clause.
  ``locator`` spells the same in Vietnamese with an en dash: "Điều 37, khoản 2–4",
  "Điều 37, khoản 2, điểm a–c", "Điều 37". ``section_path`` is e.g.
  ``["Chương V", "Điều 37", "khoản 2–4"]``.
- The **preamble** (header, title, recitals) is its own chunk(s): provision ``{}``,
  locator and heading "Phần mở đầu".
- Text between a chapter/section/part heading and its first child becomes a chunk only
  when it has words beyond the heading (a bare "Chương I / QUY ĐỊNH CHUNG" is not
  indexed on its own; it is in every chunk's ``section_path``).
- A compilation "block" (non-article banner) is chunked like prose, with its banner as
  heading and locator.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.chunk import Chunk, PageIndex, count_words
from ingest.legal_tree import LegalDocument, LegalNode
from ingest.prose_chunker import split_span

PREAMBLE_LABEL = "Phần mở đầu"
_LOCATOR_MAX = 80


@dataclass
class _Piece:
    start: int
    end: int
    clauses: tuple[str, str] | None = None  # first and last whole clause held
    points: tuple[str, str] | None = None  # first and last point held (within one clause)
    clause_of_points: str | None = None  # the clause whose points/sentences this piece holds
    whole: bool = True  # a whole provision (or intro) that may be grouped with neighbours


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _range_value(first: str, last: str) -> str:
    return first if first == last else f"{first}-{last}"


def _range_label(first: str, last: str) -> str:
    return first if first == last else f"{first}–{last}"


def _shorten(label: str) -> str:
    return label if len(label) <= _LOCATOR_MAX else label[: _LOCATOR_MAX - 1].rstrip() + "…"


class _Chunker:
    def __init__(self, doc: LegalDocument, text: str, max_words: int) -> None:
        self.doc = doc
        self.text = text
        self.max_words = max(1, max_words)
        self.pages = PageIndex(text)
        self.chunks: list[Chunk] = []

    def words(self, start: int, end: int) -> int:
        return count_words(self.text[start:end])

    def add(
        self,
        start: int,
        end: int,
        *,
        heading: str | None,
        path: list[str],
        locator: str,
        provision: dict[str, str],
        carried: str | None = None,
    ) -> None:
        body = self.text[start:end]
        if not body.strip():
            return
        self.chunks.append(
            Chunk(
                text=f"{carried}\n{body}" if carried else body,
                page=self.pages.page_at(start),
                heading=heading,
                section_path=path,
                locator=locator,
                provision=provision,
                start=start,
                end=end,
            )
        )

    def sentence_pieces(self, start: int, end: int, budget: int) -> list[tuple[int, int]]:
        if self.words(start, end) <= budget:
            return [(start, end)]
        return split_span(self.text, start, end, min_words=max(1, budget // 3), max_words=budget)

    # -- document -------------------------------------------------------------------------
    def run(self) -> list[Chunk]:
        preamble = self.doc.preamble
        if preamble is not None:
            for s, e in self.sentence_pieces(preamble.start, preamble.end, self.max_words):
                self.add(
                    s, e, heading=PREAMBLE_LABEL, path=[PREAMBLE_LABEL], locator=PREAMBLE_LABEL, provision={}
                )
        for node in self.doc.children:
            self.node(node)
        return self.chunks

    def node(self, node: LegalNode) -> None:
        if node.kind == "article":
            self.article(node)
        elif node.kind == "block":
            label = _shorten(node.title or node.heading)
            path = [*(a.label for a in node.ancestors()), label]
            for s, e in self.sentence_pieces(node.start, node.end, self.max_words):
                self.add(s, e, heading=node.heading, path=path, locator=label, provision=node.provision)
        elif node.kind in ("part", "chapter", "section"):
            intro_end = node.children[0].start if node.children else node.end
            intro_end = _rstrip_end(self.text, node.start, intro_end)
            if self.words(node.heading_end, intro_end) > 0:
                for s, e in self.sentence_pieces(node.start, intro_end, self.max_words):
                    self.add(
                        s,
                        e,
                        heading=node.heading,
                        path=node.path,
                        locator=node.label,
                        provision=node.provision,
                    )
            for child in node.children:
                self.node(child)
        else:  # a clause or point outside an article cannot happen; index it plainly
            self.add(
                node.start,
                node.end,
                heading=node.heading,
                path=node.path,
                locator=node.label,
                provision=node.provision,
            )

    # -- articles ---------------------------------------------------------------------------
    def article(self, node: LegalNode) -> None:
        heading = node.heading or node.label
        base = node.provision
        if self.words(node.start, node.end) <= self.max_words:
            self.add(
                node.start, node.end, heading=heading, path=node.path, locator=node.label, provision=base
            )
            return
        # Every piece carries the heading; a "heading" that is a whole paragraph (an article written
        # on one line) is carried as its label only, and never leaves a piece less than half the budget.
        carry = heading if count_words(heading) <= self.max_words // 2 else f"{node.label}."
        budget = max(self.max_words // 2, self.max_words - count_words(carry))
        for piece in self.split(node, budget, min(count_words(heading), budget)):
            provision = dict(base)
            path = node.path
            locator = node.label
            if piece.clauses is not None:
                provision["clause"] = _range_value(*piece.clauses)
                label = f"khoản {_range_label(*piece.clauses)}"
                path, locator = [*path, label], f"{locator}, {label}"
            elif piece.clause_of_points is not None:
                provision["clause"] = piece.clause_of_points
                label = f"khoản {piece.clause_of_points}"
                path, locator = [*path, label], f"{locator}, {label}"
            if piece.points is not None:
                provision["point"] = _range_value(*piece.points)
                label = f"điểm {_range_label(*piece.points)}"
                path, locator = [*path, label], f"{locator}, {label}"
            carried = None if piece.start == node.start else carry
            self.add(
                piece.start,
                piece.end,
                heading=heading if carried is None else carried,
                path=path,
                locator=locator,
                provision=provision,
                carried=carried,
            )

    def split(self, node: LegalNode, budget: int, allowance: int = 0) -> list[_Piece]:
        """Pieces of an article or clause, each within ``budget`` words when possible.

        ``allowance`` is the size of the article heading: a piece that starts with the
        heading does not carry it again, so it may be that much longer.
        """
        children = [c for c in node.children if c.kind in ("clause", "point")]
        items: list[_Piece] = []
        intro_end = _rstrip_end(self.text, node.start, children[0].start if children else node.end)
        in_clause = node.kind == "clause"
        clause_number = node.number if in_clause else None
        if intro_end > node.start:
            if self.words(node.start, intro_end) <= budget:
                items.append(_Piece(node.start, intro_end, clause_of_points=clause_number))
            else:
                items.extend(
                    _Piece(s, e, clause_of_points=clause_number, whole=False)
                    for s, e in self.sentence_pieces(node.start, intro_end, budget)
                )
        for child in children:
            if self.words(child.start, child.end) <= budget:
                if child.kind == "clause":
                    items.append(_Piece(child.start, child.end, clauses=(child.number, child.number)))
                else:
                    items.append(
                        _Piece(
                            child.start,
                            child.end,
                            points=(child.number, child.number),
                            clause_of_points=clause_number,
                        )
                    )
            elif child.kind == "clause" and child.children:
                items.extend(self.split(child, budget))
            else:
                for s, e in self.sentence_pieces(child.start, child.end, budget):
                    if child.kind == "clause":
                        items.append(_Piece(s, e, clause_of_points=child.number, whole=False))
                    else:
                        items.append(
                            _Piece(
                                s,
                                e,
                                points=(child.number, child.number),
                                clause_of_points=clause_number,
                                whole=False,
                            )
                        )
        return self.group(items, budget, node.start, allowance)

    def group(self, items: list[_Piece], budget: int, start: int, allowance: int) -> list[_Piece]:
        """Merge consecutive whole items while the merged text stays within ``budget`` words.

        The intro at ``start`` (heading and text before the first sub-provision) is also
        merged into the first piece of a split sub-provision, so that a heading never
        stands alone.
        """
        grouped: list[_Piece] = []
        for item in items:
            last = grouped[-1] if grouped else None
            limit = budget + allowance if last is not None and last.start == start else budget
            fits = last is not None and self.words(last.start, item.end) <= limit
            pure_intro = (
                last is not None
                and len(grouped) == 1
                and last.start == start
                and last.whole
                and last.clauses is None
                and last.points is None
            )
            if (
                fits
                and last is not None
                and last.whole
                and item.whole
                and last.clause_of_points == item.clause_of_points
            ):
                grouped[-1] = _Piece(
                    last.start,
                    item.end,
                    clauses=_merge(last.clauses, item.clauses),
                    points=_merge(last.points, item.points),
                    clause_of_points=last.clause_of_points,
                )
            elif fits and pure_intro and last is not None:
                # The article intro joins the first piece of a split clause; the piece
                # is no longer a whole provision.
                grouped[-1] = _Piece(
                    last.start,
                    item.end,
                    clauses=item.clauses,
                    points=item.points,
                    clause_of_points=item.clause_of_points,
                    whole=False,
                )
            else:
                grouped.append(item)
        return grouped


def _merge(a: tuple[str, str] | None, b: tuple[str, str] | None) -> tuple[str, str] | None:
    if a is None:
        return b
    if b is None:
        return a
    return (a[0], b[1])


def chunk_legal_document(doc: LegalDocument, text: str, *, max_words: int = 350) -> list[Chunk]:
    """Chunks of a legal document parsed by :func:`ingest.legal_structure.parse_legal_text`.

    ``text`` must be the text that was parsed (offsets refer to it). See the module
    docstring for how articles are split and labelled.
    """
    return _Chunker(doc, text, max_words).run()
