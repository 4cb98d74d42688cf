"""The answers section of the bench: every answer and follow-up set asked today (``--only answers``)."""

from __future__ import annotations

import json
from pathlib import Path

from eval.answer_eval import (
    evaluate_answers,
    evaluate_followups,
    load_dumped_answers,
    load_followups,
    load_gold,
    score_followup_answers,
    unaccented_copies,
)
from eval.answer_report import answers_section
from eval.datasets import publishable
from eval.question_sets import ANSWER_SETS, FOLLOWUP_SETS


def answers_bench(base, results_dir: Path, baseline_code: str) -> str:
    """Every answer set and follow-up set asked today, scored beside the baseline checkout's dumped
    answers (``results_dir/baseline-<code>/``); per-set results written to ``results_dir`` (report
    sets: aggregates only). Returns the RESULTS.md section."""
    results_dir.mkdir(exist_ok=True)
    baseline_dir = results_dir / f"baseline-{baseline_code}"
    current, baseline, followups, gold = {}, {}, {}, {}
    for name, qset in ANSWER_SETS.items():
        gold[name] = load_gold(qset.path)
        current[name] = evaluate_answers(base, gold[name])
        (results_dir / f"{name}-answers.json").write_text(
            json.dumps(publishable(current[name], qset.role), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        dumped = baseline_dir / f"{qset.path.stem}.json"
        if dumped.is_file():
            baseline[name] = evaluate_answers(None, gold[name], answers=load_dumped_answers(dumped))
    for name, qset in FOLLOWUP_SETS.items():
        pairs = load_followups(qset.path)
        today = evaluate_followups(base, pairs)
        (results_dir / f"{name}-answers.json").write_text(
            json.dumps(publishable(today, qset.role), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        dumped = baseline_dir / f"{qset.path.stem}.json"
        before = score_followup_answers(pairs, load_dumped_answers(dumped)) if dumped.is_file() else None
        followups[name] = (today, before)
    tuning = [q for q in gold["domain"] + gold["domain-heldout"] if q.variant == "vi"]
    unaccented = (evaluate_answers(base, tuning), evaluate_answers(base, unaccented_copies(tuning)))
    thresholds = (base.answerer.min_coverage, base.answerer.min_dense)
    return answers_section(current, baseline, ANSWER_SETS, followups, thresholds, unaccented, baseline_code)
