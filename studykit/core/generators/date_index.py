"""Facts by date, to answer "which facts could have happened on this date?" quickly.

A date is a span of days (as ordinals): "15 September 1918" is one day, "September 1918"
thirty, "1918" a year. Two dates overlap when their spans do. The index buckets each span
where a lookup for an overlapping date will meet it: by day, month, year or range.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Any

from studykit.core.dates import DatePoint, HistDate

Span = tuple[int, int]  # first and last day a date may mean, as ordinals


@lru_cache(maxsize=1 << 18)
def span(date: HistDate) -> Span:
    """The days a date may mean: two dates overlap when their spans do."""
    return date.earliest().toordinal(), date.latest().toordinal()


Item = tuple[str, int, int]  # fact id, first day, last day


class DateIndex:
    """Facts by date, bucketed by day, month and year, to find those that overlap a date."""

    __slots__ = ("_bounds", "_items", "_tables", "days", "days_in_month", "months", "ranges", "years")  # one per group of facts: many

    def __init__(self) -> None:
        self.days: dict[int, list[Item]] = {}
        self.days_in_month: dict[tuple[int, int], list[Item]] = {}
        self.months: dict[tuple[int, int], list[Item]] = {}
        self.years: dict[int, list[Item]] = {}
        self.ranges: dict[int, list[Item]] = {}
        self._tables: tuple[dict[Any, list[Item]], ...] = (
            self.days, self.days_in_month, self.months, self.years, self.ranges,
        )
        self._items: list[Item] = []  # every item put, once each
        self._bounds: tuple[list[int], list[int]] | None = None  # see `_sorted`: built on first `any`

    def put(self, item: Item, where: tuple[tuple[int, Any], ...]) -> None:
        """Add an item at its `placements` (worked out once per date, for all its groups)."""
        self._items.append(item)
        self._bounds = None  # (items are all put before the first query; this keeps a late one correct)
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
        """Whether any fact overlaps the date: one bisect over the items sorted by first day
        (false statements ask this for every date they try, in groups of every size)."""
        first, last = date if isinstance(date, tuple) else span(date)
        starts, reach = self._bounds or self._sorted()
        k = bisect_right(starts, last)  # items[:k] begin by the last day; one overlaps if it ends late enough
        return k > 0 and reach[k - 1] >= first

    def covers(self, first: int, last: int) -> bool:
        """Whether one fact's date spans all of the days from first to last (then any date
        within them overlaps it)."""
        starts, reach = self._bounds or self._sorted()
        k = bisect_right(starts, first)  # items[:k] begin by the first day; one covers if it ends late enough
        return k > 0 and reach[k - 1] >= last

    def _sorted(self) -> tuple[list[int], list[int]]:
        """The items' first days in order, and the furthest last day of the items up to each."""
        items = self._items
        if len(items) == 1:  # the most common group: two facts between the same sides are rare
            _, first, last = items[0]
            self._bounds = [first], [last]
        else:
            items = sorted(items, key=itemgetter(1))
            self._bounds = [item[1] for item in items], list(accumulate((item[2] for item in items), max))
        return self._bounds


def any_in(indexes: Iterable[DateIndex], days: Span) -> bool:
    """Whether any of the indexes has a fact that overlaps the days: `DateIndex.any` of each,
    in one call (a false statement asks it of each date it tries, for two or three indexes)."""
    first, last = days
    for index in indexes:
        starts, reach = index._bounds or index._sorted()
        k = bisect_right(starts, last)
        if k and reach[k - 1] >= first:
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
    return nearby(date).walk(rng)


def nearby(date: HistDate) -> NearbyDates:
    """The dates near one date, kept: the same dates recur across a base. Kept by the date's
    numbers, not the date (hashing and comparing a date costs more than the rest of a lookup)."""
    start, end = date.start, date.end
    if end is None:
        numbers: tuple[Any, ...] = (start.year, start.month, start.day, date.night)
    else:
        numbers = (start.year, start.month, start.day, end.year, end.month, end.day)
    found = _NEARBY.get(numbers)
    if found is None:
        if len(_NEARBY) >= NEARBY_KEPT:
            _NEARBY.clear()
        found = _NEARBY[numbers] = NearbyDates(date)
    return found


