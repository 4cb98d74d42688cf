"""Answer quality on every fit set in one process, with module settings changed for the run.

``python -m eval.fit_answers [MODULE.NAME=VALUE ...] [--json OUT]``, e.g.
``python -m eval.fit_answers kb.answer.sentence_candidates.PHRASE_BONUS=0.3``: the fit answer sets
(domain, set 1, shapes, domain-en), the Vietnamese questions of domain and set 1 typed again without
diacritics, and the fit follow-up pairs, each summarised on one line. The sweeps of RESULTS.md "What
was tried" (fifth session) were run this way. Report sets are never run here (``eval.bench`` runs them).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval.answer_eval import (
    apply_setting,
    evaluate_answers,
    evaluate_followups,
    i_spelling_copies,
    load_followups,
    load_gold,
    unaccented_copies,
)
from eval.datasets import persistent_index
from eval.question_sets import ANSWER_SETS, FIT, FOLLOWUP_SETS
from kb.config import REPO_ROOT, Settings
from kb.knowledge_base import KnowledgeBase


def summary(scores: dict) -> str:
    return (
        f"key facts {scores['key_facts']:.3f}  gold cited {scores['gold_doc_cited']:.3f}  "
        f"citation precision {scores['citation_precision']:.3f}  list recall {scores['list_item_recall']:.3f}  "
        f"refused {scores['correct_refusals']}/{scores['unanswerable']}  false refusals {scores['false_refusals']}  "
        f"answer words (median) {scores['answer_words']:.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="answer quality on the fit sets, with settings changed")
    parser.add_argument("settings", nargs="*", metavar="MODULE.NAME=VALUE")
    parser.add_argument("--json", metavar="OUT", help="also write every set's scores and failures to OUT")
    args = parser.parse_args(argv)
    for assignment in args.settings:
        apply_setting(assignment)
    base = KnowledgeBase.open(persistent_index(REPO_ROOT / "corpus", "domain-index", Settings.load()))
    results: dict[str, dict] = {}
    fit = [name for name, qset in ANSWER_SETS.items() if qset.role == FIT]
    for name in fit:
        results[name] = evaluate_answers(base, load_gold(ANSWER_SETS[name].path))
    copies = [q for name in ("domain", "domain-heldout") for q in unaccented_copies(load_gold(ANSWER_SETS[name].path))]
    results["unaccented copies"] = evaluate_answers(base, copies)
    # Every fit set's Vietnamese questions with "lý", "kỹ", "quy"… typed "lí", "kĩ", "qui".
    retyped = [q for name in fit for q in i_spelling_copies(load_gold(ANSWER_SETS[name].path))]
    results["i-spelling copies"] = evaluate_answers(base, retyped)
    for name in [*fit, "unaccented copies", "i-spelling copies"]:
        print(f"{name:20s} {summary(results[name]['all'])}")
    for name, qset in FOLLOWUP_SETS.items():
        if qset.role == FIT:
            scored = evaluate_followups(base, load_followups(qset.path))
            # The pairs' rewrites and outcomes go to --json too, so that a run can be compared pair by pair.
            followups = {**scored["followups"], "rewrites": scored["rewrites"]}
            results[name] = followups
            print(f"{name:20s} {followups['correct']}/{followups['pairs']} pairs right in full")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
