"""Importing Anki packages into a collection, listing what was imported, removing an imported deck.

One package is one transaction: its cards (synced as one source, never touching another's),
their scheduling state and review history, and the record of the import are written together
or not at all; the media files it wrote are taken back when the transaction fails. A newer
version of a package (or the same one again) continues the source of the earlier import,
matched by its notes' GUIDs: changed notes update in place, new ones are added, nothing is
duplicated, history already imported is not imported again, and notes the package no longer
has are reported, never deleted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from studykit.core.notecards import NoteCard
from studykit.core.session import (
    AnkiAnswer,
    CardRecord,
    Change,
    Event,
    EventKind,
    StudyDay,
    bury_card,
    set_card_state,
    suspend_card,
)
from studykit.sources.anki_packages import (
    AnkiPackage,
    PackageContents,
    card_ids,
    file_sha256,
    read_contents,
    source_id_for,
)
from studykit.storage import Collection, ImportEntry
from studykit.storage.media import MediaError, MediaFolder, MediaFolderError, media_dir, unsafe_name_reason
from studykit.study.errors import StudyError

# progress(stage, done, total): "reading", "media", "cards", "history"
Progress = Callable[[str, int, int], None]
MAX_MEDIA_FILE_BYTES = 512 * 1024 * 1024  # one file; the reader stops a bigger one too
MAX_MEDIA_BYTES = 8 * 1024 * 1024 * 1024  # one package's media, all together


@dataclass(frozen=True)
class MediaReport:
    written: int = 0
    present: int = 0  # the same bytes were stored already
    renamed: tuple[tuple[str, str], ...] = ()  # (name, stored as): another file had the name
    missing: tuple[str, ...] = ()  # used by cards, in neither the package nor the folder
    refused: tuple[str, ...] = ()  # unsafe names or too large: never written


@dataclass(frozen=True)
class ImportSummary:
    """What one import did, as `studykit import` prints it (and `--json` gives it)."""

    file: str
    source: str
    format: str
    decks: tuple[tuple[str, int], ...]  # (deck name, cards), by name
    notes: int
    cards: int
    cards_per_note_type: Mapping[str, int]
    added: int
    updated: int
    unchanged: int
    missing_notes: int  # notes an earlier version had and this one lacks: kept, reported
    missing_cards: int  # cards an earlier version had and this one does not make (of those notes or others)
    media: MediaReport
    reviews: int  # answers imported into the review log
    reviews_already: int  # answers an earlier import brought already
    not_answers: int  # reschedule rows of Anki's log: not reviews
    scheduled: Mapping[str, int]  # new, learning, review, suspended, buried as imported
    problems: tuple[str, ...]
    scheduling: bool = True
    at: dt.datetime | None = None
    reviews_in_package: int = 0
    empty_decks: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "source": self.source,
            "format": self.format,
            "decks": [{"name": name, "cards": count} for name, count in self.decks],
            "empty_decks": self.empty_decks,
            "notes": self.notes,
            "cards": self.cards,
            "cards_per_note_type": dict(self.cards_per_note_type),
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "missing_notes": self.missing_notes,
            "missing_cards": self.missing_cards,
            "media": {
                "written": self.media.written,
                "already_present": self.media.present,
                "renamed": [{"name": a, "stored_as": b} for a, b in self.media.renamed],
                "missing": list(self.media.missing),
                "refused": list(self.media.refused),
            },
            "reviews": self.reviews,
            "reviews_already_imported": self.reviews_already,
            "reschedule_rows_skipped": self.not_answers,
            "scheduling": self.scheduling,
            "scheduled": dict(self.scheduled),
            "problems": list(self.problems),
            "at": None if self.at is None else self.at.isoformat(),
        }


def _store_media(package: Any, contents: PackageContents, folder: MediaFolder, progress: Progress | None) -> tuple[
    MediaReport, dict[str, str], list[str]
]:
    """Write the package's media; returns the report, name -> stored name, and problems."""
    stored: dict[str, str] = {}
    problems: list[str] = []
    written = present = 0
    renamed: list[tuple[str, str]] = []
    refused: list[str] = []
    total = 0
    entries = package.media
    for done, entry in enumerate(entries, 1):
        reason = unsafe_name_reason(entry.name)
        if reason is not None:
            refused.append(entry.name)
            problems.append(f"media file {entry.name!r} {reason}: not stored")
            continue
        if total + entry.size > MAX_MEDIA_BYTES:
            refused.append(entry.name)
            problems.append(f"media file {entry.name!r}: the package's media pass {MAX_MEDIA_BYTES} bytes: not stored")
            continue
        try:
            name, was_written = folder.store(entry.name, package.media_chunks(entry), max_bytes=MAX_MEDIA_FILE_BYTES)
        except MediaError as error:
            refused.append(entry.name)
            problems.append(f"{error}: not stored")
            continue
        except Exception as error:  # a damaged member: PackageError from the reader
            from studykit.importers.anki import PackageError

            if not isinstance(error, PackageError):
                raise
            refused.append(entry.name)
            problems.append(f"media file {entry.name!r}: {error}")
            continue
        total += entry.size
        stored[entry.name] = name
        written += was_written
        present += not was_written
        if name != entry.name:
            renamed.append((entry.name, name))
        if progress is not None:
            progress("media", done, len(entries))
    missing = sorted(
        name for name in contents.media_used
        if name not in stored and folder.path_of(name) is None and not name.startswith(("http://", "https://"))
    )
    for name in missing:
        count, decks = contents.media_used[name], contents.media_decks.get(name, ())
        where = ", ".join(f"'{deck}'" for deck in decks[:3]) + (" …" if len(decks) > 3 else "")
        problems.append(f"missing media: {name!r}, used by {count} card{'s' if count != 1 else ''} in {where}, "
                        "is not in the package")
    return MediaReport(written, present, tuple(renamed), tuple(missing), tuple(refused)), stored, problems


