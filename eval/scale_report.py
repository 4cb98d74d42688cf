"""The "Scale" section of eval/RESULTS.md and its plot, from eval/results/scale*.json."""

from __future__ import annotations

import json
from pathlib import Path

from kb.config import REPO_ROOT

RESULTS_DIR = REPO_ROOT / "eval" / "results"
PLOT = REPO_ROOT / "eval" / "scale.png"


def load_rows() -> list[dict]:
    rows: list[dict] = []
    for name in ("scale.json", "scale-pg.json"):
        path = RESULTS_DIR / name
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            rows += data if isinstance(data, list) else [data]
    return sorted(rows, key=lambda r: (r.get("store", "embedded"), r["chunks"]))


def plot(rows: list[dict], out: Path = PLOT) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, memory) = plt.subplots(1, 2, figsize=(10, 4))
    for store in sorted({r.get("store", "embedded") for r in rows}):
        mine = [r for r in rows if r.get("store", "embedded") == store]
        sizes = [r["chunks"] for r in mine]
        latency.plot(sizes, [r["ask"]["p50_ms"] for r in mine], "o-", label=f"{store}: ask p50")
        latency.plot(sizes, [r["retrieve"]["p50_ms"] for r in mine], "s--", label=f"{store}: retrieval p50")
        latency.plot(sizes, [r["embed_query"]["p50_ms"] for r in mine], ":", label=f"{store}: query embedding p50")
        memory.plot(sizes, [r["rss_mib"] / 1024 for r in mine], "o-", label=f"{store}: RSS after the questions")
        memory.plot(sizes, [r["peak_rss_mib"] / 1024 for r in mine], "s--", label=f"{store}: peak RSS")
    latency.set_yscale("log")
    for axis, label in ((latency, "ms"), (memory, "GiB")):
        axis.set_xscale("log")
        axis.set_xlabel("chunks")
        axis.set_ylabel(label)
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=7)
    latency.set_title("Latency against size")
    memory.set_title("Resident memory of the query process")
    figure.tight_layout()
    figure.savefig(out, dpi=110)
    plt.close(figure)


def _row_kind(r: dict) -> str:
    """The dense index of a row, with its search setting."""
    if str(r.get("store", "")).startswith("postgresql"):
        if r["dense_index"] == "ivf":
            return f"pgvector IVFFlat ({r.get('ivf_lists', '?')} lists, probes {r.get('nprobe')})"
        return f"pgvector HNSW (m 16, ef_construction 64, ef_search {r.get('ef_search', 200)})"
    return r["dense_index"] + (f" (nprobe {r['nprobe']})" if r.get("nprobe") else "")


def _row(r: dict) -> str:
    ann = r["ann"]
    kind = _row_kind(r)
    build = r.get("build", {}).get("build_s", {}).get("total") or r.get("commit_s")
    load = r["load_average"][0]
    anon = f"{r['rss_anon_mib'] / 1024:.2f}" if "rss_anon_mib" in r else "—"
    return (
        f"| {r.get('store', 'embedded')} | {r['chunks']:,} | {build:.0f} s | {r['disk_bytes'] / 2**30:.2f} GiB "
        f"| {r['open_s']:.1f} s / {r['first_ask_s']:.1f} s | {r['rss_mib'] / 1024:.2f} / {anon} / {r['peak_rss_mib'] / 1024:.2f} GiB "
        f"| {r['retrieve']['p50_ms']:.0f} / {r['retrieve']['p95_ms']:.0f} | {r['ask']['p50_ms']:.0f} / {r['ask']['p95_ms']:.0f} "
        f"| {r['embed_query']['p50_ms']:.0f} | {kind} | {ann['recall_at_10']:.4f} / {ann['recall_at_100']:.4f} "
        f"| {ann['search_p50_ms']:.1f} / {r['flat_search_p50_ms']:.1f} "
        f"| {r['quality']['p_at_1']:.3f} / {r['quality']['recall_at_10']:.3f} | {load:.1f} |"
    )


