"""`studykit stats`: the collection's numbers, as a table or (`--json`) the same numbers as JSON."""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from pathlib import Path

from studykit.cli.common import DECK_HELP, UserError, print_json, study_errors
from studykit.core.stats import STATES, Stats
from studykit.core.text import visible

# The periods of the reviews per day, in study days up to today (None: from the first review on).
PERIODS: dict[str, int | None] = {"month": 30, "year": 365, "all": None}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--collection", type=Path, metavar="PATH",
        help="the collection file (default: $STUDYKIT_COLLECTION, else the user data directory)",
    )
    parser.add_argument("--deck", metavar="DECK", help=f"only this deck: {DECK_HELP} (default: all)")
    parser.add_argument(
        "--period", choices=tuple(PERIODS), default="year",
        help="the reviews per day shown (as Anki's stats: a month, a year, or all time, the deck's life; "
             "default: year)",
    )
    parser.add_argument("--all", dest="period", action="store_const", const="all", help="same as --period all")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")



def run(args: argparse.Namespace) -> int:
    from studykit.storage import resolve_path
    from studykit.study.study import Study

    path = resolve_path(args.collection)
    if not path.exists():
        raise UserError(f"no collection at {path} yet; `studykit review` creates it")
    with study_errors(), Study(path, sources=(), read_only=True) as study:
        selection, stats = study.numbers(args.deck)
    days = PERIODS[args.period]
    if args.json:
        per_day = {day.isoformat(): n for day, n in stats.reviews_by_day(days).items()}
        print_json({"collection": str(path), "deck": args.deck, "deck_ids": selection.deck_ids, **stats.to_dict(),
                    "period": args.period, "reviews_per_day": per_day})
    else:
        title = f"{path}" + ("" if selection.everything else f" · {selection.name}")
        print(visible(render(stats, title=title, period=args.period)))
    return 0


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f} %"


def render(stats: Stats, *, title: str, period: str = "year") -> str:
    """The human table: every number of `--json`, the per-day history of `period` summed by month."""
    lines = [title, f"study day {stats.today.isoformat()}", ""]
    width = max(len(s) for s in STATES)
    lines.append("Cards")
    for state in STATES:
        lines.append(f"  {state:<{width}}  {stats.by_state[state]:>7}")
    lines.append(f"  {'total':<{width}}  {sum(stats.by_state.values()):>7}")
    lines.append("")
    lines.append(f"Due today                {stats.due_today:>7}")
    lines.append(f"Reviewed today           {stats.reviewed_today:>7}")
    lines.append(f"Retention, last 30 days  {_percent(stats.retention):>7}  (of {stats.retention_reviews} due reviews)")
    lines.append(f"Retention, last 365 days {_percent(stats.year.retention):>7}  (of {stats.year.due} due reviews)")
    whole = stats.all_time
    lines.append(f"Retention, all time      {_percent(whole.retention):>7}  (of {whole.due} due reviews)")
    lines.append("")
    first = "–" if whole.first is None else whole.first.isoformat()
    lines.append(f"All time: {whole.reviews} reviews on {whole.days} {'day' if whole.days == 1 else 'days'}, "
                 f"the first on {first}")
    lines.append("")
    lines.append("Due in the next 30 days")
    top = max(max(stats.forecast, default=0), 1)
    for i, count in enumerate(stats.forecast):
        day = stats.today + dt.timedelta(days=i)
        bar = "█" * round(count / top * 30)
        lines.append(f"  {day:%a %Y-%m-%d}  {count:>6}  {bar}")
    lines.append("")
    per_day = stats.reviews_by_day(PERIODS[period])
    total = sum(per_day.values())
    studied = [d for d, n in per_day.items() if n]
    days = "day" if len(studied) == 1 else "days"
    span = "all time" if PERIODS[period] is None else f"last {PERIODS[period]} days"
    lines.append(f"Reviews per day, {span}: {total} reviews on {len(studied)} {days}")
    if studied:
        busiest = max(studied, key=lambda d: (per_day[d], d))
        lines.append(
            f"  {total / len(studied):.1f} per day studied; busiest {busiest.isoformat()} "
            f"({per_day[busiest]}); per day in --json"
        )
        months = Counter({f"{d:%Y-%m}": 0 for d in per_day})
        for day, count in per_day.items():
            months[f"{day:%Y-%m}"] += count
        first = f"{min(studied):%Y-%m}"
        for month, count in sorted(months.items()):
            if month >= first:
                lines.append(f"  {month}  {count:>7}")
    return "\n".join(lines)
