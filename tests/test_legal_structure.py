"""Legal structure parsing (Phần/Chương/Mục/Điều/khoản/điểm) and legal chunking."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from legal_fixtures import DECREE, SENTENCE, decree_pdf

from ingest.chunk import PROVISION_KEYS, Chunk, count_words, split_source_header
from ingest.legal_chunker import chunk_legal_document
from ingest.legal_structure import LEVELS, POINT_LETTERS, LegalDocument, parse_legal_text
from kb.text.normalize import normalize_text

REAL_ARTICLES = ["1", "2", "9", "37", "38"]


@pytest.fixture(scope="module")
def decree() -> LegalDocument:
    return parse_legal_text(DECREE)


# -- helpers ----------------------------------------------------------------------------------------


def check_tree(doc: LegalDocument) -> None:
    """Spans are exact and nested, kinds and numbers are well-formed."""
    text = doc.text
    if doc.preamble is not None:
        assert doc.preamble.text == text[doc.preamble.start : doc.preamble.end]
        for node in doc.children:
            assert doc.preamble.end <= node.start
    previous_end = -1
    for node in doc.children:
        assert node.start >= previous_end
        previous_end = node.end
    for node in doc.walk():
        assert 0 <= node.start <= node.heading_end <= node.end <= len(text)
        assert node.text == text[node.start : node.end]
        assert set(node.provision) <= set(PROVISION_KEYS)
        kinds = [n.kind for n in [*node.ancestors(), node]]
        levels = [LEVELS[k] for k in kinds]
        assert levels == sorted(levels) and len(set(levels)) == len(levels), kinds
        if node.kind == "clause":
            assert node.parent is not None and node.parent.kind == "article"
            assert node.number.isdigit()
        if node.kind == "point":
            assert node.parent is not None and node.parent.kind in ("article", "clause")
            assert node.number in POINT_LETTERS
        if node.kind == "article":
            assert re.fullmatch(r"\d+[a-zđ]?", node.number)
        child_end = node.heading_end
        for child in node.children:
            assert child.parent is node
            assert child_end <= child.start and child.end <= node.end
            child_end = child.end


def check_chunks(chunks: list[Chunk], text: str) -> None:
    for chunk in chunks:
        body = text[chunk.start : chunk.end]
        assert body.strip()
        assert chunk.text == body or chunk.text == f"{chunk.heading}\n{body}"
        assert set(chunk.provision) <= set(PROVISION_KEYS)
        assert chunk.locator
        if "\f" in text:
            assert chunk.page == text.count("\f", 0, chunk.start) + 1
        else:
            assert chunk.page is None


def article_chunks(doc: LegalDocument, article: str, *, max_words: int) -> list[Chunk]:
    return [
        c
        for c in chunk_legal_document(doc, DECREE, max_words=max_words)
        if c.provision.get("article") == article
    ]


# -- the decree-like text --------------------------------------------------------------------------------


def test_decree_articles_and_references(decree: LegalDocument) -> None:
    assert [a.number for a in decree.articles] == REAL_ARTICLES
    check_tree(decree)
    # "Điều 15 Luật Đầu tư;" at a line start is a wrapped reference, kept in clause 1 of Điều 9.
    clause = decree.find("9", "1")
    assert clause is not None
    assert "Điều 15 Luật Đầu tư; các doanh nghiệp khác" in clause.text
    # "Điều 2, 36, 37 …" and "Điều 37 Nghị định này" are references inside Điều 2.
    assert "Điều 2, 36, 37 và 38" in decree.find("2", "2").text
    # "theo quy định tại\nĐiều 9. Trường hợp khác" goes backwards mid-sentence: not an article.
    last = decree.find("38", "2")
    assert last is not None and last.text.endswith("hướng dẫn của Bộ Kế hoạch và Đầu tư.")


def test_decree_preamble_and_header(decree: LegalDocument) -> None:
    assert decree.preamble is not None
    assert decree.preamble.text.startswith("CHÍNH PHỦ")
    assert decree.preamble.text.endswith("quản lý khu công nghiệp và khu kinh tế.")
    assert "Căn cứ Luật Đầu tư" in decree.preamble.text
    assert decree.header is not None and decree.header.number == "35/2022/NĐ-CP"


def test_decree_chapters(decree: LegalDocument) -> None:
    chapters = [n for n in decree.children if n.kind == "chapter"]
    assert [(c.number, c.title) for c in chapters] == [
        ("I", "QUY ĐỊNH CHUNG"),
        ("II", "ĐIỀU KIỆN ĐẦU TƯ HẠ TẦNG KHU CÔNG NGHIỆP"),
        ("V", "MỘT SỐ LOẠI HÌNH KHU CÔNG NGHIỆP"),
    ]
    article = decree.find(37)
    assert article is not None
    assert article.path == ["Chương V", "Điều 37"]
    assert article.provision == {"chapter": "V", "article": "37"}


def test_article_heading_forms_and_wrapped_title(decree: LegalDocument) -> None:
    nine = decree.find("9")
    assert nine is not None and nine.title == "Điều kiện đầu tư hạ tầng khu công nghiệp"
    assert nine.heading == "Điều 9: Điều kiện đầu tư hạ tầng khu công nghiệp"
    article = decree.find("37")
    assert article is not None
    assert article.title == "Tiêu chí xác định khu công nghiệp sinh thái và doanh nghiệp sinh thái"
    assert article.heading == "Điều 37. Tiêu chí xác định khu công nghiệp sinh thái và doanh nghiệp sinh thái"


def test_clauses_and_points(decree: LegalDocument) -> None:
    article = decree.find("37")
    assert article is not None
    assert [c.number for c in article.children] == ["1", "2", "3", "4", "5", "6"]
    clause = decree.find("37", "1")
    assert clause is not None
    assert [p.number for p in clause.children] == ["a", "b", "c", "d", "đ"]
    point = decree.find("37", "1", "đ")
    assert point is not None
    assert point.text == "đ) Thực hiện trách nhiệm xã hội đối với cộng đồng xung quanh."
    assert point.path == ["Chương V", "Điều 37", "khoản 1", "điểm đ"]
    assert point.provision == {"chapter": "V", "article": "37", "clause": "1", "point": "đ"}
    assert decree.find("37", "9") is None
    assert decree.find("99") is None
    assert decree.find("37", "1", "x") is None


def test_wrapped_clause_lines(decree: LegalDocument) -> None:
    first = decree.find("2", "1")
    assert first is not None
    assert first.text == (
        "1. Khu công nghiệp là khu vực có ranh giới địa lý xác định, chuyên sản xuất hàng công\n"
        "nghiệp và cung ứng dịch vụ cho sản xuất công nghiệp."
    )
    # A wrapped line starting with a year is not a clause.
    nine = decree.find("9")
    assert nine is not None
    assert [c.number for c in nine.children] == ["1", "2", "3"]
    assert "2018 phải hoàn thành" in nine.children[1].text


def test_colon_and_dot_article_forms() -> None:
    for punct in (".", ":"):
        doc = parse_legal_text(f"Điều 9{punct} Điều kiện đầu tư\n1. Phù hợp quy hoạch.\n2. Có quỹ đất.")
        assert [a.number for a in doc.articles] == ["9"]
        assert doc.find("9", "2") is not None


def test_article_title_wrapped_before_a_capitalised_word() -> None:
    text = (
        "Điều 45. Trách nhiệm của Bộ Kế hoạch và\nĐầu tư\n"
        "1. Hướng dẫn xây dựng khu công nghiệp sinh thái.\n"
        "Điều 46. Trách nhiệm của Ủy ban nhân dân cấp tỉnh\n"
        "Ủy ban nhân dân cấp tỉnh chỉ đạo Ban quản lý.\n"
    )
    doc = parse_legal_text(text)
    assert [(a.number, a.title) for a in doc.articles] == [
        ("45", "Trách nhiệm của Bộ Kế hoạch và Đầu tư"),
        ("46", "Trách nhiệm của Ủy ban nhân dân cấp tỉnh"),
    ]
    assert doc.find("46").text.endswith("chỉ đạo Ban quản lý.")


def test_law_with_chapters() -> None:
    text = (
        "QUỐC HỘI\n--------\nLuật số: 72/2020/QH14\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nLUẬT\nBẢO VỆ MÔI TRƯỜNG\n\n"
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
        "Quốc hội ban hành Luật Bảo vệ môi trường.\n\n"
        "Chương I\nNHỮNG QUY ĐỊNH CHUNG\n\n"
        "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về hoạt động bảo vệ môi trường.\n\n"
        "Điều 2. Đối tượng áp dụng\nLuật này áp dụng đối với cơ quan, tổ chức, cộng đồng dân cư.\n"
    )
    doc = parse_legal_text(text)
    check_tree(doc)
    assert doc.header is not None and doc.header.label == "Luật Bảo vệ môi trường 72/2020/QH14"
    assert [a.number for a in doc.articles] == ["1", "2"]
    assert doc.preamble is not None and doc.preamble.text.endswith("Luật Bảo vệ môi trường.")


def test_not_articles() -> None:
    text = (
        "Điều 1. Phạm vi\n"
        "Nội dung theo Điều 9 và quy định tại\n"
        "Điều 9 Nghị định số 35/2022/NĐ-CP.\n"
        "Văn bản hướng dẫn tại\n"
        "Điều 2, 36, 37 của Nghị định.\n"
        "Theo điểm e khoản 2\n"
        "Điều 15 Luật Đầu tư; các doanh nghiệp khác.\n"
    )
    doc = parse_legal_text(text)
    assert [a.number for a in doc.articles] == ["1"]


def test_parts_sections_and_arabic_chapters() -> None:
    text = (
        "Phần thứ nhất\nNHỮNG QUY ĐỊNH CHUNG\n"
        "Chương 1\nQUY ĐỊNH CHUNG\n"
        "Mục 1. PHẠM VI\n"
        "Điều 1. Phạm vi điều chỉnh\nVăn bản này quy định.\n"
        "Mục 2\nĐỐI TƯỢNG\n"
        "Điều 2. Đối tượng áp dụng\n1) Cơ quan nhà nước.\n2) Doanh nghiệp:\n"
        "a. Doanh nghiệp nhỏ;\nb. Doanh nghiệp vừa.\n"
    )
    doc = parse_legal_text(text)
    check_tree(doc)
    point = doc.find("2", "2", "b")
    assert point is not None
    assert point.path == ["Phần thứ nhất", "Chương 1", "Mục 2", "Điều 2", "khoản 2", "điểm b"]
    assert point.provision == {
        "part": "thứ nhất", "chapter": "1", "section": "2", "article": "2", "clause": "2", "point": "b"
    }  # fmt: skip
    section = doc.find("1")
    assert section is not None and section.parent is not None and section.parent.title == "PHẠM VI"


def test_prose_has_no_articles() -> None:
    doc = parse_legal_text("Khu công nghiệp sinh thái là mô hình mới.\n\nTheo Điều 37 Nghị định số 35.")
    assert doc.articles == []
    assert doc.preamble is not None and doc.preamble.text.startswith("Khu công nghiệp")
    assert parse_legal_text("").articles == []


# -- chunking -----------------------------------------------------------------------------------------


def test_short_articles_are_one_chunk(decree: LegalDocument) -> None:
    chunks = chunk_legal_document(decree, DECREE)
    check_chunks(chunks, DECREE)
    assert chunks[0].locator == "Phần mở đầu"
    assert chunks[0].provision == {}
    assert chunks[0].text.startswith("CHÍNH PHỦ")
    by_locator = {c.locator: c for c in chunks}
    nine = by_locator["Điều 9"]
    assert nine.text == decree.find("9").text
    assert nine.provision == {"chapter": "II", "article": "9"}
    assert nine.section_path == ["Chương II", "Điều 9"]
    assert nine.heading == "Điều 9: Điều kiện đầu tư hạ tầng khu công nghiệp"
    # Chapter headings alone are not chunks.
    assert not any(c.locator.startswith("Chương") for c in chunks)


def test_long_article_splits_by_clause_with_heading(decree: LegalDocument) -> None:
    article = decree.find("37")
    assert article is not None and count_words(article.text) > 150
    chunks = article_chunks(decree, "37", max_words=150)
    check_chunks(chunks, DECREE)
    assert len(chunks) > 1
    heading = article.heading
    for chunk in chunks:
        assert chunk.text.startswith(heading) or chunk.text.startswith("Điều 37. Tiêu chí")
        assert chunk.heading == heading
        assert count_words(chunk.text) <= 150
    first = chunks[0]
    assert first.start == article.start and first.text == DECREE[first.start : first.end]
    assert first.provision == {"chapter": "V", "article": "37", "clause": "1"}
    assert first.locator == "Điều 37, khoản 1"
    second = chunks[1]
    assert second.text == heading + "\n" + DECREE[second.start : second.end]
    assert second.section_path == ["Chương V", "Điều 37", "khoản 2"]
    assert second.locator == "Điều 37, khoản 2"
    # Bodies follow each other and cover the whole article.
    bodies = "".join(DECREE[c.start : c.end] for c in chunks)
    assert bodies.replace("\n", "") == article.text.replace("\n", "")


def test_clause_groups_use_ranges(decree: LegalDocument) -> None:
    chunks = article_chunks(decree, "37", max_words=280)
    check_chunks(chunks, DECREE)
    clauses = [c.provision.get("clause") for c in chunks]
    assert any(value and "-" in value for value in clauses), clauses
    grouped = next(c for c in chunks if "-" in c.provision.get("clause", ""))
    first, last = grouped.provision["clause"].split("-")
    assert grouped.locator == f"Điều 37, khoản {first}–{last}"
    assert DECREE[grouped.start :].startswith(f"{first}. ") or grouped.start == decree.find("37").start


def test_huge_clause_splits_by_points_then_sentences() -> None:
    points = "\n".join(f"{letter}) " + " ".join([SENTENCE] * 2) for letter in "abcd")
    text = f"Điều 5. Yêu cầu\n1. Các yêu cầu sau đây:\n{points}\n2. " + " ".join([SENTENCE] * 12)
    doc = parse_legal_text(text)
    chunks = chunk_legal_document(doc, text, max_words=90)
    check_chunks(chunks, text)
    provisions = [c.provision for c in chunks]
    assert any(p.get("point") for p in provisions)
    point_chunk = next(c for c in chunks if c.provision.get("point"))
    assert point_chunk.provision["clause"] == "1"
    assert point_chunk.locator.startswith("Điều 5, khoản 1, điểm ")
    sentence_chunks = [c for c in chunks if c.provision.get("clause") == "2"]
    assert len(sentence_chunks) >= 2
    for chunk in chunks:
        assert count_words(chunk.text) <= 90
        assert chunk.text.startswith("Điều 5. Yêu cầu")
    # The heading is never a chunk of its own: it opens the first piece.
    assert chunks[0].start == doc.find("5").start
    assert chunks[0].locator == "Điều 5, khoản 1, điểm a"
    assert chunks[0].text.startswith("Điều 5. Yêu cầu\n1. Các yêu cầu sau đây:\na) ")


# -- shared legal excerpts --------------------------------------------------------------------------------


def _excerpt(shared_dir: Path, pattern: str) -> str:
    files = sorted((shared_dir / "corpus" / "legal-excerpts").glob(pattern))
    if not files:
        pytest.skip(f"no {pattern} in {shared_dir}")
    return normalize_text(files[0].read_text(encoding="utf-8"))


def test_circular_excerpt(shared_dir: Path) -> None:
    _, body, _ = split_source_header(_excerpt(shared_dir, "02_*.txt"))
    doc = parse_legal_text(body)
    check_tree(doc)
    assert doc.header is not None and doc.header.number == "05/2025/TT-BKHĐT"
    assert doc.preamble is not None
    assert doc.preamble.text.startswith("BỘ KẾ HOẠCH VÀ ĐẦU TƯ")
    assert "Căn cứ Nghị định số 35/2022/NĐ-CP" in doc.preamble.text
    chapter = doc.children[0]
    assert (chapter.kind, chapter.number, chapter.title) == ("chapter", "I", "QUY ĐỊNH CHUNG")
    article = doc.find("1")
    assert article is not None
    assert article.heading == "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng"
    clause = doc.find("1", "1")
    assert clause is not None
    assert clause.text.startswith("1. Phạm vi điều chỉnh")
    assert "Thông tư này quy định chi tiết việc xây dựng khu công nghiệp sinh thái" in clause.text
    assert clause.path == ["Chương I", "Điều 1", "khoản 1"]
    chunks = chunk_legal_document(doc, body)
    check_chunks(chunks, body)
    assert [c.locator for c in chunks][:2] == ["Phần mở đầu", "Điều 1"]


def test_compilation_banners(shared_dir: Path) -> None:
    text = _excerpt(shared_dir, "01_*.txt")
    doc = parse_legal_text(text)
    check_tree(doc)
    numbers = [a.number for a in doc.articles]
    # Banner articles are kept in document order, not numeric order.
    assert numbers[:3] == ["6", "9", "4"]
    assert {"38", "2", "51"} <= set(numbers)
    assert all(a.banner for a in doc.articles)
    six = doc.find("6")
    assert six is not None and six.note == "(khoản 1)" and six.title.startswith("Loại hình khu công nghiệp")
    nine = doc.find("9")
    assert nine is not None
    assert [c.number for c in nine.children] == [str(n) for n in range(1, 9)]
    clause = doc.find("9", "3")
    assert clause is not None and clause.text.startswith("(3) Khu công nghiệp thu hút các dự án đầu tư")
    assert doc.find("9", "8").text.startswith("(8) Việc đầu tư hạ tầng khu công nghiệp mở rộng")
    # Inside the "ĐIỀU 2 khoản 22–25" banner, "Điều 2. Giải thích từ ngữ" is text and 22.–25. are clauses.
    two = doc.find("2")
    assert two is not None and "Điều 2. Giải thích từ ngữ" in two.text
    assert [c.number for c in two.children] == ["22", "23", "24", "25"]
    assert doc.find("2", "22").text.startswith("22. Tỷ lệ lấp đầy của khu công nghiệp")
    # The appended example is a block, not part of Điều 51.
    fifty_one = doc.find("51")
    assert fifty_one is not None and "VÍ DỤ ÁP DỤNG" not in fifty_one.text
    assert fifty_one.text.rstrip().endswith("khu kinh tế.")
    chunks = chunk_legal_document(doc, text)
    check_chunks(chunks, text)
    nine_chunks = [c for c in chunks if c.provision.get("article") == "9"]
    assert len(nine_chunks) > 1
    assert all(c.text.startswith("ĐIỀU 9 — Điều kiện đầu tư hạ tầng khu công nghiệp") for c in nine_chunks)
    assert all(count_words(c.text) <= 350 for c in nine_chunks)


def test_indicator_list_has_no_articles(shared_dir: Path) -> None:
    doc = parse_legal_text(_excerpt(shared_dir, "03_*.txt"))
    check_tree(doc)
    assert doc.articles == []
    assert doc.header is None


# -- a generated multi-page PDF ------------------------------------------------------------------------


def test_pdf_page_numbers(unicode_font: Path) -> None:
    from pypdf import PdfReader

    data, expected = decree_pdf(unicode_font)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    text = normalize_text("\f".join(page.extract_text() for page in reader.pages))
    doc = parse_legal_text(text)
    check_tree(doc)
    assert [a.number for a in doc.articles] == REAL_ARTICLES
    assert {a.number: a.page for a in doc.articles} == expected
    assert len(set(expected.values())) > 1
    point = doc.find("37", "1", "đ")
    assert point is not None and point.text.startswith("đ) Thực hiện trách nhiệm xã hội")
    chunks = chunk_legal_document(doc, text, max_words=150)
    check_chunks(chunks, text)
    for chunk in chunks:
        if chunk.provision.get("article") and "clause" not in chunk.provision:
            assert chunk.page == expected[chunk.provision["article"]]


# -- properties ----------------------------------------------------------------------------------------------

_FRAGMENTS = [
    "Điều 1.",
    "Điều 2:",
    "Điều 3 Tiêu đề",
    "Điều 9 Luật Đầu tư;",
    "ĐIỀU 4 —",
    "ĐIỀU 7.",
    "Điều",
    "theo Điều 9",
    "khoản 2",
    "điểm a",
    "1.",
    "2.",
    "3)",
    "(1)",
    "(2)",
    "a)",
    "b)",
    "đ)",
    "a.",
    "Chương I",
    "Chương V",
    "CHƯƠNG 2",
    "Mục 1",
    "Phần thứ nhất",
    "QUY ĐỊNH CHUNG",
    "Căn cứ",
    "Số: 35/2022/NĐ-CP",
    "2018",
    "=========",
    "Khu công nghiệp",
    "sinh thái.",
    "",
    "-",
]
_SEPARATORS = ["\n", " ", "\n\n", "\f", "\n\f", ""]


@st.composite
def legal_like_text(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(st.sampled_from(_FRAGMENTS), st.text(alphabet="aăbĐđ19.:)( \n\fIVX-—", max_size=8)),
            max_size=40,
        )
    )
    separators = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, separators, strict=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(legal_like_text(), st.text(max_size=300)), max_words=st.integers(3, 60))
def test_parser_and_chunker_never_crash(text: str, max_words: int) -> None:
    doc = parse_legal_text(text)
    check_tree(doc)
    for node in doc.walk():
        found = doc.find(node.number) if node.kind == "article" else None
        assert node.kind != "article" or found is not None
    chunks = chunk_legal_document(doc, text, max_words=max_words)
    check_chunks(chunks, text)
    previous = -1
    for chunk in chunks:
        assert chunk.start >= previous
        previous = chunk.end


@settings(max_examples=60, deadline=None)
@given(text=legal_like_text())
def test_parsing_is_deterministic(text: str) -> None:
    first = [(n.kind, n.number, n.start, n.end) for n in parse_legal_text(text).walk()]
    second = [(n.kind, n.number, n.start, n.end) for n in parse_legal_text(text).walk()]
    assert first == second
