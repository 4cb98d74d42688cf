"""What the knowledge base holds: every document, how it was read, and what is still missing.

Read by ``kb stats --documents`` (text or ``--json``), by the chat's ``/tai-lieu`` command and
by its welcome line. Everything comes from one index generation (:class:`IndexSnapshot`): the
documents' metadata, their reading record (:mod:`ingest.reading`) and the register of legal
instruments (``[[instrument]]`` in ``corpus/manifest.toml``), so the catalogue is always the
index's own view, never a second list.

Usage::

    snapshot = KnowledgeBase.open(Settings.load()).snapshot
    for entry in document_catalogue(snapshot):
        print(entry.title, entry.how_read)
    print(holdings_line(snapshot))   # "11 tài liệu: 5 báo cáo hội thảo, …"
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from ingest.reading import how_read
from kb.handout import kind_label, status_label
from kb.index.snapshot import IndexSnapshot
from kb.text.legal_vocabulary import (
    DOCUMENT_KIND_NAMES_EN,
    DOCUMENT_KIND_NAMES_VI,
    LEGAL_KINDS,
    canonical_number,
    legal_label,
)

__all__ = [
    "CatalogueEntry",
    "MissingText",
    "catalogue_json",
    "catalogue_markdown",
    "catalogue_text",
    "document_catalogue",
    "holdings_line",
    "missing_full_texts",
]

_LANGUAGES = {"vi": "tiếng Việt", "en": "tiếng Anh / English", "vi,en": "Việt, Anh / vi, en"}


@dataclass(frozen=True)
class CatalogueEntry:
    """One document as users see it in the catalogue."""

    doc_id: str
    title: str
    kind: str
    number: str
    status: str  # "in-force", "replaced-by: …", "n/a", "unknown", …
    language: str
    pages: int | None
    format: str
    how_read: str
    reliability: str
    ingested_at: str
    path: str
    chunks: int
    reading: dict[str, object]

    @property
    def kind_label(self) -> str:
        name = DOCUMENT_KIND_NAMES_VI.get(self.kind)
        return f"{name} ({self.kind})" if name else kind_label(self.kind)

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class MissingText:
    """An instrument of the register, in force, whose full text the knowledge base does not hold."""

    number: str
    kind: str
    title: str

    @property
    def label(self) -> str:
        return legal_label(self.kind, self.number) or self.title or self.number

    @property
    def label_en(self) -> str:
        return legal_label(self.kind, self.number, "en") or self.title or self.number


def document_catalogue(snapshot: IndexSnapshot) -> list[CatalogueEntry]:
    """Every document of the generation, legal instruments first, then by kind and title."""
    entries = []
    for doc in snapshot.documents.values():
        info = doc.info
        extra = doc.extra or {}
        reading = extra.get("reading") if isinstance(extra.get("reading"), dict) else {}
        pages = extra.get("page_count")
        file_format = str(extra.get("format") or "")
        entries.append(
            CatalogueEntry(
                doc_id=doc.doc_id,
                title=info.get("title", "") or doc.doc_id,
                kind=info.get("kind", "document"),
                number=info.get("number", ""),
                status=info.get("status", ""),
                language=info.get("language", ""),
                pages=int(pages) if isinstance(pages, int | float | str) and str(pages).isdigit() else None,
                format=file_format,
                how_read=how_read(file_format, reading, int(pages) if str(pages or "").isdigit() else None),
                reliability=info.get("reliability", ""),
                ingested_at=doc.ingested_at,
                path=doc.path,
                chunks=doc.chunk_count,
                reading=dict(reading or {}),
            )
        )
    order = {kind: i for i, kind in enumerate(LEGAL_KINDS)}
    return sorted(entries, key=lambda e: (order.get(e.kind, len(order)), e.kind, e.title.lower()))


def missing_full_texts(snapshot: IndexSnapshot) -> list[MissingText]:
    """Instruments in force in the register without a document of a legal kind carrying their number
    (a summary of a decree is not its full text)."""
    held = {
        canonical_number(doc.info.get("number", ""))
        for doc in snapshot.documents.values()
        if doc.info.get("kind") in LEGAL_KINDS and doc.info.get("number")
    }
    missing = []
    register = snapshot.meta.get("instruments") or {}
    for number, record in register.items() if isinstance(register, dict) else ():
        record = record if isinstance(record, dict) else {}
        if str(record.get("status", "in-force")) != "in-force" or canonical_number(number) in held:
            continue
        missing.append(MissingText(number, str(record.get("kind", "")), str(record.get("title", ""))))
    return missing


def _plural(name: str, n: int) -> str:
    if n == 1:
        return name
    return name[:-1] + "ies" if name.endswith("y") and name[-2:-1] not in "aeiou" else name + "s"


def _counted(counts: Counter[str], names: dict[str, str], english: bool = False) -> str:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    words = [(n, names.get(kind, kind).lower()) for kind, n in ordered]
    return ", ".join(f"{n} {_plural(name, n) if english else name}" for n, name in words)


def holdings_line(snapshot: IndexSnapshot) -> str:
    """One line (Vietnamese, then English) on what the knowledge base holds and lacks, e.g.
    "11 tài liệu: 5 báo cáo hội thảo, 4 nghiên cứu điển hình, 2 bản tóm tắt; chưa có toàn văn
    Nghị định 35/2022/NĐ-CP — quản trị viên có thể tải lên. / 11 documents: …"."""
    catalogue = document_catalogue(snapshot)
    counts = Counter(entry.kind for entry in catalogue)
    missing = missing_full_texts(snapshot)
    vi = (
        f"{len(catalogue)} tài liệu: {_counted(counts, DOCUMENT_KIND_NAMES_VI)}"
        if catalogue
        else "Chưa có tài liệu nào"
    )
    en = (
        f"{len(catalogue)} documents: {_counted(counts, DOCUMENT_KIND_NAMES_EN, english=True)}"
        if catalogue
        else "No documents yet"
    )
    if missing:
        vi += f"; chưa có toàn văn {', '.join(m.label for m in missing)} — quản trị viên có thể tải lên"
        en += f"; no full text yet of {', '.join(m.label_en for m in missing)} — an admin can upload it"
    return f"{vi}. / {en}."


