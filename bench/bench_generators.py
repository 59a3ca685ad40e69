"""How long generating cards takes, and how much memory, for a synthetic base of N facts.

    python3 bench/bench_generators.py            # 100,000 facts, and a tenth of that
    python3 bench/bench_generators.py 20000      # another size

Prints one line per size: facts, cards, wall and CPU seconds (CPU time is steadier on a
busy machine), microseconds per fact and peak memory (measured by tracemalloc in a second
run, since tracing slows the first). The aim is linear growth: the CPU time per fact stays
flat between the two sizes. (Real decks hold hundreds of facts; this guards against a
lookup that scans the base, not for raw speed.)
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studykit.core.answers import format_number
from studykit.core.dates import MONTHS, HistDate
from studykit.core.facts import PERSON_CATEGORIES, SIDES, Fact, Source
from studykit.core.generators import generate_cards

SOURCE = (Source("000_synthetic.txt", "a verbatim quote"),)
SYLLABLES = ["ba", "ku", "gan", "ja", "kar", "sha", "ma", "khi", "er", "zu", "rum", "ba", "tum", "ti", "flis", "ar",
             "da", "han", "su", "lu", "na", "xi", "van", "der", "bent", "pe", "trov", "sk", "ol", "zan"]
EVENT_WORDS = ["battle of", "fall of", "capture of", "assault on", "landing at", "congress of", "revolt in",
               "occupation of", "evacuation of", "siege of"]
AGREEMENT_WORDS = ["Treaty of", "Armistice of", "Agreement of", "Protocol of", "Convention of"]
UNITS = ["men", "guns", "km", "battalions", "days"]


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def tag(number: int) -> str:
    """A unique word for a number, so names are unique without digits: 0 -> "Ba", 31 -> "Kuku"."""
    out = ""
    while True:
        number, digit = divmod(number, len(SYLLABLES))
        out += SYLLABLES[digit]
        if not number:
            return out.capitalize()


def date_notation(rng: random.Random) -> str:
    year = rng.randint(1914, 1923)
    month, day = rng.randint(1, 12), rng.randint(1, 25)
    roll = rng.random()
    if roll < 0.6:
        return f"{year}-{month:02d}-{day:02d}"
    if roll < 0.8:
        return f"{year}-{month:02d}"
    if roll < 0.87:
        return f"{year}"
    if roll < 0.95:
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{day + rng.randint(1, 3):02d}"
    return f"night {year}-{month:02d}-{day:02d}"


def synthetic_base(size: int, seed: int = 1) -> list[Fact]:
    """`size` facts of every kind, with names unique enough to be a fair base and dates that
    collide as often as real ones do (many on the same day, some only to the month or year)."""
    rng = random.Random(seed)
    places = [word(rng, 2) for _ in range(max(50, size // 200))]
    people = [f"{word(rng, 2)} {word(rng, 3)}" for _ in range(max(50, size // 5))]
    organizations = [
        f"{word(rng, 2)} {rng.choice(['Army', 'Party', 'Council', 'Committee'])}" for _ in range(max(20, size // 10))
    ]
    topics = [f"topic-{i}" for i in range(max(5, size // 500))]
    facts: list[Fact] = []
    for i in range(size):
        deck = f"deck-{i // 1000}"
        common = {"deck_id": deck, "topics": tuple(rng.sample(topics, 2)), "sources": SOURCE}
        roll = rng.random()
        if roll < 0.35:
            date = HistDate.parse(date_notation(rng))
            place = rng.choice(places)
            name = f"the {rng.choice(EVENT_WORDS)} {word(rng, 2)} {tag(i)}"
            statement = f"{name[0].upper()}{name[1:]} took place in {place} on {date.display()}."
            participants = (rng.choice(SIDES), rng.choice(organizations))
            facts.append(Fact(id=f"event-{i}", kind="event", statement=statement, name=name, date=date,
                              place=place, participants=participants, **common))
        elif roll < 0.5:
            date = HistDate.parse(date_notation(rng))
            name = f"the {rng.choice(AGREEMENT_WORDS)} {word(rng, 2)} {tag(i)}"
            parties = (rng.choice(SIDES), *rng.sample(organizations, rng.randint(1, 2)))
            statement = f"{name[0].upper()}{name[1:]} was signed on {date.display()}."
            terms = (f"{parties[0]} gave up {word(rng, 2)} {tag(i)}",)
            facts.append(Fact(id=f"agreement-{i}", kind="agreement", statement=statement, name=name, date=date,
                              parties=parties, terms=terms, **common))
        elif roll < 0.7:
            name = rng.choice(people)
            role = f"the commander of the {word(rng, 2)} {tag(i)} division"
            facts.append(Fact(id=f"person-{i}", kind="person", statement=f"{name} was {role}.", name=name, role=role,
                              side=rng.choice(SIDES), category=rng.choice(PERSON_CATEGORIES), **common))
        elif roll < 0.8:
            name = f"{word(rng, 2)} {tag(i)}"
            significance = f"the {rng.choice(['city', 'station', 'port'])} where {word(rng, 2)} {tag(i)} happened"
            facts.append(Fact(id=f"place-{i}", kind="place", statement=f"{name} was {significance}.", name=name,
                              place_type=rng.choice(["city", "station", "town"]), significance=significance, **common))
        elif roll < 0.9:
            value = rng.choice([3, 6, 30, 240, 600, 1000, 3000, 6000, 30000])
            unit = rng.choice(UNITS)
            label = f"the strength of the {word(rng, 2)} {tag(i)} detachment"
            statement = f"{label[0].upper()}{label[1:]} was {format_number(value)} {unit}."
            facts.append(Fact(id=f"number-{i}", kind="number", statement=statement, label=label, value=value,
                              unit=unit, **common))
        else:
            name = f"{rng.choice(organizations)} {tag(i)}"
            leader = rng.choice(people)
            description = f"the {word(rng, 2)} {tag(i)} force of {rng.choice(MONTHS)}"
            facts.append(Fact(id=f"organization-{i}", kind="organization",
                              statement=f"The {name}, led by {leader}, was {description}.", name=name,
                              description=description, leaders=(leader,), side=rng.choice(SIDES), **common))
    return facts


def measure(size: int) -> tuple[int, float, float, float]:
    """(cards, wall seconds, CPU seconds, peak MB of the second, traced run)."""
    facts = synthetic_base(size)
    start, cpu = time.perf_counter(), time.process_time()
    cards = generate_cards(facts, rng=random.Random(0))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    del cards
    tracemalloc.start()
    cards = generate_cards(facts, rng=random.Random(0))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return len(cards), elapsed, cpu, peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=100_000, help="facts in the larger base (default 100000)")
    args = parser.parse_args(argv)
    print(f"{'facts':>9} {'cards':>9} {'seconds':>8} {'CPU s':>8} {'µs/fact':>8} {'peak MB':>8}")
    per_fact: list[float] = []
    sizes = (args.size // 10, args.size)
    for size in sizes:
        cards, elapsed, cpu, peak = measure(size)
        per_fact.append(cpu / size * 1e6)
        print(
            f"{size:>9,} {cards:>9,} {elapsed:>8.2f} {cpu:>8.2f} {elapsed / size * 1e6:>8.1f} {peak:>8.1f}", flush=True,
        )
    print(
        f"growth: {sizes[1] / sizes[0]:.0f}x the facts took {per_fact[1] / per_fact[0]:.2f}x the CPU time per fact"
        " (1.00 is linear)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
