"""The order in which new cards are introduced: siblings spread apart.

Cards made from the same fact (its question, the reverse, the cloze, the true/false...)
are siblings: met back to back, the second gives nothing to recall, because the first
just showed the answer. Anki buries new siblings for the day; we get the same effect by
the order new cards enter the collection: one card of every fact first, then a second
card of every fact, and so on. With twenty new cards a day and hundreds of facts,
siblings then arrive days apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from studykit.core.cards import Card

C = TypeVar("C", bound=Card)


def fact_of(card: Card) -> str:
    """The fact a card belongs to: the first part of its id (`fact_id:generator:variant`).
    A chronology or matching card, made from several facts, belongs to the one it is filed under."""
    return card.id.split(":", 1)[0]


def spread_siblings(cards: Iterable[C]) -> list[C]:
    """The cards in introduction order: round after round, each round taking the next card
    of every fact that has one left, facts in order of first appearance. Stable: within a
    fact, cards keep their order."""
    by_fact: dict[str, list[C]] = {}
    for card in cards:
        by_fact.setdefault(fact_of(card), []).append(card)
    ordered: list[C] = []
    depth = max((len(group) for group in by_fact.values()), default=0)
    for round_number in range(depth):
        ordered.extend(group[round_number] for group in by_fact.values() if round_number < len(group))
    return ordered
