"""Sentence-aware chunking of prose (articles, reports, factsheets, web pages).

Rules, in order of strength:

1. A chunk never crosses a page break ("\\f") and never holds two sections: a heading
   starts a new chunk. Consecutive headings with no text between them stay together at the
   top of the next chunk, so a heading never ends a chunk (the only heading-only chunk is a
   heading with no text after it on its page).
2. Chunks are made of whole sentences (underthesea ``sent_tokenize``, with fixes for
   URLs, closing brackets/quotes and false splits before a lower-case word); a sentence
   longer than ``max_words`` is cut at word boundaries into near-equal pieces.
3. Within a page/section, chunk sizes aim at ``min_words``..``max_words`` words and
   prefer to break between paragraphs (and list items) over breaking between sentences.
   The best split is found by dynamic programming. A tail shorter than ``min_words``
   merges into the previous chunk of the same page/section when the result stays within
   ``max_words * 1.2``.

Words are whitespace-separated tokens (Vietnamese syllables); the heading lines that open
a chunk are not counted in its size. A chunk shorter than
``min_words`` happens only when its page/section is shorter than that, or when the
sentence sizes leave no other choice.

Headings are Markdown ATX lines ("# Title", "## Sub") when the text has any; otherwise
(plain text, PDF) a short title-like line — starting with a capital, at most 15 words
(20 in capitals), at most one comma, no final punctuation, after a blank line or at the
top of a page, and followed on the same page by a body line (not title-like; a list item,
a line ending a sentence, or 8+ words) — counts as a level-1 heading. A line repeated
on three or more pages (running header) is not a heading.

The body of every chunk is an exact slice of the input text
(``text[chunk.start:chunk.end] == chunk.text``); the heading is carried in
``chunk.heading`` / ``chunk.section_path``, not prepended. A leading source-comment
block ("# NGUỒN / SOURCE: …", see :func:`split_source_header`) is metadata and is left
out of the chunks.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ingest.chunk import Chunk, PageIndex, count_words, split_source_header
from ingest.text_lines import text_lines

__all__ = ["Chunk", "chunk_prose", "sentence_spans", "split_source_header", "split_span"]

_ATX_RE = re.compile(r"^(#{1,6})\s+(\S.*?)(?:\s+#+)?\s*$")
_LIST_ITEM_RE = re.compile(r"^(?:[-•*+–—]\s|\d{1,3}[.)]\s|[a-zđ][.)]\s|\(\d{1,3}\)\s?|[IVX]{1,4}\.\s)")
_NUMBERED_TITLE_RE = re.compile(r"^(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)[.)]\s+")
_FINAL_PUNCT = tuple(".,;:!?…")
_BODY_END = tuple('.!?:;…"”)]')
_CLOSERS = ')]}”’"»›'
_WORD_RE = re.compile(r"\S+")
_CLOSED_END_RE = re.compile(r"[.!?…][)\]”’\"»]+\s+(?=\S)")
# Abbreviations that a number follows ("Project No. 100052", "Fig. 3", "tr. 12"): no sentence ends there.
_NUMBER_ABBREVIATION_RE = re.compile(r"(?:^|\s)(?:No|Nos|no|Fig|Figs|Vol|Art|Ch|Sec|Tab|Ref|Eq|p|pp|tr|Số)\.\s+$")

# Packing costs (see _pack).
_CHUNK_COST = 1.0
_SENTENCE_BREAK_COST = 2.0
_MID_SENTENCE_BREAK_COST = 4.0
_SHORT_COST = 8.0
_OVERFLOW_COST = 1.5
TAIL_OVERFLOW = 1.2


@dataclass
class _Line:
    start: int
    end: int
    text: str
    gap_before: bool  # blank line, page break or start of text before it
    new_page: bool  # a page break separates it from the previous line
    page: int | None


@dataclass
class _Unit:
    start: int
    end: int
    words: int
    para_start: bool  # a paragraph or list item starts here
    mid_sentence: bool = False  # a piece of an over-long sentence, not its first
    heading: tuple[int, str] | None = None  # (level, title) for a heading line
    page: int | None = None


# -- sentences ------------------------------------------------------------------------------------


def _sent_tokenize(text: str) -> list[str]:
    from underthesea import sent_tokenize  # imported lazily: loading underthesea takes seconds

    return sent_tokenize(text)


_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as ``(start, end)`` offsets into ``text``.

    The spans cover every non-space character of the range, in order. underthesea's
    splits are corrected: no split inside a token ("vncpc.org"), closing brackets and
    quotes stay with the sentence they close, and no sentence starts with a lower-case
    letter (an abbreviation such as "Tp." or "PGS.TS" mid-sentence) nor with a number after an
    abbreviation that numbers follow ("Project No. 100052").
    """
    end = len(text) if end is None else end
    piece = text[start:end]
    first = len(piece) - len(piece.lstrip())
    if first == len(piece):
        return []
    boundaries: list[int] = []
    position = first
    try:
        sentences = _sent_tokenize(piece)
    except Exception:  # the tokenizer is a heuristic; never let it break ingestion
        sentences = []
    for sentence in sentences:
        sentence = sentence.strip()
        if not sentence:
            continue
        index = piece.find(sentence, position)
        if index < 0:
            break
        if index > first:
            boundaries.append(index)
        position = index + len(sentence)
    # underthesea keeps "… 2015.) Next" and "“Xin chào.” Rồi" together: split after a
    # sentence end followed by closing brackets/quotes when a capital follows.
    for match in _CLOSED_END_RE.finditer(piece, first):
        following = piece[match.end() : match.end() + 2]
        if following[:1].isupper() or (following[:1] in '(“"‘«[' and following[1:].isupper()):
            boundaries.append(match.end())
    # A blank line ends a sentence: a heading or a date line above a paragraph ("12 11 2021",
    # "Hội thảo Giới thiệu mô hình …") is not the paragraph's first sentence.
    boundaries.extend(m.end() for m in _PARAGRAPH_BREAK_RE.finditer(piece, first))
    boundaries.sort()
    fixed: list[int] = []
    for boundary in boundaries:
        b = boundary
        if not piece[b - 1].isspace():
            continue  # "vncpc.|org": not a sentence end
        while b < len(piece) and piece[b] in _CLOSERS:
            b += 1
        if b != boundary:
            while b < len(piece) and piece[b].isspace():
                b += 1
            if b >= len(piece):
                continue
        if piece[b].islower():
            continue
        if piece[b].isdigit() and _NUMBER_ABBREVIATION_RE.search(piece, 0, b):
            continue
        if not fixed or b > fixed[-1]:
            fixed.append(b)
    starts = [first, *fixed]
    spans: list[tuple[int, int]] = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(piece)
        while e > s and piece[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((start + s, start + e))
    return spans


# -- lines, headings, units -------------------------------------------------------------------------


def _lines(text: str, start: int, pages: PageIndex) -> list[_Line]:
    # A blank line or a page break starts a paragraph; so does the start of the text.
    return [
        _Line(
            line.start,
            line.end,
            line.text,
            line.first or line.blank_before or line.page_before,
            line.page_before,
            pages.page_at(line.start),
        )
        for line in text_lines(text, start)
    ]


def _title_shaped(line: str) -> bool:
    """A short title-like line: capital first letter, no final punctuation, few commas."""
    if _LIST_ITEM_RE.match(line) and not _NUMBERED_TITLE_RE.match(line):
        return False
    if line.endswith(_FINAL_PUNCT) or line.count(",") > 1 or "://" in line:
        return False
    body = _NUMBERED_TITLE_RE.sub("", line, count=1)
    if not body[:1].isalpha() or not body[:1].isupper():
        return False
    words = len(line.split())
    letters = [ch for ch in line if ch.isalpha()]
    caps = bool(letters) and not any(ch.islower() for ch in letters)
    return words <= (20 if caps else 15)


def _body_like(line: str) -> bool:
    """A line that can follow a heading: a list item, a sentence end, or a long line."""
    return bool(_LIST_ITEM_RE.match(line)) or line.endswith(_BODY_END) or len(line.split()) >= 8


def _headings(lines: list[_Line]) -> dict[int, tuple[int, str]]:
    """Index of heading lines -> (level, title)."""
    atx = {i: m for i, line in enumerate(lines) if (m := _ATX_RE.match(line.text))}
    if atx:
        return {i: (len(m.group(1)), m.group(2).strip()) for i, m in atx.items()}
    pages_of: dict[str, set[int | None]] = {}
    for line in lines:
        pages_of.setdefault(line.text, set()).add(line.page)
    counts = Counter({text: len(pages) for text, pages in pages_of.items()})
    found: dict[int, tuple[int, str]] = {}
    for i, line in enumerate(lines):
        if not line.gap_before or i + 1 >= len(lines):
            continue
        following = lines[i + 1]
        if following.new_page or not _title_shaped(line.text):
            continue
        if _title_shaped(following.text) or not _body_like(following.text):
            continue
        if counts[line.text] >= 3:
            continue  # running header/footer
        found[i] = (1, line.text)
    return found


def _split_long(unit: _Unit, text: str, max_words: int) -> list[_Unit]:
    """Cut a sentence longer than ``max_words`` into near-equal pieces at word boundaries."""
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text, unit.start, unit.end)]
    pieces = math.ceil(len(words) / max_words)
    size = math.ceil(len(words) / pieces)
    out: list[_Unit] = []
    for k in range(0, len(words), size):
        group = words[k : k + size]
        out.append(
            _Unit(
                group[0][0],
                group[-1][1],
                len(group),
                para_start=unit.para_start and k == 0,
                mid_sentence=k > 0,
                page=unit.page,
            )
        )
    return out


