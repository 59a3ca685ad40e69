"""The numbers of `studykit stats`, counted by SQLite rather than from every record in Python.

A collection may hold 100,000 cards and a million reviews, so nothing here reads them all:

- The cards are counted over indexes made for it: each state is a count of a (partial)
  index, each day of the forecast a range of `cards_due`, and the few cards a bury pushed
  later (`cards_buried`) are moved to the day they come back.
- The reviews of each study day come from `review_counts`, counts per quarter hour kept
  beside the log with each grade (`storage.review_counts`): a day is a range of quarters.
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
from studykit.storage.decks import Decks, in_decks
from studykit.storage.review_counts import log_rows, on_quarters, quarter

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
    else:
        history = core_stats.reviews_per_day(log_rows(conn, days[0].start, deck), days)
    return core_stats.assemble(today, _by_state(conn, deck), _forecast(conn, core_stats.forecast_days(today), deck),
                               history)


def _count(conn: sqlite3.Connection, sql: str, deck: Decks) -> int:
    in_deck, decks = in_decks(deck)
    return int(conn.execute(f"{sql} {in_deck}", decks).fetchone()[0])


def _by_state(conn: sqlite3.Connection, deck: Decks) -> dict[str, int]:
    """Cards by `core.stats.card_state`, each state a count over an index."""
    in_deck, decks = in_decks(deck)
    set_aside = dict(conn.execute(
        "SELECT retired, count(*) FROM cards INDEXED BY cards_set_aside "
        f"WHERE (retired = 1 OR suspended = 1) {in_deck} GROUP BY retired",
        decks,
    ).fetchall())
    due_index, new_index = ("cards_deck_counts", "cards_deck_new") if deck is not None else ("cards_due", "cards_new")
    scheduled = _count(conn, f"SELECT count(*) FROM cards INDEXED BY {due_index} "
                             f"WHERE due IS NOT NULL AND {_ACTIVE}", deck)
    learning = _count(conn, "SELECT count(*) FROM cards INDEXED BY cards_learning "
                            f"WHERE repetition <= 1 AND due IS NOT NULL AND {_ACTIVE}", deck)
    return {
        "new": _count(conn, f"SELECT count(*) FROM cards INDEXED BY {new_index} WHERE due IS NULL AND {_ACTIVE}", deck),
        "learning": learning,
        "review": scheduled - learning,
        "retired": set_aside.get(1, 0),
        "suspended": set_aside.get(0, 0),
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
    """Each day's reviews: the sums of its quarter hours in `review_counts`."""
    quarters = ", ".join(f"({i}, {quarter(day.start)}, {quarter(day.end)})" for i, day in enumerate(days))
    rows = conn.execute(
        f"""WITH day (number, first, after) AS (VALUES {quarters})
        SELECT day.number, sum(counts.reviews), sum(counts.due_reviews), sum(counts.passed)
        FROM day JOIN review_counts AS counts ON counts.quarter >= day.first AND counts.quarter < day.after
        GROUP BY day.number"""
    )
    history = [core_stats.DayReviews()] * len(days)
    for number, reviews, due, passed in rows:
        history[number] = core_stats.DayReviews(reviews, due, passed)
    return history
