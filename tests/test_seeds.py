"""The seed documents are the ground truth: pinned byte for byte."""

from __future__ import annotations

import hashlib

import pytest

from tests.conftest import SEEDS

PINNED = {
    "000_a533e5b48fd8da9a.txt": "d9c02cef535ab95264512b413830391e1b94d77b7c9dd60273ec5e934a418cf9",
    "001_d3695f0660554b3e.txt": "362774e0d5f37b7211e0a73799730d7ab50a5b84b6309d9401c61211e604d978",
    "002_b70820031354e4d2.txt": "5442735b69418954c29e7dfc0df7e77452cb4f1f0e7a450f72397be45835cd60",
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_seed_is_unchanged(name: str) -> None:
    assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == PINNED[name]


def test_no_other_seed_documents() -> None:
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(PINNED)


def test_seeds_readme_names_each_document() -> None:
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    for name in PINNED:
        assert name in readme


def test_every_seed_has_its_title_origin_and_language_recorded() -> None:
    import tomllib

    table = tomllib.loads((SEEDS / "sources.toml").read_text(encoding="utf-8"))
    assert sorted(table) == sorted(PINNED)
    for entry in table.values():
        assert entry["title"] and entry["origin"] and entry["language"] and entry["language_code"]
