"""The protocols question generators follow, and what building a card takes."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import Any, Protocol

from studykit.core.answers import AnswerKind
from studykit.core.cards import Card, CardType, card_id
from studykit.core.facts import Fact, Source
from studykit.core.generators.index import FactIndex
from studykit.core.generators.questions import Ask, Blank, asks, blanks


def of_the_period(fact: Fact) -> bool:
    """Whether cards may ask about the fact: a historian the sources cite (category
    "historian") is a person of the historiography, not of 1918–1921; a student is not asked
    who wrote a footnote."""
    return not (fact.kind == "person" and fact.category == "historian")


class CardRandom:
    """One random generator per card, seeded by the run's generator and the card's id.

    A card's options and order then depend only on the seed and the card, not on how many
    cards came before it: adding a fact to a deck does not reshuffle every other card.
    """

    def __init__(self, rng: random.Random) -> None:
        self.salt = rng.getrandbits(64)

    def __call__(self, card_id: str) -> random.Random:
        return random.Random(f"{self.salt}:{card_id}")


class About:
    """What can be asked about one fact (`asks`) and where its statement can be blanked
    (`blanks`): each worked out when a generator first asks for it, once for all of them."""

    def __init__(self, fact: Fact, index: FactIndex) -> None:
        self.fact = fact
        self.index = index

    @cached_property
    def asks(self) -> list[Ask]:
        return asks(self.fact, self.index)

    @cached_property
    def blanks(self) -> list[Blank]:
        return blanks(self.fact, self.index)


class FactGenerator(Protocol):
    """Makes cards of one type about one fact at a time (question and answer, multiple
    choice, cloze, true or false). Ids never depend on the random generator, only on the
    fact id, the generator's name and a variant."""

    name: str
    card_type: CardType

    def fact_cards(self, about: About, card_rng: CardRandom) -> Iterable[Card]:
        """The cards about `about.fact`, in order; `card_rng(card_id)` gives each its random generator."""
        ...


class GroupGenerator(Protocol):
    """Makes cards of one type about several facts at once (chronology, matching), from the
    whole base; ids come from the sorted fact ids and a label."""

    name: str
    card_type: CardType

    def generate(self, index: FactIndex, card_rng: CardRandom) -> Iterable[Card]:
        """Every card over the base's facts (`index.facts`), in order."""
        ...


def fact_card(
    fact: Fact, generator: str, card_type: CardType, variant: str, *,
    prompt: str, answer: str, options: tuple[str, ...] = (), accepted: tuple[str, ...] = (),
    answer_kind: AnswerKind = AnswerKind.TEXT, confusables: tuple[str, ...] = (),
) -> Card:
    """A card about one fact: its id, deck, sources and statement come from the fact."""
    return Card(
        id=card_id(fact.id, generator, variant),
        type=card_type,
        deck_id=fact.deck_id,
        prompt=prompt,
        answer=answer,
        fact_ids=(fact.id,),
        sources=fact.sources,
        options=options,
        accepted=accepted,
        statement=fact.statement,
        generator=generator,
        variant=variant,
        answer_kind=answer_kind,
        confusables=confusables,
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
