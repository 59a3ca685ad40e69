"""SM-2, as P. A. Woźniak published it for SuperMemo (1990): a pure function of (state, quality, time).

The algorithm, in the paper's terms:

- every item starts with an E-Factor (EF) of 2.5; after each repetition
  EF' = EF + (0.1 − (5 − q)·(0.08 + (5 − q)·0.02)), never below 1.3;
- intervals are I(1) = 1 day, I(2) = 6 days and I(n) = I(n−1)·EF for n > 2, a fraction
  rounded up;
- a quality below 3 starts the repetitions again from I(1), as if the item were
  memorized anew, without changing the EF;
- after the day's session, items graded below 4 are repeated until each scores at least 4;
  these same-day repeats change neither the EF nor the interval.

Choices the paper leaves open, made here:

- I(n) uses the EF *after* this repetition's update (EF'), so a good answer lengthens the
  very interval it earns.
- The first grade of a new card is its memorization: it sets I(1) (whatever the grade) and
  updates the EF when q ≥ 3. A fail (q < 3) is memorization anew: I(1) next, then I(2).
- Whether a review is a same-day repeat depends on when the user's day turns over, which
  SM-2 does not know, so the caller says so (`redrill=True`); the session decides.
- EF only ever moves by hundredths (+0.10, 0, −0.14) from 2.5, so it is computed in
  integer hundredths: I(n−1)·EF is then rounded up exactly, never off by a float's epsilon.
- A lapse is a fail (q < 3) of a card already learned; the session counts them to find leeches.
- No interval is longer than a maximum (`max_interval`, 36,500 days by default, as Anki's):
  EF grows by 0.1 with each perfect grade, and without a cap a dozen of them in a row push
  the due date past the calendar's end. A due date past the last representable day is
  that day.

Only timezone-aware UTC datetimes are accepted: a naive one is ambiguous, and a review log
that mixes offsets cannot be compared or replayed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import Enum, IntEnum
from typing import Any

START_EF = 2.5
MIN_EF = 1.3
MAX_INTERVAL = 36_500  # days: a hundred years, Anki's default maximum interval
_LAST_MOMENT = dt.datetime.max.replace(tzinfo=dt.UTC)


class Quality(IntEnum):
    """SM-2's grades, in Woźniak's words. q ≥ 3 is a correct response."""

    BLACKOUT = 0        # complete blackout
    WRONG = 1           # incorrect response; the correct one remembered
    WRONG_EASY = 2      # incorrect response; where the correct one seemed easy to recall
    DIFFICULT = 3       # correct response recalled with serious difficulty
    HESITANT = 4        # correct response after a hesitation
    PERFECT = 5         # perfect response


class Button(IntEnum):
    """Anki's four answer buttons, numbered as Anki numbers them (keys 1–4)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


# Again: the answer was not recalled but recognised once shown (1; 0 and 2 remain available
# when grading by quality). Hard: recalled with serious difficulty (3), so the card is
# re-drilled today, as SM-2 asks for grades below 4. Good: after a hesitation (4): EF kept.
# Easy: perfect (5): EF + 0.1.
BUTTON_QUALITY: dict[Button, Quality] = {
    Button.AGAIN: Quality.WRONG,
    Button.HARD: Quality.DIFFICULT,
    Button.GOOD: Quality.HESITANT,
    Button.EASY: Quality.PERFECT,
}


def quality_for(grade: Quality | Button | int) -> Quality:
    """The SM-2 quality of a grade: a `Button` is mapped, a quality (0–5) is checked.

    `Button` and `Quality` are both IntEnums and `Button.GOOD == 3`, so the mapping is
    decided by type, never by value: pass a `Button` to mean a button.
    """
    if isinstance(grade, Button):
        return BUTTON_QUALITY[grade]
    if isinstance(grade, bool) or not isinstance(grade, int):
        raise TypeError(f"a grade is a Quality (0–5) or a Button, not {grade!r}")
    if not 0 <= grade <= 5:
        raise ValueError(f"an SM-2 quality is 0–5, got {grade}")
    return Quality(grade)


class ReviewKind(str, Enum):
    NEW = "new"            # the first grade of a new card: its memorization
    REVIEW = "review"      # a scheduled repetition
    REDRILL = "redrill"    # a same-day repeat of a card graded below 4


def require_utc(when: dt.datetime, what: str = "time") -> dt.datetime:
    """`when` as a UTC datetime; a naive or non-UTC one is refused rather than guessed."""
    if not isinstance(when, dt.datetime) or when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"the {what} must be a timezone-aware UTC datetime, got {when!r}")
    if when.utcoffset() != dt.timedelta(0):
        raise ValueError(f"the {what} must be in UTC, got offset {when.utcoffset()} in {when!r}")
    return when.astimezone(dt.UTC)


