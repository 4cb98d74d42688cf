"""Shared test fixtures.

Tests that read ``../shared`` (legal excerpts, benchmarks) skip with a reason when it is
absent, e.g. on a fresh clone outside the workshop workspace.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Nothing may reach the network: models load from local paths only.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")

REPO_ROOT = Path(__file__).resolve().parent.parent
# Chainlit reads (and on first import creates) its config under the app root: the app's own.
os.environ.setdefault("CHAINLIT_APP_ROOT", str(REPO_ROOT / "app"))
SHARED_DIR = Path(os.environ.get("KB_SHARED_DIR", REPO_ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"../shared is not present at {SHARED_DIR} (set KB_SHARED_DIR to run this test)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def unicode_font() -> Path:
    """A TTF with full Vietnamese coverage, for generating test PDFs with reportlab."""
    import matplotlib

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert font.is_file(), font
    return font


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """``corpus/`` ingested once per test session (read-only: copy it before changing it)."""
    from kb.config import Settings
    from kb.index.ingestion import ingest

    index_dir = tmp_path_factory.mktemp("corpus-index") / "index"
    report = ingest([REPO_ROOT / "corpus"], Settings.load().with_overrides(index_dir=index_dir))
    assert not report.failed, report.failed
    return index_dir


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A private PostgreSQL 16 + pgvector server (PyPI ``pgserver``) for the session; no mock."""
    import warnings

    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'kcnst-kb[postgres]'): no PostgreSQL tests")
    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set" (harmless here)
        warnings.simplefilter("ignore")
        try:
            import pgserver
        except ImportError:
            pytest.skip("pgserver is not installed (pip install pgserver==0.1.4): no PostgreSQL tests")
        server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def postgres_store(postgres_server, request) -> str:
    """The connection string of a new, empty database on the session's server."""
    import re
    import uuid

    name = "kb_" + re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:6]
    assert "CREATE DATABASE" in postgres_server.psql(f"CREATE DATABASE {name};")
    uri = postgres_server.get_uri()
    return re.sub(r"/postgres(\?|$)", rf"/{name}\1", uri, count=1)
