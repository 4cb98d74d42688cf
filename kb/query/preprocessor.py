"""Haystack component: normalise a question and prepare what each retriever needs."""

from __future__ import annotations

from typing import Any

from haystack import component

from kb.index.instrument_register import cached_register
from kb.index.snapshot import IndexSnapshot, SnapshotBound
from kb.query.bare_questions import as_question
from kb.query.definitions import definition_term
from kb.query.diacritics import restore_diacritics
from kb.query.everyday_wordings import in_documents_wording, without_asker_purpose
from kb.query.instruments import named_instruments, with_instrument_years, with_spaced_numbers
from kb.query.language import detect_language
from kb.query.name_case import with_corpus_names
from kb.query.names import question_names
from kb.query.provisions import parse_provision_reference
from kb.query.question_shape import question_years
from kb.query.terms import (
    abbreviations_in_place,
    expand_abbreviations,
    translate_terms,
    translate_terms_to_english,
)
from kb.text.lexical_analyzer import bm25_tokens
from kb.text.normalize import fold_accents, has_diacritics, normalize_query


@component
class QueryPreprocessor(SnapshotBound):
    """Turns a raw question into BM25 tokens, a dense query text, a language and a provision.

    - NFC normalisation (a question pasted as NFD still matches);
    - everyday phrases in the documents' wording ("rộng bao nhiêu" -> "có diện tích bao nhiêu",
      "how big" -> "how large"; table in ``kb/data/everyday_wordings.toml``);
    - abbreviation expansion both ways (KCN <-> khu công nghiệp; table in
      ``kb/data/abbreviations.toml``): all expansions go to BM25, and the full forms of
      abbreviations in the question are appended to the dense query;
    - language ("vi"/"en", unaccented Vietnamese included) for answer framing and fusion;
      an English question also gets the Vietnamese equivalents of its domain terms, so
      that it reaches Vietnamese sources, and a Vietnamese question the English ones
      (``kb/data/glossary_en_vi.toml`` read both ways);
    - a provision named in the question ("khoản 2 Điều 38 NĐ 35/2022/NĐ-CP");
    - the term a definition question asks about ("Tình thế cấp thiết là gì?");
    - diacritics restored on a Vietnamese question typed without them ("khoang cach cong sinh"
      -> "khoảng cách cộng sinh"), from the knowledge base's words and underthesea's
      dictionary: searched with the restored text, answered against the question as typed.

    Usage::

        prepared = QueryPreprocessor(snapshot).run(question="KCN sinh thai la gi?")
        prepared["bm25_tokens"], prepared["dense_query"], prepared["language"]
    """

    SETTINGS = ("translate_to_english", "restore_diacritics")

    def __init__(
        self,
        snapshot: IndexSnapshot | None = None,
        translate_to_english: bool = True,
        restore_diacritics: bool = True,
    ) -> None:
        """:param snapshot: the index generation searched: a Vietnamese question typed without
            diacritics is searched with them restored from its words (``kb.query.diacritics``).
        :param translate_to_english: also search the English equivalents of a Vietnamese
            question's domain terms.
        :param restore_diacritics: search a Vietnamese question typed without diacritics with
            them restored (needs a ``snapshot``)."""
        self.snapshot = snapshot
        self.translate_to_english = translate_to_english
        self.restore_diacritics = restore_diacritics

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
        restored=str,
    )
    def run(self, question: str) -> dict[str, Any]:
        """
        :param question: the user's question as typed.
        :returns: ``question`` (normalised), ``bm25_tokens``, ``dense_query``, ``language``,
            ``provision`` (fields of the named provision, or an empty dict), ``expansions`` and
            ``translations`` (English equivalents of a Vietnamese question's domain terms) and
            ``definition`` (the term a "… là gì?" question asks to define, or "") and ``names``
            (the proper names the question is about) and ``restored`` (the question searched:
            with its diacritics restored, or as typed).
        """
        question = with_spaced_numbers(normalize_query(question))
        # "Decree 82" is the register's 82/2018: documents never naming it rank lower (not a search word:
        # passages merely citing the decree would rank higher; and the answer reads the question as asked).
        completed = with_instrument_years(question, cached_register(self.snapshot)) if self.snapshot else question
        # Its number alone: sources write "Nghị định 82-CP", "NĐ 82/2018/NĐ-CP".
        instruments = [str(int(named.key.split("/")[0])) for named in named_instruments(completed) if named.certain]
        language = detect_language(question)
        if language == "vi" and self.snapshot is not None:
            question = with_corpus_names(question, self.snapshot)
        # Searched and answered in the documents' wording ("rộng bao nhiêu" -> "có diện tích bao nhiêu"),
        # without what the asker will do with the answer ("… for a training slide").
        question = in_documents_wording(without_asker_purpose(question), language)
        question = as_question(question, language)  # "Budget of phase 2?": the value asked, checked as such
        # The answer compares the question as typed (accent-folded); retrieval reads it restored.
        restored = question
        if (
            language == "vi"
            and self.snapshot is not None
            and self.restore_diacritics
            and not has_diacritics(question)
        ):
            restored = restore_diacritics(self.snapshot, question)
        expansions = expand_abbreviations(restored)
        if language == "en":
            # Reach Vietnamese sources too: the domain terms in Vietnamese (kb/data/glossary_en_vi.toml).
            expansions += [t for t in translate_terms(question) if t not in expansions]
        translations: list[str] = []
        if language == "vi" and self.translate_to_english:
            # Reach English sources too (case studies, international frameworks): BM25 only, the
            # dense query stays as asked.
            # Abbreviations read in place, so that a term is translated whole ("KCN sinh thái" is
            # an eco-industrial park, not any industrial park).
            in_place, written = abbreviations_in_place(restored)
            translations = translate_terms_to_english(
                " \n".join([in_place, *(e for e in expansions if e not in written)])
            )
        tokens = bm25_tokens(" \n".join([restored, *expansions]))
        # The English equivalents count once each: "industrial" in eight alternatives of two terms
        # ("eco-industrial park(s)", "industrial zone", "industrial complex" …) is one word of the
        # question, not eight, and would rank any English case study above the Vietnamese reports.
        tokens += list(dict.fromkeys(bm25_tokens(" \n".join(translations))))
        folded = fold_accents(question).lower()
        full_forms = [e for e in expansions if not (e.isupper() or fold_accents(e).lower() in folded)]
        dense_query = f"{restored} ({'; '.join(full_forms)})" if full_forms else restored
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
            # The names the question is about, and the years it names: passages of documents that
            # never mention them rank lower.
            # … and the instruments it names ("82/2018"): a case study never citing the decree is not about it.
            "names": question_names(question) + list(question_years(question)) + instruments,
            "restored": restored,
        }
