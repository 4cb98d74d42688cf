"""Haystack component: normalise a question and prepare what each retriever needs."""

from __future__ import annotations

from typing import Any

from haystack import component

from ingest.normalize import fold_accents, normalize_query
from kb.lexical_analyzer import bm25_tokens
from kb.query_analysis import (
    definition_term,
    detect_language,
    expand_abbreviations,
    parse_provision_reference,
    question_names,
    translate_terms,
    translate_terms_to_english,
)


@component
class QueryPreprocessor:
    """Turns a raw question into BM25 tokens, a dense query text, a language and a provision.

    - NFC normalisation (a question pasted as NFD still matches);
    - abbreviation expansion both ways (KCN <-> khu công nghiệp; table in
      ``kb/data/abbreviations.toml``): all expansions go to BM25, and the full forms of
      abbreviations in the question are appended to the dense query;
    - language ("vi"/"en", unaccented Vietnamese included) for answer framing and fusion;
      an English question also gets the Vietnamese equivalents of its domain terms, so
      that it reaches Vietnamese sources, and a Vietnamese question the English ones
      (``kb/data/glossary_en_vi.toml`` read both ways);
    - a provision named in the question ("khoản 2 Điều 38 NĐ 35/2022/NĐ-CP");
    - the term a definition question asks about ("Tình thế cấp thiết là gì?").

    Usage::

        prepared = QueryPreprocessor().run(question="KCN sinh thai la gi?")
        prepared["bm25_tokens"], prepared["dense_query"], prepared["language"]
    """

    def __init__(self, translate_to_english: bool = True) -> None:
        """:param translate_to_english: also search the English equivalents of a Vietnamese
        question's domain terms."""
        self.translate_to_english = translate_to_english

    @component.output_types(
        question=str,
        bm25_tokens=list[str],
        dense_query=str,
        language=str,
        provision=dict,
        expansions=list[str],
        translations=list[str],
        definition=str,
        names=list[str],
    )
    def run(self, question: str) -> dict[str, Any]:
        """
        :param question: the user's question as typed.
        :returns: ``question`` (normalised), ``bm25_tokens``, ``dense_query``, ``language``,
            ``provision`` (fields of the named provision, or an empty dict), ``expansions`` and
            ``translations`` (English equivalents of a Vietnamese question's domain terms) and
            ``definition`` (the term a "… là gì?" question asks to define, or "") and ``names``
            (the proper names the question is about).
        """
        question = normalize_query(question)
        language = detect_language(question)
        expansions = expand_abbreviations(question)
        if language == "en":
            # Reach Vietnamese sources too: the domain terms in Vietnamese (kb/data/glossary_en_vi.toml).
            expansions += [t for t in translate_terms(question) if t not in expansions]
        translations: list[str] = []
        if language == "vi" and self.translate_to_english:
            # Reach English sources too (case studies, international frameworks): BM25 only, the
            # dense query stays as asked.
            translations = translate_terms_to_english(" ".join([question, *expansions]))
        tokens = bm25_tokens(" \n".join([question, *expansions, *translations]))
        folded = fold_accents(question).lower()
        full_forms = [e for e in expansions if not (e.isupper() or fold_accents(e).lower() in folded)]
        dense_query = f"{question} ({'; '.join(full_forms)})" if full_forms else question
        reference = parse_provision_reference(question)
        return {
            "question": question,
            "bm25_tokens": tokens,
            "dense_query": dense_query,
            "language": language,
            "provision": dict(reference.__dict__) if reference else {},
            "expansions": expansions,
            "translations": translations,
            "definition": definition_term(question) or "",
            "names": question_names(question),
        }
