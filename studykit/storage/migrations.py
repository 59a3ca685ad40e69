"""The collection's schema, as numbered migrations recorded in `PRAGMA user_version`.

Migration i (counting from 1) brings a collection from version i − 1 to i. Each runs in
one transaction with the version bump, so a collection is never half-migrated. A step is an
SQL statement, or a function of the connection where SQL alone cannot say it (checking a
conversion). Append new migrations; never edit a released one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from itertools import groupby

Step = str | Callable[[sqlite3.Connection], None]


class MigrationError(Exception):
    """A migration found something it cannot convert faithfully; it was rolled back."""


# "StKt": tells a studykit collection from any other SQLite file (`PRAGMA application_id`).
APPLICATION_ID = 0x53744B74

# Times are integer microseconds since the Unix epoch, UTC: exact, compact and ordered.
V1 = (
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID""",
    # The cards the decks generate, and each card's record: a cache of the review log.
    """CREATE TABLE cards (
    id TEXT PRIMARY KEY,
    deck TEXT NOT NULL,
    position INTEGER NOT NULL,      -- the order new cards are introduced in
    content TEXT NOT NULL,          -- Card.to_dict() as JSON: shown without regenerating
    content_hash TEXT NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0,  -- no longer generated: kept, never shown
    ef REAL NOT NULL DEFAULT 2.5,
    repetition INTEGER NOT NULL DEFAULT 0,
    interval INTEGER NOT NULL DEFAULT 0,
    due INTEGER,
    lapses INTEGER NOT NULL DEFAULT 0,
    redrill INTEGER NOT NULL DEFAULT 0,
    last_review INTEGER,
    suspended INTEGER NOT NULL DEFAULT 0,
    leech INTEGER NOT NULL DEFAULT 0,
    buried_until INTEGER
)""",
    """CREATE INDEX cards_due ON cards (due)
    WHERE due IS NOT NULL AND retired = 0 AND suspended = 0""",
    """CREATE INDEX cards_new ON cards (position)
    WHERE due IS NULL AND retired = 0 AND suspended = 0""",
    """CREATE INDEX cards_redrill ON cards (last_review)
    WHERE redrill = 1 AND retired = 0 AND suspended = 0""",
    """CREATE INDEX cards_deck ON cards (deck)""",
    # Append-only: every grade, undo, leech, suspension and bury, with the record before and after.
    """CREATE TABLE review_log (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    quality INTEGER,
    answer_ms INTEGER,
    until INTEGER,
    b_ef REAL NOT NULL,
    b_repetition INTEGER NOT NULL,
    b_interval INTEGER NOT NULL,
    b_due INTEGER,
    b_lapses INTEGER NOT NULL,
    b_redrill INTEGER NOT NULL,
    b_last_review INTEGER,
    b_suspended INTEGER NOT NULL,
    b_leech INTEGER NOT NULL,
    b_buried_until INTEGER,
    a_ef REAL NOT NULL,
    a_repetition INTEGER NOT NULL,
    a_interval INTEGER NOT NULL,
    a_due INTEGER,
    a_lapses INTEGER NOT NULL,
    a_redrill INTEGER NOT NULL,
    a_last_review INTEGER,
    a_suspended INTEGER NOT NULL,
    a_leech INTEGER NOT NULL,
    a_buried_until INTEGER
)""",
    """CREATE INDEX review_log_card ON review_log (card_id, id)""",
    """CREATE INDEX review_log_at ON review_log (at)""",
    """CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log
    BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END""",
    """CREATE TRIGGER review_log_no_delete BEFORE DELETE ON review_log
    BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END""",
)

