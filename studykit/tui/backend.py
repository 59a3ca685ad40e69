"""The review app's backend: the collection (`studykit.storage`) and the core session, on one thread.

Every method runs on the service thread (see `tui.service`). It decides nothing about the
queue or the schedule: `Collection.start_session` builds the day's queue, `Session` grades,
re-drills, undoes, buries and suspends, and every change is committed before the method
returns, so the next card is shown only after the last grade is on disk.

Startup is kept short: when the collection already has cards, the first screen comes from
the collection alone (its cards, and the deck names recorded at the last sync) and the decks
are looked at afterwards, once the first screen is up: unless their files (or the code that
generates cards) changed since the last sync, which a hash of their bytes tells at once,
nothing is read or generated (`needs_sync`); otherwise they are read and synced
(`prepare_cards`, `apply_sync`). A fresh collection is synced first. This module imports
neither Textual nor Rich, so the CLI can open the collection while Textual is still loading
(`StudyService.prefetch`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from studykit.core.cards import Card
from studykit.core.facts import Deck, Fact
from studykit.core.session import Session, SessionConfig, SessionError
from studykit.core.sm2 import Button, Quality, ReviewKind
from studykit.storage import Collection, CollectionError
from studykit.tui.service import (
    DeckRow,
    NothingDue,
    SourceDoc,
    Sources,
    StartupError,
    StatsView,
    Step,
    StudyService,
    Summary,
)

EXTRA_NEW = 10  # new cards added by each "learn new cards now"
KIND_LABELS = {ReviewKind.NEW: "new", ReviewKind.REVIEW: "review", ReviewKind.REDRILL: "again"}


def core_grade(grade: str | int) -> Button | Quality:
    """A button name as the core's `Button`, a number as an SM-2 `Quality` (the core maps buttons)."""
    return Button[grade.upper()] if isinstance(grade, str) else Quality(grade)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_tz() -> dt.tzinfo:
    tz = dt.datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


@dataclass(frozen=True)
class _Prepared:
    """The decks as read, the cards generated from them, and the fingerprint of what they
    were generated from (None for cards given to the backend)."""

    decks: list[Deck]
    cards: list[Card]
    seed_docs: dict[str, SourceDoc]
    inputs: str | None = None


@dataclass
class _Sitting:
    """The session in progress and how it was asked for."""

    session: Session
    deck_id: str | None
    mode: str  # "review", "new" or "cram"
    cards: dict[str, Card]


