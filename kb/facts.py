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
METHODS = ("bm25", "dense", "rrf", "weighted")
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
