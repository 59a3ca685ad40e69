"""Daily limits of the collection and of decks: caps, quotas, counts, and the session's queue."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.core.limits import NEW, REVIEWS, Cap, DailyLimits, Quotas, applicable, capped_count, left_today
from studykit.core.session import CardRecord, DayCounts, Session, SessionConfig, StudyDay, build_queue

UTC = dt.UTC
NOW = dt.datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
DAY = StudyDay.containing(NOW, tz=UTC)

# A tree: parent P with decks a and b under it; c apart.
P = frozenset({"a", "b"})


def new_cards(deck: str, n: int) -> list[CardRecord]:
    return [CardRecord(f"{deck}{i}") for i in range(n)]


def deck_of(*groups: list[CardRecord]) -> dict[str, str]:
    return {r.card_id: r.card_id.rstrip("0123456789") for group in groups for r in group}


def test_daily_limits_are_whole_numbers() -> None:
    assert DailyLimits(5, None).over(DailyLimits(20, 200)) == DailyLimits(5, 200)
    assert DailyLimits().empty and not DailyLimits(0).empty
    for bad in (-1, 1.5, True, 10**7):
        with pytest.raises(ValueError):
            DailyLimits(bad)  # type: ignore[arg-type]
    assert left_today(None, 5) is None and left_today(10, 4) == 6 and left_today(3, 5) == 0


def test_a_deck_cap_limits_its_cards_and_the_rest_fill_the_collection_limit() -> None:
    a, b, c = new_cards("a", 10), new_cards("b", 10), new_cards("c", 10)
    quotas = Quotas([Cap(frozenset({"a"}), new=3)], deck_of(a, b, c))
    queue = build_queue([*a, *b, *c], now=NOW, day=DAY, config=SessionConfig(new_per_day=12), quotas=quotas)
    assert [r.card_id for r in queue.new] == ["a0", "a1", "a2", *[f"b{i}" for i in range(9)]]


def test_nested_caps_parent_and_child() -> None:
    a, b, c = new_cards("a", 10), new_cards("b", 10), new_cards("c", 10)
    caps = [Cap(P, new=5), Cap(frozenset({"a"}), new=2)]
    queue = build_queue([*a, *b, *c], now=NOW, day=DAY, config=SessionConfig(new_per_day=20),
                        quotas=Quotas(caps, deck_of(a, b, c)))
    taken = [r.card_id for r in queue.new]
    assert taken == ["a0", "a1", "b0", "b1", "b2", *[f"c{i}" for i in range(10)]]
    counts = {"a": 10, "b": 10, "c": 10}
    assert capped_count(counts, caps, NEW) == len(taken) == 15


def test_review_caps_count_due_cards() -> None:
    due = [CardRecord(f"{deck}{i}", state=_due(i)) for deck in "ac" for i in range(6)]
    quotas = Quotas([Cap(frozenset({"a"}), reviews=1)], {r.card_id: r.card_id[0] for r in due})
    queue = build_queue(due, now=NOW, day=DAY, config=SessionConfig(reviews_per_day=100), quotas=quotas)
    # one of a's, the most overdue; all of c's
    assert sorted(r.card_id for r in queue.reviews) == ["a5", "c0", "c1", "c2", "c3", "c4", "c5"]


def _due(i: int):  # type: ignore[no-untyped-def]
    from studykit.core.sm2 import CardState

    return CardState(repetition=2, interval=6, due=NOW - dt.timedelta(hours=i + 1),
                     last_review=NOW - dt.timedelta(days=6))


def test_the_session_says_a_due_card_left_out_by_a_cap_is_due() -> None:
    due = [CardRecord(f"a{i}", state=_due(i)) for i in range(3)]
    session = Session.start(due, now=NOW, tz=UTC, quotas=Quotas([Cap(frozenset({"a"}), reviews=1)],
                                                                 {r.card_id: "a" for r in due}))
    assert session.progress.reviews == 1
    assert session.upcoming is not None and session.upcoming < NOW  # more are due now, beyond the limit


def test_applicable_caps_are_those_within_the_session() -> None:
    caps = [Cap(P, new=1), Cap(frozenset({"a"}), new=2), Cap(frozenset({"c"}), new=3)]
    assert applicable(caps, None) == caps
    assert applicable(caps, ("a",)) == [caps[1]]  # the parent's limit does not apply to its child's session
    assert applicable(caps, ("a", "b")) == caps[:2]


@settings(max_examples=200, deadline=None)
@given(
    counts=st.lists(st.integers(0, 6), min_size=4, max_size=4),
    lefts=st.lists(st.one_of(st.none(), st.integers(0, 8)), min_size=4, max_size=4),
    seed=st.integers(0, 1000),
)
def test_greedy_in_any_order_takes_what_the_count_says(counts: list[int], lefts: list[int | None], seed: int) -> None:
    """Laminar caps (a tree): the session's greedy queue, in any order, holds exactly `capped_count`."""
    decks = ["a", "b", "c", "d"]
    caps = [Cap(frozenset({"a", "b", "c"}), new=lefts[0]), Cap(frozenset({"a", "b"}), new=lefts[1]),
            Cap(frozenset({"a"}), new=lefts[2]), Cap(frozenset(decks), new=lefts[3])]
    cards = [CardRecord(f"{deck}{i}") for deck, n in zip(decks, counts) for i in range(n)]
    random.Random(seed).shuffle(cards)
    queue = build_queue(cards, now=NOW, day=DAY, config=SessionConfig(new_per_day=1000),
                        quotas=Quotas(caps, {r.card_id: r.card_id[0] for r in cards}))
    assert len(queue.new) == capped_count(dict(zip(decks, counts)), caps, NEW)
    assert capped_count(dict(zip(decks, counts)), caps, REVIEWS) == sum(counts)  # no review caps


def test_done_today_is_counted_by_the_caller() -> None:
    assert Session.start(new_cards("a", 5), now=NOW, tz=UTC, done=DayCounts(new=18)).progress.new == 2
