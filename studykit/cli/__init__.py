"""The `studykit` command: one module per subcommand, each `add_parser` + `run(args) -> int`.

Subcommand modules are imported lazily, so `studykit facts` does not pay for Textual. This
module itself imports next to nothing at the top, so that a Ctrl+C in the first moments of a
run already lands inside `main`'s guard (exit 130, no traceback).
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from studykit.cli.errors import UserError  # imported with `cli`, under the entry point's Ctrl+C guard

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

# (name, module, one-line help); the module has add_arguments(parser) and run(args) -> int.
SUBCOMMANDS: list[tuple[str, str, str]] = [
    ("review", "studykit.cli.review", "study: review cards in the terminal"),
    ("facts", "studykit.cli.facts", "validate the fact decks and summarize them"),
    ("cards", "studykit.cli.cards", "list the cards the question generators make from the decks"),
    ("stats", "studykit.cli.stats", "numbers: cards by state, due, retention, forecast, history"),
    ("browse", "studykit.cli.browse", "search the cards (as Anki's browser) and suspend, unsuspend, bury, flag them"),
    ("options", "studykit.cli.options", "new cards and reviews a day, for the collection or a deck"),
    ("import", "studykit.cli.importing", "import Anki packages (.apkg, .colpkg): cards, media, scheduling, history"),
    (
        "imports",
        "studykit.cli.imports",
        "list what was imported from Anki; `imports remove DECK` removes an imported deck",
    ),
    ("export", "studykit.cli.export", "export the decks for other programs (Anki)"),
    ("quiz", "studykit.cli.quiz", "build teacher quizzes (print, Moodle, Canvas, CSV, JSON) and take them"),
]


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse with a one-line error: the usage of `quiz build` alone is six lines, and the
        error is what the user needs to read (the usage is one `--help` away)."""

        def error(self, message: str) -> NoReturn:
            from studykit.core.text import visible

            self.exit(2, visible(f"{self.prog}: {message} (see {self.prog} --help)", one_line=True) + "\n")

    return Parser


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen subcommand's module is imported (Textual costs ~200 ms).

    With no subcommand in `argv` (as for `studykit --help`), every subcommand's options are
    added, so that the full help can be shown.
    """
    from studykit import __version__

    parser = _parser_class()(
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


def _module(name: str) -> Any:
    import importlib

    return importlib.import_module(name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand. Bad input is one line and exit 2 (`UserError`); so is anything
    unforeseen, with its traceback logged (`cli.guard`); Ctrl+C is exit 130, quietly."""
    command = "command"
    _escape_what_the_streams_cannot_encode()
    try:
        parser = build_parser(argv)
        args = parser.parse_args(argv)
        command = getattr(args, "command", None) or command
        if not getattr(args, "module", None):
            parser.print_help()
            return 2
        return int(_module(args.module).run(args))
    except UserError as error:
        _say(f"studykit {command}: {error}")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        from studykit.guard import quiet_broken_pipe

        quiet_broken_pipe()
        return 0
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - the guard: anything unforeseen, logged, one line
        from studykit.guard import Crash, interrupted, report

        if interrupted(error):  # Ctrl+C that Python wrapped (in a class body, `__set_name__` re-raises it)
            return 130

        _say(f"studykit {command}: {error if isinstance(error, Crash) else report(error, command=command)}")
        return 2


def _escape_what_the_streams_cannot_encode() -> None:
    """Output the terminal's encoding cannot hold (`PYTHONIOENCODING=ascii`, a Latin-1 locale:
    a dash, a name in Azerbaijani) is written as escapes (`\u2013`) instead of ending the
    command with a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding not in ("utf8", "utf8sig") and reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, AttributeError):
                reconfigure(errors="backslashreplace")


def _say(message: str) -> None:
    """A message on stderr with any control character in it made visible (file names, deck
    text and options are the user's and may hold escape sequences)."""
    from studykit.core.text import visible

    with contextlib.suppress(OSError, ValueError):
        print(visible(message), file=sys.stderr)
