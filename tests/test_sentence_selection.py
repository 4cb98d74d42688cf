"""Which sentence an answer leads with (kb/answer/sentence_candidates.py, kb/answer/sentence_selection.py):
the score's parts beside coverage, and the sentence holding the value asked, on tiny indexes (no model)."""

import pytest
from haystack import Document
from tiny_index import retrieved, tiny_snapshot

from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.answer.sentence_candidates import ANSWER_TYPE_SURE, ANSWER_TYPE_TERM, SentenceCandidate
from kb.answer.sentence_selection import choose_sentences


def test_a_place_named_in_a_list_of_others_counts_less_than_one_named_alone(monkeypatch):
    from kb.answer import sentence_candidates as module
    from kb.answer.evidence import EvidenceScorer

    text = (
        "Giai đoạn 2 của dự án GEIPP hỗ trợ các KCN tham gia: Đình Vũ, Hiệp Phước, Amata và Sonadezi.\n\n"
        "Tại Hiệp Phước, dự án GEIPP tổ chức đào tạo RECP và đánh giá RECP tại doanh nghiệp."
    )
    project = tiny_snapshot({"p": ({"kind": "report", "title": "Dự án KCN sinh thái 2014–2023"}, text)})
    question = "Dự án GEIPP hỗ trợ gì tại Hiệp Phước?"
    scorer = EvidenceScorer.for_snapshot(project)
    rows = [row for row, chunk in enumerate(project.chunks) if chunk.doc_id == "p"]

    def scores() -> list[float]:
        phrasings = module.question_phrasings(question, "vi", scorer)
        return [c.score for c in module.sentence_candidates(retrieved(project, rows), scorer, phrasings, question=question)]

    listed, alone = scores()
    monkeypatch.setattr(module, "LISTED_NAME_PENALTY", 0.0)
    listed_before, alone_before = scores()
    assert listed == pytest.approx(listed_before - 0.15) and alone == pytest.approx(alone_before)


def test_a_number_of_the_thing_asked_leads_over_some_number_in_the_same_source():
    def candidate(doc_id, index, text, coverage, score, sure):
        covered = {"diện_tích", ANSWER_TYPE_TERM} | ({ANSWER_TYPE_SURE} if sure else set())
        document = Document(id=f"{doc_id}-0", content=text, meta={"doc_id": doc_id})
        return SentenceCandidate(document, 0, index, text, coverage, covered, 1.0, score, 0, len(text))

    share = candidate("nck", 0, "Trên 40% diện tích đất dành cho cây xanh.", 1.0, 1.27, sure=False)
    area = candidate("nck", 1, "Diện tích quy hoạch 263 ha.", 0.93, 1.26, sure=True)
    assert choose_sentences([share, area])[0] is area
    # Not from another source.
    other = candidate("other", 0, "Diện tích 3.400 ha.", 0.93, 1.26, sure=True)
    assert choose_sentences([share, other])[0] is share
    # Covering the question much less, it still leads when it scores nearly as well (SURE_ALONE_SHARE:
    # "gần 200 đại biểu" before the sentence restating the workshop); not when it scores much less.
    weak = candidate("nck", 1, "Diện tích quy hoạch 263 ha.", 0.6, 1.26, sure=True)
    assert choose_sentences([share, weak])[0] is weak
    weaker = candidate("nck", 1, "Diện tích quy hoạch 263 ha.", 0.6, 1.0, sure=True)
    assert choose_sentences([share, weaker])[0] is share


