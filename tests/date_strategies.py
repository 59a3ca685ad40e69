"""Hypothesis strategies for historical dates, shared by the tests of parsing and of the date index."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from studykit.core.dates import DatePoint, HistDate


@st.composite
def hist_dates(
    draw: st.DrawFn, *, first: dt.date = dt.date(1900, 1, 1), last: dt.date = dt.date(1950, 12, 31),
    longest_range: int = 400, month_ranges: bool = False,
) -> HistDate:
    """A day, month, year, night or range of days (up to `longest_range` days) starting
    between `first` and `last`; with `month_ranges`, also ranges of months."""
    day = draw(st.dates(min_value=first, max_value=last))
    kinds = ["day", "month", "year", "range", "night"] + (["month-range"] if month_ranges else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "day":
        return HistDate(DatePoint(day.year, day.month, day.day))
    if kind == "month":
        return HistDate(DatePoint(day.year, day.month))
    if kind == "year":
        return HistDate(DatePoint(day.year))
    if kind == "night":
        return HistDate(DatePoint(day.year, day.month, day.day), night=True)
    if kind == "month-range":
        months = day.year * 12 + day.month - 1 + draw(st.integers(1, 14))
        return HistDate(DatePoint(day.year, day.month), DatePoint(months // 12, months % 12 + 1))
    end = day + dt.timedelta(days=draw(st.integers(1, longest_range)))
    return HistDate(DatePoint(day.year, day.month, day.day), DatePoint(end.year, end.month, end.day))