# 2: one deck's queue and every deck's counts read from indexes, not from the table (at
# 100,000 cards a one-deck queue took 50–90 ms and the counts of the decks 200–400 ms).
V2 = (
    # (deck, retired) first: `decks()`; (deck, retired, suspended, due): a deck's due cards in
    # order; the rest makes the counts of `deck_counts()` read the index alone.
    """CREATE INDEX cards_deck_counts ON cards (deck, retired, suspended, due, redrill, last_review, buried_until)""",
    """CREATE INDEX cards_deck_new ON cards (deck, position)
    WHERE due IS NULL AND retired = 0 AND suspended = 0""",
    """DROP INDEX cards_deck""",  # a prefix of cards_deck_counts
    # Each deck's name as the last sync found it, so that the first screen needs no deck file.
    """CREATE TABLE decks (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID""",
)

# 3: cards come from several sources (the bundled fact decks, each imported Anki package), and
# syncing one never touches another's cards. Every card and deck records its source; what the
# sync of each source last saw (fingerprints of its cards and of its inputs) has a row in
# `sources`. Existing cards and decks were made by the bundled fact decks. The inputs
# fingerprint is not carried over, so the next start reads the decks once and records their
# Anki names.
V3 = (
    """ALTER TABLE cards ADD COLUMN source TEXT NOT NULL DEFAULT 'fact-decks'""",
    """ALTER TABLE decks ADD COLUMN source TEXT NOT NULL DEFAULT 'fact-decks'""",
    """ALTER TABLE decks ADD COLUMN anki_name TEXT""",
    """CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    cards_hash TEXT,   -- the fingerprint of the cards of the last sync: unchanged, nothing written
    inputs_hash TEXT   -- what the cards were made from, as the source fingerprints it
) WITHOUT ROWID""",
    """INSERT INTO sources (id, cards_hash) SELECT 'fact-decks', value FROM meta WHERE key = 'cards_hash'""",
    """DELETE FROM meta WHERE key IN ('cards_hash', 'inputs_hash')""",
)

# 4: imported Anki packages. Each import and each removal of an imported deck is one row: the
# package (its file, name and SHA-256), when, and what it brought or took away as JSON (decks,
# notes, cards per note type, media, reviews, problems), so `studykit imports` needs no package.
V4 = (
    """CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,   -- 'import' or 'remove'
    source TEXT NOT NULL,   -- the card source the package's cards belong to
    file TEXT NOT NULL,     -- the package as it was given (for a removal: the deck removed)
    sha256 TEXT NOT NULL,
    at INTEGER NOT NULL,    -- microseconds since the epoch, UTC
    summary TEXT NOT NULL   -- JSON
)""",
    """CREATE INDEX imports_source ON imports (source, id)""",
)


def _check_conversion(conn: sqlite3.Connection) -> None:
    """Migration 5 drops each log entry's record before and after: replaying the converted
    entries must give every one of them back, or the collection stays as it was.

    Checked as rows: each replayed record after an entry is the one logged, and each logged
    record before an entry is the one logged after the card's entry before it (or a new card's).
    """
    from studykit.core.session import CardRecord, Replay
    from studykit.storage import converters as cv

    old, new = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("review_log", "review_log_v5"))
    if old != new:
        raise MigrationError(
            f"{old - new} of {old} review-log entries name a card the collection does not have, or a kind of "
            "event studykit does not know"
        )
    n = len(cv.STATE_COLUMNS)
    rows = conn.execute(
        f"""SELECT old.card_id, new.id, new.at, new.kind, new.grade, new.answer_ms, new.until,
        {", ".join(f"old.b_{c}" for c in cv.STATE_COLUMNS)}, {", ".join(f"old.a_{c}" for c in cv.STATE_COLUMNS)}
        FROM review_log AS old JOIN review_log_v5 AS new ON new.id = old.id ORDER BY old.card_id, old.id"""
    )
    for card_id, history in groupby(rows, key=lambda row: row[0]):
        fold = Replay()  # one card at a time: a long log is never all in memory
        logged = cv.record_to_row(CardRecord(card_id))
        for row in history:
            try:
                event = fold.apply(cv.entry_from_row(card_id, row[2:7]))
            except cv.Damaged as error:
                raise MigrationError(f"review-log entry {row[1]}: {error}") from None
            before, after = tuple(row[7:7 + n]), tuple(row[7 + n:])
            if before != logged or cv.record_to_row(event.after) != after:
                raise MigrationError(
                    f"review-log entry {row[1]} (card {card_id!r}, {event.kind.value}) does not replay to the "
                    "records it logged, so converting the log would lose them"
                )
            logged = after


