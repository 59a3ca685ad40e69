"""A day's review session and the events it leaves in the review log. Pure: no I/O, `now` passed in.

A session builds today's queue (due reviews first, the longest overdue first, then new
cards, up to the daily limits), shows one card at a time, re-drills the cards graded
below 4 once the queue is done (SM-2's same-day repeats), and can undo, bury and suspend.
A card that lapses `leech_threshold` times is a leech: it is tagged and suspended. A card
that another card shown the same day gives away (a sibling, or one showing its answer:
`core.giveaway`) is left out of the day's queue, as Anki buries siblings; it comes another day.

Every action returns a `Change`, the events to append to the review log. The caller commits
it durably (`studykit.storage.Collection.commit`) before it asks for the next card, so a
crash can lose at most the grade being given:

    session = Session(records, now=now, tz=tz)
    while (record := session.current) is not None:
        ...  # show the card, read the answer
        collection.commit(session.grade(Button.GOOD, now=now, answer_ms=4200))

A cram session (`Session.start_cram`) goes through cards already seen, whatever their due
date, and changes no schedule: its grades return empty changes (a bury or a suspension is
still logged).

The review log is the truth and a card's record only a cache of it: `replay` folds a card's
log entries back into its record. The log keeps of each event what replay cannot recompute
(`LogEntry`: the grade, not the state it led to); an `Event` adds the record before and after.
An undo event takes back the last grade, suspension, unsuspension, bury or set state of its
card (with the leech suspension a grade caused). Two kinds come from outside: a set-state
event (an imported Anki card's state, a reset to new, a reschedule) carries the state it sets,
which replay applies as given; an imported Anki review counts in the statistics and leaves
the card as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, NamedTuple, Protocol, TypeVar

from studykit.core import limits, sm2
from studykit.core.limits import Quotas
from studykit.core.sm2 import Button, CardState, Quality, ReviewKind, require_utc


class SessionError(Exception):
    """A session used out of turn: grading when no card is left, undoing with nothing to undo."""


@dataclass(frozen=True)
class SessionConfig:
    """Daily limits, when the day turns over (local hour), how many lapses make a leech, the
    longest interval SM-2 may give (days), and whether a card another card shown the same day
    gives away waits for another day (`spare_giveaways`, as Anki's "bury siblings")."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = 4
    leech_threshold: int = 8
    max_interval: int = sm2.MAX_INTERVAL
    spare_giveaways: bool = True

    def __post_init__(self) -> None:
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise ValueError("daily limits cannot be negative")
        if not 0 <= self.rollover_hour <= 23:
            raise ValueError(f"the day turns over at an hour 0–23, not {self.rollover_hour}")
        if self.leech_threshold < 1:
            raise ValueError("the leech threshold is at least 1 lapse")
        if self.max_interval < 1:
            raise ValueError("the maximum interval is at least 1 day")


@dataclass(frozen=True)
class StudyDay:
    """A day as the student lives it: from `rollover_hour` local time to the same hour next day.

    Studying past midnight still counts for the evening's day. `start` and `end` are UTC.
    """

    date: dt.date
    start: dt.datetime
    end: dt.datetime
    tz: dt.tzinfo
    rollover_hour: int = 4

    @classmethod
    def of(cls, date: dt.date, *, tz: dt.tzinfo, rollover_hour: int = 4) -> StudyDay:
        def at(day: dt.date) -> dt.datetime:
            local = dt.datetime.combine(day, dt.time(rollover_hour), tzinfo=tz)
            return local.astimezone(dt.UTC)

        return cls(date, at(date), at(date + dt.timedelta(days=1)), tz, rollover_hour)

    @classmethod
    def containing(cls, now: dt.datetime, *, tz: dt.tzinfo, rollover_hour: int = 4) -> StudyDay:
        local = require_utc(now).astimezone(tz) - dt.timedelta(hours=rollover_hour)
        return cls.of(local.date(), tz=tz, rollover_hour=rollover_hour)

    def shift(self, days: int) -> StudyDay:
        return StudyDay.of(self.date + dt.timedelta(days=days), tz=self.tz, rollover_hour=self.rollover_hour)

    def __contains__(self, when: dt.datetime) -> bool:
        return self.start <= when < self.end


def _iso(when: dt.datetime | None) -> str | None:
    return None if when is None else when.isoformat()


@dataclass(frozen=True)
class CardRecord:
    """What the scheduler knows of one card: its SM-2 state and the user's flags."""

    card_id: str
    state: CardState = field(default_factory=CardState)
    suspended: bool = False
    leech: bool = False
    buried_until: dt.datetime | None = None

    @property
    def is_new(self) -> bool:
        return self.state.is_new

    def available(self, now: dt.datetime) -> bool:
        """Not suspended, and not buried at `now`."""
        return not self.suspended and (self.buried_until is None or self.buried_until <= now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id, "state": self.state.to_dict(), "suspended": self.suspended,
            "leech": self.leech, "buried_until": _iso(self.buried_until),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardRecord:
        buried = data.get("buried_until")
        return cls(
            card_id=data["card_id"], state=CardState.from_dict(data["state"]),
            suspended=bool(data.get("suspended", False)), leech=bool(data.get("leech", False)),
            buried_until=None if buried is None else require_utc(dt.datetime.fromisoformat(buried)),
        )


class EventKind(str, Enum):
    """What a review-log event records. The first three are grades (`sm2.ReviewKind`)."""

    NEW = "new"
    REVIEW = "review"
    REDRILL = "redrill"
    LEECH = "leech"          # suspended and tagged by the grade just before it
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    BURY = "bury"            # hidden until `until`
    UNBURY = "unbury"        # shown again before its bury ends
    UNDO = "undo"            # takes back the card's last undoable event
    SET_STATE = "set-state"  # the scheduling state set from outside, as given (`state`)
    # Reviews done in Anki and imported with its history (`ease`: Anki's button). They count in
    # the statistics but replay leaves the card as it is: Anki's scheduler, not SM-2, made them,
    # and the state they led to arrives as a set-state event. Anki's kinds, by its revlog types.
    ANKI_LEARN = "anki-learn"
    ANKI_REVIEW = "anki-review"
    ANKI_RELEARN = "anki-relearn"
    ANKI_FILTERED = "anki-filtered"


GRADES = frozenset({EventKind.NEW, EventKind.REVIEW, EventKind.REDRILL})
ANKI_REVIEWS = frozenset({EventKind.ANKI_LEARN, EventKind.ANKI_REVIEW, EventKind.ANKI_RELEARN, EventKind.ANKI_FILTERED})
UNDOABLE = GRADES | {EventKind.SUSPEND, EventKind.UNSUSPEND, EventKind.BURY, EventKind.UNBURY,
                     EventKind.SET_STATE}


@dataclass(frozen=True)
class LogEntry:
    """One entry of the append-only review log as it is kept: what happened, and nothing that
    replaying the entries before it can tell (the card's record before and after: `Event`)."""

    card_id: str
    kind: EventKind
    at: dt.datetime
    quality: Quality | None = None    # grades: the SM-2 quality
    ease: Button | None = None        # imported Anki reviews: the button pressed in Anki
    answer_ms: int | None = None      # grades and imported reviews: time from showing the card to the answer
    until: dt.datetime | None = None  # bury only
    state: CardState | None = None    # set-state only: the state it sets


@dataclass(frozen=True, kw_only=True)
class Event(LogEntry):
    """A log entry with the card's record before and after it: what an action returns, and
    what replaying the log gives back."""

    before: CardRecord
    after: CardRecord


@dataclass(frozen=True)
class Change:
    """What one action changed: the events to append, in order, in one transaction."""

    events: tuple[Event, ...]

    @property
    def records(self) -> dict[str, CardRecord]:
        """Each touched card's record after the change."""
        return {e.card_id: e.after for e in self.events}


def is_leech(lapses: int, threshold: int) -> bool:
    """A leech at `threshold` lapses, and again every half-threshold more, as Anki does."""
    return lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0


def grade_card(
    record: CardRecord, grade: Quality | Button | int, *, now: dt.datetime,
    answer_ms: int = 0, redrill: bool = False, leech_threshold: int = 8, max_interval: int = sm2.MAX_INTERVAL,
) -> Change:
    """Grade one card: the grade event, and a leech event if this lapse made it one."""
    if answer_ms < 0:
        raise ValueError("an answer time cannot be negative")
    state, entry = sm2.review(record.state, grade, now, redrill=redrill, max_interval=max_interval)
    after = replace(record, state=state)
    events = [Event(record.card_id, EventKind(entry.kind.value), entry.reviewed_at, quality=entry.quality,
                    answer_ms=answer_ms, before=record, after=after)]
    if state.lapses > record.state.lapses and is_leech(state.lapses, leech_threshold):
        leech = replace(after, suspended=True, leech=True)
        events.append(Event(record.card_id, EventKind.LEECH, entry.reviewed_at, before=after, after=leech))
    return Change(tuple(events))


def suspend_card(record: CardRecord, *, now: dt.datetime) -> Change:
    return _flag(record, EventKind.SUSPEND, now, replace(record, suspended=True))


def unsuspend_card(record: CardRecord, *, now: dt.datetime) -> Change:
    """Show the card again; a leech keeps its tag, so the student can see why it was suspended."""
    return _flag(record, EventKind.UNSUSPEND, now, replace(record, suspended=False))


def bury_card(record: CardRecord, *, now: dt.datetime, until: dt.datetime) -> Change:
    until = require_utc(until, "bury end")
    return _flag(record, EventKind.BURY, now, replace(record, buried_until=until), until=until)


def reset_card(record: CardRecord, *, now: dt.datetime) -> Change:
    """Make a card new again, as Anki's "Reset" (Forget) with its counts reset: EF 2.5, no
    repetitions or lapses, in its first place among the new cards. Its history stays in the
    log; a suspension or a leech's tag stays as it is."""
    return set_card_state(record, CardState(), now=now)


def unbury_card(record: CardRecord, *, now: dt.datetime) -> Change:
    """Show a buried card again today: it is back in the next session built."""
    return _flag(record, EventKind.UNBURY, now, replace(record, buried_until=None))


def _flag(record: CardRecord, kind: EventKind, now: dt.datetime, after: CardRecord,
          until: dt.datetime | None = None) -> Change:
    return Change((Event(record.card_id, kind, require_utc(now), until=until, before=record, after=after),))


def set_card_state(record: CardRecord, state: CardState, *, now: dt.datetime) -> Change:
    """Set the card's scheduling state from outside: from an imported Anki card, a reset to
    new, a reschedule. Replay applies it as given; an undo takes it back.

    A state is new (no due date, never reviewed) or scheduled (both): a half of each would
    be new to the statistics and due to the queue."""
    if (state.due is None) != (state.last_review is None):
        raise ValueError(f"a state set from outside has both a due date and a last review, or neither (new): {state!r}")
    if state.due is not None:
        require_utc(state.due, "due date")
        require_utc(state.last_review, "last review")  # type: ignore[arg-type]
    after = replace(record, state=state)
    return Change((Event(record.card_id, EventKind.SET_STATE, require_utc(now), state=state,
                         before=record, after=after),))


def anki_review(
    record: CardRecord, kind: EventKind, *, at: dt.datetime, ease: Button, answer_ms: int,
) -> Change:
    """A review done in Anki, imported with its history: statistics count it, the card stays as it is."""
    if kind not in ANKI_REVIEWS:
        raise ValueError(f"an imported Anki review is one of {sorted(k.value for k in ANKI_REVIEWS)}, not {kind.value}")
    if not isinstance(ease, Button):
        raise TypeError(f"Anki's ease is a Button (1–4), not {ease!r}")
    if answer_ms < 0:
        raise ValueError("an answer time cannot be negative")
    return Change((Event(record.card_id, kind, require_utc(at), ease=ease, answer_ms=answer_ms,
                         before=record, after=record),))


@dataclass(frozen=True, slots=True)
class AnkiAnswer:
    """A review done in Anki, as an import appends it to the log: what `anki_review` makes an
    event of, without the event. It changes no card's record, so a whole review history is
    appended as it comes, never replayed; plain numbers, since a package can bring hundreds of
    thousands (`check_anki_answers` checks them all at once). Slots keep each small; a named
    tuple would be made faster (about 1 µs less an answer), which bench_import does not see at
    10,000 notes and 40,000 answers."""

    card_id: str
    kind: EventKind  # one of ANKI_REVIEWS
    at_ms: int       # when it was answered, in epoch milliseconds (Anki's review id)
    ease: int        # the button pressed, 1–4 (`sm2.Button`)
    answer_ms: int

    @property
    def at(self) -> dt.datetime:
        return _EPOCH + dt.timedelta(milliseconds=self.at_ms)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_LAST_MS = (dt.datetime.max.replace(tzinfo=dt.UTC) - _EPOCH) // dt.timedelta(milliseconds=1)


def check_anki_answers(answers: Iterable[AnkiAnswer]) -> None:
    """`anki_review`'s checks, over many answers in one pass: raises `ValueError` for an
    answer of another kind, a button that is not one, a negative answer time or a time
    before the epoch or past the calendar."""
    buttons = {int(button) for button in sm2.Button}
    for answer in answers:
        if answer.kind not in ANKI_REVIEWS:
            raise ValueError(f"an imported Anki review is one of {sorted(k.value for k in ANKI_REVIEWS)}, "
                             f"not {answer.kind.value}")
        if answer.ease not in buttons:
            raise ValueError(f"Anki's ease is a button (1–4), not {answer.ease!r}")
        if answer.answer_ms < 0:
            raise ValueError("an answer time cannot be negative")
        if not 0 <= answer.at_ms <= _LAST_MS:
            raise ValueError(f"an answer's time is {answer.at_ms} ms from the epoch, not a time after it")


class Replay:
    """Folds log entries, in log order, into card records; keeps each card's undo stack.

    Also what `rebase` uses: applying an entry recomputes its before and after from the
    records folded so far, so two processes grading the same card both keep their grade.
    Cards are independent: one card's entries may be folded alone.
    """

    def __init__(self, *, max_interval: int = sm2.MAX_INTERVAL) -> None:
        self.records: dict[str, CardRecord] = {}
        self._undo: dict[str, list[CardRecord]] = {}
        self.max_interval = max_interval  # as the grades were given: a replay gives the same states

    def apply(self, entry: LogEntry) -> Event:
        before = self.records.get(entry.card_id) or CardRecord(entry.card_id)
        stack = self._undo.setdefault(entry.card_id, [])
        kind = entry.kind
        if kind in GRADES:
            assert entry.quality is not None, "a grade has a quality"
            state, review = sm2.review(before.state, entry.quality, entry.at, redrill=kind is EventKind.REDRILL,
                                       max_interval=self.max_interval)
            after, kind = replace(before, state=state), EventKind(review.kind.value)
        elif kind is EventKind.SET_STATE:
            assert entry.state is not None, "a set-state event has the state it sets"
            after = replace(before, state=entry.state)
        elif kind in ANKI_REVIEWS:
            after = before
        elif kind is EventKind.LEECH:
            after = replace(before, suspended=True, leech=True)
        elif kind is EventKind.SUSPEND:
            after = replace(before, suspended=True)
        elif kind is EventKind.UNSUSPEND:
            after = replace(before, suspended=False)
        elif kind is EventKind.BURY:
            after = replace(before, buried_until=entry.until)
        elif kind is EventKind.UNBURY:
            after = replace(before, buried_until=None)
        else:  # UNDO
            after = stack.pop() if stack else before
        if kind in UNDOABLE:
            stack.append(before)
        self.records[entry.card_id] = after
        return Event(entry.card_id, kind, entry.at, entry.quality, entry.ease, entry.answer_ms, entry.until,
                     entry.state, before=before, after=after)


def replay(entries: Iterable[LogEntry]) -> dict[str, CardRecord]:
    """Every card's record, rebuilt from the log alone (entries in log order)."""
    fold = Replay()
    for entry in entries:
        fold.apply(entry)
    return fold.records


def rebase(history: Iterable[LogEntry], pending: Iterable[LogEntry]) -> tuple[Event, ...]:
    """`pending` re-applied after `history`: their before/after (and new/review kind) recomputed."""
    fold = Replay()
    for entry in history:
        fold.apply(entry)
    return tuple(fold.apply(entry) for entry in pending)


class _Logged(Protocol):
    @property
    def card_id(self) -> str: ...
    @property
    def kind(self) -> EventKind: ...


L = TypeVar("L", bound=_Logged)


def effective(events: Iterable[L]) -> list[L]:
    """The events that still stand: undo events and what they took back are left out."""
    events = list(events)
    taken = _taken_back(events)
    return [e for i, e in enumerate(events) if i not in taken and e.kind is not EventKind.UNDO]


def taken_back(events: Iterable[L], *, since: int = 0) -> list[L]:
    """The events that undo events took back, in log order (not the undo events themselves);
    with `since`, only what the undo events from that position on took back."""
    events = list(events)
    taken = _taken_back(events) - _taken_back(events[:since])
    return [events[i] for i in sorted(taken)]


def _taken_back(events: list[L]) -> set[int]:
    """The positions in `events` of what undo events took back: each undo takes back its
    card's last undoable event still standing, with the leech event a grade caused."""
    undone = {e.card_id for e in events if e.kind is EventKind.UNDO}
    taken: set[int] = set()
    stacks: dict[str, list[list[int]]] = {}
    for i, event in enumerate(events):
        if event.card_id not in undone:  # the usual case: a card never undone
            continue
        stack = stacks.setdefault(event.card_id, [])
        if event.kind is EventKind.UNDO:
            taken.update(stack.pop() if stack else ())
        elif event.kind in UNDOABLE:
            stack.append([i])
        elif event.kind is EventKind.LEECH and stack:  # a leech belongs to the grade before it
            stack[-1].append(i)
    return taken


class LogRow(NamedTuple):
    """The part of a review-log event that counting and statistics need (a tuple: a year of
    log is many rows)."""

    card_id: str
    kind: EventKind
    at: dt.datetime
    quality: int | None = None  # grades
    ease: int | None = None     # imported Anki reviews


REVIEWS = GRADES | ANKI_REVIEWS  # every answer: what the reviews per day count
DUE_REVIEWS = frozenset({EventKind.REVIEW, EventKind.ANKI_REVIEW})  # answers to due cards: what retention counts


def passed_review(row: LogRow) -> bool:
    """A due review passed: SM-2 quality 3 or more; in Anki, any button but Again."""
    if row.kind is EventKind.ANKI_REVIEW:
        return row.ease is not None and anki_passed(row.ease)
    return row.quality is not None and row.quality >= 3


def anki_passed(ease: int) -> bool:
    """An answer in Anki passed: any button but Again."""
    return ease >= 2


@dataclass(frozen=True)
class DayCounts:
    """New cards introduced and due reviews done so far today: they count against the limits."""

    new: int = 0
    reviews: int = 0


def count_done(events_today: Iterable[_Logged]) -> DayCounts:
    """What today's events that stand count against the limits: first grades of new cards, and
    due reviews (re-drills are never limited; reviews done in Anki today and imported count,
    as they did against Anki's limit)."""
    kinds = [e.kind for e in effective(events_today)]
    return DayCounts(new=kinds.count(EventKind.NEW),
                     reviews=kinds.count(EventKind.REVIEW) + kinds.count(EventKind.ANKI_REVIEW))


@dataclass(frozen=True)
class Queue:
    """Today's cards: due reviews (longest overdue first), new cards, and re-drills left over."""

    reviews: tuple[CardRecord, ...]
    new: tuple[CardRecord, ...]
    redrill: tuple[CardRecord, ...]
    spared: tuple[CardRecord, ...] = ()  # due cards given away by one shown before: for another day


GivesAway = Callable[[str], Collection[str]]  # a card's id -> the ids of the cards it gives away


def spare_giveaways(
    in_order: Iterable[CardRecord], gives_away: GivesAway, *, shown: Iterable[str] = (),
) -> list[CardRecord]:
    """The records to show, in order, without those a card shown before them gives away: one
    of `shown` (seen earlier today), or one kept before them here. The others wait for
    another day, as Anki buries a card's siblings once one of them was studied."""
    spoilt: set[str] = set()
    for card_id in shown:
        spoilt.update(gives_away(card_id))
    kept = []
    for record in in_order:
        if record.card_id not in spoilt:
            kept.append(record)
            spoilt.update(gives_away(record.card_id))
    return kept


def build_queue(
    candidates: Iterable[CardRecord], *, now: dt.datetime, day: StudyDay,
    config: SessionConfig = SessionConfig(), done: DayCounts = DayCounts(), quotas: Quotas | None = None,
    gives_away: GivesAway | None = None, shown: Iterable[str] = (),
) -> Queue:
    """Today's queue from any candidate records; new cards keep the order they are given in.

    A card is due today when its due time falls before the day ends. Cards graded below 4
    earlier today and not yet re-drilled are re-drilled after the queue, whatever the limits.
    `config` holds the collection's daily limits (`done` counts what they already took today);
    `quotas`, the limits of single decks (`core.limits`): a card is taken only within both.
    With `gives_away`, a due or new card that a card shown earlier today (`shown`) or before
    it in the queue gives away is left out (`spare_giveaways`), and the next new card takes
    its place: give the candidates more new cards than the day's limit for that.
    """
    now = require_utc(now)
    active = [r for r in candidates if r.available(now)]
    redrill = [
        r for r in active
        if r.state.redrill and r.state.last_review is not None and r.state.last_review >= day.start
    ]
    redrill_ids = {r.card_id for r in redrill}
    due = sorted(
        (r for r in active if r.state.due is not None and r.state.due < day.end and r.card_id not in redrill_ids),
        key=lambda r: (r.state.due, r.card_id),
    )
    new = [r for r in active if r.is_new]
    reviews = _within(due, config.reviews_per_day - done.reviews, quotas, limits.REVIEWS)
    spared: tuple[CardRecord, ...] = ()
    if gives_away is not None:
        kept = {r.card_id for r in spare_giveaways([*reviews, *new], gives_away, shown=[*shown, *redrill_ids])}
        spared = tuple(r for r in reviews if r.card_id not in kept)
        reviews, new = tuple(r for r in reviews if r.card_id in kept), [r for r in new if r.card_id in kept]
    return Queue(
        reviews=reviews,
        new=_within(new, config.new_per_day - done.new, quotas, limits.NEW),
        redrill=tuple(redrill),
        spared=spared,
    )


def _within(records: Iterable[CardRecord], limit: int, quotas: Quotas | None, kind: str) -> tuple[CardRecord, ...]:
    """The first `records` that fit in `limit` and in the decks' quotas, in order."""
    taken: list[CardRecord] = []
    for record in records:
        if len(taken) >= limit:
            break
        if quotas is None or quotas.take(record.card_id, kind):
            taken.append(record)
    return tuple(taken)


def cram_queue(candidates: Iterable[CardRecord], *, now: dt.datetime) -> Queue:
    """A cram session's queue: every card already seen and available now, soonest due first."""
    now = require_utc(now)
    seen = [r for r in candidates if not r.is_new and r.available(now)]
    seen.sort(key=lambda r: (r.state.due or now, r.card_id))
    return Queue(reviews=tuple(seen), new=(), redrill=())


@dataclass(frozen=True)
class DeckCounts:
    """A deck's cards today: `new` to introduce, `again` waiting for their re-drill, `due`
    reviews, and `total` (every card not retired, suspended ones included)."""

    new: int = 0
    again: int = 0
    due: int = 0
    total: int = 0

    def __add__(self, other: DeckCounts) -> DeckCounts:
        return DeckCounts(self.new + other.new, self.again + other.again, self.due + other.due,
                          self.total + other.total)


def today_counts(
    available: Mapping[str, DeckCounts], *, config: SessionConfig = SessionConfig(), done: DayCounts = DayCounts(),
) -> dict[str | None, DeckCounts]:
    """What today's session of all decks (key None) and of each deck would hold.

    `available` counts each deck's new, re-drill and due cards with no limit applied. The
    daily limits belong to the collection, not to a deck: what was done today in any deck
    counts against them. So a deck's new (due) count is the smaller of its own and what is
    left of the day's allowance, and the all-decks line is the smaller of their sum and that
    allowance: a deck never offers a card the all-decks session would not. Re-drills are
    never limited. `done` counts today's grades across the collection (`count_done`).
    """
    new_left = max(0, config.new_per_day - done.new)
    reviews_left = max(0, config.reviews_per_day - done.reviews)

    def limited(counts: DeckCounts) -> DeckCounts:
        return replace(counts, new=min(counts.new, new_left), due=min(counts.due, reviews_left))

    every = sum(available.values(), DeckCounts())
    return {None: limited(every), **{deck: limited(counts) for deck, counts in available.items()}}


@dataclass(frozen=True)
class Progress:
    """What is left of the session, for the review screen's counters."""

    reviews: int
    new: int
    redrill: int
    graded: int


@dataclass(frozen=True)
class SessionSummary:
    """How the session went. `correct` counts first grades of each card (not re-drills) ≥ 3."""

    cards_reviewed: int
    grades: int            # every grade, re-drills included
    first_grades: int      # grades of new and due cards
    correct: int
    time_spent: dt.timedelta  # the sum of answer times
    next_due: dt.datetime | None

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.first_grades if self.first_grades else None


@dataclass
class _Snapshot:
    """The session as it was before an undoable action; `saved`, the card's record in the
    collection before it (None when the action was not logged: a cram grade)."""

    position: int
    redrill: list[str]
    grades: int
    card_id: str
    record: CardRecord
    saved: CardRecord | None


class Session:
    """One sitting of reviews: `current`, then `grade` (or `bury`, `suspend`), `undo`, `summary`.

    Build it with `Session.start` from candidate records (or `Session.start_cram`). It holds
    only today's queue; `upcoming` is when the first card outside it is due (for the
    summary's "next due").
    """

    def __init__(
        self, queue: Queue, *, day: StudyDay, config: SessionConfig = SessionConfig(),
        upcoming: dt.datetime | None = None, cramming: bool = False,
    ) -> None:
        self.day = day
        self.config = config
        self.upcoming = upcoming
        self.cramming = cramming
        main = queue.reviews + queue.new
        self._records = {r.card_id: r for r in (*main, *queue.redrill)}
        self._saved = dict(self._records)    # as the collection has them: changed by logged events only
        self._main = [r.card_id for r in main]
        self._position = 0
        self._redrill = [r.card_id for r in queue.redrill]
        self._grades: list[Event] = []       # this session's grades that still stand
        self._history: list[_Snapshot] = []  # for undo

    @classmethod
    def start(
        cls, candidates: Iterable[CardRecord], *, now: dt.datetime, tz: dt.tzinfo,
        config: SessionConfig = SessionConfig(), done: DayCounts = DayCounts(),
        upcoming: dt.datetime | None = None, quotas: Quotas | None = None,
        gives_away: GivesAway | None = None, shown: Iterable[str] = (),
    ) -> Session:
        """A session for the study day containing `now` in time zone `tz`. `upcoming`: when the
        first card outside the candidates falls due; a due card the limits left out counts too.
        With `gives_away`, without the cards given away by one shown before (`build_queue`)."""
        day = StudyDay.containing(now, tz=tz, rollover_hour=config.rollover_hour)
        candidates = list(candidates)
        queue = build_queue(candidates, now=now, day=day, config=config, done=done, quotas=quotas,
                            gives_away=gives_away, shown=shown)
        queued = {r.card_id for r in (*queue.reviews, *queue.redrill, *queue.spared)}
        left_out = [r.state.due for r in candidates
                    if r.state.due is not None and r.card_id not in queued and r.available(now)]
        if queue.spared:  # shown another day: the next, unless another card gives them away again
            left_out.append(day.end)
        if left_out:
            upcoming = min(left_out) if upcoming is None else min(upcoming, *left_out)
        return cls(queue, day=day, config=config, upcoming=upcoming)

    @classmethod
    def start_cram(
        cls, candidates: Iterable[CardRecord], *, now: dt.datetime, tz: dt.tzinfo,
        config: SessionConfig = SessionConfig(),
    ) -> Session:
        """A cram session: every seen card of `candidates` (`cram_queue`), no daily limit.

        It drills like any session (a card graded below 4 comes back) but changes no
        schedule: `grade` and the undo of a grade return empty changes, and the summary's
        next due date is the collection's. Burying or suspending a card is logged as usual.
        """
        day = StudyDay.containing(now, tz=tz, rollover_hour=config.rollover_hour)
        return cls(cram_queue(candidates, now=now), day=day, config=config, cramming=True)

    @property
    def current(self) -> CardRecord | None:
        """The card to show now, or None when the session is over."""
        card_id = self._current_id()
        return None if card_id is None else self._records[card_id]

    @property
    def current_kind(self) -> ReviewKind | None:
        """How the current card will be graded: as a new card, a due review or a re-drill."""
        record = self.current
        if record is None:
            return None
        if self._position >= len(self._main):
            return ReviewKind.REDRILL
        return ReviewKind.NEW if record.is_new else ReviewKind.REVIEW

    def preview(
        self, *, now: dt.datetime, grades: tuple[Quality | Button, ...] = tuple(Button),
    ) -> dict[Quality | Button, sm2.Preview]:
        """What each grade would do to the current card (the times on Anki's buttons, "Good 6d");
        empty when the session is over."""
        record = self.current
        if record is None:
            return {}
        return sm2.preview(record.state, now, grades, redrill=self.current_kind is ReviewKind.REDRILL,
                           max_interval=self.config.max_interval)

    @property
    def progress(self) -> Progress:
        left = [self._records[i] for i in self._main[self._position:]]
        new = sum(r.is_new for r in left)
        return Progress(reviews=len(left) - new, new=new, redrill=len(self._redrill), graded=len(self._grades))

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def grade(self, grade: Quality | Button | int, *, now: dt.datetime, answer_ms: int = 0) -> Change:
        """Grade the current card; one below 4 comes back for a re-drill, a new leech is suspended.

        Cramming, the change is empty: the grade drives this session only.
        """
        record = self._require_current()
        change = grade_card(
            record, grade, now=now, answer_ms=answer_ms,
            redrill=self._position >= len(self._main), leech_threshold=self.config.leech_threshold,
            max_interval=self.config.max_interval,
        )
        self._remember(record, logged=not self.cramming)
        self._advance()
        after = change.records[record.card_id]
        self._records[record.card_id] = after
        self._grades.append(change.events[0])
        if after.state.redrill and not after.suspended:
            self._redrill.append(record.card_id)
        if self.cramming:
            return Change(())
        self._saved[record.card_id] = after
        return change

    def bury(self, *, now: dt.datetime) -> Change:
        """Hide the current card until the day turns over."""
        record = self._require_current()
        return self._set_aside(record, bury_card(self._saved[record.card_id], now=now, until=self.day.end))

    def suspend(self, *, now: dt.datetime) -> Change:
        """Hide the current card until the student unsuspends it."""
        record = self._require_current()
        return self._set_aside(record, suspend_card(self._saved[record.card_id], now=now))

    def undo(self, *, now: dt.datetime) -> Change:
        """Take back the last grade (or bury or suspension): the card as it was, shown again."""
        if not self._history:
            raise SessionError("there is nothing to undo")
        snapshot = self._history.pop()
        self._position, self._redrill = snapshot.position, snapshot.redrill
        del self._grades[snapshot.grades:]
        self._records[snapshot.card_id] = snapshot.record
        if snapshot.saved is None:  # a cram grade: nothing was logged, nothing to take back
            return Change(())
        event = Event(snapshot.card_id, EventKind.UNDO, require_utc(now),
                      before=self._saved[snapshot.card_id], after=snapshot.saved)
        self._saved[snapshot.card_id] = snapshot.saved
        return Change((event,))

    def reconcile(self, records: Iterable[CardRecord], *, now: dt.datetime) -> None:
        """Take the records of cards changed outside the session (in the browser) as they are now.

        A card no longer available (suspended, buried) leaves what is left of the queue, the
        current card included. A card of this session's queue available again (unsuspended or
        unburied) and not graded in it comes back at the end of the queue if it is new or due
        today; one failed today, to its re-drills. A card the session never held is left to the
        next session. Undo history that involves a changed card is dropped: it would restore a
        record the card no longer has.
        """
        now = require_utc(now)
        changed = [r for r in records if r.card_id in self._records]
        if not changed:
            return
        ahead = set(self._main[self._position:])
        for record in changed:
            card_id = record.card_id
            self._records[card_id] = self._saved[card_id] = record
            if not record.available(now):
                self._main[self._position:] = [i for i in self._main[self._position:] if i != card_id]
                self._redrill = [i for i in self._redrill if i != card_id]
                continue
            state = record.state
            if self.cramming or card_id in ahead or card_id in self._redrill:
                continue
            if state.redrill and state.last_review is not None and state.last_review >= self.day.start:
                self._redrill.append(card_id)
            elif (record.is_new or (state.due is not None and state.due < self.day.end)) \
                    and not self._graded_here(card_id):
                self._main.append(card_id)
        touched = {r.card_id for r in changed}
        if any(snapshot.card_id in touched for snapshot in self._history):
            self._history.clear()

    def _graded_here(self, card_id: str) -> bool:
        return any(e.card_id == card_id for e in self._grades)

    def summary(self) -> SessionSummary:
        first = [e for e in self._grades if e.kind is not EventKind.REDRILL]
        dues = [
            max(r.state.due, r.buried_until or r.state.due)
            for r in self._saved.values() if r.state.due is not None and not r.suspended
        ]
        if self.upcoming is not None:
            dues.append(self.upcoming)
        return SessionSummary(
            cards_reviewed=len({e.card_id for e in self._grades}),
            grades=len(self._grades),
            first_grades=len(first),
            correct=sum(1 for e in first if e.quality is not None and e.quality >= 3),
            time_spent=dt.timedelta(milliseconds=sum(e.answer_ms or 0 for e in self._grades)),
            next_due=min(dues, default=None),
        )

    def _current_id(self) -> str | None:
        if self._position < len(self._main):
            return self._main[self._position]
        return self._redrill[0] if self._redrill else None

    def _require_current(self) -> CardRecord:
        record = self.current
        if record is None:
            raise SessionError("the session is over: no card left to grade")
        return record

    def _remember(self, record: CardRecord, *, logged: bool = True) -> None:
        saved = self._saved[record.card_id] if logged else None
        self._history.append(
            _Snapshot(self._position, list(self._redrill), len(self._grades), record.card_id, record, saved)
        )

    def _advance(self) -> None:
        if self._position < len(self._main):
            self._position += 1
        else:
            self._redrill.pop(0)

    def _set_aside(self, record: CardRecord, change: Change) -> Change:
        """`change` was made from the collection's record: cramming, the session's may differ."""
        self._remember(record)
        self._advance()
        self._records[record.card_id] = self._saved[record.card_id] = change.records[record.card_id]
        return change

