"""One French vocabulary and French typography (docs/glossary.md) in every French text."""

from __future__ import annotations

import json
from pathlib import Path
import re

import pytest

REPO = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
# Words the glossary replaces (jargon, calques, a false friend).
FORBIDDEN = {
    r"\bacquitt": "« prendre en charge » / « Je m’en occupe »",
    r"\bavertissement": "« attention »",
    r"\bescalad": "« en renfort »",
    r"\bcalibr": "« étalonner »",
    r"\bréinitialis": "« redémarrer »",
    r"\bRCP\b": "the Royal College of Physicians (RCP means CPR in French)",
    r"SpO2": "SpO₂",
}


def french_texts() -> list[tuple[str, str]]:
    """(where, text) of every French string people read."""
    found: list[tuple[str, str]] = []

    def walk(where: str, node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{where}.{key}", value)
        elif isinstance(node, str):
            found.append((where, node))

    walk("fr.json", json.loads((REPO / "custom_components/fajma/translations/fr.json").read_text()))
    cards = (REPO / "lovelace/src/i18n.ts").read_text(encoding="utf-8")
    french = cards[cards.find("fr:") :] if "fr:" in cards else ""
    found += [(f"i18n.ts fr {n}", s) for n, s in enumerate(re.findall(r'"([^"\n]*)"', french))]
    for doc in sorted((REPO / "docs/fr").glob("*.md")):
        text = re.sub(r"`[^`]*`", "", doc.read_text(encoding="utf-8"))  # code is not prose
        found += [(f"{doc.name}:{n}", line) for n, line in enumerate(text.splitlines(), 1)]
    return found


def without_code(text: str) -> str:
    """Placeholders, code spans, URLs and entity ids are not French prose."""
    text = re.sub(r"`[^`]*`|\{[^}]*\}|https?://\S+|\b[a-z_]+\.[a-z_0-9]+\b", "", text)
    return text


def test_there_are_french_texts() -> None:
    """The test reads the files it should (it would pass vacuously on an empty list)."""
    sources = {where.split(".")[0].split(":")[0].split(" ")[0] for where, _ in french_texts()}
    assert {"fr", "i18n", "demarrage"} <= sources, sources


@pytest.mark.parametrize(("pattern", "instead"), FORBIDDEN.items())
def test_no_forbidden_word(pattern: str, instead: str) -> None:
    slips = [
        (where, text)
        for where, text in french_texts()
        if re.search(pattern, without_code(text), re.IGNORECASE if pattern.islower() else 0)
    ]
    assert not slips, f"use {instead}: {slips[:5]}"


def test_typographic_apostrophe() -> None:
    slips = [(w, t) for w, t in french_texts() if "'" in without_code(t)]
    assert not slips, f"use ’ in French: {slips[:5]}"


def test_non_breaking_space_before_double_punctuation_and_percent() -> None:
    slips = []
    for where, text in french_texts():
        prose = without_code(text)
        if re.search(r"[^\u00a0\S]?[ \t][:;?!%»]", prose) or re.search(r"«[ \t]", prose):
            slips.append((where, text))
        elif re.search(r"\w[;?!»]", prose) or re.search(r"\d%", prose):
            slips.append((where, text))
    assert not slips, f"a non-breaking space (U+00A0) is needed: {slips[:5]}"
