"""The date index answers "does any fact overlap this date?" exactly as comparing spans
would, whatever the precisions; and nearby dates are the dates `shift_date` gives."""

from __future__ import annotations

import datetime as dt
import random
from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.core.dates import HistDate
from studykit.core.generators.date_index import DateIndex, nearby_dates, shift_date, span
from tests.date_strategies import hist_dates

# dates of every precision the decks use, starting 1914-1922, with short ranges across months
dates = partial(hist_dates, first=dt.date(1914, 1, 1), last=dt.date(1922, 12, 31), longest_range=80, month_ranges=True)


def indexed(facts: list[HistDate]) -> DateIndex:
    index = DateIndex()
    for number, date in enumerate(facts):
        index.put(f"fact-{number}", date)
    return index


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@settings(max_examples=300, deadline=None)
@given(st.lists(dates(), max_size=12), st.lists(dates(), min_size=1, max_size=6))
def test_any_is_exact_overlap(facts: list[HistDate], asked: list[HistDate]) -> None:
    index = indexed(facts)
    for date in asked:
        exact = any(overlaps(span(date), span(fact)) for fact in facts)
        assert index.any(date) is exact
        assert index.any(span(date)) is exact
        assert index.any_other(date, []) is exact  # the bucket walk agrees


def test_a_month_wholly_inside_a_short_range_overlaps_it() -> None:
    # The bucket lookup once looked only in the months of a short date's first and last day.
    index = indexed([HistDate.parse("1915-02")])
    assert index.any(HistDate.parse("1915-01-30/1915-03-01")) is True
    assert index.any(HistDate.parse("1915-01-01/1915-01-29")) is False


def test_a_put_after_a_query_is_seen() -> None:
    index = indexed([HistDate.parse("1918-09-15")])
    assert index.any(HistDate.parse("1918-07")) is False
    date = HistDate.parse("1918-07-04")
    index.put("late", date)
    assert index.any(HistDate.parse("1918-07")) is True


@settings(max_examples=200, deadline=None)
@given(dates(), st.integers(0, 2**32))
def test_nearby_dates_are_shifted_dates_with_their_texts(date: HistDate, seed: int) -> None:
    walked = list(nearby_dates(date, random.Random(seed)))
    steps = {"year": 3, "month": 6}.get(date.precision, 10)
    shifts = [shift for step in range(1, steps + 1) for shift in (step, -step)]
    expected = {shift_date(date, shift) for shift in shifts} - {None}
    assert set(walked) == expected
