"""Importing Anki packages end to end: packages the tests make (the `anki` library, legacy and
modern, with media, cloze, subdecks, a filtered deck and history; genanki), every shared real
package against what the `anki` library itself imports, re-import, removal, bad input, media."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from studykit.core.notecards import NoteCard
from studykit.importers.anki.html_text import html_to_document
from studykit.importers.anki.templates import TYPE_ANSWER_PLACEHOLDER
from studykit.storage import Collection
from studykit.storage.media import MediaFolder, media_dir, unsafe_name_reason
from studykit.study.errors import StudyError
from studykit.study.study import Study
from tests.importers.anki.builders import MEDIA, build_source, export_apkg, export_colpkg
from tests.importers.anki.oracle import imported_by_anki

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "anki-decks"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared Anki packages are not at {SHARED}")


def study_at(path: Path) -> Study:
    return Study(path, sources=(), now=lambda: NOW, tz=dt.UTC).open()


def note_cards(collection: Collection) -> list[NoteCard]:
    ids = collection.card_ids()
    return [card for card in collection.cards(ids).values() if isinstance(card, NoteCard)]


def collection_state(path: Path) -> tuple[object, ...]:
    """Everything a failed import must leave as it was: every row of every table."""
    conn = sqlite3.connect(path)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return tuple((table, tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())) for table in tables)
    finally:
        conn.close()


# --- packages the tests make ----------------------------------------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("made")
    col, _ = build_source(directory / "source")
    try:
        return {
            "modern.apkg": export_apkg(col, directory / "modern.apkg", legacy=False),
            "legacy.apkg": export_apkg(col, directory / "legacy.apkg", legacy=True),
            "modern.colpkg": export_colpkg(col, directory / "modern.colpkg", legacy=False),
            "legacy.colpkg": export_colpkg(col, directory / "legacy.colpkg", legacy=True),
        }
    finally:
        col.close()


@pytest.mark.parametrize("name", ["modern.apkg", "legacy.apkg", "modern.colpkg", "legacy.colpkg"])
def test_a_made_package_imports_as_the_anki_library_imports_it(
    name: str, made: dict[str, Path], tmp_path: Path,
) -> None:
    package = made[name]
    oracle = imported_by_anki(package, tmp_path / "anki")
    with study_at(tmp_path / "c.sqlite3") as study:
        summary = study.import_package(package)
        cards = note_cards(study.collection)  # type: ignore[arg-type]
        assert summary.notes == len(oracle.notes) and summary.cards == len(oracle.cards) == len(cards)
        assert {(c.guid, c.ordinal) for c in cards} == set(oracle.cards)
        # Subdecks keep their Anki names; the filtered deck's cards are back in their home deck.
        names = {name for name, _ in summary.decks}
        assert "Languages::Spanish::Verbs" in names and "Cram" not in names
        assert summary.reviews + summary.not_answers + summary.reviews_already <= oracle.review_count
        assert summary.media.written == len(MEDIA) and not summary.media.missing
        folder = media_dir(study.collection.path)  # type: ignore[union-attr]
        for media_name, data in MEDIA.items():
            assert (folder / media_name).read_bytes() == data
        suspended = [r for r in study.collection.records() if r.suspended]  # type: ignore[union-attr]
        assert len(suspended) == summary.scheduled["suspended"] == 1
        buried = [r for r in study.collection.records() if r.buried_until is not None]  # type: ignore[union-attr]
        assert len(buried) == summary.scheduled["buried"] == 1
        for card in cards:
            assert html_to_document(card.question, 80, type_answer_slot=TYPE_ANSWER_PLACEHOLDER).plain().strip()
        # The deck tree: one parent line for Languages, its children below it, counts rolled up.
        rows = {row.name: row for row in study.deck_rows()}
        assert rows["Languages"].total == rows["Spanish"].total
        # A second import of the same package adds nothing and changes nothing.
        again = study.import_package(package)
        assert (again.added, again.updated, again.unchanged) == (0, 0, summary.cards)
        assert again.media.written == 0 and again.media.present == len(MEDIA)


def test_a_genanki_package_imports(tmp_path: Path) -> None:
    import genanki

    model = genanki.Model(1607392319, "Simple", fields=[{"name": "Q"}, {"name": "A"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Q}}", "afmt": "{{FrontSide}}<hr id=answer>{{A}}"}])
    deck = genanki.Deck(2059400110, "Old::Style")
    for i in range(3):
        deck.add_note(genanki.Note(model=model, fields=[f"<b>[bold]q{i}[/bold]</b>", f"a{i}"], guid=f"g{i}"))
    package = tmp_path / "old.apkg"
    genanki.Package(deck).write_to_file(str(package))
    with study_at(tmp_path / "c.sqlite3") as study:
        summary = study.import_package(package)
        assert (summary.notes, summary.cards) == (3, 3)
        assert summary.decks == (("Old::Style", 3),)
        text = html_to_document(note_cards(study.collection)[0].question).plain()  # type: ignore[arg-type]
        assert text.startswith("[bold]q") and text.endswith("[/bold]")  # field text, never markup


def test_no_scheduling_imports_every_card_new_and_no_history(made: dict[str, Path], tmp_path: Path) -> None:
    with study_at(tmp_path / "c.sqlite3") as study:
        summary = study.import_package(made["modern.apkg"], scheduling=False)
        assert summary.reviews == 0 and not summary.scheduling
        assert all(r.is_new and not r.suspended for r in study.collection.records())  # type: ignore[union-attr]
        assert study.collection.events() == []  # type: ignore[union-attr]


def test_new_cards_come_in_anki_s_default_order_siblings_apart(tmp_path: Path) -> None:
    """Anki's default new-card order is "card type, then order gathered": every note's first
    card, then every second card, so a note's cloze 2 or reverse card never follows its card 1
    (which would give it away). The order studykit introduces them in is the one Anki's own
    scheduler queues from the same package."""
    from anki.collection import Collection as AnkiCollection

    col = AnkiCollection(str(tmp_path / "source.anki2"))
    deck = col.decks.id("Order")
    assert deck
    cloze, reversed_ = col.models.by_name("Cloze"), col.models.by_name("Basic (and reversed card)")
    assert cloze and reversed_
    for i in range(3):
        note = col.new_note(cloze)
        note["Text"] = f"n{i} {{{{c1::a{i}}}}} {{{{c2::b{i}}}}}"
        col.add_note(note, deck)
        note = col.new_note(reversed_)
        note["Front"], note["Back"] = f"front {i}", f"back {i}"
        col.add_note(note, deck)
    package = export_apkg(col, tmp_path / "order.apkg", legacy=False)
    col.close()
    imported_by_anki(package, tmp_path / "anki")
    anki = AnkiCollection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        order_deck = anki.decks.id_for_name("Order")
        assert order_deck
        anki.decks.select(order_deck)
        queued = anki.sched.get_queued_cards(fetch_limit=50).cards
        anki_order = [(anki.get_card(q.card.id).note().guid, anki.get_card(q.card.id).ord) for q in queued]
    finally:
        anki.close()
    with study_at(tmp_path / "c.sqlite3") as study:
        summary = study.import_package(package)
        collection = study.collection
        assert collection is not None
        cards = {card.id: card for card in note_cards(collection)}
        ours = [(cards[i].guid, cards[i].ordinal) for i in collection.card_ids(source=summary.source)]
    assert len(anki_order) == 12 and ours == anki_order


# --- the shared real packages ---------------------------------------------------------------


# Both kinds: a deck package (.apkg) and a whole collection (.colpkg); "*.?pkg" would miss the latter.
SHARED_FILES = sorted(p.name for p in SHARED.iterdir() if p.suffix in (".apkg", ".colpkg")) if SHARED.is_dir() else []


def test_the_shared_files_include_collection_packages() -> None:
    if SHARED.is_dir():
        assert any(name.endswith(".colpkg") for name in SHARED_FILES)
        assert any(name.endswith(".apkg") for name in SHARED_FILES)


@needs_shared
@pytest.mark.parametrize("name", SHARED_FILES)
def test_every_shared_package_imports_with_the_anki_library_s_counts(name: str, tmp_path: Path) -> None:
    package = SHARED / name
    oracle = imported_by_anki(package, tmp_path / "anki")
    with study_at(tmp_path / "c.sqlite3") as study:
        summary = study.import_package(package)
        cards = note_cards(study.collection)  # type: ignore[arg-type]
        assert summary.notes == len(oracle.notes)
        assert summary.cards == len(cards) == len(oracle.cards)
        assert {(c.guid, c.ordinal) for c in cards} == set(oracle.cards)
        assert summary.reviews + summary.not_answers == oracle.review_count
        # Decks: each card in the deck Anki has it in (a filtered deck's cards in their home deck);
        # a collection package brings all its decks, those without cards too.
        assert dict(summary.decks) == oracle.home_decks
        if package.suffix == ".colpkg":
            assert len(summary.decks) + summary.empty_decks == oracle.normal_decks
        stored = {p.name for p in media_dir(study.collection.path).glob("*")}  # type: ignore[union-attr]
        assert stored == oracle.media
        for card in cards:
            question = html_to_document(card.question, 80, type_answer_slot=TYPE_ANSWER_PLACEHOLDER)
            assert question.plain().strip(), card.id
        # Written without replaying: replaying the log gives the same records, and counting it again the same counts.
        collection = study.collection
        assert collection is not None
        assert collection.replayed_records() == {r.card_id: r for r in collection.records(include_retired=True)}
        counts = collection.connection.execute("SELECT * FROM review_counts ORDER BY quarter").fetchall()
        assert collection.rebuild_states() == 0
        assert collection.connection.execute("SELECT * FROM review_counts ORDER BY quarter").fetchall() == counts


@needs_shared
def test_progress_is_told_while_the_cards_are_rendered(tmp_path: Path) -> None:
    """Rendering is most of a large package's reading: the bar moves during it, not from 0/1 to 1/1."""
    told: list[tuple[str, int, int]] = []
    with study_at(tmp_path / "c.sqlite3") as study:
        summary = study.import_package(SHARED / "22_kedarmhaswade_collection_cloze.apkg",
                                       progress=lambda *args: told.append(args))
    reading = [(done, total) for stage, done, total in told if stage == "reading" and total == summary.cards]
    assert len(reading) >= 4 and reading[-1] == (summary.cards, summary.cards)
    assert [done for done, _ in reading] == sorted(done for done, _ in reading)
    assert ("cards", 0, summary.cards) in told and told[-1][0] == "history"


