"""Evaluation datasets, turned into a corpus folder (ingested by the product) plus gold queries.

- ``domain``: ``corpus/`` and ``eval/domain_gold.jsonl`` (answerable questions; unit = document id).
- ``domain-heldout``: ``corpus/`` and ``eval/domain_heldout.jsonl``: questions written by someone who
  read only the corpus (never the system's failures). Its failures were read after its first run:
  it has been a second tuning set since.
- ``domain-heldout2``: ``corpus/`` and ``eval/domain_heldout2.jsonl``, written the same way later, for
  checking how far tuning on the two sets above generalises. Never tune on it.
- ``domain-heldout3`` to ``domain-heldout11`` (report only, like set 2; sets 4 to 11 written 2026-12-03
  by helpers that read only ``corpus/``), ``domain-en`` (English wordings of the
  domain set; fit).
- ``vimedaqa``: ViMedAQA v2 (``../shared/benchmarks/vimedaqa``), a ViRE-format CSV; report only.
- ``vire-alqac`` / any ``PATH.csv`` with columns ``context``, ``question``, ``answer``: the unique
  contexts become the articles of one law-like document ("Điều N. <title>" + body), exactly the
  published protocol (corpus = unique contexts, one gold per question); unit = context.
- ``alqac2023``: the 2,249 articles of ``articles.json`` as one document per law in the standard
  layout (see ``eval/alqac.py``); 210 questions (train + private test); unit = law article.
  ``alqac2023-train`` (fit) and ``alqac2023-private`` (report) are its two parts.

Benchmark data is read from ``../shared`` and written only under ``data/`` (git-ignored).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eval.alqac import law_slug, write_law_documents
from eval.retrieval_eval import EvalQuery
from kb.config import REPO_ROOT, Settings
from kb.text.normalize import normalize_query, normalize_text

SHARED_DIR = Path(os.environ.get("KB_SHARED_DIR", REPO_ROOT.parent / "shared"))
WORK_DIR = REPO_ROOT / "data" / "bench"
DOMAIN_GOLD = REPO_ROOT / "eval" / "domain_gold.jsonl"
DOMAIN_HELDOUT = REPO_ROOT / "eval" / "domain_heldout.jsonl"
DOMAIN_HELDOUT2 = REPO_ROOT / "eval" / "domain_heldout2.jsonl"
DOMAIN_HELDOUT3 = REPO_ROOT / "eval" / "domain_heldout3.jsonl"
DOMAIN_HELDOUT4 = REPO_ROOT / "eval" / "domain_heldout4.jsonl"
DOMAIN_HELDOUT5 = REPO_ROOT / "eval" / "domain_heldout5.jsonl"
DOMAIN_HELDOUT6 = REPO_ROOT / "eval" / "domain_heldout6.jsonl"
DOMAIN_HELDOUT7 = REPO_ROOT / "eval" / "domain_heldout7.jsonl"
DOMAIN_SHAPES = REPO_ROOT / "eval" / "domain_shapes.jsonl"
DOMAIN_GOLD_EN = REPO_ROOT / "eval" / "domain_gold_en.jsonl"
DOMAIN_PROBE = REPO_ROOT / "eval" / "domain_probe.jsonl"
DOMAIN_PROBE2 = REPO_ROOT / "eval" / "domain_probe2.jsonl"
DOMAIN_PROBE3 = REPO_ROOT / "eval" / "domain_probe3.jsonl"
DOMAIN_HELDOUT8 = REPO_ROOT / "eval" / "domain_heldout8.jsonl"
DOMAIN_PROBE4 = REPO_ROOT / "eval" / "domain_probe4.jsonl"
DOMAIN_HELDOUT9 = REPO_ROOT / "eval" / "domain_heldout9.jsonl"
DOMAIN_HELDOUT10 = REPO_ROOT / "eval" / "domain_heldout10.jsonl"
DOMAIN_PROBE5 = REPO_ROOT / "eval" / "domain_probe5.jsonl"
DOMAIN_PROBE6 = REPO_ROOT / "eval" / "domain_probe6.jsonl"
DOMAIN_PROBE7 = REPO_ROOT / "eval" / "domain_probe7.jsonl"
DOMAIN_PROBE8 = REPO_ROOT / "eval" / "domain_probe8.jsonl"
DOMAIN_PROBE9 = REPO_ROOT / "eval" / "domain_probe9.jsonl"
DOMAIN_PROBE10 = REPO_ROOT / "eval" / "domain_probe10.jsonl"
DOMAIN_PROBE11 = REPO_ROOT / "eval" / "domain_probe11.jsonl"
DOMAIN_PROBE12 = REPO_ROOT / "eval" / "domain_probe12.jsonl"
DOMAIN_PROBE13 = REPO_ROOT / "eval" / "domain_probe13.jsonl"
DOMAIN_HELDOUT11 = REPO_ROOT / "eval" / "domain_heldout11.jsonl"
VIMEDAQA_CSV = SHARED_DIR / "benchmarks" / "vimedaqa" / "ViMedAQA_v2.csv"
VIRE_CSV = SHARED_DIR / "benchmarks" / "vire-alqac" / "ALQAC.csv"
ALQAC_DIR = SHARED_DIR / "benchmarks" / "alqac2023"
CONTEXTS_DOC_ID = "contexts"


FIT, REPORT = "fit", "report"


@dataclass(frozen=True)
class QuestionSet:
    """A question set and its one role: ``fit`` (failures may be read and tuned on) or ``report``
    (run, never read, never tuned on)."""

    name: str
    path: Path
    role: str
    about: str


# Answer question sets over corpus/, in the order RESULTS.md shows them. The follow-up files hold
# pairs (first question, follow-up as typed) asked in one chat session.
ANSWER_SETS = {
    s.name: s
    for s in (
        QuestionSet("domain", DOMAIN_GOLD, FIT, "the first gold set (107 answerable in Vietnamese, unaccented and English, 14 unanswerable)"),
        QuestionSet("domain-heldout", DOMAIN_HELDOUT, FIT, "set 1: held out once, read and tuned on since 2026-11-23"),
        QuestionSet("domain-shapes", DOMAIN_SHAPES, FIT, "lists, why/how, typed facts, unanswerable-on-topic"),
        QuestionSet("domain-en", DOMAIN_GOLD_EN, FIT, "English wordings of the domain set's Vietnamese questions"),
        QuestionSet(
            "domain-probe",
            DOMAIN_PROBE,
            FIT,
            "35 unanswerable-on-topic questions, each with an answerable twin worded alike, and 20 lists / why questions;"
            " written 2026-12-03 from corpus/ alone, then read and tuned on",
        ),
        QuestionSet(
            "domain-probe2",
            DOMAIN_PROBE2,
            FIT,
            "30 unanswerable-on-topic questions with answerable twins (12 pairs English), 20 lists, 10 why;"
            " written 2026-12-03 from corpus/ alone, then read and tuned on",
        ),
        QuestionSet(
            "domain-probe3",
            DOMAIN_PROBE3,
            FIT,
            "25 unanswerable-on-topic questions with answerable twins (15 pairs English), 10 Vietnamese questions"
            " answered only by the English case studies, 15 lists; written 2026-12-03 (fifth session) from corpus/"
            " alone, run once before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe4",
            DOMAIN_PROBE4,
            FIT,
            "30 questions in everyday wording (\"rộng bao nhiêu\", \"how big\"), 20 cross-lingual (Vietnamese"
            " questions answered only in English sources and the reverse), 10 unanswerable twin pairs, 10 lists;"
            " written 2026-12-03 (sixth session) from corpus/ alone, run once before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe5",
            DOMAIN_PROBE5,
            FIT,
            "the types whose fit figures carried over least: 20 provisions, 10 definitions, 12 dates, 12 why, 8"
            " yes-no / status, 20 unanswerable twins; written 2026-12-03 (eighth session) from corpus/ alone, run"
            " once before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe6",
            DOMAIN_PROBE6,
            FIT,
            "refusal twins: 40 pairs of an answerable question and an unanswerable one that differs minimally"
            " (who, date, amount, another park, another year, provision, an attribute, where / yes-no), 16"
            " unaccented, 8 English; written 2026-12-04 (ninth session) from corpus/ alone, run once before it"
            " was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe7",
            DOMAIN_PROBE7,
            FIT,
            "20 lists (every item recorded), 10 why / benefits / difficulties over several sentences, 15 English"
            " questions on Vietnamese documents, 10 unaccented, 20 unanswerable twins; written 2026-12-04"
            " (thirteenth session) from corpus/ alone, run once before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe8",
            DOMAIN_PROBE8,
            FIT,
            "80 questions over all 11 documents, favouring passages earlier sets used less: 15 lists, 8 why, 15"
            " English, 15 unaccented, 20 unanswerable twins, the rest who / amount / count / date / comparison;"
            " written 2026-12-04 (fourteenth session) from corpus/ alone, run once at ad272b1 before it was read,"
            " then tuned on",
        ),
        QuestionSet(
            "domain-probe9",
            DOMAIN_PROBE9,
            FIT,
            "80 questions over all 11 documents, favouring middle and late paragraphs, tables and numbered"
            " criteria: 15 lists, 8 why, 15 English, 15 unaccented, 20 unanswerable twins; written 2026-12-04"
            " (fifteenth session) from corpus/ alone, run once at f5a6c41 before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe10",
            DOMAIN_PROBE10,
            FIT,
            "80 questions over all 11 documents, favouring answers over two or three sentences, what a speaker"
            " said, comparisons and short questions that name no document: 15 lists, 8 why, 15 English, 15"
            " unaccented, 20 unanswerable twins; written 2026-12-04 (sixteenth session) from corpus/ alone, run"
            " once at c4d998b before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe11",
            DOMAIN_PROBE11,
            FIT,
            "80 questions over all 11 documents, mostly lists (30: numbered, bulleted, inline, spread over"
            " sentences, asked with other words than the source's) and 10 why; 15 English, 15 unaccented, 20"
            " unanswerable twins (lists only counted, another park or year, a breakdown); written 2026-12-04"
            " (seventeenth session) from corpus/ alone, run once at 3c82877 before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe12",
            DOMAIN_PROBE12,
            FIT,
            "60 questions over all 11 documents: 12 unaccented, 12 English (dates in English words, periods),"
            " 8 who (chaired, attended, spoke, funded), 8 lists, 5 why, 15 unanswerable twins; written"
            " 2026-12-04 (eighteenth session) from corpus/ alone, run once at 8589dea before it was read",
        ),
        QuestionSet(
            "domain-probe13",
            DOMAIN_PROBE13,
            FIT,
            "60 questions over all 11 documents in the report sets' proportions: 11 lists, 9 amounts, 8 counts,"
            " 6 why, 5 dates, 5 who, 2 provisions, 2 comparisons; 12 English, 9 unaccented, 12 unanswerable"
            " twins; written 2026-12-05 (nineteenth session) from corpus/ alone, run once at fec16ce before it"
            " was read",
        ),
        QuestionSet("domain-heldout2", DOMAIN_HELDOUT2, REPORT, "set 2: never read, never tuned on"),
        QuestionSet("domain-heldout3", DOMAIN_HELDOUT3, REPORT, "set 3: written before this wave's changes, never read"),
        QuestionSet("domain-heldout4", DOMAIN_HELDOUT4, REPORT, "set 4: written 2026-12-03 from corpus/ alone, never read"),
        QuestionSet(
            "domain-heldout5", DOMAIN_HELDOUT5, REPORT, "set 5: written 2026-12-03 (third session) from corpus/ alone, never read"
        ),
        QuestionSet(
            "domain-heldout6", DOMAIN_HELDOUT6, REPORT, "set 6: written 2026-12-03 (fourth session) from corpus/ alone, never read"
        ),
        QuestionSet(
            "domain-heldout7",
            DOMAIN_HELDOUT7,
            REPORT,
            "set 7: written 2026-12-03 (fourth session) from corpus/ alone, 30 unanswerable and 30 answerable"
            " questions worded alike; never read",
        ),
        QuestionSet(
            "domain-heldout8",
            DOMAIN_HELDOUT8,
            REPORT,
            "set 8: written 2026-12-03 (fifth session) from corpus/ alone, 20 unanswerable, 20 lists, 25 English;"
            " never read",
        ),
        QuestionSet(
            "domain-heldout9",
            DOMAIN_HELDOUT9,
            REPORT,
            "set 9: written 2026-12-03 (sixth session) from corpus/ alone, 20 unanswerable, 20 lists, 20 English,"
            " everyday wordings; never read",
        ),
        QuestionSet(
            "domain-heldout10",
            DOMAIN_HELDOUT10,
            REPORT,
            "set 10: written 2026-12-03 (seventh session) from corpus/ alone, 20 unanswerable (13 twins), 20 lists,"
            " 20 English, 15 unaccented, 10 why; never read",
        ),
        QuestionSet(
            "domain-heldout11",
            DOMAIN_HELDOUT11,
            REPORT,
            "set 11: written 2026-12-03 (eighth session) from corpus/ alone, 20 unanswerable (12 or more twins), 20"
            " lists, 20 English, 15 unaccented, 10 why; answered by the session's start (bf5f899) before any change"
            " was measured on it; never read",
        ),
    )
}
FOLLOWUP_SETS = {
    s.name: s
    for s in (
        QuestionSet("shapes-followups", REPO_ROOT / "eval" / "domain_shapes_followups.jsonl", FIT, "15 pairs"),
        QuestionSet("probe-followups", REPO_ROOT / "eval" / "domain_probe_followups.jsonl", FIT, "15 pairs, written 2026-12-03"),
        QuestionSet("probe2-followups", REPO_ROOT / "eval" / "domain_probe2_followups.jsonl", FIT, "15 pairs, written 2026-12-03"),
        QuestionSet(
            "probe3-followups", REPO_ROOT / "eval" / "domain_probe3_followups.jsonl", FIT, "20 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "probe4-followups", REPO_ROOT / "eval" / "domain_probe4_followups.jsonl", FIT, "30 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "probe7-followups",
            REPO_ROOT / "eval" / "domain_probe7_followups.jsonl",
            FIT,
            "40 pairs (subject, place, pronoun, answer entity, English 'and the …?', 'more', 6 unanswerable), written"
            " 2026-12-04",
        ),
        QuestionSet(
            "probe8-followups",
            REPO_ROOT / "eval" / "domain_probe8_followups.jsonl",
            FIT,
            "40 pairs (subject, place, year, attribute, pronoun, answer entity, 'more', 6 unanswerable; 13"
            " English, 11 unaccented), written 2026-12-04",
        ),
        QuestionSet(
            "probe9-followups",
            REPO_ROOT / "eval" / "domain_probe9_followups.jsonl",
            FIT,
            "40 pairs (subject, place, year, attribute, pronoun, answer entity, 'more', English 'and …?', 6"
            " unanswerable; 16 English, 12 unaccented), written 2026-12-04 (fifteenth session)",
        ),
        QuestionSet(
            "probe10-followups",
            REPO_ROOT / "eval" / "domain_probe10_followups.jsonl",
            FIT,
            "40 pairs (11 answer entity, attribute, subject, year, place, pronoun, 'more', English 'and …?', 6"
            " unanswerable; 15 English, 13 unaccented), written 2026-12-04 (sixteenth session)",
        ),
        QuestionSet(
            "probe11-followups",
            REPO_ROOT / "eval" / "domain_probe11_followups.jsonl",
            FIT,
            "40 pairs (11 'more' after a list, subject, place, year, attribute, pronoun, answer entity, English"
            " 'and …?', 6 unanswerable; 12 English, 10 unaccented), written 2026-12-04 (seventeenth session)",
        ),
        QuestionSet(
            "probe12-followups",
            REPO_ROOT / "eval" / "domain_probe12_followups.jsonl",
            FIT,
            "60 pairs (14 'more', 8 English 'and …?', 6 'còn về …', 4 'đó là …', 12 switches, 6 pronoun or"
            " answer entity, 10 unanswerable; 16 English), written 2026-12-04 (eighteenth session) to ablate"
            " the seventeenth session's follow-up changes, run once at 8589dea before it was read",
        ),
        QuestionSet(
            "probe13-followups",
            REPO_ROOT / "eval" / "domain_probe13_followups.jsonl",
            FIT,
            "40 pairs in the report sets' kinds (8 place, 6 year, 6 pronoun, 6 answer entity, 5 subjectless,"
            " 4 subject, 3 attribute, 2 'more'; 8 unanswerable; 12 English, 5 unaccented), written 2026-12-05"
            " (nineteenth session) from corpus/ alone, run once at fec16ce before it was read",
        ),
        QuestionSet(
            "probe14-followups",
            REPO_ROOT / "eval" / "domain_probe14_followups.jsonl",
            FIT,
            "60 pairs in the report sets' kinds (12 place, 9 pronoun, 8 subject, 8 year, 8 subjectless,"
            " 6 'more', 5 answer entity, 4 attribute; 13 unanswerable; 18 English, 10 unaccented), written"
            " 2026-12-05 (twentieth session) from corpus/ alone to ablate the nineteenth session's follow-up"
            " changes, run once at 76714cf (and at fec16ce) before it was read",
        ),
        QuestionSet("heldout3-followups", REPO_ROOT / "eval" / "domain_heldout3_followups.jsonl", REPORT, "13 pairs"),
        QuestionSet("heldout4-followups", REPO_ROOT / "eval" / "domain_heldout4_followups.jsonl", REPORT, "15 pairs, written 2026-12-03"),
        QuestionSet(
            "heldout5-followups", REPO_ROOT / "eval" / "domain_heldout5_followups.jsonl", REPORT, "17 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout6-followups", REPO_ROOT / "eval" / "domain_heldout6_followups.jsonl", REPORT, "16 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout7-followups", REPO_ROOT / "eval" / "domain_heldout7_followups.jsonl", REPORT, "16 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout8-followups", REPO_ROOT / "eval" / "domain_heldout8_followups.jsonl", REPORT, "16 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout9-followups", REPO_ROOT / "eval" / "domain_heldout9_followups.jsonl", REPORT, "20 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout10-followups", REPO_ROOT / "eval" / "domain_heldout10_followups.jsonl", REPORT, "20 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout11-followups", REPO_ROOT / "eval" / "domain_heldout11_followups.jsonl", REPORT, "20 pairs, written 2026-12-03"
        ),
    )
}


@dataclass
class Dataset:
    name: str
    corpus: Path
    queries: list[EvalQuery]
    units: int
    unit_of: Callable[[dict], str | None]
    index_name: str = ""  # folder under data/bench/ (datasets over one corpus share it)

    def __post_init__(self) -> None:
        self.index_name = self.index_name or f"{self.name}-index"


class DatasetUnavailableError(FileNotFoundError):
    """The benchmark's files are not on this machine (``../shared`` absent)."""


