"""Details only one kind of text gives: a website, an e-mail address, a telephone number, a person's
year of birth or age.

"Trang web của dự án là gì?" is answered by a sentence holding an address ("https://vncpc.org/…"),
"Ông Lê Thành Quân sinh năm bao nhiêu?" by one saying when he was born or how old he is. Such a
question shares its other words with many sentences ("dự án", the person's name), and the best of
them answers nothing: among the sentences read, those holding the detail are raised; when none holds
it, the question is refused, saying which detail the passages do not give.

Usage::

    detail = asked_detail(question)               # "web", "email", "phone", "birth" or ""
    reason = asked_detail_reason(question, language, candidates)
    prefer_asked_detail(question, candidates)
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.sentence_candidates import SentenceCandidate
from kb.text.normalize import fold_accents

NOT_GIVEN = {
    "vi": "Các đoạn tìm được không nêu {detail}.",
    "en": "The passages found give no {detail}.",
}
_NAMES = {
    "web": ("địa chỉ trang web", "website address"),
    "email": ("địa chỉ thư điện tử (email)", "e-mail address"),
    "phone": ("số điện thoại", "telephone number"),
    "birth": ("năm sinh hay tuổi", "year of birth or age"),
}
DETAIL_BONUS = 0.5  # added to a sentence holding the detail asked (scores are below 2)
# What a question asks, folded and lower case.
_ASKED = {
    "web": re.compile(r"\b(?:trang web|website|web site|trang thong tin dien tu|dia chi web|url|homepage)\b"),
    "email": re.compile(r"\b(?:email|e-mail|thu dien tu)\b"),
    "phone": re.compile(r"\b(?:so dien thoai|dien thoai lien he|hotline|phone|telephone)\b"),
    # "sinh năm nào", not "Trung tâm Cộng sinh năm 2015".
    "birth": re.compile(
        r"\b(?:sinh nam (?:nao|bao nhieu|may)|nam sinh|sinh vao (?:nam|ngay)|bao nhieu tuoi|may tuoi|how old|born"
        r"|age of|year of birth|date of birth)\b"
    ),
}
# The detail written in a sentence (folded, lower case).
_GIVEN = {
    "web": re.compile(r"https?://|\bwww\.|\b[a-z0-9-]+\.(?:vn|org|com|int|net|gov|dk|kr)(?:/|\b)"),
    "email": re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+"),
    "phone": re.compile(r"(?:\+\d{2}|\b0\d{1,3})[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b"),
    "birth": re.compile(r"\bsinh (?:nam |ngay )?\d|\bnam sinh\b|\b\d{2,3} tuoi\b|\bborn\b|\baged? \d"),
}


def _folded(text: str) -> str:
    return " ".join(fold_accents(text).lower().split())


def asked_detail(question: str) -> str:
    """The detail the question asks ("web", "email", "phone", "birth"; "" when none)."""
    folded = _folded(question)
    return next((name for name, pattern in _ASKED.items() if pattern.search(folded)), "")


def asked_detail_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """Why the sentences read do not answer a question asking a detail ("" when one holds it, or
    none is asked)."""
    detail = asked_detail(question)
    if not detail or not candidates or any(_GIVEN[detail].search(_folded(c.text)) for c in candidates):
        return ""
    vi, en = _NAMES[detail]
    return text_for(NOT_GIVEN, language).format(detail=vi if language == "vi" else en)


def prefer_asked_detail(question: str, candidates: list[SentenceCandidate]) -> None:
    """Raise, in place, the sentences holding the detail the question asks."""
    detail = asked_detail(question)
    if not detail:
        return
    for candidate in candidates:
        if _GIVEN[detail].search(_folded(candidate.text)):
            candidate.score += DETAIL_BONUS
