"""Which of two is larger: "KCN Hiệp Phước hay KCN Amata có nhiều doanh nghiệp hơn?", "Is Nam Cau Kien
larger than Hiep Phuoc?".

Such a question is answered only when the passages give a figure of each side: the reports' "90 doanh
nghiệp … tại 3 KCN Hiệp Phước, Amata và Đình Vũ" is the three parks' figure, not Hiệp Phước's, and the
area of Nam Cầu Kiền (263 ha) says nothing of Hiệp Phước's. A side whose figure no sentence read gives
(on its own, not in a list with the other side) makes the question refused, saying whose figure is
missing.

Usage::

    names = compared_names(question)                       # ["Hiệp Phước", "Amata"]
    reason = compared_value_reason(question, language, candidates, snapshot)  # "" when both are given
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.figure_text import holds_figure
from kb.answer.refusal_checks import quoted_names
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.names import listed_with, name_forms, question_names
from kb.text.normalize import fold_accents

NOT_COMPARED = {
    "vi": "Các đoạn tìm được không nêu riêng con số của {names} để so sánh.",
    "en": "The passages found give no figure of {names} on its own to compare.",
}
# A comparative of quantity, folded: "nhiều … hơn", "rộng hơn", "more", "larger … than".
_MORE = re.compile(
    r"\b(?:nhieu|it|lon|rong|cao|thap|nho|dai|hieu qua|tiet kiem)\s+(?:[a-z]+\s+){0,5}?hon\b"
    r"|\b(?:more|fewer|less|larger|bigger|smaller|higher|lower|greater)\b"
)
# An area asked ("rộng hơn", "diện tích", "larger in area"): only an area answers it.
_AREA_ASKED = re.compile(r"\b(?:rong|dien tich|area|hectares?)\b")
_AREA = re.compile(r"\d\s*(?:ha|hecta|hectares?|km2|km²|m2|m²)\b")
# Where the two sides sit: "A hay B", "A or B", "hơn B", "than B", "A so với B", "giữa A và B".
_SIDE = r"(?:kcn |khu cong nghiep |the )?"


def compared_names(question: str) -> list[str]:
    """The two names a question compares by quantity ([] when it compares none)."""
    folded = " ".join(fold_accents(question).lower().split())
    if _MORE.search(folded) is None:
        return []
    names = [n for n in question_names(question) if len(n) > 2]
    compared = []
    for name in names:
        form = re.escape(" ".join(fold_accents(name).lower().split()))
        if re.search(
            rf"\b{form}\b,? (?:hay|or|so voi|compared)\b|\b(?:hay|or|hon|than|voi|va|and) {_SIDE}{form}\b", folded
        ):
            compared.append(name)
    if len(compared) == 1:
        # "A có rộng hơn B không?": the side before the comparative is the first name.
        first = next((n for n in names if n not in compared), None)
        compared = [first, *compared] if first else []
    return compared if len(compared) == 2 else []


def _names(text: str, name: str) -> bool:
    words = " ".join(re.findall(r"[\w&]+", fold_accents(text).lower()))
    return any(re.search(rf"\b{re.escape(form)}\b", words) for form in name_forms(name) if len(form) > 2)


def _gives_figure(candidate: SentenceCandidate, name: str, area: bool, title: str) -> bool:
    """Whether the sentence gives a figure (an area when ``area``) of ``name``: naming it on its own,
    or in a document whose ``title`` names it, naming no other park ("diện tích quy hoạch 263 ha" of
    the Nam Cầu Kiền case study)."""
    text = fold_accents(candidate.text).lower()
    if _names(candidate.text, name):
        # Named in a list with others, it has a figure of its own only right after it ("Ulsan Mipo
        # (4,033 ha), Banwol & Sihwa (3,180 ha)"), not the list's ("3 KCN Hiệp Phước, Amata và Đình Vũ").
        forms = [re.escape(f) for f in name_forms(name) if len(f) > 2]
        if listed_with(candidate.text, name) and not any(re.search(rf"\b{f}\W{{0,3}}\d", text) for f in forms):
            return False
    elif not _names(title, name) or re.search(r"\b(?:kcn|khu cong nghiep|industrial park)\s+[a-z]", text):
        return False
    return bool(_AREA.search(text)) if area else holds_figure(candidate.text, ())


def compared_value_reason(
    question: str, language: str, candidates: list[SentenceCandidate], snapshot: IndexSnapshot
) -> str:
    """Why the sentences read do not answer which of two is larger ("" when each side's figure is
    given, or the question compares nothing)."""
    names = compared_names(question)
    if not names or not candidates:
        return ""
    area = _AREA_ASKED.search(fold_accents(question).lower()) is not None
    titles = {
        c.document.id: str(snapshot.documents[str(c.document.meta["doc_id"])].info.get("title", "")) for c in candidates
    }
    missing = [n for n in names if not any(_gives_figure(c, n, area, titles[c.document.id]) for c in candidates)]
    if not missing:
        return ""
    return text_for(NOT_COMPARED, language).format(names=quoted_names(missing))
