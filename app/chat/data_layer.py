"""Chat history and feedback in one embedded SQLite file (Chainlit data layer).

Chainlit's ``SQLAlchemyDataLayer`` is written for PostgreSQL; on SQLite three things differ,
and :class:`SQLiteDataLayer` handles them: the schema (created here, idempotently), list and
dict parameters (``tags``, ``props``: stored as JSON text, parsed back when read), and the
elements' content, which goes to :class:`LocalStorageClient` (files under the chat folder,
served back by the app at ``/kb-files/…``) instead of a cloud bucket.

Usage (in the Chainlit app)::

    layer = SQLiteDataLayer.create(Path("data/chat"))

    @cl.data_layer
    def get_data_layer():
        return layer
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient

FILES_ROUTE = "/kb-files"
DB_NAME = "chat.sqlite3"
_JSON_LIST_KEYS = {"tags", "step_tags", "thread_tags"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    "id" TEXT PRIMARY KEY,
    "identifier" TEXT NOT NULL UNIQUE,
    "metadata" TEXT NOT NULL,
    "createdAt" TEXT
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


def create_schema(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        connection.executescript(SCHEMA)


class LocalStorageClient(BaseStorageClient):
    """Element content as files under ``root``; object keys never escape it."""

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

    async def delete_file(self, object_key: str) -> bool:
        try:
            self.path_for(object_key).unlink()
        except (FileNotFoundError, ValueError):
            return False
        return True

    async def get_read_url(self, object_key: str) -> str:
        relative = self.path_for(object_key).relative_to(self.root).as_posix()
        return f"{self.route}/{relative}"

    async def close(self) -> None:
        return None


class SQLiteDataLayer(SQLAlchemyDataLayer):
    """SQLAlchemy data layer on an aiosqlite file, with JSON for list and dict columns."""

    @classmethod
    def create(cls, chat_dir: Path) -> SQLiteDataLayer:
        chat_dir = Path(chat_dir)
        db_path = chat_dir / DB_NAME
        create_schema(db_path)
        return cls(
            conninfo=f"sqlite+aiosqlite:///{db_path.resolve()}",
            storage_provider=LocalStorageClient(chat_dir / "files"),
        )

    async def execute_sql(self, query: str, parameters: dict) -> list[dict[str, Any]] | int | None:
        clean = {
            key: json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
            for key, value in parameters.items()
        }
        return await super().execute_sql(query, clean)

    def clean_result(self, obj: Any) -> Any:
        if isinstance(obj, dict):
            cleaned = {}
            for key, value in obj.items():
                if key in _JSON_LIST_KEYS and isinstance(value, str) and value.startswith("["):
                    with contextlib.suppress(json.JSONDecodeError):
                        value = json.loads(value)
                cleaned[key] = self.clean_result(value)
            return cleaned
        return super().clean_result(obj)
