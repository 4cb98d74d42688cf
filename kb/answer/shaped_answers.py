"""Answers shaped by the question: every item of a list; the sentences that give the reasons.

- :func:`find_list`: for a list question, the enumeration that the best-matching sentences lead or
  belong to (:mod:`kb.answer.enumerations`), with every item (up to :data:`MAX_LIST_ITEMS`, then
  "… and N more").
- :func:`find_series`: for a list question, the paragraphs of a series written as parallel
  paragraphs ("Phiên 1 với chủ đề …", "Phiên 2 có chủ đề …"), across the document's passages.
- :func:`list_continuation`: the rest of a list cut by a chunk boundary, from the next passage.
- :func:`reason_span`: for a why / how / benefits / difficulties question, the best sentence and
  the sentences around it that carry the reasons: the one before when the best draws a conclusion
  from it or refers back to it ("Vì vậy, …", "Trong đó, …"), and the following ones of the same
  paragraph, within a word budget (a larger one for a sentence spelling out the best: "Cụ thể là: …").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from haystack import Document

from kb.answer.enumerations import (
    Enumeration,
    inline_enumerations,
    line_enumerations,
    other_in_series,
    series_label,
    series_paragraphs,
)
from kb.answer.sentence_candidates import HEADING_PENALTY, SentenceCandidate, all_caps
from kb.answer.sentence_selection import ELABORATES, MAX_ELABORATED_WORDS, REFERS_BACK
from kb.query.terms import vietnamese_equivalents
from kb.text.normalize import fold_accents

MAX_LIST_ITEMS = 10
MAX_ITEM_WORDS = 60
SHORTEN_SLACK = 1.25  # an item up to this share over MAX_ITEM_WORDS is shown whole
MAX_LEAD_WORDS = 45
LIST_SENTENCES = 5  # best sentences whose enumerations are considered
MAX_REFERENT_STEPS = 2  # sentences back to what a run referring back is about
MIN_SERIES_ITEMS = 3  # paragraphs of a series ("Phiên 1 …", "Phiên 2 …") that make it a list
MIN_SCORE_SHARE = 0.5  # …when they score at least this share of the best one
SPAN_MAX_SENTENCES = 4
SPAN_MAX_WORDS = 120
QUOTED_MAX_WORDS = 220  # a speaker's quotation, whole when it runs on over sentences
# A sentence adding another reason or difficulty to the one before ("Mặt khác, …", "Moreover, …"):
# the span goes on to it as to one spelling out what the best sentence announces.
ADDS_REASON = re.compile(
    r"^\W*(?:mặt khác|ngoài ra|bên cạnh đó|thêm vào đó|hơn nữa|đồng thời|moreover|in addition|besides|furthermore)\b",
    re.IGNORECASE,
)

# A sentence drawing a conclusion from the ones before ("Vì vậy, …", "Therefore, …"): the reasons are
# the sentences before it in its paragraph.
CONCLUDES = re.compile(
    r"^\W*(?:vì vậy|vì thế|do đó|do vậy|bởi vậy|chính vì|therefore|thus|hence|as a result|consequently)\b",
    re.IGNORECASE,
)
CONCLUSION_REACH = 2  # sentences before the one that a conclusion leans on, besides the one just before


@dataclass
class ListAnswer:
    """An enumeration of one passage, ready to show."""

    document: Document
    lead: str  # the lead-in as written ("" when it is a heading or absent)
    items: list[str]  # as written, up to MAX_LIST_ITEMS (long ones shortened with "…")
    more: int  # items not shown
    quote: str  # the verbatim span of the passage from the lead (or first item) to the last item shown
    end: int = 0  # offset in the passage where the enumeration ends
    continuation: ListAnswer | None = None  # the same list carried on in the next passage


def _words(text: str) -> int:
    return len(text.split())


def _shorten(text: str, limit: int) -> str:
    """``text`` cut after ``limit`` words, unless little would be cut: the last words of an item
    often carry what was asked ("… gồm DEEP C Hải Phòng I, II, III và 2 KCN ở Quảng Ninh")."""
    words = text.split()
    return text if len(words) <= limit * SHORTEN_SLACK else " ".join(words[:limit]) + " …"


def _enumeration_led_by(candidate: SentenceCandidate) -> Enumeration | None:
    """The list of lines (numbered, lettered, bulleted) that the sentence introduces: its lead-in
    line, or a sentence ending with ":" right before the first item. A list written inside one
    sentence is shown as that sentence (it holds every item already); a sentence that is itself an
    item answers as a sentence (the question may ask about that item, not the whole list)."""
    text = candidate.document.content or ""
    for enumeration in line_enumerations(text):
        lead_start, lead_end = enumeration.lead
        leads = lead_end > lead_start and lead_start <= candidate.start < lead_end
        introduces = candidate.text.rstrip().endswith(":") and not text[
            candidate.end : enumeration.items[0][0]
        ].strip(" \t\n:")
        if leads or introduces:
            return enumeration
    return None


def find_list(candidates: list[SentenceCandidate]) -> ListAnswer | None:
    """The list that answers a list question: the one introduced by one of the best-matching
    sentences (the heading of a list often scores below its first item). Tried and dropped: a bonus
    for sentences that lead a list of lines (+0.1) — it found more lists on the shapes set and lost
    two domain questions to a strongly-worded heading of another document."""
    ranked = _list_sentences(candidates)
    if not ranked:
        return None
    # The list must come from the passage holding the best sentence.
    passage = ranked[0].document
    for candidate in ranked:
        if candidate.document is not passage:
            continue
        enumeration = _enumeration_led_by(candidate)
        if enumeration is not None:
            return shown_list(candidate.document, enumeration)
    return None


def shown_list(document: Document, enumeration: Enumeration) -> ListAnswer:
    """``enumeration`` of ``document`` ready to show: its lead-in (not a heading) and items."""
    text = document.content or ""
    lead = text[enumeration.lead[0] : enumeration.lead[1]].strip()
    if all_caps(lead) or _words(lead) > MAX_LEAD_WORDS:
        lead = ""
    shown = enumeration.items[:MAX_LIST_ITEMS]
    items = [_shorten(" ".join(text[a:b].split()), MAX_ITEM_WORDS) for a, b in shown]
    start = enumeration.lead[0] if lead else shown[0][0]
    return ListAnswer(document, lead, items, len(enumeration.items) - len(shown), text[start : shown[-1][1]], enumeration.end)


def list_begun_before(
    candidates: list[SentenceCandidate], passages_around: Callable[[Document, int, int], list[Document]]
) -> ListAnswer | None:
    """For a list question whose best sentence is an item of a numbered list that a chunk boundary
    cut ("4. …", "5. …" opening the passage; "TIÊU CHÍ …", "1. …" to "3. …" ending the one before):
    the list from its start in the previous passage (its continuation is found as for any list)."""
    ranked = _list_sentences(candidates)
    if not ranked:
        return None
    best = ranked[0]
    text = best.document.content or ""
    for enumeration in line_enumerations(text):
        first = enumeration.items[0][0]
        if not enumeration.covers(best.start, best.end) or text[: text.rfind("\n", 0, first) + 1].strip():
            continue  # the best is in no list opening the passage
        number = _item_number(text, first)
        around = passages_around(best.document, 1, 0)
        if number is None or number < 2 or len(around) < 2:
            return None
        previous = around[0].content or ""
        begun = line_enumerations(previous)
        if begun and not previous[begun[-1].end :].strip() and _item_number(previous, begun[-1].items[-1][0]) == number - 1:
            return shown_list(around[0], begun[-1])
    return None


def numbered_lists(
    candidates: list[SentenceCandidate], about: Callable[[Document], str], kind: str
) -> list[tuple[Document, Enumeration]]:
    """The numbered lists ("1. …", "2. …") of the passages read, best passage first, that are of the
    ``kind`` a question asks an item of ("tiêu chí"): named by their lead-in or by what ``about``
    says of their passage (the title)."""
    found: list[tuple[Document, Enumeration]] = []
    seen: set[int] = set()
    for candidate in sorted(candidates, key=lambda c: -c.score):
        document = candidate.document
        if id(document) in seen:
            continue
        seen.add(id(document))
        text = document.content or ""
        for enumeration in line_enumerations(text):
            lead = text[enumeration.lead[0] : enumeration.lead[1]]
            if _item_number(text, enumeration.items[0][0]) is None:
                continue
            if kind and kind not in fold_accents(f"{lead} {about(document)}").lower():
                continue
            found.append((document, enumeration))
    return found


def numbered_item(lists: list[tuple[Document, Enumeration]], place: int) -> ListAnswer | None:
    """Item number ``place`` of the first of ``lists`` that has it (:func:`numbered_lists`): for a
    question asking for one item whose list no best sentence leads (a chunk boundary cut it from
    its heading)."""
    for document, enumeration in lists:
        text = document.content or ""
        for start, end in enumeration.items:
            if _item_number(text, start) == place:
                item = _shorten(" ".join(text[start:end].split()), MAX_ITEM_WORDS)
                return ListAnswer(document, "", [item], 0, text[start:end], end)
    return None


def numbered_list_length(lists: list[tuple[Document, Enumeration]]) -> int | None:
    """The number of the last item of the first of ``lists`` that ends inside its passage (text
    follows it: the list is whole there), None when each may go on in the next passage."""
    for document, enumeration in lists:
        text = document.content or ""
        if text[enumeration.end :].strip():
            return _item_number(text, enumeration.items[-1][0])
    return None


# A sentence holding a list inside it ("các KCN được thí điểm lựa chọn là: KCN DEEP C, KCN Amata, …")
# joins the answer to a list question, next to the passage's better-worded context sentence, when it
# scores at least this share of the best.
INLINE_LIST_SHARE = 0.6


def inline_list_sentence(candidates: list[SentenceCandidate]) -> SentenceCandidate | None:
    """For a list question that no list of lines answers: the best sentence of the best passage
    that lists items inside itself, when the best sentence does not. It is added to the answer,
    not put in the best one's place: the best may name items the listing one leaves out
    (measured on probe 3: list-item recall 0.933 when put in its place, 0.960 when added)."""
    ranked = _list_sentences(candidates)
    if not ranked or INLINE_LIST_SHARE > 1.0:
        return None
    best = ranked[0]
    if inline_enumerations(best.document.content or "", best.start, best.end):
        return None  # the best sentence lists its items itself
    for candidate in ranked[1:]:
        if candidate.document is not best.document or candidate.score < INLINE_LIST_SHARE * best.score:
            continue
        if inline_enumerations(candidate.document.content or "", candidate.start, candidate.end):
            return candidate
    return None


def _list_sentences(candidates: list[SentenceCandidate]) -> list[SentenceCandidate]:
    """The best-matching sentences whose list may answer a list question: the first
    ``LIST_SENTENCES``, while they score at least ``MIN_SCORE_SHARE`` of the best."""
    # Here a heading counts for what it says: it is the list's lead-in, not an answer sentence.
    score = {id(c): c.score + (HEADING_PENALTY if all_caps(c.text) else 0.0) for c in candidates}
    ranked = sorted(candidates, key=lambda c: -score[id(c)])[:LIST_SENTENCES]
    return [c for c in ranked if score[id(c)] >= MIN_SCORE_SHARE * score[id(ranked[0])]]


def find_series(
    question: str, candidates: list[SentenceCandidate], passages_around: Callable[[Document], list[Document]]
) -> ListAnswer | None:
    """For a list question whose best sentences include a paragraph of a series written as parallel
    paragraphs ("Phiên 2 có chủ đề …", "Phase 1 …"), every paragraph of the series, from the
    document's passages around it (``passages_around``: in source order), one part per passage.
    Not when the question names one of them ("Phiên 6 có những tham luận nào?", "phiên thứ năm")."""
    # An English question names the series by its Vietnamese equivalent ("sessions": "phiên").
    equivalents = [v for options in vietnamese_equivalents(question) for v in options]
    folded = fold_accents("\n".join([question, *equivalents])).lower()
    ranked = _list_sentences(candidates)
    if not ranked:
        return None
    # A question naming the series' kind ("các phiên thảo luận", "the phases") asks for the series:
    # any paragraph of it in the best sentence's document will do, not only the best-matching ones.
    # Named as one ("phiên về khu vực tư nhân", "the closing session") it asks for that paragraph.
    same_document = [c for c in candidates if c.document.meta.get("doc_id") == ranked[0].document.meta.get("doc_id")]
    named = [
        (c, how)
        for c in sorted(same_document, key=lambda c: -c.score)
        if (label := series_label(c.text)) is not None and (how := kind_named(question, folded, label[0])) is not None
    ]
    if any(how == ONE for _, how in named):
        return None  # one paragraph asked for: kb.answer.series_member raised it
    named_kind = [c for c, _ in named]
    best = ranked[0]
    inline = inline_enumerations(best.document.content or "", best.start, best.end)
    if not named_kind and any(len(e.items) >= MIN_SERIES_ITEMS for e in inline):
        return None  # the best sentence lists what is asked itself ("Phiên 6 …, với các nội dung: …")
    for candidate in [*ranked, *named_kind]:
        # From the document of the best sentence, as a list is from its passage.
        if candidate.document.meta.get("doc_id") != ranked[0].document.meta.get("doc_id"):
            continue
        label = series_label(candidate.text)
        if label is None:
            continue
        name = re.escape(fold_accents(label[0]).lower())
        if re.search(rf"\b{name}\s+(?:\d|thu\b)", folded):
            continue
        numbers: set[int] = set()
        found: list[tuple[Document, list[tuple[int, int]]]] = []
        for passage in passages_around(candidate.document):
            spans = []
            for number, span in series_paragraphs(passage.content or "", label[0]):
                if number not in numbers:  # a paragraph repeated by overlapping passages counts once
                    numbers.add(number)
                    spans.append(span)
            if spans:
                found.append((passage, spans))
        if len(numbers) < MIN_SERIES_ITEMS or label[1] not in numbers:
            continue
        parts: list[ListAnswer] = []
        room = MAX_LIST_ITEMS
        for passage, spans in found:
            shown = spans[:room]
            if not shown:
                break
            text = passage.content or ""
            items = [_shorten(" ".join(text[a:b].split()), MAX_ITEM_WORDS) for a, b in shown]
            start, lead = shown[0][0], ""
            if not parts:
                start, lead = _series_count(text, shown[0][0], label[0]) or (start, "")
            parts.append(ListAnswer(passage, lead, items, 0, text[start : shown[-1][1]], shown[-1][1]))
            room -= len(shown)
        parts[-1].more = len(numbers) - (MAX_LIST_ITEMS - room)
        for part, following in pairwise(parts):
            part.continuation = following
        return parts[0]
    return None


def _series_count(text: str, before: int, label: str) -> tuple[int, str] | None:
    """The sentence before a series' first paragraph in its passage that counts its paragraphs ("Dự
    kiến, sẽ có 6 phiên thảo luận tại Hội thảo; …" before "Phiên 1 …"): its start and text."""
    counted = re.compile(rf"\b\d{{1,2}}\s+{re.escape(fold_accents(label).lower())}\b")
    found = None
    for match in re.finditer(r"[^.!?\n]+(?:[.!?]+|$)", text[:before]):
        if counted.search(fold_accents(match.group(0)).lower()):
            found = (match.start() + len(match.group(0)) - len(match.group(0).lstrip()), match.group(0).strip())
    return found


