"""Collections as earlier studykit releases wrote them, for the upgrade tests.

- `load_release_dump`: `data/collection-schema2.sql`, a collection made by studykit as
  released at schema 2 (commit e3df78f, by `data/make_schema2_collection.py`: two weeks of
  sessions with undo, bury, suspension, leeches, retired cards, and two processes grading
  the same cards), dumped as SQL.
- `write_old_collection`: any history, written in the release's format at schema 1 or 2 (the
  old migrations, and each log entry with the card's record before and after it).
- `simulate`: days of sessions run by the pure core, with undo, bury and suspension, for
  histories of any length.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from studykit.core.cards import Card
from studykit.core.session import CardRecord, Change, Event, EventKind, Session, SessionConfig, unsuspend_card
from studykit.core.sm2 import Button
from studykit.storage import converters as cv
from studykit.storage.migrations import MIGRATIONS, migrate

RELEASE_DUMP = Path(__file__).parent / "data" / "collection-schema2.sql"
_OLD_STATE = ("ef", "repetition", "interval", "due", "lapses", "redrill", "last_review", "suspended", "leech",
              "buried_until")


def load_release_dump(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(RELEASE_DUMP.read_text(encoding="utf-8"))
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def old_log(path: Path) -> list[tuple[int, Event]]:
    """The log of a schema-1 or -2 collection, read as the release read it (before and after stored)."""
    conn = sqlite3.connect(path)
    n = len(_OLD_STATE)
    columns = ", ".join([*(f"b_{c}" for c in _OLD_STATE), *(f"a_{c}" for c in _OLD_STATE)])
    query = f"SELECT id, card_id, at, kind, quality, answer_ms, until, {columns} FROM review_log ORDER BY id"
    rows = conn.execute(query)
    out = []
    for log_id, card_id, at, kind, quality, answer_ms, until, *states in rows:
        entry = cv.entry_from_row(card_id, (at, cv.KIND_CODES[EventKind(kind)], quality, answer_ms, until))
        out.append((log_id, Event(
            entry.card_id, entry.kind, entry.at, entry.quality, answer_ms=entry.answer_ms, until=entry.until,
            before=cv.record_from_row(card_id, states[:n]), after=cv.record_from_row(card_id, states[n:]),
        )))
    conn.close()
    return out


def old_records(path: Path) -> dict[str, CardRecord]:
    conn = sqlite3.connect(path)
    rows = conn.execute(f"SELECT id, {', '.join(_OLD_STATE)} FROM cards")
    records = {row[0]: cv.record_from_row(row[0], row[1:]) for row in rows}
    conn.close()
    return records


def write_old_collection(path: Path, cards: list[Card], events: Iterable[Event], *, version: int) -> None:
    """A collection as studykit wrote it at schema `version` (1 or 2), holding `cards` and
    `events` (read once, in log order: a long history need not be in memory)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    migrate(conn, MIGRATIONS[:version])
    conn.execute("BEGIN")
    columns = ", ".join([*(f"b_{c}" for c in _OLD_STATE), *(f"a_{c}" for c in _OLD_STATE)])
    final: dict[str, CardRecord] = {}
    for e in events:
        conn.execute(
            f"INSERT INTO review_log (card_id, at, kind, quality, answer_ms, until, {columns}) "
            f"VALUES ({', '.join('?' * (6 + 2 * len(_OLD_STATE)))})",
            (e.card_id, cv.to_us(e.at), e.kind.value, None if e.quality is None else int(e.quality), e.answer_ms,
             cv.to_us(e.until), *cv.record_to_row(e.before), *cv.record_to_row(e.after)),
        )
        final[e.card_id] = e.after
    for position, card in enumerate(cards, 1):
        content = cv.card_content(card)
        record = final.get(card.id, CardRecord(card.id))
        conn.execute(
            f"INSERT INTO cards (id, deck, position, content, content_hash, {', '.join(_OLD_STATE)}) "
            f"VALUES ({', '.join('?' * (5 + len(_OLD_STATE)))})",
            (card.id, card.deck_id, position, content, cv.content_hash(content), *cv.record_to_row(record)),
        )
    conn.execute("COMMIT")
    conn.close()


def simulate(card_ids: list[str], *, days: int, seed: int, start: dt.datetime,
             tz: dt.tzinfo = dt.UTC, config: SessionConfig | None = None) -> list[Event]:
    """`days` of sessions over the cards, run by the core alone: grades, undo, bury, suspension
    and unsuspension, every change applied as a collection would commit it."""
    rng = random.Random(seed)
    config = config or SessionConfig(new_per_day=6, leech_threshold=2)
    records = {card_id: CardRecord(card_id) for card_id in card_ids}
    events: list[Event] = []

    def apply(change: Change) -> None:
        events.extend(change.events)
        records.update(change.records)

    now = start
    for _ in range(days):
        session = Session.start(records.values(), now=now, tz=tz, config=config)
        while session.current is not None:
            now += dt.timedelta(seconds=rng.randrange(5, 90))
            r = rng.random()
            if r < 0.1 and session.can_undo:
                apply(session.undo(now=now))
            elif r < 0.14:
                apply(session.bury(now=now))
            elif r < 0.16:
                apply(session.suspend(now=now))
            else:
                grade = Button.AGAIN if session.current.card_id.endswith("7") else rng.choice(list(Button))
                apply(session.grade(grade, now=now, answer_ms=rng.randrange(500, 20_000)))
        for record in list(records.values()):
            if record.suspended and rng.random() < 0.3:
                apply(unsuspend_card(record, now=now))
        now += dt.timedelta(days=1)
    return events