class CollectionBackend:
    """The collection file and the decks it is synced with."""

    def __init__(
        self,
        path: str | Path | None,
        *,
        decks_dir: Path | None = None,
        seeds_dir: Path | None = None,
        now: Callable[[], dt.datetime] | None = None,
        tz: dt.tzinfo | None = None,
        seed: int | None = None,
        config: SessionConfig | None = None,
        decks: Sequence[Deck] | None = None,
        cards: Sequence[Card] | None = None,
    ) -> None:
        self.path = path
        self.decks_dir = decks_dir
        self.seeds_dir = seeds_dir
        self._now = now or utc_now
        self.tz = tz or local_tz()
        self.seed = 0 if seed is None else seed
        self.config = config or SessionConfig()
        self.given_decks = None if decks is None else list(decks)
        self.given_cards = None if cards is None else list(cards)
        self.collection: Collection | None = None
        self.deck_names: dict[str, str] = {}
        self.facts: dict[str, Fact] = {}
        self.seed_docs: dict[str, SourceDoc] = {}
        self.sitting: _Sitting | None = None
        self.extra_new = 0
        self.synced = False       # the collection holds the cards of the decks as they are
        self.decks_read = False   # `facts` and `seed_docs` are filled in

    # -- opening and syncing ----------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self._now()

    def local_now(self) -> dt.datetime:
        """Now in the student's time zone, for saying when things are due."""
        return self._now().astimezone(self.tz)

    def open(self) -> None:
        """Open the collection; sync it with the decks now only if it has no cards yet."""
        try:
            self.collection = Collection.open(self.path)
        except CollectionError as error:
            raise StartupError(str(error)) from None
        if self.given_decks is not None:
            self.deck_names = {deck.id: deck.name for deck in self.given_decks}
        else:
            # Recorded by the last sync; a collection last synced by an older studykit has none yet.
            self.deck_names = self._c.deck_names() or _deck_headers(self.decks_dir)
        if self._c.is_empty():
            self.sync_decks()

    def needs_sync(self) -> bool:
        """Whether the decks must be read and synced: not when the deck and seed files, the
        card generators and the seed are those of the last sync (a hash of their bytes: fast)."""
        if self.synced:
            return False
        if self.given_cards is None and self._c.synced_inputs() == self._inputs():
            self.synced = True
        return not self.synced

    def _inputs(self) -> str:
        from studykit.decks import decks_dir, seeds_dir

        return inputs_fingerprint(self.decks_dir or decks_dir(), self.seeds_dir or seeds_dir(), self.seed)

    def read_decks(self) -> tuple[list[Deck], dict[str, str]]:
        """The decks, checked against the seed documents. No database: any thread may run it."""
        from studykit.decks import DeckLoadError, load_decks, load_seeds

        try:
            seeds = load_seeds(self.seeds_dir)
            return load_decks(self.decks_dir, seeds), seeds
        except DeckLoadError as error:
            raise StartupError("problems in the decks:\n" + "\n".join(str(p) for p in error.problems)) from None
        except OSError as error:
            raise StartupError(f"cannot read the decks: {error}") from None

    def prepare_cards(self) -> _Prepared:
        """Read and check the decks and generate their cards. No database: any thread may run it.

        Decks and cards given to the constructor (a fixed collection for tests) are used as they are.
        """
        from studykit.tui.sources import describe_seeds

        if self.given_cards is not None:
            decks = self.given_decks or []
            names = sorted({s.seed for card in self.given_cards for s in card.sources})
            return _Prepared(decks, self.given_cards, describe_seeds(names, self.seeds_dir))
        from studykit.core.generators import generate_cards

        inputs = self._inputs()  # before reading: a file changed meanwhile is synced next time
        decks, seeds = self.read_decks()
        facts = [fact for deck in decks for fact in deck.facts]
        from studykit.core.introduction import spread_siblings

        # The collection introduces new cards in the order given: siblings spread apart.
        cards = spread_siblings(generate_cards(facts, rng=random.Random(self.seed)))
        return _Prepared(decks, cards, describe_seeds(sorted(seeds), self.seeds_dir), inputs)

    def apply_sync(self, prepared: _Prepared) -> None:
        """Sync the collection with the prepared cards (skipped by the collection when unchanged)."""
        names = {deck.id: deck.name for deck in prepared.decks}
        try:
            self._c.sync(prepared.cards, deck_names=names, inputs=prepared.inputs)
        except CollectionError as error:
            raise StartupError(str(error)) from None
        self._use_decks(prepared.decks, prepared.seed_docs)
        self.synced = True

    def _use_decks(self, decks: Sequence[Deck], seed_docs: dict[str, SourceDoc]) -> None:
        self.deck_names.update({deck.id: deck.name for deck in decks})
        self.facts = {fact.id: fact for deck in decks for fact in deck.facts}
        self.seed_docs = seed_docs
        self.decks_read = True

    def sync_decks(self) -> None:
        self.apply_sync(self.prepare_cards())

    def close(self) -> None:
        if self.collection is not None:
            self.collection.close()
            self.collection = None

    @property
    def _c(self) -> Collection:
        assert self.collection is not None, "the collection is not open"
        return self.collection

    # -- decks ------------------------------------------------------------------------------

    def deck_name(self, deck_id: str | None) -> str:
        if deck_id is None:
            return "All decks"
        return self.deck_names.get(deck_id, deck_id)

    def deck_ids(self) -> list[str]:
        return list(self._c.decks())

    def deck_rows(self) -> list[DeckRow]:
        """New, due and again as today's session would have them (the daily limits applied), and the total."""
        counts = self._c.deck_counts(now=self.now(), tz=self.tz, config=self.config)
        return [
            DeckRow(deck_id, self.deck_name(deck_id), c.new, c.due, c.total, again=c.again)
            for deck_id, c in counts.items()
        ]

    # -- sessions ---------------------------------------------------------------------------

    def start(self, deck_id: str | None, mode: str) -> Step | NothingDue:
        """Today's session for a deck (None: all decks); raises StartupError for an unknown deck."""
        now = self.now()
        if mode == "cram":
            session = self._c.start_cram(now=now, tz=self.tz, config=self.config, deck=deck_id)
        else:
            config = self.config
            if mode == "new":
                self.extra_new += EXTRA_NEW
                config = replace(config, new_per_day=config.new_per_day + self.extra_new)
            session = self._c.start_session(now=now, tz=self.tz, config=config, deck=deck_id)
        if session.current is None:
            self.sitting = None
            if deck_id is not None and deck_id not in self._c.decks():
                known = ", ".join(self._c.decks()) or "none"
                raise StartupError(f"unknown deck {deck_id!r}; known decks: {known}")
            return self._nothing_due(deck_id, session)
        self.sitting = _Sitting(session, deck_id, mode, {})
        return self._step()

    def _nothing_due(self, deck_id: str | None, session: Session) -> NothingDue:
        records = self._c.records(deck=deck_id)
        now = self.now()
        available = [r for r in records if r.available(now)]
        dues = [r.state.due for r in available if r.state.due is not None]
        if session.upcoming is not None:
            dues.append(session.upcoming)
        return NothingDue(
            next_due=min(dues, default=None),
            new_available=sum(1 for r in available if r.is_new),
            cram_available=sum(1 for r in available if not r.is_new),
        )

    def _card(self, card_id: str) -> Card:
        sitting = self._sitting
        if card_id not in sitting.cards:
            sitting.cards[card_id] = self._c.card(card_id)
        return sitting.cards[card_id]

    @property
    def _sitting(self) -> _Sitting:
        assert self.sitting is not None, "no session in progress"
        return self.sitting

    def _step(self) -> Step:
        sitting = self._sitting
        session = sitting.session
        record = session.current
        progress = session.progress
        remaining = progress.reviews + progress.new + progress.redrill
        parts = [f"{name} {count}" for name, count in
                 (("new", progress.new), ("review", progress.reviews), ("again", progress.redrill)) if count]
        detail = " · ".join(parts)
        if record is None:
            return Step(None, progress.graded, 0, "", detail)
        kind = session.current_kind
        label = "cram" if session.cramming else KIND_LABELS.get(kind, "") if kind else ""
        return Step(self._card(record.card_id), progress.graded, remaining, label, detail)

    def grade(self, card_id: str, grade: str | int, answer_seconds: float) -> Step:
        sitting = self._sitting
        current = sitting.session.current
        if current is None or current.card_id != card_id:
            return self._step()  # a late second key press: this card was graded already
        # Committed before the next card is shown; a cram grade's change is empty: nothing is written.
        self._c.commit(sitting.session.grade(core_grade(grade), now=self.now(), answer_ms=round(answer_seconds * 1000)))
        return self._step()

    def undo(self) -> Step | None:
        sitting = self.sitting
        if sitting is None or not sitting.session.can_undo:
            return None
        try:
            change = sitting.session.undo(now=self.now())
        except SessionError:
            return None
        self._c.commit(change)
        return self._step()

    def bury(self, card_id: str) -> Step:
        return self._set_aside(card_id, "bury")

    def suspend(self, card_id: str) -> Step:
        return self._set_aside(card_id, "suspend")

    def _set_aside(self, card_id: str, how: str) -> Step:
        session = self._sitting.session
        current = session.current
        if current is None or current.card_id != card_id:
            return self._step()
        change = session.bury(now=self.now()) if how == "bury" else session.suspend(now=self.now())
        self._c.commit(change)
        return self._step()

    def summary(self) -> Summary:
        if self.sitting is None:
            return Summary(0, 0, 0, 0, 0.0, None)
        s = self.sitting.session.summary()
        return Summary(
            reviewed=s.cards_reviewed, correct=s.correct, answered=s.first_grades,
            again=s.grades - s.first_grades, seconds=s.time_spent.total_seconds(), next_due=s.next_due,
        )

    # -- stats and sources ------------------------------------------------------------------

    def stats(self, deck_id: str | None) -> StatsView:
        stats = self._c.stats(now=self.now(), tz=self.tz, rollover_hour=self.config.rollover_hour, deck=deck_id)
        return StatsView(
            by_state=tuple(stats.by_state.items()),
            due_today=stats.due_today,
            reviewed_today=stats.reviewed_today,
            retention=stats.retention,
            forecast=stats.forecast,
            per_day=stats.per_day,
            today=stats.today,
        )

    def sources(self, card: Card) -> Sources:
        """The card's quotes with their documents, its facts (with their conflicts), every document."""
        if not self.decks_read:
            if self.given_cards is not None:
                self._use_decks(self.given_decks or [], self.prepare_cards().seed_docs)
            else:
                from studykit.tui.sources import describe_seeds

                decks, seeds = self.read_decks()
                self._use_decks(decks, describe_seeds(sorted(seeds), self.seeds_dir))
        quotes = tuple((self._doc(source.seed), source.quote) for source in card.sources)
        facts = tuple(self.facts[i] for i in card.fact_ids if i in self.facts)
        return Sources(quotes, facts, dict(self.seed_docs))

    def _doc(self, name: str) -> SourceDoc:
        return self.seed_docs.get(name) or SourceDoc(name, name, "language not recorded")