def _count_reviews(conn: sqlite3.Connection) -> None:
    from studykit.storage.review_counts import rebuild_review_counts

    rebuild_review_counts(conn)


# 5: a compact review log. Each entry keeps what replay needs and nothing it can recompute:
# the card's state before and after (twenty columns, twice the record) are gone, the card is
# a small integer, the kind a code. Two kinds of event arrive from outside (set-state, with
# the state it sets, and imported Anki reviews). Statistics and today's limits are counted
# from indexes and from counts per quarter hour kept with each grade, not from the log.
_CARD_COLUMNS = """id, source, deck, position, retired, ef, repetition, interval, due, lapses, redrill,
    last_review, suspended, leech, buried_until, content_hash, content"""
V5: tuple[Step, ...] = (
    # Cards get a number for the log to name them by (SQLite cannot add a primary key to a
    # table, so the table is rebuilt), and the content goes last: a card's scheduling
    # columns are read without stepping over its text.
    """CREATE TABLE cards_v5 (
    number INTEGER PRIMARY KEY,     -- the card in the review log; never reused (cards are retired, not deleted)
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL DEFAULT 'fact-decks',  -- what made the card (migration 3)
    deck TEXT NOT NULL,
    position INTEGER NOT NULL,      -- the order new cards are introduced in
    retired INTEGER NOT NULL DEFAULT 0,  -- no longer generated: kept, never shown
    ef REAL NOT NULL DEFAULT 2.5,
    repetition INTEGER NOT NULL DEFAULT 0,
    interval INTEGER NOT NULL DEFAULT 0,
    due INTEGER,
    lapses INTEGER NOT NULL DEFAULT 0,
    redrill INTEGER NOT NULL DEFAULT 0,
    last_review INTEGER,
    suspended INTEGER NOT NULL DEFAULT 0,
    leech INTEGER NOT NULL DEFAULT 0,
    buried_until INTEGER,
    content_hash TEXT NOT NULL,
    content TEXT NOT NULL           -- Card.to_dict() as JSON: shown without regenerating
)""",
    f"INSERT INTO cards_v5 (number, {_CARD_COLUMNS}) SELECT rowid, {_CARD_COLUMNS} FROM cards ORDER BY rowid",
    """DROP TABLE cards""",
    """ALTER TABLE cards_v5 RENAME TO cards""",
    """CREATE INDEX cards_due ON cards (due)
    WHERE due IS NOT NULL AND retired = 0 AND suspended = 0""",
    """CREATE INDEX cards_new ON cards (position)
    WHERE due IS NULL AND retired = 0 AND suspended = 0""",
    """CREATE INDEX cards_redrill ON cards (last_review)
    WHERE redrill = 1 AND retired = 0 AND suspended = 0""",
    """CREATE INDEX cards_deck_counts ON cards (deck, retired, suspended, due, redrill, last_review, buried_until)""",
    """CREATE INDEX cards_deck_new ON cards (deck, position)
    WHERE due IS NULL AND retired = 0 AND suspended = 0""",
    # For the statistics: each state of the cards is the count of an index (`statistics`).
    """CREATE INDEX cards_learning ON cards (deck)
    WHERE repetition <= 1 AND due IS NOT NULL AND retired = 0 AND suspended = 0""",
    """CREATE INDEX cards_set_aside ON cards (deck, retired) WHERE retired = 1 OR suspended = 1""",
    """CREATE INDEX cards_buried ON cards (deck) WHERE buried_until > due AND retired = 0 AND suspended = 0""",
    # The kinds of event, by the code the log stores (0 and 1 take no space in a record).
    """CREATE TABLE event_kinds (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)""",
    """INSERT INTO event_kinds (code, name) VALUES
    (0, 'new'), (1, 'review'), (2, 'redrill'), (3, 'leech'), (4, 'suspend'), (5, 'unsuspend'),
    (6, 'bury'), (7, 'undo'), (8, 'set-state'),
    (9, 'anki-learn'), (10, 'anki-review'), (11, 'anki-relearn'), (12, 'anki-filtered')""",
    """CREATE TABLE review_log_v5 (
    id INTEGER PRIMARY KEY,         -- log order: the order replay follows
    card INTEGER NOT NULL REFERENCES cards (number),
    at INTEGER NOT NULL,            -- when, in microseconds since the epoch (UTC)
    kind INTEGER NOT NULL REFERENCES event_kinds (code),
    grade INTEGER,                  -- a grade's SM-2 quality (0-5); an imported Anki review's ease (1-4)
    answer_ms INTEGER,              -- grades and imported reviews: from showing the card to the answer
    until INTEGER                   -- bury: hidden until then
)""",
    """INSERT INTO review_log_v5 (id, card, at, kind, grade, answer_ms, until)
    SELECT log.id, cards.number, log.at, kinds.code, log.quality, log.answer_ms, log.until
    FROM review_log AS log JOIN cards ON cards.id = log.card_id JOIN event_kinds AS kinds ON kinds.name = log.kind
    ORDER BY log.id""",
    _check_conversion,
    """DROP TABLE review_log""",
    """ALTER TABLE review_log_v5 RENAME TO review_log""",
    # The state each set-state event sets (the CardState columns of `cards`).
    """CREATE TABLE set_states (
    event INTEGER PRIMARY KEY REFERENCES review_log (id),
    ef REAL NOT NULL,
    repetition INTEGER NOT NULL,
    interval INTEGER NOT NULL,
    due INTEGER,
    lapses INTEGER NOT NULL,
    redrill INTEGER NOT NULL,
    last_review INTEGER
)""",
    # A card's history, in log order (an index holds the rowid, the id, already).
    """CREATE INDEX review_log_card ON review_log (card)""",
    # The few undo events, to take back the grades they undid when counting again.
    """CREATE INDEX review_log_undo ON review_log (card) WHERE kind = 7""",
    # The reviews of each quarter hour that stand (undone ones taken off): a cache of the log
    # kept with each grade, for today's limits and the statistics (`statistics`).
    """CREATE TABLE review_counts (
    quarter INTEGER PRIMARY KEY,    -- at // 15 minutes
    new INTEGER NOT NULL,           -- first grades of new cards
    reviews INTEGER NOT NULL,       -- every review: grades, re-drills, imported Anki reviews
    due_reviews INTEGER NOT NULL,   -- due reviews (ours and Anki's)
    passed INTEGER NOT NULL         -- due reviews passed
)""",
    _count_reviews,
    *(
        f"""CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table}
    BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END"""
        for table in ("review_log", "set_states") for action in ("update", "delete")
    ),
)


