"""Whom or what a follow-up refers to: the name an answer gave that shares its clause with the
question, a person the previous question named, the subject it opened with; and the names a
question is about when one opens it (no model)."""

from __future__ import annotations

import pytest

from kb.query.answer_entity import answer_entity
from kb.query.followup import Turn, rewrite_followup
from kb.query.names import place_names, question_names

KALUNDBORG_PARTNERS = (
    "- Six main partners in the classic description: Asnæs power station (largest coal-fired plant in Denmark;"
    " 1,500 MW), Statoil refinery, Novo Nordisk, Novozymes, Gyproc (plasterboard), plus Kalundborg municipality. [1]"
)
KALUNDBORG_EXCHANGES = (
    "- Steam from the power plant sold to Novo Nordisk and the refinery. - Flue-gas desulphurisation gypsum"
    " (SO2 + CaCO3 → CaSO4) sold to Gyproc wallboard plant — covers almost all its gypsum needs. [1]"
)
HIEP_PHUOC_GUESTS = (
    "Tham gia Hội thảo có đại diện HEPZA; Ông Giang Ngọc Phương – Phó Tổng Giám đốc Công ty Cổ phần KCN Hiệp"
    " Phước, bà Nguyễn Trâm Anh, Chuyên gia kỹ thuật quốc gia UNIDO; ông Ankit Kapasi, Chuyên gia quốc tế về KCN"
    " sinh thái của Sofies; ông Đinh Mạnh Thắng. [1]"
)
NAM_CAU_KIEN = (
    "- Chủ đầu tư: Công ty Cổ phần Shinec (thành lập 2001). [1] Chẳng hạn như khu công nghiệp Nam Cầu Kiền ở"
    " Hải Phòng, các khu công nghiệp của Tập đoàn Becamex. [2]"
)
DEEP_C = (
    "According to the documents: “DEEP C: cụm KCN do nhà đầu tư Bỉ (Rent-A-Port) phát triển; đến 2022 có"
    " >3.400 ha đất công nghiệp cho thuê, gồm DEEP C Hải Phòng I, II, III (>1.700 ha).” [1]"
)


@pytest.mark.parametrize(
    ("question", "answer", "named"),
    [
        # The plant whose clause says what was asked (gypsum, desulphurisation), not the first one quoted.
        ("Ở Kalundborg, nhà máy nào mua thạch cao khử lưu huỳnh từ nhà máy điện?", KALUNDBORG_EXCHANGES, "Gyproc"),
        # After a colon a one-word name is a name; a country is a place, not the plant.
        ("Nhà máy điện lớn nhất trong mạng lưới cộng sinh Kalundborg là nhà máy nào?", KALUNDBORG_PARTNERS, "Asnæs"),
        # The organisation written beside the person asked about, not the first company quoted.
        ("ankit kapasi lam o to chuc nao", HIEP_PHUOC_GUESTS, "Sofies"),
        # "chủ đầu tư" ties the answer; the park's name is written beside other companies too.
        ("Chủ đầu tư KCN Nam Cầu Kiền là công ty nào?", NAM_CAU_KIEN, "Công ty Cổ phần Shinec"),
        # Not a name that only lengthens the one asked ("DEEP C Hải Phòng I"), nor a roman numeral.
        ("Who developed the DEEP C industrial zones in Hải Phòng?", DEEP_C, "Rent-A-Port"),
    ],
)
def test_the_answer_entity_is_the_name_whose_clause_says_what_was_asked(question, answer, named):
    found = answer_entity(question, answer)
    assert found is not None and found.name == named, found


def test_a_heading_opening_the_quote_is_no_answer_entity():
    # "History" opens the quote after the answer's own framing colon: a heading, not a name.
    answer = (
        "According to the documents: “History & actors - Origin 1961: project to use surface water from Lake"
        " Tissø for a new oil refinery; the municipality built the pipeline, the refinery financed it.” [1]"
    )
    found = answer_entity("Who financed the 1961 pipeline bringing Lake Tissø water to the Kalundborg refinery?", answer)
    assert found is None or found.name != "History", found


