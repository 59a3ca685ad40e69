"""Naming decks (id, name, Anki name, any case, parents) and the tree of the decks screen."""

from __future__ import annotations

import pytest

from studykit.core.session import DeckCounts
from studykit.storage import DeckEntry
from studykit.study.decks import deck_rows, resolve_deck, select_decks
from studykit.study.errors import StudyError, UnknownDeck
from studykit.study.views import DeckRow

DECKS = (
    DeckEntry(
        "baku-1918-events", "Baku 1918: events, agreements and numbers",
        anki_name="Baku 1918::Events, agreements and numbers",
    ),
    DeckEntry(
        "baku-1918-people", "Baku 1918: people, forces and places", anki_name="Baku 1918::People, forces and places",
    ),
    DeckEntry("entente-people", "Soviet–Turkish entente: people", anki_name="Soviet–Turkish entente::People"),
    DeckEntry("anki:1", "Japanese", "anki:core"),
    DeckEntry("anki:2", "Japanese::Kanji", "anki:core"),
    DeckEntry("anki:3", "Japanese::Kanji::N5", "anki:core"),
    DeckEntry("anki:4", "Japanese Grammar", "anki:core"),
    DeckEntry("anki:9", "Default", "anki:a"),
    DeckEntry("anki:10", "Default", "anki:b"),
)

CASES = [
    # (asked, selected ids, title)
    ("baku-1918-events", ("baku-1918-events",), "Baku 1918: events, agreements and numbers"),
    ("BAKU-1918-EVENTS", ("baku-1918-events",), "Baku 1918: events, agreements and numbers"),
    ("  baku-1918-people ", ("baku-1918-people",), "Baku 1918: people, forces and places"),
    ("baku 1918: PEOPLE,   forces and places", ("baku-1918-people",), "Baku 1918: people, forces and places"),
    ("baku 1918 :: people, forces and places", ("baku-1918-people",), "Baku 1918: people, forces and places"),
    ("BAKU 1918", ("baku-1918-events", "baku-1918-people"), "Baku 1918"),  # a parent of Anki names
    ("soviet–turkish ENTENTE", ("entente-people",), "Soviet–Turkish entente"),
    ("japanese", ("anki:1", "anki:2", "anki:3"), "Japanese"),  # a deck with its subdecks, not "Japanese Grammar"
    ("Japanese::kanji", ("anki:2", "anki:3"), "Japanese::Kanji"),
    ("anki:2", ("anki:2", "anki:3"), "Japanese::Kanji"),
    ("japanese::kanji::n5", ("anki:3",), "Japanese::Kanji::N5"),
    ("Japanese grammar", ("anki:4",), "Japanese Grammar"),
    ("anki:9", ("anki:9",), "Default"),  # a name two decks share: the id tells them apart
    ("a::default", ("anki:9",), "Default"),  # ... and so does its package's name
    ("kanji", ("anki:2", "anki:3"), "Japanese::Kanji"),  # the last part of a name, as in Anki
    ("N5", ("anki:3",), "Japanese::Kanji::N5"),
    ("kanji::n5", ("anki:3",), "Japanese::Kanji::N5"),  # the last parts
    ("people, forces and places", ("baku-1918-people",), "Baku 1918: people, forces and places"),
    ("core", ("anki:1", "anki:2", "anki:3", "anki:4"), "core"),  # a package's name: all its decks
    ("core::japanese::kanji", ("anki:2", "anki:3"), "Japanese::Kanji"),
]


@pytest.mark.parametrize(("asked", "ids", "title"), CASES, ids=[c[0] for c in CASES])
def test_a_deck_is_named_by_id_name_or_anki_name_in_any_case(asked: str, ids: tuple[str, ...], title: str) -> None:
    selection = resolve_deck(asked, DECKS)
    assert selection.deck_ids == ids and selection.name == title


KNOWN = ("a::Default, b::Default, baku-1918-events, baku-1918-people, core::Japanese, core::Japanese Grammar, "
         "core::Japanese::Kanji, core::Japanese::Kanji::N5, …and 1 more")


