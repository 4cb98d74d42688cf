"""OCR of image-only PDF pages with the real tesseract (Debian tesseract-ocr + tesseract-ocr-vie)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.errors import ConversionError
from ingest.formats import ConversionOptions, extract_pdf
from ingest.ocr import ocr_image, tesseract_problem
from ingest.reading import how_read, reliability_note

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None or tesseract_problem("vie") is not None,
    reason="tesseract-ocr with the 'vie' model is not installed (Debian packages; `make doc-tools`)",
)

DECREE = [
    "NGHỊ ĐỊNH 35/2022/NĐ-CP",
    "Điều 9. Điều kiện đầu tư hạ tầng khu công nghiệp",
    "1. Khu công nghiệp sinh thái phải đáp ứng tiêu chí về sản xuất sạch hơn.",
    "2. Người được hưởng ưu đãi phải đáp ứng đủ tiêu chí về cộng sinh công nghiệp.",
    "Điều 10. Trình tự thủ tục đầu tư xây dựng",
    "Doanh nghiệp sử dụng chung nước thải, năng lượng dư thừa và phế liệu.",
]


@pytest.fixture(scope="module")
def font(unicode_font: Path) -> str:
    if "DejaVuOcr" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuOcr", str(unicode_font)))
    return "DejaVuOcr"


@pytest.fixture(scope="module")
def page_image(font: str, tmp_path_factory) -> Image.Image:
    """A page of the decree rendered by reportlab + DejaVuSans, as a 200 dpi scan."""
    path = tmp_path_factory.mktemp("ocr") / "text.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont(font, 12)
    for i, line in enumerate(DECREE):
        pdf.drawString(50, 780 - 22 * i, line)
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(str(path))
    try:
        return document[0].render(scale=200 / 72, grayscale=True).to_pil().copy()
    finally:
        document.close()


def scan_pdf(path: Path, pages: list[Image.Image | str], font: str) -> Path:
    """A PDF whose pages are images (a scan) or, for a str, a line of real text."""
    pdf = canvas.Canvas(str(path))
    for page in pages:
        if isinstance(page, str):
            pdf.setFont(font, 12)
            pdf.drawString(50, 780, page)
        else:
            pdf.drawImage(ImageReader(page), 0, 0, 595, 842)
        pdf.showPage()
    pdf.save()
    return path


def lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def reason_of(call) -> str:
    with pytest.raises(ConversionError) as info:
        call()
    assert len(info.value.reason.splitlines()) == 1
    return info.value.reason


def test_page_image_reads_with_diacritics(page_image: Image.Image) -> None:
    page = ocr_image(page_image, languages="vie", dpi=200, seconds=60)
    assert lines(page.text) == DECREE  # paragraphs found by tesseract are separated by a blank line
    assert page.confidence > 85 and page.rotation == 0


def test_mixed_pdf_keeps_text_pages_and_page_numbers(tmp_path: Path, font: str, page_image) -> None:
    """Page 1 text layer, page 2 a scan, page 3 the scan upside down, page 4 blank."""
    blank = Image.new("L", (600, 800), 255)
    path = scan_pdf(
        tmp_path / "hon-hop.pdf",
        [
            "Trang một có lớp văn bản: khu công nghiệp sinh thái Hiệp Phước.",
            page_image,
            page_image.rotate(180),
            blank,
        ],
        font,
    )
    events = []
    result = extract_pdf(path, ConversionOptions(progress=events.append, file="hon-hop.pdf"))
    pages = result.text.split("\f")
    assert result.page_count == 4 and len(pages) == 4
    assert pages[0] == "Trang một có lớp văn bản: khu công nghiệp sinh thái Hiệp Phước."
    assert lines(pages[1]) == DECREE and lines(pages[2]) == DECREE
    assert pages[3] == ""
    reading = result.reading
    assert (reading.text_pages, reading.ocr_pages, reading.rotated_pages, reading.blank_pages) == (
        (1,),
        (2, 3),
        (3,),
        (4,),
    )
    assert reading.ocr_confidence is not None and reading.ocr_confidence > 85
    assert reading.tool.startswith("tesseract")
    assert [(e.file, e.stage, e.done, e.total) for e in events] == [
        ("hon-hop.pdf", "ocr", n, 3) for n in (1, 2, 3)
    ]
    assert how_read("pdf", reading).startswith("OCR 2/4 trang, độ tin cậy")
    note = reliability_note(reading.to_meta())
    assert note.startswith("Văn bản đọc bằng OCR (trang 2–3; độ tin cậy trung bình")


def test_pages_without_readable_text_and_blank_scans(tmp_path: Path, font: str) -> None:
    rng = random.Random(7)
    photo = Image.new("L", (300, 400))
    photo.putdata(
        [min(255, max(0, int(128 + 60 * rng.gauss(0, 1)) + (x % 300) // 3)) for x in range(300 * 400)]
    )
    no_text = scan_pdf(tmp_path / "anh.pdf", [photo, photo], font)
    reason = reason_of(lambda: extract_pdf(no_text))
    assert reason.startswith("PDF has no readable text: its 2 pages are images in which OCR found no text")
    blank = scan_pdf(tmp_path / "trang.pdf", [Image.new("L", (300, 400), 255)] * 3, font)
    assert reason_of(lambda: extract_pdf(blank)).startswith("PDF pages are blank (3 of 3 pages")


def test_time_limit_per_page_and_pages_limit(tmp_path: Path, font: str, page_image) -> None:
    path = scan_pdf(tmp_path / "cham.pdf", [page_image], font)
    reason = reason_of(lambda: extract_pdf(path, ConversionOptions(ocr_page_seconds=0.01)))
    assert "OCR ran out of time on 1 of 1 pages" in reason and "KB_OCR_PAGE_SECONDS" in reason
    reason = reason_of(lambda: extract_pdf(path, ConversionOptions(ocr_max_pages=0)))
    assert (
        reason.startswith("PDF needs OCR on 1 pages, more than the limit of 0")
        and "KB_OCR_MAX_PAGES" in reason
    )


def test_missing_language_model_is_named(tmp_path: Path, font: str, page_image) -> None:
    assert "tesseract-ocr-xyz" in (tesseract_problem("vie+xyz") or "")
    path = scan_pdf(tmp_path / "scan.pdf", [page_image], font)
    reason = reason_of(lambda: extract_pdf(path, ConversionOptions(ocr_languages="xyz")))
    assert "no text layer" in reason and "tesseract-ocr-xyz" in reason


@pytest.mark.slow
def test_a_500_page_scan_finishes_with_progress(tmp_path: Path, font: str, page_image) -> None:
    """500 image pages under the size limit: mostly blank scans, three with text. OCR runs page by
    page with progress and ends with every page accounted for (no hang, nothing held in memory)."""
    blank = Image.new("L", (60, 80), 255)
    pages: list[Image.Image | str] = [blank] * 500
    for number in (1, 250, 500):
        pages[number - 1] = page_image
    path = scan_pdf(tmp_path / "dai.pdf", pages, font)
    events = []
    result = extract_pdf(path, ConversionOptions(ocr_dpi=150, progress=events.append))
    assert result.page_count == 500 and result.text.count("\f") == 499
    assert result.reading.ocr_pages == (1, 250, 500) and len(result.reading.blank_pages) == 497
    assert events[-1].done == events[-1].total == 500 and len(events) == 500
