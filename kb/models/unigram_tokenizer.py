"""The e5 tokenizer (SentencePiece Unigram, as written in ``tokenizer.json``) in plain Python.

The ``tokenizers`` library builds its Unigram trie from the 250,002 pieces of multilingual-e5
in about a second, every time a process starts. A question is a few dozen characters: Viterbi
segmentation over a dictionary of the pieces tokenizes it in well under a millisecond, and the
dictionary loads from a compact cache (``kb-unigram-vocab.marshal`` beside ``tokenizer.json``,
written on first use) in a few milliseconds. This tokenizer implements exactly the pipeline the
model folder declares, and refuses any other (:meth:`UnigramTokenizer.unsupported_reason`):

1. special tokens (``<s>``, ``</s>``, …) written in the text are kept as such;
2. normaliser: single-character ``Replace`` rules, ``NFKC``, runs of spaces collapsed, ``Strip``;
3. pre-tokeniser: ``Metaspace`` ("▁" for spaces, prepended, split before each "▁");
4. model: Unigram Viterbi (highest total score; a character no piece starts with is ``<unk>``
   scored 10 below the lowest piece, consecutive ``<unk>`` fused into one);
5. post-processor: ``<s> … </s>``, truncated to the model's maximum length.

Its ids equal the ``tokenizers`` library's on every sentence and question of the corpus and the
benchmarks (``tests/test_numpy_encoder.py``).
"""

from __future__ import annotations

import json
import marshal
import os
import re
import unicodedata
from array import array
from pathlib import Path

CACHE_NAME = "kb-unigram-vocab.marshal"
_CACHE_VERSION = 3
UNK_PENALTY = 10.0
_MULTI_SPACE = re.compile(" {2,}")


class UnsupportedTokenizerError(ValueError):
    """``tokenizer.json`` declares something this tokenizer does not implement."""


def _describe(tokenizer: dict) -> tuple[list[tuple[str, str]], str]:
    """(single-character replace rules, "") or ([], why the pipeline is not supported)."""
    model = tokenizer.get("model") or {}
    if model.get("type") != "Unigram" or model.get("byte_fallback"):
        return [], f"model {model.get('type')} (byte_fallback={model.get('byte_fallback')})"
    normalizer = tokenizer.get("normalizer") or {}
    steps = normalizer.get("normalizers", []) if normalizer.get("type") == "Sequence" else [normalizer]
    rules: list[tuple[str, str]] = []
    expected_tail = ["NFKC", "Replace", "Strip"]
    tail = [s.get("type") for s in steps[-3:]]
    if tail != expected_tail or steps[-2].get("pattern") != {"Regex": " {2,}"} or steps[-2].get("content") != " ":
        return [], f"normaliser {[s.get('type') for s in steps]}"
    for step in steps[:-3]:
        pattern = step.get("pattern") or {}
        if step.get("type") != "Replace" or len(pattern.get("String", "")) != 1:
            return [], f"normaliser step {step}"
        rules.append((pattern["String"], step.get("content", "")))
    if not (steps[-1].get("strip_left", True) and steps[-1].get("strip_right", True)):
        return [], "normaliser strips one side only"
    pre = tokenizer.get("pre_tokenizer") or {}
    if (
        pre.get("type") != "Metaspace"
        or pre.get("replacement") != "▁"
        or pre.get("prepend_scheme") != "always"
        or not pre.get("split", True)
    ):
        return [], f"pre-tokeniser {pre}"
    post = tokenizer.get("post_processor") or {}
    single = post.get("single") or []
    shape = [next(iter(item)) for item in single]
    if post.get("type") != "TemplateProcessing" or shape != ["SpecialToken", "Sequence", "SpecialToken"]:
        return [], f"post-processor {post.get('type')} {shape}"
    return rules, ""


