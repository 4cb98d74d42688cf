"""Question shapes and the answers shaped by them (no model): reasons, value checks, typed values (lists: test_list_answers)."""

import pytest
from answer_texts import RECP, answer_from, ask, texts_snapshot
from haystack import Document
from tiny_index import retrieved, tiny_snapshot

from kb.answer.asked_kind import mentions, several_asked
from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.question_shape import question_shape


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tiêu chí xác định KCN sinh thái gồm những gì?", "list"),
        ("Những cơ quan, tổ chức nào tham gia khảo sát?", "list"),
        ("Which industrial parks were chosen as pilots?", "list"),
        ("Vì sao doanh nghiệp ủng hộ dự án?", "why"),
        ("What difficulties did companies face?", "why"),
        # What made something happen is asked for its reasons.
        ("Điều gì khiến Ulsan phải chuyển sang cải tạo các KCN?", "why"),
        ("What led Ulsan to renovate its industrial parks?", "why"),
        ("Có bao nhiêu doanh nghiệp tham gia?", "count"),
        ("Tổng kinh phí SECO tài trợ là bao nhiêu?", "amount"),
        ("Hội thảo diễn ra khi nào?", "date"),
        ("How many hectares did the park cover when it started?", "count"),
        ("Tổng Giám đốc công ty là ai?", "who"),
        ("KCN Hiệp Phước nằm ở đâu?", "where"),
        ("Khu công nghiệp sinh thái là gì?", "definition"),
        ("Dự án kéo dài bao lâu?", "duration"),
        ("Ninh Bình đã hoàn thành cải tạo KCN Khánh Phú chưa?", "yes-no"),
        # A verb in -s after "which <noun>" asks for one thing; a plural noun asks for a list.
        ("Which Kalundborg company buys the gypsum from flue-gas desulphurisation?", "fact"),
        ("Which organisations fund the project?", "list"),
        # Land "for lease" is land, not a rent; a name holding "Rent" is no price; an investment is.
        ("How much industrial land did the zone have for lease by 2022?", "count"),
        ("How much land did Rent-A-Port develop?", "count"),
        ("What is the land rent at Amata?", "amount"),
        ("How much have Rent-A-Port invested so far?", "amount"),
    ],
)
def test_question_shapes(question, kind):
    assert question_shape(question).kind == kind


def test_shape_constraints():
    shape = question_shape("Trong 217 giải pháp đã thực hiện, KCN Amata chiếm bao nhiêu giải pháp năm 2022?")
    assert shape.kind == "count" and shape.stated == ("217",) and shape.years == ("2022",)
    assert question_shape("Tổng Giám đốc Công ty Cổ phần KCN Hiệp Phước là ai?").role == "tong giam doc"
    # A month's or a day's year is a year asked; an instrument's number is not.
    shape = question_shape("Hội thảo tháng 11/2018 theo Thông tư 05/2025 có bao nhiêu đại biểu?")
    assert shape.years == ("2018",)
    assert question_shape("Hội thảo ngày 24/11/2022 có bao nhiêu đại biểu?").years == ("2022",)
    # Both ends of a period written with a hyphen; not the year of a date written with hyphens.
    assert question_shape("How much CO2 did phase 1 (2014-2019) save?").years == ("2014", "2019")
    assert question_shape("Hội thảo ngày 12-6-2019 có bao nhiêu đại biểu?").years == ()
    assert question_shape("Tính đến 9/2023 dự án hỗ trợ bao nhiêu doanh nghiệp?").years == ("2023",)
    assert question_shape("Theo TT 05/2025/TT-BKHĐT và Quyết định 1/2020, có bao nhiêu chỉ số?").years == ()


@pytest.fixture(scope="module")
def snapshot():
    return texts_snapshot()


def test_a_why_question_gets_the_reason_before_the_conclusion(snapshot):
    answer = ask(snapshot, "Vì sao doanh nghiệp đề nghị sửa đổi quy định về chất thải?", "hp")
    assert "rào cản về cơ sở pháp lý" in answer.answer and "Vì vậy" in answer.answer


def test_a_conclusion_brings_every_reason_of_its_paragraph():
    reasons = (
        "Sonadezi Long Thành là một trong những khu công nghiệp hình thành đầu tiên trong cả nước. "
        "Xây dựng khu công nghiệp sinh thái là hướng đi đúng đắn của tỉnh Đồng Nai. "
        "Vì vậy, Công ty CP Sonadezi Long Thành rất ủng hộ và mong muốn tham gia dự án này."
    )
    snapshot = tiny_snapshot({"sl": ({"kind": "workshop", "title": "Khởi động dự án"}, reasons)})
    answer = ask(snapshot, "Vì sao Sonadezi Long Thành ủng hộ và muốn tham gia dự án?", "sl")
    assert "hình thành đầu tiên" in answer.answer and "hướng đi đúng đắn" in answer.answer


