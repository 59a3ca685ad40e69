"""What the review screen asks for and suggests: typed answers only where a machine can judge
them, no suggestion where nothing was judged, and each grade key with the interval it gives."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

from studykit.core.answers import AnswerKind
from studykit.core.cards import Card, CardType
from studykit.storage import Collection
from studykit.tui.app import make_app
from studykit.tui.screens.review import ReviewScreen
from studykit.tui.widgets.answering import TypedAnswer
from studykit.tui.widgets.panes import GradeBar
from tests.tui.conftest import NOW, TZ, FakeClock, build_app, build_history, shows, wait_for
from tests.tui.drive import current_card, press_and_wait
from tests.tui.sample import DECKS, sample_cards
from tests.tui.test_session import start_all


def grades(path: Path) -> list[int | None]:
    with Collection.open(path) as collection:
        return [e.quality for _, e in collection.events()]


def one_card_app(path: Path, card: Card) -> Any:
    return make_app(path, decks=DECKS, cards=[card], now=lambda: NOW, tz=TZ, clock=FakeClock())


def first_qa() -> Card:
    return next(c for c in sample_cards() if c.type is CardType.QA)


async def revealed(pilot: Any) -> ReviewScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    await wait_for(pilot, lambda: screen.revealed, "the answer side")
    return screen


def test_an_empty_answer_suggests_nothing_and_enter_does_not_grade(collection_path: Path) -> None:
    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            await pilot.press("enter")  # an empty answer box: shows the answer
            screen = await revealed(pilot)
            bar = screen.query_one(GradeBar)
            assert bar.suggested is None
            assert shows(app, "How well did you know it? Grade yourself: 1–4")
            assert not shows(app, "(suggested)")
            await pilot.press("enter")
            await pilot.pause()
            assert grades(collection_path) == [] and screen.revealed  # Enter took no grade
            await press_and_wait(pilot, "3")
        assert grades(collection_path) == [4]

    asyncio.run(scenario())


def test_a_description_is_revealed_and_self_graded_never_typed(collection_path: Path) -> None:
    card = dataclasses.replace(first_qa(), prompt="Who was Enver Pasha?",
                               answer="The Ittihadist leader and possible rival of Mustafa Kemal",
                               accepted=(), answer_kind=AnswerKind.DESCRIPTION)
    assert not card.typed

    async def scenario() -> None:
        app = one_card_app(collection_path, card)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            assert current_card(pilot).id == card.id  # type: ignore[union-attr]
            assert not app.screen.query(TypedAnswer)  # nothing to type in
            assert shows(app, "Recall the answer · Space or Enter shows it · then grade yourself 1–4")
            await pilot.press("space")
            screen = await revealed(pilot)
            assert screen.query_one(GradeBar).suggested is None
            assert shows(app, "Answer: The Ittihadist leader and possible rival of Mustafa Kemal")
            assert not shows(app, "✗")
            await press_and_wait(pilot, "4")
        assert grades(collection_path) == [5]

    asyncio.run(scenario())


def test_a_date_more_precise_than_the_sources_is_accepted(collection_path: Path) -> None:
    card = dataclasses.replace(first_qa(), prompt="When was the Treaty of Brest-Litovsk signed?", answer="March 1918",
                               accepted=("1918-03",), answer_kind=AnswerKind.DATE)

    async def scenario() -> None:
        app = one_card_app(collection_path, card)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            await pilot.press(*"3 March 1918", "enter")
            await revealed(pilot)
            assert shows(app, "✓ Correct: the sources give only the month, March 1918")
            assert shows(app, "Enter or Space: Good (suggested)")
            await press_and_wait(pilot, "enter")
        assert grades(collection_path) == [4]

    asyncio.run(scenario())


def test_another_known_person_is_wrong_and_a_part_of_the_name_partly_right(collection_path: Path) -> None:
    card = dataclasses.replace(first_qa(), prompt="Who was the commander of the XV Army Corps?",
                               answer="Kâzım Karabekir", accepted=("Karabekir",), answer_kind=AnswerKind.PERSON,
                               confusables=("Kâzım Özalp", "Kazim Ozalp"))

    async def scenario(typed: str, shown: str) -> None:
        app = one_card_app(collection_path, card)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            await pilot.press(*typed, "enter")
            await revealed(pilot)
            assert shows(app, shown)
            await press_and_wait(pilot, "1")

    asyncio.run(scenario("Özalp", "✗ “Özalp” is Kâzım Özalp; the answer is “Kâzım Karabekir”"))
    asyncio.run(scenario("Kazim", "≈ Partly right: “Kazim” could also be Kâzım Özalp"))


def test_each_grade_key_shows_the_interval_it_would_give(collection_path: Path) -> None:
    build_history(collection_path, days=20)

    async def scenario() -> None:
        app = build_app(collection_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await start_all(pilot)
            await pilot.press("enter")
            screen = await revealed(pilot)
            bar = screen.query_one(GradeBar)
            spans = dict(bar.intervals)
            assert list(spans) == ["1", "2", "3", "4"]
            assert spans["1"].startswith("today·1d") and spans["3"].endswith("d") and "today" not in spans["3"]
            line = " ".join(f"{key} {label}" for key, label in bar.grades)
            assert line == "1 Again 2 Hard 3 Good 4 Easy"
            assert shows(app, f"Good {spans['3']}")

    asyncio.run(scenario())


def test_the_grade_bar_with_intervals(snap_compare: Any, collection_path: Path) -> None:
    build_history(collection_path, days=20)

    async def run_before(pilot: Any) -> None:
        await start_all(pilot)
        await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False
        await pilot.press("enter")
        await revealed(pilot)

    assert snap_compare(build_app(collection_path), terminal_size=(80, 24), run_before=run_before)
