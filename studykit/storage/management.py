"""What the collection keeps for managing cards, beside their schedule: flags, daily limits, and
what the card browser reads (every card with its record, its flag and how often it was graded).

`Collection` inherits these methods; they live here to keep the collection's core (sync, the
review log, sessions) apart from what only the browser and the options use.

- Flags (Anki's seven colours) are the student's marks, not scheduling: a table of their own,
  written at once, not in the review log (nothing replays them).
- Daily limits: one row per scope, `''` for the whole collection, else a deck's key (its id, or
  for a parent that is only a name, the name); a limit left NULL is not set there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import NamedTuple

from studykit.core.limits import DailyLimits
from studykit.core.session import (
    ANKI_REVIEWS,
    GRADES,
    CardRecord,
    DayCounts,
    EventKind,
    LogRow,
    StudyDay,
    count_done,
    effective,
    taken_back,
)
from studykit.storage import converters as cv

COLLECTION_SCOPE = ""  # the daily limits of the whole collection
FLAG_COUNT = 7


class CardStanding(NamedTuple):
    """Where a card stands, as the browser lists it (its content is read apart, once): its deck
    and source, its place in the order new cards come in, its flag (0: none), and its record's
    columns as stored (times in microseconds since the epoch, UTC). A tuple: a search reads every
    card, and making a `CardRecord` of each would cost more than the search itself; `record`
    makes one for a card that needs it."""

    card_id: str
    deck: str
    source: str
    position: int
    flag: int
    ef: float
    repetition: int
    interval: int
    due: int | None
    lapses: int
    redrill: int
    last_review: int | None
    suspended: int
    leech: int
    buried_until: int | None

    @property
    def record(self) -> CardRecord:
        return cv.record_from_row(self.card_id, self[5:])


class CardManagement:
    """Flags, daily limits and the browser's reads, as methods of `Collection`."""

    connection: sqlite3.Connection

    def _errors(self, action: str) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _write(self, action: str) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    # --- flags ---------------------------------------------------------------------------------

    def flags(self) -> dict[str, int]:
        """Each flagged card's flag (1–7)."""
        with self._errors("read"):
            return dict(self.connection.execute("SELECT card_id, flag FROM card_flags").fetchall())

    def set_flag(self, card_ids: Iterable[str], flag: int) -> int:
        """Flag the cards (1–7), or take their flag off (0); returns how many cards there were."""
        if isinstance(flag, bool) or not isinstance(flag, int) or not 0 <= flag <= FLAG_COUNT:
            raise ValueError(f"a flag is 0 (none) or 1–{FLAG_COUNT}, not {flag!r}")
        ids = list(dict.fromkeys(card_ids))
        with self._write("flag cards in") as conn:
            known = self._existing(conn, ids)
            if flag:
                conn.executemany("INSERT OR REPLACE INTO card_flags (card_id, flag) VALUES (?, ?)",
                                 [(card_id, flag) for card_id in known])
            else:
                conn.executemany("DELETE FROM card_flags WHERE card_id = ?", [(card_id,) for card_id in known])
        return len(known)

    @staticmethod
    def _existing(conn: sqlite3.Connection, ids: Sequence[str]) -> list[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update(row[0] for row in conn.execute(
                f"SELECT id FROM cards WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return [card_id for card_id in ids if card_id in found]

    # --- daily limits ------------------------------------------------------------------------------

    def daily_limits(self) -> dict[str, DailyLimits]:
        """Every scope's limits as set (`COLLECTION_SCOPE`: the whole collection's)."""
        with self._errors("read"):
            rows = self.connection.execute("SELECT scope, new_per_day, reviews_per_day FROM daily_limits").fetchall()
        return {scope: DailyLimits(new, reviews) for scope, new, reviews in rows}

    def set_daily_limits(self, scope: str, limits: DailyLimits) -> None:
        """Set a scope's limits (None: not set there); with none set, the scope's row goes."""
        with self._write("save the daily limits in") as conn:
            if limits.empty:
                conn.execute("DELETE FROM daily_limits WHERE scope = ?", (scope,))
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO daily_limits (scope, new_per_day, reviews_per_day) VALUES (?, ?, ?)",
                    (scope, limits.new_per_day, limits.reviews_per_day),
                )

    def done_by_deck(self, day: StudyDay) -> dict[str, DayCounts]:
        """New cards introduced and due reviews done on `day`, deck by deck: what the decks'
        own limits count against (`session.count_done`; an undo taking back a grade of the day
        may come later, so the log is read from the day's start on)."""
        with self._errors("read"):
            rows = self.connection.execute(
                """SELECT cards.deck, cards.id, log.at, log.kind, log.grade
                FROM review_log AS log JOIN cards ON cards.number = log.card WHERE log.at >= ? ORDER BY log.id""",
                (cv.to_us(day.start),),
            ).fetchall()
        by_deck: dict[str, list[LogRow]] = {}
        for deck, *row in rows:
            by_deck.setdefault(deck, []).append(cv.log_row_from_row(row))
        end = day.end
        return {deck: count_done(row for row in effective(deck_rows) if row.at < end)
                for deck, deck_rows in by_deck.items()}

    def _decks_of(self, card_ids: Iterable[str]) -> dict[str, str]:
        ids = list(card_ids)
        out: dict[str, str] = {}
        with self._errors("read"):
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                out.update(self.connection.execute(
                    f"SELECT id, deck FROM cards WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return out

    # --- the browser's reads -------------------------------------------------------------------------

    def standings(self, card_id: str | None = None) -> list[CardStanding]:
        """Every card in use (not retired), in the order new cards come in; or the one card."""
        where, params = ("cards.id = ?", (card_id,)) if card_id is not None else ("retired = 0", ())
        with self._errors("read"):
            rows = self.connection.execute(
                f"SELECT cards.id, deck, source, position, coalesce(flag, 0), {', '.join(cv.STATE_COLUMNS)} "
                f"FROM cards LEFT JOIN card_flags ON card_flags.card_id = cards.id WHERE {where} ORDER BY position",
                params,
            ).fetchall()
        return [CardStanding._make(row) for row in rows]

    def records_of(self, card_ids: Iterable[str]) -> dict[str, CardRecord]:
        """The cached records of these cards (those the collection has)."""
        ids = list(dict.fromkeys(card_ids))
        out: dict[str, CardRecord] = {}
        with self._errors("read"):
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for card_id, *state in self.connection.execute(
                    f"SELECT id, {', '.join(cv.STATE_COLUMNS)} FROM cards WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ):
                    out[card_id] = cv.record_from_row(card_id, state)
        return out

    _grades_at: tuple[int | None, Mapping[str, int]] | None = None

    def grade_counts(self) -> Mapping[str, int]:
        """How many grades each card has had, undone ones not counted (Anki's "reviews").

        A count over the whole log, which every search needs (a tenth of a second at 5,000
        cards with their Anki history): kept until the log grows. The log is append-only, so
        its last entry's id tells whether anything was written since (by any connection)."""
        with self._errors("read"):
            last = self.connection.execute("SELECT max(id) FROM review_log").fetchone()[0]
        kept = self._grades_at
        if kept is None or kept[0] != last:
            kept = self._grades_at = (last, self._grade_counts())
        return kept[1]

    def _grade_counts(self) -> dict[str, int]:
        """How many grades each card has had, here or in Anki before an import, undone ones not
        counted: a count over the log, and the few cards with an undo event looked at one by one."""
        counted = ", ".join(str(cv.KIND_CODES[kind]) for kind in sorted(GRADES | ANKI_REVIEWS))
        undo = cv.KIND_CODES[EventKind.UNDO]
        with self._errors("read"):
            counts: dict[str, int] = dict(self.connection.execute(
                f"""SELECT cards.id, count(*) FROM review_log AS log JOIN cards ON cards.number = log.card
                WHERE log.kind IN ({counted}) GROUP BY log.card"""
            ).fetchall())
            undone = self.connection.execute(
                f"""SELECT cards.id, log.card FROM cards JOIN (SELECT DISTINCT card FROM review_log INDEXED BY
                review_log_undo WHERE kind = {undo}) AS log ON cards.number = log.card"""
            ).fetchall()
            for card_id, number in undone:
                history = self.connection.execute(
                    "SELECT ?, at, kind, grade FROM review_log WHERE card = ? ORDER BY id", (card_id, number))
                taken = sum(1 for row in taken_back(cv.log_row_from_row(r) for r in history)
                            if row.kind in GRADES or row.kind in ANKI_REVIEWS)
                counts[card_id] = counts.get(card_id, 0) - taken
        return counts