def test_values_the_documents_do_not_give_are_refused_with_the_reason(snapshot):
    part = ask(snapshot, "Trong 217 giải pháp đã được thực hiện, KCN Amata có bao nhiêu giải pháp?", "hp")
    assert part.refused and "217" in part.answer and "không nêu phần được hỏi" in part.answer
    year = ask(snapshot, "Năm 2015 dự án hỗ trợ bao nhiêu doanh nghiệp tại các khu công nghiệp?", "hp")
    assert year.refused and "năm 2015" in year.answer
    deputy = ask(snapshot, "Tổng Giám đốc Công ty Cổ phần KCN Hiệp Phước là ai?", "hp")
    assert deputy.refused and "Tổng Giám đốc" in deputy.answer
    when = ask(snapshot, "Doanh nghiệp đề nghị sửa đổi quy định về chất thải khi nào?", "hp")
    assert when.refused and "thời điểm" in when.answer
    fine = ask(snapshot, "Dự án đã hỗ trợ bao nhiêu doanh nghiệp?", "hp")
    assert not fine.refused and "90 doanh nghiệp" in fine.answer
    # The document speaks of 2018, but the figure the passage gives is 2017's.
    question = "Năm {} hợp phần RECP giúp doanh nghiệp tiết kiệm được bao nhiêu tiền?"
    other_year = ask(snapshot, question.format(2018), "recp")
    assert other_year.refused and "2017" in other_year.answer and "2018" in other_year.answer
    same_year = ask(snapshot, question.format(2017), "recp")
    assert not same_year.refused and "32,86 tỷ đồng" in same_year.answer


def test_a_figure_for_several_parks_together_is_no_figure_for_one_of_them(snapshot):
    from kb.answer.figure_scope import question_places

    assert question_places("Of the 217 solutions, how many were at Amata industrial park?", "en") == ["Amata"]
    assert question_places("How many delegates attended the workshop in Hanoi?", "en") == []
    # "at the Nov 2018 workshop": a date, not a place (nor "Mayfair", which only starts like "May").
    assert question_places("How many sessions were planned at the Nov 2018 expert workshop?", "en") == []
    assert question_places("How many firms at the April 2023 closing workshop?", "en") == []
    assert question_places("How many firms are at Mayfair?", "en") == ["Mayfair"]
    assert question_places("KCN Amata được hỗ trợ bao nhiêu doanh nghiệp?", "vi") == ["Amata"]
    # At the start of the question, or typed without diacritics.
    assert question_places("Ở Kalundborg, bùn men được dùng làm gì?", "vi") == ["Kalundborg"]
    assert question_places("khu cong nghiep Hiep Phuoc co bao nhieu doanh nghiep", "vi") == ["Hiep Phuoc"]
    share = ask(snapshot, "KCN Amata được dự án hỗ trợ bao nhiêu doanh nghiệp?", "hp")
    assert share.refused, share.answer
    assert "riêng cho “Amata”" in share.answer and "Hiệp Phước" in share.answer and "Đình Vũ" in share.answer
    # Asked for all the parks the sentence lists: the figure is theirs.
    together = ask(snapshot, "Dự án hỗ trợ bao nhiêu doanh nghiệp tại KCN Hiệp Phước, Amata và Đình Vũ?", "hp")
    assert not together.refused and "90 doanh nghiệp" in together.answer
    # Typed in lower case without diacritics, the parks are still the ones it asks about.
    typed = ask(snapshot, "du an ho tro bao nhieu doanh nghiep o khu cong nghiep hiep phuoc, amata va dinh vu", "hp")
    assert not typed.refused and "90 doanh nghiệp" in typed.answer, typed.answer
    # A document about the place alone (its title names it, in no list) gives figures for it.
    recp = tiny_snapshot({"vn": ({"kind": "report", "title": "Hợp phần RECP tại KCN Hòa Khánh"}, RECP)})
    own = ask(recp, "Năm 2017 KCN Hòa Khánh tiết kiệm được bao nhiêu tiền nhờ RECP?", "vn")
    assert not own.refused and "32,86 tỷ đồng" in own.answer, own.answer


def test_a_figure_of_something_else_about_the_park_is_no_figure_of_what_is_counted():
    text = (
        "Hội thảo về các giải pháp được thực hiện riêng tại KCN Hiệp Phước có khoảng 40 đại biểu.\n\n"
        "Dự án đã hỗ trợ 90 doanh nghiệp với 663 giải pháp tại 3 KCN Hiệp Phước, Amata và Đình Vũ."
    )
    snapshot = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Tổng kết dự án KCN sinh thái"}, text)})
    share = ask(snapshot, "Riêng KCN Hiệp Phước có bao nhiêu giải pháp được thực hiện?", "ws")
    assert share.refused and "“Hiệp Phước”" in share.answer, share.answer
    delegates = ask(snapshot, "Hội thảo tại KCN Hiệp Phước có bao nhiêu đại biểu?", "ws")
    assert not delegates.refused and "40 đại biểu" in delegates.answer, delegates.answer