@pytest.mark.parametrize("asked", ["baku", "japan", "anji", "Japanese::", "", "baku 1918::events", "b::japanese"])
def test_an_unknown_deck_lists_the_known_ones_by_names_the_user_sees(asked: str) -> None:
    with pytest.raises(UnknownDeck) as error:
        resolve_deck(asked, DECKS)
    assert str(error.value) == f"unknown deck {asked!r}; known decks: {KNOWN}"


def test_a_long_list_of_known_decks_is_cut_short() -> None:
    decks = [DeckEntry(f"anki:x/{i}", f"Deck {i:02}", "anki:big") for i in range(40)]
    with pytest.raises(UnknownDeck) as error:
        resolve_deck("nope", decks)
    assert str(error.value).endswith("big::Deck 07, …and 32 more") and "anki:x" not in str(error.value)


def test_a_name_two_unrelated_decks_share_lists_their_full_names() -> None:
    with pytest.raises(StudyError) as error:
        resolve_deck("default", DECKS)
    assert str(error.value) == ("the deck name 'default' fits 2 decks: a::Default, b::Default; "
                                "name one in full (as 'a::Default') or by its id")


def test_a_last_part_many_decks_share_lists_a_few() -> None:
    decks = [DeckEntry(f"anki:{i}", f"Course {i}::Vocabulary", "anki:p") for i in range(9)]
    with pytest.raises(StudyError) as error:
        resolve_deck("vocabulary", decks)
    assert str(error.value).startswith("the deck name 'vocabulary' fits 9 decks: p::Course 0::Vocabulary, ")
    assert "p::Course 5::Vocabulary, …and 3 more; name one in full" in str(error.value)
    assert resolve_deck("course 7::vocabulary", decks).deck_ids == ("anki:7",)


def test_every_deck_and_several_names() -> None:
    assert resolve_deck(None, DECKS).everything
    assert select_decks(["anki:3", "BAKU 1918", "anki:3"], DECKS) == ("anki:3", "baku-1918-events", "baku-1918-people")


def counts(new: int, due: int = 0, total: int | None = None, again: int = 0) -> DeckCounts:
    return DeckCounts(new=new, again=again, due=due, total=new + due if total is None else total)


def test_the_decks_screen_is_the_tree_of_names_with_counts_rolled_up() -> None:
    available = {
        None: counts(20, due=6, total=300),  # the day's limit: 20 new cards left
        "baku-1918-events": counts(20, due=1, total=100),
        "anki:1": counts(2, total=10),
        "anki:2": counts(5, due=3, total=50, again=1),
        "anki:3": counts(15, due=2, total=60),
        "anki:4": counts(0, total=5),
        "orphan": counts(3, total=3),  # cards of a deck no source named: shown by its id
    }
    rows = deck_rows(available, DECKS)
    assert rows == [
        DeckRow(None, "All decks", 20, 6, 300),
        DeckRow("baku-1918-events", "Baku 1918: events, agreements and numbers", 20, 1, 100),
        DeckRow("anki:1", "Japanese", 20, 5, 120, again=1),  # 2 + 5 + 15 new, capped by the day's 20
        DeckRow("anki:2", "Kanji", 20, 5, 110, again=1, depth=1),
        DeckRow("anki:3", "N5", 15, 2, 60, depth=2),
        DeckRow("anki:4", "Japanese Grammar", 0, 0, 5),
        DeckRow("orphan", "orphan", 3, 0, 3),
    ]


def test_a_parent_no_source_made_is_a_line_that_selects_its_children() -> None:
    decks = [DeckEntry("a", "Spanish::Verbs"), DeckEntry("b", "Spanish::Nouns"), DeckEntry("c", "Spanish::Nouns")]
    rows = deck_rows({None: counts(9), "a": counts(4), "b": counts(3), "c": counts(2)}, decks)
    assert [(r.deck_id, r.name, r.depth, r.new) for r in rows] == [
        (None, "All decks", 0, 9), ("Spanish", "Spanish", 0, 9),
        ("b", "Nouns", 1, 3), ("c", "Nouns", 1, 2), ("a", "Verbs", 1, 4),  # two decks of one name: two lines
    ]
    assert resolve_deck("Spanish", decks).deck_ids == ("a", "b", "c")
