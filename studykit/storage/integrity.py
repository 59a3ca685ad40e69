"""Is the collection sound? The one check made at every open, before anything is written.

Three parts, from the cheapest:

- **The schema**: the tables of the collection's version, with their columns, and its
  indexes, as the migrations make them (a dropped table, a missing column or index: the
  queries name their indexes). Read from `sqlite_master`; under a millisecond. A missing
  trigger (the log's append-only guard) is no damage to what is there.
- **The content**: a value that is not what its column holds (text in a time column, a time
  past the calendar, an unknown kind of event, card content that is not JSON) would crash
  whatever reads it later. Migrations 7 to 9 keep a partial index of such rows for the large
  tables (cards, the log, the states it sets, the counts of reviews), empty in a sound
  collection, so asking it costs microseconds where a scan took 4 s at a million reviews; the
  small tables (decks, sources, imports, the decks' sizes) are read whole.
- **The file**: `PRAGMA quick_check` reads every page of every table and index and checks
  its structure (a page overwritten or cut short, a broken b-tree). It costs what reading
  the whole file costs: 0.6-1.6 s at 100,000 cards and 1,000,000 reviews (a 100 MB file;
  `bench/bench_collection.py`), too long to wait for before the first card.

So a collection opened for writing checks the schema at once and runs the other two on a
thread and a read-only connection of their own (`Verifier`); every write waits for its
verdict, and none is made into a damaged file. The review app asks for the verdict as soon
as it has one (`Collection.verdict`) and stops before the student grades anything. A
collection opened only for reading (`studykit stats`) checks the content before it reads, and
the file too unless it is as it was when last found sound (`verified`).
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from studykit.storage import converters as cv
from studykit.storage.migrations import ALL_DAMAGE_INDEXES, MIGRATIONS, migrate

# A check returns what is wrong, in words, or None.
Problem = str | None


# The schema of a collection of version `WRITTEN_OUT` as `expected_schema` works it out from
# the migrations, written out: running them in memory takes tens of milliseconds, which every
# command would pay at open. A test compares the two; a later version falls back to the migrations.
WRITTEN_OUT = 9
_TABLES = {
    "meta": "key value",
    "decks": "id name source anki_name",
    "sources": "id cards_hash inputs_hash",
    "imports": "id action source file sha256 at summary",
    "cards": "number id source deck position retired ef repetition interval due lapses redrill last_review "
             "suspended leech buried_until content_hash content",
    "event_kinds": "code name",
    "review_log": "id card at kind grade answer_ms until",
    "set_states": "event ef repetition interval due lapses redrill last_review",
    "review_counts": "quarter new reviews due_reviews passed",
    "deck_sizes": "deck cards",
    "card_flags": "card_id flag",
    "daily_limits": "scope new_per_day reviews_per_day",
}
_INDEXES = (
    "imports_source", "cards_due", "cards_new", "cards_redrill", "cards_deck_counts", "cards_learning",
    "cards_set_aside", "review_log_card", "review_log_undo", "cards_deck_new", "cards_buried", "cards_damaged",
    "review_log_damaged", "set_states_damaged", "review_counts_damaged",
)


@functools.cache
def expected_schema(version: int) -> dict[tuple[str, str], tuple[str, ...]]:
    """(type, name) -> columns (of a table; () for an index) of a collection of `version`, as
    the migrations make it (written out for `WRITTEN_OUT`)."""
    if version == WRITTEN_OUT:
        return {
            **{("table", name): tuple(columns.split()) for name, columns in _TABLES.items()},
            **{("index", name): () for name in _INDEXES},
        }
    return migrated_schema(version)


def migrated_schema(version: int) -> dict[tuple[str, str], tuple[str, ...]]:
    """The schema the migrations up to `version` make, run on an empty database in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, MIGRATIONS[:version])
        return schema_of(conn)
    finally:
        conn.close()


def schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, ...]]:
    rows = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index') "
        "AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
    ).fetchall()
    schema = {}
    for kind, name in rows:
        columns: tuple[str, ...] = ()
        if kind == "table":
            columns = tuple(row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (name,)))
        schema[(kind, name)] = columns
    return schema


def check_schema(conn: sqlite3.Connection, version: int) -> Problem:
    """What the collection lacks of the schema of its `version` (extra tables or indexes a
    user added are no damage)."""
    have = schema_of(conn)
    for (kind, name), columns in expected_schema(version).items():
        if (kind, name) not in have:
            return f"its {kind} {name} is missing"
        missing = [column for column in columns if column not in have[(kind, name)]]
        if missing:
            return f"its table {name} has no column {missing[0]}"
    return None


# --- content ----------------------------------------------------------------------------------


