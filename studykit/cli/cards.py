"""`studykit cards`: every card the generators make from the decks, as a listing or as JSON.

The same decks and `--seed` give the same output byte for byte: options are shuffled with
the seed, card ids never depend on it.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from studykit.cli.common import add_deck_arguments, all_decks_and_chosen, print_json
from studykit.core.cards import Card, CardType
from studykit.core.generators import generate_cards
from studykit.core.text import visible

TYPES = [t.value for t in CardType]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_deck_arguments(parser)
    parser.add_argument(
        "--type", action="append", default=[], choices=TYPES, metavar="TYPE",
        help=f"only cards of this type (repeatable): {', '.join(TYPES)}",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="seed for options and order (default 0)")
    parser.add_argument("--json", action="store_true", help="print every card as one JSON list")


def run(args: argparse.Namespace) -> int:
    decks, chosen = all_decks_and_chosen(args)
    chosen_ids = {d.id for d in chosen}
    facts = [f for d in decks for f in d.facts]
    cards = generate_cards(facts, rng=random.Random(args.seed), types=args.type or None)
    if args.deck:
        cards = [c for c in cards if c.deck_id in chosen_ids]
    if args.json:
        print_json([c.to_dict() for c in cards])
        return 0
    for card in cards:  # card text is the decks' (or a collection's): never control characters on a terminal
        print(visible("\n".join(_listing(card))))
        print()
    shown = sum(len(d.facts) for d in chosen)
    per_type = Counter(c.type.value for c in cards)
    counts = ", ".join(f"{per_type[t]} {t}" for t in TYPES if per_type[t])
    average = f" ({len(cards) / shown:.1f} per fact)" if shown else ""
    print(f"{len(cards)} cards from {shown} facts{average}: {counts or 'none'}. Seed {args.seed}.")
    return 0


def _listing(card: Card) -> list[str]:
    lines = [f"{card.id}  [{card.type.value}, {card.deck_id}]", f"  Q  {card.prompt}"]
    if card.type is CardType.CHOICE:
        for i, option in enumerate(card.options):
            mark = "*" if option == card.answer else " "
            lines.append(f"   {mark} {chr(ord('a') + i)}) {option}")
    elif card.type is CardType.CHRONOLOGY:
        lines += [f"     {i + 1}. {option}" for i, option in enumerate(card.options)]
        lines.append("  A  " + " → ".join(str(i + 1) for i in card.answer_order) + f": {card.answer}")
        return lines
    elif card.type is CardType.MATCHING:
        lines += [f"     {left}  —  {right}" for left, right in card.pairs]
        return lines
    lines.append(f"  A  {card.answer}")
    if card.accepted:
        lines.append(f"     also: {', '.join(card.accepted)}")
    return lines
