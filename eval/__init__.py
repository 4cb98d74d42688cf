"""Evaluation: gold sets, benchmark datasets, metrics and ``make bench``."""

import kb  # noqa: F401  (sets the offline environment before haystack can be imported)
