"""List answers: every item of an enumeration, an item asked by its place, lists cut by a chunk boundary,
series of parallel paragraphs, and lists written inside one sentence."""

import pytest
from answer_texts import CRITERIA, answer_from, ask, texts_snapshot
from haystack import Document
from tiny_index import retrieved, tiny_snapshot

from kb.answer.enumerations import inline_enumerations, line_enumerations
from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.shaped_answers import ListAnswer, inline_list_sentence, list_continuation
from kb.query.question_shape import question_shape


@pytest.fixture(scope="module")
def snapshot():
    return texts_snapshot()


def test_a_list_asked_for_in_everyday_words_gets_every_item(snapshot):
    # "kể giúp mình các …, có bao nhiêu thì kể hết" asks for all of them, however many: not a count.
    question = "Kể giúp mình các tiêu chí xác định KCN sinh thái với, bản tóm tắt có bao nhiêu thì kể hết."
    answer = ask(snapshot, question, "nd")
    lines = answer.answer.splitlines()
    assert [line.startswith("- ") for line in lines[:4]] == [True] * 4
    assert "tuân thủ nghiêm pháp luật" in lines[0] and "01 liên kết cộng sinh" in lines[3]
    assert question_shape("Kể ra những khó khăn của doanh nghiệp?").kind == "list"
    assert question_shape("Kể từ năm 2020 dự án làm gì?").kind != "list"  # "kể từ": since


def test_enumerations_on_lines_and_inside_sentences():
    (numbered,) = line_enumerations(CRITERIA)
    items = [CRITERIA[a:b] for a, b in numbered.items]
    assert len(items) == 4 and items[0].endswith("khuyến khích áp dụng ISO.")  # continuation line kept
    assert CRITERIA[numbered.lead[0] : numbered.lead[1]].startswith("TIÊU CHÍ")
    sentence = "Hội thảo có sự tham gia của: Đại sứ quán Thụy Sỹ; các Bộ, ngành; một số Viện nghiên cứu."
    (inline,) = inline_enumerations(sentence, 0, len(sentence))
    assert [sentence[a:b] for a, b in inline.items] == ["Đại sứ quán Thụy Sỹ", "các Bộ, ngành", "một số Viện nghiên cứu."]
    aside = "Khung quốc tế (nguồn: UNIDO 2016) mô tả các cấp độ."
    assert inline_enumerations(aside, 0, len(aside)) == []


def test_a_list_question_gets_every_item(snapshot):
    answer = ask(snapshot, "Các tiêu chí xác định khu công nghiệp sinh thái gồm những gì?", "nd")
    lines = answer.answer.splitlines()
    assert [line.startswith("- ") for line in lines[:4]] == [True] * 4
    assert "tuân thủ nghiêm pháp luật" in lines[0] and "01 liên kết cộng sinh" in lines[3]
    assert all(line.endswith("[1]") for line in lines[:4])
    assert "TIÊU CHÍ" not in answer.answer  # a heading is not an answer sentence
    assert answer.citations[0].quote in answer.citations[0].passage
    one = ask(snapshot, "Các tiêu chí xác định khu công nghiệp sinh thái gồm những gì?", "nd", shape_answers=False)
    assert len(one.answer.splitlines()) < len(lines)


def _list_part(text: str) -> tuple[Document, ListAnswer]:
    document = Document(id="a", content=text, meta={"doc_id": "nd"})
    (enumeration,) = line_enumerations(text)
    items = [text[a:b] for a, b in enumeration.items]
    return document, ListAnswer(document, "", items, 0, text[enumeration.start : enumeration.end], enumeration.end)


def test_a_list_cut_by_a_chunk_boundary_is_continued_from_the_next_passage():
    first = CRITERIA.split("3.")[0].rstrip("\n")  # items 1–2 end the passage
    _, listed = _list_part(first)
    following = Document(id="b", content="3. Dành tối thiểu 25% diện tích.\n4. Ít nhất 01 liên kết.\n\nGhi chú.")
    rest = list_continuation(listed, following)
    assert rest is not None and rest.items == ["Dành tối thiểu 25% diện tích.", "Ít nhất 01 liên kết."]
    assert rest.quote in following.content
    # Not the same list: numbering restarts, or the passage goes on after the list.
    assert list_continuation(listed, Document(id="c", content="1. Mục khác.\n2. Mục nữa.")) is None
    _, not_last = _list_part(first + "\n\nĐoạn văn tiếp theo.")
    assert list_continuation(not_last, following) is None


