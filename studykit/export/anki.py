"""The Anki export: studykit's cards as an `.apkg` that imports cleanly and updates in place.

The one module that imports genanki. What keeps a re-import an update rather than a copy:

- note-type ids are the constants below, written once; deck ids come from the deck file
  (`anki_id`), topic subdeck ids derive from it and the topic slug (Anki itself also
  matches an imported deck to an existing one by name);
- a note's GUID comes from our card id (for a note that holds several of our cards, the id
  they share), never from its text, so correcting a fact changes the note, not its identity;
- every note is stamped with the export time: Anki replaces its copy of a note only with a
  newer one, so each export must be stamped later than the previous one.

Which cards become notes: Q&A (a fact's question and, where the generators make one, its
reverse question pair into one note), multiple choice, cloze (all deletions of a fact in one
note, one card each) and chronology. True-or-false and matching cards are left out: see
`LEFT_OUT`.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import genanki  # type: ignore[import-untyped]

from studykit.core.cards import Card, CardType
from studykit.core.facts import Deck, Fact, Source
from studykit.core.tags import fact_tags
from studykit.core.text import visible
from studykit.core.topics import topic_title

if TYPE_CHECKING:
    from studykit.decks import SeedInfo  # only its fields are read: the export does not load the deck reader

EXPORTED = (CardType.QA, CardType.CHOICE, CardType.CLOZE, CardType.CHRONOLOGY)
LEFT_OUT = {
    CardType.TRUE_FALSE: (
        "a false statement studied for weeks in Anki teaches the falsehood; cloze cards ask the same statements"
    ),
    CardType.MATCHING: (
        "Anki cannot drag items into pairs; the same pairs are asked one by one by the Q&A and choice cards"
    ),
}

# Note-type ids: constants, never to change (Anki matches note types by id on import).
MODEL_IDS = {
    CardType.QA: 1212353903,
    CardType.CHOICE: 1718176141,
    CardType.CLOZE: 1197089397,
    CardType.CHRONOLOGY: 2095045892,
}
MODEL_NAMES = {
    CardType.QA: "studykit: question and answer",
    CardType.CHOICE: "studykit: multiple choice",
    CardType.CLOZE: "studykit: cloze",
    CardType.CHRONOLOGY: "studykit: chronology",
}
DETAIL_FIELDS = ("Statement", "Source", "FactId")
FIELDS = {
    CardType.QA: ("Question", "Answer", "ReverseQuestion", "ReverseAnswer", *DETAIL_FIELDS),
    CardType.CHOICE: ("Question", "Options", "Correct", "Answer", *DETAIL_FIELDS),
    CardType.CLOZE: ("Text", *DETAIL_FIELDS),
    CardType.CHRONOLOGY: ("Question", "Events", "Order", *DETAIL_FIELDS),
}
# Cloze numbers are fixed per blanked value, so a deletion keeps its card (and its reviews)
# when a fact gains or loses another blank.
CLOZE_NUMBERS = {"date": 1, "name": 2, "place": 3, "number": 4, "leader": 5}
ID_LIMIT = 2**53  # Anki's web views read ids as JavaScript numbers
REVERSE = "-reverse"
LETTERS = "ABCDEFGH"  # multiple-choice options the stylesheet can mark
BLANK = "_____"


@dataclass(frozen=True)
class AnkiNote:
    """One note to write: its note type, GUID, field HTML, tags and deck."""

    type: CardType
    guid: str
    fields: list[str]
    tags: list[str]
    deck_name: str
    deck_id: int


@dataclass(frozen=True)
class ExportSummary:
    """What was written: notes and cards per note type, and the time the notes carry."""

    path: Path
    notes: dict[str, int]
    cards: dict[str, int]
    decks: tuple[str, ...]
    timestamp: int


class AnkiExportError(Exception):
    """A problem the user can fix (an unwritable path); nothing was written."""


# --- ids and names ----------------------------------------------------------------------

def derived_id(key: str) -> int:
    """A stable id in Anki's range from a string key (same key, same id, on every machine)."""
    value = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + value % (ID_LIMIT - (1 << 30))


def deck_root(deck: Deck) -> tuple[str, int]:
    """The deck's Anki name and id: `anki_name`/`anki_id` from the deck file, else its name and
    an id derived from its slug (stable too, since a deck's slug never changes)."""
    name = deck.anki_name or deck.name.replace("::", ":")
    return name, deck.anki_id or derived_id(f"studykit-deck:{deck.id}")


def note_guid(key: str) -> str:
    return str(genanki.guid_for(key))