@needs_shared
def test_the_update_pair_updates_one_note_adds_none_and_keeps_its_history(tmp_path: Path) -> None:
    with study_at(tmp_path / "c.sqlite3") as study:
        first = study.import_package(SHARED / "02_anki-pylib_update1.apkg")
        assert (first.added, first.notes) == (1, 1)
        step = study.start(None)
        assert step.card is not None  # type: ignore[union-attr]
        study.grade(step.card.id, "good", 3.0)  # type: ignore[union-attr]
        collection = study.collection
        assert collection is not None
        history = collection.events()
        record = collection.records()[0]
        before = note_cards(collection)[0]
        second = study.import_package(SHARED / "03_anki-pylib_update2.apkg")
        assert (second.added, second.updated, second.missing_notes) == (0, 1, 0)
        assert second.source == first.source
        after = note_cards(collection)
        assert len(after) == 1 and after[0].id == before.id and after[0].fields != before.fields
        assert collection.events() == history and collection.records()[0] == record
        assert [listing.times for listing in study.imports()] == [2]


def test_a_newer_version_updates_adds_and_reports_missing_notes_without_deleting(tmp_path: Path) -> None:
    from anki.collection import Collection as AnkiCollection

    (tmp_path / "shared").mkdir()
    col = AnkiCollection(str(tmp_path / "shared" / "collection.anki2"))
    basic = col.models.by_name("Basic")
    deck = col.decks.id("Shared deck")
    assert basic is not None and deck is not None
    notes = []
    for i in range(3):
        note = col.new_note(basic)
        note.fields[0], note.fields[1] = f"front {i}", f"back {i}"
        col.add_note(note, deck)
        notes.append(note)
    first = export_apkg(col, tmp_path / "v1.apkg", legacy=False)
    notes[0].fields[1] = "back 0, corrected"
    col.update_note(notes[0])
    col.remove_notes([notes[2].id])
    added = col.new_note(basic)
    added.fields[0], added.fields[1] = "front 3", "back 3"
    col.add_note(added, deck)
    second = export_apkg(col, tmp_path / "v2.apkg", legacy=False)
    col.close()
    with study_at(tmp_path / "c.sqlite3") as study:
        study.import_package(first)
        summary = study.import_package(second)
        assert (summary.added, summary.updated, summary.unchanged, summary.missing_notes) == (1, 1, 1, 1)
        assert len(study.collection.card_ids()) == 4  # type: ignore[union-attr]  # the missing note's card stays


