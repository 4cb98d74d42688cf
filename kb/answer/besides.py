"""A list asked "besides" what the question already names, when the source names nothing else.

"Ngoài 5 tiêu chí đầu, Nghị định 82/2018 còn những tiêu chí nào khác?" is not answered by the five
criteria again when the summary lists five; "Besides DEEP C and Amata, which parks …?" is not
answered by a list of DEEP C and Amata. When every item of the list found is one the question
already names (or the list is no longer than the number it says it knows), the answer is a
refusal that says the passages list nothing more.

Usage::

    reason = nothing_besides_reason(question, language, listed)  # "" when the list adds something

:func:`falls_short` and :func:`list_refusal_reason` put this check and those of
:mod:`kb.answer.unlisted_count` (a list only counted, or far shorter than the number stated) together
for the answerer.
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.shaped_answers import ListAnswer
from kb.answer.unlisted_count import short_of_stated, shown_items, unlisted_count_reason
from kb.text.normalize import fold_accents, normalize_query

NOTHING_MORE_COUNTED = {
    "vi": "Các đoạn tìm được chỉ liệt kê {count} mục, không có mục nào ngoài {count} mục đó.",
    "en": "The passages found list {count} items, none besides those.",
}
NOTHING_MORE_NAMED = {
    "vi": "Các đoạn tìm được chỉ nêu {names}, không nêu thêm mục nào khác.",
    "en": "The passages found name only {names}, nothing besides.",
}
# "ngoài …, còn …", "besides …, which other …": the part the question already knows, up to where what
# is asked starts ("còn", "which", "những"), folded.
_BESIDES = re.compile(
    r"\b(?:ngoai|besides|apart from|other than|aside from|in addition to)\s+(.+?)"
    r"(?:\s+(?:con|thi con)\s|,\s*(?:which|what|who|nhung|cac)\s|\?|$)"
)
# "5 tiêu chí đầu", "the first 5 criteria" (digits only), "3 khu trên": a number of items known.
_KNOWN_COUNT = re.compile(r"^(?:the first\s+)?(\d{1,2})\s+[a-z ]{2,30}?(?:\s+(?:dau tien|dau|tren|da neu|nay))?$")
_KNOWN_SEPARATOR = re.compile(r",|\s+(?:và|va|and|or|hoặc|hoac)\s+", re.IGNORECASE)  # as written or folded
MAX_KNOWN_WORDS = 5  # a longer part is a clause, not a name the question knows


def nothing_besides_reason(question: str, language: str, shown: ListAnswer | SentenceCandidate | None) -> str:
    """The reason to refuse a "besides …" list question whose list found adds nothing; "" otherwise."""
    if shown is None:
        return ""
    folded = " ".join(fold_accents(normalize_query(question)).lower().split())
    match = _BESIDES.search(folded)
    if match is None:
        return ""
    items, more = shown_items(shown)
    if not items or more:
        return ""
    known = match.group(1).strip(" ,")
    count = _KNOWN_COUNT.match(known.split(",")[0].strip())
    if count is not None:
        if len(items) > int(count.group(1)):
            return ""
        return text_for(NOTHING_MORE_COUNTED, language).format(count=len(items))
    parts = [p.strip() for p in _KNOWN_SEPARATOR.split(known) if p.strip()]
    if not parts or any(len(p.split()) > MAX_KNOWN_WORDS for p in parts):
        return ""
    if any(not any(p in fold_accents(item).lower() for p in parts) for item in items):
        return ""  # an item the question does not name: that is the answer
    written = normalize_query(question)[match.start(1) : match.start(1) + len(known)]
    names = [p.strip() for p in _KNOWN_SEPARATOR.split(written) if p.strip()]
    return text_for(NOTHING_MORE_NAMED, language).format(names=", ".join(f"“{n}”" for n in names))


def falls_short(question: str, language: str, shown: ListAnswer | SentenceCandidate, checked: bool = True) -> bool:
    """Whether the list found is not the answer: far shorter than the number the question states, or
    (when the answer's values are ``checked``) nothing besides what the question names."""
    return short_of_stated(question, shown) or (checked and bool(nothing_besides_reason(question, language, shown)))


def list_refusal_reason(
    question: str, language: str, candidates: list[SentenceCandidate], shown: ListAnswer | SentenceCandidate | None
) -> str:
    """Why a list question is refused: its things only counted ("bộ 23 chỉ số"), or nothing listed
    besides what it names ("ngoài 5 tiêu chí đầu, còn …"); "" to answer it."""
    return unlisted_count_reason(question, language, candidates) or nothing_besides_reason(question, language, shown)
