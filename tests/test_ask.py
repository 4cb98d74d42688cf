"""Ask, lookup and cite over real indexes (demo corpus; a decree the test builds; shared excerpts)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from haystack import component
from haystack.dataclasses import ChatMessage
from legal_fixtures import DECREE

from kb.answer.llm_answerer import configure_llm
from kb.cli import main as kb_main
from kb.config import Settings
from kb.index.ingestion import ingest
from kb.knowledge_base import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> KnowledgeBase:
    """The demo corpus plus a decree-like text with a standard header (no manifest entry)."""
    root = tmp_path_factory.mktemp("ask")
    legal = root / "legal"
    legal.mkdir()
    (legal / "nd35-2022.txt").write_text(DECREE, encoding="utf-8")
    settings = Settings.load().with_overrides(index_dir=root / "index")
    report = ingest([REPO / "corpus", legal], settings)
    assert not report.failed
    return KnowledgeBase.open(settings)


def _cited_docs(answer) -> list[str]:
    return [c.doc_id for c in answer.citations]


@pytest.mark.parametrize(
    ("question", "gold", "language"),
    [
        (
            "Doanh nghiệp ở KCN Hiệp Phước gặp khó khăn gì khi triển khai cộng sinh công nghiệp?",
            "ws-2022-11-hiep-phuoc",
            "vi",
        ),
        (
            "Dự án đã hỗ trợ bao nhiêu doanh nghiệp với bao nhiêu giải pháp RECP?",
            "ws-2023-04-tong-ket-du-an",
            "vi",
        ),
        ("KCN Nam Cầu Kiền dành bao nhiêu phần trăm diện tích cho cây xanh?", "cs-nam-cau-kien", "vi"),
        (
            "doanh nghiep o KCN Hiep Phuoc gap kho khan gi khi trien khai cong sinh cong nghiep",
            "ws-2022-11-hiep-phuoc",
            "vi",
        ),
        ("chu dau tu KCN Nam Cau Kien la cong ty nao", "cs-nam-cau-kien", "vi"),
        ("How much water did Kalundborg save through reuse in 2010?", "cs-kalundborg", "en"),
        (
            "What difficulties did companies in Hiep Phuoc industrial park face with industrial symbiosis?",
            "ws-2022-11-hiep-phuoc",
            "en",
        ),
    ],
)
def test_questions_find_the_right_document(base, question, gold, language):
    answer = base.ask(question)
    assert not answer.refused, answer.answer
    assert answer.language == language
    assert gold in _cited_docs(answer)
    assert "[1]" in answer.answer


def test_quotes_are_verbatim_spans_of_the_indexed_text(base):
    for question in (
        "Tiêu chí xác định khu công nghiệp sinh thái là gì?",
        "Which partners exchange steam in Kalundborg?",
    ):
        answer = base.ask(question)
        for citation in answer.citations:
            chunk = next(c for c in base.snapshot.chunks if c.chunk_id == citation.chunk_id)
            assert citation.quote and citation.quote in chunk.text
            assert f"[{citation.marker}]" in answer.answer


def test_every_marker_in_the_answer_has_exactly_one_citation(base):
    answer = base.ask("Kết quả dự án KCN sinh thái tại Hiệp Phước, Amata và DEEP C là gì?", k=8)
    markers = sorted({int(m) for m in __import__("re").findall(r"\[(\d+)\]", answer.answer)})
    assert markers == [c.marker for c in answer.citations]


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("giá vàng hôm nay", "Không tìm thấy thông tin này trong tài liệu"),
        ("Công thức nấu phở bò ngon", "Không tìm thấy thông tin này trong tài liệu"),
        ("What is the price of gold today?", "The documents do not say"),
    ],
)
def test_off_topic_questions_are_refused_with_closest_sources(base, question, phrase):
    answer = base.ask(question)
    assert answer.refused
    assert answer.answer.startswith(phrase)
    assert answer.citations and "[1]" in answer.answer


def test_superseded_decree_is_flagged_with_its_replacement(base):
    answer = base.ask(
        "Theo Nghị định 82/2018, KCN sinh thái phải dành tối thiểu bao nhiêu diện tích cho cây xanh?"
    )
    assert "fs-nd82-2018-tieu-chi" in _cited_docs(answer)
    assert "đã được thay thế bởi Nghị định 35/2022/NĐ-CP" in answer.answer
    english = base.ask("Under Decree 82/2018, what share of land must an eco-industrial park keep green?")
    if "fs-nd82-2018-tieu-chi" in _cited_docs(english):
        assert "has been replaced by Decree 35/2022/NĐ-CP" in english.answer


@pytest.mark.parametrize(
    "question",
    [
        "Nghị định 82/2018/NĐ-CP bị thay thế bởi văn bản nào và từ ngày nào?",
        "nghi dinh 82/2018 con hieu luc khong",
        "Is Decree 82/2018 still in force?",
        # Named without its year, as ministry staff say it: the register knows one Decree 82.
        "Nghị định 82 quy định KCN sinh thái giờ còn hiệu lực không hay đã có văn bản khác thay rồi?",
        "Is Decree 82 still in force?",
    ],
)
def test_status_question_is_answered_from_the_register_not_a_passing_mention(base, question):
    # Retrieval alone answers these from a workshop report that merely mentions Decree 82.
    answer = base.ask(question)
    assert not answer.refused
    assert "35/2022/NĐ-CP" in answer.answer
    assert "15/7/2022" in answer.answer or "15 July 2022" in answer.answer
    assert _cited_docs(answer) == ["fs-nd82-2018-tieu-chi"]
    citation = answer.citations[0]
    assert citation.quote in citation.passage and "82/2018" in citation.quote
    assert any("bản tóm tắt" in n or "summary" in n for n in answer.notes)  # a summary, not the text


def test_status_of_a_decree_in_force_cites_its_ingested_text(base):
    answer = base.ask("Nghị định 35/2022 còn hiệu lực không?")
    assert not answer.refused
    assert answer.answer.startswith("Nghị định 35/2022/NĐ-CP đang có hiệu lực (từ ngày 15/7/2022).")
    assert "thay thế Nghị định 82/2018/NĐ-CP" in answer.answer
    assert "Điều 4, Điều 51" in answer.answer  # the register's amendment note
    assert [c.kind for c in answer.citations] == ["decree"]
    assert "35/2022" in answer.citations[0].quote


def test_status_questions_the_register_cannot_answer_are_refused(base):
    undated = base.ask("thong tu 05/2025/TT-BKHDT co hieu luc tu ngay nao")
    assert undated.refused
    assert undated.answer.startswith("Tài liệu không ghi ngày có hiệu lực của Thông tư 05/2025/TT-BKHĐT.")
    unknown = base.ask("Nghị định 40/2019/NĐ-CP còn hiệu lực không?")
    assert unknown.refused
    assert "không có thông tin về Nghị định 40/2019" in unknown.answer
    assert "Nghị định 35/2022/NĐ-CP" in unknown.answer


def test_filters_restrict_kinds_and_in_force(base):
    only_cases = base.ask("Kalundborg và Ulsan trao đổi gì?", filters={"kinds": ["case-study"]})
    assert {c.kind for c in only_cases.citations} <= {"case-study"}
    in_force = base.retrieve("tiêu chí diện tích cây xanh 25%", k=10, filters={"in_force_only": True})
    assert all(d.meta["doc_id"] != "fs-nd82-2018-tieu-chi" for d in in_force["retriever"]["documents"])


# ----------------------------------------------------------------------------- provisions


def test_lookup_returns_the_exact_provision_text(base):
    clause = base.lookup("khoản 2 Điều 9 Nghị định 35/2022")
    assert clause.found
    assert clause.path == "Nghị định 35/2022/NĐ-CP › Chương II › Điều 9 › khoản 2"
    assert clause.text.startswith("2. Khu công nghiệp được thành lập trước ngày 01 tháng 7 năm")
    assert clause.text in DECREE
    point = base.lookup("điểm đ khoản 1 Điều 37 NĐ 35/2022/NĐ-CP")
    assert point.found and point.text == "đ) Thực hiện trách nhiệm xã hội đối với cộng đồng xung quanh."
    article = base.lookup("dieu 38 nghi dinh 35/2022")
    assert article.found and article.text.startswith("Điều 38: Dự án đầu tư")
    assert article.document.info["status"] == "in-force"


def test_unknown_provision_says_what_the_knowledge_base_holds(base):
    missing = base.lookup("Điều 99 Nghị định 35/2022")
    assert not missing.found
    assert "Không có Điều 99 Nghị định 35/2022" in missing.message
    assert "Nghị định 35/2022/NĐ-CP (Điều 1, 2, 9, 37, 38)" in missing.message
    absent = base.lookup("Điều 51 Luật Bảo vệ môi trường")
    assert not absent.found and "chưa được nạp" in absent.message


def test_a_question_naming_a_provision_gets_it_first(base):
    answer = base.ask("Điều 37 Nghị định 35/2022 quy định gì?")
    assert not answer.refused
    first = answer.citations[0]
    assert first.provision_path == "Nghị định 35/2022/NĐ-CP › Chương V › Điều 37"
    assert first.quote.startswith("Điều 37. Tiêu chí xác định khu công nghiệp sinh thái")
    assert answer.answer.startswith("Nghị định 35/2022/NĐ-CP › Chương V › Điều 37 quy định:")
    missing = base.ask("Điều 99 Nghị định 35/2022 quy định gì?")
    assert missing.refused and missing.answer.startswith("Không có Điều 99 Nghị định 35/2022")


def test_shared_decree_excerpts_lookup(shared_dir, tmp_path):
    settings = Settings.load().with_overrides(index_dir=tmp_path / "index")
    ingest([shared_dir / "corpus" / "legal-excerpts"], settings)
    base = KnowledgeBase.open(settings)
    found = base.lookup("Điều 9 Nghị định 35/2022")
    assert found.found and found.path == "Nghị định 35/2022/NĐ-CP › Điều 9"
    assert "Phù hợp với quy hoạch" in found.text
    circular = base.lookup("Điều 1 Thông tư 05/2025/TT-BKHĐT")
    assert circular.found and "Phạm vi điều chỉnh" in circular.text


# ----------------------------------------------------------------------------- LLM mode


@component
class BadMarkerGenerator:
    """A chat generator stand-in (the LLM is not our component) replying with given text."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.seen: list[list[ChatMessage]] = []

    @component.output_types(replies=list[ChatMessage])
    def run(self, messages: list[ChatMessage]) -> dict:
        self.seen.append(messages)
        return {"replies": [ChatMessage.from_assistant(self.reply)]}


