"""Web pages (.html, .htm): the main text only, with BeautifulSoup + lxml."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from ingest.errors import ConversionError
from ingest.formats.base import ConversionOptions, ExtractedText, clean_title, finish_text, read_bytes
from ingest.formats.decoding import decode_text_bytes

_WHAT = "Web page"

# Elements that never hold the main text.
_DROP_TAGS = (
    "script", "style", "nav", "aside", "form", "menu", "noscript", "iframe", "template", "svg", "canvas",
    "button", "select", "input", "textarea", "object", "embed", "dialog", "head",
)  # fmt: skip
# header/footer are dropped too, except a <header> inside the main content (it holds the h1).
_BOILERPLATE_ROLES = frozenset(
    {"navigation", "menu", "menubar", "banner", "contentinfo", "search", "complementary"}
)
# class / id words that mark menus, navigation, breadcrumbs, sidebars, footers, visitor counters,
# share buttons and comment sections.
_BOILERPLATE_RE = re.compile(
    r"menu|nav|breadcrumb|sidebar|side-bar|footer|counter|share|sharing|social|comment|cookie|banner|"
    r"advert|popup|modal|related|widget|skip-link|pagination|tags|visitor|luot-truy-cap|thong-ke-truy-cap"
)
# Words that contain a boilerplate word but are content ("canvas", "shareholder", "commentary").
_NOT_BOILERPLATE_RE = re.compile(r"canvas|unavailab|shareholder|commentar|encounter|counterpart")
# A visitor counter that has no telling class: a line that is only a counter label and a number.
_COUNTER_LINE_RE = re.compile(
    r"^(?:-\s*)?(?:(?:tổng\s+)?(?:số\s+)?lượt\s+(?:truy\s+cập|xem)|đang\s+(?:truy\s+cập|online)|"
    r"trực\s+tuyến|hôm\s+nay|tuần\s+này|tháng\s+này|visitors?|online(?:\s+now)?|page\s+views?|hits)"
    r"\s*[:：]?\s*[\d.,\s]+$",
    re.IGNORECASE,
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "header", "hr", "html", "li", "main", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "tfoot", "thead", "ul",
})  # fmt: skip
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 in browsers.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = _XML_ENCODING_RE.search(head) or _META_CHARSET_RE.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes) -> str:
    """Decode a web page honouring its byte-order mark or ``<meta charset>``.

    Without a declaration (or when the declared charset cannot decode the bytes) the text-file
    heuristics apply: UTF-8, then Windows-1258 Vietnamese. Bytes that are valid UTF-8 with
    non-ASCII characters are read as UTF-8 even when a legacy charset is declared: templates
    often keep an old declaration after the site moved to UTF-8, and legacy-encoded text is
    almost never valid UTF-8 by chance.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text_bytes(data, _WHAT)
    charset = _declared_charset(data)
    if charset is not None and not charset.startswith("utf-16") and charset != "utf-8":
        if not data.isascii():
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass
    return decode_text_bytes(data, _WHAT)


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    style = str(tag.get("style", "")).replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if str(tag.get("role", "")).lower() in _BOILERPLATE_ROLES:
        return True
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    for word in [*classes, str(tag.get("id", ""))]:
        word = word.lower()
        if word and _BOILERPLATE_RE.search(word) and not _NOT_BOILERPLATE_RE.search(word):
            # never drop a wrapper that holds the main content
            return tag.find(["main", "article", "h1"]) is None
    return False


def _inside_main(tag: Tag) -> bool:
    return tag.find_parent(["main", "article"]) is not None


def _strip_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all("header"):
        if not _inside_main(tag):
            tag.decompose()
    for tag in soup.find_all("footer"):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if _is_boilerplate(tag):
            tag.decompose()


def _main_root(soup: BeautifulSoup) -> Tag:
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if isinstance(main, Tag):
        return main
    articles = soup.find_all("article")
    if len(articles) == 1:
        return articles[0]
    return soup.body or soup