def test_a_sentence_gains_the_context_of_the_heading_it_sits_under(monkeypatch):
    from kb.answer import sentence_candidates as module
    from kb.answer.sentence_candidates import question_phrasings, sentence_candidates

    text = (
        "A. GIAI ĐOẠN 1 (2014–2019): Dự án triển khai sáng kiến KCN sinh thái, tổng vốn 53 triệu USD.\n"
        "- Khởi động 17/10/2014 tại Hà Nội.\n"
        "- Kết quả: 72 doanh nghiệp áp dụng giải pháp RECP, tiết kiệm trên 6,5 triệu USD/năm."
    )
    snapshot = tiny_snapshot({"vn": ({"kind": "case-study", "title": "Dự án KCN sinh thái"}, text)})
    answerer = ExtractiveAnswerer(snapshot)
    question = "Trong giai đoạn 1 (2014–2019), các doanh nghiệp áp dụng giải pháp RECP tiết kiệm được bao nhiêu tiền?"
    documents = retrieved(snapshot, list(range(len(snapshot.chunks))), dense=0.9)
    phrasings = question_phrasings(question, "vi", answerer.scorer)

    def result_score(share):
        monkeypatch.setattr(module, "SECTION_CONTEXT_SHARE", share)
        candidates = sentence_candidates(documents, answerer.scorer, phrasings, question=question)
        found = next(c for c in candidates if "6,5 triệu" in c.text)
        return found.score, found.coverage

    (without, coverage), (with_heading, same_coverage) = result_score(0.0), result_score(0.3)
    assert with_heading > without
    assert same_coverage == coverage  # the evidence the refusal checks read is the sentence's own


def test_a_sentence_not_restating_the_documents_title_gains_on_one_that_does(monkeypatch):
    # The title's words find the document; the sentence saying what is asked of it ("theo hình thức
    # trực tuyến") gains on the one restating the title, and the evidence read by the refusal checks
    # (its coverage) stays its own.
    from kb.answer import sentence_candidates as module

    text = (
        "Ngày 12 tháng 11 năm 2021, Bộ Kế hoạch và Đầu tư tổ chức Hội thảo giới thiệu mô hình khu công"
        " nghiệp sinh thái tại Việt Nam.\n\n"
        "Hội thảo được tổ chức theo hình thức trực tuyến, với gần 200 đại biểu."
    )
    title = "Hội thảo giới thiệu mô hình khu công nghiệp sinh thái tại Việt Nam, 12/11/2021"
    snapshot = tiny_snapshot({"ws": ({"kind": "workshop", "title": title}, text)})
    question = "Hội thảo giới thiệu mô hình khu công nghiệp sinh thái ngày 12/11/2021 được tổ chức theo hình thức nào?"
    documents = retrieved(snapshot, list(range(len(snapshot.chunks))), dense=0.9)
    answerer = ExtractiveAnswerer(snapshot)
    phrasings = module.question_phrasings(question, "vi", answerer.scorer)

    def scored(share: float) -> tuple[float, float, float]:
        monkeypatch.setattr(module, "TITLE_CONTEXT_SHARE", share)
        candidates = module.sentence_candidates(documents, answerer.scorer, phrasings, question=question)
        restating = next(c for c in candidates if c.text.startswith("Ngày 12"))
        asked = next(c for c in candidates if "trực tuyến" in c.text)
        return asked.score - restating.score, asked.coverage, restating.coverage

    (gap_without, asked_coverage, restating_coverage), (gap_with, *coverages) = scored(0.0), scored(0.5)
    assert gap_with > gap_without + 0.1
    assert coverages == [asked_coverage, restating_coverage]


def test_a_summarys_note_of_what_it_does_not_hold_is_never_the_answer():
    from kb.answer.sentence_candidates import question_phrasings, sentence_candidates

    text = (
        "The framework sets performance categories: park management, environment, social, economic.\n"
        "NOT VERIFIED HERE (do not cite without the full text): numeric thresholds per performance category."
    )
    snapshot = tiny_snapshot({"fw": ({"kind": "summary", "title": "International EIP framework"}, text)})
    answerer = ExtractiveAnswerer(snapshot)
    question = "What numeric thresholds does the framework set for each performance category?"
    documents = retrieved(snapshot, list(range(len(snapshot.chunks))), dense=0.9)
    candidates = sentence_candidates(documents, answerer.scorer, question_phrasings(question, "en", answerer.scorer), question=question)
    note = next(c for c in candidates if c.text.startswith("NOT VERIFIED"))
    other = next(c for c in candidates if c.text.startswith("The framework"))
    assert note.coverage >= other.coverage  # it shares the question's words ...
    assert note.score < other.score  # ... and still is not chosen


