"""The PostgreSQL + pgvector store on a real server (pgserver, started by a fixture; no mock).

Skipped with a reason when pgserver or psycopg is not installed. The tiny corpus goes through
the real ingest components (tests/tiny_index.py) with pseudo-embeddings; one test ingests real
files with the real model, through the same ``ingest`` and ``KnowledgeBase`` as the files store.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
from tiny_index import pseudo_vector, tiny_snapshot

from kb.config import ConfigError, Settings
from kb.index.backend import FileBackend, open_backend
from kb.index.bm25 import BM25Index
from kb.index.store import IndexStoreError
from kb.retrieve.hybrid_retriever import HybridRetriever
from kb.text.lexical_analyzer import bm25_tokens
from kb.text.passage_language import passage_language

DECREE = (
    "NGHỊ ĐỊNH\nQuy định về quản lý khu công nghiệp và khu kinh tế\n"
    "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định về khu công nghiệp sinh thái.\n"
    "Điều 2. Giải thích từ ngữ\n1. Khu công nghiệp sinh thái là khu công nghiệp có doanh nghiệp "
    "tham gia sản xuất sạch hơn và cộng sinh công nghiệp.\n"
    "Điều 3. Tiêu chí\nDoanh nghiệp trong khu công nghiệp sử dụng hiệu quả tài nguyên, nước và năng lượng.\n"
)
CORPUS = {
    "nd35": ({"kind": "decree", "number": "35/2022/NĐ-CP"}, DECREE),
    "hp": ({"kind": "workshop", "title": "Hiệp Phước"}, "KCN Hiệp Phước có 90 doanh nghiệp cộng sinh công nghiệp."),
    "ul": ({"kind": "case-study", "title": "Ulsan"}, "Ulsan exchanges steam and waste heat between companies."),
    "tn": ({"kind": "workshop", "title": "Trà Nóc"}, "KCN Trà Nóc tận dụng phụ phẩm thủy sản làm thức ăn chăn nuôi."),
}
QUERIES = [
    "khu công nghiệp sinh thái là gì",
    "khu cong nghiep sinh thai",  # typed without diacritics: folded tokens
    "doanh nghiệp doanh nghiệp cộng sinh",  # a repeated word counts twice, as in bm25s
    "steam Ulsan",
    "phụ phẩm thủy sản",
    "không có từ nào khớp xyz",
]


@pytest.fixture(scope="module")
def corpus_snapshot():
    return tiny_snapshot(CORPUS)


def _backend(dsn: str):
    return open_backend(Settings().with_overrides(store=dsn))


def test_the_store_setting_selects_the_backend(monkeypatch):
    assert isinstance(open_backend(Settings()), FileBackend)
    monkeypatch.setenv("KB_STORE", "mysql://somewhere/kb")
    with pytest.raises(ConfigError, match="postgresql://"):
        Settings.load()
    monkeypatch.setenv("KB_STORE", "postgresql://kb:secret@db.example:5432/kb")
    settings = Settings.load()
    assert settings.uses_postgres and "secret" not in settings.store_label


def test_round_trip_keeps_everything_the_query_side_reads(postgres_store, corpus_snapshot):
    backend = _backend(postgres_store)
    assert backend.load() is None and backend.current_meta() is None
    with backend.writer_lock():
        assert backend.commit(corpus_snapshot) == "pg-1"
    loaded = backend.load()
    assert loaded.generation == "pg-1" and backend.current_meta()["generation"] == "pg-1"
    assert list(loaded.documents) == list(corpus_snapshot.documents)
    assert loaded.documents == corpus_snapshot.documents
    assert [(c.chunk_id, c.text, c.meta) for c in loaded.chunks] == [
        (c.chunk_id, c.text, c.meta) for c in corpus_snapshot.chunks
    ]
    assert list(loaded.tokens) == list(corpus_snapshot.tokens)
    assert loaded.outlines == corpus_snapshot.outlines
    np.testing.assert_array_equal(np.asarray(loaded.vectors), corpus_snapshot.vectors)  # float32 exactly
    assert len(loaded.dense) == len(loaded.bm25) == len(loaded.chunks) == len(loaded.vectors)
    # Rows are read on demand, one at a time or many at once, in the order asked.
    rows = [5, 0, 5, len(corpus_snapshot.chunks) - 1]
    assert loaded.chunks[rows[0]] == corpus_snapshot.chunks[rows[0]]
    assert loaded.chunks.fetch(rows) == [corpus_snapshot.chunks[r] for r in rows]
    assert loaded.tokens[-1] == corpus_snapshot.tokens[-1]
    np.testing.assert_array_equal(loaded.vectors[np.array(rows)], corpus_snapshot.vectors[rows])
    np.testing.assert_array_equal(loaded.vectors[2], corpus_snapshot.vectors[2])
    # What the query side derives from every chunk comes from light columns, equal to the texts'.
    assert list(loaded.doc_codes()) == list(corpus_snapshot.doc_codes())
    assert [loaded.heading(r) for r in range(len(loaded.chunks))] == [
        corpus_snapshot.heading(r) for r in range(len(corpus_snapshot.chunks))
    ]
    assert list(loaded.chunk_languages) == [passage_language(c.text) for c in corpus_snapshot.chunks]


def test_bm25_in_sql_scores_as_bm25s(postgres_store, corpus_snapshot):
    backend = _backend(postgres_store)
    backend.commit(corpus_snapshot)
    loaded = backend.load()
    embedded = BM25Index.build(corpus_snapshot.tokens)
    for query in QUERIES:
        tokens = bm25_tokens(query)
        np.testing.assert_allclose(loaded.bm25.scores(tokens), embedded.scores(tokens), rtol=1e-5, atol=1e-6)


def test_common_terms_read_best_first_still_rank_the_best_chunks_exactly(postgres_store, corpus_snapshot):
    """With at most one posting read per term, the best chunks are rescored exactly and the others
    keep a lower bound of their score (what a corpus of millions of chunks does with common terms)."""
    backend = _backend(postgres_store)
    backend.commit(corpus_snapshot)
    loaded = backend.load()
    loaded.bm25.postings_per_term, loaded.bm25.rescore = 1, 3
    embedded = BM25Index.build(corpus_snapshot.tokens)
    for query in QUERIES:
        tokens = bm25_tokens(query)
        exact, found = embedded.scores(tokens), loaded.bm25.scores(tokens)
        assert np.all(found <= exact + 1e-5), query  # never above the true score
        best = np.argsort(-found, kind="stable")[:3]
        np.testing.assert_allclose(found[best][found[best] > 0], exact[best][found[best] > 0], rtol=1e-5)
        assert (found > 0).any() == (exact > 0).any(), query
        # The retriever's candidates (e.g. found by the dense side) then get their exact score.
        rows = np.arange(len(exact))
        np.testing.assert_allclose(loaded.bm25.exact_scores(tokens, rows, found), exact, rtol=1e-5, atol=1e-6)


def test_dense_search_finds_what_faiss_finds(postgres_store, corpus_snapshot):
    backend = _backend(postgres_store)
    backend.commit(corpus_snapshot)
    loaded = backend.load()
    for text in ["khu công nghiệp", "steam", corpus_snapshot.chunks[2].text]:
        query = pseudo_vector(text)
        scores, rows = loaded.dense.search(query, 5)
        expected_scores, expected_rows = corpus_snapshot.dense.search(query, 5)
        assert rows.tolist() == expected_rows.tolist()
        np.testing.assert_allclose(scores, expected_scores, rtol=1e-5)


@pytest.mark.parametrize("dense_index, kind", [("auto", "hnsw"), ("ivf", "ivf"), ("flat", "flat")])
def test_the_vector_index_follows_the_dense_index_setting(postgres_store, corpus_snapshot, dense_index, kind):
    """HNSW below the ANN threshold, pgvector's IVFFlat when asked (and from the threshold on, as the
    embedded store's FAISS IVF), no index for exact search; all find what FAISS flat finds here."""
    settings = Settings().with_overrides(store=postgres_store, dense_index=dense_index)
    backend = open_backend(settings)
    backend.commit(corpus_snapshot)
    loaded = backend.load()
    assert loaded.dense.kind == kind and loaded.meta["dense_index"] == kind
    for text in ["khu công nghiệp", "steam"]:
        scores, rows = loaded.dense.search(pseudo_vector(text), 3)
        expected_scores, expected_rows = corpus_snapshot.dense.search(pseudo_vector(text), 3)
        assert rows.tolist() == expected_rows.tolist()
        np.testing.assert_allclose(scores, expected_scores, rtol=1e-5)