class _Renderer:
    """Turns an element tree into lines: blocks on their own lines, headings as ATX lines,
    list items as "- …", table rows as cells joined with " | "."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._prefix = ""

    def flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text:
            self.lines.append(self._prefix + text)
            self._prefix = ""
        self._buffer = []

    def render(self, node: Tag) -> list[str]:
        self._walk(node)
        self.flush()
        return self.lines

    def _walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIP_STRINGS):
                    self._buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _HEADINGS:
                self.flush()
                text = _inline_text(child)
                if text:
                    self.lines.extend(["", "#" * _HEADINGS[name] + " " + text, ""])
            elif name == "br":
                self.flush()
            elif name == "img":
                continue
            elif name == "tr":
                self.flush()
                cells = [_inline_text(cell) for cell in child.find_all(["td", "th"], recursive=False)]
                row = " | ".join(cell for cell in cells if cell)
                if row:
                    self.lines.append(row)
            elif name == "li":
                self.flush()
                self._prefix = "- "
                self._walk(child)
                self.flush()
                self._prefix = ""
            elif name == "pre":
                self.flush()
                self.lines.extend(line.rstrip() for line in child.get_text().splitlines())
            elif name in _BLOCKS or name in ("td", "th"):
                self.flush()
                self._walk(child)
                self.flush()
            else:
                self._walk(child)


def _inline_text(tag: Tag) -> str:
    return " ".join(_Renderer().render(tag))


def extract_html(path: Path, options: ConversionOptions | None = None) -> ExtractedText:
    """Extract the main text of a web page.

    Scripts, styles, navigation, header, footer, aside, forms, menus, iframes, hidden elements
    and elements whose class or id names a menu, nav, breadcrumb, sidebar, footer, (visitor)
    counter, share or comment block are removed; ``<main>`` (or the single ``<article>``) is
    preferred when present. Headings become ATX lines, paragraphs, list items ("- …") and
    table rows (cells joined with " | ") one line each. The title is ``<title>``, else the
    first ``<h1>``.

    :param path: The file.
    :raises ConversionError: Empty file, undecodable bytes, no main text, ambiguous legacy font encoding
        (TCVN3 and VNI text is converted to Unicode).
    """
    return extract_html_bytes(read_bytes(path, _WHAT))


def extract_html_bytes(data: bytes) -> ExtractedText:
    """:func:`extract_html` on the bytes of a page (also used for Word "web pages" saved as .doc)."""
    if not data.strip():
        raise ConversionError("Web page is an empty file: save the page again (File > Save as, 'HTML only').")
    html = decode_html(data)
    try:
        soup = BeautifulSoup(html, "lxml")
    except Exception as exc:
        raise ConversionError(
            f"Web page cannot be parsed ({type(exc).__name__}): save the page again and retry."
        ) from None

    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else None
    first_h1 = soup.find("h1")
    h1_title = first_h1.get_text(" ", strip=True) if isinstance(first_h1, Tag) else None

    _strip_boilerplate(soup)
    lines = [line for line in _Renderer().render(_main_root(soup)) if not _COUNTER_LINE_RE.match(line)]
    text, reading = finish_text(
        "\n".join(lines),
        _WHAT,
        empty_reason="Web page has no main text (only menus, scripts or images): save the article page "
        "itself, or copy its text into a .txt file.",
    )
    return ExtractedText(
        text=text,
        page_count=None,
        title=clean_title(_strip_site_name(page_title, h1_title)) or clean_title(h1_title),
        reading=reading,
    )


def _strip_site_name(title: str | None, h1: str | None) -> str | None:
    """Drop the site name from "Page title | Site name" (or "Site name | Page title").

    The part sharing the most words with the first ``<h1>`` is kept; without an overlap, the
    first part (sites usually append their name).
    """
    if not title or " | " not in title:
        return title
    parts = [part.strip() for part in title.split(" | ") if part.strip()]
    if not parts:
        return None
    h1_words = set((h1 or "").lower().split())
    return max(parts, key=lambda part: (len(h1_words & set(part.lower().split())), -parts.index(part)))
