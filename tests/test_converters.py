"""Ingest converters: real files generated in temporary folders -> text, or a specific reason."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from haystack import Document, Pipeline
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.errors import ConversionError
from ingest.file_converter import FileConverter
from ingest.formats import (
    SUPPORTED_EXTENSIONS,
    ConversionOptions,
    ExtractedText,
    extract_docx,
    extract_file,
    extract_html,
    extract_markdown,
    extract_pdf,
    extract_txt,
    format_for_path,
)
from ingest.legacy_encoding import encode_tcvn3, encode_vni

SENTENCE = "Khu công nghiệp sinh thái là mô hình phát triển bền vững của Việt Nam."
CRITERIA = "Điều 42. Tiêu chí xác định khu công nghiệp sinh thái: tối thiểu 25% diện tích đất."
PARAGRAPH = (
    "Khu công nghiệp sinh thái là khu công nghiệp có các doanh nghiệp tham gia vào hoạt động "
    "sản xuất sạch hơn và sử dụng hiệu quả tài nguyên, có sự liên kết, hợp tác trong sản xuất "
    "để thực hiện hoạt động cộng sinh công nghiệp. Người được hưởng ưu đãi phải đáp ứng đủ tiêu chí."
)


def cp1258_bytes(text: str) -> bytes:
    """Encode like Windows-1258: precomposed letters where the code page has them, else the base
    letter (â, ê, ơ, …) followed by a combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
            out += base.encode("cp1258") + "".join(c for c in decomposed if c in tones).encode("cp1258")
    return bytes(out)


def is_nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


def reason_of(call, path: Path) -> str:
    with pytest.raises(ConversionError) as info:
        call(path)
    reason = str(info.value)
    assert reason == info.value.reason
    assert "Traceback" not in reason and len(reason.splitlines()) == 1
    return reason


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_font(unicode_font: Path) -> str:
    name = "DejaVuSansTest"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(unicode_font)))
    return name


def write_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    font: str = "Helvetica",
    title: str | None = None,
    encrypt: object = None,
) -> Path:
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    if title is not None:
        pdf.setTitle(title)
    for lines in pages:
        pdf.setFont(font, 11)
        for i, line in enumerate(lines):
            pdf.drawString(40, 780 - 16 * i, line)
        pdf.showPage()
    pdf.save()
    return path


def test_pdf_vietnamese_multi_page(tmp_path: Path, pdf_font: str) -> None:
    pages = [[f"Trang {n}: {SENTENCE}", CRITERIA] for n in (1, 2, 3)]
    path = write_pdf(tmp_path / "huong_dan.pdf", pages, font=pdf_font, title="Hướng dẫn kỹ thuật KCNST")
    result = extract_pdf(path)
    assert isinstance(result, ExtractedText)
    assert result.page_count == 3
    assert result.title == "Hướng dẫn kỹ thuật KCNST"
    assert result.text.count("\f") == 2
    page_texts = result.text.split("\f")
    for n, page in enumerate(page_texts, start=1):
        assert page.startswith(f"Trang {n}: ")
        assert SENTENCE in page and CRITERIA in page
    assert is_nfc(result.text)
    assert "\u200b" not in result.text and "  " not in result.text


def test_pdf_default_reportlab_title_is_not_meaningful(tmp_path: Path, pdf_font: str) -> None:
    path = write_pdf(tmp_path / "a.pdf", [[SENTENCE]], font=pdf_font)
    assert PdfReader(path).metadata.title == "untitled"
    assert extract_pdf(path).title is None


def test_pdf_written_in_nfd_comes_out_nfc(tmp_path: Path, pdf_font: str) -> None:
    path = write_pdf(tmp_path / "nfd.pdf", [[unicodedata.normalize("NFD", SENTENCE)]], font=pdf_font)
    raw = PdfReader(path).pages[0].extract_text()
    assert not is_nfc(raw)  # the text layer really is decomposed
    result = extract_pdf(path)
    assert result.text == SENTENCE
    assert result.page_count == 1


