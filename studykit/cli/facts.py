"""`studykit facts`: validate the decks, summarize them, or print every fact as JSON."""

from __future__ import annotations

import argparse
from collections import Counter

from studykit.cli.common import add_deck_arguments, print_json, selected_decks
from studykit.core.facts import KINDS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_deck_arguments(parser)
    parser.add_argument("--kind", choices=KINDS, help="only facts of this kind")
    parser.add_argument("--json", action="store_true", help="print every fact with all its fields as one JSON list")


def run(args: argparse.Namespace) -> int:
    decks = selected_decks(args)
    facts = [f for d in decks for f in d.facts if not args.kind or f.kind == args.kind]
    if args.json:
        print_json([f.to_dict() for f in facts])
        return 0
    print(f"{len(facts)} facts in {len(decks)} decks, every quote found verbatim in its source.\n")
    print("Per deck:")
    for deck in decks:
        count = sum(1 for f in deck.facts if not args.kind or f.kind == args.kind)
        print(f"  {deck.id:<28} {count:>4}  {deck.name}")
    print("\nPer kind:")
    for kind, count in sorted(Counter(f.kind for f in facts).items()):
        print(f"  {kind:<28} {count:>4}")
    print("\nPer source document (facts citing it):")
    for seed, count in sorted(Counter(s for f in facts for s in f.seeds).items()):
        print(f"  {seed:<28} {count:>4}")
    conflicts = [(f, c) for f in facts for c in f.conflicts]
    print(f"\nConflicts recorded: {len(conflicts)}")
    for fact, conflict in conflicts:
        readings = "; ".join(f"{r.reading} ({r.seed[:3]})" for r in conflict.readings)
        print(f"  {fact.id}: {conflict.about}: {readings}")
    needing = [f for f in facts if f.outside_knowledge]
    if needing:
        print(f"\nFacts that rely on outside knowledge: {len(needing)}")
        for fact in needing:
            print(f"  {fact.id}")
    return 0
