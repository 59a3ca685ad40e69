"""Anki packages (.apkg, .colpkg) read without Anki: the package reader, its model, and (in
`templates.py`, `html_text.py`) Anki's template language and HTML shown as terminal text.

The reader's public API:

    from studykit.importers.anki import open_package, PackageError

    with open_package("deck.apkg") as package:    # raises PackageError naming the file
        collection = package.collection           # AnkiCollection: note types, decks, notes, cards, reviews
        for entry in package.media:               # MediaEntry: name, member, size, compressed
            data = package.read_media(entry)      # bounded by Limits, checked against its SHA-1
        for problem in package.problems:          # damaged-but-readable parts, each named
            print(problem)
"""

from __future__ import annotations

from studykit.importers.anki.errors import DecodeError, PackageError, Problem, ProblemKind
from studykit.importers.anki.model import (
    AnkiCollection,
    Card,
    CardQueue,
    CardType,
    Deck,
    DeckConfig,
    MediaEntry,
    Note,
    NoteType,
    Review,
    ReviewKind,
    Template,
)
from studykit.importers.anki.package import (
    Limits,
    Package,
    PackageFormat,
    is_safe_media_name,
    open_package,
    unsafe_media_name_reason,
)

__all__ = [
    "AnkiCollection",
    "Card",
    "CardQueue",
    "CardType",
    "Deck",
    "DeckConfig",
    "DecodeError",
    "Limits",
    "MediaEntry",
    "Note",
    "NoteType",
    "Package",
    "PackageError",
    "PackageFormat",
    "Problem",
    "ProblemKind",
    "Review",
    "ReviewKind",
    "Template",
    "is_safe_media_name",
    "open_package",
    "unsafe_media_name_reason",
]
