"""ALQAC 2023 laws as legal documents, for benchmarks (the data is read from ../shared, never committed).

``articles.json`` maps ``"<law name>@<article no>"`` to ``"<title>\\n\\n<body>"``. Each law is
written as one text file in the standard layout ("LUẬT …", "Điều N. Tiêu đề", body) so that
it goes through the product's own legal-structure path, with a manifest marking it a law.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kb.text.normalize import fold_accents


def law_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_accents(name).lower()).strip("-")


def _article_order(number: str) -> tuple[int, str]:
    match = re.match(r"(\d+)(.*)", number)
    return (int(match.group(1)), match.group(2)) if match else (10**9, number)


def load_articles(articles_json: Path) -> dict[str, dict[str, str]]:
    """{law name: {article number: article text}} in article order."""
    raw: dict[str, str] = json.loads(articles_json.read_text(encoding="utf-8"))
    laws: dict[str, dict[str, str]] = {}
    for key, text in raw.items():
        law, _, number = key.rpartition("@")
        laws.setdefault(law, {})[number] = text
    return {
        law: dict(sorted(arts.items(), key=lambda kv: _article_order(kv[0]))) for law, arts in laws.items()
    }


def write_law_documents(articles_json: Path, out_dir: Path, laws: list[str] | None = None) -> list[Path]:
    """Write one ``<slug>.txt`` per law plus ``manifest.toml``; returns the text files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    all_laws = load_articles(articles_json)
    chosen = laws or list(all_laws)
    paths: list[Path] = []
    manifest: list[str] = []
    for law in chosen:
        articles = all_laws[law]
        kind_word, _, rest = law.partition(" ")
        heading = law.upper() if not rest else f"{kind_word.upper()}\n{rest.upper()}"
        lines = ["QUỐC HỘI", "", heading, ""]
        for number, text in articles.items():
            title, _, body = text.strip().partition("\n")
            lines.append(f"Điều {number}. {title.strip()}")
            lines.append(body.strip())
            lines.append("")
        path = out_dir / f"{law_slug(law)}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
        manifest.append(
            f'[[document]]\npath = "{path.name}"\nid = "{law_slug(law)}"\ntitle = "{law}"\n'
            f'kind = "law"\nstatus = "in-force"\nlanguage = "vi"\nsource = "ALQAC 2023 articles.json"\n'
        )
    (out_dir / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    return paths