# --- templates --------------------------------------------------------------------------

@cache
def _template(name: str) -> str:
    return (resources.files("studykit.export") / "anki_templates" / name).read_text(encoding="utf-8")


def _with_details(name: str, *, statement: bool = True) -> str:
    details = _template("details.html")
    if not statement:
        details = re.sub(r"\{\{#Statement\}\}.*?\{\{/Statement\}\}\n", "", details)
    return _template(name).replace("<!-- details -->", details.strip())


@cache
def models() -> dict[CardType, genanki.Model]:
    """The four note types, with one shared stylesheet."""
    css = _template("style.css")

    def template(name: str, front: str, back: str, *, statement: bool = True) -> dict[str, str]:
        return {
            "name": name, "qfmt": _template(front).strip(), "afmt": _with_details(back, statement=statement).strip(),
        }

    specs = {
        CardType.QA: [
            template("Question", "qa_front.html", "qa_back.html"),
            template("Reverse question", "qa_reverse_front.html", "qa_reverse_back.html"),
        ],
        CardType.CHOICE: [template("Multiple choice", "choice_front.html", "choice_back.html")],
        CardType.CLOZE: [template("Cloze", "cloze_front.html", "cloze_back.html", statement=False)],
        CardType.CHRONOLOGY: [template("Chronology", "chronology_front.html", "chronology_back.html")],
    }
    return {
        kind: genanki.Model(
            MODEL_IDS[kind], MODEL_NAMES[kind], fields=[{"name": f} for f in FIELDS[kind]], templates=templates,
            css=css, model_type=genanki.Model.CLOZE if kind is CardType.CLOZE else genanki.Model.FRONT_BACK,
        )
        for kind, templates in specs.items()
    }


# --- notes ------------------------------------------------------------------------------

def esc(text: str) -> str:
    """Field text: HTML-escaped, control characters shown as escapes, and braces as entities,
    so that no field of any note can hold a `{{c2::...}}` that Anki would read as a deletion
    (its Check Database makes a card for a deletion in any field of a cloze note)."""
    return html.escape(visible(text), quote=False).replace("{", "&#123;").replace("}", "&#125;")


