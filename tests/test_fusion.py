"""Fusion of BM25 and dense scores, filters, and the hybrid retriever on a tiny index (no model)."""

import numpy as np
import pytest
from tiny_index import pseudo_vector, tiny_snapshot

from kb.index.snapshot import IndexSnapshot
from kb.retrieve.filters import RetrievalFilters
from kb.retrieve.fusion import anchored, fuse_rrf, fuse_weighted, min_max
from kb.retrieve.hybrid_retriever import HybridRetriever, _unit_max
from kb.retrieve.learned_fusion import FEATURES, LearnedFusion
from kb.text.lexical_analyzer import bm25_tokens

EMPTY = IndexSnapshot.empty(4)


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
        HybridRetriever(EMPTY, method="magic")
    with pytest.raises(ValueError, match="dense_weight"):
        HybridRetriever(EMPTY, dense_weight=1.5)
    with pytest.raises(ValueError, match="title_weight"):
        HybridRetriever(EMPTY, title_weight=-0.1)
    with pytest.raises(ValueError, match="definition_weight"):
        HybridRetriever(EMPTY, definition_weight=2)
    with pytest.raises(ValueError, match="name_weight"):
        HybridRetriever(EMPTY, name_weight=-1)
    with pytest.raises(ValueError, match="unknown filter"):
        RetrievalFilters.from_dict({"kind": ["decree"]})


def test_anchored_normalisation_and_unit_maxima():
    values = np.array([5.0, 1.0, 3.0, 2.0])
    # Between the best and the 3rd best; below it clipped to 0.
    assert anchored(values, 3).tolist() == [1.0, 0.0, pytest.approx(1 / 3), 0.0]
    assert anchored(values, 10).tolist() == pytest.approx(min_max(values).tolist())
    assert _unit_max(np.array([0.2, 0.9, 0.5]), np.array([0, 1, 0])).tolist() == [0.5, 0.9, 0.5]
    with pytest.raises(ValueError, match="normalisation"):
        HybridRetriever(EMPTY, normalisation="rank")


def test_min_max_of_constant_lists():
    assert min_max(np.array([2.0, 2.0])).tolist() == [1.0, 1.0]
    assert min_max(np.array([0.0, 0.0])).tolist() == [0.0, 0.0]
    assert min_max(np.array([])).size == 0


@pytest.fixture(scope="module")
def snapshot():
    return tiny_snapshot(
        {
            "hp": (
                {"kind": "workshop", "title": "Hiệp Phước"},
                "KCN Hiệp Phước có 90 doanh nghiệp cộng sinh.",
            ),
            "old": (
                {"kind": "decree", "number": "82/2018/NĐ-CP", "status": "replaced-by: 35/2022/NĐ-CP"},
                "Điều 1. Phạm vi\nNghị định quy định khu công nghiệp sinh thái.",
            ),
            "ul": ({"kind": "case-study", "title": "Ulsan"}, "Ulsan exchanges steam between companies."),
        }
    )


def test_bm25_method_ranks_lexical_matches_only(snapshot):
    retriever = HybridRetriever(snapshot, method="bm25")
    docs = retriever.run(bm25_tokens=bm25_tokens("doanh nghiệp Hiệp Phước"), top_k=5)["documents"]
    assert docs[0].meta["doc_id"] == "hp" and "ul" not in {d.meta["doc_id"] for d in docs}
    assert docs[0].meta["bm25_score"] > 0 and docs[0].content.startswith("KCN Hiệp Phước")


def test_dense_method_follows_the_query_vector(snapshot):
    row = next(r for r, c in enumerate(snapshot.chunks) if c.doc_id == "ul")
    retriever = HybridRetriever(snapshot, method="dense")
    docs = retriever.run(bm25_tokens=[], query_embedding=pseudo_vector(snapshot.chunks[row].text), top_k=1)
    assert docs["documents"][0].meta["doc_id"] == "ul"
    assert docs["documents"][0].meta["dense_score"] == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(ValueError, match="query embedding"):
        retriever.run(bm25_tokens=[], top_k=1)


