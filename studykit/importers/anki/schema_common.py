"""What the two schema readers hand back to the collection reader: the definitions of a collection."""

from __future__ import annotations

from dataclasses import dataclass, field

from studykit.importers.anki.errors import Problem
from studykit.importers.anki.model import Deck, DeckConfig, NoteType


@dataclass
class Definitions:
    """Note types, decks and deck options by id, the scheduler version, and what could not be read."""

    note_types: dict[int, NoteType]
    decks: dict[int, Deck]
    deck_configs: dict[int, DeckConfig]
    scheduler_version: int
    problems: list[Problem] = field(default_factory=list)


def scheduler_version(sched_ver: object, sched2021: object) -> int:
    """1, 2 or 3 from the `schedVer` and `sched2021` settings (absent: the v1 scheduler).

    The v3 scheduler ("sched2021") stores cards as v2 does; it is on when both say so.
    """
    try:
        version = int(sched_ver) if sched_ver is not None else 1  # type: ignore[call-overload]
    except (TypeError, ValueError):
        version = 1
    if version >= 2 and sched2021 is True:
        return 3
    return version if version in (1, 2) else 2