@pytest.mark.parametrize(
    "method, postings_per_term",
    [(m, 4000) for m in ("bm25", "dense", "rrf", "weighted")] + [(m, 1) for m in ("rrf", "weighted")],
)
def test_the_hybrid_retriever_ranks_alike_on_both_stores(postgres_store, corpus_snapshot, method, postings_per_term):
    """Also when common terms are read best first (1 posting per term): every candidate of the fused
    methods gets its exact score (``bm25`` alone then has fewer candidates, by design)."""
    backend = _backend(postgres_store)
    backend.commit(corpus_snapshot)
    loaded = backend.load()
    loaded.bm25.postings_per_term = postings_per_term
    on_files, on_postgres = HybridRetriever(corpus_snapshot, method=method), HybridRetriever(loaded, method=method)
    for query in QUERIES:
        arguments = {"bm25_tokens": bm25_tokens(query), "query_embedding": pseudo_vector(query), "top_k": 5}
        expected = on_files.run(**arguments)["documents"]
        found = on_postgres.run(**arguments)["documents"]
        assert [d.id for d in found] == [d.id for d in expected], query
        assert [d.score for d in found] == pytest.approx([d.score for d in expected], rel=1e-5)


def test_add_change_delete_in_one_transaction_each_and_readers_keep_their_generation(postgres_store):
    backend = _backend(postgres_store)
    first = tiny_snapshot({k: CORPUS[k] for k in ("nd35", "hp", "ul")})
    backend.commit(first)
    reader = backend.load()  # a reader on generation 1
    changed = {
        "nd35": CORPUS["nd35"],  # unchanged
        "hp": ({"kind": "workshop", "title": "Hiệp Phước"}, "KCN Hiệp Phước tái sử dụng nước thải đã xử lý."),
        "tn": CORPUS["tn"],  # added; "ul" deleted
    }
    second = tiny_snapshot(changed)
    second.documents["hp"].fingerprint = "fp-2"
    backend.commit(second)
    live = backend.load()
    assert live.generation == "pg-2" and sorted(live.documents) == ["hp", "nd35", "tn"]
    assert [c.text for c in live.chunks if c.doc_id == "hp"] == ["KCN Hiệp Phước tái sử dụng nước thải đã xử lý."]
    # The reader still searches generation 1: the old text of "hp", and "ul".
    old_rows = reader.bm25.scores(bm25_tokens("doanh nghiệp cộng sinh Hiệp Phước"))
    assert reader.chunks[int(np.argmax(old_rows))].doc_id == "hp"
    assert "cộng sinh" in reader.chunks[int(np.argmax(old_rows))].text
    assert reader.bm25.scores(bm25_tokens("steam Ulsan")).max() > 0
    assert live.bm25.scores(bm25_tokens("steam Ulsan")).max() == 0
    # Document frequencies follow each generation (added, changed and removed chunks): both
    # generations score as bm25s over their own chunks.
    for snapshot, loaded in ((first, reader), (second, live)):
        embedded = BM25Index.build(snapshot.tokens)
        for query in QUERIES:
            tokens = bm25_tokens(query)
            np.testing.assert_allclose(loaded.bm25.scores(tokens), embedded.scores(tokens), rtol=1e-5, atol=1e-6)
    _, rows = reader.dense.search(pseudo_vector(CORPUS["ul"][1]), 1)
    assert reader.chunks[int(rows[0])].doc_id == "ul"
    # The unchanged document was not rewritten: its rows were born in generation 1.
    import psycopg

    with psycopg.connect(postgres_store) as connection:
        born = connection.execute("SELECT DISTINCT born FROM kb_chunks WHERE doc_id = 'nd35'").fetchall()
    assert born == [(1,)]


