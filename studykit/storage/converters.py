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
from studykit.core.session import ANKI_REVIEWS, CardRecord, EventKind, LogEntry, LogRow
from studykit.core.sm2 import Button, CardState, Quality

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)

STATE_COLUMNS = (
    "ef", "repetition", "interval", "due", "lapses", "redrill",
    "last_review", "suspended", "leech", "buried_until",
)
CARD_STATE_COLUMNS = STATE_COLUMNS[:7]  # a CardState's: what a set-state event sets
LOG_COLUMNS = ("card", "at", "kind", "grade", "answer_ms", "until")

# The codes of `event_kinds` (migration 3; later kinds come with their own migration).
KIND_CODES: dict[EventKind, int] = {
    EventKind.NEW: 0, EventKind.REVIEW: 1, EventKind.REDRILL: 2, EventKind.LEECH: 3,
    EventKind.SUSPEND: 4, EventKind.UNSUSPEND: 5, EventKind.BURY: 6, EventKind.UNDO: 7,
    EventKind.SET_STATE: 8, EventKind.ANKI_LEARN: 9, EventKind.ANKI_REVIEW: 10,
    EventKind.ANKI_RELEARN: 11, EventKind.ANKI_FILTERED: 12,
}
KINDS = {code: kind for kind, code in KIND_CODES.items()}


def to_us(when: dt.datetime | None) -> int | None:
    return None if when is None else (when - EPOCH) // _MICROSECOND


def from_us(us: int | None) -> dt.datetime | None:
    return None if us is None else EPOCH + dt.timedelta(microseconds=us)


def state_to_row(s: CardState) -> tuple[Any, ...]:
    """The values of `CARD_STATE_COLUMNS`."""
    return (s.ef, s.repetition, s.interval, to_us(s.due), s.lapses, int(s.redrill), to_us(s.last_review))


def state_from_row(row: Sequence[Any]) -> CardState:
    """From the values of `CARD_STATE_COLUMNS`."""
    ef, repetition, interval, due, lapses, redrill, last = row
    return CardState(
        ef=float(ef), repetition=repetition, interval=interval, due=from_us(due), lapses=lapses,
        redrill=bool(redrill), last_review=from_us(last),
    )


def record_to_row(record: CardRecord) -> tuple[Any, ...]:
    """The values of `STATE_COLUMNS`."""
    return (*state_to_row(record.state), int(record.suspended), int(record.leech), to_us(record.buried_until))


def record_from_row(card_id: str, row: Sequence[Any]) -> CardRecord:
    """From the values of `STATE_COLUMNS`."""
    suspended, leech, buried = row[7:]
    return CardRecord(card_id, state_from_row(row[:7]), suspended=bool(suspended), leech=bool(leech),
                      buried_until=from_us(buried))


def entry_to_row(entry: LogEntry, card: int) -> tuple[Any, ...]:
    """The values of `LOG_COLUMNS`; `card` is the card's number. A set-state entry's state
    goes to `set_states` (`state_to_row`)."""
    grade = entry.ease if entry.kind in ANKI_REVIEWS else entry.quality
    return (card, to_us(entry.at), KIND_CODES[entry.kind], None if grade is None else int(grade),
            entry.answer_ms, to_us(entry.until))


def entry_from_row(card_id: str, row: Sequence[Any], state: Sequence[Any] | None = None) -> LogEntry:
    """From the values of `LOG_COLUMNS` after `card`, and a set-state entry's `set_states` row."""
    at, code, grade, answer_ms, until = row
    kind = KINDS[code]
    at_time = from_us(at)
    assert at_time is not None
    return LogEntry(
        card_id, kind, at_time,
        quality=None if grade is None or kind in ANKI_REVIEWS else Quality(grade),
        ease=Button(grade) if grade is not None and kind in ANKI_REVIEWS else None,
        answer_ms=answer_ms, until=from_us(until),
        state=None if state is None or state[0] is None else state_from_row(state),
    )


def log_row_from_row(row: Sequence[Any]) -> LogRow:
    """From (card_id, at, kind, grade): what the daily limits read."""
    card_id, at, code, grade = row
    kind = KINDS[code]
    at_time = EPOCH + dt.timedelta(microseconds=at)
    if kind in ANKI_REVIEWS:
        return LogRow(card_id, kind, at_time, ease=grade)
    return LogRow(card_id, kind, at_time, grade)


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