# The runs behind eval/results/scale*.json, rendered by `python -m eval.bench --only scale --scale-cached`.
COMMANDS = (
    "python -m eval.scale_corpus --chunks N --out W/N` (N = 100000, 1000000), then on 2026-12-02 `python -m "
    "eval.scale_bench run --sizes 100000 --work W --questions 150`, `… run --sizes 1000000 … --questions 150` "
    "(the row marked first run), `python -m eval.scale_bench measure --index W/1000000 --questions 60` (the 1M "
    "row), `python -m eval.scale_pg --index W/100000 --pg-dir P` (the format-1 PostgreSQL row: its 150-question "
    "measure was stopped after ~15 min, BM25 in SQL taking 9–16 s per question, and re-run with `--questions "
    "8`); on 2026-12-03, with store format 2, `python -m eval.scale_pg --index W/100000 --pg-dir P1 --questions "
    "60` and `python -m eval.scale_pg --index W/1000000 --pg-dir P2 --questions 60 --maintenance-work-mem 8GB` "
    "(the 1M database was committed with an HNSW index — 3,275 s — and its vector index then replaced by "
    "IVFFlat with 2,000 lists in 97 s, as a first commit of ≥ 200,000 chunks now builds it; the measure re-run "
    "on it), `python -m eval.scale_bench measure --index W/100000 --questions 60` (the embedded 100k row, on a "
    "quiet machine) and `… measure --index W/1000000 --questions 60` (the embedded 1M row, after full passes "
    "over the rows files released their pages; measured while the CI suite ran: load 1.4–2.5), then "
    "`python -m eval.bench --only scale --scale-cached"
)


def section(rows: list[dict] | None = None, command: str = "python -m eval.bench --only scale") -> str:
    rows = load_rows() if rows is None else rows
    if not rows:
        return "## Scale\n\nNot run yet (`python -m eval.bench --only scale`).\n"
    plot(rows)
    lines = [
        "## Scale",
        "",
        f"Produced by `{command}` (embedded store: `eval/scale_bench.py`; PostgreSQL: `eval/scale_pg.py`); "
        "JSON in `eval/results/scale.json`, `eval/results/scale-pg.json`.",
        "",
        "**Corpus** (`eval/scale_corpus.py`): the 4,066 real chunks of the bench's ViRE-ALQAC, ALQAC 2023, "
        "ViMedAQA and `corpus/` indexes, with their real e5 vectors and tokens, plus synthetic chunks, each "
        "~70% of the sentences of one real chunk and 1–3 sentences of another of the same document (real "
        "sentences and word tokens, so BM25 statistics stay those of real text). **Synthetic vectors are not "
        "embeddings**: the normalised mix of the two sources' real vectors plus a random vector of norm 0.3. "
        "Questions: the first ViRE-ALQAC questions (their gold chunks are real pool chunks).",
        "",
        "Columns: build = generation written (embedded) or committed (Postgres); open = `KnowledgeBase.open` "
        "(model included) / first question (builds the per-generation tables); RSS = the query process after "
        "all questions (VmRSS, which counts the index files' pages it has mapped and read) / its anonymous "
        "memory alone (RssAnon; not recorded in the first runs) / its peak; retrieval and ask p50 / p95 in ms (ask = whole extractive answer, query "
        "embedding included; the retrieval pass runs first, on cold caches — for PostgreSQL a server just started — and "
        "the ask pass repeats the same questions, so it reads pages the first pass brought in); embedding = the query embedding alone; ANN recall@10 / @100 of the dense index "
        "against exact inner product; search ms = one ANN search (k = 100) / FAISS flat on the same vectors; "
        "P@1 / R@10 of the retriever on the questions; load = the machine's 1-minute load average at the end "
        "(2 cores, shared with other jobs: latencies are inflated by that load).",
        "",
        "| store | chunks | build | disk | open / first question | RSS / anonymous / peak | retrieval p50 / p95 | ask p50 / p95 "
        "| embedding p50 | dense index | ANN recall@10 / @100 | search ms ANN / flat | P@1 / R@10 | load |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *[_row(r) for r in rows],
        "",
    ]
    for r in rows:
        if r.get("nprobe_sweep"):
            sweep = ", ".join(
                f"{n}: {v['recall_at_10']:.4f} / {v['recall_at_100']:.4f} ({v['search_p50_ms']:.1f} ms)"
                for n, v in r["nprobe_sweep"].items()
            )
            name = "pgvector IVFFlat probes" if str(r.get("store")).startswith("postgresql") else "IVF nprobe"
            lines += [f"{name} sweep, {r.get('store', 'embedded')}, {r['chunks']:,} chunks, {r['questions']} "
                      f"questions (recall@10 / @100, search p50): {sweep}.", ""]
        if r.get("ef_search_sweep"):
            sweep = ", ".join(
                f"{n}: {v['recall_at_10']:.4f} / {v['recall_at_100']:.4f} ({v['search_p50_ms']:.1f} ms)"
                for n, v in r["ef_search_sweep"].items()
            )
            lines += [f"HNSW ef_search sweep, {r['store']}, {r['chunks']:,} chunks, {r['questions']} questions "
                      f"(recall@10 / @100 against exact, search p50): {sweep}.", ""]
        if r.get("bm25"):
            b = r["bm25"]
            lines += [f"BM25 in SQL, {r['store']}, {r['chunks']:,} chunks, {b['questions']} questions: at most "
                      f"{b['postings_per_term']:,} postings read per term, the best {b['rescore']:,} chunks rescored "
                      f"exactly: top-10 / top-100 recall against exact BM25 (every posting read) "
                      f"{b['recall_at_10']:.3f} / {b['recall_at_100']:.3f}; p50 {b['p50_ms']:.0f} ms "
                      f"(exact: {b['exact_p50_ms']:.0f} ms).", ""]
    lines += [*_targets(rows), "![Latency and memory against size](scale.png)", ""]
    return "\n".join(lines)


