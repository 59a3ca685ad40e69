"""`studykit review`: study in the terminal (a Textual app, imported only here and only when run)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from studykit.cli.common import DECK_HELP, UserError

KEYMAP_HELP = """\
keys: every key has a binding id (press ? in the app to see them all). To remap keys, write
a keymap file (default: keymap.toml in the studykit config directory, or $STUDYKIT_KEYMAP):

  [keymap]
  "review.good" = "g"
  "review.reveal" = "space,enter,r"
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = KEYMAP_HELP
    parser.add_argument(
        "--deck", metavar="DECK",
        help=f"start reviewing this deck at once: {DECK_HELP} (default: show the decks)",
    )
    parser.add_argument(
        "--collection", type=Path, metavar="PATH",
        help="the collection file (default: $STUDYKIT_COLLECTION, else the user data directory)",
    )
    parser.add_argument("--sm2", action="store_true", help="grade with SM-2 qualities 0–5 instead of the four buttons")
    parser.add_argument(
        "--show-siblings", action="store_true",
        help="show a fact's other cards the same day (by default a card that another card studied that day gives "
             "away waits for another day, as Anki buries siblings)",
    )
    parser.add_argument("--theme", choices=("dark", "light"), help="colour theme (NO_COLOR is honoured)")
    parser.add_argument("--keymap", type=Path, metavar="FILE", help="a keymap.toml remapping keys by binding id")
    parser.add_argument("--decks-dir", type=Path, metavar="DIR", help="read decks from DIR instead of the bundled ones")
    parser.add_argument("--seeds-dir", type=Path, metavar="DIR", help="read seed documents from DIR")


def keymap_file(path: Path | None) -> Path:
    """The keymap file used: `path`, else $STUDYKIT_KEYMAP, else keymap.toml in the config directory."""
    if path is not None:
        return path
    return Path(os.environ["STUDYKIT_KEYMAP"]) if os.environ.get("STUDYKIT_KEYMAP") else _default_keymap()


def read_keymap(path: Path | None) -> dict[str, str]:
    """Binding id -> keys, from the `[keymap]` table of a TOML file; a missing default file is no keymap."""
    explicit = path is not None or bool(os.environ.get("STUDYKIT_KEYMAP"))
    path = keymap_file(path)
    if not os.path.lexists(path):  # not `is_file()`: an unreadable config directory raises there
        if explicit:
            raise UserError(f"{path}: keymap file not found")
        return {}
    import tomllib  # only with a keymap file

    from studykit.files import FileReadError, read_text_file

    try:
        data = tomllib.loads(read_text_file(path, shown_as=str(path), limit=1 << 20))
    except FileReadError as error:
        if not explicit and os.path.isdir(path):
            return {}
        raise UserError(f"{error} (the keymap)") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: cannot read the keymap: {error}") from None
    table = data.get("keymap", data)
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        raise UserError(f'{path}: expected a [keymap] table of "binding.id" = "keys" strings')
    return dict(table)


def check_keymap(keymap: dict[str, str], path: Path | None) -> None:
    """A UserError naming every unknown binding id and key name of the keymap. Only a keymap
    that maps something is checked: the check imports every screen (for their bindings),
    which the first card does not need."""
    if not keymap:
        return
    from studykit.tui.keys import keymap_problems

    problems = keymap_problems(keymap)
    if problems:
        raise UserError(f"{keymap_file(path)}: " + "; ".join(problems))


def _default_keymap() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("studykit")) / "keymap.toml"


def run(args: argparse.Namespace) -> int:
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UserError("needs an interactive terminal; for numbers without one, use `studykit stats`")
    keymap = read_keymap(args.keymap)
    from studykit.core.session import SessionConfig
    from studykit.study.errors import StudyError
    from studykit.tui.service import open_service  # no Textual: the collection opens while Textual loads

    config = SessionConfig(spare_giveaways=not args.show_siblings)
    try:
        service = open_service(args.collection, deck=args.deck, decks_dir=args.decks_dir, seeds_dir=args.seeds_dir,
                               config=config)
    except StudyError as error:  # before the collection is opened (an unusable $TZ)
        raise UserError(str(error)) from None
    from studykit.tui.app import make_app

    check_keymap(keymap, args.keymap)
    app = make_app(service=service, deck=args.deck, sm2=args.sm2, theme=args.theme, keymap=keymap)
    from studykit.guard import run_app

    return_code = run_app(app, command="review")
    if app.startup_error is not None:
        raise UserError(app.startup_error)
    unsaved = service.study.unsaved()
    if unsaved is not None:  # quit while the collection was still busy: say so, never silently
        where = service.study.path or "the collection"
        raise UserError(f"{unsaved} was NOT saved: {where} stayed busy; grade the card again next time")
    return return_code or 0
