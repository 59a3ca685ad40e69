"""The numbers of `studykit stats`, counted by SQLite rather than from every record in Python.

A collection may hold 100,000 cards and a million reviews, so nothing here reads them all:

- The cards are counted over indexes made for it: each state is a count of a (partial)
  index, each day of the forecast a range of `cards_due`, and the few cards a bury pushed
  later (`cards_buried`) are moved to the day they come back.
- The reviews of each study day come from `review_counts`, counts per quarter hour kept
  beside the log with each grade (`storage.review_counts`): a day is a range of quarters.
- The reviews before the year (an imported Anki history reaches back years) are the quarters
  with reviews before it, in order, summed by the study day each falls in.
- The reviews of some decks (the counts are the whole collection's), or of days that do not
  begin on a quarter hour, are counted from their log rows by `core.stats.reviews_per_day`.

`core.stats.compute` defines every number in plain Python; `core.stats.assemble` puts them
together here as there.
"""

from __future__ import annotations

import bisect
import datetime as dt
import sqlite3
from collections.abc import Sequence

from studykit.core import stats as core_stats
from studykit.core.session import StudyDay
from studykit.core.sm2 import require_utc
from studykit.storage import converters as cv
from studykit.storage.decks import Decks, card_totals, in_decks
from studykit.storage.review_counts import QUARTER, log_rows, on_quarters, quarter

_ACTIVE = "retired = 0 AND suspended = 0"


def collection_stats(
    conn: sqlite3.Connection, *, now: dt.datetime, tz: dt.tzinfo, rollover_hour: int = 4, deck: Decks = None,
) -> core_stats.Stats:
    """The statistics at `now` of the collection on `conn`, or of the cards of some decks."""
    deck = deck if deck is None or isinstance(deck, str) else tuple(deck)  # read more than once
    today = StudyDay.containing(require_utc(now), tz=tz, rollover_hour=rollover_hour)
    days = core_stats.history_days(today)
    if deck is None and on_quarters(days):
        history = _history_from_counts(conn, days)
        earlier = _earlier_from_counts(conn, days[0])
    else:
        log = log_rows(conn, cv.EPOCH, deck)
        history = core_stats.reviews_per_day(log, days)
        earlier = core_stats.reviews_before(log, days[0])
    forecast = _forecast(conn, core_stats.forecast_days(today), deck)
    return core_stats.assemble(today, _by_state(conn, deck, now), forecast, history, earlier)


def _count(conn: sqlite3.Connection, sql: str, deck: Decks) -> int:
    in_deck, decks = in_decks(deck)
    return int(conn.execute(f"{sql} {in_deck}", decks).fetchone()[0])


def _by_state(conn: sqlite3.Connection, deck: Decks, now: dt.datetime) -> dict[str, int]:
    """Cards by `core.stats.card_state`: the totals of the decks (`card_totals`), and the
    cards learning as the count of their index."""
    totals = card_totals(conn, deck, cv.to_us(now))
    learning = _count(conn, "SELECT count(*) FROM cards INDEXED BY cards_learning "
                            f"WHERE repetition <= 1 AND due IS NOT NULL AND {_ACTIVE}", deck)
    return {
        "new": totals.new,
        "learning": learning,
        "review": totals.scheduled - learning,
        "retired": totals.retired,
        "suspended": totals.suspended,
    }


def _forecast(conn: sqlite3.Connection, days: Sequence[StudyDay], deck: Decks) -> list[int]:
    """Cards due on each of `days` (the overdue on the first): a range of the due index a day,
    then the buried cards moved to the day they come back."""
    index = "cards_deck_counts" if deck is not None else "cards_due"
    ends = [cv.to_us(day.end) for day in days]
    forecast = [
        _count(conn, f"SELECT count(*) FROM cards INDEXED BY {index} WHERE due IS NOT NULL AND {_ACTIVE} "
                     f"AND due >= {start} AND due < {end}", deck)
        for start, end in zip([-(2**63), *ends], ends)
    ]
    in_deck, decks = in_decks(deck)
    buried = conn.execute(
        f"SELECT due, buried_until FROM cards INDEXED BY cards_buried WHERE buried_until > due AND {_ACTIVE} {in_deck}",
        decks,
    )
    for due, until in buried:
        for moment, change in ((due, -1), (until, 1)):
            day = bisect.bisect_right(ends, moment)
            if day < len(days):
                forecast[day] += change
    return forecast


