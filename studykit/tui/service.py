"""The review app's one adapter to the application layer: a `Study` on a thread of its own.

Screens never touch the database: the app awaits this service, which runs every call of the
`Study` that reads or writes the collection on one dedicated thread (SQLite connections
belong to the thread that opened them), so the event loop never blocks and a grade's commit
is awaited before the next card is shown. This module imports neither Textual nor Rich, so
the CLI can open the collection and build the first queue while Textual is still loading
(`open_service`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from studykit.core.session import SessionConfig
from studykit.study.study import Study, fact_sources
from studykit.study.views import DeckRow, NothingDue, Passages, StatsView, Step, Summary

if TYPE_CHECKING:
    from studykit.core.cards import Card
    from studykit.core.facts import Deck
    from studykit.sources import CardSource
    from studykit.study.browse import ActionReport, BrowseResult, CardDetail
    from studykit.study.options import LimitsView

T = TypeVar("T")


class StudyService:
    """Runs a `Study` on one dedicated thread; every method is awaited by the app."""

    def __init__(self, study: Study) -> None:
        self.study = study
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studykit-collection")
        self._opening: Future[Study] | None = None
        self._first: tuple[str, Future[Step | NothingDue]] | None = None

    def prefetch(self, deck: str | None = None) -> StudyService:
        """Open the collection, and build the deck's queue, now: before Textual has even loaded.
        The check of the whole file waits until the app asks for it (`check`), once its first
        screen is up: until then it would only compete with the start for the CPU."""
        self._opening = self._thread.submit(self.study.open, check_later=True)
        if deck is not None:
            self._first = (deck, self._thread.submit(self.study.start, deck, "review"))
        return self

    async def call(self, function: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, function, *args)

    async def open(self) -> None:
        if self._opening is None:
            self._opening = self._thread.submit(self.study.open, check_later=True)
        await asyncio.wrap_future(self._opening)

    async def check(self) -> None:
        """Start the check of the collection (if a write did not already) and wait for it, off
        the collection's thread (it runs on one of its own); `StudyError` if it is damaged."""
        await asyncio.to_thread(self.study.check)

    async def sync_sources(self) -> bool:
        """Sync the sources whose files changed since their last sync: each read off the
        collection's thread (it may take seconds), then synced on it. Whether any was."""
        stale = await self.call(self.study.stale_sources)
        for source in stale:
            loaded = await asyncio.to_thread(self.study.load, source)
            await self.call(self.study.apply_sync, source, loaded)
        return bool(stale)

    async def deck_rows(self) -> list[DeckRow]:
        return await self.call(self.study.deck_rows)

    async def start(self, deck: str | None, mode: str) -> Step | NothingDue:
        if self._first is not None:
            first, self._first = self._first, None
            if first[0] == deck and mode == "review":
                return await asyncio.wrap_future(first[1])
        return await self.call(self.study.start, deck, mode)

    async def grade(self, card_id: str, grade: str | int, answer_seconds: float) -> Step:
        return await self.call(self.study.grade, card_id, grade, answer_seconds)

    async def undo(self) -> Step | None:
        return await self.call(self.study.undo)

    async def bury(self, card_id: str) -> Step:
        return await self.call(self.study.bury, card_id)

    async def suspend(self, card_id: str) -> Step:
        return await self.call(self.study.suspend, card_id)

    async def summary(self) -> Summary:
        return await self.call(self.study.summary)

    async def stats(self, deck: str | None) -> StatsView:
        return await self.call(self.study.stats, deck)

    # -- the card browser and deck options ----------------------------------------------------

    async def browse(self, query: str, sort: str, descending: bool) -> BrowseResult:
        return await self.call(lambda: self.study.browse(query, sort=sort, descending=descending))

    async def card_detail(self, card_id: str) -> CardDetail:
        return await self.call(self.study.card_detail, card_id)

    async def act(self, action: str, card_ids: Sequence[str], flag: int = 0) -> ActionReport:
        """One of the browser's actions on cards, committed before it returns."""
        study = self.study
        if action == "flag":
            return await self.call(study.flag_cards, card_ids, flag)
        method = {"suspend": study.suspend_cards, "unsuspend": study.unsuspend_cards, "bury": study.bury_cards,
                  "unbury": study.unbury_cards, "reset": study.reset_cards}[action]
        return await self.call(method, card_ids)

    async def current_step(self) -> Step | None:
        return await self.call(self.study.current_step)

    async def limits(self, deck: str | None) -> LimitsView:
        return await self.call(self.study.limits, deck)

    async def set_limits(self, deck: str | None, new_per_day: int | None, reviews_per_day: int | None) -> LimitsView:
        return await self.call(lambda: self.study.set_limits(deck, new_per_day=new_per_day,
                                                            reviews_per_day=reviews_per_day))

    async def passages(self, card: Card) -> Passages:
        return await self.call(self.study.passages, card)

    def shutdown(self) -> None:
        """Close the collection on its own thread, after any commit still in flight (queued first)."""
        closing = self._thread.submit(self.study.close)
        self._thread.shutdown(wait=False)
        with contextlib.suppress(TimeoutError):  # a call still hangs: its own transaction is all-or-nothing
            closing.result(timeout=30)


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
    sources: Sequence[CardSource] | None = None,
) -> StudyService:
    """The collection behind its service thread, already opening it (and building `deck`'s queue).

    Called before Textual is imported, the file is opened and the first queue built while
    Textual loads: the first card is on screen sooner. `sources` default to the fact decks in
    `decks_dir`/`seeds_dir`, or to `cards` (and their `decks`) as given.
    """
    if sources is None:
        sources = fact_sources(decks_dir=decks_dir, seeds_dir=seeds_dir, seed=seed, decks=decks, cards=cards)
    study = Study(collection, sources=sources, now=now, tz=tz, config=config)
    return StudyService(study).prefetch(deck)
