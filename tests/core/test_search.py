"""The browser's search language: a table of queries over a few cards, and the errors."""

from __future__ import annotations

from collections.abc import Collection

import pytest

from studykit.core.search import (
    EVERYTHING,
    And,
    Not,
    Or,
    QueryError,
    SearchItem,
    Term,
    deck_terms,
    fold,
    matcher,
    parse,
    quoted,
)

DECKS = {
    "baku": ("baku 1918: events", "baku 1918::events"),
    "baku-people": ("baku 1918: people", "baku 1918::people"),
    "entente": ("soviet–turkish entente",),
}


def resolve(name: str) -> Collection[str]:
    """As the layer resolves deck names: an id, a name, or a parent name taking its children."""
    import fnmatch

    out = set()
    for deck_id, names in DECKS.items():
        for candidate in (deck_id, *names):
            if fnmatch.fnmatchcase(candidate, name) or candidate.startswith(name + "::"):
                out.add(deck_id)
    return out


ITEMS = (
    SearchItem("c1", "baku", fold("When did Baku fall?\n15 September 1918"), "qa",
               tags=("topic::battle-of-baku", "kind::event"), states=frozenset({"review", "due"}),
               props={"ivl": 6, "due": 0, "lapses": 0, "reps": 2, "ease": 2.5, "reviews": 2},
               fact_ids=("fall-of-baku",)),
    SearchItem("c2", "baku-people", fold("Who led the British?\nColonel Stokes"), "choice",
               tags=("topic::dunsterforce",), states=frozenset({"suspended", "leech", "learn"}), flag=1,
               props={"ivl": 1, "due": -3, "lapses": 9, "reps": 1, "ease": 1.3, "reviews": 20}),
    SearchItem("c3", "entente", fold("Mustafa Kemal wrote to the ____ on 26 April 1920.\nSovnarkom"), "cloze",
               states=frozenset({"new"}), props={"ivl": 0, "lapses": 0, "reps": 0, "ease": 2.5, "reviews": 0}),
    SearchItem("anki:g:0", "entente", fold("xin chào\nhello"), "note", type_names=("card 1",), note_type="basic",
               tags=("vietnamese", "leech"), states=frozenset({"buried", "review"}), flag=7,
               props={"ivl": 40, "due": 12, "lapses": 1, "reps": 5, "ease": 2.2, "reviews": 6}),
)

CASES = [
    ("", {"c1", "c2", "c3", "anki:g:0"}),
    ("baku", {"c1"}),
    ("BAKU", {"c1"}),
    ("stokes colonel", {"c2"}),
    ('"colonel stokes"', {"c2"}),
    ("stok*", {"c2"}),
    ("sept*1918", {"c1"}),
    ("-baku", {"c2", "c3", "anki:g:0"}),
    ("baku or stokes", {"c1", "c2"}),
    ("baku OR sovnarkom", {"c1", "c3"}),
    ("(baku or stokes) is:suspended", {"c2"}),
    ("baku or stokes is:suspended", {"c1", "c2"}),
    ("-(baku or stokes)", {"c3", "anki:g:0"}),
    ("deck:baku", {"c1"}),
    ('deck:"baku 1918"', {"c1", "c2"}),
    ('"deck:baku 1918"', {"c1", "c2"}),
    ("deck:baku*", {"c1", "c2"}),
    ("deck:nowhere", set()),
    ("card:choice", {"c2"}),
    ("type:cloze", {"c3"}),
    ("card:mc", {"c2"}),
    ("card:note", {"anki:g:0"}),
    ('card:"Card 1"', {"anki:g:0"}),
    ("note:basic", {"anki:g:0"}),
    ("note:bas*", {"anki:g:0"}),
    ("is:new", {"c3"}),
    ("is:learn", {"c2"}),
    ("is:learning", {"c2"}),
    ("is:due", {"c1"}),
    ("is:suspended", {"c2"}),
    ("is:buried", {"anki:g:0"}),
    ("is:leech", {"c2"}),
    ("-is:new -is:suspended", {"c1", "anki:g:0"}),
    ("tag:topic", {"c1", "c2"}),
    ("tag:topic::battle-of-baku", {"c1"}),
    ("tag:TOPIC::Battle*", {"c1"}),
    ("tag:battle", set()),
    ("tag:leech", {"anki:g:0"}),
    ("tag:none", {"c3"}),
    ("flag:1", {"c2"}),
    ("flag:red", {"c2"}),
    ("flag:purple", {"anki:g:0"}),
    ("flag:0", {"c1", "c3"}),
    ("prop:ivl>=6", {"c1", "anki:g:0"}),
    ("prop:due<=0", {"c1", "c2"}),
    ("prop:due=0", {"c1"}),
    ("prop:lapses>2", {"c2"}),
    ("prop:ease<2.0", {"c2"}),
    ("prop:reps!=0", {"c1", "c2", "anki:g:0"}),
    ("prop:reviews>5", {"c2", "anki:g:0"}),
    ("cid:c1,c3", {"c1", "c3"}),
    ("fact:fall-of-baku", {"c1"}),
    ('"10:30"', set()),
    ("baku and 1918", {"c1"}),
    ("____", {"c3"}),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0] or "(empty)" for c in CASES])
