"""The bundled decks' facts and cards, made once per test process and shared by every test.

Generating the cards of the bundled decks takes seconds per seed, and a dozen modules check
them (the card rules, the generators' properties, answers, the introduction order, quizzes,
Anki exports). Made once per process (each pytest-xdist worker is one) and shared, they
cost one generation per seed instead of one per test.

- `bundled_facts()`: every fact of `decks/`, quotes checked against `seeds/` (read from the
  checkout, whatever `$STUDYKIT_DECKS` a test sets);
- `bundled_cards(seed)`: `generate_cards(bundled_facts(), rng=random.Random(seed))`, as a tuple;
  `bundled_cards(seed, types)` the same call with `types=` (the same cards as `same_generation`
  gives code that generates from the bundled facts at that seed: a quiz built at seed 23 reuses
  the card rules' cards of seed 23);
- `same_generation`: a stand-in for `generate_cards` to put in the place of the one that code
  under test calls (`monkeypatch.setattr(builder, "generate_cards", same_generation)`): the
  first call with given facts, random state and types generates, a later one returns the same
  cards (a new list) and leaves the random generator where the first call left it.

Sharing is safe because facts and cards are frozen dataclasses and the containers are tuples.
What it leaves out: a test whose subject is generation itself (that the same seed gives the
same cards, that one type gives the cards of all types) must call `generate_cards` directly,
or it would compare a cached result with itself.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from functools import cache

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators import generate_cards
from tests.conftest import DECKS, SEEDS

__all__ = ["bundled_cards", "bundled_facts", "same_generation"]


@cache
def bundled_facts() -> tuple[Fact, ...]:
    from studykit.decks import all_facts, load_decks, load_seeds  # the adapter (YAML) stays out of core imports

    return tuple(all_facts(load_decks(DECKS, load_seeds(SEEDS))))


_GENERATED: dict[tuple[object, ...], tuple[tuple[Card, ...], object]] = {}


def same_generation(
    facts: Sequence[Fact], *, rng: random.Random, types: Iterable[CardType | str] | None = None,
) -> list[Card]:
    """`generate_cards`, remembered by (facts, the random generator's state, types)."""
    wanted = None if types is None else tuple(types)
    key = (tuple(facts), rng.getstate(), wanted)
    if key not in _GENERATED:
        cards = tuple(generate_cards(facts, rng=rng, types=wanted))
        _GENERATED[key] = (cards, rng.getstate())
    cards, after = _GENERATED[key]
    rng.setstate(after)  # type: ignore[arg-type]
    return list(cards)


def bundled_cards(seed: int = 0, types: tuple[CardType | str, ...] | None = None) -> tuple[Card, ...]:
    return tuple(same_generation(bundled_facts(), rng=random.Random(seed), types=types))
