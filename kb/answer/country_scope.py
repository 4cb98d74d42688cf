"""A figure asked of another country: "Chương trình KCN sinh thái quốc gia của Hàn Quốc tiết kiệm bao
nhiêu tiền mỗi năm?", "How much water did Japan's programme save?".

Every Vietnamese report of this corpus is about Viet Nam without naming it, so a country is no name
the passages must repeat (:func:`kb.answer.refusal_checks.names_all`). Another country is: the figure
answering a question about Korea's programme comes from a document that speaks of Korea. When every
relevant sentence holding a value of the kind asked comes from a document never naming the country
(the Vietnamese project's "tiết kiệm trên 6,5 triệu USD/năm" for Korea's savings), the question is
refused, saying whose figure is missing (issue 15: on-topic questions the documents cannot answer).

A question asking a country ("What country is he from?") is refused when no relevant sentence names one:
a person's title does not say where they come from.

Usage::

    candidates, reason = country_candidates(question, language, shape, candidates, snapshot)
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.refusal_checks import quoted_names, relevant_sentences, unit_forms, valued_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import holds_date
from kb.query.names import document_names, unmentioned_names
from kb.query.places import country_named, foreign_place_named, place_named
from kb.query.question_shape import QuestionShape
from kb.query.unit_counts import counted_numbers, counts_unit
from kb.text.normalize import fold_accents, normalize_query

NO_COUNTRY = {
    "vi": "Các đoạn tìm được không nêu quốc gia nào.",
    "en": "The passages found name no country.",
}
NOT_THAT_COUNTRY = {
    "vi": "Các đoạn có con số này không nói về {names}.",
    "en": "The passages giving such a figure are not about {names}.",
}

# The kinds of value whose sentence must come from a document about the country asked.
_VALUED_KINDS = ("count", "amount", "date")
# The country every report is about without naming it.
_HOME = frozenset({"viet nam", "vietnam"})
# A question asking a country ("What country is he from?", "người nước nào", "quốc tịch"); folded. Not a
# bare "nước nào": "nguồn nước nào" asks a water source.
_COUNTRY_ASKED = re.compile(
    r"\b(?:(?:what|which) country|nationality|nguoi nuoc nao|den tu nuoc nao|quoc gia nao|quoc tich)\b"
)
# A one-word country this short is also a common word or a given name ("Đức", "Bỉ", "Mỹ").
_SHORTEST = 4


def foreign_countries(question: str) -> list[str]:
    """The countries other than Viet Nam a question names, as written ("Hàn Quốc", "Korea"), and the
    places abroad the case studies are about ("Ulsan", "Kalundborg")."""
    countries = [c for c in countries_in(question) if fold_accents(c).lower() not in _HOME]
    words = re.findall(r"[^\W\d_]+", re.sub(r"['’]s\b", "", normalize_query(question)))
    places = [place for word in words if (place := foreign_place_named(word))]
    return list(dict.fromkeys([*countries, *places]))


def countries_in(question: str, short: bool = False) -> list[str]:
    """The countries a text names, as written ("Hàn Quốc", "Korea", "Việt Nam"); ``short``: also the
    one-syllable ones written capitalised (a source's "nhà đầu tư Bỉ")."""
    text = re.sub(r"['’]s\b", "", normalize_query(question))  # "Korea's" is "Korea"
    words = re.findall(r"[^\W\d_]+", text)
    found: list[str] = []
    position = 0
    while position < len(words):
        for size in (2, 1):
            gram = " ".join(words[position : position + size])
            key = fold_accents(gram).lower()
            if (
                len(words[position : position + size]) == size
                and country_named(gram)
                and _as_written(gram)
                and (len(key.replace(" ", "")) >= _SHORTEST or (short and gram[:1].isupper()))
            ):
                found.append(gram)
                position += size
                break
        else:
            position += 1
    return list(dict.fromkeys(found))


def _as_written(gram: str) -> bool:
    """Typed with the country's own diacritics, or with none ("han quoc"): "thái lần" folds to
    "Thái Lan" but is no country."""
    written = place_named(gram) or ""
    return fold_accents(gram) == gram or gram.lower() == written.lower()


def country_candidates(
    question: str,
    language: str,
    shape: QuestionShape,
    candidates: list[SentenceCandidate],
    snapshot: IndexSnapshot,
) -> tuple[list[SentenceCandidate], str]:
    """The candidates that may answer a question naming another country, and the reason to refuse
    ("" when one may): all of them when a relevant sentence giving the value asked comes from a
    document about the country; else those of the documents about it, when one of their sentences
    gives such a value (an English case study covers little of a Vietnamese question); else none."""
    if not candidates:
        return candidates, ""
    if _COUNTRY_ASKED.search(fold_accents(question).lower()):
        named = any(countries_in(c.text, short=True) for c in relevant_sentences(candidates))
        return candidates, "" if named else text_for(NO_COUNTRY, language)
    countries = foreign_countries(question)
    if shape.kind not in _VALUED_KINDS or not countries:
        return candidates, ""
    about: dict[str, bool] = {}

    def about_country(candidate: SentenceCandidate) -> bool:
        doc_id = str(candidate.document.meta["doc_id"])
        if doc_id not in about:
            about[doc_id] = not unmentioned_names("", document_names(snapshot, doc_id), names=countries)
        return about[doc_id]

    relevant = relevant_sentences(candidates)
    # The sentences giving the very thing counted decide when there are any ("87 nghìn tấn CO2" of
    # the Vietnamese project for Ulsan's CO2, not a figure of years in the Ulsan case study).
    valued = _valued(shape, relevant, strict=True) or _valued(shape, relevant)
    if not valued:
        return candidates, ""  # the other checks say what is missing
    if any(about_country(c) for c in valued):
        # The answer comes from the documents about it: another country's report does not give the
        # place's figures ("87 nghìn tấn CO2" of the Vietnamese project for Ulsan's CO2), nor date
        # them ("2020" in the Vietnamese project's).
        return [c for c in candidates if about_country(c)], ""
    kept = [c for c in candidates if about_country(c)]
    if _valued(shape, relevant_sentences(kept), strict=True):
        return kept, ""
    return candidates, text_for(NOT_THAT_COUNTRY, language).format(names=quoted_names(countries))


def _valued(shape: QuestionShape, relevant: list[SentenceCandidate], strict: bool = False) -> list[SentenceCandidate]:
    """The sentences giving a value of the kind asked: a date; an amount of money, a number of the
    thing counted (``strict``: only these, else any figure when none gives them)."""
    if shape.kind == "date":
        return [c for c in relevant if holds_date(c.text)]
    valued = valued_sentences(shape, relevant)
    if not strict:
        return valued
    folded = {id(c): fold_accents(c.text).lower() for c in valued}
    if shape.kind == "amount":
        return [c for c in valued if counts_unit(folded[id(c)], "tien")]
    if shape.units:
        # In any form a document writes the unit ("635,000 t CO2" for "how many tonnes").
        # "tấn CO2": the measure's own forms too ("tấn", "tonnes", "t").
        forms = [form for u in shape.units for form in [*unit_forms(u), *unit_forms(u.split()[0])]]
        return [c for c in valued if any(counted_numbers(folded[id(c)], form) for form in forms)]
    return valued
