"""The ways of answering a card: typed text, a choice, an order, true or false.

Each widget gets what it shows as constructor arguments or attributes, owns the keys of
its interaction (bindings with ids), and posts one message when the student commits an
answer. None of them checks the answer: the review screen asks the core.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from studykit.tui.widgets import plain


class TypedAnswer(Vertical):
    """An input box; Enter submits the text (empty text just reveals the answer)."""

    class Submitted(Message):
        def __init__(self, widget: TypedAnswer, text: str) -> None:
            super().__init__()
            self.widget = widget
            self.text = text

        @property
        def control(self) -> TypedAnswer:
            return self.widget

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type your answer", id="typed-input")
        yield Static(plain("Enter checks your answer · Enter on an empty box shows the answer"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, event.value.strip()))

    def focus_input(self) -> None:
        self.query_one(Input).focus()

    def freeze(self) -> None:
        """After the answer: keep the text visible, stop taking keys."""
        self.query_one(Input).disabled = True
        self.query_one(".hint").display = False


class ChoiceList(Widget, can_focus=True):
    """Numbered options: a number key picks at once; arrows move, Enter picks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="choice.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="choice.down"),
        Binding("enter,space", "pick", "Pick", id="choice.pick", tooltip="Pick the highlighted option"),
        *[
            Binding(str(n), f"pick_number({n})", f"Option {n}", show=False, id=f"choice.option{n}")
            for n in range(1, 10)
        ],
    ]

    class Chosen(Message):
        def __init__(self, widget: ChoiceList, index: int) -> None:
            super().__init__()
            self.widget = widget
            self.index = index

        @property
        def control(self) -> ChoiceList:
            return self.widget

    cursor: reactive[int] = reactive(0)
    chosen: reactive[int | None] = reactive(None)
    correct: reactive[int | None] = reactive(None)

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = tuple(options)

    def render(self) -> Text:
        out = Text()
        for i, option in enumerate(self.options):
            mark = "  "
            style = ""
            if self.correct is not None:
                if i == self.correct:
                    mark, style = "✓ ", "bold green"
                elif i == self.chosen:
                    mark, style = "✗ ", "bold red"
                else:
                    style = "dim"
            elif i == self.cursor and self.has_focus:
                mark, style = "▶ ", "reverse"
            line = Text(mark)
            line.append(f"{i + 1}. ", style="bold")
            line.append_text(plain(option, style))
            if i:
                out.append("\n")
            out.append_text(line)
        return out

    def action_move(self, step: int) -> None:
        if self.correct is None:
            self.cursor = (self.cursor + step) % len(self.options)

    def action_pick(self) -> None:
        self._pick(self.cursor)

    def action_pick_number(self, number: int) -> None:
        if 1 <= number <= len(self.options):
            self._pick(number - 1)

    def _pick(self, index: int) -> None:
        if self.correct is None:
            self.cursor = index
            self.post_message(self.Chosen(self, index))

    def show_result(self, chosen: int | None, correct: int) -> None:
        self.chosen = chosen
        self.correct = correct
        self.can_focus = False

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class ReorderList(Widget, can_focus=True):
    """Put items in order: arrows move the cursor, Shift+arrows (or Space to grab) move the item, Enter checks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="order.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="order.down"),
        Binding("shift+up,K,left_square_bracket", "shift(-1)", "Move up", id="order.move_up",
                tooltip="Move the highlighted item up", key_display="⇧↑"),
        Binding("shift+down,J,right_square_bracket", "shift(1)", "Move down", id="order.move_down",
                tooltip="Move the highlighted item down", key_display="⇧↓"),
        Binding("space", "grab", "Grab", id="order.grab", tooltip="Grab the item; arrows then carry it"),
        Binding("enter", "check", "Check order", id="order.check", tooltip="Check this order"),
    ]

    class Checked(Message):
        """`order` lists the indexes of the items as the student placed them, top first."""

        def __init__(self, widget: ReorderList, order: tuple[int, ...]) -> None:
            super().__init__()
            self.widget = widget
            self.order = order

        @property
        def control(self) -> ReorderList:
            return self.widget

    cursor: reactive[int] = reactive(0)
    grabbed: reactive[bool] = reactive(False)

    def __init__(self, items: Sequence[str], *, labels: Sequence[str] = (), id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = tuple(items)
        self.labels = tuple(labels)  # fixed left-hand column (matching cards)
        self.order: list[int] = list(range(len(self.items)))
        self.marks: tuple[bool, ...] | None = None
        self.expected: tuple[int, ...] = ()

    def render(self) -> Table:
        """One row per item in a grid: a long item wraps within its own column, under itself,
        not back under the marks and labels (matching and chronology rows at 80 columns)."""
        width = max((len(label) for label in self.labels), default=0)
        table = Table.grid(padding=(0, 0), expand=True)
        table.add_column("mark", no_wrap=True, width=2)
        table.add_column("label", no_wrap=not self.labels)
        table.add_column("item", ratio=1)
        for row, index in enumerate(self.order):
            if self.marks is not None:
                mark = Text("✓ " if self.marks[row] else "✗ ", style="bold green" if self.marks[row] else "bold red")
            elif row == self.cursor and self.has_focus:
                mark = Text("◆ " if self.grabbed else "▶ ")
            else:
                mark = Text("  ")
            if self.labels:
                label = plain((self.labels[row] if row < len(self.labels) else "").ljust(width))
                label.append("  ↔  ")
            else:
                label = Text(f"{row + 1}. ", style="bold")
            style = "reverse" if row == self.cursor and self.has_focus and self.marks is None else ""
            table.add_row(mark, label, plain(self.items[index], style))
        return table

    def action_cursor(self, step: int) -> None:
        if self.marks is not None:
            return
        if self.grabbed:
            self.action_shift(step)
            return
        self.cursor = (self.cursor + step) % len(self.order)

    def action_shift(self, step: int) -> None:
        if self.marks is not None:
            return
        target = self.cursor + step
        if 0 <= target < len(self.order):
            self.order[self.cursor], self.order[target] = self.order[target], self.order[self.cursor]
            self.cursor = target
            self.refresh()

    def action_grab(self) -> None:
        if self.marks is None:
            self.grabbed = not self.grabbed

    def action_check(self) -> None:
        if self.marks is None:
            self.grabbed = False
            self.post_message(self.Checked(self, tuple(self.order)))

    def show_result(self, expected: Sequence[int]) -> None:
        """Mark each row right or wrong against the expected order; show what belongs where."""
        self.expected = tuple(expected)
        self.marks = tuple(placed == wanted for placed, wanted in zip(self.order, self.expected))
        self.can_focus = False
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class TrueFalse(Widget, can_focus=True):
    """`t` or `f`; after the answer, which was right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t,y", "choose(True)", "True", id="truefalse.true", tooltip="The statement is true"),
        Binding("f,n", "choose(False)", "False", id="truefalse.false", tooltip="The statement is false"),
    ]

    class Chosen(Message):
        def __init__(self, widget: TrueFalse, value: bool) -> None:
            super().__init__()
            self.widget = widget
            self.value = value

        @property
        def control(self) -> TrueFalse:
            return self.widget

    result: reactive[tuple[bool, bool] | None] = reactive(None)  # (chosen, correct)

    def render(self) -> Text:
        if self.result is None:
            return Text.assemble(("t", "bold"), " true    ", ("f", "bold"), " false")
        chosen, correct = self.result
        out = Text("You said ")
        out.append("true" if chosen else "false", style="bold")
        out.append(f"; it is {'true' if correct else 'false'}.")
        return out

    def action_choose(self, value: bool) -> None:
        if self.result is None:
            self.post_message(self.Chosen(self, value))

    def show_result(self, chosen: bool, correct: bool) -> None:
        self.result = (chosen, correct)
        self.can_focus = False
