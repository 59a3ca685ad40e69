"""Answering a card as a student would, with the keys the review screen offers."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from studykit.core.cards import Card, CardType
from studykit.tui.screens.review import ReviewScreen, matching_rights
from tests.tui.conftest import wait_for


def current_card(pilot: Pilot[Any]) -> Card | None:
    screen = pilot.app.screen
    if isinstance(screen, ReviewScreen) and screen.step is not None and not screen.busy:
        return screen.step.card
    return None


async def reorder(pilot: Pilot[Any], wanted: tuple[int, ...]) -> None:
    """Move items with ↑↓ and Shift+↑ until the list reads `wanted` top to bottom."""
    order = list(range(len(wanted)))
    cursor = 0
    for target, item in enumerate(wanted):
        row = order.index(item)
        await pilot.press(*(["down"] * (row - cursor) if row >= cursor else ["up"] * (cursor - row)))
        await pilot.press(*(["shift+up"] * (row - target)))
        order.insert(target, order.pop(row))
        cursor = target
    await pilot.press("enter")


async def answer(pilot: Pilot[Any], card: Card, *, right: bool = True, typed: bool = True) -> None:
    """Give the right answer (or a wrong one) the way the card type asks for it. `typed=False`
    puts a text answer in the box at once, as a paste would, instead of key by key (a long
    answer typed takes seconds in a test)."""
    if card.type in (CardType.QA, CardType.CLOZE):
        text = card.answer if right else "zzz"
        if typed:
            await pilot.press(*text, "enter")
        else:
            pilot.app.screen.query_one("#typed-input", Input).value = text
            await pilot.press("enter")
    elif card.type is CardType.CHOICE:
        index = card.options.index(card.answer)
        await pilot.press(str((index if right else (index + 1) % len(card.options)) + 1))
    elif card.type is CardType.TRUE_FALSE:
        truth = card.answer == "True"
        await pilot.press("t" if truth == right else "f")
    elif card.type is CardType.CHRONOLOGY:
        wanted = card.answer_order if right else tuple(reversed(card.answer_order))
        await reorder(pilot, wanted)
    elif card.type is CardType.MATCHING:
        rights = matching_rights(card)
        wanted = tuple(rights.index(r) for _, r in card.pairs)
        await reorder(pilot, wanted if right else tuple(reversed(wanted)))
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    await wait_for(pilot, lambda: screen.revealed, "the answer side")


async def press_and_wait(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys that move the session on (a grade, undo, bury), and wait for what comes next."""
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    shown = screen.cards_shown

    def moved_on(review: ReviewScreen = screen) -> bool:
        return pilot.app.screen is not review or (review.cards_shown > shown and not review.busy)

    await pilot.press(*keys)
    await wait_for(pilot, moved_on, f"the screen after {keys}")


async def study(pilot: Pilot[Any], card: Card, *, right: bool = True, grade: str = "3") -> None:
    await answer(pilot, card, right=right)
    await press_and_wait(pilot, grade)
