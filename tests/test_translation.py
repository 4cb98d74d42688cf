"""The Vietnamese Chainlit UI translation mirrors the installed package's en-US.json."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import chainlit
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
VI_PATH = REPO_ROOT / "app" / ".chainlit" / "translations" / "vi-VN.json"
EN_PATH = Path(chainlit.__file__).parent / "translations" / "en-US.json"

PLACEHOLDER = re.compile(r"\{\{\s*[^{}]*?\s*\}\}")
# Values that are legitimately identical in both languages (example address, keyboard shortcut).
INVARIANT = {("auth", "login", "form", "email", "placeholder"), ("navigation", "user", "menu", "settingsKey")}


def _flatten(node: object, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], object]:
    if isinstance(node, dict):
        out: dict[tuple[str, ...], object] = {}
        for key, value in node.items():
            out.update(_flatten(value, (*prefix, key)))
        return out
    return {prefix: node}


@pytest.fixture(scope="module")
def en() -> dict[tuple[str, ...], object]:
    return _flatten(json.loads(EN_PATH.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def vi() -> dict[tuple[str, ...], object]:
    return _flatten(json.loads(VI_PATH.read_text(encoding="utf-8")))


def test_same_key_paths(en, vi):
    assert set(vi) - set(en) == set(), "keys not in en-US.json"
    assert set(en) - set(vi) == set(), "keys missing from vi-VN.json"


def test_values_are_non_empty_strings(vi):
    bad = [".".join(k) for k, v in vi.items() if not isinstance(v, str) or not v.strip()]
    assert bad == []


def test_placeholders_preserved(en, vi):
    for key, en_value in en.items():
        assert sorted(PLACEHOLDER.findall(str(vi[key]))) == sorted(PLACEHOLDER.findall(str(en_value))), (
            ".".join(key)
        )


def test_text_is_nfc():
    raw = VI_PATH.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw


def test_actually_translated(en, vi):
    with_letters = [k for k, v in en.items() if isinstance(v, str) and re.search(r"[A-Za-z]", v)]
    differing = [k for k in with_letters if vi[k] != en[k]]
    assert len(differing) / len(with_letters) > 0.8
    unchanged = {k for k in with_letters if vi[k] == en[k]}
    assert unchanged <= INVARIANT, sorted(".".join(k) for k in unchanged - INVARIANT)


def test_uses_vietnamese_diacritics(vi):
    """Guards against accent-stripped text: most values carry Vietnamese letters."""
    vietnamese = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I)
    values = [v for k, v in vi.items() if k not in INVARIANT]
    assert sum(bool(vietnamese.search(v)) for v in values) / len(values) > 0.8
