"""`studykit cards`: the listing, the JSON, the filters, and the same bytes for the same seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.cli import main
from tests.conftest import DECKS, ROOT

SEED = "001_d3695f0660554b3e.txt"
QUOTE = "sentyabrın 15-də Azərbaycan ordu hissələri Bakıya daxil oldu"
SOURCE = f"""    topics: [battle-of-baku]
    sources:
      - seed: {SEED}
        quote: "{QUOTE}"
"""


def _event(fact_id: str, name: str, date: str, shown: str, place: str) -> str:
    return f"""  - id: {fact_id}
    kind: event
    statement: "{name[0].upper() + name[1:]} took place in {place} on {shown}."
    name: "{name}"
    date: "{date}"
    place: {place}
{SOURCE}"""


EVENTS = f"""
deck:
  id: events
  name: Events
  description: Events for tests.
facts:
{_event("fall-of-baku", "the fall of Baku", "1918-09-15", "15 September 1918", "Baku")}
{_event("battle-of-goychay", "the battle of Göyçay", "1918-06-27/1918-07-01", "27 June – 1 July 1918", "Göyçay")}
{_event("capture-of-shamakhi", "the capture of Shamakhi", "1918-07-20", "20 July 1918", "Shamakhi")}
{_event("first-assault", "the first assault on Baku", "1918-08-05", "5 August 1918", "Baku")}
  - id: armistice-of-mudros
    kind: agreement
    statement: "The Armistice of Mudros was signed on 30 October 1918."
    name: "the Armistice of Mudros"
    date: "1918-10-30"
    parties: [Ottoman Empire, Allies]
{SOURCE}
  - id: treaty-of-batum
    kind: agreement
    statement: "The Treaty of Batum was signed on 4 June 1918."
    name: "the Treaty of Batum"
    date: "1918-06-04"
    parties: [Ottoman Empire, Armenia]
{SOURCE}
  - id: turkish-force
    kind: number
    statement: "Turkey sent 6,000 soldiers."
    label: "the strength of the Turkish force"
    value: 6000
    unit: soldiers
{SOURCE}
"""


def _person(fact_id: str, name: str, role: str) -> str:
    return f"""  - id: {fact_id}
    kind: person
    statement: "{name} was {role}."
    name: "{name}"
    role: "{role}"
    side: Ottoman Empire
    category: commander
{SOURCE}"""


PEOPLE = f"""
deck:
  id: people
  name: People
  description: People for tests.
