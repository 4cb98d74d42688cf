"""Kinds of documents and the words that name legal instruments.

The one vocabulary of kinds shared by ingest (the manifest, legal headers), the query side
(provision references, named instruments, follow-ups), answers, the chat and handouts:

- :data:`LEGAL_KINDS` / :data:`DOCUMENT_KINDS`: the kind ids a document may have
  (``manifest.toml`` ``kind``); :data:`KIND_NAMES_VI` / :data:`KIND_NAMES_EN`: their display names;
- :data:`HEADER_KIND_LINES`: the all-caps kind line of a legal header ("NGHỊ ĐỊNH");
- :func:`named_kind`: the kind a question names ("nghi dinh", "TT", "law");
- :func:`kind_from_number`, :func:`canonical_number`, :func:`legal_label`: legal numbers.
"""

from __future__ import annotations

import re

from kb.text.normalize import normalize_query

# (all-caps kind line of a legal header, kind id, Vietnamese name, English name). Longer kind
# lines first: "THÔNG TƯ LIÊN TỊCH" before "THÔNG TƯ", "BỘ LUẬT" before "LUẬT".
_LEGAL: tuple[tuple[str, str, str, str], ...] = (
    ("THÔNG TƯ LIÊN TỊCH", "joint_circular", "Thông tư liên tịch", "Joint Circular"),
    ("NGHỊ ĐỊNH", "decree", "Nghị định", "Decree"),
    ("THÔNG TƯ", "circular", "Thông tư", "Circular"),
    ("NGHỊ QUYẾT", "resolution", "Nghị quyết", "Resolution"),
    ("QUYẾT ĐỊNH", "decision", "Quyết định", "Decision"),
    ("PHÁP LỆNH", "ordinance", "Pháp lệnh", "Ordinance"),
    ("CHỈ THỊ", "directive", "Chỉ thị", "Directive"),
    ("HIẾN PHÁP", "constitution", "Hiến pháp", "Constitution"),
    ("BỘ LUẬT", "code", "Bộ luật", "Code"),
    ("LUẬT", "law", "Luật", "Law"),
)
# Documents that are not legal instruments: (kind id, Vietnamese name, English name).
_OTHER: tuple[tuple[str, str, str], ...] = (
    ("workshop", "Báo cáo hội thảo", "Workshop report"),
    ("case-study", "Nghiên cứu điển hình", "Case study"),
    ("summary", "Bản tóm tắt", "Summary"),
    ("document", "Tài liệu", "Document"),
)

LEGAL_KINDS: tuple[str, ...] = tuple(kind for _, kind, _, _ in _LEGAL)
OTHER_KINDS: tuple[str, ...] = tuple(kind for kind, _, _ in _OTHER)
DOCUMENT_KINDS: tuple[str, ...] = LEGAL_KINDS + OTHER_KINDS
HEADER_KIND_LINES: tuple[tuple[str, str], ...] = tuple((line, kind) for line, kind, _, _ in _LEGAL)
KIND_NAMES_VI: dict[str, str] = {kind: vi for _, kind, vi, _ in _LEGAL}
KIND_NAMES_EN: dict[str, str] = {kind: en for _, kind, _, en in _LEGAL}
# Display names of every kind, legal or not ("Báo cáo hội thảo").
DOCUMENT_KIND_NAMES_VI: dict[str, str] = {**KIND_NAMES_VI, **{k: vi for k, vi, _ in _OTHER}}
DOCUMENT_KIND_NAMES_EN: dict[str, str] = {**KIND_NAMES_EN, **{k: en for k, _, en in _OTHER}}

# Words that name a kind of instrument in a question (folded, lower-cased), longest first.
KIND_WORDS: dict[str, str] = {
    "nghi dinh": "decree",
    "nd": "decree",
    "decree": "decree",
    "thong tu": "circular",
    "tt": "circular",
    "circular": "circular",
    "luat": "law",
    "law": "law",
    "bo luat": "law",
    "code": "law",
    "quyet dinh": "decision",
    "qd": "decision",
    "decision": "decision",
    "nghi quyet": "resolution",
    "nq": "resolution",
    "resolution": "resolution",
}
_KIND_WORD_PATTERNS = [
    (re.compile(rf"\b{re.escape(words)}\b"), kind)
    for words, kind in sorted(KIND_WORDS.items(), key=lambda kv: -len(kv[0]))
]


def named_kind(folded: str) -> str | None:
    """The kind of legal instrument a folded, lower-cased question names ("nghi dinh", "TT", "law")."""
    for pattern, kind in _KIND_WORD_PATTERNS:
        if pattern.search(folded):
            return kind
    return None


def kind_from_number(number: str) -> str | None:
    """Document kind from its number's code: "35/2022/NĐ-CP" -> "decree".

    NĐ decree, TT circular, TTLT joint circular, QĐ decision, NQ resolution,
    PL ordinance, CT directive, QH (e.g. "QH14") law. None when the code is unknown.
    """
    parts = [p.strip() for p in re.split(r"/", number)]
    codes = [p for p in parts[1:] if p and not p.isdigit()]
    for code in codes:
        first = re.split(r"\s*[-–]\s*", code)[0].upper()
        if first in ("NĐ", "ND"):
            return "decree"
        if first == "TTLT":
            return "joint_circular"
        if first == "TT":
            return "circular"
        if first in ("QĐ", "QD"):
            return "decision"
        if first == "NQ":
            return "resolution"
        if first == "PL":
            return "ordinance"
        if first == "CT":
            return "directive"
        if re.fullmatch(r"QH\d*", first) or first == "L":
            return "law"
    return None


def canonical_number(number: str) -> str:
    """ "35 / 2022 / nđ-cp" -> "35/2022/NĐ-CP" (for comparing legal numbers)."""
    return re.sub(r"\s+", "", normalize_query(number)).upper()


def legal_label(kind: str, number: str, language: str = "vi") -> str:
    """ "Nghị định 35/2022/NĐ-CP" / "Decree 35/2022/NĐ-CP"; "" when the kind or number is unknown.

    A document that is about an instrument without being one (a summary of Decree 82)
    is labelled by the kind its number implies.
    """
    if not number:
        return ""
    names = KIND_NAMES_EN if language == "en" else KIND_NAMES_VI
    name = names.get(kind) or names.get(kind_from_number(number) or "")
    return f"{name} {number}" if name else ""
