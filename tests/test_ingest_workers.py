"""Ingest at scale: ``kb ingest --workers N`` gives the serial index, shows progress, and resumes.

Fast tests: the staging cache (round trip, damaged entries, size bound, clean-up), how many
workers and tesseracts run. Slow tests (real model, real worker processes): serial and
``--workers 2`` give the same index; a real ``kb ingest --workers 2`` process is SIGKILLed
after some files were staged, and the re-run takes those files from the staging cache (not
converted or embedded again) and ends with the index a clean ingest gives.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from legal_fixtures import DECREE

from kb.cli import main as kb_main
from kb.config import Settings
from kb.index.file_preparation import PreparedFile, ocr_workers_per_file
from kb.index.ingest_runner import resolve_workers
from kb.index.ingestion import ingest
from kb.index.staging import StagingCache, entry_key
from kb.index.store import load_snapshot

OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HAYSTACK_TELEMETRY_ENABLED": "False"}
PLACES = ["Hiệp Phước", "Amata", "Trà Nóc", "Hòa Khánh", "Nam Cầu Kiền", "Ninh Bình", "Đà Nẵng", "Cần Thơ"]


def _prepared(key: str, chunks: int = 2) -> PreparedFile:
    return PreparedFile(
        key,
        key.replace("/", "-"),
        texts=[f"đoạn {i} của {key}" for i in range(chunks)],
        metas=[{"doc_id": key, "page": None, "sentences": [[0, 5, 0, 1]]} for _ in range(chunks)],
        tokens=[["đoạn", "~doan"] for _ in range(chunks)],
        document={"doc_title": key, "format": "txt"},
        outline={"doc_id": key, "body": "x", "provisions": []},
        pages=0,
    )


# --- fast ---------------------------------------------------------------------------------


def test_staging_cache_round_trip_damage_bound_and_clean_up(tmp_path):
    cache = StagingCache(tmp_path / "staging", max_bytes=10 << 20)
    key = entry_key("fingerprint", "a.txt")
    assert cache.get(key) is None
    vectors = np.random.default_rng(0).random((2, 384), dtype=np.float32)
    cache.put(key, _prepared("a.txt"), vectors)
    again = StagingCache(tmp_path / "staging", max_bytes=10 << 20)
    prepared, read = again.get(key)
    assert prepared == _prepared("a.txt") and np.array_equal(read, vectors) and read.dtype == np.float32
    assert key != entry_key("fingerprint", "b.txt") and key == entry_key("fingerprint", "a.txt")

    # A damaged entry (power cut while writing) is a miss, and is deleted.
    path = next((tmp_path / "staging").glob("*/*.npz"))
    path.write_bytes(path.read_bytes()[:100])
    assert again.get(key) is None and not path.exists()

    # Beyond its size, the oldest entries are evicted.
    small = StagingCache(tmp_path / "small", max_bytes=1)
    small.put(entry_key("x"), _prepared("x.txt"), vectors)
    entry_size = sum(p.stat().st_size for p in (tmp_path / "small").rglob("*.npz"))
    bounded = StagingCache(tmp_path / "bounded", max_bytes=int(entry_size * 2.5))
    keys = [entry_key(str(i)) for i in range(5)]
    for i, k in enumerate(keys):
        bounded.put(k, _prepared(f"{i}.txt"), vectors)
        time.sleep(0.01)
    kept = [k for k in keys if StagingCache(tmp_path / "bounded", max_bytes=1 << 30).get(k) is not None]
    assert kept == keys[-2:]

    # After a successful run: what it used goes, other recent entries stay, leftovers go.
    (next((tmp_path / "bounded").iterdir()) / ".x.npz.123456.tmp").write_bytes(b"partial")
    bounded.used = {keys[-1]}
    assert bounded.finish() == 2
    assert [k for k in keys if StagingCache(tmp_path / "bounded", max_bytes=1 << 30).get(k)] == [keys[-2]]
    assert not list((tmp_path / "bounded").rglob("*.tmp"))

    off = StagingCache(tmp_path / "off", max_bytes=0)
    off.put(key, _prepared("a.txt"), vectors)
    assert off.get(key) is None and not (tmp_path / "off").exists()


def test_workers_and_tesseracts_share_the_cores(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    settings = Settings()
    assert resolve_workers(settings, None, 100) == 1  # default: serial, as before
    assert resolve_workers(settings, 0, 100) == 8 and resolve_workers(settings, 0, 3) == 3
    assert resolve_workers(settings.with_overrides(ingest_workers=4), None, 100) == 4
    with pytest.raises(ValueError):
        resolve_workers(settings, -1, 10)
    assert ocr_workers_per_file(settings, 1) == 8  # auto: one tesseract per core in all
    assert ocr_workers_per_file(settings, 2) == 4 and ocr_workers_per_file(settings, 16) == 1
    assert ocr_workers_per_file(settings.with_overrides(ocr_workers=3), 4) == 3  # explicit: per file


def test_settings_and_cli_validate_workers(tmp_path, monkeypatch, capsys):
    from kb.config import ConfigError

    monkeypatch.setenv("KB_INGEST_WORKERS", "-2")
    with pytest.raises(ConfigError, match="ingest_workers"):
        Settings.load(tmp_path / "none.toml")
    monkeypatch.setenv("KB_INGEST_WORKERS", "3")
    monkeypatch.setenv("KB_STAGING_DIR", str(tmp_path / "cache"))
    settings = Settings.load(tmp_path / "none.toml")
    assert settings.ingest_workers == 3 and settings.staging_path == tmp_path / "cache"
    assert Settings(index_dir=tmp_path / "i").staging_path == tmp_path / "i" / "staging"
    assert kb_main(["ingest", str(tmp_path), "--workers", "-1", "--index", str(tmp_path / "i")]) == 2
    assert "--workers must be >= 0" in capsys.readouterr().err


# --- slow: real model, real processes -------------------------------------------------------


def _state(index_dir: Path) -> tuple[object, np.ndarray]:
    snapshot = load_snapshot(index_dir)
    assert snapshot is not None
    documents = sorted(
        (d.doc_id, d.path, d.fingerprint, d.chunk_count, sorted(d.info.items()), json.dumps(d.extra, sort_keys=True))
        for d in snapshot.documents.values()
    )
    chunks = [(c.chunk_id, c.doc_id, c.text, json.dumps(c.meta, sort_keys=True)) for c in snapshot.chunks]
    return (documents, chunks, list(snapshot.tokens), snapshot.outlines), np.asarray(snapshot.vectors)


def _assert_same_index(first: Path, second: Path) -> None:
    state_a, vectors_a = _state(first)
    state_b, vectors_b = _state(second)
    assert state_a == state_b
    assert vectors_a.shape == vectors_b.shape
    np.testing.assert_allclose(vectors_a, vectors_b, atol=1e-5)


def _mixed_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "nghi-dinh.txt").write_text(DECREE, encoding="utf-8")
    for i, place in enumerate(PLACES):
        sentences = " ".join(
            f"KCN {place} thực hiện giải pháp số {j} về tiết kiệm năng lượng và trao đổi phụ phẩm." for j in range(40)
        )
        (folder / f"bao-cao-{i}.md").write_text(f"# Báo cáo KCN {place}\n\n{sentences}\n", encoding="utf-8")
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (folder / "rong.txt").write_bytes(b"")
    return folder


@pytest.mark.slow
def test_workers_give_the_serial_index_and_report_bad_files(tmp_path):
    corpus = _mixed_corpus(tmp_path / "corpus")
    serial = ingest([corpus], Settings.load().with_overrides(index_dir=tmp_path / "serial"), workers=1)
    pooled = ingest([corpus], Settings.load().with_overrides(index_dir=tmp_path / "pooled"), workers=2)
    for report in (serial, pooled):
        assert sorted(Path(f.path).name for f in report.failed) == ["hong.pdf", "rong.txt"]
        assert report.count("added") == len(PLACES) + 1 and report.resumed == 0
    assert {f.path: f.reason for f in serial.failed} == {f.path: f.reason for f in pooled.failed}
    assert serial.embedded == pooled.embedded == serial.chunks == pooled.chunks > len(PLACES) + 5
    _assert_same_index(tmp_path / "serial", tmp_path / "pooled")
    # Nothing left in the staging cache after a successful run.
    assert not (tmp_path / "pooled" / "staging").exists()


def _many_files(folder: Path, count: int, articles: int = 1) -> Path:
    """``count`` small files; with ``articles`` > 2 each is a legal text of that many one-sentence
    articles, i.e. that many short chunks."""
    folder.mkdir(parents=True)
    for i in range(count):
        place = PLACES[i % len(PLACES)]
        if articles > 2:
            body = "\n\n".join(
                f"Điều {a}. Quy định {a} tại KCN {place}\n\nKCN {place} báo cáo {i + a} doanh nghiệp tham gia "
                f"cộng sinh công nghiệp và giảm {(i * a) % 90} tấn chất thải."
                for a in range(1, articles + 1)
            )
        else:
            body = (
                f"Tin số {i} về KCN {place}\n\nNăm {2000 + i % 25}, KCN {place} ghi nhận {i} doanh nghiệp tham gia "
                f"mạng lưới cộng sinh công nghiệp và giảm {i % 90} tấn chất thải."
            )
        (folder / f"tin-{i:04d}.txt").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_sigkill_of_a_parallel_ingest_is_resumed_without_redoing_finished_files(tmp_path):
    # 100 files of 4 short articles: the first 256 chunks (64 files) are embedded and staged while
    # the rest waits, so the kill lands after some files were staged and before the commit.
    files, per_file = 100, 4
    corpus = _many_files(tmp_path / "corpus", files, articles=per_file)
    index = tmp_path / "index"
    staging = index / "staging"
    env = {**os.environ, **OFFLINE_ENV}
    command = [sys.executable, "-m", "kb.cli", "ingest", str(corpus), "--index", str(index), "--workers", "2"]
    with (tmp_path / "killed.log").open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + 400
        while time.monotonic() < deadline and process.poll() is None:
            if len(list(staging.glob("*/*.npz"))) >= 30:
                break
            time.sleep(0.1)
        log_text = (tmp_path / "killed.log").read_text(errors="replace")[-2000:]
        assert process.poll() is None, "the run ended before it could be killed: " + log_text
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL
    assert not (index / "CURRENT").exists()  # nothing committed: the kill came before the end
    staged = len(list(staging.glob("*/*.npz")))
    assert 30 <= staged < files

    rerun = subprocess.run([*command, "--json"], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    summary = json.loads(rerun.stdout)
    # Every file staged before the kill is taken from the cache: not converted, not embedded again.
    assert summary["added"] == files and summary["chunks"] == files * per_file
    assert summary["resumed"] == staged
    assert summary["embedded"] == (files - staged) * per_file
    assert not staging.exists() or not list(staging.rglob("*.npz"))  # cleaned after the commit

    clean = ingest([corpus], Settings.load().with_overrides(index_dir=tmp_path / "clean"))
    assert clean.chunks == summary["chunks"]
    _assert_same_index(index, tmp_path / "clean")


@pytest.mark.slow
def test_progress_lines_when_not_on_a_terminal_and_json_unchanged(tmp_path, capsys):
    corpus = _many_files(tmp_path / "corpus", 12)
    assert kb_main(["ingest", str(corpus), "--index", str(tmp_path / "i"), "--workers", "2"]) == 0
    captured = capsys.readouterr()
    last = [line for line in captured.err.splitlines() if line.startswith("kb ingest: ")][-1]
    assert last.startswith("kb ingest: 12/12 files, 12 chunks, ") and "files/min" in last, captured.err
    (corpus / "tin-0000.txt").write_text("Tin mới về KCN Amata và năng lượng mặt trời áp mái.", encoding="utf-8")
    assert kb_main(["ingest", str(corpus), "--index", str(tmp_path / "i"), "--json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert set(out) == {
        "added", "updated", "unchanged", "removed", "failed", "chunks", "embedded", "resumed", "skipped", "seconds", "index"
    }
    assert (out["updated"], out["unchanged"], out["embedded"]) == (1, 11, 1)
    assert "kb ingest: " not in captured.err  # --json: no progress lines
