"""The collection: one SQLite file with the cards, their records and the append-only review log.

Rules it keeps:

- The review log is the truth; each card's record in `cards` is a cache of it, which
  `rebuild_states()` recomputes by replaying the log.
- `commit()` writes a change in one transaction with `synchronous=FULL` in WAL mode, so
  when it returns the review is on disk: a crash or SIGKILL after it cannot lose it. The
  WAL is copied back into the file by a thread of its own (`checkpoint`), never by a grade.
- Several processes may share a collection: writes take the lock (`BEGIN IMMEDIATE`),
  wait up to `busy_timeout` seconds, then fail with `CollectionBusy`. A grade of a card
  another process changed meanwhile is re-applied on top of that change (`session.rebase`).
- Cards come from sources (the bundled fact decks, each imported Anki package): every card
  and deck records its source, and `sync` of one source never touches another's cards.
- Anything wrong with the file (not SQLite, another program's database, a newer schema,
  damage, a read-only directory, a full disk) is one `CollectionError` naming the file,
  raised before anything is written or after the transaction is rolled back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from studykit.core.giveaway import GiveAways
from studykit.core.limits import NEW, REVIEWS, Cap, Quotas
from studykit.core.notecards import AnyCard
from studykit.core.session import (
    AnkiAnswer,
    CardRecord,
    Change,
    DayCounts,
    DeckCounts,
    Event,
    EventKind,
    LogEntry,
    LogRow,
    Replay,
    Session,
    SessionConfig,
    StudyDay,
    check_anki_answers,
    rebase,
    replay,
    taken_back,
    today_counts,
)
from studykit.core.sm2 import require_utc
from studykit.storage import checkpoint, integrity, review_counts, verified
from studykit.storage import converters as cv
from studykit.storage.checkpoint import Checkpointer
from studykit.storage.decks import Decks, card_totals, in_decks
from studykit.storage.integrity import Verifier
from studykit.storage.management import CardManagement
from studykit.storage.migrations import APPLICATION_ID, SCHEMA_VERSION, MigrationError, migrate, user_version

if TYPE_CHECKING:
    from studykit.core.stats import Stats

ENV_VAR = "STUDYKIT_COLLECTION"
FILE_NAME = "collection.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
_STATE = ", ".join(cv.STATE_COLUMNS)
_ACTIVE = "retired = 0 AND suspended = 0"
_NOT_BURIED = "(buried_until IS NULL OR buried_until <= :now)"
_AGAIN = f"redrill = 1 AND {_ACTIVE} AND last_review >= :start AND {_NOT_BURIED}"
_DUE = f"due IS NOT NULL AND {_ACTIVE} AND due < :end AND {_NOT_BURIED} AND NOT (redrill = 1 AND last_review >= :start)"
_NEW = f"due IS NULL AND {_ACTIVE} AND {_NOT_BURIED}"

# The bundled fact decks (decks/ + seeds/): the source of every card of a collection made before sources.
DEFAULT_SOURCE = "fact-decks"
_BULK_ROWS = 2_000  # fewer rows than this are written with the indexes kept (`bulk_write`)



class CollectionError(Exception):
    """The collection cannot be used; the message names the file and says why."""


class CollectionBusy(CollectionError):
    """Another process held the collection's lock for longer than the busy timeout."""


def default_path() -> Path:
    """`collection.sqlite3` in the user's data directory (platformdirs)."""
    import platformdirs

    return platformdirs.user_data_path("studykit", appauthor=False) / FILE_NAME


def resolve_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The collection to use: `--collection PATH`, else `$STUDYKIT_COLLECTION`, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return default_path()


@dataclass(frozen=True)
class Available:
    """Cards that could be studied now (neither suspended nor buried): `new` ones, `seen` ones
    (to cram), and when the first of them falls due (None: none is scheduled)."""

    next_due: dt.datetime | None
    new: int
    seen: int


@dataclass(frozen=True)
class SyncReport:
    """What a sync of one source did. `skipped`: its cards were unchanged since the last sync.

    `missing`: cards of the source it no longer makes, kept because the source does not retire
    them (`retire_missing=False`, as for an imported Anki package): the caller reports them.
    """

    added: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    skipped: bool = False
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeckEntry:
    """A deck as its source recorded it at the last sync: its id (unique in the collection),
    its name (`Parent::Child` for a subdeck), the source that made it and its Anki name, if any."""

    id: str
    name: str
    source: str = DEFAULT_SOURCE
    anki_name: str | None = None


@dataclass(frozen=True)
class ImportEntry:
    """One recorded import of a package, or removal of an imported deck (`action`)."""

    id: int
    action: str
    source: str
    file: str
    sha256: str
    at: dt.datetime
    summary: dict[str, Any]


