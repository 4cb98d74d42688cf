"""Whether a value found beside a name in a list belongs to that name.

The case studies pack several companies, plants or parks into one sentence, each with its own
figures: "Six main partners: Asnæs power station (… 1,500 MW …), Statoil refinery, Novo Nordisk,
…", "pilots, e.g., Banwol & Sihwa (3,180 ha; ~5,400 SMEs …), Ulsan Mipo (4,033 ha …) and Onsan
(1,524 ha …)". A question about one of them ("What is the processing capacity of the Statoil
refinery?", "How many SMEs are in Onsan?") is not answered by the figure of the item beside it.

A name heads a list item when the innermost brackets around it, split at their top-level
separators ("; ", ", ", " and ", " và "), hold three items or more and the name starts its item.
:func:`name_scope_reason` refuses when every mention of a name asked, in the relevant sentences
naming one, heads a list item without a value of the kind asked while another item of its list has
one: the values belong to the others (a list of organisers, without values, decides nothing).
:func:`prefer_named_values` raises the sentences in which a name asked heads an item holding its own
value; :func:`holds_own_value` tells the place check of ``figure_scope`` the same.
"""

from __future__ import annotations

import dataclasses
import re

from kb.answer.citations import text_for
from kb.answer.figure_text import holds_figure
from kb.answer.refusal_checks import quoted_names, relevant_sentences, unit_forms
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import holds_date
from kb.query.measures import MEASURED
from kb.query.names import question_names
from kb.query.question_shape import QuestionShape, years_in
from kb.query.unit_counts import counts_unit
from kb.text.normalize import fold_accents

OTHER_ITEMS_VALUE = {
    "vi": "Các đoạn tìm được có liệt kê {names}, nhưng {what} ghi trong danh sách đó thuộc về mục khác.",
    "en": "The passages found list {names}, but the {what} in that list belong to other items.",
}
_WHAT = {
    "date": {"vi": "thời điểm", "en": "dates"},
    "count": {"vi": "con số", "en": "figures"},
    "amount": {"vi": "con số", "en": "figures"},
}
LIST_ITEMS = 3  # separators cut a text into a list from this many items
# Added to the score of a sentence in which a name asked heads an item holding the value asked.
NAMED_VALUE_BONUS = 0.2
_OPEN, _CLOSE = "([", ")]"
_SEPARATOR = re.compile(r";\s+|,\s+|\s+(?:and|và|va)\s+")
_LEAD_WORDS = re.compile(r"^(?:(?:e\.g\.,?|eg\.?|i\.e\.,?|plus|including|gồm|như|and|và|va)\s+)+", re.IGNORECASE)
_STANDALONE_NUMBER = re.compile(r"(?<![^\W\d_])\d[\d.,]*(?![^\W\d_])")  # not "CL2B", "CO2"
_ASKS = re.compile(r"\b(?:how (?:many|much|large|big|long|far)|bao nhieu|when|khi nao|nam nao)\b")
_MEASURE_ASKED = re.compile(
    r"\b(?:what|which) (?:is|was|are|were) the (?:[a-z-]+ )?(?:capacity|size|area|output|production)\b"
    r"|\b(?:cong suat|dien tich|san luong|quy mo) (?:[^\W\d_]+ )?(?:la bao nhieu|bao nhieu|la gi)\b"
)
_PLACE_WORDS = "o|tai|at"  # not "in": "SMEs located in Onsan" asks about Onsan
_POSSESSIVE = re.compile(r"['’]s\b")


def _brackets(text: str) -> list[tuple[int, int]]:
    """Spans (open, close) of the bracket pairs of ``text``."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for position, ch in enumerate(text):
        if ch in _OPEN:
            stack.append(position)
        elif ch in _CLOSE and stack:
            pairs.append((stack.pop(), position))
    return pairs


def _top_level_items(text: str, start: int, end: int, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` cut at separators outside nested brackets."""
    nested = [(o, c) for o, c in pairs if start <= o and c < end]
    items, begin = [], start
    for match in _SEPARATOR.finditer(text, start, end):
        if any(o < match.start() < c for o, c in nested):
            continue
        items.append((begin, match.start()))
        begin = match.end()
    items.append((begin, end))
    return items


