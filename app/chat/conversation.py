"""One chat conversation over a :class:`~kb.knowledge_base.KnowledgeBase`, without Chainlit.

The Chainlit app (``app/app.py``) only moves what this module produces onto the screen:

- :meth:`ChatSession.ask` rewrites a follow-up into a standalone question (``kb.query.followup``),
  answers it, and returns the message text plus one :class:`SourcePanel` per citation, named
  exactly as the marker in the text (``[1]``), so each marker becomes a clickable chip;
- the panels show the title, kind, in-force status, provision path or page, and the quoted
  span highlighted inside its passage. Document text is escaped so that Markdown, HTML or
  links inside a document are shown as text and never rendered (nor fetched) by the browser;
- :meth:`ChatSession.export` writes the conversation as a Markdown and a DOCX handout.

Usage::

    base = KnowledgeBase.open(Settings.load())
    session = ChatSession(base, ChatOptions(k=5))
    reply = session.ask("KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?")
    follow = session.ask("còn ở Amata thì sao?")  # follow.standalone names Amata
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb.answer.cited_answer import Answer, Citation
from kb.facts import MAX_SOURCES, MODES
from kb.handout import kind_label, short_location, status_label, write_handout
from kb.query.entities import find_entities
from kb.query.followup import Turn, rewrite_followup
from kb.query.llm_followup import rewrite_followup_with_llm
from kb.query.more_requests import asks_for_more
from kb.query.name_case import with_conversation_names
from kb.text.legal_vocabulary import LEGAL_KINDS

# Markdown (CommonMark) punctuation that can start markup, plus HTML's angle brackets.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=$:&])")
_LINKABLE = re.compile(
    r"(?:\b(?:https?|ftp)://|\b(?:mailto|xmpp):|\bwww\.)[^\s<>]+|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
    re.IGNORECASE,
)
_EXPORT_COMMANDS = ("/export", "/xuat", "/xuất")
_DOCUMENTS_COMMANDS = ("/tai-lieu", "/tài-liệu", "/tailieu", "/documents", "/docs")


def escape_markdown(text: str) -> str:
    """Text that Markdown renders literally: every markup character is backslash-escaped.

    Line breaks are kept (a single newline becomes a hard break) so passages stay readable.
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return "  \n".join(_escape_line(line.strip()) for line in text.split("\n"))


def _escape_line(line: str) -> str:
    # GFM turns bare addresses into links even when their punctuation is escaped, so anything
    # that looks like a URL or an e-mail address goes into a code span, which is never linked.
    out, last = [], 0
    for match in _LINKABLE.finditer(line):
        address = match.group(0).rstrip(".,;:!?\"')")  # trailing punctuation is not part of it
        out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", line[last : match.start()]))
        out.append(_code_span(address))
        last = match.start() + len(address)
    out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", line[last:]))
    return "".join(out)


