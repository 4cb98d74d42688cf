"""The non-blank lines of a text with their offsets, and what separates each from the line before.

One walk over the text serves the prose chunker (:mod:`ingest.prose_chunker`: paragraphs, pages)
and the legal structure parser (:mod:`ingest.legal_lines`: headings after a blank line). Both "\\n"
and "\\f" end a line; an empty line ended by "\\n" is a blank line, a line ended by "\\f" a page
break. Each reader decides which of the two starts a paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class TextLine:
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str  # stripped text
    first: bool  # the first non-blank line read
    blank_before: bool  # an empty line ended by "\n" since the previous non-blank line
    page_before: bool  # a line ended by "\f" since the previous non-blank line


def text_lines(text: str, start: int = 0) -> Iterator[TextLine]:
    """The non-blank lines of ``text`` from offset ``start``, in order."""
    first, blank, page = True, False, False
    position = start
    length = len(text)
    while position <= length:
        end = position
        while end < length and text[end] not in "\n\f":
            end += 1
        raw = text[position:end]
        stripped = raw.strip()
        if stripped:
            line_start = position + len(raw) - len(raw.lstrip())
            yield TextLine(line_start, line_start + len(stripped), stripped, first, blank, page)
            first, blank, page = False, False, False
        if end < length:
            if text[end] == "\f":
                page = True
            elif not stripped:
                blank = True
        position = end + 1
