"""The bundled decks' facts and cards, made once per test process and shared by every test.

Generating the cards of the bundled decks takes seconds of CPU per seed, and dozens of tests
look at them (the card rules, the generators' properties, answers, the introduction order,
quizzes, Anki exports, the commands and the study layer over the bundled decks). Made once
per process (each pytest-xdist worker is one) and shared, they cost one generation per seed.

- `bundled_facts()`: every fact of `decks/`, quotes checked against `seeds/` (read from the
  checkout, whatever `$STUDYKIT_DECKS` a test sets);
- `bundled_cards(seed)`: `generate_cards(bundled_facts(), rng=random.Random(seed))`, as a tuple;
  `bundled_cards(seed, types)` the same call with `types=`. The card rules use seeds 0, 23
  and 41: a new property over the bundled decks at those seeds costs no generation;
- `same_generation`: `generate_cards` remembered by (facts, the random generator's state,
  types): a later call returns the same cards (a new list) and leaves the random generator
  where the first call left it. tests/conftest.py puts it in the place of the `generate_cards`
  that the code under test calls (the cards and export commands, the fact-deck source, the
  quiz builder), so a quiz built at seed 23, or the cards of a copy of the bundled decks,
  reuse the cards already made.

Sharing is safe because facts and cards are frozen dataclasses and the containers are tuples.
A test whose subject is generation itself (the same seed gives the same cards, one type gives
the cards of all types) calls the real `generate_cards`, imported from `studykit.core.generators`
at the top of its module (as test_generators and test_card_rules do; the module-level import
happens at collection, before the stand-in is put in place), or across processes. A test of
the code under test whose subject is that the same seed gives the same output (the quiz
builder, `studykit quiz build`) makes its second run `with real_generation():`, so that its output comes
from cards generated again, not from the cards the first run left.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from types import ModuleType

import pytest

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators import generate_cards
from tests.conftest import DECKS, SEEDS

__all__ = ["bundled_cards", "bundled_facts", "generating_modules", "real_generation", "same_generation"]


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


def generating_modules() -> tuple[ModuleType, ...]:
    """The modules of the code under test that call `generate_cards` (tests/conftest.py puts
    `same_generation` in its place in each)."""
    import studykit.cli.cards
    import studykit.core.generators
    import studykit.core.quiz.builder

    return studykit.core.generators, studykit.cli.cards, studykit.core.quiz.builder


@contextmanager
def real_generation() -> Iterator[None]:
    """The real `generate_cards` back in the code under test for a while: cards made again."""
    with pytest.MonkeyPatch.context() as patch:
        for module in generating_modules():
            patch.setattr(module, "generate_cards", generate_cards)
        yield