def test_a_date_asked_for_a_park_is_not_the_date_of_another_park():
    text = (
        "Ninh Bình dự kiến cải tạo hạ tầng KCN Khánh Phú thành KCN sinh thái giai đoạn 2023–2025.\n\n"
        "Ngày 24/11/2022 tại KCN Hòa Khánh, Ban Quản lý các KCN phối hợp tổ chức hội thảo.\n\n"
        "KCN thí điểm: Khánh Phú & Gián Khẩu (Ninh Bình), Hòa Khánh (Đà Nẵng)."
    )
    snapshot = tiny_snapshot({"vn": ({"kind": "case-study", "title": "Dự án KCN sinh thái"}, text)})
    other = ask(snapshot, "Ninh Bình dự kiến cải tạo KCN Gián Khẩu thành KCN sinh thái trong giai đoạn nào?", "vn")
    assert other.refused and "thời điểm riêng cho “Gián Khẩu”" in other.answer, other.answer
    own = ask(snapshot, "Ninh Bình dự kiến cải tạo KCN Khánh Phú thành KCN sinh thái trong giai đoạn nào?", "vn")
    assert not own.refused and "2023–2025" in own.answer, own.answer
    # An event's place followed by its organiser is no list of parks.
    event = ask(snapshot, "Hội thảo tại KCN Hòa Khánh diễn ra ngày nào?", "vn")
    assert not event.refused and "24/11/2022" in event.answer, event.answer


def test_an_english_question_names_a_park_the_documents_call_one():
    from kb.answer.figure_scope import question_places

    text = "Mục tiêu: đến 2030 DEEP C cung cấp 50% nhu cầu năng lượng trong KCN.\n\nKhảo sát tại KCN AMATA Biên Hòa."
    snapshot = tiny_snapshot({"vn": ({"kind": "case-study", "title": "Dự án KCN sinh thái"}, text)})
    question = "What share of its energy demand does Amata Bien Hoa aim to supply by 2030?"
    assert question_places(question, "en", frozenset({"amata bien hoa"})) == ["Amata Bien Hoa"]
    assert question_places(question, "en") == []  # a name the passages do not call a park
    rows = list(range(len(snapshot.chunks)))
    answer = ExtractiveAnswerer(snapshot).run(
        question=question, language="en", documents=retrieved(snapshot, rows, dense=0.9)
    )["answer"]
    assert answer.refused and "“Amata Bien Hoa”" in answer.answer, answer.answer


def test_a_sentence_adding_another_difficulty_stays_in_the_answer():
    long_reason = " ".join(["do bị chi phối bởi các luật chuyên ngành về môi trường nhưng chưa giải quyết được"] * 5)
    text = (
        "Đánh giá những khó khăn khi triển khai cộng sinh công nghiệp tại KCN Hiệp Phước, bên cạnh khó khăn về "
        f"nguồn vốn, doanh nghiệp nhấn mạnh rào cản cơ sở pháp lý, {long_reason}. Mặt khác, đa số các doanh "
        "nghiệp trong cùng một KCN không có mối quan hệ để trao đổi, chia sẻ và giao lưu với nhau, nên họ chưa "
        "tìm được sự kết nối để cùng hiệp đồng cộng sinh công nghiệp."
    )
    snapshot = tiny_snapshot({"hp": ({"kind": "workshop", "title": "Cộng sinh công nghiệp KCN Hiệp Phước"}, text)})
    answer = ask(snapshot, "Doanh nghiệp ở KCN Hiệp Phước gặp những khó khăn nào khi triển khai cộng sinh công nghiệp?", "hp")
    assert "nguồn vốn" in answer.answer and "không có mối quan hệ" in answer.answer, answer.answer


def test_a_target_is_no_answer_to_what_has_been_achieved():
    text = "DEEP C là cụm KCN ở Hải Phòng. Mục tiêu: đến 2030 DEEP C cung cấp 50% nhu cầu năng lượng trong KCN."
    deep_c = tiny_snapshot({"dc": ({"kind": "case-study", "title": "DEEP C"}, text)})
    now = ask(deep_c, "Hiện nay DEEP C đã cung cấp bao nhiêu phần trăm nhu cầu năng lượng trong KCN?", "dc")
    assert now.refused and "mục tiêu hoặc kế hoạch" in now.answer, now.answer
    target = ask(deep_c, "DEEP C đặt mục tiêu cung cấp bao nhiêu phần trăm nhu cầu năng lượng trong KCN?", "dc")
    assert not target.refused and "50%" in target.answer
    # Whether something was completed, when the passages give only its plan.
    plan = "Ninh Bình dự kiến đầu tư cải tạo hạ tầng KCN Khánh Phú thành KCN sinh thái giai đoạn 2023–2025."
    khanh_phu = tiny_snapshot({"kp": ({"kind": "case-study", "title": "KCN Khánh Phú"}, plan)})
    done = ask(khanh_phu, "Ninh Bình đã hoàn thành cải tạo hạ tầng KCN Khánh Phú chưa?", "kp")
    assert done.refused and "chỉ nêu kế hoạch" in done.answer, done.answer
    planned = ask(khanh_phu, "Ninh Bình dự kiến cải tạo hạ tầng KCN Khánh Phú trong giai đoạn nào?", "kp")
    assert not planned.refused and "2023–2025" in planned.answer, planned.answer


