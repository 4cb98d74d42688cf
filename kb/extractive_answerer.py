"""Haystack component: a short answer made of verbatim sentences, each with its source marker.

No LLM and no network: the sentences that best cover the question are picked from the top
passages and joined with inline markers ``[1]``, ``[2]``. When the evidence is below the
calibrated thresholds the answer says so and lists the closest sources instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
from haystack import Document, component

from ingest.legal_header import legal_label
from ingest.manifest import canonical_number
from ingest.normalize import fold_accents
from kb.answer import Answer, Citation, format_date
from kb.evidence import EvidenceScorer, QueryTerm, chunk_sentences
from kb.index_store import IndexSnapshot
from kb.name_mentions import document_names
from kb.query_analysis import (
    NamedInstrument,
    answer_type_match,
    counts_unit,
    english_equivalents,
    expected_answer_type,
    mentions_instrument,
    mentions_unit,
    named_instruments,
    quantity_units,
    question_names,
    unit_words,
    unmentioned_names,
    vietnamese_equivalents,
)

# Calibrated on the domain gold set (eval/): see eval/RESULTS.md.
DEFAULT_MIN_COVERAGE = 0.65
DEFAULT_MIN_DENSE = 0.84
MAX_SENTENCES = 3
MAX_ANSWER_WORDS = 90
MAX_FOLLOWED_WORDS = 130  # when the best sentence is completed by the one after it
PASSAGES_CONSIDERED = 4
# A sentence holding the kind of fact the question asks for (a number for "bao nhiêu", a date
# for "khi nào", a name for "ai") is preferred over one that only repeats the question's words.
ANSWER_TYPE_BONUS = 0.2
ANSWER_TYPE_TERM = "#answer-type"

REFUSAL = {
    "vi": "Không tìm thấy thông tin này trong tài liệu.",
    "en": "The documents do not say.",
}
CLOSEST = {"vi": "Các nguồn gần nhất:", "en": "Closest sources:"}
NOT_MENTIONED = {
    "vi": "Các nguồn tìm được không nhắc đến: {names}.",
    "en": "The sources found do not mention: {names}.",
}
NOT_COUNTED = {
    "vi": "Các đoạn tìm được có nói đến {names} nhưng không nêu con số.",
    "en": "The passages found mention {names} but give no number.",
}
NOT_ABOUT = {
    "vi": "Các đoạn tìm được không nói về {names}.",
    "en": "The passages found are not about {names}.",
}


def superseded_notes(citations: list[Citation], snapshot: IndexSnapshot, language: str) -> list[str]:
    """One note per cited document whose law has been replaced, naming the replacement."""
    notes: list[str] = []
    instruments = snapshot.meta.get("instruments") or {}
    for citation in citations:
        status = citation.status
        if not status.startswith("replaced-by:"):
            continue
        doc = snapshot.documents[citation.doc_id]
        number, kind = doc.info.get("number", ""), doc.info.get("kind", "")
        replacement = status.split(":", 1)[1].strip()
        record = instruments.get(canonical_number(replacement), {}) if isinstance(instruments, dict) else {}
        since = record.get("effective", "")
        old = legal_label(kind, number, language) or doc.info.get("title", "")
        new = legal_label(record.get("kind", ""), replacement, language) or replacement
        if language == "en":
            note = f"Note: {old} [{citation.marker}] has been replaced by {new}"
            note += f" (in force since {format_date(since, 'en')})." if since else "."
        else:
            note = f"Lưu ý: {old} [{citation.marker}] đã được thay thế bởi {new}"
            note += f" (có hiệu lực từ {format_date(since, 'vi')})." if since else "."
        if note not in notes:
            notes.append(note)
    notes += summary_notes(citations, language)
    return notes


def summary_notes(citations: list[Citation], language: str) -> list[str]:
    """One warning per cited summary: it is not the official text."""
    return [
        f"Source [{c.marker}] is a summary, not the official text: check the original before quoting."
        if language == "en"
        else f"Nguồn [{c.marker}] là bản tóm tắt, không phải lời văn chính thức: đối chiếu văn bản gốc trước khi trích dẫn."
        for c in citations
        if c.kind == "summary"
    ]


def citation_for(snapshot: IndexSnapshot, document: Document, marker: int, quote: str) -> Citation:
    meta = document.meta
    doc = snapshot.documents[str(meta["doc_id"])]
    page = meta.get("page")
    locator = str(meta.get("locator") or (f"tr. {page}" if page else ""))
    return Citation(
        marker=marker,
        doc_id=doc.doc_id,
        title=doc.info.get("title", ""),
        kind=doc.info.get("kind", ""),
        source=doc.path,
        locator=locator,
        page=int(page) if page is not None else None,
        quote=quote,
        chunk_id=document.id,
        provision_path=str(meta.get("provision_path") or ""),
        status=doc.info.get("status", ""),
        reliability=doc.info.get("reliability", ""),
        passage=document.content or "",
    )


@component
class ExtractiveAnswerer:
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

        answerer = ExtractiveAnswerer()
        answer = answerer.run(question=q, language="vi", documents=hits, snapshot=snapshot,
                              scorer=EvidenceScorer(snapshot))["answer"]
    """

    def __init__(
        self,
        min_coverage: float = DEFAULT_MIN_COVERAGE,
        min_dense: float = DEFAULT_MIN_DENSE,
        *,
        prefer_answer_type: bool = True,
        check_names: bool = True,
        check_instruments: bool = True,
        check_quantities: bool = True,
        complete_with_next: bool = True,
    ) -> None:
        """
        :param min_coverage: refuse unless a top passage covers this share of the question…
        :param min_dense: …or the best dense similarity reaches this.
        :param prefer_answer_type: prefer sentences holding the kind of fact asked for.
        :param check_names: refuse a Vietnamese question when the documents found never
            mention a name it asks about.
        :param check_instruments: answer a question naming a numbered instrument ("Nghị định
            35/2022") only from passages about it; refuse when none is.
        :param check_quantities: refuse "how many X" when the passages speak of X but never
            give a number of it.
        :param complete_with_next: add the sentence after the best one when the best does not
            hold the kind of fact asked.
        """
        if not 0.0 <= min_coverage <= 1.0 or not -1.0 <= min_dense <= 1.0:
            raise ValueError("min_coverage must be in [0, 1] and min_dense in [-1, 1]")
        self.min_coverage = min_coverage
        self.min_dense = min_dense
        self.prefer_answer_type = prefer_answer_type
        self.check_names = check_names
        self.check_instruments = check_instruments
        self.check_quantities = check_quantities
        self.complete_with_next = complete_with_next

    @component.output_types(answer=Answer)
    def run(
        self,
        question: str,
        language: str,
        documents: list[Document],
        snapshot: IndexSnapshot,
        scorer: EvidenceScorer,
        query_embedding: np.ndarray | list[float] | None = None,
        embed_passages: Callable[[list[str]], np.ndarray] | None = None,
        provision: dict[str, Any] | None = None,
        expansions: list[str] | None = None,
        translations: list[str] | None = None,
    ) -> dict[str, Answer]:
        """
        :param question: the normalised question.
        :param language: "vi" or "en": the language of the answer's framing.
        :param documents: retrieved chunks, best first (from ``HybridRetriever``).
        :param snapshot: the index generation the chunks come from.
        :param scorer: IDF statistics of that generation.
        :param query_embedding: the question's vector (for sentence ranking across languages).
        :param embed_passages: embeds sentences as passages (same model as the index).
        :param provision: a provision found by exact lookup (``LookupResult.to_json()``), cited first.
        :param expansions: other phrasings of the question's terms (abbreviations, Vietnamese
            equivalents of English terms) from ``QueryPreprocessor``.
        :param translations: English equivalents of a Vietnamese question's domain terms.
        :returns: ``answer``: the :class:`kb.answer.Answer`.
        """
        if provision and provision.get("found"):
            return {"answer": self._provision_answer(question, language, provision, documents, snapshot)}
        groups = [scorer.query_terms(question)]
        folded = groups[0][1]
        # Other phrasings of the question (one line each: word segmentation must not join
        # the end of one phrase to the start of the next).
        if language == "en":
            # What a Vietnamese source can contain: the question's names, the long forms of
            # its abbreviations, and one term per domain term, found when any of its
            # Vietnamese equivalents is ("company": "doanh nghiệp" or "công ty").
            phrases = vietnamese_equivalents(question)
            glossary_terms = {v for options in phrases for v in options}
            names = re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w-]*", question)
            others = [e for e in expansions or [] if e not in glossary_terms]
            terms, _ = scorer.query_terms("\n".join([" ".join(names), *others]), folded=folded)
            groups.append((terms + scorer.phrase_terms(phrases, folded), folded))
        elif expansions:
            groups.append(scorer.query_terms("\n".join([question, *expansions]), folded=folded))
        if translations:
            # An English source answers a Vietnamese question in its own words: the names
            # the question uses plus the English equivalents of its domain terms.
            names, _ = scorer.query_terms("\n".join(question_names(question)), folded=folded)
            phrases = english_equivalents("\n".join([question, *(expansions or [])]))
            groups.append((names + scorer.phrase_terms(phrases, folded), folded))
        if provision and provision.get("reference"):
            # A provision was named but is not in the knowledge base: say so, never guess it.
            named = self._sentences(documents[:PASSAGES_CONSIDERED], scorer, groups)
            answer = self._refusal(question, language, documents, snapshot, named)
            answer.answer = str(provision.get("message", "")) + "\n" + answer.answer.split("\n", 1)[-1]
            return {"answer": answer}
        top = documents[:PASSAGES_CONSIDERED]
        answer_type = (
            (expected_answer_type(question), quantity_units(question))
            if self.prefer_answer_type
            else (None, [])
        )
        candidates = self._sentences(top, scorer, groups, answer_type)
        evidence = max((c["passage_coverage"] for c in candidates), default=0.0)
        dense_best = max((float(d.meta.get("dense_score", 0.0)) for d in top[:3]), default=0.0)
        if not top or (evidence < self.min_coverage and dense_best < self.min_dense):
            return {"answer": self._refusal(question, language, documents, snapshot, candidates)}
        # A Vietnamese question about a park or company the documents found never mention is
        # not answered by a passage about another one. (An English question's capitalised
        # words are not reliably names: "Decree", "September".)
        missing: list[str] = []
        if self.check_names and language == "vi" and question_names(question):
            found = dict.fromkeys(str(d.meta["doc_id"]) for d in top)
            missing = unmentioned_names(question, " ".join(document_names(snapshot, d) for d in found))
        if missing:
            names = ", ".join(f"“{name}”" for name in missing)
            reason = NOT_MENTIONED.get(language, NOT_MENTIONED["vi"]).format(names=names)
            return {"answer": self._refusal(question, language, documents, snapshot, candidates, reason)}
        # A question about Decree 35/2022 is not answered by a passage about Decree 82/2018 (the
        # decree it replaced, with other figures): keep passages that name the instrument asked.
        instruments = [i for i in named_instruments(question) if i.certain] if self.check_instruments else []
        if instruments:
            candidates = [c for c in candidates if _about_instrument(c, snapshot, instruments)]
            if not candidates:
                labels = ", ".join(
                    f"“{legal_label(i.kind or '', i.text, language) or i.text}”" for i in instruments
                )
                reason = NOT_ABOUT.get(language, NOT_ABOUT["vi"]).format(names=labels)
                return {"answer": self._refusal(question, language, documents, snapshot, candidates, reason)}
        # "Bao nhiêu đại biểu …?" is not answered by a passage that speaks of the delegates
        # without giving their number (nor "how many employees" by the plant's capacity).
        uncounted = self._uncounted(question, candidates) if self.check_quantities else []
        if uncounted:
            names = ", ".join(f"“{unit_words(question, unit)}”" for unit in uncounted)
            reason = NOT_COUNTED.get(language, NOT_COUNTED["vi"]).format(names=names)
            return {"answer": self._refusal(question, language, documents, snapshot, candidates, reason)}
        if evidence < 0.2 and embed_passages is not None and query_embedding is not None and candidates:
            self._rank_by_embedding(candidates, query_embedding, embed_passages)
        chosen = self._choose(candidates, self.complete_with_next)
        return {"answer": self._compose(question, language, chosen, snapshot)}

    # ----------------------------------------------------------------- sentences
    @staticmethod
    def _sentences(
        documents: list[Document],
        scorer: EvidenceScorer,
        groups: list[tuple[list[QueryTerm], bool]],
        answer_type: tuple[str | None, list[str]] = (None, []),
    ) -> list[dict[str, Any]]:
        """Every sentence of the passages with its coverage of the question.

        ``groups`` are alternative phrasings of the question (its own words; the Vietnamese
        equivalents of an English question; abbreviation expansions): a sentence covers the
        question as well as its best-covered phrasing.
        """
        out: list[dict[str, Any]] = []
        if not documents:
            return out
        scores = np.array([d.score or 0.0 for d in documents], dtype=np.float64)
        spread = scores.max() - scores.min()
        rank_bonus = (scores - scores.min()) / spread if spread > 0 else np.ones_like(scores)
        for position, document in enumerate(documents):
            row = int(document.meta["row"])
            chunk = scorer.snapshot.chunks[row]
            per_group = [(terms, scorer.sentence_syllables(row, folded)) for terms, folded in groups]
            # A passage of the Kalundborg case study is about Kalundborg even when its
            # sentences do not repeat the name: the title counts for the passage's coverage.
            passage_coverage = max(
                (
                    scorer.coverage(terms, set().union(*sets, scorer.title_syllables(chunk.doc_id, folded)))
                    for (terms, sets), (_, folded) in zip(per_group, groups, strict=True)
                    if sets
                ),
                default=0.0,
            )
            for index, span in enumerate(chunk_sentences(chunk)):
                text = chunk.text[span[0] : span[1]].strip()
                if not text:
                    continue
                coverage, covered = 0.0, set()
                for terms, sets in per_group:
                    value = scorer.coverage(terms, sets[index])
                    if value > coverage:
                        coverage, covered = value, scorer.covered(terms, sets[index])
                typed = answer_type_match(text, *answer_type) if coverage > 0 else 0.0
                if typed:
                    covered = covered | {ANSWER_TYPE_TERM}
                out.append(
                    {
                        "document": document,
                        "position": position,
                        "index": index,
                        "text": text,
                        "coverage": coverage,
                        "covered": covered,
                        "passage_coverage": passage_coverage,
                        "score": coverage
                        + 0.15 * float(rank_bonus[position])
                        - 0.02 * position
                        + ANSWER_TYPE_BONUS * typed,
                    }
                )
        return out

    @staticmethod
    def _uncounted(question: str, candidates: list[dict[str, Any]]) -> list[str]:
        """What the question counts that the best sentence speaks of without a number, when no
        sentence of the passages gives one. Empty when the best sentence does not use the word:
        a synonym or another language may then hold the answer ("năng lượng" / "oil equivalent")."""
        units = [u for u in quantity_units(question) if u != "%"]
        if not units or not candidates:
            return []
        best = fold_accents(max(candidates, key=lambda c: c["score"])["text"]).lower()
        mentioned = [u for u in units if mentions_unit(best, u)]
        texts = [fold_accents(c["text"]).lower() for c in candidates]
        if not mentioned or any(counts_unit(t, u) for u in mentioned for t in texts):
            return []
        return mentioned

    @staticmethod
    def _rank_by_embedding(
        candidates: list[dict[str, Any]],
        query_embedding: np.ndarray | list[float],
        embed_passages: Callable[[list[str]], np.ndarray],
    ) -> None:
        pool = [c for c in candidates if c["position"] < 2]
        vectors = embed_passages([c["text"] for c in pool])
        similarities = vectors @ np.asarray(query_embedding, dtype=np.float32)
        for candidate, similarity in zip(pool, similarities, strict=True):
            candidate["score"] = float(similarity) + 0.05 * (2 - candidate["position"])
            candidate["covered"] = {f"~{candidate['position']}:{candidate['index']}"}
        for candidate in candidates:
            if candidate["position"] >= 2:
                candidate["score"] = -1.0

    @staticmethod
    def _choose(candidates: list[dict[str, Any]], complete_with_next: bool = True) -> list[dict[str, Any]]:
        ranked = sorted(candidates, key=lambda c: -c["score"])
        if not ranked:
            return []
        best = ranked[0]
        chosen = [best]
        covered = set(best["covered"])
        words = len(best["text"].split())
        spans: dict[str, tuple[int, int]] = {best["document"].id: (best["index"], best["index"])}
        for candidate in ranked[1:]:
            if len(chosen) >= MAX_SENTENCES:
                break
            new = set(candidate["covered"]) - covered
            if not new or candidate["score"] < 0.5 * best["score"]:
                continue
            size = len(candidate["text"].split())
            if words + size > MAX_ANSWER_WORDS:
                continue
            # Sentences of one passage are quoted as one verbatim span: keep that span short.
            doc_id = candidate["document"].id
            low, high = spans.get(doc_id, (candidate["index"], candidate["index"]))
            low, high = min(low, candidate["index"]), max(high, candidate["index"])
            span_words = sum(
                len(c["text"].split())
                for c in candidates
                if c["document"].id == doc_id and low <= c["index"] <= high
            )
            if span_words > MAX_ANSWER_WORDS:
                continue
            spans[doc_id] = (low, high)
            chosen.append(candidate)
            covered |= new
            words += size
        # A heading or a very short pick ("Mục tiêu:", "TIÊU CHÍ …") says what follows, not
        # the answer: complete it with the sentences that follow it in the same passage.
        if _heading_like(best["text"]):
            size = len(best["text"].split())
            followers = sorted(
                (c for c in candidates if c["document"] is best["document"] and c["index"] > best["index"]),
                key=lambda c: c["index"],
            )
            for follower in followers:
                if size >= MAX_ANSWER_WORDS - 20 or follower in chosen:
                    break
                chosen.append(follower)
                size += len(follower["text"].split())
        # The sentence that best matches the question often introduces the answer, which
        # follows it ("… lan tỏa sang các KCN khác. Chẳng hạn như KCN Nam Cầu Kiền …",
        # "… ông Tuấn cho biết: …"): unless it holds the kind of fact asked, add its successor.
        elif complete_with_next and ANSWER_TYPE_TERM not in best["covered"]:
            follower = next(
                (
                    c
                    for c in candidates
                    if c["document"] is best["document"] and c["index"] == best["index"] + 1
                ),
                None,
            )
            size = sum(len(c["text"].split()) for c in chosen)
            if (
                follower
                and follower not in chosen
                and size + len(follower["text"].split()) <= MAX_FOLLOWED_WORDS
            ):
                chosen.append(follower)
        return sorted(chosen, key=lambda c: (c["position"], c["index"]))

    # ----------------------------------------------------------------- answers
    def _compose(
        self, question: str, language: str, chosen: list[dict[str, Any]], snapshot: IndexSnapshot
    ) -> Answer:
        citations: list[Citation] = []
        markers: dict[str, int] = {}
        quotes: dict[str, list[str]] = {}
        parts: list[str] = []
        groups: list[tuple[str, list[str]]] = []  # consecutive sentences of one passage share a marker
        for candidate in chosen:
            document = candidate["document"]
            if document.id not in markers:
                markers[document.id] = len(markers) + 1
                quotes[document.id] = []
            quotes[document.id].append(candidate["text"])
            text = " ".join(candidate["text"].split())
            if groups and groups[-1][0] == document.id:
                groups[-1][1].append(text)
            else:
                groups.append((document.id, [text]))
        for doc_id, texts in groups:
            text = " ".join(texts)
            marker = markers[doc_id]
            parts.append(f"“{text}” [{marker}]" if language == "en" else f"{text} [{marker}]")
        for candidate in chosen:
            document = candidate["document"]
            if any(c.chunk_id == document.id for c in citations):
                continue
            quote = _join_quotes(document.content or "", quotes[document.id])
            citations.append(citation_for(snapshot, document, markers[document.id], quote))
        lead = "According to the documents: " if language == "en" else ""
        answer_text = lead + " ".join(parts)
        notes = superseded_notes(citations, snapshot, language)
        if notes:
            answer_text += "\n\n" + "\n".join(notes)
        return Answer(question, answer_text, False, language, citations, notes=notes)

    def _refusal(
        self,
        question: str,
        language: str,
        documents: list[Document],
        snapshot: IndexSnapshot,
        candidates: list[dict[str, Any]],
        reason: str = "",
    ) -> Answer:
        """The refusal, why (``reason``, when known), and the closest sources."""
        citations: list[Citation] = []
        lines = [REFUSAL.get(language, REFUSAL["vi"])]
        if reason:
            lines.append(reason)
        closest = documents[:3]
        if closest:
            lines.append(CLOSEST.get(language, CLOSEST["vi"]))
        for marker, document in enumerate(closest, start=1):
            best = max(
                (c for c in candidates if c["document"] is document),
                key=lambda c: c["score"],
                default=None,
            )
            quote = best["text"] if best else (document.content or "")[:300]
            citation = citation_for(snapshot, document, marker, quote)
            citations.append(citation)
            where = f" — {citation.locator}" if citation.locator else ""
            lines.append(f"[{marker}] {citation.title}{where}")
        return Answer(question, "\n".join(lines), True, language, citations)

    def _provision_answer(
        self,
        question: str,
        language: str,
        provision: dict[str, Any],
        documents: list[Document],
        snapshot: IndexSnapshot,
    ) -> Answer:
        doc = snapshot.documents[str(provision["doc_id"])]
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
        shown = " ".join(text.split())
        words = shown.split()
        if len(words) > 120:
            shown = " ".join(words[:120]) + " …"
        if language == "en":
            answer_text = f"{citation.provision_path} reads: “{shown}” [1]"
        else:
            answer_text = f"{citation.provision_path} quy định: “{shown}” [1]"
        notes = superseded_notes([citation], snapshot, language)
        if notes:
            answer_text += "\n\n" + "\n".join(notes)
        return Answer(question, answer_text, False, language, [citation], notes=notes)


