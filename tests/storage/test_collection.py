"""The collection: durable reviews, replay, migrations, WAL, sync, concurrency and bad files."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studykit.core.cards import Card, CardType
from studykit.core.facts import Source
from studykit.core.session import (
    AnkiAnswer,
    CardRecord,
    Change,
    DeckCounts,
    EventKind,
    Session,
    SessionConfig,
    set_card_state,
    unsuspend_card,
)
from studykit.core.sm2 import Button, CardState
from studykit.storage import (
    Available,
    Collection,
    CollectionBusy,
    CollectionError,
    DeckEntry,
    checkpoint,
    default_path,
    resolve_path,
)
from studykit.storage.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, migrate
from tests.storage.release import old_log, old_records, simulate, write_old_collection

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.UTC
NOW = dt.datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
UNLIMITED = SessionConfig(new_per_day=1000, reviews_per_day=1000)


def make_card(i: int, *, deck: str = "baku", prompt: str | None = None) -> Card:
    return Card(
        id=f"fact-{i}:qa:0", type=CardType.QA, deck_id=deck, prompt=prompt or f"Question {i}?",
        answer=f"Answer {i}", fact_ids=(f"fact-{i}",), sources=(Source("001.txt", f"quote {i}"),),
        statement=f"Statement {i}.", generator="qa", variant="0",
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "collection.sqlite3"


@pytest.fixture
def collection(path: Path) -> Iterator[Collection]:
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(12)])
        yield col


def study(col: Collection, now: dt.datetime, grades: list[Button | str]) -> dt.datetime:
    """Run one session with these grades ("undo", "bury", "suspend" too), committing each change."""
    session = col.start_session(now=now, tz=UTC, config=UNLIMITED)
    for grade in grades:
        now += dt.timedelta(seconds=20)
        if grade == "undo":
            change = session.undo(now=now)
        elif session.current is None:
            break
        elif grade in ("bury", "suspend"):
            change = getattr(session, str(grade))(now=now)
        else:
            assert isinstance(grade, Button)
            change = session.grade(grade, now=now, answer_ms=3000)
        col.commit(change)
    return now


# --- where the collection lives ------------------------------------------------------------------


def test_path_from_option_then_environment_then_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STUDYKIT_COLLECTION", raising=False)
    assert resolve_path() == default_path()
    assert default_path().name == "collection.sqlite3" and "studykit" in str(default_path())
    monkeypatch.setenv("STUDYKIT_COLLECTION", str(tmp_path / "env.sqlite3"))
    assert resolve_path() == tmp_path / "env.sqlite3"
    assert resolve_path(tmp_path / "cli.sqlite3") == tmp_path / "cli.sqlite3"


# --- schema, WAL, durability settings ---------------------------------------------------------------


def test_a_new_collection_is_migrated_in_wal_mode_with_full_sync(path: Path) -> None:
    with Collection.open(path) as col:
        conn = col.connection
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent
    raw.close()


def test_migrations_run_once_in_order_and_keep_the_data(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(1)])
    added = (*MIGRATIONS, ("ALTER TABLE cards ADD COLUMN flag INTEGER NOT NULL DEFAULT 7",))
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, added) == SCHEMA_VERSION + 1
    assert migrate(conn, added) == SCHEMA_VERSION + 1  # nothing left to do: not run twice
    assert conn.execute("SELECT id, flag FROM cards").fetchall() == [("fact-1:qa:0", 7)]
    conn.close()
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    failing = (*MIGRATIONS, ("CREATE TABLE extra (x)", "THIS IS NOT SQL"))
    migrate(fresh, MIGRATIONS)
    with pytest.raises(sqlite3.Error):
        migrate(fresh, failing)
    assert fresh.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # all or nothing
    assert fresh.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0


def test_a_collection_of_the_first_schema_is_upgraded_in_place(path: Path) -> None:
    cards = [make_card(i, deck=("baku", "entente")[i % 2]) for i in range(6)]
    events = simulate([c.id for c in cards], days=3, seed=2, start=NOW)
    write_old_collection(path, cards, events, version=1)  # as the first release left it
    before = old_records(path), old_log(path)
    with Collection.open(path) as col:
        assert col.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert ({r.card_id: r for r in col.records(include_retired=True)}, col.events()) == before
        indexes = {row[0] for row in col.connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"cards_deck_counts", "cards_deck_new"} <= indexes and "cards_deck" not in indexes
        assert col.deck_names() == {} and col.decks() == {"baku": 3, "entente": 3}
        assert col.card_source("fact-0:qa:0") == "fact-decks"


def test_queues_and_counts_are_the_same_after_sqlite_gathers_statistics(path: Path) -> None:
    """The queue queries name their indexes: after ANALYZE, SQLite would otherwise choose
    other plans (sorting every new card); a named index it cannot use would be an error."""
    with Collection.open(path) as col:
        col.sync([make_card(i, deck=("baku", "entente")[i % 3 == 0]) for i in range(60)])
        study(col, NOW, [Button.GOOD, Button.AGAIN, Button.HARD] * 5)
        later = NOW + dt.timedelta(days=1, hours=2)

        def everything() -> list[object]:
            sessions = [col.start_session(now=later, tz=UTC, config=SessionConfig(new_per_day=7), deck=deck)
                        for deck in (None, "baku", "entente")]
            return [*((s.progress, s.current, s.upcoming) for s in sessions),
                    col.deck_counts(now=later, tz=UTC), col.decks(), col.start_cram(now=later, tz=UTC).progress]

        before = everything()
        col.connection.execute("ANALYZE")
        assert everything() == before


def test_the_review_log_is_append_only(collection: Collection) -> None:
    study(collection, NOW, [Button.GOOD])
    collection.commit(set_card_state(collection.record("fact-1:qa:0"), CardRecord("x").state, now=NOW))
    for table, column in (("review_log", "grade"), ("set_states", "ef")):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            collection.connection.execute(f"UPDATE {table} SET {column} = 5")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            collection.connection.execute(f"DELETE FROM {table}")


# --- sync with the decks -------------------------------------------------------------------------


def test_sync_adds_updates_retires_restores_and_skips_when_unchanged(collection: Collection) -> None:
    cards = [make_card(i) for i in range(12)]
    changes = collection.connection.total_changes
    assert collection.sync(cards).skipped
    assert collection.connection.total_changes == changes  # nothing written

    study(collection, NOW, [Button.GOOD, Button.AGAIN])  # fact-0 and fact-1 get a history
    record, history = collection.record("fact-0:qa:0"), collection.events(card_id="fact-0:qa:0")
    edited = [make_card(0, prompt="Reworded?"), *cards[2:], make_card(20)]  # fact-1 removed, fact-20 new
    report = collection.sync(edited)
    assert (report.added, report.updated, report.retired, report.restored) == (1, 1, 1, 0)
    assert collection.card("fact-0:qa:0").prompt == "Reworded?"
    assert collection.card("fact-0:qa:0") == make_card(0, prompt="Reworded?")  # stored whole: no regenerating
    assert collection.record("fact-0:qa:0") == record and collection.events(card_id="fact-0:qa:0") == history

    session = collection.start_session(now=NOW + dt.timedelta(days=5), tz=UTC, config=UNLIMITED)
    shown = []
    while session.current is not None:
        shown.append(session.current.card_id)
        session.grade(Button.GOOD, now=NOW + dt.timedelta(days=5))
    assert "fact-1:qa:0" not in shown  # retired: never shown
    assert shown[0] == "fact-0:qa:0" and shown[-1] == "fact-20:qa:0"  # due first; new ones in deck order
    assert len(collection.events(card_id="fact-1:qa:0")) == 1  # history kept
    assert collection.stats(now=NOW, tz=UTC).by_state["retired"] == 1

    report = collection.sync([*edited, cards[1]])
    assert (report.added, report.restored, report.retired) == (0, 1, 0)
    assert collection.record("fact-1:qa:0").state.lapses == 0 and not collection.record("fact-1:qa:0").is_new
    with pytest.raises(ValueError, match="two cards"):
        collection.sync([make_card(1), make_card(1)])


def test_sync_records_deck_names_and_the_fingerprint_of_its_inputs(collection: Collection) -> None:
    cards = [make_card(i) for i in range(12)]
    assert collection.synced_inputs() is None and collection.deck_names() == {}
    assert collection.sync(cards, deck_names={"baku": "Baku 1918"}, inputs="abc").skipped  # cards unchanged
    assert collection.synced_inputs() == "abc" and collection.deck_names() == {"baku": "Baku 1918"}
    changes = collection.connection.total_changes
    assert collection.sync(cards, deck_names={"baku": "Baku 1918"}, inputs="abc").skipped
    assert collection.connection.total_changes == changes  # the same again: nothing written
    collection.sync([*cards, make_card(12, deck="entente")], deck_names={"entente": "Entente"}, inputs="def")
    assert collection.synced_inputs() == "def"
    assert collection.deck_names() == {"baku": "Baku 1918", "entente": "Entente"}
    assert not collection.is_empty()


# --- sources: each syncs its own cards ------------------------------------------------------------


def anki_card(i: int, *, deck: str = "anki:1") -> Card:
    return Card(id=f"anki:note-{i}:0", type=CardType.QA, deck_id=deck, prompt=f"Note {i}?", answer=f"A{i}",
                fact_ids=(), sources=())


def test_syncing_one_source_never_touches_another_s_cards(collection: Collection) -> None:
    report = collection.sync([anki_card(i) for i in range(5)], source="anki:pkg", deck_names={"anki:1": "Japanese"},
                             inputs="pkg-v1", retire_missing=False)
    assert report.added == 5 and collection.deck_entries()[0] == DeckEntry("anki:1", "Japanese", "anki:pkg")
    study(collection, NOW, [Button.GOOD] * 17)  # twelve fact cards and five imported ones
    before = {r.card_id: r for r in collection.records(include_retired=True)}

    report = collection.sync([make_card(i) for i in range(3)], deck_names={"baku": "Baku 1918"}, inputs="decks-v2")
    assert (report.added, report.retired) == (0, 9)  # the fact decks' own cards only
    after = {r.card_id: r for r in collection.records()}
    assert {i for i in after if i.startswith("anki:")} == {f"anki:note-{i}:0" for i in range(5)}
    assert all(after[i] == before[i] for i in after)
    assert collection.synced_inputs() == "decks-v2" and collection.synced_inputs("anki:pkg") == "pkg-v1"
    assert collection.card_source("anki:note-0:0") == "anki:pkg"
    assert collection.card_source("fact-1:qa:0") == "fact-decks"
    assert collection.deck_names() == {"anki:1": "Japanese", "baku": "Baku 1918"}

    again = collection.sync([anki_card(i) for i in range(5)], source="anki:pkg", retire_missing=False)
    assert again.skipped and again.missing == ()  # the fingerprint is per source: still unchanged
    assert collection.sync([make_card(i) for i in range(3)]).skipped


def test_a_source_that_keeps_missing_cards_reports_them(collection: Collection) -> None:
    collection.sync([anki_card(i) for i in range(4)], source="anki:pkg", retire_missing=False)
    report = collection.sync([anki_card(0), anki_card(2), anki_card(9)], source="anki:pkg", retire_missing=False)
    assert (report.added, report.retired, report.missing) == (1, 0, ("anki:note-1:0", "anki:note-3:0"))
    assert len(collection.records(deck="anki:1")) == 5  # kept, still studied
    again = collection.sync([anki_card(0), anki_card(2), anki_card(9)], source="anki:pkg", retire_missing=False)
    assert again.skipped and again.missing == ("anki:note-1:0", "anki:note-3:0")
    assert collection.sync([anki_card(0)], source="anki:pkg").retired == 4  # a source that retires them


def test_a_collection_without_cards_counts_nothing(path: Path) -> None:
    with Collection.open(path) as col:
        assert col.deck_counts(now=NOW, tz=UTC) == {None: DeckCounts()}
        assert col.available(now=NOW) == col.available(now=NOW, deck=[]) == Available(next_due=None, new=0, seen=0)
        col.sync([make_card(0)])
        col.retire_decks(["baku"])
        assert col.decks() == {} and col.deck_counts(now=NOW, tz=UTC) == {None: DeckCounts()}
        assert col.available(now=NOW).new == col.available(now=NOW, deck="baku").new == 0


def test_the_sizes_of_the_decks_kept_by_the_database_are_those_of_its_cards(path: Path) -> None:
    def counted(conn: sqlite3.Connection) -> dict[str, int]:
        return dict(conn.execute("SELECT deck, count(*) FROM cards WHERE retired = 0 GROUP BY deck ORDER BY deck"))

    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:5])  # before the sizes were kept: the upgrade counts them
    conn.executemany("INSERT INTO cards (id, deck, position, retired, content_hash, content) "
                     "VALUES (?, ?, ?, ?, '', '{}')", [(f"old-{i}", ("baku", "kars")[i % 2], i, int(i % 5 == 0))
                                                      for i in range(10)])
    conn.close()
    with Collection.open(path) as col:
        assert col.decks() == counted(col.connection) == {"baku": 4, "kars": 4}
        cards = [make_card(i, deck=("baku", "entente")[i % 3 == 0]) for i in range(9)]
        col.sync(cards, retire_missing=False)
        assert col.decks() == counted(col.connection) == {"baku": 10, "entente": 3, "kars": 4}
        col.sync([make_card(i, deck="kars") for i in range(3)], retire_missing=False)  # moved between decks
        assert col.decks() == counted(col.connection) == {"baku": 8, "entente": 2, "kars": 7}
        col.sync(cards[4:])  # the others retired: not counted
        assert col.decks() == counted(col.connection) == {"baku": 4, "entente": 1}
        col.retire_decks(["entente"])
        assert col.decks() == counted(col.connection) == {"baku": 4}
        col.sync(cards)  # restored
        assert col.decks() == counted(col.connection) == {"baku": 6, "entente": 3}


def test_a_deck_its_source_no_longer_names_is_forgotten_once_it_holds_no_card(collection: Collection) -> None:
    names = {"baku": "Baku 1918", "kars": "Kars"}
    collection.sync([*(make_card(i) for i in range(3)), make_card(3, deck="kars")], deck_names=names)
    both = {"anki:1": "Japanese", "anki:2": "Korean"}
    collection.sync([anki_card(1), anki_card(2, deck="anki:2")], source="anki:pkg", deck_names=both,
                    retire_missing=False)
    collection.sync([make_card(i) for i in range(3)], deck_names={"baku": "Baku 1918"})  # kars.yaml removed
    assert collection.deck_names() == {**both, "baku": "Baku 1918"}
    report = collection.sync([anki_card(2, deck="anki:2")], source="anki:pkg", deck_names={"anki:2": "Korean"},
                             retire_missing=False)  # a newer package without the note of deck anki:1
    assert report.missing == ("anki:note-1:0",)
    assert collection.deck_names() == {**both, "baku": "Baku 1918"}  # its card is kept: so is its name


def test_a_card_or_deck_of_another_source_is_refused_and_nothing_is_written(collection: Collection) -> None:
    collection.sync([anki_card(1)], source="anki:pkg", deck_names={"anki:1": "Japanese"})
    changes = collection.connection.total_changes
    with pytest.raises(
        CollectionError, match=r"the card 'fact-1:qa:0' of 'anki:other' is already in .* from 'fact-decks'",
    ):
        collection.sync([anki_card(2), make_card(1)], source="anki:other")
    with pytest.raises(CollectionError, match=r"the deck 'anki:1' of 'anki:other' is already in .* from 'anki:pkg'"):
        collection.sync([anki_card(2)], source="anki:other", deck_names={"anki:1": "Mine"})
    assert collection.connection.total_changes == changes
    assert collection.is_empty("anki:other") and not collection.is_empty("anki:pkg")


def test_a_collection_of_schema_2_gives_its_cards_and_decks_to_the_fact_decks(path: Path) -> None:
    """Migration 3: what a collection made before sources holds belongs to the bundled fact decks."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:2])
    conn.execute(
        "INSERT INTO cards (id, deck, position, content, content_hash) VALUES ('old:qa:0', 'baku', 1, '{}', 'h')",
    )
    conn.execute("INSERT INTO decks (id, name) VALUES ('baku', 'Baku 1918')")
    conn.execute("INSERT INTO meta (key, value) VALUES ('cards_hash', 'cards-v2'), ('inputs_hash', 'inputs-v2')")
    conn.close()
    with Collection.open(path) as col:
        assert col.card_source("old:qa:0") == "fact-decks"
        assert col.deck_entries() == [DeckEntry("baku", "Baku 1918", "fact-decks", None)]
        assert col.connection.execute("SELECT id, cards_hash FROM sources").fetchall() == [("fact-decks", "cards-v2")]
        assert col.synced_inputs() is None  # read the decks once more: their Anki names get recorded
        assert col.connection.execute("SELECT count(*) FROM meta WHERE key LIKE '%_hash'").fetchone()[0] == 0