def test_a_figure_question_needs_a_figure_of_what_it_asks(snapshot):
    none = ask(snapshot, "Có bao nhiêu đại biểu đề nghị sửa đổi quy định về chất thải?", "hp")
    # Delegates are people: no sentence counts anyone, so the reason names what is not counted.
    assert none.refused and "không nêu số “đại biểu”" in none.answer, none.answer
    # "217 giải pháp" is in the passage, but not in the sentences about the request.
    solutions = ask(snapshot, "Có bao nhiêu giải pháp đề nghị sửa đổi quy định về chất thải?", "hp")
    assert solutions.refused and "“giải pháp” nhưng không nêu con số" in solutions.answer, solutions.answer
    plant = tiny_snapshot(
        {"nk": ({"kind": "case-study", "title": "Nam Cầu Kiền"}, "KCN Nam Cầu Kiền có trạm xử lý nước thải tập trung hiện đại, xây dựng năm 2014 với 2 mô-đun.")}
    )
    m3 = ask(plant, "Trạm xử lý nước thải tập trung của KCN Nam Cầu Kiền có công suất bao nhiêu m3/ngày đêm?", "nk")
    assert m3.refused and "“m3”" in m3.answer, m3.answer
    assert question_shape("What is the current land lease price at the park?").kind == "amount"
    assert question_shape("Tổng kinh phí SECO tài trợ cho dự án là bao nhiêu?").kind == "amount"
    year = ask(snapshot, "Doanh nghiệp đề nghị sửa đổi quy định gì vào năm 2015?", "hp")
    assert year.refused and "năm 2015" in year.answer


def test_english_questions_get_a_lead_of_what_carries_over(snapshot):
    rows = [row for row, chunk in enumerate(snapshot.chunks) if chunk.doc_id == "hp"]
    answer = ExtractiveAnswerer(snapshot).run(
        question="How many companies did the project support?",
        language="en",
        documents=retrieved(snapshot, rows, dense=0.9),
        expansions=["doanh nghiệp", "công ty", "dự án"],
    )["answer"]
    assert answer.answer.startswith("The documents give 90 companies [1]:\n“"), answer.answer
    # A decree's number is no date, nor is the date it was issued that of the event asked.
    from kb.answer.english_lead import english_lead

    decree = "Hội thảo về các quy định tại Nghị định số 82/2018/NĐ-CP ngày 22/5/2018 diễn ra ngày 8-9/11/2018."
    lead = english_lead("When was the workshop held?", question_shape("When was the workshop held?"), [decree])
    assert lead == "The documents give the date ngày 8-9/11/2018", lead
    # A measure written between the number and the thing counted stays with the number.
    land = "How much industrial land did the zones have for lease by 2022?"
    lead = english_lead(land, question_shape(land), ["đến 2022 có >3.400 ha đất công nghiệp cho thuê"])
    assert lead == "The documents give 3.400 ha of land", lead
    # No digit of a unit is a number ("m3 nước" is no 3 of water).
    water = "How much water does the project expect to save each year?"
    quote = ["dự kiến tiết kiệm hằng năm 4,4 triệu kWh điện, 20,8 nghìn m3 nước, 800.000 USD"]
    assert english_lead(water, question_shape(water), quote) == "The documents give 20,8 nghìn m3 of water"
    # A number the counted noun follows in another phrase is not counted ("từ phiên 1 đến phiên 5").
    sessions = "How many discussion sessions were planned?"
    text = "Dự kiến có 6 phiên thảo luận; từ phiên 1 đến phiên 5 diễn ra trong ngày thứ nhất."
    lead = english_lead(sessions, question_shape(sessions), [text])
    assert lead == "The documents give 6 discussion sessions", lead
    # An office written after a name is no part of it ("TS Heinz Leuenberger Cố vấn trưởng kỹ thuật").
    who = "Who was UNIDO's chief technical adviser?"
    lead = english_lead(who, question_shape(who), ["TS Heinz Leuenberger Cố vấn trưởng kỹ thuật của Dự án, UNIDO"])
    assert lead == "The documents name Heinz Leuenberger", lead


def test_the_english_lead_cites_the_passage_its_value_comes_from():
    texts = {
        "khung": ({"kind": "factsheet", "title": "Khung quốc tế"}, "Khung quốc tế có bốn nhóm tiêu chí về quản lý khu công nghiệp."),
        "khoi-dong": (
            {"kind": "workshop", "title": "Khởi động"},
            "Tới dự buổi lễ tại Khu Công nghệ cao có Trưởng Ban Quản lý PGS.TS Lê Hoài Quốc.",
        ),
    }
    answer = answer_from(texts, "Who was the head of the hi-tech park management board at the international framework kickoff?")
    assert answer.answer.startswith("The documents name Lê Hoài Quốc [1]:\n“Tới dự"), answer.answer


def test_source_markers_and_notes_stay_out_of_the_answer_text():
    from kb.answer.citations import display_text

    raw = "Kết quả tính đến 9/2023 [S1]: 295 giải pháp [N2][N3] (theo nguồn (a), (b); số điều theo nguồn (b): Điều 42)."
    assert display_text(raw) == "Kết quả tính đến 9/2023: 295 giải pháp."


