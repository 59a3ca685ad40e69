"""The deck header's Anki fields: `anki_id` (the stable deck id) and `anki_name`."""

from __future__ import annotations

import pytest

from studykit.cli import main
from studykit.core.facts import Deck
from studykit.decks import load_decks
from studykit.export.anki import deck_root, derived_id

SEED = "001_d3695f0660554b3e.txt"
QUOTE = "sentyabrın 15-də Azərbaycan ordu hissələri Bakıya daxil oldu"
DECK = f"""
deck:
  id: test-deck
  name: "Test deck: events"
  anki_id: 1534251671
  anki_name: "Test::Events"
  description: A deck for tests.
facts:
  - id: fall-of-baku
    kind: event
    statement: "Baku fell on 15 September 1918."
    name: "the fall of Baku"
    date: "1918-09-15"
    topics: [battle-of-baku]
    sources:
      - seed: {SEED}
        quote: "{QUOTE}"
"""


def test_the_header_fields_are_read(deck_dir) -> None:
    (deck,) = load_decks(deck_dir(test=DECK))
    assert (deck.anki_id, deck.anki_name) == (1534251671, "Test::Events")
    assert deck_root(deck) == ("Test::Events", 1534251671)


@pytest.mark.parametrize(("bad", "message"), [
    ("anki_id: 1534251671", "anki_id: \"1534251671\""),
    ("anki_id: 1534251671", "anki_id: 0"),
    ("anki_id: 1534251671", "anki_id: 9007199254740993"),
    ("anki_id: 1534251671", "anki_id: true"),
    ('anki_name: "Test::Events"', 'anki_name: "Test::"'),
])
def test_a_bad_header_field_names_file_line_and_field(bad: str, message: str, deck_dir, capsys) -> None:
    directory = deck_dir(test=DECK.replace(bad, message))
    assert main(["facts", "--decks-dir", str(directory)]) == 2
    err = capsys.readouterr().err
    field = message.split(":")[0]
    assert f"test.yaml:{4 if field == 'anki_id' else 5}: deck.{field}: " in err


def test_bundled_decks_have_distinct_stored_ids() -> None:
    decks = load_decks()
    assert all(d.anki_id and d.anki_name for d in decks)
    assert len({d.anki_id for d in decks}) == len(decks)


def test_without_stored_fields_the_name_and_a_derived_id_are_used() -> None:
    deck = Deck("my-deck", "My deck: with::colons", "")
    name, deck_id = deck_root(deck)
    assert name == "My deck: with:colons"
    assert deck_id == derived_id("studykit-deck:my-deck") == deck_root(Deck("my-deck", "Renamed", ""))[1]
    assert 1 << 30 <= deck_id < 1 << 53


def test_two_decks_cannot_share_an_anki_id(deck_dir, capsys) -> None:
    other = DECK.replace("id: test-deck", "id: other-deck").replace("id: fall-of-baku", "id: fall-of-baku-again")
    directory = deck_dir(test=DECK, zother=other)
    assert main(["facts", "--decks-dir", str(directory)]) == 2
    assert (
        "zother.yaml:4: deck.anki_id: duplicate anki_id 1534251671 (also deck 'test-deck')" in capsys.readouterr().err
    )