# --- removal ----------------------------------------------------------------------------------


@needs_shared
def test_removing_an_imported_deck_archives_its_cards_and_a_new_import_brings_them_back(tmp_path: Path) -> None:
    with study_at(tmp_path / "c.sqlite3") as study:
        study.import_package(SHARED / "06_mnemosyne_anki1.apkg")
        collection = study.collection
        assert collection is not None
        events = collection.events()
        removal = study.plan_removal("deck 1")
        assert removal.cards == 7 and len(removal.deck_ids) == 2  # the parent takes its subdeck
        assert study.remove(removal) == 7
        assert collection.card_ids() == [] and len(collection.card_ids(include_retired=True)) == 7
        assert collection.events() == events  # nothing of the history is lost
        assert [row.name for row in study.deck_rows()] == ["All decks"]
        listing = study.imports()[0]
        assert listing.decks == () and listing.removed[0][0] == "Deck 1"
        again = study.import_package(SHARED / "06_mnemosyne_anki1.apkg")
        assert again.added == 0 and len(collection.card_ids()) == 7


def test_only_imported_decks_can_be_removed(tmp_path: Path) -> None:
    from studykit.sources.fact_decks import GivenFacts
    from tests.tui.sample import DECKS, sample_cards

    sources = (GivenFacts(DECKS, sample_cards()),)
    with Study(tmp_path / "c.sqlite3", sources=sources, now=lambda: NOW, tz=dt.UTC) as study, \
            pytest.raises(StudyError, match="not an imported deck"):
        study.plan_removal(DECKS[0].id)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04truncated"])