facts:
{_person("nuri", "Nuri Pasha", "the commander of the Army of Islam")}
{_person("enver", "Enver Pasha", "the Ottoman minister of war")}
{_person("halil", "Halil Pasha", "the uncle of Enver Pasha")}
{_person("mursel", "Mürsel Pasha", "the author of the ultimatum to Baku")}
"""


@pytest.fixture
def decks(deck_dir) -> Path:
    return deck_dir(events=EVENTS, people=PEOPLE)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_gives_every_field_a_card_needs(decks: Path, capsys) -> None:
    code, out, _ = run(capsys, "cards", "--decks-dir", str(decks), "--json")
    assert code == 0
    cards = json.loads(out)
    assert {c["type"] for c in cards} == {"qa", "choice", "cloze", "truefalse", "chronology", "matching"}
    for card in cards:
        assert {"id", "type", "prompt", "answer", "options", "accepted", "fact_ids", "sources"} <= set(card)
        assert card["sources"] == [{"seed": SEED, "quote": QUOTE}]
    mudros = next(c for c in cards if c["id"] == "armistice-of-mudros:qa:date")
    assert (mudros["prompt"], mudros["answer"]) == ("When was the Armistice of Mudros signed?", "30 October 1918")
    choice = next(c for c in cards if c["id"] == "armistice-of-mudros:choice:date")
    assert len(choice["options"]) == 4 and choice["answer"] in choice["options"]
    chronology = next(c for c in cards if c["type"] == "chronology")
    assert chronology["options"] and sorted(chronology["answer_order"]) == list(range(len(chronology["options"])))


def test_listing_shows_each_card_and_a_summary(decks: Path, capsys) -> None:
    code, out, _ = run(capsys, "cards", "--decks-dir", str(decks))
    assert code == 0
    assert "armistice-of-mudros:qa:date  [qa, events]" in out
    assert "  Q  When was the Armistice of Mudros signed?\n  A  30 October 1918" in out
    assert "   * " in out  # the correct option of a choice is marked
    last = out.strip().splitlines()[-1]
    assert last.startswith(f"{out.count('  Q  ')} cards from 11 facts") and last.endswith("Seed 0.")


def test_type_and_deck_filters(decks: Path, capsys) -> None:
    _, out, _ = run(capsys, "cards", "--decks-dir", str(decks), "--type", "choice", "--json")
    assert {c["type"] for c in json.loads(out)} == {"choice"}
    _, out, _ = run(capsys, "cards", "--decks-dir", str(decks), "--type", "cloze", "--type", "qa", "--json")
    assert {c["type"] for c in json.loads(out)} == {"cloze", "qa"}
    _, out, _ = run(capsys, "cards", "--decks-dir", str(decks), "--deck", "people", "--json")
    assert {c["deck"] for c in json.loads(out)} == {"people"}


def test_a_deck_is_named_by_id_name_or_anki_name_in_any_case(capsys) -> None:
    _, by_id, _ = run(capsys, "cards", "--deck", "baku-1918-people", "--json")
    for name in ("Baku 1918: people, forces and places", "BAKU 1918::People, forces and places",
                 "baku 1918 :: PEOPLE,  forces and places"):
        code, out, err = run(capsys, "cards", "--deck", name, "--json")
        assert code == 0, err
        assert out == by_id
    _, events, _ = run(capsys, "cards", "--deck", "baku-1918-events", "--json")
    code, both, err = run(capsys, "cards", "--deck", "baku 1918", "--json")  # the parent of their Anki names
    assert code == 0, err
    assert sorted(c["id"] for c in json.loads(both)) == sorted(c["id"] for c in json.loads(by_id) + json.loads(events))


def test_filtering_by_deck_keeps_the_cards_of_the_whole_base(decks: Path, capsys) -> None:
    _, every, _ = run(capsys, "cards", "--decks-dir", str(decks), "--json")
    _, people, _ = run(capsys, "cards", "--decks-dir", str(decks), "--deck", "people", "--json")
    assert json.loads(people) == [c for c in json.loads(every) if c["deck"] == "people"]


def test_unknown_deck_or_type_is_a_user_error(decks: Path, capsys) -> None:
    code, _, err = run(capsys, "cards", "--decks-dir", str(decks), "--deck", "nope")
    assert code == 2 and "unknown deck 'nope'" in err and "events, people" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["cards", "--decks-dir", str(decks), "--type", "essay"])
    assert exit_info.value.code == 2


def test_a_broken_deck_is_reported_not_raised(deck_dir, capsys) -> None:
    directory = deck_dir(bad="deck: {id: bad, name: Bad}\nfacts: []\n")
    code, out, err = run(capsys, "cards", "--decks-dir", str(directory))
    assert code == 2 and out == "" and "bad.yaml" in err


def _cards_output(*argv: str, hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-m", "studykit", "cards", *argv], cwd=ROOT, env=env, capture_output=True, check=True,
    ).stdout


@pytest.mark.parametrize("as_json", [True, False])
def test_the_same_seed_gives_the_same_bytes(decks: Path, as_json: bool) -> None:
    argv = ["--decks-dir", str(decks), "--seed", "42", *(["--json"] if as_json else [])]
    first = _cards_output(*argv, hash_seed="1")
    assert first and first == _cards_output(*argv, hash_seed="2")


def test_another_seed_keeps_the_ids(decks: Path, capsys) -> None:
    _, first, _ = run(capsys, "cards", "--decks-dir", str(decks), "--seed", "1", "--json")
    _, second, _ = run(capsys, "cards", "--decks-dir", str(decks), "--seed", "2", "--json")
    assert [c["id"] for c in json.loads(first)] == [c["id"] for c in json.loads(second)]
    assert first != second  # options are reshuffled


def test_bundled_decks(capsys) -> None:
    if not any(DECKS.glob("*.yaml")):
        pytest.skip("no bundled decks yet")
    code, out, _ = run(capsys, "cards", "--json")
    assert code == 0
    cards = json.loads(out)
    assert len({c["id"] for c in cards}) == len(cards)
