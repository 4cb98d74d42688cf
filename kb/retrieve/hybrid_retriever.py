"""Haystack component: hybrid BM25 + dense retrieval over one index generation, fused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from haystack import Document, component

from kb.facts import DEFAULT_METHOD, METHODS
from kb.index.snapshot import IndexSnapshot, SnapshotBound
from kb.query.definitions import defines
from kb.query.names import document_names, unmentioned_names
from kb.retrieve.filters import RetrievalFilters
from kb.retrieve.fusion import DEFAULT_RRF_K, NORMALISATIONS, fuse_normalised, fuse_rrf, min_max
from kb.retrieve.language_calibration import (
    OTHER,
    calibrated_similarities,
    chunk_languages,
    per_language_min_max,
)
from kb.retrieve.learned_fusion import LearnedFusion
from kb.retrieve.title_field import TitleFieldIndex

# Weight of the dense score in weighted fusion. English questions once got 0.9 (they rarely shared
# words with the Vietnamese sources); since the glossary, the lexicon and the names' long forms give
# BM25 their Vietnamese wording, the same weight as Vietnamese questions finds the passage holding
# the answer more often (fit English questions over Vietnamese sources, passage hit@1 0.657 -> 0.748;
# over English sources 0.896 -> 0.913; swept 0.3-0.9 in eval/RESULTS.md, twenty-ninth session).
DEFAULT_DENSE_WEIGHT = 0.5
DEFAULT_DENSE_WEIGHT_EN = 0.5
# Added to an English passage's dense similarity to a Vietnamese question: a quarter of the model's
# shortfall on passages in the other language (0.078, kb.retrieve.language_calibration). Swept on the
# fit sets (RESULTS.md, twenty-fourth session): 0.02 key facts +4.4, gold +4, no refusal lost;
# 0.04 +3.8 / +7 / one refusal lost; 0.06 +2.5; 0.078 −3.5.
VIETNAMESE_QUESTION_OTHER_LANGUAGE = 0.02
# Weight of the title field (document title + the chunk's heading, see kb/retrieve/title_field.py):
# tuned on ALQAC 2023 and the domain set, eval/RESULTS.md "What was tried".
DEFAULT_TITLE_WEIGHT = 0.1
# Added to a passage that defines the term a "… là gì?" question asks about ("2. Người lao
# động là …"): the definitions article, not the articles that merely use the term.
DEFAULT_DEFINITION_WEIGHT = 0.3
DEFINITION_SCAN = 50  # best fused candidates searched for the definition
# Taken from a passage whose document never mentions the names the question is about
# ("Hiệp Phước", "Kalundborg"), in proportion to the names it misses.
DEFAULT_NAME_WEIGHT = 0.3
# Best fused candidates checked for the names (each new document costs a scan of its text, and
# a large index meets new documents at every question).
NAME_SCAN = 50
DEFAULT_DEPTH = 100
# With unit fusion, the share of a chunk's own fused score that orders the chunks of one unit.
UNIT_TIE = 0.01


@dataclass(frozen=True)
class _Signals:
    """Per-candidate signals the fused methods combine (arrays aligned with the candidates)."""

    bm25: np.ndarray
    dense: np.ndarray
    lexical: np.ndarray  # BM25 as fusion compares it (per-language min-max for English questions)
    comparable: np.ndarray  # cosine as fusion compares it (language-calibrated for English questions)
    boosted: np.ndarray  # the weighted mix plus the title field
    title: np.ndarray
    definition: np.ndarray
    missing: np.ndarray

    def matrix(self, language: str) -> np.ndarray:
        """The columns of :data:`kb.retrieve.learned_fusion.FEATURES`, in order."""
        bm25_n, dense_n = min_max(self.lexical), min_max(self.comparable)
        english = 1.0 if language == "en" else 0.0
        return np.column_stack(
            [
                bm25_n,
                dense_n,
                self.comparable - float(self.comparable.max()),
                self.title,
                self.definition,
                self.missing,
                english * bm25_n,
                english * dense_n,
            ]
        )


@component
class HybridRetriever(SnapshotBound):
    """Retrieves chunks with BM25 and dense search over the same index, and fuses them.

    Candidates are the union of the ``depth`` best chunks of each method; every candidate
    then gets both its exact BM25 score and its exact cosine, so fusion never has to
    guess a missing score. ``method`` is one of ``bm25``, ``dense``, ``rrf`` (reciprocal
    rank fusion) or ``weighted`` (min-max normalised scores mixed with ``dense_weight``;
    ``dense_weight_en`` for English questions; plus ``title_weight`` times the title-field
    score for the best passage of each matching title, see :mod:`kb.retrieve.title_field`; plus
    ``definition_weight`` for passages defining the term of a "… là gì?" question; minus
    ``name_weight`` for passages of documents that never mention the question's names).
    ``normalisation``: ``min-max`` (default), ``z-score`` or ``anchored`` (between each method's best
    and 100th best score); ``unit_fusion``: a unit (the chunks of one document under one heading, e.g.
    a law article split in several chunks) fuses its best BM25 with its best dense score, its chunks
    then ordered by their own. Neither is the default: eval/RESULTS.md "What was tried".

    Usage::

        retriever = HybridRetriever(snapshot, method="weighted")
        docs = retriever.run(bm25_tokens=tokens, query_embedding=vector, language="vi", top_k=5)["documents"]
        docs[0].meta["bm25_score"], docs[0].meta["dense_score"], docs[0].score
    """

    SETTINGS = (
        "method",
        "dense_weight",
        "dense_weight_en",
        "rrf_k",
        "depth",
        "title_weight",
        "definition_weight",
        "name_weight",
        "calibrate_languages",
        "normalisation",
        "unit_fusion",
    )

    def __init__(
        self,
        snapshot: IndexSnapshot,
        method: str = DEFAULT_METHOD,
        dense_weight: float = DEFAULT_DENSE_WEIGHT,
        dense_weight_en: float = DEFAULT_DENSE_WEIGHT_EN,
        rrf_k: int = DEFAULT_RRF_K,
        depth: int = DEFAULT_DEPTH,
        title_weight: float = DEFAULT_TITLE_WEIGHT,
        definition_weight: float = DEFAULT_DEFINITION_WEIGHT,
        name_weight: float = DEFAULT_NAME_WEIGHT,
        calibrate_languages: bool = True,
        normalisation: str = "min-max",
        unit_fusion: bool = False,
    ) -> None:
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
        for name, weight in (("dense_weight", dense_weight), ("dense_weight_en", dense_weight_en)):
            if not 0.0 <= weight <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], got {weight}")
        for name, value in (
            ("title_weight", title_weight),
            ("definition_weight", definition_weight),
            ("name_weight", name_weight),
        ):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], got {value}")
        if rrf_k < 1 or depth < 1:
            raise ValueError("rrf_k and depth must be positive")
        self.snapshot = snapshot
        self.method = method
        self.dense_weight = dense_weight
        self.dense_weight_en = dense_weight_en
        self.rrf_k = rrf_k
        self.depth = depth
        self.title_weight = title_weight
        self.definition_weight = definition_weight
        self.name_weight = name_weight
        self.calibrate_languages = calibrate_languages
        if normalisation not in NORMALISATIONS:
            raise ValueError(
                f"normalisation must be one of {', '.join(NORMALISATIONS)}, got {normalisation!r}"
            )
        self.normalisation = normalisation
        self.unit_fusion = unit_fusion
        self._fusion_model: LearnedFusion | None = None

    @component.output_types(documents=list[Document])
    def run(
        self,
        bm25_tokens: list[str],
        query_embedding: np.ndarray | list[float] | None = None,
        language: str = "vi",
        top_k: int = 5,
        filters: dict[str, Any] | None = None,
        method: str | None = None,
        definition: str = "",
        names: list[str] | None = None,
    ) -> dict[str, list[Document]]:
        """
        :param bm25_tokens: query tokens from ``kb.text.lexical_analyzer`` (expansions included).
        :param query_embedding: normalised query vector; required unless the method is ``bm25``.
        :param language: "vi" or "en" (selects the dense weight).
        :param top_k: how many chunks to return.
        :param filters: ``{"kinds": [...], "doc_ids": [...], "in_force_only": bool}``.
        :param method: overrides the method given at construction.
        :param definition: the term a definition question asks about (from ``QueryPreprocessor``).
        :param names: the names the question is about (from ``QueryPreprocessor``).
        :returns: ``documents``: chunks best first; ``score`` is the fused score, ``meta`` has
            the chunk metadata plus ``doc_id``, ``row``, ``bm25_score`` and ``dense_score``.
        """
        snapshot = self.snapshot
        method = method or self.method
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
        n = len(snapshot.chunks)
        if n == 0 or top_k <= 0:
            return {"documents": []}
        mask = RetrievalFilters.from_dict(filters).mask(snapshot)
        bm25_all = snapshot.bm25.scores(bm25_tokens)
        query = None
        if method != "bm25":
            if query_embedding is None:
                raise ValueError(f"method {method!r} needs a query embedding")
            query = np.asarray(query_embedding, dtype=np.float32)

        candidates = self._candidates(bm25_all, query, mask, method)
        if candidates.size == 0:
            return {"documents": []}
        bm25 = _candidate_bm25(snapshot, bm25_tokens, bm25_all, candidates)
        dense = snapshot.vectors[candidates] @ query if query is not None else np.zeros(len(candidates))
        if method == "bm25":
            fused = bm25.astype(np.float64)
        elif method == "dense":
            fused = dense.astype(np.float64)
        else:
            signals = self._signals(
                bm25_tokens, candidates, bm25, dense, query, language, definition, names, method
            )
            if method == "rrf":
                fused = fuse_rrf(bm25, signals.comparable, self.rrf_k)
            elif method == "weighted":
                fused = (
                    signals.boosted
                    + self.definition_weight * signals.definition
                    - self.name_weight * signals.missing
                )
            else:
                fused = self.fusion_model.score(signals.matrix(language))
        order = np.argsort(-fused, kind="stable")[:top_k]
        documents = []
        for position in order:
            row = int(candidates[position])
            if method == "bm25" and bm25[position] <= 0:
                break
            chunk = snapshot.chunks[row]
            meta = {
                **chunk.meta,
                "doc_id": chunk.doc_id,
                "chunk_index": chunk.index,
                "row": row,
                "bm25_score": float(bm25[position]),
                "dense_score": float(dense[position]),
            }
            documents.append(
                Document(id=chunk.chunk_id, content=chunk.text, meta=meta, score=float(fused[position]))
            )
        return {"documents": documents}

    @property
    def fusion_model(self) -> LearnedFusion:
        """The fitted weights of the ``learned`` method (read once, on first use)."""
        if self._fusion_model is None:
            self._fusion_model = LearnedFusion.load()
        return self._fusion_model

    def candidate_features(
        self,
        bm25_tokens: list[str],
        query_embedding: np.ndarray | list[float],
        language: str = "vi",
        definition: str = "",
        names: list[str] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the candidates and their :data:`~kb.retrieve.learned_fusion.FEATURES` (for fitting)."""
        query = np.asarray(query_embedding, dtype=np.float32)
        bm25_all = self.snapshot.bm25.scores(bm25_tokens)
        candidates = self._candidates(bm25_all, query, None, "weighted")
        bm25 = _candidate_bm25(self.snapshot, bm25_tokens, bm25_all, candidates)
        dense = self.snapshot.vectors[candidates] @ query
        signals = self._signals(
            bm25_tokens, candidates, bm25, dense, query, language, definition, names, "learned"
        )
        return candidates, signals.matrix(language)

    def _signals(
        self,
        bm25_tokens: list[str],
        candidates: np.ndarray,
        bm25: np.ndarray,
        dense: np.ndarray,
        query: np.ndarray | None,
        language: str,
        definition: str,
        names: list[str] | None,
        method: str,
    ) -> _Signals:
        """Everything the fused methods combine, per candidate (each signal computed only when used)."""
        snapshot = self.snapshot
        learned = method == "learned"
        boosts = method != "rrf"  # reciprocal rank fusion reads only the two rankings
        english = self.calibrate_languages and query is not None and language == "en"
        # What fusion compares: similarities relative to each language's level (mixed corpora).
        if english:
            comparable = calibrated_similarities(snapshot, candidates, dense, query)
        elif self.calibrate_languages and language == "vi":
            # A Vietnamese question: English passages get part of the model's measured shortfall
            # back (calibrating them fully, as for English questions, cost the Vietnamese sources).
            other = chunk_languages(snapshot)[candidates] == OTHER
            comparable = dense + VIETNAMESE_QUESTION_OTHER_LANGUAGE * other
        else:
            comparable = dense
        lexical = per_language_min_max(snapshot, candidates, bm25) if english else bm25
        weight = self.dense_weight_en if language == "en" else self.dense_weight
        base = fuse_normalised(lexical, comparable, weight, self.normalisation)
        if self.unit_fusion:
            units = self._units(candidates)
            best_lexical, best_comparable = _unit_max(lexical, units), _unit_max(comparable, units)
            base = fuse_normalised(best_lexical, best_comparable, weight, self.normalisation) + UNIT_TIE * base
        zeros = np.zeros(len(candidates))
        title = (
            self._title_scores(bm25_tokens, candidates, base) if boosts and (self.title_weight > 0 or learned) else zeros
        )
        boosted = base + self.title_weight * title
        defined = (
            self._definitions(definition, candidates, boosted)
            if boosts and definition and (self.definition_weight > 0 or learned)
            else zeros
        )
        missing = (
            self._missing_names(names, candidates, boosted + self.definition_weight * defined)
            if boosts and names and (self.name_weight > 0 or learned)
            else zeros
        )
        return _Signals(bm25, dense, lexical, comparable, boosted, title, defined, missing)

    def _units(self, candidates: np.ndarray) -> np.ndarray:
        """Per candidate, a code of its unit: the chunks of one document sharing a heading (an
        article of a law split into several chunks, a section of a report)."""
        headings = self.snapshot.headings()
        codes = self.snapshot.doc_codes()
        keys = [(int(codes[row]), headings[int(row)] or f"#{int(row)}") for row in candidates]
        index: dict[tuple[int, str], int] = {}
        return np.array([index.setdefault(key, len(index)) for key in keys], dtype=np.int64)

    def _title_scores(self, bm25_tokens: list[str], candidates: np.ndarray, fused: np.ndarray) -> np.ndarray:
        """The title-field score of the best candidate of each title field (0 for the others).

        Only the best one: a document title matching the question says which document to read,
        not which of its passages answers, and lifting all of them would crowd out the passage
        that does.
        """
        snapshot = self.snapshot
        field = TitleFieldIndex.for_snapshot(snapshot)
        scores = min_max(field.scores(bm25_tokens, candidates))
        fields = field.field_of(candidates)
        order = np.lexsort((-fused, fields))  # by field, best fused first within a field
        first = np.ones(len(order), dtype=bool)
        first[1:] = fields[order][1:] != fields[order][:-1]
        keep = np.zeros(len(candidates), dtype=bool)
        keep[order[first]] = True
        return np.where(keep, scores, 0.0)

    def _definitions(self, term: str, candidates: np.ndarray, fused: np.ndarray) -> np.ndarray:
        """1 for the best fused candidates that define the term, else 0."""
        flags = np.zeros(len(candidates))
        chunks = self.snapshot.chunks
        for position in np.argsort(-fused, kind="stable")[:DEFINITION_SCAN]:
            if defines(chunks[int(candidates[position])].text, term):
                flags[position] = 1.0
        return flags

    def _missing_names(self, names: list[str], candidates: np.ndarray, fused: np.ndarray) -> np.ndarray:
        """Per candidate among the ``NAME_SCAN`` best fused, the share of the question's names its
        document never mentions (0 for the others)."""
        snapshot = self.snapshot
        missing: dict[str, float] = {}
        penalty = np.zeros(len(candidates))
        codes = snapshot.doc_codes()
        doc_ids = snapshot.cache.get("document_ids", lambda: list(snapshot.documents))
        for position in np.argsort(-fused, kind="stable")[:NAME_SCAN]:
            doc_id = doc_ids[int(codes[int(candidates[position])])]
            if doc_id not in missing:
                absent = unmentioned_names("", document_names(snapshot, doc_id), names=names)
                missing[doc_id] = len(absent) / len(names)
            penalty[position] = missing[doc_id]
        return penalty

    def _candidates(
        self,
        bm25_all: np.ndarray,
        query: np.ndarray | None,
        mask: np.ndarray | None,
        method: str,
    ) -> np.ndarray:
        snapshot = self.snapshot
        n = len(snapshot.chunks)
        depth = min(self.depth, n)
        pools: list[np.ndarray] = []
        if method != "dense":
            scores = bm25_all if mask is None else np.where(mask, bm25_all, -np.inf)
            top = np.argpartition(-scores, depth - 1)[:depth] if depth < n else np.arange(n)
            pools.append(top[np.isfinite(scores[top]) & (scores[top] > 0)])
        if method != "bm25" and query is not None:
            if mask is None:
                _, rows = snapshot.dense.search(query, depth)
            else:
                # Filtered: score the allowed rows directly (exact, and cheap at this scale).
                allowed = np.flatnonzero(mask)
                sims = snapshot.vectors[allowed] @ query
                keep = min(depth, len(allowed))
                rows = allowed[np.argpartition(-sims, keep - 1)[:keep]] if keep else allowed[:0]
            pools.append(np.asarray(rows, dtype=np.int64))
        if not pools:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate(pools))


def _unit_max(values: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Each candidate's value replaced by the best value of its unit."""
    best = np.full(int(units.max()) + 1, -np.inf)
    np.maximum.at(best, units, values)
    return best[units]


def _candidate_bm25(
    snapshot: IndexSnapshot, bm25_tokens: list[str], bm25_all: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """The candidates' BM25 scores. A lexical search that bounds its work (PostgreSQL: a term's best
    postings only) returns exact scores for its best chunks and lower bounds (or 0) for the rest, which
    include chunks found by the dense side: those get their exact score here, so fusion compares
    exact scores as with bm25s."""
    exact = getattr(snapshot.bm25, "exact_scores", None)
    if exact is None:
        return bm25_all[candidates]
    return exact(bm25_tokens, candidates, bm25_all)