def _choose_source(collection: Collection, ids: list[str], path: Path) -> tuple[str, set[str]]:
    """The source a package's cards join: the earlier import that has most of them, or a new one.
    Returns it and the card ids another source has (left out, reported)."""
    owners = collection.source_of_cards(ids)
    anki = {owner: n for owner, n in owners.items() if owner.startswith("anki:")}
    source = max(sorted(anki), key=lambda owner: anki[owner]) if anki else source_id_for(path, collection.source_ids())
    others = {owner for owner in owners if owner != source}
    elsewhere: set[str] = set()
    if others:
        for owner in others:
            have = set(collection.card_ids(source=owner, include_retired=True))
            elsewhere |= {card_id for card_id in ids if card_id in have}
    return source, elsewhere


def import_package(
    collection: Collection,
    path: str | Path,
    *,
    now: dt.datetime,
    tz: dt.tzinfo,
    rollover_hour: int = 4,
    scheduling: bool = True,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import one package into the open collection, in one transaction; raises `StudyError`
    naming the file when it cannot be read (the collection and its media folder as before)."""
    from studykit.importers.anki import PackageError, open_package

    path = Path(path)
    if progress is not None:
        progress("reading", 0, 1)
    folder = MediaFolder(media_dir(collection.path))
    try:
        sha256 = file_sha256(path)
        with open_package(path) as package:
            source, elsewhere = _choose_source(collection, card_ids(package), path)
            rendered = None if progress is None else (lambda done, total: progress("reading", done, total))
            contents = read_contents(package, source_id=source, scheduling=scheduling, progress=rendered)
            if progress is not None:
                progress("reading", len(contents.cards), len(contents.cards))
            media, stored, media_problems = _store_media(package, contents, folder, progress)
        # What the package's reader holds (every note, card and review-log row, 300,000 objects at
        # 50,000 notes) is not needed to write: let it go rather than carry it through the writes.
        del package
    except BaseException as error:  # Ctrl+C or a full disk among the media too: the files written taken back
        folder.discard_created()
        if isinstance(error, PackageError):
            raise StudyError(str(error)) from None
        if isinstance(error, MediaFolderError):
            raise StudyError(f"{path}: {error}; nothing was imported") from None
        if isinstance(error, OSError):
            raise StudyError(f"cannot read {path}: {error.strerror or error}") from None
        raise
    problems = [*contents.problems, *media_problems]
    if elsewhere:
        problems.append(f"{len(elsewhere)} cards of this package were imported from another package already; "
                        "they stay with it and were not changed")
    loaded = contents.source_cards(inputs=sha256)
    cards = [_with_media(card, stored) for card in contents.cards if card.id not in elsewhere]
    if progress is not None:  # writing the cards and their history, the rest of a large import's time
        progress("cards", 0, len(cards))
    try:
        with collection.transaction("import into"):
            before = set(collection.card_ids(source=source, include_retired=True))
            added = [card for card in cards if card.id not in before]
            day = StudyDay.containing(now, tz=tz, rollover_hour=rollover_hour)
            scheduled, changes = _schedule(added, contents, now=now, until=day.end)
            report = collection.sync(  # the cards added are written in their Anki state
                cards, source=source,
                deck_names={deck.id: deck.name for deck in loaded.decks},
                anki_names={deck.id: deck.anki_name for deck in loaded.decks if deck.anki_name},
                inputs=sha256, retire_missing=False, starting=Change(tuple(changes)),
            )
            if progress is not None:
                progress("cards", len(cards), len(cards))
            history, already = _history(collection, contents, {card.id for card in cards}, {card.id for card in added})
            reviews = len(history)
            collection.append_answers(history)
            _flag(collection, added, contents)
            if progress is not None:
                progress("history", reviews, reviews)
            summary = ImportSummary(
                file=str(path), source=source, format=contents.format,
                decks=_deck_counts(cards), notes=contents.notes, cards=len(cards),
                cards_per_note_type=contents.cards_per_note_type,
                added=report.added, updated=report.updated, unchanged=len(cards) - report.added - report.updated,
                missing_notes=len({guid for guid in map(_guid, report.missing) if guid not in contents.guids}),
                missing_cards=len(report.missing),
                media=media, reviews=reviews, reviews_already=already, not_answers=contents.not_answers,
                scheduled=scheduled, problems=tuple(problems), scheduling=scheduling, at=now,
                reviews_in_package=contents.reviews_in_package,
                empty_decks=contents.empty_decks,
            )
            collection.record_import(action="import", source=source, file=str(path.resolve()), sha256=sha256, at=now,
                                     summary=summary.to_dict())
    except BaseException:
        folder.discard_created()
        raise
    return summary


def _guid(card_id: str) -> str:
    """The note GUID in a note card's id (`anki:<guid>:<ordinal>`; a GUID may hold colons)."""
    return card_id.removeprefix("anki:").rsplit(":", 1)[0]


def _with_media(card: NoteCard, stored: Mapping[str, str]) -> NoteCard:
    if not card.media or all(stored.get(name, name) == name for name, _ in card.media):
        return card
    return replace(card, media=tuple((name, stored.get(name, name)) for name, _ in card.media))


def _deck_counts(cards: list[NoteCard]) -> tuple[tuple[str, int], ...]:
    counts = Counter(card.deck for card in cards)
    return tuple(sorted(counts.items(), key=lambda item: item[0].casefold()))


def _schedule(
    added: list[NoteCard], contents: PackageContents, *, now: dt.datetime, until: dt.datetime,
) -> tuple[dict[str, int], list[Event]]:
    """The events that give newly added cards their Anki state: a set-state event (the log
    stays the truth), then a suspension, leech or bury. Cards already in the collection keep
    theirs: a re-import never reschedules what was studied here."""
    counts: Counter[str] = Counter()
    events: list[Event] = []
    for card in added:
        anki = contents.states.get(card.id)
        if anki is None or (anki.state is None and not anki.suspended and not anki.buried):
            counts["new"] += 1  # as a sync adds it: no event
            continue
        record = CardRecord(card.id)
        if anki.state is None:
            counts["new"] += 1
        else:
            counts["learning" if anki.state.repetition <= 1 else "review"] += 1
            change = set_card_state(record, anki.state, now=now)
            events.extend(change.events)
            record = change.events[-1].after
        if anki.suspended:
            counts["suspended"] += 1
            if "leech" in (tag.casefold() for tag in card.tags):
                events.append(Event(card.id, EventKind.LEECH, now, before=record,
                                    after=replace(record, suspended=True, leech=True)))
            else:
                events.extend(suspend_card(record, now=now).events)
        elif anki.buried:
            counts["buried"] += 1
            events.extend(bury_card(record, now=now, until=until).events)
    return {key: counts.get(key, 0) for key in ("new", "learning", "review", "suspended", "buried")}, events


def _flag(collection: Collection, added: list[NoteCard], contents: PackageContents) -> None:
    """The flags Anki's cards had, on the cards added (a re-import leaves the flags set here)."""
    by_flag: dict[int, list[str]] = {}
    for card in added:
        anki = contents.states.get(card.id)
        if anki is not None and anki.flag:
            by_flag.setdefault(anki.flag, []).append(card.id)
    for flag, flagged in by_flag.items():
        collection.set_flag(flagged, flag)


def _history(
    collection: Collection, contents: PackageContents, ids: set[str], added: set[str],
) -> tuple[list[AnkiAnswer], int]:
    """The package's answers that no earlier import brought (matched by card and time: a
    review-log row's id is its time), and how many were there already; `added`: the cards
    this import added, which have no history yet."""
    answers = [answer for answer in contents.history if answer.card_id in ids]
    earlier = {answer.card_id for answer in answers if answer.card_id not in added}
    if not earlier:
        return answers, 0
    seen = collection.imported_review_times(earlier)
    new = [answer for answer in answers if (answer.card_id, answer.at_ms) not in seen]
    return new, len(answers) - len(new)


# --- what was imported, and removing it --------------------------------------------------------


@dataclass(frozen=True)
class ImportListing:
    """One imported package as `studykit imports` lists it: its last import and its decks now."""

    source: str
    file: str
    imported_at: dt.datetime
    times: int  # imports of this package (or its versions)
    summary: Mapping[str, Any]
    decks: tuple[tuple[str, str, int], ...] = field(default=())  # (deck id, name, cards now)
    removed: tuple[tuple[str, dt.datetime], ...] = field(default=())  # (deck name, when)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "file": self.file,
            "imported_at": self.imported_at.isoformat(),
            "imports": self.times,
            "decks": [{"id": i, "name": n, "cards": c} for i, n, c in self.decks],
            "removed": [{"deck": d, "at": at.isoformat()} for d, at in self.removed],
            "last_import": dict(self.summary),
        }


