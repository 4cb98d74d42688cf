"""Follow-ups that switch one part of the previous question: a question word alone after "thì", a
time said before a named subject, a source the question opened with, the next occurrence, a park and
where it is, "more" about what was asked, English fragments (no model)."""

from __future__ import annotations

import pytest

from kb.query.followup import Turn, rewrite_followup


def _rewrite(first: str, followup: str, answer: str = "") -> str:
    rewritten, changed = rewrite_followup(followup, [Turn(first, answer=answer)])
    assert changed, rewritten
    return rewritten


@pytest.mark.parametrize(
    ("first", "followup", "expected"),
    [
        # The question word alone asks what the previous question asked, of the new park and province.
        (
            "Ninh Bình dự kiến cải tạo hạ tầng KCN Khánh Phú thành KCN sinh thái trong giai đoạn nào?",
            "còn An Phát ở Hải Dương thì bao giờ?",
            "Hải Dương dự kiến cải tạo hạ tầng KCN An Phát thành KCN sinh thái trong giai đoạn nào?",
        ),
        # ... of another date, which replaces the opening time phrase.
        (
            "Theo kết quả công bố ngày 12/6/2019, bao nhiêu doanh nghiệp đã áp dụng giải pháp RECP?",
            "đến 9/2023 thì bao nhiêu?",
            "Đến 9/2023, bao nhiêu doanh nghiệp đã áp dụng giải pháp RECP?",
        ),
        # A time said before the named subject gives way; the subject stays.
        (
            "Đến năm 2022 DEEP C có bao nhiêu ha đất công nghiệp cho thuê?",
            "hồi mới bắt đầu năm 1997 thì sao?",
            "Hồi mới bắt đầu năm 1997 DEEP C có bao nhiêu ha đất công nghiệp cho thuê?",
        ),
        # The second time of what was first held.
        (
            "Bộ KH&ĐT và UNIDO tổ chức Hội thảo chuyên gia quốc tế về KCN sinh thái lần đầu vào năm nào?",
            "còn lần sau thì khi nào?",
            "Bộ KH&ĐT và UNIDO tổ chức Hội thảo chuyên gia quốc tế về KCN sinh thái lần thứ hai vào năm nào?",
        ),
        # A park and where it is are one place, not two ("… và Đồng Nai").
        (
            "Lễ khởi động dự án ngày 20/6/2018 tại Khu Công nghệ cao TP.HCM có đại diện bao nhiêu doanh nghiệp?",
            "còn ở KCN Sonadezi Long Thành bên Đồng Nai?",
            "Lễ khởi động dự án ngày 20/6/2018 tại KCN Sonadezi Long Thành (Đồng Nai) có đại diện bao nhiêu doanh nghiệp?",
        ),
        # A new subject with its own question is asked of the source the previous question opened with ...
        (
            "Theo NĐ 82/2018, KCN sinh thái phải dành tối thiểu bao nhiêu phần trăm diện tích đất cho cây xanh?",
            "còn cộng sinh công nghiệp thì yêu cầu thế nào?",
            "Theo NĐ 82/2018, cộng sinh công nghiệp: yêu cầu thế nào?",
        ),
        # ... but not of results of a date: the new subject may be of another time.
        (
            "Theo kết quả công bố tháng 6/2019, doanh nghiệp ở 4 KCN thí điểm tránh được bao nhiêu điện mỗi năm?",
            "còn giai đoạn 2 thì dự kiến tiết kiệm bao nhiêu điện?",
            "Giai đoạn 2: dự kiến tiết kiệm bao nhiêu điện?",
        ),
        # "More about this cooperation": the words are the previous question's.
        (
            "KCN Nam Cầu Kiền hợp tác với thành phố nào của Nhật Bản để xây dựng KCN sinh thái?",
            "nói thêm về vụ hợp tác này đi",
            "KCN Nam Cầu Kiền hợp tác với thành phố nào của Nhật Bản để xây dựng KCN sinh thái?",
        ),
        # English fragments without a subject: a participle opening them, "for each" closing them.
        (
            "How is Kalundborg Symbiosis organised today?",
            "planned by the government originally?",
            "Kalundborg Symbiosis organised today: planned by the government originally?",
        ),
        (
            "What are the four performance categories of the International Framework for Eco-Industrial Parks?",
            "numeric thresholds for each?",
            "The four performance categories of the International Framework for Eco-Industrial Parks: numeric"
            " thresholds for each?",
        ),
        # A bare noun phrase of a few words, without a function word ("start date?", "total budget?").
        (
            "Who funded the 2020–2023 eco-industrial park project in Vietnam?",
            "total budget?",
            "Funded the 2020–2023 eco-industrial park project in Vietnam: total budget?",
        ),
        # "hồi đó", "sau này" point back to the time asked about: no subject of their own.
        (
            "Ulsan được chỉ định là khu công nghiệp đặc biệt từ năm nào?",
            "dân số hồi đó bao nhiêu, sau này tăng lên bao nhiêu?",
            "Ulsan được chỉ định là khu công nghiệp đặc biệt: dân số hồi đó bao nhiêu, sau này tăng lên bao nhiêu?",
        ),
    ],
)
def test_a_followup_switches_one_part_of_the_previous_question(first, followup, expected):
    assert _rewrite(first, followup) == expected


