"""A quantity asked in a unit of measure is a quantity of something: the figure must be of that.

"Năm 2010 Kalundborg tái sử dụng bao nhiêu tấn tro bay?" is not answered by "150,000 t FGD
gypsum reused" next to "fly ash and clinker used for road building": a sentence read must give a
figure and name the substance measured (as asked, or its glossary equivalent in the other
language: "tro bay" / "fly ash").

Usage::

    reason = unmeasured_substance_reason(question, language, candidates)
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.constraint_checks import original_words
from kb.answer.figure_text import holds_figure
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.terms import english_equivalents, vietnamese_equivalents
from kb.text.normalize import fold_accents, normalize_query

NO_FIGURE_OF = {
    "vi": "Các đoạn tìm được không nêu số {unit} {substance}.",
    "en": "The passages found give no figure in {unit} of {substance}.",
}
# Units of mass, volume and energy, folded, as questions write them (a distance or an area is of no
# substance: "bao nhiêu km lên bao nhiêu km").
_UNITS_VI = r"tan|m3|kwh|mwh|gwh|tj|lit"
_UNITS_EN = r"tonnes|tons|t|m3|kwh|mwh|gwh|tj|litres|liters"
_ASKED_VI = re.compile(rf"\bbao nhieu ({_UNITS_VI}) ((?:[^\W\d_][^\W_]* ?){{1,3}})")  # "CO2" whole
_ASKED_EN = re.compile(rf"\bhow (?:many|much) ({_UNITS_EN}) of ((?:[a-z0-9-]+ ?){{1,3}})")
# Words that end the substance ("tấn tro bay và xỉ từ nhà máy" -> "tro bay").
_STOP = frozenset(
    ["va", "hoac", "tu", "o", "cua", "trong", "cho", "den", "duoc", "da", "moi", "hang", "nam", "nay", "do", "the", "thi", "la", "khi", "len", "xuong", "tang", "giam", "and", "or", "from", "in", "of", "per", "a", "the", "each", "every", "was", "were", "is", "are", "did", "does", "do", "that", "which"]
)
# Substances too general to check: the land of a park, the water of anything.
_GENERIC = frozenset({"dat", "dien tich", "nuoc", "land", "area", "water"})


def _substance(question: str) -> tuple[str, str]:
    """The unit and the substance a question measures ("tan", "tro bay"), folded, or ("", "")."""
    folded = " ".join(fold_accents(normalize_query(question)).lower().replace("(", " ( ").split())
    match = _ASKED_VI.search(folded) or _ASKED_EN.search(folded)
    if match is None:
        return "", ""
    words: list[str] = []
    for word in match.group(2).split():
        if word in _STOP:
            break
        words.append(word)
    substance = " ".join(words)
    return (match.group(1), substance) if substance and substance not in _GENERIC else ("", "")


def unmeasured_substance_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """The reason to refuse when no sentence read gives a figure and names the substance measured."""
    unit, substance = _substance(question)
    if not substance or not candidates:
        return ""
    names = {substance}
    for values in english_equivalents(substance) + vietnamese_equivalents(substance):
        names.update(fold_accents(v).lower() for v in values)
    # The question may give the other language's name itself: "tro bay và xỉ (fly ash, clinker)".
    bracket = re.search(r"\(([^)]*)\)", fold_accents(question).lower())
    if bracket:
        names.update(p.strip() for p in bracket.group(1).split(",") if len(p.strip()) > 2)
    said = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")
    for candidate in candidates:
        if holds_figure(candidate.text, ()) and said.search(fold_accents(candidate.text).lower()):
            return ""
    return text_for(NO_FIGURE_OF, language).format(
        unit=original_words(question, unit) or unit, substance=original_words(question, substance) or substance
    )