def test_a_question_the_summary_says_it_does_not_hold_is_refused():
    text = (
        "The framework sets performance categories: park management, environment, social, economic.\n"
        "NOT VERIFIED HERE (do not cite without the full text): the exact numeric thresholds of the"
        " environmental performance requirements."
    )
    snapshot = tiny_snapshot({"fw": ({"kind": "summary", "title": "International EIP framework"}, text)})
    answer = ExtractiveAnswerer(snapshot).run(
        question="What are the exact numeric thresholds of the environmental performance requirements?",
        language="en",
        documents=retrieved(snapshot, list(range(len(snapshot.chunks))), dense=0.9),
    )["answer"]
    assert answer.refused and "does not hold this" in answer.answer, answer.answer


def test_a_note_nearly_as_close_as_the_best_sentence_decides_the_refusal():
    from kb.answer.disclaimers import disclaimed_reason

    document = Document(id="fw-1", content="", meta={"doc_id": "fw"})
    chapter = SentenceCandidate(document, 0, 0, "Chapter III: Environmental requirements.", 0.40)
    note = SentenceCandidate(document, 0, 1, "NOT VERIFIED HERE: numeric thresholds per category.", 0.385)
    # The note names what is missing ("ngưỡng định lượng"); the chapter only shares topic words.
    assert disclaimed_reason("vi", [chapter, note]).startswith("Nguồn tóm tắt ghi rõ")
    far = SentenceCandidate(document, 0, 1, note.text, 0.2)
    assert disclaimed_reason("vi", [chapter, far]) == ""
    # A relevant note that alone says what is asked ("changes between v1 (2017) and v2.0"), while
    # the closer sentence shares only the topic (the framework's name), decides it too.
    topic = {"international", "framework", "parks"}
    title = SentenceCandidate(document, 0, 0, "An International Framework for Eco-Industrial Parks.", 0.75, topic)
    changes = SentenceCandidate(
        document, 0, 1, "NOT VERIFIED HERE: the changes between v1 (2017) and v2.0.", 0.58, topic | {"changed", "2017"}
    )
    assert disclaimed_reason("en", [title, changes]).startswith("The summary notes")
    # Saying only one asked word more is not enough.
    one = SentenceCandidate(document, 0, 1, changes.text, 0.58, topic | {"changed"})
    assert disclaimed_reason("en", [title, one]) == ""


def test_a_note_listing_the_thing_asked_decides_the_refusal_though_a_year_of_it_is_said_elsewhere():
    from kb.answer.disclaimers import disclaimed_reason

    document = Document(id="fw-1", content="", meta={"doc_id": "fw"})
    # "Phiên bản 2.0 … đã thay đổi những gì so với bản năm 2017?": the dating sentence says 2017 too,
    # so the note alone says one asked word ("changes"), but two of the question's words name one
    # thing it lists as missing.
    dated = SentenceCandidate(document, 0, 0, "First edition dated December 2017; version 2.0 dated 2021.", 0.54, {"version", "2017"})
    note = SentenceCandidate(
        document,
        0,
        1,
        "NOT VERIFIED HERE: the exact list of requirements per category, numeric thresholds, and the changes"
        " between v1 (2017) and v2.0 (2021).",
        0.42,
        {"changes", "2017"},
    )
    reason = disclaimed_reason("vi", [dated, note])
    assert reason.startswith("Nguồn tóm tắt ghi rõ") and "the changes between v1 (2017)" in reason, reason
    # Two years of one listed thing are no asked thing: "bản 2.0 ra đời năm 2017 hay 2021?".
    years = SentenceCandidate(document, 0, 1, note.text, 0.42, {"2017", "2021"})
    assert disclaimed_reason("vi", [dated, years]) == ""
    # Far from the sentence that answers ("có mấy nhóm yêu cầu hiệu suất?"), a note naming a listed
    # thing decides nothing.
    far = SentenceCandidate(document, 0, 1, note.text, 0.18, {"changes", "2017"})
    assert disclaimed_reason("vi", [dated, far]) == ""


