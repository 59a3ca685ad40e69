"""The one error a package reader raises, and the damaged-but-readable findings it reports.

A package that cannot be read at all raises `PackageError` with one readable sentence that
names the file and what is wrong, so the command line can print it and exit with status 2.
A package that can be read in part is returned with its `problems`: a note whose fields do not
match its note type, a card whose note is missing, a media entry with an unsafe name. Each
problem names the note type, deck or media file it is about, so a user can find it in Anki.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class PackageError(Exception):
    """A package that cannot be read: the message names the file and what is wrong."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DecodeError(PackageError):
    """Bytes that do not decode (protobuf, zstd, JSON); the package reader adds the file name.

    A subclass of `PackageError` so that code decoding a blob on its own (and the property
    tests) can catch the one class, while `open_package` re-raises it naming the file and member.
    """


class ProblemKind(enum.StrEnum):
    """What kind of damage a problem reports; lets integration count and group them."""

    MISSING_NOTE = "missing-note"  # a card whose note is not in the package
    MISSING_NOTE_TYPE = "missing-note-type"  # a note whose note type is not in the package
    MISSING_DECK = "missing-deck"  # a card in a deck the package lacks
    FIELD_COUNT = "field-count"  # a note's field count differs from its note type
    DUPLICATE_GUID = "duplicate-guid"  # notes sharing a GUID (a later import cannot match them)
    BAD_TEMPLATE_ORD = "bad-template-ord"  # a card of a standard note type with no such template
    ORPHAN_REVIEWS = "orphan-reviews"  # review history of cards not in the package
    BAD_ROW = "bad-row"  # a row whose values cannot be read
    BAD_NOTE_TYPE = "bad-note-type"  # a note type whose definition cannot be read
    BAD_DECK = "bad-deck"  # a deck or deck options whose definition cannot be read
    BAD_TEXT = "bad-text"  # text that was not valid UTF-8 (replaced)
    UNSAFE_MEDIA_NAME = "unsafe-media-name"  # a media name that could leave the media folder
    MISSING_MEDIA_MEMBER = "missing-media-member"  # a media map entry whose zip member is absent
    DUPLICATE_MEDIA_NAME = "duplicate-media-name"  # two media map entries with one name
    BAD_MEDIA_ENTRY = "bad-media-entry"  # a media map entry that cannot be read
    PACKAGE_LAYOUT = "package-layout"  # the zip's members are not as Anki writes them


@dataclass(frozen=True, slots=True)
class Problem:
    """One damaged part of a readable package; `message` names what it is about."""

    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        return self.message
