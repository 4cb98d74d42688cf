"""A founding or an approval is dated by a clause stating it; English questions' names must be in
the passages read (no model)."""

from tiny_index import retrieved, tiny_snapshot

from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.query.names import english_question_names

NAM_CAU_KIEN = (
    "Chủ đầu tư KCN Nam Cầu Kiền là Công ty Cổ phần Shinec (thành lập 2001). "
    "Khởi động dự án ngày 17/10/2014 tại Hà Nội; được Thủ tướng phê duyệt; "
    "tổng vốn khoảng 53 triệu USD."
)
GEIPP = "Chương trình khu công nghiệp sinh thái toàn cầu được phê duyệt và triển khai từ tháng 5/2020."
ULSAN = (
    "In 2005 South Korea launched a national eco-industrial park programme; regional EIP centres such as "
    "the Ulsan EIP Center act as facilitators. The Hyosung steam network saves fuel."
)


def _ask(question: str, language: str = "vi", *more: tuple[str, str]):
    documents = {
        "nck": ({"kind": "case-study", "title": "KCN Nam Cầu Kiền"}, NAM_CAU_KIEN),
        "ulsan": ({"kind": "case-study", "title": "Ulsan eco-industrial park"}, ULSAN),
    }
    snapshot = tiny_snapshot({**documents, **{doc_id: ({"kind": "report"}, text) for doc_id, text in more}})
    rows = list(range(len(snapshot.chunks)))
    answerer = ExtractiveAnswerer(snapshot)
    return answerer.run(question=question, language=language, documents=retrieved(snapshot, rows, dense=0.9))["answer"]


def test_a_founding_is_dated_by_a_clause_that_states_it():
    own = _ask("Công ty Cổ phần Shinec được thành lập vào năm nào?")
    assert not own.refused and "2001" in own.answer, own.answer
    # The Ulsan document dates a programme, not the centre; Shinec's founding is another company's.
    centre = _ask("In what year was the Ulsan EIP Center established?", "en")
    assert centre.refused and "do not date the founding" in centre.answer, centre.answer


def test_an_approval_is_dated_only_in_the_clause_that_states_it():
    # "Khởi động 17/10/2014 …; được Thủ tướng phê duyệt; …": the date is the kick-off's.
    project = _ask("Thủ tướng phê duyệt dự án khu công nghiệp sinh thái vào ngày nào?")
    assert project.refused and "không nêu thời điểm phê duyệt" in project.answer, project.answer
    asked = "Chương trình khu công nghiệp sinh thái toàn cầu được phê duyệt từ khi nào?"
    programme = _ask(asked, "vi", ("geipp", GEIPP))
    assert not programme.refused and "5/2020" in programme.answer, programme.answer


def test_the_names_of_an_english_question():
    assert english_question_names("In what year did the Gyproc plant join the Kalundborg symbiosis?") == [
        "Gyproc",
        "Kalundborg",
    ]
    # Months, countries, offices and peoples are no names; a compound keeps its name; a quoted
    # title is the sources' own wording; a possessive is its name.
    assert english_question_names(
        "Who was General Director of Korea's SECO-funded 'Applying the model' project in June 2018, said the Belgian?"
    ) == ["SECO"]
    assert english_question_names("What does the Ellen MacArthur Foundation report?") == ["Ellen MacArthur Foundation"]


def test_an_english_question_about_a_name_the_passages_never_mention_is_refused():
    missing = _ask("In what year did the Gyproc plant join the Ulsan steam network?", "en")
    assert missing.refused and "do not mention: “Gyproc”" in missing.answer, missing.answer
    # A name of several words is mentioned when each of its words is.
    present = _ask("How does the Hyosung Ulsan steam network save fuel?", "en")
    assert not present.refused, present.answer
