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

from studykit.core.bulk import no_cyclic_gc
from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.base import FactGenerator, Generator
from studykit.core.generators.choice import ChoiceGenerator
from studykit.core.generators.chronology import ChronologyGenerator
from studykit.core.generators.cloze import ClozeGenerator
from studykit.core.generators.index import FactIndex, normal_prompt
from studykit.core.generators.matching import MatchingGenerator
from studykit.core.generators.qa import QAGenerator
from studykit.core.generators.questions import About
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
    chosen = [g for g in GENERATORS if wanted is None or g.card_type in wanted]
    runs = {g.name: random.Random(f"{salt}:{g.name}") for g in chosen}
    with no_cyclic_gc():
        index = FactIndex(facts)
        if len(index.position) != len(index.facts) or not _groups_last(chosen):
            # two facts with one id (the memo is by id), or group cards ranked before per-fact ones
            cards = _one_generator_at_a_time(index, chosen, runs)
        else:
            cards = _fact_by_fact(index, chosen, runs)
        del index  # before the collector is back: it would walk every object of the index
    return cards


def _groups_last(chosen: list[Generator]) -> bool:
    kinds = [isinstance(g, FactGenerator) for g in chosen]
    return kinds == sorted(kinds, reverse=True)


def _one_generator_at_a_time(index: FactIndex, chosen: list[Generator], runs: dict[str, random.Random]) -> list[Card]:
    """Each generator over the whole base, then the safety net and the order by fact."""
    cards: list[Card] = []
    for generator in chosen:
        cards.extend(generator.generate(index.facts, index, runs[generator.name]))
    cards = unambiguous(cards)
    position = index.position
    rank = {generator.name: place for place, generator in enumerate(GENERATORS)}

    def order(card: Card) -> tuple[int, int]:
        ids = card.fact_ids
        first = position[ids[0]] if len(ids) == 1 else min(position[f] for f in ids)
        return first, rank[card.generator]

    cards.sort(key=order)
    return cards


def _fact_by_fact(index: FactIndex, chosen: list[Generator], runs: dict[str, random.Random]) -> list[Card]:
    """The same cards as `_one_generator_at_a_time`, made in their final order: each fact's
    cards from every per-fact generator, then the group cards (chronology, matching) whose
    first fact it is. A fact's questions are worked out once, used by every generator and
    dropped before the next fact, so memory holds the cards and the index, nothing more.

    The safety net (`unambiguous`) needs every card's question first; it runs as a second
    pass, with repeats judged in each generator's own order, as `unambiguous` judges them.
    """
    per_fact = [(g, g.start(runs[g.name])) for g in chosen if isinstance(g, FactGenerator)]
    groups: dict[int, list[Card]] = {}
    repeats: set[int] = set()  # group cards that repeat an earlier question of their generator
    position = index.position
    for generator in GENERATORS:  # in rank order, so each fact's group cards come out in it
        if generator in chosen and not isinstance(generator, FactGenerator):
            firsts: set[tuple[str, ...]] = set()
            for card in generator.generate(index.facts, index, runs[generator.name]):
                question = question_key(card)
                if question in firsts:
                    repeats.add(id(card))
                firsts.add(question)
                groups.setdefault(min(position[f] for f in card.fact_ids), []).append(card)
    cards: list[Card] = []
    for place, fact in enumerate(index.facts):
        about = About(fact, index)
        for generator, state in per_fact:
            cards += generator.fact_cards(about, state)
        grouped = groups.get(place)
        if grouped is not None:
            cards += grouped
    return _unambiguous_in_order(cards, repeats, {g.name for g in chosen if not isinstance(g, FactGenerator)})


def _unambiguous_in_order(cards: list[Card], repeats: set[int], group_generators: set[str]) -> list[Card]:
    """`unambiguous` for cards already in their final order: per-fact cards come in their
    generator's own order there, and group cards found to be repeats are named by id.

    One pass finds the questions with two answers and the repeats (a repeat's question is
    dropped whole if it has two answers, so judging repeats before conflicts is the same);
    a second keeps the rest. A per-fact card's question is its normal prompt as a bare
    string; group cards keep the tuple of `question_key`, which no string equals."""
    first_answer: dict[str | tuple[str, ...], str] = {}  # the answer a question first had
    conflicted: set[str | tuple[str, ...]] = set()  # questions with two answers: few
    questions: list[str | tuple[str, ...]] = []
    dropped: list[bool] = []  # repeats
    normal_answers: dict[str, str] = {}  # answers recur ("True", dates): normalized once each
    normal_prompts: dict[str, str] = {}  # a question-and-answer card's prompt recurs in its choice card
    seen: dict[str, set[str | tuple[str, ...]]] = {}  # questions asked, by generator
    for card in cards:
        generator = card.generator
        question: str | tuple[str, ...]
        if generator in group_generators:
            question = question_key(card)
            repeat = id(card) in repeats
        else:
            prompt = card.prompt
            question = normal_prompts.get(prompt)  # type: ignore[assignment]
            if question is None:
                if len(normal_prompts) > 256:  # the prompts shared are a fact's own: keep few
                    normal_prompts.clear()
                question = normal_prompts[prompt] = " ".join(prompt.casefold().split())  # normal_prompt
            repeat = False
            if card.answer != "False" or card.type is not CardType.TRUE_FALSE:
                asked = seen.get(generator)
                if asked is None:
                    asked = seen[generator] = set()
                if question in asked:
                    repeat = True
                else:
                    asked.add(question)
        answer = normal_answers.get(card.answer)
        if answer is None:
            answer = normal_answers[card.answer] = normal_prompt(card.answer)
        if first_answer.setdefault(question, answer) != answer:
            conflicted.add(question)
        questions.append(question)
        dropped.append(repeat)
    del first_answer, normal_answers, normal_prompts, seen
    if not conflicted:
        return [card for card, repeat in zip(cards, dropped) if not repeat]
    return [
        card for card, question, repeat in zip(cards, questions, dropped) if not repeat and question not in conflicted
    ]


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
