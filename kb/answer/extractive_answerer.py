"""Haystack component: a short answer made of verbatim sentences, each with its source marker.

No LLM and no network: the sentences that best cover the question are picked from the top
passages (:mod:`kb.answer.sentence_candidates`, :mod:`kb.answer.sentence_selection`) and joined
with inline markers ``[1]``, ``[2]``. When the evidence is below the calibrated thresholds, or a
check finds the passages do not give what is asked (:mod:`kb.answer.refusal_checks`), the answer
says so and lists the closest sources instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
from haystack import Document, component

from kb.answer.acronyms import acronym_expanded
from kb.answer.answer_checks import check_candidates
from kb.answer.asked_kind import prefer_asked_words, prefer_naming_several
from kb.answer.besides import falls_short, list_refusal_reason
from kb.answer.citations import (
    CITED_ELSEWHERE,
    citation_for,
    display_text,
    join_quotes,
    refusal_answer,
    superseded_notes,
    text_for,
)
from kb.answer.cited_answer import Answer, Citation
from kb.answer.constraint_checks import prefer_relation
from kb.answer.english_lead import english_lead
from kb.answer.event_introduction import with_event_introduction
from kb.answer.evidence import EvidenceScorer
from kb.answer.heading_lists import heading_named_list
from kb.answer.list_answers import LIST_SHORTER, item_answer, list_answer
from kb.answer.name_scope import prefer_named_values
from kb.answer.other_part import with_other_part
from kb.answer.other_source_list import with_listings
from kb.answer.person_scope import prefer_person_for_organisation
from kb.answer.sentence_candidates import (
    SentenceCandidate,
    prefer_asked_years,
    question_phrasings,
    rank_by_embedding,
    sentence_candidates,
)
from kb.answer.sentence_selection import choose_sentences
from kb.answer.series_member import prefer_series_member
from kb.answer.shaped_answers import (
    ListAnswer,
    find_list,
    find_series,
    inline_list_sentence,
    list_begun_before,
    list_continuation,
    numbered_item,
    numbered_list_length,
    numbered_lists,
    reason_span,
    with_referents,
)
from kb.answer.short_names import with_introductions
from kb.answer.source_passages import deciding_passages, neighbour_passages, next_passage, passages_around
from kb.answer.speech import speech_sentences
from kb.index.snapshot import IndexSnapshot, SnapshotBound
from kb.query.answer_types import answer_target
from kb.query.provisions import asks_provision_text, cites_provision
from kb.query.question_shape import asked_item, asked_item_kind, question_shape, question_years
from kb.retrieve.language_calibration import VIETNAMESE, passage_language, same_language_similarity

# Calibrated on the domain gold set (eval/): see eval/RESULTS.md.
DEFAULT_MIN_COVERAGE = 0.65
DEFAULT_MIN_DENSE = 0.84
# The answer's sentences are chosen among those of the best PASSAGES_READ passages; whether the
# documents answer a Vietnamese question at all is decided on the first REFUSAL_PASSAGES, as when
# only those were read: more sentences would more often hold something a check accepts. An English
# question is decided on all it reads: its words reach the Vietnamese passages only through the
# glossary, the dense model in effect ranks them, and the one that answers is often sixth to eighth.
# Measured on the fit sets (6, 7, 8 read; eval/RESULTS.md, twenty-second session).
PASSAGES_READ = 8
REFUSAL_PASSAGES = 5
# An English question reaches Vietnamese passages only through the glossary, so it covers less of them:
# it needs this share of ``min_coverage`` (0.5–0.7 measured alike on the fit sets; the most demanding kept).
ENGLISH_COVERAGE_SHARE = 0.7
DENSE_PASSAGES = 3  # whose dense similarity counts as evidence
EMBEDDING_RANKING_BELOW = 0.2  # less coverage: rank sentences by embedding similarity (English over Vietnamese)
SERIES_PASSAGES = 6  # passages on either side searched for the rest of a series ("Phiên 1 …", "Phiên 2 …")
# Before refusing, the passages this close to the retrieved ones in their sources are read too: the
# figure asked may sit two paragraphs below the heading that matched the question's names.
NEIGHBOUR_REACH = 2
MAX_PROVISION_WORDS = 120  # of an exact provision shown in the answer (all of it is cited)


def refusal_passages(language: str) -> int:
    """On how many of the retrieved passages the refusal checks decide."""
    return PASSAGES_READ if language == "en" else REFUSAL_PASSAGES


@component
class ExtractiveAnswerer(SnapshotBound):
    """Composes a cited answer from retrieved chunks without any LLM.

    Each sentence of the top passages is scored by how much of the question it covers
    (IDF-weighted content words, accent-insensitive for unaccented questions) plus a
    small bonus for the passage's rank. Up to three sentences that add new information are
    kept, in source order, each followed by its source marker; when the best one does not
    hold the kind of fact asked (a number, a date, a name), the sentence after it is added
    (it often carries the answer the best one introduces). English questions over
    Vietnamese text share few words with it; there the sentences are ranked by their
    embedding similarity to the question instead (``embed_passages``). A question naming a
    numbered instrument is answered only from sentences about it.

    Refusal: when no top passage covers at least ``min_coverage`` of the question and the
    best dense similarity is below ``min_dense``, the answer is "Không tìm thấy thông tin
    này trong tài liệu" / "The documents do not say", with the closest sources listed. Also,
    saying why: a Vietnamese question about a name the documents never mention, about an
    instrument no passage is about, or asking "how many X" when the passages never count X.

    Usage::

        answerer = ExtractiveAnswerer(snapshot)
        answer = answerer.run(question=q, language="vi", documents=hits)["answer"]
    """

    SETTINGS = (
        "min_coverage",
        "min_dense",
        "embed_passages",
        "prefer_answer_type",
        "check_names",
        "check_instruments",
        "check_quantities",
        "complete_with_next",
        "shape_answers",
        "check_values",
    )

    def __init__(
        self,
        snapshot: IndexSnapshot,
        min_coverage: float = DEFAULT_MIN_COVERAGE,
        min_dense: float = DEFAULT_MIN_DENSE,
        embed_passages: Callable[[list[str]], np.ndarray] | None = None,
        *,
        prefer_answer_type: bool = True,
        check_names: bool = True,
        check_instruments: bool = True,
        check_quantities: bool = True,
        complete_with_next: bool = True,
        shape_answers: bool = True,
        check_values: bool = True,
    ) -> None:
        """
        :param snapshot: the index generation the retrieved chunks come from.
        :param min_coverage: refuse unless a top passage covers this share of the question (an
            English one: ``ENGLISH_COVERAGE_SHARE`` of it)…
        :param min_dense: …or the best dense similarity reaches this.
        :param embed_passages: embeds sentences as passages with the index's model (for ranking
            sentences by similarity when the question shares few words with them); None: never.
        :param prefer_answer_type: prefer sentences holding the kind of fact asked for.
        :param check_names: refuse a Vietnamese question when the documents found never
            mention a name it asks about.
        :param check_instruments: answer a question naming a numbered instrument ("Nghị định
            35/2022") only from passages about it; refuse when none is.
        :param check_quantities: refuse "how many X" when the passages speak of X but never
            give a number of it.
        :param complete_with_next: add the sentence after the best one when the best does not
            hold the kind of fact asked.
        :param check_values: refuse a question asking for a value of a kind (date, amount, the year
            named, the office named, the part of a total it quotes) that no relevant sentence gives.
        :param shape_answers: answer a list question with every item of the list, a why question
            with the span of sentences that gives the reasons (:mod:`kb.answer.shaped_answers`).
        """
        if not 0.0 <= min_coverage <= 1.0 or not -1.0 <= min_dense <= 1.0:
            raise ValueError("min_coverage must be in [0, 1] and min_dense in [-1, 1]")
        self.snapshot = snapshot
        self.min_coverage = min_coverage
        self.min_dense = min_dense
        self.embed_passages = embed_passages
        self.prefer_answer_type = prefer_answer_type
        self.check_names = check_names
        self.check_instruments = check_instruments
        self.check_quantities = check_quantities
        self.complete_with_next = complete_with_next
        self.shape_answers = shape_answers
        self.check_values = check_values

    @property
    def scorer(self) -> EvidenceScorer:
        return EvidenceScorer.for_snapshot(self.snapshot)

    @component.output_types(answer=Answer)
    def run(
        self,
        question: str,
        language: str,
        documents: list[Document],
        query_embedding: np.ndarray | list[float] | None = None,
        provision: dict[str, Any] | None = None,
        expansions: list[str] | None = None,
        translations: list[str] | None = None,
    ) -> dict[str, Answer]:
        """
        :param question: the normalised question.
        :param language: "vi" or "en": the language of the answer's framing.
        :param documents: retrieved chunks, best first (from ``HybridRetriever``).
        :param query_embedding: the question's vector (for sentence ranking across languages).
        :param provision: a provision found by exact lookup (``LookupResult.to_json()``), cited first.
        :param expansions: other phrasings of the question's terms (abbreviations, Vietnamese
            equivalents of English terms) from ``QueryPreprocessor``.
        :param translations: English equivalents of a Vietnamese question's domain terms.
        :returns: ``answer``: the :class:`kb.answer.cited_answer.Answer`.
        """
        if provision and provision.get("found"):
            return {"answer": self._provision_answer(question, language, provision)}
        scorer = self.scorer
        phrasings = question_phrasings(question, language, scorer, expansions, translations)
        top = documents[:PASSAGES_READ]
        if provision and provision.get("reference"):
            # A provision was named but is not in the knowledge base: say so, never guess its text.
            # Passages that cite it by number may still answer what is asked about it ("the 25 %
            # threshold of Điều 42"): then they answer, after the same words.
            message = str(provision.get("message", ""))
            if not asks_provision_text(question) and any(
                cites_provision(d.content or "", str(provision["reference"])) for d in top
            ):
                answer = self.run(question, language, documents, query_embedding, None, expansions, translations)["answer"]
                answer.answer = f"{message} {text_for(CITED_ELSEWHERE, language)}\n\n{answer.answer}"
                return {"answer": answer}
            answer = self._refusal(question, language, documents, sentence_candidates(top, scorer, phrasings))
            answer.answer = message + "\n" + answer.answer.split("\n", 1)[-1]
            return {"answer": answer}
        answer_type = answer_target(question) if self.prefer_answer_type else (None, [])
        candidates = sentence_candidates(top, scorer, phrasings, answer_type, question)
        depth = refusal_passages(language)
        evidence = max((c.passage_coverage for c in candidates if c.position < depth), default=0.0)
        # A passage in the other language is rated lower by the model however well it answers.
        dense_best = max(
            (
                same_language_similarity(float(d.meta.get("dense_score", 0.0)), language, d.content or "")
                for d in top[:DENSE_PASSAGES]
            ),
            default=0.0,
        )
        min_coverage = self.min_coverage * (ENGLISH_COVERAGE_SHARE if language == "en" else 1.0)
        weak = evidence < min_coverage and dense_best < self.min_dense
        if not top or (weak and not acronym_expanded(question, candidates)):  # "viết tắt" is in no source
            return {"answer": self._refusal(question, language, documents, candidates)}
        read = candidates
        top, candidates, reason = self._checked(question, language, top, candidates, phrasings, answer_type)
        if not reason and len(top) > depth:
            # The passages beyond (but the leading report's own) choose sentences, not whether to answer.
            deciding = deciding_passages(top, depth)
            first = [c for c in read if c.document.id in {d.id for d in deciding}]
            _, _, reason = self._checked(question, language, deciding, first, phrasings, answer_type)
        if reason:
            return {"answer": self._refusal(question, language, documents, candidates, reason)}
        if self.check_values:
            asked = question_shape(question)
            prefer_asked_years(candidates, question_years(question), self.snapshot, asked.kind in ("count", "amount"))
            prefer_named_values(question, asked, candidates)
            prefer_relation(question, language, asked, candidates)
            prefer_person_for_organisation(question, candidates)
        if self.shape_answers:
            prefer_naming_several(question, candidates)
            prefer_asked_words(question, candidates)
            prefer_series_member(question, candidates)
        if (
            evidence < EMBEDDING_RANKING_BELOW
            and self.embed_passages is not None
            and query_embedding is not None
            and candidates
        ):
            rank_by_embedding(candidates, query_embedding, self.embed_passages)
        shape = question_shape(question) if self.shape_answers else None
        place = asked_item(question) if self.shape_answers else None
        if place is not None:
            # "tiêu chí thứ 5": that item of the list the best sentences lead or belong to.
            listed = find_list(candidates) or list_begun_before(candidates, self._passages_around)
            if listed is not None:
                return {"answer": self._list_item(question, language, listed, place, documents, candidates)}
            lists = numbered_lists(candidates, self._title, asked_item_kind(question))
            numbered = numbered_item(lists, place)
            if numbered is not None:
                return {"answer": item_answer(self.snapshot, question, language, [numbered], place, numbered.items[0])}
            length = numbered_list_length(lists)
            if length is not None and place > length:
                reason = text_for(LIST_SHORTER, language).format(count=length, place=place)
                return {"answer": self._refusal(question, language, documents, candidates, reason)}
        if shape is not None and shape.kind == "list":
            # Every item of the list under a heading the question names, or the best sentences' list.
            listed = heading_named_list(question, candidates) or find_list(candidates)
            listed = listed or list_begun_before(candidates, self._passages_around)
            if listed is not None:
                following = next_passage(self.snapshot, listed.document)
                if following is not None:
                    listed.continuation = list_continuation(listed, following)
            else:
                listed = find_series(question, candidates, self._passages_around)
            if listed is not None and not falls_short(question, language, listed, self.check_values):
                return {"answer": list_answer(self.snapshot, question, language, listed)}
        chosen = choose_sentences(candidates, self.complete_with_next)
        inline = inline_list_sentence(candidates) if shape is not None and shape.kind == "list" else None
        if shape is not None and shape.kind == "list" and self.check_values and (
            inline is None or falls_short(question, language, inline)
        ):
            reason = list_refusal_reason(question, language, candidates, listed or inline)
            if reason:
                return {"answer": self._refusal(question, language, documents, candidates, reason)}
        # A sentence listing the items inside itself joins the best one; so does another source's park list.
        chosen = with_listings(question, chosen, candidates, inline)
        said = speech_sentences(question, chosen[0], candidates) if chosen else []
        if ((shape is not None and shape.kind in ("list", "why")) or said) and chosen:
            # Reasons, benefits, items written as sentences, what someone said: with the sentences after.
            best = said[0] if said else max(candidates, key=lambda c: c.score)
            after = next_passage(self.snapshot, best.document)
            following = sentence_candidates([after], scorer, phrasings, answer_type, question) if after else []
            # The next passage is read right after the best one's (the same rank, the next row).
            following = [dataclasses.replace(c, position=best.position) for c in following]
            span = reason_span(best, candidates, following)
            chosen = sorted(
                {id(c): c for c in [*chosen, *span]}.values(),
                key=lambda c: (c.position, c.document.meta.get("row", 0), c.index),
            )
        # No quote starts by referring back to a sentence left out ("Trong đó, …"), nor calls someone
        # by the given name only ("ông Tuấn cho biết") without saying who that is.
        chosen = with_introductions(with_other_part(question, chosen, candidates), candidates)
        chosen = with_event_introduction(self.snapshot, question, chosen, candidates)
        return {"answer": self._compose(question, language, with_referents(chosen, candidates))}

    def _checked(
        self,
        question: str,
        language: str,
        top: list[Document],
        candidates: list[SentenceCandidate],
        phrasings: list,
        answer_type: tuple,
    ) -> tuple[list[Document], list[SentenceCandidate], str]:
        """The passages read, the candidates left after the checks and the reason to refuse ("" when
        none). Before refusing, the passages next to ``top`` in their sources are read too: only a
        neighbour that covers more of the question than the passages retrieved."""
        candidates, reason = self._check(question, language, top, candidates)
        added = neighbour_passages(self.snapshot, top, NEIGHBOUR_REACH) if reason and NEIGHBOUR_REACH else []
        if added:
            found = sentence_candidates(top + added, self.scorer, phrasings, answer_type, question)
            best = max((c.coverage for c in candidates), default=0.0)
            added_ids = {d.id for d in added}
            if any(c.coverage > best for c in found if c.document.id in added_ids):
                found, still = self._check(question, language, top + added, found)
                if not still:
                    return top + added, found, ""
        return top, candidates, reason

    def _check(
        self, question: str, language: str, top: list[Document], candidates: list[SentenceCandidate]
    ) -> tuple[list[SentenceCandidate], str]:
        """The candidates left after the checks, and the reason to refuse ("" when none)."""
        return check_candidates(
            question,
            language,
            top,
            candidates,
            self.snapshot,
            names=self.check_names,
            instruments=self.check_instruments,
            quantities=self.check_quantities,
            values=self.check_values,
        )

    def _compose(self, question: str, language: str, chosen: list[SentenceCandidate]) -> Answer:
        """The chosen sentences, consecutive ones of a passage joined, each group with its marker."""
        markers: dict[str, int] = {}
        quotes: dict[str, list[str]] = {}
        groups: list[tuple[str, list[str]]] = []  # consecutive sentences of one passage share a marker
        previous: SentenceCandidate | None = None
        for candidate in chosen:
            doc_id = candidate.document.id
            if doc_id not in markers:
                markers[doc_id] = len(markers) + 1
                quotes[doc_id] = []
            quotes[doc_id].append(candidate.text)
            text = display_text(candidate.text)
            if groups and groups[-1][0] == doc_id:
                if previous is not None and candidate.index != previous.index + 1:
                    groups[-1][1].append("…")  # sentences apart in the source are not shown as one
                groups[-1][1].append(text)
            else:
                groups.append((doc_id, [text]))
            previous = candidate
        parts = []
        for doc_id, texts in groups:
            text = " ".join(texts)
            parts.append(f"“{text}” [{markers[doc_id]}]" if language == "en" else f"{text} [{markers[doc_id]}]")
        citations: list[Citation] = []
        for candidate in chosen:
            document = candidate.document
            if any(c.chunk_id == document.id for c in citations):
                continue
            quote = join_quotes(document.content or "", quotes[document.id])
            citations.append(citation_for(self.snapshot, document, markers[document.id], quote))
        lead = "According to the documents: " if language == "en" else ""
        if language == "en":
            # What carries over from a Vietnamese quote without translation: counts, dates, names.
            vietnamese = [c for c in chosen if passage_language(c.text) == VIETNAMESE]
            shape = question_shape(question)
            values = english_lead(question, shape, [c.text for c in vietnamese]) if vietnamese else ""
            if values:
                # The lead cites the passages its values come from, not the first one quoted.
                given = sorted({markers[c.document.id] for c in vietnamese if english_lead(question, shape, [c.text])})
                lead = f"{values} {''.join(f'[{m}]' for m in given)}:\n"
        answer_text = lead + " ".join(parts)
        notes = superseded_notes(citations, self.snapshot, language)
        if notes:
            answer_text += "\n\n" + "\n".join(notes)
        return Answer(question, answer_text, False, language, citations, notes=notes)

    def _passages_around(
        self, document: Document, before: int = SERIES_PASSAGES, after: int = SERIES_PASSAGES
    ) -> list[Document]:
        return passages_around(self.snapshot, document, before, after)

    def _list_item(
        self,
        question: str,
        language: str,
        listed: ListAnswer,
        place: int,
        documents: list[Document],
        candidates: list[SentenceCandidate],
    ) -> Answer:
        """Item ``place`` of the list, after its lead-in; refused, saying how many there are, when the
        list is shorter (every item of it counted, also those not shown in a list answer)."""
        following = next_passage(self.snapshot, listed.document)
        if following is not None:
            listed.continuation = list_continuation(listed, following)
        parts = [listed]
        while parts[-1].continuation is not None:
            parts.append(parts[-1].continuation)
        items = [(number, item) for number, part in enumerate(parts, start=1) for item in part.items]
        total = len(items) + parts[-1].more
        if place > total:
            reason = text_for(LIST_SHORTER, language).format(count=total, place=place)
            return self._refusal(question, language, documents, candidates, reason)
        if place > len(items):
            return list_answer(self.snapshot, question, language, listed)  # beyond the items shown: the list
        number, item = items[place - 1]
        return item_answer(self.snapshot, question, language, parts[:number], place, item)

    def _title(self, document: Document) -> str:
        stored = self.snapshot.documents.get(str(document.meta.get("doc_id")))
        return str(stored.info.get("title", "")) if stored is not None else ""

    def _refusal(
        self,
        question: str,
        language: str,
        documents: list[Document],
        candidates: list[SentenceCandidate],
        reason: str = "",
    ) -> Answer:
        """The refusal, why (``reason``, when known), and the closest sources with their best sentence."""
        closest = []
        for document in documents[:3]:
            best = max((c for c in candidates if c.document is document), key=lambda c: c.score, default=None)
            closest.append((document, best.text if best else (document.content or "")[:300]))
        return refusal_answer(question, language, self.snapshot, closest, reason)

    def _provision_answer(self, question: str, language: str, provision: dict[str, Any]) -> Answer:
        """The exact text of the provision the question names, cited whole."""
        doc = self.snapshot.documents[str(provision["doc_id"])]
        text = str(provision["text"])
        citation = Citation(
            marker=1,
            doc_id=doc.doc_id,
            title=doc.info.get("title", ""),
            kind=doc.info.get("kind", ""),
            source=doc.path,
            locator=str(provision.get("locator", "")),
            page=provision.get("page"),
            quote=text,
            chunk_id="",
            provision_path=str(provision.get("path", "")),
            status=doc.info.get("status", ""),
            reliability=doc.info.get("reliability", ""),
            passage=text,
        )
        words = text.split()
        shown = " ".join(words[:MAX_PROVISION_WORDS]) + (" …" if len(words) > MAX_PROVISION_WORDS else "")
        if language == "en":
            answer_text = f"{citation.provision_path} reads: “{shown}” [1]"
        else:
            answer_text = f"{citation.provision_path} quy định: “{shown}” [1]"
        notes = superseded_notes([citation], self.snapshot, language)
        if notes:
            answer_text += "\n\n" + "\n".join(notes)
        return Answer(question, answer_text, False, language, [citation], notes=notes)
