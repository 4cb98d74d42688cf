"""Follow-ups whose pronouns stand for something said before: "nó", "điều này", "it", "that year",
and the person or thing the previous answer named (``kb.query.followup``; split from
``tests/test_followup.py``, which keeps the other rewriting rules)."""

from __future__ import annotations

import pytest
from followup_cases import HIEP_PHUOC, KALUNDBORG, NAM_CAU_KIEN, rewrite

from kb.query.followup import Turn, rewrite_followup

# ----------------------------------------------------------------------------- pronouns


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("Nó được thành lập năm nào?", "KCN Nam Cầu Kiền được thành lập năm nào?"),
        ("When was it founded?", "When was KCN Nam Cầu Kiền founded?"),
        ("Khu này có bao nhiêu doanh nghiệp?", "KCN Nam Cầu Kiền có bao nhiêu doanh nghiệp?"),
        ("Dự án này do ai tài trợ?", "Dự án Nam Cầu Kiền do ai tài trợ?"),
        (
            "Các doanh nghiệp ở đó xử lý nước thải ra sao?",
            "Các doanh nghiệp ở KCN Nam Cầu Kiền xử lý nước thải ra sao?",
        ),
        ("Và nó được thành lập năm nào?", "KCN Nam Cầu Kiền được thành lập năm nào?"),
    ],
)
def test_pronouns_resolve_to_the_last_named_entity(follow_up, expected):
    query, rewritten = rewrite(follow_up, NAM_CAU_KIEN)
    assert rewritten
    assert query == expected
    assert "Nam Cầu Kiền" in query


def test_it_is_the_thing_a_what_was_question_asked_about():
    rewritten, changed = rewrite("Who paid for it?", "What was the 1961 project that started the Kalundborg Symbiosis?")
    assert changed and rewritten == "Who paid for the 1961 project that started the Kalundborg Symbiosis?"
    # Not a measure of a named park: "it" is still the park.
    rewritten, _ = rewrite("how many firms does it have?", "What is the area of Amata industrial park?")
    assert rewritten == "How many firms does Amata have?"


def test_it_after_which_company_is_the_company_the_answer_named():
    first = "Which Kalundborg company buys the gypsum from flue-gas desulphurisation?"
    answer = "According to the documents: “- Flue-gas desulphurisation gypsum sold to Gyproc wallboard plant.” [1]"
    rewritten, changed = rewrite_followup("What does it make?", [Turn(first, answer)])
    assert changed and rewritten == "What does Gyproc make?"


def test_it_after_which_plant_is_the_plant_the_answer_named():
    first = "Ở Kalundborg, nhà máy nào mua thạch cao khử lưu huỳnh từ nhà máy điện?"
    answer = "- Flue-gas desulphurisation gypsum (SO2 + CaCO3 → CaSO4) sold to Gyproc wallboard plant. [1]"
    rewritten, changed = rewrite_followup("Nó sản xuất gì?", [Turn(first, answer)])
    assert changed and rewritten == "Gyproc sản xuất gì?"


def test_it_is_the_subject_the_previous_question_opened_with():
    rewritten, changed = rewrite("nó kéo dài bao lâu?", "Chương trình KCN sinh thái quốc gia của Hàn Quốc bắt đầu năm nào?")
    assert changed and rewritten == "Chương trình KCN sinh thái quốc gia của Hàn Quốc kéo dài bao lâu?"
    rewritten, changed = rewrite("Which parks did it pilot?", "How long did the SECO-funded eco-industrial park project run?")
    assert changed and rewritten == "Which parks did the SECO-funded eco-industrial park project pilot?"
    # A question opening with no such noun: "nó" is still the name it gave.
    rewritten, _ = rewrite("nó có bao nhiêu doanh nghiệp?", "Diện tích KCN Amata là bao nhiêu?")
    assert "Amata" in rewritten and "Diện tích" not in rewritten, rewritten


