"""The numbers of `studykit stats`, counted by SQLite rather than from every record in Python.

A collection may hold 100,000 cards and a million reviews, so nothing here reads them all:

- The cards are counted over indexes made for it: each state is a count of a (partial)
  index, each day of the forecast a range of `cards_due`, and the few cards a bury pushed
  later (`cards_buried`) are moved to the day they come back.
- The reviews of each study day come from `review_counts`, counts per quarter hour kept
  beside the log in the same transaction as each grade (`count_reviews`; an undo takes its
  grade off again). Study days begin on a quarter hour in every time zone in use, so a day is
  a range of quarter hours. The table is a cache of the log: `rebuild_review_counts` makes
  it again from the log alone, and the tests hold the two to each other. Today's limits
  (`done_on`) are read from it too.
- The reviews of some decks (the counts are the whole collection's), or of days that do not
  begin on a quarter hour, are counted from their log rows by `core.stats.reviews_per_day`.

`core.stats.compute` defines every number in plain Python; `core.stats.assemble` puts them
together here as there.
"""

from __future__ import annotations

import bisect
import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence

from studykit.core import stats as core_stats
from studykit.core.session import DayCounts, EventKind, LogRow, StudyDay, count_done, effective, taken_back
from studykit.core.sm2 import require_utc
from studykit.storage import converters as cv
from studykit.storage.decks import Decks, in_decks

QUARTER = dt.timedelta(minutes=15)
_ACTIVE = "retired = 0 AND suspended = 0"
_REVIEWS = ", ".join(str(cv.KIND_CODES[kind]) for kind in sorted(core_stats.REVIEWS))


def collection_stats(
    conn: sqlite3.Connection, *, now: dt.datetime, tz: dt.tzinfo, rollover_hour: int = 4, deck: Decks = None,
) -> core_stats.Stats:
    """The statistics at `now` of the collection on `conn`, or of the cards of some decks."""
    deck = deck if deck is None or isinstance(deck, str) else tuple(deck)  # read more than once
    today = StudyDay.containing(require_utc(now), tz=tz, rollover_hour=rollover_hour)
    days = core_stats.history_days(today)
    if deck is None and _on_quarters(days):
        history = _history_from_counts(conn, days)
    else:
        history = core_stats.reviews_per_day(_log_rows(conn, days[0].start, deck), days)
    return core_stats.assemble(today, _by_state(conn, deck), _forecast(conn, core_stats.forecast_days(today), deck),
                               history)


def done_on(conn: sqlite3.Connection, day: StudyDay) -> DayCounts:
    """New cards introduced and due reviews done on `day` in the whole collection, which
    count against its daily limits (`session.count_done`)."""
    if _on_quarters([day]):
        new, reviews = conn.execute(
            "SELECT coalesce(sum(new), 0), coalesce(sum(due_reviews), 0) FROM review_counts "
            "WHERE quarter >= ? AND quarter < ?",
            (_quarter(day.start), _quarter(day.end)),
        ).fetchone()
        return DayCounts(new=new, reviews=reviews)
    standing = effective(_log_rows(conn, day.start, None))  # an undo taking back a grade may come days later
    return count_done(row for row in standing if row.at < day.end)


def _quarter(when: dt.datetime) -> int:
    """The quarter hour of `when`, as `review_counts` numbers them."""
    return (when - cv.EPOCH) // QUARTER


def _on_quarters(days: Sequence[StudyDay]) -> bool:
    """Whether the days begin and end on quarter hours, as in every time zone in use."""
    return all((moment - cv.EPOCH) % QUARTER == dt.timedelta(0) for day in days for moment in (day.start, day.end))


# --- the cards --------------------------------------------------------------------------------------


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
    quarters = ", ".join(f"({i}, {_quarter(day.start)}, {_quarter(day.end)})" for i, day in enumerate(days))
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


def _log_rows(conn: sqlite3.Connection, since: dt.datetime, deck: Decks) -> list[LogRow]:
    """The log rows of the deck's cards (or all) from `since` on, in log order. An undo takes
    back an event before it, so the rows from any moment on tell which of theirs stand."""
    in_deck, decks = in_decks(deck, "cards.deck")
    rows = conn.execute(
        f"""SELECT cards.id, log.at, log.kind, log.grade FROM review_log AS log JOIN cards ON cards.number = log.card
        WHERE log.at >= :since {in_deck} ORDER BY log.id""",
        {"since": cv.to_us(since), **decks},
    )
    return [cv.log_row_from_row(row) for row in rows]


def count_reviews(conn: sqlite3.Connection, rows: Iterable[LogRow], *, sign: int = 1) -> None:
    """Add the reviews among `rows` to `review_counts` (`sign=-1`: take them off, for an undo)."""
    changes: dict[int, list[int]] = {}
    for row in rows:
        if row.kind in core_stats.REVIEWS:
            counts = changes.setdefault(_quarter(row.at), [0, 0, 0, 0])
            counts[0] += sign * (row.kind is EventKind.NEW)
            counts[1] += sign
            if row.kind in core_stats.DUE_REVIEWS:
                counts[2] += sign
                counts[3] += sign * core_stats.passed_review(row)
    conn.executemany(
        """INSERT INTO review_counts (quarter, new, reviews, due_reviews, passed) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (quarter) DO UPDATE SET new = new + excluded.new, reviews = reviews + excluded.reviews,
            due_reviews = due_reviews + excluded.due_reviews, passed = passed + excluded.passed""",
        [(quarter, *counts) for quarter, counts in changes.items()],
    )


def rebuild_review_counts(conn: sqlite3.Connection) -> None:
    """Make `review_counts` again from the log alone: every review, less those undone."""
    conn.execute("DELETE FROM review_counts")
    rows = conn.execute(f"SELECT '', at, kind, grade FROM review_log WHERE kind IN ({_REVIEWS})")
    count_reviews(conn, (cv.log_row_from_row(row) for row in rows))
    undo = cv.KIND_CODES[EventKind.UNDO]
    cards = conn.execute(f"SELECT DISTINCT card FROM review_log INDEXED BY review_log_undo WHERE kind = {undo}")
    for (card,) in cards.fetchall():
        history = conn.execute("SELECT '', at, kind, grade FROM review_log WHERE card = ? ORDER BY id", (card,))
        count_reviews(conn, taken_back(cv.log_row_from_row(row) for row in history), sign=-1)