def test_a_reason_span_goes_on_into_the_next_passage_when_it_adds_to_it():
    from kb.answer.shaped_answers import reason_span

    def sentences(doc_id: str, texts: list[str]) -> list[SentenceCandidate]:
        content = " ".join(texts)
        document = Document(id=doc_id, content=content, meta={"doc_id": "report"})
        out, start = [], 0
        for index, text in enumerate(texts):
            out.append(SentenceCandidate(document, 0, index, text, 0.5, set(), 0.5, 0.5, start, start + len(text)))
            start += len(text) + 1
        return out

    passage = sentences("report-1", ["Dự án hỗ trợ 90 doanh nghiệp.", "217 giải pháp RECP đã được thực hiện."])
    adds = sentences("report-2", ["Đồng thời, Dự án đề xuất 41 giải pháp cộng sinh, góp phần tái sử dụng chất thải."])
    other = sentences("report-2", ["Hội thảo cũng giới thiệu các bước tiếp theo của dự án."])
    best = passage[1]
    assert [c.text for c in reason_span(best, passage, adds)][-1].startswith("Đồng thời")
    # From the passage's first sentence, through its last, into the next passage.
    assert reason_span(passage[0], passage, adds) == [passage[0], passage[1], adds[0]]
    # Not into a passage that moves on to something else, nor without the next passage read: the span
    # ends on the best sentence (ending its passage, it takes the one before, which led up to it).
    assert reason_span(best, passage, other) == [passage[0], best]
    assert reason_span(best, passage) == [passage[0], best]


def _candidate(doc_id, position, index, text, coverage, covered, score):
    """A sentence of document ``doc_id`` covering ``covered`` (its passage covers as much)."""
    document = Document(content=text, meta={"doc_id": doc_id})
    return SentenceCandidate(document, position, index, text, coverage, covered, coverage, score)


def test_a_typed_answer_brings_no_untyped_sentence_of_another_document():
    framework = _candidate("khung", 0, 0, "Khung quốc tế về quản lý khu công nghiệp.", 0.6, {"khung", "quan ly"}, 0.6)
    named = _candidate("khoi-dong", 1, 0, "Trưởng Ban Quản lý là ông Lê Hoài Quốc.", 0.55, {"quan ly", ANSWER_TYPE_TERM}, 0.55)
    other = _candidate("tong-ket", 2, 0, "Ông Lê Thành Quân phát biểu về khung quốc tế.", 0.5, {"khung", ANSWER_TYPE_TERM}, 0.5)
    chosen = choose_sentences([framework, named, other])
    assert [c.document.meta["doc_id"] for c in chosen] == ["khoi-dong", "tong-ket"]


def test_the_number_of_the_thing_counted_joins_a_best_sentence_without_it():
    from kb.query.answer_types import answer_type_match

    # An English unit counts the Vietnamese noun a source writes; a unit of measure does not.
    assert answer_type_match("cùng gần 50 doanh nghiệp trong và ngoài nước", "quantity", ["companies"]) == 1.0
    assert answer_type_match("gần 3.600 tấn hóa chất", "quantity", ["tonnes"]) == 0.5
    setting = _candidate("khoi-dong", 0, 0, "Trong hai ngày 20 và 21/6/2018 tại Sonadezi Long Thành.", 0.7, {"a", "b", ANSWER_TYPE_TERM}, 0.96)
    sure = {"a", ANSWER_TYPE_TERM, ANSWER_TYPE_SURE}
    counted = _candidate("khoi-dong", 0, 3, "Tại Sonadezi Long Thành, gần 50 doanh nghiệp tham dự.", 0.4, sure, 0.87)
    counted.document = setting.document  # the same passage
    assert [c.index for c in choose_sentences([setting, counted], complete_with_next=False)] == [0, 3]  # it joins