def _code_span(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def is_export_command(text: str) -> bool:
    return unicodedata.normalize("NFC", text.strip().lower()) in _EXPORT_COMMANDS


def is_documents_command(text: str) -> bool:
    """``/tai-lieu`` (or ``/tài-liệu``, ``/documents``): show what the knowledge base holds."""
    return unicodedata.normalize("NFC", text.strip().lower()) in _DOCUMENTS_COMMANDS


@dataclass
class ChatOptions:
    """What a user can change in the chat settings."""

    mode: str = "extractive"
    kinds: tuple[str, ...] = ()  # empty: every kind
    in_force_only: bool = False
    k: int = 5

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        if not 1 <= int(self.k) <= MAX_SOURCES:
            raise ValueError(f"number of sources must be between 1 and {MAX_SOURCES}, got {self.k}")
        self.k = int(self.k)
        self.kinds = tuple(self.kinds)

    def filters(self) -> dict[str, Any]:
        return {"kinds": list(self.kinds), "in_force_only": self.in_force_only}


@dataclass
class SourcePanel:
    """What clicking a marker opens: ``name`` is the marker exactly as written in the text."""

    name: str
    content: str  # Markdown; document text inside is escaped
    pdf_path: str | None = None  # the PDF to open at ``page`` (a local file), when there is one
    page: int | None = None


@dataclass
class ChatReply:
    question: str  # as typed
    standalone: str  # what was answered (the rewritten follow-up, or the question itself)
    rewritten: bool
    answer: Answer
    text: str  # the message: answer with inline markers, then the numbered source list
    sources: list[SourcePanel] = field(default_factory=list)


_LABELS = {
    "vi": {
        "sources": "Nguồn",
        "kind": "Loại",
        "status": "Hiệu lực",
        "where": "Vị trí",
        "file": "Tệp",
        "quote": "Đoạn trích dẫn (in đậm trong văn bản):",
        "reliability": "Ghi chú độ tin cậy",
        "not_stated": "không ghi",
    },
    "en": {
        "sources": "Sources",
        "kind": "Kind",
        "status": "Status",
        "where": "Location",
        "file": "File",
        "quote": "Quoted passage (in bold in its context):",
        "reliability": "Reliability note",
        "not_stated": "not stated",
    },
}


def highlighted_passage(citation: Citation) -> str:
    """The passage with the quoted span in bold; both escaped (the quote is verbatim in it)."""
    passage = citation.passage or citation.quote
    quote = citation.quote
    start = passage.find(quote) if quote else -1
    if start < 0:
        return escape_markdown(passage)
    before, after = passage[:start], passage[start + len(quote) :]
    # Bold each line of the quote separately: Markdown emphasis does not span paragraphs.
    bold = "\n".join(f"**{escape_markdown(line)}**" if line.strip() else line for line in quote.split("\n"))
    return escape_markdown(before) + bold + escape_markdown(after)


def source_panel(citation: Citation, language: str) -> SourcePanel:
    labels = _LABELS.get(language, _LABELS["vi"])
    where = short_location(citation)
    lines = [
        f"### {escape_markdown(citation.title)}",
        "",
        f"- **{labels['kind']}:** {escape_markdown(kind_label(citation.kind))}",
    ]
    if citation.kind in LEGAL_KINDS or citation.status not in ("", "n/a"):
        status = status_label(citation.status) or labels["not_stated"]  # bilingual already
        lines.append(f"- **{labels['status']}:** {escape_markdown(status)}")
    if where:
        lines.append(f"- **{labels['where']}:** {escape_markdown(where)}")
    if citation.source:
        lines.append(f"- **{labels['file']}:** {escape_markdown(citation.source)}")
    if citation.reliability:
        lines.append(f"- **{labels['reliability']}:** {escape_markdown(citation.reliability)}")
    lines += ["", labels["quote"], "", highlighted_passage(citation)]
    pdf = (
        citation.source
        if citation.source.lower().endswith(".pdf") and Path(citation.source).is_file()
        else None
    )
    return SourcePanel(f"[{citation.marker}]", "\n".join(lines), pdf, citation.page if pdf else None)


def message_text(answer: Answer) -> str:
    """The answer (markers inline), its notes, and one line per source naming its marker.

    The answer is built from document sentences, so it is escaped too, except the markers.
    """
    labels = _LABELS.get(answer.language, _LABELS["vi"])
    parts = re.split(r"(\[\d+\])", answer.answer)
    body = "".join(part if re.fullmatch(r"\[\d+\]", part) else escape_markdown(part) for part in parts)
    # "NĐ-CP[1]đã" -> "NĐ-CP [1] đã": a marker glued to words is hard to read and to click.
    body = re.sub(r"(?<=\w)(\[\d+\])", r" \1", body)
    body = re.sub(r"(\[\d+\])(?=\w)", r"\1 ", body)
    lines = [body]
    for note in answer.notes:
        if note and note not in answer.answer:
            lines += ["", f"> {escape_markdown(note)}"]
    if answer.citations:
        lines += ["", f"**{labels['sources']}:**"]
        for citation in answer.citations:
            where = short_location(citation)
            tail = f" — {escape_markdown(where)}" if where else ""
            lines.append(f"- [{citation.marker}] {escape_markdown(citation.title)}{tail}")
    return "\n".join(lines)


class ChatSession:
    """The state of one conversation: options, earlier turns and their answers."""

    def __init__(self, base: Any, options: ChatOptions | None = None, *, max_turns: int = 3) -> None:
        self.base = base
        self.options = options or ChatOptions()
        self.max_turns = max_turns
        self.turns: list[Turn] = []
        self.answers: list[Answer] = []

    @property
    def llm_available(self) -> bool:
        return getattr(self.base, "llm_answerer", None) is not None

    def set_options(self, **changes: Any) -> ChatOptions:
        """Validated update (unknown kinds are simply matched by nothing)."""
        self.options = replace(self.options, **changes)
        self.options.__post_init__()
        if self.options.mode == "llm" and not self.llm_available:
            self.options.mode = "extractive"
        return self.options

    def standalone(self, question: str) -> tuple[str, bool]:
        """Rules first (no LLM); in LLM mode the model rewrites what the rules leave unchanged."""
        standalone, rewritten = rewrite_followup(self._names_written(question), self.turns, max_turns=self.max_turns)
        if not rewritten and self.options.mode == "llm" and self.llm_available and self.turns:
            generator = self.base.llm_answerer.generator
            standalone, rewritten = rewrite_followup_with_llm(
                question, self.turns, generator, max_turns=self.max_turns
            )
        return standalone, rewritten

    def _names_written(self, question: str) -> str:
        """A follow-up typed in lower case ("con kcn amata?") with the names the conversation has met
        written as its sources write them ("con kcn Amata?"), so the follow-up rules see a name."""
        if not self.turns:
            return question
        recent = self.turns[-self.max_turns :]
        texts = [text for turn in recent for text in (turn.question, turn.answer)]
        cited = [c.doc_id for answer in self.answers[-self.max_turns :] for c in answer.citations]
        return with_conversation_names(question, texts, getattr(self.base, "snapshot", None), cited)

    def ask(self, question: str, *, standalone: tuple[str, bool] | None = None) -> ChatReply:
        """Answer ``question`` (``standalone``: its rewrite, when already computed for display)."""
        question = unicodedata.normalize("NFC", question).strip()
        if not question:
            raise ValueError("the question is empty")
        standalone, rewritten = standalone or self.standalone(question)
        mode = self.options.mode if self.llm_available else "extractive"
        answer = None
        if rewritten and self.answers and asks_for_more(question):
            # "còn gì nữa?": the rest of the last answer's source, not the same answer again.
            answer = self.base.continue_answer(self.answers[-1], question)
            if answer is not None:
                answer.question = standalone
        if answer is None:
            answer = self.base.ask(standalone, k=self.options.k, mode=mode, filters=self.options.filters())
        language = answer.language
        # The cited document's names help a later "còn nó thì sao?" find its subject.
        cited = answer.citations and not answer.refused
        entities = find_entities(answer.citations[0].title) if cited else []
        # A refusal names no one: "công ty đó" cannot refer to it.
        self.turns.append(Turn(standalone, "" if answer.refused else answer.answer, entities))
        self.answers.append(answer)
        sources = [source_panel(c, language) for c in answer.citations]
        return ChatReply(question, standalone, rewritten, answer, message_text(answer), sources)

    def export(
        self, out_dir: Path, *, title: str | None = None, stem: str | None = None
    ) -> tuple[Path, Path]:
        """Write the conversation as ``.md`` and ``.docx``; raises ValueError when it is empty."""
        if not self.answers:
            raise ValueError("nothing to export yet: ask a question first")
        kwargs: dict[str, Any] = {"stem": stem}
        if title:
            kwargs["title"] = title
        return write_handout(self.answers, out_dir, **kwargs)