def test_a_list_whose_later_items_match_best_starts_in_the_passage_before():
    from kb.answer.shaped_answers import list_begun_before

    first = CRITERIA.split("3.")[0].rstrip("\n")  # the heading and items 1–2 end the passage before
    before = Document(id="a", content=first, meta={"doc_id": "nd"})
    text = "3. Dành tối thiểu 25% diện tích đất KCN cho cây xanh.\n4. Ít nhất 01 liên kết cộng sinh.\n\nGhi chú."
    after = Document(id="b", content=text, meta={"doc_id": "nd"})
    start = text.index("Dành")
    best = SentenceCandidate(after, 0, 0, text[start : text.index("\n")], 0.5, set(), 0.5, 1.0, start, text.index("\n"))
    listed = list_begun_before([best], lambda document, before_, after_: [before, document])
    assert listed is not None and listed.document is before and "tuân thủ nghiêm pháp luật" in listed.items[0]
    assert list_continuation(listed, after).items[0].startswith("Dành tối thiểu 25%")
    # Not when the passage before ends with something else, or the list opens the passage at 1.
    assert list_begun_before([best], lambda document, *_: [Document(id="c", content=first + "\n\nGhi chú."), document]) is None
    restarted = Document(id="d", content=text.replace("3.", "1.", 1).replace("4.", "2.", 1), meta={"doc_id": "nd"})
    again = SentenceCandidate(restarted, 0, 0, best.text, 0.5, set(), 0.5, 1.0, start, text.index("\n"))
    assert list_begun_before([again], lambda document, *_: [before, document]) is None


# The first paragraphs of a workshop's series of sessions; each test adds its own third session.
SESSIONS = (
    "Hội thảo chuyên gia quốc tế về KCN sinh thái diễn ra trong hai ngày.\n"
    "Phiên 1 với chủ đề “Thể chế, chính sách và hướng dẫn về KCN sinh thái” giới thiệu Nghị định 82.\n"
    "Phiên 2 có chủ đề “Khu vực tư nhân và các sáng kiến KCN sinh thái” giới thiệu chuỗi sản xuất xanh.\n"
)


def test_a_series_of_parallel_paragraphs_answers_a_list_question(monkeypatch):
    from kb.answer import shaped_answers
    from kb.answer.enumerations import series_label

    assert series_label("Phiên 2 có chủ đề “Khu vực tư nhân”.") == ("Phiên", 2)
    assert series_label("- Phase 1 (2005–2009): pilots.") == ("Phase", 1)
    assert series_label("Hội thảo có 6 phiên.") is None
    from kb.answer.enumerations import series_paragraphs

    found = series_paragraphs("Phiên 4 về đô thị.\nChủ đề phiên 5 là “Năng lượng”.\nPhiên khai mạc.", "Phiên")
    assert [number for number, _ in found] == [4, 5]
    text = (
        SESSIONS
        + "Phiên 3 với chủ đề “Quy hoạch và quản lý KCN sinh thái” giới thiệu bộ công cụ.\n"
    )
    workshop = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Hội thảo chuyên gia quốc tế"}, text)})
    themes = ask(workshop, "Các phiên của hội thảo chuyên gia quốc tế có những chủ đề nào?", "ws")
    lines = themes.answer.splitlines()
    assert [line.startswith("- Phiên") for line in lines[:3]] == [True] * 3, themes.answer
    assert "Quy hoạch và quản lý KCN sinh thái" in lines[2]
    # Asked about one session: that session's paragraph, not the series.
    one = ask(workshop, "Phiên 2 của hội thảo có những chủ đề nào?", "ws")
    assert one.answer.startswith("Phiên 2") and "Thể chế" not in one.answer, one.answer
    # The sessions asked for by their kind, though none is among the best-matching sentences (here
    # only the very best is looked at for a list).
    monkeypatch.setattr(shaped_answers, "LIST_SENTENCES", 1)
    sessions = ask(workshop, "Các phiên thảo luận của hội thảo chuyên gia quốc tế diễn ra trong hai ngày có những chủ đề gì?", "ws")
    assert sum(line.startswith("- Phiên") for line in sessions.answer.splitlines()) == 3, sessions.answer
    # In English, by the kind's Vietnamese word ("sessions": "phiên").
    english = ask(workshop, "What were the themes of the sessions of the international expert workshop held over two days?", "ws")
    assert sum("Phiên" in line for line in english.answer.splitlines()) == 3, english.answer


