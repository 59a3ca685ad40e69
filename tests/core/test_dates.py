"""Dates keep the precision the sources give: parse, display, ISO export, ordering."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studykit.core.dates import DateError, HistDate

CASES = [
    # (notation, display, iso, precision)
    ("1918-09-15", "15 September 1918", "1918-09-15", "day"),
    ("1918-09", "September 1918", "1918-09", "month"),
    ("1918", "1918", "1918", "year"),
    ("1918-06-27/1918-07-01", "27 June – 1 July 1918", "1918-06-27/1918-07-01", "range"),
    ("1918-08-05/1918-08-07", "5–7 August 1918", "1918-08-05/1918-08-07", "range"),
    ("1918-06/1918-07", "June–July 1918", "1918-06/1918-07", "range"),
    ("1918-11/1919-03", "November 1918 – March 1919", "1918-11/1919-03", "range"),
    ("1919/1921", "1919–1921", "1919/1921", "range"),
    ("night 1920-04-27", "the night of 27/28 April 1920", "1920-04-27/1920-04-28", "night"),
    ("night 1918-09-30", "the night of 30 September/1 October 1918", "1918-09-30/1918-10-01", "night"),
]


@pytest.mark.parametrize("notation, display, iso, precision", CASES)
def test_display_iso_and_precision(notation: str, display: str, iso: str, precision: str) -> None:
    date = HistDate.parse(notation)
    assert (date.display(), date.iso(), date.precision) == (display, iso, precision)
    assert HistDate.parse(date.notation()) == date


@pytest.mark.parametrize(
    "notation",
    [
        "1918-02-30", "1918-13", "1918-00-10", "15 September 1918", "1918-09-15/1918-09-01", "night 1918-09", "",
        "1918/1918",
    ],
)
def test_impossible_or_malformed_dates_are_refused(notation: str) -> None:
    with pytest.raises(DateError):
        HistDate.parse(notation)


def test_yaml_date_and_year_values_are_accepted() -> None:
    assert HistDate.parse(dt.date(1918, 9, 15)).iso() == "1918-09-15"
    assert HistDate.parse(1921).iso() == "1921"


def test_overlap_tells_which_dates_cannot_be_ordered() -> None:
    june = HistDate.parse("1918-06")
    assert june.overlaps(HistDate.parse("1918-06-04"))
    assert not june.overlaps(HistDate.parse("1918-07-01"))
    night = HistDate.parse("night 1920-04-27")
    assert night.overlaps(HistDate.parse("1920-04-28"))
    assert not night.overlaps(HistDate.parse("1920-04-26"))


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_real_day_round_trips(day: dt.date) -> None:
    date = HistDate.parse(day.isoformat())
    assert date.earliest() == date.latest() == day
    assert HistDate.parse(date.iso()) == date
