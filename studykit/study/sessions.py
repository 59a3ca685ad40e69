"""A sitting: one session of study in progress, from its start to its summary.

The core `Session` decides the queue, re-drills, undo, bury and suspend; the collection
builds the day's queue and makes every change durable. A sitting joins them: each action is
committed before it returns the next step, so the next card is shown only once the last
grade is on disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from studykit.core.limits import Cap, applicable
from studykit.core.notecards import AnyCard
from studykit.core.session import Change, Progress, Session, SessionConfig, SessionError
from studykit.core.sm2 import Button, Quality, ReviewKind
from studykit.storage import Collection, CollectionBusy, CollectionError
from studykit.study.decks import DeckSelection
from studykit.study.errors import NotSaved
from studykit.study.views import NothingDue, Step, Summary

MODES = ("review", "new", "cram")  # today's session; with more new cards; every card seen, not rescheduled
EXTRA_NEW = 10  # new cards added by each "learn new cards now"
KIND_LABELS = {ReviewKind.NEW: "new", ReviewKind.REVIEW: "review", ReviewKind.REDRILL: "again"}


def core_grade(grade: str | int) -> Button | Quality:
    """A button name ("good") as the core's `Button`, a number as an SM-2 `Quality`."""
    return Button[grade.upper()] if isinstance(grade, str) else Quality(grade)


