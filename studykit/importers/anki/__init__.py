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

The names are loaded on first use (PEP 562), so that importing the pure modules
(`templates`, `cloze`, `html_text`) loads neither the reader nor its dependencies (zstandard,
sqlite3).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studykit.importers.anki.errors import (
        DecodeError,
        PackageError,
        Problem,
        ProblemKind,
    )
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

_HOMES = {
    "DecodeError": "errors",
    "PackageError": "errors",
    "Problem": "errors",
    "ProblemKind": "errors",
    "AnkiCollection": "model",
    "Card": "model",
    "CardQueue": "model",
    "CardType": "model",
    "Deck": "model",
    "DeckConfig": "model",
    "MediaEntry": "model",
    "Note": "model",
    "NoteType": "model",
    "Review": "model",
    "ReviewKind": "model",
    "Template": "model",
    "Limits": "package",
    "Package": "package",
    "PackageFormat": "package",
    "is_safe_media_name": "package",
    "open_package": "package",
    "unsafe_media_name_reason": "package",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
