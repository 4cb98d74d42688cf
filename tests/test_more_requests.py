"""'còn gì nữa?' / 'anything else?': recognised, and answered with the rest of the source (no model)."""

import pytest
from tiny_index import quoted_answer, retrieved, tiny_snapshot

from kb.answer.citations import citation_for
from kb.answer.cited_answer import Answer
from kb.answer.continuation import continue_answer
from kb.query.followup import Turn, rewrite_followup
from kb.query.more_requests import asks_for_more, more_request_language


@pytest.mark.parametrize(
    "question",
    [
        "còn gì nữa?",
        "con gi nua khong",
        "còn đối tác nào nữa không?",
        "còn KCN nào nữa?",  # an abbreviation of a common noun, not a name
        "con trao doi nao khac nua khong?",
        "kể thêm kết quả khác?",
        "còn lợi ích nào khác?",
        "anything else?",
        "What else?",
        "anything else exchanged?",
        "Are there any other partners?",
        "tell me more",
        "roi sao nua",  # "rồi sao nữa?": what the source says next
        "Sau đó thì sao?",
        "kể thêm số liệu khác đi",  # a closing particle asks nothing
        "nói thêm đi nhé",
    ],
)
def test_requests_for_more(question):
    assert asks_for_more(question)


@pytest.mark.parametrize(
    "question",
    [
        "còn Amata thì sao?",
        "còn phiên 5?",
        "còn năm 2019 thì sao?",
        "còn KCN nào ở Hải Phòng nữa?",  # names a place of its own
        "kể thêm về Amata",
        "nó có bao nhiêu doanh nghiệp?",
        "Dự án gồm những hợp phần nào?",
        "sau đó Amata thì sao?",
        "kể thêm về đi lại",  # "đi lại" is a topic, not a particle
    ],
)
def test_questions_that_name_something_are_not_requests_for_more(question):
    assert not asks_for_more(question)


def test_the_language_of_a_request_for_more():
    assert more_request_language("anything else?") == "en"
    assert more_request_language("còn gì nữa?") == "vi"


def test_a_request_for_more_is_rewritten_as_the_previous_question():
    previous = "Kể tên các đối tác của cộng sinh Kalundborg."
    assert rewrite_followup("còn đối tác nào nữa không?", [Turn(previous)]) == (previous, True)


# Two sections: the list goes on after the sentence quoted, then the next section follows.
REPORT = (
    "# Kết quả\n\n"
    "Dự án đã hỗ trợ 90 doanh nghiệp áp dụng sản xuất sạch hơn trong năm khu công nghiệp. "
    "Dự án đã đề xuất 41 giải pháp cộng sinh công nghiệp giữa các doanh nghiệp. "
    "Các doanh nghiệp tiết kiệm được 22.000 MWh điện mỗi năm.\n\n"
    "# Bài học\n\n"
    "Các ban quản lý khu công nghiệp cần một đầu mối điều phối cộng sinh lâu dài.\n"
)


def _snapshot():
    return tiny_snapshot({"tong-ket": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, REPORT)})


def _answer(snapshot, row: int, quote: str, refused: bool = False) -> Answer:
    document = retrieved(snapshot, [row])[0]
    citation = citation_for(snapshot, document, 1, quote)
    return Answer("Dự án hỗ trợ bao nhiêu doanh nghiệp?", quote, refused, "vi", [citation])


def test_more_quotes_what_follows_the_previous_quote_then_the_next_passage():
    snapshot = _snapshot()
    assert len(snapshot.chunks) == 2, [c.text for c in snapshot.chunks]
    first = _answer(snapshot, 0, "Dự án đã hỗ trợ 90 doanh nghiệp áp dụng sản xuất sạch hơn trong năm khu công nghiệp.")
    more = continue_answer(snapshot, first, "còn gì nữa?", "vi")
    assert more is not None and not more.refused
    assert "41 giải pháp" in more.answer and "22.000 MWh" in more.answer
    assert "90 doanh nghiệp" not in more.answer  # already said
    assert more.citations[0].chunk_id == "tong-ket#0"
    assert more.citations[0].quote in more.citations[0].passage  # verbatim
    # Asked again: the passage is used up, so the next section of the source.
    again = continue_answer(snapshot, more, "còn gì nữa?", "vi")
    assert again is not None and "đầu mối điều phối" in again.answer
    assert again.citations[0].chunk_id == "tong-ket#1"


