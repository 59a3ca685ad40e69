"""The layer's one error: a message for the student, shown as it is (exit status 2 in the CLI)."""

from __future__ import annotations

from collections.abc import Iterable


class StudyError(Exception):
    """The collection, a source or a deck name cannot be used; the message says which and why."""


class UnknownDeck(StudyError):
    """No deck has this id, name or Anki name; the message lists the known ones."""

    def __init__(self, asked: str, known: Iterable[str], *, shown: int | None = None) -> None:
        self.asked = asked
        self.known = sorted(known)
        names = self.known if shown is None else self.known[:shown]
        more = f", …and {len(self.known) - len(names)} more" if len(names) < len(self.known) else ""
        super().__init__(f"unknown deck {asked!r}; known decks: {', '.join(names) or 'none'}{more}")


class NotSaved(StudyError):
    """A change (a grade, an undo, a bury, a suspension) could not be written. The sitting keeps
    it and writes it before anything else; `retry` says whether trying again can work (the
    collection was busy) or the student must stop (a read-only file, a full disk)."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


class BadQuery(StudyError):
    """A browser search that cannot be read; `position` is where in the query the problem is."""

    def __init__(self, message: str, query: str, position: int = 0) -> None:
        self.query = query
        self.position = position
        super().__init__(message)
