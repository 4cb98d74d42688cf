"""Constraints a question puts on its answer (kb/answer/constraint_checks.py), on tiny indexes."""

from __future__ import annotations

from tiny_index import retrieved, tiny_snapshot

from kb.answer.constraint_checks import _office_phrase, numbered_parts
from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.query.question_shape import question_shape


def _ask(snapshot, question, doc_ids, language="vi"):
    rows = [row for row, chunk in enumerate(snapshot.chunks) if chunk.doc_id in doc_ids]
    return ExtractiveAnswerer(snapshot).run(
        question=question, language=language, documents=retrieved(snapshot, rows, dense=0.9)
    )["answer"]


def test_numbered_parts_of_a_question():
    assert numbered_parts("Ai chủ trì Phiên 3 về quy hoạch?") == {("phien", 3)}
    assert numbered_parts("GIAI ĐOẠN II (2020–2023)") == {("giai doan", 2)}
    assert numbered_parts("the first phase of the project") == {("giai doan", 1)}
    assert numbered_parts("hội thảo lần thứ nhất") == {("lan", 1)}
    # Not parts: a period's months, "from 2014", a session named by a year, "this time".
    assert numbered_parts("giai đoạn 11/2020–11/2021") == set()
    assert numbered_parts("giai đoạn từ 2014, phiên năm 2018, lần này") == set()


SESSIONS = {
    "ws": (
        {"kind": "workshop", "title": "Hội thảo chuyên gia quốc tế về KCN sinh thái"},
        "Hội thảo sẽ do lãnh đạo Bộ Kế hoạch và Đầu tư chủ trì.\n\n"
        "Phiên 1 về tiêu chí KCN sinh thái do ông Trần Văn An chủ trì.\n\n"
        "Phiên 2 về cộng sinh công nghiệp do bà Lê Thị Bình chủ trì.",
    )
}


def test_a_numbered_part_is_answered_only_from_passages_about_it():
    snapshot = tiny_snapshot(SESSIONS)
    second = _ask(snapshot, "Ai chủ trì Phiên 2 của hội thảo chuyên gia?", {"ws"})
    assert not second.refused and "Lê Thị Bình" in second.answer, second.answer
    third = _ask(snapshot, "Ai chủ trì Phiên 3 của hội thảo chuyên gia?", {"ws"})
    assert third.refused and "“Phiên 3”" in third.answer, third.answer


def test_an_exclusive_qualifier_asked_is_not_answered_by_its_counterpart():
    text = (
        "Hội thảo trực tuyến ngày 12/11/2021 có gần 200 đại biểu từ 18 Ban Quản lý KCN các tỉnh phía Bắc.\n\n"
        "Dự kiến tiết kiệm hằng năm 4,4 triệu kWh điện."
    )
    snapshot = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Giới thiệu mô hình KCN sinh thái"}, text)})
    south = _ask(snapshot, "Hội thảo ngày 12/11/2021 có bao nhiêu Ban Quản lý KCN các tỉnh phía Nam?", {"ws"})
    assert south.refused and "“phía Bắc”" in south.answer and "“phía Nam”" in south.answer, south.answer
    north = _ask(snapshot, "Hội thảo ngày 12/11/2021 có bao nhiêu Ban Quản lý KCN các tỉnh phía Bắc?", {"ws"})
    assert not north.refused and "18 Ban Quản lý" in north.answer, north.answer
    investors = tiny_snapshot(
        {"nck": ({"kind": "case-study", "title": "KCN Nam Cầu Kiền"}, "KCN Nam Cầu Kiền thu hút hơn 50 nhà đầu tư trong và ngoài nước.")}
    )
    foreign = _ask(investors, "KCN Nam Cầu Kiền có bao nhiêu nhà đầu tư nước ngoài?", {"nck"})
    assert foreign.refused and "“trong và ngoài nước”" in foreign.answer, foreign.answer
    every = _ask(investors, "KCN Nam Cầu Kiền có bao nhiêu nhà đầu tư?", {"nck"})
    assert not every.refused and "hơn 50 nhà đầu tư" in every.answer, every.answer
    actual = _ask(snapshot, "Thực tế đã tiết kiệm được bao nhiêu kWh điện mỗi năm?", {"ws"})
    assert actual.refused, actual.answer  # an expected figure is no actual one
    expected = _ask(snapshot, "Dự kiến tiết kiệm được bao nhiêu kWh điện mỗi năm?", {"ws"})
    assert not expected.refused and "4,4 triệu kWh" in expected.answer, expected.answer


