"""Shared fixtures: the project's paths, and temporary decks built from snippets."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DECKS = ROOT / "decks"


@pytest.fixture
def deck_dir(tmp_path: Path):
    """Write deck files into a temporary directory: `deck_dir(name=yaml_text, ...)` returns the directory."""

    def write(**files: str) -> Path:
        directory = tmp_path / "decks"
        directory.mkdir(exist_ok=True)
        for name, text in files.items():
            (directory / f"{name}.yaml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return directory

    return write
