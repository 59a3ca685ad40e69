"""`studykit facts`: validate the decks, summarize them, or print every fact as JSON."""

from __future__ import annotations

import argparse
import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from studykit.cli.common import add_deck_arguments, print_json, selected_decks
from studykit.core.coverage import ParagraphCoverage, Tally, percent
from studykit.core.facts import KINDS
from studykit.core.text import visible

if TYPE_CHECKING:
    from studykit.core.facts import Fact


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_deck_arguments(parser)
    parser.add_argument("--kind", choices=KINDS, help="only facts of this kind")
    parser.add_argument("--json", action="store_true", help="print every fact with all its fields as one JSON list")
    parser.add_argument(
        "--coverage", action="store_true",
        help="how the facts cover the seed documents: every paragraph with the facts citing it, and the gaps",
    )


def run(args: argparse.Namespace) -> int:
    decks = selected_decks(args)
    facts = [f for d in decks for f in d.facts if not args.kind or f.kind == args.kind]
    if args.coverage:
        return _coverage(args, facts)
    if args.json:
        print_json([f.to_dict() for f in facts])
        return 0
    _print(f"{len(facts)} facts in {len(decks)} decks, every quote found verbatim in its source.\n")
    _print("Per deck:")
    for deck in decks:
        count = sum(1 for f in deck.facts if not args.kind or f.kind == args.kind)
        _print(f"  {deck.id:<28} {count:>4}  {deck.name}")
    _print("\nPer kind:")
    for kind, count in sorted(Counter(f.kind for f in facts).items()):
        _print(f"  {kind:<28} {count:>4}")
    _print("\nPer source document (facts citing it):")
    for seed, count in sorted(Counter(s for f in facts for s in f.seeds).items()):
        _print(f"  {seed:<28} {count:>4}")
    conflicts = [(f, c) for f in facts for c in f.conflicts]
    _print(f"\nConflicts recorded: {len(conflicts)}")
    for fact, conflict in conflicts:
        readings = "; ".join(f"{r.reading} ({r.seed[:3]})" for r in conflict.readings)
        _print(f"  {fact.id}: {conflict.about}: {readings}")
    needing = [f for f in facts if f.outside_knowledge]
    if needing:
        _print(f"\nFacts that rely on outside knowledge: {len(needing)}")
        for fact in needing:
            _print(f"  {fact.id}")
    return 0


def _coverage(args: argparse.Namespace, facts: list[Fact]) -> int:
    from studykit.core.coverage import coverage, coverage_dict
    from studykit.decks import load_seeds
    from studykit.quizzes import seed_titles

    seeds = load_seeds(args.seeds_dir) if args.seeds_dir else load_seeds()
    report = coverage(facts, seeds)
    titles = seed_titles(args.seeds_dir)
    if args.json:
        print_json(coverage_dict(report, titles))
        return 0
    print("Coverage of the seed documents: a fact cites a paragraph when one of its quotes lies in it.")
    print("S = substantive (states a date, person, agreement, number, place or event; see studykit/core/coverage.py).")
    total = Tally(0, 0, 0, 0)
    for seed in report:
        print(f"\n{seed.seed}  {titles.get(seed.seed, '')}")
        print(f"  {'¶':>3}  {'line':>5}  {'kind':<8} S  quoted  first words / facts citing it")
        for row in seed.rows:
            p = row.paragraph
            mark = "S" if p.substantive else "-"
            print(
                f"  {p.number:>3}  {p.first_line:>5}  {p.kind:<8} {mark}  "
                f"{round(100 * row.quoted_share):>5}%  {p.first_words()}"
            )
            cited = ", ".join(row.fact_ids) if row.fact_ids else "NOT CITED"
            for line in textwrap.wrap(cited, width=96, break_on_hyphens=False):
                print(f"  {'':>30}{line}")
        tally = seed.tally
        total = total + tally
        print(f"  {_tally_line(tally)}")
        _list_uncited(seed.uncited)
    print(f"\nAll seeds: {_tally_line(total)}")
    return 0


def _tally_line(tally: Tally) -> str:
    return (
        f"paragraphs {tally.paragraphs}, cited {tally.cited} ({percent(tally.cited, tally.paragraphs)} %); "
        f"substantive {tally.substantive}, cited {tally.substantive_cited} "
        f"({percent(tally.substantive_cited, tally.substantive)} %)"
    )


def _list_uncited(rows: Sequence[ParagraphCoverage]) -> None:
    substantive = [r for r in rows if r.paragraph.substantive]
    other = [r for r in rows if not r.paragraph.substantive]
    for title, chosen in (
        ("Substantive paragraphs no fact cites", substantive),
        ("Other paragraphs no fact cites", other),
    ):
        if chosen:
            print(f"  {title} ({len(chosen)}):")
            for row in chosen:
                p = row.paragraph
                print(f"    line {p.first_line:>4}  {p.kind:<8} {p.first_words(10)}")
        elif title.startswith("Substantive"):
            print(f"  {title}: none")


def _print(text: str = "") -> None:
    print(visible(text))