# --- the reviews -------------------------------------------------------------------------------------


def _history_from_counts(conn: sqlite3.Connection, days: Sequence[StudyDay]) -> list[core_stats.DayReviews]:
    """Each day's reviews: the sums of its range of quarter hours in `review_counts`, one
    statement a day (a join of the days with the counts sorts every quarter of the year)."""
    history = []
    for day in days:
        reviews, due, passed = conn.execute(
            "SELECT coalesce(sum(reviews), 0), coalesce(sum(due_reviews), 0), coalesce(sum(passed), 0) "
            "FROM review_counts WHERE quarter >= ? AND quarter < ?",
            (quarter(day.start), quarter(day.end)),
        ).fetchone()
        history.append(core_stats.DayReviews(reviews, due, passed))
    return history


def _earlier_from_counts(conn: sqlite3.Connection, first: StudyDay) -> dict[dt.date, core_stats.DayReviews]:
    """The reviews of each study day before `first` that has any, summed by SQLite: the
    quarters with reviews before it, grouped by the study day each begins in. A study day is
    the local date `rollover_hour` hours earlier, so over a span of time where the zone's UTC
    offset stays the same, a quarter's day is (its start + the offset - the rollover) // a day;
    each such span is one grouped range of quarters (an imported history reaches back years:
    a hundred thousand quarters, where Python took a second). A quarter counts for the day its
    start falls in, as a day on quarter hours has it: an offset of the last century's local
    mean times (Amsterdam's 19 minutes 32 seconds) may move a review made in the minutes around
    the turn of the day to its neighbour."""
    end = quarter(first.start)
    (start,) = conn.execute(
        "SELECT min(quarter) FROM review_counts WHERE quarter < ? AND reviews != 0", (end,),
    ).fetchone()
    earlier: dict[dt.date, core_stats.DayReviews] = {}
    if start is None:
        return earlier
    day_s = 86_400
    for low, high, offset in _offset_spans(first.tz, start, end):
        # Shifted by whole days so that the dividend is never negative: SQLite's division truncates.
        shift = offset - first.rollover_hour * 3600 + _DAYS_SHIFTED * day_s
        rows = conn.execute(
            f"SELECT (quarter * {QUARTER_S} + ?) / {day_s}, sum(reviews), sum(due_reviews), sum(passed) "
            "FROM review_counts WHERE quarter >= ? AND quarter < ? AND reviews != 0 GROUP BY 1",
            (shift, low, high),
        )
        for number, reviews, due, passed in rows:
            date = _EPOCH_DATE + dt.timedelta(days=number - _DAYS_SHIFTED)
            old = earlier.get(date, core_stats.DayReviews())
            earlier[date] = core_stats.DayReviews(old.reviews + reviews, old.due + due, old.passed + passed)
    return earlier


QUARTER_S = int(QUARTER.total_seconds())
_EPOCH_DATE = cv.EPOCH.date()
_DAYS_SHIFTED = 4_000_000  # about 11,000 years: more than from any quarter a time can hold to 1970


def _offset_spans(tz: dt.tzinfo, start: int, end: int) -> list[tuple[int, int, int]]:
    """The quarters from `start` to `end` as spans in which the zone's UTC offset (at each
    quarter's start) stays the same: (first quarter, end, offset in seconds). The offset is
    looked at once a day, and a change found between two looks is narrowed to its quarter (no
    zone keeps an offset for less than a day; the shortest in the tz database, Freetown's in
    1939, lasted four)."""

    def offset(number: int) -> int:
        moment = cv.EPOCH + number * QUARTER
        utc_offset = moment.astimezone(tz).utcoffset()
        return 0 if utc_offset is None else int(utc_offset.total_seconds())

    if isinstance(tz, dt.timezone):  # a fixed offset (the local zone as the app takes it): one span
        return [(start, end, offset(start))]
    spans = []
    low, current = start, offset(start)
    for look in [*range(start + _QUARTERS_A_DAY, end, _QUARTERS_A_DAY), end - 1]:
        if look <= low or offset(look) == current:
            continue
        before, after = low, look  # offset(before) == current != offset(after)
        while after - before > 1:
            middle = (before + after) // 2
            before, after = (middle, after) if offset(middle) == current else (before, middle)
        spans.append((low, after, current))
        low, current = after, offset(after)
    spans.append((low, end, current))
    return spans


_QUARTERS_A_DAY = 96