def _units(
    text: str, lines: list[_Line], headings: dict[int, tuple[int, str]], max_words: int
) -> list[_Unit]:
    """Headings, then sentences of paragraphs / list items, in order."""
    units: list[_Unit] = []
    block: list[_Line] = []

    def flush() -> None:
        if not block:
            return
        first = True
        for s, e in sentence_spans(text, block[0].start, block[-1].end):
            unit = _Unit(s, e, count_words(text[s:e]), para_start=first, page=block[0].page)
            first = False
            units.extend(_split_long(unit, text, max_words) if unit.words > max_words else [unit])
        block.clear()

    for i, line in enumerate(lines):
        if i in headings:
            flush()
            units.append(
                _Unit(line.start, line.end, count_words(line.text), True, heading=headings[i], page=line.page)
            )
            continue
        if line.gap_before or (i - 1) in headings or _LIST_ITEM_RE.match(line.text):
            flush()
        block.append(line)
    flush()
    return units


# -- packing -----------------------------------------------------------------------------------------


def _pack(
    units: list[_Unit], min_words: int, max_words: int, tail_overflow: float = TAIL_OVERFLOW
) -> list[tuple[int, int]]:
    """Best split of ``units`` into chunks, as (first, last + 1) unit index ranges.

    Cost per chunk: 1, plus 2 when it ends between sentences of one paragraph (4 inside a
    sentence), plus 8 * (shortfall / min_words)² when shorter than ``min_words`` (unless it
    is the whole run), plus 1.5 when the last chunk exceeds ``max_words`` (allowed up to
    ``max_words * tail_overflow``). A chunk may not end with a heading unless it is the last one;
    the headings that open a chunk are not counted in its size.
    """
    n = len(units)
    if n == 0:
        return []
    prefix = [0]
    for unit in units:
        prefix.append(prefix[-1] + unit.words)
    # Words of the headings that open a chunk starting at j: they do not count towards
    # the size (a heading is carried context, and must not end up alone).
    lead = [0] * (n + 1)
    for j in range(n - 1, -1, -1):
        lead[j] = units[j].words + lead[j + 1] if units[j].heading is not None else 0
    best = [math.inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for i in range(1, n + 1):
        if i < n and units[i - 1].heading is not None:
            continue  # a heading never ends a chunk that has text after it
        limit = max_words * tail_overflow if i == n else max_words
        if i == n or units[i].para_start:
            brk = 0.0
        elif units[i].mid_sentence:
            brk = _MID_SENTENCE_BREAK_COST
        else:
            brk = _SENTENCE_BREAK_COST
        for j in range(i - 1, -1, -1):
            words = prefix[i] - prefix[j] - min(lead[j], prefix[i] - prefix[j])
            if words > limit and i - j > 1 and lead[j] == 0:
                break
            if words > limit and i - j > 1:
                continue
            if best[j] == math.inf:
                continue
            cost = best[j] + _CHUNK_COST + brk
            if words < min_words and not (j == 0 and i == n):
                cost += _SHORT_COST * ((min_words - words) / min_words) ** 2
            if words > max_words and i - j > 1:
                cost += _OVERFLOW_COST
            if cost < best[i]:
                best[i], back[i] = cost, j
    if best[n] == math.inf:  # cannot happen (single units are always allowed); be safe
        return [(k, k + 1) for k in range(n)]
    ranges: list[tuple[int, int]] = []
    i = n
    while i > 0:
        ranges.append((back[i], i))
        i = back[i]
    return ranges[::-1]


def split_span(text: str, start: int, end: int, *, min_words: int, max_words: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into pieces of whole sentences (paragraph breaks preferred).

    Page breaks are not boundaries here (used for legal provisions) and no piece exceeds
    ``max_words`` (no tail overflow). Returns exact ``(start, end)`` offsets covering every
    non-space character of the range.
    """
    pages = PageIndex("")
    lines = [line for line in _lines(text[:end], start, pages) if line.start < end]
    units = _units(text, lines, {}, max_words)
    packed = _pack(units, min(min_words, max_words), max_words, tail_overflow=1.0)
    return [(units[a].start, units[b - 1].end) for a, b in packed]


# -- public entry point ------------------------------------------------------------------------------------


def chunk_prose(text: str, *, min_words: int = 120, max_words: int = 300) -> list[Chunk]:
    """Cut prose into sentence-aligned chunks of about ``min_words``..``max_words`` words.

    Offsets refer to ``text`` itself; a leading source-comment block is skipped (get it
    with :func:`split_source_header`). ``chunk.page`` is None for unpaged text;
    ``chunk.locator`` is "tr. N" for paged text, else the heading ("" before any heading).
    """
    if not text or not text.strip():
        return []
    max_words = max(1, max_words)
    min_words = max(0, min(min_words, max_words))
    _, _, body_start = split_source_header(text)
    pages = PageIndex(text)
    lines = _lines(text, body_start, pages)
    headings = _headings(lines)
    units = _units(text, lines, headings, max_words)

    chunks: list[Chunk] = []
    stack: list[tuple[int, str]] = []
    segment: list[_Unit] = []
    segment_path: list[str] = []

    def emit() -> None:
        if not segment:
            return
        heading = segment_path[-1] if segment_path else None
        for a, b in _pack(segment, min_words, max_words):
            start, end = segment[a].start, segment[b - 1].end
            page = segment[a].page
            locator = f"tr. {page}" if page is not None else (heading or "")
            chunks.append(
                Chunk(
                    text=text[start:end],
                    page=page,
                    heading=heading,
                    section_path=list(segment_path),
                    locator=locator,
                    provision={},
                    start=start,
                    end=end,
                )
            )
        segment.clear()

    for unit in units:
        has_text = any(u.heading is None for u in segment)
        if segment and (unit.page != segment[-1].page or (unit.heading is not None and has_text)):
            emit()
        if unit.heading is not None:
            level, title = unit.heading
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
        if not segment or unit.heading is not None:
            segment_path = [title for _, title in stack]
        segment.append(unit)
    emit()
    return _absorb_leading_fragment(text, chunks, min_words)


def _absorb_leading_fragment(text: str, chunks: list[Chunk], min_words: int) -> list[Chunk]:
    """A few words before the first heading (a date line, a byline) join the next chunk.

    On its own such a fragment ("12 11 2021") is useless to search and to cite.
    """
    if len(chunks) < 2:
        return chunks
    first, second = chunks[0], chunks[1]
    tiny = first.word_count < max(1, min(30, min_words // 4))
    if not (tiny and first.heading is None and first.page == second.page):
        return chunks
    merged = Chunk(
        text=text[first.start : second.end],
        page=second.page,
        heading=second.heading,
        section_path=list(second.section_path),
        locator=second.locator,
        provision={},
        start=first.start,
        end=second.end,
    )
    return [merged, *chunks[2:]]
