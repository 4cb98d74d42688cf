"""Sentence-aware prose chunking, headings, pages and source headers."""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.chunk import Chunk, count_words
from ingest.prose_chunker import chunk_prose, sentence_spans, split_source_header, split_span
from kb.text.normalize import normalize_text

SENTENCE = (
    "Khu công nghiệp sinh thái giúp doanh nghiệp sử dụng hiệu quả tài nguyên, "
    "giảm phát thải và hợp tác cộng sinh công nghiệp."
)  # 24 words


def paragraph(sentences: int, tag: str = "") -> str:
    return " ".join(f"{tag}{SENTENCE}" for _ in range(sentences))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def content_words(chunk: Chunk) -> int:
    """Words of a chunk without its heading lines: those that open it, and a Markdown heading left
    with no text of its own at the end of a document, which joins the chunk before it."""
    lines = chunk.text.split("\n")
    while lines and (lines[0].startswith("#") or lines[0].strip() in ("", *chunk.section_path)):
        lines.pop(0)
    return count_words("\n".join(line for line in lines if not line.startswith("#")))


def check_chunks(text: str, chunks: list[Chunk], *, max_words: int) -> None:
    """Exact slices, in order, no page crossing, nothing lost, sizes within the tail limit."""
    _, body, offset = split_source_header(text)
    previous = offset
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.text.strip() == chunk.text
        assert "\f" not in chunk.text
        assert chunk.start >= previous
        previous = chunk.end
        assert content_words(chunk) <= max_words * 1.2
        assert chunk.provision == {}
        if "\f" in text:
            assert chunk.page == text.count("\f", 0, chunk.start) + 1
            assert chunk.locator == f"tr. {chunk.page}"
        else:
            assert chunk.page is None
            assert chunk.locator == (chunk.heading or "")
        if chunk.section_path:
            assert chunk.heading == chunk.section_path[-1]
    assert squash("".join(c.text for c in chunks)) == squash(body)


def segments(chunks: list[Chunk]) -> list[list[Chunk]]:
    return [list(group) for _, group in groupby(chunks, key=lambda c: (c.page, tuple(c.section_path)))]


# -- sentences ------------------------------------------------------------------------------------


def test_abbreviations_dates_and_decimals_do_not_split() -> None:
    text = (
        "Hội thảo tại Tp.HCM ngày 21/6 năm 2018. Trưởng ban PGS.TS Lê Hoài Quốc phát biểu. "
        "Tỷ lệ lấp đầy đạt 32,86% tại TP.HCM. TS.Hoài Quốc cho biết thêm."
    )
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Hội thảo tại Tp.HCM ngày 21/6 năm 2018.",
        "Trưởng ban PGS.TS Lê Hoài Quốc phát biểu.",
        "Tỷ lệ lấp đầy đạt 32,86% tại TP.HCM.",
        "TS.Hoài Quốc cho biết thêm.",
    ]


def test_urls_and_closing_brackets_stay_with_their_sentence() -> None:
    text = (
        "Theo vncpc.org và http://www.symbiosis.dk/en/. (Ghi chú: số liệu 2015.) Anh nói: “Xin chào.” Rồi đi."
    )
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == [
        "Theo vncpc.org và http://www.symbiosis.dk/en/.",
        "(Ghi chú: số liệu 2015.)",
        "Anh nói: “Xin chào.”",
        "Rồi đi.",
    ]


def test_no_sentence_ends_at_an_abbreviation_a_number_follows() -> None:
    text = "UNIDO Project No. 100052, funded by SECO. See Fig. 3 below. It ended in 2018. 2019 was better."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "UNIDO Project No. 100052, funded by SECO.",
        "See Fig. 3 below.",
        "It ended in 2018.",
        "2019 was better.",
    ]


def test_a_blank_line_ends_a_sentence() -> None:
    # A date line and a heading above a paragraph are not the paragraph's first sentence.
    text = "12 11 2021\n\nHội thảo Giới thiệu mô hình\n\nNgày 12 tháng 11 năm 2021, Bộ tổ chức hội thảo. Hội thảo kết thúc."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "12 11 2021",
        "Hội thảo Giới thiệu mô hình",
        "Ngày 12 tháng 11 năm 2021, Bộ tổ chức hội thảo.",
        "Hội thảo kết thúc.",
    ]
    # A line break inside a paragraph does not.
    wrapped = "Dự án hỗ trợ các doanh nghiệp\ntrong khu công nghiệp."
    assert [wrapped[a:b] for a, b in sentence_spans(wrapped)] == [wrapped]


def test_sentence_spans_of_a_range() -> None:
    text = "Mở đầu. Câu một. Câu hai. Kết thúc."
    start = text.index("Câu một")
    end = text.index(" Kết")
    assert [text[s:e] for s, e in sentence_spans(text, start, end)] == ["Câu một.", "Câu hai."]
    assert sentence_spans("   \n ") == []


