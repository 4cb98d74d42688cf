"""Parts of underthesea (word segmentation, the Viet74K dictionary) loaded without the rest of it.

``import underthesea`` runs the package's ``__init__``, which imports every pipeline it offers —
translation and classification among them, hence transformers and torch: seconds before the
first word is segmented. Answering a question needs only the word segmenter (a regex tokenizer
and a CRF model in ``underthesea_core``) and, for questions typed without diacritics, the
Viet74K word list. While these load, and only then, the ``underthesea`` package (and its
``pipeline`` subpackage) is registered as a bare package — its folder without its ``__init__`` —
so that importing the modules of these two parts does not import the rest. The bare entries are
removed afterwards: a later ``import underthesea`` (ingest uses ``sent_tokenize``) runs the real
``__init__`` as usual and reuses the modules already loaded. Results are identical
(``tests/test_lexical_analyzer.py`` compares them with ``underthesea.word_tokenize``).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import threading
import types
from collections.abc import Callable, Iterator
from functools import lru_cache

_LOCK = threading.Lock()
_PACKAGES = ("underthesea", "underthesea.pipeline")


@contextlib.contextmanager
def _bare_packages() -> Iterator[None]:
    """``underthesea`` and ``underthesea.pipeline`` as bare packages, unless already imported."""
    if "underthesea" in sys.modules:
        yield
        return
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("underthesea is not installed")
    root = next(iter(spec.submodule_search_locations))
    installed: dict[str, types.ModuleType] = {}
    for name, path in zip(_PACKAGES, (root, f"{root}/pipeline"), strict=True):
        module = types.ModuleType(name)
        module.__path__ = [path]
        module.__package__ = name
        sys.modules[name] = installed[name] = module
    try:
        yield
    finally:
        for name, module in installed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


@lru_cache(maxsize=1)
def word_tokenize() -> Callable[..., list[str]]:
    """underthesea's ``word_tokenize``, its CRF model loaded."""
    with _LOCK, _bare_packages():
        # text_normalize first, as underthesea's own __init__ does (the two import each other).
        importlib.import_module("underthesea.pipeline.text_normalize")
        function = importlib.import_module("underthesea.pipeline.word_tokenize").word_tokenize
        function("khởi động")  # loads the model (a lazy import of underthesea.models) now
    return function


@lru_cache(maxsize=1)
def viet74k_words() -> list[str]:
    """The words of underthesea's Viet74K dictionary."""
    with _LOCK, _bare_packages():
        dictionary = importlib.import_module("underthesea.corpus").viet_dict_74K
        return list(dictionary.words)
