"""The card browser and the deck options in the real app (Pilot), at 80×24 and at 120×36: searching,
filters, the detail with its history, every action (each committed to the log before the screen
shows it), unsuspending by key and by the command palette, the browser opened from the review
screen for its card, and daily limits set in the app and honoured by the next session."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from studykit.core.session import EventKind
from studykit.storage import Collection
from studykit.tui.screens.browser import BrowserScreen, CardInfoScreen, ConfirmScreen
from studykit.tui.screens.decks import DecksScreen
from studykit.tui.screens.options import OptionsScreen
from studykit.tui.screens.review import ReviewScreen
from studykit.tui.widgets.cardtable import CardTable
from tests.tui.conftest import build_app, shows, studied_beforehand, wait_for
from tests.tui.drive import current_card
from tests.tui.sample import MARKUP, sample_cards

SIZES = [(80, 24), (120, 36)]
STUDIED = [card.id for card in sample_cards()[:4]]


def kinds(path: Path, card_id: str) -> list[EventKind]:
    with Collection.open(path) as collection:
        return [event.kind for _, event in collection.events(card_id=card_id)]


async def decks(pilot: Pilot[Any]) -> DecksScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DecksScreen) and pilot.app.screen.rows, "the decks")
    screen = pilot.app.screen
    assert isinstance(screen, DecksScreen)
    return screen


async def browser(pilot: Pilot[Any], searches: int = 1) -> BrowserScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BrowserScreen)
                   and pilot.app.screen.searches >= searches and not pilot.app.screen.busy, "the browser")
    screen = pilot.app.screen
    assert isinstance(screen, BrowserScreen)
    await wait_for(pilot, lambda: screen.detail is not None or not screen.result or not screen.result.rows,
                   "the card's detail")
    return screen


async def search(pilot: Pilot[Any], screen: BrowserScreen, query: str) -> None:
    before = screen.searches
    await pilot.press("slash", "ctrl+u", *query, "enter")
    await wait_for(pilot, lambda: screen.searches > before and screen.result is not None
                   and screen.result.query == query, f"the cards of {query!r}")
    await wait_for(pilot, lambda: screen.detail is not None or not screen.result.rows, "the detail")  # type: ignore[union-attr]


async def act(pilot: Pilot[Any], screen: BrowserScreen, *keys: str) -> None:
    """Press an action's keys and wait until the screen shows the cards as they are after it."""
    before = screen.searches
    await pilot.press(*keys)
    await wait_for(pilot, lambda: screen.searches > before and not screen.busy, f"the cards after {keys}")