def list_item(text: str, start: int, end: int) -> tuple[str, list[str]] | None:
    """The list item that the name at ``text[start:end]`` heads, and the other items of its list;
    None when the name heads no item of a list (module doc)."""
    pairs = _brackets(text)
    around = [(o, c) for o, c in pairs if o < start and end <= c]
    low, high = max(around, key=lambda p: p[0]) if around else (-1, len(text))
    items = _top_level_items(text, low + 1, high, pairs)
    if len(items) < LIST_ITEMS:
        return None
    for position, (first, last) in enumerate(items):
        if not first <= start < last:
            continue
        # The first item may follow what introduces the list ("Six main partners: Asnæs …").
        colon = text.rfind(": ", first, start)
        if colon >= 0 and not any(o < colon < c for o, c in pairs if first <= o):
            first = colon + 2
        lead = _LEAD_WORDS.match(text[first:last])
        # Only an item the name heads ("Statoil refinery", "Onsan (1,524 ha …)"); a name inside a
        # clause ("South Korea launched …, …") is not a list item.
        if first + (lead.end() if lead else 0) != start:
            return None
        colons = [m.start() for m in re.finditer(": ", text[:last]) if m.start() >= end]
        if any(not any(o < at < c for o, c in pairs if o >= first) for at in colons):
            return None  # the name introduces the list ("Hyosung Yongyeon plants: PP plant …; …")
        others = [text[a:b] for i, (a, b) in enumerate(items) if i != position]
        if low < 0 and position > 0 and ": " not in others[0]:
            others = others[1:]  # the sentence's first words ("In 2005, …"): capitalised anyway
        return text[first:last], others
    return None


def _asked_names(question: str, units: tuple[str, ...]) -> list[str]:
    """The question's names, a possessive split off ("Hyosung's TPA" -> "Hyosung", "TPA"), not
    the thing counted ("How many SMEs …") nor a place said as where ("ở Kalundborg", "at Kalundborg")."""
    counted = {fold_accents(u).lower() for u in units}
    folded = fold_accents(question)
    names: list[str] = []
    for name in question_names(question):
        if re.search(rf"\b(?:{_PLACE_WORDS})\s+{re.escape(fold_accents(name))}\b", folded, re.IGNORECASE):
            continue  # where it is ("the power station at Kalundborg"), not what is asked about
        for part in _POSSESSIVE.split(name):
            part = part.strip()
            if len(part) > 1 and fold_accents(part).lower() not in counted:
                names.append(part)
    return list(dict.fromkeys(names))


def _value_shape(question: str, shape: QuestionShape) -> QuestionShape | None:
    """The question's shape when it asks for a count, an amount or a date ("What is the capacity of
    …" asks for a figure too), else None."""
    if shape.kind == "fact" and _MEASURE_ASKED.search(fold_accents(question).lower()):
        shape = dataclasses.replace(shape, kind="count")
    return shape if shape.kind in ("count", "amount", "date") else None


def _name_pattern(name: str) -> re.Pattern[str]:
    """``name`` as a whole word of folded text, in any case."""
    return re.compile(rf"\b{re.escape(fold_accents(name))}\b", re.IGNORECASE)


def _holds_value(folded: str, shape: QuestionShape, forms: list[str]) -> bool:
    """Whether folded text holds a value of the kind asked (a number of one of ``forms`` of the
    thing counted, when given)."""
    if shape.kind == "date":
        return holds_date(folded) or bool(years_in(folded))
    if not holds_figure(folded, shape.years) or not _STANDALONE_NUMBER.search(folded):
        return False
    return not forms or any(counts_unit(folded.lower(), f) for f in forms)


def _named(item: str) -> bool:
    """An item headed by a name ("Banwol & Sihwa (…)"), not a date or a common noun."""
    item = item.lstrip("-•*– ")
    colon, bracket = item.find(": "), item.find("(")
    if colon >= 0 and (bracket < 0 or colon < bracket):
        item = item[colon + 2 :]  # after what introduces the list ("Six main partners: Asnæs …")
    lead = _LEAD_WORDS.match(item)
    head = item[lead.end() if lead else 0 :]
    return head[:1].isupper()


