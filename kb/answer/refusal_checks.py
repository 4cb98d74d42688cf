"""Reasons to refuse although passages were found: what the question asks that they do not give.

Each check returns the reason to show ("Các nguồn tìm được không nhắc đến: “VSIP Bắc Ninh”."),
or "" when the passages may answer:

- :func:`unmentioned_names_reason`: a Vietnamese question about a park, company or place that the
  documents found never mention;
- :func:`instrument_candidates`: a question naming a numbered instrument ("Nghị định 35/2022") is
  answered only from sentences about it;
- :func:`uncounted_reason`: "how many X" when the passages speak of X but never give a number of it;
- :func:`value_reason`: a question asking for a value of a kind (a date, an amount of money, a
  figure at all or in the unit asked, a figure for a named year, a person holding a named office,
  the part of a total the question quotes) that no relevant sentence gives.

Whether a figure found is for the park and the time asked: :mod:`kb.answer.figure_scope`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.answer.citations import text_for
from kb.answer.document_years import document_text, issued_within, speaks_of
from kb.answer.figure_text import holds_figure
from kb.answer.person_scope import names_person_for_organisation
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.short_names import short_names
from kb.answer.stated_whole import stated_whole_reason
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import holds_date, mentions_unit, quantity_units, unit_words
from kb.query.counted_classes import counted_class, counts_class
from kb.query.instruments import (
    NamedInstrument,
    mentions_instrument,
    named_instruments,
    without_instrument_numbers,
)
from kb.query.measures import DISTANCE, MEASURE_NAMES, MEASURED, MEASURES
from kb.query.names import (
    document_names,
    listed_with,
    name_haystack,
    place_names,
    question_names,
    unmentioned_names,
)
from kb.query.person_names import titled_name
from kb.query.places import country_named
from kb.query.question_shape import QuestionShape, mentions_year, question_shape, relative_period, years_in
from kb.query.terms import english_equivalents, short_forms, unit_in_english, vietnamese_equivalents
from kb.query.unit_counts import counted_numbers, counts_unit
from kb.text.legal_vocabulary import legal_label
from kb.text.normalize import fold_accents

NOT_MENTIONED = {
    "vi": "Các nguồn tìm được không nhắc đến: {names}.",
    "en": "The sources found do not mention: {names}.",
}
NOT_COUNTED = {
    "vi": "Các đoạn tìm được có nói đến {names} nhưng không nêu con số.",
    "en": "The passages found mention {names} but give no number.",
}
NO_PERSON = {
    "vi": "Các đoạn tìm được không nêu tên người được hỏi.",
    "en": "The passages found name no person for what is asked.",
}
NO_COUNT_OF = {
    "vi": "Các đoạn tìm được không nêu số {names}.",
    "en": "The passages found give no number of {names}.",
}
_PERCENT = {"vi": "tỷ lệ phần trăm", "en": "a percentage"}
ONLY_LISTED = {
    "vi": "Các đoạn tìm được chỉ nhắc đến {names} cùng với các nơi khác, không nói riêng về đó.",
    "en": "The passages found name {names} only among others, not on its own.",
}
NOT_ABOUT = {
    "vi": "Các đoạn tìm được không nói về {names}.",
    "en": "The passages found are not about {names}.",
}


NOT_GIVEN = {
    "vi": "Các đoạn tìm được không nêu {what}.",
    "en": "The passages found do not give {what}.",
}
WHAT = {
    "date": {"vi": "thời điểm", "en": "a date"},
    "amount": {"vi": "số tiền", "en": "an amount of money"},
    "who": {"vi": "tên người", "en": "a person's name"},
}
ONLY_STATED = {
    "vi": "Các đoạn tìm được chỉ nêu {numbers} (con số đã có trong câu hỏi), không nêu phần được hỏi.",
    "en": "The passages found only give {numbers}, which the question already states, not the part it asks for.",
}
NO_FIGURE = {
    "vi": "Các đoạn tìm được không nêu con số nào cho điều được hỏi.",
    "en": "The passages found give no figure for what is asked.",
}
NOT_MEASURED = {
    "vi": "Các đoạn tìm được không nêu số liệu tính bằng {units}.",
    "en": "The passages found give no figure in {units}.",
}
NO_YEAR = {
    "vi": "Các đoạn tìm được không có thông tin của năm {years}.",
    "en": "The passages found say nothing for {years}.",
}
# Sentences scoring at least this share of the answering sentence's score compete with it.
RIVAL_SHARE = 0.8
OTHER_YEAR = {
    "vi": "Các đoạn tìm được chỉ nêu số liệu của năm {given}, không có của năm {years}.",
    "en": "The passages found give figures for {given}, not for {years}.",
}
# Sentences that count as evidence for a value: at least this share of the best coverage.
RELEVANT_SHARE = 0.6


def quoted_names(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


_POSSESSIVE_END = re.compile(r"['’]s$")


def unmentioned_names_reason(
    question: str, language: str, snapshot: IndexSnapshot, doc_ids: list[str]
) -> str:
    """The question's names that none of the documents ``doc_ids`` mentions, as a reason.

    An English question's capitalised words are not all names ("Decree", "Korea's"): see
    :func:`english_question_names`."""
    if language == "vi" and not question_names(question):
        return ""
    haystack = " ".join(document_names(snapshot, d, sources=True) for d in dict.fromkeys(doc_ids))
    missing = unmentioned_names(question, haystack, language=language)
    # An English possessive in a question read as Vietnamese ("under VNCPC's RECP component (Hợp phần
    # …)"): the name without it is mentioned ("Practitioner's Handbook" is written with it).
    missing = [n for n in missing if not (_POSSESSIVE_END.search(n) and not unmentioned_names("", haystack, [_POSSESSIVE_END.sub("", n)]))]
    return text_for(NOT_MENTIONED, language).format(names=quoted_names(missing)) if missing else ""


def named_passage_candidates(
    question: str, language: str, snapshot: IndexSnapshot, candidates: list[SentenceCandidate]
) -> tuple[list[SentenceCandidate], str]:
    """The sentences of passages about the park or place the question asks about (the passage or
    its document's title names it), and the reason to refuse when no passage is: "còn ở Amata thì
    sao?" is not answered by a Hiệp Phước passage of a report that mentions Amata elsewhere."""
    names = place_names(question) if language == "vi" else []
    if not names or not candidates:
        return candidates, ""
    about: dict[str, bool] = {}
    for candidate in candidates:
        document = candidate.document
        if document.id not in about:
            info = snapshot.documents[str(document.meta["doc_id"])].info
            haystack = name_haystack([document.content or "", str(info.get("title", ""))])
            about[document.id] = not unmentioned_names("", haystack, names=names)
    kept = [c for c in candidates if about[c.document.id]]
    if not kept:
        return [], text_for(NOT_ABOUT, language).format(names=quoted_names(names))
    if question_shape(question).kind in ("why", "list") and not any(
        _on_its_own(c, names, [*names, *question_names(question)], snapshot) for c in kept
    ):
        # Reasons or activities of one park are not those of the list of parks it is named in.
        return [], text_for(ONLY_LISTED, language).format(names=quoted_names(names))
    return kept, ""


def _on_its_own(
    candidate: SentenceCandidate, names: list[str], asked_names: list[str], snapshot: IndexSnapshot
) -> bool:
    """Whether a sentence speaks of one of ``names`` on its own: its document's title names it
    outside a list, or the sentence names it and no other name beside it (the question's aside)."""
    info = snapshot.documents[str(candidate.document.meta["doc_id"])].info
    title = str(info.get("title", ""))
    asked = {fold_accents(n).lower() for n in asked_names}
    for name in names:
        for text in (title, candidate.text):
            if unmentioned_names("", name_haystack([text]), names=[name]):
                continue
            others = [n for n in listed_with(text, name) if fold_accents(n).lower() not in asked]
            if not others:
                return True
    return False


def instrument_candidates(
    question: str, language: str, snapshot: IndexSnapshot, candidates: list[SentenceCandidate]
) -> tuple[list[SentenceCandidate], str]:
    """The sentences about the instruments the question names for certain, and the reason to
    refuse when none is. A question about Decree 35/2022 is not answered by a passage about
    Decree 82/2018 (the decree it replaced, with other figures)."""
    instruments = [i for i in named_instruments(question) if i.certain]
    if not instruments:
        return candidates, ""
    about = [c for c in candidates if _about_instrument(c, snapshot, instruments)]
    if about:
        return about, ""
    labels = [legal_label(i.kind or "", i.text, language) or i.text for i in instruments]
    return [], text_for(NOT_ABOUT, language).format(names=quoted_names(labels))


def _about_instrument(
    candidate: SentenceCandidate, snapshot: IndexSnapshot, instruments: list[NamedInstrument]
) -> bool:
    """Whether a sentence speaks about one of the instruments asked.

    A document that is (or summarises) another instrument speaks about the one asked only in
    the sentences naming it (a summary of Decree 82 compares a threshold with Decree 35); any
    other passage does when it or its document's title names the instrument.
    """
    document = candidate.document
    info = snapshot.documents[str(document.meta["doc_id"])].info
    own = str(info.get("number", ""))
    if own:
        if any(mentions_instrument(own, i.key) for i in instruments):
            return True
        return any(mentions_instrument(candidate.text, i.key) for i in instruments)
    text = "\n".join([document.content or "", str(info.get("title", ""))])
    return any(mentions_instrument(text, i.key) for i in instruments)


# Units the sources write as a symbol after the number ("635,000 t CO2", "300,000 t/yr").
_UNIT_SYMBOLS = {"tonnes": ("t",), "tons": ("t",), "tan": ("t",)}
# Small and medium enterprises asked ("bao nhiêu doanh nghiệp nhỏ và vừa"): counted as "~5,400 SMEs".
# Only then: any firms asked, a count of SMEs in a complex beside Ulsan would answer "firms in Ulsan".
_SMES_ASKED = re.compile(r"\b(?:nho va vua|smes?|small and medium)\b")


def unit_forms(unit: str) -> list[str]:
    """How a document may write the counted thing: as asked, and its equivalents in the other
    language ("companies" -> "doanh nghiep", "cong ty"), folded."""
    return list(_unit_forms(unit))


@lru_cache(maxsize=1024)  # asked for every sentence read, of the few units questions count
def _unit_forms(unit: str) -> tuple[str, ...]:
    if unit == "%" or unit in MEASURES or unit in _MONEY:
        return (unit,)
    forms = [unit, *unit_in_english(unit)]
    for group in [*vietnamese_equivalents(unit), *english_equivalents(unit)]:
        forms += [fold_accents(v).lower() for v in group]
    forms += [symbol for form in forms for symbol in _UNIT_SYMBOLS.get(form, ())]
    # "tấn CO2" is also written "t CO2" ("635,000 t CO2").
    head, _, rest = unit.partition(" ")
    forms += [f"{symbol} {rest}" for symbol in _UNIT_SYMBOLS.get(head, ()) if rest]
    forms += short_forms(forms)  # "khu cong nghiep" is also written "KCN"
    forms += [unit.split()[-1]] if " " in unit and unit.endswith("s") else []  # English head: ">30 delegations"
    if unit.endswith("s"):
        for group in vietnamese_equivalents(unit[:-1]):
            forms += [fold_accents(v).lower() for v in group]
    return tuple(dict.fromkeys(f for f in forms if f))


def uncounted_reason(
    question: str, language: str, candidates: list[SentenceCandidate], snapshot: IndexSnapshot | None = None
) -> str:
    """ "Bao nhiêu đại biểu …?" is not answered by a passage that speaks of the delegates without
    giving their number (nor "how many employees" by the plant's capacity, nor "what percentage"
    by a sentence without one).

    The reason names what the question counts when the passages speak of it (in any of its forms,
    either language) and no sentence of them gives a number of it. Nothing when they never speak of
    it at all (a synonym the tables do not know may then hold the answer), unless it is a thing whose
    names are all known (:data:`kb.query.counted_classes.COUNTED_CLASSES`: people, homes) and none of them is counted.
    """
    units = quantity_units(question)
    if not units or not candidates:
        return ""
    folded = {id(c): fold_accents(c.text).lower() for c in candidates}
    texts = list(folded.values())
    # A number of it must be in the sentences that answer the question, not anywhere in the passages
    # ("5 KCN thí điểm" does not count the certified parks). An English question's coverage of a
    # Vietnamese sentence is too coarse to pick those sentences: there, any sentence read counts.
    relevant = relevant_sentences(candidates) if language == "vi" else about_names(question, candidates, snapshot)
    # … or a sentence naming what the question is about ("Tại KCN Sonadezi Long Thành, … cùng gần 50
    # doanh nghiệp … tham dự" for a question that first restates the whole workshop): its coverage is
    # small beside a sentence restating that context, yet it is the one that counts there.
    relevant = [*relevant, *names_all(question, candidates)]
    counting = [folded[id(c)] for c in relevant]
    uncounted, spoken = [], False
    smes = ["smes", "sme"] if _SMES_ASKED.search(fold_accents(question).lower()) else []
    for unit in units:
        forms = unit_forms(unit) + smes
        group = counted_class(unit)  # every way of writing it is known
        said = unit == "%" or any(mentions_unit(t, f) for t in texts for f in forms)
        spoken = spoken or said
        # A distance is written only as kilometres ("cách trung tâm thành phố ~12 km"), never named.
        mentioned = said or group is not None or unit == DISTANCE
        if unit in MEASURED or any(f in MEASURED for f in forms):
            # A measured quantity ("bao nhiêu năng lượng") comes in any unit ("20.8 million t of oil
            # equivalent"): a figure in a sentence about it counts.
            counted = any(re.search(r"\d", t) and mentions_unit(t, f) for t in counting for f in forms)
        elif group is not None:
            # Any of the class, whole phrases: "cán bộ" is not "cần", "công nhân" not "công nghiệp".
            counted = any(counts_class(t, forms, group) for t in counting)
        else:
            counted = any(counts_unit(t, f) for t in counting for f in forms)
        if mentioned and not counted:
            uncounted.append(unit)
    if not uncounted or len(uncounted) < len(units):
        return ""
    names = [
        _PERCENT[_lang(language)] if unit == "%" else MEASURE_NAMES.get(unit, {}).get(_lang(language)) or unit_words(question, unit)
        for unit in uncounted
    ]
    return text_for(NOT_COUNTED if spoken else NO_COUNT_OF, language).format(names=quoted_names(names))


def names_all(question: str, candidates: list[SentenceCandidate]) -> list[SentenceCandidate]:
    """The sentences naming, themselves, every name the question is about (none when it names
    nothing). A country is no such name: every report of this corpus is about one."""
    names = [name for name in question_names(question) if not country_named(name) and not _home_country(name)]
    if not names:
        return []
    return [c for c in candidates if not unmentioned_names("", [c.text], names=names)]


def _home_country(name: str) -> bool:
    """Whether ``name`` is Vietnam or "Vietnamese": what every report of the corpus is about."""
    return " ".join(fold_accents(name).lower().split()) in ("viet nam", "vietnam", "vietnamese")


def about_names(
    question: str, candidates: list[SentenceCandidate], snapshot: IndexSnapshot | None
) -> list[SentenceCandidate]:
    """The sentences of documents that mention the names the question is about ("Asnæs",
    "Kalundborg"): a count of staff in a report on another place does not count them. All the
    sentences when no document mentions them all, or the question names nothing."""
    # Not Vietnam ("Vietnamese"): the Vietnamese reports never call themselves so.
    names = [name for name in question_names(question) if not _home_country(name)]
    if snapshot is None or not names:
        return candidates
    about = [
        c
        for c in candidates
        if not unmentioned_names("", document_names(snapshot, str(c.document.meta["doc_id"])), names=names)
    ]
    return about or candidates


def relevant_sentences(candidates: list[SentenceCandidate]) -> list[SentenceCandidate]:
    """The sentences that count as evidence for a value: at least ``RELEVANT_SHARE`` of the best
    coverage (and some)."""
    best = max((c.coverage for c in candidates), default=0.0)
    return [c for c in candidates if c.coverage >= RELEVANT_SHARE * best and c.coverage > 0]


def value_reason(
    question: str,
    language: str,
    shape: QuestionShape,
    candidates: list[SentenceCandidate],
    snapshot: IndexSnapshot,
) -> str:
    """Why the relevant sentences do not answer a question asking for a value of a kind ("" when
    they may): no date for "khi nào", no amount for "kinh phí bao nhiêu", nothing for the year named,
    only the total the question quotes for "of the 217 …, how many at Amata", only a deputy for
    "Tổng Giám đốc là ai"."""
    if not candidates or not (shape.typed or shape.years):
        return ""
    relevant = relevant_sentences(candidates)
    if not relevant:
        return ""
    if shape.years and (shape.typed or shape.kind in ("fact", "list")):
        # The year may be said anywhere in the document ("Hội thảo năm 2018 …" about a report dated
        # 8-9/11/2018): refused only when no document the relevant sentences come from mentions it.
        doc_ids = {str(c.document.meta["doc_id"]) for c in relevant}
        if not any(mentions_year(document_text(snapshot, d), year) for d in doc_ids for year in shape.years) and not any(
            issued_within(snapshot, d, shape.years) for d in doc_ids
        ):
            return text_for(NO_YEAR, language).format(years=", ".join(shape.years))
    if shape.years and shape.kind in ("count", "amount") and not relative_period(question):
        # "How many delegates … in November 2018?": every figure of what is counted comes from a
        # document that never speaks of 2018 (the 2022 workshop's 40 delegates).
        counted = valued_sentences(shape, relevant, only=True)
        if counted and not any(speaks_of(snapshot, str(c.document.meta["doc_id"]), shape.years) for c in counted):
            return text_for(NO_YEAR, language).format(years=", ".join(shape.years))
    if shape.kind in ("count", "amount") and not any(holds_figure(c.text, shape.years) for c in relevant):
        # "Có bao nhiêu đại biểu?" answered by a sentence that holds no figure at all.
        return text_for(NO_FIGURE, language)
    if shape.kind == "count" and (missing := _unmeasured(shape.units, relevant)):
        return text_for(NOT_MEASURED, language).format(units=quoted_names(missing))
    if shape.years and shape.typed and not relative_period(question):  # "since 2020": a later year's figure may answer
        # "Năm 2018 … tiết kiệm bao nhiêu?" where the sentence that would answer gives 2017's figure
        # and no sentence nearly as good speaks of 2018: that figure is another year's. For an amount
        # of money, the sentences giving one; for a count, those counting what is asked (when any does).
        valued = valued_sentences(shape, relevant) if shape.kind in ("count", "amount") else []
        answer = max(valued, key=lambda c: c.score) if valued else None
        rivals = [c for c in valued if answer is not None and c.score >= RIVAL_SHARE * answer.score]
        # A year as a year: "Nghị định 82/2018" names a decree, not what happened in 2018.
        # A rival naming no year at all may be the asked year's figure (the year said elsewhere).
        if answer is not None and all(
            years_in(c.text) and not set(_years_named(c.text)) & set(shape.years) for c in rivals
        ):
            other = sorted(set(years_in(answer.text)) - set(shape.years))
            if other:
                return text_for(OTHER_YEAR, language).format(
                    given=", ".join(other), years=", ".join(shape.years)
                )
    folded = [fold_accents(c.text).lower() for c in relevant]
    if shape.kind in ("count", "amount") and shape.stated:
        units = [u for u in shape.units if any(mentions_unit(f, u) for f in folded)]
        given = set().union(*(counted_numbers(f, u) for f in folded for u in units)) if units else set()
        if given and given <= set(shape.stated):
            numbers = ", ".join(sorted(given, key=int))
            return text_for(ONLY_STATED, language).format(numbers=numbers)
    if whole := stated_whole_reason(question, language, shape, relevant):
        return whole  # "Trong 4,55 triệu USD …, SECO đóng góp bao nhiêu?": only the total, or more
    if shape.kind == "date" and not any(holds_date(without_instrument_numbers(c.text)) for c in relevant):
        return text_for(NOT_GIVEN, language).format(what=WHAT["date"][_lang(language)])
    if shape.kind == "amount" and not any(counts_unit(f, "tien") for f in folded):
        return text_for(NOT_GIVEN, language).format(what=WHAT["amount"][_lang(language)])
    # Asked for a person ("who represented …", "ai phát biểu"): a named one, with the form of address or
    # title the documents put before names ("ông …", "TS …", "Mr …"), or a given name ("ông Tuấn cho biết").
    person_asked = shape.kind in ("who", "fact") and _PERSON_ASKED.search(fold_accents(question).lower())
    if (
        person_asked
        and not any(titled_name(c.text) or short_names(c.text) for c in relevant)
        and not names_person_for_organisation(question, candidates)
    ):
        return text_for(NO_PERSON, language)
    return ""


# A "who" question asking for a person, not an organisation ("who organised / chaired …" may be a
# ministry).
_PERSON_ASKED = re.compile(
    r"\b(?:who (?:represented|spoke|presented|headed|said|was quoted)|name of the|(?:ong|ba) nao"
    r"|ai (?:dai dien|phat bieu|trinh bay|la nguoi)|nguoi nao)\b"
)
_MONEY = frozenset({"tien", "kinh phi", "von", "chi phi", "money", "funding"})
# Units written as symbols or measures: a passage giving the figure writes them as asked.
# (Not tonnes: "635,000 t", "87 nghìn tấn"; not money: "4,55 triệu USD".)
_SYMBOL_UNITS = frozenset({"m3", "m2", "ha", "kwh", "mwh", "gwh", "mw", "kw", "km", "%"})


def valued_sentences(shape: QuestionShape, relevant: list[SentenceCandidate], only: bool = False) -> list[SentenceCandidate]:
    """The relevant sentences that give a value of what is asked: an amount of money, a number of
    the thing counted, else (unless ``only``) any figure that is not a year."""
    figures = [c for c in relevant if holds_figure(c.text, shape.years)]
    folded = {id(c): fold_accents(c.text).lower() for c in figures}
    if shape.kind == "amount":
        money = [c for c in figures if counts_unit(folded[id(c)], "tien")]
        return money or ([] if only else figures)
    forms = [form for unit in shape.units for form in unit_forms(unit)]  # "companies": "doanh nghiep" too
    counted = [c for c in figures if any(counted_numbers(folded[id(c)], form) for form in forms)]
    return counted or ([] if only else figures)


def _years_named(text: str) -> list[str]:
    """The years ``text`` names, and the first year of each decade it names ("the 1990s" -> 1990,
    asked as "thập niên 1990")."""
    return [*years_in(text), *re.findall(r"\b((?:19|20)\d0)'?s\b", text)]


_SCALE = r"(?:(?:trieu|nghin|ngan|ty|million|thousand|billion)\s*)?"  # "3 million m3", "20,8 nghìn m3"


def _unmeasured(units: tuple[str, ...], relevant: list[SentenceCandidate]) -> list[str]:
    """Symbol units asked ("bao nhiêu m3/ngày đêm", "how many ha") that no relevant sentence writes."""
    # "hectares" is measured too: a figure of it is written "116 ha" as often as "116 hectares".
    symbols = {u: unit_forms(u) for u in units if u in _SYMBOL_UNITS or _SYMBOL_UNITS & set(unit_forms(u))}
    # "bao nhiêu m3 nước", "bao nhiêu ha đất": the symbol, then what it measures.
    symbols.update({u.split()[0]: [u.split()[0]] for u in units if u not in symbols and u.split()[0] in _SYMBOL_UNITS})
    folded = [fold_accents(c.text).lower() for c in relevant]
    # A share is also written in words ("two-thirds of industrial-park land").
    return [
        u
        for u, forms in symbols.items()
        if not any(
            any(re.search(rf"\d\s*{_SCALE}{re.escape(form)}(?!\w)", f) for form in forms) or (u == "%" and counts_unit(f, u))
            for f in folded
        )
    ]




def _lang(language: str) -> str:
    return "en" if language == "en" else "vi"
