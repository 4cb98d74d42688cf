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
from eval.question_sets import ANSWER_SETS, DOMAIN_GOLD, FIT, REPORT
from eval.retrieval_eval import EvalQuery
from kb.config import REPO_ROOT, Settings
from kb.text.normalize import normalize_query, normalize_text

SHARED_DIR = Path(os.environ.get("KB_SHARED_DIR", REPO_ROOT.parent / "shared"))
WORK_DIR = REPO_ROOT / "data" / "bench"
VIMEDAQA_CSV = SHARED_DIR / "benchmarks" / "vimedaqa" / "ViMedAQA_v2.csv"
VIRE_CSV = SHARED_DIR / "benchmarks" / "vire-alqac" / "ALQAC.csv"
ALQAC_DIR = SHARED_DIR / "benchmarks" / "alqac2023"
CONTEXTS_DOC_ID = "contexts"


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
