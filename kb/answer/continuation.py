"""The rest of the source after an answer: what "còn gì nữa?" / "anything else?" asks for.

A list answer shows the items the first passage gives, a figure answer the sentence that holds
it; the other items and figures usually follow in the same passage or the next one. The
continuation quotes the sentences after the previous answer's quote in the cited passage, else the passage
that follows in the source, else the sentences before the quote. It never searches:
a "more" that the source does not continue is answered by the caller as a new question.

After a list answer that already quoted every item of the source's enumeration, "more" gets
the list again in full, led by a line saying the source lists nothing else: the sentences after
a complete list are about something else, and quoting them would read as more items. Likewise
after any answer whose continuation says much less of what was asked than its quotes did ("Phiên 2
…" after the whole of "Phiên 1 …"): the answer says the source moves on and quotes itself again.

Usage::

    previous = base.ask("Kể tên sáu đối tác chính của cộng sinh Kalundborg")
    more = continue_answer(base.snapshot, previous, "còn đối tác nào nữa không?", "vi")
"""

from __future__ import annotations

import re

from haystack import Document

from kb.answer.citations import citation_for, display_text, join_quotes
from kb.answer.cited_answer import Answer, Citation
from kb.answer.enumerations import Enumeration, inline_enumerations, line_enumerations
from kb.answer.evidence import chunk_sentences
from kb.answer.figure_text import holds_figure
from kb.answer.sentence_candidates import all_caps
from kb.answer.source_passages import next_passage, passages_around, stored_passage
from kb.index.snapshot import IndexSnapshot
from kb.query.question_shape import question_shape
from kb.text.normalize import fold_accents
from kb.text.stopwords import folded_stopwords

MAX_WORDS = 140  # about what one answer shows; "more" can be asked again
OTHER_ITEMS_WORDS = 240  # the other items of a list: a list is read whole
MAX_PASSAGES = 3
MIN_SENTENCE_WORDS = 3  # shorter spans are headings, labels and list markers

LEAD = {
    "vi": "Ngoài phần đã trích, nguồn viết tiếp:",
    "en": "Besides what was quoted, the sources go on (as written):",
}
COMPLETE_LEAD = {
    "vi": "Câu trả lời trên đã nêu đủ các mục nguồn liệt kê; nguồn không kể thêm mục nào. Nhắc lại đầy đủ:",
    "en": "The answer above already gives every item the source lists; it names no others. In full (as written):",
}
ABOUT_ALL_LEAD = {
    "vi": "Câu trả lời trên đã trích đủ phần nguồn nói về điều được hỏi; phần sau của nguồn nói về nội dung khác."
    " Nhắc lại:",
    "en": "The answer above already quotes what the source says about this; the source goes on about something"
    " else. Again (as written):",
}
OTHER_ITEMS_LEAD = {
    "vi": "Các mục khác trong cùng danh sách của nguồn:",
    "en": "The other items of the same list in the source (as written):",
}
# The continuation is about something else when it holds under this share of the question's words
# that the quotes held ("Phiên 2 …" after all of "Phiên 1 …", "C. HÒA KHÁNH …" after section B).
OFF_SUBJECT_SHARE = 0.5
MIN_COMPLETE_ITEMS = 2
_NEXT_LINE_ITEM = re.compile(r"\n[ \t]*[-–•*+][ \t]")
MIN_NAMED_ITEMS = 3  # a sentence's list that overrides the lines around it
MIN_HEADED_ITEMS = 3  # bullet lines under a heading that make a list
MAX_HEADING_WORDS = 6


