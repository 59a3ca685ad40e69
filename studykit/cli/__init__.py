"""The `studykit` command: one module per subcommand, each `add_parser` + `run(args) -> int`.

Subcommand modules are imported lazily, so `studykit facts` does not pay for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from studykit import __version__
from studykit.cli.common import UserError

# (name, module, one-line help); the module has add_arguments(parser) and run(args) -> int.
SUBCOMMANDS: list[tuple[str, str, str]] = [
    ("facts", "studykit.cli.facts", "validate the fact decks and summarize them"),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studykit",
        description="Study the Caucasus 1918–1921 from source-cited facts: review, facts, cards, stats.",
    )
    parser.add_argument("--version", action="version", version=f"studykit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name, help_text in SUBCOMMANDS:
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(module=module_name)
        _module(module_name).add_arguments(sub)
    return parser


def _module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
