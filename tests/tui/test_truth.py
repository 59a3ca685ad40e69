"""Screens that tell the truth: a session ended early says what is left; cramming a deck never
studied says so (not "due not scheduled"); a keymap's mistakes are named; the source panel
shows no curators' notes."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from studykit.core.facts import Source
from studykit.study.views import SourceDoc
from studykit.tui.keys import is_key_name, keymap_problems
from studykit.tui.screens.decks import DecksScreen
from studykit.tui.screens.modals import SourceScreen
from studykit.tui.screens.outcomes import NothingDueScreen, SummaryScreen
from studykit.tui.screens.review import ReviewScreen
from tests.tui.conftest import build_app, screen_text, shows, wait_for
from tests.tui.drive import answer, current_card, study
from tests.tui.sample import FACTS


def test_a_session_ended_early_says_how_many_cards_are_still_due(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.rows, "the decks")
            await pilot.press("enter")
            await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
            card = current_card(pilot)
            assert card is not None
            await study(pilot, card)
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and not app.screen.busy, "card 2")
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
            text = screen_text(app)
            assert "Session ended early" in text and "Session complete" not in text
            assert "29 cards still due (new 29)" in text
            assert "Cards reviewed  1" in text

    asyncio.run(scenario())


def test_cramming_a_deck_never_studied_says_there_is_nothing_to_cram_and_offers_new_cards(
        collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.rows, "the decks")
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, NothingDueScreen), "the nothing-due screen")
            text = screen_text(app)
            assert "Nothing to cram" in text
            assert shows(app, "None of these cards has been studied yet: there is nothing to cram.")
            assert "not scheduled" not in text and "due none" not in text
            assert "learn new cards now (30 not yet seen)" in text
            await pilot.press("n")
            await wait_for(pilot, lambda: current_card(pilot) is not None, "a new card after one press")

    asyncio.run(scenario())


def test_keymap_mistakes_are_named() -> None:
    assert keymap_problems({"review.good": "g", "review.reveal": "space,enter,r", "decks.study": "ctrl+o"}) == []
    problems = keymap_problems({"review.godo": "g", "review.easy": "ctrl+shft+e", "review.hard": "spacebar"})
    assert problems[0] == "unknown binding id 'review.godo' (did you mean 'review.good'?)"
    assert "'shft' is not" not in problems[1] and "'ctrl+shft+e' is not a key name" in problems[1]
    assert "'spacebar' is not a key name" in problems[2]
    assert all(is_key_name(key) for key in ("g", "G", "?", "question_mark", "f5", "pageup", "ctrl+left", "escape"))
    assert not any(is_key_name(key) for key in ("", "ctrl+", "hyperspace", "cntrl+g", "gg"))


def test_the_source_panel_shows_no_curators_notes() -> None:
    fact = replace(FACTS[2], outside_knowledge="CURATOR: the keyed answer assumes seed 002 means 1920.",
                   note="CURATOR NOTE: check the Russian original.")
    doc = SourceDoc(file=fact.sources[0].seed, title="A document", language="English", origin="")
    body = SourceScreen([(doc, source.quote) for source in fact.sources if isinstance(source, Source)],
                        [fact])._body().plain
    assert "CURATOR" not in body
    assert "Beyond the quotes: part of this statement rests on knowledge the quoted sources do not give." in body


def test_help_section_titles_are_whole_at_80_columns() -> None:
    from rich.console import Console

    from studykit.tui.screens.modals import HelpScreen, KeyHelp

    keys = [KeyHelp("Put in order, match pairs", "Space", "Grab the item; arrows then carry it", "order.grab"),
            KeyHelp("Multiple choice", "Enter Space", "Pick the highlighted option", "choice.pick"),
            KeyHelp("Card browser", "Enter", "The card in full, with its history", "browser.info")]
    console = Console(width=72, record=True)  # the help box's inside at 80 columns
    console.print(HelpScreen(keys)._table())
    text = console.export_text()
    for title in ("Put in order, match pairs", "Multiple choice", "Card browser"):
        assert title in text.splitlines(), text
    starts = {line.index(item.binding_id) for line in text.splitlines() for item in keys
              if item.binding_id and item.binding_id in line}
    assert len(starts) == 1  # the ids line up across the sections


def test_a_notification_does_not_cover_the_grade_keys(collection_path: Path) -> None:
    from textual.widgets._toast import Toast

    from studykit.tui.widgets.panes import GradeBar

    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.rows, "the decks")
            await pilot.press("enter")
            await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
            card = current_card(pilot)
            assert card is not None
            await answer(pilot, card)
            bar = app.screen.query_one(GradeBar)
            await wait_for(pilot, lambda: bar.display and bar.region.height > 0, "the grade keys")
            app.notify("Not saved yet: the collection is busy (grade again to retry)", timeout=15)
            await wait_for(pilot, lambda: app.screen.query(Toast), "the notification")
            await pilot.pause()
            for toast in app.screen.query(Toast):
                assert not toast.region.overlaps(bar.region), (toast.region, bar.region)

    asyncio.run(scenario())


def test_matching_and_chronology_rows_wrap_under_their_own_column() -> None:
    from rich.console import Console

    from studykit.tui.widgets.answering import ReorderList

    roles = ReorderList(["The hero of Gallipoli who headed the Turkish Nationalist resistance", "Grand vizier"],
                        labels=["Mustafa Kemal", "Talat Pasha"])
    order = ReorderList(["The Baku Bureau's courting of the local Muslim Marxist groups (February 1919)", "X"])
    for widget, column in ((roles, len("  Mustafa Kemal  ↔  ")), (order, len("  1. "))):
        console = Console(width=76, record=True)  # the card's width at 80 columns
        console.print(widget.render())
        lines = console.export_text().splitlines()
        assert all(len(line.rstrip()) <= 76 for line in lines)
        assert lines[1][:column].strip() == "" and lines[1][column] != " ", lines  # the rest of row 1, indented


def test_bengali_is_wrapped_at_the_width_terminals_draw_it_and_nothing_is_drawn_right_of_it() -> None:
    from studykit.tui.widgets import drawn_width, misdrawn, wrap_drawn
    from tests.tui.sample import FALL_BN

    quote = FALL_BN.quote
    assert misdrawn(quote) and not misdrawn("Bakıya daxil oldu") and not misdrawn("plain")
    # Rich counts the vowel signs (Mc) as no cells, terminals one each: "লোককে" is 5 cells, not 3
    assert drawn_width("লোককে") == 5
    wrapped = wrap_drawn(quote, 40)
    assert wrapped.replace("\n", " ") == quote  # nothing lost, nothing added
    assert all(drawn_width(line) <= 40 for line in wrapped.splitlines())
    fact = FACTS[0]
    doc = SourceDoc(file=FALL_BN.seed, title="The Battle of Baku, 1918", language="Bengali")
    screen = SourceScreen([(doc, FALL_BN.quote)], [fact])
    body = screen._body().plain
    assert screen.has_class("misdrawn")  # the CSS takes the right border and the scrollbar away
    assert all(drawn_width(line) <= screen.text_width() for line in body.splitlines() if misdrawn(line))
