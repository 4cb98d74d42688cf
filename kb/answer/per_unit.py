"""A figure asked per firm or on average: "trung bình mỗi doanh nghiệp tiết kiệm được bao nhiêu?",
"How much did each company save on average?".

The sources give totals ("tiết kiệm 32,86 tỷ đồng"); dividing one by a count said elsewhere is not
quoting the documents (the count may be of another period or group). A question asking for an
average or a per-firm figure is answered only by a sentence that gives one ("trung bình", "mỗi doanh
nghiệp", "per firm", "/DN"); otherwise it is refused, saying the passages give totals.

Usage::

    reason = per_unit_reason(question, language, shape, candidates)  # "" when one may answer
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.refusal_checks import holds_figure, relevant_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.question_shape import QuestionShape
from kb.text.normalize import fold_accents

ONLY_TOTALS = {
    "vi": "Các đoạn tìm được chỉ nêu con số tổng, không nêu con số trung bình hay của từng {unit}.",
    "en": "The passages found give totals, not an average or a figure per {unit}.",
}

PER_SENTENCE_SHARE = 0.4  # of the best coverage: sentences read for a rate

# What a figure is asked per; folded, lower case. Not a park: "Mỗi KCN Hiệp Phước, Amata, Đình Vũ có bao
# nhiêu …" asks each named park's own figure, which the sources give by name.
_UNITS_VI = r"doanh nghiep|dn|cong ty|nha may|co so|ho|nguoi|thanh vien|du an|giai phap"
_UNITS_EN = r"firms?|compan(?:y|ies)|enterprises?|plants?|households?|members?|projects?|solutions?"
_PER_ASKED = re.compile(
    rf"\b(?:trung binh|binh quan|average)\b"
    rf"|\b(?:moi|tung) (?P<vi>{_UNITS_VI})\b"
    rf"|\b(?:per|each) (?P<en>{_UNITS_EN})\b"
)
_PARKS = r"|kcn|khu cong nghiep|parks?"
# A sentence giving a figure per firm (or another unit asked): an average, "mỗi DN", "per firm", "/DN".
_PER_GIVEN = re.compile(
    rf"\b(?:trung binh|binh quan|average|mean)\b"
    rf"|(?:\b(?:moi|tung|per|each|a)\s+|/\s?)(?:{_UNITS_VI}|{_UNITS_EN}{_PARKS})\b"
)

# The units asked by name too ("những nhà máy nào", "which plants"): each one's figure, not an average.
_WHICH_UNITS = re.compile(r"\b(?:nhung|cac) UNIT nao\b|\bwhich UNIT\b")


def per_unit_asked(question: str) -> str | None:
    """What the question asks a figure per ("doanh nghiệp", "firm"; "" for a bare average), or
    ``None`` when it asks no such figure."""
    matches = list(_PER_ASKED.finditer(fold_accents(question).lower()))
    if not matches:
        return None
    return next((m.group("vi") or m.group("en") for m in matches if m.group("vi") or m.group("en")), "")


def per_unit_reason(question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]) -> str:
    """The reason to refuse an average or per-firm figure no relevant sentence gives ("" when one may)."""
    if shape.kind not in ("amount", "count"):
        return ""
    unit = per_unit_asked(question)
    if unit is None or (unit and _WHICH_UNITS.search(fold_accents(question).lower().replace(unit, "UNIT"))):
        return ""  # "có những nhà máy nào và công suất mỗi nhà máy …": each one's own figure, named
    valued = [c for c in relevant_sentences(candidates) if holds_figure(c.text, shape.years)]
    if not valued:
        return ""
    # The words of the rate ("trung bình mỗi") weigh little in coverage: a sentence giving a rate is
    # read a little further down than the relevant ones.
    best = max(c.coverage for c in candidates)
    near = [c for c in candidates if c.coverage >= PER_SENTENCE_SHARE * best and holds_figure(c.text, shape.years)]
    if any(_PER_GIVEN.search(fold_accents(c.text).lower()) for c in near):
        return ""
    default = "doanh nghiệp" if language == "vi" else "firm"
    return text_for(ONLY_TOTALS, language).format(unit=_unit_shown(question, unit) or default)


def _unit_shown(question: str, unit: str) -> str:
    """``unit`` as the question writes it (with its accents)."""
    if not unit:
        return ""
    folded = fold_accents(question).lower()
    at = re.search(rf"\b{re.escape(unit)}\b", folded)
    return question[at.start() : at.end()] if at and len(folded) == len(question) else unit
