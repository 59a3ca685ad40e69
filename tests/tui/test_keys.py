"""Grading modes, typed-answer feedback, keymaps, help, palette, themes, sizes and a busy queue."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from studykit.core.session import SessionConfig
from studykit.sources.fact_decks import GivenFacts
from studykit.storage import Collection
from studykit.study.study import Study
from studykit.tui.app import DARK, LIGHT, make_app
from studykit.tui.screens.decks import DecksScreen
from studykit.tui.screens.modals import HelpScreen
from studykit.tui.screens.review import ReviewScreen
from studykit.tui.screens.stats import StatsScreen
from studykit.tui.widgets.answering import ChoiceList, ReorderList, TrueFalse
from tests.tui.conftest import NOW, TZ, FakeClock, build_app, shows, wait_for
from tests.tui.drive import answer, current_card, press_and_wait
from tests.tui.sample import DECKS, sample_cards
from tests.tui.test_session import start_all


def qualities(path: Path) -> list[int | None]:
    with Collection.open(path) as collection:
        return [e.quality for _, e in collection.events()]


def test_a_typed_near_miss_says_what_differed_and_suggests_hard(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            card = current_card(pilot)
            assert card is not None and card.answer == "15 September 1918"
            await pilot.press(*"15 Septembr 1918", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.revealed, "feedback")
            assert shows(app, "≈ Almost: the month is misspelled (“septembr” for “September”): 15 September 1918.")
            assert shows(app, "You typed: 15 Septembr 1918")
            assert shows(app, "Enter or Space: Hard (suggested)")
            await press_and_wait(pilot, "enter")
        assert qualities(collection_path) == [3]

    asyncio.run(scenario())


def test_sm2_mode_grades_with_qualities_0_to_5(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path, sm2=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            card = current_card(pilot)
            assert card is not None
            await answer(pilot, card)
            assert shows(app, "0  blank") and shows(app, "5  perfect")
            assert shows(app, "Enter or Space: good (suggested)")
            await press_and_wait(pilot, "5")
            card = current_card(pilot)
            assert card is not None
            await answer(pilot, card, right=False)
            await press_and_wait(pilot, "0")
        assert qualities(collection_path) == [5, 0]

    asyncio.run(scenario())


def test_a_user_keymap_remaps_keys_by_binding_id(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path, keymap={"review.good": "g", "review.reveal": "r"})
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            await pilot.press("escape", "r")  # leave the answer box; r now shows the answer
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.revealed, "the answer")
            await pilot.press("3")  # no longer Good
            await pilot.pause()
            assert qualities(collection_path) == []
            await press_and_wait(pilot, "g")
        assert qualities(collection_path) == [4]

    asyncio.run(scenario())


def test_the_help_screen_lists_every_key_with_its_id(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            await pilot.press("f1")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            ids = {item.binding_id for item in help_screen.keys}
            for cls in (ReviewScreen, ChoiceList, ReorderList, TrueFalse, DecksScreen, StatsScreen):
                for binding in cls.BINDINGS:
                    binding_id = getattr(binding, "id", None)
                    if binding_id and not binding_id.startswith(("choice.option", "review.quality")):
                        assert binding_id in ids, binding_id
            assert "choice.option1 … 9" in ids
            assert help_screen.keys[0].section == "Everywhere"
            assert {item.section for item in help_screen.keys[:6]} >= {"Everywhere", "Review"}
            assert shows(app, "Keys")
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the card again")

    asyncio.run(scenario())


def test_the_command_palette_offers_the_main_actions(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.rows, "the decks")
            titles = [command.title for command in app.get_system_commands(app.screen)]
            for title in ("Study all decks", "Learn new cards", "Cram all decks", "Statistics", "Keys",
                          "Toggle light/dark theme", "Quit"):
                assert title in titles
            await pilot.press("ctrl+p")
            await pilot.press(*"Statistics")
            await pilot.pause(0.2)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen) and app.screen.stats, "the stats")
            assert shows(app, "Due in the next 30 days")

    asyncio.run(scenario())


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 40)])
def test_works_at_80x24_and_after_resizing(collection_path: Path, size: tuple[int, int]) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            card = current_card(pilot)
            assert card is not None
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert shows(app, card.prompt[:20])
            await answer(pilot, card)
            assert shows(app, "Again")
            await press_and_wait(pilot, "3")
            assert current_card(pilot) is not None

    asyncio.run(scenario())


def test_light_and_dark_themes(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path, theme="light")
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.theme == LIGHT
            await pilot.press("ctrl+t")
            assert app.theme == DARK

    asyncio.run(scenario())


def test_no_color_is_honoured(collection_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def scenario() -> None:
        app = build_app(collection_path)
        assert app.no_color
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            card = current_card(pilot)
            assert card is not None
            await answer(pilot, card)
            assert shows(app, "✓ Correct")  # the verdict reads without colour

    asyncio.run(scenario())


class SlowStart(Study):
    """Building the queue blocks until the test lets it go."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.release = threading.Event()
        self.started = threading.Event()

    def start(self, deck_id: str | None, mode: str):  # type: ignore[no-untyped-def]
        self.started.set()
        self.release.wait(60)
        return super().start(deck_id, mode)


def test_building_the_queue_never_freezes_the_screen(collection_path: Path) -> None:
    async def scenario() -> None:
        backend = SlowStart(collection_path, sources=[GivenFacts(DECKS, sample_cards())], now=lambda: NOW, tz=TZ,
                            config=SessionConfig(new_per_day=30, spare_giveaways=False))
        app = make_app(study=backend, clock=FakeClock())
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.rows, "the decks")
            await pilot.press("enter")
            await wait_for(pilot, backend.started.is_set, "the queue to be building")
            assert shows(app, "Building the queue")
            await pilot.press("f1")  # the event loop still answers while the queue is built
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
            await pilot.press("escape")
            backend.release.set()
            await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")

    asyncio.run(scenario())