class NoteBuilder:
    """Turns cards into notes; the source HTML and tags of a fact are built once and shared."""

    def __init__(self, decks: Sequence[Deck], seed_docs: Mapping[str, SeedInfo]) -> None:
        self.seed_docs = seed_docs
        self.facts: dict[str, Fact] = {f.id: f for d in decks for f in d.facts}
        self.roots = {d.id: deck_root(d) for d in decks}
        self._sources: dict[tuple[Source, ...], str] = {}
        self._tags: dict[tuple[str, ...], list[str]] = {}
        self._decks: dict[tuple[str, tuple[str, ...]], tuple[str, int]] = {}
        self._details: dict[tuple[tuple[str, ...], str], list[str]] = {}

    def notes(self, cards: Iterable[Card]) -> list[AnkiNote]:
        """One note per exported card, except that a fact's reverse Q&A card joins its forward
        one and a fact's cloze cards join into one note. Notes keep the order of their first
        card (by fact), which is the order Anki shows new cards in. Cards of decks not given
        are skipped."""
        slots: list[AnkiNote | tuple[str, str] | str] = []  # a note, or the key of a group
        qa: dict[tuple[str, str], list[Card | None]] = {}
        cloze: dict[str, list[Card]] = {}
        for card in cards:
            if card.deck_id not in self.roots:
                continue
            if card.type is CardType.QA:
                base, reverse = _split_reverse(card.variant or card.id.split(":", 2)[-1])
                key = (card.fact_ids[0], base)
                if key not in qa:
                    qa[key] = [None, None]
                    slots.append(key)
                qa[key][reverse] = card
            elif card.type is CardType.CLOZE:
                fact_id = card.fact_ids[0]
                if fact_id not in cloze:
                    cloze[fact_id] = []
                    slots.append(fact_id)
                cloze[fact_id].append(card)
            elif card.type is CardType.CHOICE:
                slots.append(self.choice(card))
            elif card.type is CardType.CHRONOLOGY:
                slots.append(self.chronology(card))
        out: list[AnkiNote] = []
        for slot in slots:
            if isinstance(slot, AnkiNote):
                out.append(slot)
            elif isinstance(slot, tuple):
                out.append(self.qa(f"{slot[0]}:qa:{slot[1]}", *qa[slot]))
            else:
                out += self.cloze(cloze[slot])
        return out

    def qa(self, key: str, forward: Card | None, reverse: Card | None) -> AnkiNote:
        # A reverse question without its forward one takes the first card, which must not be empty.
        first, second = (forward, reverse) if forward is not None else (reverse, None)
        assert first is not None
        fields = [
            esc(first.prompt), esc(first.answer),
            esc(second.prompt) if second else "", esc(second.answer) if second else "",
            *self.details(first),
        ]
        return self.note(CardType.QA, key, fields, first)

    def choice(self, card: Card) -> AnkiNote:
        """The back marks the correct option by its letter (`Correct`), in the stylesheet: one
        list of options serves both sides."""
        shuffled = _fixed_shuffle(list(dict.fromkeys(card.options)), card.id)[: len(LETTERS)]
        options = "".join([f"<li>{esc(o)}</li>" for o in shuffled])
        letter = LETTERS[shuffled.index(card.answer)] if card.answer in shuffled else ""
        fields = [
            esc(card.prompt), f'<ol class="options">{options}</ol>', letter, esc(card.answer), *self.details(card),
        ]
        return self.note(CardType.CHOICE, card.id, fields, card)

    def chronology(self, card: Card) -> AnkiNote:
        correct = [card.options[i] for i in card.answer_order]
        shown = _fixed_shuffle(list(card.options), card.id, avoid=correct)
        with_dates = card.answer.split(" → ")
        if len(with_dates) != len(correct):
            with_dates = correct
        fields = [
            esc(card.prompt),
            '<ol class="events">' + "".join(f"<li>{esc(e)}</li>" for e in shown) + "</ol>",
            '<ol class="order">' + "".join(f"<li>{esc(e)}</li>" for e in with_dates) + "</ol>",
            *self.details(card),
        ]
        return self.note(CardType.CHRONOLOGY, card.id, fields, card)

    def cloze(self, cards: list[Card]) -> list[AnkiNote]:
        """A fact's blanks as deletions of its statement, c1 date, c2 name, ...; a blank that
        overlaps one already placed, or cannot be found in the statement, gets a note of its own."""
        first = cards[0]
        statement = first.statement
        taken: list[tuple[int, int, int, str]] = []  # start, end, number, hint
        alone: list[Card] = []
        numbers = _cloze_numbers(c.variant for c in cards)
        for card in cards:
            spans = _blank_spans(card.prompt, statement)
            if spans is None or any(a < e and s < b for a, b in spans for s, e, _, _ in taken):
                alone.append(card)
                continue
            taken += [(a, b, numbers[card.variant], card.variant) for a, b in spans]
        out = []
        if taken:
            out.append(self.note(CardType.CLOZE, f"{first.fact_ids[0]}:cloze", [
                _cloze_text(statement, sorted(taken)), *self.details(first),
            ], first))
        for card in alone:
            text = esc(card.prompt).replace(BLANK, "{{c1::" + _cloze_safe(card.answer) + "}}")
            out.append(self.note(CardType.CLOZE, card.id, [text, *self.details(card)], card))
        return out

    def details(self, card: Card) -> list[str]:
        """Statement, Source and FactId: the fact behind the card, its quotes and its id (the
        same for every card of a fact, so built once)."""
        key = (card.fact_ids, card.statement)
        cached = self._details.get(key)
        if cached is None:
            if len(card.fact_ids) == 1:
                fact = self.facts.get(card.fact_ids[0])
                statement = esc(card.statement or (fact.statement if fact else ""))
            else:
                items = [self.facts[f].statement for f in card.fact_ids if f in self.facts]
                statement = "<ul>" + "".join(f"<li>{esc(s)}</li>" for s in items) + "</ul>" if items else ""
            cached = self._details[key] = [statement, self.sources(card.sources), esc(", ".join(card.fact_ids))]
        return cached

    def sources(self, sources: tuple[Source, ...]) -> str:
        cached = self._sources.get(sources)
        if cached is None:
            parts = []
            for source in sources:
                doc = self.seed_docs.get(source.seed)
                title = doc.title if doc else source.seed
                lang = f' <span class="lang">({esc(doc.language)})</span>' if doc and doc.language else ""
                code = f' lang="{html.escape(visible(doc.language_code))}"' if doc and doc.language_code else ""
                parts.append(
                    f'<div class="source"><div class="doc">{esc(title)}{lang} '
                    f'<span class="file">{esc(source.seed)}</span></div>'
                    f'<blockquote{code} dir="auto">{esc(source.quote)}</blockquote></div>'
                )
            cached = self._sources[sources] = "".join(parts)
        return cached

    def tags(self, fact_ids: tuple[str, ...]) -> list[str]:
        """`kind::event`, `topic::battle-of-baku`, `lang::bn` (`core.tags`)."""
        cached = self._tags.get(fact_ids)
        if cached is None:
            codes = {seed: doc.language_code for seed, doc in self.seed_docs.items() if doc.language_code}
            facts = (self.facts[f] for f in fact_ids if f in self.facts)
            cached = self._tags[fact_ids] = list(fact_tags(facts, codes))
        return cached

    def deck_for(self, card: Card) -> tuple[str, int]:
        """The topic subdeck of the card's fact; a card over several facts goes to a topic they
        all share, else to the deck itself."""
        key = (card.deck_id, card.fact_ids)
        cached = self._decks.get(key)
        if cached is None:
            facts = [self.facts[f] for f in card.fact_ids if f in self.facts]
            topics = [t for t in facts[0].topics if all(t in f.topics for f in facts[1:])] if facts else []
            topic = topics[0] if topics else ""
            root, root_id = self.roots[card.deck_id]
            cached = (f"{root}::{topic_title(topic)}", derived_id(f"{root_id}:{topic}")) if topic else (root, root_id)
            self._decks[key] = cached
        return cached

    def note(self, kind: CardType, key: str, fields: list[str], card: Card) -> AnkiNote:
        deck_name, deck_id = self.deck_for(card)
        return AnkiNote(kind, note_guid(key), fields, self.tags(card.fact_ids), deck_name, deck_id)


