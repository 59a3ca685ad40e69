"""The workload of the scale benchmarks: a learner with years of history.

`cards` cards in 20 decks; 70 % of them reviewed, sharing `reviews` grades (about one fail in
five, each failed grade re-drilled ten minutes later), graded when due (up to two days late);
their histories shifted so that `due` cards are due today (overdue by up to three days, or
later today) and the rest fall due over the next two months, and nothing is reviewed yet
today. The histories are run by the real scheduler (`session.grade_card`), card by card, so
a million reviews never sit in memory at once.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from studykit.core.cards import Card, CardType
from studykit.core.facts import Source
from studykit.core.session import CardRecord, Event, StudyDay, grade_card
from studykit.core.sm2 import review

DECKS = 20
REVIEWED = 0.7
QUALITIES = (1, 3, 4, 4, 4, 4, 5, 5, 2, 4)  # about one fail in five, as real students manage


def deck_of(i: int) -> str:
    return f"deck-{i % DECKS:02d}"


def make_cards(count: int) -> list[Card]:
    return [
        Card(
            id=f"fact-{i // 4}:{('qa', 'choice', 'cloze', 'truefalse')[i % 4]}:0", type=CardType.QA,
            deck_id=deck_of(i), prompt=f"Question {i} about the Caucasus, 1918–1921?",
            answer=f"Answer {i}", fact_ids=(f"fact-{i // 4}",),
            sources=(Source("001_d3695f0660554b3e.txt", f"a verbatim quote of about this length, {i}"),),
            statement=f"The statement of fact {i // 4}, as a sentence of ordinary length.",
        )
        for i in range(count)
    ]


@dataclass(frozen=True)
class Workload:
    cards: int
    reviews: int
    due: int
    now: dt.datetime
    tz: dt.tzinfo
    seed: int = 0

    @property
    def today(self) -> StudyDay:
        return StudyDay.containing(self.now, tz=self.tz)

    def histories(self, card_ids: list[str]) -> Iterator[tuple[int, list[Event]]]:
        """(index of the card, its events) for each reviewed card, in the order of `card_ids`."""
        rng = random.Random(self.seed)
        reviewed = card_ids[: int(len(card_ids) * REVIEWED)]
        per_card = [self.reviews // len(reviewed)] * len(reviewed) if reviewed else []
        for i in range(self.reviews - sum(per_card)):
            per_card[i] += 1
        today = self.today
        for i, (card_id, grades) in enumerate(zip(reviewed, per_card)):
            if i < self.due:  # due today: overdue by up to three days, or later today
                window = (self.now - dt.timedelta(days=3), today.end - dt.timedelta(minutes=1))
            else:
                window = (today.end, self.now + dt.timedelta(days=60))
            yield i, list(_history(card_id, grades, rng, today, window))


def _history(
    card_id: str, grades: int, rng: random.Random, today: StudyDay, window: tuple[dt.datetime, dt.datetime],
) -> Iterator[Event]:
    """`grades` grades of one card, shifted so that it falls due within `window`, its last
    grade before today. At most five passes in a row, so a history spans a few years, not the
    centuries SM-2's intervals would reach. (A card that must fall due after today needs an
    interval longer than a day at the end: its grades are drawn again until it has one.)"""
    while True:
        plan: list[tuple[int, float]] = []
        passes = 0
        while len(plan) < grades:
            q = rng.choice(QUALITIES) if passes < 5 else rng.choice((1, 2, 3))
            passes = passes + 1 if q >= 3 else 0
            plan.append((q, rng.random() * 48))
            if q < 4 and len(plan) < grades:
                plan.append((-rng.choice((4, 5)), 0.0))  # a same-day re-drill
        state, now = CardRecord(card_id).state, today.start  # a dry run to find where the history ends
        for q, late_hours in plan:
            if q < 0:
                now += dt.timedelta(minutes=10)
                state, _ = review(state, -q, now, redrill=True)
            else:
                now = now if state.due is None else state.due + dt.timedelta(hours=late_hours)
                state, _ = review(state, q, now)
        assert state.due is not None and state.last_review is not None
        earliest = window[0] - state.due
        latest = min(today.start - dt.timedelta(minutes=1) - state.last_review, window[1] - state.due)
        if earliest <= latest:
            break
    shift = earliest + (latest - earliest) * rng.random()

    record, now = CardRecord(card_id), today.start + shift
    for q, late_hours in plan:
        if q < 0:
            now += dt.timedelta(minutes=10)
            change = grade_card(record, -q, now=now, redrill=True, answer_ms=rng.randrange(2000, 9000))
        else:
            if record.state.due is not None:
                now = record.state.due + dt.timedelta(hours=late_hours)
            change = grade_card(record, q, now=now, answer_ms=rng.randrange(2000, 20000))
        record = change.events[-1].after
        yield from change.events


# Measuring, shared by the scale benchmarks.


def timed(function: Callable[[], object], runs: int = 21) -> tuple[float, float]:
    """The first run's time and the median of `runs`, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
