"""Whole review sessions driven through the real app over a temporary collection."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from dataclasses import replace
from pathlib import Path

from studykit.core.cards import CardType
from studykit.core.session import EventKind
from studykit.core.sm2 import Button
from studykit.storage import Collection
from studykit.tui.screens.decks import DecksScreen
from studykit.tui.screens.outcomes import NothingDueScreen, SummaryScreen
from studykit.tui.screens.review import ReviewScreen
from tests.tui.conftest import NOW, Now, build_app, screen_text, shows, studied_beforehand, wait_for
from tests.tui.drive import answer, current_card, press_and_wait, study
from tests.tui.sample import DECKS, sample_cards


def grades_in(path: Path) -> list[tuple[str, str, int | None, int | None]]:
    with Collection.open(path) as collection:
        return [(e.card_id, e.kind.value, e.quality, e.answer_ms) for _, e in collection.events()]


async def open_decks(pilot) -> DecksScreen:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DecksScreen) and pilot.app.screen.rows, "the decks")
    screen = pilot.app.screen
    assert isinstance(screen, DecksScreen)
    return screen


async def start_all(pilot) -> None:  # type: ignore[no-untyped-def]
    await open_decks(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")


def test_a_full_session_over_a_card_of_each_type(collection_path: Path) -> None:
    """Today's last six new cards, one of each type, answered in the app; earlier today the
    other 24 were studied (made through the collection: pressing through them tests nothing more)."""
    cards = sample_cards()
    studied_beforehand(collection_path, [c.id for c in cards[6:]], when=NOW - dt.timedelta(hours=1))

    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            decks = await open_decks(pilot)
            assert [(r.name, r.new, r.due, r.total) for r in decks.rows or ()] == [
                ("All decks", 6, 0, 30), ("Baku 1918: events", 6, 0, 18), ("Soviet–Turkish entente", 0, 0, 12),
            ]
            assert shows(app, "Baku 1918: events")
            await pilot.press("enter")
            await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
            seen: Counter[CardType] = Counter()
            wrong_once = None
            while isinstance(app.screen, ReviewScreen):
                card = current_card(pilot)
                assert card is not None
                seen[card.type] += 1
                if card.type is CardType.CHOICE and wrong_once is None:
                    wrong_once = card.id  # one miss: it comes back as a re-drill at the end
                    await answer(pilot, card, right=False)
                    assert shows(app, "✗ Wrong")
                    await press_and_wait(pilot, "1")
                    continue
                await answer(pilot, card)
                assert "✗" not in screen_text(app), card.id
                await press_and_wait(pilot, "enter")  # the suggested grade: Good
            assert isinstance(app.screen, SummaryScreen)
            text = screen_text(app)
            assert "Session complete" in text
            assert "Cards reviewed  6" in text
            assert "83 %  (5 of 6 first answers)" in text
            assert "Re-drills       1" in text
            assert "Next cards due  tomorrow (Sat 15 Mar 2025)" in text
            assert seen == {t: 1 for t in CardType} | {CardType.CHOICE: 2}
        log = grades_in(collection_path)
        assert len(log) == 24 + 7
        assert Counter(kind for _, kind, _, _ in log) == {"new": 30, "redrill": 1}
        assert [c for c, _, _, _ in log[24:]] == [c.id for c in cards[:6]] + [wrong_once]
        assert (wrong_once, "new", 1) in [(c, k, q) for c, k, q, _ in log]
        assert all(ms == 2500 for _, _, _, ms in log[24:])  # answer time: shown → graded, from the clock

    asyncio.run(scenario())


def test_undo_restores_the_card_and_logs_the_undo(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            first = current_card(pilot)
            assert first is not None
            await study(pilot, first, grade="4")
            second = current_card(pilot)
            assert second is not None and second.id != first.id
            await press_and_wait(pilot, "u")
            assert current_card(pilot) == first
            assert shows(app, first.prompt)
            assert shows(app, "0/30")
            await study(pilot, first, grade="2")
        log = grades_in(collection_path)
        assert [(c, k, q) for c, k, q, _ in log] == [
            (first.id, "new", 5), (first.id, "undo", None), (first.id, "new", 3),
        ]
        with Collection.open(collection_path) as collection:
            record = collection.record(first.id)
            assert record.state.repetition == 1 and record.state.redrill  # Hard: re-drilled today
            assert collection.rebuild_states() == 0  # the cache agrees with the log

    asyncio.run(scenario())


def test_quit_mid_card_and_resume_from_the_file(collection_path: Path) -> None:
    async def first_sitting() -> list[str]:
        app = build_app(collection_path)
        graded = []
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            for _ in range(3):
                card = current_card(pilot)
                assert card is not None
                await study(pilot, card)
                graded.append(card.id)
            card = current_card(pilot)
            assert card is not None
            await answer(pilot, card)  # answered, not graded: then Ctrl+C
            await pilot.press("ctrl+c")
            await wait_for(pilot, lambda: not app.is_running, "the app to quit")
        return graded

    async def second_sitting(graded: list[str]) -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            decks = await open_decks(pilot)
            assert decks.rows is not None and decks.rows[0].new == 27
            await pilot.press("enter")
            await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
            card = current_card(pilot)
            assert card is not None and card.id not in graded
            assert shows(app, "0/27")

    graded = asyncio.run(first_sitting())
    assert [c for c, _, _, _ in grades_in(collection_path)] == graded
    asyncio.run(second_sitting(graded))


def test_nothing_due_says_when_and_offers_new_cards_and_cram(collection_path: Path) -> None:
    studied_beforehand(collection_path, [c.id for c in sample_cards()], button=Button.EASY)  # all learned this morning
    clock = Now(NOW + dt.timedelta(hours=2))  # later the same day: nothing due

    async def nothing_due() -> None:
        app = build_app(collection_path, now=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            decks = await open_decks(pilot)
            assert decks.rows is not None and decks.rows[0].due == 0 and decks.rows[0].new == 0
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, NothingDueScreen), "the nothing-due screen")
            text = screen_text(app)
            assert "Nothing is due" in text
            assert "The next card is due tomorrow (Sat 15 Mar 2025)." in text
            assert "cram: go through 30 cards" in text
            await pilot.press("c")
            await wait_for(pilot, lambda: current_card(pilot) is not None, "a cram card")
            assert shows(app, "cram")
            card = current_card(pilot)
            assert card is not None
            await study(pilot, card)
        assert len(grades_in(collection_path)) == 30  # a cram grade changes no schedule

    asyncio.run(nothing_due())


def test_bury_and_suspend_skip_the_card_and_are_logged(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            first = current_card(pilot)
            await press_and_wait(pilot, "escape", "b")  # Esc leaves the answer box, b buries
            second = current_card(pilot)
            assert second is not None and first is not None and second.id != first.id
            await press_and_wait(pilot, "@")
            third = current_card(pilot)
            assert third is not None and third.id != second.id
            assert shows(app, "0/28")
        kinds = [(c, k) for c, k, _, _ in grades_in(collection_path)]
        assert kinds == [(first.id, EventKind.BURY.value), (second.id, EventKind.SUSPEND.value)]

    asyncio.run(scenario())


def test_subdecks_show_under_their_parent_and_the_parent_studies_them_all(collection_path: Path) -> None:
    decks = [replace(DECKS[0], name="Caucasus::Baku 1918"), replace(DECKS[1], name="Caucasus::Entente")]

    async def scenario() -> None:
        app = build_app(collection_path, decks=decks)
        async with app.run_test(size=(80, 24)) as pilot:
            rows = (await open_decks(pilot)).rows or ()
            assert [(r.deck_id, r.name, r.depth, r.new, r.total) for r in rows] == [
                (None, "All decks", 0, 30, 30), ("Caucasus", "Caucasus", 0, 30, 30),
                ("baku", "Baku 1918", 1, 18, 18), ("entente", "Entente", 1, 12, 12),
            ]
            lines = screen_text(app).splitlines()
            assert any(line.startswith("  Caucasus ") for line in lines)
            assert any(line.startswith("    Baku 1918 ") for line in lines)  # indented under its parent
            await pilot.press("down", "enter")
            await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
            assert shows(app, "Caucasus") and shows(app, "0/30")

    asyncio.run(scenario())
