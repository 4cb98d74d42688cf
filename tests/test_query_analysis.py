import numpy as np
import pytest

from kb.hybrid_retriever import HybridRetriever, RetrievalFilters, fuse_rrf, fuse_weighted
from kb.llm_answerer import check_markers
from kb.query_analysis import detect_language, expand_abbreviations, parse_provision_reference
from kb.query_preprocessor import QueryPreprocessor


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Tiêu chí xác định khu công nghiệp sinh thái là gì?", "vi"),
        ("khu cong nghiep sinh thai la gi", "vi"),
        ("cong sinh cong nghiep o Hiep Phuoc nhu the nao", "vi"),
        ("What are the criteria for an eco-industrial park?", "en"),
        ("Which parks took part in the UNIDO project?", "en"),
    ],
)
def test_detect_language(question, language):
    assert detect_language(question) == language


def test_abbreviations_expand_both_ways():
    assert "khu công nghiệp" in expand_abbreviations("KCN Hiệp Phước có bao nhiêu DN?")
    assert "doanh nghiệp" in expand_abbreviations("KCN Hiệp Phước có bao nhiêu DN?")
    assert "KCNST" in expand_abbreviations("tiêu chí khu công nghiệp sinh thái")
    # Accent-insensitive on the long form, whole-word on the short form.
    assert "KCN" in expand_abbreviations("khu cong nghiep Amata")
    assert expand_abbreviations("DNA testing") == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Điều 9 Nghị định 35/2022", ("9", None, None, "35/2022", "decree")),
        ("khoản 2 Điều 38 NĐ 35/2022/NĐ-CP", ("38", "2", None, "35/2022/NĐ-CP", "decree")),
        ("Điều 51 Luật Bảo vệ môi trường", ("51", None, None, "Luật Bảo vệ môi trường", "law")),
        ("dieu 9 nghi dinh 35/2022", ("9", None, None, "35/2022", "decree")),
        (
            "điểm a khoản 1 Điều 37 Nghị định 35/2022/NĐ-CP quy định gì?",
            ("37", "1", "a", "35/2022/NĐ-CP", "decree"),
        ),
        ("What does Article 37 of Decree 35/2022 say?", ("37", None, None, "35/2022", "decree")),
    ],
)
def test_parse_provision_reference(question, expected):
    ref = parse_provision_reference(question)
    assert (ref.article, ref.clause, ref.point, ref.document, ref.kind) == expected


def test_no_provision_in_an_ordinary_question():
    assert parse_provision_reference("Tiêu chí KCNST là gì?") is None


def test_preprocessor_prepares_every_retriever_input():
    out = QueryPreprocessor().run(question="KCN sinh thai la gi")
    assert out["language"] == "vi"
    assert "khu công nghiệp" in out["dense_query"]
    assert {"~khu", "~cong", "~nghiep"} <= set(out["bm25_tokens"])
    assert out["provision"] == {}


def test_rrf_on_hand_made_rankings():
    bm25 = np.array([3.0, 0.0, 1.0])
    dense = np.array([0.2, 0.9, 0.5])
    fused = fuse_rrf(bm25, dense, k=60)
    # Row 0: ranks 1 and 3; row 2: ranks 2 and 2; row 1: no lexical vote, dense rank 1.
    assert fused[0] == pytest.approx(1 / 61 + 1 / 63)
    assert fused[2] == pytest.approx(2 / 62)
    assert fused[1] == pytest.approx(1 / 61)


def test_weighted_fusion_normalises_each_list():
    bm25 = np.array([10.0, 0.0, 5.0])
    dense = np.array([0.80, 0.90, 0.85])
    # Normalised: bm25 -> [1, 0, 0.5], dense -> [0, 1, 0.5].
    assert fuse_weighted(bm25, dense, 0.25) == pytest.approx([0.75, 0.25, 0.5])
    assert np.argmax(fuse_weighted(bm25, dense, 1.0)) == 1


def test_retriever_rejects_bad_configuration():
    with pytest.raises(ValueError, match="method"):
        HybridRetriever(method="magic")
    with pytest.raises(ValueError, match="dense_weight"):
        HybridRetriever(dense_weight=1.5)
    with pytest.raises(ValueError, match="unknown filter"):
        RetrievalFilters.from_dict({"kind": ["decree"]})


def test_check_markers_drops_invalid_and_renumbers():
    cleaned, order = check_markers("Tối thiểu 25% [3]. Theo [9] và [0] thì [1] [3].", source_count=3)
    assert cleaned == "Tối thiểu 25% [1]. Theo và thì [2] [1]."
    assert order == [2, 0]
    assert check_markers("Không có nguồn [7].", 3) == ("Không có nguồn.", [])
