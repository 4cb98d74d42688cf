"""Legal header detection: kind, number, issuer, date, title and label."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.legal_header import detect_legal_header
from kb.text.legal_vocabulary import kind_from_number
from kb.text.normalize import normalize_text

DECREE_HEADER = """CHÍNH PHỦ
-------
Số: 35/2022/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Nội, ngày 28 tháng 5 năm 2022

NGHỊ ĐỊNH
QUY ĐỊNH VỀ QUẢN LÝ KHU CÔNG NGHIỆP VÀ KHU KINH TẾ

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Căn cứ Luật Đầu tư ngày 17 tháng 6 năm 2020;

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về quản lý khu công nghiệp và khu kinh tế.
"""

# The two header columns of a PDF merged on the same lines.
MERGED_COLUMNS_HEADER = """CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 35/2022/NĐ-CP Hà Nội, ngày 28 tháng 5 năm 2022
NGHỊ ĐỊNH
Quy định về quản lý khu công nghiệp
và khu kinh tế
Căn cứ Luật Đầu tư ngày 17 tháng 6 năm 2020;
"""

LAW_HEADER = """QUỐC HỘI
--------
Luật số: 72/2020/QH14
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Nội, ngày 17 tháng 11 năm 2020

LUẬT
BẢO VỆ MÔI TRƯỜNG

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Bảo vệ môi trường.
"""

DECISION_HEADER = """THỦ TƯỚNG CHÍNH PHỦ
Số 1234/QĐ-TTg
TP. Hồ Chí Minh, ngày 5/3/2021
QUYẾT ĐỊNH
Về việc phê duyệt đề án phát triển khu công nghiệp sinh thái
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt đề án.
"""


def test_decree_header() -> None:
    header = detect_legal_header(DECREE_HEADER)
    assert header is not None
    assert header.kind == "decree"
    assert header.kind_vi == "Nghị định"
    assert header.number == "35/2022/NĐ-CP"
    assert header.issuer == "CHÍNH PHỦ"
    assert header.issued == "2022-05-28"
    assert header.place == "Hà Nội"
    assert header.title == "QUY ĐỊNH VỀ QUẢN LÝ KHU CÔNG NGHIỆP VÀ KHU KINH TẾ"
    assert header.label == "Nghị định 35/2022/NĐ-CP"


def test_merged_columns_header() -> None:
    header = detect_legal_header(MERGED_COLUMNS_HEADER)
    assert header is not None
    assert (header.kind, header.number, header.issuer) == ("decree", "35/2022/NĐ-CP", "CHÍNH PHỦ")
    assert (header.issued, header.place) == ("2022-05-28", "Hà Nội")
    assert header.title == "Quy định về quản lý khu công nghiệp và khu kinh tế"


def test_law_header() -> None:
    header = detect_legal_header(LAW_HEADER)
    assert header is not None
    assert header.kind == "law"
    assert header.number == "72/2020/QH14"
    assert header.issuer == "QUỐC HỘI"
    assert header.issued == "2020-11-17"
    assert header.title == "Bảo vệ môi trường"
    assert header.label == "Luật Bảo vệ môi trường 72/2020/QH14"


def test_law_title_on_the_kind_line() -> None:
    text = "QUỐC HỘI\nLuật số: 72/2020/QH14\nLUẬT BẢO VỆ MÔI TRƯỜNG\nCăn cứ Hiến pháp;\n"
    header = detect_legal_header(text)
    assert header is not None
    assert header.label == "Luật Bảo vệ môi trường 72/2020/QH14"


def test_decision_header_stops_title_at_operative_line() -> None:
    header = detect_legal_header(DECISION_HEADER)
    assert header is not None
    assert header.kind == "decision"
    assert header.number == "1234/QĐ-TTg"
    assert header.issuer == "THỦ TƯỚNG CHÍNH PHỦ"
    assert header.issued == "2021-03-05"
    assert header.place == "TP. Hồ Chí Minh"
    assert header.title == "Về việc phê duyệt đề án phát triển khu công nghiệp sinh thái"
    assert header.label == "Quyết định 1234/QĐ-TTg"


@pytest.mark.parametrize(
    "number_line",
    [
        "Số: 35/2022/NĐ-CP",
        "Số:35/2022/NĐ-CP",
        "số: 35/2022/NĐ-CP",
        "Số: 35 / 2022 / NĐ-CP",
        "Số 35/2022/NĐ-CP",
        "Số: 35/2022/NĐ - CP",
    ],
)
def test_number_variants(number_line: str) -> None:
    text = DECREE_HEADER.replace("Số: 35/2022/NĐ-CP", number_line)
    header = detect_legal_header(text)
    assert header is not None
    assert header.number == "35/2022/NĐ-CP"


def test_recital_numbers_are_not_the_document_number() -> None:
    text = "CHÍNH PHỦ\n\nNGHỊ ĐỊNH\nQUY ĐỊNH VỀ KHU KINH TẾ\n\nCăn cứ Luật Đầu tư số 61/2020/QH14;\n"
    header = detect_legal_header(text)
    assert header is None or header.number is None


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("35/2022/NĐ-CP", "decree"),
        ("05/2025/TT-BKHĐT", "circular"),
        ("04/2022/TTLT-BTC-BCA", "joint_circular"),
        ("72/2020/QH14", "law"),
        ("1234/QĐ-TTg", "decision"),
        ("12/2023/NQ-CP", "resolution"),
        ("abc", None),
    ],
)
def test_kind_from_number(number: str, kind: str | None) -> None:
    assert kind_from_number(number) == kind


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Khu công nghiệp sinh thái\n\nTheo Nghị định số 35/2022/NĐ-CP, khu công nghiệp sinh thái là ...",
        "# Kalundborg\n\nThe Kalundborg Symbiosis is an industrial symbiosis in Denmark.",
        "LUẬT SƯ TƯ VẤN\nBài viết giới thiệu về khu công nghiệp.",
    ],
)
def test_prose_has_no_header(text: str) -> None:
    assert detect_legal_header(text) is None


# -- shared legal excerpts ---------------------------------------------------------------------


def _read(shared_dir: Path, pattern: str) -> str:
    files = sorted((shared_dir / "corpus" / "legal-excerpts").glob(pattern))
    if not files:
        pytest.skip(f"no {pattern} in {shared_dir}")
    return normalize_text(files[0].read_text(encoding="utf-8"))


def test_circular_excerpt_header(shared_dir: Path) -> None:
    header = detect_legal_header(_read(shared_dir, "02_*.txt"))
    assert header is not None
    assert header.kind == "circular"
    assert header.number == "05/2025/TT-BKHĐT"
    assert header.issued == "2025-01-24"
    assert header.issuer == "BỘ KẾ HOẠCH VÀ ĐẦU TƯ"
    assert header.title == "HƯỚNG DẪN XÂY DỰNG KHU CÔNG NGHIỆP SINH THÁI"
    assert header.label == "Thông tư 05/2025/TT-BKHĐT"


def test_prose_files_have_no_header(shared_dir: Path) -> None:
    files = sorted((shared_dir / "seeds").glob("*.txt")) + sorted(
        (shared_dir / "corpus" / "factsheets").glob("*.txt")
    )
    if not files:
        pytest.skip("no seeds or factsheets")
    for path in files:
        assert detect_legal_header(normalize_text(path.read_text(encoding="utf-8"))) is None, path.name
