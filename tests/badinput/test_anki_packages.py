"""Bad Anki packages given to `studykit import`: one line naming the file, exit 2, no traceback,
no hang, and no file changed (the collection they were to go into included)."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.badinput.harness import Case, check_case

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "anki-decks"


def package(make: Callable[[Path], None]) -> Callable[[Path], None]:
    """A setup: an existing collection (made by a first valid run is not needed: an empty file
    name is enough to check it is untouched) and the package `make` writes."""

    def setup(tmp: Path) -> None:
        make(tmp)

    return setup


def zip_with(members: dict[str, bytes]) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        with zipfile.ZipFile(tmp / "deck.apkg", "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)

    return make


def truncated(tmp: Path) -> None:
    source = next(iter(sorted(SHARED.glob("*.apkg"))), None)
    data = source.read_bytes()[:1000] if source else b"PK\x03\x04" + b"\0" * 996
    (tmp / "deck.apkg").write_bytes(data)


IMPORT = ["import", "deck.apkg", "--collection", "collection.sqlite3"]
CASES = [
    Case("not a zip", IMPORT, ["deck.apkg:", "not a zip archive"], package(lambda t: (t / "deck.apkg").write_text("not a zip"))),
    Case("empty file", IMPORT, ["deck.apkg:", "empty file"], package(lambda t: (t / "deck.apkg").write_bytes(b""))),
    Case("truncated package", IMPORT, ["deck.apkg:", "zip"], package(truncated)),
    Case("no collection inside", IMPORT, ["deck.apkg:", "no Anki collection inside"], package(zip_with({"media": b"{}"}))),
    Case("collection not SQLite", IMPORT, ["deck.apkg:", "not an SQLite database"], package(zip_with({"collection.anki2": b"garbage" * 100, "media": b"{}"}))),
    Case("a pipe named .apkg", IMPORT, ["deck.apkg:"], package(lambda t: os.mkfifo(t / "deck.apkg"))),
    Case("a link to /dev/zero", IMPORT, ["deck.apkg:"], package(lambda t: os.symlink("/dev/zero", t / "deck.apkg"))),
    Case("a link loop", IMPORT, ["deck.apkg:"], package(lambda t: os.symlink("deck.apkg", t / "deck.apkg"))),
    Case("a directory", IMPORT, ["deck.apkg:"], package(lambda t: (t / "deck.apkg").mkdir())),
    Case("missing", IMPORT, ["deck.apkg:"]),
    Case("escape sequence in the name", ["import", "\x1b]0;pwned\x07.apkg"], ["\\x1b]0;pwned\\x07.apkg"]),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_anki_package(case: Case, tmp_path: Path) -> None:
    check_case("anki packages", case, tmp_path)