# -- chunking ---------------------------------------------------------------------------------------


def test_empty_and_short_text() -> None:
    assert chunk_prose("") == []
    assert chunk_prose(" \n\f ") == []
    chunks = chunk_prose("Một câu ngắn.")
    assert [(c.text, c.page, c.heading, c.locator) for c in chunks] == [("Một câu ngắn.", None, None, "")]


def test_sizes_and_paragraph_breaks() -> None:
    # Ten paragraphs of 3 sentences (72 words each): breaks fall between paragraphs.
    text = "\n\n".join(paragraph(3, f"P{i} ") for i in range(10))
    chunks = chunk_prose(text, min_words=120, max_words=300)
    check_chunks(text, chunks, max_words=300)
    for chunk in chunks:
        assert 120 <= count_words(chunk.text) <= 300
        assert chunk.text.startswith("P") and chunk.text.endswith("công nghiệp.")
        # Every chunk starts a paragraph.
        assert chunk.start == 0 or text[chunk.start - 2 : chunk.start] == "\n\n"


def test_small_tail_merges_into_previous_chunk() -> None:
    # 12 sentences of 25 words (300) in one paragraph, then a 2-sentence paragraph (50 words).
    text = paragraph(12) + "\n\n" + paragraph(2)
    chunks = chunk_prose(text, min_words=120, max_words=300)
    check_chunks(text, chunks, max_words=300)
    assert len(chunks) == 1
    assert count_words(chunks[0].text) == 14 * 24 + 0  # merged (≤ 1.2 × 300)


def test_long_sentence_split_at_word_boundaries() -> None:
    sentence = " ".join(["khu công nghiệp sinh thái"] * 160) + "."  # 800 words, one sentence
    chunks = chunk_prose(sentence, min_words=120, max_words=300)
    check_chunks(sentence, chunks, max_words=300)
    assert len(chunks) == 3
    for chunk in chunks:
        assert count_words(chunk.text) <= 300
        assert chunk.end == len(sentence) or sentence[chunk.end] == " "


def test_page_breaks_are_never_crossed() -> None:
    text = paragraph(3) + "\f" + paragraph(2) + "\n\n" + paragraph(9) + "\f" + paragraph(1)
    chunks = chunk_prose(text, min_words=120, max_words=300)
    check_chunks(text, chunks, max_words=300)
    assert chunks[0].page == 1
    assert {c.page for c in chunks} == {1, 2, 3}
    assert chunks[-1].locator == "tr. 3"


def test_markdown_headings_are_carried() -> None:
    text = (
        "# Khu công nghiệp sinh thái\n\n"
        + paragraph(2)
        + "\n\n## Tiêu chí\n\n### Môi trường\n\n"
        + paragraph(8)
        + "\n\n## Kinh nghiệm quốc tế\n\n"
        + paragraph(2)
    )
    chunks = chunk_prose(text, min_words=60, max_words=120)
    check_chunks(text, chunks, max_words=120)
    paths = [c.section_path for c in chunks]
    assert paths[0] == ["Khu công nghiệp sinh thái"]
    assert ["Khu công nghiệp sinh thái", "Tiêu chí", "Môi trường"] in paths
    assert paths[-1] == ["Khu công nghiệp sinh thái", "Kinh nghiệm quốc tế"]
    first_criteria = next(c for c in chunks if c.heading == "Môi trường")
    # Consecutive headings open the same chunk; a heading never ends a chunk.
    assert first_criteria.text.startswith("## Tiêu chí\n\n### Môi trường\n\n")
    for chunk in chunks:
        assert not chunk.text.splitlines()[-1].startswith("#")
    assert chunks[0].locator == "Khu công nghiệp sinh thái"


def test_plain_text_title_lines_are_headings() -> None:
    text = (
        "12 11 2021\n\n"
        "Hội thảo giới thiệu mô hình khu công nghiệp sinh thái\n\n"
        + paragraph(3)
        + "\n\nÔng Lê Văn A, Vụ trưởng, phát biểu tại hội thảo\n\n"
        + paragraph(2)
    )
    chunks = chunk_prose(text, min_words=20, max_words=80)
    check_chunks(text, chunks, max_words=80)
    # The date line before the first heading is too short to stand alone: it opens the
    # first chunk, whose heading is the title line.
    assert chunks[0].text.startswith("12 11 2021\n\nHội thảo")
    assert chunks[0].heading == "Hội thảo giới thiệu mô hình khu công nghiệp sinh thái"
    # A caption with two commas is not a heading.
    assert all(c.heading != "Ông Lê Văn A, Vụ trưởng, phát biểu tại hội thảo" for c in chunks)