def test_a_name_opening_a_vietnamese_question_is_a_name():
    # A follow-up about the company an answer named is rewritten with the name first.
    assert question_names("Gyproc sản xuất gì?") == ["Gyproc"]
    assert question_names("SECO là cơ quan gì?") == ["SECO"]
    assert question_names("Công suất của Asnæs?") == ["Asnæs"]
    # A Vietnamese word opening the question is not ("Trong", "Doanh").
    assert question_names("Trong KCN Amata có gì?") == ["Amata"]
    assert question_names("Doanh nghiệp nào ở Amata?") == ["Amata"]
    # An English question's capitalised first word is no name ("Where").
    assert question_names("Where is Amata?") == ["Amata"]


def test_the_kind_before_a_foreign_name_is_not_part_of_it():
    assert question_names("Cụm DEEP C có những KCN nào ở Quảng Ninh?") == ["DEEP C", "Quảng Ninh"]
    assert question_names("Ngành nghề ở Khu Ulsan Mipo như thế nào?") == ["Ulsan Mipo"]
    # Before a Vietnamese word it is the name as written.
    assert question_names("Khu Công nghệ cao TP.HCM ở đâu?")[0] == "Khu Công"
    # The place a follow-up asks about is the name the sources write.
    assert place_names("Ngành nghề ở Khu Ulsan Mipo như thế nào?") == ["Ulsan Mipo"]


def test_she_is_the_person_the_previous_question_named():
    first = "Bà Lê Thanh Thảo phát biểu với tư cách gì tại hội thảo ngày 12/11/2021?"
    rewritten, changed = rewrite_followup("bà ấy kỳ vọng mô hình này thu hút được gì?", [Turn(first)])
    # "mô hình này" is no "mô hình Lê Thanh Thảo".
    assert changed and rewritten == "Bà Lê Thanh Thảo kỳ vọng mô hình này thu hút được gì?"
    rewritten, changed = rewrite_followup("what did he say about Hiệp Phước?", [Turn("What was Mr. Lê Thành Quân's role?")])
    assert changed and rewritten.startswith("What did Lê Thành Quân say"), rewritten
    # "Who is X?" is answered by a sentence naming others first: "he" is still X.
    answer = (
        "According to the documents: “Tham gia Hội thảo có Ông Giang Ngọc Phương – Phó Tổng Giám đốc Công ty Cổ phần"
        " KCN Hiệp Phước; ông Ankit Kapasi, Chuyên gia quốc tế về KCN sinh thái của Sofies.” [1]"
    )
    rewritten, changed = rewrite_followup("Which event did he attend, and when?", [Turn("Who is Ankit Kapasi?", answer=answer)])
    assert changed and rewritten == "Which event did Ankit Kapasi attend, and when?", rewritten


def test_it_is_the_document_or_event_the_previous_question_opened_with():
    first = "Bản tóm tắt tiêu chí KCN sinh thái theo NĐ 82/2018 có đáng tin cậy không?"
    rewritten, changed = rewrite_followup("nó lấy từ những nguồn nào?", [Turn(first)])
    assert changed and rewritten == "Bản tóm tắt tiêu chí KCN sinh thái theo NĐ 82/2018 lấy từ những nguồn nào?"
    rewritten, changed = rewrite_followup("nó kéo dài mấy ngày?", [Turn("Hội thảo tổng kết được tổ chức ở đâu?")])
    assert changed and rewritten == "Hội thảo tổng kết kéo dài mấy ngày?"


