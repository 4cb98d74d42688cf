"""Synthetic scale corpora (100k, 1M chunks) from real Vietnamese chunks, written as an index generation.

Nothing is tokenised or embedded here: a *pool* of real, already-indexed generations (ALQAC 2023
laws, the ViRE-ALQAC contexts, ViMedAQA contexts, ``corpus/``; built by the bench with the product's
own ingest) supplies chunks whose sentences, word tokens and vectors are real.

- Rows ``0 .. P-1`` are the pool's chunks as they are (real text, real tokens, real e5 vectors), in
  their real documents: the gold chunks of the ViRE-ALQAC questions are among them.
- Every further chunk is a *recombination*: about 70% of the sentences of one pool chunk (its
  "source", whose heading and document title it takes) followed by one to three sentences of another,
  with the word tokens of those very sentences (so document frequencies and lengths stay those of
  real text); its folded syllables are derived from the words as the analyser does.
- Its vector is **not** an embedding of its text: it is ``normalise(share_a·v_a + share_b·v_b + 0.3·g)``
  with ``v_a``, ``v_b`` the real vectors of the two source chunks, shares by sentence count, and ``g``
  a random unit vector — a perturbed copy, near its sources, as recombined text would be.
- Synthetic chunks are grouped 20 to a document titled like its first chunk's source document.

The generation is written in the files store's format (``kb.index.store``), with the BM25 matrices
computed here vectorised (the same lucene BM25 as bm25s, checked by ``tests/test_scale_corpus.py``)
because bm25s' own indexer holds every token list as Python objects (tens of GB at 1M chunks).

Usage::

    python -m eval.scale_corpus --chunks 100000 --out /tmp/scale/100k [--dense-index auto|flat|ivf]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from kb.index.bm25 import DEFAULT_B, DEFAULT_K1
from kb.index.dense import DenseIndex
from kb.index.rows import write_rows
from kb.index.snapshot import IndexSnapshot, StoredChunk, StoredDocument
from kb.index.store import CURRENT_FILE, FORMAT_VERSION, GENERATION_PREFIX, load_snapshot
from kb.text.lexical_analyzer import FOLDED_PREFIX, folded_syllables

# The first pool keeps its document ids (the ViRE-ALQAC gold units); a clash in a later one is renamed.
POOL_INDEXES = ("vire-alqac-index", "alqac2023-index", "vimedaqa-index", "domain-index")
CHUNKS_PER_DOCUMENT = 20
KEEP_SHARE = 0.7  # of the source chunk's sentences
NOISE = 0.3  # norm of the random part of a synthetic vector, before normalising
EMPTY_TOKEN = "\x00empty"  # bm25s cannot index an empty document (as kb.index.bm25)
BLOCK = 20_000  # chunks per block when counting term frequencies


@dataclass
class Sentence:
    """One sentence of a pool chunk: its text, word-token ids and folded-syllable ids."""

    text: str
    words: np.ndarray
    folded: np.ndarray


class Vocabulary:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.tokens: list[str] = []

    def encode(self, tokens: list[str]) -> np.ndarray:
        out = np.empty(len(tokens), dtype=np.int32)
        for i, token in enumerate(tokens):
            found = self.ids.get(token)
            if found is None:
                found = self.ids[token] = len(self.tokens)
                self.tokens.append(token)
            out[i] = found
        return out


class Pool:
    """Real chunks of one or more generations, split into sentences with their token ids."""

    def __init__(self, snapshots: list[IndexSnapshot]) -> None:
        self.vocabulary = Vocabulary()
        self.documents: dict[str, StoredDocument] = {}
        self.outlines: dict[str, dict] = {}
        self.chunks: list[StoredChunk] = []
        self.token_ids: list[np.ndarray] = []
        self.sentences: list[list[Sentence]] = []
        vectors = []
        self.meta = dict(snapshots[0].meta)
        for number, snapshot in enumerate(snapshots):
            rename = {d: f"pool{number}-{d}" if d in self.documents else d for d in snapshot.documents}
            self.documents.update({rename[d]: replace(doc, doc_id=rename[d]) for d, doc in snapshot.documents.items()})
            self.outlines.update({rename.get(d, d): outline for d, outline in snapshot.outlines.items()})
            vectors.append(np.asarray(snapshot.vectors, dtype=np.float32))
            for chunk, tokens in zip(snapshot.chunks, snapshot.tokens, strict=True):
                if rename.get(chunk.doc_id, chunk.doc_id) != chunk.doc_id:
                    doc_id = rename[chunk.doc_id]
                    chunk = replace(chunk, doc_id=doc_id, chunk_id=f"{doc_id}#{chunk.index}")
                self.chunks.append(chunk)
                self.token_ids.append(self.vocabulary.encode(list(tokens)))
                self.sentences.append(self._sentences(chunk, [t for t in tokens if not t.startswith(FOLDED_PREFIX)]))
        self.vectors = np.vstack(vectors)
        codes = np.array([hash(c.doc_id) for c in self.chunks])
        self.rows_of = {doc_id: np.flatnonzero(codes == hash(doc_id)) for doc_id in self.documents}
        self.rows_of = {d: rows for d, rows in self.rows_of.items() if len(rows)}

    def _sentences(self, chunk: StoredChunk, words: list[str]) -> list[Sentence]:
        spans = chunk.meta.get("sentences") or [(0, len(chunk.text), 0, len(words))]
        out = []
        for start, end, first, last in spans:
            unit = words[first:last]
            out.append(
                Sentence(
                    chunk.text[start:end],
                    self.vocabulary.encode(unit),
                    self.vocabulary.encode(folded_syllables(unit)),
                )
            )
        return [s for s in out if s.text.strip()] or out[:1]

    def __len__(self) -> int:
        return len(self.chunks)


def _recombine(pool: Pool, rng: np.random.Generator, row: int, source: int, other: int, document: str, index: int):
    """One synthetic chunk: (StoredChunk, token ids, vector)."""
    own = pool.sentences[source]
    keep = [s for s in own if rng.random() < KEEP_SHARE] or [own[int(rng.integers(len(own)))]]
    theirs = pool.sentences[other]
    extra = [theirs[int(i)] for i in rng.choice(len(theirs), min(len(theirs), int(rng.integers(1, 4))), replace=False)]
    parts = keep + extra
    text, spans, position, first = "", [], 0, 0
    for sentence in parts:
        if text:
            text += " "
            position += 1
        text += sentence.text
        spans.append([position, position + len(sentence.text), first, first + len(sentence.words)])
        position += len(sentence.text)
        first += len(sentence.words)
    ids = np.concatenate([s.words for s in parts] + [s.folded for s in parts])
    share = len(keep) / len(parts)
    noise = rng.normal(size=pool.vectors.shape[1]).astype(np.float32)
    vector = share * pool.vectors[source] + (1 - share) * pool.vectors[other] + NOISE * noise / np.linalg.norm(noise)
    base = pool.chunks[source].meta
    meta = {
        "page": None,
        "heading": base.get("heading"),
        "section_path": base.get("section_path") or [],
        "locator": base.get("locator") or "",
        "provision": {},
        "provision_path": base.get("provision_path") or "",
        "start": 0,
        "end": len(text),
        "sentences": spans,
        "synthetic": {"source": pool.chunks[source].chunk_id, "other": pool.chunks[other].chunk_id},
    }
    chunk = StoredChunk(f"{document}#{index}", document, index, text, meta)
    return chunk, ids, vector / np.linalg.norm(vector)


def write_bm25(folder: Path, vocabulary: Vocabulary, token_ids: list[np.ndarray], *, k1=DEFAULT_K1, b=DEFAULT_B) -> None:
    """bm25s' saved index (lucene BM25, as ``BM25Index.build`` would write it) from token ids, vectorised."""
    folder.mkdir(parents=True, exist_ok=True)
    empty = vocabulary.encode([EMPTY_TOKEN])[0] if any(len(t) == 0 for t in token_ids) else None
    lengths = np.array([max(len(t), 1) for t in token_ids], dtype=np.float64)
    size = len(vocabulary.tokens)
    terms, docs, tfs = [], [], []
    for start in range(0, len(token_ids), BLOCK):
        block = [t if len(t) else np.array([empty], dtype=np.int32) for t in token_ids[start : start + BLOCK]]
        ids = np.concatenate(block).astype(np.int64)
        local = np.repeat(np.arange(len(block), dtype=np.int64), [len(t) for t in block])
        keys, counts = np.unique(local * size + ids, return_counts=True)
        terms.append((keys % size).astype(np.int32))
        docs.append((keys // size + start).astype(np.int32))
        tfs.append(counts.astype(np.float32))
    term = np.concatenate(terms)
    doc = np.concatenate(docs)
    tf = np.concatenate(tfs)
    del terms, docs, tfs
    n = len(token_ids)
    df = np.bincount(term, minlength=size).astype(np.float64)
    idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
    norm = k1 * (1 - b + b * lengths / lengths.mean())
    scores = (idf[term] * (tf / (tf + norm[doc]))).astype(np.float32)
    order = np.argsort(term, kind="stable")  # rows ascending within each term
    np.save(folder / "data.csc.index.npy", scores[order])
    np.save(folder / "indices.csc.index.npy", doc[order])
    np.save(folder / "indptr.csc.index.npy", np.concatenate([[0], np.cumsum(df.astype(np.int64))]))
    (folder / "vocab.index.json").write_text(json.dumps(vocabulary.ids, ensure_ascii=False), encoding="utf-8")
    params = {"k1": k1, "b": b, "delta": 0.5, "method": "lucene", "idf_method": "lucene", "dtype": "float32",
              "int_dtype": "int32", "num_docs": n, "version": "0.3.16", "backend": "numpy"}
    (folder / "params.index.json").write_text(json.dumps(params, indent=4), encoding="utf-8")


def build(pool: Pool, total: int, out: Path, *, dense_index: str = "auto", seed: int = 0) -> dict[str, object]:
    """Write a generation of ``total`` chunks (the pool's first) under ``out``; returns timings and counts."""
    if total < len(pool):
        raise ValueError(f"--chunks must be at least the pool's {len(pool)} chunks")
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    name = f"{GENERATION_PREFIX}scale-{total}"
    folder = out / name
    folder.mkdir(exist_ok=True)
    vectors = np.lib.format.open_memmap(folder / "vectors.npy", mode="w+", dtype=np.float32,
                                        shape=(total, pool.vectors.shape[1]))
    vectors[: len(pool)] = pool.vectors
    documents = dict(pool.documents)
    token_ids = list(pool.token_ids)
    chunks: list[StoredChunk] = list(pool.chunks)
    for offset in range(total - len(pool)):
        number, index = divmod(offset, CHUNKS_PER_DOCUMENT)
        document = f"syn-{number:06d}"
        if index == 0:  # a synthetic document recombines the chunks of one pool document
            rows = pool.rows_of[pool.chunks[int(rng.integers(len(pool)))].doc_id]
            base = pool.documents[pool.chunks[int(rows[0])].doc_id]
            documents[document] = replace(base, doc_id=document, path=f"synthetic/{document}.txt",
                                          fingerprint=f"synthetic-{seed}-{number}", chunk_count=0, extra={})
        documents[document].chunk_count += 1
        source, other = (int(r) for r in rng.choice(rows, 2))
        chunk, ids, vector = _recombine(pool, rng, len(chunks), source, other, document, index)
        chunks.append(chunk)
        token_ids.append(ids)
        vectors[len(chunks) - 1] = vector
    made = time.perf_counter()
    vectors.flush()
    position = {doc_id: i for i, doc_id in enumerate(documents)}
    np.save(folder / "chunk_docs.npy", np.array([position[c.doc_id] for c in chunks], dtype=np.int32))
    write_rows(folder / "chunks.jsonl", chunks, encode=asdict)
    words = np.array(pool.vocabulary.tokens, dtype=object)
    write_rows(folder / "tokens.jsonl", token_ids, encode=lambda ids: words[ids].tolist())
    written = time.perf_counter()
    write_bm25(folder / "bm25", pool.vocabulary, token_ids)
    bm25_done = time.perf_counter()
    dense = DenseIndex.build(np.asarray(vectors), dense_index, seed=seed)
    dense.save(folder / "dense.faiss")
    dense_done = time.perf_counter()
    meta = {**pool.meta, "format_version": FORMAT_VERSION, "chunks": total, "documents": len(documents),
            "dense_index": dense.kind, "committed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "synthetic": {"pool_chunks": len(pool), "seed": seed, "noise": NOISE, "keep_share": KEEP_SHARE}}
    meta.pop("generation", None)
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "documents.json").write_text(
        json.dumps({d: asdict(doc) for d, doc in documents.items()}, ensure_ascii=False), encoding="utf-8"
    )
    (folder / "outlines.json").write_text(json.dumps(pool.outlines, ensure_ascii=False), encoding="utf-8")
    (out / CURRENT_FILE).write_text(name, encoding="utf-8")
    return {
        "chunks": total,
        "pool_chunks": len(pool),
        "documents": len(documents),
        "dense_index": dense.kind,
        "nprobe": dense.nprobe,
        "build_s": {
            "recombine": made - started,
            "write_chunks_tokens": written - made,
            "bm25": bm25_done - written,
            "dense": dense_done - bm25_done,
            "total": time.perf_counter() - started,
        },
        "disk_bytes": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()),
    }


def load_pool(folders: list[Path]) -> Pool:
    snapshots = [load_snapshot(folder) for folder in folders]
    missing = [str(f) for f, s in zip(folders, snapshots, strict=True) if s is None]
    if missing:
        raise FileNotFoundError(f"no index generation in {', '.join(missing)}")
    return Pool([s for s in snapshots if s is not None])


def main(argv: list[str] | None = None) -> int:
    from eval.datasets import WORK_DIR

    parser = argparse.ArgumentParser(prog="python -m eval.scale_corpus", description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="index folder to write (CURRENT + one generation)")
    parser.add_argument("--pool", type=Path, action="append", help="pool index folders (default: the bench's)")
    parser.add_argument("--dense-index", default="auto", choices=("auto", "flat", "ivf"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    pool = load_pool(args.pool or [WORK_DIR / name for name in POOL_INDEXES])
    report = build(pool, args.chunks, args.out, dense_index=args.dense_index, seed=args.seed)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