# --- sessions of one deck or all: the day's limits are the collection's -----------------------------------


@pytest.fixture
def two_decks(path: Path) -> Iterator[Collection]:
    with Collection.open(path) as col:
        col.sync([make_card(i, deck=("baku", "entente")[i % 3 == 0]) for i in range(30)])  # 20 and 10 cards
        yield col


def counts_of_sessions(col: Collection, now: dt.datetime, config: SessionConfig) -> dict[str | None, DeckCounts]:
    """What `start_session` of each deck (and all) holds, as `DeckCounts`."""
    out = {}
    for deck, total in [(None, sum(col.decks().values())), *col.decks().items()]:
        progress = col.start_session(now=now, tz=UTC, config=config, deck=deck).progress
        out[deck] = DeckCounts(new=progress.new, again=progress.redrill, due=progress.reviews, total=total)
    return out


def test_the_day_s_limits_count_every_deck_and_deck_counts_agree_with_the_sessions(two_decks: Collection) -> None:
    config = SessionConfig(new_per_day=5, reviews_per_day=4)
    col, now = two_decks, NOW
    counts = col.deck_counts(now=now, tz=UTC, config=config)
    assert counts == counts_of_sessions(col, now, config)
    assert counts == {None: DeckCounts(new=5, total=30), "baku": DeckCounts(new=5, total=20),
                      "entente": DeckCounts(new=5, total=10)}

    session = col.start_session(now=now, tz=UTC, config=config, deck="baku")
    for button in (Button.GOOD, Button.AGAIN, Button.GOOD, Button.GOOD):  # four of the day's five new cards
        now += dt.timedelta(minutes=1)
        col.commit(session.grade(button, now=now))
    counts = col.deck_counts(now=now, tz=UTC, config=config)
    assert counts == counts_of_sessions(col, now, config)
    assert counts[None] == DeckCounts(new=1, again=1, total=30)  # one new card left today, in any deck
    assert counts["entente"] == DeckCounts(new=1, total=10)
    assert counts["baku"] == DeckCounts(new=1, again=1, total=20)

    col.commit(col.start_session(now=now, tz=UTC, config=config, deck="entente").grade(Button.GOOD, now=now))
    assert col.start_session(now=now, tz=UTC, config=config, deck="baku").progress.new == 0
    later = now + dt.timedelta(days=1, hours=1)  # the next day: four reviews due, limit four
    counts = col.deck_counts(now=later, tz=UTC, config=config)
    assert counts == counts_of_sessions(col, later, config)
    assert counts[None] == DeckCounts(new=5, due=4, total=30)
    col.commit(col.start_session(now=later, tz=UTC, config=config, deck="entente").grade(Button.GOOD, now=later))
    counts = col.deck_counts(now=later, tz=UTC, config=config)
    assert counts == counts_of_sessions(col, later, config)
    assert counts[None] == DeckCounts(new=5, due=3, total=30) and counts["baku"].due == 3


