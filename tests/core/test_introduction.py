"""The order new cards are introduced in: easy before hard, a mix of types, siblings days apart,
groups after their facts. Table tests of each rule, then properties over synthetic decks (any
size, any mix of types) and over the bundled decks for several seeds."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.core.cards import Card, CardType
from studykit.core.giveaway import GiveAways
from studykit.core.introduction import (
    IntroductionRules,
    ease,
    fact_of,
    interleave,
    introduction_order,
    is_group,
    is_typed,
)

RULES = IntroductionRules()


def card(fact: str, kind: CardType, variant: str, *, deck: str = "d", answer: str = "", facts: Sequence[str] = (),
         prompt: str = "") -> Card:
    """A card with a distinctive prompt and answer (nothing gives another away but its facts)."""
    answer = answer or ("True" if kind is CardType.TRUE_FALSE else f"A{fact}x{variant}")
    return Card(id=f"{fact}:{kind.value}:{variant}", type=kind, deck_id=deck, prompt=prompt or f"Q {fact} {variant}",
                answer=answer, fact_ids=tuple(facts) or (fact,), sources=(), variant=variant,
                statement=f"statement of {fact}")


def full_fact(fact: str, deck: str = "d") -> list[Card]:
    """A fact's cards as the generators make them: question, choice, cloze, true and false."""
    return [
        card(fact, CardType.QA, "date", deck=deck),
        card(fact, CardType.CHOICE, "date", deck=deck),
        card(fact, CardType.QA, "date-reverse", deck=deck),
        card(fact, CardType.CHOICE, "date-reverse", deck=deck),
        card(fact, CardType.CLOZE, "date", deck=deck),
        card(fact, CardType.TRUE_FALSE, "true", deck=deck),
        card(fact, CardType.TRUE_FALSE, "false", deck=deck, answer="False"),
    ]


def positions(order: Sequence[Card]) -> dict[str, int]:
    return {c.id: i for i, c in enumerate(order)}


# -- the rules one by one -----------------------------------------------------------------------


def test_a_fact_is_met_first_by_recognition_and_recalled_only_after_the_same_question_was_recognised() -> None:
    cards = [c for n in range(30) for c in full_fact(f"f{n:02}")]
    order = introduction_order(cards)
    at = positions(order)
    for n in range(30):
        fact = f"f{n:02}"
        mine = [c for c in order if fact_of(c) == fact]
        assert mine[0].type in (CardType.CHOICE, CardType.TRUE_FALSE) and mine[0].answer != "False"
        assert at[f"{fact}:qa:date"] > at[f"{fact}:choice:date"]
        assert at[f"{fact}:cloze:date"] > at[f"{fact}:choice:date"]
        assert at[f"{fact}:qa:date-reverse"] > at[f"{fact}:choice:date-reverse"]
        assert at[f"{fact}:truefalse:false"] > at[mine[0].id]


def test_a_fact_without_recognition_cards_starts_with_its_easiest_card() -> None:
    """Recall when it has nothing else; a false statement before a recall when that is all it has."""
    cards = [card("a", CardType.QA, "x"), card("a", CardType.CLOZE, "y"),
             card("b", CardType.QA, "x"), card("b", CardType.TRUE_FALSE, "false", answer="False")]
    order = introduction_order(cards)
    firsts = {}
    for c in order:
        firsts.setdefault(fact_of(c), c.id)
    assert firsts == {"a": "a:qa:x", "b": "b:truefalse:false"}