def test_a_park_asked_about_is_answered_only_from_passages_about_it(snapshot):
    from kb.answer.evidence import EvidenceScorer
    from kb.answer.refusal_checks import named_passage_candidates
    from kb.answer.sentence_candidates import question_phrasings, sentence_candidates
    from kb.query.names import place_names

    assert place_names("Cộng sinh công nghiệp ở KCN Amata gặp khó khăn gì?") == ["Amata"]
    # "KCN sinh thái Nam Cầu Kiền" names the park too; "các KCN sinh thái" names none.
    assert place_names("Kitakyushu hỗ trợ bao nhiêu kinh phí xây dựng KCN sinh thái Nam Cầu Kiền?") == ["Nam Cầu Kiền"]
    assert place_names("Các KCN sinh thái được hỗ trợ bao nhiêu kinh phí?") == []
    rows = [row for row, chunk in enumerate(snapshot.chunks) if chunk.doc_id == "hp"]
    scorer = EvidenceScorer.for_snapshot(snapshot)

    def candidates(question):
        return sentence_candidates(retrieved(snapshot, rows), scorer, question_phrasings(question, "vi", scorer))

    other = "Doanh nghiệp ở KCN Trà Nóc gặp những rào cản gì?"
    kept, reason = named_passage_candidates(other, "vi", snapshot, candidates(other))
    assert not kept and reason == "Các đoạn tìm được không nói về “Trà Nóc”."
    asked = "Doanh nghiệp ở KCN Hiệp Phước gặp những rào cản gì?"
    kept, reason = named_passage_candidates(asked, "vi", snapshot, candidates(asked))
    assert kept and not reason


def test_a_document_cited_twice_gets_one_note_naming_both_markers(snapshot):
    from kb.answer.citations import summary_notes
    from kb.answer.cited_answer import Citation

    cite = lambda marker: Citation(marker, "nd", "Tóm tắt", "summary", "nd.txt", "", None, "q")  # noqa: E731
    (note,) = summary_notes([cite(1), cite(2)], "vi")
    assert note.startswith("Nguồn [1][2] là bản tóm tắt")


def test_sentences_dated_to_another_year_give_way_to_the_asked_one():
    from haystack import Document

    from kb.answer.sentence_candidates import OTHER_YEAR_FACTOR, SentenceCandidate, prefer_asked_years

    texts = [
        "Trong năm 2017, các doanh nghiệp tiết kiệm 32,86 tỷ đồng.",  # another year only
        "Kết quả công bố 12/6/2019: 72 doanh nghiệp tiết kiệm 6,5 triệu USD/năm.",  # a date, not a bare year
        "Năm 2019 và 2017 là hai năm tổng kết.",  # names the asked year too
    ]
    candidates = [
        SentenceCandidate(document=Document(content=t), position=0, index=i, text=t, coverage=1.0, score=1.0)
        for i, t in enumerate(texts)
    ]
    prefer_asked_years(candidates, ("2019",))
    assert [c.score for c in candidates] == [OTHER_YEAR_FACTOR, 1.0, 1.0]
    prefer_asked_years(candidates, ())
    assert candidates[1].score == 1.0


def test_an_answer_sentence_keeps_the_sentence_it_leans_on_and_the_one_spelling_it_out():
    from kb.answer.sentence_selection import ELABORATES, REFERS_BACK

    assert REFERS_BACK.match("Trong đó, xây dựng các khu sinh thái là ưu tiên hàng đầu.")
    assert not REFERS_BACK.match("Trong năm 2017, dự án hỗ trợ 90 doanh nghiệp.")
    assert ELABORATES.match("Cụ thể là: khuyến khích phát triển; xác định cơ hội.")
    assert ELABORATES.match("Chẳng hạn như khu công nghiệp Nam Cầu Kiền ở Hải Phòng.")
    text = (
        "Thành phố hướng tới xây dựng một thành phố thông minh, xanh và bền vững. "
        "Trong đó, xây dựng các khu công nghiệp thành khu sinh thái là ưu tiên hàng đầu. "
        "Dự án đã hoàn thành các mục tiêu đề ra ban đầu. "
        "Cụ thể là: lồng ghép khu công nghiệp sinh thái trong thể chế, chính sách; xác định cơ hội cộng sinh."
    )
    city = tiny_snapshot({"hcm": ({"kind": "workshop", "title": "Khởi động"}, text)})
    priority = ask(
        city, "Xây dựng các khu công nghiệp thành khu sinh thái có phải ưu tiên hàng đầu không?", "hcm"
    )
    assert "thành phố thông minh" in priority.answer, priority.answer
    goals = ask(city, "Dự án đã hoàn thành các mục tiêu đề ra ban đầu chưa?", "hcm")
    assert "lồng ghép khu công nghiệp sinh thái" in goals.answer, goals.answer
    alone = ask(
        city, "Dự án đã hoàn thành các mục tiêu đề ra ban đầu chưa?", "hcm", complete_with_next=False
    )
    assert "lồng ghép" not in alone.answer


