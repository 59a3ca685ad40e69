"""An Anki package (.apkg, .colpkg) as a card source: its notes' cards, as Anki would show them.

`read_contents(package)` turns what the reader read (`importers.anki`) into studykit's terms,
touching no database and writing no file: one `NoteCard` per Anki card (question and answer
rendered by Anki's template language, in its home deck when a filtered deck borrowed it), the
decks named `Parent::Child`, the order of new cards as Anki has it, each card's scheduling
state (`anki_schedule`), the review history, the media the cards use, and every problem named
with its note type or deck. `AnkiPackage` is the `CardSource` over one package file.

Anki would reject some note types (a template that does not parse, a field it lacks): their
cards still import, showing Anki's error as Anki shows it, and the note type gets one problem
line. Rendering to terminal text is left for display: it costs milliseconds a card.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.core.cards import Card
from studykit.core.notecards import NoteCard, TypeIn, note_card_id
from studykit.core.session import AnkiAnswer
from studykit.sources import Passages, SourceCards, SourceDeck, SourceError
from studykit.sources.anki_schedule import (
    LATEST,
    NEW,
    AnkiCardState,
    anki_card_state,
    history_kind,
    is_answer,
    utc_time,
)

if TYPE_CHECKING:
    from studykit.importers.anki import Package
    from studykit.importers.anki.model import AnkiCollection
    from studykit.importers.anki.templates import NoteType as TemplateNoteType

PROGRESS_EVERY = 250  # cards rendered between two progress reports
DEFAULT_DECK = "Default"  # where Anki's database check puts a card whose deck is missing


@dataclass(frozen=True)
class PackageContents:
    """Everything a package brings, in studykit's terms; deck ids are Anki's (`source_cards`
    makes them unique in the collection)."""

    file: Path
    format: str
    decks: tuple[str, ...]                   # the name of every deck a card is in (its home deck)
    cards: tuple[NoteCard, ...]              # in the order new cards are introduced
    states: Mapping[str, AnkiCardState]      # card id -> its scheduling state in Anki
    history: tuple[AnkiAnswer, ...]          # answers, in time order
    notes: int
    cards_per_note_type: Mapping[str, int]
    media_used: Mapping[str, int]            # media name -> how many cards use it
    media_decks: Mapping[str, tuple[str, ...]]  # media name -> the decks of the cards using it
    problems: tuple[str, ...]
    reviews_in_package: int                  # every row of Anki's review log
    not_answers: int                         # manual and bulk reschedules: not reviews
    guids: frozenset[str] = field(default_factory=frozenset)
    empty_decks: int = 0  # decks of the package with no card (not filtered ones): nothing to study

    source_id: str = ""

    def source_cards(self, *, inputs: str | None = None) -> SourceCards:
        """The decks and cards as the collection records them for the source: decks are matched
        by name, as Anki matches them on import (a newer version's deck ids may differ)."""
        decks = tuple(SourceDeck(deck_id(self.source_id, name), name, name) for name in self.decks)
        return SourceCards(decks, self.cards, inputs)


def deck_id(source_id: str, name: str) -> str:
    """An imported deck's id in the collection: its source and its Anki name."""
    return f"{source_id}/{name}"


def note_type_for_rendering(note_type: object) -> TemplateNoteType:
    from studykit.importers.anki.model import NoteType
    from studykit.importers.anki.templates import CardTemplate
    from studykit.importers.anki.templates import NoteType as Renderable

    assert isinstance(note_type, NoteType)
    return Renderable(
        name=note_type.name,
        field_names=note_type.fields,
        templates=tuple(CardTemplate(t.name, t.question_format, t.answer_format) for t in note_type.templates),
        is_cloze=note_type.is_cloze,
    )


def _error_html(message: str) -> str:
    """A card Anki cannot render shows the error in its place, as Anki does."""
    from html import escape

    return f"<div>{escape(message)}</div>"


def _format(package: Package) -> str:
    f = package.format
    member = f.collection_member
    kind = "collection package" if f.is_collection_package else "deck package"
    return f"{kind}, {member} (schema {package.collection.schema_version}, package version {f.version or 'none'})"


def card_ids(package: Package) -> list[str]:
    """The ids the package's cards get (`anki:<note GUID>:<ordinal>`), quickly: to find which
    earlier import a package continues before rendering anything."""
    guids = {note.id: note.guid for note in package.collection.notes}
    return [note_card_id(guids[card.note_id], card.ord) for card in package.collection.cards if card.note_id in guids]


def read_contents(
    package: Package, *, source_id: str, scheduling: bool = True, progress: Callable[[int, int], None] | None = None,
) -> PackageContents:
    """Turn an opened package into cards, decks, states, history and problems (no I/O); the
    cards' decks are `source_id`'s. `progress(done, total)` is told of the cards rendered, every
    few hundred: rendering is most of a large import's reading.

    `scheduling` False imports every card as new with no history, as Anki does when "Import
    any learning progress" is off."""
    from studykit.importers.anki.templates import (
        CardRenderer,
        TemplateError,
        media_references,
        note_type_problems,
    )

    col: AnkiCollection = package.collection
    problems: list[str] = [str(p) for p in package.problems]
    renderable = {ntid: note_type_for_rendering(nt) for ntid, nt in col.note_types.items()}
    renderers = {ntid: CardRenderer(nt) for ntid, nt in renderable.items()}  # each note type's templates once
    note_type_cards: Counter[str] = Counter()
    rejected: dict[int, tuple[str, int]] = {}  # note type id -> (first problem, count of problems)
    for ntid, nt in renderable.items():
        found = note_type_problems(nt)
        if found:
            rejected[ntid] = (str(found[0]), len(found))
    notes = {note.id: note for note in col.notes}
    deck_names = {deck.id: deck.name for deck in col.decks.values()}
    last_review: dict[int, int] = {}
    for review in col.reviews:
        last_review[review.card_id] = review.id  # reviews are in time order
    cards: list[tuple[tuple[int, int, int, int], NoteCard]] = []
    states: dict[str, AnkiCardState] = {}
    decks: dict[str, None] = {}
    media_used: Counter[str] = Counter()
    media_decks: dict[str, dict[str, None]] = {}
    card_ids: dict[int, str] = {}
    guid_owner: dict[str, int] = {}
    errors: Counter[tuple[str, str]] = Counter()
    missing_decks: set[int] = set()
    total = len(col.cards)
    for done, card in enumerate(col.cards):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        note = notes.get(card.note_id)
        if note is None:  # the reader reported it already; it lists no such card
            continue
        owner = guid_owner.setdefault(note.guid, note.id)
        guid = note.guid if owner == note.id else f"{note.guid}~{note.id}"  # notes sharing a GUID: reported
        nt = renderable[note.notetype_id]
        home = card.original_deck_id or card.deck_id
        if home not in deck_names:
            missing_decks.add(home)
            home = 1 if 1 in deck_names else home
        deck_name = deck_names.get(home, DEFAULT_DECK)
        decks[deck_name] = None
        card_id = note_card_id(guid, card.ord)
        card_ids[card.id] = card_id
        try:
            rendered = renderers[note.notetype_id].render(card.ord, note.fields, tags=note.tags, deck=deck_name,
                                                          flag=card.flags & 0b111, card_id=card.id)
            question, answer = rendered.question_for_display(), rendered.answer_for_display()
            empty = rendered.is_empty
            type_in = None
            t = rendered.type_answer
            if t is not None and not t.problem and t.expected_html:
                type_in = TypeIn(t.field_name, t.expected, t.cloze, t.combining)
        except TemplateError as error:
            question = answer = _error_html(str(error))
            empty, type_in = False, None
            errors[(nt.name, str(error))] += 1
        used = tuple(dict.fromkeys(ref.name for side in (question, answer) if _may_use_media(side)
                                   for ref in media_references(side)))
        media_used.update(used)
        for name in used:
            media_decks.setdefault(name, {})[deck_name] = None
        fields = tuple(zip(nt.field_names, note.fields))
        made = NoteCard(
            id=card_id, deck_id=deck_id(source_id, deck_name), guid=note.guid, ordinal=card.ord,
            question=question, answer=answer,
            note_type=nt.name, template=_template_name(nt, card.ord), deck=deck_name, fields=fields, tags=note.tags,
            media=tuple((name, name) for name in used), type_in=type_in, empty=empty,
        )
        if scheduling:
            state = anki_card_state(
                card_type=card.type, queue=card.queue, due=card.due, interval=card.interval, factor=card.factor,
                lapses=card.lapses, original_due=card.original_due, original_deck_id=card.original_deck_id,
                created=col.created,
                # (a new card has none: not worked out for the many that are new)
                last_review=None if card.type == NEW else _ms(last_review.get(card.id)) or _seconds(card.modified),
            )
            if card.flags & 0b111:  # the low three bits: the flag's colour
                state = replace(state, flag=card.flags & 0b111)
            states[card_id] = state
            is_new = state.state is None
        else:
            is_new = True
        new_position = card.original_due if card.original_deck_id and card.original_due else card.due
        # Anki's default order of new cards, "card type, then order gathered": every note's first
        # card before any second one, so that a cloze 2 or a reverse card never follows its sibling.
        order = (0, card.ord, new_position, card.id) if is_new else (1, 0, 0, card.id)
        cards.append((order, made))
        note_type_cards[nt.name] += 1
    cards.sort(key=lambda item: item[0])
    for ntid, (first, count) in sorted(rejected.items(), key=lambda item: renderable[item[0]].name):
        more = f" (and {count - 1} more)" if count > 1 else ""
        used_by = note_type_cards.get(renderable[ntid].name, 0)
        cards_are = "card is" if used_by == 1 else "cards are"
        problems.append(f"{first}{more}: Anki would reject this note type; its {used_by} {cards_are} imported as Anki "
                        "shows them")
    rejected_names = {renderable[ntid].name for ntid in rejected}
    for (name, message), count in sorted(errors.items()):
        if name not in rejected_names:  # one line per note type
            problems.append(f"note type '{name}': {count} cards cannot be rendered ({message}); they show the error")
    for missing in sorted(missing_decks):
        problems.append(f"cards in a deck that is not in the package (id {missing}) go to '{DEFAULT_DECK}'")
    history: list[AnkiAnswer] = []
    not_answers = 0
    if scheduling:
        for review in col.reviews:
            if not is_answer(review.kind, review.ease):
                not_answers += 1
                continue
            kind = history_kind(review.kind)
            target = card_ids.get(review.card_id)
            if kind is None or target is None:
                continue
            # A review's id is its time in ms, kept between the epoch and the year 9000 as `utc_time` keeps times.
            at_ms = min(max(review.id, 0), LATEST * 1000)
            history.append(AnkiAnswer(target, kind, at_ms, review.ease, max(0, review.time_ms)))
    return PackageContents(
        file=package.path,
        format=_format(package),
        decks=tuple(sorted(decks, key=str.casefold)),
        cards=tuple(card for _, card in cards),
        states=states,
        history=tuple(history),
        notes=len(col.notes),
        cards_per_note_type=dict(sorted(note_type_cards.items())),
        media_used=dict(media_used),
        media_decks={name: tuple(decks) for name, decks in media_decks.items()},
        problems=tuple(problems),
        reviews_in_package=len(col.reviews),
        not_answers=not_answers,
        guids=frozenset(note.guid for note in col.notes),
        source_id=source_id,
        empty_decks=sum(1 for deck in col.decks.values() if not deck.filtered and deck.name not in decks),
    )


def _may_use_media(html: str) -> bool:
    """A quick test before the media regex: most sides name no file at all."""
    if "[sound:" in html:
        return True
    lower = html.lower()
    return "src" in lower or "data" in lower


def _template_name(nt: TemplateNoteType, ordinal: int) -> str:
    if nt.is_cloze:
        return f"Cloze {ordinal + 1}"
    return nt.templates[ordinal].name if 0 <= ordinal < len(nt.templates) else f"Card {ordinal + 1}"


def _ms(ms: int | None) -> dt.datetime | None:
    return None if ms is None else utc_time(ms / 1000)


def _seconds(seconds: int) -> dt.datetime | None:
    return utc_time(seconds) if seconds > 0 else None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_SLUG = re.compile(r"[^0-9a-z]+")


def source_id_for(path: Path, taken: Iterable[str] = ()) -> str:
    """A new source id for a package: `anki:` and its file name's letters and digits (`anki:spanish-verbs`),
    numbered when taken."""
    slug = _SLUG.sub("-", path.stem.casefold()).strip("-")[:40] or "package"
    taken = set(taken)
    candidate, n = f"anki:{slug}", 1
    while candidate in taken:
        n += 1
        candidate = f"anki:{slug}-{n}"
    return candidate


class AnkiPackage:
    """One Anki package file as a card source. Its cards are synced when it is imported
    (`study.imports`), not at startup; `id` is chosen then (a newer version of a package
    continues the source of the older one, matched by its notes' GUIDs)."""

    retire_missing = False  # a note missing from a newer version is reported, not retired

    def __init__(self, path: str | Path, *, source_id: str, scheduling: bool = True) -> None:
        self.path = Path(path)
        self.id = source_id
        self.scheduling = scheduling

    @property
    def label(self) -> str:
        return self.path.name

    def fingerprint(self) -> str | None:
        try:
            return file_sha256(self.path)
        except OSError:
            return None

    def load(self) -> SourceCards:
        from studykit.importers.anki import PackageError, open_package

        inputs = self.fingerprint()
        try:
            with open_package(self.path) as package:
                contents = read_contents(package, source_id=self.id, scheduling=self.scheduling)
        except PackageError as error:
            raise SourceError(str(error)) from None
        except OSError as error:
            raise SourceError(f"{self.path}: {error.strerror or error}") from None
        return contents.source_cards(inputs=inputs)

    def passages(self, card: Card) -> Passages:
        return Passages()  # a note's fields travel with its card (`NoteCard.fields`)
