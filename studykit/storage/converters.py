"""Rows to domain objects and back: the only place that knows both the schema and the core types.

Times are stored as integer microseconds since the Unix epoch (UTC), so a datetime comes
back exactly as it went in and an undo restores a card bit for bit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from studykit.core.notecards import AnyCard, card_from_dict
from studykit.core.session import CardRecord, Event, EventKind, LogRow
from studykit.core.sm2 import CardState, Quality

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)

STATE_COLUMNS = (
    "ef", "repetition", "interval", "due", "lapses", "redrill",
    "last_review", "suspended", "leech", "buried_until",
)
EVENT_COLUMNS = (
    "card_id", "at", "kind", "quality", "answer_ms", "until",
    *(f"b_{c}" for c in STATE_COLUMNS), *(f"a_{c}" for c in STATE_COLUMNS),
)


def to_us(when: dt.datetime | None) -> int | None:
    return None if when is None else (when - EPOCH) // _MICROSECOND


def from_us(us: int | None) -> dt.datetime | None:
    return None if us is None else EPOCH + dt.timedelta(microseconds=us)


def record_to_row(record: CardRecord) -> tuple[Any, ...]:
    """The values of `STATE_COLUMNS`."""
    s = record.state
    return (
        s.ef, s.repetition, s.interval, to_us(s.due), s.lapses, int(s.redrill),
        to_us(s.last_review), int(record.suspended), int(record.leech), to_us(record.buried_until),
    )


def record_from_row(card_id: str, row: Sequence[Any]) -> CardRecord:
    """From the values of `STATE_COLUMNS`."""
    ef, repetition, interval, due, lapses, redrill, last, suspended, leech, buried = row
    state = CardState(
        ef=float(ef), repetition=repetition, interval=interval, due=from_us(due), lapses=lapses,
        redrill=bool(redrill), last_review=from_us(last),
    )
    return CardRecord(card_id, state, suspended=bool(suspended), leech=bool(leech), buried_until=from_us(buried))


def event_to_row(event: Event) -> tuple[Any, ...]:
    """The values of `EVENT_COLUMNS`."""
    return (
        event.card_id, to_us(event.at), event.kind.value,
        None if event.quality is None else int(event.quality), event.answer_ms, to_us(event.until),
        *record_to_row(event.before), *record_to_row(event.after),
    )


def event_from_row(row: Sequence[Any]) -> Event:
    """From the values of `EVENT_COLUMNS`."""
    card_id, at, kind, quality, answer_ms, until = row[:6]
    n = len(STATE_COLUMNS)
    at_time = from_us(at)
    assert at_time is not None
    return Event(
        card_id=card_id, kind=EventKind(kind), at=at_time,
        before=record_from_row(card_id, row[6:6 + n]), after=record_from_row(card_id, row[6 + n:6 + 2 * n]),
        quality=None if quality is None else Quality(quality), answer_ms=answer_ms, until=from_us(until),
    )


_KINDS = {kind.value: kind for kind in EventKind}


def log_row_from_row(row: Sequence[Any]) -> LogRow:
    """From (card_id, at, kind, quality): what statistics and the daily limits read."""
    card_id, at, kind, quality = row
    return LogRow(card_id, _KINDS[kind], EPOCH + dt.timedelta(microseconds=at), quality)


def card_content(card: AnyCard) -> str:
    """A card of either kind as stored: its `to_dict()` in canonical JSON, so equal cards hash
    equal (a note card's dict says `"kind": "note"`)."""
    return json.dumps(card.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(content: str) -> str:
    import hashlib  # for a sync only: not on the way to the first card

    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


def cards_fingerprint(cards: Sequence[AnyCard]) -> str:
    """A cheap key for "the same cards as at the last sync", checked at every sync.

    A dataclass's repr shows every field, and is three times quicker than the JSON; should
    it ever change (a new Python), the next sync just does the full comparison once.
    """
    import hashlib

    digest = hashlib.sha256()
    for card in cards:
        digest.update(repr(card).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def card_from_content(content: str) -> AnyCard:
    return card_from_dict(json.loads(content))
