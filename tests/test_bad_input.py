"""A batch full of bad files: each gets a clear reason, the rest ingests, nothing indexed before is lost."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from test_converters import cp1258_bytes

from ingest.legacy_encoding import encode_tcvn3, encode_vni
from kb.config import Settings
from kb.index.ingestion import ingest
from kb.index.store import load_snapshot

pytestmark = pytest.mark.slow
SENTENCE = "Khu công nghiệp sinh thái Hiệp Phước triển khai cộng sinh công nghiệp với các doanh nghiệp."


def _pdf(path: Path, font: Path, lines: list[str]) -> Path:
    if "DejaVuBad" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuBad", str(font)))
    pdf = canvas.Canvas(str(path))
    pdf.setFont("DejaVuBad", 11)
    for i, line in enumerate(lines):
        pdf.drawString(40, 780 - 16 * i, line)
    pdf.showPage()
    pdf.save()
    return path


def _bad_files(folder: Path, font: Path) -> dict[str, str]:
    """Write the bad files; returns file name -> a phrase its failure reason must contain."""
    expected: dict[str, str] = {}
    good_pdf = _pdf(folder / "good-source.pdf.tmp", font, [SENTENCE] * 3)
    data = good_pdf.read_bytes()
    good_pdf.unlink()
    (folder / "corrupt.pdf").write_bytes(data[: len(data) // 3])
    expected["corrupt.pdf"] = "damaged or truncated"
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    with (folder / "encrypted.pdf").open("wb") as handle:
        writer.write(handle)
    expected["encrypted.pdf"] = "encrypted"
    scan = canvas.Canvas(str(folder / "scanned.pdf"))
    scan.drawImage(ImageReader(Image.new("RGB", (120, 60), "white")), 50, 500, 400, 200)
    scan.showPage()
    scan.save()
    expected["scanned.pdf"] = "PDF pages are blank"
    (folder / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "empty file"
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    expected["binary.txt"] = "binary data"
    tcvn3, vni = encode_tcvn3(SENTENCE).decode("cp1252"), encode_vni(SENTENCE).decode("cp1252")
    (folder / "tcvn3-and-vni.txt").write_text(f"{tcvn3}\n{vni}\n{tcvn3}\n{vni}", encoding="utf-8")
    expected["tcvn3-and-vni.txt"] = "cannot be told apart"
    (folder / "garbage.doc").write_bytes(bytes(range(256)) * 40)
    expected["garbage.doc"] = "not a Word document"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff" + b"0" * 100)
    (folder / "fake.docx").write_bytes(buffer.getvalue())
    expected["fake.docx"] = "not a valid Word"
    (folder / "too-big.txt").write_text(SENTENCE * 20000, encoding="utf-8")  # ~1.9 MB, limit set to 1 MB
    expected["too-big.txt"] = "over the 1.0 MB limit"
    return expected


def test_bad_batch_reports_each_file_and_keeps_everything_else(tmp_path, unicode_font):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "đã-có.md").write_text(
        "# Tài liệu cũ\n\nBản tin về KCN Amata Biên Hòa và mô hình sinh thái.", encoding="utf-8"
    )
    settings = Settings.load().with_overrides(index_dir=tmp_path / "index", max_file_mb=1.0)
    first = ingest([corpus], settings)
    assert first.count("added") == 1 and not first.failed

    expected = _bad_files(corpus, unicode_font)
    # Files that look odd but are fine: NFD text, zero-width and control characters, Windows-1258,
    # an odd Unicode file name.
    (corpus / "nfd.txt").write_text(unicodedata.normalize("NFD", SENTENCE), encoding="utf-8")
    (corpus / "zero-width.txt").write_text(
        "Khu\u200b công\u200d nghiệp\x07 Trà Nóc\ufeff sinh thái.", encoding="utf-8"
    )
    (corpus / "windows-1258.txt").write_bytes(cp1258_bytes("Doanh nghiệp ở Hòa Khánh tiết kiệm năng lượng."))
    (corpus / "tài liệu \u202e(1).txt").write_text(
        "Cộng sinh công nghiệp tại Nam Cầu Kiền.", encoding="utf-8"
    )
    (corpus / "notes.xyz").write_text("không phải tài liệu", encoding="utf-8")
    # Files that used to be refused and now convert: legacy encodings (whole, or mixed with Unicode),
    # an RTF and a web page named .doc.
    (corpus / "tcvn3.txt").write_bytes(encode_tcvn3("KCN Đình Vũ tái sử dụng nước thải cho nhà máy. " * 3))
    (corpus / "vni.txt").write_bytes(encode_vni("KCN Long Đức lắp đặt điện mặt trời áp mái. " * 3))
    (corpus / "mixed.txt").write_text(
        "Báo cáo mới bằng Unicode về khu công nghiệp.\n"
        + encode_tcvn3("Đoạn cũ: KCN Phố Nối A dùng chung lò hơi giữa các doanh nghiệp.").decode("cp1252"),
        encoding="utf-8",
    )
    (corpus / "rtf.doc").write_bytes(
        b"{\\rtf1\\ansi{\\fonttbl{\\f0 Times;}}\\f0 KCN Qu\\u7871? Ph\\u250?: t\\u225?i ch\\u7871? ph\\u7871? li\\u7879?u.\\par}"
    )
    (corpus / "web.doc").write_text(
        "<html><body><p>KCN Bắc Thăng Long thu gom nhiệt dư từ lò hơi.</p></body></html>", encoding="utf-8"
    )

    report = ingest([corpus], settings)
    reasons = {Path(f.path).name: f.reason for f in report.failed}
    assert set(reasons) == set(expected), reasons
    for name, phrase in expected.items():
        assert phrase in reasons[name], (name, reasons[name])
        assert "Traceback" not in reasons[name] and len(reasons[name].splitlines()) == 1
    skipped = {Path(f.path).name: f.reason for f in report.files if f.status == "skipped"}
    assert "unsupported file type" in skipped["notes.xyz"]
    assert report.count("unchanged") == 1 and report.count("added") == 9

    snapshot = load_snapshot(settings.index_dir)
    texts = " ".join(c.text for c in snapshot.chunks)
    assert "KCN Amata Biên Hòa" in texts  # indexed before: not lost
    assert unicodedata.normalize("NFC", SENTENCE) in texts  # NFD came in as NFC
    assert "Khu công nghiệp Trà Nóc sinh thái." in texts  # invisible characters gone
    assert "Hòa Khánh tiết kiệm năng lượng" in texts  # Windows-1258 decoded
    assert "KCN Đình Vũ tái sử dụng nước thải" in texts and "KCN Long Đức lắp đặt điện" in texts
    assert "Đoạn cũ: KCN Phố Nối A dùng chung lò hơi" in texts and "Báo cáo mới bằng Unicode" in texts
    assert "KCN Quế Phú: tái chế phế liệu." in texts and "KCN Bắc Thăng Long thu gom nhiệt dư" in texts
    converted = {Path(d.path).name: d.extra.get("reading", {}) for d in snapshot.documents.values()}
    assert converted["tcvn3.txt"]["legacy_encoding"] == "TCVN3" and converted["vni.txt"]["legacy_encoding"] == "VNI"
    assert converted["mixed.txt"]["legacy_mixed"] is True
    assert converted["rtf.doc"]["container"] == "rtf" and converted["web.doc"]["container"] == "html"
    assert any(d.path.endswith("(1).txt") for d in snapshot.documents.values())  # odd Unicode name indexed
    assert all(unicodedata.is_normalized("NFC", c.text) for c in snapshot.chunks)


def test_default_limit_refuses_a_51_mb_file_with_a_clear_reason(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.md").write_text("# Ghi chú\n\nKCN Hòa Khánh tái sử dụng nước.", encoding="utf-8")
    big = corpus / "bao-cao-lon.txt"
    with big.open("wb") as handle:  # sparse: 51 MB on paper, nothing much on disk
        handle.truncate(51 * 1024 * 1024)
    settings = Settings.load().with_overrides(index_dir=tmp_path / "index", max_file_mb=50.0)
    report = ingest([corpus], settings)
    (failed,) = report.failed
    assert Path(failed.path).name == "bao-cao-lon.txt"
    assert "over the 50.0 MB limit" in failed.reason and "KB_MAX_FILE_MB" in failed.reason
    assert report.count("added") == 1
