"""Rows to domain objects and back: the only place that knows both the schema and the core types.

Times are stored as integer microseconds since the Unix epoch (UTC), so a datetime comes
back exactly as it went in and an undo restores a card bit for bit.

A value read back that is not what the schema promises (text in a time column, a time past
the calendar, an event kind this version does not know, card content that is not a card)
raises `Damaged` rather than whatever the conversion would: the collection turns it into one
message naming the file. The check at open (`integrity`) finds such values first; this is
what stands when another process damages the file while it is open.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from typing import Any

from studykit.core.notecards import AnyCard, card_from_dict
from studykit.core.session import ANKI_REVIEWS, GRADES, AnkiAnswer, CardRecord, EventKind, LogEntry, LogRow
from studykit.core.sm2 import Button, CardState, Quality

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
# The times a collection may hold: the calendar of `datetime`, a day short at each end, so that
# a time shown in any time zone is still a date (the damage indexes of migration 7 say the same).
FIRST_US = -62135510400000000  # 0001-01-02 UTC
LAST_US = 253402214400000000  # 9999-12-31 UTC


class Damaged(ValueError):
    """A value read from the collection is not what its column holds; the message says which."""

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
    EventKind.ANKI_RELEARN: 11, EventKind.ANKI_FILTERED: 12, EventKind.UNBURY: 13,
}
KINDS = {code: kind for kind, code in KIND_CODES.items()}
_QUALITIES = frozenset(int(q) for q in Quality)  # a grade's SM-2 quality
_EASES = frozenset(int(b) for b in Button)  # an imported Anki review's button


def to_us(when: dt.datetime | None) -> int | None:
    return None if when is None else (when - EPOCH) // _MICROSECOND


def from_us(us: int | None, what: str = "a time") -> dt.datetime | None:
    if us is None:
        return None
    if type(us) is not int or not FIRST_US <= us <= LAST_US:
        raise Damaged(f"{what} is {shown(us)}, not a time between the years 1 and 9999")
    return EPOCH + dt.timedelta(microseconds=us)


def shown(value: object) -> str:
    """A stored value as a message shows it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _integer(value: object, what: str) -> int:
    if type(value) is not int:
        raise Damaged(f"{what} is {shown(value)}, not a whole number")
    return value


def _number(value: object, what: str) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):  # type: ignore[arg-type]
        raise Damaged(f"{what} is {shown(value)}, not a number")
    return float(value)  # type: ignore[arg-type]


def state_to_row(s: CardState) -> tuple[Any, ...]:
    """The values of `CARD_STATE_COLUMNS`."""
    return (s.ef, s.repetition, s.interval, to_us(s.due), s.lapses, int(s.redrill), to_us(s.last_review))


def state_from_row(row: Sequence[Any]) -> CardState:
    """From the values of `CARD_STATE_COLUMNS`."""
    ef, repetition, interval, due, lapses, redrill, last = row
    return CardState(
        ef=_number(ef, "the ease factor"), repetition=_integer(repetition, "the repetition"),
        interval=_integer(interval, "the interval"), due=from_us(due, "the due time"),
        lapses=_integer(lapses, "the lapses"), redrill=bool(_integer(redrill, "the re-drill flag")),
        last_review=from_us(last, "the last review"),
    )


def record_to_row(record: CardRecord) -> tuple[Any, ...]:
    """The values of `STATE_COLUMNS`."""
    return (*state_to_row(record.state), int(record.suspended), int(record.leech), to_us(record.buried_until))


def record_from_row(card_id: str, row: Sequence[Any]) -> CardRecord:
    """From the values of `STATE_COLUMNS`."""
    suspended, leech, buried = row[7:]
    try:
        return CardRecord(
            card_id, state_from_row(row[:7]), suspended=bool(_integer(suspended, "the suspended flag")),
            leech=bool(_integer(leech, "the leech flag")), buried_until=from_us(buried, "the end of its bury"),
        )
    except Damaged as error:
        raise Damaged(f"card {card_id!r}: {error}") from None


