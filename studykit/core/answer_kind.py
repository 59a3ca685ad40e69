"""What a card's answer is (`AnswerKind`), apart from the checking of answers (`core.answers`).

A card names its answer's kind, so every card module needs this enum; checking a typed
answer needs the date, number and name parsers besides. Kept apart, showing a card loads
none of them (they load with the first typed answer, `tui.grading`).
"""

from __future__ import annotations

from enum import Enum


class AnswerKind(str, Enum):
    """What a card's answer is, which decides how a typed answer is judged. The generators
    set it; TEXT (not known) reads it from the answer. Only DESCRIPTION cannot be judged."""

    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    PERSON = "person"
    PLACE = "place"
    AGREEMENT = "agreement"
    ORGANIZATION = "organization"
    NAME = "name"                # names of another sort, or several (the parties to a treaty)
    DESCRIPTION = "description"  # a sentence or phrase (a role, a significance, an event)

    @property
    def judged(self) -> bool:
        """Whether a typed answer of this kind can be checked by a machine."""
        return self is not AnswerKind.DESCRIPTION