def test_a_date_asked_for_a_year_is_not_a_date_of_another_year():
    text = "Năm 2016, Bộ Kế hoạch và Đầu tư tổ chức hội thảo chuyên gia quốc tế. Hội thảo lần hai diễn ra ngày 8-9/11/2018."
    snapshot = tiny_snapshot({"p": ({"kind": "report", "title": "Dự án KCN sinh thái"}, text)})
    first = _ask(snapshot, "Hội thảo chuyên gia quốc tế năm 2015 diễn ra vào ngày nào?", {"p"})
    assert first.refused and "2015" in first.answer, first.answer
    second = _ask(snapshot, "Hội thảo chuyên gia quốc tế năm 2018 diễn ra vào ngày nào?", {"p"})
    assert not second.refused and "8-9/11/2018" in second.answer, second.answer


def test_who_did_what_needs_a_sentence_saying_it():
    text = (
        "Đoàn công tác Ban quản lý các KCN Phú Thọ tham dự Hội thảo tổng kết dự án. "
        "Ông Nguyễn Văn Cường, Trưởng phòng Quản lý Đầu tư, trình bày tham luận."
    )
    snapshot = tiny_snapshot({"pt": ({"kind": "workshop", "title": "Hội thảo tổng kết dự án"}, text)})
    led = _ask(snapshot, "Ai dẫn đầu đoàn công tác Ban quản lý các KCN Phú Thọ tham dự hội thảo tổng kết?", {"pt"})
    assert led.refused and "“dẫn đầu”" in led.answer, led.answer
    spoke = _ask(snapshot, "Ai trình bày tham luận tại hội thảo tổng kết dự án?", {"pt"})
    assert not spoke.refused and "Nguyễn Văn Cường" in spoke.answer, spoke.answer
    # "Do ai …" asks by whom, most often an organisation, said in many ways: not checked.
    funded = _ask(snapshot, "Hội thảo tổng kết dự án do ai tài trợ?", {"pt"})
    assert "dẫn đầu" not in funded.answer and "“tài trợ”" not in funded.answer, funded.answer
    # A standing (an office held) is stated by the title before the name.
    office = _ask(snapshot, "Ai giữ chức Trưởng phòng Quản lý Đầu tư?", {"pt"})
    assert not office.refused and "Nguyễn Văn Cường" in office.answer, office.answer
    # Said in a sentence sharing few words with the question: it answers.
    chaired = tiny_snapshot(
        {
            "ws": (
                {"kind": "workshop", "title": "Hội thảo giới thiệu mô hình KCN sinh thái"},
                "Ngày 12 tháng 11 năm 2021 tại Hà Nội, Bộ Kế hoạch và Đầu tư tổ chức hội thảo giới thiệu mô hình "
                "khu công nghiệp sinh thái.\n\nChủ trì Hội thảo Ông Lê Thành Quân, Vụ trưởng, đã phát biểu khai mạc.",
            )
        }
    )
    chair = _ask(chaired, "Ai chủ trì hội thảo giới thiệu mô hình khu công nghiệp sinh thái tổ chức ở Hà Nội tháng 11/2021?", {"ws"})
    assert not chair.refused and "Lê Thành Quân" in chair.answer, chair.answer


def test_an_english_office_asked_with_what_it_heads_prefers_the_sentence_saying_it():
    text = (
        "Hội thảo tổng kết dự án. Phát biểu tại Hội thảo, ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các khu kinh tế,"
        " cho biết dự án được triển khai từ tháng 5/2020.\n\n"
        "Hội thảo giới thiệu mô hình. Chủ trì Hội thảo Ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các khu kinh tế,"
        " Giám đốc Dự án đã phát biểu khai mạc."
    )
    snapshot = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Hội thảo"}, text)})
    answer = _ask(snapshot, "Who was the project director for the eco-industrial park project?", {"ws"}, "en")
    assert not answer.refused and "Giám đốc Dự án" in answer.answer, answer.answer
    # An article is nothing the office heads: "the director" raises nothing.
    plain = "Who is the director of DEEP C?"
    assert _office_phrase(plain, "en", question_shape(plain)) is None


def test_a_percentage_must_be_of_what_is_asked_by_the_act_asked():
    text = (
        "KCN Nam Cầu Kiền có diện tích quy hoạch 263 ha. "
        "Trên 40% diện tích đất dành cho công viên, cây xanh và hạ tầng. "
        "Tối thiểu 20% doanh nghiệp tái sử dụng chất thải."
    )
    snapshot = tiny_snapshot({"nck": ({"kind": "case-study", "title": "KCN Nam Cầu Kiền"}, text)})
    green = _ask(snapshot, "KCN Nam Cầu Kiền dành bao nhiêu phần trăm diện tích cho cây xanh?", {"nck"})
    assert not green.refused and "40%" in green.answer, green.answer
    filled = _ask(snapshot, "KCN Nam Cầu Kiền đã lấp đầy bao nhiêu phần trăm diện tích?", {"nck"})
    assert filled.refused and "“lấp đầy”" in filled.answer, filled.answer
    water = _ask(snapshot, "Doanh nghiệp tái sử dụng tối thiểu bao nhiêu phần trăm nước thải?", {"nck"})
    assert water.refused and "“nước thải”" in water.answer, water.answer
    # "đòi hỏi" (requires), "nào" and a next ask after "còn" say nothing of what the share is of.
    required = _ask(snapshot, "Tiêu chí đòi hỏi bao nhiêu % doanh nghiệp tái sử dụng chất thải?", {"nck"})
    assert not required.refused and "20%" in required.answer, required.answer
    which = _ask(snapshot, "Chỉ tiêu nào, bao nhiêu %? còn cây xanh thì sao?", {"nck"})
    assert "“nao”" not in which.answer and "“con" not in which.answer, which.answer
    # "KCN sinh thái dành …": the act is "dành", not "thái dành" (the end of the compound "sinh thái").
    eco = _ask(snapshot, "Nghị định yêu cầu KCN sinh thái dành tối thiểu bao nhiêu phần trăm diện tích đất cho cây xanh?", {"nck"})
    assert not eco.refused and "40%" in eco.answer, eco.answer


