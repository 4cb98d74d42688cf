"""OCR of one page image with Debian's tesseract (``tesseract-ocr`` + ``tesseract-ocr-vie``).

The ``tesseract`` program is run once per page (one thread each, ``OMP_THREAD_LIMIT=1``: pages
run in parallel instead, see :mod:`ingest.formats.pdf_ocr`), with a time limit. Its TSV output
gives the words, their layout (blocks, paragraphs, lines) and a confidence per word (0–100);
the page's text keeps tesseract's lines, with a blank line between paragraphs, and is NFC.

Orientation: a page read with a mean confidence below :data:`LOW_CONFIDENCE` is checked with
tesseract's orientation detection (``--psm 0``, the ``osd`` model); when that says the page is
turned (an upside-down or sideways scan), the page is read again turned upright, and the better
of the two readings is kept. When orientation detection cannot decide, the page turned by 180°
is tried.

Usage::

    from PIL import Image
    from ingest.ocr import ocr_image, tesseract_problem

    if tesseract_problem("vie") is None:
        page = ocr_image(Image.open("scan.png"), languages="vie", dpi=300, seconds=60)
        print(page.confidence, page.text[:200])
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import time
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageOps

__all__ = [
    "BLANK_INK_SHARE",
    "LOW_CONFIDENCE",
    "MIN_PAGE_CONFIDENCE",
    "MIN_READABLE_LETTERS",
    "OcrTimeoutError",
    "PageText",
    "is_blank",
    "ocr_image",
    "tesseract_problem",
    "tesseract_version",
]

LOW_CONFIDENCE = 70.0
"""Below this mean word confidence, the page's orientation is checked (upside-down scans read
with a mean confidence around 50; upright clean pages above 90)."""
MIN_READABLE_LETTERS = 20
"""A page "has readable text" when its words with confidence >= :data:`MIN_WORD_CONFIDENCE`
hold at least this many letters and its mean confidence is at least :data:`MIN_PAGE_CONFIDENCE`
(photos and noise produce low-confidence symbols)."""
MIN_WORD_CONFIDENCE = 50.0
MIN_PAGE_CONFIDENCE = 40.0
"""A page whose mean word confidence is below this is not text (noise and photos read around 15–20,
clean pages above 90, noisy scans of text above 60)."""
BLANK_INK_SHARE = 0.002
"""A page image is blank when fewer than this share of its pixels are dark (after shrinking it,
so that scanner dust does not count)."""

PAGE_SEGMENTATION = "6"
"""tesseract's page segmentation mode: 6, one block of text read line by line across the page (as
a PDF text layer reads). The automatic layout analysis (3) dropped whole lines boxed between rules
("=====") and, on noisy scans, whole blocks: CER 5.8 % against 0.5 % with 6 on the noisy legal text
of ``eval/ocr_bench.py``; two-column pages come out line by line, like their text layer would."""

_TESSERACT = "tesseract"
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
_ROTATE_RE = re.compile(r"Rotate:\s*(\d+)")


class OcrTimeoutError(RuntimeError):
    """The page took longer than its time limit."""


@dataclass(frozen=True)
class PageText:
    """What OCR read on one page.

    :param text: The page's text (NFC), lines as tesseract found them, paragraphs separated by a
        blank line; "" when nothing readable was found.
    :param confidence: Mean word confidence, 0–100 (0 when there are no words).
    :param words: Number of words.
    :param readable_letters: Letters in words with confidence >= :data:`MIN_WORD_CONFIDENCE`.
    :param rotation: Degrees the image was turned (counter-clockwise) to be read: 0, 90, 180, 270.
    """

    text: str
    confidence: float
    words: int
    readable_letters: int
    rotation: int = 0

    @property
    def readable(self) -> bool:
        return self.readable_letters >= MIN_READABLE_LETTERS and self.confidence >= MIN_PAGE_CONFIDENCE


@functools.cache
def tesseract_version() -> str:
    """ "tesseract 5.3.0", or "" when the program is missing."""
    if shutil.which(_TESSERACT) is None:
        return ""
    try:
        out = subprocess.run([_TESSERACT, "--version"], capture_output=True, text=True, timeout=30, env=_ENV)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    first = (out.stdout or out.stderr).strip().splitlines()
    return first[0].strip() if first else "tesseract"


@functools.cache
def _languages() -> frozenset[str]:
    try:
        out = subprocess.run(
            [_TESSERACT, "--list-langs"], capture_output=True, text=True, timeout=30, env=_ENV
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = (out.stdout or out.stderr).splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def tesseract_problem(languages: str) -> str | None:
    """Why OCR cannot run here (program or language model missing), or None when it can."""
    if not tesseract_version():
        return "OCR is not installed here (install Debian's tesseract-ocr and tesseract-ocr-vie, e.g. `make doc-tools`)"
    missing = [lang for lang in languages.split("+") if lang and lang not in _languages()]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        return f"the OCR language model {', '.join(missing)} is not installed (install Debian's {packages})"
    return None


def is_blank(image: Image.Image) -> bool:
    """True when the page image holds (almost) no ink: a blank page or an empty scan."""
    gray = image.convert("L")
    small = gray.reduce(4) if min(gray.size) >= 400 else gray
    histogram = small.histogram()
    dark = sum(histogram[:128])
    return dark < BLANK_INK_SHARE * small.size[0] * small.size[1]


def _pgm(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PPM")  # binary PGM: no compression, fast through a pipe
    return buffer.getvalue()


def _run(args: list[str], data: bytes, deadline: float) -> str:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise OcrTimeoutError("time limit reached")
    try:
        out = subprocess.run(
            [_TESSERACT, "stdin", "stdout", *args],
            input=data,
            capture_output=True,
            timeout=remaining,
            env=_ENV,
        )
    except subprocess.TimeoutExpired:
        raise OcrTimeoutError("time limit reached") from None
    return out.stdout.decode("utf-8", errors="replace")


def _parse_tsv(tsv: str, rotation: int) -> PageText:
    lines: list[str] = []
    confidences: list[float] = []
    readable = 0
    current: tuple[str, ...] | None = None
    paragraph: tuple[str, ...] | None = None
    words: list[str] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        word = cells[11].strip()
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        if not word or confidence < 0:
            continue
        key = (cells[2], cells[3], cells[4])  # block, paragraph, line
        if key != current:
            if words:
                lines.append(" ".join(words))
            if paragraph is not None and key[:2] != paragraph:
                lines.append("")
            current, paragraph, words = key, key[:2], []
        words.append(word)
        confidences.append(confidence)
        if confidence >= MIN_WORD_CONFIDENCE:
            readable += sum(ch.isalpha() for ch in word)
    if words:
        lines.append(" ".join(words))
    text = unicodedata.normalize("NFC", "\n".join(lines)).strip()
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return PageText(text, mean, len(confidences), readable, rotation)


def _read(image: Image.Image, languages: str, dpi: int, deadline: float, rotation: int) -> PageText:
    turned = image.rotate(rotation, expand=True) if rotation else image
    tsv = _run(["-l", languages, "--dpi", str(dpi), "--psm", PAGE_SEGMENTATION, "tsv"], _pgm(turned), deadline)
    return _parse_tsv(tsv, rotation)


def _orientation(image: Image.Image, dpi: int, deadline: float) -> int | None:
    """Degrees to turn the image counter-clockwise to make it upright, or None when undecided."""
    out = _run(["--psm", "0", "--dpi", str(dpi)], _pgm(image), deadline)
    match = _ROTATE_RE.search(out)
    if match is None:
        return None
    # tesseract's "Rotate: N" is clockwise; PIL rotates counter-clockwise.
    return (360 - int(match.group(1))) % 360


def ocr_image(image: Image.Image, *, languages: str, dpi: int, seconds: float) -> PageText:
    """Read one page image (see the module docstring for the orientation check).

    :param image: The page, any mode (converted to grayscale).
    :param languages: tesseract languages, e.g. "vie" or "vie+eng".
    :param dpi: The image's resolution (tesseract uses it to size characters).
    :param seconds: Time limit for this page, all attempts together.
    :raises OcrTimeoutError: The first reading took longer than ``seconds`` (when only the
        orientation check runs out of time, the first reading is kept).
    """
    deadline = time.monotonic() + seconds
    image = ImageOps.grayscale(image) if image.mode != "L" else image
    best = _read(image, languages, dpi, deadline, 0)
    if best.confidence >= LOW_CONFIDENCE or best.words == 0:
        return best
    try:
        rotation = _orientation(image, dpi, deadline)
        for turn in [rotation] if rotation else ([180] if rotation is None else []):
            attempt = _read(image, languages, dpi, deadline, turn)
            if attempt.confidence > best.confidence:
                best = attempt
    except OcrTimeoutError:
        pass  # no time left to check the orientation: keep the first reading
    return best
