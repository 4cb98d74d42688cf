"""Chat history, feedback and element contents (Chainlit's SQLAlchemy data layer) on SQLite or PostgreSQL.

Without a PostgreSQL store the chat keeps its history in one embedded SQLite file
(``data/chat/chat.sqlite3``) and element contents as files under the chat folder. With
``KB_STORE=postgresql://…`` the same tables live in the store's database (schema ``kb_chat``,
:mod:`chat.chat_schema`) and element contents in its ``files`` table, so several ``kb serve``
workers — on one machine or several — share users, threads, steps, elements and feedback.

Chainlit's ``SQLAlchemyDataLayer`` targets its own PostgreSQL schema (UUID, JSONB, TEXT[]);
:class:`ChatDataLayer` keeps one schema for both databases instead: list and dict parameters
(``tags``, ``props``, ``modes``) are stored as JSON text and parsed back when read. On
PostgreSQL the driver is psycopg 3 (already the store's), through SQLAlchemy's
``postgresql+psycopg`` dialect.

Element contents are served at ``/kb-files/<object key>`` only to the user who owns the
element's thread (:meth:`ChatDataLayer.read_element`): no login -> 401, anything else -> 404.

Usage (in the Chainlit app)::

    layer = open_data_layer(settings)      # SQLite under chat_dir, or PostgreSQL when settings.store is set

    @cl.data_layer
    def get_data_layer():
        return layer
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from sqlalchemy import text

from chat.chat_schema import PG_SCHEMA, create_postgres_schema, create_sqlite_schema
from kb.config import Settings

FILES_ROUTE = "/kb-files"
DB_NAME = "chat.sqlite3"
# Columns read back as JSON (stored as text): lists, and the dicts Chainlit hands to the client
# (a resumed thread's step metadata holds the stored answer, ``kb_answer``).
_JSON_KEYS = {
    "tags",
    "step_tags",
    "thread_tags",
    "metadata",
    "step_metadata",
    "thread_metadata",
    "generation",
    "step_generation",
    "props",
}
SEEN_EVERY = dt.timedelta(minutes=1)  # "lastSeenAt" is refreshed at most this often per user


def chat_timestamp(moment: dt.datetime | None = None) -> str:
    """A timestamp as Chainlit writes ``createdAt`` (ISO, local clock, "Z")."""
    return (moment or dt.datetime.now()).isoformat() + "Z"


def _file_url(route: str, object_key: str) -> str:
    return f"{route}/{quote(object_key, safe='/')}"


class LocalStorageClient(BaseStorageClient):
    """Element content as files under ``root`` (the SQLite default); object keys never escape it."""

    def __init__(self, root: Path, route: str = FILES_ROUTE) -> None:
        self.root = Path(root).resolve()
        self.route = route

    def path_for(self, object_key: str) -> Path:
        parts = [re.sub(r"[^\w.\-]+", "_", p) for p in object_key.split("/") if p not in ("", ".", "..")]
        path = self.root.joinpath(*parts).resolve() if parts else self.root
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"object key outside the storage folder: {object_key!r}")
        return path

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        path = self.path_for(object_key)
        if path.exists() and not overwrite:
            return {"object_key": object_key, "url": await self.get_read_url(object_key)}
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(payload)
        os.replace(tmp, path)
        return {"object_key": object_key, "url": await self.get_read_url(object_key)}

    async def read(self, object_key: str) -> bytes | None:
        try:
            return self.path_for(object_key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, ValueError):
            return None

    async def delete_file(self, object_key: str) -> bool:
        try:
            self.path_for(object_key).unlink()
        except (FileNotFoundError, ValueError):
            return False
        return True

    async def get_read_url(self, object_key: str) -> str:
        return _file_url(self.route, object_key)

    async def close(self) -> None:
        return None


class DatabaseStorageClient(BaseStorageClient):
    """Element content as ``bytea`` rows of ``kb_chat.files``: every worker reads the same."""

    def __init__(self, layer: ChatDataLayer | None = None, route: str = FILES_ROUTE) -> None:
        self.layer = layer  # set by PostgresDataLayer.create (the layer is built with its client)
        self.route = route

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        conflict = (
            'DO UPDATE SET "mime" = EXCLUDED."mime", "data" = EXCLUDED."data"' if overwrite else "DO NOTHING"
        )
        done = await self._layer.execute_sql(
            f'INSERT INTO files ("objectKey", "mime", "data") VALUES (:key, :mime, :data) '
            f'ON CONFLICT ("objectKey") {conflict}',
            {"key": object_key, "mime": mime or "application/octet-stream", "data": payload},
        )
        if done is None:  # execute_sql logs and swallows database errors
            return {}
        return {"object_key": object_key, "url": await self.get_read_url(object_key)}

    async def read(self, object_key: str) -> bytes | None:
        rows = await self._layer.execute_sql(
            'SELECT "data" FROM files WHERE "objectKey" = :key', {"key": object_key}
        )
        return bytes(rows[0]["data"]) if isinstance(rows, list) and rows else None

    async def delete_file(self, object_key: str) -> bool:
        done = await self._layer.execute_sql(
            'DELETE FROM files WHERE "objectKey" = :key', {"key": object_key}
        )
        return bool(done)

    async def get_read_url(self, object_key: str) -> str:
        return _file_url(self.route, object_key)

    async def close(self) -> None:
        return None

    @property
    def _layer(self) -> ChatDataLayer:
        assert self.layer is not None, "DatabaseStorageClient used before its data layer was set"
        return self.layer


class ChatDataLayer(SQLAlchemyDataLayer):
    """SQLAlchemy data layer with JSON text for list and dict columns (SQLite and PostgreSQL alike)."""

    backend = ""  # "sqlite" or "postgresql"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._seen: dict[str, dt.datetime] = {}  # when this worker last wrote a user's lastSeenAt

    async def execute_sql(self, query: str, parameters: dict) -> list[dict[str, Any]] | int | None:
        clean = {
            key: json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
            for key, value in parameters.items()
        }
        return await super().execute_sql(query, clean)

    async def execute_in_one_transaction(self, statements: list[tuple[str, dict]]) -> None:
        """Several statements, all or none (errors are raised, not swallowed)."""
        async with self.async_session() as session, session.begin():
            for query, parameters in statements:
                await session.execute(text(query), parameters)

    def clean_result(self, obj: Any) -> Any:
        if isinstance(obj, dict):
            cleaned = {}
            for key, value in obj.items():
                if key in _JSON_KEYS and isinstance(value, str) and value[:1] in ("[", "{"):
                    with contextlib.suppress(json.JSONDecodeError):
                        value = json.loads(value)
                cleaned[key] = self.clean_result(value)
            return cleaned
        return super().clean_result(obj)

    async def get_thread_author(self, thread_id: str) -> str:
        """The identifier of the thread's owner, "" when no such thread is stored (yet).

        Chainlit's own raises ``ValueError`` there, which its thread routes turn into a 500;
        "" gives their 404 "Thread not found" (a thread is stored by a background task, so a
        client may ask for it a moment before it exists)."""
        rows = await self.execute_sql(
            'SELECT "userIdentifier" AS author FROM threads WHERE "id" = :id', {"id": thread_id}
        )
        if isinstance(rows, list) and rows:
            return str(rows[0].get("author") or "")
        return ""

    async def get_user(self, identifier: str):
        """Chainlit calls this on every authenticated request: it also records the visit
        (``lastSeenAt``, written at most once a minute per user, for the guest clean-up)."""
        user = await super().get_user(identifier)
        if user is None:
            return None
        now = dt.datetime.now()
        written = self._seen.get(identifier)
        if written is not None and now - written < SEEN_EVERY:
            return user  # written by this worker a moment ago: no write (20 sessions of one user at once)
        self._seen[identifier] = now
        rows = await self.execute_sql(
            'SELECT "lastSeenAt" AS seen FROM users WHERE "identifier" = :identifier',
            {"identifier": identifier},
        )
        stale = chat_timestamp(now - SEEN_EVERY)
        if isinstance(rows, list) and rows and (rows[0]["seen"] or "") < stale:  # other workers write it too
            await self.execute_sql(
                'UPDATE users SET "lastSeenAt" = :now WHERE "identifier" = :identifier',
                {"now": chat_timestamp(now), "identifier": identifier},
            )
        return user

    async def read_element(self, object_key: str, identifier: str | None) -> tuple[bytes, str] | None:
        """(content, mime) of a stored element, when ``identifier`` owns the element's thread."""
        if not identifier or self.storage_provider is None:
            return None
        rows = await self.execute_sql(
            'SELECT e."mime" AS mime FROM elements e JOIN threads t ON t."id" = e."threadId" '
            'JOIN users u ON u."id" = t."userId" WHERE e."objectKey" = :key AND u."identifier" = :identifier',
            {"key": object_key, "identifier": identifier},
        )
        if not isinstance(rows, list) or not rows:
            return None
        content = await self.storage_provider.read(object_key)  # type: ignore[attr-defined]
        if content is None:
            return None
        return content, str(rows[0].get("mime") or "application/octet-stream")


