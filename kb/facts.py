"""Facts the product states in more than one place, stated once.

Light on purpose (no imports beyond the standard library): the CLI's argument parser, the chat's
settings panel, the library and the evaluation all read these. Other shared facts have their own
single home: document kinds in :mod:`kb.text.legal_vocabulary`, supported file formats in the
converter registry (:data:`ingest.formats.SUPPORTED_EXTENSIONS`), settings and their defaults in
:mod:`kb.config`.
"""

from __future__ import annotations

# Answer modes: extractive (default, no LLM) or an OpenAI-compatible LLM.
MODES = ("extractive", "llm")
DEFAULT_MODE = "extractive"

# Retrieval methods (``kb eval --method``, ``HybridRetriever(method=…)``).
METHODS = ("bm25", "dense", "rrf", "weighted", "learned")
DEFAULT_METHOD = "weighted"

# Passages an answer reads: the default, and the most a user may ask for (CLI ``--k``, chat slider).
DEFAULT_SOURCES = 5
MAX_SOURCES = 10
# Passages shown to an LLM in LLM mode (numbered [1]…[n] in its prompt).
LLM_SOURCES = 5

# Largest file ingested or uploaded, in MB (``max_file_mb`` / ``KB_MAX_FILE_MB`` override it).
DEFAULT_MAX_FILE_MB = 50.0
# Files one chat upload may hold.
MAX_UPLOAD_FILES = 10

# OCR of scanned PDF pages (tesseract): languages, resolution, time limit per page, most pages per
# document (``ocr_*`` settings / ``KB_OCR_*`` override them). 0 workers: one per CPU core.
DEFAULT_OCR_LANGUAGES = "vie"
DEFAULT_OCR_DPI = 300
DEFAULT_OCR_PAGE_SECONDS = 60.0
DEFAULT_OCR_MAX_PAGES = 1000
DEFAULT_OCR_WORKERS = 0

# Dense search in the embedded store (setting ``dense_index``): "flat" is exact (FAISS IndexFlatIP),
# "ivf" approximate (IndexIVFFlat, inner product), "auto" picks IVF from DENSE_ANN_THRESHOLD chunks on.
# Measured in eval/RESULTS.md "Scale": flat costs ~30 ms per search at 1M chunks on 2 cores.
DENSE_INDEXES = ("auto", "flat", "ivf")
DENSE_ANN_THRESHOLD = 200_000
# 64: recall@10 0.990–0.995 at 1M chunks for ~3 ms per search; 32 gave 0.980–0.989, at the target
# (eval/RESULTS.md "Scale", nprobe sweep).
DENSE_IVF_NPROBE = 64  # lists searched per query, stored in the index file

# Ingest at scale (``kb ingest --workers``; ``ingest_workers`` / ``KB_INGEST_WORKERS``): processes that
# convert, OCR, chunk and analyse files while the parent embeds (0: one per core); staging cache of
# finished files (``staging_max_mb`` / ``KB_STAGING_MAX_MB``; 0 turns it off).
DEFAULT_INGEST_WORKERS = 1
DEFAULT_STAGING_MAX_MB = 4096.0
