"""Read the standard header of a Vietnamese legal document (văn bản quy phạm pháp luật).

A typical header (first lines of the document)::

    BỘ KẾ HOẠCH VÀ ĐẦU TƯ              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                        Độc lập - Tự do - Hạnh phúc
    Số: 05/2025/TT-BKHĐT               Hà Nội, ngày 24 tháng 01 năm 2025

    THÔNG TƯ
    HƯỚNG DẪN XÂY DỰNG KHU CÔNG NGHIỆP SINH THÁI

    Căn cứ ...

The two columns may come out of a PDF on separate lines or merged on one line; both work.
:func:`detect_legal_header` returns ``None`` for text that does not carry such a header.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ingest.chunk import split_source_header
from kb.text.legal_vocabulary import HEADER_KIND_LINES, KIND_NAMES_VI, kind_from_number

# Lines of the document examined (after a leading "#" source-comment block).
HEADER_LINES = 60

# Kinds whose title is part of the name ("Luật Bảo vệ môi trường 72/2020/QH14").
_NAMED_KINDS = {"law", "code", "ordinance", "constitution"}

# Document number: "35/2022/NĐ-CP", "05/2025/TT-BKHĐT", "72/2020/QH14", "1234/QĐ-TTg".
_CODE = r"[A-ZĐ][A-ZĐa-zđ0-9]*"
_NUMBER_BODY = r"\d{1,5}[a-zA-Z]?(?:\s*/\s*(?:\d{4}|" + _CODE + r"(?:\s*[-–]\s*" + _CODE + r")*))+"
_NUMBER_AT_START_RE = re.compile(
    r"^(?:(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Nghị định|Thông tư|Quyết định)\s+)?"
    r"[Ss][ốỐ]\s*(?:hiệu\s*)?:?\s*(" + _NUMBER_BODY + r")"
)
_NUMBER_INLINE_RE = re.compile(r"(?:^|\s)(?:Luật\s+)?[Ss][ốỐ]\s*:\s*(" + _NUMBER_BODY + r")")

_DATE_RE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.IGNORECASE)
_DATE_NUMERIC_RE = re.compile(
    r"ngày\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})", re.IGNORECASE
)

_MOTTO_RE = re.compile(
    r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc",
    re.IGNORECASE,
)
_RULE_RE = re.compile(r"^[\s\-–—_=*.~]+$")
_STRUCTURE_RE = re.compile(r"^(?:Chương|CHƯƠNG|Điều|ĐIỀU|Phần|PHẦN|Mục|MỤC)\s+[\dIVXLC]")
_TITLE_STOP_RE = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Thực hiện|Để\s)", re.IGNORECASE)


@dataclass
class LegalHeader:
    """What the header of a legal document says.

    Attributes:
        kind: one of ``kb.text.legal_vocabulary.LEGAL_KINDS`` (decree, circular, law, …).
        number: document number as written, spaces removed ("35/2022/NĐ-CP"), or None.
        issuer: issuing body in capitals ("CHÍNH PHỦ", "BỘ KẾ HOẠCH VÀ ĐẦU TƯ"), or None.
        issued: issue date, ISO format ("2025-01-24"), or None.
        place: place of issue ("Hà Nội"), or None.
        title: document title ("HƯỚNG DẪN XÂY DỰNG KHU CÔNG NGHIỆP SINH THÁI"; for laws and
            codes in sentence case without the kind word: "Bảo vệ môi trường"), or None.
        label: short display name ("Thông tư 05/2025/TT-BKHĐT",
            "Luật Bảo vệ môi trường 72/2020/QH14").
    """

    kind: str
    number: str | None
    issuer: str | None
    issued: str | None
    place: str | None
    title: str | None
    label: str

    @property
    def kind_vi(self) -> str:
        """Vietnamese name of the kind ("Nghị định")."""
        return KIND_NAMES_VI.get(self.kind, self.kind)


def _clean_number(raw: str) -> str:
    number = re.sub(r"\s*/\s*", "/", raw.strip())
    number = re.sub(r"\s*[-–]\s*", "-", number)
    return number


def _is_caps(line: str) -> bool:
    """True when the line has letters and none of them is lower-case."""
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and not any(ch.islower() for ch in letters)


def _kind_line(line: str) -> tuple[str, str] | None:
    """(kind, rest of the line) when ``line`` is the all-caps kind line ("THÔNG TƯ", "LUẬT ĐẦU TƯ")."""
    stripped = line.strip().rstrip(":").strip()
    if not stripped or not _is_caps(stripped):
        return None
    for word, kind in HEADER_KIND_LINES:
        if stripped == word:
            return kind, ""
        if stripped.startswith(word + " ") and kind in _NAMED_KINDS:
            return kind, stripped[len(word) :].strip()
    return None


def _sentence_case(title: str) -> str:
    lowered = title.lower()
    return lowered[:1].upper() + lowered[1:]


def detect_legal_header(text: str) -> LegalHeader | None:
    """Read the legal header in the first ~60 lines of ``text``; None when there is none.

    A header is recognised when an all-caps kind line ("NGHỊ ĐỊNH", "THÔNG TƯ", "LUẬT …")
    or a "Số: …" number line with a known code is found before the first recital
    ("Căn cứ …") or structural element ("Chương I", "Điều 1."). A leading block of "#"
    source-comment lines is skipped.
    """
    if not text:
        return None
    _, body, _ = split_source_header(text)
    lines = [line.strip() for line in body.replace("\f", "\n").split("\n")]
    # Keep the first HEADER_LINES non-empty lines (blank lines are kept for title ends).
    window: list[str] = []
    non_empty = 0
    for line in lines:
        window.append(line)
        non_empty += bool(line)
        if non_empty >= HEADER_LINES:
            break

    # The header zone ends at the first recital or structural line.
    zone_end = len(window)
    for i, line in enumerate(window):
        if line.lower().startswith("căn cứ") or _STRUCTURE_RE.match(line):
            zone_end = i
            break
    zone = window[:zone_end]

    kind_index: int | None = None
    kind: str | None = None
    kind_rest = ""
    for i, line in enumerate(zone):
        found = _kind_line(line)
        if found:
            kind_index, (kind, kind_rest) = i, found
            break

    before_kind = zone[: kind_index if kind_index is not None else len(zone)]

    # Number: a line starting with "Số", anywhere in the zone, or "Số:" inside a line
    # (merged columns) before the kind line.
    number: str | None = None
    number_line: int | None = None
    for i, line in enumerate(zone):
        match = _NUMBER_AT_START_RE.match(line)
        if not match and i < len(before_kind):
            match = _NUMBER_INLINE_RE.search(line)
        if match:
            number, number_line = _clean_number(match.group(1)), i
            break

    if kind is None:
        if number is None:
            return None
        kind = kind_from_number(number)
        if kind is None:
            return None
    elif number is None and not any(_MOTTO_RE.search(line) for line in zone):
        # A lone all-caps "LUẬT …" line in prose is not a header.
        return None

    issuer = _find_issuer(before_kind, number_line)
    issued, place = _find_date(before_kind)
    title = _find_title(window, kind_index, kind_rest) if kind_index is not None else None
    if title and kind in _NAMED_KINDS:
        title = _sentence_case(title)
    label = _label(kind, number, title)
    return LegalHeader(
        kind=kind, number=number, issuer=issuer, issued=issued, place=place, title=title, label=label
    )


def _find_issuer(lines: list[str], number_line: int | None) -> str | None:
    parts: list[str] = []
    for i, line in enumerate(lines):
        if number_line is not None and i >= number_line:
            # Text before "Số:" on a merged line can still be the issuer.
            if i == number_line:
                head = re.split(r"(?:Luật\s+)?[Ss][ốỐ]\s*:?", line, maxsplit=1)[0]
                head = _MOTTO_RE.sub(" ", head).strip(" -–—_")
                if head and _is_caps(head) and not parts:
                    parts.append(head)
            break
        if not line or _RULE_RE.match(line):
            if parts:
                break
            continue
        if _DATE_RE.search(line) or _DATE_NUMERIC_RE.search(line):
            break
        cleaned = _MOTTO_RE.sub(" ", line)
        cleaned = re.sub(r"\s+", " ", cleaned).strip(" -–—_")
        if not cleaned:
            if parts:
                break
            continue
        if not _is_caps(cleaned):
            break
        parts.append(cleaned)
        if len(parts) == 3:
            break
    return " ".join(parts) if parts else None


def _place_before(prefix: str) -> str | None:
    """Place name just before ", ngày …": the trailing capitalised words ("Hà Nội")."""
    prefix = prefix.rstrip()
    if not prefix.endswith(","):
        return None
    words = prefix[:-1].split()
    place: list[str] = []
    for word in reversed(words):
        is_city_abbrev = word.rstrip(".").upper() in ("TP", "TX")
        if not word[:1].isupper() or (word.isupper() and len(word) > 1 and not is_city_abbrev):
            break
        place.insert(0, word)
        if len(place) == 4 or is_city_abbrev:
            break
    return " ".join(place) or None


def _find_date(lines: list[str]) -> tuple[str | None, str | None]:
    for line in lines:
        for regex in (_DATE_RE, _DATE_NUMERIC_RE):
            match = regex.search(line)
            if not match:
                continue
            try:
                date = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            except ValueError:
                continue
            return date.isoformat(), _place_before(line[: match.start()])
    return None, None


def _find_title(lines: list[str], kind_index: int, kind_rest: str) -> str | None:
    parts: list[str] = [kind_rest] if kind_rest else []
    i = kind_index + 1
    # Skip blank lines between the kind line and the title.
    while not parts and i < len(lines) and not lines[i]:
        i += 1
    while i < len(lines) and len(parts) < 4:
        line = lines[i]
        if not line or _RULE_RE.match(line) or _TITLE_STOP_RE.match(line) or _STRUCTURE_RE.match(line):
            break
        if _MOTTO_RE.search(line) or _NUMBER_AT_START_RE.match(line) or _kind_line(line):
            break
        if parts and _is_caps(line) != _is_caps(parts[-1]):
            break  # e.g. the signer's title ("THỦ TƯỚNG CHÍNH PHỦ") under a mixed-case title
        parts.append(line)
        if line.endswith((";", ":")):
            break
        i += 1
    title = " ".join(parts).strip().rstrip(";:").strip()
    return title or None


def _label(kind: str, number: str | None, title: str | None) -> str:
    name = KIND_NAMES_VI.get(kind, kind)
    if kind in _NAMED_KINDS and title:
        name = f"{name} {title}"
    return f"{name} {number}" if number else name
