"""Question generators: every fact becomes several good, unambiguous cards.

Each generator is a small object behind one protocol (`Generator`), listed once in
`GENERATORS`; `generate_cards` runs them over a fact base. Pure: standard library only, no
I/O, and the random generator is passed in.

    cards = generate_cards(facts, rng=random.Random(seed))

The same facts and seed give the same cards in the same order. A card's id depends only
on its fact ids, generator and variant, never on wording or the seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.base import About, CardRandom, FactGenerator, GroupGenerator, of_the_period
from studykit.core.generators.choice import ChoiceGenerator
from studykit.core.generators.chronology import ChronologyGenerator
from studykit.core.generators.cloze import ClozeGenerator
from studykit.core.generators.index import FactIndex, normal_prompt
from studykit.core.generators.matching import MatchingGenerator
from studykit.core.generators.qa import QAGenerator
from studykit.core.generators.truefalse import TrueFalseGenerator

FACT_GENERATORS: tuple[FactGenerator, ...] = (QAGenerator(), ChoiceGenerator(), ClozeGenerator(), TrueFalseGenerator())
GROUP_GENERATORS: tuple[GroupGenerator, ...] = (ChronologyGenerator(), MatchingGenerator())
GENERATORS: tuple[FactGenerator | GroupGenerator, ...] = (*FACT_GENERATORS, *GROUP_GENERATORS)  # in card order

__all__ = ["GENERATORS", "FactGenerator", "FactIndex", "GroupGenerator", "generate_cards", "question_key"]


def generate_cards(
    facts: Sequence[Fact], *, rng: random.Random, types: Iterable[CardType | str] | None = None,
) -> list[Card]:
    """Every card the generators make from the facts, ordered by fact, then by generator.

    `facts` is the whole base (ambiguity is judged against all of it); filter the cards by
    deck afterwards rather than the facts before. `types` restricts to some card types.
    Each generator has a random generator of its own, so that asking for one type gives
    the same cards of that type as asking for all.
    """
    wanted = None if types is None else {CardType(t) for t in types}
    salt = rng.getrandbits(64)
    card_rngs = {g.name: CardRandom(random.Random(f"{salt}:{g.name}")) for g in GENERATORS}
    index = FactIndex(facts)
    made: dict[str, list[Card]] = {g.name: [] for g in GENERATORS if wanted is None or g.card_type in wanted}
    fact_generators = [g for g in FACT_GENERATORS if g.name in made]
    for fact in filter(of_the_period, index.facts):
        about = About(fact, index)  # what the fact's cards ask, worked out once for all of them
        for generator in fact_generators:
            made[generator.name] += generator.fact_cards(about, card_rngs[generator.name])
    for group_generator in GROUP_GENERATORS:
        if group_generator.name in made:
            made[group_generator.name] += group_generator.generate(index, card_rngs[group_generator.name])
    cards = unambiguous([card for generated in made.values() for card in generated])
    rank = {generator.name: place for place, generator in enumerate(GENERATORS)}
    cards.sort(key=lambda card: (min(index.position[f] for f in card.fact_ids), rank[card.generator]))
    return cards


def question_key(card: Card) -> tuple[str, ...]:
    """What makes two cards the same question: the prompt, and for orderings and matchings
    (whose prompt is generic) the items too."""
    if card.type in (CardType.CHRONOLOGY, CardType.MATCHING):
        return (normal_prompt(card.prompt), *sorted(normal_prompt(o) for o in card.options))
    return (normal_prompt(card.prompt),)


def unambiguous(cards: list[Card]) -> list[Card]:
    """The safety net behind the generators' own checks: drop every card whose question
    another card answers differently, and repeats of the same question and answer (two
    facts that say the same thing). False statements are never dropped as repeats: which
    of two facts happens to get the same false statement depends on the seed, ids must not."""
    questions = [question_key(card) for card in cards]
    answers: dict[tuple[str, ...], set[str]] = {}
    for card, question in zip(cards, questions, strict=True):
        answers.setdefault(question, set()).add(normal_prompt(card.answer))
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    for card, question in zip(cards, questions, strict=True):
        if len(answers[question]) > 1:
            continue
        if card.answer != "False" or card.type is not CardType.TRUE_FALSE:
            if (card.generator, question) in seen:
                continue
            seen.add((card.generator, question))
        out.append(card)
    return out
