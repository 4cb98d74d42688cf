"""Questions embedded without torch: the plain-Python e5 tokenizer and the NumPy encoder equal the
tokenizers library and sentence-transformers on the real model; a cold `kb ask` never imports torch."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from kb.config import REPO_ROOT, Settings
from kb.models.numpy_encoder import NumpyBertEncoder
from kb.models.unigram_tokenizer import UnigramTokenizer

EDGE_CASES = [
    "",
    "   ",
    "a  b\t c\n d",
    "  khoảng trắng  ",
    "<s> special </s> <mask>",
    "ﬁ ligature ① ２０２２",
    "tổ hợp NFD: co\u0302\u0301ng nghie\u0323\u0302p",
    "emoji 🙂 and 漢字テスト",
    "\u200b zero width \ufeff bom",
    "KCN Hiệp Phước (TP.HCM) – 90 DN; 217 giải pháp RECP/ha…",
    "x" * 3000,
]


@pytest.fixture(scope="module")
def model_dir():
    path = Settings.load().model_dir
    if not NumpyBertEncoder.supports(path):
        pytest.skip(f"the default model is not built at {path} (make model)")
    return path


def _texts(shared_dir=None) -> list[str]:
    texts = list(EDGE_CASES)
    for path in sorted((REPO_ROOT / "corpus").rglob("*.txt")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted((REPO_ROOT / "eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            texts += [v for v in json.loads(line).values() if isinstance(v, str)]
    if shared_dir is not None:
        with (shared_dir / "benchmarks" / "vire-alqac" / "ALQAC.csv").open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                texts += [row["question"], row["context"][:3000]]
    return texts + ["query: " + t for t in texts[:500]] + ["passage: " + t for t in texts[500:1000]]


def test_the_python_tokenizer_equals_the_tokenizers_library(model_dir, shared_dir):
    from tokenizers import Tokenizer

    reference = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    reference.enable_truncation(512)
    ours = UnigramTokenizer.load(model_dir)
    texts = _texts(shared_dir)
    different = [t for t in texts if ours.encode(t) != reference.encode(t).ids]
    assert len(texts) > 3000 and not different, different[:3]
    # The cache it writes is reused, and rebuilt when tokenizer.json changes.
    assert (model_dir / "kb-unigram-vocab.marshal").is_file()
    assert UnigramTokenizer.load(model_dir).encode("Kalundborg") == ours.encode("Kalundborg")


def test_the_numpy_encoder_equals_sentence_transformers(model_dir):
    from sentence_transformers import SentenceTransformer

    texts = [
        "query: Tiêu chí xác định khu công nghiệp sinh thái là gì?",
        "passage: Kalundborg exchanges steam, gypsum and water between companies.",
        "query: kcn hiep phuoc co bao nhieu doanh nghiep",
        "passage: " + "Điều 9. Tiêu chí xác định khu công nghiệp sinh thái. " * 60,  # truncated at 512
    ]
    ours = NumpyBertEncoder(model_dir).encode(texts)
    reference = SentenceTransformer(str(model_dir), device="cpu").encode(texts, normalize_embeddings=True)
    assert ours.dtype == np.float32 and ours.shape == reference.shape
    assert np.min(np.sum(ours * reference, axis=1)) > 0.99999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_unsupported_folders_are_refused_with_the_reason(tmp_path, model_dir):
    assert "missing" in NumpyBertEncoder.unsupported_reason(tmp_path)
    for name in ("config.json", "modules.json", "tokenizer.json"):
        (tmp_path / name).write_text((model_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "model.safetensors").write_bytes(b"")
    config = json.loads((tmp_path / "config.json").read_text(encoding="utf-8"))
    config["model_type"] = "xlm-roberta"
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    assert "not a BERT model" in NumpyBertEncoder.unsupported_reason(tmp_path)


@pytest.mark.slow
def test_a_cold_kb_ask_never_imports_torch(corpus_index):
    script = (
        "import sys\n"
        "from kb.cli import main\n"
        f"code = main(['ask', 'KCN Nam Cầu Kiền dành bao nhiêu diện tích cho cây xanh?', '--json', '--index', {str(corpus_index)!r}])\n"
        "loaded = [m for m in ('torch', 'transformers', 'sentence_transformers') if sys.modules.get(m) is not None]\n"
        "print('LOADED', loaded, code, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert "LOADED [] 0" in out.stderr, out.stderr[-2000:]
    answer = json.loads(out.stdout)
    assert not answer["refused"] and answer["citations"]
