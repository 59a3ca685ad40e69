"""Statistics of a collection, from card records and review-log rows. Pure: `now` and the time zone passed in.

The same `Stats` feeds `studykit stats` (a table, or `--json`) and the TUI's stats screen,
so the two never disagree. Days are study days (`session.StudyDay`): a review at 01:00
counts for the evening before when the day turns over at 04:00.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from studykit.core.session import GRADES, CardRecord, EventKind, LogRow, StudyDay, effective
from studykit.core.sm2 import require_utc

STATES = ("new", "learning", "review", "retired", "suspended")
FORECAST_DAYS = 30
RETENTION_DAYS = 30
HISTORY_DAYS = 365


def card_state(record: CardRecord, *, retired: bool = False) -> str:
    """One of `STATES`. Learning: seen, but still in SM-2's first step (I(1) = 1 day),
    after a first sight or a lapse; review: past it."""
    if retired:
        return "retired"
    if record.suspended:
        return "suspended"
    if record.is_new:
        return "new"
    return "learning" if record.state.repetition <= 1 else "review"


@dataclass(frozen=True)
class Stats:
    """The numbers of `studykit stats`.

    `forecast[i]` is the number of cards due on the i-th study day from today (overdue cards
    count for today); `per_day` maps each of the last 365 study days, today included, to the
    grades given (re-drills included); `retention` is the share of due reviews in the last
    30 days answered correctly (q ≥ 3), None when there were none.
    """

    today: dt.date
    by_state: dict[str, int]
    due_today: int
    reviewed_today: int
    retention: float | None
    retention_reviews: int
    forecast: tuple[int, ...]
    per_day: dict[dt.date, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "by_state": dict(self.by_state),
            "due_today": self.due_today,
            "reviewed_today": self.reviewed_today,
            "retention_30d": self.retention,
            "retention_reviews_30d": self.retention_reviews,
            "forecast_30d": [
                {"date": (self.today + dt.timedelta(days=i)).isoformat(), "due": n}
                for i, n in enumerate(self.forecast)
            ],
            "reviews_per_day": {day.isoformat(): n for day, n in sorted(self.per_day.items())},
        }


def compute(
    records: Iterable[CardRecord], log: Iterable[LogRow], *, now: dt.datetime, tz: dt.tzinfo,
    rollover_hour: int = 4, retired: Collection[str] = frozenset(),
) -> Stats:
    """Statistics at `now`. `log` is in log order and needs to reach back only a year."""
    now = require_utc(now)
    today = StudyDay.containing(now, tz=tz, rollover_hour=rollover_hour)
    day_ends = [today.shift(i).end for i in range(FORECAST_DAYS)]
    by_state = dict.fromkeys(STATES, 0)
    forecast = [0] * FORECAST_DAYS
    for record in records:
        state = card_state(record, retired=record.card_id in retired)
        by_state[state] += 1
        if state in ("retired", "suspended", "new") or record.state.due is None:
            continue
        due = max(record.state.due, record.buried_until or record.state.due)
        day = bisect.bisect_right(day_ends, due)
        if day < FORECAST_DAYS:
            forecast[day] += 1

    days = [today.shift(i - HISTORY_DAYS + 1) for i in range(HISTORY_DAYS)]  # a year to today
    starts = [day.start for day in days]
    per_day = [0] * HISTORY_DAYS
    since = now - dt.timedelta(days=RETENTION_DAYS)
    recent = passed = 0
    for event in effective(log):  # one pass: a year of log can be a million rows
        if event.kind not in GRADES:
            continue
        at = event.at
        day = bisect.bisect_right(starts, at) - 1
        if day >= 0 and at < today.end:
            per_day[day] += 1
        if event.kind is EventKind.REVIEW and since <= at <= now:
            recent += 1
            passed += event.quality is not None and event.quality >= 3
    return Stats(
        today=today.date,
        by_state=by_state,
        due_today=forecast[0],
        reviewed_today=per_day[-1],
        retention=passed / recent if recent else None,
        retention_reviews=recent,
        forecast=tuple(forecast),
        per_day={day.date: n for day, n in zip(days, per_day)},
    )