def test_a_commit_that_fails_halfway_leaves_the_previous_generation(postgres_store, corpus_snapshot, monkeypatch):
    backend = _backend(postgres_store)
    backend.commit(tiny_snapshot({k: CORPUS[k] for k in ("hp", "ul")}))
    before = backend.load()
    from kb.index.postgres_store import PostgresBackend

    original = PostgresBackend._insert

    def insert_then_fail(connection, snapshot, generation, replaced):
        original(connection, snapshot, generation, replaced)  # documents and chunks written ...
        raise OSError("disk full")  # ... and then the commit dies

    monkeypatch.setattr(PostgresBackend, "_insert", staticmethod(insert_then_fail))
    with pytest.raises(OSError, match="disk full"):
        backend.commit(corpus_snapshot)
    after = backend.load()
    assert after.generation == before.generation == "pg-1"
    assert [c.text for c in after.chunks] == [c.text for c in before.chunks]
    assert after.bm25.scores(bm25_tokens("phụ phẩm thủy sản")).max() == 0


def test_a_reader_never_sees_half_a_commit(postgres_store, corpus_snapshot, monkeypatch):
    """While a commit's transaction is open (rows inserted, not committed), loads see the old state."""
    backend = _backend(postgres_store)
    backend.commit(tiny_snapshot({"hp": CORPUS["hp"]}))
    from kb.index.postgres_store import PostgresBackend

    original = PostgresBackend._insert
    inserted, release = threading.Event(), threading.Event()

    def insert_and_wait(connection, snapshot, generation, replaced):
        added = original(connection, snapshot, generation, replaced)
        inserted.set()
        assert release.wait(30)
        return added

    monkeypatch.setattr(PostgresBackend, "_insert", staticmethod(insert_and_wait))
    writer = threading.Thread(target=backend.commit, args=(corpus_snapshot,))
    writer.start()
    try:
        assert inserted.wait(30)
        during = backend.load()
        assert during.generation == "pg-1" and sorted(during.documents) == ["hp"]
        assert len(during.chunks) == 1 and during.bm25.scores(bm25_tokens("Ulsan steam")).max() == 0
    finally:
        release.set()
        writer.join(30)
    assert backend.load().generation == "pg-2" and sorted(backend.load().documents) == sorted(CORPUS)


