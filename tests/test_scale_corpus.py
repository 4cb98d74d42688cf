"""Scale work: the synthetic corpus generator, the IVF dense index, lazily read generations (format 3)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from tiny_index import tiny_snapshot

from eval.scale_corpus import Pool, Vocabulary, build, write_bm25
from kb.config import ConfigError, Settings
from kb.index.bm25 import BM25Index
from kb.index.dense import DenseIndex, dense_kind
from kb.index.rows import JsonRows
from kb.index.store import commit_snapshot, load_snapshot
from kb.text.lexical_analyzer import FOLDED_PREFIX, folded_syllables

LAW = (
    "LUẬT BẢO VỆ MÔI TRƯỜNG\n\n"
    "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về hoạt động bảo vệ môi trường. "
    "Quyền và nghĩa vụ của cơ quan, tổ chức được quy định rõ.\n\n"
    "Điều 2. Khu công nghiệp sinh thái\nKhu công nghiệp sinh thái là khu công nghiệp có doanh nghiệp "
    "tham gia cộng sinh công nghiệp. Nước thải được tái sử dụng giữa các nhà máy.\n\n"
    "Điều 3. Trách nhiệm\nỦy ban nhân dân cấp tỉnh kiểm tra việc xử lý chất thải rắn. "
    "Doanh nghiệp báo cáo kết quả hằng năm.\n"
)
REPORT = (
    "Báo cáo hội thảo\n\nKCN Hiệp Phước chia sẻ hơi nước và nước thải đã xử lý. "
    "Các doanh nghiệp tiết kiệm năng lượng nhờ cộng sinh công nghiệp. Hội thảo kết thúc năm 2023.\n"
)


@pytest.fixture(scope="module")
def pool_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pool")
    snapshot = tiny_snapshot({"luat-bvmt": ({}, LAW), "hoi-thao": ({}, REPORT)})
    commit_snapshot(folder, snapshot)
    return folder


def test_bm25_written_from_token_ids_equals_bm25s(tmp_path):
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(40)] + ["~a", "~b"]
    token_lists = [[words[int(i)] for i in rng.integers(0, len(words), int(rng.integers(1, 30)))] for _ in range(60)]
    token_lists[7] = []  # an empty chunk counts as one placeholder token, as in BM25Index.build
    vocabulary = Vocabulary()
    ids = [vocabulary.encode(tokens) for tokens in token_lists]
    write_bm25(tmp_path / "bm25", vocabulary, ids)
    written = BM25Index.load(tmp_path / "bm25", len(token_lists), mmap=True)
    built = BM25Index.build(token_lists)
    for query in (["w1"], ["w1", "w2", "w2", "~a"], ["nothing"], words[:12]):
        np.testing.assert_allclose(written.scores(query), built.scores(query), rtol=1e-5, atol=1e-6)


def test_generator_writes_a_generation_the_product_loads(pool_index, tmp_path):
    pool = Pool([load_snapshot(pool_index)])
    total = len(pool) + 45
    report = build(pool, total, tmp_path / "scale", dense_index="flat")
    assert report["chunks"] == total and report["dense_index"] == "flat"
    snapshot = load_snapshot(tmp_path / "scale")
    assert len(snapshot.chunks) == len(snapshot.tokens) == len(snapshot.vectors) == total
    assert isinstance(snapshot.chunks, JsonRows) and isinstance(snapshot.tokens, JsonRows)
    # the pool's chunks come first, unchanged, with their real vectors
    for row in range(len(pool)):
        assert snapshot.chunks[row] == pool.chunks[row]
        np.testing.assert_array_equal(snapshot.vectors[row], pool.vectors[row])
    np.testing.assert_allclose(np.linalg.norm(snapshot.vectors, axis=1), 1.0, rtol=1e-5)
    codes = snapshot.doc_codes()
    documents = list(snapshot.documents)
    for row in range(len(pool), total):
        chunk = snapshot.chunks[row]
        assert documents[codes[row]] == chunk.doc_id and chunk.doc_id.startswith("syn-")
        tokens = snapshot.tokens[row]
        words = [t for t in tokens if not t.startswith(FOLDED_PREFIX)]
        assert tokens == words + folded_syllables(words)  # what the analyser would store
        for start, end, first, last in chunk.meta["sentences"]:  # sentence spans index text and words
            assert chunk.text[start:end].strip() and 0 <= first <= last <= len(words)
        assert chunk.meta["synthetic"]["source"]
    assert sum(1 for doc in snapshot.documents.values() if doc.doc_id.startswith("syn-")) == 3  # 20 per document
    # its BM25 equals bm25s over the same token lists
    built = BM25Index.build(list(snapshot.tokens))
    for query in (["khu_công_nghiệp"], ["~cong", "~nghiep", "doanh_nghiệp"], ["nước_thải", "nước_thải"]):
        np.testing.assert_allclose(snapshot.bm25.scores(query), built.scores(query), rtol=1e-5, atol=1e-6)
    assert set(snapshot.chunks_of(snapshot.chunks[total - 1].doc_id)) == set(range(total - 5, total))


def test_format_2_generations_still_load(pool_index, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(pool_index, folder)
    generation = folder / (folder / "CURRENT").read_text().strip()
    tokens = [json.loads(line) for line in (generation / "tokens.jsonl").read_text(encoding="utf-8").splitlines()]
    (generation / "tokens.json").write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
    for name in ("tokens.jsonl", "tokens.offsets.npy", "chunks.offsets.npy", "chunk_docs.npy"):
        (generation / name).unlink()
    meta = json.loads((generation / "meta.json").read_text(encoding="utf-8"))
    (generation / "meta.json").write_text(json.dumps({**meta, "format_version": 2}), encoding="utf-8")
    old, new = load_snapshot(folder), load_snapshot(pool_index)
    assert isinstance(old.chunks, list) and list(old.chunks) == list(new.chunks)
    assert list(old.tokens) == list(new.tokens)
    np.testing.assert_array_equal(old.doc_codes(), new.doc_codes())


def test_ivf_dense_index_recall_and_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(40, 32))
    vectors = centres[rng.integers(0, 40, 6000)] + 0.5 * rng.normal(size=(6000, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    flat, ivf = DenseIndex.build(vectors, "flat"), DenseIndex.build(vectors, "ivf", nprobe=16)
    assert (flat.kind, ivf.kind, ivf.nprobe) == ("flat", "ivf", 16)
    queries = vectors[:50] + 0.1 * rng.normal(size=(50, 32)).astype(np.float32)
    recall = np.mean([len(set(flat.search(q, 10)[1]) & set(ivf.search(q, 10)[1])) / 10 for q in queries])
    assert recall >= 0.9
    ivf.save(tmp_path / "dense.faiss")
    loaded = DenseIndex.load(tmp_path / "dense.faiss")
    assert (loaded.kind, loaded.nprobe, len(loaded)) == ("ivf", 16, 6000)
    np.testing.assert_array_equal(loaded.search(queries[0], 10)[1], ivf.search(queries[0], 10)[1])


def test_dense_index_setting(monkeypatch, tmp_path):
    assert dense_kind("auto", 1000) == "flat" and dense_kind("auto", 10**6) == "ivf"
    assert dense_kind("flat", 10**6) == "flat" and dense_kind("ivf", 10) == "ivf"
    with pytest.raises(ValueError):
        dense_kind("hnsw", 10)
    monkeypatch.setenv("KB_CONFIG", str(tmp_path / "absent.toml"))
    assert Settings.load().dense_index == "auto"
    monkeypatch.setenv("KB_DENSE_INDEX", "ivf")
    assert Settings.load().dense_index == "ivf"
    monkeypatch.setenv("KB_DENSE_INDEX", "hnsw")
    with pytest.raises(ConfigError, match="dense_index"):
        Settings.load()