def table(screen: BrowserScreen) -> CardTable:
    return screen.query_one(CardTable)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_search_filters_detail_and_every_action(collection_path: Path, size: tuple[int, int]) -> None:
    studied_beforehand(collection_path, STUDIED)

    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=size) as pilot:
            await decks(pilot)
            await pilot.press("b")  # on "All decks": every card
            screen = await browser(pilot)
            assert screen.result is not None and len(screen.result.rows) == 30
            assert shows(app, "30 of 30 cards") and shows(app, "Question")
            await search(pilot, screen, "card:choice")
            assert [row.id for row in table(screen).rows] == [c.id for c in sample_cards() if c.type.value == "choice"]
            assert shows(app, "5 of 30 cards")
            studied = "fall-of-baku:choice:0"  # studied beforehand: the detail shows its grade
            assert table(screen).current is not None and table(screen).current.id == studied  # type: ignore[union-attr]
            assert shows(app, "Which force took Baku on 15 September 1918?") and shows(app, "History (1)")
            assert screen.detail is not None and [h.kind for h in screen.detail.history] == ["new"]

            await act(pilot, screen, "at")  # suspend
            assert kinds(collection_path, studied)[-1] is EventKind.SUSPEND
            assert table(screen).current.suspended and shows(app, "susp")  # type: ignore[union-attr]
            await wait_for(pilot, lambda: shows(app, "@ Unsuspend"), "the footer naming what @ does now")
            await act(pilot, screen, "at")  # all of them suspended: unsuspend
            assert kinds(collection_path, studied)[-1] is EventKind.UNSUSPEND
            await wait_for(pilot, lambda: shows(app, "@ Suspend"), "the footer naming what @ does now")
            await act(pilot, screen, "b")
            assert kinds(collection_path, studied)[-1] is EventKind.BURY and table(screen).current.buried  # type: ignore[union-attr]
            await wait_for(pilot, lambda: shows(app, "b Unbury"), "the footer naming what b does now")
            await act(pilot, screen, "b")
            assert kinds(collection_path, studied)[-1] is EventKind.UNBURY
            await act(pilot, screen, "3")
            assert table(screen).current.flag == 3 and shows(app, "flag ■ green")  # type: ignore[union-attr]
            await act(pilot, screen, "3")  # the same flag again: off
            assert table(screen).current.flag == 0  # type: ignore[union-attr]
            assert EventKind.BURY in kinds(collection_path, studied)  # flags are not in the log:
            assert len(kinds(collection_path, studied)) == 5

            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
            before = screen.searches
            await pilot.press("y")
            await wait_for(pilot, lambda: app.screen is screen and screen.searches > before and not screen.busy,
                           "the reset card")
            assert kinds(collection_path, studied)[-1] is EventKind.SET_STATE
            assert table(screen).current.state == "new" and shows(app, "new card #2")  # type: ignore[union-attr]

            await pilot.press("enter")  # the card in full
            await wait_for(pilot, lambda: isinstance(app.screen, CardInfoScreen), "the card info")
            assert shows(app, "set-state") and shows(app, "unsuspend")
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is screen, "the browser again")

            await pilot.press("space", "space")  # mark two, bulk suspend
            assert len(table(screen).selected) == 2 and shows(app, "2 marked")
            await act(pilot, screen, "at")
            assert sum(row.suspended for row in table(screen).rows) == 2
            await search(pilot, screen, "is:suspended")
            assert len(table(screen).rows) == 2
            await pilot.press("ctrl+a")
            await act(pilot, screen, "at")  # unsuspend, from the key
            assert screen.result is not None and screen.result.rows == ()
            assert shows(app, "No card matches.")
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen), "the decks again")

    asyncio.run(scenario())


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_filters_sorting_presets_and_errors(collection_path: Path, size: tuple[int, int]) -> None:
    studied_beforehand(collection_path, STUDIED)

    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=size) as pilot:
            screen_decks = await decks(pilot)
            await pilot.press("down", "b")  # the "Baku 1918: events" deck
            screen = await browser(pilot)
            assert screen.query_text == "deck:baku" and len(table(screen).rows) == 18
            assert screen_decks.rows is not None
            await search(pilot, screen, "deck:baku tag:topic::battle-of-baku -is:new")
            assert [row.id for row in table(screen).rows] == STUDIED
            await pilot.press("slash", "ctrl+u", *"is:sleepy", "enter")
            await wait_for(pilot, lambda: screen.problem.startswith("unknown state 'is:sleepy'"), "the problem")
            assert shows(app, "✗ unknown state") and len(table(screen).rows) == 4  # the last cards found stay
            await search(pilot, screen, "deck:baku")
            assert screen.problem == ""
            before = screen.searches
            await pilot.press("o")  # sort by the next column: the question
            await wait_for(pilot, lambda: screen.searches > before, "sorted")
            questions = [row.question for row in table(screen).rows]
            assert screen.result is not None and screen.result.sort == "question"
            assert questions == sorted(questions, key=str.casefold) and shows(app, "Question▲")
            before = screen.searches
            await pilot.press("O")
            await wait_for(pilot, lambda: screen.searches > before, "reversed")
            assert [row.question for row in table(screen).rows] == questions[::-1]
            await search(pilot, screen, 'deck:entente card:qa "[bold]"')  # card text is data, never markup
            assert [row.id for row in table(screen).rows] == ["markup-fact:qa:4"]
            assert shows(app, "What does [bold]not bold[/]") and shows(app, MARKUP)
            before = screen.searches
            await pilot.press("L")  # the leeches: none yet
            await wait_for(pilot, lambda: screen.searches > before, "the leeches")
            assert screen.query_text == "is:leech" and not table(screen).rows

    asyncio.run(scenario())


