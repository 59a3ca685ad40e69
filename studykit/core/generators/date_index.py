"""Facts by date, to answer "which facts could have happened on this date?" quickly.

A date is a span of days (as ordinals): "15 September 1918" is one day, "September 1918"
thirty, "1918" a year. Two dates overlap when their spans do. The index buckets each span
where a lookup for an overlapping date will meet it: by day, month, year or range.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from studykit.core.dates import DatePoint, HistDate

Span = tuple[int, int]  # first and last day a date may mean, as ordinals


@lru_cache(maxsize=1 << 18)
def span(date: HistDate) -> Span:
    """The days a date may mean: two dates overlap when their spans do."""
    return date.earliest().toordinal(), date.latest().toordinal()


def spans_overlap(a: Span, b: Span) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]



Item = tuple[str, int, int]  # fact id, first day, last day


class DateIndex:
    """Facts by date, bucketed by day, month and year, to find those that overlap a date."""

    def __init__(self) -> None:
        self.days: dict[int, list[Item]] = {}
        self.days_in_month: dict[tuple[int, int], list[Item]] = {}
        self.months: dict[tuple[int, int], list[Item]] = {}
        self.years: dict[int, list[Item]] = {}
        self.ranges: dict[int, list[Item]] = {}
        self._tables: tuple[dict[Any, list[Item]], ...] = (
            self.days, self.days_in_month, self.months, self.years, self.ranges,
        )

    def add(self, fact_id: str, date: HistDate) -> None:
        first, last = span(date)
        self.put((fact_id, first, last), placements(date))

    def put(self, item: Item, where: tuple[tuple[int, Any], ...]) -> None:
        """Add an item at its `placements` (worked out once per date, for all its groups)."""
        tables = self._tables
        for table, bucket in where:
            found = tables[table].get(bucket)
            if found is None:
                tables[table][bucket] = [item]
            else:
                found.append(item)

    def overlapping(self, date: HistDate | Span) -> Iterator[Item]:
        """Every (fact id, first, last) that overlaps the date; a fact may come more than once."""
        first, last = date if isinstance(date, tuple) else span(date)
        short = last - first <= SHORT_SPAN
        if short:
            for day in range(first, last + 1):
                yield from self.days.get(day, ())
        start, end = dt.date.fromordinal(first), dt.date.fromordinal(last)
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            yield from self.months.get((year, month), ())
            if not short:
                for item in self.days_in_month.get((year, month), ()):
                    if item[1] <= last and first <= item[2]:
                        yield item
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        for year in range(start.year, end.year + 1):
            yield from self.years.get(year, ())
            for item in self.ranges.get(year, ()):
                if item[1] <= last and first <= item[2]:
                    yield item

    def any_other(self, date: HistDate | Span, besides: Iterable[str]) -> bool:
        """Whether a fact other than those named overlaps the date."""
        skip = set(besides)
        return any(item[0] not in skip for item in self.overlapping(date))

    def any(self, date: HistDate | Span) -> bool:
        """Whether any fact overlaps the date (the common question, answered without a generator
        for the usual short date)."""
        first, last = date if isinstance(date, tuple) else span(date)
        if last - first > SHORT_SPAN:
            return any(True for _ in self.overlapping((first, last)))
        start, end = _month(first), _month(last)
        years = self.years  # whole years first: in a crowded base they cover most dates
        if start[0] in years or end[0] in years:
            return True
        months = self.months
        if start in months or end in months:
            return True
        days = self.days
        for day in range(first, last + 1):
            if day in days:
                return True
        ranges = self.ranges
        for year in (start[0],) if start[0] == end[0] else (start[0], end[0]):
            for item in ranges.get(year, ()):
                if item[1] <= last and first <= item[2]:
                    return True
        return False


@lru_cache(maxsize=1 << 18)
def placements(date: HistDate) -> tuple[tuple[int, Any], ...]:
    """Where a date goes in a `DateIndex`: (table, bucket) pairs, tables numbered as in
    `DateIndex._tables`. A day (or night) by each of its days and its months, a month, a
    year, a longer range by each of its years."""
    first, last = span(date)
    precision = date.precision
    if precision in ("day", "night"):
        return (*((0, day) for day in range(first, last + 1)), *((1, m) for m in dict.fromkeys([_month(first), _month(last)])))
    if precision == "month":
        return ((2, _month(first)),)
    if precision == "year":
        return ((3, dt.date.fromordinal(first).year),)
    return tuple((4, year) for year in range(dt.date.fromordinal(first).year, dt.date.fromordinal(last).year + 1))


def _month(ordinal: int) -> tuple[int, int]:
    found = _MONTHS.get(ordinal)
    if found is None:
        day = dt.date.fromordinal(ordinal)
        found = _MONTHS[ordinal] = (day.year, day.month)
    return found


_MONTHS: dict[int, tuple[int, int]] = {}  # day -> (year, month): a few thousand days recur



SHORT_SPAN = 45  # days: a shorter date is looked up day by day, a longer one month by month


@lru_cache(maxsize=1 << 18)
def date_texts(date: HistDate) -> tuple[str, str, Span]:
    """A date as shown, as ISO and as days: the same few thousand dates recur across a base."""
    return date.display(), date.iso(), span(date)


Nearby = tuple[HistDate, str, str, Span]  # a date near another: itself, as shown, as ISO, its days


def nearby_dates(date: HistDate, rng: random.Random) -> Iterator[Nearby]:
    """Dates at the same precision near a date (nearest first, the direction at random):
    weeks for a day, months for a month, years for a year. Distractors and false statements
    are made of them when the base has too few."""
    steps = {"year": 3, "month": 6}.get(date.precision, 10)
    shifted = _shifted(date)
    for step in range(1, steps + 1):
        for shift in (step, -step) if rng.random() < 0.5 else (-step, step):
            parts = shifted.get(shift, _UNKNOWN)
            if parts is _UNKNOWN:
                moved = shift_date(date, shift)
                parts = shifted[shift] = None if moved is None else (moved, *date_texts(moved))
            if parts is not None:
                yield parts


_UNKNOWN = object()


@lru_cache(maxsize=1 << 16)
def _shifted(date: HistDate) -> dict[int, Any]:
    """The dates near one date, filled in as `nearby_dates` asks for them: the same dates
    recur across a base, and shifting one is many small steps."""
    return {}


def shift_date(date: HistDate, steps: int) -> HistDate | None:
    """The date moved by `steps` units of its precision (weeks for days, months, years)."""

    def move(point: DatePoint) -> DatePoint:
        if point.day:
            moved = point.first_day() + dt.timedelta(days=7 * steps)
            return DatePoint(moved.year, moved.month, moved.day)
        if point.month:
            months = point.year * 12 + point.month - 1 + steps
            return DatePoint(months // 12, months % 12 + 1)
        return DatePoint(point.year + steps)

    try:
        end = move(date.end) if date.end else None
        return HistDate(move(date.start), end, date.night)
    except ValueError:
        return None
