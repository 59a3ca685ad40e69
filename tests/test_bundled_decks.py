"""The bundled decks, checked independently of the loader: every quote is verbatim in its seed."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from studykit.decks import load_decks
from tests.conftest import DECKS, SEEDS

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
RAW_FACTS = [
    (path.name, fact)
    for path in sorted(DECKS.glob("*.yaml"))
    for fact in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]
]


def _quotes(fact: dict) -> list[tuple[str, str]]:
    cited = [(s["seed"], s["quote"]) for s in fact["sources"]]
    for conflict in fact.get("conflicts", []):
        cited += [(r["seed"], r["quote"]) for r in conflict["readings"] if r.get("quote")]
    return cited


@pytest.mark.parametrize("deck, fact", RAW_FACTS, ids=[f["id"] for _, f in RAW_FACTS])
def test_every_quote_is_verbatim_in_its_seed(deck: str, fact: dict) -> None:
    assert fact["sources"], "a fact cites at least one source"
    for seed, quote in _quotes(fact):
        assert quote in SEED_TEXTS[seed], f"{deck}: {fact['id']}: not in {seed}: {quote[:80]!r}"


def test_bundled_decks_load_cleanly() -> None:
    decks = load_decks()
    assert len({d.id for d in decks}) == len(decks)


def test_at_least_150_facts_from_all_three_sources() -> None:
    facts = [f for d in load_decks() for f in d.facts]
    assert len(facts) >= 150
    per_seed = Counter(seed for f in facts for seed in f.seeds)
    assert set(per_seed) == set(SEED_TEXTS)
    # In proportion to their content: the long English article supplies the most facts,
    # and even the short Bengali translation supplies a fair share.
    assert per_seed["002_b70820031354e4d2.txt"] == max(per_seed.values())
    assert min(per_seed.values()) >= 20


def test_every_kind_is_represented() -> None:
    kinds = Counter(f.kind for d in load_decks() for f in d.facts)
    assert set(kinds) == {"event", "person", "agreement", "place", "number", "organization"}


def test_conflicts_are_recorded_with_each_reading_and_a_resolution() -> None:
    conflicts = [c for d in load_decks() for f in d.facts for c in f.conflicts]
    assert len(conflicts) >= 3
    for conflict in conflicts:
        assert len(conflict.readings) >= 2 and conflict.resolution


@pytest.mark.parametrize(
    "fact_id_part",
    ["brest-litovsk", "mudros", "moscow", "baku", "goycay", "shamakhi", "sovietization", "letter"],
)
def test_required_subjects_are_covered(fact_id_part: str) -> None:
    ids = [f.id for d in load_decks() for f in d.facts]
    assert any(fact_id_part in i for i in ids), f"no fact id mentions {fact_id_part!r}"
