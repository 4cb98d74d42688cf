"""The answers section of eval/RESULTS.md: every question set with its role, today against the
baseline checkout in the same run, and the targets of the answers issue (#15) on the report sets."""

from __future__ import annotations

from eval.question_sets import REPORT
from kb.answer.extractive_answerer import ENGLISH_COVERAGE_SHARE

ANSWER_TABLE_HEADER = (
    "| variant | answerable | gold cited | key facts | citation precision | false refusals | unanswerable | correct refusals |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)
COMPARE_HEADER = (
    "| set (role) | code | answerable | gold cited | key facts | citation precision | list-item recall (lists) "
    "| unanswerable refused | refusal precision | false refusals |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)
# Targets of the answers issue on held-out sets 2 and 3.
TARGETS = {"key_facts": 0.85, "gold_doc_cited": 0.95, "list_item_recall": 0.85, "refused": 0.80, "false": 0.05}
EN_GAP_TARGET = 0.10


def answer_rows(result: dict, label: str = "") -> list[str]:
    rows = []
    for variant in ("all", "vi", "vi-noaccent", "en"):
        row = result.get(variant)
        if not row:
            continue
        rows.append(
            f"| {label}{variant} | {row['answerable']} | {row['gold_doc_cited']:.3f} | {row['key_facts']:.3f} | "
            f"{row['citation_precision']:.3f} | {row['false_refusals']} | {row['unanswerable']} | {row['correct_refusals']} |"
        )
    return rows


def pooled_by_type(results: list[dict]) -> dict[str, dict[str, float]]:
    """Per question type, the answerable and unanswerable questions of ``results`` (answer_eval results
    with ``by_type``) pooled: counts summed, key facts / gold cited / list recall weighted by count."""
    pooled: dict[str, dict[str, float]] = {}
    for result in results:
        for qtype, row in result.get("by_type", {}).items():
            p = pooled.setdefault(qtype, dict.fromkeys(
                ("answerable", "key_facts", "gold_doc_cited", "false_refusals", "unanswerable", "correct_refusals",
                 "list_questions", "list_item_recall"), 0.0))
            for count in ("answerable", "false_refusals", "unanswerable", "correct_refusals", "list_questions"):
                p[count] += row[count]
            for share in ("key_facts", "gold_doc_cited"):
                p[share] += row[share] * row["answerable"]
            p["list_item_recall"] += row["list_item_recall"] * row["list_questions"]
    for p in pooled.values():
        for share in ("key_facts", "gold_doc_cited"):
            p[share] = p[share] / p["answerable"] if p["answerable"] else 0.0
        p["list_item_recall"] = p["list_item_recall"] / p["list_questions"] if p["list_questions"] else 0.0
    return pooled


def by_type_rows(current: dict[str, dict], sets: dict) -> list[str]:
    """One row per question type: the fit sets pooled beside the report sets pooled (sets whose
    questions carry a ``qtype``), so the types whose fit figures do not carry over show."""
    pooled = {
        role: pooled_by_type([current[name] for name, s in sets.items() if s.role == role and name in current])
        for role in ("fit", REPORT)
    }

    def cells(row: dict | None) -> str:
        if not row:
            return "— | — | — | —"
        refused = f"{row['correct_refusals']:.0f}/{row['unanswerable']:.0f}" if row["unanswerable"] else "—"
        return (
            f"{row['answerable']:.0f} | {row['key_facts']:.3f} | {row['gold_doc_cited']:.3f} | {refused}"
        )

    rows = [
        "| question type | fit answerable | fit key facts | fit gold cited | fit refused "
        "| report answerable | report key facts | report gold cited | report refused |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    types = sorted(set(pooled["fit"]) | set(pooled[REPORT]), key=lambda t: -pooled[REPORT].get(t, {}).get("answerable", 0))
    for qtype in types:
        rows.append(f"| {qtype} | {cells(pooled['fit'].get(qtype))} | {cells(pooled[REPORT].get(qtype))} |")
    return rows


def _compare_row(name: str, role: str, code: str, row: dict) -> str:
    lists = f"{row['list_item_recall']:.3f} ({row['list_questions']})" if row.get("list_questions") else "—"
    refused = f"{row['correct_refusals']}/{row['unanswerable']}" if row["unanswerable"] else "—"
    precision = f"{row['refusal_precision']:.2f}" if row["correct_refusals"] + row["false_refusals"] else "—"
    return (
        f"| {name} ({role}) | {code} | {row['answerable']} | {row['gold_doc_cited']:.3f} | {row['key_facts']:.3f} | "
        f"{row['citation_precision']:.3f} | {lists} | {refused} | {precision} | "
        f"{row['false_refusals']}/{row['answerable']} |"
    )


def _verdict(value: float, target: float, higher: bool = True) -> str:
    ok = value >= target if higher else value <= target
    return "met" if ok else f"missed by {abs(value - target):.3f}"


def _target_lines(name: str, row: dict, followups: dict | None) -> list[str]:
    refused = row["correct_refusals"] / row["unanswerable"] if row["unanswerable"] else 1.0
    false = row["false_refusals"] / row["answerable"] if row["answerable"] else 0.0
    parts = [
        f"key facts {row['key_facts']:.3f} (≥ 0.85: {_verdict(row['key_facts'], TARGETS['key_facts'])})",
        f"gold cited {row['gold_doc_cited']:.3f} (≥ 0.95: {_verdict(row['gold_doc_cited'], TARGETS['gold_doc_cited'])})",
    ]
    if row.get("list_questions"):
        parts.append(
            f"list-item recall {row['list_item_recall']:.3f} "
            f"(≥ 0.85: {_verdict(row['list_item_recall'], TARGETS['list_item_recall'])})"
        )
    parts.append(f"unanswerable refused {100 * refused:.0f} % (≥ 80 %: {_verdict(refused, TARGETS['refused'])})")
    parts.append(f"false refusals {100 * false:.1f} % (≤ 5 %: {_verdict(false, TARGETS['false'], higher=False)})")
    return [f"- {name}: " + "; ".join(parts) + "."]


def answers_section(
    current: dict[str, dict],
    baseline: dict[str, dict],
    sets: dict,
    followups: dict[str, tuple[dict, dict | None]],
    thresholds: tuple[float, float],
    unaccented: tuple[dict, dict] | None = None,
    baseline_label: str = "5df5b0d",
) -> str:
    """``current``/``baseline``: answer_eval results per set name (baseline may lack sets);
    ``sets``: :data:`eval.question_sets.ANSWER_SETS`; ``followups``: name → (today, baseline or None)."""
    lines = [
        "## Answer quality (answers issue #15)",
        "",
        "`kb ask` (extractive) on every question of each set. Gold cited: a gold document is among the",
        "citations of a non-refused answer. Key facts: share of the question's key facts found in the answer",
        "text. Citation precision: share of citations whose quote holds the supporting span or a key fact.",
        "List-item recall: share of a list question's expected items found in the answer (number of list",
        "questions in brackets). Refusal precision: share of refusals that were on unanswerable questions.",
        f"Refusal thresholds: coverage ≥ {thresholds[0]} (English questions: {ENGLISH_COVERAGE_SHARE} of it) or dense ≥",
        f"{thresholds[1]}, then the evidence checks (`kb/answer/refusal_checks.py`, `kb/answer/figure_scope.py`, `kb/answer/constraint_checks.py`).",
        "",
        f"**Baseline in the same run**: the answers of the code this wave started from (`{baseline_label}`), asked",
        "by that checkout over its own index of `corpus/` (`eval/answer_dump.py`, command in its docstring; the",
        f"answers are kept in `eval/results/baseline-{baseline_label}/`) and scored by today's `eval/answer_eval.py`.",
        "",
        "Roles: **fit** — failures read, tuned on; **report** — run once at the end of the wave, failures",
        "never read, never tuned on.",
        "",
        COMPARE_HEADER,
    ]
    for name, qset in sets.items():
        if name not in current:
            continue
        if name in baseline:
            lines.append(_compare_row(name, qset.role, f"baseline {baseline_label}", baseline[name]["all"]))
        lines.append(_compare_row(name, qset.role, "**today**", current[name]["all"]))
    lines += ["", "Sets: " + "; ".join(f"`{s.path.name}` ({s.name}): {s.about}" for s in sets.values()) + ".", ""]

    report = [name for name, s in sets.items() if s.role == REPORT and name in current]
    lines += ["### Targets on the report sets (the held-out sets)", ""]
    for name in report:
        lines += _target_lines(name, current[name]["all"], None)
        vi, en = current[name].get("vi"), current[name].get("en")
        if vi and en:
            gap = vi["key_facts"] - en["key_facts"]
            lines.append(
                f"  English vs Vietnamese key facts {en['key_facts']:.3f} vs {vi['key_facts']:.3f}, gap {gap:+.3f} "
                f"(within {EN_GAP_TARGET}: {_verdict(-abs(gap), -EN_GAP_TARGET)})."
            )
    for name, (today, before) in followups.items():
        got = today["followups"]
        was = f" (baseline {before['followups']['correct']}/{before['followups']['pairs']})" if before else ""
        role = "report" if "heldout" in name else "fit"
        target = f"; target ≥ 7/8 = 87.5 %: {_verdict(got['correct'] / got['pairs'], 0.875)}" if role == "report" else ""
        lines.append(
            f"- follow-ups `{name}` ({role}): {got['correct']}/{got['pairs']} pairs right in full{was}{target}."
        )
    lines.append("")

    lines += [
        "### By question type",
        "",
        "Every set whose questions name their type (`qtype`), pooled by role: the fit sets beside the report",
        "sets. Key facts and gold cited are over the answerable questions of the type; refused counts its",
        "unanswerable ones. A type far below its fit figure on the report sets is where tuning did not carry.",
        "",
        *by_type_rows(current, sets),
        "",
        "### Per variant",
        "",
        ANSWER_TABLE_HEADER,
    ]
    for name in current:
        lines += answer_rows(current[name], f"{name} ")
    lines.append("")
    if unaccented:
        accented, folded = unaccented[0]["all"], unaccented[1]["all"]
        lines += [
            "### The same questions typed without diacritics",
            "",
            f"The {accented['answerable'] + accented['unanswerable']} Vietnamese questions of the domain set and",
            "set 1, asked as written and again accent-folded (`eval.answer_eval.unaccented_copies`): the gap is what",
            "typing without diacritics costs. Unaccented questions are searched with their diacritics restored",
            "(`kb/query/diacritics.py`) and answered against the question as typed.",
            "",
            ANSWER_TABLE_HEADER,
            *answer_rows(unaccented[0], "as written "),
            *answer_rows(unaccented[1], "folded "),
            "",
            f"Gap (as written minus folded): gold cited {accented['gold_doc_cited'] - folded['gold_doc_cited']:+.3f}, "
            f"key facts {accented['key_facts'] - folded['key_facts']:+.3f}; false refusals "
            f"{accented['false_refusals']} as written, {folded['false_refusals']} folded.",
            "",
        ]
    return "\n".join(lines)