def _first_damaged(conn: sqlite3.Connection, table: str) -> int | None:
    index, key, sound = ALL_DAMAGE_INDEXES[table]
    row = conn.execute(f"SELECT {key} FROM {table} INDEXED BY {index} WHERE NOT ({sound}) LIMIT 1").fetchone()
    return None if row is None else int(row[0])


def _card_problem(conn: sqlite3.Connection, number: int) -> str:
    row = conn.execute(f"SELECT id, {', '.join(cv.STATE_COLUMNS)}, content FROM cards WHERE number = ?",
                       (number,)).fetchone()
    card_id = row[0] if isinstance(row[0], str) else f"number {number}"
    try:
        cv.record_from_row(card_id, row[1:-1])
        if not isinstance(row[-1], str):
            raise cv.Damaged(f"the content of card {card_id!r} is {cv.shown(row[-1])}, not text")
        cv.card_from_content(row[-1], card_id)
    except cv.Damaged as error:
        return str(error)
    return f"card {card_id!r} holds a value of the wrong type"


def _log_problem(conn: sqlite3.Connection, log_id: int) -> str:
    row = conn.execute(
        f"SELECT log.card, cards.id, {', '.join(f'log.{c}' for c in cv.LOG_COLUMNS[1:])}, "
        f"{', '.join(f'states.{c}' for c in cv.CARD_STATE_COLUMNS)} "
        "FROM review_log AS log LEFT JOIN cards ON cards.number = log.card "
        "LEFT JOIN set_states AS states ON states.event = log.id WHERE log.id = ?", (log_id,),
    ).fetchone()
    n = len(cv.LOG_COLUMNS)
    try:
        cv.entry_from_row(row[1] or f"number {row[0]}", row[2:n + 1], row[n + 1:])
    except cv.Damaged as error:
        return f"review-log entry {log_id}: {error}"
    return f"review-log entry {log_id} holds a value of the wrong type"


def _state_problem(conn: sqlite3.Connection, event: int) -> str:
    row = conn.execute(f"SELECT {', '.join(cv.CARD_STATE_COLUMNS)} FROM set_states WHERE event = ?",
                       (event,)).fetchone()
    try:
        cv.state_from_row(row)
    except cv.Damaged as error:
        return f"the state set by review-log entry {event}: {error}"
    return f"the state set by review-log entry {event} holds a value of the wrong type"


def _small_tables(conn: sqlite3.Connection) -> Problem:
    """The small tables, read whole (decks, sources, imports, the decks' sizes, flags, daily
    limits), and the counts of reviews."""
    row = conn.execute(
        "SELECT id FROM decks WHERE NOT (typeof(id) = 'text' AND typeof(name) = 'text' AND typeof(source) = 'text' "
        "AND (anki_name IS NULL OR typeof(anki_name) = 'text')) LIMIT 1"
    ).fetchone()
    if row is not None:
        return f"the deck {cv.shown(row[0])} holds a value of the wrong type"
    row = conn.execute(
        "SELECT id FROM sources WHERE NOT (typeof(id) = 'text' AND (cards_hash IS NULL OR typeof(cards_hash) = "
        "'text') AND (inputs_hash IS NULL OR typeof(inputs_hash) = 'text')) LIMIT 1"
    ).fetchone()
    if row is not None:
        return f"the source {cv.shown(row[0])} holds a value of the wrong type"
    row = conn.execute(
        f"SELECT id FROM imports WHERE NOT (typeof(action) = 'text' AND typeof(source) = 'text' "
        f"AND typeof(file) = 'text' AND typeof(sha256) = 'text' AND typeof(at) = 'integer' "
        f"AND at BETWEEN {cv.FIRST_US} AND {cv.LAST_US} AND typeof(summary) = 'text' AND json_valid(summary) "
        f"AND json_type(summary) = 'object') LIMIT 1"
    ).fetchone()
    if row is not None:
        return f"the record of import {row[0]} holds a value of the wrong type"
    quarter = _first_damaged(conn, "review_counts")
    if quarter is not None:
        return f"the count of reviews of quarter hour {quarter} is not a whole number"
    row = conn.execute(
        "SELECT deck FROM deck_sizes WHERE NOT (typeof(deck) = 'text' AND typeof(cards) = 'integer') LIMIT 1"
    ).fetchone()
    if row is not None:
        return f"the size of the deck {cv.shown(row[0])} is not a whole number"
    row = conn.execute(
        "SELECT card_id FROM card_flags WHERE NOT (typeof(card_id) = 'text' AND typeof(flag) = 'integer' "
        "AND flag BETWEEN 1 AND 7) LIMIT 1"
    ).fetchone()
    if row is not None:
        return f"the flag of card {cv.shown(row[0])} is not one of 1 to 7"
    row = conn.execute(
        "SELECT scope FROM daily_limits WHERE NOT (typeof(scope) = 'text' "
        "AND (new_per_day IS NULL OR typeof(new_per_day) = 'integer' AND new_per_day >= 0) "
        "AND (reviews_per_day IS NULL OR typeof(reviews_per_day) = 'integer' AND reviews_per_day >= 0)) LIMIT 1"
    ).fetchone()
    if row is not None:
        return f"the daily limits of {cv.shown(row[0]) if row[0] else 'the collection'} are not whole numbers"
    return None