def _listed_together(question: str, names: list[str]) -> bool:
    """Whether the question joins two of its names in a list of its own ("Hiệp Phước, Amata và Đình Vũ")."""
    folded = fold_accents(question).lower()
    forms = "|".join(re.escape(fold_accents(n).lower()) for n in names)
    return re.search(rf"\b(?:{forms})\s*(?:,|&|\b(?:và|va|and)\b)\s*(?:{forms})\b", folded) is not None


def name_scope_reason(
    question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]
) -> str:
    """A count, amount or date asked of a name that the relevant sentences list among others, each
    value of the kind asked in them sitting in another item's scope ("" when any may answer)."""
    valued = _value_shape(question, shape)
    if valued is None or not candidates:
        return ""
    shape = valued
    names = _asked_names(question, shape.units)
    if not names:
        return ""
    if _listed_together(question, names):
        return ""  # several items asked as a group ("ở Hiệp Phước, Amata và Đình Vũ"): the group's value
    folded_names = [(n, _name_pattern(n)) for n in names]
    naming: list[tuple[SentenceCandidate, list[re.Match[str]]]] = []
    for candidate in relevant_sentences(candidates):
        folded = fold_accents(candidate.text)  # case kept: list items are told by their capitals
        found = [m for _, pattern in folded_names for m in pattern.finditer(folded)]
        if found:
            naming.append((candidate, found))
    if not naming:
        return ""
    # What a count must count: any way of writing the thing counted (not a measured quantity,
    # "steam", whose figures come in tonnes; nothing in a question asking several things).
    single = len(_ASKS.findall(fold_accents(question).lower())) <= 1
    forms = [
        form
        for unit in shape.units
        if shape.kind == "count" and single and unit != "%" and unit not in MEASURED
        for form in unit_forms(unit)
    ]
    asked: list[str] = []
    for candidate, found in naming:
        folded = fold_accents(candidate.text)
        for match in found:
            listed = list_item(folded, match.start(), match.end())
            if listed is None or _holds_value(listed[0], shape, forms):
                return ""  # not a list item, or its own value: may answer
            item, others = listed
            # The item has figures of its own but none of what is counted ("Ulsan Mipo (4,033 ha …)"
            # for "how many firms"), or another item has the value asked ("Asnæs power station
            # (… 1,500 MW …)" beside "Statoil refinery").
            own_other_figures = bool(forms) and _holds_value(item, shape, [])
            if not own_other_figures and not any(_named(o) and _holds_value(o, shape, forms) for o in others):
                return ""  # no value anywhere in the list (a list of organisers, of dates)
        asked += [n for n, pattern in folded_names if pattern.search(folded)]
    return text_for(OTHER_ITEMS_VALUE, language).format(
        names=quoted_names(list(dict.fromkeys(asked))), what=text_for(_WHAT[shape.kind], language)
    )


def holds_own_value(text: str, name: str, shape: QuestionShape) -> bool:
    """Whether ``name`` heads a list item of ``text`` that holds a value of the kind asked."""
    folded = fold_accents(text)
    for match in _name_pattern(name).finditer(folded):
        listed = list_item(folded, match.start(), match.end())
        if listed is not None and _holds_value(listed[0], shape, []):
            return True
    return False


def prefer_named_values(question: str, shape: QuestionShape, candidates: list[SentenceCandidate]) -> None:
    """Raise the score of the sentences in which a name asked heads a list item holding the kind
    of value asked ("Onsan (1,524 ha …)" for "How large is Onsan?"), in place: the value is the
    name's own, not a figure of the context the question restates."""
    valued = _value_shape(question, shape)
    if valued is None:
        return
    names = _asked_names(question, valued.units)
    for candidate in candidates:
        if any(holds_own_value(candidate.text, name, valued) for name in names):
            candidate.score += NAMED_VALUE_BONUS
