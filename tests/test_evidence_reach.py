"""Before refusing, the answerer reads the passages next to the retrieved ones; a length of time and a
funder are the kinds of fact asked (no model)."""

from tiny_index import retrieved, tiny_snapshot

import kb.answer.extractive_answerer as extractive
from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.answer.source_passages import neighbour_passages
from kb.query.answer_types import answer_target, answer_type_match

# Three sections, one chunk each: the figure asked is two passages below the heading that matches.
REPORT = (
    "# Hội thảo tổng kết Dự án khu công nghiệp sinh thái\n\n"
    "Ngày 12/4 tại TP. Hồ Chí Minh, Bộ Kế hoạch và Đầu tư và UNIDO tổ chức Hội thảo tổng kết Dự án khu công "
    "nghiệp sinh thái, nơi các giải pháp cộng sinh được giới thiệu với các ban quản lý và doanh nghiệp.\n\n"
    "# Hoạt động\n\n"
    "Các chuyên gia trình bày kinh nghiệm quốc tế về chuyển đổi mô hình và chia sẻ bài học.\n\n"
    "# Kết quả\n\n"
    "Dự án khu công nghiệp sinh thái đã đề xuất thực hiện 41 giải pháp cộng sinh công nghiệp cho 5 khu công "
    "nghiệp.\n"
)


def _snapshot():
    return tiny_snapshot({"tong-ket": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, REPORT)})


def test_the_neighbours_of_the_retrieved_passages_nearest_first():
    snapshot = _snapshot()
    assert len(snapshot.chunks) == 3, [c.text for c in snapshot.chunks]
    first = retrieved(snapshot, [0])
    assert [d.id for d in neighbour_passages(snapshot, first, 1)] == ["tong-ket#1"]
    assert [d.id for d in neighbour_passages(snapshot, first, 2)] == ["tong-ket#1", "tong-ket#2"]
    assert neighbour_passages(snapshot, retrieved(snapshot, [0, 1, 2]), 2) == []


def test_a_count_two_passages_below_the_one_retrieved_answers(monkeypatch):
    snapshot = _snapshot()
    question = "Dự án khu công nghiệp sinh thái đã đề xuất bao nhiêu giải pháp cộng sinh công nghiệp?"
    answerer = ExtractiveAnswerer(snapshot)
    answer = answerer.run(question=question, language="vi", documents=retrieved(snapshot, [0], dense=0.9))["answer"]
    assert not answer.refused and "41 giải pháp" in answer.answer, answer.answer
    monkeypatch.setattr(extractive, "NEIGHBOUR_REACH", 0)
    alone = answerer.run(question=question, language="vi", documents=retrieved(snapshot, [0], dense=0.9))["answer"]
    assert alone.refused and "không nêu con số" in alone.answer, alone.answer


def test_a_neighbour_that_covers_less_of_the_question_does_not_answer_it():
    snapshot = _snapshot()
    # The workshop's own figure is asked: the project's total, two passages below, does not give it.
    question = "Hội thảo tổng kết ngày 12/4 tại TP. Hồ Chí Minh đã giới thiệu bao nhiêu giải pháp?"
    answer = ExtractiveAnswerer(snapshot).run(
        question=question, language="vi", documents=retrieved(snapshot, [0], dense=0.9)
    )["answer"]
    assert answer.refused and "không nêu con số" in answer.answer, answer.answer


def test_a_length_of_time_and_a_funder_are_the_kinds_asked():
    assert answer_target("Dự án đó kéo dài bao lâu?") == ("duration", [])
    assert answer_target("How long did the first phase last?") == ("duration", [])
    assert answer_target("Dự án do ai tài trợ?") == ("organisation", [])
    assert answer_target("Who funded the GEIPP project?") == ("organisation", [])
    assert answer_target("Ai chủ trì hội thảo?")[0] == "person"
    # "khi nào thì … mới …" asks under what condition, not a time.
    assert answer_target("Khi nào thì mô hình KCN sinh thái mới phát huy vai trò?")[0] is None
    assert answer_target("Khi nào thì hội thảo diễn ra?")[0] == "date"
    stated = "Thời gian thực hiện Dự án là 3 năm (từ tháng 5/2020 đến tháng 5/2023)."
    assert answer_type_match(stated, "duration") == 1.0
    assert answer_type_match("Dự án triển khai từ tháng 5/2020 đến nay.", "duration") == 0.5
    assert answer_type_match("A 15-year programme in three stages.", "duration") == 1.0


def test_a_period_asked_is_answered_by_both_ends_not_one_day():
    for question in (
        "Dự án bắt đầu từ tháng mấy năm nào, kết thúc khi nào, kéo dài bao lâu?",
        "du an thuc hien trong bao lau, tu thang nao den thang nao?",
        "When did the project run from and to?",
        "Khánh Phú được cải tạo thành KCN sinh thái trong giai đoạn nào?",
    ):
        assert answer_target(question) == ("period", []), question
    # One end only, or one length: not a period.
    assert answer_target("Dự án bắt đầu từ tháng nào?")[0] == "date"
    assert answer_target("Dự án kéo dài bao lâu?")[0] == "duration"
    assert answer_type_match("Thời gian thực hiện Dự án là 3 năm (từ tháng 5/2020 đến tháng 5/2023).", "period") == 1.0
    assert answer_type_match("Giai đoạn 1 (2014–2019) khởi động tại Hà Nội.", "period") == 1.0
    assert answer_type_match("It ran from December 2017 to January 2021.", "period") == 1.0
    assert answer_type_match("Ngày 12/4, tại TPHCM, Bộ tổ chức Hội thảo tổng kết Dự án.", "period") == 0.0
    assert answer_type_match("Dự án triển khai từ tháng 5/2020 đến nay.", "period") == 0.0


def test_the_sentence_with_the_whole_period_answers_over_a_dated_one_with_more_words():
    closing = (
        "# Hội thảo tổng kết\n\nNgày 12/4, tại TPHCM, Bộ Kế hoạch và Đầu tư và UNIDO tổ chức Hội thảo tổng kết"
        " Dự án khu công nghiệp sinh thái do SECO tài trợ, với các ban quản lý khu công nghiệp.\n"
    )
    workshop = (
        "# Cộng sinh công nghiệp\n\nDự án khu công nghiệp sinh thái do UNIDO thực hiện; thời gian thực hiện Dự án"
        " là 3 năm (từ tháng 5/2020 đến tháng 5/2023).\n"
    )
    snapshot = tiny_snapshot(
        {
            "tong-ket": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, closing),
            "hiep-phuoc": ({"kind": "workshop", "title": "Hội thảo cộng sinh"}, workshop),
        }
    )
    question = "Dự án khu công nghiệp sinh thái do SECO tài trợ của Bộ Kế hoạch và Đầu tư bắt đầu từ tháng nào, kết thúc khi nào?"
    answer = ExtractiveAnswerer(snapshot).run(
        question=question, language="vi", documents=retrieved(snapshot, [0, 1], dense=0.9)
    )["answer"]
    assert not answer.refused and "từ tháng 5/2020 đến tháng 5/2023" in answer.answer, answer.answer
