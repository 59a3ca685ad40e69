"""Fixtures of the Anki export tests (helpers in anki_support.py, which needs the `anki` test
dependency and is imported only when these fixtures run)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DECKS


@pytest.fixture(scope="session")
def anki_package(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The bundled decks exported once per session, at a pinned time."""
    from tests.export.anki_support import build

    return build(tmp_path_factory.mktemp("anki") / "bundled.apkg")


@pytest.fixture(scope="module")
def anki_imported(anki_package: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    """A fresh collection with the bundled package imported once: (collection, import log)."""
    from tests.export.anki_support import import_package, open_collection

    col = open_collection(tmp_path_factory.mktemp("collection"))
    log = import_package(col, anki_package.path)
    yield col, log
    col.close()


@pytest.fixture
def anki_deck_copy(tmp_path: Path) -> Path:
    """The bundled deck files copied, to be edited as a curator would."""
    target = tmp_path / "decks"
    shutil.copytree(DECKS, target, ignore=shutil.ignore_patterns("README.md"))
    return target
