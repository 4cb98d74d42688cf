"""Whether the figures read answer what is asked: a report's figure in a later passage of the same report, a
date that counts nothing, a park's area, a park written only in a list, a decade, a funder that is no park,
a share asked of what follows its base, names listed in parentheses, "how many attended?" after a question
on an event (no model: tiny in-memory indexes)."""

from haystack import Document
from tiny_index import ask_documents, retrieved, tiny_snapshot

from kb.answer.enumerations import inline_enumerations
from kb.answer.figure_scope import place_value_reason, question_places
from kb.answer.refusal_checks import _unmeasured, _years_named
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.source_passages import deciding_passages
from kb.query.answer_types import answer_type_match, quantity_units
from kb.query.followup import Turn, rewrite_followup
from kb.query.question_shape import question_shape

CASE_STUDY = (
    "# Dự án KCN sinh thái tại Việt Nam\n\n"
    "## D. HIỆP PHƯỚC (Nhà Bè, TP.HCM)\n\n"
    "- Tham gia dự án GEIPP 2020–2023; 70/70 doanh nghiệp đã đấu nối trạm xử lý nước thải tập trung.\n"
    "- Nâng công suất nhà máy xử lý nước thải lên 6.000 m3/ngày đêm.\n\n"
    "## E. ĐÌNH VŨ – DEEP C (Hải Phòng)\n\n"
    "- DEEP C: khởi đầu từ dự án KCN Đình Vũ năm 1997 (116 ha ban đầu); đến 2022 có >3.400 ha đất công nghiệp"
    " cho thuê.\n"
)
CLOSING = (
    "# Hội thảo tổng kết dự án\n\n"
    "Đến nay, Dự án đã hỗ trợ được 90 doanh nghiệp với 663 giải pháp RECP tại 3 khu công nghiệp Hiệp Phước"
    " (TP.HCM), Amata (Đồng Nai) và Đình Vũ (Hải Phòng).\n\n"
    "Dự án cũng đã đề xuất 41 giải pháp cộng sinh công nghiệp cho 5 khu công nghiệp (Hiệp Phước, Amata,"
    " Đình Vũ, Hòa Khánh và Trà Nóc).\n"
)
CRITERIA = (
    "# Tiêu chí xác định KCN sinh thái\n\n"
    "Tối thiểu 90% doanh nghiệp trong KCN có nhận thức về sử dụng hiệu quả tài nguyên và sản xuất sạch hơn;"
    " tối thiểu 20% doanh nghiệp trong KCN áp dụng các giải pháp sản xuất sạch hơn.\n"
)


def _candidate(text: str, coverage: float = 0.8) -> SentenceCandidate:
    return SentenceCandidate(Document(content=text), 0, 0, text, coverage, set(), coverage, coverage, 0, len(text))


def _documents(**texts: str) -> dict[str, tuple[dict, str]]:
    return {doc_id: ({"kind": "case-study", "title": text.splitlines()[0][2:]}, text) for doc_id, text in texts.items()}


def test_the_leading_report_decides_with_all_its_passages_read():
    # Ranks 0–4 decide; a later passage of the first document (the report's figure under its
    # opening paragraphs) decides too, a later passage of another document does not.
    ids = ["report", "other", "report", "third", "other", "report", "fourth", "other"]
    top = [Document(id=f"c{i}", content=f"passage {i}", meta={"doc_id": d}) for i, d in enumerate(ids)]
    assert [d.id for d in deciding_passages(top, 5)] == ["c0", "c1", "c2", "c3", "c4", "c5"]
    assert [d.id for d in deciding_passages(top[:4], 5)] == ["c0", "c1", "c2", "c3"]


def test_a_date_counts_nothing():
    units = ["doanh nghiep"]
    opened = "Dự án được triển khai từ tháng 5/2020 với các hoạt động hỗ trợ doanh nghiệp tại 5 thành phố."
    assert answer_type_match("Dự án đã hỗ trợ được 90 doanh nghiệp.", "quantity", units) == 1.0
    assert answer_type_match("Dự án được triển khai từ tháng 5/2020 đến nay.", "quantity", units) == 0.0
    assert answer_type_match(opened, "quantity", units) == 0.5  # "5 thành phố": some number


def test_an_area_of_another_park_does_not_answer():
    # "hectares" asked: a figure in "ha" must be in a sentence that answers, not in another park's.
    water = "- Nâng công suất nhà máy xử lý nước thải lên 6.000 m3/ngày đêm."
    area = "- DEEP C: khởi đầu từ dự án KCN Đình Vũ năm 1997 (116 ha ban đầu)."
    assert _unmeasured(("hectares",), [_candidate(water)]) == ["hectares"]
    assert _unmeasured(("hectares",), [_candidate(area)]) == []
    answer = ask_documents(_documents(case=CASE_STUDY), "How many hectares does Hiep Phuoc industrial park cover?", "en")
    assert answer.refused, answer.answer
    answer = ask_documents(_documents(case=CASE_STUDY), "KCN Đình Vũ ban đầu rộng bao nhiêu ha?")
    assert not answer.refused and "116 ha" in answer.answer, answer.answer


