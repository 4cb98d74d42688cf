"""Question coverage from stored tokens (kb.answer.evidence) on a tiny index."""

import pytest
from tiny_index import tiny_snapshot

from kb.answer.evidence import EvidenceScorer, chunk_sentences

TEXT = (
    "Khu công nghiệp sinh thái Hiệp Phước có 90 doanh nghiệp. "
    "Nhà máy điện cung cấp hơi nước cho các doanh nghiệp lân cận."
)


@pytest.fixture(scope="module")
def snapshot():
    return tiny_snapshot(
        {
            "a": ({"kind": "workshop"}, TEXT),
            "b": ({"kind": "case-study", "title": "Kalundborg"}, "Gypsum from the power station goes to a plasterboard maker."),
            "c": ({"kind": "workshop"}, "Doanh nghiệp cần vốn để đầu tư."),
            "d": ({"kind": "workshop"}, "Tới dự lễ khởi động tại Khu Công nghệ cao Tp. HCM có 40 doanh nghiệp."),
        }
    )


def test_the_scorer_is_built_once_per_generation(snapshot):
    assert EvidenceScorer.for_snapshot(snapshot) is EvidenceScorer.for_snapshot(snapshot)
    assert tiny_snapshot({"a": ({"kind": "workshop"}, TEXT)}).cache is not snapshot.cache


def test_stop_words_are_dropped_and_rare_words_weigh_more(snapshot):
    scorer = EvidenceScorer.for_snapshot(snapshot)
    terms, folded = scorer.query_terms("Hiệp Phước có bao nhiêu doanh nghiệp?")
    words = {t.word for t in terms}
    assert not folded and "bao_nhiêu" not in words and "có" not in words
    assert {"hiệp_phước", "doanh_nghiệp"} <= words
    weights = {t.word: t.weight for t in terms}
    assert weights["hiệp_phước"] > weights["doanh_nghiệp"]  # in one chunk vs in two


def test_coverage_of_sentences_accented_and_folded(snapshot):
    scorer = EvidenceScorer.for_snapshot(snapshot)
    row = next(r for r, c in enumerate(snapshot.chunks) if c.doc_id == "a")
    assert len(chunk_sentences(snapshot.chunks[row])) == 2
    terms, folded = scorer.query_terms("Hiệp Phước có bao nhiêu doanh nghiệp?")
    first, second = scorer.sentence_syllables(row, folded)
    assert scorer.coverage(terms, first) == pytest.approx(1.0)
    assert 0 < scorer.coverage(terms, second) < 1
    # Typed without diacritics: compared accent-folded, syllable by syllable (segmentation guesses
    # wrong without diacritics), so "bao" is a term of its own; the same sentence covers it best.
    terms, folded = scorer.query_terms("hiep phuoc co bao nhieu doanh nghiep")
    first, second = scorer.sentence_syllables(row, folded)
    assert folded and scorer.coverage(terms, first) > max(0.5, scorer.coverage(terms, second))


def test_a_dotted_abbreviation_matches_however_it_was_split(snapshot):
    # "TP.HCM" in the question, "Tp. HCM" in the passage: the tokeniser splits them differently.
    scorer = EvidenceScorer.for_snapshot(snapshot)
    row = next(r for r, c in enumerate(snapshot.chunks) if c.doc_id == "d")
    terms, folded = scorer.query_terms("Khu Công nghệ cao TP.HCM có bao nhiêu doanh nghiệp?")
    (sentence,) = scorer.sentence_syllables(row, folded)
    dotted = next(t for t in terms if "." in t.word)
    assert dotted.found_in(sentence)
    assert scorer.coverage(terms, sentence) == pytest.approx(1.0)


def test_phrase_terms_count_any_equivalent(snapshot):
    scorer = EvidenceScorer.for_snapshot(snapshot)
    row = next(r for r, c in enumerate(snapshot.chunks) if c.doc_id == "b")
    (term,) = scorer.phrase_terms([["power plant", "power station"]], folded=False)
    assert term.found_in(scorer.sentence_syllables(row, False)[0])
    assert scorer.title_syllables("b", False) == {"kalundborg"}


def test_an_unaccented_question_prefers_its_phrases_to_scattered_syllables():
    """ "cung cap hieu biet" side by side beats "cùng … cao cấp … Hiệu quả" spread over a long
    sentence that happens to hold the same folded syllables."""
    scattered = (
        "Tham gia có ông Thắng, chuyên gia cao cấp về Hiệu quả tài nguyên, cùng đại diện doanh nghiệp."
    )
    phrased = "Hội thảo cung cấp những hiểu biết chung về cộng sinh công nghiệp."
    snap = tiny_snapshot({"a": ({"kind": "workshop"}, f"{scattered} {phrased}")})
    scorer = EvidenceScorer.for_snapshot(snap)
    terms, folded = scorer.query_terms("hoi thao cung cap hieu biet chung ve noi dung gi")
    pairs = scorer.query_pairs("hoi thao cung cap hieu biet chung ve noi dung gi", folded)
    assert (("cung", "cap") in dict(pairs)) and folded
    # A word and its number ("phiên 4") is a phrase; a year is not part of one.
    numbered = dict(scorer.query_pairs("phien 4 hoi thao thang 11 nam 2018", True))
    assert ("phien", "4") in numbered and not any("2018" in pair for pair in numbered)
    first, second = scorer.sentence_pairs(0, folded)
    syllables = scorer.sentence_syllables(0, folded)
    assert scorer.pair_share(pairs, second) > scorer.pair_share(pairs, first) == 0.0
    # "cung", "cap", "hieu" are found in the first sentence, but apart: held only as scattered syllables.
    apart = scorer.scattered_share(terms, syllables[0], pairs, first)
    assert apart > 2 * scorer.scattered_share(terms, syllables[1], pairs, second)