def test_a_count_of_people_or_homes_needs_a_count_of_people_or_homes():
    from kb.query.counted_classes import counted_class

    assert counted_class("employees") is counted_class("dai bieu") is not None
    assert counted_class("doanh nghiep") is None
    text = (
        "Nhà máy Gyproc ở Kalundborg dùng thạch cao từ nhà máy điện, công suất 1.500 MW. "
        "Hơi nước thừa sưởi ấm khoảng 3.500 hộ dân."
    )
    plant = tiny_snapshot({"k": ({"kind": "case-study", "title": "Kalundborg"}, text)})
    staff = ask(plant, "Nhà máy Gyproc ở Kalundborg có bao nhiêu nhân viên?", "k")
    assert staff.refused and "nhân viên" in staff.answer, staff.answer
    homes = ask(plant, "Hơi nước thừa sưởi ấm bao nhiêu hộ dân?", "k")
    assert not homes.refused and "3.500 hộ dân" in homes.answer, homes.answer


def test_a_name_the_title_is_about_counts_for_every_sentence_of_the_document():
    from kb.answer.evidence import EvidenceScorer
    from kb.answer.sentence_candidates import question_phrasings, sentence_candidates
    from kb.query.answer_types import expected_answer_type, quantity_units
    from kb.query.names import listed_with

    assert listed_with("Dự án 2014–2023: kết quả Hiệp Phước, Amata, DEEP C", "Hiệp Phước") == ["Amata", "DEEP C"]
    assert listed_with("KCN Nam Cầu Kiền (Hải Phòng)", "Nam Cầu Kiền") == []
    text = (
        "Năm 2014 Hải Phòng và Trung tâm giảm thiểu Carbon ký biên bản hỗ trợ KCN Nam Cầu Kiền, trải qua 15 dự án. "
        "Vị trí: trên địa bàn 4 xã thuộc huyện Thủy Nguyên, cách trung tâm thành phố 12 km."
    )
    question = "KCN Nam Cầu Kiền trải trên bao nhiêu xã và cách trung tâm Hải Phòng bao xa?"

    def location_sentence(title):
        snap = tiny_snapshot({"nck": ({"kind": "case-study", "title": title}, text)})
        scorer = EvidenceScorer.for_snapshot(snap)
        phrasings = question_phrasings(question, "vi", scorer)
        typed = (expected_answer_type(question), quantity_units(question))
        candidates = sentence_candidates(retrieved(snap, [0]), scorer, phrasings, typed, question)
        best = max(candidates, key=lambda c: c.score)
        return best, next(c for c in candidates if c.text.startswith("Vị trí"))

    best, location = location_sentence("KCN Nam Cầu Kiền (Hải Phòng)")
    assert best is location and {"hải_phòng", "nam_cầu"} <= location.covered
    # A title listing the park among others is not about it alone (it is about Hải Phòng).
    _, location = location_sentence("Kết quả Đình Vũ, Nam Cầu Kiền và Amata (Hải Phòng)")
    assert "nam_cầu" not in location.covered and "hải_phòng" in location.covered


def test_a_question_asking_for_a_person_needs_a_named_person():
    text = "Hội thảo sẽ do lãnh đạo Bộ Kế hoạch và Đầu tư chủ trì, với sự tham gia của Đại sứ quán Thụy Sỹ."
    unnamed = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Hội thảo chuyên gia"}, text)})
    nobody = ask(unnamed, "Ai đại diện Đại sứ quán Thụy Sỹ tại hội thảo?", "ws")
    assert nobody.refused and "không nêu tên người" in nobody.answer, nobody.answer
    named = tiny_snapshot(
        {"ws": ({"kind": "workshop", "title": "Hội thảo chuyên gia"}, text + " Ông Lars Hansen đại diện Đại sứ quán Thụy Sỹ phát biểu.")}
    )
    someone = ask(named, "Ai đại diện Đại sứ quán Thụy Sỹ tại hội thảo?", "ws")
    assert not someone.refused and "Lars Hansen" in someone.answer, someone.answer
    # Who organised it may be a ministry: no person needed.
    ministry = ask(unnamed, "Hội thảo do ai chủ trì?", "ws")
    assert not ministry.refused and "Bộ Kế hoạch và Đầu tư" in ministry.answer, ministry.answer


def test_sentences_apart_in_the_source_are_not_run_together():
    text = (
        "Dự án đã hỗ trợ 90 doanh nghiệp trong khu công nghiệp. Thời tiết hôm đó rất đẹp. "
        "Các doanh nghiệp đã thực hiện 217 giải pháp sản xuất sạch hơn."
    )
    snap = tiny_snapshot({"p": ({"kind": "report", "title": "Báo cáo dự án"}, text)})
    answer = ask(snap, "Dự án hỗ trợ bao nhiêu doanh nghiệp và doanh nghiệp thực hiện bao nhiêu giải pháp?", "p")
    assert "90 doanh nghiệp" in answer.answer and "217 giải pháp" in answer.answer, answer.answer
    assert "Thời tiết" not in answer.answer and " … " in answer.answer, answer.answer


def test_an_english_question_needs_less_coverage_of_vietnamese_passages():
    # English reaches Vietnamese text through the glossary only: 0.56 of the question is enough
    # for it (a Vietnamese question needs 0.65), 0.43 is not.
    text = "Khu công nghiệp Hiệp Phước có 90 doanh nghiệp tham gia chương trình sản xuất sạch hơn."
    snap = tiny_snapshot(
        {
            "hp": ({"kind": "report", "title": "Báo cáo"}, text),
            "o": ({"kind": "report", "title": "Khác"}, "Hội thảo ở Hà Nội năm 2020 bàn về nước thải."),
        }
    )

    def ask(question):
        documents = retrieved(snap, [0], dense=0.5)
        return ExtractiveAnswerer(snap).run(question=question, language="en", documents=documents)["answer"]

    covered = ask("How many companies in Hiep Phuoc took part in the cleaner production programme with wastewater investment support?")
    assert not covered.refused and "90 companies" in covered.answer, covered.answer
    less = ask(
        "How many companies in Hiep Phuoc took part in the cleaner production programme with wastewater treatment "
        "investment and training support?"
    )
    assert less.refused