def _require(path: Path) -> Path:
    if not path.exists():
        raise DatasetUnavailableError(f"{path} is not available (the benchmarks live in ../shared)")
    return path


def _article_unit(meta: dict) -> str | None:
    article = (meta.get("provision") or {}).get("article")
    return f"{meta['doc_id']}@{article}" if article else None


def load_domain(gold: Path = DOMAIN_GOLD, name: str = "domain") -> Dataset:
    queries = []
    for line in _require(gold).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("answerable", True):
            queries.append(EvalQuery(item["id"], item["question"], frozenset(item["gold_docs"])))
    corpus = REPO_ROOT / "corpus"
    units = sum(1 for p in corpus.rglob("*.txt"))
    return Dataset(name, corpus, queries, units, lambda meta: str(meta["doc_id"]), "domain-index")


def load_context_csv(path: Path, name: str | None = None) -> Dataset:
    """A ViRE-format CSV: each unique context is one article of a generated law-like document."""
    rows = list(csv.DictReader(_require(path).open(encoding="utf-8-sig", newline="")))
    if rows and not {"context", "question"} <= set(rows[0]):
        raise ValueError(f"{path}: needs the columns 'context' and 'question' (found: {', '.join(rows[0])})")
    contexts: dict[str, int] = {}
    queries: list[EvalQuery] = []
    for number, row in enumerate(rows, start=1):
        context = normalize_text(row["context"])
        article = contexts.setdefault(context, len(contexts) + 1)
        queries.append(
            EvalQuery(
                f"q{number}", normalize_query(row["question"]), frozenset({f"{CONTEXTS_DOC_ID}@{article}"})
            )
        )
    name = name or path.stem
    corpus = WORK_DIR / f"{law_slug(name)}-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    lines = ["BỘ ĐIỀU KHOẢN ĐÁNH GIÁ", ""]
    for context, article in contexts.items():
        title, _, body = context.partition("\n")
        lines += [f"Điều {article}. {title.strip()}", body.strip(), ""]
    _write_if_changed(corpus / "contexts.txt", "\n".join(lines))
    _write_if_changed(
        corpus / "manifest.toml",
        f'[[document]]\npath = "contexts.txt"\nid = "{CONTEXTS_DOC_ID}"\ntitle = "{name} contexts"\nkind = "law"\n'
        'status = "in-force"\nlanguage = "vi"\n',
    )
    return Dataset(name, corpus, queries, len(contexts), _article_unit)


