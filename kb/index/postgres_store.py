"""The index in PostgreSQL + pgvector: generations committed in one transaction each.

A commit compares the new snapshot with the live generation document by document and, in
one transaction, marks removed and changed documents (and their chunks) dead, inserts the
added and changed ones with their chunks, vectors and BM25 postings, records the new
generation and makes it live. A reader therefore sees the whole before-state or the whole
after-state, never half a document; a crash or SIGKILL during a commit rolls it back.
Unchanged documents are not rewritten.

A reader loads one generation in a repeatable-read transaction: documents, chunks (text,
meta, tokens, vectors) and outlines come into memory as an :class:`IndexSnapshot`, as from
the files, so query analysis, fusion and answerers run unchanged; its ``dense`` and ``bm25``
searches run in Postgres (:mod:`kb.index.postgres_search`), restricted to that generation.

Why not Haystack's ``PgvectorDocumentStore`` (pgvector-haystack 8.1.2 does install and work with
haystack-ai 3.4.0): it writes and deletes in separate transactions (a reader could see half a
re-ingested document), has no notion of a generation for readers, and its keyword retrieval
is ``ts_rank_cd`` over ``to_tsvector(language, content)``, which splits our analyser's tokens
(``công_nghiệp``, ``~cong``) and is not BM25.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict

import numpy as np

from kb.index.bm25 import DEFAULT_B, DEFAULT_K1
from kb.index.dense import dense_kind, ivf_lists
from kb.index.postgres_rows import PostgresChunks, PostgresTokens, PostgresVectors
from kb.index.postgres_schema import (
    BASE_SCHEMA,
    FORMAT_VERSION,
    SCHEMA_LOCK_KEY,
    WRITER_LOCK_KEY,
    ReaderConnections,
    chunk_indexes,
    chunk_schema,
    connect,
    vector_literal,
    visible,
)
from kb.index.postgres_search import PostgresBM25Index, PostgresDenseIndex
from kb.index.snapshot import IndexSnapshot, StoredDocument
from kb.index.store import LOCK_POLL_SECONDS, IndexFormatError, IndexStoreError, busy_message
from kb.text.passage_language import passage_language


def _vector_index_kind(setting: str, size: int) -> str:
    """The vector index a first commit of ``size`` chunks builds: ``flat`` (none) when exact search is
    asked for, IVFFlat where the files store would use IVF, else HNSW (approximate, but cheap to keep)."""
    if setting == "flat":
        return "flat"
    return "ivf" if dense_kind(setting, size) == "ivf" else "hnsw"


def _vector_index(connection) -> str:
    """The vector index on kb_chunks: ``hnsw``, ``ivf`` (IVFFlat) or ``flat`` (none)."""
    methods = {
        method
        for (method,) in connection.execute(
            "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = to_regclass('kb_chunks')"
        )
    }
    return "hnsw" if "hnsw" in methods else "ivf" if "ivfflat" in methods else "flat"


# Marks dead the postings of the chunks this commit removed (by the (term, chunk) key).
_KILL_POSTINGS = """
UPDATE kb_postings p SET died = %(generation)s
FROM (
    SELECT c.id, t.term FROM kb_chunks c CROSS JOIN LATERAL (SELECT DISTINCT unnest(c.tokens) AS term) t
    WHERE c.died = %(generation)s
) gone
WHERE p.term = gone.term AND p.chunk = gone.id
"""

# Settings whose change makes every chunk different (vectors or tokens): all documents are rewritten.
_REWRITE_META = ("model", "dimension", "query_prefix", "passage_prefix", "analyzer", "pipeline")


def _json(value: object) -> object:
    """``value`` as it comes back from a jsonb column (tuples -> lists, keys as strings)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


