"""Daily limits of the whole collection and of single decks, as Anki's v3 scheduler applies them.

The collection has limits of its own (new cards and reviews a day, 20 and 200 by default), and
a deck may have its own. A deck without its own limits is limited by the collection's alone.

- The collection's limits cap everything studied in a day, in any deck: a session of one
  deck never takes more than what is left of them.
- A deck's own limits cap what is studied in that deck and its subdecks in a day.
- A session of a deck (with its subdecks) honours the limits of that deck and of every
  subdeck under it, as Anki's v3 scheduler does; the limits of a parent above the deck chosen
  do not apply (Anki's default, without "limits start from the top"). The decks screen counts
  each line as a session of that line would take it, so the two always agree.

Limits never stop a re-drill (a card failed today comes back whatever the limits), and a
cram session has none.

Pure: a `Cap` is what is left today of one set of limits over the decks they cover;
`Quotas` takes cards one by one within every cap that covers them, and `capped_count` says
how many such a session would take. Caps come from a tree of decks, so any two are nested or
apart (a laminar family): taking greedily, in any order, then takes the most cards possible,
and the count and the session agree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

NEW, REVIEWS = "new", "reviews"


@dataclass(frozen=True)
class DailyLimits:
    """New cards and reviews a day. None: not set here (a deck then has no limit of its own;
    the collection, its default)."""

    new_per_day: int | None = None
    reviews_per_day: int | None = None

    def __post_init__(self) -> None:
        for name in ("new_per_day", "reviews_per_day"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ValueError(f"{name.replace('_', ' ')} is a whole number, 0 or more, not {value!r}")
            if value is not None and value > MAX_LIMIT:
                raise ValueError(f"{name.replace('_', ' ')} is at most {MAX_LIMIT:,}, not {value:,}")

    @property
    def empty(self) -> bool:
        return self.new_per_day is None and self.reviews_per_day is None

    def over(self, default: DailyLimits) -> DailyLimits:
        """These limits, with `default`'s where these are not set."""
        return DailyLimits(
            default.new_per_day if self.new_per_day is None else self.new_per_day,
            default.reviews_per_day if self.reviews_per_day is None else self.reviews_per_day,
        )


MAX_LIMIT = 1_000_000  # a day holds fewer cards than that: a larger number is a typo


@dataclass(frozen=True)
class Cap:
    """What is left today of one deck's limits over the decks they cover (the deck and its
    subdecks): `new` and `reviews` cards more may be taken; None, no limit."""

    decks: frozenset[str]
    new: int | None = None
    reviews: int | None = None

    def left(self, kind: str) -> int | None:
        return self.new if kind == NEW else self.reviews


def left_today(limit: int | None, done: int) -> int | None:
    return None if limit is None else max(0, limit - done)


def applicable(caps: Iterable[Cap], decks: Collection[str] | None) -> list[Cap]:
    """The caps a session of `decks` (None: every deck) honours: those of the decks within it."""
    if decks is None:
        return list(caps)
    chosen = frozenset(decks)
    return [cap for cap in caps if cap.decks <= chosen]


class Quotas:
    """Takes cards one at a time within every cap covering the card's deck (`deck_of`)."""

    def __init__(self, caps: Sequence[Cap], deck_of: Mapping[str, str]) -> None:
        self.deck_of = deck_of
        self._left: dict[str, list[int | None]] = {
            NEW: [cap.new for cap in caps], REVIEWS: [cap.reviews for cap in caps],
        }
        self._covering: dict[str, list[int]] = {}
        self._caps = caps

    def _covers(self, deck: str) -> list[int]:
        if deck not in self._covering:
            self._covering[deck] = [i for i, cap in enumerate(self._caps) if deck in cap.decks]
        return self._covering[deck]

    def take(self, card_id: str, kind: str) -> bool:
        """Whether the card fits in what is left (`kind`: NEW or REVIEWS); if so, it is counted."""
        deck = self.deck_of.get(card_id)
        if deck is None:
            return True
        left = self._left[kind]
        covering = self._covers(deck)
        for i in covering:
            n = left[i]
            if n is not None and n <= 0:
                return False
        for i in covering:
            n = left[i]
            if n is not None:
                left[i] = n - 1
        return True


def capped_count(counts: Mapping[str, int], caps: Sequence[Cap], kind: str) -> int:
    """How many of the cards counted by deck (`counts`) a session would take within `caps`
    (nested or apart): each cap, from the smallest up, bounds what its decks give together."""
    groups: list[tuple[frozenset[str], int]] = [(frozenset({deck}), n) for deck, n in counts.items()]
    for cap in sorted(caps, key=lambda c: len(c.decks)):
        limit = cap.left(kind)
        if limit is None:
            continue
        inside = [g for g in groups if g[0] <= cap.decks]
        if not inside:
            continue
        outside = [g for g in groups if not g[0] <= cap.decks]
        merged = frozenset().union(*(g[0] for g in inside))
        groups = [*outside, (merged, min(limit, sum(g[1] for g in inside)))]
    return sum(n for _, n in groups)
