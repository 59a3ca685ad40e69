"""`studykit imports`: what was imported from Anki packages; `studykit imports remove DECK` takes
an imported deck out (its cards and their history kept in the collection, retired)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studykit.cli.common import DECK_HELP, UserError, plural, print_json, study_errors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--collection", type=Path, metavar="PATH",
        help="the collection file (default: $STUDYKIT_COLLECTION, else the user data directory)",
    )
    parser.add_argument("--json", action="store_true", help="print as JSON")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    remove = actions.add_parser(
        "remove", help="remove an imported deck (and its subdecks): its cards retired with their history",
        description="Remove an imported deck and its subdecks. Nothing is lost: the cards are retired "
                    "(never shown) with their whole review history, and importing the package again brings them back.",
    )
    remove.add_argument("deck", metavar="DECK", help=f"the imported deck: {DECK_HELP}")
    remove.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    remove.add_argument("--collection", type=Path, metavar="PATH", dest="remove_collection", help=argparse.SUPPRESS)
    remove.add_argument("--json", action="store_true", dest="remove_json", help="print what was removed as JSON")


def run(args: argparse.Namespace) -> int:
    from studykit.storage import resolve_path
    from studykit.study.study import Study

    path = resolve_path(getattr(args, "remove_collection", None) or args.collection)
    if not path.exists():
        raise UserError(f"no collection at {path} yet; `studykit import FILE` creates it")
    with study_errors(), Study(path, sources=(), read_only=args.action != "remove") as study:
        if args.action == "remove":
            return _remove(study, args)
        listings = study.imports()
    if args.json:
        print_json([listing.to_dict() for listing in listings])
        return 0
    if not listings:
        print(f"{path}: nothing imported yet (`studykit import deck.apkg`)")
        return 0
    for listing in listings:
        s = listing.summary
        print(f"{listing.file}")
        times = "" if listing.times == 1 else f" (imported {listing.times} times)"
        print(f"  imported {listing.imported_at.astimezone():%Y-%m-%d %H:%M}{times} · source {listing.source}")
        print(f"  {plural(s.get('notes', 0), 'note')}, {plural(s.get('cards', 0), 'card')}, "
              f"{len(s.get('media', {}).get('missing', []))} media missing, {plural(s.get('reviews', 0), 'review')}")
        for deck_id, name, count in listing.decks:
            print(f"    {name}  ({plural(count, 'card')})  [{deck_id}]")
        for name, at in listing.removed:
            print(f"    removed {at.astimezone():%Y-%m-%d %H:%M}: {name}")
    return 0


def _remove(study: object, args: argparse.Namespace) -> int:
    from studykit.study.study import Study

    assert isinstance(study, Study)
    removal = study.plan_removal(args.deck)
    what = (f"{removal.name}: {plural(removal.cards, 'card')} in {plural(len(removal.deck_ids), 'deck')}, "
            f"with {plural(removal.log_entries, 'review-log entry', 'review-log entries')}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(f"removing {what} needs confirmation: run it in a terminal or add --yes")
        answer = input(f"Remove {what}? The cards are kept, retired with their history. [y/N] ")
        if answer.strip().casefold() not in ("y", "yes"):
            print("Nothing removed.")
            return 1
    retired = study.remove(removal)
    if getattr(args, "remove_json", False) or args.json:
        print_json({"removed": removal.name, "decks": list(removal.deck_ids), "cards": retired,
                    "log_entries": removal.log_entries})
    else:
        print(f"Removed {removal.name}: {retired} cards retired with their {removal.log_entries} review-log entries "
              "(kept in the collection; importing the package again brings them back).")
    return 0
