"""The layout keeps its promises: imports run down the data flow, modules stay small, the README
names files that exist, and shared facts have one source."""

from __future__ import annotations

import ast
import logging
import re
import tomllib
from pathlib import Path

import pytest

from kb.config import REPO_ROOT, Settings

# Stages of the data flow, earliest first. A module may import its own stage and earlier ones.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("shared", ("kb", "kb.config", "kb.facts", "kb.text", "kb.models")),
    ("ingest", ("ingest",)),
    ("index", ("kb.index",)),
    ("query", ("kb.query",)),
    ("retrieve", ("kb.retrieve",)),
    ("answer", ("kb.answer",)),
    ("library", ("kb.knowledge_base", "kb.handout", "kb.catalogue")),
    ("cli / chat", ("kb.cli", "chat", "app")),
    ("eval", ("eval",)),
]
# Imports that may go up the flow, and why. Only inside functions (never at import time).
LAZY_EXCEPTIONS = {
    ("kb.cli", "eval"): "`kb eval` runs the benchmarks' datasets and metrics",
}
# Modules over MAX_LINES that do one job, and which.
MAX_LINES = 500
ONE_JOB = {
    "kb/cli.py": "one function per command, each a thin layer over the library",
}
SOURCES = [REPO_ROOT / d for d in ("kb", "ingest", "eval")] + [REPO_ROOT / "app"]


def _module_name(path: Path) -> str:
    relative = path.relative_to(REPO_ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[:2] == ["app", "chat"]:
        parts = parts[1:]  # the chat package is imported as ``chat``
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _stage(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, stage)
    for index, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def _python_files() -> list[Path]:
    files: list[Path] = []
    for root in SOURCES:
        files += [p for p in root.rglob("*.py") if ".chainlit" not in p.parts]
    return sorted(files)


def _imports(tree: ast.Module) -> list[tuple[str, bool]]:
    """(imported module, at module level?) for every first-party import."""
    found: list[tuple[str, bool]] = []
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            if _stage(name) is not None:
                found.append((name, id(node) in top_level))
    return found


def test_imports_run_down_the_data_flow():
    violations = []
    for path in _python_files():
        importer = _module_name(path)
        own = _stage(importer)
        assert own is not None, f"{path} belongs to no stage"
        for imported, module_level in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            target = _stage(imported)
            if target is None or target <= own:
                continue
            exception = next(
                (why for (src, dst), why in LAZY_EXCEPTIONS.items() if importer == src and imported.startswith(dst)),
                None,
            )
            if exception and not module_level:
                continue
            violations.append(f"{importer} ({STAGES[own][0]}) imports {imported} ({STAGES[target][0]})")
    assert not violations, "\n".join(violations)


def test_the_evaluation_modules_import_each_other_without_a_cycle():
    graph: dict[str, set[str]] = {}
    for path in (REPO_ROOT / "eval").glob("*.py"):
        name = _module_name(path)
        graph[name] = {m for m, _ in _imports(ast.parse(path.read_text(encoding="utf-8"))) if m.startswith("eval.")}
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in done:
            return
        assert node not in visiting, " -> ".join([*trail, node])
        visiting.add(node)
        for nxt in graph.get(node, ()):
            visit(nxt, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for node in graph:
        visit(node, [])


def test_modules_stay_small_unless_they_do_one_job():
    large = {
        str(p.relative_to(REPO_ROOT)): n
        for p in _python_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    unexplained = {path: lines for path, lines in large.items() if path not in ONE_JOB}
    assert not unexplained, f"over {MAX_LINES} lines and doing several jobs: {unexplained}"


def test_every_path_the_readme_names_exists():
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:kb|ingest|app|eval|corpus|tests)/[\w./-]*)`", text))
    named |= set(re.findall(r"(?<![\w/])((?:kb|ingest|app|eval|corpus|tests)/[\w.-]+(?:/[\w.-]+)*\.(?:py|toml|md|jsonl|json|txt))", text))
    assert len(named) > 40
    missing = sorted(p for p in named if "*" not in p and not (REPO_ROOT / p.rstrip("/")).exists())
    assert not missing, missing


def test_an_unknown_key_in_kb_toml_is_named_with_the_closest_known_one(tmp_path, caplog):
    config = tmp_path / "kb.toml"
    config.write_text('modle = "x"\nbatch_size = 8\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kb.config"):
        settings = Settings.load(config)
    assert settings.batch_size == 8
    assert "unknown setting 'modle' ignored (did you mean 'model'?)" in caplog.text
    config.write_text("batch_size = [", encoding="utf-8")
    from kb.config import ConfigError

    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.load(config)


def test_shared_facts_have_one_source():
    """Kinds, formats, limits, modes, methods and source counts are stated in one place and read
    from there (the CLI, the chat settings and upload checks, the Chainlit file picker)."""
    from ingest.formats import FORMATS, SUPPORTED_EXTENSIONS, accepted_mime_types
    from kb.cli import build_parser
    from kb.facts import DEFAULT_MAX_FILE_MB, MAX_SOURCES, METHODS, MODES
    from kb.text.legal_vocabulary import DOCUMENT_KINDS, LEGAL_KINDS

    assert set(LEGAL_KINDS) <= set(DOCUMENT_KINDS)
    assert sorted(e for f in FORMATS for e in f.extensions) == sorted(SUPPORTED_EXTENSIONS)
    assert sorted(e for exts in accepted_mime_types().values() for e in exts) == sorted(SUPPORTED_EXTENSIONS)
    assert Settings().max_file_mb == DEFAULT_MAX_FILE_MB
    ask = build_parser().parse_args(["ask", "q", "--mode", MODES[-1], "--k", str(MAX_SOURCES)])
    assert (ask.mode, ask.k) == (MODES[-1], MAX_SOURCES)
    evaluation = build_parser().parse_args(["eval", "domain", "--method", METHODS[0]])
    assert evaluation.method == [METHODS[0]]
    # No other module spells these lists out again.
    spelled = {
        "document kinds": re.compile(r"\"case-study\",\s*\"summary\"|\"circular\",\s*\"law\",\s*\"decision\""),
        "formats": re.compile(r"\"\.md\",\s*\"\.markdown\""),
        "methods": re.compile(r"\"bm25\",\s*\"dense\",\s*\"rrf\""),
        "modes": re.compile(r"\(\"extractive\",\s*\"llm\"\)"),
    }
    homes = {"kb/text/legal_vocabulary.py", "ingest/formats/__init__.py", "kb/facts.py"}
    for path in _python_files():
        relative = str(path.relative_to(REPO_ROOT))
        if relative in homes:
            continue
        text = path.read_text(encoding="utf-8")
        for fact, pattern in spelled.items():
            assert not pattern.search(text), f"{relative} repeats the {fact}"
    chainlit = tomllib.loads((REPO_ROOT / "app" / ".chainlit" / "config.toml").read_text(encoding="utf-8"))
    uploads = chainlit["features"]["spontaneous_file_upload"]
    assert "accept" not in uploads and "max_size_mb" not in uploads  # set by app.py from the sources