def test_a_count_asked_with_each_item_gets_the_sentence_counting_them_and_every_item():
    assert question_shape("Hội thảo có mấy phiên, mỗi phiên bàn chủ đề gì?").kind == "list"
    assert question_shape("How many sessions were planned, and what was each one about?").kind == "list"
    assert question_shape("Dự án hỗ trợ mấy KCN, đó là những KCN nào?").kind == "list"
    # The count asked of each, or a count per year: a count still.
    assert question_shape("Mỗi KCN có bao nhiêu giải pháp và đó là những giải pháp gì?").kind == "count"
    assert question_shape("Doanh nghiệp tiết kiệm bao nhiêu mỗi năm?").kind != "list"
    assert question_shape("How many sessions were planned, and which one fell on the second day?").kind == "count"
    text = (
        "Hội thảo chuyên gia quốc tế về KCN sinh thái diễn ra trong hai ngày. Dự kiến, sẽ có 3 phiên thảo luận tại"
        " Hội thảo.\n" + SESSIONS.split("\n", 1)[1] + "Phiên 3 với chủ đề “Quy hoạch và quản lý KCN sinh thái”"
        " giới thiệu bộ công cụ.\n"
    )
    workshop = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Hội thảo chuyên gia quốc tế"}, text)})
    for question, language in (
        ("Hội thảo chuyên gia quốc tế dự kiến có mấy phiên thảo luận, mỗi phiên bàn chủ đề gì?", "vi"),
        ("How many discussion sessions were planned at the international expert workshop, and what was each one about?", "en"),
    ):
        answer = ExtractiveAnswerer(workshop).run(
            question=question, language=language, documents=retrieved(workshop, [0], dense=0.9)
        )["answer"]
        assert "sẽ có 3 phiên thảo luận" in answer.answer, answer.answer
        assert sum("Phiên" in line for line in answer.answer.splitlines()) == 3, answer.answer
        assert "sẽ có 3 phiên thảo luận" in answer.citations[0].quote


def test_a_sentence_of_a_series_that_lists_what_is_asked_answers_without_the_series():
    text = (
        SESSIONS
        + "Phiên 3 tập trung thảo luận nhóm ngày thứ hai, với các nội dung: tham luận đề dẫn “Quy hoạch KCN sinh "
        "thái”; tham luận đề dẫn “Năng lượng cho KCN sinh thái”; tham luận đề dẫn “Quản lý nước tại KCN sinh thái”.\n"
    )
    workshop = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Hội thảo chuyên gia quốc tế"}, text)})
    # The question does not ask for the sessions: the one sentence listing the talks answers it.
    talks = ask(workshop, "Buổi thảo luận nhóm ngày thứ hai có những tham luận đề dẫn nào?", "ws")
    assert "Quản lý nước tại KCN sinh thái" in talks.answer, talks.answer
    assert "Khu vực tư nhân" not in talks.answer, talks.answer