MANY, ONE = "many", "one"
# Words before a kind that make it many ("các phiên", "năm phiên đầu", "mấy phiên", "mỗi phiên").
_MANY_BEFORE = r"(?:cac|nhung|may|bao nhieu|moi|tung|hai|ba|bon|nam|sau|bay|tam|chin|muoi|\d+)"


def kind_named(question: str, folded: str, label: str) -> str | None:
    """How a question names a series' kind (``label``, "Phiên"): as many (:data:`MANY`: "các phiên",
    "the sessions"), as one not numbered (:data:`ONE`: "phiên về khu vực tư nhân", "phiên cuối",
    "the closing session"), or not at all (None; also when only numbered: "phiên 4", "phiên thứ năm").
    ``folded``: the question with its Vietnamese equivalents, folded and lower-cased."""
    name = re.escape(fold_accents(label).lower())
    mentions = list(re.finditer(rf"\b{name}\b(?!\s+(?:\d|thu\b))", folded))
    if not mentions:
        return None
    if re.search(rf"\b{_MANY_BEFORE}\s+{name}\b", folded):
        return MANY
    # An English question names the kind in English: plural or not as written ("sessions": "phiên").
    english = [
        options[-1]
        for options in vietnamese_equivalents(question, with_term=True)
        if any(fold_accents(v).lower() == fold_accents(label).lower() for v in options[:-1])
    ]
    if english:
        return MANY if any(term.endswith("s") or _plural_after(term, question) for term in english) else ONE
    return ONE


