"""The TUI's one adapter to the core session and the collection.

Screens never touch the database: the app awaits this service, which runs every call of
the backend that reads or writes the collection on one thread of its own (SQLite
connections belong to the thread that opened them), so the event loop never blocks and a
grade's commit is awaited before the next card is shown. The views it returns are frozen value objects the screens display.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from studykit.core.cards import Card
from studykit.core.facts import Fact

T = TypeVar("T")


class StartupError(Exception):
    """The collection or the decks cannot be opened: one message for the student, exit status 2."""


@dataclass(frozen=True)
class DeckRow:
    """One line of the decks screen; `deck_id` None is the "all decks" line."""

    deck_id: str | None
    name: str
    new: int    # new cards today's session would introduce (the daily limit applied)
    due: int    # reviews due today
    total: int
    again: int = 0  # cards graded below Good today, waiting for their re-drill


@dataclass(frozen=True)
class Step:
    """Where the session stands: the card to show (None when the session is over)."""

    card: Card | None
    done: int
    remaining: int
    label: str = ""   # "new", "review", "again", "cram"
    detail: str = ""  # e.g. "new 3 · review 12 · again 1"


@dataclass(frozen=True)
class Summary:
    """How the session went: `correct` of the `answered` first answers (re-drills not counted)."""

    reviewed: int
    correct: int
    answered: int
    again: int
    seconds: float
    next_due: dt.datetime | None


@dataclass(frozen=True)
class NothingDue:
    next_due: dt.datetime | None
    new_available: int
    cram_available: int


@dataclass(frozen=True)
class StatsView:
    by_state: tuple[tuple[str, int], ...]
    due_today: int
    reviewed_today: int
    retention: float | None
    forecast: tuple[int, ...]
    per_day: Mapping[dt.date, int] = field(default_factory=dict)
    today: dt.date = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class SourceDoc:
    """A seed document as the source screen names it."""

    file: str
    title: str
    language: str
    origin: str = ""


@dataclass(frozen=True)
class Sources:
    """What the source screen shows for a card: each quote with its document, the card's facts."""

    quotes: tuple[tuple[SourceDoc, str], ...]
    facts: tuple[Fact, ...]
    docs: Mapping[str, SourceDoc]


class Backend(Protocol):
    """What the app needs from the core and the collection. Every call runs on the service
    thread, except `deck_name`, `now` and `local_now`: they touch no database, and the app
    calls them directly (a round trip through the thread costs a frame)."""

    def open(self) -> None: ...
    def needs_sync(self) -> bool: ...
    def prepare_cards(self) -> Any: ...
    def apply_sync(self, prepared: Any) -> None: ...
    def deck_ids(self) -> list[str]: ...
    def deck_rows(self) -> list[DeckRow]: ...
    def deck_name(self, deck_id: str | None) -> str: ...
    def start(self, deck_id: str | None, mode: str) -> Step | NothingDue: ...
    def grade(self, card_id: str, grade: str | int, answer_seconds: float) -> Step: ...
    def undo(self) -> Step | None: ...
    def bury(self, card_id: str) -> Step: ...
    def suspend(self, card_id: str) -> Step: ...
    def summary(self) -> Summary: ...
    def stats(self, deck_id: str | None) -> StatsView: ...
    def sources(self, card: Card) -> Sources: ...
    def now(self) -> dt.datetime: ...
    def local_now(self) -> dt.datetime: ...
    def close(self) -> None: ...


class StudyService:
    """Runs a backend on one dedicated thread; every method is awaited by the app."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studykit-collection")
        self._opening: Future[None] | None = None
        self._first: tuple[str, Future[Step | NothingDue]] | None = None

    def prefetch(self, deck_id: str | None = None) -> StudyService:
        """Open the collection, and build the deck's queue, now: before Textual has even loaded."""
        self._opening = self._thread.submit(self.backend.open)
        if deck_id is not None:
            self._first = (deck_id, self._thread.submit(self.backend.start, deck_id, "review"))
        return self

    async def call(self, function: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, function, *args)

    async def open(self) -> None:
        if self._opening is None:
            self._opening = self._thread.submit(self.backend.open)
        await asyncio.wrap_future(self._opening)

    async def deck_rows(self) -> list[DeckRow]:
        return await self.call(self.backend.deck_rows)

    async def start(self, deck_id: str | None, mode: str) -> Step | NothingDue:
        if self._first is not None:
            first, self._first = self._first, None
            if first[0] == deck_id and mode == "review":
                return await asyncio.wrap_future(first[1])
        return await self.call(self.backend.start, deck_id, mode)

    async def grade(self, card_id: str, grade: str | int, answer_seconds: float) -> Step:
        return await self.call(self.backend.grade, card_id, grade, answer_seconds)

    async def undo(self) -> Step | None:
        return await self.call(self.backend.undo)

    async def bury(self, card_id: str) -> Step:
        return await self.call(self.backend.bury, card_id)

    async def suspend(self, card_id: str) -> Step:
        return await self.call(self.backend.suspend, card_id)

    async def summary(self) -> Summary:
        return await self.call(self.backend.summary)

    async def stats(self, deck_id: str | None) -> StatsView:
        return await self.call(self.backend.stats, deck_id)

    async def sources(self, card: Card) -> Sources:
        return await self.call(self.backend.sources, card)

    def shutdown(self) -> None:
        """Close the collection on its own thread, after any commit still in flight (queued first)."""
        closing = self._thread.submit(self.backend.close)
        self._thread.shutdown(wait=False)
        try:
            closing.result(timeout=30)
        except TimeoutError:  # a call still hangs: its own transaction is all-or-nothing
            pass
