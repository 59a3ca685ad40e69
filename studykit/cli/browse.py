"""`studykit browse`: the card browser's searches from the command line, and its actions on the
cards found (suspend, unsuspend, bury, unbury, reset to new, flag).

The query is the browser's (`core.search`, one parser for the TUI and the CLI):

    studykit browse 'deck:"Baku 1918" is:suspended'
    studykit browse treaty --type choice --state due --json
    studykit browse is:leech --unsuspend --yes

`--deck`, `--type`, `--state` and `--tag` add terms to the query (given twice, either one).
An action on more than one card asks first, or takes `--yes`; every change is logged in the
review log (a flag is a mark, not logged) and committed before the command returns.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.cli.common import DECK_HELP, UserError, print_json, study_errors
from studykit.core.search import CARD_TYPES, FLAGS, STATES, quoted
from studykit.core.text import visible

if TYPE_CHECKING:
    from studykit.study.browse import ActionReport, BrowseResult, CardDetail, CardRow
    from studykit.study.errors import BadQuery
    from studykit.study.study import Study

SORTS = ("question", "deck", "type", "due", "interval", "ease", "lapses", "reviews", "order")
ACTIONS = ("suspend", "unsuspend", "bury", "unbury", "reset")
QUERY_HELP = """\
search: words match the question, answer, options and statement (`*` any text; "quoted
phrase"); -term excludes; `a or b`; (parentheses). Terms:
  deck:NAME  card:TYPE  note:NOTETYPE  is:STATE  tag:TAG  flag:N  prop:ivl>=10  cid:ID  fact:ID
  card: qa choice cloze chronology truefalse matching note (an imported Anki card)
  is:   new learn review due suspended buried leech flagged
  flag: 1-7 or red orange green blue pink turquoise purple; 0 for none
  prop: ivl due lapses reps ease reviews, with < <= = != >= >
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = QUERY_HELP
    parser.add_argument("query", nargs="*", metavar="QUERY", help="what to search for (see below); none: every card")
    parser.add_argument(
        "--collection", type=Path, metavar="PATH",
        help="the collection file (default: $STUDYKIT_COLLECTION, else the user data directory)",
    )
    parser.add_argument("--deck", action="append", default=[], metavar="DECK",
                        help=f"only this deck and its subdecks (repeatable: either): {DECK_HELP}")
    parser.add_argument("--type", action="append", default=[], metavar="TYPE",
                        help=f"only this card type (repeatable: either): {', '.join(CARD_TYPES)}")
    parser.add_argument("--state", action="append", default=[], choices=STATES, metavar="STATE",
                        help=f"only cards in this state (repeatable: either): {', '.join(STATES)}")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG",
                        help="only cards with this tag (repeatable: either)")
    parser.add_argument("--sort", default="order", choices=SORTS, metavar="COLUMN",
                        help=f"sort by {', '.join(SORTS)} (default: order, the order new cards come in)")
    parser.add_argument("--reverse", action="store_true", help="sort the other way")
    parser.add_argument("--limit", type=int, metavar="N", help="list at most N cards (actions still take them all)")
    parser.add_argument("--history", action="store_true", help="each card in full with its review history")
    parser.add_argument("--json", action="store_true", help="print as JSON")
    act = parser.add_argument_group("actions on every card found")
    chosen = act.add_mutually_exclusive_group()
    for action, text in (
        ("suspend", "take them out of every session until unsuspended"),
        ("unsuspend", "give suspended cards (leeches too) back to the sessions"),
        ("bury", "hide them until the study day turns over"),
        ("unbury", "show buried cards again today"),
        ("reset", "make them new cards again (their history is kept in the log)"),
    ):
        chosen.add_argument(f"--{action}", dest="action", action="store_const", const=action, help=text)
    chosen.add_argument("--flag", type=_flag, metavar="N",
                        help=f"flag them: 1-7 or {', '.join(FLAGS)}; 0 or none takes the flag off")
    act.add_argument("--yes", "-y", action="store_true", help="act on several cards without asking")


def _flag(value: str) -> int:
    lowered = value.strip().lower()
    if lowered in ("0", "none", "off"):
        return 0
    if lowered in FLAGS:
        return FLAGS.index(lowered) + 1
    if lowered.isdigit() and 1 <= int(lowered) <= len(FLAGS):
        return int(lowered)
    raise argparse.ArgumentTypeError(f"a flag is 1-{len(FLAGS)}, {', '.join(FLAGS)}, or 0/none, not {value!r}")


