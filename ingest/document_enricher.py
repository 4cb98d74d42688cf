"""Haystack component: attach document metadata (manifest entry, or what the text says)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from haystack import Document, component

from ingest.legal_header import detect_legal_header
from ingest.manifest import DocumentInfo, Instrument
from ingest.prose_chunker import split_source_header
from ingest.reading import reliability_note
from kb.text.legal_vocabulary import LEGAL_KINDS, canonical_number, kind_from_number, legal_label
from kb.text.normalize import has_diacritics

_ATX_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_ARTICLE_LINE = re.compile(r"^(?:Điều|ĐIỀU)\s+\d+", re.MULTILINE)
_LEGAL_NUMBER = re.compile(r"\b\d{1,4}/\d{4}/[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*")
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str:
    """ "vi" when at least a fifth of the words carry Vietnamese diacritics, "en" for text in plain
    ASCII letters, else "" (for documents whose manifest entry does not say)."""
    words = _WORD.findall(text[:20000])
    if len(words) < 5:
        return ""
    if sum(1 for w in words if has_diacritics(w)) >= 0.2 * len(words):
        return "vi"
    return "en" if sum(1 for w in words if w.isascii()) >= 0.95 * len(words) else ""


def guess_legal_number(text: str) -> str | None:
    """For a legal text without a standard header (e.g. a compilation of excerpts): the legal
    number it is about, when it has several article lines and one number dominates its opening."""
    if len(_ARTICLE_LINE.findall(text)) < 3:
        return None
    numbers = Counter(_LEGAL_NUMBER.findall(text[:6000]))
    if not numbers:
        return None
    number, count = numbers.most_common(1)[0]
    return number if count >= 2 and kind_from_number(number) else None


def document_label(info: DocumentInfo) -> str:
    """Short name used at the head of provision paths: "Nghị định 35/2022/NĐ-CP"."""
    return legal_label(info.kind, info.number) if info.kind in LEGAL_KINDS else info.title


def _first_title_line(text: str) -> str:
    match = _ATX_HEADING.search(text[:5000])
    if match:
        return match.group(1).strip()
    for line in text.splitlines():
        line = line.strip()
        if len(line) >= 4 and any(ch.isalpha() for ch in line):
            return line[:200]
    return ""


@component
class DocumentEnricher:
    """Gives each converted file its metadata before chunking.

    The manifest entry wins where it exists. Otherwise the title comes from the first
    heading, and the legal kind, number, issuer and date from a standard Vietnamese legal
    header ("Số: 35/2022/NĐ-CP … NGHỊ ĐỊNH …"). The status of a legal number comes from
    the manifest's ``[[instrument]]`` table, so a user's own PDF of Decree 82/2018 is
    flagged as replaced. A document read by OCR (or converted from TCVN3/VNI) gets a
    reliability note saying so, and a document without a stated language gets a guessed one
    ("vi" / "en"). A leading provenance block ("# NGUỒN / SOURCE …") is moved into
    metadata so that it is shown to users but not searched.

    Usage::

        enricher = DocumentEnricher()
        out = enricher.run(documents=[Document(content=text, meta={"file_path": "corpus/a.txt"})],
                           file_metadata={"corpus/a.txt": {"doc_id": "a", "info": {...}}},
                           instruments={})
    """

    @component.output_types(documents=list[Document])
    def run(
        self,
        documents: list[Document],
        file_metadata: dict[str, dict[str, Any]] | None = None,
        instruments: dict[str, Instrument] | None = None,
    ) -> dict[str, list[Document]]:
        """
        :param documents: one Document per file, as produced by ``FileConverter``.
        :param file_metadata: per ``file_path``: ``doc_id`` and the manifest ``info`` (dict) if any.
        :param instruments: legal numbers -> status records (canonical number as key).
        :returns: ``documents`` with ``meta`` completed (doc_id, title, kind, number, status, label, …).
        """
        file_metadata = file_metadata or {}
        instruments = instruments or {}
        enriched: list[Document] = []
        for document in documents:
            path = str(document.meta.get("file_path", ""))
            given = file_metadata.get(path, {})
            text = document.content or ""
            source_header, body, body_offset = split_source_header(text)
            header = detect_legal_header(body)
            guessed = guess_legal_number(body) if header is None else None
            if given.get("info"):
                info = DocumentInfo(**given["info"])
            else:
                info = DocumentInfo(
                    title=(header.label if header else "")
                    or document.meta.get("title")
                    or _first_title_line(body),
                    kind=header.kind
                    if header
                    else (kind_from_number(guessed) or "document" if guessed else "document"),
                    number=header.number if header else (guessed or ""),
                    issuer=header.issuer if header else "",
                    issued=header.issued if header else "",
                )
            if not info.number and header is not None:
                info = replace(info, number=header.number)
            instrument = instruments.get(canonical_number(info.number)) if info.number else None
            if info.status == "unknown":
                if instrument is not None:
                    info = replace(info, status=instrument.status)
                elif info.kind not in LEGAL_KINDS:
                    info = replace(info, status="n/a")
            if instrument is not None and not info.effective:
                info = replace(info, effective=instrument.effective)
            if not info.language:
                info = replace(info, language=guess_language(body))
            # OCR or a legacy-encoding conversion: say so wherever the document is cited.
            note = reliability_note(document.meta.get("reading"))
            if note and note not in info.reliability:
                info = replace(info, reliability=f"{info.reliability} {note}".strip())
            meta = {
                **document.meta,
                **{f"doc_{key}": value for key, value in info.to_dict().items()},
                "doc_id": given.get("doc_id", ""),
                "doc_label": document_label(info) or info.title,
                "is_legal": info.kind in LEGAL_KINDS or header is not None or guessed is not None,
                "source_header": source_header,
                "body_offset": body_offset,
                "status_note": instrument.note if instrument is not None else "",
            }
            enriched.append(Document(content=body, meta=meta))
        return {"documents": enriched}
