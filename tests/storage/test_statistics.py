"""Statistics counted by SQLite (`storage.statistics`) are those `core.stats.compute` defines,
over the same records and log: for every deck and all, in time zones with daylight saving and
odd offsets, with undone grades, imported Anki reviews and set states in the log."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from studykit.core.cards import Card, CardType
from studykit.core.facts import Source
from studykit.core.session import (
    ANKI_REVIEWS,
    Change,
    EventKind,
    LogRow,
    SessionConfig,
    StudyDay,
    anki_review,
    count_done,
    effective,
    set_card_state,
    suspend_card,
)
from studykit.core.sm2 import Button, CardState
from studykit.core.stats import Stats, compute, reviews_before
from studykit.storage import Collection
from tests.storage.release import simulate

UTC = dt.UTC
START = dt.datetime(2023, 1, 10, 7, 0, tzinfo=UTC)


def make_card(i: int) -> Card:
    return Card(
        id=f"fact-{i}:qa:0", type=CardType.QA, deck_id=("baku", "entente", "mudros")[i % 3], prompt=f"Q{i}?",
        answer=f"A{i}", fact_ids=(f"fact-{i}",), sources=(Source("001.txt", f"quote {i}"),),
    )


def definition(col: Collection, deck: str | None) -> Callable[..., Stats]:
    """The statistics by their definition, from every record and every log entry of the deck."""
    retired = {row[0] for row in col.connection.execute("SELECT id FROM cards WHERE retired = 1")}
    records = col.records(deck=deck, include_retired=True)
    ids = {r.card_id for r in records}
    log = [LogRow(e.card_id, e.kind, e.at, e.quality, e.ease) for _, e in col.events() if e.card_id in ids]
    return partial(compute, records, log, retired=retired)


@pytest.mark.parametrize("tz", [ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Kathmandu"),
                                dt.timezone(dt.timedelta(minutes=7))])  # days not on quarter hours: from the log
def test_the_counts_of_sqlite_are_those_of_the_definition(tmp_path: Path, tz: dt.tzinfo) -> None:
    rng = random.Random(str(tz))
    cards = [make_card(i) for i in range(45)]
    events = simulate([c.id for c in cards], days=420, seed=rng.randrange(1000), start=START, tz=tz,
                      config=SessionConfig(new_per_day=3, leech_threshold=3))
    assert {EventKind.UNDO, EventKind.REDRILL, EventKind.BURY, EventKind.LEECH} <= {e.kind for e in events}
    with Collection.open(tmp_path / "collection.sqlite3") as col:
        col.sync(cards)
        col.commit(Change(tuple(events)))  # one transaction, as an import would
        for card in cards[:6]:  # an Anki history: reviews in the past, then the state they led to
            record = col.record(card.id)
            for day in range(0, 380, 19):
                kind = rng.choice(sorted(ANKI_REVIEWS))
                at = START + dt.timedelta(days=day, hours=rng.randrange(24))
                col.commit(anki_review(record, kind, at=at, ease=rng.choice(list(Button)), answer_ms=3000))
            last = START + dt.timedelta(days=400)
            col.commit(set_card_state(col.record(card.id), CardState(
                ef=2.1, repetition=4, interval=30, due=last + dt.timedelta(days=30), last_review=last), now=last))
        col.sync(cards[:-4])  # four retired
        col.commit(suspend_card(col.record(cards[10].id), now=events[-1].at))
        end = events[-1].at
        moments = [end, end + dt.timedelta(days=2), START + dt.timedelta(days=200, hours=9),
                   dt.datetime(2023, 10, 29, 1, 30, tzinfo=UTC), dt.datetime(2023, 3, 26, 3, 0, tzinfo=UTC)]
        for deck in (None, "baku", "entente", "mudros"):
            expected = definition(col, deck)
            for now in moments:
                for rollover_hour in (4, 0):
                    got = col.stats(now=now, tz=tz, rollover_hour=rollover_hour, deck=deck)
                    assert got == expected(now=now, tz=tz, rollover_hour=rollover_hour), (now, deck)
        stats = col.stats(now=end, tz=tz)
        assert stats.retention_reviews > 0 and sum(stats.per_day.values()) > 300 and sum(stats.forecast) > 0
        assert stats.by_state["retired"] == 4 and stats.by_state["suspended"] > 0


def test_an_undone_grade_is_not_counted(tmp_path: Path) -> None:
    with Collection.open(tmp_path / "collection.sqlite3") as col:
        col.sync([make_card(i) for i in range(3)])
        session = col.start_session(now=START, tz=UTC)
        col.commit(session.grade(Button.GOOD, now=START))
        col.commit(session.grade(Button.AGAIN, now=START))
        col.commit(session.undo(now=START))
        stats = col.stats(now=START, tz=UTC)
        assert stats.reviewed_today == 1 and stats.by_state["new"] == 2


def test_the_counts_kept_with_each_grade_are_those_the_log_gives(tmp_path: Path) -> None:
    """`review_counts` is a cache of the log: kept grade by grade (an undo taking its grade off
    again, even one another process's grade came between), it equals a rebuild from the log."""
    path = tmp_path / "collection.sqlite3"
    rng = random.Random(5)
    with Collection.open(path) as col, Collection.open(path) as other:
        col.sync([make_card(i) for i in range(40)])
        now = START
        for day in range(12):
            mine = col.start_session(now=now, tz=UTC, config=SessionConfig(new_per_day=8))
            theirs = other.start_session(now=now, tz=UTC, config=SessionConfig(new_per_day=8))
            for _ in range(30):
                for session, collection in ((mine, col), (theirs, other)):
                    now += dt.timedelta(seconds=rng.randrange(20, 400))
                    if session.can_undo and rng.random() < 0.2:
                        collection.commit(session.undo(now=now))
                    elif session.current is not None:
                        collection.commit(session.grade(rng.choice(list(Button)), now=now, answer_ms=2000))
            record = col.record(f"fact-{day}:qa:0")
            col.commit(anki_review(record, EventKind.ANKI_REVIEW, at=now, ease=Button.AGAIN, answer_ms=1))
            now += dt.timedelta(days=1)
        log = [e for _, e in col.events()]
        for tz in (UTC, ZoneInfo("Asia/Kathmandu"), dt.timezone(dt.timedelta(minutes=7))):  # the last from the log
            for day in range(13):
                study_day = StudyDay.containing(START + dt.timedelta(days=day, hours=12), tz=tz)
                standing = effective(e for e in log if study_day.start <= e.at)
                assert col.done_today(study_day) == count_done(e for e in standing if e.at < study_day.end)
        kept = col.connection.execute("SELECT * FROM review_counts ORDER BY quarter").fetchall()
        undone = [e for _, e in col.events() if e.kind is EventKind.UNDO]
        assert len(undone) > 20 and sum(row[2] for row in kept) > 300
        assert col.rebuild_states() == 0
        assert col.connection.execute("SELECT * FROM review_counts ORDER BY quarter").fetchall() == kept
        col.connection.execute("UPDATE review_counts SET reviews = reviews + 1")
        col.rebuild_states()
        assert col.connection.execute("SELECT * FROM review_counts ORDER BY quarter").fetchall() == kept


@pytest.mark.parametrize("tz", [ZoneInfo("Europe/Berlin"), ZoneInfo("Australia/Lord_Howe"),
                                ZoneInfo("America/Los_Angeles"), dt.timezone(dt.timedelta(hours=-3, minutes=-30))])
def test_the_reviews_of_the_years_before_are_summed_by_study_day_as_defined(tmp_path: Path, tz: dt.tzinfo) -> None:
    """The days before the year, grouped by SQLite span by span of one UTC offset
    (`statistics._earlier_from_counts`), are those `core.stats.reviews_before` finds review by
    review: across daylight saving (Lord Howe's moves the clock half an hour), with reviews
    up to an hour either side of each day's turn."""
    rng = random.Random(str(tz))
    moments = [dt.datetime(2015, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=rng.randrange(6 * 365 * 86_400))
               for _ in range(300)]
    for day in range(0, 6 * 365, 5):
        turn = StudyDay.of(dt.date(2015, 1, 1) + dt.timedelta(days=day), tz=tz).start
        moments.append(turn + dt.timedelta(minutes=rng.choice((-61, -30, -14, 0, 14, 30, 59))))
    with Collection.open(tmp_path / "collection.sqlite3") as col:
        col.sync([make_card(0)])
        record = col.record(make_card(0).id)
        kinds, eases = sorted(ANKI_REVIEWS), list(Button)
        reviews = [anki_review(record, rng.choice(kinds), at=at, ease=rng.choice(eases), answer_ms=1)
                   for at in sorted(moments)]
        col.commit(Change(tuple(e for review in reviews for e in review.events)))
        log = [LogRow(e.card_id, e.kind, e.at, e.quality, e.ease) for _, e in col.events()]
        for rollover_hour in (4, 0):
            today = StudyDay.containing(dt.datetime(2021, 6, 1, tzinfo=UTC), tz=tz, rollover_hour=rollover_hour)
            first = today.shift(-364)
            expected = {day: counts for day, counts in reviews_before(log, first).items() if counts.reviews}
            assert col.stats(now=today.start, tz=tz, rollover_hour=rollover_hour).earlier == expected
            assert sum(counts.reviews for counts in expected.values()) > 500
