"""The compact review log (schema 3): what it keeps, the events from outside, and the upgrade
of collections written by earlier releases, which must replay to the very records they logged."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from itertools import pairwise
from pathlib import Path

import pytest

from studykit.core.cards import Card, CardType
from studykit.core.facts import Source
from studykit.core.session import (
    AnkiAnswer,
    CardRecord,
    Change,
    Event,
    EventKind,
    LogRow,
    SessionConfig,
    anki_review,
    set_card_state,
    suspend_card,
)
from studykit.core.sm2 import Button, CardState
from studykit.core.stats import compute
from studykit.storage import Collection, CollectionError
from studykit.storage import converters as cv
from studykit.storage.migrations import SCHEMA_VERSION
from tests.storage.release import load_release_dump, old_log, old_records, simulate, write_old_collection

UTC = dt.UTC
NOW = dt.datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def make_card(i: int) -> Card:
    return Card(
        id=f"fact-{i}:qa:0", type=CardType.QA, deck_id=("baku", "entente")[i % 2], prompt=f"Question {i}?",
        answer=f"Answer {i}", fact_ids=(f"fact-{i}",), sources=(Source("001.txt", f"quote {i}"),),
        generator="qa", variant="0",
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "collection.sqlite3"


def columns(col: Collection, table: str) -> list[str]:
    return [row[1] for row in col.connection.execute(f"PRAGMA table_info({table})")]


# --- what the log keeps -----------------------------------------------------------------------------


def test_an_entry_keeps_what_replay_needs_and_nothing_twice(path: Path) -> None:
    with Collection.open(path) as col:
        assert columns(col, "review_log") == ["id", "card", "at", "kind", "grade", "answer_ms", "until"]
        assert columns(col, "set_states") == ["event", *cv.CARD_STATE_COLUMNS]
        assert columns(col, "cards")[:2] == ["number", "id"] and columns(col, "cards")[-1] == "content"
        kinds = dict(col.connection.execute("SELECT name, code FROM event_kinds"))
        assert kinds == {kind.value: code for kind, code in cv.KIND_CODES.items()}  # the converters agree


def test_the_kinds_of_event_from_outside_are_logged_and_replayed(path: Path) -> None:
    """A set-state event carries its state; an imported Anki review leaves the card as it is."""
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(3)])
        card = col.record("fact-0:qa:0")
        imported = CardState(ef=2.2, repetition=5, interval=40, due=NOW + dt.timedelta(days=3), lapses=2,
                             last_review=NOW - dt.timedelta(days=37))
        history = [
            anki_review(card, EventKind.ANKI_LEARN, at=NOW - dt.timedelta(days=400), ease=Button.GOOD, answer_ms=9000),
            anki_review(card, EventKind.ANKI_REVIEW, at=NOW - dt.timedelta(days=37), ease=Button.HARD, answer_ms=4000),
        ]
        for change in history:
            col.commit(change)
        col.commit(set_card_state(col.record("fact-0:qa:0"), imported, now=NOW))
        assert col.record("fact-0:qa:0").state == imported
        col.commit(set_card_state(col.record("fact-1:qa:0"), imported, now=NOW))
        col.commit(set_card_state(col.record("fact-1:qa:0"), CardState(), now=NOW))  # reset to new
        assert col.record("fact-1:qa:0").is_new
        session = col.start_session(now=NOW + dt.timedelta(days=3), tz=UTC)
        assert session.current is not None and session.current.card_id == "fact-0:qa:0"  # due as imported
        col.commit(session.grade(Button.GOOD, now=NOW + dt.timedelta(days=3)))
        graded = col.record("fact-0:qa:0").state
        assert (graded.repetition, graded.interval, graded.lapses) == (6, 88, 2)  # ⌈40 × 2.2⌉, SM-2 from there

        log = col.events()
        assert [e.kind for _, e in log] == [
            EventKind.ANKI_LEARN, EventKind.ANKI_REVIEW, EventKind.SET_STATE, EventKind.SET_STATE,
            EventKind.SET_STATE, EventKind.REVIEW,
        ]
        assert [e.ease for _, e in log[:2]] == [Button.GOOD, Button.HARD] and log[0][1].answer_ms == 9000
        assert log[2][1].state == imported and log[2][1].before == CardRecord("fact-0:qa:0")
        assert all(e.before == e.after for _, e in log[:2])  # history only: replay leaves the card
        assert col.connection.execute("SELECT count(*) FROM set_states").fetchone()[0] == 3
        assert col.replayed_records() == {r.card_id: r for r in col.records(include_retired=True)}
        assert col.rebuild_states() == 0


def test_a_set_state_is_undone_like_a_grade(path: Path) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(0)])
        col.commit(col.start_session(now=NOW, tz=UTC).grade(Button.GOOD, now=NOW))
        learned = col.record("fact-0:qa:0")
        col.commit(set_card_state(learned, CardState(), now=NOW))  # a reset to new, by mistake
        reset = col.record("fact-0:qa:0")
        col.commit(Change((Event("fact-0:qa:0", EventKind.UNDO, NOW, before=reset, after=learned),)))
        assert col.record("fact-0:qa:0") == learned == col.replayed_records()["fact-0:qa:0"]


def test_a_state_must_be_new_or_scheduled() -> None:
    card = CardRecord("c")
    with pytest.raises(ValueError, match="both a due date and a last review, or neither"):
        set_card_state(card, CardState(due=NOW), now=NOW)
    with pytest.raises(ValueError, match="anki-learn"):
        anki_review(card, EventKind.REVIEW, at=NOW, ease=Button.GOOD, answer_ms=0)
    with pytest.raises(TypeError, match="Button"):
        anki_review(card, EventKind.ANKI_REVIEW, at=NOW, ease=3, answer_ms=0)  # type: ignore[arg-type]


def rows_of(col: Collection, *tables: str) -> list[object]:
    return [col.connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in tables]


def test_answers_given_in_anki_are_appended_as_their_events_would_be(tmp_path: Path) -> None:
    """An import appends its history as plain answers (`append_answers`), with no event made
    or replayed: the same log rows, per-quarter counts and records as committing their events."""
    answers = [
        AnkiAnswer(f"fact-{i % 3}:qa:0", kind, int((NOW - dt.timedelta(days=400 - i, minutes=i)).timestamp() * 1000),
                   ease, 1000 * i)
        for i, (kind, ease) in enumerate([
            (EventKind.ANKI_LEARN, 1), (EventKind.ANKI_LEARN, 3), (EventKind.ANKI_REVIEW, 1),
            (EventKind.ANKI_REVIEW, 2), (EventKind.ANKI_REVIEW, 4), (EventKind.ANKI_RELEARN, 3),
            (EventKind.ANKI_FILTERED, 4), (EventKind.ANKI_REVIEW, 3),
        ])
    ]
    tables = ("cards", "review_log", "set_states", "review_counts")
    with Collection.open(tmp_path / "events.sqlite3") as col:
        col.sync([make_card(i) for i in range(3)])
        for a in answers:
            col.commit(anki_review(col.record(a.card_id), a.kind, at=a.at, ease=Button(a.ease), answer_ms=a.answer_ms))
        expected = rows_of(col, *tables)
    with Collection.open(tmp_path / "answers.sqlite3") as col:
        col.sync([make_card(i) for i in range(3)])
        col.append_answers(answers)
        assert rows_of(col, *tables) == expected
        assert col.rebuild_states() == 0 and rows_of(col, "review_counts") == expected[-1:]


@pytest.mark.parametrize(("answer", "message"), [
    (AnkiAnswer("fact-0:qa:0", EventKind.REVIEW, 0, 3, 0), "anki-learn"),
    (AnkiAnswer("fact-0:qa:0", EventKind.ANKI_REVIEW, 0, 5, 0), "button"),
    (AnkiAnswer("fact-0:qa:0", EventKind.ANKI_REVIEW, 0, 3, -1), "negative"),
    (AnkiAnswer("fact-0:qa:0", EventKind.ANKI_REVIEW, -1, 3, 0), "epoch"),
])
def test_answers_that_are_not_anki_s_are_refused_and_nothing_is_written(
    path: Path, answer: AnkiAnswer, message: str,
) -> None:
    with Collection.open(path) as col:
        col.sync([make_card(0)])
        before = rows_of(col, "review_log", "review_counts")
        with pytest.raises(ValueError, match=message):
            col.append_answers([AnkiAnswer("fact-0:qa:0", EventKind.ANKI_REVIEW, 0, 3, 0), answer])
        assert rows_of(col, "review_log", "review_counts") == before


def test_a_sync_writes_the_cards_it_adds_in_their_starting_state(tmp_path: Path) -> None:
    """An import's Anki states go in with its cards (`sync(starting=...)`): the same rows as
    syncing the cards new and committing the states after, each card written once."""
    imported = CardState(ef=2.2, repetition=5, interval=40, due=NOW + dt.timedelta(days=3), lapses=2,
                         last_review=NOW - dt.timedelta(days=37))
    start = set_card_state(CardRecord("fact-0:qa:0"), imported, now=NOW).events
    suspended = suspend_card(start[0].after, now=NOW).events
    starting = Change((*start, *suspended, *set_card_state(CardRecord("fact-2:qa:0"), imported, now=NOW).events))
    tables = ("cards", "review_log", "set_states", "review_counts")
    with Collection.open(tmp_path / "after.sqlite3") as col:
        col.sync([make_card(i) for i in range(3)])
        col.commit(starting)
        expected = rows_of(col, *tables)
    with Collection.open(tmp_path / "with.sqlite3") as col:
        statements: list[str] = []
        col.connection.set_trace_callback(statements.append)
        col.sync([make_card(i) for i in range(3)], starting=starting)
        col.connection.set_trace_callback(None)
        assert rows_of(col, *tables) == expected
        assert not [s for s in statements if s.startswith("UPDATE cards")]
        assert col.replayed_records() == {r.card_id: r for r in col.records(include_retired=True)}
        before = rows_of(col, *tables)
        # only the cards the sync adds, from a new card's record: else nothing is written
        with pytest.raises(ValueError, match="does not add"):
            col.sync([make_card(i) for i in range(4)], starting=Change(suspend_card(col.record("fact-1:qa:0"),
                                                                                    now=NOW).events))
        with pytest.raises(ValueError, match="new card's record"):
            col.sync([make_card(i) for i in range(4)], starting=Change(suspend_card(
                CardRecord("fact-3:qa:0", imported), now=NOW).events))
        assert rows_of(col, *tables) == before


# --- collections of earlier releases ---------------------------------------------------------------------


def test_a_collection_made_by_the_release_is_converted_losslessly(path: Path) -> None:
    load_release_dump(path)
    records, log = old_records(path), old_log(path)
    kinds = {e.kind for _, e in log}
    assert {EventKind.NEW, EventKind.REVIEW, EventKind.REDRILL, EventKind.UNDO, EventKind.BURY,
            EventKind.SUSPEND, EventKind.UNSUSPEND, EventKind.LEECH} <= kinds  # the dump has every kind
    assert any(b.kind is EventKind.REVIEW and b.before == a.after and b.at - a.at <= dt.timedelta(minutes=1)
               for (_, a), (_, b) in pairwise(log) if a.card_id == b.card_id)  # two processes graded a card
    with Collection.open(path) as col:
        assert col.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert col.events() == log  # every entry replays to the records the release logged
        assert {r.card_id: r for r in col.records(include_retired=True)} == records
        assert col.replayed_records() == records and col.rebuild_states() == 0
        assert col.deck_names() == {"baku": "Baku 1918", "entente": "Entente"}
        assert col.decks() == {"baku": 11, "entente": 11}  # and two cards retired
        now = log[-1][1].at
        stats = col.stats(now=now, tz=UTC)
        retired = {r[0] for r in col.connection.execute("SELECT id FROM cards WHERE retired = 1")}
        expected = compute(records.values(), [LogRow(e.card_id, e.kind, e.at, e.quality) for _, e in log],
                           now=now, tz=UTC, retired=retired)
        assert stats == expected
        session = col.start_session(now=now + dt.timedelta(days=1), tz=UTC)  # and studying goes on
        while session.current is not None:
            col.commit(session.grade(Button.GOOD, now=now + dt.timedelta(days=1)))
        assert col.rebuild_states() == 0


@pytest.mark.parametrize("version", [1, 2])
def test_longer_histories_of_either_earlier_schema_convert_losslessly(path: Path, version: int) -> None:
    cards = [make_card(i) for i in range(40)]
    events = simulate([c.id for c in cards], days=30, seed=version, start=NOW,
                      tz=dt.timezone(dt.timedelta(hours=-5)), config=SessionConfig(new_per_day=10, leech_threshold=3))
    assert len(events) > 400 and any(e.kind is EventKind.LEECH for e in events)
    write_old_collection(path, cards, events, version=version)
    records, log = old_records(path), old_log(path)
    with Collection.open(path) as col:
        assert col.events() == log
        assert col.replayed_records() == records == {r.card_id: r for r in col.records()}


def test_an_upgrade_gives_back_the_space_of_the_old_log(path: Path) -> None:
    cards = [make_card(i) for i in range(150)]
    events = simulate([c.id for c in cards], days=60, seed=3, start=NOW, config=SessionConfig(new_per_day=20))
    write_old_collection(path, cards, events, version=2)
    size = path.stat().st_size
    with Collection.open(path) as col:
        assert len(col.events()) == len(events) > 1500
        assert col.connection.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert path.stat().st_size < size * 0.7  # without giving it back, as large as before


def test_a_log_that_does_not_replay_to_its_records_is_left_unconverted(path: Path) -> None:
    load_release_dump(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER review_log_no_update")
    conn.execute("UPDATE review_log SET a_interval = a_interval + 1 WHERE id = 40")  # not what SM-2 gives
    conn.close()
    before = digest(path)
    with pytest.raises(CollectionError, match=rf"cannot upgrade {path}: review-log entry 40 .* does not replay"):
        Collection.open(path)
    assert digest(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