def _targets(rows: list[dict]) -> list[str]:
    """The issue's targets against the rows (met / missed, with the figure)."""

    def find(store: str, chunks: int) -> dict | None:
        return next((r for r in rows if r.get("store", "embedded") == store and r["chunks"] == chunks), None)

    def memory(r: dict) -> str:
        anon = f", anonymous {r['rss_anon_mib'] / 1024:.2f} GiB" if "rss_anon_mib" in r else ""
        return f"RSS {r['rss_mib'] / 1024:.2f} GiB{anon}"

    out = ["**Targets** (latencies measured under the load shown in the table; the query embedding alone is "
           "a large share of them and does not depend on the index size):", ""]
    for store, chunks, p50, rss in (("embedded", 100_000, 100, 2.0), ("embedded", 1_000_000, 300, 6.0),
                                    ("postgresql", 1_000_000, 300, None)):
        r = find(store, chunks)
        if r is None:
            out.append(f"- {store}, {chunks:,} chunks: not measured.")
            continue
        verdict = "met" if r["ask"]["p50_ms"] <= p50 else "missed"
        text = (f"- {store}, {chunks:,} chunks: ask p50 {r['ask']['p50_ms']:.0f} ms (target ≤ {p50}): {verdict} "
                f"(query embedding p50 {r['embed_query']['p50_ms']:.0f} ms of it)")
        if chunks >= 1_000_000:
            recall = r["ann"]["recall_at_10"]
            text += f"; recall@10 {recall:.3f} (≥ 0.98): {'met' if recall >= 0.98 else 'missed'}"
        if rss is not None:
            strict = "met" if r["rss_mib"] / 1024 <= rss else "missed"
            text += f"; {memory(r)} (≤ {rss:g} GiB): {strict} counting mapped file pages"
            if "rss_anon_mib" in r:
                text += f", {'met' if r['rss_anon_mib'] / 1024 <= rss else 'missed'} in anonymous memory"
        out.append(text + ".")
    embedded = [r for r in rows if str(r.get("store", "embedded")).startswith("embedded")]
    if len(embedded) > 1:
        runs = "; ".join(
            f"{r['chunks']:,} chunks ({r.get('store')}, load {r['load_average'][0]:.1f}): ask p50 "
            f"{r['ask']['p50_ms']:.0f} ms, of which embedding {r['embed_query']['p50_ms']:.0f} ms; retrieval p50 "
            f"{r['retrieve']['p50_ms']:.0f} ms; flat search {r['flat_search_p50_ms']:.0f} ms"
            for r in embedded
        )
        out.append(
            f"- Cost per question against size (embedded): {runs}. The load differs between runs, so compare "
            "runs under similar load; the query embedding alone varies 10x with the load (its matrix products "
            "share the 2 cores with the other jobs); exact dense search grows linearly with the chunks, IVF "
            "stays at 1–3 ms."
        )
    before = next((r for r in rows if str(r.get("store", "")).startswith("postgresql (format 1")), None)
    for chunks in (100_000, 1_000_000):
        pg = find("postgresql", chunks)
        if pg is None:
            continue
        text = (
            f"- PostgreSQL, {chunks:,} chunks: ask p50 {pg['ask']['p50_ms']:.0f} ms, retrieval p50 "
            f"{pg['retrieve']['p50_ms']:.0f} ms, {_row_kind(pg)} recall@10 {pg['ann']['recall_at_10']:.3f}, "
            f"{memory(pg)}, open {pg['open_s']:.1f} s"
        )
        if before is not None and chunks == before["chunks"]:
            text += (
                f" (format 1, which loaded the whole generation and read every posting of a query's terms: "
                f"ask p50 {before['ask']['p50_ms'] / 1000:.1f} s, retrieval {before['retrieve']['p50_ms'] / 1000:.1f} s, "
                f"recall@10 {before['ann']['recall_at_10']:.2f}, RSS {before['rss_mib'] / 1024:.2f} GiB, "
                f"open {before['open_s']:.0f} s)"
            )
        out.append(text + ".")
    return [*out, ""]