def entry_to_row(entry: LogEntry, card: int) -> tuple[Any, ...]:
    """The values of `LOG_COLUMNS`; `card` is the card's number. A set-state entry's state
    goes to `set_states` (`state_to_row`)."""
    grade = entry.ease if entry.kind in ANKI_REVIEWS else entry.quality
    return (card, to_us(entry.at), KIND_CODES[entry.kind], None if grade is None else int(grade),
            entry.answer_ms, to_us(entry.until))


def answer_to_row(answer: AnkiAnswer, card: int) -> tuple[Any, ...]:
    """The values of `LOG_COLUMNS` for an answer given in Anki: its event's, as `entry_to_row`
    writes them, made from the answer's plain numbers."""
    return (card, answer.at_ms * 1000, KIND_CODES[answer.kind], answer.ease, answer.answer_ms, None)


def entry_from_row(card_id: str, row: Sequence[Any], state: Sequence[Any] | None = None) -> LogEntry:
    """From the values of `LOG_COLUMNS` after `card`, and a set-state entry's `set_states` row."""
    at, code, grade, answer_ms, until = row
    try:
        kind = _kind(code)
        at_time = from_us(_integer(at, "the time"))
        assert at_time is not None
        if answer_ms is not None:
            _integer(answer_ms, "the answer time")
        if kind in GRADES or kind in ANKI_REVIEWS:
            allowed = _EASES if kind in ANKI_REVIEWS else _QUALITIES
            if type(grade) is not int or grade not in allowed:
                raise Damaged(f"the grade of a {kind.value} event is {shown(grade)}, not one of "
                              f"{', '.join(map(str, sorted(allowed)))}")
        if kind is EventKind.SET_STATE and (state is None or state[0] is None):
            raise Damaged("a set-state event has no state")
        return LogEntry(
            card_id, kind, at_time,
            quality=None if grade is None or kind in ANKI_REVIEWS else Quality(grade),
            ease=Button(grade) if grade is not None and kind in ANKI_REVIEWS else None,
            answer_ms=answer_ms, until=from_us(until, "the end of the bury"),
            state=None if state is None or state[0] is None else state_from_row(state),
        )
    except (Damaged, ValueError) as error:
        raise Damaged(f"a review-log entry of card {card_id!r}: {error}") from None


def _kind(code: object) -> EventKind:
    kind = KINDS.get(code) if isinstance(code, int) and not isinstance(code, bool) else None
    if kind is None:
        raise Damaged(f"the kind of event is {shown(code)}, which this studykit does not know")
    return kind


def log_row_from_row(row: Sequence[Any]) -> LogRow:
    """From (card_id, at, kind, grade): what the daily limits read."""
    card_id, at, code, grade = row
    kind = _kind(code)
    at_time = from_us(at, "the time of a review")
    assert at_time is not None
    if grade is not None:
        _integer(grade, "the grade of a review")
    if kind in ANKI_REVIEWS:
        return LogRow(card_id, kind, at_time, ease=grade)
    return LogRow(card_id, kind, at_time, grade)


# Canonical JSON: made once, not by every `json.dumps` (an import encodes tens of thousands of cards).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def card_content(card: AnyCard) -> str:
    """A card of either kind as stored: its `to_dict()` in canonical JSON, so equal cards hash
    equal (a note card's dict says `"kind": "note"`)."""
    return _CANONICAL.encode(card.to_dict())


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


def card_from_content(content: str, card_id: str = "") -> AnyCard:
    """The card stored as `content` (`card_content`); `Damaged` when it is not one."""
    try:
        return card_from_dict(json.loads(content))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        what = f"the content of card {card_id!r}" if card_id else "a card's content"
        raise Damaged(f"{what} is not a card ({type(error).__name__}: {shown(str(error))})") from None
