"""`studykit quiz`: list the quiz files, build a quiz into printable and LMS formats, take one.

    studykit quiz list
    studykit quiz build --topic battle-of-baku --versions 2 --out friday/
    studykit quiz build battle-of-baku-1918 --format all --out friday/
    studykit quiz take battle-of-baku-1918 --version B --time-limit 20

A quiz file's settings are the defaults; options given on the command line override them.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studykit.cli.common import UserError, add_deck_arguments, print_json, selected_decks, study_errors

if TYPE_CHECKING:
    from studykit.core.quiz.authoring import Known
    from studykit.core.quiz.model import QuestionType, Quiz

FALLBACK_FORMATS = ("html", "md", "gift", "moodle", "qti", "csv", "json")
DEFAULT_FORMATS = ("html", "md")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="quiz_command", metavar="ACTION")
    listing = commands.add_parser(
        "list", help="the quiz files (id, title, questions)", description="List the quiz files.",
    )
    add_deck_arguments(listing)
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    build = commands.add_parser(
        "build", help="build a quiz and write it in printable and LMS formats",
        description=(
            "Build a quiz from a quiz file or from the options, and write it (student copy and key per version)."
        ),
    )
    _add_selection(build)
    build.add_argument(
        "--format", default=None, metavar="LIST",
        help=f"comma-separated formats: {', '.join(_formats())}, or all (default: {','.join(DEFAULT_FORMATS)})",
    )
    build.add_argument("--out", type=Path, metavar="DIR", help="directory to write into (default: ./QUIZ_ID or ./quiz)")
    build.add_argument("--paper", choices=("a4", "letter"), default="a4",
                       help="paper size of the printable copies, HTML and PDF (default: a4)")
    build.add_argument("--json", action="store_true", help="print the built quiz as JSON instead of writing files")
    take = commands.add_parser(
        "take", help="take a quiz in the terminal, one question at a time",
        description="Take a quiz in the terminal: scored at the end, with a review and the sources.",
    )
    _add_selection(take)
    take.add_argument("--version", dest="quiz_version", default="A", metavar="LABEL", help="which version (default A)")
    take.add_argument("--time-limit", type=float, metavar="MINUTES", help="time allowed (default: untimed)")
    take.add_argument(
        "--results", type=Path, default=Path("quiz-results.csv"), metavar="CSV",
        help="append the result to this CSV file (default: quiz-results.csv here)",
    )
    take.add_argument("--student", metavar="NAME", help="the student's name, recorded with the result")


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "quiz", nargs="?", metavar="QUIZ_FILE_OR_ID", help="a quiz file, or the id of one in decks/quizzes/",
    )
    add_deck_arguments(parser)
    parser.add_argument(
        "--topic", action="append", default=[], metavar="T", help="only facts on this topic (repeatable)",
    )
    parser.add_argument("--kind", action="append", default=[], metavar="K", help="only facts of this kind (repeatable)")
    parser.add_argument(
        "--from", dest="date_from", metavar="DATE", help="only facts dated from DATE (1918-06, 1918-06-04)",
    )
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="only facts dated up to DATE")
    parser.add_argument("-n", "--count", type=int, metavar="N", help="number of questions (default 20)")
    parser.add_argument(
        "--types", metavar="MIX",
        help=(
            "mix of question types, as counts or weights: "
            "choice=8,truefalse=4,short=2,missing_word=3,matching=1,chronology=2"
        ),
    )
    parser.add_argument("--points", metavar="LIST", help="points per type: choice=1,matching=4,...")
    parser.add_argument("--seed", type=int, metavar="N", help="seed: the same seed gives the same quiz (default 0)")
    parser.add_argument("--versions", type=int, metavar="N", help="number of versions A, B, C... (default 1)")
    parser.add_argument("--title", metavar="TEXT", help="the quiz's title")


def run(args: argparse.Namespace) -> int:
    command = getattr(args, "quiz_command", None)
    if command == "list":
        return _list(args)
    if command == "build":
        return _build(args)
    if command == "take":
        return _take(args)
    raise UserError("say what to do: studykit quiz list | build | take (see studykit quiz --help)")


def _context(args: argparse.Namespace) -> tuple[list[Any], Known, Path]:
    from studykit.decks import load_seeds
    from studykit.quizzes import known_from, quizzes_dir

    decks = selected_decks(argparse.Namespace(**{**vars(args), "deck": []}))  # ambiguity is judged on all facts
    try:
        seeds = load_seeds(args.seeds_dir) if args.seeds_dir else load_seeds()
    except OSError as error:
        raise UserError(f"{error.filename or ''}: {error.strerror or error}") from None
    return decks, known_from(decks, seeds), quizzes_dir(args.decks_dir)


def _list(args: argparse.Namespace) -> int:
    from studykit.quizzes import QuizLoadError, load_quizzes

    _, known, directory = _context(args)
    try:
        quizzes = load_quizzes(directory, known)
    except QuizLoadError as error:
        raise UserError(_problems(error)) from None
    rows: list[dict[str, Any]] = [
        {"id": q.id, "title": q.title, "questions": q.question_count, "versions": q.spec.versions} for q in quizzes
    ]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(f"No quiz files in {directory}.")
        return 0
    width = max(len(r["id"]) for r in rows)
    from studykit.core.text import visible

    for row in rows:
        print(visible(f"{row['id']:<{width}}  {row['questions']:>3} questions  {row['title']}", one_line=True))
    return 0


def _problems(error: Exception) -> str:
    problems = getattr(error, "problems", [])
    if len(problems) == 1:
        return str(problems[0])
    return "\n".join([f"{len(problems)} problems in the quiz files:", *(str(p) for p in problems)])


def build_from_args(args: argparse.Namespace) -> Quiz:
    """The quiz the arguments ask for: a quiz file's spec with the options laid over it."""
    from studykit.core.quiz.builder import QuizError, QuizSpec, build_quiz
    from studykit.quizzes import QuizLoadError, find_quiz, seed_titles

    decks, known, directory = _context(args)
    spec = QuizSpec()
    if args.quiz:
        try:
            spec = find_quiz(args.quiz, directory, known).spec
        except QuizLoadError as error:
            raise UserError(_problems(error)) from None
    changes: dict[str, Any] = {}
    if args.deck:
        from studykit.study.decks import select_decks

        with study_errors():
            changes["decks"] = select_decks(args.deck, decks)
    if args.topic:
        changes["topics"] = tuple(args.topic)
    if args.kind:
        changes["kinds"] = tuple(args.kind)
    if args.date_from:
        changes["date_from"] = _date("--from", args.date_from)
    if args.date_to:
        changes["date_to"] = _date("--to", args.date_to)
    if args.count is not None:
        changes["count"] = args.count
    if args.types:
        changes["types"] = _per_type("--types", args.types)
    if args.points:
        changes["points"] = {**spec.points, **_per_type("--points", args.points)}
    if args.seed is not None:
        changes["seed"] = args.seed
    if args.versions is not None:
        changes["versions"] = args.versions
    if args.title:
        changes["title"] = args.title
    elif not spec.title and not args.topic and "decks" in changes:  # the decks' own names, not their ids
        names = {d.id: d.name for d in decks}
        changes["title"] = "Quiz: " + "; ".join(names.get(d, d) for d in changes["decks"])
    spec = dataclasses.replace(spec, **changes)
    facts = [f for d in decks for f in d.facts]
    try:
        return build_quiz(facts, spec, seed_titles=seed_titles(args.seeds_dir))
    except QuizError as error:
        where = f"{args.quiz}: " if args.quiz else ""
        raise UserError(f"{where}{error}") from None


