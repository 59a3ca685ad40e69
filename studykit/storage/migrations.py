"""The collection's schema, as numbered migrations recorded in `PRAGMA user_version`.

Migration i (counting from 1) brings a collection from version i − 1 to i. Each runs in
one transaction with the version bump, so a collection is never half-migrated. Append new
migrations; never edit a released one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

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

MIGRATIONS: tuple[Sequence[str], ...] = (V1, V2, V3, V4)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> int:
    """Bring the schema up to `len(migrations)`; returns the version reached.

    `conn` must be in autocommit mode (`isolation_level=None`): the transaction is explicit.
    The version is read again under the write lock, so two processes opening a new
    collection at once migrate it once.
    """
    if user_version(conn) >= len(migrations):
        return user_version(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = user_version(conn)
        for number in range(version + 1, len(migrations) + 1):
            for statement in migrations[number - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return user_version(conn)