def test_a_database_of_another_store_format_is_refused_clearly(postgres_store, corpus_snapshot):
    backend = _backend(postgres_store)
    backend.commit(corpus_snapshot)
    from kb.index.postgres_schema import connect

    with connect(postgres_store, autocommit=True) as connection:
        connection.execute("UPDATE kb_state SET format_version = 1")
    for attempt in (backend.load, lambda: backend.commit(corpus_snapshot)):
        with pytest.raises(IndexStoreError, match="store format 1"):
            attempt()


def test_a_second_writer_is_refused(postgres_store):
    backend = _backend(postgres_store)
    second = _backend(postgres_store)
    with backend.writer_lock(), pytest.raises(IndexStoreError, match="another `kb ingest`"), second.writer_lock():
        pass
    with backend.writer_lock():  # released
        pass


def test_a_model_of_another_dimension_is_refused_clearly(postgres_store, corpus_snapshot):
    backend = _backend(postgres_store)
    backend.commit(corpus_snapshot)
    other = tiny_snapshot({"hp": CORPUS["hp"]})
    other.vectors = np.zeros((len(other.chunks), 8), dtype=np.float32)
    with pytest.raises(IndexStoreError, match="dimension 16"):
        backend.commit(other)


@pytest.mark.slow
def test_ingest_ask_change_and_reload_through_the_cli_on_postgres(postgres_store, tmp_path, capsys, monkeypatch):
    """The real model, converters and query side on a Postgres store, chosen by --store / KB_STORE."""
    import json

    from kb.cli import main as kb_main
    from kb.index.ingestion import ingest
    from kb.knowledge_base import KnowledgeBase

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hiep-phuoc.txt").write_text(
        "Cộng sinh công nghiệp tại Hiệp Phước\n\nCác doanh nghiệp trong KCN Hiệp Phước trao đổi hơi nước "
        "và nước thải đã xử lý để tiết kiệm chi phí.",
        encoding="utf-8",
    )
    (corpus / "kalundborg.md").write_text(
        "# Kalundborg\n\nThe power station sells surplus steam and gypsum to its neighbours.", encoding="utf-8"
    )
    (corpus / "amata.txt").write_text(
        "KCN Amata Biên Hòa\n\nAmata chuyển đổi sang mô hình khu công nghiệp sinh thái từ năm 2020.",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert kb_main(["ingest", str(corpus), "--store", postgres_store, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["added"], out["chunks"]) == (3, 3) and "postgresql://" in out["index"]
    assert not (tmp_path / "data").exists()  # nothing written to the files store

    monkeypatch.setenv("KB_STORE", postgres_store)
    settings = Settings.load()
    base = KnowledgeBase.open(settings)
    answer = base.ask("KCN nào trao đổi hơi nước và nước thải?")
    assert not answer.refused and answer.citations[0].doc_id == "hiep-phuoc"
    stats = base.stats()
    assert (stats["generation"], stats["dimension"]) == ("pg-1", 384) and stats["index_bytes"] > 100_000

    (corpus / "amata.txt").write_text(
        "KCN Amata Biên Hòa\n\nAmata xây dựng nhà máy điện mặt trời áp mái để cung cấp năng lượng sạch.",
        encoding="utf-8",
    )
    (corpus / "kalundborg.md").unlink()
    report = ingest([corpus], settings)
    assert (report.count("updated"), report.count("unchanged"), report.count("removed"), report.embedded) == (1, 1, 1, 1)
    assert base.reload() and not base.reload()
    texts = " ".join(c.text for c in base.snapshot.chunks)
    assert "điện mặt trời" in texts and "từ năm 2020" not in texts and "Kalundborg" not in texts
    assert [h.document.doc_id for h in base.bm25_search("dien mat troi ap mai", k=1)] == ["amata"]
    assert [h.document.doc_id for h in base.dense_search("năng lượng mặt trời", k=1)] == ["amata"]


# Run in a child process that commits (and is killed), and here for the expected states.
_KILL_RECIPE = '''
import sys

import numpy as np

from kb.config import Settings
from kb.index.backend import open_backend
from kb.index.snapshot import StoredChunk, StoredDocument
from kb.index.store import build_snapshot


def make_snapshot(tags, count=600, per_doc=60, dimension=384):
    documents, chunks, vectors, tokens = {}, [], [], []
    for tag in tags:
        rng = np.random.default_rng(list(tag.encode()))
        block = rng.normal(size=(count, dimension)).astype(np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        for i in range(count):
            doc_id = f"{tag}-{i // per_doc}"
            documents.setdefault(doc_id, StoredDocument(doc_id, doc_id + ".txt", tag, "sha", 1, {"title": doc_id}, per_doc))
            words = [f"{tag}{i}", "khu", "công_nghiệp", "~khu", "~cong", "~nghiep", f"t{i % 7}"] * (1 + i % 3)
            chunks.append(StoredChunk(f"{doc_id}#{i % per_doc}", doc_id, i % per_doc, " ".join(words), {"page": None}))
            tokens.append(words)
        vectors.append(block)
    return build_snapshot({"model": "kill-test", "dimension": dimension}, documents, chunks, np.vstack(vectors), tokens)


if __name__ == "__main__":
    backend = open_backend(Settings().with_overrides(store=sys.argv[1]))
    with backend.writer_lock():
        backend.commit(make_snapshot(sys.argv[2].split(",")))
'''


def _pg_state(dsn: str) -> tuple:
    snapshot = _backend(dsn).load()
    assert len(snapshot.dense) == len(snapshot.bm25) == len(snapshot.chunks) == len(snapshot.vectors)
    probe = snapshot.bm25.scores(["~khu", "t3"])
    return (
        sorted(snapshot.documents),
        [(c.chunk_id, c.text) for c in snapshot.chunks],
        snapshot.vectors.shape,
        int((probe > 0).sum()),
    )


@pytest.mark.slow
def test_sigkill_during_a_postgres_commit_leaves_the_old_or_the_new_state(postgres_server, postgres_store, tmp_path):
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "commit_child.py"
    script.write_text(_KILL_RECIPE, encoding="utf-8")
    env = {**os.environ, "HAYSTACK_TELEMETRY_ENABLED": "False"}

    def commit(dsn: str, tags: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(script), dsn, tags], env=env, capture_output=True, text=True)

    from urllib.parse import urlsplit

    base = postgres_store
    assert commit(base, "a").returncode == 0
    before = _pg_state(base)
    started = time.monotonic()
    done = commit(base, "a,b")  # adds the documents of "b", keeps those of "a"
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    after = _pg_state(base)
    assert before != after
    # The "before" state to copy for each kill, in a database this process never connects to
    # (a database being read cannot be a template).
    template = urlsplit(base).path.lstrip("/")[:50] + "_t"
    assert "CREATE DATABASE" in postgres_server.psql(f"CREATE DATABASE {template};")
    assert commit(urlsplit(base)._replace(path=f"/{template}").geturl(), "a").returncode == 0

    rng = random.Random(int(os.environ.get("KB_CRASH_SEED", "18")))
    kills = 8
    # Spread over 1.25 runs: the last slice lies past the run, so "after" is covered too.
    delays = [rng.uniform(i * 1.25 * duration / kills, (i + 1) * 1.25 * duration / kills) for i in range(kills)]
    outcomes = []
    for run, delay in enumerate(delays):
        name = f"{template}_kill{run}"
        assert "CREATE DATABASE" in postgres_server.psql(f"CREATE DATABASE {name} TEMPLATE {template};")
        dsn = urlsplit(base)._replace(path=f"/{name}").geturl()
        process = subprocess.Popen([sys.executable, str(script), dsn, "a,b"], env=env)
        try:
            # A delay past the timed run waits for the run to finish (the machine may be slower now).
            process.wait(timeout=delay if delay < duration else 3 * duration)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        state = _pg_state(dsn)
        assert state in (before, after), f"kill {run} at {delay:.2f}s: neither the old nor the new state"
        outcomes.append("before" if state == before else "after")
        # The writer lock died with the killed process; the next commit finishes the job.
        assert commit(dsn, "a,b").returncode == 0 and _pg_state(dsn) == after
    print(f"\n[postgres crash] one commit run {duration:.2f}s, delays {[round(d, 2) for d in delays]}, {outcomes}")
    assert "before" in outcomes and "after" in outcomes


@pytest.mark.slow
def test_two_ingests_at_once_on_different_files_and_on_the_same_file(postgres_store, tmp_path):
    """Two `kb ingest` processes (two machines, say) write one database at once: the second queues
    behind the first (--wait) and commits on top of it; nothing is lost or duplicated. Each
    machine's own folder: the other's documents are not on its disk and are kept."""
    import os
    import subprocess
    import sys

    def write(folder: str, name: str, text: str) -> Path:
        path = tmp_path / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path.parent

    first = write("may-a", "hiep-phuoc.txt", "KCN Hiệp Phước trao đổi hơi nước giữa các doanh nghiệp.")
    second = write("may-b", "tra-noc.txt", "KCN Trà Nóc tận dụng phụ phẩm thủy sản làm thức ăn chăn nuôi.")
    shared = write("chung", "amata.txt", "KCN Amata chuyển đổi sang khu công nghiệp sinh thái.")
    env = {**os.environ, "HAYSTACK_TELEMETRY_ENABLED": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}

    def start(*paths: Path) -> subprocess.Popen:
        command = [sys.executable, "-m", "kb.cli", "ingest", *map(str, paths), "--store", postgres_store,
                   "--wait", "300", "--workers", "1", "--json"]
        return subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finish(process: subprocess.Popen) -> dict:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-2000:]
        return json.loads(out)

    # Different files, at once.
    reports = [finish(p) for p in [start(first, shared), start(second)]]
    assert sorted(r["added"] for r in reports) == [1, 2] and all(r["removed"] == 0 for r in reports)
    snapshot = _backend(postgres_store).load()
    assert snapshot.generation == "pg-2"
    assert sorted(d.path.split("/")[-1] for d in snapshot.documents.values()) == [
        "amata.txt", "hiep-phuoc.txt", "tra-noc.txt"
    ]
    # The same file, at once: one ingests it (changed), the other finds it unchanged.
    (shared / "amata.txt").write_text("KCN Amata xây dựng điện mặt trời áp mái.", encoding="utf-8")
    reports = [finish(p) for p in [start(shared), start(shared)]]
    assert sorted((r["updated"], r["unchanged"]) for r in reports) == [(0, 1), (1, 0)]
    snapshot = _backend(postgres_store).load()
    texts = [c.text for c in snapshot.chunks if c.doc_id == "amata"]
    assert len(snapshot.documents) == 3 and len(texts) == 1 and "điện mặt trời" in texts[0]
    assert not (tmp_path / "data").exists()