def test_no_more_after_a_refusal():
    snapshot = _snapshot()
    refused = _answer(snapshot, 0, "Dự án đã hỗ trợ 90 doanh nghiệp", refused=True)
    assert continue_answer(snapshot, refused, "còn gì nữa?", "vi") is None


# A list answered whole, then a section about something else.
CRITERIA = (
    "# Tiêu chí\n\n"
    "Tiêu chí xác định khu công nghiệp sinh thái gồm:\n"
    "1. Doanh nghiệp tuân thủ pháp luật về bảo vệ môi trường.\n"
    "2. Nhà đầu tư hạ tầng cung cấp đủ dịch vụ cơ bản.\n"
    "3. Thực hiện ít nhất 01 liên kết cộng sinh công nghiệp.\n\n"
    "So sánh nhanh: ngưỡng liên kết của tiêu chí thứ ba đã thay đổi theo nghị định mới.\n"
)


def _list_answer(text: str, question: str, quote: str) -> tuple[object, Answer]:
    return quoted_answer(text, question, quote, title="Tiêu chí")


def test_more_after_a_complete_list_says_so_and_gives_the_list_in_full():
    items = CRITERIA.split("gồm:\n")[1].split("\n\n")[0]
    quote = items[len("1. ") :]
    snapshot, first = _list_answer(CRITERIA, "Tiêu chí KCN sinh thái gồm những gì?", quote)
    more = continue_answer(snapshot, first, "còn gì nữa?", "vi")
    assert more is not None and not more.refused
    assert more.answer.startswith("Câu trả lời trên đã nêu đủ")
    assert "01 liên kết cộng sinh" in more.answer and "tuân thủ pháp luật" in more.answer
    assert "So sánh nhanh" not in more.answer  # what follows the list is not one of its items
    assert more.citations[0].quote in more.citations[0].passage


def test_more_after_part_of_a_list_gives_the_other_items():
    quote = "Doanh nghiệp tuân thủ pháp luật về bảo vệ môi trường.\n2. Nhà đầu tư hạ tầng cung cấp đủ dịch vụ cơ bản."
    snapshot, first = _list_answer(CRITERIA, "Tiêu chí KCN sinh thái gồm những gì?", quote)
    more = continue_answer(snapshot, first, "còn gì nữa?", "vi")
    assert more is not None and "01 liên kết cộng sinh" in more.answer
    assert not more.answer.startswith("Câu trả lời trên đã nêu đủ")


def test_a_complete_list_after_a_question_that_asked_no_list_is_continued_as_before():
    quote = CRITERIA.split("gồm:\n")[1].split("\n\n")[0][len("1. ") :]
    snapshot, first = _list_answer(CRITERIA, "Tiêu chí thứ ba yêu cầu bao nhiêu liên kết?", quote)
    more = continue_answer(snapshot, first, "còn gì nữa?", "vi")
    assert more is not None and "So sánh nhanh" in more.answer


def test_more_after_one_numbered_item_gives_the_others_before_and_after_it():
    quote = "Nhà đầu tư hạ tầng cung cấp đủ dịch vụ cơ bản."
    snapshot, first = _list_answer(CRITERIA, "Tiêu chí về dịch vụ cơ bản là gì?", quote)
    more = continue_answer(snapshot, first, "còn tiêu chí nào khác nữa không?", "vi")
    assert more is not None and more.answer.startswith("Các mục khác trong cùng danh sách của nguồn:"), more.answer
    assert "tuân thủ pháp luật" in more.answer and "01 liên kết cộng sinh" in more.answer, more.answer
    assert "dịch vụ cơ bản" not in more.answer and "So sánh nhanh" not in more.answer, more.answer
    assert all(c.quote in c.passage for c in more.citations)
    # Bullet notes of a summary are facts of every kind, not one list: continued as before.
    bullets = CRITERIA.replace("1. ", "- ").replace("2. ", "- ").replace("3. ", "- ")
    snapshot, first = _list_answer(bullets, "Tiêu chí về dịch vụ cơ bản là gì?", quote)
    more = continue_answer(snapshot, first, "còn gì nữa?", "vi")
    assert more is not None and not more.answer.startswith("Các mục khác"), more.answer


