"""The provision tree of a Vietnamese legal text, as :mod:`ingest.legal_structure` parses it:
Part (Phần) / Chapter (Chương) / Section (Mục) / Article (Điều) / Clause (khoản) / Point (điểm),
each node with its exact span and page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.legal_header import LegalHeader

LEVELS: dict[str, int] = {
    "part": 0,
    "chapter": 1,
    "section": 2,
    "article": 3,
    "block": 3,
    "clause": 4,
    "point": 5,
}
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
LABELS = {
    "part": "Phần",
    "chapter": "Chương",
    "section": "Mục",
    "article": "Điều",
    "clause": "khoản",
    "point": "điểm",
}


@dataclass(eq=False)
class LegalNode:
    """One provision (or the preamble, or a compilation "block").

    Attributes:
        kind: "part", "chapter", "section", "article", "clause", "point", "block" or "preamble".
        number: number as written ("V", "37", "2", "a", "thứ nhất"); "" for block/preamble.
        title: heading title ("Tiêu chí xác định khu công nghiệp sinh thái"); "" for clauses/points.
        heading: the heading line(s) joined with spaces ("Điều 37. Tiêu chí …"); "" for clauses/points.
        start, end: span in the parsed text; ``text == source[start:end]``.
        heading_end: offset where the heading (and a rule line under a banner) ends.
        page, end_page: 1-based pages of the first and last character (None without "\\f").
        text: the exact text of the node, heading included.
        children: sub-provisions in document order.
        note: qualifier of a compilation banner ("(khoản 1)", "khoản 22–25").
        banner: True for the all-caps "ĐIỀU N —" form.
    """

    kind: str
    number: str
    title: str
    heading: str
    start: int
    end: int
    heading_end: int
    page: int | None = None
    end_page: int | None = None
    text: str = ""
    children: list[LegalNode] = field(default_factory=list)
    parent: LegalNode | None = field(default=None, repr=False)
    note: str = ""
    banner: bool = False

    @property
    def label(self) -> str:
        """Short Vietnamese label: "Chương V", "Điều 37", "khoản 2", "điểm a", "Phần mở đầu"."""
        if self.kind == "preamble":
            return "Phần mở đầu"
        if self.kind == "block":
            return self.title or self.heading
        return f"{LABELS[self.kind]} {self.number}"

    def ancestors(self) -> list[LegalNode]:
        """Enclosing provisions, outermost first."""
        chain: list[LegalNode] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def path(self) -> list[str]:
        """Labels from the outermost provision to this one: ["Chương V", "Điều 37", "khoản 2"]."""
        return [node.label for node in [*self.ancestors(), self]]

    @property
    def provision(self) -> dict[str, str]:
        """{"chapter": "V", "article": "37", "clause": "2"} for this node and its ancestors."""
        return {n.kind: n.number for n in [*self.ancestors(), self] if n.kind in LABELS}

    def walk(self) -> Iterator[LegalNode]:
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def child(self, kind: str, number: str) -> LegalNode | None:
        """First direct child of ``kind`` numbered ``number``."""
        for node in self.children:
            if node.kind == kind and node.number == number:
                return node
        return None


@dataclass
class LegalDocument:
    """Parsed legal text: an optional preamble and a tree of provisions."""

    text: str
    preamble: LegalNode | None
    children: list[LegalNode]
    header: LegalHeader | None = None

    def walk(self) -> Iterator[LegalNode]:
        """All provisions (not the preamble), depth first, in document order."""
        for node in self.children:
            yield from node.walk()

    @property
    def articles(self) -> list[LegalNode]:
        """All articles in document order (a compilation may repeat or reorder numbers)."""
        return [node for node in self.walk() if node.kind == "article"]

    def find_all(self, article: str | int) -> list[LegalNode]:
        """Every article numbered ``article``."""
        wanted = str(article).strip()
        return [node for node in self.articles if node.number == wanted]

    def find(
        self, article: str | int, clause: str | int | None = None, point: str | None = None
    ) -> LegalNode | None:
        """The article, clause or point, e.g. ``find("37", "2", "a")``; None when absent.

        With a repeated article number (compilations), the first article that holds the
        requested clause/point wins.
        """
        for node in self.find_all(article):
            found: LegalNode | None = node
            if clause is not None:
                found = node.child("clause", str(clause).strip())
            if found is not None and point is not None:
                found = found.child("point", point.strip().lower())
            if found is not None:
                return found
        return None
