"""`studykit options`: new cards and reviews a day, for the whole collection or one deck.

    studykit options                                   every limit set, and the collection's
    studykit options --new-per-day 10                  the collection's new cards a day
    studykit options --deck "Baku 1918" --new-per-day 5 --reviews-per-day 100
    studykit options --deck baku-1918-events --new-per-day default   (the collection's again)

The limits are kept in the collection. The collection's cap everything studied in a day; a
deck's own cap that deck with its subdecks, and a session of a deck honours its own and its
subdecks' limits (as Anki's v3 scheduler does; a parent's limits do not apply to a subdeck's
session). A deck with no limits of its own has the collection's.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.cli.common import DECK_HELP, UserError, print_json, study_errors
from studykit.core.limits import MAX_LIMIT
from studykit.core.text import visible

if TYPE_CHECKING:
    from studykit.study.options import LimitsView


def _limit(value: str) -> int | None:
    lowered = value.strip().lower()
    if lowered in ("default", "none", "unset"):
        return None
    if lowered.isdigit() and int(lowered) <= MAX_LIMIT:
        return int(lowered)
    raise argparse.ArgumentTypeError(f"a number of cards from 0 to {MAX_LIMIT:,}, or default, not {value!r}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "A deck's limits cap that deck with its subdecks; the collection's cap everything in a day.\n"
        "`default` takes a limit off: a deck then has the collection's, the collection the built-in 20 and 200."
    )
    parser.add_argument(
        "--collection", type=Path, metavar="PATH",
        help="the collection file (default: $STUDYKIT_COLLECTION, else the user data directory)",
    )
    parser.add_argument("--deck", metavar="DECK", help=f"this deck's limits: {DECK_HELP} (default: the collection's)")
    # Absent from the namespace unless given: `--new-per-day default` is given, as None.
    parser.add_argument("--new-per-day", type=_limit, default=argparse.SUPPRESS, metavar="N",
                        help="new cards a day (a number, or default)")
    parser.add_argument("--reviews-per-day", type=_limit, default=argparse.SUPPRESS, metavar="N",
                        help="reviews a day (a number, or default)")
    parser.add_argument("--json", action="store_true", help="print as JSON")


def run(args: argparse.Namespace) -> int:
    from studykit.storage import resolve_path
    from studykit.study.study import KEEP, Study

    path = resolve_path(args.collection)
    given = {name: getattr(args, name) for name in ("new_per_day", "reviews_per_day") if hasattr(args, name)}
    if not path.exists() and not given:
        raise UserError(f"no collection at {path} yet; `studykit review` creates it")
    with study_errors(), Study(path) as study:
        if given:
            study.set_limits(args.deck, new_per_day=given.get("new_per_day", KEEP),
                             reviews_per_day=given.get("reviews_per_day", KEEP))
        views = [study.limits(args.deck)] if args.deck else study.all_limits()
    if args.json:
        print_json(views[0].to_dict() if args.deck else [view.to_dict() for view in views])
        return 0
    for view in views:
        print(visible(render(view)))
    return 0


def render(view: LimitsView) -> str:
    def one(own: int | None, effective: int | None, done: int | None) -> str:
        source = "" if own is not None else (" (built-in)" if view.is_collection else " (the collection's)")
        today = "" if done is None else f", {done} done today"
        return f"{effective}{source}{today}"

    done = view.done_today
    showing_done = bool(done.new or done.reviews) or view.is_collection
    new = one(view.own.new_per_day, view.effective.new_per_day, done.new if showing_done else None)
    reviews = one(view.own.reviews_per_day, view.effective.reviews_per_day, done.reviews if showing_done else None)
    title = view.name if view.is_collection else f"{view.name}  [{view.scope}]"
    return "\n".join([title, f"  new cards a day  {new}", f"  reviews a day    {reviews}"])
