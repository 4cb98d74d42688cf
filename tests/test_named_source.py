"""A question naming its source ("theo hội thảo tổng kết tháng 4/2023", "according to the HEPZA
report") is answered from that document, and a source cited inside one names none (no model)."""

from haystack import Document
from tiny_index import retrieved, tiny_snapshot

from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.answer.named_source import named_source, named_source_candidates
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import quantity_units

CLOSING = (
    "# Hội thảo tổng kết\n\nDự án đã hỗ trợ được 90 doanh nghiệp với 663 giải pháp RECP tại 3 khu công nghiệp.\n"
)
CRITERIA = (
    "# Tiêu chí xác định khu công nghiệp sinh thái\n\n"
    "Tối thiểu 25% diện tích đất KCN dành cho cây xanh, giao thông và hạ tầng dùng chung.\n"
)
FRAMEWORK = (
    "# International framework\n\n"
    "The framework is a product of collaboration between UNIDO, the World Bank Group and GIZ (v2.0).\n\n"
    "NOT VERIFIED HERE: the detailed performance requirements and numeric thresholds.\n"
)
DOCUMENTS = {
    "ws-closing": (
        {
            "kind": "workshop",
            "title": "Đẩy mạnh mô hình khu công nghiệp sinh thái — Hội thảo tổng kết Dự án, TP.HCM, 12/4/2023",
            "issued": "2023-04-12",
        },
        CLOSING,
    ),
    "fs-criteria": (
        {"kind": "summary", "title": "Tiêu chí xác định khu công nghiệp sinh thái theo Nghị định 82/2018/NĐ-CP (bản tóm tắt)"},
        CRITERIA,
    ),
    "fs-framework": (
        {
            "kind": "summary",
            "title": "An International Framework for Eco-Industrial Parks (UNIDO, World Bank Group, GIZ) — ghi chú",
            "issuer": "UNIDO; World Bank Group; GIZ",
        },
        FRAMEWORK,
    ),
}


def test_the_document_a_question_names_as_its_source():
    snapshot = tiny_snapshot(DOCUMENTS)
    assert named_source("Theo hội thảo tổng kết tháng 4/2023, dự án hỗ trợ bao nhiêu doanh nghiệp?", snapshot) == "ws-closing"
    assert named_source("According to the April 2023 closing workshop, how many companies were helped?", snapshot) == "ws-closing"
    assert named_source("Theo bản tóm tắt Nghị định 82/2018, tiêu chí gồm những gì?", snapshot) == "fs-criteria"
    assert named_source("Theo Khung quốc tế UNIDO–WB–GIZ thì KCN sinh thái cần gì?", snapshot) == "fs-framework"
    # A source cited inside a document, a direction, a question word: no document.
    assert named_source("According to the Ellen MacArthur Foundation case study, what do partners save?", snapshot) is None
    assert named_source("KCN sinh thái được xác định theo tiêu chí nào?", snapshot) is None
    assert named_source("Chuyển đổi KCN theo hướng sinh thái cần những gì?", snapshot) is None
    # An event named as what is asked about: its report.
    assert named_source("How many delegates attended the April 2023 closing workshop in Ho Chi Minh City?", snapshot) == "ws-closing"
    assert named_source("Hội thảo tổng kết tháng 4/2023 có bao nhiêu đại biểu?", snapshot) == "ws-closing"
    # A source as the subject of what it says.
    assert named_source("Khung quốc tế về KCN sinh thái (UNIDO, World Bank, GIZ) yêu cầu dành bao nhiêu % đất?", snapshot) == "fs-framework"
    assert named_source("The international framework for eco-industrial parks requires what share of green space?", snapshot) == "fs-framework"
    assert named_source("Nghị định yêu cầu KCN dành bao nhiêu % đất cho cây xanh?", snapshot) is None
    # A second ask ("…, còn số liệu … thì sao?") may be of another source: none is held to.
    assert named_source("Theo hội thảo tổng kết tháng 4/2023 là bao nhiêu, còn số liệu AMATA thì bao nhiêu?", snapshot) is None


def test_a_figure_from_another_document_does_not_answer_what_the_named_source_says():
    snapshot = tiny_snapshot(DOCUMENTS)
    question = "Theo Khung quốc tế về KCN sinh thái, KCN phải dành tối thiểu bao nhiêu % diện tích cho cây xanh?"
    assert named_source(question, snapshot) == "fs-framework"
    assert quantity_units(question) == ["%"]  # "bao nhiêu %" asks a share

    def ask(text: str):
        documents = retrieved(snapshot, list(range(len(snapshot.chunks))), dense=0.9)
        return ExtractiveAnswerer(snapshot).run(question=text, language="vi", documents=documents)["answer"]

    answer = ask(question)
    assert answer.refused and "25%" not in answer.answer.split("\n")[0], answer.answer
    # Naming no source, the summary's 25 % answers.
    plain = ask("KCN sinh thái phải dành tối thiểu bao nhiêu % diện tích cho cây xanh?")
    assert not plain.refused and "25%" in plain.answer, plain.answer


def test_a_sentence_repeating_the_source_s_name_ranks_below_one_saying_what_is_asked():
    snapshot = tiny_snapshot(DOCUMENTS)
    passage = Document(content="…", meta={"doc_id": "ws-closing"})
    repeats = SentenceCandidate(passage, 0, 0, "Hội thảo tổng kết Dự án …", 0.35, {"hội_thảo", "tổng_kết", "dự_án"}, score=0.5)
    says = SentenceCandidate(passage, 0, 1, "đề xuất 41 giải pháp …", 0.28, {"dự_án", "giải_pháp", "đề_xuất"}, score=0.4)
    question = "Theo hội thảo tổng kết dự án tháng 4/2023, giải pháp được đề xuất cho những KCN nào?"
    kept = named_source_candidates(question, snapshot, [repeats, says])
    assert max(kept, key=lambda c: c.score) is says
    # An event named after "tại" is a source too; "tại sao" (why) names none.
    repeats.score, says.score = 0.5, 0.4
    named_source_candidates("Tại hội thảo tổng kết dự án tháng 4/2023, ai đề xuất giải pháp?", snapshot, [repeats, says])
    assert says.score > repeats.score
    repeats.score, says.score = 0.5, 0.4
    named_source_candidates("Tại sao hội thảo tổng kết dự án tháng 4/2023 đề xuất giải pháp?", snapshot, [repeats, says])
    assert (repeats.score, says.score) == (0.5, 0.4)
    # Named as what is asked about (no "theo"), the event's words are the ask: nothing is rescaled.
    repeats.score, says.score = 0.5, 0.4
    named_source_candidates("Hội thảo tổng kết tháng 4/2023 có bao nhiêu đại biểu?", snapshot, [repeats, says])
    assert (repeats.score, says.score) == (0.5, 0.4)