# 6: the decks screen and the nothing-due screen counted from a few rows of indexes, not from
# every card: each deck's size kept by the database itself, a deck's new cards counted with
# their bury from one index, and every buried card (not only those buried past their due).
V6: tuple[Step, ...] = (
    """DROP INDEX cards_deck_new""",
    """CREATE INDEX cards_deck_new ON cards (deck, position, buried_until)
    WHERE due IS NULL AND retired = 0 AND suspended = 0""",
    """DROP INDEX cards_buried""",
    """CREATE INDEX cards_buried ON cards (deck) WHERE buried_until IS NOT NULL AND retired = 0 AND suspended = 0""",
    # Each deck's cards that are not retired, kept by the database itself whoever writes the
    # cards: counting 100,000 cards for the decks screen at every visit took tens of ms.
    """CREATE TABLE deck_sizes (deck TEXT PRIMARY KEY, cards INTEGER NOT NULL) WITHOUT ROWID""",
    """INSERT INTO deck_sizes (deck, cards) SELECT deck, count(*) FROM cards WHERE retired = 0 GROUP BY deck""",
    """CREATE TRIGGER cards_added AFTER INSERT ON cards WHEN NEW.retired = 0 BEGIN
    INSERT INTO deck_sizes (deck, cards) VALUES (NEW.deck, 1) ON CONFLICT (deck) DO UPDATE SET cards = cards + 1;
    END""",
    """CREATE TRIGGER cards_moved AFTER UPDATE OF deck, retired ON cards BEGIN
    UPDATE deck_sizes SET cards = cards - 1 WHERE deck = OLD.deck AND OLD.retired = 0;
    INSERT INTO deck_sizes (deck, cards) SELECT NEW.deck, 1 WHERE NEW.retired = 0
        ON CONFLICT (deck) DO UPDATE SET cards = cards + 1;
    END""",
    """CREATE TRIGGER cards_removed AFTER DELETE ON cards WHEN OLD.retired = 0 BEGIN
    UPDATE deck_sizes SET cards = cards - 1 WHERE deck = OLD.deck;
    END""",
)