def test_a_bad_package_is_one_message_and_leaves_the_collection_as_it_was(
    content: bytes, made: dict[str, Path], tmp_path: Path,
) -> None:
    path = tmp_path / "c.sqlite3"
    with study_at(path) as study:
        study.import_package(made["modern.apkg"])
    before = collection_state(path)
    media = sorted(p.name for p in media_dir(path).iterdir())
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(content)
    with study_at(path) as study, pytest.raises(StudyError, match=r"bad\.apkg"):
        study.import_package(bad)
    assert collection_state(path) == before
    assert sorted(p.name for p in media_dir(path).iterdir()) == media


def test_a_failure_inside_the_transaction_writes_nothing_and_takes_the_media_back(
    made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "c.sqlite3"
    with study_at(path):
        pass
    before = collection_state(path)

    def broken(*args: object, **kwargs: object) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Collection, "record_import", broken)
    with study_at(path) as study, pytest.raises(StudyError, match="disk I/O error"):
        study.import_package(made["modern.apkg"])
    assert collection_state(path) == before
    assert not media_dir(path).exists() or not any(media_dir(path).iterdir())


# --- media --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "../../x", "../x.png", "/etc/passwd", "\\windows\\x", "a/b.png", "a\\b.png", "C:x.png", "c:\\x", "x\x00.png",
    ".", "..", "", "CON", "nul.txt", "com1.mp3", "LPT9", "trailing.", "trailing ", "tab\t.png", "x" * 300,
    "stream:$DATA",
])
def test_unsafe_media_names_are_refused(name: str) -> None:
    assert unsafe_name_reason(name) is not None