def test_a_cram_session_goes_through_seen_cards_and_writes_no_grade(two_decks: Collection) -> None:
    col = two_decks
    study(col, NOW, [Button.GOOD] * 6)
    seen = {r.card_id: r for r in col.records() if not r.is_new}
    log = col.events()
    session = col.start_cram(now=NOW + dt.timedelta(hours=1), tz=UTC, deck="baku")
    assert session.progress.reviews == sum(1 for r in col.records(deck="baku") if not r.is_new) > 0
    buttons = iter([Button.AGAIN, *[Button.GOOD] * 10])  # the first card is re-drilled at the end
    while session.current is not None:
        assert col.commit(session.grade(next(buttons), now=NOW)) == []
    assert session.progress.graded == session.summary().cards_reviewed + 1
    assert col.events() == log and {r.card_id: r for r in col.records() if not r.is_new} == seen
    crammed = col.start_cram(now=NOW, tz=UTC, deck="entente").progress.reviews
    assert crammed == len(seen) - session.summary().cards_reviewed


# --- the log is the truth ----------------------------------------------------------------------------


def test_replaying_the_log_rebuilds_every_card_state(collection: Collection) -> None:
    rng = random.Random(4)
    actions: list[Button | str] = [*Button, "undo", "bury", "suspend"]
    now = NOW
    for day in range(40):
        script = [rng.choice(actions) if rng.random() < 0.3 else rng.choice(list(Button)) for _ in range(30)]
        script = [a for i, a in enumerate(script) if a != "undo" or (i and script[i - 1] != "undo")]
        now = study(collection, NOW + dt.timedelta(days=day), script)
    suspended = [r for r in collection.records() if r.suspended]
    if suspended:
        collection.commit(unsuspend_card(suspended[0], now=now))
    cached = {r.card_id: r for r in collection.records(include_retired=True)}
    kinds = {e.kind for _, e in collection.events()}
    assert {EventKind.NEW, EventKind.REVIEW, EventKind.REDRILL, EventKind.UNDO, EventKind.BURY} <= kinds
    assert collection.replayed_records() == cached
    assert collection.rebuild_states() == 0

    collection.connection.execute("UPDATE cards SET ef = 9.9, due = NULL, suspended = 1")  # spoil the cache
    assert collection.rebuild_states() == len(cached)
    assert {r.card_id: r for r in collection.records(include_retired=True)} == cached


