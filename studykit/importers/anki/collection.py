"""Read an Anki collection (an SQLite file already out of its package) into `AnkiCollection`.

The notes, cards and review log tables are the same in every schema; note types, decks and
deck options are read by `schema11` (JSON in `col`) or `schema18` (tables with protobuf
blobs) according to `col.ver`. The file is opened read-only and immutable (it is a private
copy; a collection closed in WAL mode then needs no `-wal` or `-shm` file), with Anki's
`unicase` collation registered, without which SQLite refuses queries on the tables declared
with it.

Reading is one pass per table in id order, with plain cursor iteration: a row becomes a
record with no work beyond splitting fields and tags. Damage that leaves the rest readable
becomes a `Problem` (grouped by note type or deck, with a few example ids), the damaged rows
are left out or repaired as Anki's Check Database would, and the invariants stated in
`model.py` hold for what is returned.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import quote

from studykit.importers.anki import schema11, schema18
from studykit.importers.anki.errors import DecodeError, Problem, ProblemKind
from studykit.importers.anki.model import (
    AnkiCollection,
    Card,
    CardQueue,
    CardType,
    Deck,
    Note,
    NoteType,
    Review,
    ReviewKind,
)
from studykit.importers.anki.schema_common import Definitions

SCHEMA_VERSIONS = (11, 15, 16, 17, 18)
FIELD_SEPARATOR = "\x1f"
_EXAMPLES = 5

_NOTES_SQL = "SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id"
_CARDS_SQL = (
    "SELECT id, nid, did, ord, mod, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data"
    " FROM cards ORDER BY id"
)
_REVLOG_SQL = "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id"


def unicase(left: str, right: str) -> int:
    """Anki's `unicase` collation: compare ignoring case (Unicode case folding)."""
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open an SQLite file read-only and immutable, with Anki's collation registered."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    db.create_collation("unicase", unicase)
    return db


def read_collection(path: Path) -> tuple[AnkiCollection, tuple[Problem, ...]]:
    """Read the collection at `path`; raise `DecodeError` (no file name) if it cannot be read."""
    if path.stat().st_size == 0:
        raise DecodeError("the collection is an empty file (0 bytes)")
    try:
        db = connect_read_only(path)
    except sqlite3.Error as error:
        raise DecodeError(f"the collection cannot be opened as SQLite ({error})") from None
    try:
        try:
            return _read(db)
        except sqlite3.OperationalError as error:
            if "decode" not in str(error).lower():
                raise
            db.text_factory = lambda raw: raw.decode("utf-8", "replace")
            collection, problems = _read(db)
            note = Problem(ProblemKind.BAD_TEXT, "some text in the collection is not valid UTF-8: shown with �")
            return collection, (note, *problems)
    except sqlite3.DatabaseError as error:
        raise DecodeError(_sqlite_message(error)) from None
    finally:
        db.close()


def _sqlite_message(error: sqlite3.DatabaseError) -> str:
    text = str(error)
    if "file is not a database" in text:
        return "the collection is not an SQLite database"
    if "no such table" in text or "no such column" in text:
        return f"the collection is not an Anki collection ({text})"
    return f"the collection's SQLite database is damaged ({text})"


def _read(db: sqlite3.Connection) -> tuple[AnkiCollection, tuple[Problem, ...]]:
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in ("col", "notes", "cards", "revlog") if t not in tables]
    if missing:
        raise DecodeError(f"the collection is not an Anki collection (no {', '.join(missing)} table)")
    row = db.execute("SELECT crt, ver FROM col").fetchone()
    if row is None:
        raise DecodeError("the collection's col table is empty")
    created, version = row
    if not isinstance(created, int):
        raise DecodeError(f"the collection's creation time (col.crt) is {created!r}, not a number")
    if not isinstance(version, int) or version not in SCHEMA_VERSIONS:
        direction = "newer than" if isinstance(version, int) and version > max(SCHEMA_VERSIONS) else "not one"
        raise DecodeError(f"the collection has schema version {version!r}, {direction} studykit reads (11 and 15–18)")
    definitions = schema11.read_definitions(db) if version == 11 else schema18.read_definitions(db, version)
    problems = list(definitions.problems)
    notes = _notes(db.execute(_NOTES_SQL), definitions.note_types, problems)
    cards = _cards(db.execute(_CARDS_SQL), notes, definitions, problems)
    reviews = _reviews(db, cards, problems)
    if definitions.scheduler_version == 1:
        cards, reviews = _in_v2_terms(cards, reviews)
    collection = AnkiCollection(
        created=created,
        scheduler_version=definitions.scheduler_version,
        schema_version=version,
        note_types=MappingProxyType(definitions.note_types),
        decks=MappingProxyType(definitions.decks),
        deck_configs=MappingProxyType(definitions.deck_configs),
        notes=tuple(notes.values()),
        cards=tuple(cards),
        reviews=tuple(reviews),
    )
    return collection, tuple(problems)


