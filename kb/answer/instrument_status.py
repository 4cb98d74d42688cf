"""Haystack component: "is Decree 82/2018 still in force, what replaced it, since when?".

Ministry staff need to know what is in force. Retrieval answers such a question from
whatever passage mentions the decree (a workshop report citing it), which is how a
replaced decree gets quoted as current. The knowledge base knows better: its register of
legal instruments (manifest ``[[instrument]]`` entries and the metadata of ingested legal
documents, stored in the index as ``meta["instruments"]``) records each instrument's
dates, status and replacement. A status question about a numbered instrument is answered
from that register, citing the documents of the knowledge base that are that instrument
(or summarise it); a question about an instrument the register does not know is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from haystack import Document, component

from kb.answer.citations import citation_for, summary_notes
from kb.answer.cited_answer import Answer, Citation, format_date
from kb.answer.evidence import chunk_sentences
from kb.index.instrument_register import cached_register
from kb.index.snapshot import IndexSnapshot, SnapshotBound
from kb.query.instruments import BARE_NUMBER, bare_numbers, named_instruments
from kb.query.provisions import parse_provision_reference
from kb.text.legal_vocabulary import (
    KIND_NAMES_EN,
    KIND_NAMES_VI,
    LEGAL_KINDS,
    canonical_number,
    kind_from_number,
    legal_label,
    named_kind,
)
from kb.text.normalize import fold_accents, normalize_query

# Matched on folded, lower-cased text (unaccented questions work too).
_STATUS_WORDS = re.compile(
    r"\b(hieu luc|thay the|bai bo|sua doi|het han|con (?:duoc )?ap dung|in force|into force|"
    r"takes? effect|took effect|effective|valid|replac\w*|supersed\w*|repeal\w*|amend\w*|expired?|"
    # "Can we still cite Decree 82/2018 …?", "NĐ 82/2018 còn dùng được không?"
    r"still (?:be )?(?:cite\w*|use\w*|appl\w*|rel\w* on|quote\w*)|current legal basis|"
    r"con (?:duoc )?(?:dung|su dung|trich dan|vien dan))\b"
)
_ASKS_DATE = re.compile(
    r"\b(ngay nao|khi nao|bao gio|tu ngay|ngay hieu luc|thoi diem|nam nao|when|what date|since when|"
    r"effective date|date of entry)\b"
)
# The official texts of an instrument are cited before documents about it (summaries).
MAX_DOCUMENTS = 2

REGISTER_NOTE = {
    "vi": (
        "Tình trạng hiệu lực lấy từ danh mục văn bản pháp luật của cơ sở tri thức (corpus/manifest.toml "
        "và văn bản đã nạp); đối chiếu Công báo hoặc vbpl.vn trước khi trích dẫn."
    ),
    "en": (
        "The status comes from the knowledge base's register of legal instruments (corpus/manifest.toml "
        "and the ingested texts); check the Official Gazette or vbpl.vn before quoting it."
    ),
}


@dataclass(frozen=True)
class StatusRequest:
    """A question about the legal status of one or more numbered instruments."""

    numbers: tuple[str, ...]  # as asked, folded: "82/2018", "82/2018/nd-cp"
    kind: str | None  # decree | circular | … when the question says so
    asks_date: bool  # "từ ngày nào", "since when"


def status_request(
    question: str, register: Callable[[], dict[str, dict[str, str]]] | None = None
) -> StatusRequest | None:
    """The instruments a status question asks about, or None for any other question.

    A question naming an article ("Điều 4 Nghị định 35/2022 …") is a provision lookup instead.
    ``register`` (read only when needed): the known instruments, to read "Nghị định 82" as 82/2018.
    """
    text = fold_accents(normalize_query(question)).lower()
    if not _STATUS_WORDS.search(text) or parse_provision_reference(question) is not None:
        return None
    numbers = tuple(named.key for named in named_instruments(question))
    if not numbers and register is not None and BARE_NUMBER.search(text):
        numbers = bare_numbers(text, register())
    if not numbers:
        return None
    kind = named_kind(text)
    return StatusRequest(numbers, kind, bool(_ASKS_DATE.search(text)))


def _folded_number(number: str) -> str:
    return fold_accents(canonical_number(number)).lower()


def _same_number(asked: str, number: str) -> bool:
    """ "82/2018" matches "82/2018/NĐ-CP"; "82/2018/nd-cp" matches it too (leading zeros ignored)."""
    folded = _folded_number(number)
    parts = folded.split("/")
    if len(parts) < 2 or not parts[0].isdigit():
        return False
    normalised = "/".join([f"{int(parts[0]):02d}", *parts[1:]])
    return normalised == asked or normalised.startswith(asked + "/")


def _replacement(record: dict[str, str]) -> str:
    status = record.get("status", "")
    return canonical_number(status.split(":", 1)[1]) if status.startswith("replaced-by:") else ""


@component
class InstrumentStatus(SnapshotBound):
    """Answers status questions ("còn hiệu lực không?", "bị thay thế bởi văn bản nào?",
    "có hiệu lực từ ngày nào?", "Is Decree 82/2018 still in force?") from the register.

    The answer states the status, the dates and the replacement (following the chain to the
    instrument now in force), and which instruments this one replaced; it cites the
    documents of the knowledge base that are (or summarise) the instrument. An instrument the
    register does not know, a status it does not record, or an effective date asked for but
    not recorded gives a refusal that says exactly that. Any other question: ``answer`` is None.

    Usage::

        status = InstrumentStatus(snapshot)
        answer = status.run(question="Nghị định 82/2018 còn hiệu lực không?", language="vi")["answer"]
    """

    def __init__(self, snapshot: IndexSnapshot) -> None:
        """:param snapshot: the index generation (its register and documents)."""
        self.snapshot = snapshot

    @component.output_types(answer=Answer | None)
    def run(self, question: str, language: str) -> dict[str, Answer | None]:
        """
        :param question: the normalised question.
        :param language: "vi" or "en": the language of the answer.
        :returns: ``answer``: the status answer, or None when the question is not a status question.
        """
        snapshot = self.snapshot
        read_register = partial(cached_register, snapshot)  # read once per index generation, and only if asked
        request = status_request(question, read_register)
        if request is None:
            return {"answer": None}
        register = read_register()
        lines: list[str] = []
        citations: list[Citation] = []
        refused = False
        for asked in request.numbers:
            matches = [n for n in register if _same_number(asked, n)]
            if request.kind and len(matches) > 1:
                typed = [
                    n for n in matches if (register[n].get("kind") or kind_from_number(n)) == request.kind
                ]
                matches = typed or matches
            if not matches:
                refused = True
                lines.append(_unknown(asked, request.kind, register, language))
                continue
            for number in matches:
                statement, complete = _statement(number, register, request.asks_date, language)
                refused = refused or not complete
                markers = []
                for doc_id in _documents_about(snapshot, number):
                    existing = next((c for c in citations if c.doc_id == doc_id), None)
                    if existing is None:
                        existing = _citation(snapshot, doc_id, number, len(citations) + 1)
                        if existing is None:
                            continue
                        citations.append(existing)
                    markers.append(f"[{existing.marker}]")
                lines.append(statement + (" " + "".join(markers) if markers else ""))
        notes = [REGISTER_NOTE[_lang(language)], *summary_notes(citations, language)]
        text = "\n".join(lines) + "\n\n" + "\n".join(notes)
        return {"answer": Answer(question, text, refused, language, citations, notes=notes)}


def _lang(language: str) -> str:
    return "en" if language == "en" else "vi"


def _label(number: str, record: dict[str, str], language: str) -> str:
    return legal_label(record.get("kind", ""), number, _lang(language)) or record.get("title", "") or number


def _statement(
    number: str, register: dict[str, dict[str, str]], asks_date: bool, language: str
) -> tuple[str, bool]:
    """One paragraph on one instrument, and whether it answers what was asked."""
    record = register[number]
    en = language == "en"
    label = _label(number, record, language)
    issued, effective = record.get("issued", ""), record.get("effective", "")
    status = record.get("status", "") or "unknown"
    replacement = _replacement(record)
    sentences: list[str] = []
    complete = True
    if replacement:
        chain = [replacement]
        while (nxt := _replacement(register.get(chain[-1], {}))) and nxt not in chain and len(chain) < 5:
            chain.append(nxt)
        new = register.get(replacement, {})
        new_label = _label(replacement, new, language)
        since = new.get("effective", "")
        if en:
            sentence = f"{label} is no longer in force: it was replaced by {new_label}"
            sentence += f", in force since {format_date(since, 'en')}." if since else "."
        else:
            sentence = f"{label} không còn hiệu lực: đã được thay thế bởi {new_label}"
            sentence += f", có hiệu lực từ ngày {format_date(since, 'vi')}." if since else "."
        sentences.append(sentence)
        if len(chain) > 1:
            current = _label(chain[-1], register.get(chain[-1], {}), language)
            sentences.append(
                f"That instrument has itself been replaced; the one now in force is {current}."
                if en
                else f"Văn bản này cũng đã được thay thế; văn bản hiện hành là {current}."
            )
        complete = bool(since) or not asks_date
    elif status == "in-force":
        if en:
            sentences.append(
                f"{label} is in force" + (f" since {format_date(effective, 'en')}." if effective else ".")
            )
        else:
            sentences.append(
                f"{label} đang có hiệu lực"
                + (f" (từ ngày {format_date(effective, 'vi')})." if effective else ".")
            )
    elif status == "expired":
        sentences.append(f"{label} has expired." if en else f"{label} đã hết hiệu lực.")
    else:
        sentences.append(
            f"The knowledge base does not record whether {label} is in force."
            if en
            else f"Cơ sở tri thức không ghi tình trạng hiệu lực của {label}."
        )
        complete = False
    dates = []
    if issued:
        dates.append(
            f"issued on {format_date(issued, 'en')}" if en else f"ban hành ngày {format_date(issued, 'vi')}"
        )
    if effective and (replacement or status != "in-force"):  # in force: already said since when
        dates.append(
            f"in force from {format_date(effective, 'en')}"
            if en
            else f"có hiệu lực từ ngày {format_date(effective, 'vi')}"
        )
    if dates:
        sentences.append(f"{label}: " + ", ".join(dates) + ".")
    if asks_date and not effective and not replacement:
        sentences.insert(
            0,
            f"The documents do not give the date {label} takes effect."
            if en
            else f"Tài liệu không ghi ngày có hiệu lực của {label}.",
        )
        complete = False
    replaced = [n for n, r in register.items() if _replacement(r) == number]
    if replaced:
        names = ", ".join(_label(n, register[n], language) for n in replaced)
        sentences.append(f"It replaces {names}." if en else f"Văn bản này thay thế {names}.")
    note = record.get("note", "")
    # The register's note often repeats the replacement ("Thay thế bởi Nghị định 35/2022 …").
    if note and not (replacement and "/".join(replacement.split("/")[:2]) in note):
        sentences.append(f"Note (register): {note}" if en else f"Ghi chú (danh mục văn bản): {note}")
    return " ".join(sentences), complete


def _unknown(asked: str, kind: str | None, register: dict[str, dict[str, str]], language: str) -> str:
    names = KIND_NAMES_EN if language == "en" else KIND_NAMES_VI
    label = f"{names.get(kind or '', '')} {asked.upper()}".strip()
    known = "; ".join(_label(n, r, language) for n, r in sorted(register.items()))
    if language == "en":
        text = f"The knowledge base has no record of {label}: its status cannot be given."
        return text + (f" Instruments it knows: {known}." if known else "")
    text = f"Cơ sở tri thức không có thông tin về {label}: không xác định được tình trạng hiệu lực."
    return text + (f" Các văn bản có trong danh mục: {known}." if known else "")


def _documents_about(snapshot: IndexSnapshot, number: str) -> list[str]:
    """The documents that are this instrument, official texts before summaries."""
    about = [
        doc
        for doc in snapshot.documents.values()
        if doc.info.get("number") and canonical_number(doc.info["number"]) == number and doc.chunk_count
    ]
    about.sort(key=lambda d: d.info.get("kind", "") not in LEGAL_KINDS)
    return [doc.doc_id for doc in about[:MAX_DOCUMENTS]]


def _citation(snapshot: IndexSnapshot, doc_id: str, number: str, marker: int) -> Citation | None:
    """Cite the first passage of the document that names the instrument (else its first passage)."""
    rows = list(snapshot.chunks_of(doc_id))
    if not rows:
        return None
    short = "/".join(_folded_number(number).split("/")[:2])
    pick, quote = rows[0], ""
    for row in rows:
        chunk = snapshot.chunks[row]
        if short not in fold_accents(chunk.text).lower():
            continue
        pick = row
        for start, end, *_ in chunk_sentences(chunk):
            sentence = chunk.text[start:end].strip()
            if short in fold_accents(sentence).lower():
                quote = sentence
                break
        break
    chunk = snapshot.chunks[pick]
    if not quote:
        spans = chunk_sentences(chunk)
        quote = chunk.text[spans[0][0] : spans[0][1]].strip() if spans else chunk.text[:300]
    meta: dict[str, Any] = {**chunk.meta, "doc_id": chunk.doc_id, "chunk_index": chunk.index, "row": pick}
    return citation_for(snapshot, Document(id=chunk.chunk_id, content=chunk.text, meta=meta), marker, quote)