def test_another_numbered_part_of_the_same_thing():
    previous = "Giai đoạn 1 của dự án KCN sinh thái MPI–UNIDO được khởi động vào ngày nào?"
    rewritten, changed = rewrite("giai đoạn 2 kéo dài bao lâu?", previous)
    assert changed and rewritten == "Giai đoạn 2 của dự án KCN sinh thái MPI–UNIDO kéo dài bao lâu?"
    unaccented, changed = rewrite("giai doan 2 bat dau tu khi nao", previous)
    assert changed and unaccented == "Giai doan 2 cua du an KCN sinh thai MPI–UNIDO bat dau tu khi nao"
    # It says whose part it is: asked as written.
    assert rewrite("Giai đoạn 2 của chương trình Hàn Quốc bắt đầu khi nào?", previous)[1] is False


def test_english_pronouns():
    assert rewrite("What are its main exchanges?", KALUNDBORG) == (
        "What are Kalundborg's main exchanges?",
        True,
    )
    assert rewrite("What do companies exchange there?", KALUNDBORG) == (
        "What do companies exchange in Kalundborg?",
        True,
    )


def test_that_year_is_the_year_asked_before():
    water = "What were Kalundborg's 2010 results for water savings?"
    assert rewrite("and how much gypsum was reused that year?", water) == ("How much gypsum was reused in 2010?", True)
    recp = "Dự án RECP năm 2017 tiết kiệm bao nhiêu tiền?"
    assert rewrite("năm đó có bao nhiêu doanh nghiệp tham gia?", recp) == (
        "Năm 2017 có bao nhiêu doanh nghiệp tham gia?",
        True,
    )
    assert rewrite("nam do co bao nhieu doanh nghiep tham gia?", recp)[0].startswith("Nam 2017 co")
    # Two years before: which one is meant is not known.
    assert rewrite("năm đó có bao nhiêu doanh nghiệp?", "So sánh kết quả năm 2017 và năm 2019?")[1] is False
    # "lúc đó", "at that time": when the question before was set.
    adviser = "Ai là Cố vấn trưởng kỹ thuật của Dự án KCN sinh thái phía UNIDO năm 2018?"
    assert rewrite("còn vụ trưởng Vụ Quản lý các Khu Kinh tế lúc đó là ai?", adviser) == (
        "Vụ trưởng Vụ Quản lý các Khu Kinh tế năm 2018 là ai?",
        True,
    )
    assert rewrite("who was the MPI director at that time?", "Who spoke for UNIDO at the 2018 workshop?") == (
        "Who was the MPI director in 2018?",
        True,
    )


def test_another_date_replaces_the_date_asked_before():
    results = "Kết quả công bố ngày 12/6/2019 cho biết có bao nhiêu doanh nghiệp áp dụng giải pháp RECP?"
    assert rewrite("còn tính đến 9/2023 thì sao?", results)[0] == (
        "Kết quả công bố tính đến 9/2023 cho biết có bao nhiêu doanh nghiệp áp dụng giải pháp RECP?"
    )
    assert rewrite("and in 2019?", "How many delegations visited Kalundborg in 2018?")[0] == (
        "How many delegations visited Kalundborg in 2019?"
    )
    # More than the date changes: not a date switch.
    phase = "Kết quả công bố ngày 12/6/2019 cho thấy bao nhiêu doanh nghiệp áp dụng RECP trong giai đoạn 1?"
    assert not rewrite("thế còn giai đoạn 2, tính đến 9/2023?", phase)[0].startswith("Kết quả công bố tính đến")


def test_a_name_joined_by_dashes_is_one_name():
    first = "Hội thảo tổng kết dự án KCN sinh thái MPI–UNIDO–SECO diễn ra ở đâu?"
    assert rewrite("dự án đó đề xuất bao nhiêu giải pháp?", first)[0] == "Dự án MPI–UNIDO–SECO đề xuất bao nhiêu giải pháp?"


def test_the_latest_name_wins():
    query, rewritten = rewrite("Nó được thành lập năm nào?", HIEP_PHUOC, NAM_CAU_KIEN)
    assert rewritten and "Nam Cầu Kiền" in query and "Hiệp Phước" not in query


# ----------------------------------------------------------------------------- whom the answer named