def test_unsuspend_from_the_command_palette(collection_path: Path) -> None:
    studied_beforehand(collection_path, STUDIED)
    with Collection.open(collection_path) as collection:
        from studykit.core.session import suspend_card

        record = collection.record(STUDIED[0])
        assert record.state.last_review is not None
        collection.commit(suspend_card(record, now=record.state.last_review))

    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await decks(pilot)
            await pilot.press("ctrl+p", *"browse: suspended", "enter")  # from the decks screen's palette
            screen = await browser(pilot)
            assert screen.query_text == "is:suspended" and [row.id for row in table(screen).rows] == STUDIED[:1]
            before = screen.searches
            await pilot.press("ctrl+p", *"unsuspend", "enter")
            await wait_for(pilot, lambda: screen.searches > before and not screen.busy, "unsuspended")
            assert kinds(collection_path, STUDIED[0])[-1] is EventKind.UNSUSPEND and not table(screen).rows

    asyncio.run(scenario())


def test_the_browser_from_review_shows_the_card_and_suspending_it_moves_the_session_on(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await decks(pilot)
            await pilot.press("enter")
            await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
            first = current_card(pilot)
            assert first is not None and first.type.value == "qa"
            await wait_for(pilot, lambda: isinstance(app.focused, Input), "the answer box")
            await pilot.press("escape", "B")  # Esc leaves the answer box; B opens the browser on the card
            screen = await browser(pilot)
            assert screen.query_text == f"cid:{first.id}" and [row.id for row in table(screen).rows] == [first.id]
            await act(pilot, screen, "at")
            await pilot.press("escape")
            await wait_for(pilot, lambda: current_card(pilot) is not None and current_card(pilot) != first,
                           "the next card")
            review = app.screen
            assert isinstance(review, ReviewScreen) and review.step is not None
            assert review.step.remaining == 29  # the suspended card left the session
            await wait_for(pilot, lambda: not isinstance(app.focused, Input), "no answer box (a choice card)")
            await pilot.press("B")
            screen = await browser(pilot)
            await search(pilot, screen, "is:suspended")
            await act(pilot, screen, "at")  # unsuspended: back at the end of this session
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the session")
            await wait_for(pilot, lambda: review.step is not None and review.step.remaining == 30, "the card back")
            assert kinds(collection_path, first.id) == [EventKind.SUSPEND, EventKind.UNSUSPEND]

    asyncio.run(scenario())


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
def test_deck_options_in_the_app_change_the_counts_and_the_next_session(collection_path: Path,
                                                                       size: tuple[int, int]) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)  # 30 new cards a day by default in these tests
        async with app.run_test(size=size) as pilot:
            screen = await decks(pilot)
            assert screen.rows is not None and screen.rows[0].new == 30
            await pilot.press("o")  # the collection's limits
            await wait_for(pilot, lambda: isinstance(app.screen, OptionsScreen), "the options")
            assert shows(app, "Daily limits · the whole collection")
            await pilot.press(*"12", "enter", "enter")
            await wait_for(pilot, lambda: screen.rows is not None and screen.rows[0].new == 12, "12 new cards a day")
            await pilot.press("down", "o")  # Baku 1918: events
            await wait_for(pilot, lambda: isinstance(app.screen, OptionsScreen), "the deck's options")
            assert shows(app, "Daily limits · Baku 1918: events") and shows(app, "empty = 12")
            await pilot.press(*"4", "tab", *"9999999", "enter")
            assert shows(app, "a number from 0 to 1,000,000, or empty")  # refused, nothing saved
            await pilot.press("ctrl+u", "enter")
            await wait_for(pilot, lambda: screen.rows is not None and screen.rows[1].new == 4, "4 in the deck")
            assert [(row.name, row.new) for row in screen.rows] == [
                ("All decks", 12), ("Baku 1918: events", 4), ("Soviet–Turkish entente", 12)]
            await pilot.press("enter")  # the next session of the deck honours it
            await wait_for(pilot, lambda: current_card(pilot) is not None, "the deck's first card")
            review = app.screen
            assert isinstance(review, ReviewScreen) and review.step is not None and review.step.remaining == 4

    asyncio.run(scenario())