def test_every_event_is_logged_with_the_state_before_and_after(collection: Collection) -> None:
    study(collection, NOW, [Button.AGAIN, Button.EASY, "undo", Button.HARD])
    rows = collection.events()
    assert [e.kind for _, e in rows] == [EventKind.NEW, EventKind.NEW, EventKind.UNDO, EventKind.NEW]
    first, _, undo, _ = (e for _, e in rows)
    assert first.quality == 1 and first.answer_ms == 3000 and first.at.tzinfo is not None
    assert first.before.is_new and first.after.state.redrill
    assert undo.after == CardRecord("fact-1:qa:0")  # the second card, back to new
    ids = [i for i, _ in rows]
    assert ids == sorted(ids)


# --- processes -------------------------------------------------------------------------------------


def grader(path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.storage.grader", str(path), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_a_killed_session_loses_no_committed_review(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(300)])
    process = grader(path, "--seed", "7")
    assert process.stdout is not None
    printed = []
    for line in process.stdout:  # committed ids, each printed after its commit returned
        printed.append(int(line))
        if len(printed) == 60:
            break
    process.send_signal(signal.SIGKILL)
    rest, _ = process.communicate()
    printed += [int(line) for line in rest.split()]
    assert process.returncode == -signal.SIGKILL
    assert integrity(path) == "ok"
    with Collection.open(path) as col:
        logged = {i for i, _ in col.events()}
        assert set(printed) <= logged
        assert col.replayed_records() == {r.card_id: r for r in col.records(include_retired=True)}


def test_two_processes_grading_at_once_lose_no_review(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(30)])  # both grade the same cards
    first, second = grader(path, "--count", "80", "--seed", "1"), grader(path, "--count", "80", "--seed", "2")
    outputs = [p.communicate() for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    ids = [int(i) for out, _ in outputs for i in out.split()]
    assert len(ids) >= 160 and len(set(ids)) == len(ids)
    assert integrity(path) == "ok"
    with Collection.open(path) as col:
        assert {i for i, _ in col.events()} == set(ids)
        assert col.replayed_records() == {r.card_id: r for r in col.records(include_retired=True)}
        events = [e for _, e in col.events()]
    by_card: dict[str, CardRecord] = {}
    for event in events:  # each event starts from the record the one before it left
        assert event.before == by_card.get(event.card_id, event.before)
        by_card[event.card_id] = event.after


def test_a_grade_of_a_card_another_process_changed_is_applied_on_top(collection: Collection, path: Path) -> None:
    with Collection.open(path) as other:
        mine = collection.start_session(now=NOW, tz=UTC, config=UNLIMITED)
        theirs = other.start_session(now=NOW, tz=UTC, config=UNLIMITED)
        assert mine.current == theirs.current  # both show the same new card
        other.commit(theirs.grade(Button.GOOD, now=NOW))
        collection.commit(mine.grade(Button.EASY, now=NOW + dt.timedelta(minutes=1)))
        (_, first), (_, second) = collection.events()
        assert first.kind is EventKind.NEW and second.kind is EventKind.REVIEW  # rebased: not new any more
        assert second.before == first.after and second.quality == 5
        assert collection.record(first.card_id) == second.after
        assert collection.replayed_records() == {r.card_id: r for r in collection.records()}


def test_a_busy_collection_waits_then_says_so(collection: Collection, path: Path) -> None:
    session = collection.start_session(now=NOW, tz=UTC)
    change = session.grade(Button.GOOD, now=NOW)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing
    collection.busy_timeout = 0.05
    collection.connection.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(CollectionBusy, match=f"{path}.*busy.*try again"):
            collection.commit(change)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert collection.events() == []
    assert collection.commit(change) == [1]  # once free, the same change goes through


# --- bad files: one clear error naming the file, the file untouched -----------------------------------


def test_a_file_that_is_not_sqlite_is_refused_untouched(path: Path) -> None:
    path.write_bytes(b"name,date\nfall of Baku,1918-09-15\n" * 100)
    before = digest(path)
    with pytest.raises(CollectionError, match=f"{path} is not a studykit collection"):
        Collection.open(path)
    assert digest(path) == before


def test_a_damaged_collection_is_refused_untouched(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(50)])
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(CollectionError, match=f"{path} is damaged"):
        Collection.open(path)
    assert digest(path) == before


