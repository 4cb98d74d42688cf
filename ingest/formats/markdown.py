"""Markdown files (.md, .markdown): plain text that keeps the heading structure."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import ConversionError
from ingest.formats.base import ConversionOptions, ExtractedText, clean_title, finish_text, read_bytes
from ingest.formats.decoding import decode_text_bytes

_WHAT = "Markdown file"

_FRONT_MATTER_RE = re.compile(
    r"\A(?:---[ \t]*\n.*?\n(?:---|\.\.\.)|\+\+\+[ \t]*\n.*?\n\+\+\+)[ \t]*(?:\n|\Z)", re.DOTALL
)
_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE_RE = re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?")
_HTML_IMAGE_RE = re.compile(r"<img\b[^>\n]*>", re.IGNORECASE)
_LINK_RE = re.compile(r"\[([^\]\n]+)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>", re.IGNORECASE)
_LINK_DEFINITION_RE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDERSCORE_RE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE_RE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_INLINE_CODE_RE = re.compile(r"(`+)(.+?)\1")
_ATX_RE = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
_TABLE_SEPARATOR_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_HORIZONTAL_RULE_RE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


def _inline(text: str) -> str:
    """Remove inline markup from one line of Markdown (outside code)."""
    text = _IMAGE_RE.sub("", text)
    text = _HTML_IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _BR_RE.sub(" ", text)
    text = _HTML_TAG_RE.sub("", text)
    for _ in range(2):  # nested emphasis: ***x***, **_x_**
        text = _STRONG_RE.sub(r"\2", text)
        text = _EM_STAR_RE.sub(r"\1", text)
        text = _EM_UNDERSCORE_RE.sub(r"\1", text)
        text = _STRIKE_RE.sub(r"\1", text)
    return text


def _inline_with_code(text: str) -> str:
    """:func:`_inline` outside inline code spans; code spans keep their text without backticks."""
    parts: list[str] = []
    position = 0
    for match in _INLINE_CODE_RE.finditer(text):
        parts.append(_inline(text[position : match.start()]))
        parts.append(match.group(2).strip())
        position = match.end()
    parts.append(_inline(text[position:]))
    return "".join(parts)


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Turn Markdown into plain text; return ``(text, first heading)``.

    Front matter, HTML comments, images, link targets, reference definitions, emphasis
    markers and table separator rows are removed; ATX headings stay ("## …"), setext headings
    become ATX; fenced code keeps its text verbatim (the fence lines are dropped).
    """
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    source = _FRONT_MATTER_RE.sub("", source, count=1)
    lines: list[str] = []
    title: str | None = None
    fence: str | None = None
    prose: list[str] = []

    def flush_prose() -> None:
        nonlocal title
        block = _LINK_DEFINITION_RE.sub("", _HTML_COMMENT_RE.sub("", "\n".join(prose)))
        previous: str | None = None
        for raw_line in block.split("\n"):
            setext = _SETEXT_RE.match(raw_line)
            if setext and previous and previous.strip() and not previous.startswith(("#", "|")):
                level = 1 if setext.group(1).startswith("=") else 2
                lines[-1] = "#" * level + " " + previous.strip()
                title = title or previous.strip()
                previous = None
                continue
            if _TABLE_SEPARATOR_RE.match(raw_line) and "|" in raw_line:
                continue  # "|---|---|" under a table header
            if _HORIZONTAL_RULE_RE.match(raw_line):
                previous = None
                lines.append("")
                continue
            atx = _ATX_RE.match(raw_line)
            if atx:
                heading = _inline_with_code(atx.group(2)).strip()
                line = atx.group(1) + " " + heading if heading else ""
                if heading and title is None:
                    title = heading
            else:
                line = _inline_with_code(raw_line)
            lines.append(line)
            previous = line
        prose.clear()

    for raw_line in source.split("\n"):
        fence_match = _FENCE_RE.match(raw_line)
        if fence is None:
            if fence_match:
                flush_prose()
                fence = fence_match.group(1)
                continue
            prose.append(raw_line)
        else:
            if (
                fence_match
                and fence_match.group(1)[0] == fence[0]
                and len(fence_match.group(1)) >= len(fence)
            ):
                fence = None
                continue
            lines.append(raw_line)
    flush_prose()
    return "\n".join(lines), title


def extract_markdown(path: Path, options: ConversionOptions | None = None) -> ExtractedText:
    """Extract a Markdown file as text with ATX headings; the title is the first heading.

    Decoding as for text files (BOM, UTF-8, Windows-1258; TCVN3/VNI converted to Unicode).

    :param path: The file.
    :raises ConversionError: Empty file, binary data, unknown or ambiguous legacy encoding, no text.
    """
    data = read_bytes(path, "Markdown")
    if not data.strip():
        raise ConversionError(f"{_WHAT} is an empty file: check that the right file was supplied.")
    text, title = markdown_to_text(decode_text_bytes(data, _WHAT))
    body, reading = finish_text(text, _WHAT)
    return ExtractedText(text=body, page_count=None, title=clean_title(title), reading=reading)
