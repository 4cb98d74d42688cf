"""Diacritics restored on unaccented Vietnamese questions, from the real corpus index."""

from __future__ import annotations

import pytest

from kb.index.store import load_snapshot
from kb.query.diacritics import DiacriticTable, general_words, restore_diacritics
from kb.query.preprocessor import QueryPreprocessor


@pytest.fixture(scope="module")
def snapshot(corpus_index):
    loaded = load_snapshot(corpus_index)
    assert loaded is not None
    return loaded


@pytest.mark.parametrize(
    ("typed", "restored"),
    [
        # Domain words from the corpus, question words from the function-word list.
        (
            "khoang cach cong sinh cong nghiep trung binh",
            "khoảng cách cộng sinh công nghiệp trung bình",
        ),
        ("doanh nghiep da dau noi voi xu ly nuoc thai", "doanh nghiệp đã đấu nối với xử lý nước thải"),
        # Capitals kept; acronyms and numbers untouched ("CO2" is not "CÓ2").
        ("Hoi thao o Hiep Phuoc co bao nhieu dai bieu?", "Hội thảo ở Hiệp Phước có bao nhiêu đại biểu?"),
        ("bao nhieu CO2", "bao nhiêu CO2"),
        ("KCN nao o Ha Noi", "KCN nào ở Hà Nội"),
        # A question phrase, not the rarer dictionary word that folds alike ("đổ ải", "cửa ải").
        ("du an do ai tai tro", "dự án do ai tài trợ"),
        ("nha may cua ai", "nhà máy của ai"),
        # Two question or function words outweigh the rare dictionary word that folds alike.
        ("den nay da co bao nhieu giai phap", "đến nay đã có bao nhiêu giải pháp"),
        # How questions ask about content and frequency, not "nội" (Hà Nội) nor "môi" (môi trường).
        ("phien 5 noi ve nhung gi", "phiên 5 nói về những gì"),
        ("moi doanh nghiep tiet kiem bao nhieu", "mỗi doanh nghiệp tiết kiệm bao nhiêu"),
    ],
)
def test_unaccented_questions_get_their_diacritics_back(snapshot, typed, restored):
    assert restore_diacritics(snapshot, typed) == restored


def test_what_is_not_known_is_left_as_typed(snapshot):
    # "nam" is "năm" (year) as often as "Nam" (a name), "tram" "trạm" as often as "trăm":
    # left alone, like words the corpus and the dictionary do not know.
    assert restore_diacritics(snapshot, "nam 2015") == "nam 2015"
    assert restore_diacritics(snapshot, "tram") == "tram"
    assert restore_diacritics(snapshot, "xyzzy qwrt") == "xyzzy qwrt"
    # A question typed with diacritics is never touched, even where one word lacks them.
    assert restore_diacritics(snapshot, "Hội thảo o đâu?") == "Hội thảo o đâu?"


def test_the_best_reading_beats_the_first_long_match(snapshot):
    """Greedy longest-first would read "tu bao" as one word; the scored reading finds
    "bao nhiêu", a question word, and "nhà máy", a word of the corpus."""
    table = DiacriticTable(snapshot)
    assert table.restore("tang tu bao nhieu").endswith(" từ bao nhiêu")
    assert table.restore("la cua nha may nao") == "là của nhà máy nào"


def test_dictionary_words_are_used_only_when_unambiguous():
    dictionary, function = general_words()
    assert dictionary[("khoang", "cach")] == ("khoảng", "cách")
    assert ("tu", "van") not in dictionary  # tư vấn, tự vẫn, tử vận, …
    assert function[("gi",)] == ("gì",)


def test_preprocessor_searches_the_restored_question_and_keeps_the_typed_one(snapshot):
    typed = "kcn hiep phuoc co bao nhieu doanh nghiep"
    out = QueryPreprocessor(snapshot).run(question=typed)
    assert out["question"] == typed  # the answer compares the question as typed
    assert out["restored"].startswith("kcn hiệp phước có bao nhiêu doanh nghiệp")
    assert out["dense_query"].startswith(out["restored"])
    assert "doanh_nghiệp" in out["bm25_tokens"]  # segmented once the diacritics are back
    # Without a snapshot (or with the option off) the question is searched as typed.
    assert QueryPreprocessor().run(question=typed)["restored"] == typed
    off = QueryPreprocessor(snapshot, restore_diacritics=False).run(question=typed)
    assert off["restored"] == typed
    # English and accented questions are never restored.
    assert (
        QueryPreprocessor(snapshot).run(question="how many companies")["restored"]
        == "how many companies"
    )
