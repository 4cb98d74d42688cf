"""Enumerations in a passage: the numbered, lettered or bulleted items of a list, and lists written
inside one sentence ("gồm: A; B; C", "(a) …; (b) …", "bao gồm A, B, C và D").

A list question ("Tiêu chí xác định KCN sinh thái gồm những gì?") is answered with every item of
the enumeration its best sentence leads or belongs to (:mod:`kb.answer.shaped_answers`). Offsets
are into the chunk text, so every item is quoted verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line that starts an item: "1.", "2)", "a)", "đ.", "iv)", "-", "–", "•", "+", "*".
_LINE_ITEM = re.compile(r"^([ \t]*)(?:\(?(\d{1,2}|[a-zđ]|[ivx]{1,4})[.)]|[-–•*+▪◦])[ \t]+(?=\S)", re.MULTILINE)
# Items written inside one sentence after a lead-in: a colon, or "gồm", "bao gồm", "như", "including".
_INLINE_LEAD = re.compile(r"(?::|\b(?:gồm|bao gồm|như là|including|such as|namely)\b)\s+", re.IGNORECASE)
_LETTERED = re.compile(r"\(([a-z])\)\s+")
MIN_ITEMS = 2
MAX_COMMA_ITEM_WORDS = 10  # longer comma-separated parts are clauses, not list items
MAX_SEMICOLON_ITEM_WORDS = 45
MIN_COMMA_ITEMS = 3
# Names listed in parentheses after what they are: three or more, each starting with a capital.
_NAMES_IN_PARENTHESES = re.compile(r"\(((?:[A-ZĐ][^(),;]*,\s+){1,}[A-ZĐ][^(),;]*?(?:,?\s+(?:và|and)\s+[A-ZĐ][^(),;]*)?)\)")
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class Enumeration:
    """A lead-in (may be empty: ``lead == (start, start)``) and the items that follow it."""

    lead: tuple[int, int]
    items: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.lead[0] if self.lead[1] > self.lead[0] else self.items[0][0]

    @property
    def end(self) -> int:
        return self.items[-1][1]

    def covers(self, start: int, end: int) -> bool:
        """Whether the span ``start:end`` lies in the lead or the items (or overlaps them)."""
        return start < self.end and end > self.start


def _is_lead(line: str) -> bool:
    """A line that introduces a list: ends with ":", or is a heading (upper case, or short without
    a full stop)."""
    stripped = line.strip()
    letters = [ch for ch in stripped if ch.isalpha()]
    caps = len(letters) >= 4 and sum(ch.isupper() for ch in letters) / len(letters) > 0.6
    return stripped.endswith(":") or caps or (len(stripped.split()) <= 12 and not stripped.endswith((".", ";", ",")))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n;,.":
        start += 1
    while end > start and text[end - 1] in " \t\n;,":
        end -= 1
    return start, end


def line_enumerations(text: str) -> list[Enumeration]:
    """Consecutive item lines (with their indented continuation lines) and the line before them."""
    found: list[Enumeration] = []
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    index = 0
    while index < len(lines):
        match = _LINE_ITEM.match(lines[index])
        if not match:
            index += 1
            continue
        first = index
        items: list[tuple[int, int]] = []
        while index < len(lines):
            match = _LINE_ITEM.match(lines[index])
            if not match:
                break
            start = offsets[index] + match.end()
            end = offsets[index] + len(lines[index])
            index += 1
            # Continuation lines: not blank, not items, not a lead-in of their own (hard-wrapped
            # text continues an item on an unindented line).
            while (
                index < len(lines)
                and lines[index].strip()
                and not _LINE_ITEM.match(lines[index])
                and not _is_lead(lines[index])
            ):
                end = offsets[index] + len(lines[index])
                index += 1
            items.append(_trim(text, start, end))
        lead = (offsets[first], offsets[first])
        if first > 0 and lines[first - 1].strip() and _is_lead(lines[first - 1]):
            lead = _trim(text, offsets[first - 1], offsets[first - 1] + len(lines[first - 1]))
        if len(items) >= MIN_ITEMS:
            found.append(Enumeration(lead, tuple(items)))
    return found


def inline_enumerations(text: str, start: int, end: int) -> list[Enumeration]:
    """Lists written inside the sentence ``text[start:end]``: "(a) …; (b) …", "…: A; B; C",
    "bao gồm A, B, C và D"."""
    sentence = text[start:end]
    found: list[Enumeration] = []
    letters = list(_LETTERED.finditer(sentence))
    if len(letters) >= MIN_ITEMS:
        bounds = [m.end() for m in letters] + [len(sentence)]
        items = []
        for i, match in enumerate(letters):
            stop = letters[i + 1].start() if i + 1 < len(letters) else bounds[-1]
            items.append(_trim(text, start + match.end(), start + stop))
        found.append(Enumeration(_trim(text, start, start + letters[0].start()), tuple(items)))
        return found
    for lead in _INLINE_LEAD.finditer(sentence):
        if sentence[: lead.start()].count("(") > sentence[: lead.start()].count(")"):
            continue  # "(source: UNIDO 2016)": inside parentheses
        enumeration = _split_items(text, start, end, start + lead.end())
        if enumeration is not None:
            found.append(Enumeration(_trim(text, start, start + lead.end()), enumeration))
            break
    if not found:
        for group in _NAMES_IN_PARENTHESES.finditer(sentence):
            # "cho 5 khu công nghiệp (Hiệp Phước, Amata, Đình Vũ, Hòa Khánh và Trà Nóc)": the names
            # of what was just counted, each a capitalised name of a few words.
            items = _split_items(text, start + group.start(1), start + group.end(1), start + group.start(1))
            if items is not None and all(len(text[a:b].split()) <= MAX_NAME_WORDS for a, b in items):
                found.append(Enumeration(_trim(text, start, start + group.start()), items))
                break
    return found


def _split_items(text: str, start: int, end: int, body_start: int) -> tuple[tuple[int, int], ...] | None:
    """The items of ``text[body_start:end]``: ";"-separated parts, or short ","-separated ones."""
    body = text[body_start:end]
    if body.count(";") >= MIN_ITEMS - 1 and ";" in body:
        parts, limit, least = re.split(r";\s*", body), MAX_SEMICOLON_ITEM_WORDS, MIN_ITEMS
    else:
        parts = re.split(r",\s+|\s+(?:và|and|hoặc|or)\s+(?=[^,]*$)", body)
        limit, least = MAX_COMMA_ITEM_WORDS, MIN_COMMA_ITEMS
    parts = [p for p in parts if p.strip(" .;:")]
    if len(parts) < least or any(len(p.split()) > limit for p in parts):
        return None
    items = []
    cursor = body_start
    for part in parts:
        at = text.find(part, cursor, end)
        if at < 0:
            return None
        items.append(_trim(text, at, at + len(part)))
        cursor = at + len(part)
    items = [(a, b) for a, b in items if b > a]
    return tuple(items) if len(items) >= least else None


# A paragraph that is one of a series written as parallel paragraphs, each opening with the same
# label and its number ("Phiên 2 có chủ đề …", "Giai đoạn 3 …", "Phase 1 …", "Session 4 …").
_SERIES_LABEL = re.compile(r"^[-–•*+ \t]*((?:[A-ZĐ][^\W\d_]*)(?: [^\W\d_]+)?) (\d{1,2})\b")


SERIES_LEAD_WORDS = 3  # words a paragraph of a series may say before its label ("Chủ đề phiên 5 …")


def series_label(sentence: str) -> tuple[str, int] | None:
    """The label and number a paragraph of a series opens with ("Phiên 4 có chủ đề …" -> ("Phiên", 4))."""
    match = _SERIES_LABEL.match(sentence)
    return (match.group(1), int(match.group(2))) if match else None


def other_in_series(sentence: str, other: str) -> bool:
    """Whether ``other`` opens another paragraph of the series ``sentence`` opens ("Phiên 4 …" after
    "Phiên 3 …"; not "Comparing phase 1 and phase 2 …" after "Phase 2 …")."""
    first, second = series_label(sentence), series_label(other)
    return first is not None and second is not None and first[0].lower() == second[0].lower() and first[1] != second[1]


def series_paragraphs(text: str, label: str) -> list[tuple[int, tuple[int, int]]]:
    """The paragraphs of ``text`` opening with ``label`` and a number, or naming them within their
    first words ("Chủ đề phiên 5 là …"): (number, span), in order."""
    pattern = re.compile(
        rf"^[-–•*+ \t]*(?:[^\W\d_]+ ){{0,{SERIES_LEAD_WORDS}}}?((?i:{re.escape(label)})) (\d{{1,2}})\b",
        re.MULTILINE,
    )
    out = []
    for match in pattern.finditer(text):
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        out.append((int(match.group(2)), _trim(text, match.start(1), end)))
    return out