ALQAC_PARTS = {"alqac2023": ("train.json", "private_test.json"), "alqac2023-train": ("train.json",),
               "alqac2023-private": ("private_test.json",)}


def load_alqac2023(name: str = "alqac2023") -> Dataset:
    """ALQAC 2023 over its 2,249 articles: all 210 questions, or only ``train.json`` (100, a fit set)
    or only ``private_test.json`` (110, report only)."""
    folder = _require(ALQAC_DIR)
    corpus = WORK_DIR / "alqac-laws"
    write_law_documents(folder / "articles.json", corpus)
    queries: list[EvalQuery] = []
    for part in ALQAC_PARTS[name]:
        for item in json.loads((folder / part).read_text(encoding="utf-8")):
            gold = frozenset(f"{law_slug(a['law_id'])}@{a['article_id']}" for a in item["relevant_articles"])
            queries.append(EvalQuery(item["question_id"], normalize_query(item["text"]), gold))
    units = len(json.loads((folder / "articles.json").read_text(encoding="utf-8")))
    return Dataset(name, corpus, queries, units, _article_unit, "alqac2023-index")


# Retrieval datasets and their roles (ViRE-ALQAC became report-only in this wave; the definition
# boost had been found on its failures before — see RESULTS.md).
RETRIEVAL_ROLES = {
    "domain": FIT,
    "domain-heldout": FIT,
    "domain-en": FIT,
    "alqac2023-train": FIT,
    "domain-heldout2": REPORT,
    "domain-heldout3": REPORT,
    "domain-heldout4": REPORT,
    "domain-heldout5": REPORT,
    "domain-heldout6": REPORT,
    "domain-heldout7": REPORT,
    "domain-heldout8": REPORT,
    "domain-heldout9": REPORT,
    "domain-heldout10": REPORT,
    "domain-heldout11": REPORT,
    "vire-alqac": REPORT,
    "alqac2023-private": REPORT,
    "vimedaqa": REPORT,
}