# 7: damage found at open without reading a million rows. A value of the wrong type or out of
# range (text in a time column, a time past the calendar, a grade that is not one: what a
# damaged file or another program's UPDATE leaves) would crash whatever reads it later, maybe
# only in the statistics of one deck. Each predicate below holds for every row studykit writes;
# a partial index of the rows where it does not is empty in a sound collection, SQLite keeps it
# as rows are written (one evaluation per row, no entry), and the check at every open
# (`integrity`) asks each index for one row: microseconds, where scanning the log took a second.
# Times: microseconds from 0001-01-02 to 9999-12-31 (`converters.FIRST_US`, `LAST_US`). Event
# kinds: the codes of `event_kinds` (a later migration that adds a kind makes the index again).
# The text of these predicates is part of the migration: the check repeats it, so that SQLite
# uses the index.
_TIME = "BETWEEN -62135510400000000 AND 253402214400000000"
CARDS_SOUND = f"""typeof(id) = 'text' AND typeof(source) = 'text' AND typeof(deck) = 'text'
    AND typeof(position) = 'integer' AND typeof(retired) = 'integer' AND typeof(suspended) = 'integer'
    AND typeof(leech) = 'integer' AND typeof(redrill) = 'integer'
    AND typeof(ef) IN ('real', 'integer') AND ef BETWEEN -1e300 AND 1e300
    AND typeof(repetition) = 'integer' AND typeof(interval) = 'integer' AND typeof(lapses) = 'integer'
    AND (due IS NULL OR typeof(due) = 'integer' AND due {_TIME})
    AND (last_review IS NULL OR typeof(last_review) = 'integer' AND last_review {_TIME})
    AND (buried_until IS NULL OR typeof(buried_until) = 'integer' AND buried_until {_TIME})
    AND typeof(content_hash) = 'text' AND typeof(content) = 'text'
    AND json_valid(content) AND json_type(content) = 'object'"""
REVIEW_LOG_SOUND = f"""typeof(card) = 'integer' AND typeof(kind) = 'integer' AND kind BETWEEN 0 AND 13
    AND typeof(at) = 'integer' AND at {_TIME}
    AND (grade IS NULL OR typeof(grade) = 'integer' AND grade BETWEEN 0 AND 5)
    AND (kind NOT IN (0, 1, 2) OR grade IS NOT NULL)
    AND (kind NOT IN (9, 10, 11, 12) OR grade IS NOT NULL AND grade BETWEEN 1 AND 4)
    AND (answer_ms IS NULL OR typeof(answer_ms) = 'integer')
    AND (until IS NULL OR typeof(until) = 'integer' AND until {_TIME})"""
