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


def existing_collection(tmp: Path, damage: str | None = None) -> None:
    from tests.badinput.test_collections import collection

    collection(None if damage is None else (lambda c: c.execute(damage)))(tmp)


def package_with_media(tmp: Path) -> None:
    """A valid package whose note shows two pictures: a small one, then one of 3 MB."""
    import genanki

    (tmp / "media").mkdir()
    (tmp / "media" / "a-small.png").write_bytes(b"\x89PNG small" * 10)
    (tmp / "media" / "b-large.png").write_bytes(b"\x89PNG" + os.urandom(3 * 1024 * 1024))
    model = genanki.Model(
        998877002, "Basic (badinput media)", fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
    )
    deck = genanki.Deck(1357900002, "Pictures")
    deck.add_note(genanki.Note(model=model, fields=['<img src="a-small.png">', '<img src="b-large.png">'], guid="m1"))
    genanki.Package(deck, media_files=[str(tmp / "media" / "a-small.png"), str(tmp / "media" / "b-large.png")]
                    ).write_to_file(str(tmp / "deck.apkg"))


def good_package(tmp: Path) -> None:
    """A valid package of one note, made with genanki."""
    import genanki

    model = genanki.Model(
        998877001, "Basic (badinput)", fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
    )
    deck = genanki.Deck(1357900001, "Imported")
    deck.add_note(genanki.Note(model=model, fields=["cat", "gato"], guid="bad1"))
    genanki.Package(deck).write_to_file(str(tmp / "deck.apkg"))


IMPORT = ["import", "deck.apkg", "--collection", "collection.sqlite3"]
CASES = [
    Case("not a zip", IMPORT, ["deck.apkg:", "not a zip archive"], package(lambda t: (t / "deck.apkg").write_text("not a zip"))),
    Case("empty file", IMPORT, ["deck.apkg:", "empty file"], package(lambda t: (t / "deck.apkg").write_bytes(b""))),
    Case("truncated package", IMPORT, ["deck.apkg:", "zip"], package(truncated)),
    Case("no collection inside", IMPORT, ["deck.apkg:", "no Anki collection inside"], package(zip_with({"media": b"{}"}))),
    Case("collection not SQLite", IMPORT, ["deck.apkg:", "not an SQLite database"], package(zip_with({"collection.anki2": b"garbage" * 100, "media": b"{}"}))),
    Case("a pipe named .apkg", IMPORT, ["deck.apkg: cannot read: not a regular file (a named pipe)"],
         package(lambda t: os.mkfifo(t / "deck.apkg"))),
    Case("a link to /dev/zero", IMPORT, ["deck.apkg: cannot read: not a regular file (a character device)"],
         package(lambda t: os.symlink("/dev/zero", t / "deck.apkg"))),
    Case("a link loop", IMPORT, ["deck.apkg: cannot read: Too many levels of symbolic links"],
         package(lambda t: os.symlink("deck.apkg", t / "deck.apkg"))),
    Case("a directory", IMPORT, ["deck.apkg: cannot read: not a regular file (a directory)"],
         package(lambda t: (t / "deck.apkg").mkdir())),
    Case("missing", IMPORT, ["deck.apkg: cannot read: No such file or directory"]),
    Case("not a zip, into a collection that exists", IMPORT, ["deck.apkg:", "not a zip archive"],
         package(lambda t: (existing_collection(t), (t / "deck.apkg").write_text("not a zip")))),
    Case("disk full while the media are written", IMPORT, ["deck.apkg: cannot write to the media folder", "File too large",
         "nothing was imported"], package(lambda t: (existing_collection(t), package_with_media(t))),
         limit_file_size=2 * 1024 * 1024),
    Case("the media folder is a file", IMPORT, ["deck.apkg: cannot write to the media folder", "nothing was imported"],
         package(lambda t: (existing_collection(t), package_with_media(t), (t / "collection.media").write_text("x")))),
    Case("into a damaged collection", IMPORT, ["collection.sqlite3 is damaged"],
         package(lambda t: (existing_collection(t, "UPDATE cards SET due = 'soon'"), good_package(t)))),
    Case("escape sequence in the name", ["import", "\x1b]0;pwned\x07.apkg"], ["\\x1b]0;pwned\\x07.apkg"]),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_anki_package(case: Case, tmp_path: Path) -> None:
    check_case("anki packages", case, tmp_path)