def _about_instrument(
    candidate: dict[str, Any], snapshot: IndexSnapshot, instruments: list[NamedInstrument]
) -> bool:
    """Whether a sentence speaks about one of the instruments asked.

    A document that is (or summarises) another instrument speaks about the one asked only in
    the sentences naming it (a summary of Decree 82 compares a threshold with Decree 35); any
    other passage does when it or its document's title names the instrument.
    """
    document = candidate["document"]
    info = snapshot.documents[str(document.meta["doc_id"])].info
    own = str(info.get("number", ""))
    if own:
        if any(mentions_instrument(own, i.key) for i in instruments):
            return True
        return any(mentions_instrument(candidate["text"], i.key) for i in instruments)
    text = "\n".join([document.content or "", str(info.get("title", ""))])
    return any(mentions_instrument(text, i.key) for i in instruments)


def _heading_like(text: str) -> bool:
    """Short, colon-ended, or mostly upper-case: a title or list lead-in rather than a statement."""
    letters = [ch for ch in text if ch.isalpha()]
    upper = sum(1 for ch in letters if ch.isupper())
    stripped = text.rstrip()
    return (
        len(text.split()) < 8
        or stripped.endswith(":")
        or (bool(letters) and upper / len(letters) > 0.6)
        or bool(re.search(r"\n\s*(\d+|[a-zđ])[.)]\s*$", stripped))
    )


def _join_quotes(passage: str, sentences: list[str]) -> str:
    """The quoted sentences of one passage (in order) as one verbatim span of it."""
    if len(sentences) == 1:
        return sentences[0]
    first = passage.find(sentences[0])
    last = passage.find(sentences[-1], max(first, 0))
    if first < 0 or last < 0:
        return sentences[0]
    return passage[first : last + len(sentences[-1])]
