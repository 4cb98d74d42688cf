"""Whether the sentences read name the developer asked of a park: the reason to refuse when they do not.

"Who is the developer (chủ đầu tư) of Khánh Phú industrial park?" is not answered by "Ninh Bình dự
kiến đầu tư cải tạo hạ tầng KCN Khánh Phú …", which invests in the park but names no developer; nor
is "chủ đầu tư hạ tầng KCN Hòa Khánh là công ty nào?" by Nam Cầu Kiền's "Chủ đầu tư: Công ty Cổ phần
Shinec". A developer is named by a sentence that says "chủ đầu tư", "nhà đầu tư", "developer" or
"investor" ("phát triển" / "developed" too when the question asks it so) and names the park, or sits
in a document whose title names it.

Usage::

    reason = developer_reason(question, "vi", candidates, snapshot)
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.refusal_checks import relevant_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.language import detect_language
from kb.query.names import english_question_names, listed_with, question_names
from kb.query.organisations import asks_developer
from kb.query.places import place_named
from kb.text.normalize import fold_accents

NO_DEVELOPER = {
    "vi": "Các đoạn tìm được không nêu chủ đầu tư của {names}.",
    "en": "The passages found do not name the developer of {names}.",
}
_DEVELOPER = re.compile(r"\b(?:chu dau tu|nha dau tu|developers?|investors?)\b")
_DEVELOPED = re.compile(r"\b(?:phat trien|developed|develops)\b")
_ASKING = re.compile(r"\b(?:ai|nao|gi|who|which|what)\b")
# "Đại diện chủ đầu tư KCN Hiệp Phước nào …?": a person of the developer is asked, not the developer.
_OF_DEVELOPER = re.compile(
    r"\b(?:dai dien|representatives?|giam doc|lanh dao|chu tich|director)\s+(?:cua\s+|of\s+(?:the\s+)?)?(?:chu dau tu|nha dau tu|developer)"
    # "Who is the CEO of the company that develops DEEP C?": its head is asked.
    r"|\b(?:ceo|chairman|chairwoman|president|director|head|giam doc|chu tich)\s+(?:of|cua)\s+(?:the\s+)?(?:company|firm|cong ty)\b"
)

_APPOSITION = re.compile(r"\((?:the|a|its|their)\s[^()]*\)")
# The kind of park, not a park ("which developers have moved toward the EIP model?").
_NOT_PARKS = frozenset({"kcn", "kcnst", "kcn sinh thai", "industrial park", "eip", "eips"})


def _folded(text: str) -> str:
    return " ".join(fold_accents(text).lower().split())


def developer_reason(
    question: str, language: str, candidates: list[SentenceCandidate], snapshot: IndexSnapshot
) -> str:
    """The reason to refuse a question asking a named park's developer that no relevant sentence
    (nor a sentence of a document about the park) names; "" when one may, or none is asked."""
    # "When was Shinec (the Nam Cau Kien developer) set up?": a developer named in passing is not asked.
    folded = _folded(_APPOSITION.sub(" ", question))
    if not asks_developer(folded) or not _ASKING.search(folded) or _OF_DEVELOPER.search(folded) or not candidates:
        return ""
    found = english_question_names(question) if detect_language(question) == "en" else question_names(question)
    parks = [n for n in found if not place_named(n) and _folded(n) not in _NOT_PARKS]
    if not parks:
        return ""
    said = [_DEVELOPER, _DEVELOPED] if _DEVELOPED.search(folded) else [_DEVELOPER]
    park_forms = [_folded(p) for p in parks]
    titles: dict[str, str] = {}
    for candidate in relevant_sentences(candidates):
        text = _folded(candidate.text)
        if any(f"cong ty co phan kcn {p}" in text for p in park_forms):
            return ""  # "Công ty Cổ phần KCN Hiệp Phước" is the park's own developer
        if not any(p.search(text) for p in said):
            continue
        doc_id = str(candidate.document.meta["doc_id"])
        if doc_id not in titles:
            title = str(snapshot.documents[doc_id].info.get("title", ""))
            titles[doc_id] = "" if any(listed_with(title, p) for p in parks) else _folded(title)
        if any(p in text or p in titles[doc_id] for p in park_forms):
            return ""
    names = ", ".join(f"“{p}”" for p in parks)
    return text_for(NO_DEVELOPER, language).format(names=names)
