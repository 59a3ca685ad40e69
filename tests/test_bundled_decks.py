"""The bundled decks, checked independently of the loader: every quote is verbatim in its seed."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from studykit.decks import load_decks
from tests.bundled import bundled_facts  # read once per test process
from tests.conftest import DECKS, SEEDS

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
# PyYAML's safe loader, in C where libyaml is there: read at collection, by every pytest-xdist
# worker, where the pure-Python one takes seconds.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RAW_FACTS = [
    (path.name, fact)
    for path in sorted(DECKS.glob("*.yaml"))
    for fact in yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)["facts"]
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
    facts = list(bundled_facts())
    assert len(facts) >= 150
    per_seed = Counter(seed for f in facts for seed in f.seeds)
    assert set(per_seed) == set(SEED_TEXTS)
    # In proportion to their content: the long English article supplies the most facts,
    # and even the short Bengali translation supplies a fair share.
    assert per_seed["002_b70820031354e4d2.txt"] == max(per_seed.values())
    assert min(per_seed.values()) >= 20


def test_every_kind_is_represented() -> None:
    kinds = Counter(f.kind for f in bundled_facts())
    assert set(kinds) == {"event", "person", "agreement", "place", "number", "organization"}


def test_conflicts_are_recorded_with_each_reading_and_a_resolution() -> None:
    conflicts = [c for f in bundled_facts() for c in f.conflicts]
    assert len(conflicts) >= 3
    for conflict in conflicts:
        assert len(conflict.readings) >= 2 and conflict.resolution


def _facts():
    return list(bundled_facts())


def _has(kind: str, *, text: str = "", iso: str = "") -> bool:
    """A fact of this kind whose name or statement mentions `text` and whose date starts with `iso`."""
    for fact in _facts():
        words = f"{fact.name or ''} {fact.label or ''} {fact.statement}".lower()
        if fact.kind == kind and text.lower() in words and (fact.date.iso() if fact.date else "").startswith(iso):
            return True
    return False


REQUIRED = [
    ("agreement", "Brest-Litovsk", "1918-03"),
    ("agreement", "", "1918-06-04"),  # the treaty between Azerbaijan and the Ottoman state
    ("agreement", "Mudros", "1918-10-30"),
    ("agreement", "", "1920-04-26"),  # Mustafa Kemal's letter to the Sovnarkom
    ("agreement", "", "1920-01-11"),  # the draft treaty
    ("agreement", "Moscow", "1921-03"),
    ("event", "Baku", "1918-09-15"),
    ("event", "Göyçay", "1918"),
    ("event", "Shamakhi", "1918"),
    ("event", "Azerbaijan", "1920-04-27/1920-04-28"),  # Sovietization, the night of 27/28 April
    ("event", "Havza", "1919"),
    ("event", "Erzurum", "1919"),
    ("event", "Sivas", "1919"),
    ("event", "withdr", "1918"),  # the Ottoman withdrawal from Transcaucasia
]


@pytest.mark.parametrize("kind, text, iso", REQUIRED, ids=[f"{k}-{t or i}" for k, t, i in REQUIRED])
def test_required_subjects_are_covered(kind: str, text: str, iso: str) -> None:
    assert _has(kind, text=text, iso=iso), f"no {kind} fact on {text or iso}"


@pytest.mark.parametrize(
    "name",
    ["Nuri Pasha", "Enver Pasha", "Halil Pasha", "Stepan Shaumian", "Lionel Dunsterville",
     "Lazar Bicherakhov", "Mustafa Kemal", "Kâzım Karabekir", "Bekir Sami Bey", "Georgii Chicherin"],
)
def test_leaders_of_every_side_are_covered(name: str) -> None:
    assert any(f.kind == "person" and f.name == name for f in _facts())


def test_the_baku_commissars_are_covered() -> None:
    assert any("Commissars" in f.statement and f.kind in ("event", "organization", "number") for f in _facts())


def test_names_carry_the_aliases_the_sources_use() -> None:
    nuri = next(f for f in _facts() if f.kind == "person" and f.name == "Nuri Pasha")
    assert {"Nuri Paşa"} <= set(nuri.aliases)
    assert any(any("\u0980" <= ch <= "\u09ff" for ch in alias) for alias in nuri.aliases), "a Bengali alias"


def test_every_substantive_paragraph_of_the_seeds_is_cited_by_a_fact() -> None:
    from studykit.core.coverage import coverage

    facts = list(bundled_facts())
    uncited = [
        f"{seed.seed}:{row.paragraph.first_line}: {row.paragraph.first_words()}"
        for seed in coverage(facts, SEED_TEXTS) for row in seed.uncited if row.paragraph.substantive
    ]
    assert not uncited, uncited
