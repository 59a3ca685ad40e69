"""Failure injection in the review app: the collection refuses a grade (another process holds
its lock past the busy timeout, the file turns read-only, the disk is full). The grade is
never dropped silently: busy, it stays on screen and is written when the student grades
again; read-only or full, the app stops with one message saying the grade was not saved and
naming the file. The log holds exactly the grades the student was told were saved."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from studykit.core.session import SessionConfig
from studykit.storage import Collection
from studykit.tui.screens.review import ReviewScreen
from tests.tui.conftest import build_app, wait_for
from tests.tui.drive import answer, current_card, press_and_wait
from tests.tui.test_session import start_all


@pytest.fixture
def collection_path(tmp_path: Path) -> Path:
    return tmp_path / "collection.sqlite3"


def logged(path: Path) -> list[str]:
    with Collection.open(path) as collection:
        return [e.card_id for _, e in collection.events()]


async def on_collection_thread(pilot: Pilot[Any], statement: str) -> None:
    """Run SQL on the app's own connection, on the thread that owns it."""
    app = pilot.app
    connection = app.service.study.collection.connection  # type: ignore[attr-defined]
    await app.service.call(connection.execute, statement)  # type: ignore[attr-defined]


def test_a_grade_while_another_process_holds_the_lock_is_kept_and_saved_on_retry(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await start_all(pilot)
            first = current_card(pilot)
            assert first is not None
            await answer(pilot, first)
            blocker = sqlite3.connect(collection_path, timeout=0, isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")  # another process writes, for longer than the busy timeout
            try:
                await pilot.press("3")
                screen = app.screen
                assert isinstance(screen, ReviewScreen)
                await wait_for(pilot, lambda: not screen.busy, "the grade to be refused")
                assert app.is_running and screen.step is not None and screen.step.card == first and screen.revealed
                assert any("Not saved yet" in (n.title or "") and "busy" in n.message for n in app._notifications)
                assert app.service.study.unsaved() == "your grade"
            finally:
                blocker.rollback()
                blocker.close()
            await press_and_wait(pilot, "3")  # the retry writes the kept grade
            assert current_card(pilot) != first
            assert app.service.study.unsaved() is None
        assert logged(collection_path) == [first.id]

    asyncio.run(scenario())


def test_quitting_while_a_grade_is_kept_says_it_was_not_saved(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await start_all(pilot)
            first = current_card(pilot)
            assert first is not None
            await answer(pilot, first)
            blocker = sqlite3.connect(collection_path, timeout=0, isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")
            try:
                await pilot.press("3")
                screen = app.screen
                await wait_for(pilot, lambda: isinstance(screen, ReviewScreen) and not screen.busy, "the refusal")
                await pilot.press("ctrl+q")
            finally:
                blocker.rollback()
                blocker.close()
        assert app.service.study.unsaved() == "your grade"  # what `studykit review` then reports, exit 2
        assert logged(collection_path) == []

    asyncio.run(scenario())


def _stops_with(collection_path: Path, injection: str, words: list[str]) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await start_all(pilot)
            first = current_card(pilot)
            assert first is not None
            await answer(pilot, first)
            await press_and_wait(pilot, "3")  # one grade saved
            second = current_card(pilot)
            assert second is not None
            await answer(pilot, second)
            await on_collection_thread(pilot, injection)
            await pilot.press("3")
            await wait_for(pilot, lambda: not app.is_running, "the app to stop")
        assert app.return_code == 2
        message = app.startup_error or ""
        assert message.startswith("your grade was NOT saved: "), message
        for word in words:
            assert word in message, message
        assert "\n" not in message
        assert logged(collection_path) == [first.id]  # the first grade kept, the refused one told

    asyncio.run(scenario())


def test_a_read_only_collection_stops_the_app_saying_the_grade_was_not_saved(collection_path: Path) -> None:
    _stops_with(collection_path, "PRAGMA query_only = ON", [str(collection_path), "read-only"])


def test_a_full_disk_stops_the_app_saying_the_grade_was_not_saved(collection_path: Path) -> None:
    """SQLite's `max_page_count` held at the file's size: the first grade that needs a new page
    meets a real SQLITE_FULL, as on a full disk. Every grade before it is in the log; the
    refused one is named in the app's last message."""

    before = log_filled_to_the_page(collection_path)

    async def scenario() -> None:
        app = build_app(collection_path)
        saved: list[str] = []
        async with app.run_test(size=(100, 30)) as pilot:
            await start_all(pilot)
            await on_collection_thread(pilot, "PRAGMA max_page_count = 1")  # clamped to the current size
            while app.is_running:
                card = current_card(pilot)
                assert card is not None, "the session ended before the disk was full"
                await answer(pilot, card, typed=False)
                screen = app.screen
                shown = screen.cards_shown if isinstance(screen, ReviewScreen) else 0
                await pilot.press("1")  # Again: the card comes back, and the log grows until a page is needed
                await wait_for(pilot, lambda shown=shown: not app.is_running or (
                    isinstance(app.screen, ReviewScreen) and app.screen.cards_shown > shown and not app.screen.busy
                ), "the next card or the stop")
                if app.is_running:
                    saved.append(card.id)
        assert app.return_code == 2
        message = app.startup_error or ""
        assert message.startswith("your grade was NOT saved: ") and "disk is full" in message, message
        assert str(collection_path) in message and "\n" not in message
        assert logged(collection_path) == before + saved

    asyncio.run(scenario())


def log_filled_to_the_page(path: Path) -> list[str]:
    """Yesterday's grades (Again, again and again) until the log's last page has no room left:
    found by holding the file at its size until SQLite says it is full. Made through the
    collection, so the app needs a grade or two, not a hundred, to meet the full disk."""
    import datetime as dt

    from studykit.core.session import Session
    from studykit.core.sm2 import Button
    from studykit.storage import CollectionError
    from tests.tui.sample import DECKS, NOW, TZ, sample_cards

    yesterday = NOW - dt.timedelta(days=1)
    with Collection.open(path) as collection:
        collection.sync(sample_cards(), deck_names={deck.id: deck.name for deck in DECKS})
        collection.connection.execute("PRAGMA max_page_count = 1")
        records = [collection.record(card.id) for card in sample_cards()[:5]]
        session = Session.start(records, now=yesterday, tz=TZ, config=SessionConfig(new_per_day=5))
        try:
            for _ in range(2000):
                collection.commit(session.grade(Button.AGAIN, now=yesterday, answer_ms=2500))
        except CollectionError as error:
            assert "disk is full" in str(error)
        else:
            raise AssertionError("the log never filled its page")
    return logged(path)