def test_llm_answer_keeps_only_valid_citations(base):
    generator = BadMarkerGenerator("Doanh nghiệp gặp rào cản pháp lý [2] và thiếu vốn [7]. Xem thêm [1].")
    configure_llm(base, generator=generator)
    answer = base.ask(
        "Doanh nghiệp ở Hiệp Phước gặp khó khăn gì khi triển khai cộng sinh công nghiệp?", mode="llm"
    )
    assert answer.mode == "llm"
    assert "[7]" not in answer.answer
    assert "rào cản pháp lý [1]" in answer.answer and "Xem thêm [2]" in answer.answer
    assert [c.marker for c in answer.citations] == [1, 2]
    for citation in answer.citations:
        chunk = next(c for c in base.snapshot.chunks if c.chunk_id == citation.chunk_id)
        assert citation.quote in chunk.text
    prompt = generator.seen[-1]
    assert "ONLY the numbered sources" in prompt[0].text and "[1]" in prompt[1].text


def test_llm_answer_without_valid_citation_falls_back_to_extractive(base):
    configure_llm(base, generator=BadMarkerGenerator("Theo tôi thì khoảng 50% [9]."))
    answer = base.ask(
        "Doanh nghiệp ở Hiệp Phước gặp khó khăn gì khi triển khai cộng sinh công nghiệp?", mode="llm"
    )
    assert answer.mode == "extractive" and "50%" not in answer.answer
    assert any("no valid source" in note for note in answer.notes)