def _split_reverse(variant: str) -> tuple[str, int]:
    return (variant[: -len(REVERSE)], 1) if variant.endswith(REVERSE) else (variant, 0)


def _fixed_shuffle(items: list[str], key: str, *, avoid: list[str] | None = None) -> list[str]:
    """The same order for the same note on every export, whatever the generator's seed: each
    item is placed by a hash of the note's key and the item (a seeded `random.Random` per
    note would cost more than the rest of the note)."""
    shuffled = sorted(items, key=lambda item: hashlib.blake2b(f"{key}\x1f{item}".encode(), digest_size=8).digest())
    if avoid is not None and shuffled == avoid and len(shuffled) > 1:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def _cloze_numbers(variants: Iterable[str]) -> dict[str, int]:
    numbers = dict(CLOZE_NUMBERS)
    extra = sorted(set(variants) - set(numbers))
    numbers.update({v: len(CLOZE_NUMBERS) + 1 + i for i, v in enumerate(extra)})
    return numbers


def _blank_spans(prompt: str, statement: str) -> list[tuple[int, int]] | None:
    """Where the prompt's blanks stand in the statement, or None if the prompt is not the
    statement with blanks."""
    pieces = prompt.split(BLANK)
    if len(pieces) < 2 or not statement.startswith(pieces[0]):
        return None
    spans, start, last = [], len(pieces[0]), len(pieces) - 1
    for i, piece in enumerate(pieces[1:], 1):
        end = len(statement) - len(piece) if i == last else statement.find(piece, start + 1)
        if end <= start or (i == last and not statement.endswith(piece)):
            return None
        spans.append((start, end))
        start = end + len(piece)
    return spans


def _cloze_safe(text: str) -> str:
    """Escaped text that cannot close a deletion or start a hint."""
    return esc(text).replace("::", ":&#58;")


def _cloze_text(statement: str, deletions: list[tuple[int, int, int, str]]) -> str:
    out, last = [], 0
    for start, end, number, hint in deletions:
        out.append(_cloze_safe(statement[last:start]))
        out.append(f"{{{{c{number}::{_cloze_safe(statement[start:end])}::{_cloze_safe(hint)}}}}}")
        last = end
    out.append(_cloze_safe(statement[last:]))
    return "".join(out)


# --- writing ----------------------------------------------------------------------------

def previous_timestamp(path: Path) -> int | None:
    """The latest note time in an earlier export at `path`, if there is a readable one."""
    try:
        with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory() as tmp:
            db = Path(package.extract("collection.anki2", tmp))
            connection = sqlite3.connect(db)
            try:
                row = connection.execute("SELECT max(mod) FROM notes").fetchone()
            finally:
                connection.close()
    except (OSError, KeyError, zipfile.BadZipFile, sqlite3.Error):
        return None
    return int(row[0]) if row and row[0] is not None else None