class PostgresBackend:
    """Index generations in one PostgreSQL database (schema created on the first commit).

    Usage::

        backend = PostgresBackend("postgresql://kb:…@db/kb")
        with backend.writer_lock():
            backend.commit(snapshot)
        live = backend.load()      # IndexSnapshot of the live generation ("pg-N")
    """

    def __init__(self, dsn: str, *, label: str | None = None, dense_index: str = "auto") -> None:
        self.dsn = dsn
        self._label = label or dsn
        self._readers = ReaderConnections.shared(dsn)
        self.dense_index = dense_index  # the vector index made by the first commit (kb.index.dense.dense_kind)

    @property
    def label(self) -> str:
        return self._label

    # ------------------------------------------------------------------ reading
    def _state(self, connection) -> int | None:
        """The live generation (None when the schema does not exist or nothing was committed)."""
        exists = connection.execute("SELECT to_regclass('kb_state') IS NOT NULL").fetchone()[0]
        if not exists:
            return None
        version, generation = connection.execute("SELECT format_version, generation FROM kb_state").fetchone()
        if version != FORMAT_VERSION:
            raise IndexFormatError(
                f"{self.label} holds store format {version}, this version reads {FORMAT_VERSION}: "
                "empty the database and run `kb ingest` to rebuild it"
            )
        return int(generation) or None

    def current_meta(self) -> dict[str, object] | None:
        with connect(self.dsn, autocommit=True) as connection:
            generation = self._state(connection)
            if generation is None:
                return None
            row = connection.execute(
                "SELECT meta FROM kb_generations WHERE generation = %s", (generation,)
            ).fetchone()
        return {**row[0], "generation": f"pg-{generation}"}

    def live_generation(self) -> str | None:
        """``pg-N`` of the live generation: one small query (a chat worker polls it)."""
        with connect(self.dsn, autocommit=True) as connection:
            generation = self._state(connection)
        return None if generation is None else f"pg-{generation}"

    def load(self) -> IndexSnapshot | None:
        """The live generation: its documents and outlines, and per chunk only the id, document,
        heading and language; texts, tokens and vectors are read on demand (:mod:`kb.index.postgres_rows`)."""
        with connect(self.dsn) as connection:
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            generation = self._state(connection)
            if generation is None:
                return None
            meta, total_length = connection.execute(
                "SELECT meta, total_length FROM kb_generations WHERE generation = %s", (generation,)
            ).fetchone()
            bound = {"generation": generation}
            documents: dict[str, StoredDocument] = {}
            outlines: dict[str, dict] = {}
            for record, outline in connection.execute(
                f"SELECT record, outline FROM kb_documents WHERE {visible()} ORDER BY id", bound
            ):
                document = StoredDocument(**record)
                documents[document.doc_id] = document
                if outline is not None:
                    outlines[document.doc_id] = outline
            position = {doc_id: i for i, doc_id in enumerate(documents)}
            ids: list[int] = []
            codes: list[int] = []
            headings: list[str] = []
            languages: list[int] = []
            if self._has_chunk_table(connection):
                with connection.cursor(binary=True) as cursor:
                    cursor.execute(
                        "SELECT id, doc_id, coalesce(meta->>'heading', ''), language "
                        f"FROM kb_chunks WHERE {visible()} ORDER BY id",
                        bound,
                    )
                    for chunk, doc_id, heading, language in cursor:
                        ids.append(chunk)
                        codes.append(position.get(doc_id, -1))
                        headings.append(sys.intern(heading))  # many chunks share a heading
                        languages.append(language)
            kind = _vector_index(connection)
            size = connection.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "WHERE c.relname LIKE 'kb\\_%%' AND c.relkind = 'r'"
            ).fetchone()[0]
            connection.rollback()
        dimension = int(meta.get("dimension") or 0)
        id_array = np.asarray(ids, dtype=np.int64)
        # size_bytes: the store's tables with their indexes (all generations kept), as `kb stats` shows it.
        meta = {
            **meta,
            "generation": f"pg-{generation}",
            "store": "postgresql",
            "size_bytes": int(size or 0),
            "dense_index": kind,
        }
        return IndexSnapshot(
            None,
            meta,
            documents,
            PostgresChunks(self._readers, id_array),  # type: ignore[arg-type]
            PostgresVectors(self._readers, id_array, dimension),  # type: ignore[arg-type]
            PostgresTokens(self._readers, id_array),  # type: ignore[arg-type]
            PostgresDenseIndex(self._readers, generation, id_array, dimension, kind=kind),
            PostgresBM25Index(self._readers, generation, id_array, int(total_length)),
            outlines,
            chunk_docs=np.asarray(codes, dtype=np.int32),
            chunk_languages=np.asarray(languages, dtype=np.int8),
            chunk_headings=headings,
        )

    # ------------------------------------------------------------------ writing
    @contextlib.contextmanager
    def writer_lock(self, wait: float = 0.0) -> Iterator[None]:
        """A session advisory lock, held on its own connection for the whole ingest (ingests on
        several machines queue on it for up to ``wait`` seconds)."""
        with connect(self.dsn, autocommit=True) as connection:
            deadline = time.monotonic() + max(wait, 0.0)
            while not connection.execute("SELECT pg_try_advisory_lock(%s)", (WRITER_LOCK_KEY,)).fetchone()[0]:
                if time.monotonic() >= deadline:
                    raise IndexStoreError(busy_message(self.label, wait))
                time.sleep(LOCK_POLL_SECONDS)
            try:
                yield
            finally:
                connection.execute("SELECT pg_advisory_unlock(%s)", (WRITER_LOCK_KEY,))

    def commit(self, snapshot: IndexSnapshot) -> str:
        """Make ``snapshot`` the live generation in one transaction; returns "pg-N"."""
        with connect(self.dsn) as connection, connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            connection.execute(BASE_SCHEMA)
            version, previous = connection.execute(
                "SELECT format_version, generation FROM kb_state FOR UPDATE"
            ).fetchone()
            if version != FORMAT_VERSION:
                # Not rebuilt in place: documents ingested from other machines would be lost with it.
                raise IndexFormatError(
                    f"{self.label} holds store format {version}, this version writes {FORMAT_VERSION}: "
                    "empty the database (drop its kb_* tables) and run `kb ingest` on every machine's folders"
                )
            previous = int(previous)
            generation = previous + 1
            created = self._ensure_chunk_table(connection, snapshot.dimension)
            replaced = self._documents_to_replace(connection, snapshot, previous)
            bound = {"generation": generation, "previous": previous}
            gone = sorted(replaced)
            connection.execute(
                "UPDATE kb_documents SET died = %(generation)s WHERE died IS NULL AND doc_id = ANY(%(gone)s)",
                {**bound, "gone": gone},
            )
            if self._has_chunk_table(connection):
                connection.execute(
                    "UPDATE kb_chunks SET died = %(generation)s WHERE died IS NULL AND doc_id = ANY(%(gone)s)",
                    {**bound, "gone": gone},
                )
                connection.execute(_KILL_POSTINGS, bound)
            added = self._insert(connection, snapshot, generation, replaced)
            if created:  # first commit: indexes built in bulk over the rows just copied
                size = len(snapshot.chunks)
                connection.execute(chunk_indexes(_vector_index_kind(self.dense_index, size), ivf_lists(size)))
            if self._has_chunk_table(connection):
                self._write_document_frequencies(connection, bound, added)
            total = (
                connection.execute(
                    f"SELECT count(*), coalesce(sum(length), 0) FROM kb_chunks WHERE {visible()}", bound
                ).fetchone()
                if self._has_chunk_table(connection)
                else (0, 0)
            )
            meta = {k: v for k, v in snapshot.meta.items() if k != "generation"}
            meta["committed_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            from psycopg.types.json import Jsonb

            connection.execute(
                "INSERT INTO kb_generations (generation, meta, chunks, total_length) VALUES (%s, %s, %s, %s)",
                (generation, Jsonb(_json(meta)), int(total[0]), int(total[1])),
            )
            connection.execute("UPDATE kb_state SET generation = %s", (generation,))
            # Rows no reader of the previous generation or a newer one can see any more.
            if self._has_chunk_table(connection):
                connection.execute("DELETE FROM kb_postings WHERE died <= %(previous)s", bound)
                connection.execute("DELETE FROM kb_chunks WHERE died <= %(previous)s", bound)
                connection.execute("DELETE FROM kb_term_df WHERE generation < %(previous)s", bound)
            connection.execute("DELETE FROM kb_documents WHERE died <= %(previous)s", bound)
            connection.execute("DELETE FROM kb_generations WHERE generation < %(previous)s", bound)
            if created:
                connection.execute("ANALYZE kb_chunks, kb_postings, kb_term_df")  # plans for the bulk-loaded tables
        snapshot.meta["committed_at"] = meta["committed_at"]
        self._vacuum()
        return f"pg-{generation}"

    def _vacuum(self) -> None:
        """Mark the new rows' pages all-visible, so that a term's postings are read from the impact
        index alone (an index-only scan); autovacuum would do it too, later. The commit stands if this fails."""
        try:
            with connect(self.dsn, autocommit=True) as connection:
                if self._has_chunk_table(connection):
                    connection.execute("VACUUM (ANALYZE) kb_postings")
        except Exception as exc:  # only a speed-up: reported, never fatal
            print(f"kb: VACUUM after the commit failed ({exc}); autovacuum will do it later", file=sys.stderr)

    @staticmethod
    def _has_chunk_table(connection) -> bool:
        return bool(connection.execute("SELECT to_regclass('kb_chunks') IS NOT NULL").fetchone()[0])

    def _ensure_chunk_table(self, connection, dimension: int) -> bool:
        """Check or create the chunk tables; True when created now (without their indexes yet)."""
        if self._has_chunk_table(connection):
            stored = connection.execute(
                "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'kb_chunks'::regclass AND attname = 'embedding'"
            ).fetchone()[0]
            if dimension and stored != dimension:
                raise IndexStoreError(
                    f"{self.label} holds vectors of dimension {stored}, the model gives {dimension}: "
                    "use another database (or empty this one) for this model"
                )
            return False
        if dimension:
            connection.execute(chunk_schema(dimension, indexes=False))
            return True
        return False

    @staticmethod
    def _documents_to_replace(connection, snapshot: IndexSnapshot, previous: int) -> set[str]:
        """Documents whose rows change: removed, added, changed, or all when the model changed."""
        live = {
            doc_id: record
            for doc_id, record in connection.execute(
                "SELECT doc_id, record FROM kb_documents WHERE died IS NULL"
            )
        }
        row = connection.execute("SELECT meta FROM kb_generations WHERE generation = %s", (previous,)).fetchone()
        old_meta = row[0] if row else {}
        rewrite = any(old_meta.get(key) != _json(snapshot.meta.get(key)) for key in _REWRITE_META) if row else True
        replaced = set(live) - set(snapshot.documents)
        for doc_id, document in snapshot.documents.items():
            if rewrite or live.get(doc_id) != _json(asdict(document)):
                replaced.add(doc_id)
        return replaced

    @staticmethod
    def _write_document_frequencies(connection, bound: dict[str, int], added: Counter) -> None:
        """kb_term_df of the new generation: the previous one's, plus the chunks added, minus those removed."""
        connection.execute("CREATE TEMP TABLE kb_df_delta (term text NOT NULL, delta bigint NOT NULL) ON COMMIT DROP")
        with connection.cursor() as cursor, cursor.copy("COPY kb_df_delta (term, delta) FROM STDIN") as copy:
            for term, count in added.items():
                copy.write_row((term, count))
        connection.execute(
            """
            INSERT INTO kb_df_delta (term, delta)
            SELECT t.term, -count(*) FROM kb_chunks c
            CROSS JOIN LATERAL (SELECT DISTINCT unnest(c.tokens) AS term) t
            WHERE c.died = %(generation)s GROUP BY t.term
            """,
            bound,
        )
        connection.execute(
            """
            INSERT INTO kb_term_df (generation, term, df)
            SELECT %(generation)s, term, sum(delta) FROM (
                SELECT term, df AS delta FROM kb_term_df WHERE generation = %(previous)s
                UNION ALL SELECT term, delta FROM kb_df_delta
            ) d GROUP BY term HAVING sum(delta) > 0
            """,
            bound,
        )

    @staticmethod
    def _insert(connection, snapshot: IndexSnapshot, generation: int, replaced: set[str]) -> Counter:
        """Insert the replaced documents' rows; returns the document frequency of each term among
        the chunks inserted."""
        from psycopg.types.json import Jsonb

        added: Counter = Counter()
        new_docs = [doc_id for doc_id in snapshot.documents if doc_id in replaced]
        if not new_docs:
            return added
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO kb_documents (doc_id, born, record, outline) VALUES (%s, %s, %s, %s)",
                [
                    (
                        doc_id,
                        generation,
                        Jsonb(_json(asdict(snapshot.documents[doc_id]))),
                        Jsonb(_json(snapshot.outlines[doc_id])) if doc_id in snapshot.outlines else None,
                    )
                    for doc_id in new_docs
                ],
            )
        rows = [row for row, chunk in enumerate(snapshot.chunks) if chunk.doc_id in replaced]
        if not rows:
            return added
        ids = [
            value
            for (value,) in connection.execute(
                "SELECT nextval('kb_chunks_id_seq') FROM generate_series(1, %s)", (len(rows),)
            )
        ]
        # bm25s counts an empty chunk as one placeholder token
        lengths = [max(len(tokens), 1) for tokens in snapshot.tokens]
        average = sum(lengths) / len(lengths)
        with connection.cursor() as cursor:
            with cursor.copy(
                "COPY kb_chunks (id, chunk_id, doc_id, idx, born, text, meta, tokens, length, language, embedding) "
                "FROM STDIN"
            ) as copy:
                for chunk_id, row in zip(ids, rows, strict=True):
                    chunk = snapshot.chunks[row]
                    tokens = snapshot.tokens[row]
                    copy.write_row(
                        (
                            chunk_id,
                            chunk.chunk_id,
                            chunk.doc_id,
                            chunk.index,
                            generation,
                            chunk.text,
                            Jsonb(_json(chunk.meta)),
                            tokens,
                            lengths[row],
                            passage_language(chunk.text),
                            vector_literal(snapshot.vectors[row]),
                        )
                    )
            with cursor.copy("COPY kb_postings (term, chunk, tf, length, born, impact) FROM STDIN") as copy:
                for chunk_id, row in zip(ids, rows, strict=True):
                    length = lengths[row]
                    norm = DEFAULT_K1 * (1 - DEFAULT_B + DEFAULT_B * length / average)
                    counts = Counter(snapshot.tokens[row])
                    added.update(counts.keys())
                    for term, tf in counts.items():
                        copy.write_row((term, chunk_id, tf, length, generation, tf / (tf + norm)))
        return added
