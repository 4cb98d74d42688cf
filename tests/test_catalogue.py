"""What the knowledge base holds: ``kb stats --documents`` (text and JSON) and the holdings line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest.legacy_encoding import encode_tcvn3
from kb.catalogue import document_catalogue, holdings_line, missing_full_texts
from kb.cli import main
from kb.config import Settings
from kb.index.ingestion import ingest
from kb.index.store import load_snapshot

DATA = Path(__file__).parent / "data" / "word97"
DECREE_35 = (
    "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 35/2022/NĐ-CP\nHà Nội, ngày 28 tháng 5 năm 2022\n"
    "NGHỊ ĐỊNH\nQuy định về quản lý khu công nghiệp và khu kinh tế\n"
    "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định về quản lý khu công nghiệp và khu kinh tế.\n"
)


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("catalogue")
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "ghi-chu-cu.txt").write_bytes(
        encode_tcvn3("Ghi chép hội thảo: KCN Đình Vũ tái sử dụng nước thải cho các nhà máy trong khu. " * 2)
    )
    (corpus / "bao-cao.md").write_text(
        "# Report on Kalundborg\n\nThe companies exchange steam, water and gypsum between plants.",
        encoding="utf-8",
    )
    if shutil.which("catdoc"):
        shutil.copyfile(DATA / "nghi-dinh.doc", corpus / "nghi-dinh.doc")
    settings = Settings.load().with_overrides(index_dir=folder / "index")
    report = ingest([corpus], settings)
    assert not report.failed, report.failed
    return folder / "index"


@pytest.mark.slow
def test_every_document_with_how_it_was_read(index: Path) -> None:
    snapshot = load_snapshot(index)
    entries = {Path(e.path).name: e for e in document_catalogue(snapshot)}
    old = entries["ghi-chu-cu.txt"]
    assert old.language == "vi" and old.format == "txt"
    assert "chuyển từ mã TCVN3 / converted from TCVN3" in old.how_read
    assert "Chuyển tự động từ mã TCVN3 sang Unicode" in old.reliability
    assert old.ingested_at and old.chunks >= 1
    assert (
        entries["bao-cao.md"].language == "en"
        and entries["bao-cao.md"].how_read == "tệp Markdown / Markdown file"
    )
    if "nghi-dinh.doc" in entries:
        assert entries["nghi-dinh.doc"].how_read == "tệp Word 97–2003 .doc / Word 97–2003 .doc file (catdoc)"
    # The register of the shipped manifest: instruments in force whose full text is not held.
    missing = [m.number for m in missing_full_texts(snapshot)]
    assert "35/2022/NĐ-CP" in missing and "82/2018/NĐ-CP" not in missing  # 82/2018 was replaced
    line = holdings_line(snapshot)
    assert (
        line.startswith(f"{len(entries)} tài liệu: ") and "chưa có toàn văn Nghị định 35/2022/NĐ-CP" in line
    )
    assert " / " in line and "no full text yet of Decree 35/2022/NĐ-CP" in line


@pytest.mark.slow
def test_kb_stats_documents_text_and_json(index: Path, capsys, tmp_path: Path) -> None:
    assert main(["stats", "--documents", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert "tài liệu:" in out and "đọc / read: tệp TXT / TXT file; chuyển từ mã TCVN3" in out
    assert main(["stats", "--documents", "--json", "--index", str(index)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"documents", "missing_full_texts", "summary"}
    row = next(d for d in payload["documents"] if d["path"].endswith("ghi-chu-cu.txt"))
    for key in (
        "kind",
        "number",
        "status",
        "language",
        "pages",
        "how_read",
        "reliability",
        "ingested_at",
        "reading",
    ):
        assert key in row, key
    assert row["reading"]["legacy_encoding"] == "TCVN3"
    # Once the decree's full text is ingested, it is no longer listed as missing.
    copy = tmp_path / "index"
    shutil.copytree(index, copy)
    decree = tmp_path / "nd35.txt"
    decree.write_text(DECREE_35, encoding="utf-8")
    ingest([decree], Settings.load().with_overrides(index_dir=copy))
    assert "35/2022/NĐ-CP" not in [m.number for m in missing_full_texts(load_snapshot(copy))]