def _date(option: str, text: str) -> Any:
    from studykit.core.dates import DateError, HistDate

    try:
        return HistDate.parse(text)
    except DateError as error:
        raise UserError(f"{option}: {error}") from None


def _per_type(option: str, text: str) -> dict[QuestionType, float]:
    from studykit.core.quiz.authoring import question_type, type_names

    out = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        kind = question_type(name)
        if kind is None or not sep:
            raise UserError(f"{option}: {item!r}: expected TYPE=NUMBER with TYPE one of: {type_names()}")
        try:
            number = float(value)
        except ValueError:
            raise UserError(f"{option}: {item!r}: {value!r} is not a number") from None
        if not 0 <= number < float("inf"):
            raise UserError(f"{option}: {item!r}: must be a number of zero or more")
        out[kind] = number
    if not out:
        raise UserError(f"{option}: expected TYPE=NUMBER,... with TYPE one of: {type_names()}")
    return out


def _formats() -> tuple[str, ...]:
    try:
        from studykit.export.quiz import FORMATS
    except ImportError:
        return FALLBACK_FORMATS
    return tuple(FORMATS)


def _chosen_formats(text: str | None) -> list[str]:
    known = _formats()
    if text is None:
        return [f for f in DEFAULT_FORMATS if f in known] or list(known)
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if names == ["all"]:
        return list(known)
    for name in names:
        if name not in known:
            raise UserError(f"--format: unknown format {name!r}; known: {', '.join(known)}, all")
    if not names:
        raise UserError(f"--format: name at least one of: {', '.join(known)}")
    return list(dict.fromkeys(names))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "quiz"


