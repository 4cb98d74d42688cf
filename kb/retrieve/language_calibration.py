"""Dense similarities made comparable across the languages of a mixed corpus.

A multilingual embedding model rates a passage in the question's own language higher than an
equally relevant passage in another language: an English question about a Vietnamese workshop
report is closer to any English case study than to the report that answers it. How much closer
depends on the question. Here it is measured per question: the background level of each
language is a high percentile of the question's similarity to a fixed random sample of that
language's passages (a few hundred, whatever the corpus size), and each candidate's similarity
is taken relative to its language's level. In a corpus of one language the shift is the same for
every candidate and changes nothing (fusion normalises each score list).

Usage::

    dense = calibrated_similarities(snapshot, candidates, dense, query_vector)
"""

from __future__ import annotations

import numpy as np

from kb.index.snapshot import IndexSnapshot
from kb.text.passage_language import OTHER, VIETNAMESE, passage_language

SAMPLE_PER_LANGUAGE = 256
BACKGROUND_PERCENTILE = 90
MIN_PASSAGES = 3  # a language with fewer passages is not calibrated (too few to know its level)
__all__ = ["OTHER", "VIETNAMESE", "calibrated_similarities", "chunk_languages", "passage_language"]


def chunk_languages(snapshot: IndexSnapshot) -> np.ndarray:
    """The language of every chunk (``VIETNAMESE`` or ``OTHER``), computed once per generation."""

    def compute() -> np.ndarray:
        if snapshot.chunk_languages is not None:  # kept by the store (a column in PostgreSQL)
            return np.asarray(snapshot.chunk_languages, dtype=np.int8)
        return np.fromiter(
            (passage_language(chunk.text) for chunk in snapshot.chunks),
            dtype=np.int8,
            count=len(snapshot.chunks),
        )

    return snapshot.cache.get("chunk_languages", compute)


def language_samples(snapshot: IndexSnapshot) -> dict[int, np.ndarray]:
    """Per language with enough passages: the vectors of a fixed random sample of its chunks."""

    def compute() -> dict[int, np.ndarray]:
        languages = chunk_languages(snapshot)
        rng = np.random.default_rng(0)
        samples = {}
        for language in (VIETNAMESE, OTHER):
            rows = np.flatnonzero(languages == language)
            if len(rows) >= MIN_PASSAGES:
                take = min(SAMPLE_PER_LANGUAGE, len(rows))
                sample = np.sort(rng.choice(rows, size=take, replace=False))
                # The vectors themselves, read once: a store that reads rows on demand (mmap,
                # PostgreSQL) would otherwise fetch them again for every question.
                samples[language] = np.asarray(snapshot.vectors[sample], dtype=np.float32)
        return samples

    return snapshot.cache.get("language_samples", compute)


def calibrated_similarities(
    snapshot: IndexSnapshot, candidates: np.ndarray, dense: np.ndarray, query: np.ndarray
) -> np.ndarray:
    """``dense`` (similarities of ``candidates`` to ``query``) minus each candidate's language level."""
    samples = language_samples(snapshot)
    if len(samples) < 2:
        return dense  # one language: nothing to compare
    levels = np.zeros(2, dtype=np.float32)
    for language, vectors in samples.items():
        levels[language] = np.percentile(vectors @ query, BACKGROUND_PERCENTILE)
    languages = chunk_languages(snapshot)[candidates]
    return dense - levels[languages]


def per_language_min_max(snapshot: IndexSnapshot, candidates: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Scores min-max normalised within each language of the candidates (a question's words match
    passages of its own language; its glossary terms and names are all another language can share)."""
    languages = chunk_languages(snapshot)[candidates]
    out = np.zeros(len(scores), dtype=np.float64)
    for language in np.unique(languages):
        rows = languages == language
        group = scores[rows].astype(np.float64)
        low, high = float(group.min()), float(group.max())
        out[rows] = (group - low) / (high - low) if high - low > 1e-9 else (1.0 if high > 0 else 0.0)
    return out


# How much lower multilingual-e5-small rates a passage answering a Vietnamese question when the
# passage is in English, measured on the fit sets' answering passages (median similarity 0.906 on
# Vietnamese passages, 0.828 on English ones; RESULTS.md, twenty-fourth session). English questions
# get no allowance: their shortfall on Vietnamese passages is smaller (0.883 against 0.855) and, given
# back, let an off-topic English question pass on a Vietnamese passage.
CROSS_LINGUAL_SHORTFALL = {("vi", OTHER): 0.078}


def same_language_similarity(similarity: float, question_language: str, passage_text: str) -> float:
    """A passage's dense similarity to the question as if both were in one language: raised by the
    measured shortfall when the passage is in the other language, so that one threshold holds."""
    return similarity + CROSS_LINGUAL_SHORTFALL.get((question_language, passage_language(passage_text)), 0.0)
