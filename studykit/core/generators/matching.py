"""Matching: sets of people and roles, agreements and dates, events and places (for quizzes).

Within a card no two right-hand items are the same (two events at Baku never share a
card; agreements on overlapping dates neither), so each card has one correct matching.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.base import CardRandom, group_card, shuffled
from studykit.core.generators.chronology import by_deck, partition
from studykit.core.generators.date_index import span
from studykit.core.generators.index import FactIndex, key
from studykit.core.generators.questions import date_given_away
from studykit.core.generators.wording import cap


@dataclass(frozen=True)
class Pairing:
    label: str
    prompt: str
    wanted: Callable[[Fact], bool]
    left: Callable[[Fact], str]
    right: Callable[[Fact], str]
    fits: Callable[[Fact, Fact], bool]  # the rule; `_fits_of` is the same rule, precomputed
    by_date: bool = False  # items on overlapping dates never share a card
    # The fields as written, for their keys (the key of a capitalized name is the key of the
    # name, and the name's is known already: keying a new string is the costly part).
    left_field: Callable[[Fact], str] | None = None
    right_field: Callable[[Fact], str] | None = None


def _distinct(a: Fact, b: Fact, left: Callable[[Fact], str], right: Callable[[Fact], str]) -> bool:
    return key(left(a)) != key(left(b)) and key(right(a)) != key(right(b))


def _overlap(a: Fact, b: Fact) -> bool:
    if a.date is None or b.date is None:
        return False
    first_a, last_a = span(a.date)  # HistDate.overlaps, on the cached day spans
    first_b, last_b = span(b.date)
    return first_a <= last_b and first_b <= last_a


def _role(f: Fact) -> str:
    return cap(f.role or "")


def _name(f: Fact) -> str:
    return cap(f.name or "")


def _date(f: Fact) -> str:
    return f.date.display() if f.date else ""


def _place(f: Fact) -> str:
    return f.place or ""


PAIRINGS = (
    Pairing(
        "people-roles", "Match each person to their role.",
        lambda f: f.kind == "person",
        lambda f: f.name or "", _role,
        lambda a, b: _distinct(a, b, lambda f: f.name or "", _role),
        right_field=lambda f: f.role or "",
    ),
    Pairing(
        "agreements-dates", "Match each agreement to its date.",
        lambda f: f.kind == "agreement" and f.date is not None and not date_given_away(f),
        _name, _date,
        lambda a, b: _distinct(a, b, _name, _date) and not _overlap(a, b),
        by_date=True,
        left_field=lambda f: f.name or "",
    ),
    Pairing(
        "events-places", "Match each event to the place where it happened.",
        lambda f: f.kind == "event" and bool(f.place) and key(f.place or "") not in key(f.name or ""),
        _name, _place,
        lambda a, b: _distinct(a, b, _name, _place),
        left_field=lambda f: f.name or "",
    ),
)


def _fits_of(pairing: Pairing, facts: Sequence[Fact]) -> Callable[[Fact, Fact], bool]:
    """`pairing.fits` on keys and days worked out once per fact (partition asks often): the
    left and right items differ by key, and for dated pairings the dates do not overlap."""
    dated = pairing.by_date
    left, right = pairing.left_field or pairing.left, pairing.right_field or pairing.right
    known = {id(f): (key(left(f)), key(right(f)), span(f.date) if dated and f.date else None) for f in facts}

    def fits(a: Fact, b: Fact) -> bool:
        left_a, right_a, days_a = known[id(a)]
        left_b, right_b, days_b = known[id(b)]
        if left_a == left_b or right_a == right_b:
            return False
        return days_a is None or days_b is None or not (days_a[0] <= days_b[1] and days_b[0] <= days_a[1])

    return fits


class MatchingGenerator:
    name = "matching"
    card_type = CardType.MATCHING

    def generate(self, facts: Sequence[Fact], index: FactIndex, rng: random.Random) -> Iterator[Card]:
        card_rng = CardRandom(rng)
        for deck_facts in by_deck(facts).values():
            for pairing in PAIRINGS:
                chosen = sorted((f for f in deck_facts if pairing.wanted(f)), key=lambda f: f.id)
                for group in partition(chosen, _fits_of(pairing, chosen)):
                    yield group_card(group, self.name, self.card_type, pairing.label, card_rng, _pairs(pairing, group))


def _pairs(pairing: Pairing, group: list[Fact]) -> Callable[[random.Random], dict[str, Any]]:
    """A matching card's fields: the pairs in a shuffled order, the answer in sorted order."""
    pairs = sorted((pairing.left(f), pairing.right(f)) for f in group)

    def make(rng: random.Random) -> dict[str, Any]:
        order = shuffled(pairs, rng)
        return {
            "prompt": pairing.prompt,
            "answer": "; ".join(f"{left} — {right}" for left, right in pairs),
            "options": tuple(p[0] for p in order),
            "pairs": tuple(order),
        }

    return make
