"""A list asked of things the documents only count: say so instead of quoting the count.

"Bộ 23 chỉ số … gồm những chỉ số cụ thể nào?" is not answered by "áp dụng thử nghiệm bộ 23 chỉ số
khu công nghiệp sinh thái": the reports give how many indicators there are, not which. When no list
answers a list question and the best sentence gives a number of the very things asked for, the
answer is a refusal that says what is given and what is not.

Usage::

    reason = unlisted_count_reason(question, language, candidates)
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.constraint_checks import original_words
from kb.answer.enumerations import inline_enumerations
from kb.answer.refusal_checks import unit_forms
from kb.answer.sentence_candidates import SentenceCandidate
from kb.text.normalize import fold_accents, normalize_query

ONLY_COUNTED = {
    "vi": "Các đoạn tìm được chỉ nêu số lượng ({count} {kind}), không liệt kê từng {kind}.",
    "en": "The passages found give how many {kind} there are ({count}), not which.",
}
# The things a list question asks for, folded: "gồm những chỉ số (cụ thể) nào", "là những dự án
# nào", "which projects", "what are the indicators".
_ASKED_VI = re.compile(r"\bnhung ((?:[a-z]+ ){0,1}[a-z]+) (?:cu the |khac |con lai )?nao\b")
_ASKED_EN = re.compile(r"\b(?:which|what)(?: (?:are|were) the(?: \d+)?)? ([a-z]+s)\b")
LISTING_SHARE = 0.4  # a listing sentence this close to the best may be where the items are
LEAD_CHARS = 30  # "KCN tham gia: …": the kind said just before the items
# Words that name no kind of thing: "những gì", "những ai", "những nội dung nào" is any content.
_NO_KIND = frozenset({"gi", "ai", "noi dung", "van de", "thong tin", "diem", "yeu to", "things", "ones"})


def asked_things(question: str) -> str:
    """The folded noun of the things a list question asks for ("chi so", "projects"), or ""."""
    folded = " ".join(fold_accents(normalize_query(question)).lower().split())
    match = _ASKED_VI.search(folded) or _ASKED_EN.search(folded)
    if match is None or match.group(1) in _NO_KIND:
        return ""
    return match.group(1)


def _listed(forms: list[str], best: SentenceCandidate, candidates: list[SentenceCandidate]) -> bool:
    """Whether a sentence scoring near the best lists things of that kind inside itself: the words
    just before its items name the kind ("KCN tham gia: Đình Vũ, …", "các KCN được thí điểm lựa chọn
    là: …"), or two of its items start with it ("KCN DEEP C (Hải Phòng), KCN Amata (Đồng Nai)")."""
    patterns = [re.compile(rf"\b{re.escape(f)}\b") for f in forms]
    for candidate in candidates:
        if candidate.score < LISTING_SHARE * best.score:
            continue
        text = candidate.document.content or ""
        for enumeration in inline_enumerations(text, candidate.start, candidate.end):
            first = enumeration.items[0][0]
            lead = fold_accents(text[max(candidate.start, first - LEAD_CHARS) : first]).lower()
            starts = [fold_accents(text[a:b]).lower().strip() for a, b in enumeration.items]
            if any(p.search(lead) for p in patterns) or sum(
                any(p.match(item) for p in patterns) for item in starts
            ) >= 2:
                return True
    return False


def unlisted_count_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """The reason to refuse a list question (no list found) whose best sentence gives a number of
    the things asked for and names none of them: "" when it does not count them."""
    kind = asked_things(question)
    if not kind or not candidates:
        return ""
    best = max(candidates, key=lambda c: c.score)
    text = fold_accents(best.text).lower()
    forms = unit_forms(kind)  # "indicators": also "chỉ số"
    # The number right before the things ("bộ 23 chỉ số", "15 dự án"), not a
    # part's number before other words ("Phiên 2 có chủ đề") nor a year ("năm 2019 dự án").
    numbers = {
        m.group(1)
        for form in forms
        for m in re.finditer(rf"(?<![\w/.,])(\d+)\s+{re.escape(form)}\b", text)
        if not re.fullmatch(r"(?:19|20)\d\d", m.group(1))
    }
    if len(numbers) != 1 or _listed(forms, best, candidates):
        return ""
    shown = original_words(question, kind) or kind
    return text_for(ONLY_COUNTED, language).format(count=numbers.pop(), kind=shown)