def test_llm_saying_the_sources_do_not_answer_is_a_refusal(base):
    """The model is told to reply a fixed phrase when the sources do not answer: that is a refusal
    with the closest sources; the phrase next to a cited answer is dropped and the answer kept."""
    question = "Doanh nghiệp ở Hiệp Phước gặp khó khăn gì khi triển khai cộng sinh công nghiệp?"
    generator = BadMarkerGenerator("NOT IN SOURCES")
    configure_llm(base, generator=generator)
    refused = base.ask(question, mode="llm")
    assert refused.refused and refused.mode == "llm"
    assert refused.answer.startswith("Không tìm thấy thông tin này trong tài liệu")
    assert "Mô hình ngôn ngữ không tìm thấy câu trả lời" in refused.answer
    assert refused.citations and [c.marker for c in refused.citations] == list(
        range(1, len(refused.citations) + 1)
    )
    assert "NOT IN SOURCES" in generator.seen[-1][1].text  # the user message ends with the rule
    configure_llm(base, generator=BadMarkerGenerator("Rào cản pháp lý [1]. Not in sources."))
    kept = base.ask(question, mode="llm")
    assert not kept.refused and kept.answer.startswith("Rào cản pháp lý [1].")
    assert "not in sources" not in kept.answer.lower()


def test_answer_evaluation_scores_the_llm_mode_when_asked(base):
    from eval.answer_eval import GoldQuestion, evaluate_answers

    generator = BadMarkerGenerator("Rào cản pháp lý và thiếu vốn đầu tư [1].")
    configure_llm(base, generator=generator)
    question = GoldQuestion(
        "t-1",
        "Doanh nghiệp ở Hiệp Phước gặp khó khăn gì khi triển khai cộng sinh công nghiệp?",
        "vi",
        True,
        ["ws-2022-11-hiep-phuoc"],
        "",
        ["thiếu vốn đầu tư"],
    )
    llm = evaluate_answers(base, [question], mode="llm")
    assert generator.seen and llm["all"]["key_facts"] == 1.0  # the model's words were scored
    assert evaluate_answers(base, [question])["all"]["key_facts"] == 0.0  # extractive quotes the source


