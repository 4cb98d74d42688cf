"""How much of a question a sentence or passage covers, from tokens stored at ingest.

A question's content words (stop words removed) are weighted by IDF; a word counts as
present in a sentence when all its syllables are there (so "công nghiệp" is found inside
the compound "công_nghiệp_sinh_thái"), compared accent-folded when the question was typed
without diacritics; an English word also when only its inflection differs ("industries" for
"industry"). Coverage is the weighted share of the question found.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from kb.index.snapshot import IndexSnapshot, StoredChunk
from kb.text.lexical_analyzer import FOLDED_PREFIX, word_tokens
from kb.text.normalize import canonical_spelling, fold_accents, has_diacritics, normalize_text
from kb.text.stopwords import folded_stopwords, stopwords

SENTENCE_CACHE = 4096  # chunks whose sentence syllables are kept per index generation
HEADING_WORDS = 40  # a chunk's first line this short is the heading its sentences sit under


def passage_heading(text: str, heading: str = "") -> str:
    """The heading a passage's sentences sit under: its section ``heading``, else its first line when
    short and more lines follow ("A. GIAI ĐOẠN 1 (2014–2019): Dự án …"), else ""."""
    if heading:
        return heading
    first = text.strip().split("\n", 1)[0]
    return first if "\n" in text.strip() and len(first.split()) <= HEADING_WORDS else ""
_HOW = re.compile(r"\bhow\s+([a-z]+)")
# "… làm cộng sinh công nghiệp như thế nào?", "… theo cách nào?": asking how, "làm" and "cách" are the
# question's, not words an answer restates ("cách trung tâm ~12 km", "do người Việt Nam làm chủ đầu tư").
_HOW_VI = re.compile(r"\b(?:nhu the nao|the nao|ra sao|lam sao|(?:theo|bang) cach (?:nao|gi))\b")
_HOW_VI_WORDS = frozenset({"lam", "cach"})
_POSSESSIVE = re.compile(r"(?<=\w)['’]s$")
_PHRASE_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


@dataclass(frozen=True)
class QueryTerm:
    word: str
    syllables: tuple[str, ...]
    weight: float
    # Other phrasings that count as the same term ("power station" / "power plant").
    alternatives: tuple[tuple[str, ...], ...] = ()

    def found_in(self, syllables: set[str]) -> bool:
        return any(all(s in syllables for s in option) for option in (self.syllables, *self.alternatives))


# English inflections ("industries", "consumed", "exchanges"): no Vietnamese syllable ends in s, d or
# "ing", so stripping them never merges two Vietnamese syllables.
_INFLECTIONS = (("ies", "i"), ("ied", "i"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def english_stem(word: str) -> str:
    """``word`` without an English inflection ("industries" -> "industri", "consumed" -> "consum")."""
    if len(word) < 4 or not word.isascii() or not word.isalpha() or word.endswith("ss"):
        return word
    for suffix, replacement in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def _with_stems(syllables: set[str]) -> set[str]:
    """The syllables, their English stems and the parts of dotted abbreviations ("tp." and "hcm" of
    "Tp. HCM", "pgs" and "ts" of "PGS.TS"): the tokeniser splits "Tp.HCM" one way in a question and
    another in a passage."""
    return syllables | {english_stem(s) for s in syllables} | {p for s in syllables if "." in s for p in _dotted(s)}


def _folded_set(syllables: set[str], folded: bool) -> set[str]:
    """The syllables to compare with a question's terms: folded, with the accented forms kept too
    when ``folded`` (no folded term is accented, so they only match the accented Vietnamese phrases
    an English question's terms translate to: "cố vấn" is not "có … tư vấn")."""
    return _with_stems({fold_accents(s) for s in syllables} | syllables if folded else syllables)


def _dotted(syllable: str) -> tuple[str, ...]:
    return tuple(p for p in syllable.split(".") if p)


def _stem_alternatives(syllables: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Other forms of a one-word English query term that a sentence's stems may hold: its stem, and
    the base form's stem ("industry" -> "industri", "consume" -> "consum")."""
    if len(syllables) != 1:
        return ()
    (word,) = syllables
    forms = {english_stem(word)}
    if len(word) >= 5 and word.isascii() and word.isalpha():
        if word.endswith("y"):
            forms.add(word[:-1] + "i")
        elif word.endswith("e"):
            forms.add(word[:-1])
    return tuple((f,) for f in sorted(forms) if f != word)


def _pair_part(syllable: str) -> bool:
    """A word, or a number of one or two digits (the number of a session, a phase, an article)."""
    return syllable.isalpha() or (syllable.isdigit() and len(syllable) <= 2)


def _syllables(word: str, folded: bool) -> tuple[str, ...]:
    parts = tuple(p for p in word.split("_") if p)
    return tuple(fold_accents(p) for p in parts) if folded else parts


class EvidenceScorer:
    """IDF statistics of one index generation, and coverage of questions by its chunks.

    Usage::

        scorer = EvidenceScorer.for_snapshot(snapshot)
        terms, folded = scorer.query_terms("KCN Hiệp Phước có bao nhiêu doanh nghiệp?")
        scorer.coverage(terms, scorer.sentence_syllables(row, folded)[0])  # share of the question
    """

    def __init__(self, snapshot: IndexSnapshot) -> None:
        self.snapshot = snapshot
        accented: Counter[str] = Counter()
        folded: Counter[str] = Counter()
        sampled = 0  # document frequencies over a sample of a large generation (DERIVED_SAMPLE)
        for tokens in snapshot.sampled_tokens():
            words = {t for t in tokens if not t.startswith(FOLDED_PREFIX)}
            syllables = {s for w in words for s in w.split("_")}
            accented.update(syllables)
            folded.update({fold_accents(s) for s in syllables})
            sampled += 1
        self._n = max(1, sampled)
        self._df = {False: accented, True: folded}
        self._titles: dict[tuple[str, bool], set[str]] = {}
        # Sentences of the passages that questions keep landing on are folded once.
        self._sentence_syllables = lru_cache(maxsize=SENTENCE_CACHE)(self._compute_sentence_syllables)
        self._sentence_pairs = lru_cache(maxsize=SENTENCE_CACHE)(self._compute_sentence_pairs)
        self._heading_syllables = lru_cache(maxsize=SENTENCE_CACHE)(self._compute_heading_syllables)

    @classmethod
    def for_snapshot(cls, snapshot: IndexSnapshot) -> EvidenceScorer:
        """The scorer of ``snapshot``, built on first use and shared by every question on it."""
        return snapshot.cache.get("evidence_scorer", lambda: cls(snapshot))

    def idf(self, syllable: str, folded: bool) -> float:
        df = self._df[folded].get(syllable, 0)
        return math.log(1.0 + (self._n - df + 0.5) / (df + 0.5))

    def query_terms(self, question: str, folded: bool | None = None) -> tuple[list[QueryTerm], bool]:
        """Content words of the question with weights; second value: compare accent-folded
        (by default when the question has no diacritics)."""
        folded = not has_diacritics(question) if folded is None else folded
        stop = folded_stopwords() if folded else stopwords()
        terms: list[QueryTerm] = []
        seen: set[str] = set()
        words = word_tokens(question)
        if not has_diacritics(question):
            # Word segmentation guesses wrong without diacritics ("ulsan_la", "sinh_o"):
            # compare syllable by syllable instead.
            words = [syllable for word in words for syllable in word.split("_") if syllable]
        # "How large / far / long …" asks for a size: its adjective is no word an answer restates.
        asked = {m.group(1) for m in _HOW.finditer(fold_accents(question).lower())}
        if _HOW_VI.search(fold_accents(question).lower()):
            asked |= _HOW_VI_WORDS
        for word in words:
            word = _POSSESSIVE.sub("", word)  # "Korea's" is "Korea"
            if (fold_accents(word) if folded else word) in stop or word in seen or fold_accents(word).lower() in asked:
                continue
            seen.add(word)
            syllables = _syllables(word, folded)
            if not syllables:
                continue
            weight = sum(self.idf(s, folded) for s in syllables) / len(syllables)
            dotted = tuple(p for s in syllables for p in _dotted(s))
            alternatives = _stem_alternatives(syllables) + ((dotted,) if dotted != syllables else ())
            terms.append(QueryTerm(word, syllables, weight, alternatives))
        return terms, folded

    def phrase_terms(self, phrases: list[list[str]], folded: bool, accented: bool = False) -> list[QueryTerm]:
        """One term per list of interchangeable phrases (found when any of them is); ``accented``:
        the phrases keep their diacritics when compared folded (the glossary's Vietnamese)."""
        terms: list[QueryTerm] = []
        for options in phrases:
            # Glossary phrases are plain words: split them without the word segmenter.
            parsed = [
                tuple(
                    fold_accents(w) if folded and not accented else w
                    for w in _PHRASE_WORD.findall(canonical_spelling(normalize_text(o)).lower())
                )
                for o in options
            ]
            parsed = [p for p in parsed if p]
            if not parsed:
                continue
            weight = max(sum(self.idf(fold_accents(s) if folded else s, folded) for s in p) / len(p) for p in parsed)
            stems = tuple(a for p in parsed for a in _stem_alternatives(p))
            terms.append(QueryTerm(options[0], parsed[0], weight, tuple(parsed[1:]) + stems))
        return terms

    def title_syllables(self, doc_id: str, folded: bool) -> set[str]:
        """Syllables of a document's title (cached: titles are few and short)."""
        key = (doc_id, folded)
        if key not in self._titles:
            document = self.snapshot.documents.get(doc_id)
            title = str(document.info.get("title", "")) if document else ""
            syllables = {s for word in word_tokens(title) for s in word.split("_") if s}
            self._titles[key] = _folded_set(syllables, folded)
        return self._titles[key]

    def heading_syllables(self, row: int, folded: bool) -> set[str]:
        """Syllables of the heading chunk ``row`` sits under: its section heading, else its first
        line when short ("A. GIAI ĐOẠN 1 (2014–2019): Dự án …"); cached (do not modify)."""
        return self._heading_syllables(row, folded)

    def _compute_heading_syllables(self, row: int, folded: bool) -> set[str]:
        chunk = self.snapshot.chunks[row]
        heading = passage_heading(chunk.text, str(chunk.meta.get("heading") or ""))
        syllables = {s for word in word_tokens(heading) for s in word.split("_") if s}
        return _folded_set(syllables, folded)

    def sentence_syllables(self, row: int, folded: bool) -> list[set[str]]:
        """Syllable sets of each stored sentence of chunk ``row`` (cached; do not modify)."""
        return self._sentence_syllables(row, folded)

    def _compute_sentence_syllables(self, row: int, folded: bool) -> list[set[str]]:
        chunk = self.snapshot.chunks[row]
        tokens = self.snapshot.tokens[row]
        out = []
        for _start, _end, first, last in chunk_sentences(chunk):
            syllables = {s for word in tokens[first:last] for s in word.split("_")}
            out.append(_folded_set(syllables, folded))
        return out

    def query_pairs(self, question: str, folded: bool) -> list[tuple[tuple[str, str], float]]:
        """Adjacent syllable pairs of the question's content words, with IDF weights: "cung cấp
        hiểu biết" gives ("cung", "cấp"), ("cấp", "hiểu"), ("hiểu", "biết"). A sentence holding a pair
        side by side says what the question says, not the same syllables scattered over other
        words ("cùng … cao cấp … Hiệu quả" for "cung cap hieu"), which an unaccented question
        cannot otherwise tell apart."""
        stop = folded_stopwords() if folded else stopwords()
        syllables = [
            fold_accents(s) if folded else s for word in word_tokens(question) for s in word.split("_") if s
        ]
        pairs: dict[tuple[str, str], float] = {}
        for first, second in pairwise(syllables):
            # Words, or a word and its number ("phiên 4", "giai đoạn 2"; not a year or a count).
            if first in stop or second in stop or not (_pair_part(first) and _pair_part(second)):
                continue
            if not (first.isalpha() or second.isalpha()):
                continue
            pairs.setdefault((first, second), (self.idf(first, folded) + self.idf(second, folded)) / 2)
        return list(pairs.items())

    def sentence_pairs(self, row: int, folded: bool) -> list[set[tuple[str, str]]]:
        """Adjacent syllable pairs of each stored sentence of chunk ``row`` (cached; do not modify)."""
        return self._sentence_pairs(row, folded)

    def _compute_sentence_pairs(self, row: int, folded: bool) -> list[set[tuple[str, str]]]:
        chunk = self.snapshot.chunks[row]
        tokens = self.snapshot.tokens[row]
        out = []
        for _start, _end, first, last in chunk_sentences(chunk):
            syllables = [
                fold_accents(s) if folded else s
                for word in tokens[first:last]
                if not word.startswith(FOLDED_PREFIX)
                for s in word.split("_")
                if s
            ]
            out.append(set(pairwise(syllables)))
        return out

    @staticmethod
    def pair_share(pairs: list[tuple[tuple[str, str], float]], found: set[tuple[str, str]]) -> float:
        """The weighted share of the question's pairs that a sentence holds side by side."""
        total = sum(weight for _, weight in pairs)
        return sum(weight for pair, weight in pairs if pair in found) / total if total > 0 else 0.0

    @staticmethod
    def scattered_share(
        terms: list[QueryTerm],
        syllables: set[str],
        pairs: list[tuple[tuple[str, str], float]],
        found: set[tuple[str, str]],
    ) -> float:
        """The weighted share of the question held only as scattered syllables: one-syllable terms
        found in the sentence that belong to question pairs none of which the sentence holds side by
        side ("cung" of "cung cap" matched by "cùng", "cap" by "cao cấp")."""
        total = sum(t.weight for t in terms)
        if total <= 0 or not pairs:
            return 0.0
        partners: dict[str, list[tuple[str, str]]] = {}
        for pair, _ in pairs:
            for syllable in pair:
                partners.setdefault(syllable, []).append(pair)
        scattered = sum(
            t.weight
            for t in terms
            if len(t.syllables) == 1
            and t.syllables[0] in partners
            and t.found_in(syllables)
            and not any(pair in found for pair in partners[t.syllables[0]])
        )
        return scattered / total

    @staticmethod
    def coverage(terms: list[QueryTerm], syllables: set[str]) -> float:
        total = sum(t.weight for t in terms)
        if total <= 0:
            return 0.0
        found = sum(t.weight for t in terms if t.found_in(syllables))
        return found / total

    @staticmethod
    def covered(terms: list[QueryTerm], syllables: set[str]) -> set[str]:
        return {t.word for t in terms if t.found_in(syllables)}


def chunk_sentences(chunk: StoredChunk) -> list[tuple[int, int, int, int]]:
    """(start, end, first token, last token) of each sentence of a stored chunk."""
    raw = chunk.meta.get("sentences") or []
    if raw:
        return [tuple(s) for s in raw]  # type: ignore[misc]
    return [(0, len(chunk.text), 0, 0)]