def start_sitting(
    collection: Collection,
    selection: DeckSelection,
    mode: str,
    *,
    now: dt.datetime,
    tz: dt.tzinfo,
    config: SessionConfig,
    caps: Sequence[Cap] = (),
) -> Sitting | NothingDue:
    """Today's session of the selected decks in `mode` ("new": `config` and `caps` already raised
    by the caller), or what to say when it holds no card. `config` holds the collection's daily
    limits, `caps` what is left of the decks' own (`study.options.deck_caps`)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; one of {', '.join(MODES)}")
    if mode == "cram":
        session = collection.start_cram(now=now, tz=tz, config=config, deck=selection.deck_ids)
    else:
        session = collection.start_session(now=now, tz=tz, config=config, deck=selection.deck_ids,
                                           caps=applicable(caps, selection.deck_ids))
    if session.current is None:
        return nothing_due(collection, selection, session, now=now)
    return Sitting(collection, session, selection, mode)


def nothing_due(collection: Collection, selection: DeckSelection, session: Session, *, now: dt.datetime) -> NothingDue:
    """When the next card of the decks is due, and how many new and seen cards could be studied now
    (counted by the collection: a collection may hold 100,000 cards)."""
    available = collection.available(now=now, deck=selection.deck_ids)
    dues = [due for due in (available.next_due, session.upcoming) if due is not None]
    return NothingDue(next_due=min(dues, default=None), new_available=available.new, cram_available=available.seen,
                      cramming=session.cramming)


def raised_limit(config: SessionConfig, extra_new: int) -> SessionConfig:
    return replace(config, new_per_day=config.new_per_day + extra_new)


class Sitting:
    """The session in progress over the selected decks, and the cards it has shown.

    Every method commits its change before it returns: the step it returns is what to show next.
    A grade, bury or suspend of a card that is no longer the current one (a late second key
    press) changes nothing and returns where the session stands.
    """

    def __init__(self, collection: Collection, session: Session, selection: DeckSelection, mode: str) -> None:
        self.collection = collection
        self.session = session
        self.selection = selection
        self.mode = mode
        self._cards: dict[str, AnyCard] = {}
        # A change the collection refused (busy, read-only, full), with the card it was for: the
        # session has moved past it in memory, so it is written before anything else happens.
        self.pending: tuple[str, str, Change] | None = None

    def _commit(self, card_id: str, what: str, change: Change) -> None:
        """Write `change`; if the collection refuses it, keep it pending and raise `NotSaved`."""
        try:
            self.collection.commit(change)
        except CollectionBusy as error:
            self.pending = (card_id, what, change)
            raise NotSaved(f"{what} is not saved yet, but kept: {error} (grade again to retry)", retry=True) from None
        except CollectionError as error:
            self.pending = (card_id, what, change)
            raise NotSaved(f"{what} was NOT saved: {error}", retry=False) from None
        self.pending = None

    def _flush(self) -> str | None:
        """Write the pending change, if any; the card it was for (None when there was none)."""
        if self.pending is None:
            return None
        card_id, what, change = self.pending
        self._commit(card_id, what, change)
        return card_id

    def step(self, now: dt.datetime | None = None) -> Step:
        """Where the sitting stands; with `now`, what each grade of the card would give."""
        session = self.session
        record = session.current
        progress = session.progress
        remaining = progress.reviews + progress.new + progress.redrill
        detail = _detail(progress)
        if record is None:
            return Step(None, progress.graded, 0, "", detail)
        kind = session.current_kind
        label = "cram" if session.cramming else KIND_LABELS.get(kind, "") if kind else ""
        buttons = {} if session.cramming or now is None else session.preview(now=now, grades=tuple(Button))
        qualities = {} if session.cramming or now is None else session.preview(now=now, grades=tuple(Quality))
        return Step(self.card(record.card_id), progress.graded, remaining, label, detail,
                    {Button(g): p for g, p in buttons.items()}, {Quality(g): p for g, p in qualities.items()})

    def card(self, card_id: str) -> AnyCard:
        if card_id not in self._cards:
            self._cards[card_id] = self.collection.card(card_id)
        return self._cards[card_id]

    def _is_current(self, card_id: str) -> bool:
        current = self.session.current
        return current is not None and current.card_id == card_id

    def grade(self, card_id: str, grade: str | int, *, now: dt.datetime, answer_seconds: float) -> Step:
        """Grade the current card: a button name ("again" … "easy") or an SM-2 quality 0–5.

        A grade the collection could not take is retried by grading its card again (the screen
        still shows it): the pending grade is written, not a second one."""
        if self._flush() == card_id:
            return self.step(now)
        if self._is_current(card_id):
            # Committed before the next card is shown; a cram grade's change is empty: nothing is written.
            change = self.session.grade(core_grade(grade), now=now, answer_ms=round(answer_seconds * 1000))
            self._commit(card_id, "your grade", change)
        return self.step(now)

    def undo(self, *, now: dt.datetime) -> Step | None:
        """Restore the last graded card as it was; None when there is nothing to undo."""
        # Something pending is written first: the undo itself (then that is all), or a grade (undone below).
        if self.pending is not None and self._flush() == "":
            return self.step(now)
        if not self.session.can_undo:
            return None
        try:
            change = self.session.undo(now=now)
        except SessionError:
            return None
        self._commit("", "the undo", change)
        return self.step(now)

    def bury(self, card_id: str, *, now: dt.datetime) -> Step:
        """Hide the current card until tomorrow."""
        if self._flush() == card_id:
            return self.step(now)
        if self._is_current(card_id):
            self._commit(card_id, "the burying of the card", self.session.bury(now=now))
        return self.step(now)

    def suspend(self, card_id: str, *, now: dt.datetime) -> Step:
        """Take the current card out of every session until it is unsuspended."""
        if self._flush() == card_id:
            return self.step(now)
        if self._is_current(card_id):
            self._commit(card_id, "the suspension of the card", self.session.suspend(now=now))
        return self.step(now)

    def refresh(self, card_ids: Iterable[str], *, now: dt.datetime) -> None:
        """These cards were changed outside the session (in the browser): the session takes them
        as the collection has them now (`Session.reconcile`)."""
        records = self.collection.records_of(card_ids)
        self.session.reconcile(records.values(), now=now)

    def summary(self) -> Summary:
        """How the session went, and what it still held if it was ended early."""
        s = self.session.summary()
        progress = self.session.progress
        return Summary(
            reviewed=s.cards_reviewed, correct=s.correct, answered=s.first_grades,
            again=s.grades - s.first_grades, seconds=s.time_spent.total_seconds(), next_due=s.next_due,
            left=progress.reviews + progress.new + progress.redrill, left_detail=_detail(progress),
        )


def _detail(progress: Progress) -> str:
    """What is left, by kind: "new 3 · review 12 · again 1"."""
    return " · ".join(f"{name} {count}" for name, count in
                      (("new", progress.new), ("review", progress.reviews), ("again", progress.redrill)) if count)


NO_SUMMARY = Summary(0, 0, 0, 0, 0.0, None)