def test_one_session_of_a_series_named_by_its_theme_or_place_answers_with_that_session():
    from kb.answer.shaped_answers import MANY, ONE, kind_named
    from kb.text.normalize import fold_accents

    def named(question: str, equivalents: str = "") -> str | None:
        return kind_named(question, fold_accents(f"{question}\n{equivalents}").lower(), "Phiên")

    assert named("Các phiên của hội thảo có những chủ đề nào?") == MANY
    assert named("Năm phiên đầu bàn những gì?") == MANY
    assert named("Phiên về khu vực tư nhân giới thiệu những gì?") == ONE
    assert named("Phiên 4 bàn về chủ đề gì?") is None  # numbered: asked by its number
    assert named("What were the themes of the sessions?", "phiên") == MANY
    assert named("Which topics did the session on energy cover?", "phiên") == ONE
    text = (
        SESSIONS
        + "Phiên 3 với chủ đề “Quy hoạch và quản lý KCN sinh thái” giới thiệu bộ công cụ; vai trò của Ban Quản lý"
        " KCN; trường hợp Sonadezi.\n"
        "Phiên 4 tập trung thảo luận nhóm và bế mạc, với các nội dung: tham luận đề dẫn “Quy hoạch KCN sinh thái”;"
        " tham luận đề dẫn “Năng lượng cho KCN sinh thái”; tham luận đề dẫn “Quản lý nước tại KCN sinh thái”.\n"
    )
    workshop = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Hội thảo chuyên gia quốc tế"}, text)})
    # Named by its theme: that session, though the closing one names "Quy hoạch" and "quản lý" too.
    planning = ask(workshop, "Phiên về quy hoạch và quản lý KCN sinh thái của hội thảo giới thiệu những nội dung nào?", "ws")
    assert planning.answer.startswith("Phiên 3") and "Sonadezi" in planning.answer, planning.answer
    assert "Năng lượng cho KCN" not in planning.answer and "Thể chế" not in planning.answer, planning.answer
    # Named by its place: the last of the series, with every talk it lists.
    last = ask(workshop, "Phiên cuối của hội thảo có những tham luận đề dẫn nào?", "ws")
    assert "Quản lý nước tại KCN sinh thái" in last.answer and "Thể chế" not in last.answer, last.answer
    closing = ask(workshop, "Which lead-in presentations were planned for the closing group-discussion session?", "ws")
    assert "Quản lý nước tại KCN sinh thái" in closing.answer and "Thể chế" not in closing.answer, closing.answer


def test_one_item_of_a_list_asked_by_its_place(snapshot):
    from kb.query.question_shape import asked_item

    assert asked_item("Tiêu chí thứ hai để xác định KCN sinh thái là gì?") == 2
    assert asked_item("What is the fifth criterion of Decree 82?") == 5
    assert asked_item("Phiên thứ 5 có chủ đề gì?") is None  # a numbered session, not a list item
    assert asked_item("Còn những tiêu chí nào nữa (tiêu chí 6, 7…)?") == 6  # without "thứ"
    assert asked_item("Tiêu chí 82/2018 là gì?") is None and asked_item("Mục 2.3 nói gì?") is None
    second = ask(snapshot, "Tiêu chí thứ 2 để xác định khu công nghiệp sinh thái là gì?", "nd")
    lines = second.answer.splitlines()
    assert not second.refused and any(line.startswith("2. ") for line in lines), second.answer
    assert "tuân thủ nghiêm pháp luật" not in second.answer  # item 1 is not shown
    fifth = ask(snapshot, "Tiêu chí thứ 5 để xác định khu công nghiệp sinh thái là gì?", "nd")
    assert fifth.refused and "chỉ có 4 mục" in fifth.answer, fifth.answer
    more = ask(snapshot, "Sau tiêu chí về liên kết cộng sinh thì còn tiêu chí nào nữa (tiêu chí 5, 6…)?", "nd")
    assert more.refused and "chỉ có 4 mục" in more.answer, more.answer


def test_a_sentence_listing_the_items_inside_itself_joins_a_list_answer():
    context = "Dự án KCN sinh thái do SECO tài trợ (5/2020–5/2023) được giới thiệu tại hội thảo ở KCN Hiệp Phước."
    listing = (
        "Các KCN được thí điểm lựa chọn là: KCN DEEP C (Hải Phòng), KCN Amata (Đồng Nai), KCN Hiệp Phước,"
        " KCN Trà Nóc 1&2 (Cần Thơ), KCN Hòa Khánh (Đà Nẵng)."
    )
    text = f"{context} {listing}"
    document = Document(id="hp-0", content=text, meta={"doc_id": "hp"})

    def candidate(index, sentence, score):
        start = text.index(sentence)
        return SentenceCandidate(document, 0, index, sentence, 0.5, set(), 0.7, score, start, start + len(sentence))

    best, listed = candidate(0, context, 0.71), candidate(1, listing, 0.45)
    assert inline_list_sentence([best, listed]) is listed
    assert best.score > listed.score  # the best sentence keeps its place
    # Not when it scores far below the best sentence.
    best, listed = candidate(0, context, 0.71), candidate(1, listing, 0.3)
    assert inline_list_sentence([best, listed]) is None


