"""Whether the sentences read say where: the reason to refuse a "where" question they do not answer.

"Hội thảo chuyên gia quốc tế … (8-9/11/2018) tổ chức ở đâu?" is not answered by "Hội thảo do Bộ Kế
hoạch và Đầu tư phối hợp với UNIDO tổ chức, dự kiến diễn ra trong hai ngày 8-9/11/2018": the
announcement gives the organisers and the dates, never a venue. A sentence says where when it names a
province, city, country or place abroad (other than the ones the question names, and other than Việt
Nam, where every report is), a district or commune ("huyện Thủy Nguyên"), a place after a locative
("tại Trung tâm …", "from Lake Tissø"), or that the event was held online.

Usage::

    reason = no_place_reason(question, "vi", question_shape(question), candidates)
"""

from __future__ import annotations

import re

from kb.answer.asked_kind import LEVEL_NAMED
from kb.answer.citations import text_for
from kb.answer.refusal_checks import relevant_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.places import country_named, places_in
from kb.query.question_shape import QuestionShape
from kb.text.normalize import fold_accents

NO_PLACE = {
    "vi": "Các đoạn tìm được không nêu địa điểm.",
    "en": "The passages found do not say where.",
}
_ONLINE = re.compile(r"\b(?:truc tuyen|online|virtual(?:ly)?|hybrid)\b")
# A capitalised place after a locative ("tại Trung tâm Hội nghị …", "located in Kalundborg").
_LOCATIVE = re.compile(r"(?<!\w)(?:tại|ở|in|at|from|near|trên địa bàn)\s+(?:the\s+)?([A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*)")
# Capitalised words after a locative that are not places: an event, a document, a month.
_NOT_PLACES = re.compile(
    r"^(?:Hội|Dự|Nghị|Thông|Khung|Chương|Phiên|Việt Nam|Viet Nam|Vietnam|January|February|March|April|May|June"
    r"|July|August|September|October|November|December|Phase|Stage|Giai)\b"
)


def says_where(text: str, asked: set[str]) -> bool:
    """Whether ``text`` names a place other than the ones in ``asked`` (folded) and Việt Nam."""
    if _ONLINE.search(fold_accents(text).lower()) or LEVEL_NAMED.search(fold_accents(text)):
        return True
    for place in places_in(text):
        if fold_accents(place).lower() not in asked and not (country_named(place) and fold_accents(place).lower().startswith("viet")):
            return True
    for match in _LOCATIVE.finditer(text):
        name = match.group(1)
        if not _NOT_PLACES.match(name) and fold_accents(name).lower() not in asked:
            return True
    return False


# A question ending on "ở đâu?" asks where, whatever its subject's name says ("Hội thảo … về cơ hội, thách
# thức và rào cản … tổ chức ở đâu?" is shaped a why by its title's "thách thức").
_WHERE_LAST = re.compile(r"\b(?:o dau|tai dau|dia diem nao|noi nao|(?:thanh pho|tinh|quoc gia|nuoc) nao)\W*$")
# "Where did things stand with the draft circular …?" asks a status, not a place.
_STANDING = re.compile(r"^where (?:do|did|does) (?:things|matters|it|they) stand\b")


def no_place_reason(question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]) -> str:
    """The reason to refuse a "where" question when no relevant sentence says where ("" when one does)."""
    folded = fold_accents(question).lower().strip()
    asked_where = (shape.kind == "where" and not _STANDING.search(folded)) or _WHERE_LAST.search(folded)
    if not asked_where or not candidates:
        return ""
    asked = {fold_accents(p).lower() for p in places_in(question)}
    if any(says_where(c.text, asked) for c in relevant_sentences(candidates)):
        return ""
    return text_for(NO_PLACE, language)
