"""Definition questions ("Tình thế cấp thiết là gì?") and the passages that define their term."""

from __future__ import annotations

import re

from kb.text.normalize import fold_accents, has_diacritics, normalize_query

# Matched on folded, lower-cased text (unaccented questions too); the term is then cut from
# the question as typed (folding keeps every character's position).
_DEFINITION_PATTERNS = (
    # Định nghĩa của "Người lao động"? / Khái niệm khu công nghiệp sinh thái
    re.compile(r"^(?:dinh nghia|khai niem)(?:\s+(?:cua|ve))?\s+(?P<term>.+?)(?:\s+la\s+gi)?\s*\??$"),
    # Thế nào là khu công nghiệp sinh thái?
    re.compile(r"^(?:the nao la|the nao duoc goi la)\s+(?P<term>.+?)\s*\??$"),
    # Theo Bộ luật Dân sự 2015, lợi tức được hiểu như thế nào? / Tình thế cấp thiết là gì?
    re.compile(
        r"^(?:theo\s+[^,]+,\s*)?(?:the nao la\s+)?(?P<term>.+?)\s+(?:la\s+gi|duoc\s+hieu\s+(?:la\s+gi|nhu\s+the\s+nao)"
        r"|duoc\s+dinh\s+nghia\s+(?:la\s+gi|nhu\s+the\s+nao)|nghia\s+la\s+gi)\s*\??$"
    ),
)
_MAX_TERM_WORDS = 8


def definition_term(question: str) -> str | None:
    """The term a Vietnamese question asks to define ("Tình thế cấp thiết là gì?" ->
    "tình thế cấp thiết"), lower-cased, or None. "… được gọi là gì?" asks the reverse."""
    text = normalize_query(question).strip().lower()
    folded = fold_accents(text)
    if len(folded) != len(text) or re.search(r"duoc\s+goi\s+la\s+gi", folded):
        return None
    for pattern in _DEFINITION_PATTERNS:
        match = pattern.match(folded)
        if match:
            start, end = match.span("term")
            term = text[start:end].strip(" \"'“”‘’?:,.")
            if term and len(term.split()) <= _MAX_TERM_WORDS:
                return term
    return None


def defines(text: str, term: str) -> bool:
    """Whether ``text`` holds a definition of ``term``: a clause that starts with the term
    followed by "là" ("2. Người lao động là người làm việc …"). Accent-insensitive when the
    term was typed without diacritics."""
    folded = not has_diacritics(term)
    haystack = fold_accents(text).lower() if folded else text.lower()
    needle = r"\s+".join(re.escape(w) for w in (fold_accents(term) if folded else term).split())
    verb = r"(?:la|duoc\s+hieu\s+la)" if folded else r"(?:là|được\s+hiểu\s+là)"
    start = r"(?:^|\n|[.;:]\s+|\d+[.)]\s*|[a-zđ][.)]\s*|[\"“‘]\s*)"
    return re.search(start + needle + r"[\"”’]?\s+" + verb + r"\s", haystack) is not None


# "RECP là viết tắt của gì?", "What is GEIPP?", "What does EIP stand for?": an acronym to spell out.
_ACRONYM_ASKED = re.compile(
    r"^\W*(?:(?P<vi>[A-Z][A-Z0-9&-]{1,9})\s+(?:là\s+(?:viết tắt|gì)|viết tắt|nghĩa là gì|có nghĩa là gì)"
    r"|(?i:(?:chữ|từ|cụm từ)\s+)?(?i:viết tắt)\s+(?P<vi2>[A-Z][A-Z0-9&-]{1,9})\s+(?:là gì|nghĩa là gì|có nghĩa là gì|là viết tắt)"
    r"|(?i:what\s+(?:is|are|does)(?:\s+the)?(?:\s+(?:abbreviation|acronym))?|what's)\s+(?P<en>[A-Z][A-Z0-9&-]{1,9})\b)"
)

_TYPED_ACRONYM = re.compile(r"^\W*([a-z][a-z0-9&-]{1,9})\s+(?:la\s+)?viet tat\b")


def asked_acronym(question: str) -> str:
    """The acronym a question asks to spell out ("RECP là viết tắt của khái niệm gì?" -> "RECP"),
    "" when none."""
    match = _ACRONYM_ASKED.search(normalize_query(question))
    if match is None and question == question.lower():
        # Typed in lower case without accents: "recp la viet tat cua cai gi vay".
        typed = _TYPED_ACRONYM.search(fold_accents(normalize_query(question)))
        return typed.group(1).upper() if typed else ""
    if match is None:
        return ""
    acronym = match.group("vi") or match.group("vi2") or match.group("en")
    return acronym if sum(ch.isupper() for ch in acronym) >= 2 else ""
