"""What an Anki package holds, as plain typed values: the reader's output, the importer's input.

The model says what Anki stores, not what studykit makes of it: raw template text, raw field
HTML, Anki's own numbers for card state (`type`, `queue`, `due`, `ivl`, `factor`, ...) and for
review kinds. Turning them into studykit cards, review history and media is the integration's
job; rendering templates is `templates.py`'s. Everything is immutable.

The per-row records (`Note`, `Card`, `Review`) are `NamedTuple`s and the rest frozen
dataclasses: a collection can hold hundreds of thousands of reviews, and a named tuple is built
five times faster than a frozen dataclass (about 0.5 µs against 2.7 µs per record here) while
being just as typed and immutable.

Invariants the reader guarantees, so that callers need not check them again:
- every `Note.notetype_id` is a key of `AnkiCollection.note_types`, and a note has exactly as
  many fields as its note type (a mismatch is fixed as Anki's database check does, and reported);
- every `Card.note_id` is the id of a note in `notes`;
- every `Review.card_id` is the id of a card in `cards`;
- notes, cards and reviews are in ascending id order (a review's id is its time in ms).
A card's deck may still be missing from `decks` (reported as a problem); its template ordinal
may exceed a standard note type's templates (reported; Anki shows such a card as blank).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple


class CardType(enum.IntEnum):
    """`cards.type`: where a card is in its life."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class CardQueue(enum.IntEnum):
    """`cards.queue`: what the scheduler does with a card now (negative: not shown)."""

    MANUALLY_BURIED = -3
    SIBLING_BURIED = -2
    SUSPENDED = -1
    NEW = 0
    LEARNING = 1  # due is a time (epoch seconds)
    REVIEW = 2  # due is a day number counted from the collection's creation
    DAY_LEARNING = 3  # learning across a day boundary: due is a day number
    PREVIEW = 4


class ReviewKind(enum.IntEnum):
    """`revlog.type`: which kind of answer a review-log entry records."""

    LEARNING = 0
    REVIEW = 1
    RELEARNING = 2
    FILTERED = 3  # "cram": answered in a filtered deck without rescheduling
    MANUAL = 4  # rescheduled by hand (Set Due Date, Forget): not an answer
    RESCHEDULED = 5  # rescheduled in bulk (e.g. FSRS): not an answer


@dataclass(frozen=True, slots=True)
class Template:
    """One card template of a note type: raw Anki template text, rendered by `templates.py`."""

    ord: int
    name: str
    question_format: str
    answer_format: str


@dataclass(frozen=True, slots=True)
class NoteType:
    """A note type ("model"): its fields in order, its card templates, its stylesheet.

    A cloze note type has one template and makes one card per cloze number; a standard one
    makes one card per template whose question is not empty.
    """

    id: int
    name: str
    is_cloze: bool
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    css: str
    sort_field: int


@dataclass(frozen=True, slots=True)
class Deck:
    """A deck, its name with levels joined by `::` as Anki shows it (`Parent::Child`).

    A filtered deck (`filtered`) holds cards borrowed from their home deck (`Card.original_deck_id`)
    and has no options (`config_id` is None).
    """

    id: int
    name: str
    filtered: bool
    config_id: int | None
    description: str


@dataclass(frozen=True, slots=True)
class DeckConfig:
    """A deck's options preset, the parts that carry over to another scheduler.

    Steps are in minutes; `initial_ease` is a factor (2.5 for Anki's 250 %).
    """

    id: int
    name: str
    new_per_day: int
    reviews_per_day: int
    learn_steps: tuple[float, ...]
    relearn_steps: tuple[float, ...]
    initial_ease: float
    maximum_interval: int
    leech_threshold: int


class Note(NamedTuple):
    """A note: its fields' raw HTML split on Anki's `\\x1f` separator, its tags split on spaces.

    `modified` is epoch seconds; `guid` is what matches a note across imports of a shared deck.
    """

    id: int
    guid: str
    notetype_id: int
    modified: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


class Card(NamedTuple):
    """A card with Anki's scheduling state, as stored (see `CardType`, `CardQueue`).

    `due` means by queue: a position for new cards, a day number (days since
    `AnkiCollection.created`) for review and day-learning cards, epoch seconds for learning
    cards. `interval` is days (negative: seconds, for learning in the old scheduler), `factor`
    the ease in permille (2500 = 250 %), `left` the learning steps left, `data` Anki's JSON
    extras (FSRS memory state `{"s":…,"d":…}`, original position `pos`). In a filtered deck,
    `original_deck_id` and `original_due` are the home deck and due; otherwise both are 0.
    """

    id: int
    note_id: int
    deck_id: int
    ord: int
    modified: int
    type: int
    queue: int
    due: int
    interval: int
    factor: int
    reps: int
    lapses: int
    left: int
    original_due: int
    original_deck_id: int
    flags: int
    data: str


class Review(NamedTuple):
    """One review-log entry: `id` is when it happened (epoch milliseconds).

    `ease` is the button (1 Again … 4 Easy; 0 for a manual reschedule), `interval` and
    `last_interval` days (negative: seconds), `factor` permille, `time_ms` the answer time,
    `kind` a `ReviewKind`.
    """

    id: int
    card_id: int
    ease: int
    interval: int
    last_interval: int
    factor: int
    time_ms: int
    kind: int


@dataclass(frozen=True, slots=True)
class AnkiCollection:
    """Everything read from a package's collection.

    `created` is the collection's creation time (`col.crt`, epoch seconds): review due days
    count from it. `scheduler_version` is 1, 2 or 3 as the collection stores it (v3 is v2's
    storage with the 2021 scheduler); the cards and reviews of a v1 collection are given in
    v2 terms, converted as Anki converts them (learning eases 2, 3 become 3, 4; relearning
    cards get their own type). `schema_version` is the SQLite schema read (11, or 15–18). Note types, decks
    and deck options are keyed by id (read-only mappings, ascending ids); notes, cards and
    reviews are tuples in id order.
    """

    created: int
    scheduler_version: int
    schema_version: int
    note_types: Mapping[int, NoteType]
    decks: Mapping[int, Deck]
    deck_configs: Mapping[int, DeckConfig]
    notes: tuple[Note, ...]
    cards: tuple[Card, ...]
    reviews: tuple[Review, ...]


@dataclass(frozen=True, slots=True)
class MediaEntry:
    """One media file of a package: its name in the collection and where its bytes are.

    `member` is the zip member holding the bytes; `compressed` says they are zstd-compressed
    (packages of version 3); `size` is the uncompressed size where the media map records it,
    else the member's size; `sha1` is the checksum the map records (version 3), else None.
    Only entries whose name is safe (`is_safe_media_name`) and whose member exists are listed.
    """

    name: str
    member: str
    size: int
    compressed: bool
    sha1: bytes | None = None