def test_a_figure_asked_for_one_name_on_its_own_and_markers_that_are_no_figures():
    from kb.answer.figure_scope import question_places
    from kb.answer.figure_text import holds_figure

    assert not holds_figure("Steam from the power plant sold to Novo Nordisk [K6].", ())
    assert holds_figure("EUR 24 million bottom-line savings [K1].", ())
    assert question_places("How much does Novo Nordisk itself save each year?", "en") == ["Novo Nordisk"]
    assert question_places("Riêng KCN Amata có bao nhiêu doanh nghiệp tham gia?", "vi") == ["Amata"]
    text = (
        "Annual combined benefits for partners [K1]: EUR 24 million bottom-line savings. "
        "Steam from the power plant is sold to Novo Nordisk and the refinery [K6]."
    )
    snap = tiny_snapshot({"k": ({"kind": "case-study", "title": "Kalundborg Symbiosis"}, text)})
    own = ExtractiveAnswerer(snap).run(
        question="How much does Novo Nordisk itself save each year in Kalundborg Symbiosis?",
        language="en",
        documents=retrieved(snap, [0], dense=0.9),
    )["answer"]
    assert own.refused and "Novo Nordisk" in own.answer, own.answer


def test_a_sentence_holding_the_kind_of_fact_asked_leads_over_one_matching_the_context(monkeypatch):
    text = (
        "Ngày 24/11/2022 tại KCN Hiệp Phước, Ban Quản lý các khu chế xuất và công nghiệp TP. Hồ Chí Minh "
        "phối hợp với Ban Quản lý Dự án và UNIDO đồng tổ chức Hội thảo cộng sinh công nghiệp dành cho các "
        "doanh nghiệp đang hoạt động tại KCN Hiệp Phước, với sự tham gia của nhiều chuyên gia trong nước "
        "và quốc tế cùng đại diện các sở, ngành và hiệp hội doanh nghiệp của thành phố.\n\n"
        "Hội thảo nhằm nâng cao kiến thức về cộng sinh công nghiệp cho doanh nghiệp."
    )
    hp = tiny_snapshot({"hp": ({"kind": "workshop", "title": "Hội thảo cộng sinh công nghiệp"}, text)})
    question = "Hội thảo cộng sinh công nghiệp tại KCN Hiệp Phước ngày 24/11/2022 nhằm mục đích gì?"
    answer = ask(hp, question, "hp")
    assert "Hội thảo nhằm nâng cao kiến thức" in answer.answer, answer.answer  # the context may join it
    # With room for one sentence only, the one stating the purpose is that sentence.
    monkeypatch.setattr("kb.answer.sentence_selection.MAX_ANSWER_WORDS", 60)
    answer = ask(hp, question, "hp")
    assert answer.answer.startswith("Hội thảo nhằm nâng cao kiến thức"), answer.answer


def test_a_run_of_sentences_that_refers_back_brings_the_sentence_it_refers_to():
    from kb.answer.shaped_answers import with_referents

    document = Document(id="p", content="x")
    texts = [
        "Định hướng của thành phố là xây dựng thành phố thông minh, xanh.",
        "Trong đó, xây dựng các khu sinh thái là ưu tiên hàng đầu.",
        "Thời gian tới, Ban Quản lý cam kết phối hợp với dự án.",
    ]
    candidates = [SentenceCandidate(document, 0, i, t, 0.5, set(), 0.5, 0.5) for i, t in enumerate(texts)]
    chosen = with_referents(candidates[1:], candidates)
    assert [c.index for c in chosen] == [0, 1, 2]
    assert [c.index for c in with_referents(candidates[2:], candidates)] == [2]  # stands on its own


def test_a_sentence_referring_back_to_one_that_refers_back_brings_both():
    from kb.answer.sentence_selection import REFERS_BACK
    from kb.answer.shaped_answers import with_referents

    document = Document(id="p", content="x")
    texts = [
        "Năm 2016, Bộ Kế hoạch và Đầu tư và UNIDO đã tổ chức Hội thảo chuyên gia quốc tế về KCN sinh thái.",
        "Đây là hoạt động nổi bật trong khuôn khổ dự án.",
        "Trên cơ sở kết quả của Hội nghị, Chính phủ ban hành Nghị định số 82/2018/NĐ-CP.",
    ]
    candidates = [SentenceCandidate(document, 0, i, t, 0.5, set(), 0.5, 0.5) for i, t in enumerate(texts)]
    assert REFERS_BACK.match(texts[2])
    assert [c.index for c in with_referents(candidates[2:], candidates)] == [0, 1, 2]


