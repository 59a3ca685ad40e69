"""The protocol every question generator follows, and what building a card takes."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from studykit.core.cards import Card, CardType, card_id
from studykit.core.facts import Fact, Source
from studykit.core.generators.index import FactIndex

if TYPE_CHECKING:
    from studykit.core.generators.questions import About


class Generator(Protocol):
    """Turns facts into cards of one type.

    `generate` gets every fact of the run (in order), the index over the whole base, and a
    random generator of its own; it yields cards in a deterministic order. Ids never
    depend on the random generator, only on fact ids, the generator's name and a variant.
    """

    name: str
    card_type: CardType

    def generate(self, facts: Sequence[Fact], index: FactIndex, rng: random.Random) -> Iterable[Card]: ...


@runtime_checkable
class FactGenerator(Generator, Protocol):
    """A generator whose cards each come from one fact: `generate_cards` runs every such
    generator over one fact before moving on to the next (see `About`)."""

    def start(self, rng: random.Random) -> Any:
        """What the run's cards share (the per-card random generator), made from `rng`."""

    def fact_cards(self, about: About, state: Any) -> list[Card]:
        """The cards about one fact, in order; `state` is what `start` made."""


class CardRandom:
    """One random generator per card, derived from the run's generator and the card's id.

    A card's options and order then depend only on the seed and the card, not on how many
    cards came before it: adding a fact to a deck does not reshuffle every other card.
    """

    def __init__(self, rng: random.Random) -> None:
        self.salt = rng.getrandbits(64).to_bytes(8, "big")
        self._keyed = hashlib.blake2b(digest_size=8, key=self.salt)  # copied per card: keying costs a block

    def __call__(self, card_id: str) -> random.Random:
        hasher = self._keyed.copy()
        hasher.update(card_id.encode())
        return SplitMix(int.from_bytes(hasher.digest(), "big"))


_MASK = (1 << 64) - 1


class SplitMix(random.Random):
    """A `random.Random` on SplitMix64: seeding it is free, where the Mersenne Twister fills
    624 words, and cards need only a few numbers each."""

    def __init__(self, seed: int) -> None:  # no super().__init__: the Twister's state is never used
        self._state = seed & _MASK

    def seed(self, a: Any = None, version: int = 2) -> None:
        self._state = (a if isinstance(a, int) else hash(a)) & _MASK

    def _next(self) -> int:
        self._state = (self._state + 0x9E3779B97F4A7C15) & _MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def getrandbits(self, k: int) -> int:
        if k <= 64:
            return self._next() >> (64 - k)
        out = 0
        for _ in range((k + 63) // 64):
            out = (out << 64) | self._next()
        return out >> (-k % 64)

    def random(self) -> float:
        return (self._next() >> 11) * (1.0 / (1 << 53))

    def _randbelow(self, n: int) -> int:  # type: ignore[override]
        """`random.Random._randbelow_with_getrandbits` with the generator inlined (randrange,
        choice and shuffle all come here): the same numbers, without two calls per draw."""
        k = n.bit_length()
        if k > 64:
            return super()._randbelow(n)  # type: ignore[misc]
        shift = 64 - k
        state = self._state
        while True:
            state = (state + 0x9E3779B97F4A7C15) & _MASK
            z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
            r = (z ^ (z >> 31)) >> shift
            if r < n:
                self._state = state
                return r


def fact_card(
    fact: Fact, generator: str, card_type: CardType, variant: str, *,
    prompt: str, answer: str, options: tuple[str, ...] = (), accepted: tuple[str, ...] = (),
) -> Card:
    """A card about one fact: its id, deck, sources and statement come from the fact.
    (Built positionally: this makes most of the cards of a run, and keywords cost.)"""
    return Card(
        f"{fact.id}:{generator}:{variant}",  # card_id, inlined
        card_type, fact.deck_id, prompt, answer, (fact.id,), fact.sources, options, accepted,
        (), (), fact.statement, generator, variant,
    )


def group_card(
    facts: Sequence[Fact], generator: str, card_type: CardType, label: str, card_rng: CardRandom,
    make: Callable[[random.Random], dict[str, Any]],
) -> Card:
    """A card about several facts (chronology, matching): the id comes from the sorted fact ids.
    `make` gets the card's own random generator and gives the fields that depend on it."""
    ids = sorted(f.id for f in facts)
    digest = hashlib.blake2b("|".join(ids).encode(), digest_size=5).hexdigest()
    variant = f"{label}-{digest}"
    sources: dict[Source, None] = {}
    for fact in facts:
        sources.update(dict.fromkeys(fact.sources))
    identifier = card_id(ids[0], generator, variant)
    return Card(
        id=identifier,
        type=card_type,
        deck_id=facts[0].deck_id,
        fact_ids=tuple(f.id for f in facts),
        sources=tuple(sources),
        generator=generator,
        variant=variant,
        **make(card_rng(identifier)),
    )


def shuffled(items: Sequence[Any], rng: random.Random) -> list[Any]:
    out = list(items)
    rng.shuffle(out)
    return out


class PerFactGenerator:
    """The whole-run part of a fact generator (the protocol's `generate` and `start`): `start`
    once, then `fact_cards` for each fact. Subclasses say only `fact_cards`, and `start`
    when their cards make random choices (`RandomPerFactGenerator`)."""

    def generate(self, facts: Sequence[Fact], index: FactIndex, rng: random.Random) -> Iterable[Card]:
        from studykit.core.generators.questions import About

        state = self.start(rng)
        for fact in facts:
            yield from self.fact_cards(About(fact, index, memoized=True), state)

    def start(self, rng: random.Random) -> Any:
        return None  # no random choices: nothing to share

    def fact_cards(self, about: About, state: Any) -> list[Card]:
        raise NotImplementedError


class RandomPerFactGenerator(PerFactGenerator):
    """A fact generator whose cards each get their own random generator (`CardRandom`)."""

    def start(self, rng: random.Random) -> CardRandom:
        return CardRandom(rng)