def test_a_sentence_counting_what_is_asked_leads_when_it_scores_nearly_as_well():
    from kb.query.answer_types import answer_type_match

    # "bao nhiêu người dự" is counted in any of the people nouns.
    assert answer_type_match("với sự tham gia của gần 200 đại biểu", "quantity", ["nguoi du"]) == 1.0
    words = " ".join(["Bộ Kế hoạch và Đầu tư phối hợp với UNIDO tổ chức hội thảo giới thiệu mô hình"] * 6)
    dated = _candidate("ws-2021", 0, 0, f"Ngày 12/11/2021 tại Hà Nội, {words}.", 0.94, {"a", "b", ANSWER_TYPE_TERM}, 1.26)
    sure = {"a", ANSWER_TYPE_TERM, ANSWER_TYPE_SURE}
    counted = _candidate("ws-2021", 1, 0, f"Hội thảo có gần 200 đại biểu tham dự, {words}.", 0.59, sure, 1.08)
    assert choose_sentences([dated, counted], complete_with_next=False)[0] is counted


def test_a_name_typed_without_diacritics_counts_only_when_all_its_syllables_are_found():
    from kb.answer import sentence_candidates as module
    from kb.answer.evidence import EvidenceScorer

    assert module.typed_names("Who developed Nam Cau Kien industrial park?") == [("nam", "cau", "kien")]
    assert module.typed_names("Khu công nghiệp Nam Cầu Kiền ở đâu?") == []  # typed with its diacritics
    # "Việt Nam" and "cầu nối" hold two syllables of "Nam Cau Kien" and nothing of the park.
    text = "Việt Nam làm cầu nối cho các bên.\n\nKhu công nghiệp Nam Cầu Kiền có chủ đầu tư Shinec."
    snapshot = tiny_snapshot({"p": ({"kind": "workshop", "title": "Hội thảo"}, text)})
    scorer = EvidenceScorer.for_snapshot(snapshot)
    rows = [row for row, chunk in enumerate(snapshot.chunks) if chunk.doc_id == "p"]
    question = "Who is the investor of Nam Cau Kien?"
    phrasings = module.question_phrasings(question, "en", scorer)
    elsewhere, park = module.sentence_candidates(retrieved(snapshot, rows), scorer, phrasings, question=question)
    assert "nam cau kien" in park.covered and "nam cau kien" not in elsewhere.covered
    assert not {"nam", "cau", "kien"} & elsewhere.covered


def test_two_kinds_asked_at_once_get_a_sentence_for_each_from_the_best_one_s_passage():
    from kb.answer.other_part import asked_kinds, with_other_part

    question = "Khung quốc tế do những tổ chức nào cùng xây dựng, bản đầu tiên và bản 2.0 ra lúc nào?"
    assert [kind for kind, _ in asked_kinds(question)] == ["organisation", "date"]
    assert [kind for kind, _ in asked_kinds("When did the project start and how much did it cost?")] == [
        "date",
        "quantity",
    ]
    assert len(asked_kinds("Dự án bắt đầu khi nào?")) == 1
    who = "- The framework is a product of collaboration between UNIDO, the World Bank Group and GIZ GmbH."
    when = "First edition dated December 2017; version 2.0 dated January 2021."
    later = "A companion handbook describes tools for park managers."
    passage = Document(id="framework-0", content=f"{who} {when} {later}", meta={"doc_id": "framework", "row": 0})
    other = Document(id="report-0", content="x", meta={"doc_id": "report", "row": 1})

    def candidate(document, index, text, score):
        return SentenceCandidate(document, 0, index, text, 0.5, set(), 0.5, score, 0, len(text))

    who_c, when_c, later_c = candidate(passage, 0, who, 0.3), candidate(passage, 1, when, 0.9), candidate(passage, 2, later, 0.2)
    # An organisation named in another document's sentence does not answer for this one.
    elsewhere = candidate(other, 0, "Hội thảo do UNIDO tổ chức ngày 8/11/2018.", 0.5)
    chosen = with_other_part(question, [elsewhere, when_c], [who_c, when_c, later_c, elsewhere])
    assert who_c in chosen and later_c not in chosen
    # One kind asked: nothing added.
    assert with_other_part("Bản 2.0 ra lúc nào?", [when_c], [who_c, when_c, later_c]) == [when_c]


