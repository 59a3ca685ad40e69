"""An Anki card's scheduling state as studykit's SM-2 state, and Anki's review log as imported history.

Pure: plain numbers in (Anki's own, as `importers.anki.model` gives them), values out.

The conversion (documented in the README, "Importing from Anki"):

- a new card (type 0) stays new; its place in the new queue is Anki's (`due` is its position);
- a review card (type 2): interval = `ivl` days (1 to 36,500), EF = `factor`/1000, never below
  SM-2's 1.3 (a factor of 0, which Anki leaves on cards it never graduated, is 2.5); due on the
  collection's day `due` (days counted from `crt`, the collection's creation, whose time of day
  is Anki's day start); repetition 2 under six days and 3 from six days on, so the next Good
  multiplies the interval by EF as Anki does; lapses carried;
- a learning or relearning card (type 1 or 3): SM-2's first step (repetition 1, interval
  1 day), due when Anki has it due: `due` in epoch seconds in the learning queue (1), a day
  number in the day-learning queue (3); lapses and EF carried;
- a card borrowed by a filtered deck is scheduled by its home values (`odue` when set);
- a suspended or buried card keeps its state and is suspended or buried (buried until the day
  after the import; Anki unburies at its next day too);
- its last review is the time of its last review in Anki's log, or else its modification time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from studykit.core.session import EventKind
from studykit.core.sm2 import MIN_EF, START_EF, CardState

# Anki's card types and queues, and its review kinds (`importers.anki.model`), as numbers: the
# pure conversion needs no reader.
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
QUEUE_SUSPENDED, QUEUE_SIBLING_BURIED, QUEUE_MANUALLY_BURIED = -1, -2, -3
QUEUE_LEARNING, QUEUE_DAY_LEARNING = 1, 3
EPOCH_SECONDS = 1_000_000_000  # a `due` this large is a time in epoch seconds, not a day number


@dataclass(frozen=True)
class AnkiCardState:
    """What an Anki card's numbers come to: its SM-2 state (None: new), whether it is suspended
    or buried, and its flag (Anki's colours 1–7, 0 for none: a mark, not scheduling)."""

    state: CardState | None
    suspended: bool = False
    buried: bool = False
    flag: int = 0


def ease_of(factor: int) -> float:
    """Anki's ease factor (permille) as SM-2's EF: never below 1.3; 0 (never set) is 2.5."""
    if factor <= 0:
        return START_EF
    return max(MIN_EF, round(factor / 1000, 2))


# Times a damaged or hand-edited collection may hold are kept within what a date can be: from
# the epoch to the year 9000 (so that an interval added to them still is a date).
LATEST = 221_845_392_000  # 9000-01-01, in epoch seconds
MAX_INTERVAL = 36_500  # days: Anki's own largest maximum interval (100 years)


def utc_time(seconds: float) -> dt.datetime:
    """Epoch seconds as a UTC time, clamped to the epoch … the year 9000."""
    return dt.datetime.fromtimestamp(min(max(seconds, 0), LATEST), dt.UTC)


_utc = utc_time


def anki_card_state(
    *,
    card_type: int,
    queue: int,
    due: int,
    interval: int,
    factor: int,
    lapses: int,
    original_due: int = 0,
    original_deck_id: int = 0,
    created: int,
    last_review: dt.datetime | None,
) -> AnkiCardState:
    """The state of one Anki card (`cards` row numbers; `created` is the collection's `crt`)."""
    suspended = queue == QUEUE_SUSPENDED
    buried = queue in (QUEUE_SIBLING_BURIED, QUEUE_MANUALLY_BURIED)
    if card_type == NEW or card_type not in (LEARNING, REVIEW, RELEARNING):
        return AnkiCardState(None, suspended, buried)
    if original_deck_id and original_due:
        due = original_due
    if due >= EPOCH_SECONDS or (queue == QUEUE_LEARNING and card_type != REVIEW):
        due_at = _utc(due)
    else:
        due_at = _utc(created + due * 86_400)
    ef = ease_of(factor)
    if card_type == REVIEW:
        days = min(max(1, interval), MAX_INTERVAL)
        repetition = 3 if days >= 6 else 2
    else:
        days, repetition = 1, 1
    last = last_review if last_review is not None else due_at - dt.timedelta(days=days)
    state = CardState(ef=ef, repetition=repetition, interval=days, due=due_at, lapses=max(0, lapses),
                      redrill=False, last_review=min(last, due_at))
    return AnkiCardState(state, suspended, buried)


# Anki's review kinds (`revlog.type`) as the imported history's event kinds: learning, review,
# relearning and filtered ("cram") answers.
HISTORY_KINDS: dict[int, EventKind] = {
    0: EventKind.ANKI_LEARN, 1: EventKind.ANKI_REVIEW, 2: EventKind.ANKI_RELEARN, 3: EventKind.ANKI_FILTERED,
}
MANUAL, RESCHEDULED = 4, 5


def is_answer(kind: int, ease: int) -> bool:
    """Whether an Anki review-log row is an answer: manual and bulk reschedules (kinds 4, 5)
    and rows whose ease is 0 are not, and are not imported as reviews."""
    return kind not in (MANUAL, RESCHEDULED) and 1 <= ease <= 4


def history_kind(kind: int) -> EventKind | None:
    """The event kind an answer of Anki's review log is imported as."""
    return HISTORY_KINDS.get(kind)
