"""Anonymous readers (guests) who never came back are removed, with everything they left.

With ``KB_READERS=anonymous`` every browser gets a guest identity (``khach-<hex>``, provider
``guest``, see ``app.py``); the chat database would grow by one user per visitor forever. A
guest whose last visit (``users."lastSeenAt"``, refreshed by the data layer on each
authenticated request; ``createdAt`` when never refreshed) is older than ``KB_GUEST_DAYS`` is
removed in one transaction with their threads, steps, elements and feedback, then the
elements' stored contents (files, or rows of ``kb_chat.files``) and the threads' handouts.
Password users are never touched.

The chat server runs it every hour (each worker; the deletes are idempotent), and
``kb users prune-guests`` runs it once.

Usage::

    removed = await remove_stale_guests(layer, dt.timedelta(days=30), handouts_root=Path("data/chat/handouts"))
    removed.users, removed.threads, removed.elements
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from chat.data_layer import ChatDataLayer, chat_timestamp

GUEST_PREFIX = "khach"  # the identity prefix of anonymous readers (chat.service.GUEST_NAME)
GUEST_PROVIDER = '"provider": "guest"'  # as json.dumps writes the user's metadata
CLEANUP_EVERY_SECONDS = 3600.0


@dataclass
class RemovedGuests:
    users: list[str] = field(default_factory=list)  # identifiers
    threads: int = 0
    elements: int = 0

    def to_json(self) -> dict[str, object]:
        return {"users": len(self.users), "threads": self.threads, "elements": self.elements}


def handout_folder(handouts_root: Path, thread_id: str) -> Path:
    """Where the chat writes a thread's handouts (same rule as ``ChatService.handout_dir``)."""
    return handouts_root / (re.sub(r"[^\w\-]+", "_", thread_id)[:80] or "thread")


async def remove_stale_guests(
    layer: ChatDataLayer, older_than: dt.timedelta, *, handouts_root: Path | None = None
) -> RemovedGuests:
    """Remove the guests not seen for ``older_than`` (see the module docstring)."""
    cutoff = chat_timestamp(dt.datetime.now() - older_than)
    rows = await layer.execute_sql(
        'SELECT "id", "identifier" FROM users WHERE "identifier" LIKE :prefix AND "metadata" LIKE :provider '
        'AND COALESCE("lastSeenAt", "createdAt") < :cutoff',
        {"prefix": f"{GUEST_PREFIX}-%", "provider": f"%{GUEST_PROVIDER}%", "cutoff": cutoff},
    )
    removed = RemovedGuests()
    for row in rows if isinstance(rows, list) else []:
        user = {"user": row["id"]}
        threads = await layer.execute_sql('SELECT "id" FROM threads WHERE "userId" = :user', user) or []
        keys = (
            await layer.execute_sql(
                'SELECT e."objectKey" AS key FROM elements e JOIN threads t ON t."id" = e."threadId" '
                'WHERE t."userId" = :user',
                user,
            )
            or []
        )
        of_user = 'SELECT "id" FROM threads WHERE "userId" = :user'
        await layer.execute_in_one_transaction(
            [
                (f'DELETE FROM feedbacks WHERE "threadId" IN ({of_user})', user),
                (f'DELETE FROM elements WHERE "threadId" IN ({of_user})', user),
                (f'DELETE FROM steps WHERE "threadId" IN ({of_user})', user),
                ('DELETE FROM threads WHERE "userId" = :user', user),
                ('DELETE FROM users WHERE "id" = :user', user),
            ]
        )
        # Contents after the rows: a crash in between leaves unreachable contents, never a
        # thread whose elements are gone.
        for key in keys:  # type: ignore[union-attr]
            if key["key"] and layer.storage_provider is not None:
                await layer.storage_provider.delete_file(key["key"])
        if handouts_root is not None:
            for thread in threads:  # type: ignore[union-attr]
                shutil.rmtree(handout_folder(handouts_root, thread["id"]), ignore_errors=True)
        removed.users.append(row["identifier"])
        removed.threads += len(threads)  # type: ignore[arg-type]
        removed.elements += len(keys)  # type: ignore[arg-type]
    return removed