def test_one_numbered_item_is_found_when_a_chunk_boundary_cut_its_list_from_the_heading():
    from kb.answer.shaped_answers import numbered_item, numbered_list_length, numbered_lists
    from kb.query.question_shape import asked_item, asked_item_kind

    question = "Tiêu chí thứ 5 trong danh mục tiêu chí KCN sinh thái yêu cầu gì?"
    assert (asked_item(question), asked_item_kind(question)) == (5, "tieu chi")
    tail = Document(
        id="b",
        content="4. Dành tối thiểu 25% diện tích đất cho cây xanh.\n"
        "5. Thực hiện ít nhất 01 liên kết cộng sinh công nghiệp;\n   tối thiểu 10% doanh nghiệp tham gia.\n\nSo sánh nhanh.",
    )
    other = Document(id="c", content="1. Bước một của dự án.\n2. Bước hai.\n3. Bước ba.\n4. Bước bốn.\n5. Bước năm.")
    candidates = [
        SentenceCandidate(other, 0, 0, "1. Bước một của dự án.", 0.5, set(), 0.5, 0.9, 0, 22),
        SentenceCandidate(tail, 1, 1, "Thực hiện ít nhất 01 liên kết cộng sinh công nghiệp;", 0.5, set(), 0.5, 0.4, 52, 106),
    ]
    titles = {"b": "Tiêu chí xác định khu công nghiệp sinh thái", "c": "Các bước triển khai dự án"}
    lists = numbered_lists(candidates, lambda d: titles[d.id], "tieu chi")
    assert [document.id for document, _ in lists] == ["b"]  # the steps are no criteria, however well they score
    item = numbered_item(lists, 5)
    assert item.items == ["Thực hiện ít nhất 01 liên kết cộng sinh công nghiệp; tối thiểu 10% doanh nghiệp tham gia."]
    assert item.quote in tail.content
    # The list ends inside its passage at 5: there is no sixth criterion to give.
    assert numbered_item(lists, 6) is None and numbered_list_length(lists) == 5
    # A list that runs to the passage's end may go on in the next one: its length is not known.
    assert numbered_list_length(numbered_lists(candidates, lambda d: titles[d.id], "")[:1]) is None


def test_a_list_item_a_little_over_the_limit_is_shown_whole():
    # The last words of a long item often carry what was asked ("2 KCN ở Quảng Ninh").
    filler = " ".join(["khu"] * 62)
    long = " ".join(["đất"] * 100)
    text = (
        "Các KCN của cụm DEEP C gồm:\n"
        f"- DEEP C Hải Phòng I, II, III: {filler}, và 2 KCN ở Quảng Ninh.\n"
        f"- DEEP C Hải Phòng IV: {long} cuối cùng.\n"
        "- Đình Vũ mở rộng.\n"
    )
    snapshot = tiny_snapshot({"dc": ({"kind": "summary", "title": "Cụm DEEP C"}, text)})
    answer = ask(snapshot, "Cụm DEEP C gồm những KCN nào?", "dc")
    items = [line for line in answer.answer.splitlines() if line.startswith("- ")]
    assert "2 KCN ở Quảng Ninh" in items[0], answer.answer
    assert "cuối cùng" not in items[1] and items[1].endswith("… [1]"), answer.answer


def test_a_list_under_a_heading_the_question_names_answers_it():
    # The partners' line shares more words with the question; the heading says which list is asked.
    text = (
        "History & actors\n"
        "- Origin 1961: surface water from Lake Tissø for a new oil refinery.\n"
        "- Six main partners in the classic description: Asnæs power station, Statoil refinery,\n"
        "Novo Nordisk, Novozymes, Gyproc (plasterboard), plus Kalundborg municipality.\n\n"
        "Classic exchanges\n"
        "- Surplus heat from the power plant heats ~3,500 homes and a fish farm.\n"
        "- Steam from the power plant sold to Novo Nordisk and the refinery.\n"
        "- Fly ash and clinker used for road building and cement.\n"
    )
    texts = {"k": ({"kind": "case-study", "title": "Kalundborg Symbiosis"}, text)}
    question = "What materials and by-products are passed between partners in the classic Kalundborg exchanges?"
    lines = answer_from(texts, question).answer.splitlines()
    assert lines[0] == "The documents list 3 items [1]:"
    assert "Surplus heat" in lines[2] and "Fly ash and clinker" in lines[4]
    # Not every word of the heading in the question ("history"): the best sentences' list answers.
    partners = answer_from(texts, "Who were the main partners and actors in the classic description?").answer
    assert "Surplus heat" not in partners
