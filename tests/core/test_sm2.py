"""SM-2: golden sequences worked out by hand, and properties that must hold for any grades."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.core.sm2 import (
    BUTTON_QUALITY,
    MAX_INTERVAL,
    Button,
    CardState,
    Preview,
    Quality,
    ReviewKind,
    ReviewLogEntry,
    format_interval,
    preview,
    preview_label,
    quality_for,
    review,
)

UTC = dt.UTC
T0 = dt.datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def run(qualities: list[int], start: dt.datetime = T0) -> list[CardState]:
    """Grade a new card with each quality in turn, each time exactly when it falls due."""
    state, now, out = CardState(), start, []
    for q in qualities:
        state, _ = review(state, q, now)
        out.append(state)
        assert state.due is not None
        now = state.due
    return out


# EF' = EF + (0.1 − (5 − q)·(0.08 + (5 − q)·0.02)):
#   q = 5: +0.1 − 0·(…)               = +0.10
#   q = 4: +0.1 − 1·(0.08 + 1·0.02)   = +0.10 − 0.10 = 0
#   q = 3: +0.1 − 2·(0.08 + 2·0.02)   = +0.10 − 0.24 = −0.14
# and I(n) = ⌈I(n−1)·EF'⌉ with the EF *after* this repetition's update.
GOLDEN = [
    (
        "always 5",
        [5, 5, 5, 5, 5],
        # EF: 2.5+0.1=2.6, 2.7, 2.8, 2.9, 3.0
        # I: 1; 6; ⌈6·2.8 = 16.8⌉ = 17; ⌈17·2.9 = 49.3⌉ = 50; ⌈50·3.0 = 150⌉ = 150
        # (with the EF *before* the update, I(4) would be ⌈17·2.8 = 47.6⌉ = 48, not 50)
        [(2.6, 1), (2.7, 6), (2.8, 17), (2.9, 50), (3.0, 150)],
    ),
    (
        "always 4",
        [4, 4, 4, 4, 4],
        # EF stays 2.5; I: 1; 6; ⌈6·2.5 = 15⌉ = 15; ⌈15·2.5 = 37.5⌉ = 38; ⌈38·2.5 = 95⌉ = 95
        [(2.5, 1), (2.5, 6), (2.5, 15), (2.5, 38), (2.5, 95)],
    ),
    (
        "always 3, down to the floor",
        [3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
        # EF: 2.5−0.14=2.36, 2.22, 2.08, 1.94, 1.80, 1.66, 1.52, 1.38, 1.24→1.3 (floor), 1.16→1.3
        # I: 1; 6; ⌈6·2.08 = 12.48⌉ = 13; ⌈13·1.94 = 25.22⌉ = 26; ⌈26·1.80 = 46.8⌉ = 47;
        #    ⌈47·1.66 = 78.02⌉ = 79; ⌈79·1.52 = 120.08⌉ = 121; ⌈121·1.38 = 166.98⌉ = 167;
        #    ⌈167·1.3 = 217.1⌉ = 218; ⌈218·1.3 = 283.4⌉ = 284
        [(2.36, 1), (2.22, 6), (2.08, 13), (1.94, 26), (1.80, 47), (1.66, 79), (1.52, 121),
         (1.38, 167), (1.3, 218), (1.3, 284)],
    ),
    (
        "a lapse starts again from I(1) with the EF kept",
        [5, 4, 5, 1, 4, 4, 3],
        # 5: EF 2.6, I(1) = 1;  4: EF 2.6, I(2) = 6;  5: EF 2.7, I(3) = ⌈6·2.7 = 16.2⌉ = 17
        # 1: q < 3, EF stays 2.7, back to I(1) = 1 (memorized anew), lapses = 1
        # 4: EF 2.7, I(2) = 6;  4: EF 2.7, I(3) = ⌈6·2.7 = 16.2⌉ = 17
        # 3: EF 2.7−0.14 = 2.56, I(4) = ⌈17·2.56 = 43.52⌉ = 44
        [(2.6, 1), (2.6, 6), (2.7, 17), (2.7, 1), (2.7, 6), (2.7, 17), (2.56, 44)],
    ),
    (
        "a failed first sight sets I(1) and keeps EF",
        [0, 5, 5],
        # 0: EF 2.5, I(1) = 1, no lapse (nothing was learned yet)
        # 5: EF 2.6, I(2) = 6;  5: EF 2.7, I(3) = ⌈6·2.7 = 16.2⌉ = 17
        [(2.5, 1), (2.6, 6), (2.7, 17)],
    ),
]


@pytest.mark.parametrize(("name", "qualities", "expected"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_sequences(name: str, qualities: list[int], expected: list[tuple[float, int]]) -> None:
    states = run(qualities)
    assert [(s.ef, s.interval) for s in states] == expected


def test_golden_due_dates() -> None:
    # always 5 from 2024-01-01 09:00 UTC: +1 → 01-02, +6 → 01-08, +17 → 01-25,
    # +50 → 03-15 (6 days to 31 Jan, 29 in the leap February, 15 in March), +150 → 08-12
    dues = [s.due for s in run([5, 5, 5, 5, 5])]
    assert dues == [
        dt.datetime(2024, 1, 2, 9, tzinfo=UTC), dt.datetime(2024, 1, 8, 9, tzinfo=UTC),
        dt.datetime(2024, 1, 25, 9, tzinfo=UTC), dt.datetime(2024, 3, 15, 9, tzinfo=UTC),
        dt.datetime(2024, 8, 12, 9, tzinfo=UTC),
    ]


def test_lapses_are_counted_for_learned_cards_only() -> None:
    states = run([1, 4, 2, 4, 0])  # first sight fails: no lapse; then two lapses
    assert [s.lapses for s in states] == [0, 0, 1, 1, 2]


def test_same_day_repeats_change_neither_ef_nor_interval() -> None:
    state, entry = review(CardState(), 4, T0)
    state, entry = review(state, 4, T0 + dt.timedelta(days=1))   # I(2) = 6
    failed, entry = review(state, 2, T0 + dt.timedelta(days=7))  # a lapse: I(1) = 1, re-drill
    assert entry.kind is ReviewKind.REVIEW and failed.redrill and failed.interval == 1
    later = T0 + dt.timedelta(days=7, minutes=10)
    again, entry = review(failed, 3, later, redrill=True)  # still below 4: stays in the re-drill
    assert entry.kind is ReviewKind.REDRILL
    assert (again.ef, again.interval, again.due, again.repetition, again.lapses) == (
        failed.ef, failed.interval, failed.due, failed.repetition, failed.lapses)
    assert again.redrill
    done, _ = review(again, 5, later + dt.timedelta(minutes=5), redrill=True)
    assert not done.redrill and (done.ef, done.interval, done.due) == (failed.ef, failed.interval, failed.due)
    assert done.last_review == later + dt.timedelta(minutes=5)


def test_review_does_not_mutate_and_logs_before_and_after() -> None:
    state = CardState()
    after, entry = review(state, Quality.PERFECT, T0)
    assert state == CardState()
    assert entry == ReviewLogEntry(T0, Quality.PERFECT, ReviewKind.NEW, state, after)
    assert ReviewLogEntry.from_dict(entry.to_dict()) == entry
    assert CardState.from_dict(after.to_dict()) == after


def test_only_timezone_aware_utc_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        review(CardState(), 4, dt.datetime(2024, 1, 1, 9))
    with pytest.raises(ValueError, match="UTC"):
        review(CardState(), 4, dt.datetime(2024, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=2))))


def test_buttons_map_onto_qualities_by_type_not_value() -> None:
    assert BUTTON_QUALITY == {
        Button.AGAIN: Quality.WRONG, Button.HARD: Quality.DIFFICULT,
        Button.GOOD: Quality.HESITANT, Button.EASY: Quality.PERFECT,
    }
    assert quality_for(Button.GOOD) == 4 and quality_for(3) == 3  # Button.GOOD == 3, yet it means 4
    assert review(CardState(), Button.EASY, T0)[0] == review(CardState(), 5, T0)[0]
    for bad in (6, -1):
        with pytest.raises(ValueError):
            quality_for(bad)
    with pytest.raises(TypeError):
        quality_for(True)


grades = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 400), st.booleans()), min_size=1, max_size=40
)


@settings(max_examples=300)
@given(grades)
def test_properties_of_any_sequence(sequence: list[tuple[int, int, bool]]) -> None:
    """EF never below 1.3; q ≥ 3 never shrinks the interval; q < 3 always gives 1 day;
    re-drills change neither EF nor interval."""
    state, now = CardState(), T0
    for q, hours_late, redrill in sequence:
        redrill = redrill and state.redrill
        now = (state.due or now) + dt.timedelta(hours=hours_late - 100)
        if state.last_review is not None:
            now = max(now, state.last_review)
        after, entry = review(state, q, now, redrill=redrill)
        assert after.ef >= 1.3
        assert after.ef == round(after.ef, 2)
        if redrill:
            assert (after.ef, after.interval, after.due) == (state.ef, state.interval, state.due)
        elif q >= 3:
            assert after.interval >= state.interval
            assert after.interval == min(MAX_INTERVAL, 1 if after.repetition == 1 else 6 if after.repetition == 2
                                         else math.ceil(state.interval * after.ef - 1e-9))
        else:
            assert after.interval == 1 and after.ef == state.ef
        assert after.due == (now + dt.timedelta(days=after.interval) if not redrill else state.due)
        assert entry.before == state and entry.after == after
        state = after


# --- the maximum interval -------------------------------------------------------------

def test_thirteen_easy_grades_in_a_row_stop_at_the_maximum_interval() -> None:
    """Without a cap the thirteenth Easy overflowed the date (OverflowError)."""
    states = run([5] * 40)
    assert [s.interval for s in states[:10]] == [1, 6, 17, 50, 150, 465, 1488, 4911, 16698, MAX_INTERVAL]
    assert MAX_INTERVAL == 36_500
    assert all(s.interval <= MAX_INTERVAL for s in states)
    assert states[-1].due is not None and states[-1].due.year < 9999


def test_the_maximum_interval_is_configurable() -> None:
    states = run([5] * 6)
    capped = CardState()
    now = T0
    for _ in range(6):
        capped, _ = review(capped, 5, now, max_interval=30)
        assert capped.due is not None
        now = capped.due
    assert [s.interval for s in states] == [1, 6, 17, 50, 150, 465]
    assert capped.interval == 30 and capped.due == now
    for bad in (0, -3, 1.5, True):
        with pytest.raises(ValueError):
            review(CardState(), 5, T0, max_interval=bad)  # type: ignore[arg-type]


any_state = st.builds(
    CardState,
    ef=st.integers(130, 2000).map(lambda h: h / 100),
    repetition=st.integers(0, 500),
    interval=st.integers(0, 10**7),
    due=st.none(),
    lapses=st.integers(0, 50),
    redrill=st.booleans(),
    last_review=st.none(),
)
late_times = st.datetimes(
    min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59), timezones=st.just(UTC),
)


@settings(max_examples=400)
@given(any_state, late_times, st.lists(st.tuples(st.sampled_from([*Quality, *Button]), st.integers(0, 10**6)),
                                       max_size=60),
       st.integers(1, 100_000))
def test_any_grades_from_any_state_never_raise_nor_pass_the_maximum(
    state: CardState, now: dt.datetime, grades: list[tuple[Quality | Button, int]], maximum: int,
) -> None:
    for grade, minutes_later in grades:
        state, _ = review(state, grade, now, max_interval=maximum)
        assert 1 <= state.interval <= maximum
        assert state.due is not None and state.due >= now
        shown = preview(state, state.due, max_interval=maximum)
        assert all(p.until <= dt.timedelta(days=maximum) for p in shown.values())
        now = min(state.due, now + dt.timedelta(minutes=minutes_later)) if minutes_later else state.due


# --- what each button would give ------------------------------------------------------

def test_the_preview_is_what_grading_would_give_and_changes_nothing() -> None:
    fresh = CardState()
    shown = preview(fresh, T0)
    assert shown == {
        Button.AGAIN: Preview(dt.timedelta(days=1), True),
        Button.HARD: Preview(dt.timedelta(days=1), True),
        Button.GOOD: Preview(dt.timedelta(days=1), False),
        Button.EASY: Preview(dt.timedelta(days=1), False),
    }
    learned = run([4, 4])[-1]  # I(2) = 6 days, EF 2.5
    assert learned.due is not None
    shown = preview(learned, learned.due)
    assert {b: preview_label(p) for b, p in shown.items()} == {
        Button.AGAIN: "today·1d", Button.HARD: "today·15d", Button.GOOD: "15d", Button.EASY: "16d",
    }
    for button, expected in shown.items():
        after, _ = review(learned, button, learned.due)
        assert after.due is not None and after.due - learned.due == expected.until
    qualities = preview(learned, learned.due, tuple(Quality))
    assert [preview_label(qualities[q]) for q in Quality] == ["today·1d"] * 3 + ["today·15d", "15d", "16d"]


def test_a_redrill_preview_keeps_the_due_date() -> None:
    graded, _ = review(run([4, 4])[-1], 3, T0 + dt.timedelta(days=7))  # Hard: re-drilled today
    later = T0 + dt.timedelta(days=7, hours=2)
    shown = preview(graded, later, redrill=True)
    assert graded.due is not None
    assert {p.until for p in shown.values()} == {graded.due - later}
    assert shown[Button.AGAIN].again_today and not shown[Button.GOOD].again_today


@pytest.mark.parametrize("span, text", [
    (dt.timedelta(seconds=0), "0s"), (dt.timedelta(seconds=45), "45s"), (dt.timedelta(minutes=10), "10m"),
    (dt.timedelta(minutes=59, seconds=29), "59m"), (dt.timedelta(hours=3), "3h"), (dt.timedelta(hours=23), "23h"),
    (dt.timedelta(days=1), "1d"), (dt.timedelta(days=6), "6d"), (dt.timedelta(days=30), "30d"),
    (dt.timedelta(days=31), "1mo"), (dt.timedelta(days=36), "1.2mo"), (dt.timedelta(days=200), "6.6mo"),
    (dt.timedelta(days=365), "1y"), (dt.timedelta(days=766), "2.1y"), (dt.timedelta(days=36_500), "100y"),
    (dt.timedelta(days=-2), "0s"),
])
def test_intervals_are_written_as_anki_writes_them(span: dt.timedelta, text: str) -> None:
    assert format_interval(span) == text
