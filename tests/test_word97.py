"""Word 97–2003 .doc (real catdoc / antiword) and RTF: exact text of samples made with LibreOffice
(eval/doc_samples.py, committed in tests/data/word97), and files named .doc that are something else."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from eval.doc_samples import samples
from ingest.errors import ConversionError
from ingest.formats import extract_doc, extract_docx, extract_file, extract_rtf
from ingest.formats.word97 import OLE_MAGIC, _antiword, sniff

DATA = Path(__file__).parent / "data" / "word97"
EXPECTED = {sample.name: sample.expected_text for sample in samples()}

pytestmark = pytest.mark.skipif(
    shutil.which("catdoc") is None, reason="catdoc is not installed (Debian package; `make doc-tools`)"
)


def reason_of(call, path: Path) -> str:
    with pytest.raises(ConversionError) as info:
        call(path)
    assert len(info.value.reason.splitlines()) == 1
    return info.value.reason


@pytest.mark.parametrize("name", ["nghi-dinh", "ngan", "vni"])
def test_doc_samples_come_back_exactly(name: str) -> None:
    result = extract_file(DATA / f"{name}.doc")
    assert result.text == EXPECTED[name]
    assert result.reading.tool == "catdoc" and result.page_count is None
    if name == "vni":
        assert result.reading.legacy_encoding == "VNI"


def test_tcvn3_doc_is_converted_but_loses_the_letter_u_horn() -> None:
    """Known limit: TCVN3 writes "ư" as byte 0xAD (soft hyphen); Word/LibreOffice store it as an
    optional hyphen, which catdoc and antiword drop, so "người" comes back "ngời"."""
    result = extract_doc(DATA / "tcvn3.doc")
    assert result.reading.legacy_encoding == "TCVN3"
    assert result.text == EXPECTED["tcvn3"].replace("ư", "")


def test_rtf_sample_and_rtf_named_doc(tmp_path: Path) -> None:
    assert extract_rtf(DATA / "nghi-dinh.rtf").text == EXPECTED["nghi-dinh"]
    disguised = tmp_path / "cong-van.doc"
    shutil.copyfile(DATA / "nghi-dinh.rtf", disguised)
    assert sniff(disguised.read_bytes()) == "rtf"
    result = extract_file(disguised)
    assert result.text == EXPECTED["nghi-dinh"] and result.reading.container == "rtf"


def test_antiword_keeps_paragraphs_too_but_fails_on_small_files() -> None:
    if shutil.which("antiword") is None:
        pytest.skip("antiword is not installed")
    text = "\n".join(line for line in _antiword(DATA / "nghi-dinh.doc").split("\n") if line.strip())
    assert text == EXPECTED["nghi-dinh"]
    assert _antiword(DATA / "ngan.doc") == ""  # "text stream of this file is too small"


def test_web_page_saved_as_doc(tmp_path: Path) -> None:
    page = tmp_path / "thong-bao.doc"
    page.write_text(
        '<html xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="utf-8">'
        "<title>Thông báo hội thảo</title></head><body><h1>Thông báo hội thảo</h1>"
        "<p>Hội thảo về khu công nghiệp sinh thái tổ chức tại Hà Nội.</p></body></html>",
        encoding="utf-8",
    )
    result = extract_file(page)
    assert result.text == "# Thông báo hội thảo\n\nHội thảo về khu công nghiệp sinh thái tổ chức tại Hà Nội."
    assert result.reading.container == "html" and result.title == "Thông báo hội thảo"
    archive = tmp_path / "luu-tru.doc"
    archive.write_bytes(
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b1"\r\n\r\n--b1\r\n'
        b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "<html><body><p>Báo cáo khu công nghiệp sinh thái Trà Nóc năm 2023.</p></body></html>".encode()
        + b"\r\n--b1--\r\n"
    )
    assert extract_file(archive).text == "Báo cáo khu công nghiệp sinh thái Trà Nóc năm 2023."


def test_docx_named_doc_and_doc_named_docx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Khu công nghiệp sinh thái Hòa Khánh.")
    named_doc = tmp_path / "moi.doc"
    document.save(str(named_doc))
    assert extract_file(named_doc).reading.container == "docx"
    named_docx = tmp_path / "cu.docx"
    shutil.copyfile(DATA / "nghi-dinh.doc", named_docx)
    result = extract_docx(named_docx)
    assert result.text == EXPECTED["nghi-dinh"] and result.reading.container == "doc"


def test_files_named_doc_that_are_no_document(tmp_path: Path) -> None:
    excel = tmp_path / "bang.doc"
    excel.write_bytes(OLE_MAGIC + b"\0" * 100 + "Workbook".encode("utf-16-le") + b"\0\0" + b"\0" * 400)
    assert "is an Excel workbook, not a Word document" in reason_of(extract_doc, excel)
    locked = tmp_path / "khoa.doc"
    locked.write_bytes(
        OLE_MAGIC + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\0\0" + b"\0" * 400
    )
    assert "password-protected" in reason_of(extract_doc, locked)
    garbage = tmp_path / "hong.doc"
    garbage.write_bytes(bytes(range(256)) * 20)
    assert "not a Word document" in reason_of(extract_doc, garbage)
    broken = tmp_path / "cat-cut.doc"
    broken.write_bytes((DATA / "nghi-dinh.doc").read_bytes()[:3000])
    assert "cannot be read" in reason_of(extract_doc, broken)
    empty = tmp_path / "rong.doc"
    empty.write_bytes(b"")
    assert "empty file" in reason_of(extract_doc, empty)
    text = tmp_path / "ghi-chu.doc"
    text.write_text("Ghi chú: khu công nghiệp sinh thái Nam Cầu Kiền.", encoding="utf-8")
    assert extract_doc(text).reading.container == "txt"
