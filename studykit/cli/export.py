"""`studykit export anki OUT.apkg`: the decks as an Anki package that updates in place.

Notes are stamped with the time of the export, later than any note of an earlier package at
the same path, because Anki only replaces a note with a newer one. `SOURCE_DATE_EPOCH`
pins the time instead, for reproducible builds.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from typing import TextIO

from studykit.cli.common import UserError, add_deck_arguments, all_decks_and_chosen

ANKI_TYPES = ("qa", "choice", "cloze", "chronology")
LEFT_OUT_TYPES = ("truefalse", "matching")
LATEST_EPOCH = 253_402_300_799  # 9999-12-31T23:59:59Z


def add_arguments(parser: argparse.ArgumentParser) -> None:
    formats = parser.add_subparsers(dest="format", metavar="FORMAT")
    anki = formats.add_parser(
        "anki", help="an Anki package (.apkg)",
        description="Write the decks' cards as an Anki package (.apkg): subdecks by deck and topic, "
        "one note per fact question; importing a newer export updates the notes in place.",
        epilog="Notes carry the time of the export, later than those of a package already at OUT: Anki "
        "replaces a note only with a newer one. SOURCE_DATE_EPOCH pins the time (reproducible builds).",
    )
    anki.add_argument("out", type=Path, metavar="OUT.apkg", help="the package to write")
    add_deck_arguments(anki)
    anki.add_argument(
        "--types", nargs="+", type=_card_types, default=[], metavar="TYPE",
        help=f"only these card types: {', '.join(ANKI_TYPES)} (default all; true/false and matching "
        "cards are not exported to Anki)",
    )
    anki.add_argument("--seed", type=int, default=0, metavar="N", help="seed of the question generators (default 0)")


def _card_types(value: str) -> list[str]:
    out = []
    for name in filter(None, (v.strip() for v in value.split(","))):
        if name in LEFT_OUT_TYPES:
            raise argparse.ArgumentTypeError(
                f"{name} cards are not exported to Anki; choose from {', '.join(ANKI_TYPES)}",
            )
        if name not in ANKI_TYPES:
            raise argparse.ArgumentTypeError(f"unknown card type {name!r}; choose from {', '.join(ANKI_TYPES)}")
        out.append(name)
    return out


def run(args: argparse.Namespace) -> int:
    if getattr(args, "format", None) != "anki":
        raise UserError("name a format: studykit export anki OUT.apkg")
    return export_anki_command(args)


def export_anki_command(args: argparse.Namespace) -> int:
    from studykit.core.generators import generate_cards
    from studykit.decks import read_seed_info
    from studykit.export.anki import AnkiExportError, export_anki

    out: Path = args.out
    if out.suffix.lower() != ".apkg":
        raise UserError(f"{out}: an Anki package must end in .apkg")
    if out.is_dir():
        raise UserError(f"{out}: is a directory")
    decks, chosen = all_decks_and_chosen(args)
    types = [t for group in args.types for t in group] or list(ANKI_TYPES)
    facts = [f for d in decks for f in d.facts]
    cards = generate_cards(facts, rng=random.Random(args.seed), types=types)
    chosen_ids = {d.id for d in chosen}
    if not any(card.deck_id in chosen_ids for card in cards):
        raise UserError(f"no {' or '.join(types)} cards in {', '.join(sorted(chosen_ids))}; nothing written")
    seed_docs = read_seed_info(args.seeds_dir)
    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    try:
        summary = export_anki(
            out, chosen, cards, seed_docs=seed_docs, timestamp=export_time(out), progress=progress,
        )
    except AnkiExportError as error:
        raise UserError(str(error)) from None
    finally:
        if progress is not None:
            progress.close()
    notes, cards_written = sum(summary.notes.values()), sum(summary.cards.values())
    decks_written = len(summary.decks)
    print(
        f"Wrote {out}: {notes} notes, {cards_written} cards in {decks_written} deck{'s' if decks_written != 1 else ''}."
    )
    for name in sorted(summary.notes):
        print(f"  {name}: {summary.notes[name]} notes, {summary.cards[name]} cards")
    return 0


def export_time(out: Path) -> int:
    """`SOURCE_DATE_EPOCH` if set; else now, but later than the notes of a package already at `out`."""
    from studykit.export.anki import previous_timestamp

    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if pinned:
        try:
            seconds = int(pinned)
        except ValueError:
            raise UserError(f"SOURCE_DATE_EPOCH: expected seconds since 1970, got {pinned!r}") from None
        if not 0 <= seconds <= LATEST_EPOCH:  # Anki's ids are the time in milliseconds, in SQLite's 64 bits
            raise UserError(
                f"SOURCE_DATE_EPOCH: expected seconds from 0 to {LATEST_EPOCH} (the end of 9999), got {pinned}"
            )
        return seconds
    now = int(time.time())
    previous = previous_timestamp(out) if out.exists() else None
    return max(now, previous + 1) if previous is not None else now


class ProgressBar:
    """A one-line bar on a terminal: `[#######.............]  35%  1,234/3,500 notes`."""

    width = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // total if total else self.width
        percent = 100 * done // total if total else 100
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {percent:3d}%  {done:,}/{total:,} notes")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