def test_a_truncated_collection_fails_cleanly_when_read(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(400)])
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)
    before = digest(path)
    with pytest.raises(CollectionError, match=str(path)), Collection.open(path) as col:
        col.records()
        col.start_session(now=NOW, tz=UTC)
    assert digest(path) == before


def test_another_program_s_sqlite_database_is_refused_untouched(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Shaumian', '1918')")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(CollectionError, match=f"{path} is an SQLite database of another program"):
        Collection.open(path)
    assert digest(path) == before


def test_a_collection_from_a_newer_studykit_is_refused_untouched(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(1)])
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(path)
    with pytest.raises(CollectionError, match=f"{path} was written by a newer studykit"):
        Collection.open(path)
    assert digest(path) == before


def _as_unprivileged_user(function: object, *args: object) -> str:
    """Run function(*args) in a forked child, as `nobody` when we are root (root ignores
    permissions); returns the CollectionError message, or "" if none was raised."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        message = b""
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            function(*args)  # type: ignore[operator]
        except CollectionError as error:
            message = str(error).encode()
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            message = f"unexpected {error!r}".encode()
        os.write(write, message)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        output = pipe.read().decode()
    os.waitpid(pid, 0)
    return output


def _open_and_sync(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(5)])


def test_a_read_only_directory_gives_a_clear_error_and_leaves_the_file() -> None:
    directory = Path(tempfile.mkdtemp(prefix="studykit-ro-"))  # outside root's private tmp
    try:
        path = directory / "collection.sqlite3"
        with Collection.open(path) as col:
            col.sync([make_card(1)])
        path.chmod(0o644)
        directory.chmod(0o555)
        before = digest(path)
        message = _as_unprivileged_user(_open_and_sync, path)
        assert str(path) in message and "read-only" in message, message
        assert digest(path) == before
        message = _as_unprivileged_user(_open_and_sync, directory / "new.sqlite3")
        assert f"cannot create {directory / 'new.sqlite3'}" in message and "read-only" in message, message
        assert not (directory / "new.sqlite3").exists()
    finally:
        directory.chmod(0o755)
        for child in directory.iterdir():
            child.unlink()
        directory.rmdir()


def test_a_full_disk_writes_nothing(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(10)])
    before = digest(path)  # closed: the WAL is checkpointed into the file
    with Collection.open(path) as col:
        pages = col.connection.execute("PRAGMA page_count").fetchone()[0]
        col.connection.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: SQLITE_FULL
        with pytest.raises(CollectionError, match=f"cannot .* {path}: the disk is full"):
            col.sync([make_card(i) for i in range(2000)])
    assert digest(path) == before


def test_a_review_that_does_not_fit_is_not_half_written(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(200)])
        pages = col.connection.execute("PRAGMA page_count").fetchone()[0]
        col.connection.execute(f"PRAGMA max_page_count = {pages}")
        session = col.start_session(now=NOW, tz=UTC, config=UNLIMITED)
        committed: list[int] = []
        with pytest.raises(CollectionError, match="the disk is full"):
            while session.current is not None:
                committed += col.commit(session.grade(Button.GOOD, now=NOW))
        assert {i for i, _ in col.events()} == set(committed)
        col.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(path)
    with Collection.open(path) as col:
        col.connection.execute(f"PRAGMA max_page_count = {pages}")
        session = col.start_session(now=NOW, tz=UTC, config=UNLIMITED)
        with pytest.raises(CollectionError, match="the disk is full"):
            while session.current is not None:
                col.commit(session.grade(Button.GOOD, now=NOW))
        assert col.replayed_records() == {r.card_id: r for r in col.records()}
    assert digest(path) == before
    assert integrity(path) == "ok"


def test_what_is_available_when_nothing_is_due_is_counted_by_the_collection(two_decks: Collection) -> None:
    col = two_decks
    now = study(col, NOW, [Button.GOOD, "bury", Button.AGAIN, "suspend", Button.EASY, Button.GOOD])
    col.sync([make_card(i, deck=("baku", "entente")[i % 3 == 0]) for i in range(29)])  # one retired
    later = now + dt.timedelta(hours=1)
    for deck in (None, "baku", "entente"):
        records = [r for r in col.records(deck=deck) if r.available(later)]
        available = col.available(now=later, deck=deck)
        assert available.new == sum(r.is_new for r in records)
        assert available.seen == sum(not r.is_new for r in records) > 0
        assert available.next_due == min(r.state.due for r in records if r.state.due is not None)
    assert col.available(now=later).new + col.available(now=later).seen == 27  # less the buried, suspended, retired
    assert col.available(now=later, deck=["entente", "baku", "baku"]) == col.available(now=later)  # per deck, summed
    assert col.available(now=later + dt.timedelta(days=1)).new == col.available(now=later).new + 1  # unburied


def test_the_wal_is_checkpointed_by_a_thread_of_its_own_never_by_a_grade(
    path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(checkpoint, "WAL_LIMIT", 64 * 1024)
    monkeypatch.setattr(checkpoint, "IDLE", 0.02)
    wal = path.with_name(path.name + "-wal")
    with Collection.open(path) as col:
        assert col.connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0  # a commit never checkpoints
        col.sync([make_card(i) for i in range(300)])
        session = col.start_session(now=NOW, tz=UTC, config=UNLIMITED)
        for _ in range(200):  # back to back: each grade appends a few pages to the WAL, faster than it is copied
            col.commit(session.grade(Button.GOOD, now=NOW))
        largest, graded = wal.stat().st_size, 200
        deadline = time.monotonic() + 30
        while wal.stat().st_size >= largest and time.monotonic() < deadline:  # a student reads the next card
            time.sleep(0.05)
            col.commit(session.grade(Button.GOOD, now=NOW))
            graded += 1
        assert wal.stat().st_size < largest  # all copied back by the thread: the WAL started again, cut back
        assert col._checkpointer.done > 0 and any(t.name == "studykit-checkpoint" for t in threading.enumerate())
    assert not any(t.name == "studykit-checkpoint" for t in threading.enumerate())
    assert not wal.exists()  # closed: everything is in the file
    with Collection.open(path) as col:
        assert len(col.events()) == graded and col.rebuild_states() == 0


def queued(session: Session, now: dt.datetime) -> list[str]:
    """The ids of the cards a session would show, in order (all graded Good, nothing committed)."""
    out = []
    while session.current is not None:
        out.append(session.current.card_id)
        session.grade(Button.GOOD, now=now)
    return out


def test_a_card_given_away_by_one_studied_today_waits_for_another_day_also_after_a_restart(path: Path) -> None:
    """Two cards of fact 0 (its question and its cloze): the cloze is not in the day's queue once
    the question is (the next new card takes its place), nor in a session started again after
    the question was graded, nor the next day, when the question is due again; the day after."""
    cloze = Card(id="fact-0:cloze:0", type=CardType.CLOZE, deck_id="baku", prompt="Statement _____.",
                 answer="Answer 0", fact_ids=("fact-0",), sources=(Source("001.txt", "quote 0"),),
                 statement="Statement 0.", generator="cloze", variant="0")
    config = SessionConfig(new_per_day=3)
    with Collection.open(path) as col:
        col.sync([make_card(0), cloze, *(make_card(i) for i in range(1, 5))])
        now = NOW
        assert queued(col.start_session(now=now, tz=UTC, config=config), now) == [
            "fact-0:qa:0", "fact-1:qa:0", "fact-2:qa:0"]
        col.commit(col.start_session(now=now, tz=UTC, config=config).grade(Button.GOOD, now=now))
        now += dt.timedelta(hours=1)
        assert queued(col.start_session(now=now, tz=UTC, config=config), now) == ["fact-1:qa:0", "fact-2:qa:0"]
        now += dt.timedelta(days=1)
        session = col.start_session(now=now, tz=UTC, config=config)
        assert queued(session, now) == ["fact-0:qa:0", "fact-1:qa:0", "fact-2:qa:0", "fact-3:qa:0"]
        col.commit(col.start_session(now=now, tz=UTC, config=config).grade(Button.GOOD, now=now))
        later = now + dt.timedelta(hours=1)  # graded today as a due review, not as a new card: shown all the same
        assert "fact-0:cloze:0" not in queued(col.start_session(now=later, tz=UTC, config=config), later)
        now += dt.timedelta(days=1)
        assert "fact-0:cloze:0" in queued(col.start_session(now=now, tz=UTC, config=config), now)


@pytest.mark.parametrize("history", ["a learning step", "no answers"])
def test_a_card_imported_as_learned_today_gives_away_its_sibling_as_one_graded_here(path: Path, history: str) -> None:
    """A card imported in its Anki state, last reviewed an hour ago (a learning step, which
    counts against no daily limit; or no answer at all, its last change standing in): its
    cloze sibling waits, as it would after our own grade."""
    cloze = Card(id="fact-0:cloze:0", type=CardType.CLOZE, deck_id="baku", prompt="Statement _____.",
                 answer="Answer 0", fact_ids=("fact-0",), sources=(Source("001.txt", "quote 0"),),
                 statement="Statement 0.", generator="cloze", variant="0")
    earlier = NOW - dt.timedelta(hours=1)
    learned = CardState(ef=2.5, repetition=1, interval=1, due=NOW + dt.timedelta(days=1), last_review=earlier)
    with Collection.open(path) as col:
        starting = Change(set_card_state(CardRecord("fact-0:qa:0"), learned, now=earlier).events)
        col.sync([make_card(0), cloze, *(make_card(i) for i in range(1, 5))], starting=starting)
        if history == "a learning step":
            answered_ms = int(earlier.timestamp() * 1000)
            col.append_answers([AnkiAnswer("fact-0:qa:0", EventKind.ANKI_LEARN, answered_ms, 3, 5000)])
        else:
            col.record_import(action="import", source="anki", file="deck.apkg", sha256="0" * 64, at=earlier, summary={})
        session = col.start_session(now=NOW, tz=UTC, config=SessionConfig(new_per_day=3))
        assert "fact-0:cloze:0" not in queued(session, NOW)