def test_a_park_written_only_in_a_list_is_asked_on_its_own():
    documents = _documents(closing=CLOSING)
    question = "Dinh Vu (DEEP C) - how many firms got RECP support from the project?"
    answer = ask_documents(documents, question, "en")
    assert answer.refused and "together" in answer.answer, answer.answer
    answer = ask_documents(documents, "How many firms did the project support?", "en")
    assert not answer.refused and "90 doanh nghiệp" in answer.answer, answer.answer


KICKOFF = (
    "# Hội thảo khởi động dự án Áp dụng mô hình khu công nghiệp sinh thái\n\n"
    "Trong hai ngày 20 và 21/6 năm 2018, VNCPC và Sofies đã tổ chức hội thảo khởi động dự án tại Khu Công nghệ"
    " cao Tp.HCM và Khu Công nghiệp Sonadezi Long Thành (Đồng Nai).\n\n"
    "Hội thảo giới thiệu lợi ích của mô hình khu công nghiệp sinh thái cho các doanh nghiệp.\n\n"
    "Tới dự buổi lễ khởi động tại Khu Công nghệ cao Tp.HCM có Trưởng Ban Quản lý cùng 30 doanh nghiệp.\n\n"
    "Tại Khu công nghiệp Sonadezi Long Thành, ông Phạm Anh Tuấn – Tổng Giám đốc cùng gần 50 doanh nghiệp"
    " đang hoạt động tại đây đã tới tham dự.\n"
)


def test_a_sentence_naming_the_park_asked_gives_its_figure():
    # Its words are few beside the sentence restating the event, yet it is the one that counts there.
    snapshot = tiny_snapshot(_documents(kickoff=KICKOFF))
    (passage,) = retrieved(snapshot, [0])
    text = passage.content or ""
    restating = text[text.index("Tới dự") : text.index("30 doanh nghiệp.") + len("30 doanh nghiệp.")]
    named = text[text.index("Tại Khu công nghiệp Sonadezi") : text.index("tham dự.") + len("tham dự.")]
    candidates = [
        SentenceCandidate(passage, 0, i, s, coverage, set(), coverage, coverage, text.index(s), text.index(s) + len(s))
        for i, (s, coverage) in enumerate([(restating, 0.9), (named, 0.3)])
    ]
    question = "How many companies came to the June 2018 kickoff at the Sonadezi Long Thành?"
    assert place_value_reason(question, "en", question_shape(question), candidates, snapshot) == ""
    question = "How many companies came to the June 2018 kickoff at the Amata industrial park?"
    assert place_value_reason(question, "en", question_shape(question), candidates, snapshot)


def test_a_funder_or_organisers_are_no_park():
    assert question_places("When was the IFC-funded eco-industrial park kickoff workshop held?", "en") == []
    question = "How many companies had the MPI–UNIDO–SECO eco-industrial park project supported?"
    assert question_places(question, "en") == []
    question = "How many solutions had the GEIPP eco-industrial park project supported?"
    assert question_places(question, "en") == []
    assert question_places("How many firms are in Amata industrial park?", "en") == ["Amata"]


def test_a_decade_names_its_first_year():
    assert "1990" in _years_named("About 18 physical linkages (1990s description); 30 materials (2015).")
    assert _years_named("30 material types exchanged in 50 processes (2015).") == ["2015"]


def test_a_share_is_asked_of_what_follows_its_base():
    documents = _documents(criteria=CRITERIA)
    asked = "tieu chi KCN sinh thai yeu cau bao nhieu phan tram doanh nghiep phai co nhan thuc ve san xuat sach hon?"
    answer = ask_documents(documents, asked)
    assert not answer.refused and "Tối thiểu 90%" in answer.answer, answer.answer
    asked = "Tiêu chí KCN sinh thái yêu cầu tối thiểu bao nhiêu phần trăm doanh nghiệp trong KCN phải có giấy chứng nhận môi trường?"
    answer = ask_documents(documents, asked)
    assert answer.refused and "môi trường" in answer.answer, answer.answer


def test_names_listed_in_parentheses_are_a_list():
    text = CLOSING
    start = text.index("Dự án cũng")
    end = text.index("Trà Nóc).") + len("Trà Nóc).")
    (enumeration,) = inline_enumerations(text, start, end)
    assert [text[a:b] for a, b in enumeration.items] == ["Hiệp Phước", "Amata", "Đình Vũ", "Hòa Khánh", "Trà Nóc"]
    place = "KCN Hiệp Phước (Nhà Bè, TP.HCM) có trạm xử lý nước thải."
    assert inline_enumerations(place, 0, len(place)) == []
    answer = ask_documents(_documents(closing=CLOSING), "Which parks did the project propose symbiosis solutions for?", "en")
    assert not answer.refused and "Hòa Khánh và Trà Nóc" in answer.answer, answer.answer


def test_how_many_attended_asks_about_the_event_before():
    first = "When was the Hiep Phuoc industrial symbiosis workshop?"
    query, rewritten = rewrite_followup("how many attended?", [Turn(first)])
    assert rewritten and query == "The Hiep Phuoc industrial symbiosis workshop: how many attended?"
    assert quantity_units(query) == ["participants"]
    # A question with a subject of its own is left as it is.
    assert rewrite_followup("What is industrial symbiosis?", [Turn(first)]) == ("What is industrial symbiosis?", False)
