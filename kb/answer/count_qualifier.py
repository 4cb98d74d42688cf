"""A count of things qualified by a name: the figure must be for that name.

"KCN Nam Cầu Kiền đã thu hút được bao nhiêu nhà đầu tư Nhật Bản?" is not answered by "hơn 50 nhà
đầu tư trong và ngoài nước": the sentence counts the investors, but not the Japanese ones. When
the sentences that count what is asked never name the qualifier, the answer is a refusal that
says which figure the passages do give.

>>> qualified_count("Đã thu hút được bao nhiêu nhà đầu tư Nhật Bản?")
('nhà đầu tư', 'Nhật Bản')

A group of the counted things, named in lower case, qualifies them too: "có bao nhiêu chỉ số thuộc
nhóm môi trường?" is not answered by "bộ 23 chỉ số".

>>> qualified_count("Có bao nhiêu chỉ số thuộc nhóm môi trường?")
('chỉ số', 'thuộc nhóm môi trường')

In English the qualifier is an adjective the glossary gives in Vietnamese ("Japanese" → "Nhật Bản"),
before the firms counted: "How many of Nam Cầu Kiền's investors are Japanese companies?" — the
sentences counting investors must name Japanese, Japan or Nhật Bản.

>>> english_qualified_count("How many of Nam Cầu Kiền's investors are Japanese companies?")
('investors', 'Japanese')
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.refusal_checks import relevant_sentences, unit_forms
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import quantity_units
from kb.query.names import question_names
from kb.query.places import country_named
from kb.query.terms import english_equivalents, vietnamese_equivalents
from kb.query.unit_counts import counts_unit
from kb.text.normalize import fold_accents, has_diacritics

NOT_FOR_QUALIFIER = {
    "vi": "Các đoạn tìm được nêu số {unit} nói chung, không nêu riêng số {unit} {name}.",
    "en": "The passages found give a number of {unit} overall, not of {unit} {name}.",
}
# "bao nhiêu <counted noun, lower case> <Name>" (folded, case kept).
_QUALIFIED = re.compile(r"\bbao nhieu\s+((?:[a-z]+\s+){1,3}?)([A-Z]\w*(?:\s+[A-Z]\w*)*)")
_NUMBER = re.compile(r"\d")
# Where the counted things are ("ở Amata"): the place checks read that. "từ / của Nhật Bản" qualify.
_PREPOSITIONS = frozenset({"ở", "tại", "trong", "thuộc"})


# "bao nhiêu chỉ số thuộc nhóm môi trường": a group of the counted things, named in lower case.
_GROUPED = re.compile(
    r"\bbao nhieu\s+((?:[a-z]+\s+){1,3}?)(thuoc\s+(?:nhom|nganh|linh vuc|loai|khoi)\s+((?:[a-z]+\s+){0,2}[a-z]+))"
    r"(?=\s*(?:[?,.;]|$|\s(?:la|co|trong|cua|duoc|hien|nam|o|tai)\b))"
)


def qualified_count(question: str) -> tuple[str, str] | None:
    """(the counted noun, the name or group qualifying it) as written in ``question``, or None."""
    folded = fold_accents(question)
    if len(folded) != len(question):
        return None
    grouped = _GROUPED.search(folded.lower())
    if grouped is not None:
        return question[grouped.start(1) : grouped.end(1)].strip(), question[grouped.start(2) : grouped.end(2)]
    match = _QUALIFIED.search(folded)
    if match is None:
        return None
    name = question[match.start(2) : match.end(2)]
    if name not in question_names(question):
        return None  # "bao nhiêu doanh nghiệp KCN …": an abbreviation, not a name
    unit = question[match.start(1) : match.end(1)].strip()
    last = unit.split()[-1].lower()
    typed = {w if has_diacritics(question) else fold_accents(w) for w in _PREPOSITIONS}
    if last in typed:
        return None  # "bao nhiêu doanh nghiệp ở Amata": where, which the place checks read
    return unit, name


# "how many Japanese companies", "… are Japanese firms": a capitalised adjective before the firms counted.
_ENGLISH_QUALIFIED = re.compile(
    r"\b([A-Z][a-z]+)\s+(companies|firms|investors|enterprises|businesses|manufacturers|factories|plants)\b"
)


def english_qualified_count(question: str) -> tuple[str, str] | None:
    """(the counted noun, the country's adjective qualifying it) of an English count question, or None:
    only an adjective the glossary writes as a country ("Japanese" → "Nhật Bản")."""
    if not re.search(r"(?i)\bhow many\b", question):
        return None
    for match in _ENGLISH_QUALIFIED.finditer(question):
        adjective = match.group(1)
        equivalents = vietnamese_equivalents(adjective)
        if equivalents and any(country_named(v) for v in equivalents[0]):
            units = [u for u in quantity_units(question) if u != "%"]
            return (units[0] if units else match.group(2).lower()), adjective
    return None


def _english_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    asked = english_qualified_count(question)
    if asked is None:
        return ""
    unit, adjective = asked
    forms = unit_forms(unit)
    counting = [c for c in relevant_sentences(candidates) if any(counts_unit(fold_accents(c.text).lower(), f) for f in forms)]
    vietnamese = vietnamese_equivalents(adjective)[0]
    # … and the country as an English source writes it: the glossary's other English words for the same
    # Vietnamese ("Nhật Bản" is "Japan" and "Japanese").
    named = [adjective, *vietnamese, *(w for v in vietnamese for group in english_equivalents(v) for w in group)]
    if not counting or any(fold_accents(n).lower() in fold_accents(c.text).lower() for c in counting for n in named):
        return ""
    return text_for(NOT_FOR_QUALIFIER, language).format(unit=unit, name=adjective)



def qualified_count_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """Why the relevant sentences do not count what the question's name qualifies ("" when one
    counting it names the qualifier, or none counts it at all)."""
    if language == "en" and candidates:
        return _english_reason(question, language, candidates)
    asked = qualified_count(question)
    if asked is None or not candidates:
        return ""
    unit, name = asked
    unit_folded, name_folded = fold_accents(unit).lower(), fold_accents(name).lower()
    grouped = _GROUPED.search(f"bao nhieu {unit_folded} {name_folded}")
    if grouped is not None:
        name_folded = grouped.group(3)  # "môi trường" said of the group, without "thuộc nhóm"
    counting = [
        c
        for c in relevant_sentences(candidates)
        if unit_folded in fold_accents(c.text).lower() and _NUMBER.search(c.text)
    ]
    if not counting or any(name_folded in fold_accents(c.text).lower() for c in counting):
        return ""
    return text_for(NOT_FOR_QUALIFIER, language).format(unit=unit, name=name)