def _plural_after(term: str, question: str) -> bool:
    """ "What session topics were lined up …?": the kind before a plural noun asks them all."""
    after = re.search(rf"\b{re.escape(term.lower())}\s+([a-z]{{3,}}s)\b", question.lower())
    return after is not None and after.group(1) not in ("does", "was", "has", "is", "this", "thus")


_NUMBER = re.compile(r"[ \t]*\(?(\d{1,2})[.)]")


def _item_number(text: str, offset: int) -> int | None:
    """The number of the item whose line holds ``offset`` ("4. …" → 4), None for bullets."""
    line_start = text.rfind("\n", 0, offset) + 1
    match = _NUMBER.match(text, line_start)
    return int(match.group(1)) if match else None


def list_continuation(listed: ListAnswer, following: Document) -> ListAnswer | None:
    """The rest of ``listed`` when the passage ends with it and the document's next passage starts
    with the next items ("1. … 3." here, "4. … 5." there: a chunk boundary cut the list)."""
    text = listed.document.content or ""
    if listed.more or text[listed.end :].strip():
        return None
    following_text = following.content or ""
    enumerations = line_enumerations(following_text)
    if not enumerations:
        return None
    nxt = enumerations[0]
    if following_text[: following_text.rfind("\n", 0, nxt.items[0][0]) + 1].strip():
        return None  # the next passage does not start with the list's next item
    last_number = _item_number(text, listed.end - 1)
    first_number = _item_number(following_text, nxt.items[0][0])
    if last_number is not None and first_number != last_number + 1:
        return None
    shown = nxt.items[: max(0, MAX_LIST_ITEMS - len(listed.items))]
    if not shown:
        return None
    items = [_shorten(" ".join(following_text[a:b].split()), MAX_ITEM_WORDS) for a, b in shown]
    return ListAnswer(
        following, "", items, len(nxt.items) - len(shown), following_text[shown[0][0] : shown[-1][1]], nxt.end
    )


