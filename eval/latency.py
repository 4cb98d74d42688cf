"""Ask latency against the floor: what retrieval alone costs on the same questions.

The floor for one question is query embedding + FAISS search + BM25 scoring (with the
product's Vietnamese tokeniser), measured on the same machine, in the same run,
interleaved with the full ``ask`` (extractive) so that load affects both alike.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import numpy as np

from kb.knowledge_base import KnowledgeBase
from kb.text.lexical_analyzer import bm25_tokens


@dataclass
class LatencyRow:
    corpus: str
    chunks: int
    questions: int
    floor_ms: list[float]
    ask_ms: list[float]

    @staticmethod
    def _pct(values: list[float], q: float) -> float:
        return float(np.percentile(values, q))

    @property
    def floor_p50(self) -> float:
        return statistics.median(self.floor_ms)

    @property
    def floor_p95(self) -> float:
        return self._pct(self.floor_ms, 95)

    @property
    def ask_p50(self) -> float:
        return statistics.median(self.ask_ms)

    @property
    def ask_p95(self) -> float:
        return self._pct(self.ask_ms, 95)

    @property
    def ratio(self) -> float:
        return self.ask_p50 / self.floor_p50


def floor_once(base: KnowledgeBase, question: str, depth: int = 100) -> float:
    """Milliseconds for: embed the query, search FAISS, score BM25 — nothing else."""
    started = time.perf_counter()
    vector = base.embed_query(question)
    base.snapshot.dense.search(vector, depth)
    base.snapshot.bm25.scores(bm25_tokens(question))
    return (time.perf_counter() - started) * 1000


def measure_latency(base: KnowledgeBase, label: str, questions: list[str], *, warmup: int = 3) -> LatencyRow:
    for question in questions[:warmup]:
        floor_once(base, question)
        base.ask(question)
    floor: list[float] = []
    ask: list[float] = []
    for question in questions:
        floor.append(floor_once(base, question))
        started = time.perf_counter()
        base.ask(question)
        ask.append((time.perf_counter() - started) * 1000)
    return LatencyRow(label, len(base.snapshot.chunks), len(questions), floor, ask)


@dataclass
class ColdStart:
    """Wall time of fresh ``kb`` processes (the shell's view: interpreter, imports, models, index)."""

    help_s: list[float]
    ask_s: list[float]
    question: str

    @property
    def ask_median(self) -> float:
        return statistics.median(self.ask_s)


def measure_cold_start(index_dir, question: str, runs: int = 5) -> ColdStart:
    """``kb --help`` and ``kb ask QUESTION`` as new processes, ``runs`` times each."""
    import subprocess
    import sys

    def timed(arguments: list[str]) -> float:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "kb.cli", *arguments], capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            raise RuntimeError(f"kb {' '.join(arguments)} failed: {done.stderr[-500:]}")
        return time.perf_counter() - started

    timed(["ask", question, "--index", str(index_dir)])  # page cache warm, as for a user's second question
    help_s = [timed(["--help"]) for _ in range(runs)]
    ask_s = [timed(["ask", question, "--index", str(index_dir)]) for _ in range(runs)]
    return ColdStart(help_s, ask_s, question)


def cold_start_section(cold: ColdStart) -> list[str]:
    verdict = "met" if cold.ask_median <= 3.0 else f"missed by {cold.ask_median - 3.0:.2f} s"
    return [
        "### Cold start from the shell",
        "",
        f"A new `kb` process per command (`python -m kb.cli …`, {len(cold.ask_s)} runs each, median / max),",
        f"on the demo index; question: “{cold.question}”. No torch: questions are embedded by the NumPy",
        "encoder (`kb/models/numpy_encoder.py`) with the Python tokenizer, underthesea's segmenter loads alone.",
        "",
        "| command | median s | max s | target |",
        "| --- | ---: | ---: | --- |",
        f"| `kb --help` | {statistics.median(cold.help_s):.2f} | {max(cold.help_s):.2f} | — |",
        f"| `kb ask` (cold) | {cold.ask_median:.2f} | {max(cold.ask_s):.2f} | ≤ 3 s: {verdict} |",
        "",
    ]


def latency_section(rows: list[LatencyRow], cold: ColdStart | None = None) -> str:
    lines = [
        "## Ask latency (Ask issue)",
        "",
        "`kb ask` in extractive mode (query analysis, hybrid retrieval with weighted fusion, provision",
        "lookup, sentence selection, citations) against the floor measured in the same run on the same",
        "questions: query embedding + FAISS search + BM25 scoring alone. One warm process (models and index",
        "loaded once), questions asked one after another, floor and ask interleaved. Target: ask p50 ≤ 1.5 × floor p50.",
        "",
        "| corpus | chunks | questions | floor p50 ms | floor p95 ms | ask p50 ms | ask p95 ms | p50 ratio | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        verdict = "met" if row.ratio <= 1.5 else f"missed by {row.ratio - 1.5:.2f}"
        lines.append(
            f"| {row.corpus} | {row.chunks} | {row.questions} | {row.floor_p50:.1f} | {row.floor_p95:.1f} | "
            f"{row.ask_p50:.1f} | {row.ask_p95:.1f} | {row.ratio:.2f} | ≤ 1.5: {verdict} |"
        )
    lines += ["", "![ask latency](ask_latency.png)", ""]
    if cold is not None:
        lines += cold_start_section(cold)
    return "\n".join(lines)


def plot_latency(rows: list[LatencyRow], out) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    x = np.arange(len(rows))
    ax.bar(x - 0.2, [r.floor_p50 for r in rows], 0.4, label="floor p50 (embed + FAISS + BM25)")
    ax.bar(x + 0.2, [r.ask_p50 for r in rows], 0.4, label="kb ask p50 (extractive)")
    ax.errorbar(
        x + 0.2,
        [r.ask_p50 for r in rows],
        yerr=[[0] * len(rows), [r.ask_p95 - r.ask_p50 for r in rows]],
        fmt="none",
        ecolor="black",
        capsize=4,
        label="ask p95",
    )
    ax.set_xticks(x, [f"{r.corpus}\n({r.chunks} chunks)" for r in rows])
    ax.set_ylabel("ms per question")
    ax.set_title("Ask latency vs retrieval floor (target p50 ≤ 1.5×)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