def check_content(conn: sqlite3.Connection) -> Problem:
    """The first value of the wrong type or out of range, in words (a collection of the
    current schema: the damage indexes of migrations 7 to 9 answer for the large tables)."""
    for table, describe in (("cards", _card_problem), ("review_log", _log_problem), ("set_states", _state_problem)):
        found = _first_damaged(conn, table)
        if found is not None:
            return describe(conn, found)
    return _small_tables(conn)


def check_file(conn: sqlite3.Connection) -> Problem:
    """`PRAGMA quick_check`: every page read and its structure checked. The first finding, in
    SQLite's words."""
    found = [
        line.strip()
        for (row,) in conn.execute("PRAGMA quick_check(10)").fetchall()
        for line in str(row).splitlines()
        if line.strip() and line.strip() != "*** in database main ***"
    ]
    if found == ["ok"]:
        return None
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"SQLite's check of the file found damage: {found[0]}{more}"


def full_check(conn: sqlite3.Connection, *, whole_file: bool = True) -> Problem:
    """The content, then the file (`whole_file`): what the `Verifier` runs, and what a
    collection opened for reading checks before it is read (the file only if it changed since
    it was last found sound: `verified`)."""
    try:
        return check_content(conn) or (check_file(conn) if whole_file else None)
    except sqlite3.DatabaseError as error:  # a page so damaged that reading it fails
        return f"SQLite cannot read it ({error})"


# --- in the background --------------------------------------------------------------------------


class Verifier:
    """The content and file checks of a collection, on a thread and a read-only connection of
    their own, started at open (`path` None: nothing to check, a collection just created) or,
    with `start=False`, when `start` or `verdict` is first called: the review app starts it once
    its first card is on screen, so that the check does not compete with the start for the
    CPU, and any write still waits for its verdict. `verdict()` waits for the result: None
    (sound) or the problem.

    The connection is open from the start until `close`: while it is, closing the collection's
    own connection does not checkpoint the WAL into the file (only the last connection to a
    database does), which matters when the file is damaged or not checked yet.
    """

    def __init__(
        self, path: Path | None, check: Callable[[sqlite3.Connection], Problem] = full_check, *, start: bool = True,
    ) -> None:
        self.path = path
        self._check = check
        self._done = threading.Event()
        self._problem: Problem = None
        self._conn: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()
        self._closed = False
        if path is None:
            self._done.set()
            return
        try:
            self._conn = connect_read_only(path)
        except sqlite3.Error as error:
            self._problem = f"SQLite cannot read it ({error})"
            self._done.set()
            return
        if start:
            self.start()

    @classmethod
    def sound(cls) -> Verifier:
        """A verifier with nothing to check: a collection just created, or checked already."""
        return cls(None)

    def start(self) -> None:
        """Start the check on its thread, unless it was started already (or has nothing to check)."""
        with self._starting:
            if self._closed or self._thread is not None or self._done.is_set() or self._conn is None:
                return
            self._thread = threading.Thread(target=self._run, args=(self._conn,), name="studykit-verify", daemon=True)
            self._thread.start()

    def _run(self, conn: sqlite3.Connection) -> None:
        try:
            self._problem = self._check(conn)
        except sqlite3.Error as error:
            self._problem = f"SQLite cannot read it ({error})"
        except BaseException as error:  # noqa: BLE001 - reported to the writer that waits, not lost on a thread
            self._problem = f"its check failed ({type(error).__name__}: {error})"
        finally:
            self._done.set()

    def verdict(self, timeout: float | None = None) -> Problem:
        """None if the collection is sound, else what is wrong; starts the check if it was not
        started and waits for it (raises TimeoutError after `timeout` seconds)."""
        self.start()
        if not self._done.wait(timeout):
            raise TimeoutError("the check of the collection is still running")
        return self._problem

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def close(self) -> None:
        """Stop a check still running (or never started) and close its connection."""
        with self._starting:  # closed: `start` starts nothing from now on
            self._closed = True
            thread = self._thread
            if thread is None and not self._done.is_set():
                # never started: it will not be now. The problem before the event, so that a
                # waiter woken by it never reads None (sound) for a check never made.
                self._problem = "its check was not made (the collection was closed first)"
                self._done.set()
        if thread is not None:
            while thread.is_alive():  # interrupt whichever statement of the check is running
                if self._conn is not None:
                    self._conn.interrupt()
                thread.join(0.005)
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def connect_read_only(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that can never write the file (SQLite's `mode=ro`)."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
