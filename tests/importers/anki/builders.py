"""Packages of every format, made by the tests: with the `anki` library (legacy and modern `.apkg`
and `.colpkg`), with genanki (the oldest layout), and by rewriting their zips (no `meta`, meta
version 1), together with what was put in, to compare with what the reader reads.

The source collection holds what a real one does: the stock Basic, reversed and Cloze note
types, subdecks three levels deep, tags, HTML and non-Latin text, two media files (one with a
non-ASCII name) and review history that leaves cards in learning, review, relearning,
suspended, buried and flagged states.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from anki.collection import Collection, ExportAnkiPackageOptions

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
MP3 = b"ID3\x03\x00\x00\x00" + b"\xff\xfb\x90\x64" * 600
MEDIA = {"pic.png": PNG, "héllo wörld.mp3": MP3}


@dataclass
class Source:
    """What the source collection holds, read with the anki library's own API."""

    notes: dict[int, tuple[str, int, tuple[str, ...], tuple[str, ...]]]  # id -> guid, mid, tags, fields
    cards: dict[int, tuple[int, ...]]  # id -> nid, ord, type, queue, ivl, factor, reps, lapses, left, flags
    card_decks: dict[int, str]  # card id -> deck name
    home_decks: dict[int, str]  # card id -> deck name of the home deck of a card in a filtered deck
    reviews: dict[int, tuple[int, int, int]]  # id -> cid, ease, type
    note_types: dict[str, tuple[bool, tuple[str, ...], tuple[tuple[str, str, str], ...], str]]
    deck_names: set[str]
    crt: int


def build_source(directory: Path) -> tuple[Collection, Source]:
    """A collection with notes, subdecks, media and review history (left open: export from it)."""
    directory.mkdir(parents=True, exist_ok=True)
    col = Collection(str(directory / "collection.anki2"))
    science = col.decks.id("Science")
    spanish = col.decks.id("Languages::Spanish")
    verbs = col.decks.id("Languages::Spanish::Verbs")
    assert science and spanish and verbs
    for name, data in MEDIA.items():
        assert col.media.write_data(name, data) == name

    basic = col.models.by_name("Basic")
    reversed_ = col.models.by_name("Basic (and reversed card)")
    cloze = col.models.by_name("Cloze")
    assert basic and reversed_ and cloze

    def add(model, deck_id, fields, tags=()):  # type: ignore[no-untyped-def]
        note = col.new_note(model)
        for index, value in enumerate(fields):
            note.fields[index] = value
        note.tags = list(tags)
        col.add_note(note, deck_id)
        return note

    add(basic, science, ["Speed of light <b>c</b>", "299 792 458 m/s &amp; ✓"], ["physics", "unit::1"])
    add(basic, science, ['<img src="pic.png">', "[sound:héllo wörld.mp3] the picture"], ["media"])
    add(basic, science, ["Ünïcode — ক্ষ 日本語 עברית", "right-to-left ⟨שלום⟩"])
    add(reversed_, spanish, ["hola", "hello"], ["spanish"])
    add(reversed_, spanish, ["gato", "cat"], ["spanish", "animals"])
    add(cloze, verbs, ["{{c1::Yo}} {{c2::hablo}} {{c3::español::language}}", "extra"], ["spanish", "cloze"])
    add(cloze, verbs, ["{{c1::Nosotros {{c2::comemos}}}}", ""], ["nested"])

    cards = [col.get_card(cid) for cid in sorted(col.find_cards(""))]
    answers = {0: [4], 1: [3], 2: [1], 3: [4, 3], 4: [4, 1, 1], 5: [3, 3, 3]}
    for index, eases in answers.items():
        for ease in eases:
            card = col.get_card(cards[index].id)
            card.start_timer()
            col.sched.answerCard(card, ease)  # type: ignore[arg-type]
    col.sched.suspend_cards([cards[6].id])
    col.sched.bury_cards([cards[7].id], manual=True)
    col.set_user_flag_for_cards(2, [cards[8].id])
    cram = col.decks.new_filtered("Cram")  # a filtered deck borrowing the Science cards
    deck = col.decks.get(cram)
    assert deck is not None
    deck["terms"] = [["deck:Science", 100, 0]]
    col.decks.save(deck)
    col.sched.rebuild_filtered_deck(cram)
    return col, _source(col)


def _source(col: Collection) -> Source:
    db = col.db
    assert db is not None
    notes = {
        nid: (guid, mid, tuple(tags.split()), tuple(flds.split("\x1f")))
        for nid, guid, mid, tags, flds in db.all("SELECT id, guid, mid, tags, flds FROM notes")
    }
    cards = {
        row[0]: tuple(row[1:])
        for row in db.all("SELECT id, nid, ord, type, queue, ivl, factor, reps, lapses, left, flags FROM cards")
    }
    deck_names = {d.id: d.name for d in col.decks.all_names_and_ids()}
    card_decks = {cid: deck_names[did] for cid, did in db.all("SELECT id, did FROM cards")}
    home_decks = {cid: deck_names[odid] for cid, odid in db.all("SELECT id, odid FROM cards WHERE odid != 0")}
    reviews = {rid: (cid, ease, kind) for rid, cid, ease, kind in db.all("SELECT id, cid, ease, type FROM revlog")}
    note_types = {}
    for model in col.models.all():
        note_types[model["name"]] = (
            model["type"] == 1,
            tuple(f["name"] for f in model["flds"]),
            tuple((t["name"], t["qfmt"], t["afmt"]) for t in model["tmpls"]),
            model["css"],
        )
    return Source(notes, cards, card_decks, home_decks, reviews, note_types, set(deck_names.values()), col.crt)


def export_apkg(col: Collection, path: Path, *, legacy: bool) -> Path:
    options = ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, with_media=True, legacy=legacy)
    col.export_anki_package(out_path=str(path), options=options, limit=None)
    return path


def export_colpkg(col: Collection, path: Path, *, legacy: bool) -> Path:
    """Export the whole collection (Anki closes it to do so; it is reopened)."""
    col.export_collection_package(str(path), include_media=True, legacy=legacy)
    col.reopen()
    return path


def rezip(
    source: Path,
    target: Path,
    *,
    drop: tuple[str, ...] = (),
    rename: dict[str, str] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """A copy of a package with members dropped, renamed or added (to make older layouts)."""
    rename = rename or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            new.writestr(rename.get(info.filename, info.filename), old.read(info))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target
