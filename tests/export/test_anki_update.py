"""A corrected fact, exported again with a later time and imported into the same collection,
updates its notes in place: no duplicate, review history kept."""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from tests.export.anki_support import FIRST_EXPORT, LATER_EXPORT, build, import_package, open_collection

FACT = "capture-of-shamakhi"
OLD = "The Army of Islam took Shamakhi, driving out the Reds, on 20 July 1918."
NEW = "The Army of Islam took Shamakhi & drove out the Reds on 20 July 1918."


def correct_the_fact(decks_dir: Path) -> None:
    path = decks_dir / "baku-1918-events.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    path.write_text(text.replace(OLD, NEW), encoding="utf-8")


def note(col, key: str):  # type: ignore[no-untyped-def]
    return col.get_note(col.db.scalar("SELECT id FROM notes WHERE guid = ?", genanki.guid_for(key)))


def review(col, card_id: int) -> None:
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answerCard(card, 3)  # Good


def revlog(col, card_id: int) -> int:
    return int(col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", card_id))


def test_a_later_export_of_a_corrected_fact_updates_its_notes(tmp_path: Path, anki_deck_copy: Path) -> None:
    first = build(tmp_path / "first.apkg", decks_dir=anki_deck_copy, timestamp=FIRST_EXPORT)
    col = open_collection(tmp_path / "col")
    try:
        import_package(col, first.path)
        notes, cards = col.note_count(), col.card_count()
        qa = note(col, f"{FACT}:qa:date")
        reviewed = qa.card_ids()[0]
        review(col, reviewed)
        before = col.get_card(reviewed)
        assert (before.reps, revlog(col, reviewed)) == (1, 1)

        correct_the_fact(anki_deck_copy)
        second = build(tmp_path / "second.apkg", decks_dir=anki_deck_copy, timestamp=LATER_EXPORT)
        log = import_package(col, second.path)

        assert len(log.new) == 0
        assert (col.note_count(), col.card_count()) == (notes, cards)  # nothing duplicated
        updated = {col.get_note(n.id.nid)["FactId"] for n in log.updated}
        assert FACT in updated
        qa = note(col, f"{FACT}:qa:date")
        assert unicodedata.normalize("NFC", html.unescape(qa["Statement"])) == NEW
        assert "&amp; drove" in qa["Statement"]
        cloze = note(col, f"{FACT}:cloze")
        assert "took {{c3::Shamakhi::place}} &amp; drove out" in cloze["Text"]
        after = col.get_card(reviewed)  # the same card, its history kept
        assert (after.reps, after.type, after.due, revlog(col, reviewed)) == (1, before.type, before.due, 1)
    finally:
        col.close()


def test_an_export_stamped_no_later_does_not_update(tmp_path: Path, anki_deck_copy: Path) -> None:
    """Why every export must be stamped later than the previous one: Anki keeps its own copy
    of a note unless the incoming one is newer."""
    first = build(tmp_path / "first.apkg", decks_dir=anki_deck_copy, timestamp=FIRST_EXPORT)
    col = open_collection(tmp_path / "col")
    try:
        import_package(col, first.path)
        correct_the_fact(anki_deck_copy)
        same_time = build(tmp_path / "same.apkg", decks_dir=anki_deck_copy, timestamp=FIRST_EXPORT)
        log = import_package(col, same_time.path)
        assert len(log.new) == 0 and len(log.updated) == 0
        assert html.unescape(note(col, f"{FACT}:qa:date")["Statement"]) == OLD
    finally:
        col.close()


def test_guids_come_from_card_ids_not_from_text_or_seed(tmp_path: Path, anki_deck_copy: Path) -> None:
    one = build(tmp_path / "one.apkg", decks_dir=anki_deck_copy, seed=0)
    correct_the_fact(anki_deck_copy)
    other = build(tmp_path / "other.apkg", decks_dir=anki_deck_copy, seed=7, timestamp=LATER_EXPORT)
    guids = {}
    for export in (one, other):
        col = open_collection(tmp_path / export.path.stem)
        try:
            import_package(col, export.path)
            guids[export.path.stem] = {
                note.guid: (note.note_type()["name"], dict(note.items()))
                for note in (col.get_note(n) for n in col.find_notes(""))
            }
        finally:
            col.close()
    assert set(guids["one"]) == set(guids["other"])
    # Multiple-choice options keep one shuffled order per note whatever the generator's seed.
    same_options = 0
    for guid, first in guids["one"].items():
        second = guids["other"][guid]
        if first[0] == "studykit: multiple choice" and \
                sorted(first[1]["Options"].split("</li>")) == sorted(second[1]["Options"].split("</li>")):
            assert first[1]["Options"] == second[1]["Options"]
            same_options += 1
    assert same_options > 50
