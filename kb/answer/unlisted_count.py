"""A list asked of things the documents only count: say so instead of quoting the count.

"Bộ 23 chỉ số … gồm những chỉ số cụ thể nào?" is not answered by "áp dụng thử nghiệm bộ 23 chỉ số
khu công nghiệp sinh thái": the reports give how many indicators there are, not which. When no list
answers a list question and the best sentence gives a number of the very things asked for, the
answer is a refusal that says what is given and what is not.

A question that states how many there are ("12 cơ hội cộng sinh … cụ thể là những cơ hội nào?") is
not answered by a list of far fewer items either: the bullets of a note about the 12 opportunities,
or a sentence naming three guests, are not the 12 (:func:`short_of_stated`).

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
from kb.answer.shaped_answers import ListAnswer
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
STATED_SHARE = 0.5  # a list of fewer than this share of the items the question says there are is not them
MIN_STATED = 4  # "hai KCN", "3 phiên": a list that short is checked item by item, not by its length


def stated_count(question: str) -> int | None:
    """How many of the asked things the question says there are ("12 co hoi … nhung co hoi nao" ->
    12), None when it states no number of them."""
    kind = asked_things(question)
    if not kind:
        return None
    numbers = _counts(" ".join(fold_accents(normalize_query(question)).lower().split()), unit_forms(kind))
    return int(numbers.pop()) if len(numbers) == 1 else None


def _counts(folded: str, forms: list[str]) -> set[str]:
    """The numbers right before the things ("bộ 23 chỉ số", "15 dự án"), not a part's number before
    other words ("Phiên 2 có chủ đề") nor a year ("năm 2019 dự án")."""
    return {
        m.group(1)
        for form in forms
        for m in re.finditer(rf"(?<![\w/.,])(\d+)\s+{re.escape(form)}\b", folded)
        if not re.fullmatch(r"(?:19|20)\d\d", m.group(1))
    }


def short_of_stated(question: str, shown: ListAnswer | SentenceCandidate | None) -> bool:
    """Whether a list answer (or a sentence listing items inside itself) falls far short of the
    number of things the question states."""
    stated = stated_count(question)
    if shown is None or stated is None or stated < MIN_STATED:
        return False
    items, more = shown_items(shown)
    return len(items) + more < STATED_SHARE * stated


def shown_items(shown: ListAnswer | SentenceCandidate) -> tuple[list[str], int]:
    """The items a list answer shows (with the parts carried on in the next passages) and how many
    more it leaves out; for a sentence, the items of the longest list inside it."""
    if isinstance(shown, ListAnswer):
        items, more, part = [], 0, shown
        while part is not None:
            items, more, part = items + part.items, more + part.more, part.continuation
        return items, more
    text = shown.document.content or ""
    enumerations = inline_enumerations(text, shown.start, shown.end)
    longest = max(enumerations, key=lambda e: len(e.items)).items if enumerations else ()
    return [text[a:b] for a, b in longest], 0


def asked_things(question: str) -> str:
    """The folded noun of the things a list question asks for ("chi so", "projects"), or ""."""
    folded = " ".join(fold_accents(normalize_query(question)).lower().split())
    match = _ASKED_VI.search(folded) or _ASKED_EN.search(folded)
    if match is None or match.group(1) in _NO_KIND:
        return ""
    return match.group(1)


def _listed(
    forms: list[str], best: SentenceCandidate, candidates: list[SentenceCandidate], least: float = 0
) -> bool:
    """Whether a sentence scoring near the best lists things of that kind inside itself: the words
    just before its items name the kind ("KCN tham gia: Đình Vũ, …", "các KCN được thí điểm lựa chọn
    là: …"), or two of its items start with it ("KCN DEEP C (Hải Phòng), KCN Amata (Đồng Nai)")."""
    patterns = [re.compile(rf"\b{re.escape(f)}\b") for f in forms]
    for candidate in candidates:
        if candidate.score < LISTING_SHARE * best.score:
            continue
        text = candidate.document.content or ""
        for enumeration in inline_enumerations(text, candidate.start, candidate.end):
            if len(enumeration.items) < least:
                continue
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
    numbers = _counts(text, forms)
    stated = stated_count(question)
    if stated is not None and str(stated) in numbers:
        numbers = {str(stated)}  # "12 cơ hội … trong đó 03 cơ hội mới": the 12 the question asks about
    least = STATED_SHARE * stated if stated is not None else 0
    if len(numbers) != 1 or _listed(forms, best, candidates, least):
        return ""
    shown = original_words(question, kind) or kind
    return text_for(ONLY_COUNTED, language).format(count=numbers.pop(), kind=shown)
