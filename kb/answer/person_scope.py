"""A person asked for on behalf of an organisation: named together with it, or not at all.

"Who spoke on behalf of SECO at the November 2021 workshop?" is not answered by the sentence
naming the ministry's speaker: SECO appears in the passages only as a co-organiser, and no person
is named for it. "Bên Công ty Cổ phần KCN Hiệp Phước thì ai dự hội thảo, chức vụ gì?" is answered
by the sentence that names the person together with the company. The check applies only when the
organisation is written in the passages found (an English name of a Vietnamese organisation may
not be, and then nothing is concluded from it).

>>> organisation_asked("Who spoke on behalf of SECO at the workshop, and what was their job?")
'SECO'
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.person_names import titled_name
from kb.text.normalize import fold_accents

NO_PERSON_FOR = {
    "vi": "Các đoạn tìm được có nhắc đến {organisation} nhưng không nêu tên người nào của {organisation}.",
    "en": "The passages found mention {organisation} but name no person for it.",
}

# Asked for a person, not an organisation: who spoke / presented / attended, or a person's position.
_PERSON_ASKED = re.compile(
    r"\b(?:who (?:(?:was|were|is|will be) )?(?:(?:scheduled|expected|due|invited|set) )?"
    r"(?:to )?(?:represent|spoke|speak|present|attend|open|close|chair|moderate|deliver|give|sign)\w*"
    r"|(?:his|her|their) (?:position|job|title|role)"
    r"|ai (?:la nguoi )?(?:du|tham du|dai dien|phat bieu|trinh bay|khai mac|be mac|tong ket|dieu phoi|dung dau|ky)"
    r"|chuc vu|chuc danh"
    # "Đại diện SECO … là ai?", "Vị lãnh đạo Bộ … tên là gì?"
    r"|la ai|ten (?:la )?gi)\b"
)
# "on behalf of SECO", "for the Swiss Embassy", "representing Amata"; "bên / đại diện / thay mặt
# Công ty Cổ phần KCN Hiệp Phước".
_ENGLISH_FOR = re.compile(
    r"\b(?:on behalf of|representing|represented|to represent|for|from)\s+(?:the\s+)?"
    r"((?:[A-Z][\w&’'-]*)(?:\s+(?:of\s+)?[A-Z][\w&’'-]*){0,5})"
)
_VIETNAMESE_FOR = re.compile(
    # "người đứng đầu văn phòng UNIDO": the office's head is the organisation's.
    r"(?i:đại diện(?: cho)?|thay mặt|bên|phía|lãnh đạo|đứng đầu(?: văn phòng)?)\s+"
    r"((?:Công ty|Tập đoàn|Tổng công ty|Bộ|Sở|Ban|Viện|Trung tâm|Đại sứ quán|Tổ chức|Cục|Vụ|Ngân hàng|Công an|Ủy ban|UBND)"
    r"(?:\s+(?:[Cc]ổ phần|quản lý|và|các|quận|huyện|tỉnh|thành phố|nhân dân|[A-ZĐ][\w&-]*)){1,8}"
    r"|[A-ZĐ][\w&-]*(?:\s+[A-ZĐ][\w&-]*){0,4})",  # "bên UNIDO", "phía Amata"
)
# Words of an organisation's name that do not tell it apart ("Công ty Cổ phần …", "the …").
_GENERIC = frozenset(
    {"cong", "ty", "co", "phan", "cp", "tnhh", "tap", "doan", "tong", "va", "cac", "quan", "ly", "of", "the"}
)


def organisation_asked(question: str) -> str | None:
    """The organisation a person is asked for, as written in the question (None: none is)."""
    if not _PERSON_ASKED.search(fold_accents(question).lower()):
        return None
    match = _VIETNAMESE_FOR.search(question) or _ENGLISH_FOR.search(question)
    return match.group(1).strip() if match else None


def _distinctive(organisation: str) -> list[str]:
    words = [fold_accents(w).lower() for w in re.findall(r"[\w&-]+", organisation)]
    return [w for w in words if w not in _GENERIC]


PERSON_BONUS = 0.3  # as much as a sentence saying the act a "who" question asks (RELATION_BONUS)


def _organisation_words(question: str) -> tuple[str, list[str]]:
    """The organisation a person is asked for and its distinctive words ("", [] when none is)."""
    organisation = organisation_asked(question) or ""
    return organisation, _distinctive(organisation) if organisation else []


def _persons_with_organisation(question: str, candidates: list[SentenceCandidate]) -> list[SentenceCandidate]:
    """The sentences naming a person together with the organisation a person is asked for."""
    _, words = _organisation_words(question)
    return [c for c in candidates if _names(c.text, words) and titled_name(c.text)] if words else []


def prefer_person_for_organisation(question: str, candidates: list[SentenceCandidate]) -> None:
    """Raise, in place, the sentences that name a person together with the organisation asked:
    they answer who spoke for it, the others only what it did."""
    for candidate in _persons_with_organisation(question, candidates):
        candidate.score += PERSON_BONUS


def names_person_for_organisation(question: str, candidates: list[SentenceCandidate]) -> bool:
    """Whether some sentence names a person together with the organisation a person is asked for
    ("Bà Lê Thanh Thảo, trưởng đại diện UNIDO …" for "ai là người đại diện UNIDO phát biểu?"), however
    little of the question's setting (the workshop, its date) it repeats."""
    return bool(_persons_with_organisation(question, candidates))


def _names(text: str, words: list[str]) -> bool:
    folded = set(re.findall(r"[\w&-]+", fold_accents(text).lower()))
    return all(w in folded for w in words)


def no_person_for_organisation(question: str, candidates: list[SentenceCandidate], language: str) -> str:
    """Why the passages do not answer a person asked for an organisation they mention ("" when they
    name someone together with it, or do not mention it at all)."""
    organisation, words = _organisation_words(question)
    if not words:
        return ""
    mentioning = [c for c in candidates if _names(c.text, words)]
    if not mentioning or any(titled_name(c.text) for c in mentioning):
        return ""
    return text_for(NO_PERSON_FOR, language).format(organisation=organisation)
