"""Whether the sentences read say where: the reason to refuse a "where" question they do not answer.

"Hội thảo chuyên gia quốc tế … (8-9/11/2018) tổ chức ở đâu?" is not answered by "Hội thảo do Bộ Kế
hoạch và Đầu tư phối hợp với UNIDO tổ chức, dự kiến diễn ra trong hai ngày 8-9/11/2018": the
announcement gives the organisers and the dates, never a venue. A sentence says where when it names a
province, city, country or place abroad (other than the ones the question names, and other than Việt
Nam, where every report is), a district or commune ("huyện Thủy Nguyên"), a place after a locative
("tại Trung tâm …", "from Lake Tissø"), or that the event was held online.

Usage::

    reason = no_place_reason(question, "vi", question_shape(question), candidates, snapshot)
"""

from __future__ import annotations

import re

from kb.answer.asked_kind import LEVEL_NAMED
from kb.answer.citations import text_for
from kb.answer.document_years import issued_in, issued_year, speaks_of
from kb.answer.refusal_checks import relevant_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.places import country_named, places_in, written_places
from kb.query.question_shape import QuestionShape, mentions_year
from kb.text.normalize import fold_accents, normalize_text

NO_PLACE = {
    "vi": "Các đoạn tìm được không nêu địa điểm.",
    "en": "The passages found do not say where.",
}
_ONLINE = re.compile(r"\b(?:truc tuyen|online|virtual(?:ly)?|hybrid)\b")
# A capitalised place after a locative ("tại Trung tâm Hội nghị …", "located in Kalundborg").
_LOCATIVE_END = re.compile(r"(?<!\w)(?:tại|ở|in|at|from|near|địa bàn)\s+$")
_LOCATIVE = re.compile(r"(?<!\w)(?:tại|ở|in|at|from|near|trên địa bàn)\s+(?:the\s+)?([A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*)")
# Capitalised words after a locative that are not places: an event, a document, a month.
_NOT_PLACES = re.compile(
    r"^(?:Hội|Dự|Nghị|Thông|Khung|Chương|Phiên|Việt Nam|Viet Nam|Vietnam|January|February|March|April|May|June"
    r"|July|August|September|October|November|December|Phase|Stage|Giai)\b"
)


def places_said(text: str, asked: set[str] = frozenset()) -> list[str]:
    """The places ``text`` names, other than the ones in ``asked`` (folded) and Việt Nam: provinces,
    cities, countries, places abroad, and capitalised names after a locative ("tại Khu Công")."""
    found: list[str] = []
    for match in written_places().finditer(normalize_text(text)):
        place = match.group(0)
        if fold_accents(place).lower() in asked or place in found:
            continue
        if country_named(place) and (
            fold_accents(place).lower().startswith("viet")
            # A country inside an organisation's name, after it or as a nationality ("Cục Kinh tế
            # Liên bang Thụy Sỹ", "Tổ chức Sofies (Thụy Sỹ)", "nhà đầu tư Bỉ") is not where anything
            # took place.
            or (re.search(r"[^\W\d_]\s+$", text[: match.start()]) and not _LOCATIVE_END.search(text[: match.start()]))
            or re.search(r"[^\W\d_]\s*\(\s*$", text[: match.start()])  # "Tổ chức Sofies (Thụy Sỹ)"
        ):
            continue
        found.append(place)
    for match in _LOCATIVE.finditer(text):
        name = match.group(1)
        # "tại Khu Công nghệ cao Tp.HCM": the place runs on over lower-case words to the city.
        if (run_on := re.match(r"(?:\s+[^\W\d_A-ZĐ]\w*){1,3}\s+(\S+(?:\s+\S+){0,3})", text[match.end(1) :])) is not None:
            city = next((p for p in found if run_on.group(1).startswith(p)), None)
            if city is not None:
                name = text[match.start(1) : match.end(1) + run_on.start(1) + len(city)]
                found.remove(city)
        if not _NOT_PLACES.match(name) and fold_accents(name).lower() not in asked and not any(name in p for p in found):
            found.append(name)
    return found


def says_where(text: str, asked: set[str]) -> bool:
    """Whether ``text`` says where: online, a district or commune, or a place other than the ones in
    ``asked`` (folded) and Việt Nam."""
    if _ONLINE.search(fold_accents(text).lower()) or LEVEL_NAMED.search(fold_accents(text)):
        return True
    return bool(places_said(text, asked))


# A question ending on "ở đâu?" asks where, whatever its subject's name says ("Hội thảo … về cơ hội, thách
# thức và rào cản … tổ chức ở đâu?" is shaped a why by its title's "thách thức").
_WHERE_LAST = re.compile(r"\b(?:o dau|tai dau|dia diem nao|noi nao|(?:thanh pho|tinh|quoc gia|nuoc) nao)\W*$")


def no_place_reason(
    question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate], snapshot: IndexSnapshot
) -> str:
    """The reason to refuse a "where" question when no relevant sentence says where ("" when one does).
    Asked of a year ("… workshop … in 2016?"), the sentence must be of that year: it writes the year,
    or its document was issued in it (the 2023 report's "tại TPHCM" is not where the 2016 workshop met)."""
    folded = fold_accents(question).lower().strip()
    asked_where = shape.kind == "where" or _WHERE_LAST.search(folded)
    if not asked_where or not candidates:
        return ""
    asked = {fold_accents(p).lower() for p in places_in(question)}

    def of_the_year(candidate: SentenceCandidate) -> bool:
        if not shape.years or any(mentions_year(candidate.text, y) for y in shape.years):
            return True
        doc_id = str(candidate.document.meta["doc_id"])
        # A document without its date of issue: one that speaks of the year.
        return issued_in(snapshot, doc_id, shape.years) or (not issued_year(snapshot, doc_id) and speaks_of(snapshot, doc_id, shape.years))

    if any(says_where(c.text, asked) and of_the_year(c) for c in relevant_sentences(candidates)):
        return ""
    return text_for(NO_PLACE, language)
