"""Who holds an office: "Chủ tịch HĐQT Công ty CP Sonadezi Long Thành là ai?", "Người đứng đầu
Công ty CP KCN Đình Vũ là ai?", "Who is the director of …?".

The answer is a person named with a form of address or a title ("ông …", "PGS.TS …") in a
relevant sentence, and of the organisation asked: the sentence, the one before it, its passage's
heading or its document's title names every name of the question. The head of another board,
named in a sentence that shares the words "Trưởng Ban Quản lý" with the question, is no answer.
:func:`office_holder_reason` returns the reason to refuse ("" when the passages may answer).
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.figure_scope import said_of
from kb.answer.refusal_checks import NO_PERSON, quoted_names, relevant_sentences
from kb.answer.sentence_candidates import SentenceCandidate, reported_in_other_year
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import unit_words
from kb.query.names import english_question_names, question_names, unmentioned_names
from kb.query.person_names import titled_name
from kb.query.places import country_named
from kb.query.question_shape import QuestionShape, years_in
from kb.query.terms import short_forms, whole_term_translations
from kb.text.normalize import fold_accents

NOT_OF = {
    "vi": "Các đoạn tìm được có nêu tên người giữ chức vụ, nhưng không phải của {names}.",
    "en": "The passages found name office holders, but not those of {names}.",
}
NO_ROLE = {
    "vi": "Các đoạn tìm được không nêu tên người giữ chức “{role}”.",
    "en": "The passages found do not name the {role}.",
}
OTHER_YEAR_ONLY = {
    "vi": "Các đoạn tìm được chỉ nêu người giữ chức “{role}” trong tài liệu năm {given}, không nêu năm {years}.",
    "en": "The passages found name the {role} only in documents of {given}, not of {years}.",
}
_DEPUTY = re.compile(r"\b(?:pho|vice|deputy)\s+(?:tong\s+)?$")  # "Phó Tổng Giám đốc" too
# An office asked without its title: "người đứng đầu", "head of", "leader of".
_HEAD_ASKED = re.compile(r"\b(?:nguoi dung dau|dung dau|lanh dao|head of|leader of)\b")
# Where the organisation's name ends: "Chủ tịch HĐQT của Shinec, chủ đầu tư KCN Nam Cầu Kiền?"
_OFFICE_END = re.compile(r"[,;?!]|\.(?!\w)|\b(?:la ai|la nguoi nao|is|was)\b")
_OFFICE_END_EN = re.compile(r"[,;?!]|\.(?!\w)|\b(?:who|whom|when|where|at|in|during)\b")
# Capitalised words of an office or a company form, no name of the organisation itself.
_OFFICE_WORDS = frozenset(
    {"chu", "tich", "tong", "giam", "doc", "hdqt", "hoi", "dong", "quan", "tri", "cong", "ty", "cp", "co", "phan"}
    | {"ceo", "chairman", "chairwoman", "director", "deputy", "vice", "president", "head"}
)


def office_names(question: str, shape: QuestionShape, language: str = "vi") -> list[str]:
    """The names of the organisation whose office is asked: those written after the office, up to
    the end of its phrase ("Trưởng ban Ban Quản lý … TP.HCM (HEPZA) là ai?" -> TP.HCM, HEPZA; not
    the workshop's city named elsewhere in the question; "CEO of the company that develops DEEP C" ->
    DEEP C)."""
    folded = fold_accents(question).lower()
    office = re.search(rf"\b{re.escape(shape.role)}\b", folded) if shape.role else _HEAD_ASKED.search(folded)
    if office is None or len(folded) != len(question):
        return []
    if language == "en":
        # English names the organisation after "of", up to a clause of the question's setting.
        if not re.match(r"\s+of\b", folded[office.end() :]):
            return []
        end = _OFFICE_END_EN.search(folded, office.end())
        names = english_question_names(f"x {question[office.end() : end.start() if end else len(question)]}")
    else:
        end = _OFFICE_END.search(folded, office.end())
        names = question_names(f"x {question[office.end() : end.start() if end else len(question)]}")
    return [name for name in names if not set(fold_accents(name).lower().split()) <= _OFFICE_WORDS]


def office_holder_reason(
    question: str,
    language: str,
    shape: QuestionShape,
    candidates: list[SentenceCandidate],
    snapshot: IndexSnapshot,
) -> str:
    """Why no relevant sentence names the holder of the office asked ("" when one may)."""
    if shape.kind != "who" or not candidates or not (shape.role or _HEAD_ASKED.search(fold_accents(question).lower())):
        return ""
    names = office_names(question, shape, language)
    # A sentence naming the organisation itself counts however little else of the question it says
    # ("Bà Lê Thanh Thảo, trưởng đại diện UNIDO tại Việt Nam cho biết …" beside the sentence restating
    # the workshop asked about).
    of_names = [c for c in candidates if names and not unmentioned_names("", [c.text], names=names)]
    named = [c for c in {id(c): c for c in [*relevant_sentences(candidates), *of_names]}.values() if titled_name(c.text)]
    if not named:
        return text_for(NO_PERSON, language)
    if names and not any(all(said_of(c, name, snapshot) for name in names) for c in named):
        return text_for(NOT_OF, language).format(names=quoted_names(names))
    return ""


def role_forms(role: str) -> set[str]:
    """The office asked as the documents may write it, folded: as asked and in the other language
    ("giam doc" and "director")."""
    return {role, *(fold_accents(t).lower() for t in whole_term_translations(role))}


def office_role_reason(
    question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate], snapshot: IndexSnapshot
) -> str:
    """An office asked ("trưởng đại diện UNIDO", "Giám đốc VNCPC", "chief technical adviser") that the
    passages read never give, or give only to a deputy ("Ông Lê Xuân Thịnh- Phó giám đốc VNCPC"): the
    sentences read are those of the year asked (:func:`reported_in_other_year`), and of those, the
    ones about the organisation asked when some are. Another office ("Vụ trưởng Vụ …") is no answer."""
    if shape.kind != "who" or not shape.role or shape.role.startswith(("pho ", "vice ", "deputy ")):
        return ""
    # Of the year asked: every sentence about the organisation asked when it is named and some are
    # ("Chủ trì Hội thảo Ông Lê Thành Quân, …, Giám đốc Dự án" in the report on the EIP project);
    # else the relevant sentences and those naming any of the question's names ("ông Phạm Anh Tuấn –
    # Tổng Giám đốc" in the sentence on Sonadezi Long Thành).
    of_year = [c for c in candidates if _of_years(c, set(shape.years), snapshot)]
    organisation = office_names(question, shape, language)
    read = [c for c in of_year if organisation and all(said_of(c, n, snapshot) for n in organisation)]
    if not read:
        names = [n for n in question_names(question) if not country_named(n)]
        named = [c for c in of_year if names and len(unmentioned_names("", [c.text], names=names)) < len(names)]
        relevant = [c for c in relevant_sentences(candidates) if c in of_year]
        read = list({id(c): c for c in [*relevant, *named]}.values())
    folded = [fold_accents(c.text).lower() for c in read]
    forms = role_forms(shape.role)
    forms |= set(short_forms(sorted(forms)))  # "TGĐ" for "tổng giám đốc"
    mentions = [m for f in folded for form in forms for m in re.finditer(rf"\b{re.escape(form)}\b", f)]
    if folded and all(_DEPUTY.search(m.string[: m.start()]) for m in mentions):
        return text_for(NO_ROLE, language).format(role=unit_words(question, shape.role))
    return ""


def _of_years(candidate: SentenceCandidate, years: set[str], snapshot: IndexSnapshot) -> bool:
    """Whether a sentence may tell of ``years`` (any when none is asked): it names one, or is not of a
    workshop report of another year (a year in what someone said there, "… đến năm 2030", does not
    date the office its speaker held)."""
    return not years or bool(set(years_in(candidate.text)) & years) or not reported_in_other_year(candidate, years, snapshot)


def office_year_reason(
    question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate], snapshot: IndexSnapshot
) -> str:
    """The holder of the office asked, of the organisation asked, named only in reports of another
    year than the one asked: "Năm 2023 ai là Vụ trưởng Vụ Kinh tế địa phương và Lãnh thổ?" is not
    answered by the 2018 programme's "Ông Trần Duy Đông - Vụ trưởng Vụ Kinh tế địa phương …" (offices
    change hands: the department's head in 2018 and in 2023 are two people)."""
    if shape.kind != "who" or not shape.role or not shape.years:
        return ""
    organisation = office_names(question, shape, language)
    if not organisation:
        return ""
    forms = role_forms(shape.role)
    role = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms)) + r")\b")
    held = [
        c
        for c in candidates
        if titled_name(c.text)
        and role.search(fold_accents(c.text).lower())
        and all(said_of(c, n, snapshot) for n in organisation)
    ]
    years = set(shape.years)
    if not held or any(_of_years(c, years, snapshot) for c in held):
        return ""
    given = sorted({str(snapshot.documents[str(c.document.meta["doc_id"])].info.get("issued", ""))[:4] for c in held})
    return text_for(OTHER_YEAR_ONLY, language).format(
        role=unit_words(question, shape.role), given=", ".join(given), years=", ".join(shape.years)
    )