# A sentence naming a difficulty only as what a remedy acts on (the Hiệp Phước report's wording).
REMEDY = (
    "Ngoài ra, để giải quyết một trong những khó khăn của các doanh nghiệp trong KCN Hiệp Phước về nguồn vốn, "
    "Hội thảo đã tổ chức tập huấn công cụ tài chính cho cộng sinh công nghiệp."
)


def test_the_sentence_naming_the_difficulties_answers_not_one_remedying_a_difficulty(monkeypatch):
    named = (
        "Đánh giá cộng sinh công nghiệp tại KCN Hiệp Phước, bên cạnh khó khăn về nguồn vốn, doanh nghiệp nhấn mạnh "
        "rào cản cơ sở pháp lý về chuyển giao chất thải."
    )
    snapshot = tiny_snapshot(
        {
            "tap-huan": ({"kind": "workshop", "title": "Tập huấn"}, REMEDY),
            "danh-gia": ({"kind": "workshop", "title": "Đánh giá"}, named),
            "amata": ({"kind": "workshop", "title": "Amata"}, "KCN Amata ở Đồng Nai có nhà máy xử lý nước thải."),
        }
    )
    question = "What difficulties did companies in Hiep Phuoc industrial park face with industrial symbiosis?"

    def answer():
        return ExtractiveAnswerer(snapshot).run(
            question=question, language="en", documents=retrieved(snapshot, [0, 1, 2], dense=0.9)
        )["answer"]

    assert "rào cản cơ sở pháp lý" in answer().answer, answer().answer
    monkeypatch.setattr("kb.answer.asked_kind.NAMING_SEVERAL_BONUS", 0.0)
    assert "rào cản cơ sở pháp lý" not in answer().answer  # the remedy's passage ranks first
    assert (mentions(REMEDY, "difficulty"), mentions(named, "difficulty")) == (0, 2)
    assert several_asked("Khu công nghiệp rút ra bài học gì?") == "lesson" and not several_asked("Vì sao chọn Amata?")


def test_a_sentence_naming_a_difficulty_only_as_what_a_remedy_acts_on_gives_way_to_one_naming_them():
    named = (
        "Đánh giá những khó khăn khi triển khai cộng sinh công nghiệp tại KCN Hiệp Phước, bên cạnh khó khăn về nguồn"
        " vốn, doanh nghiệp nhấn mạnh rào cản cơ sở pháp lý về chuyển giao chất thải."
    )
    snapshot = tiny_snapshot(
        {
            "tap-huan": ({"kind": "workshop", "title": "Tập huấn"}, REMEDY),
            "amata": ({"kind": "workshop", "title": "Amata"}, "KCN Amata ở Đồng Nai có nhà máy xử lý nước thải."),
            "dong-nai": ({"kind": "workshop", "title": "Đồng Nai"}, "KCN Nhơn Trạch ở Đồng Nai có nhiều doanh nghiệp."),
            "danh-gia": ({"kind": "workshop", "title": "Đánh giá"}, named),
        }
    )
    # Asked in other words than "difficulties"/"khó khăn" first, as a why-question; the sentence
    # naming them is the fourth passage found.
    question = "What's holding companies in Hiep Phuoc back from industrial symbiosis? I need the main difficulties."
    assert question_shape(question).kind == "why"
    answer = ExtractiveAnswerer(snapshot).run(
        question=question, language="en", documents=retrieved(snapshot, [0, 1, 2, 3], dense=0.9)
    )["answer"]
    assert "rào cản cơ sở pháp lý" in answer.answer and "tập huấn" not in answer.answer, answer.answer


def test_a_time_of_day_asked_is_answered_by_the_sentence_giving_the_hours():
    text = (
        "Ngày 12 tháng 11 năm 2021 tại Hà Nội, Bộ Kế hoạch và Đầu tư phối hợp với UNIDO tổ chức hội thảo giới thiệu "
        "mô hình. Nhiều đại biểu quan tâm tới chương trình. Hội thảo khu công nghiệp sinh thái được tổ chức theo "
        "hình thức trực tuyến vào 13h30 đến 17h00."
    )
    snapshot = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Hội thảo"}, text)})
    question = "At what time of day was the November 2021 workshop on the eco-industrial park model held?"

    def answer():
        return ExtractiveAnswerer(snapshot).run(question=question, language="en", documents=retrieved(snapshot, [0], dense=0.9))[
            "answer"
        ]

    assert answer().answer.startswith("The documents give the time 13h30 đến 17h00 and the date ngày 12 tháng 11 năm 2021"), (
        answer().answer
    )
    # The sentence giving the hours is raised above the one restating the date and place.
    from kb.answer.asked_kind import CLOCK_TIME_BONUS, prefer_clock_time

    hours, date = (
        SentenceCandidate(Document(content=t), 0, i, t, 0.5, set(), 0.5, 0.5)
        for i, t in enumerate(["Hội thảo trực tuyến vào 13h30 đến 17h00.", "Ngày 12/11/2021 tại Hà Nội, hội thảo."])
    )
    prefer_clock_time("hoi thao thang 11/2021 tu may gio?", [hours, date])
    assert (hours.score, date.score) == (0.5 + CLOCK_TIME_BONUS, 0.5)
