"""Counts of reviews per quarter hour, kept beside the review log: a cache of it, for today's
limits and the statistics, which at a million reviews must not read the log.

`review_counts` holds, for each quarter hour (UTC) with answers, those that stand (an undo
takes its grade off again): first grades of new cards, every answer (grades, re-drills,
imported Anki reviews), the due reviews among them and how many of those passed. The
collection adds each change's answers in the change's own transaction (`count_reviews`);
`rebuild_review_counts` makes the table again from the log alone. Study days begin on a quarter
hour in every time zone in use, so a day's counts are a range of quarters (`on_quarters`);
days that do not are counted from the log rows.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence

from studykit.core.session import (
    DUE_REVIEWS,
    REVIEWS,
    AnkiAnswer,
    DayCounts,
    EventKind,
    LogRow,
    StudyDay,
    anki_passed,
    count_done,
    effective,
    passed_review,
    taken_back,
)
from studykit.storage import converters as cv
from studykit.storage.decks import Decks, in_decks

QUARTER = dt.timedelta(minutes=15)
QUARTER_MS = QUARTER // dt.timedelta(milliseconds=1)
_REVIEWS = ", ".join(str(cv.KIND_CODES[kind]) for kind in sorted(REVIEWS))


def quarter(when: dt.datetime) -> int:
    """The quarter hour of `when`, as `review_counts` numbers them."""
    return (when - cv.EPOCH) // QUARTER


def on_quarters(days: Sequence[StudyDay]) -> bool:
    """Whether the days begin and end on quarter hours, as in every time zone in use."""
    return all((moment - cv.EPOCH) % QUARTER == dt.timedelta(0) for day in days for moment in (day.start, day.end))


def done_on(conn: sqlite3.Connection, day: StudyDay) -> DayCounts:
    """New cards introduced and due reviews done on `day` in the whole collection, which
    count against its daily limits (`session.count_done`)."""
    if on_quarters([day]):
        new, reviews = conn.execute(
            "SELECT coalesce(sum(new), 0), coalesce(sum(due_reviews), 0) FROM review_counts "
            "WHERE quarter >= ? AND quarter < ?",
            (quarter(day.start), quarter(day.end)),
        ).fetchone()
        return DayCounts(new=new, reviews=reviews)
    standing = effective(log_rows(conn, day.start, None))  # an undo taking back a grade may come days later
    return count_done(row for row in standing if row.at < day.end)


def answered_on(conn: sqlite3.Connection, day: StudyDay) -> bool:
    """Whether any answer falls on `day`: ours, or one imported from Anki of any kind (a
    learning step counts against no daily limit, yet makes its card shown that day). A few
    rows of the primary key (the quarters a day not on quarter hours touches, too)."""
    return bool(conn.execute(
        "SELECT EXISTS (SELECT 1 FROM review_counts WHERE quarter >= ? AND quarter <= ? AND reviews > 0)",
        (quarter(day.start), quarter(day.end)),
    ).fetchone()[0])


def log_rows(conn: sqlite3.Connection, since: dt.datetime, deck: Decks) -> list[LogRow]:
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
    tally: dict[int, list[int]] = {}
    for row in rows:
        if row.kind in REVIEWS:
            counts = tally.setdefault(quarter(row.at), [0, 0, 0, 0])
            counts[0] += sign * (row.kind is EventKind.NEW)
            counts[1] += sign
            if row.kind in DUE_REVIEWS:
                counts[2] += sign
                counts[3] += sign * passed_review(row)
    _add(conn, tally)


def count_anki_answers(conn: sqlite3.Connection, answers: Iterable[AnkiAnswer]) -> None:
    """Add answers given in Anki to `review_counts`, as `count_reviews` counts them, from their
    times in milliseconds: an import brings them by the hundred thousand, with no event made."""
    tally: dict[int, list[int]] = {}
    for answer in answers:
        counts = tally.setdefault(answer.at_ms // QUARTER_MS, [0, 0, 0, 0])
        counts[1] += 1
        if answer.kind in DUE_REVIEWS:
            counts[2] += 1
            counts[3] += anki_passed(answer.ease)
    _add(conn, tally)


def _add(conn: sqlite3.Connection, tally: dict[int, list[int]]) -> None:
    """Add each quarter's (new, reviews, due reviews, passed) to what the table holds."""
    conn.executemany(
        """INSERT INTO review_counts (quarter, new, reviews, due_reviews, passed) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (quarter) DO UPDATE SET new = new + excluded.new, reviews = reviews + excluded.reviews,
            due_reviews = due_reviews + excluded.due_reviews, passed = passed + excluded.passed""",
        [(quarter, *counts) for quarter, counts in tally.items()],
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