def listings(collection: Collection) -> list[ImportListing]:
    entries: list[ImportEntry] = collection.imports()
    by_source: dict[str, list[ImportEntry]] = {}
    for entry in entries:
        by_source.setdefault(entry.source, []).append(entry)
    counts = collection.decks()
    names = {entry.id: entry.name for entry in collection.deck_entries()}
    deck_sources = {entry.id: entry.source for entry in collection.deck_entries()}
    out = []
    for source, rows in by_source.items():
        imports = [row for row in rows if row.action == "import"]
        if not imports:
            continue
        last = imports[-1]
        decks = tuple(sorted(
            ((deck, names[deck], counts.get(deck, 0)) for deck in names if deck_sources[deck] == source and counts.get(
                deck,
            )),
            key=lambda item: item[1].casefold(),
        ))
        removed = tuple((row.file, row.at) for row in rows if row.action == "remove")
        out.append(ImportListing(source, last.file, last.at, len(imports), last.summary, decks, removed))
    return out


@dataclass(frozen=True)
class Removal:
    """What removing an imported deck takes away: the decks (a parent with its subdecks),
    their cards and the review-log entries kept with them."""

    source: str
    name: str
    deck_ids: tuple[str, ...]
    cards: int
    log_entries: int


def plan_removal(collection: Collection, deck_ids: tuple[str, ...], name: str) -> Removal:
    sources = {entry.id: entry.source for entry in collection.deck_entries()}
    owners = {sources.get(deck, "") for deck in deck_ids}
    if not all(owner.startswith("anki:") for owner in owners):
        raise StudyError(f"{name!r} is not an imported deck (only decks imported from Anki packages can be removed)")
    if len(owners) != 1:
        raise StudyError(f"{name!r} names decks of several imported packages; remove them one package at a time")
    card_ids = collection.card_ids(deck=deck_ids)
    return Removal(owners.pop(), name, deck_ids, len(card_ids), collection.log_count(card_ids))


def remove(collection: Collection, removal: Removal, *, now: dt.datetime) -> int:
    """Retire the decks' cards (kept with their history; importing the package again brings
    them back) and forget the decks' names, recording the removal. One transaction."""
    with collection.transaction("remove decks from"):
        retired = collection.retire_decks(removal.deck_ids)
        collection.record_import(action="remove", source=removal.source, file=removal.name, sha256="", at=now,
                                 summary={"decks": list(removal.deck_ids), "cards": retired,
                                          "log_entries": removal.log_entries})
    return retired


def package_source(path: str | Path, source_id: str, *, scheduling: bool = True) -> AnkiPackage:
    return AnkiPackage(path, source_id=source_id, scheduling=scheduling)
