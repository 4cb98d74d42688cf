"""Exact provision lookup: "khoản 2 Điều 38 NĐ 35/2022/NĐ-CP" -> that clause's text, no guessing.

Works on the provision outlines stored at ingest (``IndexSnapshot.outlines``): the text
returned is the exact span of the ingested document, with its full provision path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from haystack import component

from kb.index.snapshot import IndexSnapshot, SnapshotBound, StoredDocument
from kb.query.provisions import ProvisionReference, parse_provision_reference
from kb.text.legal_vocabulary import canonical_number, legal_label
from kb.text.normalize import fold_accents

PATH_SEPARATOR = " › "


@dataclass
class LookupResult:
    reference: ProvisionReference | None
    found: bool
    document: StoredDocument | None = None
    path: str = ""
    text: str = ""
    page: int | None = None
    start: int = 0  # offsets in the document body
    end: int = 0
    message: str = ""
    available: list[str] = field(default_factory=list)

    @property
    def locator(self) -> str:
        if self.reference is None:
            return ""
        parts = [f"Điều {self.reference.article}"]
        if self.reference.clause:
            parts.append(f"khoản {self.reference.clause}")
        if self.reference.point:
            parts.append(f"điểm {self.reference.point}")
        return ", ".join(parts)

    def to_json(self) -> dict[str, object]:
        doc = self.document
        return {
            "reference": self.reference.describe() if self.reference else None,
            "found": self.found,
            "doc_id": doc.doc_id if doc else None,
            "title": doc.info.get("title") if doc else None,
            "number": doc.info.get("number") if doc else None,
            "status": doc.info.get("status") if doc else None,
            "source": doc.path if doc else None,
            "path": self.path,
            "locator": self.locator if self.found else "",
            "page": self.page,
            "text": self.text,
            "message": self.message,
            "available": self.available,
        }


def document_label(doc: StoredDocument) -> str:
    label = legal_label(doc.info.get("kind", ""), doc.info.get("number", ""))
    return label or doc.info.get("title", doc.doc_id)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", fold_accents(text).lower()).strip()


def _legal_documents(snapshot: IndexSnapshot) -> list[StoredDocument]:
    return [
        snapshot.documents[doc_id]
        for doc_id, outline in snapshot.outlines.items()
        if outline.get("is_legal") and doc_id in snapshot.documents
    ]


def _matches(doc: StoredDocument, reference: ProvisionReference) -> bool:
    wanted = reference.document
    if not wanted:
        return reference.kind is None or doc.info.get("kind") == reference.kind
    if "/" in wanted:
        return canonical_number(doc.info.get("number", "")).startswith(canonical_number(wanted))
    name = _fold(wanted)
    bare = re.sub(r"^(bo )?luat ", "", name)
    title = _fold(doc.info.get("title", ""))
    return name in title or (bool(bare) and re.sub(r"^(bo )?luat ", "", title).startswith(bare))


def _articles_of(snapshot: IndexSnapshot, doc_id: str) -> list[str]:
    seen: list[str] = []
    for provision in snapshot.outlines[doc_id]["provisions"]:
        if provision["kind"] == "article" and provision["number"] not in seen:
            seen.append(provision["number"])
    return seen


def _describe_articles(numbers: list[str]) -> str:
    if len(numbers) > 12:
        return f"Điều {numbers[0]}–{numbers[-1]}, {len(numbers)} điều"
    return "Điều " + ", ".join(numbers)


def _find_node(provisions: list[dict], reference: ProvisionReference) -> dict | None:
    """The article/clause/point node; with repeated article numbers, the first that has the clause."""
    for article in (p for p in provisions if p["kind"] == "article" and p["number"] == reference.article):
        if reference.clause is None:
            return article
        # A compilation banner such as "ĐIỀU 38 (khoản 2) —" holds just that clause.
        note = _fold(str(article.get("note", "")))
        if reference.point is None and re.search(rf"\bkhoan {re.escape(reference.clause)}\b", note):
            return article
        for node in provisions:
            inside = article["start"] <= node["start"] and node["end"] <= article["end"]
            if not inside or node["kind"] != ("point" if reference.point else "clause"):
                continue
            spec = node["provision"]
            if spec.get("article") != reference.article or spec.get("clause") != reference.clause:
                continue
            if reference.point is None or spec.get("point") == reference.point:
                return node
    return None


def lookup(snapshot: IndexSnapshot, reference: ProvisionReference | str) -> LookupResult:
    """Find the provision; when absent, say so and list what the knowledge base holds."""
    if isinstance(reference, str):
        parsed = parse_provision_reference(reference)
        if parsed is None:
            return LookupResult(
                None,
                False,
                message=(
                    "Không nhận ra điều khoản cần tra cứu. Ví dụ: “Điều 9 Nghị định 35/2022”, "
                    "“khoản 2 Điều 38 NĐ 35/2022/NĐ-CP”, “Điều 51 Luật Bảo vệ môi trường”."
                ),
                available=_available(snapshot),
            )
        reference = parsed
    legal = _legal_documents(snapshot)
    candidates = [doc for doc in legal if _matches(doc, reference)]
    # In force first, then the most recent (sorts are stable).
    candidates.sort(key=lambda d: d.info.get("issued", ""), reverse=True)
    candidates.sort(key=lambda d: d.info.get("status", "").startswith("replaced"))
    for doc in candidates:
        outline = snapshot.outlines[doc.doc_id]
        node = _find_node(outline["provisions"], reference)
        if node is None:
            continue
        body = outline["body"]
        return LookupResult(
            reference,
            True,
            document=doc,
            path=PATH_SEPARATOR.join([document_label(doc), *node["path"]]),
            text=body[node["start"] : node["end"]].strip(),
            page=node.get("page"),
            start=node["start"],
            end=node["end"],
        )
    available = _available(snapshot)
    if candidates:
        held = "; ".join(
            f"{document_label(d)} ({_describe_articles(_articles_of(snapshot, d.doc_id))})"
            for d in candidates
        )
        message = f"Không có {reference.describe()} trong cơ sở tri thức. Văn bản này chỉ có: {held}."
    else:
        message = f"Không có {reference.describe()} trong cơ sở tri thức (văn bản này chưa được nạp)."
    if available:
        message += " Các văn bản pháp luật hiện có: " + "; ".join(available) + "."
    else:
        message += (
            " Cơ sở tri thức chưa có văn bản pháp luật nào: hãy nạp bản PDF chính thức bằng `kb ingest`."
        )
    return LookupResult(reference, False, message=message, available=available)


def _available(snapshot: IndexSnapshot) -> list[str]:
    return [
        f"{document_label(doc)} ({_describe_articles(_articles_of(snapshot, doc.doc_id))})"
        for doc in _legal_documents(snapshot)
        if _articles_of(snapshot, doc.doc_id)
    ]


@component
class ProvisionLookup(SnapshotBound):
    """Looks up the provision a question names (if any) before retrieval guesses.

    Usage::

        found = ProvisionLookup(snapshot).run(provision={"article": "9", "document": "35/2022"})
        found["provision"]["found"], found["provision"]["text"]
    """

    def __init__(self, snapshot: IndexSnapshot) -> None:
        """:param snapshot: the index generation searched."""
        self.snapshot = snapshot

    @component.output_types(provision=dict)
    def run(self, provision: dict | None = None) -> dict[str, dict]:
        """
        :param provision: fields of a :class:`ProvisionReference` (empty: nothing named).
        :returns: ``provision``: :meth:`LookupResult.to_json` (``found`` False when absent or not asked).
        """
        if not provision:
            return {"provision": {"found": False}}
        return {"provision": lookup(self.snapshot, ProvisionReference(**provision)).to_json()}
