"""OCR of the PDF pages that have no usable text layer: rendered with pypdfium2, read with tesseract.

Pages are rendered one after another in the calling thread (PDFium is not thread-safe) and read
in parallel by up to ``ocr_workers`` tesseract processes (default: one per CPU core), never more
than a few rendered pages waiting in memory. Each page has a time limit
(``ocr_page_seconds``); a page over it is left unread and reported, the others are kept. A
progress event is sent after each page (:class:`ingest.formats.base.ProgressEvent`).

Blank page images (nothing printed) are not sent to OCR; pages whose image holds no readable
text (a photo, a stamp, noise) are reported as such.
"""

from __future__ import annotations

import math
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from PIL import Image

from ingest.errors import ConversionError
from ingest.formats.base import ConversionOptions
from ingest.ocr import OcrTimeoutError, PageText, is_blank, ocr_image

MAX_PAGE_PIXELS = 40_000_000
"""Pages larger than this at the requested resolution (posters, A0 plans) are rendered smaller."""

UNREADABLE = "no readable text on the page image (photo, stamp or noise?)"
TIMED_OUT = "OCR time limit reached"


@dataclass
class OcrRun:
    """Results of OCR over some pages of one PDF (page indexes are 0-based)."""

    pages: dict[int, PageText] = field(default_factory=dict)  # read, with readable text
    blank: list[int] = field(default_factory=list)
    unread: dict[int, str] = field(default_factory=dict)  # page -> reason
    seconds: float = 0.0

    @property
    def confidence(self) -> float | None:
        """Mean word confidence over the pages read (weighted by words)."""
        words = sum(p.words for p in self.pages.values())
        if not words:
            return None
        return sum(p.confidence * p.words for p in self.pages.values()) / words


def _render(document: pdfium.PdfDocument, index: int, dpi: int) -> Image.Image:
    page = document[index]
    try:
        width, height = page.get_size()  # points
        scale = dpi / 72
        pixels = width * scale * height * scale
        if pixels > MAX_PAGE_PIXELS:
            scale *= math.sqrt(MAX_PAGE_PIXELS / pixels)
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            return bitmap.to_pil().copy()
        finally:
            bitmap.close()
    finally:
        page.close()


def _read_page(image: Image.Image, options: ConversionOptions) -> PageText:
    return ocr_image(
        image, languages=options.ocr_languages, dpi=options.ocr_dpi, seconds=options.ocr_page_seconds
    )


def ocr_pages(
    data: bytes, indexes: list[int], options: ConversionOptions, *, unavailable: str = ""
) -> OcrRun:
    """OCR the pages ``indexes`` (0-based) of the PDF ``data``.

    :param unavailable: Why OCR cannot run here (e.g. tesseract missing): the pages are only
        checked for being blank, and the others are reported unread with this reason.
    :raises ConversionError: PDFium cannot open the document.
    """
    started = time.perf_counter()
    run = OcrRun()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ConversionError(
            f"PDF pages cannot be rendered for OCR ({exc}): export the scan as PDF again and retry."
        ) from None
    workers = options.ocr_workers or os.cpu_count() or 1
    total = len(indexes)
    done = 0
    pending: dict[Future[PageText], int] = {}

    def collect(futures: set[Future[PageText]]) -> None:
        nonlocal done
        for future in futures:
            index = pending.pop(future)
            try:
                page = future.result()
            except OcrTimeoutError:
                run.unread[index] = TIMED_OUT
            except OSError as exc:
                run.unread[index] = f"OCR failed ({exc})"
            else:
                if page.readable:
                    run.pages[index] = page
                else:
                    run.unread[index] = UNREADABLE
            done += 1
            options.report("ocr", done, total)

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kb-ocr") as pool:
            for index in indexes:
                while len(pending) > workers:  # a few rendered pages ahead, not the whole scan
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    collect(finished)
                image = _render(document, index, options.ocr_dpi)
                if is_blank(image) or unavailable:
                    if unavailable and not is_blank(image):
                        run.unread[index] = unavailable
                    else:
                        run.blank.append(index)
                    done += 1
                    options.report("ocr", done, total)
                    continue
                pending[pool.submit(_read_page, image, options)] = index
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                collect(finished)
    finally:
        document.close()
    run.seconds = time.perf_counter() - started
    return run