class SQLiteDataLayer(ChatDataLayer):
    """The embedded default: ``chat_dir/chat.sqlite3`` (aiosqlite) + files under ``chat_dir/files``."""

    backend = "sqlite"

    @classmethod
    def create(cls, chat_dir: Path) -> SQLiteDataLayer:
        chat_dir = Path(chat_dir)
        db_path = chat_dir / DB_NAME
        create_sqlite_schema(db_path)
        return cls(
            conninfo=f"sqlite+aiosqlite:///{db_path.resolve()}",
            # One writer at a time: under load a write waits for the lock (up to 30 s) rather than fail.
            connect_args={"timeout": 30},
            storage_provider=LocalStorageClient(chat_dir / "files"),
        )


def sqlalchemy_url(dsn: str) -> str:
    """``postgresql://…`` as SQLAlchemy's psycopg 3 dialect names it."""
    scheme, sep, rest = dsn.partition("://")
    if not sep or scheme not in ("postgresql", "postgres"):
        raise ValueError("expected a postgresql:// connection string")
    return f"postgresql+psycopg://{rest}"


class PostgresDataLayer(ChatDataLayer):
    """The chat tables in schema ``kb_chat`` of the store's database; element contents as bytea."""

    backend = "postgresql"

    @classmethod
    def create(cls, dsn: str) -> PostgresDataLayer:
        create_postgres_schema(dsn)
        storage = DatabaseStorageClient()
        layer = cls(
            conninfo=sqlalchemy_url(dsn),
            connect_args={"options": f"-c search_path={PG_SCHEMA}"},
            storage_provider=storage,
        )
        storage.layer = layer
        return layer


def open_data_layer(settings: Settings) -> ChatDataLayer:
    """PostgreSQL when the settings name a PostgreSQL store, else SQLite under ``chat_dir``."""
    if settings.uses_postgres:
        return PostgresDataLayer.create(settings.store)
    return SQLiteDataLayer.create(settings.chat_dir)