# ----------------------------------------------------------------------------- CLI


def test_cli_ask_json_contract(base, capsys):
    index = str(base.settings.index_dir)
    assert (
        kb_main(
            ["ask", "KCN Nam Cầu Kiền dành bao nhiêu diện tích cho cây xanh?", "--index", index, "--json"]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert {"question", "answer", "refused", "language", "citations", "timings_ms"} <= set(out)
    assert set(out["timings_ms"]) >= {"retrieve", "answer"}
    citation = out["citations"][0]
    assert {"marker", "doc_id", "title", "kind", "source", "locator", "page", "quote"} <= set(citation)


def test_cli_ask_batch_from_stdin(base, capsys, monkeypatch):
    index = str(base.settings.index_dir)
    monkeypatch.setattr("sys.stdin", io.StringIO("giá vàng hôm nay\n\nKalundborg gypsum\n"))
    assert kb_main(["ask", "-", "--index", index]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["question"] for line in lines] == ["giá vàng hôm nay", "Kalundborg gypsum"]
    assert lines[0]["refused"] and not lines[1]["refused"]


def test_cli_lookup(base, capsys):
    index = str(base.settings.index_dir)
    assert kb_main(["lookup", "khoản 3 Điều 9 NĐ 35/2022/NĐ-CP", "--index", index]) == 0
    assert "Tỷ lệ lấp đầy bình quân đạt tối thiểu 60%" in capsys.readouterr().out
    assert kb_main(["lookup", "Điều 99 NĐ 35/2022", "--index", index, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["found"] is False


def test_definition_question_finds_the_definitions_article(base):
    # "Khu công nghiệp sinh thái" is used all over the corpus; only Điều 2 defines it.
    for question in ("Khu công nghiệp sinh thái là gì?", "khu cong nghiep sinh thai la gi"):
        hits = base.retrieve(question, k=3)["retriever"]["documents"]
        assert hits[0].meta["provision"].get("article") == "2", question
        assert "Khu công nghiệp sinh thái là khu công nghiệp" in hits[0].content


def test_vietnamese_question_reaches_an_english_source(base):
    # The Kalundborg case study is in English; the question shares only the name with it.
    answer = base.ask("Ở Kalundborg, thạch cao từ khử lưu huỳnh khí thải được bán cho nhà máy nào?")
    assert not answer.refused, answer.answer
    assert answer.citations[0].doc_id == "cs-kalundborg"
    assert "Gyproc" in answer.answer


def test_vietnamese_question_answered_by_an_english_passage_the_model_rates_lower(base):
    # multilingual-e5-small rates the English case study 0.80 for this Vietnamese question (below the
    # 0.84 that counts as evidence) although it answers it: the shortfall of another language is
    # allowed for, and the question is no longer refused.
    answer = base.ask("Theo nghiên cứu điển hình của Ellen MacArthur Foundation, các đối tác ở Kalundborg thu được những lợi ích gì mỗi năm?")
    assert not answer.refused, answer.answer
    assert answer.citations[0].doc_id == "cs-kalundborg"
    assert "EUR 24 million" in answer.answer


def test_how_big_a_power_station_is_asks_its_capacity(base):
    # Read as an area, the question was refused: the case study gives the plant in megawatts.
    answer = base.ask("How big is the Asnæs power station?")
    assert not answer.refused, answer.answer
    assert "1,500 MW" in answer.answer and answer.citations[0].doc_id == "cs-kalundborg"


def test_an_english_source_found_by_its_glossary_terms_ranks_among_the_first(base):
    # BM25 ranks the English fact sheet first through the glossary ("khung quốc tế" -> "international
    # framework"); the dense model's same-language preference had put it sixth.
    question = "Khung quốc tế về KCN sinh thái có những phiên bản nào, mỗi bản ra đời khi nào?"
    hits = base.retrieve(question, k=3)["retriever"]["documents"]
    assert "fs-international-eip-framework" in [d.meta["doc_id"] for d in hits]


def test_an_english_question_finds_the_vietnamese_passage_holding_its_answer(base):
    # Weighted as heavily as 0.9, the dense model put a UNIDO speech (English-like in its
    # abstractions) first and left the Hiệp Phước report's project paragraph out of the answer.
    question = "Which industrial parks were picked as pilots for the SECO-funded MPI–UNIDO eco-industrial park project that started in 2020?"
    answer = base.ask(question)
    assert not answer.refused and "KCN DEEP C (Hải Phòng)" in answer.answer, answer.answer
    assert "ws-2022-11-hiep-phuoc" in _cited_docs(answer)


def test_question_about_a_park_the_documents_never_mention_is_refused(base):
    answer = base.ask("KCN VSIP Bắc Ninh hiện có bao nhiêu doanh nghiệp đang hoạt động?")
    assert answer.refused
    assert "không nhắc đến: “VSIP Bắc Ninh”" in answer.answer
    assert answer.citations  # the closest sources are still listed


def test_how_many_question_is_answered_with_the_counted_number(base):
    answer = base.ask("Đến lúc tổng kết, dự án đã hỗ trợ bao nhiêu doanh nghiệp?")
    assert not answer.refused
    assert "90 doanh nghiệp" in answer.answer


def test_how_many_question_is_refused_when_the_passages_give_no_count(base):
    """The passages speak of eco-park certificates and of parks, but never count the certified
    parks: the answer says so instead of quoting a sentence without a number."""
    answer = base.ask("Đến nay cả nước có bao nhiêu KCN đã được cấp Giấy chứng nhận KCN sinh thái?")
    assert answer.refused, answer.answer
    assert "có nói đến “KCN” nhưng không nêu con số" in answer.answer
    assert answer.citations  # the closest sources are still listed


def test_question_naming_a_decree_is_answered_from_passages_about_it(base):
    """The summary of Decree 82/2018 gives the 25 % green-space criterion; a question about
    Decree 35/2022 gets the 35/2022 text, one about a decree the passages never name is refused."""
    old = base.ask(
        "Theo Nghị định 82/2018, KCN sinh thái phải dành tối thiểu bao nhiêu phần trăm diện tích cho cây xanh?"
    )
    assert not old.refused and old.citations[0].doc_id == "fs-nd82-2018-tieu-chi"
    assert "25%" in old.answer
    new = base.ask(
        "Theo Nghị định 35/2022/NĐ-CP, KCN sinh thái phải dành tối thiểu bao nhiêu phần trăm diện tích cho cây xanh?"
    )
    assert not new.refused
    assert {c.doc_id for c in new.citations} == {"nd35-2022"}, new.answer
    unknown = base.ask(
        "Theo Nghị định 99/2021/NĐ-CP, KCN sinh thái phải dành bao nhiêu phần trăm diện tích cho cây xanh?"
    )
    assert unknown.refused
    assert "không nói về “Nghị định 99/2021/NĐ-CP”" in unknown.answer


def test_the_sentence_after_the_best_match_completes_the_answer(base):
    """The best-matching sentence introduces the speaker; the next one says what he said."""
    answer = base.ask(
        "Tổng Giám đốc Sonadezi Long Thành giới thiệu khu công nghiệp của mình có vị trí thế nào so với các KCN khác?"
    )
    assert "hình thành đầu tiên trong cả nước" in answer.answer
    assert len(answer.citations) == 1  # two consecutive sentences of one passage: one quote
    assert "ông Phạm Anh Tuấn" in answer.citations[0].quote and "đầu tiên" in answer.citations[0].quote


def test_title_field_lifts_only_the_best_passage_of_each_matching_field(base):
    from kb.retrieve.title_field import TitleFieldIndex
    from kb.text.lexical_analyzer import bm25_tokens

    field = TitleFieldIndex.for_snapshot(base.snapshot)
    assert TitleFieldIndex.for_snapshot(base.snapshot) is field  # built once per generation
    ulsan = [row for row, chunk in enumerate(base.snapshot.chunks) if chunk.doc_id == "cs-ulsan"]
    scores = field.scores(bm25_tokens("Ulsan"))
    assert all(scores[row] > 0 for row in ulsan)
    assert scores[[row for row in range(len(scores)) if row not in ulsan]].max() == 0

    # A workshop report without headings: all its passages share the title field.
    doc = "ws-2018-11-chuyen-gia-quoc-te"
    rows = [row for row, chunk in enumerate(base.snapshot.chunks) if chunk.doc_id == doc]
    assert len(rows) > 1 and len(set(field.field_of(np.array(rows)).tolist())) == 1
    retriever = base.retriever
    candidates = np.arange(len(base.snapshot.chunks))
    fused = np.zeros(len(candidates))
    fused[rows] = np.linspace(0.4, 0.5, len(rows))  # the last passage is the best one
    tokens = bm25_tokens("hội thảo chuyên gia quốc tế về rào cản")
    boosted = fused + retriever.title_weight * retriever._title_scores(tokens, candidates, fused)
    lifted = [row for row in np.flatnonzero(boosted - fused).tolist() if row in rows]
    assert lifted == [rows[-1]]
    assert boosted[rows[-1]] == pytest.approx(0.5 + retriever.title_weight)


def test_passages_of_documents_not_mentioning_the_named_park_rank_lower(base):
    question = "What difficulties did companies in Hiep Phuoc face with industrial symbiosis?"
    retriever = base.retriever
    hits = base.retrieve(question, k=5)["retriever"]["documents"]
    from kb.query.names import document_names

    assert "hiep phuoc" in document_names(base.snapshot, hits[0].meta["doc_id"])
    default = retriever.name_weight
    try:
        retriever.name_weight = 0.0
        unpenalised = base.retrieve(question, k=20)["retriever"]["documents"]
    finally:
        retriever.name_weight = default
    penalised = {d.id: d.score for d in base.retrieve(question, k=20)["retriever"]["documents"]}
    for document in unpenalised:
        if document.id not in penalised:
            continue
        mentions = "hiep phuoc" in document_names(base.snapshot, document.meta["doc_id"])
        expected = document.score if mentions else document.score - default
        assert penalised[document.id] == pytest.approx(expected)
