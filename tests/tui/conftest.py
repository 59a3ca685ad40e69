"""Fixtures of the TUI tests: a fixed collection in a temp dir, the app over it, and Pilot helpers.

Every wait is on a condition with a generous deadline, never on a fixed delay, so the tests
do not depend on the machine's speed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from studykit.core.session import SessionConfig
from studykit.core.sm2 import Button
from studykit.tui.app import StudyApp, make_app
from tests.tui.sample import DECKS, NOW, TZ, sample_cards

DEADLINE = 60.0  # seconds; only a hang reaches it


class FakeClock:
    """Answer times: every reading is `step` seconds after the previous one."""

    def __init__(self, step: float = 2.5) -> None:
        self.t = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.t += self.step
        return self.t


class Now:
    """A settable `now` for the app: tests move the day on."""

    def __init__(self, when: dt.datetime = NOW) -> None:
        self.when = when

    def __call__(self) -> dt.datetime:
        return self.when


@pytest.fixture
def collection_path(tmp_path: Path) -> Path:
    return tmp_path / "collection.sqlite3"


def build_app(path: Path, *, now: Callable[[], dt.datetime] | None = None, **options: Any) -> StudyApp:
    """The app over the fixed collection: sample decks and cards, fixed time, all 30 new cards a
    day. The sample's 30 cards are made from four facts: they give each other away, so the
    session shows them all only with `spare_giveaways` off (tests of sparing turn it on)."""
    options.setdefault("config", SessionConfig(new_per_day=30, spare_giveaways=False))
    options.setdefault("clock", FakeClock())
    options.setdefault("decks", DECKS)
    return make_app(path, cards=sample_cards(), now=now or (lambda: NOW), tz=TZ, **options)


async def wait_for(pilot: Pilot[Any], condition: Callable[[], object], what: str = "condition") -> None:
    """Let the app run until `condition()` holds."""
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; screen:\n" + "\n".join(screen_lines(pilot.app)))
        await pilot.pause(0.01)
    await pilot.pause()


_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                   r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>')


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows, line by line, read from Textual's own screenshot."""
    svg = app.export_screenshot()
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for x, line, text in _TEXT.findall(svg):
        column = round(float(x) / 12.2) - 1
        for i, char in enumerate(html.unescape(text).replace("\u00a0", " ")):
            if 0 <= column + i < width and int(line) < height:
                grid[int(line)][column + i] = char
    return ["".join(row).rstrip() for row in grid]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


def flat(text: str) -> str:
    """Lines joined and borders dropped, so that wrapped text reads as one string."""
    return " ".join(text.replace("█", " ").replace("│", " ").replace("▊", " ").replace("▎", " ").split())


def shows(app: App[Any], text: str) -> bool:
    """Whether the screen shows `text`, wrapped or not."""
    return flat(text) in flat(screen_text(app))


def studied_beforehand(path: Path, card_ids: Iterable[str], *, button: Button = Button.GOOD,
                       when: dt.datetime = NOW) -> None:
    """The sample collection with these cards graded once at `when` (in this order), as a
    session of them would have graded them: the state a test needs, made through the
    collection rather than by pressing through each card in the app."""
    from studykit.core.session import Session
    from studykit.storage import Collection

    with Collection.open(path) as collection:
        collection.sync(sample_cards(), deck_names={deck.id: deck.name for deck in DECKS})
        records = [collection.record(card_id) for card_id in card_ids]
        session = Session.start(records, now=when, tz=TZ, config=SessionConfig(new_per_day=len(records)))
        while session.current is not None:
            collection.commit(session.grade(button, now=when, answer_ms=2500))


def build_history(path: Path, *, days: int = 50) -> None:
    """A collection with `days` days of past reviews before NOW, graded by the core session.

    Three new cards a day, every due card reviewed; every fifth grade is Again. Deterministic.
    """
    from studykit.core.session import SessionConfig
    from studykit.core.sm2 import Button
    from studykit.storage import Collection

    config = SessionConfig(new_per_day=3, spare_giveaways=False)  # the history the snapshots were made with
    with Collection.open(path) as collection:
        collection.sync(sample_cards())
        n = 0
        for back in range(days, 0, -1):
            if back % 7 == 3:
                continue  # a day off now and then
            when = NOW - dt.timedelta(days=back)
            session = collection.start_session(now=when, tz=TZ, config=config)
            while session.current is not None:
                n += 1
                button = Button.AGAIN if n % 5 == 0 else Button.GOOD
                collection.commit(session.grade(button, now=when, answer_ms=4000 + 100 * (n % 7)))
                when += dt.timedelta(seconds=30)
