"""Parse the provision structure of a Vietnamese legal text.

The tree is Part (Phần) / Chapter (Chương) / Section (Mục) / Article (Điều) /
Clause (khoản) / Point (điểm). Every node carries its exact span in the original text
(``text[node.start:node.end] == node.text``) and the page it starts on (pages are
separated by ``"\\f"``).

Real layouts are messy (PDF hard line wraps, in-text references such as "theo Điều 9" or a
wrapped line beginning "Điều 15 Luật Đầu tư;"), so a line only opens a provision when it
looks like a heading *and* fits the numbering so far:

- Article: a line starting "Điều N." / "Điều N:" followed by nothing or a capitalised
  title, or "Điều N Title" (no punctuation) whose title does not start like a reference
  ("Luật …", "Nghị định …") and does not end with "," or ";". Numbers go forward: the
  same or a lower number is text, except a clear heading after a blank line. A heading
  needs the previous line to end a sentence (or be a heading, or a blank line before it)
  unless it is exactly the next article number. The all-caps banner form of compilations
  ("ĐIỀU 9 — Điều kiện …", "ĐIỀU 38 khoản 2 — …", "ĐIỀU 4.") is always a heading, in any
  order (excerpt compilations are not in article order); its qualifier ("khoản 2") is kept
  in ``note``; ``find`` returns the first article with a number. An article title continues
  on the next line when that line starts in lower case or the title ends with a connecting
  word ("… của Bộ Kế hoạch và" / "Đầu tư").
- Clause: "1." / "1)" / "(1)" at line start, one style per article, numbers increasing
  (the next number, or a small gap after a line that ends a sentence); a date or year at
  line start ("2018. …") is not a clause.
- Point: "a)" / "a." at line start inside a clause (or directly inside an article), in
  Vietnamese alphabet order (a b c d đ e g h i k l m n o p q r s t u v x y).
- Chapter / Section / Part: "Chương V", "Mục 2", "Phần thứ nhất" alone on their line or
  followed by punctuation or an all-caps title; the title may continue on the next lines.
- In compilations, a banner between two rule lines ("=====") that is not an article starts
  a "block" node, which ends the previous article (so an appended example is not quoted as
  part of the article).

Text before the first structural element (header, title, recitals "Căn cứ …") is the
preamble. Bullets ("- …") are not points: they have no letter to cite; they stay in the
text of their clause.

The nodes are :class:`ingest.legal_tree.LegalNode` (re-exported here); the tests on single lines
live in :mod:`ingest.legal_lines`.
"""

from __future__ import annotations

import re

from ingest.chunk import PageIndex
from ingest.legal_header import detect_legal_header
from ingest.legal_lines import (
    RULE_RE,
    is_caps,
    is_reference,
    number_value,
    roman,
    split_lines,
    starts_upper,
    trim_end,
    trim_start,
)
from ingest.legal_tree import LEVELS, POINT_LETTERS, LegalDocument, LegalNode

__all__ = ["LEVELS", "POINT_LETTERS", "LegalDocument", "LegalNode", "parse_legal_text"]