@pytest.mark.parametrize(
    ("follow_up", "previous", "expected"),
    [
        (
            "giai đoạn sau thì sao?",
            "Giai đoạn 2015–2019, Hòa Khánh và Trà Nóc xác định được bao nhiêu cơ hội cộng sinh công nghiệp?",
            "Giai đoạn tiếp theo sau 2015–2019, Hòa Khánh và Trà Nóc xác định được bao nhiêu cơ hội cộng sinh"
            " công nghiệp?",
        ),
        (
            "con giai doan truoc thi sao",
            "Trong giai đoạn 2020–2023 dự án hỗ trợ bao nhiêu doanh nghiệp?",
            "Trong giai đoạn trước 2020–2023 dự án hỗ trợ bao nhiêu doanh nghiệp?",
        ),
        # A numbered phase is counted on, its period dropped.
        (
            "and the next phase?",
            "Which parks were piloted in phase 1 (2014–2019) of the project?",
            "Which parks were piloted in phase 2 of the project?",
        ),
        ("còn giai đoạn tiếp theo?", "Giai đoạn 1 của dự án thí điểm ở những KCN nào?", "Giai đoạn 2 của dự án thí điểm ở những KCN nào?"),
    ],
)
def test_the_next_or_previous_period_replaces_the_one_asked(follow_up, previous, expected):
    rewritten, changed = rewrite_followup(follow_up, [Turn(previous)])
    assert changed and rewritten == expected


def test_a_province_and_a_park_replace_the_province_and_park_asked_before():
    previous = "Ninh Bình dự kiến cải tạo KCN Khánh Phú thành KCN sinh thái trong giai đoạn nào?"
    rewritten, changed = rewrite_followup("còn Cần Thơ với Trà Nóc?", [Turn(previous)])
    assert changed and rewritten == "Cần Thơ dự kiến cải tạo KCN Trà Nóc thành KCN sinh thái trong giai đoạn nào?"
    # Two parks are asked together.
    rewritten, _ = rewrite_followup("còn Hòa Khánh với Trà Nóc?", [Turn("KCN Hiệp Phước đã triển khai cộng sinh như thế nào?")])
    assert rewritten == "KCN Hòa Khánh và Trà Nóc đã triển khai cộng sinh như thế nào?"


@pytest.mark.parametrize(
    ("follow_up", "previous", "expected"),
    [
        # The opening time phrase gives way to the one asked.
        (
            "còn tính đến tháng 9/2023?",
            "Đến hội thảo tổng kết tháng 4/2023, dự án KCN sinh thái đã hỗ trợ bao nhiêu doanh nghiệp về RECP?",
            "Tính đến tháng 9/2023, dự án KCN sinh thái đã hỗ trợ bao nhiêu doanh nghiệp về RECP?",
        ),
        (
            "and as of September 2023?",
            "By April 2023, how many firms had the project supported?",
            "As of September 2023, how many firms had the project supported?",
        ),
        # Another month of the same year is another date; the preposition stays when none is typed.
        (
            "what about September 2023?",
            "How many firms had the project supported by April 2023?",
            "How many firms had the project supported by September 2023?",
        ),
        ("and by 2023?", "How many firms had the project supported by 2019?", "How many firms had the project supported by 2023?"),
    ],
)
def test_another_date_replaces_the_one_asked_with_its_words(follow_up, previous, expected):
    rewritten, changed = rewrite_followup(follow_up, [Turn(previous)])
    assert changed and rewritten == expected


def test_a_subjectless_follow_up_is_asked_of_the_subject_the_previous_question_opened_with():
    previous = "Hội thảo giới thiệu mô hình KCN sinh thái ngày 12/11/2021 có khoảng bao nhiêu đại biểu tham dự?"
    rewritten, changed = rewrite_followup("tổ chức theo hình thức gì?", [Turn(previous)])
    assert changed and rewritten == "Hội thảo giới thiệu mô hình KCN sinh thái ngày 12/11/2021 tổ chức theo hình thức gì?"
    # A short subject ("Dự án") says less than the previous question's predicate: that stays.
    rewritten, _ = rewrite_followup("cụ thể là những KCN nào?", [Turn("Dự án hỗ trợ 663 giải pháp RECP tại mấy KCN?")])
    assert rewritten.startswith("Dự án hỗ trợ 663 giải pháp RECP"), rewritten
    # "do SECO tài trợ …" (by a name) qualifies the subject; "do ai" would ask who.
    previous = "Dự án KCN sinh thái do SECO tài trợ giai đoạn 2020–2023 kéo dài bao lâu?"
    rewritten, _ = rewrite_followup("thí điểm ở đâu?", [Turn(previous)])
    assert rewritten == "Dự án KCN sinh thái do SECO tài trợ giai đoạn 2020–2023 thí điểm ở đâu?"