@pytest.mark.parametrize("name", ["pic.png", "héllo wörld.mp3", "日本語.jpg", "a..b.png", ".hidden", "console.png"])
def test_plain_media_names_are_kept(name: str) -> None:
    assert unsafe_name_reason(name) is None


def test_a_name_stored_with_other_bytes_gets_a_name_of_its_own(tmp_path: Path) -> None:
    folder = MediaFolder(tmp_path / "media")
    assert folder.store("pic.png", [b"one"], max_bytes=100) == ("pic.png", True)
    assert folder.store("pic.png", [b"one"], max_bytes=100) == ("pic.png", False)
    other = hashlib.sha1(b"two").hexdigest()[:8]
    assert folder.store("pic.png", [b"two"], max_bytes=100) == (f"pic-{other}.png", True)
    assert (tmp_path / "media" / "pic.png").read_bytes() == b"one"
    with pytest.raises(Exception, match="larger than"):
        folder.store("big.bin", [b"x" * 60, b"x" * 60], max_bytes=100)
    assert sorted(p.name for p in (tmp_path / "media").iterdir()) == ["pic-" + other + ".png", "pic.png"]


# --- scheduling and history -------------------------------------------------------------------


@needs_shared
def test_anki_scheduling_carries_over_to_sm2(tmp_path: Path) -> None:
    from studykit.importers.anki import open_package

    package = SHARED / "13_lars76_vietnamese_revlog.apkg"
    with open_package(package) as opened:
        anki = opened.collection
        guids = {note.id: note.guid for note in anki.notes}
        expected = {f"anki:{guids[c.note_id]}:{c.ord}": c for c in anki.cards}
        created = anki.created
    with study_at(tmp_path / "c.sqlite3") as study:
        summary = study.import_package(package)
        assert summary.scheduled == {"new": 27, "learning": 0, "review": 1113, "suspended": 6, "buried": 0}
        records = {r.card_id: r for r in study.collection.records()}  # type: ignore[union-attr]
        for card_id, card in expected.items():
            record = records[card_id]
            assert record.suspended == (card.queue == -1)
            if card.type == 2:
                state = record.state
                assert state.interval == max(1, card.interval)
                assert state.ef == max(1.3, round(card.factor / 1000, 2))
                assert state.due == dt.datetime.fromtimestamp(created + card.due * 86_400, dt.UTC)
                assert state.lapses == card.lapses and state.repetition >= 2
            elif card.type == 0:
                assert record.is_new
        # The states came through the log: replaying it gives every record back.
        collection = study.collection
        assert collection is not None
        assert collection.replayed_records() == {r.card_id: r for r in collection.records(include_retired=True)}


@needs_shared
def test_history_is_imported_once_and_never_replayed(tmp_path: Path) -> None:
    package = SHARED / "22_kedarmhaswade_collection_cloze.apkg"
    oracle = imported_by_anki(package, tmp_path / "anki")
    with study_at(tmp_path / "c.sqlite3") as study:
        first = study.import_package(package)
        collection = study.collection
        assert collection is not None
        assert first.reviews + first.not_answers == oracle.review_count == 1601
        records = collection.records()
        again = study.import_package(package)
        assert (again.reviews, again.reviews_already) == (0, first.reviews)
        assert collection.records() == records


def test_history_of_a_made_package_shows_in_the_stats(made: dict[str, Path], tmp_path: Path) -> None:
    today = dt.datetime.now(dt.UTC)
    with Study(tmp_path / "c.sqlite3", sources=(), tz=dt.UTC) as study:
        summary = study.import_package(made["modern.apkg"])
        assert summary.reviews == 11  # the answers build_source gave, all today
        stats = study.numbers(None)[1]
        assert sum(stats.per_day.values()) == 11
        assert stats.per_day[stats.today] == 11 or today.hour < 4  # answered today (after the day's rollover)
