"""Snapshots at 80×24 (pytest-textual-snapshot): decks, both sides of a card, the source
passage, the summary and the stats. Fixed time, fixed cards, fixed history: deterministic.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVG files before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Footer, Input

from studykit.tui.screens.decks import DecksScreen
from studykit.tui.screens.modals import SourceScreen
from studykit.tui.screens.outcomes import SummaryScreen
from studykit.tui.screens.review import ReviewScreen
from studykit.tui.screens.stats import StatsScreen
from tests.tui.conftest import build_app, build_history, wait_for
from tests.tui.drive import answer, current_card, press_and_wait

SIZE = (80, 24)


async def decks(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DecksScreen) and pilot.app.screen.rows, "the decks")
    await pilot.app.workers.wait_for_complete()


async def first_card(pilot: Pilot[Any]) -> None:
    await decks(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
    await wait_for(pilot, lambda: any(footer.children for footer in pilot.app.screen.query(Footer)),
                   "the footer's keys, a frame after the card")
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


async def answered(pilot: Pilot[Any]) -> None:
    await first_card(pilot)
    await pilot.press(*"15 Septembr 1918", "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.revealed, "feedback")


async def source(pilot: Pilot[Any]) -> None:
    await answered(pilot)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SourceScreen), "the source passage")


async def summary(pilot: Pilot[Any]) -> None:
    await first_card(pilot)
    for right in (True, False, True, True):
        card = current_card(pilot)
        assert card is not None
        await answer(pilot, card, right=right)
        await press_and_wait(pilot, "enter")
    await pilot.press("escape")  # the fifth card, true or false, takes no typing: Esc ends
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen), "the summary")


async def stats(pilot: Pilot[Any]) -> None:
    await decks(pilot)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, StatsScreen) and pilot.app.screen.stats, "the stats")


def test_decks(snap_compare: Any, collection_path: Path) -> None:
    build_history(collection_path, days=5)
    assert snap_compare(build_app(collection_path), terminal_size=SIZE, run_before=decks)


def test_review_question_side(snap_compare: Any, collection_path: Path) -> None:
    assert snap_compare(build_app(collection_path), terminal_size=SIZE, run_before=first_card)


def test_review_answer_side(snap_compare: Any, collection_path: Path) -> None:
    assert snap_compare(build_app(collection_path), terminal_size=SIZE, run_before=answered)


def test_source_passage(snap_compare: Any, collection_path: Path) -> None:
    assert snap_compare(build_app(collection_path), terminal_size=SIZE, run_before=source)


def test_summary(snap_compare: Any, collection_path: Path) -> None:
    assert snap_compare(build_app(collection_path), terminal_size=SIZE, run_before=summary)


def test_stats(snap_compare: Any, collection_path: Path) -> None:
    build_history(collection_path, days=120)
    assert snap_compare(build_app(collection_path), terminal_size=SIZE, run_before=stats)


async def browser(pilot: Pilot[Any]) -> None:
    """The browser on one deck's seen cards: a flagged one, a suspended one, the cursor on a card
    with a history of grades, so the detail pane shows its schedule and its log."""
    from studykit.tui.screens.browser import BrowserScreen

    await decks(pilot)
    await pilot.press("down", "b")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BrowserScreen) and pilot.app.screen.searches,
                   "the browser")
    screen = pilot.app.screen
    assert isinstance(screen, BrowserScreen)
    before = screen.searches
    await pilot.press("slash", "ctrl+e", *" -is:new", "enter")
    await wait_for(pilot, lambda: screen.searches > before and not screen.busy, "the seen cards")
    for keys in (("1",), ("down", "down", "at")):
        before = screen.searches
        await pilot.press(*keys)
        await wait_for(pilot, lambda n=before: screen.searches > n and not screen.busy, f"after {keys}")
    await pilot.press("up")
    await wait_for(pilot, lambda: screen.detail is not None and screen.detail.row.id == screen.query_one(
        "CardTable").current.id, "the detail")  # type: ignore[attr-defined]
    for field in screen.query(Input):
        field.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_browser(snap_compare: Any, collection_path: Path) -> None:
    build_history(collection_path, days=12)
    assert snap_compare(build_app(collection_path), terminal_size=SIZE, run_before=browser)


async def deck_options(pilot: Pilot[Any]) -> None:
    from studykit.tui.screens.options import OptionsScreen

    await decks(pilot)
    await pilot.press("down", "o")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, OptionsScreen), "the deck's options")
    await pilot.press("5")
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_deck_options(snap_compare: Any, collection_path: Path) -> None:
    build_history(collection_path, days=3)
    assert snap_compare(build_app(collection_path), terminal_size=SIZE, run_before=deck_options)
