"""Statistics from records and log rows: states, due, reviewed, retention, forecast, history."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from zoneinfo import ZoneInfo

from studykit.core.session import CardRecord, EventKind, StudyDay
from studykit.core.sm2 import CardState
from studykit.core.stats import LogRow, card_state, compute

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
DAY = StudyDay.containing(NOW, tz=BERLIN)  # 2024-03-05 03:00 UTC to 2024-03-06 03:00 UTC


def card(name: str, *, due: dt.datetime | None, repetition: int = 2, **flags: object) -> CardRecord:
    state = CardState() if due is None else CardState(
        repetition=repetition, interval=6, due=due, last_review=due - dt.timedelta(days=6))
    return CardRecord(name, state, **flags)  # type: ignore[arg-type]


def test_card_states() -> None:
    assert card_state(card("a", due=None)) == "new"
    assert card_state(card("a", due=NOW, repetition=1)) == "learning"
    assert card_state(card("a", due=NOW, repetition=2)) == "review"
    assert card_state(card("a", due=NOW, suspended=True)) == "suspended"
    assert card_state(card("a", due=NOW, suspended=True), retired=True) == "retired"


def test_counts_and_forecast() -> None:
    records = [
        card("new", due=None),
        card("overdue", due=NOW - dt.timedelta(days=3)),
        card("tonight", due=DAY.end - dt.timedelta(seconds=1)),
        card("at-the-turn", due=DAY.end),                         # tomorrow's
        card("buried", due=NOW, buried_until=DAY.end),              # shown tomorrow
        card("in-29-days", due=DAY.shift(29).start),
        card("in-30-days", due=DAY.shift(30).start),               # beyond the forecast
        card("suspended", due=NOW, suspended=True),
        card("retired", due=NOW),
        card("learning", due=NOW + dt.timedelta(hours=2), repetition=1),
    ]
    stats = compute(records, [], now=NOW, tz=BERLIN, retired={"retired"})
    assert stats.by_state == {"new": 1, "learning": 1, "review": 6, "retired": 1, "suspended": 1}
    assert stats.due_today == 3  # overdue, tonight, learning
    assert len(stats.forecast) == 30
    assert stats.forecast[0] == 3 and stats.forecast[1] == 2 and stats.forecast[29] == 1
    assert sum(stats.forecast) == 6
    assert stats.today == dt.date(2024, 3, 5)


def grade(card_id: str, at: dt.datetime, kind: EventKind = EventKind.REVIEW, quality: int = 4) -> LogRow:
    return LogRow(card_id, kind, at, quality)


def test_reviews_today_retention_and_history() -> None:
    log = [
        grade("a", NOW - dt.timedelta(days=40), quality=1),       # outside the 30 days
        grade("a", NOW - dt.timedelta(days=20), quality=2),       # a failed due review
        grade("b", NOW - dt.timedelta(days=10), quality=3),       # passed (3 is correct)
        grade("c", NOW - dt.timedelta(days=5), EventKind.NEW, 0),  # first sights don't count for retention
        grade("a", DAY.start - dt.timedelta(hours=1), EventKind.REDRILL, 5),  # 03:00 Berlin: yesterday's day
        grade("b", NOW),
        grade("b", NOW + dt.timedelta(minutes=1), EventKind.REDRILL, 5),
        grade("d", NOW + dt.timedelta(minutes=2), quality=5),
        LogRow("d", EventKind.UNDO, NOW + dt.timedelta(minutes=3)),  # takes d's grade back
        grade("e", NOW - dt.timedelta(days=400)),                 # beyond the year
    ]
    stats = compute([], log, now=NOW + dt.timedelta(minutes=5), tz=BERLIN)
    assert stats.reviewed_today == 2
    assert (stats.retention, stats.retention_reviews) == (2 / 3, 3)  # a@-20d fails, b@-10d and b@now pass
    assert len(stats.per_day) == 365 and min(stats.per_day) == dt.date(2023, 3, 7)
    assert stats.per_day[dt.date(2024, 3, 5)] == 2 and stats.per_day[dt.date(2024, 3, 4)] == 1
    assert stats.per_day[(NOW - dt.timedelta(days=40)).date()] == 1
    assert sum(stats.per_day.values()) == 7
    assert compute([], [], now=NOW, tz=BERLIN).retention is None


def test_json_has_the_same_numbers() -> None:
    records = [card("x", due=NOW), replace(card("y", due=None))]
    stats = compute(records, [grade("x", NOW)], now=NOW, tz=BERLIN)
    data = json.loads(json.dumps(stats.to_dict()))
    assert data["by_state"] == stats.by_state and data["due_today"] == stats.due_today
    assert [d["due"] for d in data["forecast_30d"]] == list(stats.forecast)
    assert data["forecast_30d"][0]["date"] == "2024-03-05"
    assert data["reviews_per_day"]["2024-03-05"] == 1 and len(data["reviews_per_day"]) == 365
    assert data["retention_30d"] == 1.0 and data["reviewed_today"] == 1
