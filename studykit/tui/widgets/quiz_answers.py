"""Answering a quiz question: lettered options, true or false, matching, putting in order.

Unlike the review widgets (`answering.py`), these keep the student's answer on show and let
them change it until the quiz is submitted; none of them says whether it is right. Each gets
its question's items and the current answer as constructor arguments and posts `Changed`
with the new answer (and `Advance` on Enter: "answer and go on"). Typed answers use a plain
`Input` on the question screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from studykit.core.quiz.model import letter
from studykit.tui.widgets import plain

_LETTER_KEYS = "abcde"  # a–e pick options A–E (f and t are false and true)


def _grid(columns: int) -> Table:
    """Columns of markers and numbers, the text last: a wrapped item keeps its indent."""
    table = Table.grid(padding=(0, 1))
    for _ in range(columns - 1):
        table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    return table


class Advance(Message):
    """Enter: the student is done with this question; show the next one."""


class LetteredChoice(Widget, can_focus=True):
    """Options A, B, C…: a letter or number picks; ↑↓ move, Space picks, Enter picks and goes on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="quiz.choice.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="quiz.choice.down"),
        Binding("space", "pick_cursor(False)", "Pick", show=False, id="quiz.choice.pick",
                tooltip="Pick the highlighted option"),
        Binding("enter", "pick_cursor(True)", "Pick & next", id="quiz.choice.pick_next",
                tooltip="Pick the highlighted option and go to the next question"),
        *[
            Binding(f"{_LETTER_KEYS[n]},{n + 1}", f"pick({n})", f"Option {letter(n)}", show=False,
                    id=f"quiz.choice.option{n + 1}", tooltip=f"Pick option {letter(n)}")
            for n in range(len(_LETTER_KEYS))
        ],
        *[
            Binding(str(n + 1), f"pick({n})", f"Option {n + 1}", show=False, id=f"quiz.choice.option{n + 1}")
            for n in range(len(_LETTER_KEYS), 9)
        ],
    ]

    class Changed(Message):
        def __init__(self, widget: LetteredChoice, index: int) -> None:
            super().__init__()
            self.widget = widget
            self.index = index

        @property
        def control(self) -> LetteredChoice:
            return self.widget

    cursor: reactive[int] = reactive(0)
    chosen: reactive[int | None] = reactive(None)

    def __init__(
        self, options: Sequence[str], chosen: int | None = None, *, id: str | None = None, name: str | None = None,
    ) -> None:
        super().__init__(id=id, name=name)
        self.options = tuple(options)
        self.set_reactive(LetteredChoice.chosen, chosen)
        self.set_reactive(LetteredChoice.cursor, chosen or 0)
        self.moved = False  # the cursor was moved with ↑↓ since the widget was made

    def label(self, index: int) -> str:
        return letter(index)

    def render(self) -> Table:
        table = _grid(3)
        for i, option in enumerate(self.options):
            here = i == self.cursor and self.has_focus
            picked = i == self.chosen
            mark = Text("▶ " if here else "  ")
            mark.append("(●)" if picked else "( )", style="bold green" if picked else "dim")
            table.add_row(mark, Text(f"{self.label(i)}.", style="bold"),
                          plain(option, "reverse" if here else ("bold" if picked else "")))
        return table

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.options)
        self.moved = True

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.options):
            self.cursor = index
            self.chosen = index
            self.post_message(self.Changed(self, index))

    def action_pick_cursor(self, advance: bool) -> None:
        """Space picks the highlighted option; Enter picks it only if the student moved to it
        with ↑↓ (Enter alone leaves the question as it was: a skip, not a guess of A)."""
        if not advance or (self.moved and self.chosen != self.cursor):
            self.action_pick(self.cursor)
        if advance:
            self.post_message(Advance())

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class TrueFalseChoice(LetteredChoice):
    """True or false: `t` or `f` (or A/B, ↑↓); the answer is option 0 (True) or 1 (False)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t,y", "pick(0)", "True", id="quiz.truefalse.true", tooltip="The statement is true"),
        Binding("f,n", "pick(1)", "False", id="quiz.truefalse.false", tooltip="The statement is false"),
    ]

    def __init__(self, chosen: bool | None = None, *, id: str | None = None, name: str | None = None) -> None:
        super().__init__(("True", "False"), None if chosen is None else (0 if chosen else 1), id=id, name=name)

    def label(self, index: int) -> str:
        return "TF"[index]


class MatchingGrid(Widget, can_focus=True):
    """Each left item gets a letter of the right column: ↑↓ pick the row, a letter sets it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "row(-1)", "Up", show=False, id="quiz.matching.up"),
        Binding("down,j", "row(1)", "Down", show=False, id="quiz.matching.down"),
        Binding("backspace,delete", "clear", "Clear", id="quiz.matching.clear",
                tooltip="Clear the letter of the highlighted row"),
        Binding("enter", "advance", "Next", show=False, id="quiz.matching.next",
                tooltip="Go to the next question"),
        *[
            Binding(f"{chr(ord('a') + n)},{n + 1}", f"set({n})", f"Item {letter(n)}", show=False,
                    id=f"quiz.matching.item{n + 1}", tooltip=f"Match the highlighted row with {letter(n)}")
            for n in range(9)
        ],
    ]

    class Changed(Message):
        def __init__(self, widget: MatchingGrid, chosen: tuple[int | None, ...]) -> None:
            super().__init__()
            self.widget = widget
            self.chosen = chosen

        @property
        def control(self) -> MatchingGrid:
            return self.widget

    cursor: reactive[int] = reactive(0)

    def __init__(
        self, lefts: Sequence[str], rights: Sequence[str], chosen: Sequence[int | None] = (), *,
        id: str | None = None, name: str | None = None,
    ) -> None:
        super().__init__(id=id, name=name)
        self.lefts = tuple(lefts)
        self.rights = tuple(rights)
        given = list(chosen)[: len(self.lefts)]
        self.chosen: list[int | None] = given + [None] * (len(self.lefts) - len(given))

    def render(self) -> Group:
        rows = Table.grid(padding=(0, 1))
        rows.add_column(no_wrap=True)
        rows.add_column(no_wrap=True)
        rows.add_column(max_width=48)
        rows.add_column(no_wrap=True)
        for row, left in enumerate(self.lefts):
            here = row == self.cursor and self.has_focus
            pick = self.chosen[row]
            chosen = Text("→ [ ]", style="dim") if pick is None else Text(f"→ [{letter(pick)}]", style="bold green")
            rows.add_row(Text("▶" if here else " "), Text(f"{row + 1}.", style="bold"),
                         plain(left, "reverse" if here else ""), chosen)
        rights = _grid(2)
        for i, right in enumerate(self.rights):
            rights.add_row(Text(f"{letter(i)}.", style="bold"), plain(right))
        return Group(rows, Text(""), Text("Choose from", style="underline"), rights)

    def action_row(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.lefts)

    def action_set(self, index: int) -> None:
        if 0 <= index < len(self.rights):
            self.chosen[self.cursor] = index
            self.post_message(self.Changed(self, tuple(self.chosen)))
            if self.cursor < len(self.lefts) - 1:
                self.cursor += 1
            self.refresh()

    def action_clear(self) -> None:
        self.chosen[self.cursor] = None
        self.post_message(self.Changed(self, tuple(self.chosen)))
        self.refresh()

    def action_advance(self) -> None:
        self.post_message(Advance())

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class OrderList(Widget, can_focus=True):
    """Put items in order, earliest on top: ↑↓ pick an item, Shift+↑↓ (or [ ]) move it; Enter keeps the order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="quiz.order.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="quiz.order.down"),
        Binding("shift+up,K,left_square_bracket", "shift(-1)", "Move up", id="quiz.order.move_up",
                tooltip="Move the highlighted item up", key_display="⇧↑"),
        Binding("shift+down,J,right_square_bracket", "shift(1)", "Move down", id="quiz.order.move_down",
                tooltip="Move the highlighted item down", key_display="⇧↓"),
        Binding("enter", "keep", "Keep order", id="quiz.order.keep",
                tooltip="Answer with this order and go to the next question"),
    ]

    class Changed(Message):
        """`order`: the indexes of the items as placed, top (earliest) first."""

        def __init__(self, widget: OrderList, order: tuple[int, ...]) -> None:
            super().__init__()
            self.widget = widget
            self.order = order

        @property
        def control(self) -> OrderList:
            return self.widget

    cursor: reactive[int] = reactive(0)

    def __init__(
        self, items: Sequence[str], order: Sequence[int] | None = None, *, id: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(id=id, name=name)
        self.items = tuple(items)
        valid = order is not None and sorted(order) == list(range(len(self.items)))
        self.order: list[int] = list(order) if valid and order is not None else list(range(len(self.items)))
        self.answered = valid

    def render(self) -> Group:
        table = _grid(3)
        for row, index in enumerate(self.order):
            here = row == self.cursor and self.has_focus
            table.add_row(Text("▶" if here else " "), Text(f"{row + 1}.", style="bold"),
                          plain(self.items[index], "reverse" if here else ""))
        if self.answered:
            return Group(table)
        return Group(
            table,
            Text(""),
            Text("Not answered yet: move the items, or press Enter to answer with this order.", style="dim italic"),
        )

    def action_cursor(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.order)

    def action_shift(self, step: int) -> None:
        target = self.cursor + step
        if 0 <= target < len(self.order):
            self.order[self.cursor], self.order[target] = self.order[target], self.order[self.cursor]
            self.cursor = target
            self._changed()

    def action_keep(self) -> None:
        self._changed()
        self.post_message(Advance())

    def _changed(self) -> None:
        self.answered = True
        self.post_message(self.Changed(self, tuple(self.order)))
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