def test_filters_mask_kinds_documents_and_replaced_laws(snapshot):
    retriever = HybridRetriever(snapshot)
    tokens = bm25_tokens("khu công nghiệp sinh thái doanh nghiệp")
    vector = pseudo_vector("x")
    every = {
        d.meta["doc_id"]
        for d in retriever.run(bm25_tokens=tokens, query_embedding=vector, top_k=10)["documents"]
    }
    assert every == {"hp", "old", "ul"}
    in_force = retriever.run(
        bm25_tokens=tokens, query_embedding=vector, top_k=10, filters={"in_force_only": True}
    )["documents"]
    assert "old" not in {d.meta["doc_id"] for d in in_force}
    kinds = retriever.run(bm25_tokens=tokens, query_embedding=vector, top_k=10, filters={"kinds": ["decree"]})
    assert {d.meta["doc_id"] for d in kinds["documents"]} == {"old"}
    assert RetrievalFilters().mask(snapshot) is None


def test_unit_fusion_scores_a_unit_by_its_best_signals(snapshot):
    # Each chunk of this index is its own unit (another document or heading): a unit's best
    # signals are the chunk's own, so unit fusion keeps the order of plain fusion.
    units = HybridRetriever(snapshot)._units(np.arange(len(snapshot.chunks)))
    assert len(set(units.tolist())) == len(snapshot.chunks)
    tokens, vector = bm25_tokens("doanh nghiệp Hiệp Phước khu công nghiệp"), pseudo_vector("x")
    plain = HybridRetriever(snapshot).run(bm25_tokens=tokens, query_embedding=vector, top_k=5)["documents"]
    fused = HybridRetriever(snapshot, unit_fusion=True).run(bm25_tokens=tokens, query_embedding=vector, top_k=5)
    assert [d.id for d in fused["documents"]] == [d.id for d in plain]
    assert fused["documents"][0].meta["doc_id"] == "hp"


def test_rebind_and_settings(snapshot):
    retriever = HybridRetriever(snapshot, dense_weight=0.6)
    retriever.title_weight = 0.2
    other = retriever.rebind(EMPTY)
    assert other.snapshot is EMPTY and (other.dense_weight, other.title_weight) == (0.6, 0.2)
    assert other.run(bm25_tokens=["x"], query_embedding=np.zeros(4), top_k=3) == {"documents": []}


# ----------------------------------------------------------------------------- learned fusion


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_weighted_method_is_one_point_of_the_learned_feature_space(snapshot, language):
    """eval/fit_fusion.py compares the learned weights with the weighted method written as
    weights of the same features: that rewriting must rank exactly like the weighted method."""
    from eval.fit_fusion import weighted_as_features

    retriever = HybridRetriever(snapshot)
    tokens = bm25_tokens("doanh nghiệp khu công nghiệp sinh thái Hiệp Phước")
    vector = pseudo_vector("KCN Hiệp Phước có 90 doanh nghiệp cộng sinh.")
    rows, features = retriever.candidate_features(tokens, vector, language=language, names=["Ulsan"])
    assert features.shape == (len(rows), len(FEATURES))
    expected = retriever.run(
        bm25_tokens=tokens, query_embedding=vector, language=language, top_k=10, names=["Ulsan"]
    )
    scores = features @ weighted_as_features()
    assert [int(rows[i]) for i in np.argsort(-scores, kind="stable")] == [
        d.meta["row"] for d in expected["documents"]
    ]
    assert [d.score for d in expected["documents"]] == pytest.approx(sorted(scores, reverse=True))


def test_learned_method_ranks_with_the_weights_file(snapshot, tmp_path):
    model = LearnedFusion.load()
    assert model.info["fitted_on"] and "vimedaqa" not in model.info["fitted_on"]  # fit sets only
    retriever = HybridRetriever(snapshot, method="learned")
    tokens = bm25_tokens("doanh nghiệp Hiệp Phước")
    docs = retriever.run(bm25_tokens=tokens, query_embedding=pseudo_vector("Hiệp Phước"), top_k=3)[
        "documents"
    ]
    _, features = retriever.candidate_features(tokens, pseudo_vector("Hiệp Phước"))
    assert docs[0].score == pytest.approx(float((features @ model.weights).max()))
    # A weights file fitted on other features is refused with the way out.
    stale = tmp_path / "weights.json"
    stale.write_text('{"features": ["bm25_minmax"], "weights": [1.0]}', encoding="utf-8")
    with pytest.raises(ValueError, match="refit"):
        LearnedFusion.load(stale)
    round_trip = tmp_path / "round-trip.json"
    model.save(round_trip)
    assert LearnedFusion.load(round_trip).weights == pytest.approx(model.weights, abs=1e-6)
