"""End to end: real converters, real e5 model, real FAISS and BM25, index on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kb.cli import main as kb_main
from kb.config import Settings
from kb.index.ingestion import ingest
from kb.index.store import load_snapshot
from kb.knowledge_base import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory) -> tuple[Settings, object]:
    """The demo corpus ingested once into a fresh index."""
    index_dir = tmp_path_factory.mktemp("index")
    settings = Settings.load().with_overrides(index_dir=index_dir)
    report = ingest([REPO / "corpus"], settings)
    return settings, report


@pytest.fixture(scope="module")
def base(corpus_index) -> KnowledgeBase:
    settings, _ = corpus_index
    return KnowledgeBase.open(settings)


def _doc_ids(hits) -> list[str]:
    return [hit.document.doc_id for hit in hits]


def test_whole_corpus_ingests_without_failures(corpus_index):
    _, report = corpus_index
    assert report.failed == []
    assert report.count("added") == 11
    assert report.chunks == report.embedded > 11


def test_index_reloads_from_disk_with_metadata(corpus_index, base):
    _, report = corpus_index
    stats = base.stats()
    assert stats["documents"] == 11
    assert stats["chunks"] == report.chunks
    assert stats["dimension"] == 384
    assert stats["documents_by_kind"] == {"case-study": 4, "summary": 2, "workshop": 5}
    summary = base.snapshot.documents["fs-nd82-2018-tieu-chi"]
    assert summary.info["status"] == "replaced-by: 35/2022/NĐ-CP"
    # The fact sheet's provenance header is kept as metadata, not searched as text.
    assert "NGUỒN" in str(summary.extra.get("source_header", ""))
    assert all("NGUỒN / SOURCE" not in c.text for c in base.snapshot.chunks)


def test_chunks_are_verbatim_slices_of_the_file(base):
    for chunk in base.snapshot.chunks:
        document = base.snapshot.documents[chunk.doc_id]
        raw = (REPO / document.path).read_text(encoding="utf-8")
        from kb.text.normalize import normalize_text

        text = normalize_text(raw)
        start, end = int(chunk.meta["start"]), int(chunk.meta["end"])
        assert text[start:end].strip() in chunk.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cộng sinh công nghiệp tại KCN Hiệp Phước", "ws-2022-11-hiep-phuoc"),
        ("cong sinh cong nghiep tai KCN Hiep Phuoc", "ws-2022-11-hiep-phuoc"),
        ("Sonadezi Long Thành hội thảo khởi động", "ws-2018-06-khoi-dong-ifc-vncpc"),
        ("Shinec Phạm Hồng Điệp", "cs-nam-cau-kien"),
    ],
)
def test_bm25_finds_the_expected_document(base, query, expected):
    assert _doc_ids(base.bm25_search(query, k=3))[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "Doanh nghiệp ở Hiệp Phước gặp khó khăn gì khi thực hiện cộng sinh công nghiệp?",
            "ws-2022-11-hiep-phuoc",
        ),
        ("Which Danish town exchanges gypsum and steam between companies?", "cs-kalundborg"),
        (
            "tỷ lệ diện tích cây xanh tối thiểu trong khu công nghiệp sinh thái theo Nghị định 82",
            "fs-nd82-2018-tieu-chi",
        ),
    ],
)
def test_dense_finds_the_expected_document(base, query, expected):
    assert expected in _doc_ids(base.dense_search(query, k=3))


def test_reingest_of_unchanged_corpus_embeds_nothing(corpus_index):
    settings, first = corpus_index
    generation = (settings.index_dir / "CURRENT").read_text()
    again = ingest([REPO / "corpus"], settings)
    assert again.embedded == 0
    assert again.count("unchanged") == 11
    assert not again.committed
    assert (settings.index_dir / "CURRENT").read_text() == generation
    assert again.chunks == first.chunks


# ----------------------------------------------------------------------------- incremental


@pytest.fixture
def small_corpus(tmp_path) -> tuple[Path, Settings]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hiep-phuoc.txt").write_text(
        "Cộng sinh công nghiệp tại Hiệp Phước\n\nCác doanh nghiệp trong KCN Hiệp Phước trao đổi hơi nước "
        "và nước thải đã xử lý để tiết kiệm chi phí.",
        encoding="utf-8",
    )
    (corpus / "kalundborg.md").write_text(
        "# Kalundborg\n\nThe power station sells surplus steam and gypsum to its neighbours.",
        encoding="utf-8",
    )
    (corpus / "amata.txt").write_text(
        "KCN Amata Biên Hòa\n\nAmata chuyển đổi sang mô hình khu công nghiệp sinh thái từ năm 2020.",
        encoding="utf-8",
    )
    settings = Settings.load().with_overrides(index_dir=tmp_path / "index")
    return corpus, settings


def test_changed_file_is_replaced_and_deleted_file_disappears(small_corpus):
    corpus, settings = small_corpus
    first = ingest([corpus], settings)
    assert first.count("added") == 3 and not first.failed

    (corpus / "amata.txt").write_text(
        "KCN Amata Biên Hòa\n\nAmata xây dựng nhà máy điện mặt trời áp mái để cung cấp năng lượng sạch.",
        encoding="utf-8",
    )
    (corpus / "kalundborg.md").unlink()
    second = ingest([corpus], settings)
    assert (
        second.count("added"),
        second.count("updated"),
        second.count("unchanged"),
        second.count("removed"),
    ) == (
        0,
        1,
        1,
        1,
    )
    assert second.embedded == 1

    base = KnowledgeBase.open(settings)
    texts = " ".join(c.text for c in base.snapshot.chunks)
    assert "điện mặt trời" in texts and "từ năm 2020" not in texts
    assert "Kalundborg" not in texts
    assert {d.path.rsplit("/", 1)[-1] for d in base.snapshot.documents.values()} == {
        "hiep-phuoc.txt",
        "amata.txt",
    }
    assert _doc_ids(base.bm25_search("dien mat troi ap mai", k=1)) == ["amata"]


def test_reingest_from_another_folder_keeps_ids_and_embeds_nothing(small_corpus, monkeypatch):
    """Paths are stored relative to where ingest ran; run again from elsewhere, nothing changes."""
    corpus, settings = small_corpus
    monkeypatch.chdir(corpus.parent)
    first = ingest([Path("corpus")], settings)
    assert first.count("added") == 3
    before = {d.doc_id: d.path for d in load_snapshot(settings.index_dir).documents.values()}
    assert before["amata"] == "corpus/amata.txt"

    elsewhere = corpus.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again = ingest([corpus], settings)
    assert again.count("unchanged") == 3 and again.embedded == 0 and not again.committed

    (corpus / "amata.txt").write_text("KCN Amata\n\nAmata xây dựng điện mặt trời áp mái.", encoding="utf-8")
    third = ingest([corpus], settings)
    assert (third.count("updated"), third.count("unchanged"), third.count("added")) == (1, 2, 0)
    after = load_snapshot(settings.index_dir).documents
    assert set(after) == set(before)  # same ids: no "amata-3f2c1a" beside "amata"
    assert after["amata"].path == str(corpus / "amata.txt")


def test_bad_file_is_reported_and_the_rest_indexed(small_corpus):
    corpus, settings = small_corpus
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    report = ingest([corpus], settings)
    assert [f.path.rsplit("/", 1)[-1] for f in report.failed] == ["broken.pdf"]
    assert report.failed[0].reason
    assert report.count("added") == 3
    assert len(load_snapshot(settings.index_dir).documents) == 3


def test_a_file_that_turns_bad_keeps_its_last_good_version(small_corpus):
    corpus, settings = small_corpus
    ingest([corpus], settings)
    (corpus / "amata.txt").write_bytes(b"\x00\x01\x02binary garbage\x00" * 50)
    report = ingest([corpus], settings)
    assert [f.path.rsplit("/", 1)[-1] for f in report.failed] == ["amata.txt"]
    texts = " ".join(c.text for c in load_snapshot(settings.index_dir).chunks)
    assert "Amata chuyển đổi" in texts


def test_cli_ingest_json_contract_and_exit_codes(small_corpus, capsys):
    corpus, settings = small_corpus
    index = str(settings.index_dir)
    assert kb_main(["ingest", str(corpus), "--index", index, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("added", "updated", "unchanged", "removed", "failed")} == {
        "added": 3,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "failed": [],
    }
    assert out["chunks"] == 3

    (corpus / "scan.txt").write_bytes(b"")
    assert kb_main(["ingest", str(corpus), "--index", index, "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["unchanged"] == 3 and [f["path"].rsplit("/", 1)[-1] for f in out["failed"]] == ["scan.txt"]

    assert kb_main(["ingest", str(corpus / "missing-folder"), "--index", index, "--json"]) == 2
    assert "no such file" in capsys.readouterr().err

    assert kb_main(["stats", "--index", index, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 3 and stats["dimension"] == 384 and stats["index_bytes"] > 0


def test_cli_stats_on_missing_index_is_a_usage_error(tmp_path, capsys):
    assert kb_main(["stats", "--index", str(tmp_path / "none")]) == 2
    assert "kb ingest" in capsys.readouterr().err


def test_ingest_copies_of_the_corpus_from_another_folder(tmp_path):
    """A manifest found next to the files is applied wherever the corpus lives."""
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus" / "factsheets", corpus / "factsheets")
    shutil.copy(REPO / "corpus" / "manifest.toml", corpus / "manifest.toml")
    settings = Settings.load().with_overrides(index_dir=tmp_path / "index")
    report = ingest([corpus / "factsheets" / "08_case_kalundborg_denmark_en.txt"], settings)
    assert report.count("added") == 1
    (doc,) = load_snapshot(settings.index_dir).documents.values()
    assert doc.doc_id == "cs-kalundborg" and doc.info["kind"] == "case-study"


# ----------------------------------------------------------------------------- legal PDFs


def test_decree_pdf_gets_provision_paths_pages_and_status(tmp_path, unicode_font):
    """A user's own decree PDF (no manifest): structure, pages and status come from the text."""
    from legal_fixtures import DECREE, decree_pdf

    folder = tmp_path / "incoming"
    folder.mkdir()
    data, article_pages = decree_pdf(unicode_font)
    (folder / "35-ndcp.pdf").write_bytes(data)
    old_text = DECREE.replace("Số: 35/2022/NĐ-CP", "Số: 82/2018/NĐ-CP").replace("năm 2022", "năm 2018")
    (folder / "82-2018.pdf").write_bytes(decree_pdf(unicode_font, old_text)[0])
    settings = Settings.load().with_overrides(index_dir=tmp_path / "index")
    report = ingest([folder], settings)
    assert not report.failed and report.count("added") == 2

    snapshot = load_snapshot(settings.index_dir)
    by_number = {doc.info["number"]: doc for doc in snapshot.documents.values()}
    current, replaced = by_number["35/2022/NĐ-CP"], by_number["82/2018/NĐ-CP"]
    assert current.info["kind"] == "decree" and current.info["status"] == "in-force"
    assert current.info["issued"] == "2022-05-28"
    assert replaced.info["status"] == "replaced-by: 35/2022/NĐ-CP"
    assert current.extra["format"] == "pdf" and current.extra["page_count"] >= 3

    chunks = [c for c in snapshot.chunks if c.doc_id == current.doc_id]
    paths = [str(c.meta["provision_path"]) for c in chunks]
    assert "Nghị định 35/2022/NĐ-CP › Chương I › Điều 1" in paths
    assert any(p.startswith("Nghị định 35/2022/NĐ-CP › Chương V › Điều 37 › khoản") for p in paths)
    for chunk in chunks:
        provision = chunk.meta["provision"]
        if provision.get("article") and "clause" not in provision:
            assert chunk.meta["page"] == article_pages[provision["article"]]
    # "theo Điều 9" inside Điều 1 did not start an article; each real article is there once.
    articles = [c.meta["provision"].get("article") for c in chunks if c.meta["provision"]]
    assert sorted(set(articles), key=int) == ["1", "2", "9", "37", "38"]
    # Long Điều 37 was split by clause, each piece carrying the article heading.
    pieces = [c for c in chunks if c.meta["provision"].get("article") == "37"]
    assert len(pieces) > 1 and all(p.text.startswith("Điều 37.") for p in pieces)

    base = KnowledgeBase.open(settings)
    top = base.bm25_search("tiêu chí xác định khu công nghiệp sinh thái 25% diện tích cây xanh", k=1)[0]
    assert top.chunk.meta["provision"]["article"] == "37"