def test_siblings_are_a_gap_apart_while_other_facts_can_fill_it() -> None:
    cards = [c for n in range(60) for c in full_fact(f"f{n:02}")]
    order = introduction_order(cards)
    last: dict[str, int] = {}
    close = 0
    for i, c in enumerate(order[: len(order) * 3 // 4]):
        if fact_of(c) in last and i - last[fact_of(c)] < RULES.gap:
            close += 1
        last[fact_of(c)] = i
    assert close == 0


def test_the_first_twenty_new_cards_hold_at_most_eight_typed_and_every_window_mixes_types() -> None:
    cards = [c for n in range(80) for c in full_fact(f"f{n:02}")]
    order = introduction_order(cards)
    assert sum(is_typed(c) for c in order[:20]) <= 8
    kinds = {c.type for c in order[:20]}
    assert {CardType.CHOICE, CardType.TRUE_FALSE} <= kinds
    middle = order[100:400]
    for start in range(len(middle) - 20):
        window = middle[start:start + 20]
        assert sum(is_typed(c) for c in window) <= 8
        assert len({c.type for c in window}) >= 3, [c.type.value for c in window]


def test_a_group_card_comes_after_its_facts_were_met_and_a_gap_later() -> None:
    facts = [f"f{n:02}" for n in range(80)]
    cards = [c for fact in facts for c in full_fact(fact)]
    group = card(facts[3], CardType.CHRONOLOGY, "order", facts=(facts[3], facts[10], facts[25]))
    matching = card(facts[0], CardType.MATCHING, "pairs", facts=(facts[0], facts[1]))
    order = introduction_order([*cards[:5], group, matching, *cards[5:]])
    at = positions(order)
    for g in (group, matching):
        for fact in g.fact_ids:
            mine = [at[c.id] for c in cards if fact_of(c) == fact]
            assert min(mine) + RULES.gap <= at[g.id]
            assert all(abs(at[g.id] - p) >= RULES.gap for p in mine), (g.id, fact)


def test_a_card_given_away_by_another_fact_s_card_comes_a_gap_after_it() -> None:
    spoiler = card("a", CardType.QA, "x", prompt="Who signed the Treaty of Kars?", answer="Karabekir")
    spoilt = card("b", CardType.QA, "y", prompt="When was the Treaty of Kars signed by Karabekir?",
                  answer="13 October 1921")
    spoiler = replace(spoiler, statement="Karabekir signed the Treaty of Kars on 13 October 1921.")
    others = [c for n in range(50) for c in full_fact(f"f{n:02}")]
    order = introduction_order([spoiler, spoilt, *others])
    at = positions(order)
    assert GiveAways.among([spoiler, spoilt]).gives_away(spoiler.id, spoilt.id)
    assert at[spoilt.id] - at[spoiler.id] >= RULES.gap or at[spoilt.id] < at[spoiler.id]


def test_decks_are_ordered_each_on_its_own_and_interleaved_in_proportion() -> None:
    big = [c for n in range(40) for c in full_fact(f"b{n:02}", deck="big")]
    small = [c for n in range(20) for c in full_fact(f"s{n:02}", deck="small")]
    order = introduction_order([*big, *small])
    head = order[:30]
    assert 17 <= sum(c.deck_id == "big" for c in head) <= 23
    for deck in ("big", "small"):
        alone = introduction_order([c for c in order if c.deck_id == deck])
        assert [c.id for c in order if c.deck_id == deck] == [c.id for c in alone]


def test_interleave_keeps_each_sequence_s_order() -> None:
    a = [card(f"a{n}", CardType.CHOICE, "x", deck="a") for n in range(6)]
    b = [card(f"b{n}", CardType.CHOICE, "x", deck="b") for n in range(3)]
    merged = interleave([a, b])
    assert [c for c in merged if c.deck_id == "a"] == a
    assert [c for c in merged if c.deck_id == "b"] == b
    assert [c.deck_id for c in merged] == ["a", "b", "a", "a", "b", "a", "a", "b", "a"]


# -- properties over synthetic decks --------------------------------------------------------------

KINDS = [CardType.QA, CardType.CHOICE, CardType.CLOZE, CardType.TRUE_FALSE]


@st.composite
def decks(draw: st.DrawFn) -> list[Card]:
    """A deck (or two) of any size and mix: facts with any of the four single-fact kinds and
    variants, some chronology and matching cards over several facts."""
    cards: list[Card] = []
    n_facts = draw(st.integers(1, 70))
    for n in range(n_facts):
        deck = draw(st.sampled_from(["d1", "d1", "d2"]))
        kinds = draw(st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(["date", "name", "role"])),
                              min_size=1, max_size=8, unique=True))
        for kind, variant in kinds:
            if kind is CardType.TRUE_FALSE:
                variant = draw(st.sampled_from(["true", "false"]))
                if any(c.id == f"f{n}:truefalse:{variant}" for c in cards):
                    continue
                cards.append(card(f"f{n}", kind, variant, deck=deck, answer=variant.capitalize()))
            else:
                cards.append(card(f"f{n}", kind, variant, deck=deck))
    groups = draw(st.integers(0, n_facts // 3))
    for g in range(groups):
        members = draw(st.lists(st.integers(0, n_facts - 1), min_size=2, max_size=5, unique=True))
        deck_of = {fact_of(c): c.deck_id for c in cards}
        facts = [f"f{m}" for m in members if deck_of.get(f"f{m}") == deck_of.get(f"f{members[0]}")]
        if len(facts) >= 2:
            kind = draw(st.sampled_from([CardType.CHRONOLOGY, CardType.MATCHING]))
            cards.append(card(facts[0], kind, f"g{g}", deck=deck_of[facts[0]], facts=facts))
    return cards


def check_order(cards: Sequence[Card], order: Sequence[Card]) -> None:
    """What every introduction order keeps, whatever the deck."""
    assert sorted(c.id for c in order) == sorted(c.id for c in cards)
    for deck in {c.deck_id for c in cards}:
        mine = [c for c in order if c.deck_id == deck]
        singles = [c for c in mine if not is_group(c)]
        easiest: dict[str, int] = {}
        recognisable: set[tuple[str, str]] = set()
        for c in singles:
            easiest[fact_of(c)] = min(easiest.get(fact_of(c), 3), ease(c))
            if c.type in (CardType.CHOICE, CardType.TRUE_FALSE):
                recognisable.add((fact_of(c), c.variant))
        recognised: set[tuple[str, str]] = set()
        met: set[str] = set()
        for c in singles:
            fact = fact_of(c)
            if fact not in met:  # met first by its easiest card: recognition when it has any
                assert ease(c) == easiest[fact], c.id
                met.add(fact)
            if c.type in (CardType.CHOICE, CardType.TRUE_FALSE):
                recognised.add((fact, c.variant))
            elif (fact, c.variant) in recognisable:
                assert (fact, c.variant) in recognised, c.id  # recalled after being recognised
        # the first twenty of a new student: at most eight typed, when the deck has a dozen facts
        # to start with a recognition card
        if sum(e == 0 for e in easiest.values()) >= 12:
            assert sum(is_typed(c) for c in mine[:20]) <= 8
        at = positions(mine)
        first_of: dict[str, int] = {}
        for c in singles:
            first_of.setdefault(fact_of(c), at[c.id])
        for g in (c for c in mine if is_group(c)):
            assert all(first_of.get(f, -1) < at[g.id] for f in g.fact_ids), g.id  # after its facts


@settings(max_examples=60, deadline=None)
@given(decks())
def test_any_deck_is_ordered_by_the_rules(cards: list[Card]) -> None:
    check_order(cards, introduction_order(cards))


# -- the bundled decks ---------------------------------------------------------------------------


@cache
def bundled(seed: int) -> tuple[Card, ...]:
    """The bundled decks' cards in the order they are introduced (as the fact-deck source
    gives them: `FactDecks.load`), generated once per test process (tests/bundled.py)."""
    from tests.bundled import bundled_cards

    return tuple(introduction_order(bundled_cards(seed)))


@pytest.mark.parametrize("seed", [0, 23, 41])  # the card rules' seeds: their cards are made once (tests/bundled.py)
def test_the_bundled_decks_are_introduced_by_the_rules(seed: int) -> None:
    order = bundled(seed)
    check_order(order, order)
    assert sum(is_typed(c) for c in order[:20]) <= 8
    spoils = GiveAways.among(order)
    for deck in {c.deck_id for c in order}:
        mine = [c for c in order if c.deck_id == deck]
        assert sum(is_typed(c) for c in mine[:20]) <= 8, deck
        assert len({c.type for c in mine[:20]}) >= 2, deck
        at = positions(mine)
        body = len(mine) * 3 // 4  # the last quarter may hold what no rule could place apart
        for c in mine[:body]:
            for spoilt in spoils.of(c.id):  # (a card of the last quarter may follow its spoiler closely)
                if spoilt in at and body > at[spoilt] > at[c.id]:
                    assert at[spoilt] - at[c.id] >= RULES.gap, (c.id, spoilt)
        for start in range(0, body - 20):
            # at most eight typed in any twenty, or, once the cards left are mostly typed (the
            # recognition cards come first), no denser than what is left: the rule cannot do better
            left = mine[start:]
            bound = max(8, math.ceil(20 * sum(is_typed(c) for c in left) / len(left)))
            assert sum(is_typed(c) for c in mine[start:start + 20]) <= bound, (deck, start)
