"""Dense similarities compared across the languages of a mixed corpus (kb.retrieve.language_calibration)."""

import numpy as np
from tiny_index import tiny_snapshot

from kb.retrieve.language_calibration import (
    OTHER,
    VIETNAMESE,
    calibrated_similarities,
    chunk_languages,
    passage_language,
    per_language_min_max,
    same_language_similarity,
)


def test_passage_language_by_diacritics():
    assert passage_language("Khu công nghiệp sinh thái Hiệp Phước có 90 doanh nghiệp.") == VIETNAMESE
    english = "Kalundborg exchanges steam, gypsum and water between its partners, like the pilots near Hiệp Phước."
    assert passage_language(english) == OTHER


def _snapshot():
    documents = {f"vi{i}": ({"kind": "workshop"}, f"Doanh nghiệp số {i} tham gia cộng sinh công nghiệp ở khu công nghiệp.") for i in range(4)}
    documents |= {f"en{i}": ({"kind": "case-study"}, f"Company number {i} exchanges steam and water in the park.") for i in range(4)}
    return tiny_snapshot(documents)


def test_each_language_is_measured_against_its_own_level():
    snapshot = _snapshot()
    languages = chunk_languages(snapshot)
    assert sorted(languages.tolist()) == [VIETNAMESE] * 4 + [OTHER] * 4
    query = snapshot.vectors[int(np.flatnonzero(languages == OTHER)[0])]
    rows = np.arange(len(snapshot.chunks))
    dense = snapshot.vectors @ query
    calibrated = calibrated_similarities(snapshot, rows, dense, query)
    # Within a language the order is kept; the shift differs between languages.
    for language in (VIETNAMESE, OTHER):
        group = languages == language
        assert np.array_equal(np.argsort(dense[group]), np.argsort(calibrated[group]))
    shifts = {float(np.round((dense - calibrated)[languages == lang][0], 5)) for lang in (VIETNAMESE, OTHER)}
    assert len(shifts) == 2


def test_per_language_min_max_gives_each_language_its_best():
    snapshot = _snapshot()
    rows = np.arange(len(snapshot.chunks))
    scores = np.array([1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0])[: len(rows)]
    normalised = per_language_min_max(snapshot, rows, scores)
    languages = chunk_languages(snapshot)
    for language in (VIETNAMESE, OTHER):
        assert normalised[languages == language].max() == 1.0


def test_a_vietnamese_question_allows_for_the_models_shortfall_on_english_passages_only():
    english, vietnamese = "Kalundborg partners save EUR 24 million a year.", "Các doanh nghiệp tiết kiệm 32,86 tỷ đồng."
    assert same_language_similarity(0.80, "vi", english) > 0.84 > same_language_similarity(0.80, "vi", vietnamese)
    # An English question gets none: given back, an off-topic one passed on a Vietnamese passage.
    assert same_language_similarity(0.82, "en", vietnamese) == 0.82