def test_query(query: str, expected: set[str]) -> None:
    match = matcher(query, resolve_deck=resolve)
    assert {item.card_id for item in ITEMS if match(item)} == expected


ERRORS = [
    ("foo:bar", "unknown search 'foo:'", 0),
    ("baku (stokes", "a parenthesis is not closed", 5),
    ("baku) x", "a closing parenthesis has no opening one", 4),
    ('"baku', "a quote is not closed", 0),
    ("is:sleeping", "unknown state 'is:sleeping'", 0),
    ("flag:9", "unknown flag 'flag:9'", 0),
    ("prop:ivl", "cannot read 'prop:ivl'", 0),
    ("prop:size>3", "unknown property 'prop:size'", 0),
    ("or baku", "'or' needs a term before it", 0),
    ("baku or", "'or' needs a term after it", 5),
    ("deck:", "'deck:' needs a value", 0),
    ('""', 'an empty "" searches for nothing', 0),
]


@pytest.mark.parametrize(("query", "message", "position"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(query: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert caught.value.message.startswith(message)
    assert caught.value.position == position


def test_tree() -> None:
    assert parse("") == EVERYTHING
    assert parse("a -b or c") == Or((And((Term("", "a", 0), Not(Term("", "b", 3)))), Term("", "c", 8)))
    assert parse('deck:"Baku 1918" is:suspended') == And((Term("deck", "baku 1918", 0), Term("is", "suspended", 17)))
    assert deck_terms(parse('deck:a -(deck:"b c" or x)')) == ["a", "b c"]


@pytest.mark.parametrize("value", ["Baku 1918", 'say "x"', "a(b)", "plain", "-minus", "back\\slash"])
def test_quoted_round_trip(value: str) -> None:
    term = parse("deck:" + quoted(value))
    assert isinstance(term, Term)
    assert term.value == fold(value)


def test_an_anki_guid_with_commas_and_parentheses_is_one_id_quoted() -> None:
    """An imported card's id holds its note's guid, whose alphabet has `,` `(` `)`: the review
    screen opens the browser on `cid:` + `quoted(id)`."""
    odd = SearchItem("anki:A,Q(N~&K)g:0", "deck", "x", "note")
    sibling = SearchItem("anki:A,Q(N~&K)g:1", "deck", "x", "note")
    match = matcher(f"cid:{quoted(odd.card_id)}", resolve_deck=resolve)
    assert [item.card_id for item in (odd, sibling, *ITEMS) if match(item)] == [odd.card_id]
    match = matcher("cid:c1,c3", resolve_deck=resolve)  # a list still
    assert {item.card_id for item in (odd, *ITEMS) if match(item)} == {"c1", "c3"}
