"""KCNST knowledge base: index, retrieval, answers and the ``kb`` command.

Nothing in this product may reach the network at run time: models load from local paths
and Haystack telemetry is off. These defaults are set here, before any submodule can
import haystack or transformers, whatever the import order of the caller.
"""

import os

for _name, _value in (
    ("HF_HUB_OFFLINE", "1"),
    ("TRANSFORMERS_OFFLINE", "1"),
    ("HAYSTACK_TELEMETRY_ENABLED", "False"),
    ("TOKENIZERS_PARALLELISM", "false"),
):
    os.environ.setdefault(_name, _value)
