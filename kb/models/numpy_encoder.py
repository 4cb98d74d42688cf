"""A BERT sentence encoder in plain NumPy, for embedding questions without torch.

The default model (multilingual-e5-small, built by :mod:`kb.models.e5_builder`) is a
sentence-transformers folder: a ``BertModel`` in ``model.safetensors``, a ``tokenizer.json``,
mean pooling and L2 normalisation. Importing torch, transformers and sentence-transformers and
loading the model through them takes seconds; a question needs one forward pass of a few tokens.
This encoder runs that forward pass with the same weights and the same arithmetic (float32; the
exact-erf GELU approximated to 1.5e-7), memory-mapping the weights, so a cold ``kb ask`` starts in
well under a second. Its vectors equal sentence-transformers' to cosine > 0.99999
(``tests/test_numpy_encoder.py``). Documents are still embedded in batches by sentence-transformers
at ingest.

Any folder whose architecture or pooling this encoder does not implement is refused by
:meth:`NumpyBertEncoder.supports` (the caller then uses sentence-transformers).

Usage::

    encoder = NumpyBertEncoder(Path("models/multilingual-e5-small"))
    vectors = encoder.encode(["query: khu công nghiệp sinh thái là gì?"])  # (1, 384), unit length
"""

from __future__ import annotations

import json
import struct
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

_DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": None}
_SUPPORTED_MODULES = {
    "sentence_transformers.base.modules.transformer.Transformer",
    "sentence_transformers.models.Transformer",
    "sentence_transformers.sentence_transformer.modules.pooling.Pooling",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.base.modules.normalize.Normalize",
    "sentence_transformers.models.Normalize",
}


class UnsupportedModelError(ValueError):
    """The folder holds a model this encoder does not implement."""


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a safetensors file as a read-only memory map (nothing is copied)."""
    with path.open("rb") as handle:
        (header_size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_size)
    tensors: dict[str, np.ndarray] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(spec["dtype"])
        if dtype is None:
            raise UnsupportedModelError(f"{path}: tensor {name} has dtype {spec['dtype']}")
        start, end = spec["data_offsets"]
        tensors[name] = data[start:end].view(dtype).reshape(spec["shape"])
    return tensors


def _erf(x: np.ndarray) -> np.ndarray:
    """Error function (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7)."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * weight + bias


