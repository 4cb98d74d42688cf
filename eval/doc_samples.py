"""Word 97–2003 (.doc) and RTF samples of known text, made with LibreOffice (headless).

Each sample is written as a .docx with python-docx (paragraphs, one table), then converted by
LibreOffice 7.4 (Debian's ``libreoffice-writer-nogui``) to Word 97 (``doc:"MS Word 97"``) and
RTF. The expected text is what ingest must give back exactly: the paragraphs one per line, table
rows as "a | b". TCVN3 and VNI samples are typed the way old documents were (the legacy bytes
shown as Windows-1252 characters, as .VnTime / VNI-Times text is stored); their expected text is
the Unicode original.

``python -m eval.doc_samples tests/data/word97`` writes the samples the tests use (committed, so
that the tests need no LibreOffice); the benchmark (``eval/ocr_bench.py``) makes fresh ones, plus
a long one from a workshop report of ``corpus/``, when LibreOffice is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx

from ingest.legacy_encoding import encode_tcvn3, encode_vni

LEGAL = [
    "NGHỊ ĐỊNH QUY ĐỊNH VỀ QUẢN LÝ KHU CÔNG NGHIỆP VÀ KHU KINH TẾ",
    "Điều 1. Phạm vi điều chỉnh",
    "1. Nghị định này quy định về quản lý khu công nghiệp và khu kinh tế, bao gồm đầu tư xây dựng hạ tầng "
    "kỹ thuật, hạ tầng xã hội; ưu đãi đầu tư; quản lý nhà nước đối với khu công nghiệp sinh thái.",
    "2. Doanh nghiệp sinh thái phải đáp ứng đủ tiêu chí về sản xuất sạch hơn, sử dụng hiệu quả tài nguyên "
    "và cộng sinh công nghiệp.",
    "Điều 2. Đối tượng áp dụng",
    "Cơ quan, tổ chức, cá nhân có liên quan đến hoạt động đầu tư, sản xuất, kinh doanh trong khu công nghiệp.",
]
TABLE = [["KCN", "Tỉnh, thành phố"], ["Hiệp Phước", "TP. Hồ Chí Minh"], ["Khánh Phú", "Ninh Bình"]]
TONES = (
    "ăn nằm cắt thẳng ẵm mặt; tâm cần cấp chuẩn dẫn luật; đất; bên về kế để dễ nghiệp; công đồng số tổ mỗi hộ"
)
TONES2 = "hơn người lớn ở vỡ hợp; như từ cứu sử những thực; ĂN ẤN ĐẤT ỀU ỔN ỞI ỨNG."


@dataclass(frozen=True)
class Sample:
    """One document: what is typed into it, and the text ingest must return."""

    name: str
    typed: list[str]
    expected: list[str]
    table: list[list[str]] | None = None

    @property
    def expected_text(self) -> str:
        rows = [" | ".join(row) for row in self.table] if self.table else []
        return "\n".join([*self.expected[:2], *rows, *self.expected[2:]] if rows else self.expected)


def samples() -> list[Sample]:
    legacy = [LEGAL[1], LEGAL[2], TONES]
    return [
        Sample("nghi-dinh", LEGAL, LEGAL, TABLE),
        Sample("ngan", ["Khu công nghiệp sinh thái Hiệp Phước."], ["Khu công nghiệp sinh thái Hiệp Phước."]),
        Sample("tcvn3", [encode_tcvn3(p).decode("cp1252") for p in legacy], legacy),
        Sample("vni", [encode_vni(p).decode("cp1252") for p in [*legacy, TONES2]], [*legacy, TONES2]),
    ]


def write_docx(sample: Sample, path: Path) -> Path:
    document = docx.Document()
    for i, paragraph in enumerate(sample.typed):
        document.add_paragraph(paragraph)
        if i == 1 and sample.table:
            table = document.add_table(rows=len(sample.table), cols=len(sample.table[0]))
            for r, row in enumerate(sample.table):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.save(str(path))
    return path


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, out_dir: Path, target: str) -> Path:
    """LibreOffice headless: ``target`` is "doc" (Word 97) or "rtf"."""
    office = libreoffice()
    if office is None:
        raise RuntimeError("LibreOffice is not installed (Debian: libreoffice-writer-nogui)")
    filters = {"doc": "doc:MS Word 97", "rtf": "rtf"}
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", filters[target],
             "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    return out_dir / f"{source.stem}.{target}"


def build(out_dir: Path, extra: list[Sample] | None = None) -> list[tuple[Sample, Path]]:
    """Write every sample as .doc (and the legal one as .rtf) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Sample, Path]] = []
    with tempfile.TemporaryDirectory() as work:
        for sample in [*samples(), *(extra or [])]:
            source = write_docx(sample, Path(work) / f"{sample.name}.docx")
            made.append((sample, convert(source, out_dir, "doc")))
            if sample.name == "nghi-dinh":
                made.append((sample, convert(source, out_dir, "rtf")))
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/word97")
    for sample, path in build(target):
        print(path, len(sample.expected_text), "characters expected")
