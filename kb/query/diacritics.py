"""Put the diacritics back on a Vietnamese question typed without them.

"khoang cach cong sinh cong nghiep" -> "khoảng cách cộng sinh công nghiệp". Word segmentation
and the embedding model both read unaccented Vietnamese poorly (the folded BM25 tokens match
it, the dense query does not). On the tuning questions plus their accent-folded copies,
switching restoration off costs 0.018 gold cited, 0.029 key facts and 4 more false refusals
(ablation in eval/RESULTS.md); with it, a folded question is 0.024 gold cited behind the same
question typed with its diacritics.
The restored text feeds retrieval only; the answer keeps comparing the question as typed,
accent-folded, so a wrong guess costs little.

A run of unaccented syllables is read as the sequence of known phrases (one to three syllables)
with the best score, longer phrases and surer sources scoring more:

1. words of the knowledge base itself (underthesea's compounds in the indexed tokens:
   "cộng_sinh", "đấu_nối"), the most frequent form;
2. words of underthesea's Vietnamese dictionary (Viet74K) that only one word folds to
   ("bao nhiêu", "khoảng cách");
3. one syllable: a question or function word ("là", "gì", "nào", "có") or the indexed
   syllable that folds to it most often, when it clearly dominates.

Anything else is left as typed. Built once per index generation (cached on the snapshot).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from kb.index.snapshot import IndexSnapshot
from kb.text.lexical_analyzer import FOLDED_PREFIX
from kb.text.normalize import canonical_tone_placement, fold_accents, has_diacritics
from kb.text.stopwords import STOPWORDS_FILE
from kb.text.underthesea_parts import viet74k_words

MAX_NGRAM = 3
# One syllable is restored from the corpus only when one form clearly dominates ("cong" ->
# "công"), not when several are common ("co": "có", "cơ", "cô").
MIN_SYLLABLE_SHARE = 0.6
MIN_SYLLABLE_COUNT = 3
# How much each source is trusted (a phrase of n syllables scores n² times its trust; the knowledge
# base's own compounds 1.5, its dominant syllables 1.0). A dictionary word the corpus never writes
# must not outweigh two question or function words that fold alike ("da co" is "đã có", not the
# rare "dạ cỏ"; "trong do" "trong đó", not "tròng đỏ"): over the fit sets' Vietnamese questions
# folded and restored, wrong words 528 at (1.0, 1.5), 486 at (0.7, 2.0) (`python -m eval.fit_diagnostics
# restoration`).
DICTIONARY_TRUST = 0.7
FUNCTION_TRUST = 2.0
_SYLLABLE = re.compile(r"^[^\W\d_]+$")
_PIECE = re.compile(r"[^\W_]+|\s+|[^\w\s]|_")

Gram = tuple[str, ...]


def _fold(gram: Gram) -> Gram:
    return tuple(fold_accents(s) for s in gram)


@lru_cache(maxsize=1)
def general_words() -> tuple[dict[Gram, Gram], dict[Gram, Gram]]:
    """(dictionary words, function words), by folded form, when only one word folds to it.

    Dictionary words: two or three syllables from underthesea's Viet74K ("bao nhiêu").
    Function words: the question and function words of ``kb/data/stopwords.txt`` ("là",
    "gì", "bao_nhiêu"); they are how questions are asked, rarely how documents are written.
    """
    dictionary: dict[Gram, set[Gram]] = defaultdict(set)
    for word in viet74k_words():
        gram = tuple(canonical_tone_placement(word.lower()).split())
        if 2 <= len(gram) <= MAX_NGRAM and all(_SYLLABLE.match(s) for s in gram):
            dictionary[_fold(gram)].add(gram)
    function: dict[Gram, set[Gram]] = defaultdict(set)
    for line in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#") and all(_SYLLABLE.match(s) for s in word.split("_")):
            function[_fold(tuple(word.split("_")))].add(tuple(word.split("_")))
    unique = lambda table: {k: next(iter(v)) for k, v in table.items() if len(v) == 1}  # noqa: E731
    return unique(dictionary), unique(function)


class DiacriticTable:
    """Accented forms of folded syllable n-grams for one index generation, each with how
    much it is trusted (a restored phrase of n syllables scores n² times that)."""

    def __init__(self, snapshot: IndexSnapshot) -> None:
        compounds: dict[Gram, Counter[Gram]] = defaultdict(Counter)
        syllables: dict[Gram, Counter[Gram]] = defaultdict(Counter)
        for tokens in snapshot.sampled_tokens():  # a sample of a large generation (DERIVED_SAMPLE)
            for token in tokens:
                if token.startswith(FOLDED_PREFIX):
                    continue
                gram = tuple(token.split("_"))
                if not all(_SYLLABLE.match(s) for s in gram):
                    continue
                if 2 <= len(gram) <= MAX_NGRAM:
                    compounds[_fold(gram)][gram] += 1
                for syllable in gram:
                    syllables[(fold_accents(syllable),)][(syllable,)] += 1
        dictionary, function = general_words()
        self.forms: dict[Gram, tuple[Gram, float]] = {}
        for folded, counts in syllables.items():
            form, count = counts.most_common(1)[0]
            if count >= MIN_SYLLABLE_COUNT and count >= MIN_SYLLABLE_SHARE * sum(counts.values()):
                self.forms[folded] = (form, 1.0)
        for folded, form in dictionary.items():
            self.forms[folded] = (form, DICTIONARY_TRUST)
        for folded, counts in compounds.items():
            self.forms[folded] = (counts.most_common(1)[0][0], 1.5)
        for folded, form in function.items():
            self.forms[folded] = (form, FUNCTION_TRUST)

    def restore(self, text: str) -> str:
        """``text`` with its unaccented syllables restored where a form is known: the
        segmentation into known phrases with the highest score wins ("tang tu | bao nhieu",
        not "tang | tu bao | nhieu")."""
        pieces = _PIECE.findall(text)
        for run in self._runs(pieces):
            typed = [pieces[i].lower() for i in run]
            # best[k]: (score, phrases) of the best reading of the first k syllables.
            best: list[tuple[float, list[tuple[int, int, Gram]]]] = [(0.0, [])]
            for end in range(1, len(run) + 1):
                options = [(best[end - 1][0], best[end - 1][1])]
                for n in range(1, min(MAX_NGRAM, end) + 1):
                    known = self.forms.get(tuple(typed[end - n : end]))
                    if known:
                        score = best[end - n][0] + n * n * known[1]
                        options.append((score, [*best[end - n][1], (end - n, end, known[0])]))
                best.append(max(options, key=lambda option: option[0]))
            for start, end, form in best[-1][1]:
                for i, accented in zip(run[start:end], form, strict=True):
                    pieces[i] = _same_case(pieces[i], accented)
        return "".join(pieces)

    @staticmethod
    def _runs(pieces: list[str]) -> list[list[int]]:
        """Indices of the restorable syllables, in runs separated by anything but spaces.
        Acronyms ("KCN", "CO2") and syllables already accented are left alone."""
        runs: list[list[int]] = [[]]
        for i, piece in enumerate(pieces):
            if piece.isspace():
                continue
            restorable = (
                _SYLLABLE.match(piece)
                and not has_diacritics(piece)
                and not (piece.isupper() and len(piece) > 1)
            )
            if restorable:
                runs[-1].append(i)
            elif runs[-1]:
                runs.append([])
        return [run for run in runs if run]


def _same_case(typed: str, accented: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return accented.upper()
    if typed[:1].isupper():
        return accented[:1].upper() + accented[1:]
    return accented


def diacritic_table(snapshot: IndexSnapshot) -> DiacriticTable:
    """The table of one index generation (built on first use, then kept in the snapshot's cache)."""
    return snapshot.cache.get("diacritic_table", lambda: DiacriticTable(snapshot))


def restore_diacritics(snapshot: IndexSnapshot, question: str) -> str:
    """The question with diacritics restored, or unchanged when it already has some."""
    if has_diacritics(question):
        return question
    return diacritic_table(snapshot).restore(question)
