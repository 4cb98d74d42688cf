"""Ingest: converters, normalisation and structure-aware chunking (see README, Architecture)."""

import kb  # noqa: F401  (sets the offline environment before haystack can be imported)
