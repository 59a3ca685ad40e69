"""Facts by date, to answer "which facts could have happened on this date?" quickly.

A date is a span of days (as ordinals): "15 September 1918" is one day, "September 1918"
thirty, "1918" a year. Two dates overlap when their spans do. The index buckets each span
where a lookup for an overlapping date will meet it: by day, month, year or range.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter

from studykit.core.dates import DatePoint, HistDate

Span = tuple[int, int]  # first and last day a date may mean, as ordinals
Item = tuple[str, int, int]  # fact id, first day, last day

SHORT_SPAN = 45  # days: a shorter date is looked up day by day, a longer one month by month


@lru_cache(maxsize=1 << 16)  # asked of the same dates again and again, in every overlap test
def span(date: HistDate) -> Span:
    """The days a date may mean: two dates overlap when their spans do."""
    return date.earliest().toordinal(), date.latest().toordinal()


def overlap(a: Span, b: Span) -> bool:
    """Whether two spans of days share a day (`HistDate.overlaps`, on spans)."""
    return a[0] <= b[1] and b[0] <= a[1]


def _month(ordinal: int) -> tuple[int, int]:
    day = dt.date.fromordinal(ordinal)
    return day.year, day.month


class DateIndex:
    """Facts by date: bucketed by day, month and year, to list those that overlap a date
    (`any_other`); and sorted by first day, to tell at once whether any does (`any`)."""

    def __init__(self) -> None:
        self.days: dict[int, list[Item]] = {}  # a day or a night, by each of its days
        self.days_in_month: dict[tuple[int, int], list[Item]] = {}  # ... and by its months
        self.months: dict[tuple[int, int], list[Item]] = {}
        self.years: dict[int, list[Item]] = {}
        self.ranges: dict[int, list[Item]] = {}  # a range, by each of its years
        self._items: list[Item] = []
        self._bounds: tuple[list[int], list[int]] | None = None  # see `_sorted`: made on the first `any`

    def put(self, fact_id: str, date: HistDate) -> None:
        first, last = span(date)
        item = (fact_id, first, last)
        self._items.append(item)
        self._bounds = None
        precision = date.precision
        if precision in ("day", "night"):
            for day in range(first, last + 1):
                self.days.setdefault(day, []).append(item)
            for month in dict.fromkeys([_month(first), _month(last)]):
                self.days_in_month.setdefault(month, []).append(item)
        elif precision == "month":
            self.months.setdefault(_month(first), []).append(item)
        elif precision == "year":
            self.years.setdefault(dt.date.fromordinal(first).year, []).append(item)
        else:
            for year in range(dt.date.fromordinal(first).year, dt.date.fromordinal(last).year + 1):
                self.ranges.setdefault(year, []).append(item)

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
        """Whether any fact overlaps the date: one bisect over the items sorted by first day."""
        first, last = date if isinstance(date, tuple) else span(date)
        starts, reach = self._bounds or self._sorted()
        k = bisect_right(starts, last)  # items[:k] begin by the last day; one overlaps if it ends late enough
        return k > 0 and reach[k - 1] >= first

    def _sorted(self) -> tuple[list[int], list[int]]:
        """The items' first days in order, and the furthest last day of the items up to each."""
        items = sorted(self._items, key=itemgetter(1))
        self._bounds = [item[1] for item in items], list(accumulate((item[2] for item in items), max))
        return self._bounds


def nearby_dates(date: HistDate, rng: random.Random) -> Iterator[HistDate]:
    """Dates at the same precision near a date (nearest first, the direction at random):
    weeks for a day, months for a month, years for a year. Distractors and false statements
    are made of them when the base has too few."""
    steps = {"year": 3, "month": 6}.get(date.precision, 10)  # shifts of 1..steps units each way
    for step in range(1, steps + 1):
        for shift in (step, -step) if rng.random() < 0.5 else (-step, step):
            moved = shift_date(date, shift)
            if moved is not None:
                yield moved


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