class Collection(CardManagement):
    """An open collection. Use `Collection.open(path)`, preferably as a context manager.

    One connection, used from one thread at a time (it may be a worker thread).
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, busy_timeout: float) -> None:
        self.path = path
        self.connection = conn  # for tools and tests; the methods below are the API
        self.busy_timeout = busy_timeout
        self._outer = False  # inside `transaction()`: writes join it
        self._checkpointer = Checkpointer(path)
        self._verifier = Verifier.sound()  # replaced at open by the check of an existing file
        self.read_only = False

    # --- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, busy_timeout: float = 5.0, read_only: bool = False,
        check_later: bool = False,
    ) -> Collection:
        """Open (or create) the collection at `path` (default: `resolve_path()`), migrated.

        `check_later`: the check of the whole file below starts only when its verdict is first
        asked for (`verdict`, or any write), so that the review app's first card does not wait
        for the CPU it takes.

        Checks the file before writing a byte: a foreign, damaged or newer file is left as it
        was. The check of the whole file (`integrity`) runs on a thread of its own and every
        write waits for it. `read_only`: the collection must exist and be of this version; it
        is checked before it is read (its content; the whole file only if it changed since it
        was last found sound: `verified`), and nothing is ever written (not even a schema into
        an empty file, nor an upgrade).
        """
        path = resolve_path(path)
        if read_only:
            return cls._open_read_only(path, busy_timeout)
        existed = path.exists()
        action = "open" if existed else "create"
        if existed and not path.is_file():
            raise CollectionError(f"{path} is not a file, so it cannot be a studykit collection")
        if not existed:
            if path.parent == default_path().parent:
                _mkdir(path.parent)
            elif not path.parent.is_dir():
                raise CollectionError(f"cannot create {path}: the directory {path.parent} does not exist")
        _check_header(path)
        try:
            conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise _translate(error, path, action, busy_timeout) from error
        collection = cls(path, conn, busy_timeout)
        try:
            with collection._errors(action):
                collection._check_identity()
                version = user_version(conn)
                collection._check_schema(version)
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if version == 0:  # new: nothing to check
                    collection._verifier = Verifier.sound()
                elif version < SCHEMA_VERSION or str(mode).lower() != "wal":
                    # Opening writes (an upgrade, the journal mode): the file is checked first,
                    # and the upgraded content before the upgrade is committed (`migrate`).
                    problem = integrity.full_check(conn) if version == SCHEMA_VERSION else integrity.check_file(conn)
                    if problem is not None:
                        raise CollectionError(_damaged(path, problem))
                    collection._verifier = Verifier.sound()
                else:
                    collection._verifier = Verifier(path, start=not check_later)
                conn.execute("PRAGMA synchronous = FULL")
                if 0 < version < SCHEMA_VERSION:
                    # Upgraded before the switch to WAL (which rewrites the file's header): an
                    # upgrade refused, as damaged, leaves the file byte for byte as it was.
                    migrate(conn, verify=integrity.check_content)
                    collection._give_back_space()
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise CollectionError(f"cannot open {path} in WAL mode (SQLite kept {mode!r})")
                conn.execute("PRAGMA wal_autocheckpoint = 0")  # checkpoints off the grading path: `checkpoint`
                # A WAL started again (after a checkpoint) is cut back to a quarter of the limit, so that
                # its size tells how much has been written since (`Checkpointer.after_commit`).
                conn.execute(f"PRAGMA journal_size_limit = {checkpoint.WAL_LIMIT // 4}")
                if not 0 < version < SCHEMA_VERSION:
                    migrate(conn)
        except MigrationError as error:
            collection._abandon(created=not existed)
            raise CollectionError(f"cannot upgrade {path}: {error}; it was left as it was") from error
        except cv.Damaged as error:
            collection._abandon(created=not existed)
            raise CollectionError(_damaged(path, str(error))) from error
        except BaseException:
            collection._abandon(created=not existed)
            raise
        return collection

    @classmethod
    def _open_read_only(cls, path: Path, busy_timeout: float) -> Collection:
        if not path.exists():
            raise CollectionError(f"no collection at {path}")
        if not path.is_file():
            raise CollectionError(f"{path} is not a file, so it cannot be a studykit collection")
        _check_header(path)
        if path.stat().st_size == 0:
            raise CollectionError(
                f"{path} is an empty file (0 bytes), not a studykit collection; it was left untouched"
            )
        found = verified.identity(path)  # before anything is read
        try:
            conn = integrity.connect_read_only(path, timeout=busy_timeout)
        except sqlite3.Error as error:
            raise _translate(error, path, "open", busy_timeout) from error
        collection = cls(path, conn, busy_timeout)
        collection.read_only = True
        try:
            with collection._errors("read"):
                collection._check_identity()
                version = user_version(conn)
                if version == 0:
                    raise CollectionError(f"{path} is an empty SQLite database, not a studykit collection yet; "
                                          "it was left untouched")
                if version < SCHEMA_VERSION:
                    raise CollectionError(
                        f"{path} is a collection of an earlier studykit (schema {version}; this version uses "
                        f"{SCHEMA_VERSION}) and reading it does not upgrade it: `studykit review` does, once"
                    )
                collection._check_schema(version)
                # The whole file is read only if it changed since it was last found sound (`verified`).
                whole = not verified.is_verified(path, found)
                conn.execute("PRAGMA cell_size_check = ON")  # a damaged page it reads: SQLITE_CORRUPT
                problem = integrity.full_check(conn, whole_file=whole)
                if problem is not None:
                    raise CollectionError(_damaged(path, problem))
                if whole:
                    verified.record(path, found)
        except BaseException:
            collection._abandon(created=False)
            raise
        return collection

    def _check_schema(self, version: int) -> None:
        if version > 0:
            problem = integrity.check_schema(self.connection, version)
            if problem is not None:
                raise CollectionError(_damaged(self.path, problem))

    def _abandon(self, *, created: bool) -> None:
        """Close after a failed open; a file this open created (a full disk) is removed again,
        so that a refusal leaves nothing behind."""
        self.connection.close()
        self._verifier.close()
        if created:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with suppress(OSError):
                    Path(f"{self.path}{suffix}").unlink()

    def verdict(self, timeout: float | None = None) -> str | None:
        """None once the check at open found the collection sound; else why it is damaged, as
        the message every write would raise. Waits for the check (TimeoutError after `timeout`)."""
        problem = self._verifier.verdict(timeout)
        return None if problem is None else _damaged(self.path, problem)

    def _give_back_space(self) -> None:
        """After an upgrade that left much of the file free (the old review log), rewrite it
        compactly. Not needed for anything but the disk: if it cannot be done (a full disk),
        SQLite reuses the free pages as the collection grows."""
        pages = self.connection.execute("PRAGMA page_count").fetchone()[0]
        free = self.connection.execute("PRAGMA freelist_count").fetchone()[0]
        if free > pages / 4:
            with suppress(sqlite3.Error):
                self.connection.execute("VACUUM")

    def close(self) -> None:
        """Close the collection; what is left in the WAL is checkpointed into the file, unless
        the file was found damaged (or its check had not ended: then nothing was written)."""
        self._checkpointer.stop()
        verifier = self._verifier
        if verifier.done and verifier.verdict() is None:
            verifier.close()
            # The last connection: it checkpoints. Not recorded sound: another program may have
            # written the file while it was open (verified.py).
            self.connection.close()
        else:
            self.connection.close()  # the verifier's connection is still open: no checkpoint
            verifier.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_identity(self) -> None:
        """Refuse another program's database and a newer studykit's, before any write."""
        conn = self.connection
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = user_version(conn)
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id or version or tables):
            raise CollectionError(
                f"{self.path} is an SQLite database of another program, not a studykit collection; "
                "it was left untouched (choose another file with --collection)"
            )
        if version > SCHEMA_VERSION:
            raise CollectionError(
                f"{self.path} was written by a newer studykit (collection schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}); upgrade studykit to use it"
            )

    # --- errors and transactions -----------------------------------------------------------

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise _translate(error, self.path, action, self.busy_timeout) from error
        except cv.Damaged as error:  # a value read back that its column cannot hold
            raise CollectionError(_damaged(self.path, str(error))) from error

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back on any error, so a failure writes nothing.
        Inside `transaction()` it is part of that one."""
        conn = self.connection
        if self._outer:
            yield conn
            return
        if self.read_only:
            raise CollectionError(f"cannot {action} {self.path}: it was opened for reading only")
        problem = self.verdict()  # never a write into a damaged file
        if problem is not None:
            raise CollectionError(problem)
        with self._errors(action):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        self._checkpointer.after_commit()

    @contextmanager
    def transaction(self, action: str = "write to") -> Iterator[None]:
        """Several writes (a sync, changes, records) as one transaction: all of them or, on any
        error, none (an import leaves the collection exactly as it was when it fails)."""
        if self._outer:
            yield
            return
        with self._write(action):
            self._outer = True
            try:
                yield
            finally:
                self._outer = False

    # --- cards and decks ---------------------------------------------------------------------

    def sync(
        self,
        cards: Iterable[AnyCard],
        *,
        source: str = DEFAULT_SOURCE,
        deck_names: Mapping[str, str] | None = None,
        anki_names: Mapping[str, str] | None = None,
        inputs: str | None = None,
        retire_missing: bool = True,
        starting: Change | None = None,
    ) -> SyncReport:
        """Make the cards of `source` those it makes now; the cards of every other source stay as they are.

        Card ids do not depend on wording, so an edited card keeps its history; a new card
        arrives new, after every card already in the collection. A card the source no longer
        makes is retired (its history kept, never shown), or with `retire_missing=False` kept as
        it is and listed in the report's `missing`. `cards` must be every card of the source.
        When they are unchanged since the source's last sync (one fingerprint of all its
        cards), no card is written. A card id or deck id that belongs to another source is an
        error: nothing is written.

        `deck_names` (deck id -> name, every deck of the source) and `anki_names` (deck id ->
        Anki name) are recorded for `deck_entries()`; a deck of the source no longer named and
        left with no card in use is forgotten; `inputs`, a fingerprint of what the cards were made from, for
        `synced_inputs(source)`: a caller that finds the same fingerprint next time can skip
        making the cards at all.

        `starting`: events that give cards this sync adds their first state (an import's Anki
        states: set-state, then a suspension or a bury), from a new card's record. They are
        appended to the log and each card is written with the record they leave it in, in the
        same transaction: a new card's state is written once, never inserted and then updated.
        An event of a card the sync does not add is an error: nothing is written.
        """
        cards = list(cards)
        events = () if starting is None else starting.events
        records = {event.card_id: event.after for event in events}
        fingerprint = cv.cards_fingerprint(cards)
        entries = [
            DeckEntry(deck, name, source, (anki_names or {}).get(deck)) for deck, name in (deck_names or {}).items()
        ]
        self._check_decks_of(source, entries)
        with self._errors("read"):
            row = self.connection.execute("SELECT cards_hash FROM sources WHERE id = ?", (source,)).fetchone()
        if row is not None and row[0] == fingerprint:
            if records:
                raise ValueError("a sync that adds no card was given the starting states of cards")
            recorded = {e.id: e for e in self.deck_entries()}
            if (inputs is not None and inputs != self.synced_inputs(source)) or any(
                recorded.get(e.id) != e for e in entries
            ):
                with self._write("update the cards of") as conn:
                    self._record_sync(conn, source, entries, fingerprint, inputs, named=deck_names is not None)
            missing = () if retire_missing else self._missing(source, {card.id for card in cards})
            return SyncReport(skipped=True, missing=missing)
        incoming: dict[str, tuple[str, str, str]] = {}
        for card in cards:
            if card.id in incoming:
                raise ValueError(f"two cards have the id {card.id!r}")
            content = cv.card_content(card)
            incoming[card.id] = (card.deck_id, content, cv.content_hash(content))
        added = updated = retired = restored = 0
        with self._write("update the cards of") as conn:
            existing: dict[str, tuple[str, int]] = {}
            for card_id, owner, digest, was_retired in conn.execute(
                "SELECT id, source, content_hash, retired FROM cards"
            ):
                if owner == source:
                    existing[card_id] = (digest, was_retired)
                elif card_id in incoming:
                    raise CollectionError(
                        f"the card {card_id!r} of {source!r} is already in {self.path} from {owner!r}; "
                        "nothing was synced"
                    )
            position, number = conn.execute(
                "SELECT coalesce(max(position), 0), coalesce(max(number), 0) FROM cards"
            ).fetchone()
            inserts: list[tuple[Any, ...]] = []
            updates: list[tuple[str, str, str, str]] = []
            new_record = cv.record_to_row(CardRecord(""))
            numbers: dict[str, int] = {}  # of the cards added, as SQLite would number them: the log's events name them
            for card_id, (deck, content, digest) in incoming.items():
                old = existing.get(card_id)
                if old is None:
                    position += 1
                    number += 1
                    numbers[card_id] = number
                    record = records.get(card_id)
                    state = new_record if record is None else cv.record_to_row(record)
                    inserts.append((number, card_id, deck, position, content, digest, source, *state))
                elif old != (digest, 0):
                    updates.append((deck, content, digest, card_id))
                    restored += old[1] == 1
                    updated += old[0] != digest
            added = len(inserts)
            _check_starting(events, set(numbers))
            with self._indexes_set_aside(conn, {"cards": len(inserts) + len(updates)}):
                conn.executemany(
                    f"INSERT INTO cards (number, id, deck, position, content, content_hash, source, {_STATE}) "
                    f"VALUES (?, ?, ?, ?, ?, ?, ?, {', '.join('?' * len(cv.STATE_COLUMNS))})",
                    inserts,
                )
                conn.executemany("UPDATE cards SET deck = ?, content = ?, content_hash = ?, retired = 0 WHERE id = ?",
                                 updates)
            if events:
                self._log(conn, events, numbers)
            gone = sorted(i for i, (_, was_retired) in existing.items() if i not in incoming and not was_retired)
            if retire_missing:
                conn.executemany("UPDATE cards SET retired = 1 WHERE id = ?", [(i,) for i in gone])
                retired = len(gone)
            self._record_sync(conn, source, entries, fingerprint, inputs, named=deck_names is not None)
        return SyncReport(added=added, updated=updated, retired=retired, restored=restored,
                          missing=() if retire_missing else tuple(gone))

    @contextmanager
    def _indexes_set_aside(self, conn: sqlite3.Connection, rows: Mapping[str, int]) -> Iterator[None]:
        """Inside a write: for each table about to get `rows[table]` rows written, when they
        are many and at least half as many as it holds, its secondary indexes dropped, then
        built again after the writes in the same transaction (a failure takes both back).
        SQLite builds an index over the rows at once several times faster than it keeps it
        row by row (an import of 10,000 cards and 40,000 reviews: `bench/bench_import.py`).
        The writes look rows up by primary key and unique card id only, which stay."""
        tables = [table for table, count in rows.items()
                  if count >= max(_BULK_ROWS, conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] // 2)]
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(tables))}) ORDER BY name",
            tables,
        ).fetchall() if tables else []
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        yield
        for _, sql in indexes:
            conn.execute(sql)

    def _check_decks_of(self, source: str, entries: Sequence[DeckEntry]) -> None:
        """A source names only its own decks: a deck id another source recorded is refused."""
        owners = {e.id: e.source for e in self.deck_entries()}
        for entry in entries:
            owner = owners.get(entry.id, source)
            if owner != source:
                raise CollectionError(
                    f"the deck {entry.id!r} of {source!r} is already in {self.path} from {owner!r}; nothing was synced"
                )

    def _missing(self, source: str, made: set[str]) -> tuple[str, ...]:
        with self._errors("read"):
            rows = self.connection.execute("SELECT id FROM cards WHERE source = ? AND retired = 0", (source,))
            return tuple(sorted(i for (i,) in rows if i not in made))

    @staticmethod
    def _record_sync(
        conn: sqlite3.Connection, source: str, entries: Sequence[DeckEntry], fingerprint: str, inputs: str | None,
        *, named: bool,
    ) -> None:
        """Record the source's decks and fingerprints. Given its decks (`named`), a deck of the
        source it no longer names and that holds no card in use is forgotten: no name finds it."""
        if named:
            marks = ", ".join("?" * len(entries))
            conn.execute(
                f"DELETE FROM decks WHERE source = ? AND id NOT IN ({marks}) "
                "AND id NOT IN (SELECT deck FROM cards INDEXED BY cards_deck_counts WHERE retired = 0)",
                (source, *(e.id for e in entries)),
            )
        conn.executemany(
            "INSERT OR REPLACE INTO decks (id, name, source, anki_name) VALUES (?, ?, ?, ?)",
            [(e.id, e.name, e.source, e.anki_name) for e in entries],
        )
        conn.execute(
            "INSERT INTO sources (id, cards_hash, inputs_hash) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "cards_hash = excluded.cards_hash, inputs_hash = coalesce(excluded.inputs_hash, inputs_hash)",
            (source, fingerprint, inputs),
        )

    # --- imports ---------------------------------------------------------------------------------

    def record_import(
        self, *, action: str, source: str, file: str, sha256: str, at: dt.datetime, summary: Mapping[str, Any],
    ) -> int:
        """Remember an import of a package (or a removal of an imported deck), with its summary."""
        with self._write("record an import in") as conn:
            cursor = conn.execute(
                "INSERT INTO imports (action, source, file, sha256, at, summary) VALUES (?, ?, ?, ?, ?, ?)",
                (action, source, file, sha256, cv.to_us(require_utc(at)),
                 json.dumps(dict(summary), ensure_ascii=False, sort_keys=True)),
            )
        return int(cursor.lastrowid or 0)

    def imports(self) -> list[ImportEntry]:
        """Every import and removal recorded, oldest first."""
        with self._errors("read"):
            rows = self.connection.execute(
                "SELECT id, action, source, file, sha256, at, summary FROM imports ORDER BY id"
            ).fetchall()
        out = []
        for number, action, source, file, sha256, at, summary in rows:
            when = cv.from_us(at)
            assert when is not None
            out.append(ImportEntry(number, action, source, file, sha256, when, json.loads(summary)))
        return out

    def source_of_cards(self, card_ids: Iterable[str]) -> dict[str, int]:
        """How many of `card_ids` each source already has (retired ones too): which earlier
        import a newer version of a package continues."""
        ids = list(card_ids)
        found: dict[str, int] = {}
        with self._errors("read"):
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for owner, count in self.connection.execute(
                    f"SELECT source, count(*) FROM cards WHERE id IN ({marks}) GROUP BY source", chunk
                ):
                    found[owner] = found.get(owner, 0) + count
        return found

    def source_ids(self) -> set[str]:
        """Every source that has synced cards or decks into the collection."""
        with self._errors("read"):
            rows = self.connection.execute(
                "SELECT id FROM sources UNION SELECT source FROM decks UNION SELECT DISTINCT source FROM cards"
            ).fetchall()
        return {row[0] for row in rows}

    def retire_decks(self, deck_ids: Sequence[str]) -> int:
        """Take decks out of the collection without losing anything: their cards are retired (kept
        with their whole history, never shown; a later sync that makes them again restores them)
        and the decks' names forgotten. Returns how many cards were retired."""
        marks = ",".join("?" * len(deck_ids))
        with self._write("remove decks from") as conn:
            retired = conn.execute(
                f"UPDATE cards SET retired = 1 WHERE retired = 0 AND deck IN ({marks})", list(deck_ids)
            ).rowcount
            conn.execute(f"DELETE FROM decks WHERE id IN ({marks})", list(deck_ids))
            # The sources' cards changed: their next sync compares card by card (and restores these).
            conn.execute(
                f"UPDATE sources SET cards_hash = NULL, inputs_hash = NULL "
                f"WHERE id IN (SELECT DISTINCT source FROM cards WHERE deck IN ({marks}))", list(deck_ids),
            )
        return int(retired)

    def card_ids(self, *, deck: Decks = None, source: str | None = None, include_retired: bool = False) -> list[str]:
        """The ids of the cards of some decks (or all), of one source (or all), in introduction order."""
        in_deck, params = in_decks(deck)
        where = "1" if include_retired else "retired = 0"
        if source is not None:
            where += " AND source = :source"
            params = {**params, "source": source}
        with self._errors("read"):
            rows = self.connection.execute(f"SELECT id FROM cards WHERE {where} {in_deck} ORDER BY position", params)
            return [row[0] for row in rows]

    def log_count(self, card_ids: Iterable[str]) -> int:
        """How many review-log entries the cards have."""
        ids = list(card_ids)
        total = 0
        with self._errors("read"):
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                total += self.connection.execute(
                    f"SELECT count(*) FROM review_log WHERE card IN (SELECT number FROM cards WHERE id IN ({marks}))",
                    chunk,
                ).fetchone()[0]
        return total

    def imported_review_times(self, card_ids: Iterable[str]) -> set[tuple[str, int]]:
        """(card id, time in ms) of every imported Anki review the cards have: a re-import brings
        only the answers not there yet (an Anki review's id is its time, so the time identifies it)."""
        from studykit.core.session import ANKI_REVIEWS

        ids = list(card_ids)
        codes = ",".join(str(cv.KIND_CODES[kind]) for kind in ANKI_REVIEWS)
        found: set[tuple[str, int]] = set()
        with self._errors("read"):
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for card_id, at in self.connection.execute(
                    f"SELECT cards.id, log.at FROM review_log AS log JOIN cards ON cards.number = log.card "
                    f"WHERE cards.id IN ({marks}) AND log.kind IN ({codes})", chunk,
                ):
                    cv.from_us(at)  # (a damaged time is one message)
                    found.add((card_id, at // 1000))
        return found

    def synced_inputs(self, source: str = DEFAULT_SOURCE) -> str | None:
        """The `inputs` fingerprint given to the last sync of `source` that had one."""
        with self._errors("read"):
            row = self.connection.execute("SELECT inputs_hash FROM sources WHERE id = ?", (source,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def deck_names(self) -> dict[str, str]:
        """Deck id -> name, as recorded by the syncs of every source."""
        return {entry.id: entry.name for entry in self.deck_entries()}

    def deck_entries(self) -> list[DeckEntry]:
        """Every deck recorded by the syncs of every source, by id."""
        with self._errors("read"):
            rows = self.connection.execute("SELECT id, name, source, anki_name FROM decks ORDER BY id").fetchall()
        return [DeckEntry(*row) for row in rows]

    def card_source(self, card_id: str) -> str:
        """The source that made the card."""
        with self._errors("read"):
            row = self.connection.execute("SELECT source FROM cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            raise KeyError(card_id)
        return str(row[0])

    def is_empty(self, source: str | None = None) -> bool:
        """No card at all (of `source`, or of any), retired or not: never synced."""
        where, params = ("WHERE source = ?", (source,)) if source is not None else ("", ())
        with self._errors("read"):
            return self.connection.execute(f"SELECT 1 FROM cards {where} LIMIT 1", params).fetchone() is None

    def card(self, card_id: str) -> AnyCard:
        """The card as its source made it at the last sync: a fact card or an imported note's card."""
        cards = self.cards([card_id])
        if card_id not in cards:
            raise KeyError(card_id)
        return cards[card_id]

    def cards(self, card_ids: Iterable[str]) -> dict[str, AnyCard]:
        ids = list(card_ids)
        out: dict[str, AnyCard] = {}
        with self._errors("read"):
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for card_id, content in self.connection.execute(
                    f"SELECT id, content FROM cards WHERE id IN ({marks})", chunk
                ):
                    out[card_id] = cv.card_from_content(content)
        return out

    def decks(self) -> dict[str, int]:
        """Each deck id with its number of cards that are not retired (kept in `deck_sizes`)."""
        with self._errors("read"):
            rows = self.connection.execute("SELECT deck, cards FROM deck_sizes WHERE cards > 0 ORDER BY deck")
            return dict(rows.fetchall())

    def deck_counts(
        self, *, now: dt.datetime, tz: dt.tzinfo, config: SessionConfig | None = None,
    ) -> dict[str | None, DeckCounts]:
        """Every deck's new, again, due and total counts as today's session of it would have
        them, and all decks' (key None, first). Each is counted from an index made for it,
        reading only the cards it counts (the totals are kept in `deck_sizes`), not a session
        per deck nor every card.

        The daily limits apply to the whole collection (`session.today_counts`), so the counts
        agree with what `start_session` gives for the same deck.
        """
        now, config = require_utc(now), config or SessionConfig()
        day = StudyDay.containing(now, tz=tz, rollover_hour=config.rollover_hour)
        done = self.done_today(day)
        totals = self.decks()
        if not totals:  # no card: nothing to count (and SQLite finds no plan for `deck IN ()`)
            return today_counts({}, config=config, done=done)
        in_deck, decks = in_decks(totals)  # a range of the index per deck, not all of it
        times = {"now": cv.to_us(now), "start": cv.to_us(day.start), "end": cv.to_us(day.end), **decks}

        def per_deck(index: str, where: str) -> dict[str, int]:
            return dict(self.connection.execute(
                f"SELECT deck, count(*) FROM cards INDEXED BY {index} WHERE {where} {in_deck} GROUP BY deck", times,
            ).fetchall())

        with self._errors("read"):
            new, again, due = (per_deck("cards_deck_new", _NEW), per_deck("cards_redrill", _AGAIN),
                               per_deck("cards_deck_counts", _DUE))
        available = {deck: DeckCounts(new.get(deck, 0), again.get(deck, 0), due.get(deck, 0), total)
                     for deck, total in totals.items()}
        return today_counts(available, config=config, done=done)

    # --- records -----------------------------------------------------------------------------

    def record(self, card_id: str) -> CardRecord:
        found = self._records("id = ?", (card_id,))
        if not found:
            raise KeyError(card_id)
        return found[0]

    def records(self, *, deck: Decks = None, include_retired: bool = False) -> list[CardRecord]:
        """The cached records of a deck, several or all, in the order new cards are introduced
        (suspended ones included)."""
        in_deck, params = in_decks(deck)
        where = "1" if include_retired else "retired = 0"
        return self._records(f"{where} {in_deck} ORDER BY position", params)

    def _records(
        self, where: str, params: Sequence[Any] | Mapping[str, Any] = (), *, index: str | None = None,
    ) -> list[CardRecord]:
        indexed = f"INDEXED BY {index}" if index else ""
        with self._errors("read"):
            rows = self.connection.execute(f"SELECT id, {_STATE} FROM cards {indexed} WHERE {where}", params)
            return [cv.record_from_row(row[0], row[1:]) for row in rows]

    # --- sessions and reviews ----------------------------------------------------------------

    def start_session(
        self, *, now: dt.datetime, tz: dt.tzinfo, config: SessionConfig | None = None,
        deck: Decks = None, caps: Sequence[Cap] = (),
    ) -> Session:
        """Today's session, of one deck, several (a parent and its children) or all: due reviews,
        then new cards, within what is left of today's limits. `config`'s limits are the
        collection's: what was done today in any deck counts against them (`session.today_counts`);
        `caps`, what is left of the decks' own (`core.limits`)."""
        now, config = require_utc(now), config or SessionConfig()
        day = StudyDay.containing(now, tz=tz, rollover_hour=config.rollover_hour)
        done = self.done_today(day)
        reviews_left = max(0, config.reviews_per_day - done.reviews)
        new_left = max(0, config.new_per_day - done.new)
        in_deck, decks = in_decks(deck)
        # The indexes are named: with the statistics of ANALYZE, SQLite would sort every new card.
        due_index, new_index = ("cards_deck_counts", "cards_deck_new") if deck is not None else (
            "cards_due", "cards_new",
        )
        times = {"now": cv.to_us(now), "start": cv.to_us(day.start), "end": cv.to_us(day.end), **decks}
        # With give-aways spared, more new cards than the day's limit: those a card shown before
        # gives away make room.
        fetch_new = new_left and new_left * 2 + 10 if config.spare_giveaways else new_left
        quotas = None
        if caps:
            due, new, deck_of = self._capped_candidates(times, deck, caps, reviews_left, fetch_new)
            quotas = Quotas(caps, deck_of)
        else:
            due = self._records(f"{_DUE} {in_deck} ORDER BY due, id LIMIT :limit", {**times, "limit": reviews_left + 1},
                                index=due_index)
            new = self._records(f"{_NEW} {in_deck} ORDER BY position LIMIT :limit", {**times, "limit": fetch_new},
                                index=new_index)
        redrill = self._records(f"{_AGAIN} {in_deck}", times, index="cards_redrill")
        if quotas is None and len(due) > reviews_left:  # more due than today's limit: the rest is due now
            upcoming = due.pop().state.due
        else:  # (with the decks' caps, the session adds the due cards they left out)
            with self._errors("read"):
                row = self.connection.execute(
                    f"SELECT min(due) FROM cards INDEXED BY {due_index} "
                    f"WHERE due IS NOT NULL AND {_ACTIVE} AND due >= :end {in_deck}",
                    times,
                ).fetchone()
            upcoming = cv.from_us(row[0])
        gives_away, shown = None, []
        if config.spare_giveaways and (due or new):  # only due and new cards are spared: none, nothing to work out
            # The cards shown earlier today: what they give away waits too. The look reads the
            # whole index (10-50 ms at 100,000 cards), so it is made only on a day with activity
            # that can make a card shown: an answer (ours, or an imported Anki answer of any
            # kind, learning steps too) or an import (whose cards start as last reviewed in Anki,
            # at their last answer or, with none, their last change).
            with self._errors("read"):
                shown = [row[0] for row in self.connection.execute(
                    "SELECT id FROM cards INDEXED BY cards_deck_counts WHERE last_review >= :start", times,
                )] if done.new or done.reviews or self._active_on(day) else []
            gives_away = GiveAways.among(self.cards([*(r.card_id for r in (*due, *new)), *shown]).values()).of
        return Session.start([*due, *new, *redrill], now=now, tz=tz, config=config, done=done, upcoming=upcoming,
                             quotas=quotas, gives_away=gives_away, shown=shown)

    def _active_on(self, day: StudyDay) -> bool:
        """Whether an answer or an import falls on `day` (a few rows of two small tables)."""
        if review_counts.answered_on(self.connection, day):
            return True
        imported = self.connection.execute(
            "SELECT EXISTS (SELECT 1 FROM imports WHERE at >= ?)", (cv.to_us(day.start),),
        ).fetchone()[0]
        return bool(imported)

    def _capped_candidates(
        self, times: Mapping[str, Any], deck: Decks, caps: Sequence[Cap], reviews_left: int, new_left: int,
    ) -> tuple[list[CardRecord], list[CardRecord], dict[str, str]]:
        """Due and new cards to build a queue from when decks have limits of their own: deck by
        deck, as many as the smallest cap over the deck could take (and one more due, to tell
        that more are due), in queue order; with each card's deck."""
        chosen = list(self.decks()) if deck is None else [deck] if isinstance(deck, str) else list(dict.fromkeys(deck))
        due: list[tuple[Any, ...]] = []
        new: list[tuple[Any, ...]] = []
        deck_of: dict[str, str] = {}

        def smallest(kind: str, left: int, deck_id: str) -> int:
            lefts = [cap.left(kind) for cap in caps if deck_id in cap.decks]
            return min([left, *(n for n in lefts if n is not None)])

        with self._errors("read"):
            for deck_id in chosen:
                params = {**times, "deck": deck_id}
                due_rows = self.connection.execute(
                    f"SELECT due, id, {_STATE} FROM cards INDEXED BY cards_deck_counts WHERE {_DUE} AND deck = :deck "
                    "ORDER BY due, id LIMIT :limit", {**params, "limit": smallest(REVIEWS, reviews_left, deck_id) + 1},
                ).fetchall()
                new_rows = self.connection.execute(
                    f"SELECT position, id, {_STATE} FROM cards INDEXED BY cards_deck_new WHERE {_NEW} AND deck = :deck "
                    "ORDER BY position LIMIT :limit", {**params, "limit": smallest(NEW, new_left, deck_id)},
                ).fetchall()
                due += due_rows
                new += new_rows
                deck_of.update((row[1], deck_id) for row in (*due_rows, *new_rows))
        due.sort(key=lambda row: (row[0], row[1]))
        new.sort(key=lambda row: row[0])
        return ([cv.record_from_row(row[1], row[2:]) for row in due],
                [cv.record_from_row(row[1], row[2:]) for row in new], deck_of)

    def available(self, *, now: dt.datetime, deck: Decks = None) -> Available:
        """What could be studied at `now`, whatever today's limits: the cards neither suspended
        nor buried, new and seen, and when the first of them falls due. What the nothing-due
        screen offers, from a few rows of indexes (`card_totals`): the seen cards are those
        scheduled less the few buried now (`cards_buried`); the next due is the first of
        `cards_due` (of all decks) or of each deck's range of `cards_deck_counts`."""
        now_us = cv.to_us(require_utc(now))
        deck = deck if deck is None or isinstance(deck, str) else tuple(dict.fromkeys(deck))
        in_deck, decks = in_decks(deck)
        not_buried = {"now": now_us}
        with self._errors("read"):
            totals = card_totals(self.connection, deck, now_us)
            if totals.kept == 0:  # (and SQLite finds no plan for `deck IN ()`)
                return Available(next_due=None, new=0, seen=0)
            (buried,) = self.connection.execute(
                f"SELECT count(*) FROM cards INDEXED BY cards_buried "
                f"WHERE buried_until > :now AND due IS NOT NULL AND {_ACTIVE} {in_deck}", {**not_buried, **decks},
            ).fetchone()
            if deck is None:
                dues = self.connection.execute(
                    f"SELECT due FROM cards INDEXED BY cards_due WHERE due IS NOT NULL AND {_ACTIVE} AND {_NOT_BURIED} "
                    "ORDER BY due LIMIT 1", not_buried,
                ).fetchall()
            else:
                ids = [deck] if isinstance(deck, str) else deck
                dues = [self.connection.execute(
                    f"SELECT min(due) FROM cards INDEXED BY cards_deck_counts WHERE deck = :deck AND retired = 0 "
                    f"AND suspended = 0 AND due IS NOT NULL AND {_NOT_BURIED}", {**not_buried, "deck": deck_id},
                ).fetchone() for deck_id in ids]
        next_due = min((row[0] for row in dues if row[0] is not None), default=None)
        return Available(next_due=cv.from_us(next_due), new=totals.new_unburied, seen=totals.scheduled - buried)

    def start_cram(
        self, *, now: dt.datetime, tz: dt.tzinfo, config: SessionConfig | None = None, deck: Decks = None,
    ) -> Session:
        """A cram session over every card of the decks (or all) already seen (`Session.start_cram`)."""
        now, config = require_utc(now), config or SessionConfig()
        in_deck, decks = in_decks(deck)
        seen = self._records(
            f"due IS NOT NULL AND {_ACTIVE} AND {_NOT_BURIED} {in_deck}", {"now": cv.to_us(now), **decks},
        )
        return Session.start_cram(seen, now=now, tz=tz, config=config)

    def done_today(self, day: StudyDay) -> DayCounts:
        """New cards introduced and due reviews done in the whole collection on `day`."""
        with self._errors("read"):
            return review_counts.done_on(self.connection, day)

    def commit(self, change: Change) -> list[int]:
        """Append the change's events to the log and update the records, durably. Returns the log ids.

        If another process changed one of the cards since this one read it, that card's
        events are re-applied on top of the log (`rebase`), so neither process loses a review.
        One change may hold many events: they are written in one transaction.
        """
        if not change.events:
            return []
        with self._write("save a review in") as conn:
            cards = self._numbered_records(dict.fromkeys(e.card_id for e in change.events))
            events = self._rebased(list(change.events), {card_id: record for card_id, (_, record) in cards.items()})
            ids = self._log(conn, events, {card_id: number for card_id, (number, _) in cards.items()})
            self._store({e.card_id: e.after for e in events})
        return ids

    def append_answers(self, answers: Sequence[AnkiAnswer]) -> None:
        """Append answers given in Anki (an import's review history) to the log, counted in the
        per-quarter counts. They change no card's record (`anki_review`), so none is read or
        written, and no event is made: a history of 200,000 answers is appended as it comes."""
        check_anki_answers(answers)
        if not answers:
            return
        with self._write("import into") as conn:
            numbers = self._card_numbers({answer.card_id for answer in answers})
            first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM review_log").fetchone()[0]
            with self._indexes_set_aside(conn, {"review_log": len(answers)}):
                conn.executemany(
                    f"INSERT INTO review_log (id, {', '.join(cv.LOG_COLUMNS)}) "
                    f"VALUES (?, {', '.join('?' * len(cv.LOG_COLUMNS))})",
                    [(i, *cv.answer_to_row(a, numbers[a.card_id])) for i, a in enumerate(answers, first)],
                )
            review_counts.count_anki_answers(conn, answers)

    def _card_numbers(self, card_ids: Iterable[str]) -> dict[str, int]:
        """Each card's number, how the log names it; a missing card is an error."""
        ids = list(card_ids)
        found: dict[str, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update(self.connection.execute(
                f"SELECT id, number FROM cards WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall())
        for card_id in ids:
            if card_id not in found:
                raise CollectionError(f"{self.path} has no card {card_id!r}; sync the decks first")
        return found

    def _log(self, conn: sqlite3.Connection, events: Sequence[Event], numbers: Mapping[str, int]) -> list[int]:
        """Inside a write: the events' log rows (`numbers`: each card's number) and their set
        states appended, and their reviews counted. Returns their log ids."""
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM review_log").fetchone()[0]
        ids = list(range(first, first + len(events)))
        many = {"review_log": len(events)} if len(events) >= _BULK_ROWS else {}
        with self._indexes_set_aside(conn, many):
            conn.executemany(
                f"INSERT INTO review_log (id, {', '.join(cv.LOG_COLUMNS)}) "
                f"VALUES (?, {', '.join('?' * len(cv.LOG_COLUMNS))})",
                [(i, *cv.entry_to_row(e, numbers[e.card_id])) for i, e in zip(ids, events)],
            )
            conn.executemany(
                f"INSERT INTO set_states (event, {', '.join(cv.CARD_STATE_COLUMNS)}) "
                f"VALUES (?, {', '.join('?' * len(cv.CARD_STATE_COLUMNS))})",
                [(i, *cv.state_to_row(e.state)) for i, e in zip(ids, events) if e.state is not None],
            )
        self._count_reviews(conn, events, first)
        return ids

    def _rebased(self, events: list[Event], cached: Mapping[str, CardRecord]) -> list[Event]:
        """The events, each card's re-applied on top of its log if its cached record is not the
        one its first event started from: another process changed the card meanwhile."""
        first_before: dict[str, CardRecord] = {}
        for event in events:
            first_before.setdefault(event.card_id, event.before)
        for card_id, before in first_before.items():
            if cached[card_id] != before:
                mine = iter(rebase(self._entries_of(card_id), [e for e in events if e.card_id == card_id]))
                events = [next(mine) if e.card_id == card_id else e for e in events]
        return events

    def _count_reviews(self, conn: sqlite3.Connection, events: Sequence[Event], first: int) -> None:
        """Keep `review_counts` with the log: the reviews among the events just logged (from id
        `first` on) counted, and what their undo events took back counted off again."""
        review_counts.count_reviews(conn, (_log_row(e) for e in events))
        for card_id in {e.card_id for e in events if e.kind is EventKind.UNDO}:
            history = list(self._entries(card_id=card_id))
            earlier = sum(1 for log_id, _ in history if log_id < first)
            review_counts.count_reviews(conn, taken_back((_log_row(e) for _, e in history), since=earlier), sign=-1)

    def _numbered_records(self, card_ids: Iterable[str]) -> dict[str, tuple[int, CardRecord]]:
        """Each card's number (how the log names it) and cached record; a missing card is an error."""
        ids = list(card_ids)
        found: dict[str, tuple[int, CardRecord]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self.connection.execute(
                f"SELECT number, id, {_STATE} FROM cards WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update((row[1], (row[0], cv.record_from_row(row[1], row[2:]))) for row in rows)
        for card_id in ids:
            if card_id not in found:
                raise CollectionError(f"{self.path} has no card {card_id!r}; sync the decks first")
        return found

    def _store(self, records: dict[str, CardRecord]) -> None:
        assignments = ", ".join(f"{c} = ?" for c in cv.STATE_COLUMNS)
        self.connection.executemany(
            f"UPDATE cards SET {assignments} WHERE id = ?",
            [(*cv.record_to_row(r), card_id) for card_id, r in records.items()],
        )

    # --- the log -------------------------------------------------------------------------------

    def events(self, *, card_id: str | None = None) -> list[tuple[int, Event]]:
        """The review log in order, each entry with its id and the card's records before and
        after it (replayed: the log keeps neither); one card's, or all."""
        fold = Replay()
        return [(log_id, fold.apply(entry)) for log_id, entry in self._entries(card_id=card_id)]

    def _entries_of(self, card_id: str) -> list[LogEntry]:
        return [entry for _, entry in self._entries(card_id=card_id)]

    def _entries(self, *, card_id: str | None = None, by_card: bool = False) -> Iterator[tuple[int, LogEntry]]:
        """(id, entry) in log order, of one card or all; `by_card`: all, card by card."""
        where, params = "", []
        if card_id is not None:
            where, params = "WHERE log.card = (SELECT number FROM cards WHERE id = ?)", [card_id]
        order = "log.card, log.id" if by_card else "log.id"
        with self._errors("read"):
            rows = self.connection.execute(
                f"""SELECT log.id, cards.id, {', '.join(f'log.{c}' for c in cv.LOG_COLUMNS[1:])},
                {', '.join(f'states.{c}' for c in cv.CARD_STATE_COLUMNS)}
                FROM review_log AS log JOIN cards ON cards.number = log.card
                LEFT JOIN set_states AS states ON states.event = log.id {where} ORDER BY {order}""",
                params,
            )
            n = len(cv.LOG_COLUMNS)
            for row in rows:
                yield row[0], cv.entry_from_row(row[1], row[2:n + 1], row[n + 1:])

    def replayed_records(self) -> dict[str, CardRecord]:
        """Every card's record rebuilt from the log alone (cards never reviewed are new)."""
        with self._errors("read"):
            ids = [row[0] for row in self.connection.execute("SELECT id FROM cards")]
        records = {card_id: CardRecord(card_id) for card_id in ids}
        for card_id, entries in groupby(self._entries(by_card=True), key=lambda row: row[1].card_id):
            records[card_id] = replay(entry for _, entry in entries)[card_id]  # one card at a time
        return records

    def rebuild_states(self) -> int:
        """Recompute what is cached of the log, every card's record (by replaying it) and the
        counts of reviews; returns how many records had drifted."""
        with self._write("rebuild the card states of") as conn:
            replayed = self.replayed_records()
            cached = {r.card_id: r for r in self.records(include_retired=True)}
            drifted = {i: r for i, r in replayed.items() if cached.get(i) != r}
            self._store(drifted)
            review_counts.rebuild_review_counts(conn)
        return len(drifted)

    # --- statistics ----------------------------------------------------------------------------

    def stats(
        self, *, now: dt.datetime, tz: dt.tzinfo, rollover_hour: int = 4, deck: Decks = None
    ) -> Stats:
        """The numbers of `studykit stats`, for one deck, several or all (counted by SQLite: `statistics`)."""
        from studykit.storage.statistics import collection_stats  # not needed to study: imported when asked

        with self._errors("read"):
            return collection_stats(self.connection, now=now, tz=tz, rollover_hour=rollover_hour, deck=deck)


def _check_starting(events: Sequence[Event], added: set[str]) -> None:
    """The starting states a sync is given are those of cards it adds, from a new card's record."""
    first: dict[str, Event] = {}
    for event in events:
        first.setdefault(event.card_id, event)
    new = CardRecord("")
    for card_id, event in first.items():
        if card_id not in added:
            raise ValueError(f"the starting state of {card_id!r}, a card this sync does not add")
        before = event.before
        if (before.card_id, before.state, before.suspended, before.leech, before.buried_until) != (
            card_id, new.state, new.suspended, new.leech, new.buried_until,
        ):
            raise ValueError(f"the starting state of {card_id!r} does not start from a new card's record")


def _log_row(entry: LogEntry) -> LogRow:
    return LogRow(entry.card_id, entry.kind, entry.at, entry.quality, entry.ease)


def _mkdir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CollectionError(
            f"cannot create the directory {directory} for the collection: {error.strerror}"
        ) from error


def discard_if_unused(path: Path) -> bool:
    """Remove the collection at `path` (its file, WAL and empty media folder) if it holds
    nothing: no card, no import. For a command that created it and then failed before
    putting anything in (an import of a package that is refused), so that a refusal leaves no
    file behind; a collection another process filled meanwhile is kept. Whether it was removed."""
    try:
        with Collection.open(path, read_only=True) as collection:
            if not collection.is_empty() or collection.imports():
                return False
    except CollectionError:
        return False
    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
    from studykit.storage.media import media_dir

    with suppress(OSError):
        media_dir(path).rmdir()  # only if empty
    return True


def _check_header(path: Path) -> None:
    """A non-empty file that does not start with SQLite's header is not ours: refuse it unread."""
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise CollectionError(f"cannot read {path}: {error.strerror}") from error
    if header and header != SQLITE_HEADER:
        raise CollectionError(f"{path} is not a studykit collection (not an SQLite database); it was left untouched")


def _damaged(path: Path, problem: str) -> str:
    return (f"{path} is damaged: {problem}; nothing was written to it (restore it from a backup, or move it "
            "aside to start a new collection)")


def _translate(error: sqlite3.Error, path: Path, action: str, busy_timeout: float) -> CollectionError:
    """One clear message for an SQLite error, naming the file."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return CollectionBusy(
            f"{path} is busy: another studykit process kept it locked for more than "
            f"{busy_timeout:g} s; try again when it is done"
        )
    if name.startswith("SQLITE_FULL"):
        return CollectionError(f"cannot {action} {path}: the disk is full; nothing was written")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        where = path.parent if not os.access(path.parent, os.W_OK) else path
        return CollectionError(
            f"cannot {action} {path}: {where} is read-only or not accessible (SQLite writes the "
            "collection and its -wal and -shm files next to it)"
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return CollectionError(
            f"{path} is damaged or is not a studykit collection (SQLite: {error}); it was left untouched"
        )
    if name.startswith("SQLITE_IOERR"):  # EFBIG (a limit on file size) and failing devices land here
        return CollectionError(
            f"cannot {action} {path}: {error} (a full disk, a limit on file size or a failing device); "
            "what was being written was rolled back"
        )
    return CollectionError(f"cannot {action} {path}: {error}")