def test_the_same_kind_asked_twice_gets_a_sentence_for_each_ask():
    from kb.answer.other_part import with_other_part

    chair = "Chủ trì Hội thảo Ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các khu kinh tế, đã phát biểu khai mạc."
    unido = "Bà Lê Thanh Thảo, trưởng đại diện UNIDO tại Việt Nam cho biết UNIDO sẵn sàng hỗ trợ."
    other = "Ông Nguyễn Văn A, chuyên gia, trình bày về cộng sinh công nghiệp."
    passage = Document(id="ws-0", content=f"{chair} {unido} {other}", meta={"doc_id": "ws", "row": 0})

    def candidate(index, text, score):
        return SentenceCandidate(passage, 0, index, text, 0.5, set(), 0.5, score, 0, len(text))

    chair_c, unido_c, other_c = candidate(0, chair, 0.4), candidate(1, unido, 0.9), candidate(2, other, 0.3)
    question = "Who chaired the November 2021 workshop in Hanoi, and who spoke for UNIDO?"
    chosen = with_other_part(question, [unido_c], [chair_c, unido_c, other_c])
    assert chosen == [chair_c, unido_c], [c.text for c in chosen]
    assert with_other_part("Ai chủ trì hội thảo, còn ai đại diện UNIDO?", [unido_c], [chair_c, unido_c, other_c]) == [
        chair_c,
        unido_c,
    ]
    # Asked once: nothing added.
    assert with_other_part("Who spoke for UNIDO at the workshop?", [unido_c], [chair_c, unido_c, other_c]) == [unido_c]


def test_a_heading_line_leading_a_sentence_is_not_shown_in_the_answer():
    from kb.answer.citations import display_text

    glued = "FACTS CONFIRMED FROM RETRIEVED FRONT MATTER / PAGES\n- The framework is a product of collaboration."
    assert display_text(glued) == "- The framework is a product of collaboration."
    assert display_text("TIÊU CHÍ XÁC ĐỊNH KCN SINH THÁI") == "TIÊU CHÍ XÁC ĐỊNH KCN SINH THÁI"  # a heading alone stays
    kept = "Korean national EIP programme\n- 2005: South Korea launched a programme."
    assert display_text(kept).startswith("Korean national EIP programme")


def test_a_passage_heading_is_not_quoted_beside_the_answer():
    title = "Đẩy mạnh triển khai mô hình khu công nghiệp sinh thái"
    figure = "Đến nay, Dự án đã hỗ trợ được 90 doanh nghiệp tại 3 khu công nghiệp sinh thái."
    document = Document(id="ws-0", content=f"{title}\n\n{figure}", meta={"doc_id": "ws", "heading": title})
    heading = SentenceCandidate(document, 0, 0, title, 0.5, {"mô_hình", "sinh_thái"}, 1.0, 0.8, 0, len(title))
    answer = SentenceCandidate(document, 0, 1, figure, 0.7, {"doanh_nghiệp", "sinh_thái"}, 1.0, 1.0, 0, 0)
    assert [c.text for c in choose_sentences([heading, answer], complete_with_next=False)] == [figure]