def _writable_dir(out: Path) -> None:
    """Refuse an --out that cannot hold the files before anything is built or written."""
    try:
        _check_writable_dir(out)
    except OSError as error:  # a name too long, a loop of links, a directory we may not read
        raise UserError(f"--out {out}: {error.strerror or error}") from None


def _check_writable_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out}: exists and is not a directory")
    existing = out.absolute()
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise UserError(f"--out {out}: {existing} is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"--out {out}: {existing} is not writable")


def _build(args: argparse.Namespace) -> int:
    formats = [] if args.json else _chosen_formats(args.format)
    if args.out is not None and not args.json:
        _writable_dir(args.out)
    quiz = build_from_args(args)
    if args.json:
        print_json(quiz.to_dict())
        return 0
    out = args.out or Path(_slug(quiz.source_file or quiz.title))
    _writable_dir(out)
    from studykit.export.quiz import QuizWriteError, quiz_notes, write_quiz

    try:
        written = write_quiz(quiz, out, formats, paper=args.paper)
    except QuizWriteError as error:
        raise UserError(f"--out {out}: {error}") from None
    except OSError as error:
        raise UserError(f"--out {out}: cannot write: {error.strerror or error}") from None
    from studykit.core.text import visible

    versions = ", ".join(v.label for v in quiz.versions)
    plural = "s" if len(quiz.versions) > 1 else ""
    print(f"{visible(quiz.title, one_line=True)}: {len(quiz.questions)} questions, version{plural} "
          f"{versions}, {quiz.versions[0].total_points:g} points, seed {quiz.seed}.")
    for path in written:
        print(f"  {path}")
    for note in quiz_notes(quiz, formats):
        print(visible(f"note: {note}"), file=sys.stderr)
    return 0


def _take(args: argparse.Namespace) -> int:
    quiz = build_from_args(args)
    labels = [v.label for v in quiz.versions]
    if args.quiz_version not in labels:
        raise UserError(
            f"--version {args.quiz_version}: this quiz has version{'s' if len(labels) > 1 else ''} {', '.join(labels)}",
        )
    if args.time_limit is not None and not args.time_limit > 0:
        raise UserError(f"--time-limit: must be more than 0 minutes, got {args.time_limit:g}")
    if args.results.exists() and not args.results.is_file():
        raise UserError(f"--results {args.results}: exists and is not a file")
    if not sys.stdin.isatty() or not sys.stdout.isatty():  # else the app would wait for keys that never come
        raise UserError("take needs an interactive terminal; `studykit quiz build` writes the quiz to files")
    try:
        from studykit.tui.quiz_take import run_quiz_take
    except ImportError:
        raise UserError("taking a quiz in the terminal is not available in this installation") from None
    time_limit_s = None if args.time_limit is None else args.time_limit * 60
    return int(run_quiz_take(quiz, args.quiz_version, time_limit_s, args.results, args.student))