def reason_span(
    best: SentenceCandidate, candidates: list[SentenceCandidate], next_sentences: list[SentenceCandidate] = ()
) -> list[SentenceCandidate]:
    """The best sentence with the neighbours that carry the reasons, in source order. ``next_sentences``:
    the sentences of the next passage of the source, which the span reaches when its passage ends and
    the next one opens by adding to it ("Đồng thời, Dự án cũng đã đề xuất …")."""
    passage = sorted((c for c in candidates if c.same_passage(best)), key=lambda c: c.index)
    by_index = {c.index: c for c in passage}
    text = best.document.content or ""
    chosen = [best]
    words = best.words
    previous = by_index.get(best.index - 1)
    if previous is not None and REFERS_BACK.match(best.text) and not all_caps(previous.text):
        chosen.insert(0, previous)
        words += previous.words
        if CONCLUDES.match(best.text):
            for _ in range(CONCLUSION_REACH):
                earlier = by_index.get(chosen[0].index - 1)
                if (
                    earlier is None
                    or all_caps(earlier.text)
                    or "\n\n" in text[earlier.end : chosen[0].start]
                    or words + earlier.words > SPAN_MAX_WORDS
                ):
                    break
                chosen.insert(0, earlier)
                words += earlier.words
    last = best
    opening = min(next_sentences, key=lambda c: c.index, default=None)
    while len(chosen) < SPAN_MAX_SENTENCES and last.same_passage(best):
        following = by_index.get(last.index + 1)
        if following is None:
            # The passage has ended: the next one goes on with its first sentence when that adds to the
            # span; the span ends there.
            if opening is None or last.index != passage[-1].index or not ADDS_REASON.match(opening.text):
                break
            following = opening
        elif "\n\n" in text[last.end : following.start]:
            break
        if all_caps(following.text) or other_in_series(best.text, following.text):
            break  # a heading, or the next paragraph of a series ("Phiên 4 …" after "Phiên 3 …")
        # A quotation left open goes on in the next sentence ("… cho biết: “UNIDO … Chúng tôi hy vọng …”").
        quoted = sum(c.text.count("“") - c.text.count("”") for c in chosen) > 0
        continues = ELABORATES.match(following.text) or ADDS_REASON.match(following.text)
        budget = QUOTED_MAX_WORDS if quoted else MAX_ELABORATED_WORDS if continues else SPAN_MAX_WORDS
        if words + following.words > budget:
            break
        chosen.append(following)
        words += following.words
        last = following
    # The best sentence ends its paragraph ("Thời gian tới, BQL … cam kết … chuyển đổi thành khu công
    # nghiệp sinh thái."): the reasons led up to it ("Trong đó, … là ưu tiên hàng đầu.").
    if (
        chosen == [best]
        and previous is not None
        and not all_caps(previous.text)
        and not other_in_series(best.text, previous.text)  # "Phiên 1 …" before "Phiên 2 …": another item
        and "\n\n" not in text[previous.end : best.start]
        and words + previous.words <= SPAN_MAX_WORDS
    ):
        chosen.insert(0, previous)
    return chosen


def with_referents(chosen: list[SentenceCandidate], candidates: list[SentenceCandidate]) -> list[SentenceCandidate]:
    """``chosen`` (in source order) with the sentence before each run of them that starts by referring
    back ("Trong đó, …", "Vì vậy, …"): quoted alone, such a run does not say what it is about."""
    by_place = {(id(c.document), c.index): c for c in candidates}
    picked = {id(c) for c in chosen}
    result: list[SentenceCandidate] = []
    for candidate in chosen:
        # Back as far as the sentence that says what they are about ("Đây là …" after "… năm 2016, Bộ
        # … tổ chức Hội thảo …"), a few steps at most.
        added: list[SentenceCandidate] = []
        current = candidate
        for _ in range(MAX_REFERENT_STEPS):
            previous = by_place.get((id(current.document), current.index - 1))
            if (
                previous is None
                or id(previous) in picked
                or not REFERS_BACK.match(current.text)
                or all_caps(previous.text)
            ):
                break
            added.insert(0, previous)
            picked.add(id(previous))
            current = previous
        result.extend(added)
        result.append(candidate)
    return result
