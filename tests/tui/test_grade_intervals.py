"""Grading by SM-2's six qualities (`studykit review --sm2`): each quality key shows the interval
it would give, as the four buttons do, and the six fit an 80-column grade bar."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from studykit.tui.widgets.panes import GradeBar
from tests.tui.conftest import build_app, build_history, shows, wait_for
from tests.tui.drive import current_card
from tests.tui.test_grading import revealed
from tests.tui.test_session import start_all


async def first_card_revealed(pilot: Any) -> None:
    await start_all(pilot)
    await wait_for(pilot, lambda: current_card(pilot) is not None, "the first card")
    for field in pilot.app.screen.query("Input"):
        field.cursor_blink = False
    await pilot.press("enter")
    await revealed(pilot)


def test_each_quality_shows_the_interval_it_would_give(collection_path: Path) -> None:
    build_history(collection_path, days=20)  # the first card is a due review: six different outcomes

    async def scenario() -> None:
        app = build_app(collection_path, sm2=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await first_card_revealed(pilot)
            bar = pilot.app.screen.query_one(GradeBar)
            spans = dict(bar.intervals)
            assert list(spans) == ["0", "1", "2", "3", "4", "5"]
            assert all(spans[q].startswith("today") for q in "0123")  # below 4: again today (SM-2's re-drill)
            assert not spans["4"].startswith("today") and not spans["5"].startswith("today")
            assert spans["5"] != spans["4"]  # perfect grows the interval more
            for key, label in bar.grades:
                assert shows(app, f"{key}  {label} {spans[key]}")

    asyncio.run(scenario())


def test_the_sm2_grade_bar(snap_compare: Any, collection_path: Path) -> None:
    build_history(collection_path, days=20)
    assert snap_compare(build_app(collection_path, sm2=True), terminal_size=(80, 24), run_before=first_card_revealed)
