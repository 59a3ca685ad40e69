"""Fact and card text is shown as plain text: markup in it appears literally and does nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from studykit.core.cards import CardType
from studykit.tui.screens.modals import SourceScreen
from studykit.tui.screens.review import ReviewScreen
from tests.tui.conftest import NOW, build_app, flat, screen_text, shows, studied_beforehand, wait_for
from tests.tui.drive import answer, current_card, press_and_wait
from tests.tui.sample import MARKUP, sample_cards
from tests.tui.test_session import open_decks


def test_markup_in_facts_and_cards_is_shown_literally(collection_path: Path) -> None:
    # The deck's other cards were studied this morning: the session holds the six carrying markup.
    others = [c.id for c in sample_cards() if c.deck_id == "entente" and c.fact_ids != ("markup-fact",)]
    studied_beforehand(collection_path, others, when=NOW - dt.timedelta(hours=1))

    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_decks(pilot)
            await pilot.press("down", "down", "enter")  # the deck with the markup fact
            await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
            checked = 0
            while isinstance(app.screen, ReviewScreen):
                card = current_card(pilot)
                assert card is not None and card.fact_ids == ("markup-fact",)
                await pilot.click("#prompt")  # as markup, [@click=app.quit] would quit here
                assert app.is_running
                if card.type is not CardType.CLOZE:  # a cloze card blanks it out of the question
                    assert shows(app, MARKUP), card.id
                await answer(pilot, card, typed=False)  # put in the box at once: typing it key by key takes seconds
                assert shows(app, MARKUP), card.id
                await pilot.click("#answer")
                assert app.is_running
                assert flat(f"A fact whose text contains {MARKUP} stays literal.") in flat(screen_text(app)), (
                    screen_text(app)
                )
                if checked == 0:  # the six cards share the fact: its source passage is read once
                    await pilot.press("s")
                    await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen), "the source passage")
                    text = flat(screen_text(app))
                    await pilot.press("end")  # the passage scrolls: read its end too
                    await pilot.wait_for_scheduled_animations()
                    await pilot.pause()
                    text += " " + flat(screen_text(app))
                    assert flat(f"the point {MARKUP}") in text
                    assert flat(f"one reading {MARKUP}") in text
                    assert "• [/] — The Battle of Baku, 1918" in text
                    assert flat(f"Resolved as {MARKUP}.") in text
                    await pilot.press("escape")
                    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the card again")
                checked += 1
                await press_and_wait(pilot, "3")
            assert checked == 6  # one card of each type carries the markup
            assert app.is_running

    asyncio.run(scenario())
