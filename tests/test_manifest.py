from pathlib import Path

import pytest

from ingest.manifest import ManifestError, find_manifest, load_manifest
from kb.text.legal_vocabulary import canonical_number

REPO = Path(__file__).resolve().parent.parent


def test_repository_manifest_is_valid_and_covers_every_corpus_file():
    manifest = load_manifest(REPO / "corpus" / "manifest.toml")
    files = {
        p.relative_to(REPO / "corpus").as_posix()
        for p in (REPO / "corpus").rglob("*")
        if p.is_file() and p.name != "manifest.toml"
    }
    assert files, "corpus/ is empty"
    assert files == set(manifest.documents), "every corpus file has exactly one manifest entry"
    kinds = {info.kind for info in manifest.documents.values()}
    assert {"workshop", "case-study", "summary"} <= kinds
    assert all(info.id and info.title and info.language for info in manifest.documents.values())


def test_instrument_status_knows_the_replaced_decree():
    manifest = load_manifest(REPO / "corpus" / "manifest.toml")
    old = manifest.instrument("82/2018/NĐ-CP")
    assert old is not None and old.replaced_by == "35/2022/NĐ-CP"
    assert manifest.instrument("35 / 2022 / nđ-cp").status == "in-force"


def test_canonical_number():
    assert canonical_number(" 35 / 2022 / nđ-cp ") == "35/2022/NĐ-CP"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "manifest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_kind_is_reported_with_its_entry(tmp_path):
    path = _write(tmp_path, '[[document]]\npath = "a.txt"\nkind = "poem"\n')
    with pytest.raises(ManifestError, match=r"#1: kind 'poem'"):
        load_manifest(path)


def test_invalid_date_and_status(tmp_path):
    with pytest.raises(ManifestError, match="issued"):
        load_manifest(_write(tmp_path, '[[document]]\npath = "a.txt"\nissued = "22/5/2018"\n'))
    with pytest.raises(ManifestError, match="status"):
        load_manifest(_write(tmp_path, '[[document]]\npath = "a.txt"\nstatus = "old"\n'))


def test_duplicate_ids_and_bad_toml(tmp_path):
    with pytest.raises(ManifestError, match="duplicate id"):
        load_manifest(_write(tmp_path, '[[document]]\npath="a"\nid="x"\n[[document]]\npath="b"\nid="x"\n'))
    with pytest.raises(ManifestError, match="not valid TOML"):
        load_manifest(_write(tmp_path, "[[document]\n"))


def test_find_manifest_walks_up(tmp_path):
    _write(tmp_path, "")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "doc.txt").write_text("x", encoding="utf-8")
    assert find_manifest(nested / "doc.txt") == tmp_path / "manifest.toml"


def test_entry_lookup_is_relative_to_the_manifest(tmp_path):
    path = _write(tmp_path, '[[document]]\npath = "sub/a.txt"\nid = "a"\ntitle = "Tài liệu A"\n')
    manifest = load_manifest(path)
    assert manifest.entry_for(tmp_path / "sub" / "a.txt").title == "Tài liệu A"
    assert manifest.entry_for(tmp_path / "other.txt") is None
