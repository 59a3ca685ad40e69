"""Statistics of a collection, from card records and review-log rows. Pure: `now` and the time zone passed in.

The same `Stats` feeds `studykit stats` (a table, or `--json`) and the TUI's stats screen,
so the two never disagree. Days are study days (`session.StudyDay`): a review at 01:00
counts for the evening before when the day turns over at 04:00. Reviews imported with an
Anki history count as reviews.

`compute` is the definition in plain Python, from every record and log row. A collection
counts the same numbers in SQL (`studykit.storage.statistics`), since a year of log can be a
million rows, and assembles them with the same `assemble`; the tests hold the two to each other.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from studykit.core.session import DUE_REVIEWS, REVIEWS, CardRecord, LogRow, StudyDay, effective, passed_review
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
    grades given (re-drills and imported reviews included); `retention` is the share of due
    reviews in the last 30 study days, today included, answered correctly (`session.passed_review`),
    None when there were none. `earlier` holds the study days before those of `per_day` on which
    reviews stand (an imported Anki history reaches back years): with `per_day` they give the
    totals of the collection's (or deck's) whole life, as Anki's stats show them (`totals`).
    """

    today: dt.date
    by_state: dict[str, int]
    due_today: int
    reviewed_today: int
    retention: float | None
    retention_reviews: int
    forecast: tuple[int, ...]
    per_day: dict[dt.date, int]
    year: ReviewTotals
    earlier: dict[dt.date, DayReviews]

    @property
    def all_time(self) -> ReviewTotals:
        return self.year + review_totals(self.earlier)

    def reviews_by_day(self, days: int | None) -> dict[dt.date, int]:
        """Reviews per study day, the last `days` of them (today included) or (None) every day
        from the first review on (days without reviews as 0)."""
        if days is not None:
            return dict(list(self.per_day.items())[-days:])
        first = self.all_time.first
        if first is None or first >= min(self.per_day):
            return dict(self.per_day)
        span = (min(self.per_day) - first).days
        before = {first + dt.timedelta(days=i): 0 for i in range(span)}
        before.update((day, counts.reviews) for day, counts in self.earlier.items())
        return {**before, **self.per_day}

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
            "last_365_days": self.year.to_dict(),
            "all_time": self.all_time.to_dict(),
        }


@dataclass(frozen=True)
class ReviewTotals:
    """The reviews of a span of study days, as Anki's stats sum a period or the deck's life:
    reviews (re-drills and imported ones included), the days with any, the first such day, and
    the due reviews with how many of them passed (their share is the retention)."""

    reviews: int = 0
    days: int = 0
    first: dt.date | None = None
    due: int = 0
    passed: int = 0

    @property
    def retention(self) -> float | None:
        return self.passed / self.due if self.due else None

    def __add__(self, other: ReviewTotals) -> ReviewTotals:
        firsts = [day for day in (self.first, other.first) if day is not None]
        return ReviewTotals(self.reviews + other.reviews, self.days + other.days, min(firsts, default=None),
                            self.due + other.due, self.passed + other.passed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reviews": self.reviews, "days_studied": self.days,
            "first_review": None if self.first is None else self.first.isoformat(),
            "retention": self.retention, "due_reviews": self.due,
        }


def review_totals(days: Mapping[dt.date, DayReviews]) -> ReviewTotals:
    """The totals of study days (which do not overlap those of another total added to them)."""
    studied = [day for day, counts in days.items() if counts.reviews]
    return ReviewTotals(
        reviews=sum(counts.reviews for counts in days.values()), days=len(studied), first=min(studied, default=None),
        due=sum(counts.due for counts in days.values()), passed=sum(counts.passed for counts in days.values()),
    )




class DayReviews(NamedTuple):
    """One study day's reviews that stand (undone ones left out): all of them, re-drills and
    imported reviews included; the due reviews among them; and how many of those passed."""

    reviews: int = 0
    due: int = 0
    passed: int = 0


def history_days(today: StudyDay) -> list[StudyDay]:
    """The study days of `per_day`: a year, up to today."""
    return [today.shift(i - HISTORY_DAYS + 1) for i in range(HISTORY_DAYS)]


def forecast_days(today: StudyDay) -> list[StudyDay]:
    return [today.shift(i) for i in range(FORECAST_DAYS)]


def reviews_per_day(log: Iterable[LogRow], days: Sequence[StudyDay]) -> list[DayReviews]:
    """Each of `days`' reviews that stand, from log rows in log order."""
    starts = [day.start for day in days]
    counts = [[0, 0, 0] for _ in days]
    for row in effective(log):
        day = bisect.bisect_right(starts, row.at) - 1
        if row.kind not in REVIEWS or day < 0 or row.at >= days[-1].end:
            continue
        counts[day][0] += 1
        if row.kind in DUE_REVIEWS:
            counts[day][1] += 1
            counts[day][2] += passed_review(row)
    return [DayReviews(*c) for c in counts]


def reviews_before(log: Iterable[LogRow], before: StudyDay) -> dict[dt.date, DayReviews]:
    """The reviews that stand of each study day before `before` that has any, from log rows in
    log order (an undo reaches back to the grade it takes back)."""
    counts: dict[dt.date, DayReviews] = {}
    for row in effective(log):
        if row.kind not in REVIEWS or row.at >= before.start:
            continue
        day = StudyDay.containing(row.at, tz=before.tz, rollover_hour=before.rollover_hour).date
        due = row.kind in DUE_REVIEWS
        old = counts.get(day, DayReviews())
        counts[day] = DayReviews(old.reviews + 1, old.due + due, old.passed + (due and passed_review(row)))
    return counts


def assemble(
    today: StudyDay, by_state: dict[str, int], forecast: Sequence[int], history: Sequence[DayReviews],
    earlier: Mapping[dt.date, DayReviews],
) -> Stats:
    """The statistics from their counts: cards by state, due per day of `forecast_days`,
    reviews per day of `history_days`, and of the days before them with reviews."""
    recent = history[-RETENTION_DAYS:]
    due, passed = sum(day.due for day in recent), sum(day.passed for day in recent)
    return Stats(
        today=today.date,
        by_state=dict(by_state),
        due_today=forecast[0],
        reviewed_today=history[-1].reviews,
        retention=passed / due if due else None,
        retention_reviews=due,
        forecast=tuple(forecast),
        per_day={day.date: counts.reviews for day, counts in zip(history_days(today), history)},
        year=review_totals({day.date: counts for day, counts in zip(history_days(today), history)}),
        earlier={day: counts for day, counts in sorted(earlier.items()) if counts.reviews},
    )


def compute(
    records: Iterable[CardRecord], log: Iterable[LogRow], *, now: dt.datetime, tz: dt.tzinfo,
    rollover_hour: int = 4, retired: Collection[str] = frozenset(),
) -> Stats:
    """Statistics at `now`. `log` is in log order, from the first entry on."""
    log = list(log)
    today = StudyDay.containing(require_utc(now), tz=tz, rollover_hour=rollover_hour)
    day_ends = [day.end for day in forecast_days(today)]
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
    days = history_days(today)
    return assemble(today, by_state, forecast, reviews_per_day(log, days), reviews_before(log, days[0]))