def continue_answer(snapshot: IndexSnapshot, previous: Answer, question: str, language: str) -> Answer | None:
    """The sentences after ``previous``'s quotes in each passage it cited, else the passage after
    its first cited one, else the unquoted sentences before its first quote; None when
    ``previous`` was refused, cited no stored passage, or left nothing unquoted."""
    if previous.refused:
        return None
    cited: dict[str, tuple[Document, list[str]]] = {}
    for citation in previous.citations:
        if citation.chunk_id not in cited:
            document = _stored(snapshot, citation)
            if document is None:
                continue
            cited[citation.chunk_id] = (document, [])
        cited[citation.chunk_id][1].append(citation.quote)
    if not cited:
        return None
    if question_shape(previous.question).kind == "list":
        complete = _complete_lists(snapshot, previous.question, cited)
        if complete:
            return _restated(snapshot, question, complete, language)
    else:
        # Bullet lines under a heading of their own are a list too ("Classic exchanges"), but not
        # after a figure: a summary's bullets of figures are facts of every kind (see _off_subject).
        others = _other_items(snapshot, cited, language)
        if others is None and question_shape(previous.question).kind not in ("count", "amount", "date"):
            others = _other_items(snapshot, cited, language, headed=True)
            # … when they are about what was asked: "Early pilot set-up" is no further change of a
            # programme's phases, "Steam … sold to Novo Nordisk" is another use of the plant's output.
            if others is not None and _off_subject(previous.question, cited, [[c.quote for c in others[1]]]):
                others = None
        if others is not None:
            return Answer(question, others[0], False, language, others[1])
    parts: list[tuple[Document, list[str]]] = []
    for document, quotes in cited.values():
        after, _ = _unquoted(snapshot, document, quotes)
        if after:
            parts.append((document, after))
    first, quotes = next(iter(cited.values()))
    if not parts:
        following = next_passage(snapshot, first)
        if following is not None:
            parts = [(following, _sentences(snapshot, following))]
    if not parts or not parts[0][1]:
        parts = [(first, _unquoted(snapshot, first, quotes)[1])]
    if parts and parts[0][1] and _off_subject(previous.question, cited, [sentences for _, sentences in parts]):
        return _quoted_again(snapshot, question, cited, language)
    lines, citations, budget = [], [], MAX_WORDS
    for document, sentences in parts[:MAX_PASSAGES]:
        shown = _capped(sentences, budget if not citations else min(budget, MAX_WORDS // 2))
        if not shown:
            break
        budget -= sum(len(s.split()) for s in shown)
        quote = join_quotes(document.content or "", shown)
        marker = len(citations) + 1
        citations.append(citation_for(snapshot, document, marker, quote))
        lines.append(f"“{' '.join(display_text(s) for s in shown)}” [{marker}]")
    if not citations:
        return None
    return Answer(question, "\n".join([LEAD.get(language, LEAD["vi"]), *lines]), False, language, citations)


def _other_items(
    snapshot: IndexSnapshot, cited: dict[str, tuple[Document, list[str]]], language: str, *, headed: bool = False
) -> tuple[str, list[Citation]] | None:
    """After an answer quoting some items of a list of lines (criterion 4 of five), the others, before
    and after it, also across the passage boundaries that cut the list: what "còn tiêu chí nào
    khác?" asks. None when no quote holds part of such a list. ``headed``: bullet lines right under
    a heading line count as a list ("Classic exchanges" then "- Steam …", "- Flue-gas gypsum …")."""
    for document, quotes in cited.values():
        text = document.content or ""
        spans = [(at, at + len(q)) for q in quotes if (at := text.find(q)) >= 0]
        for enumeration in line_enumerations(text):
            held = [any(s < b and a < e for s, e in spans) for a, b in enumeration.items]
            # Numbered items only: bullet lines of a summary hold facts of every kind, not a list.
            if not any(held) or not (_numbered(text, enumeration) or (headed and _under_heading(text, enumeration))):
                continue
            groups = [(document, [r for r, h in zip(enumeration.items, held, strict=True) if not h])]
            around = passages_around(snapshot, document, before=1, after=1)
            at = next((i for i, d in enumerate(around) if d.id == document.id), 0)
            if at > 0 and not _text_before_item(text, enumeration):
                before = line_enumerations(around[0].content or "")
                if before and not (around[0].content or "")[before[-1].end :].strip():
                    groups.insert(0, (around[0], list(before[-1].items)))
            if at + 1 < len(around) and not text[enumeration.end :].strip():
                after = line_enumerations(around[at + 1].content or "")
                if after and _starts_with_item(around[at + 1].content or ""):
                    groups.append((around[at + 1], list(after[0].items)))
            if sum(len(items) for _, items in groups) + sum(held) < MIN_COMPLETE_ITEMS + 1:
                continue
            if not any(items for _, items in groups):
                return None  # every item quoted
            lines, citations, budget = [OTHER_ITEMS_LEAD.get(language, OTHER_ITEMS_LEAD["vi"])], [], OTHER_ITEMS_WORDS
            for passage, items in groups:
                content = passage.content or ""
                shown = _capped([content[a:b].strip() for a, b in items], budget)
                if not shown:
                    continue
                budget -= sum(len(t.split()) for t in shown)
                marker = len(citations) + 1
                citations.append(citation_for(snapshot, passage, marker, join_quotes(content, shown)))
                lines.extend(f"- {display_text(t)} [{marker}]" for t in shown)
            return ("\n".join(lines), citations) if citations else None
    return None


def _numbered(text: str, enumeration: Enumeration) -> bool:
    """Whether the enumeration's items are numbered or lettered ("4. …", "b) …")."""
    first = enumeration.items[0][0]
    line = text[text.rfind("\n", 0, first) + 1 : first]
    return re.match(r"\s*(?:\d{1,2}|[a-zđ])[.)]\s*$", line) is not None


def _under_heading(text: str, enumeration: Enumeration) -> bool:
    """Whether the enumeration's first line follows a heading line of its own: a few words, no
    sentence ("Classic exchanges", "Quantified benefits (cite with year)"), and has several items."""
    if len(enumeration.items) < MIN_HEADED_ITEMS:
        return False
    first = enumeration.items[0][0]
    start = text.rfind("\n", 0, first)
    if start < 0 or text[start + 1 : first].strip() not in "-–•*+":
        return False
    heading = text[text.rfind("\n", 0, start) + 1 : start].strip()
    return 0 < len(heading.split()) <= MAX_HEADING_WORDS and not heading.endswith((".", ":", ";"))


def _text_before_item(text: str, enumeration: Enumeration) -> bool:
    """Whether the passage says anything before the enumeration's first item (its lead, a heading)."""
    return bool(text[: text.rfind("\n", 0, enumeration.items[0][0]) + 1].strip()) or enumeration.lead[1] > enumeration.lead[0]


def _complete_lists(
    snapshot: IndexSnapshot, question: str, cited: dict[str, tuple[Document, list[str]]]
) -> list[tuple[Document, Enumeration]]:
    """The enumerations whose every item the quotes hold, one per cited passage; empty when a
    quoted enumeration goes on past the quotes (its next items are the "more") or one ends the
    passage and the next passage, not cited, starts with an item (a chunk boundary cut it).

    A list written inside a quoted sentence whose lead-in says what the question asks for
    ("implementation approach modules: (a) …; (g) …") is the answer's list even when the quote
    also takes in the first lines of a list of other things around it."""
    asked = _words(question)
    out = []
    for document, quotes in cited.values():
        text = document.content or ""
        spans = [(at, at + len(q)) for q in quotes if (at := text.find(q)) >= 0]
        inline = [e for start, end in spans for e in inline_enumerations(text, start, end)]
        named = [e for e in inline if len(e.items) >= MIN_NAMED_ITEMS and len(asked & _words(text[slice(*e.lead)])) >= 2]
        quoted = named[:1]
        # Otherwise the answer's list is a list of lines; a list inside one of its items is not it.
        for enumeration in [] if named else line_enumerations(text):
            held = [any(s <= a and b <= e for s, e in spans) for a, b in enumeration.items]
            if any(held) and not all(held):
                return []
            if all(held) and len(enumeration.items) >= MIN_COMPLETE_ITEMS:
                quoted.append(enumeration)
        if not quoted:
            continue
        best = max(quoted, key=lambda e: len(e.items))
        # A line list that ends its passage may go on in the next one; a sentence's list does not.
        following = None if named or text[best.end :].strip() else next_passage(snapshot, document)
        if following is not None and following.id not in cited and _starts_with_item(following.content or ""):
            return []
        out.append((document, best))
    return out


def _off_subject(question: str, cited: dict[str, tuple[Document, list[str]]], parts: list[list[str]]) -> bool:
    """Whether the continuation (the sentences following in each cited passage) says much less of what
    ``question`` asked than the quotes did; after a figure asked, whether no passage goes on with one
    (more figures are what "còn gì nữa?" asks then: "586,000 t CO2 saved" after the EMF benefits goes
    on, "Hợp phần chính sách: … (phát hành 7/2018)" does not)."""
    if question_shape(question).kind in ("count", "amount"):
        return not any(holds_figure(re.sub(r"\d+/\d+(?:/\d+)?", " ", p[0]), ()) for p in parts if p)
    following = parts[0]
    asked = _words(question)
    if not asked:
        return False
    quoted = _words(" ".join(q for _, quotes in cited.values() for q in quotes))
    after = _words(" ".join(_capped(following, MAX_WORDS)))
    return len(asked & after) < OFF_SUBJECT_SHARE * len(asked & quoted)


def _quoted_again(
    snapshot: IndexSnapshot, question: str, cited: dict[str, tuple[Document, list[str]]], language: str
) -> Answer:
    """The previous answer's quotes again, in full, after a line saying the source moves on."""
    lines = [ABOUT_ALL_LEAD.get(language, ABOUT_ALL_LEAD["vi"])]
    citations = []
    for marker, (document, quotes) in enumerate(cited.values(), start=1):
        text = document.content or ""
        spans = sorted((at, at + len(q)) for q in quotes if (at := text.find(q)) >= 0)
        shown = [text[a:b] for a, b in spans]
        citations.append(citation_for(snapshot, document, marker, join_quotes(text, shown)))
        lines.append(f"“{' '.join(display_text(q) for q in shown)}” [{marker}]")
    return Answer(question, "\n".join(lines), False, language, citations)


def _words(text: str) -> set[str]:
    """The folded words of ``text`` that are not function words."""
    return {w for w in re.findall(r"\w+", fold_accents(text.lower())) if w not in folded_stopwords()}


def _starts_with_item(text: str) -> bool:
    """Whether ``text`` opens with a list item (nothing before the first item's line)."""
    enumerations = line_enumerations(text)
    return bool(enumerations) and not text[: text.rfind("\n", 0, enumerations[0].items[0][0]) + 1].strip()


def _restated(
    snapshot: IndexSnapshot, question: str, lists: list[tuple[Document, Enumeration]], language: str
) -> Answer:
    """The complete lists again, every item in full, after a line saying there is nothing more."""
    lines = [COMPLETE_LEAD.get(language, COMPLETE_LEAD["vi"])]
    citations = []
    for marker, (document, enumeration) in enumerate(lists, start=1):
        text = document.content or ""
        citations.append(citation_for(snapshot, document, marker, text[enumeration.start : enumeration.end]))
        # A sentence's last item runs to the sentence end, which may take in the next bullet lines.
        lines.extend(f"- {display_text(_NEXT_LINE_ITEM.split(text[a:b])[0])} [{marker}]" for a, b in enumeration.items)
    return Answer(question, "\n".join(lines), False, language, citations)


def _stored(snapshot: IndexSnapshot, citation: Citation) -> Document | None:
    """The stored chunk ``citation`` quotes, as a passage with its row."""
    if not citation.chunk_id or citation.doc_id not in snapshot.documents:
        return None
    for row in snapshot.chunks_of(citation.doc_id):
        if snapshot.chunks[row].chunk_id == citation.chunk_id:
            return stored_passage(snapshot, row)
    return None


def _sentences(snapshot: IndexSnapshot, document: Document) -> list[str]:
    """The passage's sentences worth quoting, in order (no headings, no bare labels)."""
    chunk = snapshot.chunks[int(document.meta["row"])]
    out = []
    for start, end, *_ in chunk_sentences(chunk):
        sentence = chunk.text[start:end].strip()
        if len(sentence.split()) >= MIN_SENTENCE_WORDS and not all_caps(sentence):
            out.append(sentence)
    return out


def _unquoted(snapshot: IndexSnapshot, document: Document, quoted: list[str]) -> tuple[list[str], list[str]]:
    """The sentences of ``document`` that no quote holds: those after the last quote, those before."""
    text = document.content or ""
    spans = [(at, at + len(q)) for q in quoted if (at := text.find(q)) >= 0]
    last = max((end for _, end in spans), default=0)
    after, before = [], []
    for sentence in _sentences(snapshot, document):
        at = text.find(sentence)
        if any(at < end and at + len(sentence) > start for start, end in spans):
            continue
        (after if at >= last else before).append(sentence)
    return after, before


def _capped(sentences: list[str], budget: int) -> list[str]:
    """The first sentences up to about ``budget`` words (at least one while there is a budget)."""
    out, words = [], 0
    for sentence in sentences:
        if budget <= 0 or (out and words + len(sentence.split()) > budget):
            break
        out.append(sentence)
        words += len(sentence.split())
    return out
