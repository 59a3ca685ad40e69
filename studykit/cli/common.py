"""What the subcommands share: user errors, deck selection, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studykit.cli.errors import UserError

if TYPE_CHECKING:
    from studykit.core.facts import Deck
    from studykit.decks import DeckLoadError

__all__ = ["UserError", "add_deck_arguments", "all_decks_and_chosen", "print_json", "selected_decks"]


def add_deck_arguments(parser: argparse.ArgumentParser, *, many: bool = True) -> None:
    parser.add_argument(
        "--deck", action="append", default=[], metavar="ID",
        help="only this deck (repeatable); default: all decks",
    )
    parser.add_argument("--decks-dir", type=Path, metavar="DIR", help="read decks from DIR instead of the bundled ones")
    parser.add_argument("--seeds-dir", type=Path, metavar="DIR", help="read seed documents from DIR")


def selected_decks(args: argparse.Namespace) -> list[Deck]:
    """The decks the user asked for, validated; every problem in one UserError."""
    from studykit.decks import DeckLoadError, load_decks, load_seeds  # YAML only when decks are read

    try:
        seeds = load_seeds(args.seeds_dir) if args.seeds_dir else None
        return load_decks(args.decks_dir, seeds, only=args.deck)
    except DeckLoadError as error:
        raise UserError(_problem_text(error)) from None
    except OSError as error:
        raise UserError(f"{getattr(error, 'filename', '') or ''}: {error.strerror or error}") from None


def all_decks_and_chosen(args: argparse.Namespace) -> tuple[list[Deck], list[Deck]]:
    """Every deck, and the ones `--deck` names (by id, name or Anki name; all when none).

    For commands that generate cards: ambiguity is judged against every fact, so all decks
    are loaded and the cards filtered afterwards."""
    decks = selected_decks(argparse.Namespace(**{**vars(args), "deck": []}))
    if not args.deck:
        return decks, decks
    from studykit.decks import deck_named

    ids = []
    for asked in args.deck:
        deck_id = deck_named(asked, decks)
        if deck_id is None:
            known = ", ".join(sorted(d.id for d in decks))
            raise UserError(f"unknown deck {asked!r}; known decks: {known}")
        ids.append(deck_id)
    return decks, [d for d in decks if d.id in ids]


def _problem_text(error: DeckLoadError) -> str:
    count = len(error.problems)
    lines = [str(p) for p in error.problems]
    head = f"{count} problem{'s' if count != 1 else ''} in the decks:" if count > 1 else "problem in the decks:"
    return "\n".join([head, *lines])


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")
