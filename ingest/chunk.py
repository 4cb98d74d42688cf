"""The chunk record shared by the legal and the prose chunkers, and small helpers they share.

A chunk's *body* is always an exact slice of the text it was cut from
(``source[chunk.start:chunk.end]``), so a quote shown to a user can be checked against the
source. ``chunk.text`` is what gets indexed and quoted: for prose it equals the body; for a
piece of a legal article it is the article heading line, a newline, then the body (the
heading is carried so that every piece says which article it belongs to).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

PAGE_BREAK = "\f"

_WORD_RE = re.compile(r"\S+")

# Keys a provision dict may hold, outermost first.
PROVISION_KEYS: tuple[str, ...] = ("part", "chapter", "section", "article", "clause", "point")


@dataclass
class Chunk:
    """One retrievable piece of a document.

    Attributes:
        text: the text that is indexed and quoted. Prose: the body. Legal: the body, or
            the carried article heading + ``"\\n"`` + the body when the piece is not the
            whole article and does not itself start with the heading.
        page: 1-based page on which the body starts; ``None`` when the source has no page
            breaks (no ``"\\f"``).
        heading: nearest heading (prose) or article heading line (legal), if any.
        section_path: headings from outermost to innermost (prose), or provision path
            labels such as ``["Chương V", "Điều 37", "khoản 2"]`` (legal).
        locator: short human-readable position in Vietnamese ("Điều 37, khoản 2",
            "Điều 37", "Phần mở đầu", "tr. 3", or the heading for unpaged prose).
        provision: legal position, keys among ``PROVISION_KEYS`` (values are numbers as
            written, e.g. ``{"chapter": "V", "article": "37", "clause": "2"}``; a chunk
            holding several whole clauses or points uses an inclusive range ``"2-4"``).
            Empty for prose.
        start: offset of the body's first character in the source text.
        end: offset just after the body's last character in the source text.
    """

    text: str
    page: int | None
    heading: str | None
    section_path: list[str] = field(default_factory=list)
    locator: str = ""
    provision: dict[str, str] = field(default_factory=dict)
    start: int = 0
    end: int = 0

    def body(self, source: str) -> str:
        """The exact slice of ``source`` this chunk was cut from."""
        return source[self.start : self.end]

    @property
    def word_count(self) -> int:
        """Number of whitespace-separated tokens (Vietnamese syllables) in ``text``."""
        return count_words(self.text)


def count_words(text: str) -> int:
    """Whitespace-separated tokens: for Vietnamese that is syllables ("khu công nghiệp" = 3)."""
    return sum(1 for _ in _WORD_RE.finditer(text))


class PageIndex:
    """Maps character offsets to 1-based page numbers, pages being separated by ``"\\f"``."""

    def __init__(self, text: str) -> None:
        self._breaks = [i for i, ch in enumerate(text) if ch == PAGE_BREAK]
        self.paged = bool(self._breaks)

    def page_at(self, offset: int) -> int | None:
        """Page of the character at ``offset`` (a ``"\\f"`` belongs to the page it ends)."""
        if not self.paged:
            return None
        return bisect.bisect_left(self._breaks, offset) + 1

    @property
    def page_count(self) -> int:
        return len(self._breaks) + 1


# A source-comment header line: "# NGUỒN / SOURCE: …", "#   continuation", "# GIẤY PHÉP / LICENCE: …",
# "# NGÔN NGỮ: tiếng Việt" (an all-caps label followed by a colon).
_SOURCE_FIRST_RE = re.compile(r"^#.*(?:NGUỒN|SOURCE|LICEN[CS]E|GIẤY PHÉP)", re.IGNORECASE)


def split_source_header(text: str) -> tuple[str | None, str, int]:
    """Split a leading source-comment block off ``text``.

    The workshop corpus files start with provenance lines such as::

        # NGUỒN / SOURCE: Thông tư số 05/2025/TT-BKHĐT …
        #   https://…
        # GIẤY PHÉP / LICENCE: …

    The block is recognised when the first non-blank line starts with "#" and mentions
    NGUỒN / SOURCE / LICENCE / GIẤY PHÉP; it continues over the following consecutive
    lines that start with "#" and ends at the first line that does not (normally a blank
    line). A Markdown title after that blank line ("# Khu công nghiệp sinh thái") is body.

    Returns ``(header, body, offset)``: the header text (None when there is none), the
    body, and the offset of the body in ``text`` (``body == text[offset:]``).
    """
    position = 0
    # Skip leading blank lines.
    while position < len(text) and text[position] in "\n\f \t":
        position += 1
    first_end = _line_end(text, position)
    if not _SOURCE_FIRST_RE.match(text[position:first_end]):
        return None, text, 0
    header_start = position
    header_end = first_end
    position = first_end + 1
    while position < len(text):
        line_end = _line_end(text, position)
        if not text.startswith("#", position):
            break
        header_end = line_end
        position = line_end + 1
    body_start = header_end
    while body_start < len(text) and text[body_start] in "\n \t":
        body_start += 1
    return text[header_start:header_end], text[body_start:], body_start


def _line_end(text: str, start: int) -> int:
    """Offset of the first newline or page break at or after ``start`` (or ``len(text)``)."""
    ends = [i for i in (text.find("\n", start), text.find("\f", start)) if i != -1]
    return min(ends) if ends else len(text)
