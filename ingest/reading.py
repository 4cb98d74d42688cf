"""How a document's text was obtained, and what that means for trusting it.

Converters describe what they did in a :class:`Reading` (text layer, OCR with its confidence,
conversion from TCVN3/VNI, an old Word .doc read with catdoc …). It travels with the document
(``meta["reading"]``, stored as the document's ``extra["reading"]`` in the index) and gives:

- :func:`how_read`: the catalogue's "how it was read" (``kb stats --documents``, ``/tai-lieu``);
- :func:`reliability_note`: the note shown with every citation of the document (answers, source
  panel, handouts) when the text may differ from the original (OCR, conversion).

Vietnamese first, then English, as everywhere users read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

__all__ = ["OCR_CHECK_CONFIDENCE", "Reading", "how_read", "reliability_note"]

OCR_CHECK_CONFIDENCE = 85.0
"""Below this mean OCR confidence (0–100) the note asks to check the text against the scan."""

_FORMAT_LABELS = {
    "pdf": "PDF",
    "docx": "Word .docx",
    "doc": "Word 97–2003 .doc",
    "rtf": "RTF",
    "html": "HTML",
    "markdown": "Markdown",
    "txt": "TXT",
}


@dataclass(frozen=True)
class Reading:
    """How one file was read (all fields optional; empty means "does not apply").

    :param text_pages: PDF pages read from their text layer (1-based).
    :param ocr_pages: PDF pages read by OCR (1-based).
    :param ocr_confidence: Mean word confidence of the OCR'd pages, 0–100.
    :param ocr_seconds: Time spent on OCR.
    :param rotated_pages: OCR'd pages that were turned (upside down or sideways) to be read.
    :param blank_pages: Pages without text layer whose image is blank.
    :param unread_pages: Page number (as a string) -> why it could not be read (no readable
        text, time limit …); the rest of the document is kept.
    :param legacy_encoding: "TCVN3" or "VNI" when text was converted to Unicode.
    :param legacy_words: Words converted from the legacy encoding.
    :param legacy_mixed: The rest of the text was Unicode already.
    :param tool: External program that extracted the text ("catdoc", "antiword", "tesseract 5.3.0").
    :param container: What a file really was when its extension said otherwise ("rtf", "html",
        "docx" for a file named .doc).
    """

    text_pages: tuple[int, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    ocr_confidence: float | None = None
    ocr_seconds: float = 0.0
    rotated_pages: tuple[int, ...] = ()
    blank_pages: tuple[int, ...] = ()
    unread_pages: dict[str, str] = field(default_factory=dict)
    legacy_encoding: str = ""
    legacy_words: int = 0
    legacy_mixed: bool = False
    tool: str = ""
    container: str = ""

    def to_meta(self) -> dict[str, Any]:
        """The fields that apply, as JSON-ready values (lists for tuples)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value in ((), [], {}, None, "", 0, 0.0, False):
                continue
            out[key] = list(value) if isinstance(value, tuple) else value
        if "ocr_confidence" in out:
            out["ocr_confidence"] = round(float(out["ocr_confidence"]), 1)
        if "ocr_seconds" in out:
            out["ocr_seconds"] = round(float(out["ocr_seconds"]), 2)
        return out

    @classmethod
    def from_meta(cls, meta: dict[str, Any] | None) -> Reading:
        """Inverse of :meth:`to_meta` (unknown keys ignored)."""
        meta = meta or {}
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in meta.items():
            if key not in known:
                continue
            values[key] = tuple(value) if isinstance(value, list) else value
        return cls(**values)

    def merged(self, **changes: Any) -> Reading:
        """A copy with ``changes`` applied."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Reading(**values)


def _pages(numbers: tuple[int, ...] | list[int]) -> str:
    """1, 2, 3, 5 -> "1–3, 5"."""
    numbers = sorted(set(numbers))
    runs: list[str] = []
    start = previous = None
    for n in [*numbers, None]:
        if n is not None and previous is not None and n == previous + 1:
            previous = n
            continue
        if start is not None:
            runs.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = n
    return ", ".join(runs)


def _legacy_label(reading: Reading) -> str:
    mixed = " (phần còn lại đã là Unicode / the rest was Unicode)" if reading.legacy_mixed else ""
    return f"chuyển từ mã {reading.legacy_encoding} / converted from {reading.legacy_encoding}{mixed}"


def how_read(
    file_format: str | None, meta: dict[str, Any] | Reading | None, page_count: int | None = None
) -> str:
    """One line saying how the text was obtained, e.g. "OCR 12/12 trang, độ tin cậy 93% / OCR of
    12 of 12 pages, confidence 93%" or "lớp văn bản PDF / PDF text layer"."""
    reading = meta if isinstance(meta, Reading) else Reading.from_meta(meta)
    if reading.ocr_pages:
        pages = page_count or (
            len(reading.ocr_pages)
            + len(reading.text_pages)
            + len(reading.blank_pages)
            + len(reading.unread_pages)
        )
        confidence = f"{reading.ocr_confidence:.0f}%" if reading.ocr_confidence is not None else "?"
        main = (
            f"OCR {len(reading.ocr_pages)}/{pages} trang, độ tin cậy {confidence} / "
            f"OCR of {len(reading.ocr_pages)} of {pages} pages, confidence {confidence}"
        )
        if reading.text_pages:
            pages_list = _pages(reading.text_pages)
            main += f"; lớp văn bản PDF ở trang {pages_list} / PDF text layer on pages {pages_list}"
    elif file_format == "pdf":
        main = "lớp văn bản PDF / PDF text layer"
    elif reading.container:
        label = _FORMAT_LABELS.get(reading.container, reading.container)
        main = f"tệp .doc thực chất là {label} / .doc file that is really {label}"
    else:
        label = _FORMAT_LABELS.get(file_format or "", file_format or "?")
        main = f"tệp {label} / {label} file"
    if reading.tool and not reading.ocr_pages:
        main += f" ({reading.tool})"
    parts = [main]
    if reading.legacy_encoding:
        parts.append(_legacy_label(reading))
    return "; ".join(parts)


def reliability_note(meta: dict[str, Any] | Reading | None) -> str:
    """The note shown with citations when the text may differ from the original, else "".

    OCR: pages, mean confidence, pages that could not be read, and a request to check against
    the scan when the confidence is below :data:`OCR_CHECK_CONFIDENCE`. Legacy encodings: that
    the text was converted.
    """
    reading = meta if isinstance(meta, Reading) else Reading.from_meta(meta)
    notes: list[str] = []
    if reading.ocr_pages:
        confidence = reading.ocr_confidence if reading.ocr_confidence is not None else 0.0
        check = confidence < OCR_CHECK_CONFIDENCE
        note = (
            f"Văn bản đọc bằng OCR (trang {_pages(reading.ocr_pages)}; độ tin cậy trung bình {confidence:.0f}%)"
            + (": có thể sai chữ hoặc dấu, cần đối chiếu bản quét" if check else "")
            + f". / Text read by OCR (pages {_pages(reading.ocr_pages)}; mean confidence {confidence:.0f}%)"
            + (": letters or diacritics may be wrong, check against the scan" if check else "")
            + "."
        )
        notes.append(note)
    if reading.unread_pages:
        pages = _pages([int(p) for p in reading.unread_pages])
        notes.append(f"Không đọc được trang {pages}. / Pages {pages} could not be read.")
    if reading.legacy_encoding:
        notes.append(
            f"Chuyển tự động từ mã {reading.legacy_encoding} sang Unicode. / Converted automatically "
            f"from {reading.legacy_encoding} to Unicode."
        )
    return " ".join(notes)