def _examples(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:_EXAMPLES])
    return f"ids {shown}, …" if len(ids) > _EXAMPLES else f"id {shown}" if len(ids) == 1 else f"ids {shown}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _some(ids: list[int], word: str) -> str:
    """'1 note (id 5)', '3 notes (ids 5, 6, 7)': how problems name what they are about."""
    return f"{_plural(len(ids), word)} ({_examples(ids)})"


def _verb(count: int, singular: str, plural: str) -> str:
    return singular if count == 1 else plural


def _notes(
    rows: Iterable[tuple[Any, ...]], note_types: dict[int, NoteType], problems: list[Problem]
) -> dict[int, Note]:
    """Notes by id (in id order), each with exactly its note type's number of fields."""
    field_counts = {ntid: len(nt.fields) for ntid, nt in note_types.items()}
    notes: dict[int, Note] = {}
    no_type: defaultdict[int, list[int]] = defaultdict(list)
    mismatched: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    unreadable: list[int] = []
    new = tuple.__new__  # a NamedTuple's own __new__ is a Python function: one call per row saved
    for row in rows:
        try:
            note_id, guid, notetype_id, modified, tags, flds = row
            fields = flds.split(FIELD_SEPARATOR)
            expected = field_counts.get(notetype_id)
            if expected is None:
                no_type[notetype_id].append(note_id)
                continue
            if len(fields) != expected:
                mismatched[notetype_id].append((note_id, len(fields)))
                fields = _fix_field_count(fields, expected)
            notes[note_id] = new(Note, (note_id, guid, notetype_id, modified, tuple(tags.split()), tuple(fields)))
        except (AttributeError, TypeError, ValueError):
            unreadable.append(row[0] if row else 0)
    for notetype_id, ids in no_type.items():
        problems.append(
            Problem(
                ProblemKind.MISSING_NOTE_TYPE,
                f"{_some(ids, 'note')} {_verb(len(ids), 'uses', 'use')} note type id {notetype_id},"
                " which the package lacks: left out with their cards",
            )
        )
    for notetype_id, found in mismatched.items():
        note_type = note_types[notetype_id]
        counts = ", ".join(f"{n}" for n in sorted({n for _, n in found}))
        problems.append(
            Problem(
                ProblemKind.FIELD_COUNT,
                f"{_plural(len(found), 'note')} of note type '{note_type.name}' ({_examples([i for i, _ in found])})"
                f" {_verb(len(found), 'has', 'have')} {counts} fields where the note type has {len(note_type.fields)}:"
                " padded with empty fields or extra fields joined to the last, as Anki's Check Database does",
            )
        )
    if unreadable:
        problems.append(
            Problem(
                ProblemKind.BAD_ROW,
                f"{_some(unreadable, 'note')} cannot be read: left out",
            )
        )
    shared = [guid for guid, count in Counter(note[1] for note in notes.values()).items() if count > 1]
    if shared:
        shown = ", ".join(repr(guid) for guid in shared[:_EXAMPLES]) + (", …" if len(shared) > _EXAMPLES else "")
        problems.append(
            Problem(
                ProblemKind.DUPLICATE_GUID,
                f"{_plural(len(shared), 'GUID')} ({shown}) {_verb(len(shared), 'belongs', 'belong')} to more than"
                " one note: all kept, but a later import cannot tell them apart",
            )
        )
    return notes


def _fix_field_count(fields: list[str], expected: int) -> list[str]:
    if len(fields) < expected:
        return fields + [""] * (expected - len(fields))
    if expected <= 0:
        return fields
    return [*fields[:expected - 1], "; ".join(fields[expected - 1:])]


def _deck_label(deck_id: int, decks: dict[int, Deck]) -> str:
    deck = decks.get(deck_id)
    return f"deck '{deck.name}'" if deck else f"deck id {deck_id}"