class NumpyBertEncoder:
    """Sentence embeddings of a BERT sentence-transformers folder, computed with NumPy."""

    def __init__(self, model_dir: Path, max_length: int | None = None) -> None:
        model_dir = Path(model_dir)
        reason = self.unsupported_reason(model_dir)
        if reason:
            raise UnsupportedModelError(reason)
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.max_length = min(int(max_length or config.get("max_position_embeddings", 512)), 512)
        self.normalize = _has_module(model_dir, "Normalize")
        self._weights = _read_safetensors(model_dir / "model.safetensors")
        self._prefix = "bert." if "bert.embeddings.word_embeddings.weight" in self._weights else ""
        self._tokenize = _tokenizer(model_dir, self.max_length)
        self._pad_id = int(config.get("pad_token_id") or 0)
        self._layer_cache: list[dict[str, np.ndarray]] = []

    @staticmethod
    def unsupported_reason(model_dir: Path) -> str:
        """Why this encoder cannot run the folder, or "" when it can."""
        model_dir = Path(model_dir)
        needed = ("config.json", "model.safetensors", "tokenizer.json", "modules.json")
        missing = [name for name in needed if not (model_dir / name).is_file()]
        if missing:
            return f"{model_dir}: missing {', '.join(missing)}"
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            return f"{model_dir}: not a BERT model with GELU ({config.get('model_type')})"
        if config.get("position_embedding_type", "absolute") != "absolute":
            return f"{model_dir}: position embeddings {config.get('position_embedding_type')}"
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        unknown = [m["type"] for m in modules if m["type"] not in _SUPPORTED_MODULES]
        if unknown:
            return f"{model_dir}: modules {unknown}"
        pooling = model_dir / "1_Pooling" / "config.json"
        if pooling.is_file():
            mode = json.loads(pooling.read_text(encoding="utf-8"))
            if mode.get("pooling_mode", "mean" if mode.get("pooling_mode_mean_tokens") else "") != "mean":
                return f"{model_dir}: pooling {mode}"
        return ""

    @classmethod
    def supports(cls, model_dir: Path) -> bool:
        return not cls.unsupported_reason(model_dir)

    def _tensor(self, name: str) -> np.ndarray:
        return self._weights[self._prefix + name]

    def _layer(self, index: int) -> dict[str, np.ndarray]:
        """Weights of one layer as float32 arrays (memory-mapped views for float32 files: the first
        question reads them straight from the page cache, nothing is copied)."""
        while len(self._layer_cache) <= index:
            prefix = f"encoder.layer.{len(self._layer_cache)}."
            names = {
                "q": "attention.self.query",
                "k": "attention.self.key",
                "v": "attention.self.value",
                "out": "attention.output.dense",
                "up": "intermediate.dense",
                "down": "output.dense",
            }
            layer: dict[str, np.ndarray] = {}
            for key, name in names.items():
                layer[key] = np.asarray(self._tensor(prefix + name + ".weight"), np.float32)
                layer[key + "_b"] = np.asarray(self._tensor(prefix + name + ".bias"), np.float32)
            for key, name in (("ln1", "attention.output.LayerNorm"), ("ln2", "output.LayerNorm")):
                layer[key + "_w"] = np.asarray(self._tensor(prefix + name + ".weight"), np.float32)
                layer[key + "_b"] = np.asarray(self._tensor(prefix + name + ".bias"), np.float32)
            self._layer_cache.append(layer)
        return self._layer_cache[index]

    def encode(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """One vector per text (prompts such as "query: " are part of the text), float32."""
        if not texts:
            return np.zeros((0, self.hidden), dtype=np.float32)
        # Similar lengths together: less padding per batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.hidden), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._encode_batch([texts[i] for i in rows])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = [self._tokenize(text) for text in texts]
        length = max(len(e) for e in encodings)
        ids = np.full((len(texts), length), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding)] = encoding
            mask[row, : len(encoding)] = 1.0
        x = np.asarray(self._tensor("embeddings.word_embeddings.weight")[ids], dtype=np.float32)
        x = x + np.asarray(self._tensor("embeddings.position_embeddings.weight")[:length], dtype=np.float32)
        x = x + np.asarray(self._tensor("embeddings.token_type_embeddings.weight")[0], dtype=np.float32)
        x = _layer_norm(
            x,
            np.asarray(self._tensor("embeddings.LayerNorm.weight"), np.float32),
            np.asarray(self._tensor("embeddings.LayerNorm.bias"), np.float32),
            self.eps,
        )
        batch, head_size = len(texts), self.hidden // self.heads
        # Padding positions get a large negative score: no attention to them.
        bias = ((1.0 - mask) * np.float32(np.finfo(np.float32).min))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head_size))
        # Tokens of the whole batch as rows of one matrix: one BLAS call per projection.
        x = x.reshape(batch * length, self.hidden)
        for index in range(self.layers):
            w = self._layer(index)
            # Weights are stored (out, in), as torch keeps them: x @ W.T, no copy.
            q, k, v = (
                (x @ w[name].T + w[name + "_b"]).reshape(batch, length, self.heads, head_size).transpose(0, 2, 1, 3)
                for name in ("q", "k", "v")
            )
            scores = np.matmul(q, k.transpose(0, 1, 3, 2)) * scale + bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = np.matmul(scores, v).transpose(0, 2, 1, 3).reshape(batch * length, self.hidden)
            x = _layer_norm(context @ w["out"].T + w["out_b"] + x, w["ln1_w"], w["ln1_b"], self.eps)
            hidden = _gelu(x @ w["up"].T + w["up_b"])
            x = _layer_norm(hidden @ w["down"].T + w["down_b"] + x, w["ln2_w"], w["ln2_b"], self.eps)
        x = x.reshape(batch, length, self.hidden)
        pooled = (x * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        if self.normalize:
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled.astype(np.float32)


def _tokenizer(model_dir: Path, max_length: int) -> Callable[[str], list[int]]:
    """Token ids of a text: the plain-Python Unigram tokenizer when it implements the folder's
    ``tokenizer.json`` (loads in a fraction of the time), else the ``tokenizers`` library."""
    from kb.models.unigram_tokenizer import UnigramTokenizer, UnsupportedTokenizerError

    try:
        return UnigramTokenizer.load(model_dir, max_length).encode
    except UnsupportedTokenizerError:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_length)
        return lambda text: tokenizer.encode(text).ids


def keep_torch_out(model_path: str | Path) -> bool:
    """In a process that only answers questions, with a model this encoder runs, make a later
    ``import torch`` fail at once instead of loading it; True when done.

    Haystack imports torch eagerly (only to describe devices, inside a guard that tolerates its
    absence): about two seconds of a cold ``kb ask`` that nothing in the query path uses. Never call
    it in a process that embeds documents (ingest) or may run another model.
    """
    if "torch" in sys.modules or not NumpyBertEncoder.supports(Path(model_path)):
        return False
    sys.modules["torch"] = None  # type: ignore[assignment]
    return True


def _has_module(model_dir: Path, kind: str) -> bool:
    modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
    return any(m["type"].endswith(kind) for m in modules)