def catalogue_json(snapshot: IndexSnapshot) -> dict[str, object]:
    """``kb stats --documents --json``: the documents, the missing full texts, the holdings line."""
    documents = []
    for entry in document_catalogue(snapshot):
        row = asdict(entry)
        row["kind_label"] = entry.kind_label
        row["status_label"] = entry.status_label
        documents.append(row)
    return {
        "documents": documents,
        "missing_full_texts": [
            {"number": m.number, "kind": m.kind, "title": m.title} for m in missing_full_texts(snapshot)
        ],
        "summary": holdings_line(snapshot),
    }


def catalogue_text(snapshot: IndexSnapshot) -> str:
    """``kb stats --documents``: one block per document."""
    lines = [holdings_line(snapshot), ""]
    for entry in document_catalogue(snapshot):
        lines.append(f"{entry.title}")
        details = [entry.kind_label]
        if entry.number:
            details.append(entry.number)
        if entry.status_label:
            details.append(entry.status_label)
        if entry.language:
            details.append(_LANGUAGES.get(entry.language, entry.language))
        if entry.pages:
            details.append(f"{entry.pages} tr.")
        lines.append("  " + " · ".join(details))
        lines.append(f"  đọc / read: {entry.how_read}")
        if entry.reliability:
            lines.append(f"  độ tin cậy / reliability: {entry.reliability}")
        lines.append(f"  {entry.path} · {entry.chunks} đoạn / chunks · nạp / ingested {entry.ingested_at}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def catalogue_markdown(snapshot: IndexSnapshot, escape) -> str:
    """The chat's ``/tai-lieu`` view: the holdings line, then a table (document text escaped by
    ``escape``, which the chat gives, so nothing in a title is rendered as Markdown)."""
    out = [f"**{escape(holdings_line(snapshot))}**", ""]
    out.append(
        "| Tài liệu / Document | Loại / Kind | Hiệu lực / Status | Ngôn ngữ | Trang | Cách đọc / How read | Độ tin cậy / Reliability | Ngày nạp / Ingested |"
    )
    out.append("| --- | --- | --- | --- | ---: | --- | --- | --- |")
    for entry in document_catalogue(snapshot):
        cells = [
            escape(entry.title) + (f" ({escape(entry.number)})" if entry.number else ""),
            escape(entry.kind_label),
            escape(entry.status_label) or "—",
            escape(entry.language) or "—",
            str(entry.pages) if entry.pages else "—",
            escape(entry.how_read),
            escape(entry.reliability) or "—",
            escape(entry.ingested_at[:10]) or "—",
        ]
        out.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
    return "\n".join(out)