def test_pdf_blank_scan(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    image = ImageReader(Image.new("RGB", (120, 60), "white"))
    for _ in range(2):
        pdf.drawImage(image, 50, 500, 400, 200)
        pdf.showPage()
    pdf.save()
    reason = reason_of(extract_pdf, path)
    assert reason.startswith("PDF pages are blank (2 of 2 pages have neither a text layer nor anything printed")
    # Without OCR (ConversionOptions(ocr=False)) a scan is refused as before, with the hint.
    reason = reason_of(lambda p: extract_pdf(p, ConversionOptions(ocr=False)), path)
    assert "only 0 of 2 pages have a text layer" in reason and "'vie'" in reason


def test_pdf_short_pages_keep_their_text_layer(tmp_path: Path, pdf_font: str) -> None:
    """Pages with a few characters (a page number) are looked at by OCR; when it finds nothing
    more, their text layer stays, and nothing is reported unread."""
    path = write_pdf(tmp_path / "mostly_scan.pdf", [[SENTENCE], ["12"], ["3"], [""]], font=pdf_font)
    result = extract_pdf(path)
    assert result.text.split("\f") == [SENTENCE, "12", "3", ""]
    assert result.reading.text_pages == (1,) and result.reading.blank_pages == (4,)
    assert not result.reading.unread_pages


def test_pdf_encrypted_with_user_password(tmp_path: Path, pdf_font: str) -> None:
    plain = write_pdf(tmp_path / "plain.pdf", [[SENTENCE]], font=pdf_font)
    writer = PdfWriter(clone_from=plain)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    reason = reason_of(extract_pdf, path)
    assert reason.startswith("PDF is encrypted with a password")
    assert "qpdf --decrypt" in reason


def test_pdf_reportlab_encryption(tmp_path: Path, pdf_font: str) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    locked = write_pdf(
        tmp_path / "rl_locked.pdf", [[SENTENCE]], font=pdf_font, encrypt=StandardEncryption("secret", "owner")
    )
    assert "encrypted" in reason_of(extract_pdf, locked)
    # Only an owner password (restrictions, empty user password): opens with the empty password.
    restricted = write_pdf(
        tmp_path / "rl_restricted.pdf",
        [[SENTENCE]],
        font=pdf_font,
        encrypt=StandardEncryption("", "owner", canPrint=0, canCopy=0),
    )
    assert extract_pdf(restricted).text == SENTENCE


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_pdf_truncated(tmp_path: Path, pdf_font: str, cut: float) -> None:
    data = write_pdf(tmp_path / "full.pdf", [[SENTENCE]] * 3, font=pdf_font).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    reason = reason_of(extract_pdf, path)
    assert reason.startswith("PDF is damaged or truncated and cannot be read")
    assert "download or export it again" in reason


def test_pdf_garbage_and_not_a_pdf(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    assert "damaged or truncated" in reason_of(extract_pdf, garbage)
    html = tmp_path / "download.pdf"
    html.write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    assert "is not a PDF (no %PDF header)" in reason_of(extract_pdf, html)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert "empty file" in reason_of(extract_pdf, empty)


@pytest.mark.parametrize(("encoder", "name"), [(encode_tcvn3, "TCVN3"), (encode_vni, "VNI")])
def test_pdf_legacy_font_encoding_is_converted(tmp_path: Path, encoder, name: str) -> None:
    # A .VnTime / VNI-Times PDF without a Unicode map extracts as Latin-1 letters and symbols.
    lines = [encoder(SENTENCE).decode("latin-1"), encoder(CRITERIA).decode("latin-1")]
    path = write_pdf(tmp_path / "legacy.pdf", [lines, lines])
    result = extract_pdf(path)
    assert result.text == f"{SENTENCE}\n{CRITERIA}\f{SENTENCE}\n{CRITERIA}"
    assert result.reading.legacy_encoding == name and not result.reading.legacy_mixed


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Báo cáo tổng kết dự án KCNST"
    document.add_heading("Báo cáo tổng kết", level=0)
    document.add_paragraph("Mở đầu về khu công nghiệp sinh thái.")
    document.add_heading("Chương 1. Bối cảnh", level=1)
    document.add_paragraph(PARAGRAPH)
    document.add_heading("1.1 Mục tiêu", level=2)
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"ô {r}{c}"
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Tiêu đề gộp"
    document.add_paragraph("Kết luận sau bảng.")
    document.add_heading("Phụ lục chi tiết", level=6)
    document.save(str(path))
    return path


def test_docx_headings_paragraphs_table(tmp_path: Path) -> None:
    result = extract_docx(make_docx(tmp_path / "bao_cao.docx"))
    lines = [line for line in result.text.split("\n") if line]
    assert lines == [
        "# Báo cáo tổng kết",
        "Mở đầu về khu công nghiệp sinh thái.",
        "# Chương 1. Bối cảnh",
        PARAGRAPH,
        "## 1.1 Mục tiêu",
        "Tiêu đề gộp | ô 02",
        "ô 10 | ô 11 | ô 12",
        "ô 20 | ô 21 | ô 22",
        "Kết luận sau bảng.",
        "###### Phụ lục chi tiết",
    ]
    assert result.title == "Báo cáo tổng kết dự án KCNST"
    assert result.page_count is None
    assert is_nfc(result.text)


def test_docx_title_falls_back_to_title_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Document1"
    document.add_heading("Hướng dẫn cộng sinh công nghiệp", level=0)
    document.add_paragraph(PARAGRAPH)
    path = tmp_path / "a.docx"
    document.save(str(path))
    assert extract_docx(path).title == "Hướng dẫn cộng sinh công nghiệp"


def test_docx_fake_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "không phải tài liệu Word")
    reason = reason_of(extract_docx, path)
    assert reason.startswith(
        "File is not a valid Word .docx document (it is a ZIP archive without Word content)"
    )


def test_docx_renamed_excel(tmp_path: Path) -> None:
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "it is an Excel workbook" in reason_of(extract_docx, path)


def test_docx_random_bytes_and_old_doc(tmp_path: Path) -> None:
    random_bytes = tmp_path / "random.docx"
    random_bytes.write_bytes(bytes(range(256)) * 4)
    assert "it is not a ZIP package" in reason_of(extract_docx, random_bytes)
    old = tmp_path / "old.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "password-protected or old binary Office file" in reason_of(extract_docx, old)


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert reason_of(extract_docx, path).startswith("Word document contains no text")


def test_docx_tcvn3_is_converted_and_unicode_paragraphs_kept(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(SENTENCE)
    document.add_paragraph(encode_tcvn3(PARAGRAPH).decode("latin-1"))
    path = tmp_path / "vntime.docx"
    document.save(str(path))
    result = extract_docx(path)
    assert result.text == f"{SENTENCE}\n{PARAGRAPH}"
    assert result.reading.legacy_encoding == "TCVN3" and result.reading.legacy_mixed


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="{charset}">
<title>Tổng kết dự án KCNST | Bộ Kế hoạch và Đầu tư</title>
<style>.menu {{ color: red }}</style><script>var visits = 123;</script></head>
<body class="page has-sidebar">
<header><div class="logo">Cổng thông tin điện tử</div>
  <ul class="top-menu"><li>Trang chủ</li><li>Tin tức</li></ul></header>
<nav><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a></nav>
<div class="breadcrumb">Trang chủ &gt; Tin tức &gt; Sự kiện</div>
<main>
<article>
<header><h1>Tổng kết dự án <b>khu công nghiệp sinh thái</b></h1></header>
<p>Dự án triển khai tại <a href="/ninh-binh">Ninh Bình</a>, Đà Nẵng và Cần Thơ.<br>Giai đoạn 2014–2023.</p>
<!-- bình luận ẩn -->
<h2>Kết quả chính</h2>
<ul><li>Tiết kiệm năng lượng</li><li>Giảm phát thải CO<sub>2</sub></li></ul>
<table><tr><th>KCN</th><th>Tỉnh</th></tr><tr><td>Khánh Phú</td><td>Ninh Bình</td></tr></table>
<div class="social-share">Chia sẻ Facebook Zalo</div>
<div id="comments">Bình luận của bạn</div>
<footer>Thẻ: KCNST</footer>
<div style="display: none">Nội dung ẩn</div>
</article>
</main>
<aside class="sidebar">Tin liên quan</aside>
<div id="visitor-counter">Lượt truy cập: 123456</div>
<form><input name="q"> Tìm kiếm</form>
<footer>© 2023 Bộ Kế hoạch và Đầu tư</footer>
<iframe src="x"></iframe><noscript>Bật JavaScript</noscript>
</body></html>
"""


def test_html_main_text_only(tmp_path: Path) -> None:
    path = tmp_path / "tin_tuc.html"
    path.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    result = extract_html(path)
    assert result.text.split("\n") == [
        "# Tổng kết dự án khu công nghiệp sinh thái",
        "",
        "Dự án triển khai tại Ninh Bình, Đà Nẵng và Cần Thơ.",
        "Giai đoạn 2014–2023.",
        "",
        "## Kết quả chính",
        "",
        "- Tiết kiệm năng lượng",
        "- Giảm phát thải CO2",
        "KCN | Tỉnh",
        "Khánh Phú | Ninh Bình",
    ]
    for junk in ("Trang chủ", "Lượt truy cập", "123456", "Chia sẻ", "Bình luận", "Tin liên quan", "visits",
                 "Thẻ", "©", "Tìm kiếm", "JavaScript", "Nội dung ẩn", "color", "Cổng thông tin"):  # fmt: skip
        assert junk not in result.text, junk
    assert result.title == "Tổng kết dự án KCNST"
    assert result.page_count is None


def test_html_windows_1258(tmp_path: Path) -> None:
    path = tmp_path / "cu.htm"
    path.write_bytes(cp1258_bytes(PAGE.format(charset="windows-1258")))
    result = extract_html(path)
    assert "# Tổng kết dự án khu công nghiệp sinh thái" in result.text
    assert "Dự án triển khai tại Ninh Bình, Đà Nẵng và Cần Thơ." in result.text
    assert is_nfc(result.text)


def test_html_without_main_uses_body_and_first_h1_title(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><div id='main-nav'><a>Trang chủ</a></div><div class='content'>"
        f"<h1>Cộng sinh công nghiệp</h1><p>{PARAGRAPH}</p><p>Lượt xem bài: nhiều</p>"
        "<p>Lượt truy cập: 1.234.567</p><div>Đang online: 12</div></div>"
        "<div class='footer-links'>Liên hệ</div></body></html>",
        encoding="utf-8",
    )
    result = extract_html(path)
    assert result.text == f"# Cộng sinh công nghiệp\n\n{PARAGRAPH}\nLượt xem bài: nhiều"
    assert result.title == "Cộng sinh công nghiệp"


def test_html_only_menus(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav>Trang chủ | Tin tức</nav><script>x()</script></body></html>", "utf-8")
    assert reason_of(extract_html, path).startswith("Web page has no main text")


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------

MARKDOWN = """---
title: Ghi chú hội thảo
tags: [kcnst, unido]
---

# Hội thảo **khu công nghiệp** sinh thái

Đây là *đoạn văn* với [liên kết](https://mpi.gov.vn "MPI") và ![ảnh chụp](anh.png) <!-- ghi chú ẩn -->.

<!--
nhiều dòng ẩn
-->
## Cộng sinh _công nghiệp_

- Mục __một__ và ~~bỏ~~ `mã_nguồn`
- Biến snake_case_name và 2 * 3 * 4

```python
x = **không đậm**  # giữ nguyên
```

[ref]: https://example.org
"""


def test_markdown(tmp_path: Path) -> None:
    path = tmp_path / "ghi_chu.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    result = extract_markdown(path)
    assert result.title == "Hội thảo khu công nghiệp sinh thái"
    assert result.text.split("\n") == [
        "# Hội thảo khu công nghiệp sinh thái",
        "",
        "Đây là đoạn văn với liên kết và .",
        "",
        "## Cộng sinh công nghiệp",
        "",
        "- Mục một và bỏ mã_nguồn",
        "- Biến snake_case_name và 2 * 3 * 4",
        "",
        "x = **không đậm** # giữ nguyên",
    ]
    for gone in ("title:", "tags", "anh.png", "https://", "ghi chú ẩn", "nhiều dòng", "```", "[ref]"):
        assert gone not in result.text, gone


def test_markdown_setext_heading_and_no_heading(tmp_path: Path) -> None:
    path = tmp_path / "a.markdown"
    path.write_text("Tiêu đề chính\n=============\n\nNội dung.\n", encoding="utf-8")
    result = extract_markdown(path)
    assert result.text == "# Tiêu đề chính\n\nNội dung."
    assert result.title == "Tiêu đề chính"
    path.write_text("Chỉ có nội dung.\n", encoding="utf-8")
    assert extract_markdown(path).title is None


# --------------------------------------------------------------------------------------
# TXT
# --------------------------------------------------------------------------------------

TEXT = f"{SENTENCE}\n{CRITERIA}\n{PARAGRAPH}\n"
EXPECTED = f"{SENTENCE}\n{CRITERIA}\n{PARAGRAPH}"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8", TEXT.encode("utf-8")),
        ("utf8_bom", TEXT.encode("utf-8-sig")),
        ("utf16", TEXT.encode("utf-16")),
        ("utf16_be_bom", "\ufeff".encode("utf-16-be") + TEXT.encode("utf-16-be")),
        ("utf16_le_no_bom", "Khu cong nghiep sinh thai\n".encode("utf-16-le") + TEXT.encode("utf-16-le")),
        ("utf32", TEXT.encode("utf-32")),
        ("cp1258", cp1258_bytes(TEXT)),
        ("nfd", unicodedata.normalize("NFD", TEXT).encode("utf-8")),
        (
            "zero_width",
            TEXT.replace("công", "cô\u200bng").replace("sinh", "\ufeffsinh\u200d").encode("utf-8"),
        ),
        ("crlf", TEXT.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_txt_decodings(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    result = extract_txt(path)
    expected = EXPECTED if name != "utf16_le_no_bom" else "Khu cong nghiep sinh thai\n" + EXPECTED
    assert result.text == expected
    assert is_nfc(result.text)
    assert result.title is None and result.page_count is None


def test_txt_cp1252_english_with_curly_quotes(tmp_path: Path) -> None:
    text = "The “eco-industrial park” in Kalundborg – Asnæs power station, UNIDO’s framework."
    path = tmp_path / "en.txt"
    path.write_bytes(text.encode("cp1252"))
    assert extract_txt(path).text == text


@pytest.mark.parametrize(("encoder", "name"), [(encode_tcvn3, "TCVN3"), (encode_vni, "VNI")])
def test_txt_legacy_bytes_are_converted(tmp_path: Path, encoder, name: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(encoder(TEXT))
    result = extract_txt(path)
    assert result.text == EXPECTED
    assert result.reading.legacy_encoding == name


@pytest.mark.parametrize(("encoder", "name"), [(encode_tcvn3, "TCVN3"), (encode_vni, "VNI")])
def test_txt_legacy_mojibake_saved_as_utf8_is_converted(tmp_path: Path, encoder, name: str) -> None:
    path = tmp_path / "legacy_utf8.txt"
    path.write_text(encoder(TEXT).decode("cp1252"), encoding="utf-8")
    result = extract_txt(path)
    assert result.text == EXPECTED and result.reading.legacy_encoding == name


def test_txt_mixed_utf8_and_tcvn3_bytes(tmp_path: Path) -> None:
    """Raw TCVN3 bytes pasted between UTF-8 lines: each line is decoded on its own, then converted."""
    path = tmp_path / "mixed-bytes.txt"
    path.write_bytes(SENTENCE.encode() + b"\n" + encode_tcvn3(CRITERIA) + b"\n" + PARAGRAPH.encode())
    result = extract_txt(path)
    assert result.text == f"{SENTENCE}\n{CRITERIA}\n{PARAGRAPH}"
    assert result.reading.legacy_encoding == "TCVN3" and result.reading.legacy_mixed


def test_txt_mixed_unicode_and_tcvn3_lines(tmp_path: Path) -> None:
    """A UTF-8 file into which an old TCVN3 paragraph was pasted: that paragraph is converted,
    the Unicode ones are left alone."""
    path = tmp_path / "mixed.txt"
    path.write_text(f"{SENTENCE}\n{encode_tcvn3(CRITERIA).decode('cp1252')}\n{PARAGRAPH}\n", encoding="utf-8")
    result = extract_txt(path)
    assert result.text == f"{SENTENCE}\n{CRITERIA}\n{PARAGRAPH}"
    assert result.reading.legacy_encoding == "TCVN3" and result.reading.legacy_mixed


def test_txt_empty_and_whitespace(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert reason_of(extract_txt, empty).startswith("Text file is an empty file (0 bytes)")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\r\n  \n")
    assert "empty file (it contains only white space)" in reason_of(extract_txt, blank)
    invisible = tmp_path / "invisible.txt"
    invisible.write_text("\u200b\u200b\n\ufeff", encoding="utf-8")
    assert "empty file" in reason_of(extract_txt, invisible)


def test_txt_binary(tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    reason = reason_of(extract_txt, png)
    assert reason.startswith("Text file contains binary data, not text (it looks like a PNG image)")
    controls = tmp_path / "controls.txt"
    controls.write_bytes(b"abc\x01\x02\x03\x04\x05def\x06\x07\x08" * 20)
    assert "binary data, not text" in reason_of(extract_txt, controls)
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"some text\x00\x00\x00\x10\x00 and more \xff\xfe")
    assert "binary data, not text" in reason_of(extract_txt, nul)


def test_txt_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_bytes("Où est l'aéroport ? Le goût du café était très naïf, déjà à Noël.".encode("latin-1"))
    reason = reason_of(extract_txt, path)
    assert "not UTF-8 and its encoding could not be recognised" in reason and "save it as UTF-8" in reason


# --------------------------------------------------------------------------------------
# extract_file
# --------------------------------------------------------------------------------------


def test_extract_file_dispatches_case_insensitively(tmp_path: Path, pdf_font: str) -> None:
    assert SUPPORTED_EXTENSIONS == (
        ".pdf", ".docx", ".doc", ".rtf", ".html", ".htm", ".md", ".markdown", ".txt"
    )  # fmt: skip
    txt = tmp_path / "GHI_CHU.TXT"
    txt.write_text(TEXT, encoding="utf-8")
    assert extract_file(txt).text == EXPECTED
    pdf = write_pdf(tmp_path / "SCAN.PDF", [[SENTENCE]], font=pdf_font)
    assert extract_file(pdf).page_count == 1
    md = tmp_path / "a.Md"
    md.write_text("# Tiêu đề\n\nNội dung.", encoding="utf-8")
    assert extract_file(md).title == "Tiêu đề"
    assert format_for_path("x/Y.HTM") == "html" and format_for_path("a.doc") == "doc"
    assert format_for_path("a.odt") is None


def test_extract_file_unsupported(tmp_path: Path) -> None:
    odt = tmp_path / "cu.odt"
    odt.write_bytes(b"PK\x03\x04")
    reason = reason_of(extract_file, odt)
    assert reason.startswith(
        "Unsupported file type '.odt' (supported: .pdf, .docx, .doc, .rtf, .html, .htm, .md, .markdown, .txt)"
    )
    assert "save it as .docx or PDF" in reason
    other = tmp_path / "data.xyz"
    other.write_bytes(b"x")
    assert "convert it to one of these" in reason_of(extract_file, other)
    bare = tmp_path / "README"
    bare.write_text("x")
    assert "Unsupported file type without an extension" in reason_of(extract_file, bare)


def test_extract_file_missing_and_folder(tmp_path: Path) -> None:
    reason = reason_of(extract_file, tmp_path / "missing.pdf")
    assert reason.startswith("File not found: check that missing.pdf still exists")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "is a folder, not a file" in reason_of(extract_file, folder)


def test_extract_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("khu công nghiệp " * 100, encoding="utf-8")
    with pytest.raises(ConversionError) as info:
        extract_file(path, max_bytes=1000)
    reason = str(info.value)
    assert reason.startswith(f"File is {path.stat().st_size / 1024:.1f} KB, over the 1000 bytes limit")
    assert "KB_MAX_FILE_MB" in reason
    assert extract_file(path, max_bytes=5000).text.startswith("khu công nghiệp")


# --------------------------------------------------------------------------------------
# FileConverter component
# --------------------------------------------------------------------------------------


def test_file_converter_mixed_batch(tmp_path: Path, pdf_font: str) -> None:
    good_pdf = write_pdf(tmp_path / "a.pdf", [[SENTENCE], [CRITERIA]], font=pdf_font, title="Tài liệu A")
    good_txt = tmp_path / "b.txt"
    good_txt.write_text(TEXT, encoding="utf-8")
    good_docx = make_docx(tmp_path / "c.docx")
    good_html = tmp_path / "d.html"
    good_html.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    good_md = tmp_path / "e.md"
    good_md.write_text(MARKDOWN, encoding="utf-8")
    scanned = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(scanned))
    pdf.rect(10, 10, 100, 100)
    pdf.showPage()
    pdf.save()
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(encode_tcvn3(TEXT))
    missing = tmp_path / "missing.md"
    unsupported = tmp_path / "slides.pptx"
    unsupported.write_bytes(b"PK")

    sources = [
        good_pdf,
        str(scanned),
        good_txt,
        binary,
        good_docx,
        missing,
        good_html,
        legacy,
        unsupported,
        good_md,
    ]
    result = FileConverter().run(sources=sources)

    documents: list[Document] = result["documents"]
    assert [d.meta["file_name"] for d in documents] == ["a.pdf", "b.txt", "c.docx", "d.html", "legacy.txt", "e.md"]
    assert [d.meta["format"] for d in documents] == ["pdf", "txt", "docx", "html", "txt", "markdown"]
    pdf_doc = documents[0]
    assert pdf_doc.content == f"{SENTENCE}\f{CRITERIA}"
    assert pdf_doc.meta == {
        "file_path": str(good_pdf),
        "file_name": "a.pdf",
        "format": "pdf",
        "page_count": 2,
        "title": "Tài liệu A",
        "reading": {},
    }
    assert documents[1].content == EXPECTED and documents[1].meta["page_count"] is None
    assert documents[2].meta["title"] == "Báo cáo tổng kết dự án KCNST"
    assert documents[3].meta["title"] == "Tổng kết dự án KCNST"
    assert documents[4].content == EXPECTED and documents[4].meta["reading"]["legacy_encoding"] == "TCVN3"
    assert documents[5].meta["title"] == "Hội thảo khu công nghiệp sinh thái"
    assert all(is_nfc(d.content) for d in documents)

    failures = result["failures"]
    assert [f["path"] for f in failures] == [str(scanned), str(binary), str(missing), str(unsupported)]
    reasons = [f["reason"] for f in failures]
    assert reasons[0].startswith("PDF pages are blank")
    assert "binary data, not text" in reasons[1]
    assert reasons[2].startswith("File not found")
    assert reasons[3].startswith("Unsupported file type '.pptx'")
    assert all(set(f) == {"path", "reason"} for f in failures)


def test_file_converter_size_limit_and_unexpected_errors(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = FileConverter(max_file_bytes=10).run(sources=[path])
    assert result["documents"] == []
    assert "over the 10 bytes limit" in result["failures"][0]["reason"]

    import ingest.file_converter as module

    def boom(path: Path, *, max_bytes: int, options: ConversionOptions) -> ExtractedText:
        raise RuntimeError("library bug")

    monkeypatch.setattr(module, "extract_file", boom)
    result = FileConverter().run(sources=[path, 42])  # type: ignore[list-item]
    assert result["documents"] == []
    assert result["failures"][0]["reason"].startswith("Unexpected error while reading the file (RuntimeError")
    assert result["failures"][1] == {"path": "42", "reason": "Source is not a file path: pass a str or Path."}


@pytest.mark.parametrize(
    ("value", "error"), [(0, ValueError), (-5, ValueError), ("10", TypeError), (True, TypeError)]
)
def test_file_converter_validates_init(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        FileConverter(max_file_bytes=value)  # type: ignore[arg-type]


def test_file_converter_in_pipeline_and_serialisation(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    converter = FileConverter(max_file_bytes=1234)
    data = converter.to_dict()
    assert data["init_parameters"]["max_file_bytes"] == 1234
    assert data["init_parameters"]["options"]["ocr_languages"] == "vie"
    restored = FileConverter.from_dict(data)
    assert restored.max_file_bytes == 1234 and restored.options == converter.options
    pipeline = Pipeline()
    pipeline.add_component("converter", FileConverter())
    output = pipeline.run({"converter": {"sources": [path]}})
    assert output["converter"]["documents"][0].content == EXPECTED
    assert output["converter"]["failures"] == []


def test_html_declared_legacy_charset_but_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "moved.html"
    path.write_text(PAGE.format(charset="windows-1258"), encoding="utf-8")
    assert "# Tổng kết dự án khu công nghiệp sinh thái" in extract_html(path).text
