"""What the subcommands share: user errors, deck selection, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studykit.cli.errors import UserError

if TYPE_CHECKING:
    from studykit.core.facts import Deck

__all__ = ["UserError", "add_deck_arguments", "all_decks_and_chosen", "print_json", "selected_decks", "study_errors"]

DECK_HELP = ("a deck's id, its name or its Anki name, in any case (a parent deck takes its subdecks), or the "
             "last part of its name when one deck has it; an imported deck also as PACKAGE::NAME")


def add_deck_arguments(parser: argparse.ArgumentParser) -> None:
    """`--deck` (repeatable) and the directories of the fact decks, for commands that read them."""
    parser.add_argument(
        "--deck", action="append", default=[], metavar="DECK",
        help=f"only this deck (repeatable): {DECK_HELP}; default: all decks",
    )
    parser.add_argument("--decks-dir", type=Path, metavar="DIR", help="read decks from DIR instead of the bundled ones")
    parser.add_argument("--seeds-dir", type=Path, metavar="DIR", help="read seed documents from DIR")


@contextmanager
def study_errors() -> Iterator[None]:
    """The application layer's errors (an unknown deck, a broken collection) as user errors."""
    from studykit.study.errors import StudyError

    try:
        yield
    except StudyError as error:
        raise UserError(str(error)) from None


def all_decks_and_chosen(args: argparse.Namespace) -> tuple[list[Deck], list[Deck]]:
    """Every fact deck, validated, and the ones `--deck` names (all when none).

    For commands that generate cards: ambiguity is judged against every fact, so all decks
    are read and the cards filtered afterwards. Every problem of the decks in one UserError."""
    from studykit.sources import SourceError
    from studykit.sources.fact_decks import FactDecks
    from studykit.study.decks import select_decks

    try:
        decks = FactDecks(args.decks_dir, args.seeds_dir).read()
    except SourceError as error:
        raise UserError(str(error)) from None
    if not args.deck:
        return decks, decks
    with study_errors():
        chosen = select_decks(args.deck, decks)
    return decks, [d for d in decks if d.id in chosen]


def selected_decks(args: argparse.Namespace) -> list[Deck]:
    """The fact decks `--deck` names (all when none), validated."""
    return all_decks_and_chosen(args)[1]


def plural(n: int, word: str, words: str | None = None) -> str:
    """`1 card`, `2 cards`: a count with its noun (`words`: an irregular plural)."""
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


def print_json(value: Any) -> None:
    """JSON on stdout, with every control character escaped (`json` leaves C1 controls raw)."""
    from studykit.core.text import json_safe

    sys.stdout.write(json_safe(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False)) + "\n")
