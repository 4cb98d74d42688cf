"""Read a stored chat thread back (for ``kb export --thread``), straight from the chat database:
the SQLite file under the chat folder, or schema ``kb_chat`` of the PostgreSQL store (``store``).

The chat stores each answer's JSON in its message metadata (``kb_answer``); this module
needs neither Chainlit nor a running server.

Usage::

    answers = thread_answers(Path("data/chat"), "5c0f…")
    answers = thread_answers(Path("data/chat"), "5c0f…", store="postgresql://…")
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from chat.chat_schema import PG_SCHEMA
from chat.data_layer import DB_NAME
from kb.answer.cited_answer import Answer


class ThreadNotFoundError(LookupError):
    """No such thread (or no chat database yet); the message says which."""


def _postgres_rows(store: str, thread_id: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(store, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT to_regclass(%s) IS NOT NULL", (f"{PG_SCHEMA}.threads",)
        ).fetchone()[0]
        if (
            not exists
            or connection.execute(
                f'SELECT 1 FROM {PG_SCHEMA}.threads WHERE "id" = %s', (thread_id,)
            ).fetchone()
            is None
        ):
            raise ThreadNotFoundError(f"no chat thread {thread_id!r} in the PostgreSQL store")
        return connection.execute(
            f'SELECT "metadata" FROM {PG_SCHEMA}.steps WHERE "threadId" = %s ORDER BY "createdAt", "start"',
            (thread_id,),
        ).fetchall()


def thread_answers(chat_dir: Path, thread_id: str, *, store: str = "") -> list[Answer]:
    if store:
        return _answers(_postgres_rows(store, thread_id))
    db_path = Path(chat_dir) / DB_NAME
    if not db_path.is_file():
        raise ThreadNotFoundError(f"no chat history at {db_path}")
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as connection:
        if connection.execute('SELECT 1 FROM threads WHERE "id" = ?', (thread_id,)).fetchone() is None:
            raise ThreadNotFoundError(f"no chat thread {thread_id!r} in {db_path}")
        rows = connection.execute(
            'SELECT "metadata" FROM steps WHERE "threadId" = ? ORDER BY "createdAt", "start"', (thread_id,)
        ).fetchall()
    return _answers(rows)


def _answers(rows: list[tuple]) -> list[Answer]:
    answers = []
    for (metadata,) in rows:
        try:
            stored = json.loads(metadata or "{}").get("kb_answer")
        except (json.JSONDecodeError, AttributeError):
            continue
        if stored:
            answers.append(Answer.from_json(stored))
    return answers
