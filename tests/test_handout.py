"""Conversation handouts for consultants: Markdown and DOCX (kb/handout.py)."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import docx
import pytest
from docx.oxml.ns import qn

from kb.answer.cited_answer import Answer, Citation
from kb.handout import conversation_markdown, status_label, write_handout

GENERATED = datetime(2025, 6, 1, 9, 30, 5)

QUOTE_82 = (
    "Khu công nghiệp sinh thái là khu công nghiệp, trong đó có các doanh nghiệp trong khu công nghiệp "
    "tham gia vào hoạt động sản xuất sạch hơn và sử dụng hiệu quả tài nguyên."
)
QUOTE_WS = "Sau 2 năm, 40 doanh nghiệp tại KCN Hiệp Phước đã áp dụng các giải pháp sản xuất sạch hơn."
QUOTE_EN = "Surplus steam from the power station is supplied to the refinery and the pharmaceutical plant."


def vietnamese_answer() -> Answer:
    return Answer(
        question="Khu công nghiệp sinh thái là gì?",
        answer=f"{QUOTE_82} [1] {QUOTE_WS} [2]",
        refused=False,
        language="vi",
        citations=[
            Citation(
                marker=1,
                doc_id="nd-82-2018",
                title="Nghị định 82/2018/NĐ-CP quy định về quản lý khu công nghiệp và khu kinh tế",
                kind="decree",
                source="corpus/legal/82_2018_ND-CP.pdf",
                locator="Điều 2, khoản 13",
                page=2,
                quote=QUOTE_82,
                provision_path="Chương I › Điều 2 › khoản 13",
                status="replaced-by: 35/2022/NĐ-CP",
            ),
            Citation(
                marker=2,
                doc_id="ws-2019-hiep-phuoc",
                title="Hội thảo tổng kết dự án KCN sinh thái tại Hiệp Phước",
                kind="workshop",
                source="corpus/workshops/2019_hiep_phuoc.txt",
                locator="Kết quả",
                page=None,
                quote=QUOTE_WS,
                status="n/a",
                reliability="Tin bài hội thảo; số liệu do dự án công bố.",
            ),
        ],
        notes=["Lưu ý: Nghị định 82/2018/NĐ-CP [1] đã được thay thế bởi Nghị định 35/2022/NĐ-CP."],
    )


def english_answer() -> Answer:
    return Answer(
        question="What did Kalundborg exchange between companies?",
        answer=f"{QUOTE_EN} [1]",
        refused=False,
        language="en",
        citations=[
            Citation(
                marker=1,
                doc_id="cs-kalundborg",
                title="Kalundborg Symbiosis",
                kind="case-study",
                source="corpus/factsheets/kalundborg.md",
                locator="Exchanges",
                page=None,
                quote=QUOTE_EN,
                status="n/a",
            )
        ],
    )


def test_status_labels():
    assert status_label("replaced-by: 35/2022/NĐ-CP").startswith("đã được thay thế bởi 35/2022/NĐ-CP")
    assert status_label("in-force") == "đang có hiệu lực (in force)"
    assert status_label("n/a") == ""


def test_markdown_has_every_question_answer_source_and_quote():
    answers = [vietnamese_answer(), english_answer()]
    text = conversation_markdown("Hội thảo KCNST", answers, generated=GENERATED)
    assert text.startswith("# Hội thảo KCNST\n")
    assert "2025-06-01 09:30" in text
    for label in ("Câu hỏi 1 (Question 1)", "Câu hỏi 2 (Question 2)", "Trả lời (Answer)", "Nguồn (Sources)"):
        assert label in text
    for answer in answers:
        assert answer.question in text
        assert answer.answer in text  # markers kept
        for citation in answer.citations:
            assert f"> {citation.quote}\n" in text  # the verbatim quote, as a blockquote
            assert f"**[{citation.marker}]** {citation.title}" in text
            assert citation.source in text
    assert "Chương I › Điều 2 › khoản 13, tr. 2" in text
    assert "đã được thay thế bởi 35/2022/NĐ-CP" in text
    assert "Nghiên cứu điển hình (case-study)" in text
    assert "Tin bài hội thảo; số liệu do dự án công bố." in text
    assert answers[0].notes[0] in text


def test_markdown_keeps_document_text_from_breaking_the_layout():
    answer = english_answer()
    answer.citations[0].quote = "# Not a heading\n- not a list\n1. not a list either"
    text = conversation_markdown("T", [answer], generated=GENERATED)
    lines = text.splitlines()
    assert "  > \\# Not a heading" in lines
    assert "  > \\- not a list" in lines
    assert "  > 1\\. not a list either" in lines
    assert not any(line.startswith("# Not") for line in lines)


def test_write_handout(tmp_path):
    answers = [vietnamese_answer(), english_answer()]
    # Decomposed (NFD) input must come out composed (NFC).
    answers[0].question = unicodedata.normalize("NFD", answers[0].question)
    md_path, docx_path = write_handout(answers, tmp_path / "out", title="Hội thảo KCNST", generated=GENERATED)

    assert md_path == tmp_path / "out" / "handout-20250601-093005.md"
    assert docx_path == tmp_path / "out" / "handout-20250601-093005.docx"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        docx_path.name,
        md_path.name,
    ]  # no temp files

    markdown = md_path.read_text(encoding="utf-8")
    assert "Khu công nghiệp sinh thái là gì?" in markdown
    assert unicodedata.is_normalized("NFC", markdown)

    document = docx.Document(str(docx_path))
    assert document.core_properties.title == "Hội thảo KCNST"
    paragraphs = [p.text for p in document.paragraphs]
    body = "\n".join(paragraphs)
    assert unicodedata.is_normalized("NFC", body)
    assert any("Khu công nghiệp sinh thái là gì?" in p for p in paragraphs)
    assert any("What did Kalundborg exchange between companies?" in p for p in paragraphs)
    for answer in [vietnamese_answer(), english_answer()]:
        assert answer.answer in paragraphs
        for citation in answer.citations:
            assert citation.quote in paragraphs
            assert any(p.startswith(citation.title) and citation.source in p for p in paragraphs)
    assert "đã được thay thế bởi 35/2022/NĐ-CP" in body

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Câu hỏi 1 (Question 1): Khu công nghiệp sinh thái là gì?"
    quotes = [p for p in document.paragraphs if p.text in (QUOTE_82, QUOTE_WS, QUOTE_EN)]
    assert len(quotes) == 3
    assert all(run.italic for p in quotes for run in p.runs)
    assert all(p.paragraph_format.left_indent for p in quotes)

    # Sources are a numbered list whose numbers are the answer's markers: "[1]", "[2]", then "[1]".
    numbering = document.part.numbering_part.element
    starts = []
    for paragraph in document.paragraphs:
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if num_pr is None or not paragraph.text.startswith(("Nghị định", "Hội thảo", "Kalundborg")):
            continue
        num = numbering.num_having_numId(num_pr.numId.val)
        starts.append(int(num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val"))))
    assert starts == [1, 2, 1]
    assert any(lvl.get(qn("w:val")) == "[%1]" for lvl in numbering.iter(qn("w:lvlText"))), (
        "source numbers are shown as [n]"
    )


def test_write_handout_default_stem_and_overwrite(tmp_path):
    first = write_handout([english_answer()], tmp_path, stem="workshop")
    second = write_handout([vietnamese_answer()], tmp_path, stem="workshop")
    assert first == second == (tmp_path / "workshop.md", tmp_path / "workshop.docx")
    assert "Khu công nghiệp sinh thái là gì?" in second[0].read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["workshop.docx", "workshop.md"]

    md_path, _ = write_handout([english_answer()], tmp_path / "default")
    assert md_path.name.startswith("handout-") and md_path.suffix == ".md"
    assert "Tài liệu hội thảo KCN sinh thái" in md_path.read_text(encoding="utf-8")


def test_write_handout_rejects_a_path_as_stem(tmp_path):
    with pytest.raises(ValueError):
        write_handout([english_answer()], tmp_path, stem="../escape")
