"""What the faces show: frozen values the layer returns and the screens and commands display."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from studykit.core.notecards import AnyCard
from studykit.core.sm2 import Button, Preview, Quality
from studykit.sources import Passages, SourceDoc

if TYPE_CHECKING:
    from studykit.core.stats import ReviewTotals

__all__ = ["DeckRow", "NothingDue", "Passages", "SourceDoc", "StatsView", "Step", "Summary"]


@dataclass(frozen=True)
class DeckRow:
    """One line of the decks screen. `deck_id` is what to study when it is chosen: a deck id, a
    parent's name (a tree node no source made a deck for), or None for the "all decks" line.
    `depth` is the level in the tree of `Parent::Child` names (0 at the top), and `name` the
    last part of the name at that level. A parent's counts include its children's."""

    deck_id: str | None
    name: str
    new: int    # new cards today's session would introduce (the daily limit applied)
    due: int    # reviews due today
    total: int
    again: int = 0  # cards graded below Good today, waiting for their re-drill
    depth: int = 0


@dataclass(frozen=True)
class Step:
    """Where the session stands: the card to show (None when the session is over)."""

    card: AnyCard | None
    done: int
    remaining: int
    label: str = ""   # "new", "review", "again", "cram"
    detail: str = ""  # e.g. "new 3 · review 12 · again 1"
    # what each grade would give, by button and by SM-2 quality (apart: Button.GOOD == Quality(3))
    button_previews: Mapping[Button, Preview] = field(default_factory=dict)
    quality_previews: Mapping[Quality, Preview] = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    """How the session went: `correct` of the `answered` first answers (re-drills not counted)."""

    reviewed: int
    correct: int
    answered: int
    again: int
    seconds: float
    next_due: dt.datetime | None
    left: int = 0          # cards the session still held when it ended: ended early when any
    left_detail: str = ""  # e.g. "new 12 · review 49"


@dataclass(frozen=True)
class NothingDue:
    """No card to show now: when the next one is due, and what could be studied instead."""

    next_due: dt.datetime | None
    new_available: int
    cram_available: int
    cramming: bool = False  # a cram session was asked for: it goes over the cards already seen


@dataclass(frozen=True)
class StatsView:
    by_state: tuple[tuple[str, int], ...]
    due_today: int
    reviewed_today: int
    retention: float | None
    forecast: tuple[int, ...]
    per_day: Mapping[dt.date, int] = field(default_factory=dict)
    today: dt.date = dt.date(1970, 1, 1)
    year: ReviewTotals | None = None
    all_time: ReviewTotals | None = None  # an imported Anki history may reach back years
