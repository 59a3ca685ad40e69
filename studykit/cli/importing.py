"""`studykit import FILE [FILE ...]`: Anki packages (.apkg, .colpkg) into the collection.

Each package is one transaction; the summary names its decks, notes, cards per note type,
media, reviews and every problem. A package that cannot be read is one message naming it
(exit status 2) and leaves the collection as it was; the packages before it stay imported.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from studykit.cli.common import UserError, plural, print_json

if TYPE_CHECKING:
    from studykit.study.imports import ImportSummary

SUFFIXES = (".apkg", ".colpkg")
STAGES = {"reading": "reading", "media": "media", "cards": "cards", "history": "history"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="an Anki package: .apkg or .colpkg")
    parser.add_argument(
        "--collection", type=Path, metavar="PATH",
        help="the collection file (default: $STUDYKIT_COLLECTION, else the user data directory)",
    )
    parser.add_argument(
        "--no-scheduling", action="store_true",
        help="import every card as new, without its review history (as Anki's import without scheduling)",
    )
    parser.add_argument("--json", action="store_true", help="print the summaries as JSON")


class ProgressBar:
    """A one-line bar on stderr, only on a terminal, redrawn at most ten times a second."""

    def __init__(self, label: str, stream: TextIO | None = None, *, columns: int | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.columns = columns
        self.last = 0.0
        self.drawn = False

    def _columns(self) -> int:
        if self.columns is not None:
            return self.columns
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            return 80

    def _line(self, stage: str, done: int, total: int) -> str:
        """The bar's line, narrower than the terminal: a line that wraps leaves a copy of itself at
        every redraw. The bar shrinks first (to 10 cells), then the file name is cut short."""
        room = self._columns() - 1
        stage_and_count = f" {STAGES.get(stage, stage):<8} ", f" {done}/{total}"
        fixed = sum(len(part) for part in stage_and_count)
        label = self.label
        width = max(0, min(30, room - fixed - display_width(label)))
        if width < 10:
            width = max(0, min(10, room - fixed - 2))
            keep = room - fixed - width - 1
            while label and display_width(label) > keep:
                label = label[:-1]
            label += "…"
        filled = width * done // max(total, 1)
        line = f"{label}{stage_and_count[0]}{'█' * filled}{'░' * (width - filled)}{stage_and_count[1]}"
        while line and display_width(line) > room:  # a terminal too narrow for all of it
            line = line[:-1]
        return line

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        self.stream.write(f"\r{self._line(stage, done, total)}\x1b[K")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from studykit.files import FileReadError, check_regular_file
    from studykit.storage.collection import discard_if_unused, resolve_path
    from studykit.study.errors import StudyError
    from studykit.study.study import Study

    for path in args.files:
        if path.suffix.lower() not in SUFFIXES:
            raise UserError(f"{path}: not an Anki package (expected a .apkg or .colpkg file)")
        try:
            check_regular_file(path)
        except FileReadError as error:
            raise UserError(str(error)) from None
    collection_path = resolve_path(args.collection)
    created = not collection_path.exists()
    summaries = []
    try:
        with Study(collection_path, sources=()) as study:
            for path in args.files:
                bar = ProgressBar(path.name)
                try:
                    summary = study.import_package(path, scheduling=not args.no_scheduling, progress=bar)
                finally:
                    bar.clear()
                summaries.append(summary)
                if not args.json:
                    print(render(summary))
    except StudyError as error:
        if args.json and summaries:
            print_json([s.to_dict() for s in summaries])
        if created and not summaries:  # the first package refused: no collection made for nothing
            discard_if_unused(collection_path)
        raise UserError(str(error)) from None
    except KeyboardInterrupt:  # Ctrl+C during the first package: nothing of it was kept, nor a new collection
        if created and not summaries:
            discard_if_unused(collection_path)
        raise
    if args.json:
        print_json([s.to_dict() for s in summaries])
    return 0


def display_width(text: str) -> int:
    from studykit.importers.anki.html_text import display_width as width

    return width(text)


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (wide characters count two)."""
    return text + " " * max(0, width - display_width(text))


def render(summary: ImportSummary) -> str:
    """The summary as text: every number, every problem."""
    lines = [f"Imported {summary.file} ({summary.format})"]
    changes = [f"{summary.added} added"]
    if summary.updated:
        changes.append(f"{summary.updated} updated")
    if summary.unchanged:
        changes.append(f"{summary.unchanged} unchanged")
    lines.append(f"  {plural(summary.notes, 'note')}, {plural(summary.cards, 'card')} ({', '.join(changes)})")
    if summary.decks:
        lines.append(f"  {plural(len(summary.decks), 'deck')}:")
        width = max(display_width(name) for name, _ in summary.decks)
        lines.extend(f"    {_pad(name, width)}  {count:>6}" for name, count in summary.decks)
    if summary.empty_decks:
        lines.append(f"  {plural(summary.empty_decks, 'deck')} without cards: nothing to study there, not listed")
    if summary.cards_per_note_type:
        lines.append("  cards per note type:")
        width = max(display_width(name) for name in summary.cards_per_note_type)
        lines.extend(f"    {_pad(name, width)}  {count:>6}" for name, count in summary.cards_per_note_type.items())
    media = summary.media
    parts = [f"{media.written} stored"]
    if media.present:
        parts.append(f"{media.present} already there")
    if media.renamed:
        parts.append(f"{len(media.renamed)} renamed")
    if media.missing:
        parts.append(f"{len(media.missing)} missing")
    lines.append(f"  media files: {', '.join(parts)}")
    if summary.scheduling:
        s = summary.scheduled
        state = ", ".join(f"{s[k]} {k}" for k in ("new", "learning", "review", "suspended", "buried") if s.get(k))
        if state:
            lines.append(f"  scheduling of the added cards: {state}")
        reviews = f"  reviews imported: {summary.reviews}"
        extra = []
        if summary.reviews_already:
            extra.append(f"{summary.reviews_already} imported before")
        if summary.not_answers:
            extra.append(f"{summary.not_answers} reschedule rows are not reviews")
        lines.append(reviews + (f" ({'; '.join(extra)})" if extra else ""))
    else:
        lines.append("  --no-scheduling: every card new, no review history")
    if summary.missing_notes:
        lines.append(f"  {plural(summary.missing_notes, 'note')} of the earlier import not in this package: kept")
    if summary.missing_cards > summary.missing_notes:
        lines.append(f"  {plural(summary.missing_cards, 'card')} of the earlier import no longer made: kept")
    if summary.problems:
        lines.append(f"  {plural(len(summary.problems), 'problem')}:")
        lines.extend(f"    - {problem}" for problem in summary.problems)
    return "\n".join(lines)
