"""Where the index lives: the embedded store (files) or PostgreSQL, chosen by the settings.

Both backends give the same thing to the rest of the product: the live :class:`IndexSnapshot`
(``load``), an atomic commit of a new one (``commit``), a writer lock for ingests, and the
live generation's meta. The query side (analysis, fusion, answerers) does not know which
backend it reads; only the snapshot's ``dense`` and ``bm25`` searches differ.

Usage::

    backend = open_backend(settings)          # FileBackend, or PostgresBackend for KB_STORE=postgresql://…
    with backend.writer_lock():
        snapshot = backend.load()
        ...
        backend.commit(new_snapshot)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from kb.config import ConfigError, Settings
from kb.index.snapshot import IndexSnapshot
from kb.index.store import commit_snapshot, current_generation_name, current_meta, load_snapshot, writer_lock


class IndexBackend(Protocol):
    """A place an index generation is loaded from and committed to."""

    @property
    def label(self) -> str:
        """Where the index is, for messages (no password)."""
        ...

    def load(self) -> IndexSnapshot | None:
        """The live generation, or None when nothing was ever committed."""
        ...

    def commit(self, snapshot: IndexSnapshot) -> str:
        """Publish ``snapshot`` atomically as the live generation; returns its name."""
        ...

    def writer_lock(self, wait: float = 0.0) -> contextlib.AbstractContextManager[None]:
        """Held by an ingest from its first read to its commit; a second one waits up to ``wait``
        seconds for it, then fails."""
        ...

    def current_meta(self) -> dict[str, object] | None:
        """Meta of the live generation (model, prompts, counts), None before the first commit."""
        ...

    def live_generation(self) -> str | None:
        """The live generation's name (``snapshot.generation`` of :meth:`load`), cheaply: a chat
        worker polls it to notice commits made by another process."""
        ...


class FileBackend:
    """The embedded store: generations of FAISS + bm25s files under one folder (the default)."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)

    @property
    def label(self) -> str:
        return str(self.index_dir)

    def load(self) -> IndexSnapshot | None:
        return load_snapshot(self.index_dir)

    def commit(self, snapshot: IndexSnapshot) -> str:
        return commit_snapshot(self.index_dir, snapshot).name

    @contextlib.contextmanager
    def writer_lock(self, wait: float = 0.0) -> Iterator[None]:
        with writer_lock(self.index_dir, wait):
            yield

    def current_meta(self) -> dict[str, object] | None:
        return current_meta(self.index_dir)

    def live_generation(self) -> str | None:
        return current_generation_name(self.index_dir)


def open_backend(settings: Settings) -> IndexBackend:
    """The backend the settings name: ``store`` (PostgreSQL) when set, else files at ``index_dir``."""
    if not settings.store:
        return FileBackend(settings.index_dir)
    if not settings.uses_postgres:
        raise ConfigError(f"store must be a postgresql:// connection string, got {settings.store_label!r}")
    from kb.index.postgres_store import PostgresBackend  # needs psycopg (the "postgres" extra)

    return PostgresBackend(settings.store, label=settings.store_label, dense_index=settings.dense_index)