# What a per-question result may not keep for a report set: which questions failed and how.
PER_QUESTION_KEYS = ("failures", "rewrites")


def publishable(result: dict, role: str) -> dict:
    """``result`` as it may be written to eval/results/: aggregates only for a report set, so that
    its failures are never there to be read (nested results, e.g. LLM vs extractive, too)."""
    if role != REPORT:
        return result
    return {
        key: publishable(value, role) if isinstance(value, dict) else value
        for key, value in result.items()
        if key not in PER_QUESTION_KEYS
    }


def load_dataset(name: str) -> Dataset:
    if name in ANSWER_SETS and name != "domain-shapes":
        return load_domain(ANSWER_SETS[name].path, name)
    if name == "vire-alqac":
        return load_context_csv(VIRE_CSV, "vire-alqac")
    if name == "vimedaqa":
        return load_context_csv(VIMEDAQA_CSV, "vimedaqa")
    if name in ALQAC_PARTS:
        return load_alqac2023(name)
    if name.lower().endswith(".csv"):
        return load_context_csv(Path(name))
    raise ValueError(
        f"unknown dataset {name!r}: use {', '.join(RETRIEVAL_ROLES)}, alqac2023 or a PATH.csv"
    )


def _write_if_changed(path: Path, text: str) -> None:
    """Keep the file (and its fingerprint) when the content is the same: no re-embedding."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def persistent_index(corpus: Path, name: str, settings: Settings) -> Settings:
    """An index kept under data/bench/ between runs (incremental ingest: unchanged files are not re-embedded)."""
    from kb.index.ingestion import ingest

    run_settings = settings.with_overrides(index_dir=WORK_DIR / name)
    report = ingest([corpus], run_settings, progress=True)
    if report.failed:
        raise RuntimeError(f"benchmark corpus {corpus} failed to ingest: {report.failed}")
    return run_settings