@pytest.mark.parametrize(
    ("first", "answer", "followup", "expected"),
    [
        (
            "Chủ đầu tư KCN Nam Cầu Kiền là công ty nào?",
            "- Tự giới thiệu là KCN sinh thái đầu tiên ở Việt Nam. [1] - Chủ đầu tư: Công ty Cổ phần Shinec"
            " (thành lập 2001). [2]",
            "công ty đó có vốn điều lệ bao nhiêu?",
            "Công ty Cổ phần Shinec có vốn điều lệ bao nhiêu?",
        ),
        (
            "Ở KCN Khánh Phú, công ty nào sản xuất CO2 hóa lỏng?",
            "Công ty CP Khí công nghiệp Ninh Bình sản xuất CO2 hóa lỏng từ khí thải. [1]",
            "họ lấy nguyên liệu từ đâu?",
            "Công ty CP Khí công nghiệp Ninh Bình lấy nguyên liệu từ đâu?",
        ),
        (
            "Ai chủ trì hội thảo ngày 12/11/2021?",
            "Hội thảo do ông Lê Thành Quân, Vụ trưởng, chủ trì. [1]",
            "ong ay giu chuc vu gi?",
            "Le Thanh Quan giu chuc vu gi?",  # typed without diacritics: the name too
        ),
        (
            "Which company buys the gypsum from the power station in Kalundborg?",
            "According to the documents: “Classic exchanges - Surplus heat heats ~3,500 homes.” [1] “- Gypsum (SO2 +"
            " CaCO3 → CaSO4) sold to Gyproc wallboard plant.” [2]",
            "what does that company make?",
            "What does Gyproc make?",
        ),
        (
            "Who developed the DEEP C industrial zones?",
            "According to the documents: “DEEP C: cụm KCN do nhà đầu tư Bỉ (Rent-A-Port) phát triển.” [1]",
            "how much have they invested so far?",
            "How much have Rent-A-Port invested so far?",
        ),
        # The English lead names them; the quote follows on the next line and names the person again.
        (
            "Who chaired the November 2021 workshop introducing the eco-industrial park model?",
            "The documents name Lê Thành Quân [1]:\n“Chủ trì Hội thảo Ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các"
            " khu kinh tế, đã phát biểu: “Việt Nam đang từng bước chuyển đổi.”.” [1]",
            "what results did he report in 2023?",
            # An English follow-up (ASCII anyway) gets the name as the sources write it.
            "What results did Lê Thành Quân report in 2023?",
        ),
    ],
)
def test_a_pronoun_after_a_which_or_who_question_stands_for_whom_the_answer_named(first, answer, followup, expected):
    assert rewrite_followup(followup, [Turn(first, answer)]) == (expected, True)


def test_without_an_answer_naming_someone_pronouns_keep_their_old_referent():
    # A refused answer is passed as "" (app/chat/conversation.py): "nó" stays the park asked about.
    assert rewrite_followup("nó rộng bao nhiêu?", [Turn("KCN Nam Cầu Kiền nằm ở đâu?", "")]) == (
        "KCN Nam Cầu Kiền rộng bao nhiêu?",
        True,
    )
    # A question that asks for a place has no answer entity, whatever its answer names.
    assert rewrite_followup(
        "nó rộng bao nhiêu?", [Turn("KCN Nam Cầu Kiền nằm ở đâu?", "Tại huyện Thủy Nguyên, Hải Phòng. [1]")]
    ) == ("KCN Nam Cầu Kiền rộng bao nhiêu?", True)


def test_a_quoted_title_is_what_this_project_or_it_stands_for():
    project = "Dự án “Triển khai KCN sinh thái tại Việt Nam theo hướng tiếp cận từ Chương trình KCN sinh thái toàn cầu” do ai tài trợ?"
    assert rewrite("dự án này kéo dài bao lâu?", project)[0] == (
        "Dự án “Triển khai KCN sinh thái tại Việt Nam theo hướng tiếp cận từ Chương trình KCN sinh thái toàn cầu”"
        " kéo dài bao lâu?"
    )
    workshop = "Hội thảo “Cộng sinh công nghiệp trong khu công nghiệp Hiệp Phước” diễn ra ngày nào?"
    assert rewrite("nó do những đơn vị nào đồng tổ chức?", workshop)[0] == (
        "Hội thảo “Cộng sinh công nghiệp trong khu công nghiệp Hiệp Phước” do những đơn vị nào đồng tổ chức?"
    )
