"""The list of decks with their counts: ↑↓ to choose, Enter to study."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from studykit.study.views import DeckRow
from studykit.tui.widgets import plain

COLUMNS = (("New", "new", "blue"), ("Again", "again", "red"), ("Due", "due", "green"), ("Total", "total", ""))
COUNT_WIDTH = 7


class DeckList(Widget, can_focus=True):
    """One line per deck, subdecks indented under their parent, names cut to the width so that
    every count stays on screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="decks.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="decks.down"),
    ]

    class Highlighted(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    rows: reactive[tuple[DeckRow, ...]] = reactive((), layout=True)
    cursor: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def render(self) -> Text:
        width = max(self.size.width, 40)
        name_width = width - 2 - COUNT_WIDTH * len(COLUMNS)
        out = Text()
        out.append("  " + "Deck".ljust(name_width), style="bold")
        for title, _, _ in COLUMNS:
            out.append(title.rjust(COUNT_WIDTH), style="bold")
        for i, row in enumerate(self.rows):
            out.append("\n")
            chosen = i == self.cursor
            line = Text("▶ " if chosen else "  ")
            indent = "  " * min(row.depth, 8)  # a subdeck under its parent (`Parent::Child`)
            line.append(indent)
            name = plain(row.name, "bold" if row.deck_id is None else "")
            name.truncate(max(name_width - len(indent), 1), overflow="ellipsis", pad=True)
            line.append_text(name)
            for _, field, colour in COLUMNS:
                count = getattr(row, field)
                line.append(str(count).rjust(COUNT_WIDTH), style=(colour if count else "dim"))
            if chosen and self.has_focus:
                line.stylize("reverse")
            out.append_text(line)
        return out

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 + len(self.rows)

    def watch_rows(self, rows: Sequence[DeckRow]) -> None:
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = (self.cursor + step) % len(self.rows)
            self.post_message(self.Highlighted(self.cursor))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