def inputs_fingerprint(decks: Path, seeds: Path, seed: int) -> str:
    """A hash of what the cards are generated from: the deck and seed files (names and bytes),
    the source of the code that turns facts into cards, and the seed of its random choices.
    The same hash, the same cards: the sync can be skipped without reading a deck."""
    import hashlib

    package = Path(__file__).resolve().parents[1]
    groups = {
        "decks": [*sorted(decks.glob("*.yaml")), *sorted(decks.glob("*.yml"))],
        "seeds": [*sorted(seeds.glob("*.txt")), seeds / "sources.toml"],
        "code": [*sorted((package / "core").rglob("*.py")), package / "decks.py"],
    }
    digest = hashlib.sha256(f"seed {seed}\n".encode())
    for group, paths in groups.items():
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            digest.update(f"{group} {path.name} {len(data)}\n".encode())
            digest.update(data)
    return digest.hexdigest()


def _deck_headers(directory: Path | None) -> dict[str, str]:
    """Deck id -> name from the `deck:` header of each file, without reading its facts (fast)."""
    import yaml  # type: ignore[import-untyped]

    from studykit.decks import decks_dir

    names: dict[str, str] = {}
    folder = directory or decks_dir()
    if not folder.is_dir():
        return names
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        try:
            head = []
            with path.open(encoding="utf-8") as f:
                for line in f:
                    if line.startswith("facts:"):
                        break
                    head.append(line)
            data = yaml.safe_load("".join(head))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        deck = data.get("deck") if isinstance(data, dict) else None
        if isinstance(deck, dict) and isinstance(deck.get("id"), str) and isinstance(deck.get("name"), str):
            names[deck["id"]] = deck["name"]
    return names


def open_service(
    collection: str | Path | None,
    *,
    deck: str | None = None,
    decks_dir: Path | None = None,
    seeds_dir: Path | None = None,
    now: Callable[[], dt.datetime] | None = None,
    tz: dt.tzinfo | None = None,
    seed: int | None = None,
    config: SessionConfig | None = None,
    decks: Sequence[Deck] | None = None,
    cards: Sequence[Card] | None = None,
) -> StudyService:
    """The collection behind its service thread, already opening it (and building `deck`'s queue).

    Called before Textual is imported, the file is opened and the first queue built while
    Textual loads: the first card is on screen sooner.
    """
    backend = CollectionBackend(
        collection, decks_dir=decks_dir, seeds_dir=seeds_dir, now=now, tz=tz, seed=seed,
        config=config, decks=decks, cards=cards,
    )
    return StudyService(backend).prefetch(deck)
