"""Every real package in ../shared/anki-decks read, and compared with what the `anki` library imports.

The fourteen files were made by other people's tools (Anki 2.0 to 23.10+, AnkiDroid, genanki,
Mnemosyne). For each, the reader's notes, cards, reviews and note types must be what Anki
itself imports into a fresh collection: the same count, and note by note (by GUID) the same
fields and tags, card by card the same interval, ease, repetitions and lapses, review by
review the same answer. Two counts differ from the raw SQLite by design, as they do in Anki:
an `.apkg` brings only the note types its notes use (the reader lists all, so the test counts
the used ones), and review-log rows of cards not in the package are left out.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from studykit.importers.anki import AnkiCollection, open_package
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared" / "anki-decks"
PACKAGES = sorted(SHARED.glob("*.apkg")) + sorted(SHARED.glob("*.colpkg")) if SHARED.is_dir() else []

pytestmark = pytest.mark.skipif(
    not PACKAGES,
    reason=f"the shared Anki packages are not here ({SHARED} is absent or empty)",
)


def nfc(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", text) for text in texts)


@pytest.fixture(scope="module", params=PACKAGES, ids=lambda path: path.name)
def read_and_imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tests.importers.anki.oracle import imported_by_anki

    path: Path = request.param
    with open_package(path) as package:
        media_names = {entry.name for entry in package.media}
        problems = package.problems
        collection = package.collection
    imported = imported_by_anki(path, tmp_path_factory.mktemp(path.stem))
    return path, collection, media_names, problems, imported


def used_note_types(collection: AnkiCollection) -> int:
    return len({note.notetype_id for note in collection.notes})


def test_counts_equal_what_anki_imports(read_and_imported) -> None:  # type: ignore[no-untyped-def]
    path, collection, media_names, _, imported = read_and_imported
    read = (len(collection.notes), len(collection.cards), len(collection.reviews), used_note_types(collection))
    anki = (len(imported.notes), len(imported.cards), imported.review_count, imported.note_types_used)
    assert read == anki, f"{path.name}: (notes, cards, reviews, note types) read {read}, Anki imports {anki}"
    if path.suffix == ".colpkg":
        assert len(collection.note_types) == imported.note_types_all
        assert {deck.name for deck in collection.decks.values()} == imported.deck_names
    assert media_names == imported.media


def test_notes_fields_and_tags_equal_anki_s(read_and_imported) -> None:  # type: ignore[no-untyped-def]
    _, collection, _, _, imported = read_and_imported
    for note in collection.notes:
        fields, tags, _ = imported.notes[note.guid]
        assert nfc(note.fields) == nfc(fields), note.guid
        assert {t.casefold() for t in note.tags} == {t.casefold() for t in tags}, note.guid


def test_cards_and_reviews_equal_anki_s(read_and_imported) -> None:  # type: ignore[no-untyped-def]
    _, collection, _, _, imported = read_and_imported
    guid = {note.id: note.guid for note in collection.notes}
    for card in collection.cards:
        want = imported.cards[(guid[card.note_id], card.ord)]
        assert (card.interval, card.factor, card.reps, card.lapses) == want, card.id
    for review in collection.reviews:
        assert (review.ease, review.interval, review.last_interval, review.kind) == imported.reviews[review.id]


def test_every_deck_holding_a_card_comes_in(read_and_imported) -> None:  # type: ignore[no-untyped-def]
    _, collection, _, _, imported = read_and_imported
    homes = {card.original_deck_id or card.deck_id for card in collection.cards}
    assert {collection.decks[deck_id].name for deck_id in homes} <= imported.deck_names


def test_the_shared_packages_are_undamaged(read_and_imported) -> None:  # type: ignore[no-untyped-def]
    path, _, _, problems, _ = read_and_imported
    assert problems == (), f"{path.name}: {[str(p) for p in problems]}"


def test_modern_packages_never_give_the_update_anki_stub() -> None:
    """Packages since Anki 2.1.50 carry a one-note collection.anki2 asking to update Anki (localized)."""
    stubbed = [path for path in PACKAGES if path.name.startswith(("11_", "12_", "13_", "23_", "28_"))]
    assert stubbed
    for path in stubbed:
        with open_package(path) as package:
            assert package.format.collection_member != "collection.anki2"
            texts = " ".join(field for note in package.collection.notes for field in note.fields)
            assert "Anki" not in texts or len(package.collection.notes) > 1
            assert "请更新" not in texts and "update to the latest" not in texts.lower()
