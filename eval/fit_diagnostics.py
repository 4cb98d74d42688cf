"""Where answers on the fit sets go wrong, and how well diacritics are restored: the diagnostics
RESULTS.md "What was tried" (ninth session) quotes.

``python -m eval.fit_diagnostics misses [MODULE.NAME=VALUE ...]``: each answerable fit question not
answered in full, by cause — a false refusal, the gold document not among the five passages read,
its key facts not in them, every key fact in one sentence of them that was not chosen, or the facts
spread over several sentences.

``python -m eval.fit_diagnostics followups [MODULE.NAME=VALUE ...]``: each fit follow-up pair not right in
full, by where it goes wrong: the rewrite (its expected standalone question, asked on its own, is answered
right) or the answer (it is not), with the pair's kind.

``python -m eval.fit_diagnostics restoration [MODULE.NAME=VALUE ...]``: every Vietnamese question of the
fit sets (and the fit follow-ups) typed with diacritics is folded, restored, and compared word by word
with what was typed; "nam" (năm / Nam, left as typed by design) is not counted. E.g. the trusts before
this session: ``restoration kb.query.diacritics.DICTIONARY_TRUST=1.0 kb.query.diacritics.FUNCTION_TRUST=1.5``.

Report sets are never read here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter

from eval.answer_eval import _contains, evaluate_followups, load_followups, load_gold, score_followup_answers
from eval.datasets import persistent_index
from eval.fit_answers import apply_setting
from eval.question_sets import ANSWER_SETS, FIT, FOLLOWUP_SETS
from kb.config import REPO_ROOT, Settings
from kb.knowledge_base import KnowledgeBase
from kb.query.diacritics import restore_diacritics
from kb.query.language import detect_language
from kb.text.normalize import fold_accents, has_diacritics

PASSAGES_READ = 5
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def miss_kind(refused: bool, doc_ids: list[str], texts: list[str], gold_docs: list[str], facts: list[str]) -> str:
    """Why an answerable question was not answered in full, from the passages read."""
    if refused:
        return "false refusal"
    if not set(doc_ids) & set(gold_docs):
        return "gold document not read"
    if not all(any(_contains(t, f) for t in texts) for f in facts):
        return "key facts not in the passages read"
    sentences = [s for t in texts for s in _SENTENCE_END.split(t)]
    if any(all(_contains(s, f) for f in facts) for s in sentences):
        return "one sentence holds every key fact, another was chosen"
    return "key facts spread over sentences"


def wrong_words(typed: str, restored: str) -> list[tuple[str, str]]:
    """(typed, restored) for each word restored otherwise than typed; "nam" aside."""
    pairs = zip(typed.lower().split(), restored.lower().split(), strict=False)
    return [(a, b) for a, b in pairs if a != b and fold_accents(a).strip("?,.") != "nam"]


def misses(base: KnowledgeBase) -> Counter[str]:
    kinds: Counter[str] = Counter()
    for name, qset in ANSWER_SETS.items():
        if qset.role != FIT:
            continue
        for question in load_gold(qset.path):
            if not question.answerable:
                continue
            answer = base.ask(question.question)
            if not answer.refused and all(_contains(answer.answer, f) for f in question.key_facts):
                continue
            passages = base.retrieve(question.question, k=PASSAGES_READ)["retriever"]["documents"]
            kind = miss_kind(
                answer.refused,
                [str(d.meta["doc_id"]) for d in passages],
                [d.content or "" for d in passages],
                question.gold_docs,
                question.key_facts,
            )
            kinds[kind] += 1
            print(f"{name}\t{question.qid}\t{kind}")
    return kinds


def followups(base: KnowledgeBase) -> Counter[str]:
    """Each fit follow-up pair not right in full, by where it goes wrong: the rewrite (the pair's
    expected standalone question, asked on its own, is answered right) or the answer (it is not)."""
    kinds: Counter[str] = Counter()
    for name, qset in FOLLOWUP_SETS.items():
        if qset.role != FIT:
            continue
        pairs = load_followups(qset.path)
        asked = evaluate_followups(base, pairs)["rewrites"]
        failing = [pair for pair, row in zip(pairs, asked, strict=True) if not row["correct"]]
        alone = [{**p, "followup": p["standalone"]} for p in failing]
        scored = score_followup_answers(alone, [base.ask(p["followup"]) for p in alone])["pair_correct"]
        for pair, right_alone in zip(failing, scored, strict=True):
            kind = f"{'rewrite' if right_alone else 'answer'} ({pair.get('kind', '?')})"
            kinds[kind] += 1
            kinds["rewrite" if right_alone else "answer"] += 1
            print(f"{name}\t{pair['id']}\t{kind}")
    return kinds


def restoration(base: KnowledgeBase) -> Counter[str]:
    counts: Counter[str] = Counter()
    for qset in [*ANSWER_SETS.values(), *FOLLOWUP_SETS.values()]:
        if qset.role != FIT:
            continue
        for line in qset.path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            for key in ("question", "first", "followup", "standalone"):
                typed = item.get(key)
                if not typed or not has_diacritics(typed) or detect_language(typed) != "vi":
                    continue
                wrong = wrong_words(typed, restore_diacritics(base.snapshot, fold_accents(typed)))
                counts["questions"] += 1
                counts["questions with a wrong word"] += bool(wrong)
                counts["wrong words"] += len(wrong)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="diagnostics on the fit sets")
    parser.add_argument("what", choices=["misses", "followups", "restoration"])
    parser.add_argument("settings", nargs="*", metavar="MODULE.NAME=VALUE")
    args = parser.parse_args(argv)
    for assignment in args.settings:
        apply_setting(assignment)
    base = KnowledgeBase.open(persistent_index(REPO_ROOT / "corpus", "domain-index", Settings.load()))
    counts = {"misses": misses, "followups": followups, "restoration": restoration}[args.what](base)
    for kind, count in counts.most_common():
        print(f"{count:5d}  {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