def build_query(args: argparse.Namespace) -> str:
    """The query typed, with `--deck`, `--type`, `--state` and `--tag` as terms of it."""
    parts = [" ".join(args.query)] if args.query else []
    if len(parts) == 1 and " or " in f" {parts[0].lower()} ":
        parts = [f"({parts[0]})"]
    for key, values in (("deck", args.deck), ("card", args.type), ("is", args.state), ("tag", args.tag)):
        terms = [f"{key}:{quoted(value)}" for value in values]
        if len(terms) == 1:
            parts.append(terms[0])
        elif terms:
            parts.append("(" + " or ".join(terms) + ")")
    return " ".join(parts)


def _placed(error: BadQuery) -> str:
    """The problem and where it is in the search, on one line."""
    if not error.query:
        return str(error)
    rest = error.query[error.position:]
    shown = rest if len(rest) <= 24 else rest[:23] + "…"
    return f"{error} (at character {error.position + 1} of the search: {shown!r})"


def run(args: argparse.Namespace) -> int:
    from studykit.study.errors import BadQuery
    from studykit.study.study import Study

    if args.limit is not None and args.limit < 0:
        raise UserError("--limit takes a number of cards, 0 or more")
    query = build_query(args)
    with study_errors(), Study(args.collection) as study:
        for deck in args.deck:
            study.resolve(deck)  # an unknown --deck is one message listing the known decks
        try:
            result = study.browse(query, sort=args.sort, descending=args.reverse, tags=args.json or args.history)
        except BadQuery as error:
            raise UserError(_placed(error)) from None
        for name in result.unknown_decks:
            print(visible(f"studykit browse: no deck is named {name!r}", one_line=True), file=sys.stderr)
        if args.action or args.flag is not None:
            return _act(study, result, args)
        rows = result.rows if args.limit is None else result.rows[:args.limit]
        details = [study.card_detail(row.id) for row in rows] if args.history else None
    if args.json:
        print_json({
            "query": query, "sort": result.sort, "descending": result.descending, "total": result.total,
            "matched": len(result.rows), "shown": len(rows),
            "cards": [d.to_dict() for d in details] if details is not None else [r.to_dict() for r in rows],
        })
        return 0
    if details is not None:
        for detail in details:
            print(visible(render_detail(detail)))
            print()
    else:
        print(visible(render_table(rows, width=shutil.get_terminal_size((100, 24)).columns)))
    shown = "" if len(rows) == len(result.rows) else f" ({len(rows)} shown)"
    print(visible(f"{len(result.rows)} of {result.total} cards{shown}" + (f" match {query}" if query else ""),
                  one_line=True))  # the query is the user's text: an escape in it is shown, not run
    return 0


def _act(study: Study, result: BrowseResult, args: argparse.Namespace) -> int:
    action = args.action or ("flag" if args.flag else "unflag")
    ids = [row.id for row in result.rows]
    what = f"{len(ids)} card{'s' if len(ids) != 1 else ''}"
    if not ids:
        if args.json:
            print_json({"action": action, "matched": 0, "changed": 0, "unchanged": 0, "card_ids": []})
        else:
            print("No card matches; nothing changed.")
        return 0
    if len(ids) > 1 and not args.yes:
        verb = {"flag": f"flag {FLAGS[args.flag - 1] if args.flag else ''}", "unflag": "take the flag off"}.get(
            action, "reset to new" if action == "reset" else action)
        if not sys.stdin.isatty():
            raise UserError(f"{verb} {what}? An action on several cards needs confirmation: "
                            "run it in a terminal or add --yes")
        answer = input(f"{verb.capitalize()} {what}? [y/N] ")
        if answer.strip().casefold() not in ("y", "yes"):
            print("Nothing changed.")
            return 1
    report = _do(study, action, ids, args.flag)
    if args.json:
        print_json({"action": report.action, "matched": len(ids), "changed": report.changed,
                    "unchanged": report.unchanged, "card_ids": list(report.card_ids)})
    else:
        print(describe(report))
    return 0


def _do(study: Study, action: str, ids: list[str], flag: int | None) -> ActionReport:
    if action in ("flag", "unflag"):
        return study.flag_cards(ids, flag or 0)
    method = {"suspend": study.suspend_cards, "unsuspend": study.unsuspend_cards, "bury": study.bury_cards,
              "unbury": study.unbury_cards, "reset": study.reset_cards}[action]
    return method(ids)