SET_STATES_SOUND = f"""typeof(ef) IN ('real', 'integer') AND ef BETWEEN -1e300 AND 1e300
    AND typeof(repetition) = 'integer' AND typeof(interval) = 'integer' AND typeof(lapses) = 'integer'
    AND typeof(redrill) = 'integer'
    AND (due IS NULL OR typeof(due) = 'integer' AND due {_TIME})
    AND (last_review IS NULL OR typeof(last_review) = 'integer' AND last_review {_TIME})"""
DAMAGE_INDEXES = {  # table -> (index, key, the predicate every sound row meets)
    "cards": ("cards_damaged", "number", CARDS_SOUND),
    "review_log": ("review_log_damaged", "id", REVIEW_LOG_SOUND),
    "set_states": ("set_states_damaged", "event", SET_STATES_SOUND),
}
V7: tuple[Step, ...] = tuple(
    f"CREATE INDEX {index} ON {table} ({key}) WHERE NOT ({sound})"
    for table, (index, key, sound) in DAMAGE_INDEXES.items()
)


# 8: managing cards. Flags (Anki's seven colours, 1–7) are the student's marks, not
# scheduling: a table of their own, not the review log. Daily limits of the whole collection
# (scope '') and of single decks (scope: the deck's id, or a parent's name); NULL: not set there.
# A card shown again before its bury ends is a kind of event of its own (unbury): the index of
# damaged log rows (migration 7) is made again to know it.
V8: tuple[Step, ...] = (
    """CREATE TABLE card_flags (
    card_id TEXT PRIMARY KEY,
    flag INTEGER NOT NULL CHECK (flag BETWEEN 1 AND 7)
) WITHOUT ROWID""",
    """CREATE TABLE daily_limits (
    scope TEXT PRIMARY KEY,
    new_per_day INTEGER CHECK (new_per_day >= 0),
    reviews_per_day INTEGER CHECK (reviews_per_day >= 0)
) WITHOUT ROWID""",
    """INSERT INTO event_kinds (code, name) VALUES (13, 'unbury')""",
    """DROP INDEX review_log_damaged""",
    f"CREATE INDEX review_log_damaged ON review_log (id) WHERE NOT ({REVIEW_LOG_SOUND})",
)

# 9: the counts of reviews checked the same way: a table of a row per quarter hour with answers
# (150,000 rows at a million reviews) took 150 ms to scan at every open.
REVIEW_COUNTS_SOUND = """typeof(quarter) = 'integer' AND typeof(new) = 'integer' AND typeof(reviews) = 'integer'
    AND typeof(due_reviews) = 'integer' AND typeof(passed) = 'integer'"""
V9_DAMAGE_INDEXES = {"review_counts": ("review_counts_damaged", "quarter", REVIEW_COUNTS_SOUND)}
V9: tuple[Step, ...] = tuple(
    f"CREATE INDEX {index} ON {table} ({key}) WHERE NOT ({sound})"
    for table, (index, key, sound) in V9_DAMAGE_INDEXES.items()
)
# Every damage index of the current schema: what the check at open asks.
ALL_DAMAGE_INDEXES = {**DAMAGE_INDEXES, **V9_DAMAGE_INDEXES}

MIGRATIONS: tuple[Sequence[Step], ...] = (V1, V2, V3, V4, V5, V6, V7, V8, V9)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection, migrations: Sequence[Sequence[Step]] = MIGRATIONS,
    *, verify: Callable[[sqlite3.Connection], str | None] | None = None,
) -> int:
    """Bring the schema up to `len(migrations)`; returns the version reached.

    `conn` must be in autocommit mode (`isolation_level=None`): the transaction is explicit.
    The version is read again under the write lock, so two processes opening a new
    collection at once migrate it once. `verify`, run on the migrated collection before the
    commit, may find it damaged (its answer, a problem in words): then nothing is committed.
    """
    if user_version(conn) >= len(migrations):
        return user_version(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = user_version(conn)
        for number in range(version + 1, len(migrations) + 1):
            for step in migrations[number - 1]:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        problem = None if verify is None or version == 0 else verify(conn)
        if problem is not None:
            raise MigrationError(f"it is damaged: {problem}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return user_version(conn)