def _cards(
    rows: Iterable[tuple[Any, ...]], notes: dict[int, Note], definitions: Definitions, problems: list[Problem]
) -> list[Card]:
    """Cards whose note was read, in id order; cards in missing decks and past-the-end templates reported."""
    cards: list[Card] = []
    orphans: defaultdict[int, list[int]] = defaultdict(list)
    new = tuple.__new__
    for row in rows:
        if row[1] in notes:
            cards.append(new(Card, row))
        else:
            orphans[row[2]].append(row[0])
    for deck_id, ids in orphans.items():
        problems.append(
            Problem(
                ProblemKind.MISSING_NOTE,
                f"{_plural(len(ids), 'card')} in {_deck_label(deck_id, definitions.decks)} ({_examples(ids)})"
                f" {_verb(len(ids), 'belongs to a note', 'belong to notes')} the package lacks: left out",
            )
        )
    _check_decks_and_templates(cards, notes, definitions, problems)
    return cards


def _check_decks_and_templates(
    cards: list[Card], notes: dict[int, Note], definitions: Definitions, problems: list[Problem]
) -> None:
    decks = definitions.decks
    note_types = definitions.note_types
    template_counts = {ntid: len(nt.templates) for ntid, nt in note_types.items() if not nt.is_cloze}
    missing_decks: defaultdict[int, list[int]] = defaultdict(list)
    bad_ords: defaultdict[int, list[int]] = defaultdict(list)
    for card in cards:
        if card.deck_id not in decks:
            missing_decks[card.deck_id].append(card.id)
        if card.original_deck_id and card.original_deck_id not in decks:
            missing_decks[card.original_deck_id].append(card.id)
        templates = template_counts.get(notes[card.note_id].notetype_id)
        if templates is not None and not 0 <= card.ord < templates:
            bad_ords[notes[card.note_id].notetype_id].append(card.id)
    for deck_id, ids in missing_decks.items():
        problems.append(
            Problem(
                ProblemKind.MISSING_DECK,
                f"{_some(ids, 'card')} {_verb(len(ids), 'is', 'are')} in deck id {deck_id}, which the package lacks",
            )
        )
    for notetype_id, ids in bad_ords.items():
        note_type = note_types[notetype_id]
        problems.append(
            Problem(
                ProblemKind.BAD_TEMPLATE_ORD,
                f"{_plural(len(ids), 'card')} of note type '{note_type.name}' ({_examples(ids)})"
                f" {_verb(len(ids), 'uses', 'use')} a template number past its"
                f" {_plural(len(note_type.templates), 'template')} (Anki shows them blank)",
            )
        )


def _in_v2_terms(cards: list[Card], reviews: list[Review]) -> tuple[list[Card], list[Review]]:
    """A v1 collection's cards and reviews as the v2 scheduler stores them, converted as Anki does.

    Anki converts a v1 collection before it studies or imports it with scheduling: learning
    answers had three buttons (Again, Good, Easy = 1, 2, 3), so their eases 2 and 3 become 3
    and 4; a relearning card was a review card in the learning queue and gets its own type.
    (Anki's further adjustments of v1 cards sitting in filtered decks are not made.)
    """
    relearning = (CardQueue.LEARNING, CardQueue.DAY_LEARNING)
    cards = [
        card._replace(type=CardType.RELEARNING.value)
        if card.type == CardType.REVIEW and card.queue in relearning
        else card
        for card in cards
    ]
    learning = (ReviewKind.LEARNING, ReviewKind.RELEARNING)
    reviews = [
        review._replace(ease=review.ease + 1) if review.ease in (2, 3) and review.kind in learning else review
        for review in reviews
    ]
    return cards, reviews


def _reviews(db: sqlite3.Connection, cards: list[Card], problems: list[Problem]) -> list[Review]:
    """Reviews of the cards read, in time order; reviews of other cards counted as one problem."""
    card_ids = {card[0] for card in cards}
    new = tuple.__new__
    kept = [new(Review, row) for row in db.execute(_REVLOG_SQL) if row[1] in card_ids]
    (total,) = db.execute("SELECT count() FROM revlog").fetchone()
    if len(kept) != total:
        orphan_cards = Counter(cid for (cid,) in db.execute("SELECT cid FROM revlog") if cid not in card_ids)
        count = sum(orphan_cards.values())
        problems.append(
            Problem(
                ProblemKind.ORPHAN_REVIEWS,
                f"{_plural(count, 'review')} of {_plural(len(orphan_cards), 'card')} the package lacks"
                f" (deleted in Anki, {_examples(sorted(orphan_cards))}): left out",
            )
        )
    return kept