def test_what_stays_as_typed():
    history = [Turn("KCN Nam Cầu Kiền hợp tác với thành phố nào của Nhật Bản?")]
    # More about something the previous question did not ask about is a question of its own.
    assert rewrite_followup("nói thêm về Kitakyushu", history) == ("nói thêm về Kitakyushu", False)
    # An English question of a few words with its own question word and subject.
    assert rewrite_followup("What is industrial symbiosis?", [Turn("How is Kalundborg organised?")])[1] is False
    # Two parks typed together stay two ("và"), only a province after a park says where it is.
    assert _rewrite("KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?", "còn Hòa Khánh, Trà Nóc?") == (
        "KCN Hòa Khánh và Trà Nóc đã triển khai cộng sinh công nghiệp như thế nào?"
    )


def test_that_plant_is_the_plant_the_answer_named_with_its_kind_kept():
    first = "Nhà máy nào ở Kalundborg là nhà máy nhiệt điện than lớn nhất Đan Mạch?"
    answer = (
        "- Six main partners in the classic description: Asnæs power station (largest coal-fired plant in"
        " Denmark; 1,500 MW), Statoil refinery, Novo Nordisk, Gyproc (plasterboard). [1]"
    )
    assert _rewrite(first, "nhà máy đó công suất bao nhiêu?", answer) == "Nhà máy Asnæs công suất bao nhiêu?"
    # A name that says its kind is not said twice.
    company = _rewrite(
        "Chủ đầu tư KCN Nam Cầu Kiền là công ty nào?",
        "công ty đó thành lập năm nào?",
        "- Chủ đầu tư: Công ty Cổ phần Shinec (thành lập 2001). [1]",
    )
    assert company == "Công ty Cổ phần Shinec thành lập năm nào?"


def test_a_follow_up_saying_whose_role_it_asks_about_is_its_own_question():
    from kb.query.followup import Turn, rewrite_followup

    first = Turn("Ai là trưởng đại diện UNIDO tại Việt Nam phát biểu ở hội thảo năm 2021?")
    rewritten, changed = rewrite_followup("còn cố vấn trưởng kỹ thuật của dự án là ai?", [first])
    assert not changed and "trưởng đại diện" not in rewritten, rewritten
    # Without "của …" it is asked of the previous topic.
    rewritten, changed = rewrite_followup("chủ đầu tư là ai?", [Turn("KCN Nam Cầu Kiền rộng bao nhiêu ha?")])
    assert changed and "Nam Cầu Kiền" in rewritten, rewritten