DEEP_C_INVESTOR = "E. ĐÌNH VŨ – DEEP C (Hải Phòng) - DEEP C: cụm KCN do nhà đầu tư Bỉ (Rent-A-Port) phát triển. [1]"


def test_an_investor_or_a_power_station_asked_for_is_the_name_the_answer_gives():
    asked = "Cụm KCN DEEP C ở Hải Phòng do nhà đầu tư nào phát triển?"
    assert answer_entity(asked, DEEP_C_INVESTOR).name == "Rent-A-Port"
    plant = answer_entity("Nhà máy điện nào là đối tác lớn nhất của cộng sinh Kalundborg?", KALUNDBORG_PARTNERS)
    assert plant is not None and plant.name == "Asnæs"
    # Quoted after an English framing, the number opening the item ("Six main partners") is no name.
    quoted = f"According to the documents: “{KALUNDBORG_PARTNERS[:-4]}” [1]"
    plant = answer_entity("Which plant in the Kalundborg symbiosis is the largest coal-fired plant in Denmark?", quoted)
    assert plant is not None and plant.name == "Asnæs"
    # "nhà đầu tư đó", typed without diacritics, is that investor.
    rewritten, _ = rewrite_followup("nha dau tu do den tu nuoc nao?", [Turn(asked, answer=DEEP_C_INVESTOR)])
    assert rewritten == "Nha dau tu Rent-A-Port den tu nuoc nao?"


def test_it_is_the_park_a_question_opened_with_not_the_company_it_asked_for():
    asked = "Cụm KCN DEEP C ở Hải Phòng do nhà đầu tư nào phát triển?"
    rewritten, _ = rewrite_followup("no co bao nhieu ha dat cho thue", [Turn(asked, answer=DEEP_C_INVESTOR)])
    assert rewritten == "KCN DEEP C co bao nhieu ha dat cho thue"
    # Asked of the company first, "nó" is the company.
    company = Turn("Chủ đầu tư KCN Nam Cầu Kiền là công ty nào?", answer="- Chủ đầu tư: Công ty Cổ phần Shinec. [1]")
    assert rewrite_followup("nó thành lập năm nào?", [company])[0] == "Công ty Cổ phần Shinec thành lập năm nào?"


def test_a_kind_and_that_is_the_name_once_when_the_name_opens_with_the_kind():
    previous = Turn("Công ty CP Khí công nghiệp Ninh Bình tham gia cộng sinh công nghiệp ở KCN Khánh Phú như thế nào?")
    assert rewrite_followup("công ty đó sản xuất bao nhiêu tấn mỗi năm?", [previous]) == (
        "Công ty CP Khí công nghiệp Ninh Bình sản xuất bao nhiêu tấn mỗi năm?",
        True,
    )
    # A name without its kind keeps the kind asked: "dự án đó" -> "Dự án GEIPP".
    assert rewrite_followup("dự án đó kết thúc khi nào?", [Turn("Dự án GEIPP bắt đầu khi nào?")])[0].startswith(
        "Dự án GEIPP kết thúc"
    )


def test_it_is_the_decree_the_previous_question_named_not_a_name_from_its_sources():
    first = Turn("Nghị định 82/2018 về quản lý KCN và KKT được ban hành ngày nào?", entities=["Việt Nam", "MPI–UNIDO"])
    rewritten, changed = rewrite_followup("giờ nó còn hiệu lực không?", [first])
    assert changed and "Nghị định 82/2018" in rewritten and "Việt Nam" not in rewritten, rewritten


def test_a_power_station_asked_for_keeps_its_kind_in_the_follow_up():
    asked = "Which power station was the hub of the Kalundborg symbiosis?"
    quoted = f"According to the documents: “{KALUNDBORG_PARTNERS[:-4]}” [1]"
    plant = answer_entity(asked, quoted)
    assert plant is not None and plant.name == "Asnæs power station"
    # "how big is it?" then asks the size of a power station (its capacity), not of a place.
    rewritten, _ = rewrite_followup("how big is it?", [Turn(asked, answer=quoted)])
    assert "power station" in rewritten, rewritten