def test_heading_alone_at_the_end_of_a_page() -> None:
    text = paragraph(2) + "\n\n# Chương mới\f" + paragraph(2)
    chunks = chunk_prose(text, min_words=20, max_words=100)
    check_chunks(text, chunks, max_words=100)
    assert [c.text for c in chunks][1] == "# Chương mới"  # documented edge case
    assert chunks[2].heading == "Chương mới" and chunks[2].page == 2


def test_source_header_is_metadata() -> None:
    text = (
        "# NGUỒN / SOURCE: Bài viết của Ban quản lý\n"
        "# https://example.org/bai-viet\n"
        "# GIẤY PHÉP / LICENCE: trích dẫn\n"
        "# NGÔN NGỮ: tiếng Việt\n"
        "\n"
        "# Khu công nghiệp sinh thái\n\n" + paragraph(2)
    )
    header, body, offset = split_source_header(text)
    assert header is not None
    assert header.startswith("# NGUỒN / SOURCE") and header.endswith("# NGÔN NGỮ: tiếng Việt")
    assert body == text[offset:] and body.startswith("# Khu công nghiệp sinh thái")
    chunks = chunk_prose(text)
    check_chunks(text, chunks, max_words=300)
    assert chunks[0].start == offset
    assert chunks[0].heading == "Khu công nghiệp sinh thái"
    assert all("NGUỒN" not in c.text for c in chunks)
    assert split_source_header("# Tiêu đề\n\nNội dung.") == (None, "# Tiêu đề\n\nNội dung.", 0)


def test_split_span_for_legal_provisions() -> None:
    text = "Điều 5. Yêu cầu\n" + paragraph(10)
    start = text.index("Khu")
    pieces = split_span(text, start, len(text), min_words=30, max_words=100)
    assert pieces[0][0] == start and pieces[-1][1] == len(text)
    assert all(count_words(text[s:e]) <= 100 for s, e in pieces)
    assert squash("".join(text[s:e] for s, e in pieces)) == squash(text[start:])


# -- shared prose --------------------------------------------------------------------------------------


def _files(directory: Path) -> list[Path]:
    files = sorted(directory.glob("*.txt"))
    if not files:
        pytest.skip(f"no text files in {directory}")
    return files


def test_seeds(shared_dir: Path) -> None:
    for path in _files(shared_dir / "seeds"):
        text = normalize_text(path.read_text(encoding="utf-8"))
        chunks = chunk_prose(text, min_words=120, max_words=300)
        check_chunks(text, chunks, max_words=300)
        assert len(chunks) >= 2, path.name
        for segment in segments(chunks):
            for chunk in segment:
                words = count_words(chunk.text)
                # Below min_words only when the page/section is that short (e.g. a date line
                # or web-page boilerplate before the first heading).
                assert words >= 120 or len(segment) == 1, (path.name, words)


def test_factsheets_leave_the_source_header_out(shared_dir: Path) -> None:
    for path in _files(shared_dir / "corpus" / "factsheets"):
        text = normalize_text(path.read_text(encoding="utf-8"))
        header, _, offset = split_source_header(text)
        assert header is not None and ("SOURCE" in header or "NGUỒN" in header), path.name
        chunks = chunk_prose(text)
        check_chunks(text, chunks, max_words=300)
        assert chunks and chunks[0].start >= offset
        assert not any(line.startswith("# ") for c in chunks for line in c.text.splitlines()), path.name
        if path.name.startswith("08_"):
            assert [c.heading for c in chunks][:2] == ["History & actors", "Classic exchanges"]


# -- properties --------------------------------------------------------------------------------------------

_WORDS = [
    "Khu",
    "công",
    "nghiệp",
    "sinh",
    "thái.",
    "TP.HCM",
    "32,86%",
    "21/6",
    "PGS.TS",
    "(a)",
    "“Câu",
    "nói.”",
]
_BREAKS = [" ", " ", " ", "\n", "\n\n", "\f", ". ", "\n# ", "\n## ", "\n- ", "\n1. "]


@st.composite
def prose_like_text(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=120))
    breaks = draw(st.lists(st.sampled_from(_BREAKS), min_size=len(words), max_size=len(words)))
    return "".join(w + b for w, b in zip(words, breaks, strict=True))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(prose_like_text(), st.text(max_size=400)),
    min_words=st.integers(0, 30),
    max_words=st.integers(1, 40),
)
@example(text="Khu\n# Khu Khu Khu Khu Khu Khu Khu Khu Khu ", min_words=8, max_words=8)  # found by CI
def test_chunker_properties(text: str, min_words: int, max_words: int) -> None:
    min_words = min(min_words, max_words)
    chunks = chunk_prose(text, min_words=min_words, max_words=max_words)
    check_chunks(text, chunks, max_words=max_words)