def test_a_sentence_list_named_by_the_question_is_complete_inside_a_list_of_notes():
    notes = (
        "# Handbook\n\n"
        "- UNIDO Handbook for EIPs — implementation modules: (a) scoping; (b) awareness raising;"
        " (c) policy support; (d) capacity building.\n"
        "- A presentation in Hà Nội introduced the framework to park managers.\n"
        "- The Vietnamese indicators use four categories.\n"
    )
    quote = notes.split("\n")[2]
    snapshot, first = _list_answer(notes, "What are the implementation modules of the UNIDO Handbook?", quote)
    more = continue_answer(snapshot, first, "What else?", "en")
    assert more is not None and more.answer.startswith("The answer above already gives every item")
    assert "- capacity building. [1]" in more.answer and "presentation" not in more.answer


# A programme's two phases, then a paragraph about its pilots.
PHASES = (
    "# Chương trình\n\n"
    "Giai đoạn 2 mở rộng cộng sinh ra cả vùng: số dự án cộng sinh tăng từ 52 lên 159, số doanh nghiệp"
    " tham gia từ 90 lên 596.\n\n"
    "Sáu khu phức hợp được chọn làm thí điểm ban đầu, trong đó có Ulsan Mipo và Onsan.\n"
)


def test_more_after_an_answer_the_source_then_leaves_says_so_and_quotes_it_again():
    quote = PHASES.split("\n\n")[1]
    question = "Cộng sinh ở Hàn Quốc thay đổi thế nào ở giai đoạn 2?"
    snapshot = tiny_snapshot({"kr": ({"kind": "case-study", "title": "Hàn Quốc"}, PHASES)})
    document = retrieved(snapshot, [0])[0]
    first = Answer(question, quote, False, "vi", [citation_for(snapshot, document, 1, quote)])
    more = continue_answer(snapshot, first, "còn gì nữa?", "vi")
    assert more is not None and more.answer.startswith("Câu trả lời trên đã trích đủ phần nguồn nói về điều được hỏi")
    assert "từ 90 lên 596" in more.answer and "Ulsan Mipo" not in more.answer
    assert more.citations[0].quote in more.citations[0].passage
    # What follows about the same thing is quoted as the rest of the answer.
    on_subject = PHASES.replace("Sáu khu phức hợp", "Ở giai đoạn 2, cộng sinh Hàn Quốc có sáu khu phức hợp")
    snapshot = tiny_snapshot({"kr": ({"kind": "case-study", "title": "Hàn Quốc"}, on_subject)})
    document = retrieved(snapshot, [0])[0]
    first = Answer(question, quote, False, "vi", [citation_for(snapshot, document, 1, quote)])
    more = continue_answer(snapshot, first, "còn gì nữa?", "vi")
    assert more is not None and more.answer.startswith("Ngoài phần đã trích") and "Ulsan Mipo" in more.answer


def test_more_after_a_figure_asks_for_more_figures():
    text = (
        "# Dự án KCN sinh thái 2014–2023\n\n"
        "A. GIAI ĐOẠN 1 (2014–2019): Dự án triển khai sáng kiến KCN sinh thái, MPI + UNIDO\n"
        "- Kết quả công bố 12/6/2019: 72 doanh nghiệp áp dụng giải pháp RECP; tránh được hằng năm >22.000 MWh điện, "
        ">600.000 m3 nước ngọt, >140 TJ nhiên liệu hóa thạch; giảm 32 nghìn tấn CO2/năm.\n"
        "- Hợp phần chính sách: UNIDO và WB hỗ trợ MPI xây dựng hướng dẫn kỹ thuật KCN sinh thái (phát hành 7/2018) "
        "song song Nghị định 82/2018.\n"
        "- Đánh giá độc lập cuối giai đoạn 1: dự án KCN sinh thái được đánh giá cao; các KCN thí điểm tiếp tục nhân "
        "rộng mô hình KCN sinh thái ở giai đoạn sau của dự án.\n"
    )
    snapshot = tiny_snapshot({"project": ({"kind": "case-study", "title": "Dự án KCN sinh thái"}, text)})
    quote = text[text.index("- Kết quả") : text.index("\n- Hợp phần")]
    citation = citation_for(snapshot, retrieved(snapshot, [0])[0], 1, quote)
    question = "Giai đoạn 1 của dự án KCN sinh thái giúp tránh được bao nhiêu điện mỗi năm?"
    first = Answer(question, quote, False, "vi", [citation])
    # The next item gives no figure (a date and a decree's number are none): the figures quoted are all there is.
    more = continue_answer(snapshot, first, "còn gì nữa không?", "vi")
    assert more is not None and "600.000 m3" in more.answer and "Hợp phần chính sách" not in more.answer, more.answer