_ARTICLE_BANNER_RE = re.compile(r"^ĐIỀU\s+(\d{1,4})([A-ZĐa-zđ]?)(?![\w.,]\d)\s*(.*)$")
_ARTICLE_DOT_RE = re.compile(r"^Điều\s+(\d{1,4})([a-zđ]?)\s*([.:])(?!\d)\s*(.*)$")
_ARTICLE_SPACE_RE = re.compile(r"^Điều\s+(\d{1,4})([a-zđ]?)\s+(\S.*)$")
_CHAPTER_RE = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLCDM]+|\d{1,3})(?![\w])\s*(.*)$")
_SECTION_RE = re.compile(r"^(?:Mục|MỤC)\s+([IVXLC]+|\d{1,3})(?![\w])\s*(.*)$")
_PART_RE = re.compile(r"^(?:Phần|PHẦN)\s+((?:thứ|THỨ)\s+[^\s.:,;]+|[IVXLC]+|\d{1,2})(?![\w])\s*(.*)$")
_CLAUSE_RES = (
    ("dot", re.compile(r"^(\d{1,3})\.(?!\d)\s*(.*)$")),
    ("paren", re.compile(r"^(\d{1,3})\)\s*(.*)$")),
    ("enclosed", re.compile(r"^\((\d{1,3})\)\s*(.*)$")),
)
_POINT_RES = (
    ("paren", re.compile(r"^([a-zđ])\)\s*(.*)$")),
    ("dot", re.compile(r"^([a-zđ])\.\s+(.*)$")),
)
_PAGE_NUMBER_RE = re.compile(r"^[-–—\s]*(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
# Characters that end a sentence or a list item: the next line may start a provision.
_CLEAN_END = tuple('.;:!?)]”"»…’')
# A title line ending with one of these words continues on the next line.
_CONNECTOR_WORDS = (
    "và của về các cho trong với đối tại theo hoặc những để từ đến được là có trên dưới "
    "sau trước giữa bằng nhằm thuộc"
)
_CONNECTORS = frozenset(_CONNECTOR_WORDS.split())


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.pages = PageIndex(text)
        self.roots: list[LegalNode] = []
        self.stack: list[LegalNode] = []
        self.last_article: tuple[int, str] | None = None
        self.last_value: dict[str, int | None] = {"part": None, "chapter": None, "section": None}
        self.clause_style: str | None = None
        self.last_clause: int | None = None
        self.point_style: str | None = None
        self.last_point: int | None = None
        self.started = False

    # -- context -------------------------------------------------------------------
    def prev_ok(self, i: int) -> bool:
        """The previous line ends a sentence, is a heading, or a blank line separates them."""
        if self.lines[i].gap_before:
            return True
        j = i - 1
        while j >= 0 and _PAGE_NUMBER_RE.match(self.lines[j].text):
            j -= 1
        if j < 0:
            return True
        prev = self.lines[j]
        return prev.heading or prev.text.endswith(_CLEAN_END) or RULE_RE.match(prev.text) is not None

    def open_node(self) -> dict[str, LegalNode | None]:
        kinds: dict[str, LegalNode | None] = {k: None for k in LEVELS}
        for node in self.stack:
            kinds[node.kind] = node
        return kinds

    def is_structural(self, i: int) -> bool:
        text = self.lines[i].text
        return bool(
            _ARTICLE_BANNER_RE.match(text)
            or _ARTICLE_DOT_RE.match(text)
            or _CHAPTER_RE.match(text)
            or _SECTION_RE.match(text)
            or _PART_RE.match(text)
        )

    # -- tree building ---------------------------------------------------------------
    def push(self, kind: str, number: str, title: str, heading: str, i: int, heading_last: int) -> LegalNode:
        line = self.lines[i]
        level = LEVELS[kind]
        while self.stack and LEVELS[self.stack[-1].kind] >= level:
            self.close(self.stack.pop(), line.start)
        parent = self.stack[-1] if self.stack else None
        node = LegalNode(
            kind=kind,
            number=number,
            title=title,
            heading=heading,
            start=line.start,
            end=len(self.text),
            heading_end=self.lines[heading_last].end,
            page=self.pages.page_at(line.start),
            parent=parent,
        )
        (parent.children if parent else self.roots).append(node)
        self.stack.append(node)
        for k in range(i, heading_last + 1):
            self.lines[k].heading = kind not in ("clause", "point")
            self.lines[k].consumed = k > i
        self.started = True
        return node

    def close(self, node: LegalNode, end: int) -> None:
        node.end = max(trim_end(self.text, node.start, end), node.heading_end)
        node.heading_end = min(node.heading_end, node.end)
        node.text = self.text[node.start : node.end]
        node.end_page = self.pages.page_at(max(node.start, node.end - 1))

    # -- headings with titles on following lines -----------------------------------------
    def title_lines(self, i: int, same_line_title: str) -> tuple[str, int]:
        """Title continuation of the heading on line ``i``: (full title, last heading line)."""
        parts = [same_line_title] if same_line_title else []
        last = i
        j = i + 1
        caps_mode = is_caps(same_line_title) if same_line_title else None
        while j < len(self.lines) and len(parts) < 4:
            line = self.lines[j]
            if self.is_structural(j) or RULE_RE.match(line.text):
                break
            if not parts:
                if is_caps(line.text):
                    caps_mode = True
                elif (
                    starts_upper(line.text)
                    and len(line.text.split()) <= 20
                    and not line.text.endswith((".", ";", ","))
                ):
                    caps_mode = False
                else:
                    break
            else:
                if line.gap_before:
                    break
                wrapped = line.text[:1].islower()
                if not ((caps_mode and is_caps(line.text)) or wrapped):
                    break
                if parts[-1].endswith((".", ";", ":")):
                    break
            parts.append(line.text)
            last = j
            j += 1
        return " ".join(parts), last

    def article_title(self, i: int, title: str) -> tuple[str, int]:
        """Article titles continue on the next line (PDF wrap) when it starts in lower case,
        or when the title so far ends with a connecting word ("… của Bộ Kế hoạch và")."""
        last = i
        j = i + 1
        parts = [title] if title else []
        while j < len(self.lines) and len(parts) < 3 and title:
            line = self.lines[j]
            if line.gap_before or self.is_structural(j):
                break
            words = parts[-1].split()
            dangling = bool(words) and words[-1] in _CONNECTORS and len(line.text.split()) <= 12
            if not (line.text[:1].islower() or dangling):
                break
            if any(regex.match(line.text) for _, regex in _POINT_RES):
                break
            if parts[-1].endswith((".", ";", ":")):
                break
            parts.append(line.text)
            last = j
            j += 1
        return " ".join(parts), last

    # -- line handlers -------------------------------------------------------------------
    def try_part(self, i: int) -> bool:
        return self._try_division(i, "part", _PART_RE)

    def try_chapter(self, i: int) -> bool:
        return self._try_division(i, "chapter", _CHAPTER_RE)

    def try_section(self, i: int) -> bool:
        return self._try_division(i, "section", _SECTION_RE)

    def _try_division(self, i: int, kind: str, regex: re.Pattern[str]) -> bool:
        match = regex.match(self.lines[i].text)
        if not match:
            return False
        number, rest = match.group(1), match.group(2).strip()
        if kind != "part" and not number.isdigit() and roman(number) is None:
            return False
        if rest and rest[0] in ".:-–—":
            rest = rest[1:].strip()
        elif rest and not is_caps(rest):
            return False
        if rest.endswith((",", ";")) or ";" in rest or len(rest.split()) > 25:
            return False
        value = number_value(number)
        last = self.last_value[kind]
        if value is not None and last is not None and value <= last:
            return False
        if not self.prev_ok(i) and not (value is not None and last is not None and value == last + 1):
            return False
        if kind == "part":
            number = re.sub(r"\s+", " ", number.lower()) if number.lower().startswith("thứ") else number
        title, heading_last = self.title_lines(i, rest)
        heading = " ".join(line.text for line in self.lines[i : heading_last + 1])
        self.push(kind, number, title, heading, i, heading_last)
        self.last_value[kind] = value
        # Lower divisions restart their numbering.
        for lower in ("part", "chapter", "section"):
            if LEVELS[lower] > LEVELS[kind]:
                self.last_value[lower] = None
        return True

    def try_article(self, i: int) -> bool:
        line = self.lines[i]
        banner = _ARTICLE_BANNER_RE.match(line.text)
        note = ""
        if banner:
            number, suffix, rest = banner.group(1), banner.group(2), banner.group(3).strip()
            lowered = rest.lower()
            if rest and not (rest[0] in ".:—–-(" or lowered.startswith(("khoản", "điểm")) or is_caps(rest)):
                return False
            if rest[:1] in (".", ":"):
                title = rest[1:].strip()
            else:
                parts = re.split(r"\s+[—–-]\s+|^[—–-]\s*", rest, maxsplit=1)
                if len(parts) == 2:
                    note, title = parts[0].strip(), parts[1].strip()
                else:
                    title = rest
            title, heading_last = (title, i)
            heading = line.text
            # A rule line right under the banner belongs to the heading.
            if i + 1 < len(self.lines) and RULE_RE.match(self.lines[i + 1].text):
                heading_last = i + 1
            node = self.push("article", number + suffix.lower(), title, heading, i, heading_last)
            node.note, node.banner = note, True
            self.last_article = (int(number), suffix.lower())
            self.reset_clauses()
            return True

        dot = _ARTICLE_DOT_RE.match(line.text)
        space = None if dot else _ARTICLE_SPACE_RE.match(line.text)
        if not dot and not space:
            return False
        if dot:
            number, suffix, title = dot.group(1), dot.group(2), dot.group(4).strip()
        else:
            assert space is not None
            number, suffix, title = space.group(1), space.group(2), space.group(3).strip()
        value = (int(number), suffix)
        last = self.last_article
        # "Điều 20. 1. Mọi người …", "Điều 7. - Tổng hợp …": an article whose first line is its text
        # rather than a title. After a blank line, with the numbering going forward, "Điều N." opens
        # an article whatever follows; elsewhere such a line is more likely a reference in the text.
        opens_anyway = dot is not None and line.gap_before and (last is None or value > last)
        if title and (not starts_upper(title) or title.endswith((",", ";"))) and not opens_anyway:
            return False
        following = last is None or value > last
        successor = last is not None and value == (last[0] + 1, "")
        clean = self.prev_ok(i)
        if space:
            if not (following and clean and not is_reference(title) and len(title.split()) <= 30):
                return False
        elif last is not None and value == last:
            return False
        elif following:
            if not (clean or successor or (last is None and value == (1, ""))):
                return False
        elif not (line.gap_before and clean and title and not is_reference(title)):
            return False
        full_title, heading_last = self.article_title(i, title)
        heading = " ".join(ln.text for ln in self.lines[i : heading_last + 1])
        self.push("article", number + suffix, full_title, heading, i, heading_last)
        self.last_article = value
        self.reset_clauses()
        return True

    def reset_clauses(self) -> None:
        self.clause_style, self.last_clause = None, None
        self.point_style, self.last_point = None, None

    def try_clause(self, i: int) -> bool:
        if self.open_node()["article"] is None:
            return False
        text = self.lines[i].text
        for style, regex in _CLAUSE_RES:
            match = regex.match(text)
            if not match:
                continue
            body = match.group(2)
            if body[:1].islower():
                return False
            if self.clause_style is not None and style != self.clause_style:
                return False
            n = int(match.group(1))
            last = self.last_clause
            clean = self.prev_ok(i)
            if last is None:
                ok = n == 1 or (clean and 0 < n <= 300)
            else:
                ok = n == last + 1 or (clean and last + 1 < n <= last + 5)
            if not ok:
                return False
            self.push("clause", str(n), "", "", i, i)
            self.clause_style, self.last_clause = style, n
            self.point_style, self.last_point = None, None
            return True
        return False

    def try_point(self, i: int) -> bool:
        if self.open_node()["article"] is None:
            return False
        text = self.lines[i].text
        for style, regex in _POINT_RES:
            match = regex.match(text)
            if not match:
                continue
            letter = match.group(1)
            if letter not in POINT_LETTERS:
                return False
            if self.point_style is not None and style != self.point_style:
                return False
            index = POINT_LETTERS.index(letter)
            last = self.last_point
            clean = self.prev_ok(i)
            if last is None:
                ok = index == 0 or (clean and index <= 2)
            else:
                ok = index == last + 1 or (clean and last + 1 < index <= last + 3)
            if not ok:
                return False
            self.push("point", letter, "", "", i, i)
            self.point_style, self.last_point = style, index
            return True
        return False

    def try_block(self, i: int) -> bool:
        """A non-article banner between rule lines, once the structure has started."""
        if not self.started or i == 0 or i + 1 >= len(self.lines):
            return False
        opening = self.lines[i - 1]
        if not RULE_RE.match(opening.text) or opening.consumed or RULE_RE.match(self.lines[i].text):
            return False
        # The banner text may wrap over two lines before the closing rule.
        closing = next(
            (j for j in range(i + 1, min(i + 3, len(self.lines))) if RULE_RE.match(self.lines[j].text)), None
        )
        if closing == i + 2 and self.lines[i + 1].text[:1] in "-•*+–":
            closing = None
        if closing is None:
            # "-----\nGHI CHÚ BỔ SUNG (…):" — a rule then a line opening with capitals.
            words = self.lines[i].text.split()[:2]
            if len(words) < 2 or not all(is_caps(word) for word in words):
                return False
            heading_last = i
        else:
            heading_last = closing
        heading = " ".join(line.text for line in self.lines[i:heading_last] or [self.lines[i]])
        self.push("block", "", heading, heading, i, heading_last)
        self.reset_clauses()
        return True

    # -- driver ------------------------------------------------------------------------------
    def parse(self) -> LegalDocument:
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if line.consumed:  # title continuation of an earlier heading
                i += 1
                continue
            (
                self.try_part(i)
                or self.try_chapter(i)
                or self.try_section(i)
                or self.try_article(i)
                or self.try_block(i)
                or self.try_clause(i)
                or self.try_point(i)
            )
            i += 1
        while self.stack:
            self.close(self.stack.pop(), len(self.text))
        return LegalDocument(self.text, self.preamble(), self.roots, detect_legal_header(self.text))

    def preamble(self) -> LegalNode | None:
        end = self.roots[0].start if self.roots else len(self.text)
        start = trim_start(self.text, 0, end)
        end = trim_end(self.text, start, end)
        if end <= start:
            return None
        return LegalNode(
            kind="preamble",
            number="",
            title="",
            heading="Phần mở đầu",
            start=start,
            end=end,
            heading_end=start,
            page=self.pages.page_at(start),
            end_page=self.pages.page_at(end - 1),
            text=self.text[start:end],
        )


def parse_legal_text(text: str) -> LegalDocument:
    """Parse ``text`` (normalised; pages separated by "\\f") into a :class:`LegalDocument`.

    Never raises on odd input: text without any provision gives a document whose
    preamble is the whole text and which has no articles.
    """
    return _Parser(text or "").parse()
