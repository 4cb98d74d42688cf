import numpy as np
import pytest

from kb.index.snapshot import StoredChunk, StoredDocument
from kb.index.store import (
    CURRENT_FILE,
    IndexStoreError,
    build_snapshot,
    commit_snapshot,
    load_snapshot,
    writer_lock,
)
from kb.text.lexical_analyzer import bm25_tokens


def _snapshot(texts: list[str], seed: int = 0):
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(len(texts), 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    documents = {
        "d": StoredDocument(
            "d", "corpus/d.txt", "fp", "sha", 10, {"title": "Tài liệu", "kind": "workshop"}, len(texts)
        )
    }
    chunks = [StoredChunk(f"d#{i}", "d", i, t, {"page": None, "locator": ""}) for i, t in enumerate(texts)]
    return build_snapshot({"model": "test"}, documents, chunks, vectors, [bm25_tokens(t) for t in texts])


def test_empty_folder_has_no_snapshot(tmp_path):
    assert load_snapshot(tmp_path) is None


def test_commit_then_load_round_trip(tmp_path):
    texts = ["Khu công nghiệp sinh thái Hiệp Phước", "Kalundborg industrial symbiosis"]
    snap = _snapshot(texts)
    commit_snapshot(tmp_path, snap)
    loaded = load_snapshot(tmp_path)
    assert [c.text for c in loaded.chunks] == texts
    assert loaded.documents["d"].info["title"] == "Tài liệu"
    np.testing.assert_allclose(loaded.vectors, snap.vectors)
    scores, rows = loaded.dense.search(snap.vectors[1], 1)
    assert rows[0] == 1 and scores[0] == pytest.approx(1.0, abs=1e-5)
    assert np.argmax(loaded.bm25.scores(bm25_tokens("hiep phuoc"))) == 0
    assert loaded.meta["chunks"] == 2


def test_new_generation_replaces_old_and_keeps_one_previous(tmp_path):
    for seed in range(4):
        commit_snapshot(tmp_path, _snapshot([f"văn bản {seed}"], seed))
    generations = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("gen-"))
    assert len(generations) == 2  # the live one and the one before it
    live = (tmp_path / CURRENT_FILE).read_text()
    assert live == generations[-1]
    assert load_snapshot(tmp_path).chunks[0].text == "văn bản 3"


def test_interrupted_commit_leaves_the_live_generation_untouched(tmp_path, monkeypatch):
    commit_snapshot(tmp_path, _snapshot(["bản cũ"]))
    import kb.index.store as store

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store.np, "save", fail)
    with pytest.raises(OSError, match="disk full"):
        commit_snapshot(tmp_path, _snapshot(["bản mới"]))
    monkeypatch.undo()
    assert load_snapshot(tmp_path).chunks[0].text == "bản cũ"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_leftover_temporary_folder_is_ignored_and_cleaned(tmp_path):
    commit_snapshot(tmp_path, _snapshot(["một"]))
    junk = tmp_path / ".tmp-gen-crashed"
    junk.mkdir()
    (junk / "meta.json").write_text("{half")
    assert load_snapshot(tmp_path).chunks[0].text == "một"
    commit_snapshot(tmp_path, _snapshot(["hai"]))
    assert not junk.exists()


def test_damaged_pointer_is_a_clear_error(tmp_path):
    commit_snapshot(tmp_path, _snapshot(["một"]))
    (tmp_path / CURRENT_FILE).write_text("gen-missing")
    with pytest.raises(IndexStoreError, match="damaged"):
        load_snapshot(tmp_path)


def test_second_writer_is_refused(tmp_path):
    with (
        writer_lock(tmp_path),
        pytest.raises(IndexStoreError, match="another `kb ingest`"),
        writer_lock(tmp_path),
    ):
        pass
    with writer_lock(tmp_path):  # released afterwards
        pass
