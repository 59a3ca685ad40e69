"""`Study`: a collection open with its card sources, and everything the faces ask of it.

The review app and the CLI both hold a `Study`; neither talks to the collection or a source
itself. One object answers "what does the decks screen show?", "start today's session of
this deck", "grade this card", "what are the numbers?" and "where does this card come from?".

Threads: a `Study` is used from one thread at a time, the one that opened it (SQLite
connections belong to their thread; the review app runs every call on one thread of its own,
`tui.service`). Three calls touch no database and may run anywhere: `load` (reading a source,
seconds for the fact decks), `deck_name`, and the clock (`now`, `local_now`).

Startup stays short: `open` reads the collection alone (its cards and the deck names the last
sync recorded) unless a source has never been synced into it; the first queue is built at
once. Only after the first screen does the face ask `stale_sources()`: a source whose
fingerprint (a hash of its files' bytes) is the one recorded by its last sync is not read at
all; the others are `load`ed off the collection's thread and `apply_sync`ed on it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Self

from studykit.core.session import SessionConfig, StudyDay
from studykit.sources import CardSource, Passages, SourceCards, SourceError
from studykit.storage import Collection, CollectionError, DeckEntry, SyncReport
from studykit.study.decks import ALL_DECKS, DeckSelection, deck_rows, matching_decks, resolve_deck
from studykit.study.errors import BadQuery, StudyError, UnknownDeck
from studykit.study.sessions import EXTRA_NEW, NO_SUMMARY, Sitting, raised_limit, start_sitting
from studykit.study.stats import deck_stats, stats_view
from studykit.study.views import DeckRow, NothingDue, StatsView, Step, Summary

if TYPE_CHECKING:
    from studykit.core.cards import Card
    from studykit.core.facts import Deck
    from studykit.core.limits import Cap
    from studykit.core.notecards import AnyCard, NoteCard
    from studykit.core.session import CardRecord, Change
    from studykit.core.stats import Stats
    from studykit.study.browse import ActionReport, Browser, BrowseResult, CardDetail
    from studykit.study.imports import ImportListing, ImportSummary, Progress, Removal
    from studykit.study.media import Played
    from studykit.study.options import LimitsView




class Keep(Enum):
    """A daily limit left as it is (`Study.set_limits`)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@contextmanager