def test_reasons_asked_for_one_park_are_not_those_of_a_list_it_is_named_in():
    text = (
        "Giai đoạn 2 hỗ trợ các KCN tham gia: Đình Vũ, Hiệp Phước, Amata và Sonadezi, vì các KCN này gặp khó khăn "
        "về vốn khi triển khai cộng sinh công nghiệp.\n\n"
        "Doanh nghiệp ở KCN Hiệp Phước gặp khó khăn về vốn và rào cản pháp lý khi triển khai cộng sinh công nghiệp."
    )
    snapshot = tiny_snapshot({"p": ({"kind": "report", "title": "Dự án KCN sinh thái"}, text)})
    amata = _ask(snapshot, "Vì sao doanh nghiệp ở KCN Amata gặp khó khăn khi triển khai cộng sinh công nghiệp?", {"p"})
    assert amata.refused and "“Amata”" in amata.answer and "cùng với" in amata.answer, amata.answer
    hiep_phuoc = _ask(snapshot, "Vì sao doanh nghiệp ở KCN Hiệp Phước gặp khó khăn khi triển khai cộng sinh công nghiệp?", {"p"})
    assert not hiep_phuoc.refused and "rào cản pháp lý" in hiep_phuoc.answer, hiep_phuoc.answer


NAM_CAU_KIEN = {
    "nck": (
        {"kind": "case-study", "title": "KCN Nam Cầu Kiền (Hải Phòng)"},
        "Tỷ lệ đất xanh: trên 40% diện tích đất dành cho cây xanh, so với ngưỡng 25% theo tiêu chí KCN sinh thái "
        "\"Điều 42, Nghị định số 82/2018/NĐ-CP\" (vượt 15%).",
    )
}


def test_a_provision_not_held_is_named_and_the_documents_citing_it_still_answer():
    from kb.query.provisions import asks_provision_text, cites_provision

    passage = NAM_CAU_KIEN["nck"][1]
    assert cites_provision(passage, "Điều 42 Nghị định 82/2018") and cites_provision(passage, "Điều 42")
    assert not cites_provision(passage, "Điều 43 Nghị định 82/2018")
    assert not cites_provision(passage, "Điều 42 Nghị định 35/2022")  # the article of another decree
    assert asks_provision_text("Điều 37 Nghị định 35/2022 có mấy khoản?")
    assert asks_provision_text("What does Article 9 of Decree 35/2022 say?")
    assert not asks_provision_text("KCN Nam Cầu Kiền dành bao nhiêu phần trăm đất so với ngưỡng của Điều 42?")

    snapshot = tiny_snapshot(NAM_CAU_KIEN)
    rows = [row for row, chunk in enumerate(snapshot.chunks) if chunk.doc_id == "nck"]
    missing = {"reference": "Điều 42 Nghị định 82/2018", "found": False, "message": "Không có Điều 42 trong cơ sở tri thức."}
    run = lambda question: ExtractiveAnswerer(snapshot).run(  # noqa: E731
        question=question, language="vi", documents=retrieved(snapshot, rows, dense=0.9), provision=missing
    )["answer"]
    about = run("KCN Nam Cầu Kiền dành bao nhiêu phần trăm đất cho cây xanh so với ngưỡng của Điều 42 NĐ 82?")
    assert not about.refused and about.answer.startswith("Không có Điều 42 trong cơ sở tri thức.")
    assert "trên 40%" in about.answer and "nhắc đến điều này" in about.answer
    text = run("Điều 42 Nghị định 82/2018 quy định gì?")  # only the decree's own text says that
    assert text.refused and text.answer.startswith("Không có Điều 42")
    clause = run("Ngưỡng 25% đất cây xanh nằm ở khoản mấy của Điều 42 NĐ 82?")
    assert clause.refused and "không nêu số khoản" in clause.answer, clause.answer
