"""New cards are introduced with siblings (cards of the same fact) spread apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studykit.core.cards import Card, CardType
from studykit.core.introduction import fact_of, spread_siblings


def card(fact: str, variant: str) -> Card:
    return Card(id=f"{fact}:qa:{variant}", type=CardType.QA, deck_id="d", prompt=f"{fact} {variant}?",
                answer="a", fact_ids=(fact,), sources=())


def test_one_card_of_every_fact_comes_before_any_second_card() -> None:
    cards = [card("a", "1"), card("a", "2"), card("a", "3"), card("b", "1"), card("c", "1"), card("c", "2")]
    assert [c.id for c in spread_siblings(cards)] == [
        "a:qa:1", "b:qa:1", "c:qa:1", "a:qa:2", "c:qa:2", "a:qa:3",
    ]


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 9)), unique=True))
def test_spreading_keeps_every_card_and_each_fact_s_own_order(pairs: list[tuple[str, int]]) -> None:
    cards = [card(fact, str(n)) for fact, n in pairs]
    spread = spread_siblings(cards)
    assert sorted(c.id for c in spread) == sorted(c.id for c in cards)
    for fact in "abcdef":
        assert [c for c in spread if fact_of(c) == fact] == [c for c in cards if fact_of(c) == fact]
    # a fact's second card comes only after every fact's first, and so on: the rank of each
    # card among its siblings never decreases along the order
    seen: dict[str, int] = {}
    ranks = []
    for c in spread:
        ranks.append(seen.get(fact_of(c), 0))
        seen[fact_of(c)] = ranks[-1] + 1
    assert ranks == sorted(ranks)
