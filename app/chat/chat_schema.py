"""The chat's tables (Chainlit's users, threads, steps, elements, feedbacks + element contents),
in an embedded SQLite file or in a PostgreSQL schema of their own, created on first start.

Both databases get the same columns with the same types as far as Chainlit is concerned:
ids, timestamps, tags and JSON metadata are TEXT (lists and dicts go in as JSON text and are
parsed back by :class:`chat.data_layer.ChatDataLayer`), so one data layer runs on both.
Two additions to Chainlit's schema:

- ``users."lastSeenAt"``: when the user was last authenticated (guests not seen for
  ``KB_GUEST_DAYS`` are removed, :mod:`chat.guests`);
- ``files`` (PostgreSQL only): element contents (source panels, handouts, PDFs of resumed
  threads) as ``bytea``, so every worker serves them; the SQLite default keeps them as files
  under the chat folder.

On PostgreSQL everything lives in the schema ``kb_chat`` of the store's database (the index's
``kb_*`` tables stay in ``public``); several workers starting at once create it once
(transaction-level advisory lock), and a worker starting next to serving ones finds it complete in
the catalog and runs no DDL (which would lock the tables the others use).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

PG_SCHEMA = "kb_chat"
CHAT_SCHEMA_LOCK_KEY = 0x6B62_1003  # next to the index's advisory lock keys (kb.index.postgres_schema)

_TABLES = """
CREATE TABLE IF NOT EXISTS users (
    "id" TEXT PRIMARY KEY,
    "identifier" TEXT NOT NULL UNIQUE,
    "metadata" TEXT NOT NULL,
    "createdAt" TEXT,
    "lastSeenAt" TEXT
);
CREATE TABLE IF NOT EXISTS threads (
    "id" TEXT PRIMARY KEY,
    "createdAt" TEXT,
    "name" TEXT,
    "userId" TEXT,
    "userIdentifier" TEXT,
    "tags" TEXT,
    "metadata" TEXT,
    FOREIGN KEY ("userId") REFERENCES users("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS steps (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "parentId" TEXT,
    "streaming" BOOLEAN NOT NULL,
    "waitForAnswer" BOOLEAN,
    "isError" BOOLEAN,
    "metadata" TEXT,
    "tags" TEXT,
    "input" TEXT,
    "output" TEXT,
    "createdAt" TEXT,
    "command" TEXT,
    "start" TEXT,
    "end" TEXT,
    "generation" TEXT,
    "showInput" TEXT,
    "language" TEXT,
    "indent" INT,
    "defaultOpen" BOOLEAN,
    "autoCollapse" BOOLEAN,
    "modes" TEXT,
    "icon" TEXT,
    "feedback" TEXT,
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS elements (
    "id" TEXT PRIMARY KEY,
    "threadId" TEXT,
    "type" TEXT,
    "url" TEXT,
    "chainlitKey" TEXT,
    "name" TEXT NOT NULL,
    "display" TEXT,
    "objectKey" TEXT,
    "size" TEXT,
    "page" INT,
    "language" TEXT,
    "forId" TEXT,
    "mime" TEXT,
    "props" TEXT,
    "autoPlay" BOOLEAN,
    "playerConfig" TEXT,
    "path" TEXT,
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS feedbacks (
    "id" TEXT PRIMARY KEY,
    "forId" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "value" INT NOT NULL,
    "comment" TEXT,
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
);
"""
# Lookups the chat makes on every page: threads of a user, steps/elements of a thread, an element
# by its storage key (the /kb-files access check), guests by last visit.
_INDEXES = """
CREATE INDEX IF NOT EXISTS threads_user ON threads ("userId");
CREATE INDEX IF NOT EXISTS steps_thread ON steps ("threadId");
CREATE INDEX IF NOT EXISTS elements_thread ON elements ("threadId");
CREATE INDEX IF NOT EXISTS elements_object_key ON elements ("objectKey");
CREATE INDEX IF NOT EXISTS feedbacks_thread ON feedbacks ("threadId");
"""
_PG_FILES = """
CREATE TABLE IF NOT EXISTS files (
    "objectKey" TEXT PRIMARY KEY,
    "mime" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT now()
);
"""
SQLITE_SCHEMA = _TABLES + _INDEXES


def _sqlite_columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def create_sqlite_schema(db_path: Path) -> None:
    """The tables in ``db_path`` (idempotent; a file from an older version gets ``lastSeenAt``)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        connection.executescript(_TABLES)
        if "lastSeenAt" not in _sqlite_columns(connection, "users"):
            connection.execute('ALTER TABLE users ADD COLUMN "lastSeenAt" TEXT')
        connection.executescript(_INDEXES)


_TABLE_NAME = re.compile(r"CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)")
# Every table and index the statements above create: a schema holding them all (and the added
# column) is complete, and a worker starting on it runs no DDL at all.
PG_RELATIONS = tuple(_TABLE_NAME.findall(_TABLES + _PG_FILES + _INDEXES))


def _postgres_schema_complete(connection) -> bool:
    """Whether ``kb_chat`` holds every table, index and column, read from the catalog only.

    The catalog read takes no lock on the tables themselves. ``CREATE … IF NOT EXISTS`` and
    ``ADD COLUMN IF NOT EXISTS`` lock their table even when there is nothing to do, and a worker
    already serving (its guest clean-up deletes users, which cascades to threads and steps) takes
    the same tables in the other order: PostgreSQL then aborted one of them with a deadlock.
    """
    present = {
        row[0]
        for row in connection.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s",
            (PG_SCHEMA,),
        )
    }
    if not present.issuperset(PG_RELATIONS):
        return False
    column = connection.execute(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_schema = %s AND table_name = 'users' AND column_name = 'lastSeenAt'",
        (PG_SCHEMA,),
    ).fetchone()
    return column is not None


def create_postgres_schema(dsn: str) -> None:
    """Schema ``kb_chat`` and its tables in the database of ``dsn`` (idempotent, safe when
    several workers start at once, or one starts while others serve: a complete schema is left
    untouched)."""
    import psycopg

    with psycopg.connect(dsn) as connection, connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (CHAT_SCHEMA_LOCK_KEY,))
        if _postgres_schema_complete(connection):
            return
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {PG_SCHEMA}")
        connection.execute(f"SET LOCAL search_path TO {PG_SCHEMA}")
        for statement in (_TABLES + _PG_FILES + _INDEXES).split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute('ALTER TABLE users ADD COLUMN IF NOT EXISTS "lastSeenAt" TEXT')
