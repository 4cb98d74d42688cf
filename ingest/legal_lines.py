"""Lines of a legal text and the tests on them that :mod:`ingest.legal_structure` builds on: numbers
written as digits, Roman numerals or "thứ nhất"; all-caps and capitalised text; a title that is a
reference ("Luật …"); spans trimmed of blank space and rule lines ("=====")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text_lines import text_lines

RULE_RE = re.compile(r"^[=\-_*~#]{8,}$")
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
# Words that start a reference, not an article title ("Điều 15 Luật Đầu tư").
_REFERENCE_WORDS = (
    "Luật",
    "Bộ luật",
    "Nghị định",
    "Nghị quyết",
    "Thông tư",
    "Quyết định",
    "Pháp lệnh",
    "Hiến pháp",
    "Chỉ thị",
    "Văn bản",
    "Điều",
    "Chương",
    "Mục",
    "Phần",
    "Khoản",
    "Điểm",
    "Phụ lục",
    "Hiệp định",
    "Công ước",
    "Quy chế",
    "của",
    "này",
)
_ORDINALS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip


@dataclass
class Line:
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str  # stripped text
    gap_before: bool  # a blank line (or the start of the text) precedes it
    heading: bool = False  # (part of) a part/chapter/section/article/block heading
    consumed: bool = False  # title continuation of the heading on an earlier line


def split_lines(text: str) -> list[Line]:
    """Non-blank lines ("\n" and "\f" both end a line; only an empty "\n" line is blank)."""
    return [Line(line.start, line.end, line.text, line.first or line.blank_before) for line in text_lines(text)]


def roman(value: str) -> int | None:
    if not value or not _ROMAN_RE.match(value):
        return None
    numerals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(value):
        v = numerals[ch]
        total += -v if i + 1 < len(value) and numerals[value[i + 1]] > v else v
    return total


def number_value(number: str) -> int | None:
    number = number.strip()
    if number.isdigit():
        return int(number)
    lowered = number.lower()
    if lowered.startswith("thứ"):
        return _ORDINALS.get(lowered[3:].strip())
    return roman(number.upper()) if number.isupper() else None


def is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and not any(ch.islower() for ch in letters)


def starts_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return False
        if ch not in "\"'“‘«([":
            return False
    return False


def is_reference(title: str) -> bool:
    return any(title == word or title.startswith(word + " ") for word in _REFERENCE_WORDS)


def trim_end(text: str, start: int, end: int) -> int:
    """Move ``end`` back over whitespace, page breaks and rule lines ("=====")."""
    while end > start:
        while end > start and text[end - 1] in " \t\n\f\r":
            end -= 1
        line_start = max(text.rfind("\n", start, end), text.rfind("\f", start, end)) + 1
        line_start = max(line_start, start)
        if line_start > start and RULE_RE.match(text[line_start:end].strip()):
            end = line_start
            continue
        break
    return end


def trim_start(text: str, start: int, end: int) -> int:
    """Move ``start`` forward over whitespace, page breaks and rule lines."""
    while start < end:
        while start < end and text[start] in " \t\n\f\r":
            start += 1
        line_end = min(i for i in (text.find("\n", start, end), text.find("\f", start, end), end) if i >= 0)
        if line_end < end and RULE_RE.match(text[start:line_end].strip()):
            start = line_end
            continue
        break
    return start
