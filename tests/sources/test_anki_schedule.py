"""The conversion of an Anki card's numbers to SM-2, table by table (pure: no package needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from studykit.core.session import EventKind
from studykit.sources.anki_schedule import anki_card_state, ease_of, history_kind, is_answer

CRT = 1_700_000_000  # the collection's creation, epoch seconds
LAST = dt.datetime(2023, 11, 20, 9, 0, tzinfo=dt.UTC)


def at_day(day: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(CRT + day * 86_400, dt.UTC)


def state(**numbers: int) -> object:
    base = {"card_type": 2, "queue": 2, "due": 10, "interval": 8, "factor": 2500, "lapses": 0}
    return anki_card_state(**{**base, **numbers}, created=CRT, last_review=LAST)  # type: ignore[arg-type]


@pytest.mark.parametrize(("factor", "ef"), [
    (2500, 2.5), (1300, 1.3), (1100, 1.3), (0, 2.5), (2650, 2.65), (3120, 3.12),
])
def test_ease_factor_is_permille_never_below_1_3(factor: int, ef: float) -> None:
    assert ease_of(factor) == ef


def test_a_review_card_keeps_interval_ef_due_and_lapses() -> None:
    converted = state(interval=8, factor=2300, due=42, lapses=3)
    s = converted.state  # type: ignore[attr-defined]
    assert (s.interval, s.ef, s.due, s.lapses, s.repetition) == (8, 2.3, at_day(42), 3, 3)
    assert s.last_review == LAST and not converted.suspended  # type: ignore[attr-defined]
    assert state(interval=3).state.repetition == 2  # type: ignore[attr-defined]
    assert state(interval=10**9).state.interval == 36_500  # type: ignore[attr-defined]


def test_new_cards_stay_new_and_flags_carry() -> None:
    assert state(card_type=0, queue=0, due=7).state is None  # type: ignore[attr-defined]
    assert state(queue=-1).suspended and state(queue=-2).buried and state(queue=-3).buried  # type: ignore[attr-defined]
    assert state(card_type=0, queue=-1).state is None  # type: ignore[attr-defined]


def test_learning_cards_are_due_at_their_time() -> None:
    seconds = CRT + 5_000
    learning = state(card_type=1, queue=1, due=seconds, interval=0).state  # type: ignore[attr-defined]
    assert learning.due == dt.datetime.fromtimestamp(seconds, dt.UTC) and learning.repetition == 1
    day_learning = state(card_type=3, queue=3, due=12, interval=0, lapses=2).state  # type: ignore[attr-defined]
    assert day_learning.due == at_day(12) and day_learning.lapses == 2 and day_learning.interval == 1


def test_a_card_in_a_filtered_deck_is_scheduled_by_its_home_due() -> None:
    borrowed = state(due=-100_000, original_due=30, original_deck_id=77).state  # type: ignore[attr-defined]
    assert borrowed.due == at_day(30)


def test_impossible_times_stay_dates() -> None:
    far = state(due=10**12).state  # type: ignore[attr-defined]
    assert far.due.year <= 9000


@pytest.mark.parametrize(("kind", "ease", "answer", "event"), [
    (0, 3, True, EventKind.ANKI_LEARN), (1, 1, True, EventKind.ANKI_REVIEW), (2, 4, True, EventKind.ANKI_RELEARN),
    (3, 2, True, EventKind.ANKI_FILTERED), (4, 0, False, None), (5, 3, False, None), (1, 0, False, None),
])
def test_review_log_rows_that_are_answers(kind: int, ease: int, answer: bool, event: EventKind | None) -> None:
    assert is_answer(kind, ease) is answer
    if answer:
        assert history_kind(kind) is event