def collection_errors(path: object) -> Iterator[None]:
    """What the collection raises while reading (damage it did not foresee: a dropped table, a
    card whose stored text is not JSON) as one `StudyError` naming the file. Whatever the
    student did before is already on disk; nothing is written after this."""
    try:
        yield
    except StudyError:
        raise
    except CollectionError as error:
        raise StudyError(str(error)) from None
    except (sqlite3.Error, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise StudyError(f"{path} is damaged ({type(error).__name__}: {error}); it was left as it was") from None


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_tz() -> dt.tzinfo:
    """The local time zone; a `TZ` the C library reads as an offset of a day or more (`UTC+99999`)
    makes Python's conversion fail: one clear message instead."""
    try:
        tz = dt.datetime.now().astimezone().tzinfo
    except (ValueError, OverflowError, OSError) as error:
        shown = os.environ.get("TZ")
        where = f"the time zone in $TZ ({shown!r})" if shown else "the local time zone"
        raise StudyError(f"{where} cannot be used (Python cannot convert the time to it: {type(error).__name__}); "
                         "set TZ to a zone such as Europe/Paris, or UTC") from None
    assert tz is not None
    return tz


def fact_sources(
    *,
    decks_dir: Path | None = None,
    seeds_dir: Path | None = None,
    seed: int | None = None,
    decks: Sequence[Deck] | None = None,
    cards: Sequence[Card] | None = None,
) -> tuple[CardSource, ...]:
    """The sources synced when studying: the fact decks in their directories (default: the
    bundled ones), or, given `cards` (and their `decks`), those as they are."""
    from studykit.sources.fact_decks import FactDecks, GivenFacts

    if cards is not None:
        return (GivenFacts(decks or (), cards, seeds_dir=seeds_dir),)
    return (FactDecks(decks_dir, seeds_dir, seed=seed or 0),)


class Study:
    """The collection at `path` (None: `$STUDYKIT_COLLECTION` or the default) with `sources`
    (default: the bundled fact decks; `()` for commands that only read the collection).

    `now` (timezone-aware UTC) and `tz` (the student's time zone) fix the clock; `config` sets
    the daily limits and the hour the day turns over.
    """

    def __init__(
        self,
        path: str | Path | None,
        *,
        sources: Sequence[CardSource] | None = None,
        now: Callable[[], dt.datetime] | None = None,
        tz: dt.tzinfo | None = None,
        config: SessionConfig | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.read_only = read_only  # for commands that only read: nothing created, migrated or synced
        self.sources: tuple[CardSource, ...] = tuple(fact_sources() if sources is None else sources)
        self._now = now or utc_now
        self.tz = tz or local_tz()
        self.config = config or SessionConfig()
        self.collection: Collection | None = None
        self.sitting: Sitting | None = None
        self._decks: dict[str, DeckEntry] = {}
        self._synced: set[str] = set()  # sources synced (or found unchanged) since opening
        self._browser: Browser | None = None

    # -- the clock ----------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self._now()

    def local_now(self) -> dt.datetime:
        """Now in the student's time zone, for saying when things are due."""
        return self._now().astimezone(self.tz)

    # -- opening and syncing ------------------------------------------------------------------

    def open(self, *, check_later: bool = False) -> Self:
        """Open the collection; sync a source now only if it has never been synced into it.

        `check_later`: the check of the whole file starts when `check` first asks for its verdict
        (or a write waits for it), not at once: the review app asks once its first card is up."""
        try:
            self.collection = Collection.open(self.path, read_only=self.read_only, check_later=check_later)
        except CollectionError as error:
            raise StudyError(str(error)) from None
        try:
            with collection_errors(self._c.path):
                self._read_decks()
        except StudyError:
            self.close()
            raise
        for source in self.sources:
            if not self.read_only and self._c.is_empty(source.id):
                self.sync(source)
        return self

    def check(self, timeout: float | None = None) -> None:
        """Wait for the check of the collection started at open (`storage.integrity`; started
        now if it was left for later: the review app asks once its first screen is up);
        `StudyError` if it is damaged. Touches no connection: any thread may wait here."""
        collection = self.collection
        problem = None if collection is None else collection.verdict(timeout)
        if problem is not None:
            raise StudyError(problem)

    def __enter__(self) -> Self:
        return self if self.collection is not None else self.open()

    def __exit__(self, exc_type: object, *exc: object) -> None:
        """Close; a block that ended without error first waits for the check made at open, so
        that what a command read and is about to print never comes from a damaged collection
        (its writes waited for it already): `StudyError` if the collection is damaged."""
        try:
            if exc_type is None:
                self.check()
        finally:
            self.close()

    def close(self) -> None:
        if self.collection is not None:
            self.collection.close()
            self.collection = None

    @property
    def _c(self) -> Collection:
        assert self.collection is not None, "the collection is not open"
        return self.collection

    def stale_sources(self) -> list[CardSource]:
        """The sources whose cards may have changed since their last sync: quick (a hash of their
        files), so the ones that did not change are never read."""
        stale = []
        for source in self.sources:
            if source.id in self._synced:
                continue
            fingerprint = source.fingerprint()
            if fingerprint is not None and fingerprint == self._c.synced_inputs(source.id):
                self._synced.add(source.id)
            else:
                stale.append(source)
        return stale

    def load(self, source: CardSource) -> SourceCards:
        """Read a source and make its cards. No database: any thread may run it."""
        try:
            return source.load()
        except SourceError as error:
            raise StudyError(str(error)) from None

    def apply_sync(self, source: CardSource, loaded: SourceCards) -> SyncReport:
        """Make the collection's cards of `source` those it `load`ed; no other source's card is
        touched. A source not yet among `sources` (a package being imported) joins them, so its
        cards' passages can be asked for."""
        try:
            report = self._c.sync(
                loaded.cards, source=source.id,
                deck_names={deck.id: deck.name for deck in loaded.decks},
                anki_names={deck.id: deck.anki_name for deck in loaded.decks if deck.anki_name},
                inputs=loaded.inputs, retire_missing=source.retire_missing,
            )
        except CollectionError as error:
            raise StudyError(str(error)) from None
        self._synced.add(source.id)
        if all(known.id != source.id for known in self.sources):
            self.sources = (*self.sources, source)
        self._read_decks()
        if self._browser is not None:
            self._browser.forget()
        return report

    def sync(self, source: CardSource) -> SyncReport:
        return self.apply_sync(source, self.load(source))

    # -- decks --------------------------------------------------------------------------------

    def _read_decks(self) -> None:
        self._decks = {entry.id: entry for entry in self._c.deck_entries()}

    def decks(self) -> list[DeckEntry]:
        """Every deck the sources recorded."""
        return list(self._decks.values())

    def resolve(self, asked: str | None) -> DeckSelection:
        """The decks a user named (by id, name or Anki name, any case; a parent with its
        children; None: every deck). Raises `UnknownDeck` listing the known decks."""
        try:
            return resolve_deck(asked, self._decks.values())
        except UnknownDeck:
            # Decks that have cards but no recorded name (cards synced without deck names) count too.
            unnamed = [DeckEntry(deck, deck, "") for deck in self._c.decks() if deck not in self._decks]
            return resolve_deck(asked, [*self._decks.values(), *unnamed])

    def deck_name(self, deck: str | None) -> str:
        """The title of what `deck` names, for a screen. No database: any thread may call it."""
        if deck is None:
            return ALL_DECKS
        try:
            return resolve_deck(deck, list(self._decks.values())).name
        except StudyError:
            return deck

    def deck_rows(self) -> list[DeckRow]:
        """The decks screen: all decks, then the tree of decks, with new, due and again as today's
        session of each line would have them (the collection's and the decks' daily limits
        applied, `study.options`), and the total."""
        now = self.now()
        with collection_errors(self._c.path):
            counts = self._c.deck_counts(now=now, tz=self.tz, config=self._config())
            return deck_rows(counts, self._decks.values(), self._caps(now))

    def _config(self) -> SessionConfig:
        """The layer's config with the collection's daily limits, as the student set them."""
        from studykit.study.options import session_config

        return session_config(self._c, self.config)

    def _caps(self, now: dt.datetime) -> list[Cap]:
        from studykit.study.options import deck_caps

        return deck_caps(self._c, self.resolve, now=now, tz=self.tz, rollover_hour=self.config.rollover_hour)

    # -- sessions -----------------------------------------------------------------------------

    def start(self, deck: str | None, mode: str = "review") -> Step | NothingDue:
        """Today's session of a deck (None: all decks) in `mode`: "review", "new" (ten more new
        cards than today's limit or, once that is reached, than the new cards done today: each
        call, after a restart as well, gives ten more) or "cram" (every card seen, no
        rescheduling). Raises `UnknownDeck` for a name no deck has."""
        selection = self.resolve(deck)
        config = self._config()
        now = self.now()
        with collection_errors(self._c.path):
            caps = self._caps(now) if mode != "cram" else []
            if mode == "new":  # ten more than today's limit or than the new cards already done today
                done = self._c.done_today(StudyDay.containing(now, tz=self.tz, rollover_hour=config.rollover_hour))
                config = raised_limit(config, max(0, done.new - config.new_per_day) + EXTRA_NEW)
                caps = [cap if cap.new is None else replace(cap, new=cap.new + EXTRA_NEW) for cap in caps]
            started = start_sitting(self._c, selection, mode, now=now, tz=self.tz, config=config, caps=caps)
        if isinstance(started, NothingDue):
            self.sitting = None
            return started
        self.sitting = started
        return started.step(now)

    @property
    def _sitting(self) -> Sitting:
        assert self.sitting is not None, "no session in progress"
        return self.sitting

    # Each writes its change before it returns; a change the collection refuses raises `NotSaved`
    # and stays pending in the sitting, written first at the next call (`unsaved` names it).

    def grade(self, card_id: str, grade: str | int, answer_seconds: float) -> Step:
        with collection_errors(self._c.path):
            return self._sitting.grade(card_id, grade, now=self.now(), answer_seconds=answer_seconds)

    def undo(self) -> Step | None:
        with collection_errors(self._c.path):
            return None if self.sitting is None else self.sitting.undo(now=self.now())

    def bury(self, card_id: str) -> Step:
        with collection_errors(self._c.path):
            return self._sitting.bury(card_id, now=self.now())

    def suspend(self, card_id: str) -> Step:
        with collection_errors(self._c.path):
            return self._sitting.suspend(card_id, now=self.now())

    def unsaved(self) -> str | None:
        """What the collection refused and is still not written (a grade, an undo), or None."""
        pending = None if self.sitting is None else self.sitting.pending
        return None if pending is None else pending[1]

    def summary(self) -> Summary:
        return NO_SUMMARY if self.sitting is None else self.sitting.summary()

    # -- importing Anki packages ------------------------------------------------------------

    def import_package(
        self, path: str | Path, *, scheduling: bool = True, progress: Progress | None = None,
    ) -> ImportSummary:
        """Import one .apkg/.colpkg in one transaction (`study.imports`); raises `StudyError`
        naming the file when it cannot be read, the collection left as it was."""
        from studykit.study.imports import import_package

        try:
            summary = import_package(self._c, path, now=self.now(), tz=self.tz,
                                     rollover_hour=self.config.rollover_hour, scheduling=scheduling, progress=progress)
        except CollectionError as error:
            raise StudyError(str(error)) from None
        self._read_decks()
        return summary

    def imports(self) -> list[ImportListing]:
        """Every imported package: file, when, counts, its decks now."""
        from studykit.study.imports import listings

        return listings(self._c)

    def plan_removal(self, deck: str) -> Removal:
        """What removing an imported deck (with its subdecks) would take away; raises `StudyError`
        for a deck that is not imported."""
        from studykit.study.imports import plan_removal

        selection = self.resolve(deck)
        if selection.deck_ids is None:
            raise StudyError("name one imported deck to remove")
        return plan_removal(self._c, selection.deck_ids, selection.name)

    def remove(self, removal: Removal) -> int:
        """Remove the decks of `removal`: their cards are retired with their history (kept in the
        collection; importing the package again brings them back). Returns the cards retired."""
        from studykit.study.imports import remove

        retired = remove(self._c, removal, now=self.now())
        self._read_decks()
        return retired

    def play(self, card: NoteCard, name: str) -> Played:
        """Play one sound of an imported card through a player found on the system (no database:
        any thread may call it)."""
        from studykit.study.media import media_file, play

        return play(media_file(self._c.path, card, name), name)

    def show_image(self, card: NoteCard, name: str) -> Played:
        """Open one image of an imported card in the system's viewer (no database)."""
        from studykit.study.media import media_file, open_file

        return open_file(media_file(self._c.path, card, name), name)

    # -- the card browser ---------------------------------------------------------------------

    @property
    def browser(self) -> Browser:
        if self._browser is None:
            from studykit.study.browse import Browser

            self._browser = Browser(
                self._c, deck_name=self._deck_title,
                resolve_deck=lambda name: matching_decks(name, self._known_decks()), tags_of=self._tags_of,
            )
        return self._browser

    def _known_decks(self) -> list[DeckEntry]:
        unnamed = [DeckEntry(deck, deck, "") for deck in self._c.decks() if deck not in self._decks]
        return [*self._decks.values(), *unnamed]

    def _deck_title(self, deck_id: str) -> str:
        entry = self._decks.get(deck_id)
        return entry.name if entry is not None else deck_id

    def _tags_of(self, cards: Sequence[AnyCard]) -> dict[str, tuple[str, ...]]:
        """The cards' tags as their sources give them (a fact's kind and topics); a source that
        cannot be read gives none rather than stopping the browser."""
        from studykit.core.cards import Card

        facts = [card for card in cards if isinstance(card, Card)]  # an imported note's card has its own
        out: dict[str, tuple[str, ...]] = {}
        for source in self.sources:
            tags = getattr(source, "tags", None)
            if tags is None or not facts:
                continue
            try:
                out.update(tags(facts))
            except SourceError:
                continue
        return out

    def _day(self, now: dt.datetime) -> StudyDay:
        return StudyDay.containing(now, tz=self.tz, rollover_hour=self.config.rollover_hour)

    def browse(self, query: str = "", *, sort: str = "order", descending: bool = False,
               tags: bool = False) -> BrowseResult:
        """The cards a search matches (`core.search`'s language), sorted; raises `BadQuery`.
        `tags`: every row with its tags (a fact card's are read from the fact decks; otherwise
        only once a search or a card's detail needed them)."""
        from studykit.core.search import QueryError

        now = self.now()
        try:
            with collection_errors(self._c.path):
                return self.browser.search(query, now=now, day=self._day(now), sort=sort, descending=descending,
                                           tags=tags)
        except QueryError as error:
            raise BadQuery(error.message, query, error.position) from None

    def card_detail(self, card_id: str) -> CardDetail:
        """One card in full, with its schedule and review history."""
        now = self.now()
        try:
            with collection_errors(self._c.path):
                return self.browser.detail(card_id, now=now, day=self._day(now))
        except KeyError:
            raise StudyError(f"no card {card_id!r} in the collection") from None

    def suspend_cards(self, card_ids: Sequence[str]) -> ActionReport:
        """Take the cards out of every session until they are unsuspended (logged, as in review)."""
        from studykit.core.session import suspend_card

        return self._act("suspend", card_ids, lambda r, now: None if r.suspended else suspend_card(r, now=now))

    def unsuspend_cards(self, card_ids: Sequence[str]) -> ActionReport:
        """Give suspended cards (leeches too) back to the sessions; a leech keeps its tag."""
        from studykit.core.session import unsuspend_card

        return self._act("unsuspend", card_ids, lambda r, now: unsuspend_card(r, now=now) if r.suspended else None)

    def bury_cards(self, card_ids: Sequence[str]) -> ActionReport:
        """Hide the cards until the study day turns over."""
        from studykit.core.session import bury_card

        def bury(record: CardRecord, now: dt.datetime) -> Change | None:
            end = self._day(now).end
            if record.buried_until is not None and record.buried_until >= end:
                return None
            return bury_card(record, now=now, until=end)

        return self._act("bury", card_ids, bury)

    def unbury_cards(self, card_ids: Sequence[str]) -> ActionReport:
        """Show buried cards again today."""
        from studykit.core.session import unbury_card

        def unbury(record: CardRecord, now: dt.datetime) -> Change | None:
            buried = record.buried_until is not None and record.buried_until > now
            return unbury_card(record, now=now) if buried else None

        return self._act("unbury", card_ids, unbury)

    def reset_cards(self, card_ids: Sequence[str]) -> ActionReport:
        """Make the cards new again (`session.reset_card`): logged, their history kept."""
        from studykit.core.session import reset_card

        return self._act("reset", card_ids, lambda r, now: None if r.is_new and r.state.lapses == 0
                         else reset_card(r, now=now))

    def flag_cards(self, card_ids: Sequence[str], flag: int) -> ActionReport:
        """Flag the cards (1–7, Anki's colours) or take their flags off (0). A mark, not scheduling:
        not logged."""
        from studykit.study.browse import FLAG_NAMES, ActionReport

        if isinstance(flag, bool) or not isinstance(flag, int) or not 0 <= flag <= len(FLAG_NAMES):
            raise StudyError(f"a flag is 0 (none) or 1–{len(FLAG_NAMES)} ({', '.join(FLAG_NAMES)}), not {flag!r}")
        ids = tuple(dict.fromkeys(card_ids))
        with collection_errors(self._c.path):
            known = self._c.records_of(ids)
            unknown = [i for i in ids if i not in known]
            if unknown:
                raise StudyError(f"no card {unknown[0]!r} in the collection")
            flags = self._c.flags()
            changed = tuple(i for i in ids if flags.get(i, 0) != flag)
            self._c.set_flag(changed, flag)
        return ActionReport("flag" if flag else "unflag", len(changed), len(ids) - len(changed), changed)

    def _act(
        self, action: str, card_ids: Sequence[str],
        act: Callable[[CardRecord, dt.datetime], Change | None],
    ) -> ActionReport:
        """One action on many cards: the events of the cards it changes, committed to the review
        log in one transaction before it returns; a session in progress takes them in."""
        from studykit.study.browse import ActionReport, bulk

        now = self.now()
        with collection_errors(self._c.path):
            records = self._c.records_of(card_ids)
            unknown = [i for i in card_ids if i not in records]
            if unknown:
                raise StudyError(f"no card {unknown[0]!r} in the collection")
            change = bulk(records.values(), lambda record: act(record, now))
            self._c.commit(change)
            changed = tuple(dict.fromkeys(e.card_id for e in change.events))
            if self.sitting is not None and changed:
                self.sitting.refresh(changed, now=now)
        return ActionReport(action, len(changed), len(records) - len(changed), changed)

    def current_step(self) -> Step | None:
        """Where the session stands now (after the browser changed some of its cards)."""
        return None if self.sitting is None else self.sitting.step(self.now())

    # -- deck options -------------------------------------------------------------------------

    def limits(self, deck: str | None = None) -> LimitsView:
        """The daily limits of a deck (None: of the whole collection), as set and as they apply."""
        from studykit.study.options import limits_view

        selection = None if deck is None else self.resolve(deck)
        if selection is not None and selection.everything:
            selection = None
        with collection_errors(self._c.path):
            return limits_view(self._c, self.config, selection, selection.key if selection else "",
                               now=self.now(), tz=self.tz)

    def all_limits(self) -> list[LimitsView]:
        """The collection's limits and every deck's own."""
        from studykit.study.options import all_limits

        with collection_errors(self._c.path):
            return all_limits(self._c, self.config, self.resolve, now=self.now(), tz=self.tz)

    def set_limits(self, deck: str | None = None, *, new_per_day: int | Keep | None = KEEP,
                   reviews_per_day: int | Keep | None = KEEP) -> LimitsView:
        """Set a deck's daily limits (None: the collection's). A number sets a limit; None takes it
        off (a deck then has the collection's; the collection, the defaults); KEEP leaves it."""
        from studykit.core.limits import DailyLimits

        selection = None if deck is None else self.resolve(deck)
        scope = "" if selection is None or selection.everything else selection.key
        with collection_errors(self._c.path):
            own = self._c.daily_limits().get(scope, DailyLimits())
            try:
                limits = DailyLimits(
                    own.new_per_day if isinstance(new_per_day, Keep) else new_per_day,
                    own.reviews_per_day if isinstance(reviews_per_day, Keep) else reviews_per_day,
                )
            except ValueError as error:
                raise StudyError(str(error)) from None
            self._c.set_daily_limits(scope, limits)
        return self.limits(None if not scope else deck)

    # -- stats and passages -------------------------------------------------------------------

    def numbers(self, deck: str | None) -> tuple[DeckSelection, Stats]:
        """The selected decks and their numbers, as `studykit stats` prints them."""
        selection = self.resolve(deck)
        with collection_errors(self._c.path):
            return selection, deck_stats(self._c, selection, now=self.now(), tz=self.tz,
                                         rollover_hour=self.config.rollover_hour)

    def stats(self, deck: str | None) -> StatsView:
        return stats_view(self.numbers(deck)[1])

    def passages(self, card: AnyCard) -> Passages:
        """Where the card comes from, as its source tells (nothing, for a source not at hand;
        an imported note's card carries its note's fields itself)."""
        from studykit.core.notecards import NoteCard

        if isinstance(card, NoteCard):
            return Passages()
        try:
            owner = self._c.card_source(card.id)
        except KeyError:
            return Passages()
        for source in self.sources:
            if source.id == owner:
                try:
                    return source.passages(card)
                except SourceError as error:
                    raise StudyError(str(error)) from None
        return Passages()