def export_anki(
    path: Path,
    decks: Sequence[Deck],
    cards: Iterable[Card],
    *,
    seed_docs: Mapping[str, SeedInfo],
    timestamp: float,
    progress: Callable[[int, int], None] | None = None,
) -> ExportSummary:
    """Write the cards of `decks` to the package at `path`, every note stamped `timestamp`.

    The file appears whole or not at all: it is written beside `path` and renamed. Raises
    AnkiExportError when it cannot be written.
    """
    notes = NoteBuilder(decks, seed_docs).notes(cards)
    return write_package(path, notes, decks=decks, timestamp=timestamp, progress=progress)


def write_package(
    path: Path,
    notes: Sequence[AnkiNote],
    *,
    decks: Sequence[Deck],
    timestamp: float,
    progress: Callable[[int, int], None] | None = None,
) -> ExportSummary:
    stamp = int(timestamp)
    model_of = models()
    anki_decks: dict[int, genanki.Deck] = {}
    for deck in decks:
        name, deck_id = deck_root(deck)
        anki_decks[deck_id] = genanki.Deck(deck_id, name, description=esc(deck.description))
    for note in notes:
        if note.deck_id not in anki_decks:
            anki_decks[note.deck_id] = genanki.Deck(note.deck_id, note.deck_name)
    used = {note.type for note in notes}
    for kind in sorted(used, key=lambda kind: MODEL_IDS[kind]):
        next(iter(anki_decks.values())).add_model(model_of[kind])

    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, tmp_zip = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise AnkiExportError(f"{path}: cannot write: {error.strerror or error}") from None
    os.close(handle)
    tmp_db = ""
    card_counts: Counter[CardType] = Counter()
    try:
        db_handle, tmp_db = tempfile.mkstemp(suffix=".anki2")  # the staging database, in $TMPDIR
        os.close(db_handle)
        connection = sqlite3.connect(tmp_db)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            cursor = connection.cursor()
            ids = itertools.count(stamp * 1000)
            _write_decks(cursor, list(anki_decks.values()), stamp, ids)
            total = len(notes)
            step = max(1, total // 100)
            for done, note in enumerate(notes, 1):
                anki_note = _Note(model=model_of[note.type], fields=note.fields, tags=note.tags, guid=note.guid)
                anki_note.write_to_db(cursor, stamp, note.deck_id, ids)
                card_counts[note.type] += len(anki_note.cards)
                if progress is not None and (done % step == 0 or done == total):
                    progress(done, total)
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            package.write(tmp_db, "collection.anki2")
            package.writestr("media", "{}")
        os.chmod(tmp_zip, 0o666 & ~_umask())  # mkstemp made it private; a package is an ordinary file
        os.replace(tmp_zip, path)
    except OSError as error:
        raise AnkiExportError(f"{path}: cannot write: {error.strerror or error}") from None
    except sqlite3.Error as error:  # the staging database: a full or unwritable $TMPDIR
        raise AnkiExportError(
            f"{path}: cannot write the staging database in {Path(tmp_db).parent if tmp_db else tempfile.gettempdir()}: "
            f"{error}; nothing was written",
        ) from None
    finally:
        for leftover in (tmp_zip, tmp_db):
            if leftover and os.path.exists(leftover):
                os.unlink(leftover)
    names = tuple(sorted({d.name for d in anki_decks.values()}))
    note_counts = Counter(note.type for note in notes)
    return ExportSummary(
        path, {MODEL_NAMES[t]: n for t, n in note_counts.items()}, {MODEL_NAMES[t]: n for t, n in card_counts.items()},
        names, stamp,
    )


def _write_decks(cursor: sqlite3.Cursor, decks: list[genanki.Deck], stamp: int, ids: Iterator[int]) -> None:
    """The collection, the note types and every deck. genanki writes each deck by reading and
    rewriting the collection's whole deck and note-type JSON, which grows quadratic with a
    few hundred topic subdecks; so genanki writes the first deck (with the note types) and
    the others' `to_json()` go in with one update."""
    first, rest = decks[0], decks[1:]
    genanki.Package([first]).write_to_db(cursor, stamp, ids)
    if rest:
        (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
        all_decks = json.loads(decks_json)
        all_decks.update({str(deck.deck_id): deck.to_json() for deck in rest})
        cursor.execute("UPDATE col SET decks = ?", (json.dumps(all_decks),))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Note(genanki.Note):  # type: ignore[misc]
    """A genanki note whose fields this module escaped itself, so genanki's per-field regex
    scan for unescaped HTML (about a tenth of a large export's time) is skipped. Should a
    later genanki rename that hook, the scan simply runs again."""

    def _check_invalid_html_tags_in_fields(self) -> None:
        pass
