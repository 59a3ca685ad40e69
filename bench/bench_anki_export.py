"""Benchmark the Anki export against a bare genanki script writing the same number of notes.

    python bench/bench_anki_export.py            # the cards of 10,000 synthetic facts
    python bench/bench_anki_export.py 2000       # a quick run

The cards are generated once (not timed: `bench_generators.py` measures that). Then, on
the same cards:

- **studykit**: `export_anki` — pairing Q&A cards, joining cloze deletions, escaping every
  field, source HTML, tags, topic subdecks, four note types — written to an `.apkg`;
- **bare genanki**: a plain script that makes one `genanki.Note` per card with the same
  texts (prompt, answer, statement, quotes, fact id; escaped, a GUID from the card id) in one
  basic note type and one deck, as many notes as studykit wrote, and writes the package.

Each is timed as the best of five rounds (wall clock and CPU; the two take turns), and its peak memory is traced in a
separate run (tracemalloc slows Python down, so it is not timed). Aim: studykit at most
1.3× the bare script.
"""

from __future__ import annotations

import argparse
import gc
import html
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import genanki  # type: ignore[import-untyped]
from bench_generators import synthetic_base

from studykit.core.cards import Card
from studykit.core.facts import Deck, Fact
from studykit.core.generators import generate_cards
from studykit.decks import SeedInfo
from studykit.export.anki import EXPORTED, export_anki

TIMESTAMP = 1_700_000_000
BARE_MODEL = genanki.Model(
    1607392319, "bare",
    fields=[{"name": n} for n in ("Front", "Back", "Statement", "Source", "FactId")],
    templates=[{
        "name": "Card 1",
        "qfmt": "{{Front}}",
        "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<br>{{Statement}}<br>{{Source}}<br>{{FactId}}",
    }],
)


def decks_of(facts: Sequence[Fact]) -> list[Deck]:
    by_deck: dict[str, list[Fact]] = {}
    for fact in facts:
        by_deck.setdefault(fact.deck_id, []).append(fact)
    return [Deck(deck_id, f"Synthetic {deck_id}", "", tuple(group)) for deck_id, group in by_deck.items()]


def studykit_export(path: Path, decks: list[Deck], cards: list[Card]) -> int:
    seed_docs = {
        "synthetic.txt": SeedInfo("synthetic.txt", "A synthetic source", language="English", language_code="en"),
    }
    summary = export_anki(path, decks, cards, seed_docs=seed_docs, timestamp=TIMESTAMP)
    return sum(summary.notes.values())


def bare_export(path: Path, cards: list[Card], notes: int) -> int:
    deck = genanki.Deck(2059400110, "Bare")
    for card in cards[:notes]:
        deck.add_note(genanki.Note(
            model=BARE_MODEL,
            fields=[
                html.escape(card.prompt), html.escape(card.answer), html.escape(card.statement),
                html.escape(" ".join(s.quote for s in card.sources)), html.escape(", ".join(card.fact_ids)),
            ],
            guid=genanki.guid_for(card.id),
        ))
    genanki.Package(deck).write_to_file(str(path), timestamp=TIMESTAMP)
    return len(deck.notes)


def best_times(runs: Sequence[Callable[[], int]], repeat: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run, the best of `repeat` rounds; the runs take turns in
    every round, so that a busy machine slows them alike."""
    best = [(float("inf"), float("inf"))] * len(runs)
    for _ in range(repeat):
        for i, run in enumerate(runs):
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[i] = (min(best[i][0], wall), min(best[i][1], cpu))
    return best


def peak_mb(run: Callable[[], int]) -> float:
    gc.collect()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=10_000, help="synthetic facts (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds, best kept (default 5)")
    args = parser.parse_args(argv)
    facts = synthetic_base(args.size)
    cards = generate_cards(facts, rng=random.Random(0), types=EXPORTED)
    decks = decks_of(facts)
    random.Random(1).shuffle(cards)  # the bare script takes a fair mix of card types
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, bare_path = Path(tmp) / "studykit.apkg", Path(tmp) / "bare.apkg"
        notes = studykit_export(ours_path, decks, cards)
        (ours, ours_cpu), (bare, bare_cpu) = best_times(
            [lambda: studykit_export(ours_path, decks, cards), lambda: bare_export(bare_path, cards, notes)],
            args.repeat,
        )
        ours_mb = peak_mb(lambda: studykit_export(ours_path, decks, cards))
        bare_mb = peak_mb(lambda: bare_export(bare_path, cards, notes))
        ours_size, bare_size = ours_path.stat().st_size, bare_path.stat().st_size
    print(f"{args.size:,} synthetic facts, {len(cards):,} cards of the exported types, {notes:,} notes")
    print(f"{'':14} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'file MB':>8}")
    print(f"{'studykit':14} {ours:>8.2f} {ours_cpu:>8.2f} {ours_mb:>8.1f} {ours_size / 2**20:>8.1f}")
    print(f"{'bare genanki':14} {bare:>8.2f} {bare_cpu:>8.2f} {bare_mb:>8.1f} {bare_size / 2**20:>8.1f}")
    print(f"ratio: {ours / bare:.2f}x time ({ours_cpu / bare_cpu:.2f}x CPU), {ours_mb / bare_mb:.2f}x peak memory "
          "(aim: at most 1.3x time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
