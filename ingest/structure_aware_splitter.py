"""Haystack component: split documents by their structure (legal provisions or prose)."""

from __future__ import annotations

from haystack import Document, component

from ingest.legal_chunker import chunk_legal_document
from ingest.legal_structure import LegalDocument, parse_legal_text
from ingest.prose_chunker import chunk_prose

PATH_SEPARATOR = " › "
# A text without a legal header still counts as legal when this many articles are found
# (e.g. a compilation of decree excerpts); prose that merely cites "Điều 9" has none at
# the start of a line.
MIN_ARTICLES_WITHOUT_HEADER = 3
_OUTLINE_KINDS = ("part", "chapter", "section", "article", "clause", "point")


@component
class StructureAwareSplitter:
    """Chunks legal texts by provision and everything else by sentences.

    Decrees, circulars and laws become one chunk per article (Điều), long articles split
    by clause with the article heading carried; the provision path
    ("Nghị định 35/2022/NĐ-CP › Chương V › Điều 37 › khoản 2") is stored with each chunk.
    Prose becomes sentence-aware chunks of ``min_words``–``max_words`` words that never
    cross a page. A legal document in which no article can be found falls back to prose.

    Usage::

        splitter = StructureAwareSplitter(max_words=300)
        chunks = splitter.run(documents=enriched_documents)["documents"]
    """

    def __init__(self, min_words: int = 120, max_words: int = 300, max_article_words: int = 350) -> None:
        if not 0 < min_words <= max_words:
            raise ValueError(f"need 0 < min_words <= max_words, got {min_words} and {max_words}")
        if max_article_words < 50:
            raise ValueError(f"max_article_words must be at least 50, got {max_article_words}")
        self.min_words = min_words
        self.max_words = max_words
        self.max_article_words = max_article_words

    @component.output_types(documents=list[Document], outlines=list[dict])
    def run(self, documents: list[Document]) -> dict[str, list]:
        """
        :param documents: enriched documents (see ``DocumentEnricher``); ``content`` is the body text.
        :returns: ``documents``: one Document per chunk, ``meta`` carrying the document's metadata
            plus ``chunk_index``, ``page``, ``heading``, ``section_path``, ``locator``, ``provision``,
            ``provision_path``, ``start``/``end`` (offsets in the converted file text) and
            ``embed_context`` (what is embedded in front of the chunk text);
            ``outlines``: per document its ``doc_id``, ``body`` text, ``body_offset`` and, for legal
            texts, every provision (kind, number, title, path, span, page) for exact lookups.
        """
        out: list[Document] = []
        outlines: list[dict] = []
        for document in documents:
            text = document.content or ""
            parsed = self._parse_legal(text, bool(document.meta.get("is_legal")))
            if parsed is not None:
                chunks = chunk_legal_document(parsed, text, max_words=self.max_article_words)
            else:
                chunks = chunk_prose(text, min_words=self.min_words, max_words=self.max_words)
            label = str(document.meta.get("doc_label") or "")
            title = str(document.meta.get("doc_title") or "")
            offset = int(document.meta.get("body_offset") or 0)
            for index, chunk in enumerate(chunks):
                path = [label, *chunk.section_path] if label else list(chunk.section_path)
                if chunk.provision:
                    context = label
                else:
                    context = (
                        title if not chunk.heading or chunk.heading == title else f"{title} — {chunk.heading}"
                    )
                meta = {
                    **document.meta,
                    "chunk_index": index,
                    "page": chunk.page,
                    "heading": chunk.heading,
                    "section_path": list(chunk.section_path),
                    "locator": chunk.locator,
                    "provision": dict(chunk.provision),
                    "provision_path": PATH_SEPARATOR.join(p for p in path if p),
                    "start": chunk.start + offset,
                    "end": chunk.end + offset,
                    "embed_context": context,
                }
                out.append(Document(content=chunk.text, meta=meta))
            outlines.append(
                {
                    "doc_id": document.meta.get("doc_id", ""),
                    "body": text,
                    "body_offset": offset,
                    "is_legal": parsed is not None,
                    "provisions": _provisions(parsed) if parsed is not None else [],
                }
            )
        return {"documents": out, "outlines": outlines}

    @staticmethod
    def _parse_legal(text: str, is_legal: bool) -> LegalDocument | None:
        """The parsed legal structure, or None when the text is to be chunked as prose."""
        if not is_legal and "Điều" not in text and "ĐIỀU" not in text:
            return None
        parsed = parse_legal_text(text)
        if len(parsed.articles) >= (1 if is_legal else MIN_ARTICLES_WITHOUT_HEADER):
            return parsed
        return None


def _provisions(parsed: LegalDocument) -> list[dict]:
    return [
        {
            "kind": node.kind,
            "number": node.number,
            "title": node.title,
            "heading": node.heading,
            "path": node.path,
            "provision": node.provision,
            "start": node.start,
            "end": node.end,
            "page": node.page,
            "note": node.note,
        }
        for node in parsed.walk()
        if node.kind in _OUTLINE_KINDS
    ]