_NEARBY: dict[tuple[Any, ...], NearbyDates] = {}
NEARBY_KEPT = 1 << 16  # dates: more than a base has (a few thousand); past that the cache starts over


class NearbyDates:
    """The dates near one date, each worked out when first asked for (shifting a date is many
    small steps, and most searches stop after a few)."""

    __slots__ = ("_days", "_hull", "_shifted", "date", "iso", "shown", "span", "steps")

    def __init__(self, date: HistDate) -> None:
        self.date = date
        self.shown, self.iso, self.span = date_texts(date)
        self.steps = {"year": 3, "month": 6}.get(date.precision, 10)  # shifts of 1..steps units each way
        self._shifted: dict[int, Nearby | None] = {}
        self._days: dict[int, Span | None] = {}
        self._hull: Span | None | object = _UNKNOWN

    def walk(self, rng: random.Random) -> Iterator[Nearby]:
        """`nearby_dates`: one draw per step, made as the walk reaches it."""
        for shift, _ in self.walk_days(rng):
            yield self.at(shift)

    def walk_days(self, rng: random.Random) -> Iterator[tuple[int, Span]]:
        """The shifts of `walk`, with their days: a date's days come cheap, its texts do not,
        and most dates tried are refused on their days (`at` gives the rest)."""
        known = self._days
        for step in range(1, self.steps + 1):
            for shift in (step, -step) if rng.random() < 0.5 else (-step, step):
                days = known.get(shift, _UNKNOWN)
                if days is _UNKNOWN:
                    days = known[shift] = self._moved_days(shift)
                if days is not None:
                    yield shift, days  # type: ignore[misc]

    def at(self, shift: int) -> Nearby:
        """The date `shift` units off (one `walk_days` gave)."""
        found = self._shift(shift)
        assert found is not None
        return found

    def skip(self, rng: random.Random) -> None:
        """Make the draws of a whole walk without it (when every date is known to be refused)."""
        for _ in range(self.steps):
            rng.random()

    def hull(self) -> Span | None:
        """The days every nearby date lies within (the furthest shifts each way, as a date's
        first and last day move with it), or None when the furthest ones do not exist."""
        if self._hull is _UNKNOWN:
            earliest, latest = self._moved_days(-self.steps), self._moved_days(self.steps)
            self._hull = None if earliest is None or latest is None else (earliest[0], latest[1])
        return self._hull  # type: ignore[return-value]

    def _shift(self, shift: int) -> Nearby | None:
        found = self._shifted.get(shift, _UNKNOWN)
        if found is _UNKNOWN:
            moved = shift_date(self.date, shift)
            found = self._shifted[shift] = None if moved is None else (moved, *date_texts(moved))
        return found  # type: ignore[return-value]

    def _moved_days(self, shift: int) -> Span | None:
        """The days of the date `shift` units off (`span` of `shift_date`), in a few sums where
        the year stays well inside the calendar, else by shifting it."""
        date = self.date
        start, end = date.start, date.end
        if not (_SAFE_YEARS[0] < start.year < _SAFE_YEARS[1] and (end is None or _SAFE_YEARS[0] < end.year < _SAFE_YEARS[1])):
            moved = self._shift(shift)
            return None if moved is None else moved[3]
        first = _moved_point(start, shift)[0]
        if date.night:
            return first, first + 1
        return first, _moved_point(end or start, shift)[1]


def _moved_point(point: DatePoint, steps: int) -> Span:
    """The days of one end of a date moved as `shift_date` moves it: by weeks, months or years."""
    if point.day:
        day = dt.date(point.year, point.month or 1, point.day).toordinal() + 7 * steps
        return day, day
    if point.month:
        year, month = divmod(point.year * 12 + point.month - 1 + steps, 12)
        first = dt.date(year, month + 1, 1).toordinal()
        return first, first + calendar.monthrange(year, month + 1)[1] - 1
    year = point.year + steps
    return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()


_SAFE_YEARS = (100, 9900)  # shifted by at most 10 years (or 10 weeks, or 6 months), a date stays valid
_UNKNOWN = object()


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
