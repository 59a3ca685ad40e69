"""The card of an imported Anki note: what Anki would show, kept as Anki rendered it at import.

A fact deck's card (`core.cards.Card`) is made by a question generator and asks a question
studykit can check. An imported note's card is the other kind: its question and answer are
HTML from the note's templates (rendered once, at import, by `importers.anki.templates`), shown
as the terminal can show them and graded by the student with Anki's four buttons, except a
`{{type:Field}}` card, whose typed answer is checked against `type_in.expected`.

Its id comes from the note's GUID and the card's template ordinal, never from its text, so a
newer version of a shared deck matches the cards already studied: they update in place and
keep their history. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from studykit.core.cards import Card

NOTE_KIND = "note"  # the discriminator of a note card in the collection's stored content
# Where a type-in card's answer box (question) and comparison (answer) go in its stored HTML: the
# template renderer's `TYPE_ANSWER_PLACEHOLDER`, repeated here so that showing a card needs no renderer.
TYPE_ANSWER_SLOT = "\ue000type-answer\ue001"


def note_card_id(guid: str, ordinal: int) -> str:
    """`anki:<guid>:<ordinal>`: the same note and template give the same id in every import."""
    return f"anki:{guid}:{ordinal}"


@dataclass(frozen=True, slots=True)
class TypeIn:
    """A `{{type:Field}}` card's expected answer: plain text, prepared as Anki compares it.

    `combining` False (`{{type:nc:Field}}`) compares ignoring diacritics; `cloze` says the
    expected text is the card's cloze deletions (`{{type:cloze:Text}}`)."""

    field: str
    expected: str
    cloze: bool = False
    combining: bool = True


@dataclass(frozen=True, slots=True)
class NoteCard:
    """One card of an imported note.

    `question` and `answer` are the sides' HTML as Anki renders them (a type-in card has the
    renderer's placeholder where its answer box and comparison go); `media` maps each media
    name the sides use to the file it is stored under (the same name, unless another package
    already stored different bytes under it); `fields` are the note's fields (name, HTML) as the
    source screen shows them. `deck_id` is the studykit deck (its source's), `deck` the Anki name.
    """

    id: str
    deck_id: str
    guid: str
    ordinal: int
    question: str
    answer: str
    note_type: str
    template: str = ""
    deck: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    media: tuple[tuple[str, str], ...] = ()
    type_in: TypeIn | None = None
    empty: bool = False  # Anki shows it blank (no non-empty field in its question, a lost cloze number)

    # What a fact card has and a note card never does: code that shows either may ask.
    sources: ClassVar[tuple[()]] = ()
    fact_ids: ClassVar[tuple[()]] = ()

    def stored_media(self, name: str) -> str | None:
        """The file a media name of the card is stored under, or None if it was never imported."""
        for used, stored in self.media:
            if used == name:
                return stored
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": NOTE_KIND,
            "id": self.id,
            "deck": self.deck_id,
            "guid": self.guid,
            "ordinal": self.ordinal,
            "question": self.question,
            "answer": self.answer,
            "note_type": self.note_type,
            "template": self.template,
            "anki_deck": self.deck,
            "fields": [list(pair) for pair in self.fields],
            "tags": list(self.tags),
            "media": [list(pair) for pair in self.media],
        }
        if self.type_in is not None:
            t = self.type_in
            out["type_in"] = {"field": t.field, "expected": t.expected, "cloze": t.cloze, "combining": t.combining}
        if self.empty:
            out["empty"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NoteCard:
        type_in = data.get("type_in")
        return cls(
            id=data["id"],
            deck_id=data["deck"],
            guid=data["guid"],
            ordinal=int(data["ordinal"]),
            question=data["question"],
            answer=data["answer"],
            note_type=data["note_type"],
            template=data.get("template", ""),
            deck=data.get("anki_deck", ""),
            fields=tuple((name, value) for name, value in data.get("fields", ())),
            tags=tuple(data.get("tags", ())),
            media=tuple((used, stored) for used, stored in data.get("media", ())),
            type_in=None if type_in is None else TypeIn(
                type_in["field"], type_in["expected"], bool(type_in.get("cloze")), bool(type_in.get("combining", True)),
            ),
            empty=bool(data.get("empty", False)),
        )


# Either kind of card, as the collection stores and a session shows them.
AnyCard = Card | NoteCard


def card_from_dict(data: dict[str, Any]) -> AnyCard:
    """A stored card of either kind, told apart by its `kind`."""
    if data.get("kind") == NOTE_KIND:
        return NoteCard.from_dict(data)
    return Card.from_dict(data)