PAST = {"suspend": "Suspended {}", "unsuspend": "Unsuspended {}", "bury": "Buried {} until tomorrow",
        "unbury": "Unburied {}", "reset": "Reset {} to new", "flag": "Flagged {}", "unflag": "Took the flag off {}"}
ALREADY = {"suspend": "already suspended", "unsuspend": "not suspended", "bury": "already buried",
           "unbury": "not buried", "reset": "already new", "flag": "flagged so already", "unflag": "not flagged"}


def describe(report: ActionReport) -> str:
    """How an action went: "Suspended 3 cards (1 already suspended)."."""
    cards = f"{report.changed} card{'s' if report.changed != 1 else ''}"
    also = f" ({report.unchanged} {ALREADY[report.action]})" if report.unchanged else ""
    return f"{PAST[report.action].format(cards)}{also}."


# --- listings ----------------------------------------------------------------------------------


def due_text(row: CardRow) -> str:
    if row.due is None or row.due_days is None:
        return f"new #{row.position}"
    return row.due.astimezone().strftime("%Y-%m-%d")


def state_text(row: CardRow) -> str:
    marks = [row.state]
    marks += [name for name, on in (("suspended", row.suspended), ("buried", row.buried), ("leech", row.leech)) if on]
    return ",".join(marks)


def render_table(rows: tuple[CardRow, ...] | list[CardRow], *, width: int) -> str:
    """One line a card: the question cut to the width left by the other columns."""
    headers = ("Question", "Deck", "Type", "State", "Due", "Ivl", "Ease", "Lapses", "Revs", "Flag", "Id")
    cells = [(row.question, row.deck, row.type, state_text(row), due_text(row),
              f"{row.interval}d" if row.due else "–", f"{row.ease:.2f}" if row.due else "–",
              str(row.lapses), str(row.reviews), row.flag_name, row.id) for row in rows]
    fixed = [max([len(headers[i]), *(len(c[i]) for c in cells)]) for i in range(1, len(headers))]
    fixed[0] = min(fixed[0], 24)  # a deck's name: cut
    question = max(20, width - sum(fixed) - 2 * len(fixed) - 1)
    widths = [question, *fixed]
    right = {5, 6, 7, 8}

    def line(values: tuple[str, ...]) -> str:
        out = []
        for i, (value, size) in enumerate(zip(values, widths)):
            value = value if len(value) <= size else value[:size - 1] + "…"
            out.append(value.rjust(size) if i in right else value.ljust(size))
        return "  ".join(out).rstrip()

    return "\n".join([line(headers), *(line(c) for c in cells)])


def render_detail(detail: CardDetail) -> str:
    row, text = detail.row, detail.text
    def indented(first: str, value: str) -> str:  # a field of several lines stays in its column
        return first + value.replace("\n", "\n" + " " * len(first))

    lines = [f"{row.id}  [{row.type_label}, {row.deck}]", indented("  Q  ", text.question),
             indented("  A  ", text.answer)]
    lines += [f"     {label}: {value}" for label, value in text.extra]
    if row.tags:
        lines.append(f"     tags: {' '.join(row.tags)}")
    flag = f" · flag {row.flag_name}" if row.flag else ""
    lines.append(f"  {state_text(row)} · due {due_text(row)} · interval {row.interval}d · EF {row.ease:.2f} · "
                 f"lapses {row.lapses} · repetitions {row.repetitions} · reviews {row.reviews}{flag}")
    for entry in detail.history:
        when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
        if entry.quality is not None:
            grade = f"q{entry.quality}" + (f" {entry.button}" if entry.button else "")
            after = f" → {entry.interval}d, EF {entry.ease:.2f}" if entry.kind != "redrill" else ""
            lines.append(f"    {when}  {entry.kind:<9} {grade}{after}")
        elif entry.button:  # a review done in Anki, imported: the button pressed there
            seconds = "" if entry.answer_seconds is None else f"  {entry.answer_seconds:.1f}s"
            lines.append(f"    {when}  {entry.kind:<12} {entry.button}{seconds}")
        elif entry.until is not None:
            lines.append(f"    {when}  {entry.kind:<9} until {entry.until.astimezone():%Y-%m-%d %H:%M}")
        else:
            lines.append(f"    {when}  {entry.kind}")
    return "\n".join(lines)
