"""The PostgreSQL store's tables, and connections to it (psycopg 3, the "postgres" extra).

Every row carries the generations it belongs to: ``born`` (the commit that added it) and
``died`` (the commit that removed it, NULL while live). A generation ``g`` sees the rows with
``born <= g AND (died IS NULL OR died > g)``, so a reader that loaded generation ``g`` keeps
searching exactly ``g`` while later commits add and remove documents, as with the embedded
store's generation folders. A commit removes the rows that no longer belong to the previous
generation or a newer one (the previous generation is kept for readers still on it).

Tables::

    kb_state        one row: format version, live generation (0 before the first commit)
    kb_generations  per generation: meta (model, prompts, analyser…), chunk count, total token count
    kb_documents    per document version: record (StoredDocument), outline (legal provisions)
    kb_chunks       per chunk version: text, meta, analyser tokens, token count, passage language,
                    embedding vector(d) + an HNSW index (inner product) on embedding
    kb_postings     (term, chunk, tf, chunk length, born, died, impact): the BM25 postings over the
                    analyser's tokens; ``impact`` (the BM25 term weight without idf, with the average
                    length of the generation that wrote the row) orders each term's postings so
                    that a query reads the best few thousand of a common term, not all of them
    kb_term_df      per generation and term: document frequency (the idf of the generation searched)
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

FORMAT_VERSION = 2  # 2: postings carry length/born/died/impact, kb_term_df, chunk language
# The writer lock of ingests (pg_try_advisory_lock) and of schema creation (pg_advisory_xact_lock).
WRITER_LOCK_KEY = 0x6B62_1001
SCHEMA_LOCK_KEY = 0x6B62_1002
# Candidates the HNSW scan keeps (hnsw.ef_search): at least the k asked for. pgvector's default
# of 40 would silently cut a top-100 to 40 rows.
DEFAULT_EF_SEARCH = 800  # recall@10 0.99 against exact at 100k chunks (200: 0.91; eval/RESULTS.md "Scale")
MAX_EF_SEARCH = 1000  # pgvector's limit
# The vector index is chosen at the first commit like the embedded store's (setting dense_index,
# kb.index.dense.dense_kind): HNSW below kb.facts.DENSE_ANN_THRESHOLD chunks, IVFFlat from there on — at
# a million synthetic chunks HNSW (m 16, ef_construction 64) reached recall@10 0.91 at ef_search 800.
# The HNSW graph (pgvector's defaults are m 16, ef_construction 64).
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
# BM25 reads at most this many postings of a term (the best by impact); a chunk's exact score is
# then computed for the best RESCORE candidates (see kb.index.postgres_search).
POSTINGS_PER_TERM = 4_000
RESCORE = 300  # the best chunks given their exact score (recall@100 against exact BM25 at 100k chunks: 0.91; 1,000: 0.977, 100 ms more at 1M)
# Chunks whose BM25 score a search returns, best first (the retriever takes its top 100; the others
# are candidates of the dense side, whose BM25 score below the top few thousand is ~0 after fusion's
# normalisation). Without a limit every chunk holding a common term came back: 57,000 rows at 100k chunks.
KEEP = 5_000



def visible(alias: str = "") -> str:
    """SQL condition: the row of ``alias`` belongs to the generation bound as ``%(generation)s``."""
    prefix = f"{alias}." if alias else ""
    return f"{prefix}born <= %(generation)s AND ({prefix}died IS NULL OR {prefix}died > %(generation)s)"

BASE_SCHEMA = f"""
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS kb_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    format_version integer NOT NULL,
    generation bigint NOT NULL
);
INSERT INTO kb_state (format_version, generation) VALUES ({FORMAT_VERSION}, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS kb_generations (
    generation bigint PRIMARY KEY,
    meta jsonb NOT NULL,
    chunks bigint NOT NULL,
    total_length bigint NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS kb_documents (
    id bigserial PRIMARY KEY,
    doc_id text NOT NULL,
    born bigint NOT NULL,
    died bigint,
    record jsonb NOT NULL,
    outline jsonb
);
CREATE INDEX IF NOT EXISTS kb_documents_live ON kb_documents (doc_id) WHERE died IS NULL;
"""


def chunk_schema(dimension: int, *, indexes: bool = True, kind: str = "hnsw") -> str:
    """Chunks and postings; the vector column has the dimension of the first committed model.

    ``indexes=False``: the tables only, for a first commit that fills them and then runs
    :func:`chunk_indexes` (bulk-building the HNSW graph and the postings' keys is far faster than
    maintaining them row by row).
    """
    tables = f"""
CREATE TABLE IF NOT EXISTS kb_chunks (
    id bigserial PRIMARY KEY,
    chunk_id text NOT NULL,
    doc_id text NOT NULL,
    idx integer NOT NULL,
    born bigint NOT NULL,
    died bigint,
    text text NOT NULL,
    meta jsonb NOT NULL,
    tokens text[] NOT NULL,
    length integer NOT NULL,
    language smallint NOT NULL,
    embedding vector({int(dimension)}) NOT NULL
);
CREATE TABLE IF NOT EXISTS kb_postings (
    term text NOT NULL,
    chunk bigint NOT NULL,
    tf integer NOT NULL,
    length integer NOT NULL,
    born bigint NOT NULL,
    died bigint,
    impact real NOT NULL
);
CREATE TABLE IF NOT EXISTS kb_term_df (
    generation bigint NOT NULL,
    term text NOT NULL,
    df bigint NOT NULL,
    PRIMARY KEY (generation, term)
);
"""
    return tables + (chunk_indexes(kind) if indexes else "")


def ann_index(kind: str, lists: int = 0) -> str:
    """The approximate nearest-neighbour index on the vectors: ``hnsw``, ``ivf`` (pgvector's IVFFlat with
    ``lists`` lists, built over the rows already there) or ``flat`` (none: exact search)."""
    if kind == "hnsw":
        return (
            "CREATE INDEX IF NOT EXISTS kb_chunks_hnsw ON kb_chunks USING hnsw (embedding vector_ip_ops) "
            f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION});"
        )
    if kind == "ivf":
        return (
            "CREATE INDEX IF NOT EXISTS kb_chunks_ivf ON kb_chunks USING ivfflat (embedding vector_ip_ops) "
            f"WITH (lists = {max(int(lists), 1)});"
        )
    if kind == "flat":
        return ""
    raise ValueError(f"unknown vector index {kind!r}")


def chunk_indexes(kind: str = "hnsw", lists: int = 0) -> str:
    """Indexes and keys of the chunk tables (idempotent), with the vector index ``kind``."""
    return f"""
CREATE INDEX IF NOT EXISTS kb_chunks_live ON kb_chunks (doc_id) WHERE died IS NULL;
CREATE INDEX IF NOT EXISTS kb_chunks_died ON kb_chunks (died) WHERE died IS NOT NULL;
CREATE INDEX IF NOT EXISTS kb_chunks_born ON kb_chunks (born);
{ann_index(kind, lists)}
CREATE UNIQUE INDEX IF NOT EXISTS kb_postings_pkey ON kb_postings (term, chunk);
CREATE INDEX IF NOT EXISTS kb_postings_impact ON kb_postings (term, impact DESC)
    INCLUDE (chunk, tf, length, born, died);
CREATE INDEX IF NOT EXISTS kb_postings_died ON kb_postings (died) WHERE died IS NOT NULL;
"""


def connect(dsn: str, **options: Any):  # -> psycopg.Connection
    """A psycopg connection, with a clear message when the "postgres" extra is not installed."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "the PostgreSQL store needs psycopg: pip install 'kcnst-kb[postgres]' (psycopg[binary])"
        ) from exc
    return psycopg.connect(dsn, **options)


def vector_literal(vector) -> str:
    """pgvector's text form of a float32 vector (exact: float32 -> double -> shortest repr)."""
    return "[" + ",".join(map(str, vector.tolist())) + "]"


class ReaderConnections:
    """One autocommit connection per thread (queries of the chat's thread pool run in parallel).

    Shared by every generation a process loads from one database (:meth:`shared`), so that a
    reload does not open a new set of connections.
    """

    _shared: ClassVar[dict[str, ReaderConnections]] = {}
    _shared_lock = threading.Lock()

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._local = threading.local()

    @classmethod
    def shared(cls, dsn: str) -> ReaderConnections:
        with cls._shared_lock:
            if dsn not in cls._shared:
                cls._shared[dsn] = cls(dsn)
            return cls._shared[dsn]

    def get(self, search: tuple[str, int] | None = None):  # -> psycopg.Connection
        """This thread's connection; ``search``: the vector index's setting for its next searches,
        ``("hnsw.ef_search", n)`` or ``("ivfflat.probes", n)``."""
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed or connection.broken:
            connection = connect(self.dsn, autocommit=True)
            # A term's best postings are read from the impact index in order (an index-only scan
            # stopped at the limit); with a generic row estimate the planner would rather read the
            # whole posting list with a bitmap scan and sort it: 2.7 s instead of 0.08 s at 100k chunks.
            connection.execute("SET enable_bitmapscan = off")
            self._local.connection = connection
            self._local.search = None
        if search is None or self._local.search == search:
            return connection
        connection.execute("SELECT set_config(%s, %s, false)", (search[0], str(int(search[1]))))
        self._local.search = search
        return connection
