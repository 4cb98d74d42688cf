"""A figure asked of one member alone: "riêng KCN Hiệp Phước có bao nhiêu giải pháp?", "How much did
GEF alone contribute?".

The question itself says the sources may give a figure for the whole (663 solutions over three parks;
EUR 24 million for all Kalundborg partners) and asks for one member's part. A sentence holding a figure
but not naming that member gives the whole, not the part: the question is refused, saying whose figure
is missing (issue 15: "the reports give the total for the three parks, not Amata's share").

Usage::

    reason = member_alone_reason(question, language, shape, candidates)  # "" when one may answer
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.refusal_checks import holds_figure, quoted_names, relevant_sentences, unit_forms
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.names import listed_with, name_forms
from kb.query.question_shape import QuestionShape
from kb.query.unit_counts import counted_numbers
from kb.text.normalize import fold_accents

NOT_ALONE = {
    "vi": "Các đoạn tìm được không nêu riêng con số của {names}, chỉ có con số chung.",
    "en": "The passages found give no figure for {names} alone, only a figure for the whole.",
}

# "riêng (của / ở / tại / cho) X …" up to what the question goes on to ask; folded, lower case.
_RIENG = re.compile(r"\brieng (?:cua |o |tai |cho |phan )?(?:(?:kcn|khu cong nghiep|cong ty|doanh nghiep) )?(.+)")
_RIENG_END = re.compile(
    r"(?:^|\s+)(?:co|da|dong gop|tiet kiem|duoc|dat|la|va|bao nhieu|thi|trong|tu|nam|giai doan|moi nam|hang nam"
    r"|rong|dien tich|quy mo)\b"  # "riêng DEEP C Hải Phòng III rộng bao nhiêu ha"
    r"|[,?;(]"
)
# "X alone": the capitalised words before it ("GEF alone", "the Ulsan Mipo complex alone").
_ALONE = re.compile(r"((?:[A-Z][\w&'-]*\s+)+)(?:(?:complex|park|plant|company|site)\s+)?alone\b")


# "Of the 41 solutions …, how many were for Hoa Khanh?": the part of a whole the question names, asked
# of one member (one to four capitalised words at the end).
_OF_THE = re.compile(
    r"^(?:[Oo]f|[Oo]ut of|[Aa]mong)\s+(?:the|these|those|all)\b.*\bhow (?:many|much)\b.*\b(?:for|in|at|to|by|from)\s+"
    r"(?:the\s+)?((?:[A-Z][\w&'-]*\s*){1,4}?)(?:\s+(?:park|industrial park|site|plant|company|alone))?\s*\??$"
)


def member_asked_alone(question: str) -> str:
    """The member a figure is asked for alone, as written ("" when none is)."""
    english = _ALONE.search(question) or _OF_THE.search(question.strip())
    if english:
        return english.group(1).strip()
    folded = fold_accents(question).lower()
    match = _RIENG.search(folded)
    if match is None:
        return ""
    rest = match.group(1)
    end = _RIENG_END.search(rest)
    member = rest[: end.start()] if end else rest
    if not member.strip() or len(member.split()) > 5:  # "deep c hai phong iii"
        return ""  # "riêng tiết kiệm nước và …": a part of a figure, not a member
    start = match.start(1)
    return question[start : start + len(member)].strip()


def member_alone_reason(
    question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]
) -> str:
    """Why no relevant sentence gives the figure of the member asked alone ("" when one may)."""
    if shape.kind not in ("count", "amount") or not candidates:
        return ""
    member = member_asked_alone(question)
    if not member:
        return ""
    forms = [f for f in name_forms(member) if len(f) > 2]
    valued = [c for c in relevant_sentences(candidates) if holds_figure(c.text, shape.years)]
    if not valued or not forms:
        return ""
    # A number of what a count counts ("dự án" in either language) is given there: a sentence naming the
    # member with its area ("Ulsan Mipo (4,033 ha …)") or dates of its training gives no number of projects.
    # Nor does a sentence naming it in a list with others ("41 giải pháp … cho 5 khu công nghiệp (Hiệp
    # Phước, Amata, Đình Vũ, Hòa Khánh và Trà Nóc)"): its figure is the list's.
    units = [u for unit in shape.units if shape.kind == "count" and unit != "%" for u in unit_forms(unit)]
    for candidate in valued:
        text = fold_accents(candidate.text).lower()
        folded = " ".join(re.findall(r"[\w&]+", text))
        named = any(re.search(rf"\b{re.escape(f)}\b", folded) for f in forms)
        alone = not listed_with(candidate.text, member)
        if named and alone and (not units or any(counted_numbers(text, u) for u in units)):
            return ""
    return text_for(NOT_ALONE, language).format(names=quoted_names([member]))
