"""Packages of every format, made by the tests, read back: what was put in is what is read.

The `anki` library writes modern (`collection.anki21b`, meta 3) and legacy (`collection.anki21`,
meta 2, with the "please update" stub) `.apkg` and `.colpkg` files from one source collection;
their zips rewritten give the layouts of Anki 2.1 before 2.1.50 (no `meta`) and 2.0
(`collection.anki2` only), and a meta of version 1. genanki gives the oldest layout as
genanki users make it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]
import pytest

from studykit.importers.anki import CardQueue, CardType, Package, ReviewKind, open_package
from tests.importers.anki.builders import (
    MEDIA,
    MP3,
    Source,
    build_source,
    export_apkg,
    export_colpkg,
    rezip,
)

STUB = "collection.anki2"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Source, dict[str, Path]]:
    root = tmp_path_factory.mktemp("formats")
    col, source = build_source(root / "source")
    legacy = export_apkg(col, root / "legacy.apkg", legacy=True)
    packages = {
        "apkg-latest": export_apkg(col, root / "latest.apkg", legacy=False),
        "apkg-legacy": legacy,
        "apkg-2.1-no-meta": rezip(legacy, root / "anki21.apkg", drop=("meta",)),
        "apkg-2.0": rezip(legacy, root / "anki20.apkg", drop=("meta", STUB), rename={"collection.anki21": STUB}),
        "apkg-meta-1": rezip(
            legacy,
            root / "meta1.apkg",
            drop=("meta", STUB),
            rename={"collection.anki21": STUB},
            add={"meta": b"\x08\x01"},
        ),
        "colpkg-latest": export_colpkg(col, root / "latest.colpkg", legacy=False),
        "colpkg-legacy": export_colpkg(col, root / "legacy.colpkg", legacy=True),
    }
    col.close()
    return source, packages


LAYOUTS = {  # name -> (meta version, collection member, zstd, media map, schema)
    "apkg-latest": (3, "collection.anki21b", True, "protobuf", 18),
    "apkg-legacy": (2, "collection.anki21", False, "json", 11),
    "apkg-2.1-no-meta": (0, "collection.anki21", False, "json", 11),
    "apkg-2.0": (0, "collection.anki2", False, "json", 11),
    "apkg-meta-1": (1, "collection.anki2", False, "json", 11),
    "colpkg-latest": (3, "collection.anki21b", True, "protobuf", 18),
    "colpkg-legacy": (2, "collection.anki21", False, "json", 11),
}


@pytest.fixture(params=sorted(LAYOUTS))
def opened(request: pytest.FixtureRequest, made: tuple[Source, dict[str, Path]]) -> Any:
    source, packages = made
    with open_package(packages[request.param]) as package:
        yield request.param, source, package


def test_the_collection_member_is_chosen_as_anki_does(opened: tuple[str, Source, Package]) -> None:
    name, _, package = opened
    version, member, zstd, media_map, schema = LAYOUTS[name]
    fmt = package.format
    assert (fmt.version, fmt.collection_member, fmt.zstd, fmt.media_map) == (version, member, zstd, media_map)
    assert package.collection.schema_version == schema
    assert fmt.is_collection_package == name.startswith("colpkg")
    assert package.problems == ()


def test_notes_are_what_was_put_in(opened: tuple[str, Source, Package]) -> None:
    _, source, package = opened
    read = {n.id: (n.guid, n.notetype_id, n.tags, n.fields) for n in package.collection.notes}
    assert read == source.notes
    assert [n.id for n in package.collection.notes] == sorted(read)


def test_cards_keep_their_scheduling_and_decks(opened: tuple[str, Source, Package]) -> None:
    _, source, package = opened
    collection = package.collection
    read = {
        c.id: (c.note_id, c.ord, c.type, c.queue, c.interval, c.factor, c.reps, c.lapses, c.left, c.flags)
        for c in collection.cards
    }
    assert read == source.cards
    assert {c.id: collection.decks[c.deck_id].name for c in collection.cards} == source.card_decks
    homes = {c.id: collection.decks[c.original_deck_id].name for c in collection.cards if c.original_deck_id}
    assert homes == source.home_decks and set(homes.values()) == {"Science"}
    assert all(collection.decks[c.deck_id].filtered for c in collection.cards if c.original_deck_id)
    states = {(c.type, c.queue) for c in collection.cards}
    assert (CardType.REVIEW, CardQueue.REVIEW) in states
    assert (CardType.LEARNING, CardQueue.LEARNING) in states
    assert (CardType.RELEARNING, CardQueue.LEARNING) in states
    assert any(c.queue == CardQueue.SUSPENDED for c in collection.cards)
    assert any(c.queue == CardQueue.MANUALLY_BURIED for c in collection.cards)
    assert any(c.flags == 2 for c in collection.cards)
    assert collection.created == source.crt
    assert collection.scheduler_version == 3


def test_review_history_is_what_was_answered(opened: tuple[str, Source, Package]) -> None:
    _, source, package = opened
    reviews = package.collection.reviews
    assert {r.id: (r.card_id, r.ease, r.kind) for r in reviews} == source.reviews
    assert [r.id for r in reviews] == sorted(r.id for r in reviews)
    assert {ReviewKind.LEARNING, ReviewKind.REVIEW, ReviewKind.RELEARNING} <= {r.kind for r in reviews}


def test_note_types_with_their_fields_templates_and_css(opened: tuple[str, Source, Package]) -> None:
    _, source, package = opened
    for note_type in package.collection.note_types.values():
        is_cloze, fields, templates, css = source.note_types[note_type.name]
        assert note_type.is_cloze == is_cloze
        assert note_type.fields == fields
        assert tuple((t.name, t.question_format, t.answer_format) for t in note_type.templates) == templates
        assert [t.ord for t in note_type.templates] == list(range(len(templates)))
        assert note_type.css == css
    used = {package.collection.note_types[n.notetype_id].name for n in package.collection.notes}
    assert used == {"Basic", "Basic (and reversed card)", "Cloze"}


def test_subdecks_are_named_with_double_colons(opened: tuple[str, Source, Package]) -> None:
    _, source, package = opened
    names = {deck.name for deck in package.collection.decks.values()}
    assert {"Science", "Languages", "Languages::Spanish", "Languages::Spanish::Verbs"} <= names <= source.deck_names
    for deck in package.collection.decks.values():
        if deck.name == "Cram":
            assert deck.filtered and deck.config_id is None
        else:
            assert not deck.filtered and deck.config_id in package.collection.deck_configs
    default = package.collection.deck_configs[1]
    assert (default.new_per_day, default.reviews_per_day, default.learn_steps) == (20, 200, (1.0, 10.0))
    assert default.initial_ease == 2.5 and default.leech_threshold == 8


def test_media_are_listed_and_read_byte_for_byte(opened: tuple[str, Source, Package], tmp_path: Path) -> None:
    name, _, package = opened
    assert {entry.name for entry in package.media} == set(MEDIA)
    for entry in package.media:
        assert entry.compressed == LAYOUTS[name][2]
        assert package.read_media(entry) == MEDIA[entry.name]
        assert entry.size == len(MEDIA[entry.name]) or not entry.compressed
        written = package.extract_media(entry, tmp_path)
        assert written == tmp_path / entry.name and written.read_bytes() == MEDIA[entry.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(MEDIA)


def test_the_update_anki_stub_is_never_read(made: tuple[Source, dict[str, Path]]) -> None:
    _, packages = made
    for name in ("apkg-latest", "apkg-legacy", "apkg-2.1-no-meta", "colpkg-latest", "colpkg-legacy"):
        with open_package(packages[name]) as package:
            assert len(package.collection.notes) == 7, name


# --- genanki: the oldest layout ------------------------------------------------------------------


def test_a_genanki_package_reads_as_it_was_made(tmp_path: Path) -> None:
    model = genanki.Model(
        1607392319,
        "Word (studykit test)",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Note"}],
        templates=[
            {"name": "Forward", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"},
            {"name": "Reverse", "qfmt": "{{#Note}}{{Back}}{{/Note}}", "afmt": "{{Front}}"},
        ],
        css=".card { font-family: serif; }",
    )
    top = genanki.Deck(2059400110, "Sanskrit")
    sub = genanki.Deck(2059400111, "Sanskrit::Pratyāhāra")
    notes = [
        genanki.Note(model=model, fields=["अच्", "vowels", "with note"], tags=["sanskrit", "pāṇini"], guid="g1"),
        genanki.Note(model=model, fields=["हल्", "consonants", ""], guid="g2"),
        genanki.Note(model=genanki.CLOZE_MODEL, fields=["{{c1::अ}} {{c2::इ}} {{c3::उ}}", "Śiva sūtra"], guid="g3"),
    ]
    top.add_note(notes[0])
    sub.add_note(notes[1])
    sub.add_note(notes[2])
    (tmp_path / "अ.mp3").write_bytes(MP3)
    path = tmp_path / "genanki.apkg"
    package_spec = genanki.Package([top, sub])
    package_spec.media_files = [str(tmp_path / "अ.mp3")]
    package_spec.write_to_file(str(path), timestamp=1_700_000_000)

    with open_package(path) as package:
        collection = package.collection
        assert (package.format.version, package.format.collection_member, collection.schema_version) == (
            0,
            "collection.anki2",
            11,
        )
        by_guid = {n.guid: n for n in collection.notes}
        assert by_guid["g1"].fields == ("अच्", "vowels", "with note") and by_guid["g1"].tags == ("sanskrit", "pāṇini")
        assert by_guid["g3"].fields == ("{{c1::अ}} {{c2::इ}} {{c3::उ}}", "Śiva sūtra")
        word = collection.note_types[1607392319]
        assert (word.name, word.is_cloze, word.fields, word.css) == (
            "Word (studykit test)",
            False,
            ("Front", "Back", "Note"),
            ".card { font-family: serif; }",
        )
        assert [t.name for t in word.templates] == ["Forward", "Reverse"]
        assert collection.note_types[genanki.CLOZE_MODEL.model_id].is_cloze
        per_note = {
            guid: sorted(c.ord for c in collection.cards if c.note_id == note.id) for guid, note in by_guid.items()
        }
        assert per_note == {"g1": [0, 1], "g2": [0], "g3": [0, 1, 2]}
        decks = {c.deck_id for c in collection.cards}
        assert {collection.decks[d].name for d in decks} == {"Sanskrit", "Sanskrit::Pratyāhāra"}
        assert collection.reviews == ()
        [entry] = package.media
        assert unicodedata.normalize("NFC", entry.name) == "अ.mp3" and package.read_media(entry) == MP3
        assert package.problems == ()