def _iso(when: dt.datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _parse(text: str | None) -> dt.datetime | None:
    return None if text is None else require_utc(dt.datetime.fromisoformat(text))


@dataclass(frozen=True)
class CardState:
    """One card's SM-2 state. `repetition` is n: the interval now running is I(n); 0 means new.

    `redrill` is set while the card awaits a same-day repeat (last graded below 4).
    """

    ef: float = START_EF
    repetition: int = 0
    interval: int = 0  # days
    due: dt.datetime | None = None
    lapses: int = 0
    redrill: bool = False
    last_review: dt.datetime | None = None

    @property
    def is_new(self) -> bool:
        return self.last_review is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ef": self.ef, "repetition": self.repetition, "interval": self.interval,
            "due": _iso(self.due), "lapses": self.lapses, "redrill": self.redrill,
            "last_review": _iso(self.last_review),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        return cls(
            ef=float(data["ef"]), repetition=int(data["repetition"]), interval=int(data["interval"]),
            due=_parse(data["due"]), lapses=int(data["lapses"]), redrill=bool(data["redrill"]),
            last_review=_parse(data["last_review"]),
        )


@dataclass(frozen=True)
class ReviewLogEntry:
    """What one grade did: enough to audit it, and with the time and quality, to replay it."""

    reviewed_at: dt.datetime
    quality: Quality
    kind: ReviewKind
    before: CardState
    after: CardState

    def to_dict(self) -> dict[str, Any]:
        return {
            "reviewed_at": self.reviewed_at.isoformat(), "quality": int(self.quality),
            "kind": self.kind.value, "before": self.before.to_dict(), "after": self.after.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewLogEntry:
        return cls(
            reviewed_at=require_utc(dt.datetime.fromisoformat(data["reviewed_at"])),
            quality=Quality(data["quality"]), kind=ReviewKind(data["kind"]),
            before=CardState.from_dict(data["before"]), after=CardState.from_dict(data["after"]),
        )


def review(
    state: CardState, grade: Quality | Button | int, now: dt.datetime, *, redrill: bool = False,
    max_interval: int = MAX_INTERVAL,
) -> tuple[CardState, ReviewLogEntry]:
    """Grade one card at `now` (UTC); returns its new state and the log entry. Mutates nothing.

    `redrill=True` marks a same-day repeat: only `redrill` (still below 4?) and
    `last_review` change. Otherwise EF' is computed first and I(n) = min(⌈I(n−1)·EF'⌉,
    `max_interval`).
    """
    q = quality_for(grade)
    now = require_utc(now, "review time")
    if isinstance(max_interval, bool) or not isinstance(max_interval, int) or max_interval < 1:
        raise ValueError(f"the maximum interval is a whole number of days, at least 1, not {max_interval!r}")
    if redrill:
        after = replace(state, redrill=q < 4, last_review=now)
        return after, ReviewLogEntry(now, q, ReviewKind.REDRILL, state, after)
    kind = ReviewKind.NEW if state.is_new else ReviewKind.REVIEW
    ef = round(state.ef * 100)  # hundredths
    lapses = state.lapses
    if q < 3:  # start again from I(1), EF unchanged
        repetition, interval = 1, 1
        lapses += kind is ReviewKind.REVIEW
    else:
        ef = max(round(MIN_EF * 100), ef + 10 - (5 - q) * (8 + (5 - q) * 2))
        repetition = state.repetition + 1
        if repetition == 1:
            interval = 1
        elif repetition == 2:
            interval = 6
        else:
            interval = -(-min(state.interval, max_interval) * ef // 100)  # ⌈I(n−1)·EF'⌉ in integers
    interval = max(1, min(interval, max_interval))  # at least a day, even from a state made by hand
    after = CardState(
        ef=ef / 100, repetition=repetition, interval=interval,
        due=_later(now, interval), lapses=lapses, redrill=q < 4, last_review=now,
    )
    return after, ReviewLogEntry(now, q, kind, state, after)


def _later(now: dt.datetime, days: int) -> dt.datetime:
    """`now` plus `days`, or the calendar's last moment if that is past it."""
    if days >= (_LAST_MOMENT - now).days:
        return _LAST_MOMENT
    return now + dt.timedelta(days=days)


# --- what each grade would do (the times on Anki's answer buttons) ---------------------

@dataclass(frozen=True)
class Preview:
    """What a grade would do to a card: when it is next due, counted from now, and whether
    it comes back today first (graded below 4, SM-2 repeats it the same day)."""

    until: dt.timedelta
    again_today: bool


def preview(
    state: CardState, now: dt.datetime, grades: tuple[Quality | Button, ...] = tuple(Button), *,
    redrill: bool = False, max_interval: int = MAX_INTERVAL,
) -> dict[Quality | Button, Preview]:
    """For each grade (Anki's four buttons by default, or SM-2 qualities), what it would do to
    the card now: `review` run on a copy, nothing changed. Ask for buttons or for qualities,
    not both: `Button.GOOD == Quality(3)` as dictionary keys."""
    out: dict[Quality | Button, Preview] = {}
    for grade in grades:
        after, _ = review(state, grade, now, redrill=redrill, max_interval=max_interval)
        due = after.due if after.due is not None else now
        out[grade] = Preview(max(due - now, dt.timedelta(0)), after.redrill)
    return out


_MINUTE, _HOUR, _DAY = 60.0, 3600.0, 86400.0
_MONTH, _YEAR = 30.417 * _DAY, 365.0 * _DAY  # as Anki counts them for its buttons


def format_interval(span: dt.timedelta) -> str:
    """A time span as Anki writes it on its buttons: "45s", "10m", "3h", "1d", "6d", "1.2mo",
    "2.1y"; whole units up to days, one decimal for months and years."""
    seconds = max(span.total_seconds(), 0.0)
    if seconds < _MINUTE:
        return f"{round(seconds)}s"
    for limit, unit, size in ((_HOUR, "m", _MINUTE), (_DAY, "h", _HOUR), (_MONTH, "d", _DAY)):
        if seconds < limit:
            return f"{round(seconds / size)}{unit}"
    unit, size = ("mo", _MONTH) if seconds < _YEAR else ("y", _YEAR)
    amount = f"{round(seconds / size, 1):.1f}".removesuffix(".0")
    return f"{amount}{unit}"


def preview_label(shown: Preview) -> str:
    """What a grade button says it would do: "6d", or "today·1d" when the card comes back
    today first."""
    span = format_interval(shown.until)
    return f"today·{span}" if shown.again_today else span
