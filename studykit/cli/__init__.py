"""The `studykit` command: one module per subcommand, each `add_parser` + `run(args) -> int`.

Subcommand modules are imported lazily, so `studykit facts` does not pay for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from studykit import __version__
from studykit.cli.errors import UserError

# (name, module, one-line help); the module has add_arguments(parser) and run(args) -> int.
SUBCOMMANDS: list[tuple[str, str, str]] = [
    ("review", "studykit.cli.review", "study: review cards in the terminal"),
    ("facts", "studykit.cli.facts", "validate the fact decks and summarize them"),
    ("cards", "studykit.cli.cards", "list the cards the question generators make from the decks"),
    ("stats", "studykit.cli.stats", "numbers: cards by state, due, retention, forecast, history"),
    ("export", "studykit.cli.export", "export the decks for other programs (Anki)"),
    ("quiz", "studykit.cli.quiz", "build teacher quizzes (print, Moodle, Canvas, CSV, JSON) and take them"),
]


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen subcommand's module is imported (Textual costs ~200 ms).

    With no subcommand in `argv` (as for `studykit --help`), every subcommand's options are
    added, so that the full help can be shown.
    """
    parser = argparse.ArgumentParser(
        prog="studykit",
        description="Study the Caucasus 1918–1921 from source-cited facts: review, facts, cards, stats, export, quiz.",
    )
    parser.add_argument("--version", action="version", version=f"studykit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen_command(argv)
    for name, module_name, help_text in SUBCOMMANDS:
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(module=module_name)
        if chosen is None or chosen == name:
            _module(module_name).add_arguments(sub)
    return parser


def _chosen_command(argv: Sequence[str] | None) -> str | None:
    """The subcommand named in argv, if any: the first argument that is not an option."""
    names = {name for name, _, _ in SUBCOMMANDS}
    for arg in sys.argv[1:] if argv is None else argv:
        if not arg.startswith("-"):
            return arg if arg in names else None
    return None


def _module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "module", None):
        parser.print_help()
        return 2
    try:
        return int(_module(args.module).run(args))
    except UserError as error:
        print(f"studykit {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
