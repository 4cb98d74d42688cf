"""Ingest components on tiny texts (no model): metadata, structure-aware chunks, the chunk writer."""

import numpy as np
import pytest
from haystack import Document
from tiny_index import chunk_documents

from ingest.chunk_writer import ChunkBatch, ChunkWriter
from ingest.document_enricher import DocumentEnricher
from ingest.manifest import Instrument
from ingest.structure_aware_splitter import StructureAwareSplitter

DECREE = """CHÍNH PHỦ
Số: 82/2018/NĐ-CP
Hà Nội, ngày 22 tháng 5 năm 2018
NGHỊ ĐỊNH
QUY ĐỊNH VỀ QUẢN LÝ KHU CÔNG NGHIỆP VÀ KHU KINH TẾ
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về quy hoạch, thành lập khu công nghiệp.
Điều 2. Giải thích từ ngữ
1. Khu công nghiệp là khu vực có ranh giới địa lý xác định.
2. Khu công nghiệp sinh thái là khu công nghiệp có doanh nghiệp tham gia cộng sinh công nghiệp.
"""


def test_the_enricher_reads_the_legal_header_and_the_register():
    instruments = {"82/2018/NĐ-CP": Instrument(number="82/2018/NĐ-CP", status="replaced-by: 35/2022/NĐ-CP")}
    out = DocumentEnricher().run(
        documents=[Document(content=DECREE, meta={"file_path": "nd82.txt"})],
        file_metadata={"nd82.txt": {"doc_id": "nd82"}},
        instruments=instruments,
    )["documents"][0]
    assert out.meta["doc_kind"] == "decree" and out.meta["doc_number"] == "82/2018/NĐ-CP"
    assert out.meta["doc_status"] == "replaced-by: 35/2022/NĐ-CP"
    assert out.meta["doc_label"] == "Nghị định 82/2018/NĐ-CP" and out.meta["is_legal"]


def test_a_decree_is_chunked_by_article_with_its_provision_path():
    batch, chunks = chunk_documents({"nd82": ({}, DECREE)})
    paths = [c.meta["provision_path"] for c in chunks]
    assert paths[0] == "Nghị định 82/2018/NĐ-CP › Phần mở đầu"  # header and preamble
    assert [p.rsplit(" › ", 1)[-1] for p in paths[1:]] == ["Điều 1", "Điều 2"]
    assert all(p.startswith("Nghị định 82/2018/NĐ-CP › ") for p in paths)
    outline = batch.outlines["nd82"]
    clauses = [p for p in outline["provisions"] if p["kind"] == "clause"]
    assert len(clauses) == 2  # khoản 1 and 2 of Điều 2, for exact lookups


def test_prose_chunks_respect_the_word_limits_and_never_split_a_sentence():
    sentences = [f"Câu số {i} nói về cộng sinh công nghiệp tại khu công nghiệp sinh thái." for i in range(60)]
    _, chunks = chunk_documents({"ws": ({"kind": "workshop"}, " ".join(sentences))}, min_words=40, max_words=80)
    assert len(chunks) > 5
    for chunk in chunks:
        words = len(chunk.content.split())
        assert words <= 80
        assert chunk.content.rstrip().endswith(".")
    assert "".join(c.content.replace(" ", "") for c in chunks) == "".join(sentences).replace(" ", "")


def test_the_splitter_validates_its_settings():
    with pytest.raises(ValueError, match="min_words"):
        StructureAwareSplitter(min_words=300, max_words=100)


def test_the_writer_stores_tokens_and_sentence_spans():
    batch = ChunkBatch()
    chunk = Document(
        content="KCN Hiệp Phước có 90 doanh nghiệp. Họ trao đổi chất thải.",
        meta={"doc_id": "hp", "chunk_index": 0, "heading": "Cộng sinh"},
        embedding=[1.0, 0.0],
    )
    assert ChunkWriter(batch).run(documents=[chunk])["documents_written"] == 1
    (meta,) = batch.metas["hp"]
    assert [s[:2] for s in meta["sentences"]] == [[0, 34], [35, 57]]
    tokens = batch.tokens["hp"][0]
    assert tokens[:2] == ["cộng_sinh", "kcn"]  # the heading is searched too
    assert "~phuoc" in tokens and np.allclose(batch.vectors["hp"][0], [1.0, 0.0])
    with pytest.raises(ValueError, match="no embedding"):
        ChunkWriter(batch).run(documents=[Document(content="x", meta={"doc_id": "z"})])