class UnigramTokenizer:
    """Token ids of texts, as the model's ``tokenizer.json`` defines them.

    Usage::

        tokenizer = UnigramTokenizer.load(Path("models/multilingual-e5-small"), max_length=512)
        tokenizer.encode("query: khu công nghiệp sinh thái")  # [0, …, 2]
    """

    def __init__(
        self,
        pieces: list[str],
        scores: list[float],
        rules: list[tuple[str, str]],
        specials: dict[str, int],
        bos: int,
        eos: int,
        unk: int,
        max_length: int,
    ) -> None:
        self._ids = dict(zip(pieces, range(len(pieces)), strict=True))
        self._scores = scores
        self._rules = rules
        self._specials = specials
        self._special_split = (
            re.compile("(" + "|".join(re.escape(s) for s in sorted(specials, key=len, reverse=True)) + ")")
            if specials
            else None
        )
        self._bos, self._eos, self._unk = bos, eos, unk
        self._max_piece = max(map(len, pieces), default=1)
        self._unk_score = min(scores, default=0.0) - UNK_PENALTY
        self.max_length = max_length

    @staticmethod
    def unsupported_reason(model_dir: Path) -> str:
        path = Path(model_dir) / "tokenizer.json"
        if not path.is_file():
            return f"{path} is missing"
        return _describe(json.loads(path.read_text(encoding="utf-8")))[1]

    @classmethod
    def load(cls, model_dir: Path, max_length: int = 512) -> UnigramTokenizer:
        """The tokenizer of a model folder, from the cache (written on first use when possible)."""
        source = Path(model_dir) / "tokenizer.json"
        cache = Path(model_dir) / CACHE_NAME
        stamp = [_CACHE_VERSION, source.stat().st_size, source.stat().st_mtime_ns]
        data = None
        if cache.is_file():
            try:
                with cache.open("rb") as handle:
                    data = marshal.load(handle)
            except (OSError, EOFError, ValueError, TypeError):
                data = None
            if not isinstance(data, dict) or data.get("stamp") != stamp:
                data = None
        if data is None:
            data = cls._read_source(source)
            data["stamp"] = stamp
            _write_cache(cache, data)
        scores = array("d")
        scores.frombytes(data["scores"])
        return cls(
            data["pieces"],
            scores.tolist(),
            [tuple(rule) for rule in data["rules"]],
            dict(data["specials"]),
            data["bos"],
            data["eos"],
            data["unk"],
            max_length,
        )

    @staticmethod
    def _read_source(source: Path) -> dict:
        tokenizer = json.loads(source.read_text(encoding="utf-8"))
        rules, reason = _describe(tokenizer)
        if reason:
            raise UnsupportedTokenizerError(f"{source}: {reason}")
        vocab = tokenizer["model"]["vocab"]
        special = {s["id"]: s["ids"][0] for s in tokenizer["post_processor"]["special_tokens"].values()}
        single = tokenizer["post_processor"]["single"]
        bos = special[single[0]["SpecialToken"]["id"]]
        eos = special[single[2]["SpecialToken"]["id"]]
        return {
            "pieces": [piece for piece, _ in vocab],
            "scores": array("d", (float(score) for _, score in vocab)).tobytes(),
            "rules": [list(rule) for rule in rules],
            "specials": {t["content"]: t["id"] for t in tokenizer.get("added_tokens", []) if t.get("special")},
            "bos": bos,
            "eos": eos,
            "unk": int(tokenizer["model"]["unk_id"]),
        }

    # ------------------------------------------------------------------ encoding
    def normalize(self, text: str) -> str:
        for char, replacement in self._rules:
            if char in text:
                text = text.replace(char, replacement)
        text = unicodedata.normalize("NFKC", text)
        return _MULTI_SPACE.sub(" ", text).strip()

    def encode(self, text: str) -> list[int]:
        """``<s>`` + the ids of ``text`` + ``</s>``, at most ``max_length`` ids."""
        ids: list[int] = []
        parts = self._special_split.split(text) if self._special_split else [text]
        for index, part in enumerate(parts):
            if index % 2:
                ids.append(self._specials[part])
            elif part:
                ids.extend(self._encode_plain(part))
        return [self._bos, *ids[: max(0, self.max_length - 2)], self._eos]

    def _encode_plain(self, text: str) -> list[int]:
        normalized = self.normalize(text)
        if not normalized:
            return []
        spaced = normalized.replace(" ", "▁")
        if not spaced.startswith("▁"):
            spaced = "▁" + spaced
        ids: list[int] = []
        start = 0
        for position in range(1, len(spaced) + 1):
            if position == len(spaced) or spaced[position] == "▁":
                ids.extend(self._viterbi(spaced[start:position]))
                start = position
        return ids

    def _viterbi(self, word: str) -> list[int]:
        size = len(word)
        best = [float("-inf")] * (size + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(-1, -1)] * (size + 1)  # (start, id); id -1 = <unk>
        ids, scores = self._ids, self._scores
        for start in range(size):
            score = best[start]
            if score == float("-inf"):
                continue
            single = False
            for end in range(start + 1, min(size, start + self._max_piece) + 1):
                found = ids.get(word[start:end])
                if found is None:
                    continue
                if end == start + 1:
                    single = True
                total = score + scores[found]
                if total > best[end]:
                    best[end], back[end] = total, (start, found)
            if not single and score + self._unk_score > best[start + 1]:
                best[start + 1], back[start + 1] = score + self._unk_score, (start, -1)
        out: list[int] = []
        position = size
        while position > 0:
            start, piece = back[position]
            # Consecutive unknown characters make one <unk>.
            if piece == -1 and out and out[-1] == -1:
                pass
            else:
                out.append(piece)
            position = start
        return [self._unk if piece == -1 else piece for piece in reversed(out)]


def _write_cache(path: Path, data: dict) -> None:
    """Best effort (a read-only model folder just means no cache): written whole, then renamed."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temp.open("wb") as handle:
            marshal.dump(data, handle)
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
