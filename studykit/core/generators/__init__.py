"""Question generators: every fact becomes several good, unambiguous cards.

Each generator is a small object behind one protocol (`Generator`), listed once in
`GENERATORS`; `generate_cards` runs them over a fact base. Pure: standard library only, no
I/O, and the random generator is passed in.

    cards = generate_cards(facts, rng=random.Random(seed))

The same facts and seed give the same cards in the same order. A card's id depends only
on its fact ids, generator and variant, never on wording or the seed.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.base import Generator
from studykit.core.generators.choice import ChoiceGenerator
from studykit.core.generators.chronology import ChronologyGenerator
from studykit.core.generators.cloze import ClozeGenerator
from studykit.core.generators.index import FactIndex, normal_prompt
from studykit.core.generators.matching import MatchingGenerator
from studykit.core.generators.qa import QAGenerator
from studykit.core.generators.truefalse import TrueFalseGenerator

GENERATORS: tuple[Generator, ...] = (
    QAGenerator(),
    ChoiceGenerator(),
    ClozeGenerator(),
    TrueFalseGenerator(),
    ChronologyGenerator(),
    MatchingGenerator(),
)

__all__ = ["GENERATORS", "FactIndex", "Generator", "generate_cards", "question_key"]


def generate_cards(
    facts: Sequence[Fact], *, rng: random.Random, types: Iterable[CardType | str] | None = None,
) -> list[Card]:
    """Every card the generators make from the facts, ordered by fact, then by generator.

    `facts` is the whole base (ambiguity is judged against all of it); filter the cards by
    deck afterwards rather than the facts before. `types` restricts to some card types.
    """
    wanted = None if types is None else {CardType(t) for t in types}
    salt = rng.getrandbits(64)
    rank = {generator.name: position for position, generator in enumerate(GENERATORS)}
    with _no_cyclic_gc():
        index = FactIndex(facts)
        cards: list[Card] = []
        for generator in GENERATORS:
            if wanted is None or generator.card_type in wanted:
                cards.extend(generator.generate(index.facts, index, random.Random(f"{salt}:{generator.name}")))
        cards = unambiguous(cards)
        position = index.position

        def order(card: Card) -> tuple[int, int]:
            ids = card.fact_ids
            first = position[ids[0]] if len(ids) == 1 else min(position[f] for f in ids)
            return first, rank[card.generator]

        cards.sort(key=order)
    return cards


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: generating makes millions of small objects, none in
    a cycle, and the collector would rescan all of them again and again (over a quarter of
    the time at 50,000 facts, and growing with the base). Reference counting still frees everything;
    the collector's previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def question_key(card: Card) -> tuple[str, ...]:
    """What makes two cards the same question: the prompt, and for orderings and matchings
    (whose prompt is generic) the items too."""
    if card.type is CardType.CHRONOLOGY or card.type is CardType.MATCHING:
        return (normal_prompt(card.prompt), *sorted(normal_prompt(o) for o in card.options))
    return (" ".join(card.prompt.casefold().split()),)  # normal_prompt, inlined: called for every card


def unambiguous(cards: list[Card]) -> list[Card]:
    """The safety net behind the generators' own checks: drop every card whose question
    another card answers differently, and repeats of the same question and answer (two
    facts that say the same thing). False statements are never dropped as repeats: which
    of two facts happens to get the same false statement depends on the seed, ids must not."""
    questions = [question_key(card) for card in cards]
    answers: dict[tuple[str, ...], set[str]] = {}
    normal: dict[str, str] = {}  # answers repeat ("True", "False", dates): normalize each once
    for card, question in zip(cards, questions):
        answer = normal.get(card.answer)
        if answer is None:
            answer = normal[card.answer] = normal_prompt(card.answer)
        found = answers.get(question)
        if found is None:
            answers[question] = {answer}
        else:
            found.add(answer)
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    for card, question in zip(cards, questions):
        if len(answers[question]) > 1:
            continue
        if card.answer != "False" or card.type is not CardType.TRUE_FALSE:
            if (card.generator, question) in seen:
                continue
            seen.add((card.generator, question))
        out.append(card)
    return out
