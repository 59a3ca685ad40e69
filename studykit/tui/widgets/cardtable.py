"""The card browser's table: one line a card, its columns fitted to the width, a cursor, a
selection for bulk actions, and a header that sorts when clicked.

Only the lines on screen are drawn, so a search over tens of thousands of cards scrolls as
quickly as one over thirty. Card text is appended as plain strings, never read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from studykit.core.text import visible
from studykit.study.browse import CardRow

# Anki's flag colours, by flag number.
FLAG_COLOURS = ("", "red", "dark_orange", "green", "dodger_blue2", "hot_pink", "dark_turquoise", "medium_purple")
MARKER_WIDTH = 2  # the selection tick and the flag
MIN_QUESTION = 28  # columns are dropped, least useful first, before the question gets narrower


@dataclass(frozen=True)
class Column:
    key: str          # also the sort it stands for
    title: str
    width: int
    priority: int     # the order columns are kept in when the width runs short (question: always)
    right: bool = False


COLUMNS = (
    Column("question", "Question", MIN_QUESTION, 0),
    Column("deck", "Deck", 14, 3),
    Column("type", "Type", 10, 5),
    Column("state", "State", 5, 1),
    Column("due", "Due", 7, 2, right=True),
    Column("interval", "Ivl", 5, 4, right=True),
    Column("ease", "Ease", 4, 6, right=True),
    Column("lapses", "Laps", 4, 7, right=True),
    Column("reviews", "Revs", 4, 8, right=True),
)
SORTABLE = {c.key for c in COLUMNS} - {"state"}


def fitted(width: int) -> list[tuple[Column, int]]:
    """The columns that fit in `width` cells, in display order, with the width each gets: the
    question takes what the others leave, and never less than `MIN_QUESTION` while a column
    can still be dropped."""
    room = width - MARKER_WIDTH
    kept = {"question"}
    used = MIN_QUESTION
    for column in sorted(COLUMNS[1:], key=lambda c: c.priority):
        if used + 1 + column.width <= room:
            kept.add(column.key)
            used += 1 + column.width
    chosen = [c for c in COLUMNS if c.key in kept]
    question = max(8, room - sum(1 + c.width for c in chosen if c.key != "question"))
    return [(c, question if c.key == "question" else c.width) for c in chosen]


def due_cell(row: CardRow) -> str:
    """When the card is due, counted in study days: "today", "6d", "-2d" (overdue), "3.2mo",
    "1.5y"; a new card's place in the order new cards come in: "#12"."""
    days = row.due_days
    if days is None:
        return f"#{row.position}"
    if days == 0:
        return "today"
    if abs(days) < 100:
        return f"{days}d"
    if abs(days) < 365:
        return f"{days / 30.4:.1f}mo"
    return f"{days / 365:.1f}y"


def state_cell(row: CardRow) -> str:
    if row.suspended:
        return "leech" if row.leech else "susp"
    if row.buried:
        return "bury"
    return {"new": "new", "learning": "learn", "review": "rev"}[row.state]


def span_cell(days: int) -> str:
    if days < 100:
        return f"{days}d"
    if days < 365:
        return f"{days / 30.4:.0f}mo"
    return f"{days / 365:.1f}y"


def cell(row: CardRow, key: str) -> str:
    if key == "question":
        return row.question
    if key == "deck":
        return row.deck
    if key == "type":
        return row.type_label
    if key == "state":
        return state_cell(row)
    if key == "due":
        return due_cell(row)
    if key == "interval":
        return span_cell(row.interval) if row.due is not None else "–"
    if key == "ease":
        return f"{row.ease:.2f}".rstrip("0").rstrip(".") if row.due is not None else "–"
    if key == "lapses":
        return str(row.lapses)
    return str(row.reviews)


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` (control characters made visible) cut to `width` cells with an ellipsis, padded."""
    text = " ".join(visible(text, one_line=True).split())
    probe = Text(text)
    if probe.cell_len > width:
        probe.truncate(width, overflow="ellipsis")
        text = probe.plain
    pad = " " * max(0, width - Text(text).cell_len)
    return pad + text if right else text + pad


class CardTable(Widget, can_focus=True):
    """The table of cards found. The screen sets `rows`; the table posts `Highlighted` when its
    cursor moves and `SortChosen` when a header is clicked; Space marks cards for bulk actions."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cardtable--header", "cardtable--cursor", "cardtable--suspended", "cardtable--buried", "cardtable--selected",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="browser.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="browser.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="browser.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="browser.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="browser.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="browser.last"),
        Binding("space", "toggle_select", "Select", id="browser.select",
                tooltip="Mark the card for a bulk action (again: unmark)"),
        Binding("shift+down", "extend(1)", "Select down", show=False, id="browser.select_down",
                tooltip="Mark this card and move down, marking"),
        Binding("shift+up", "extend(-1)", "Select up", show=False, id="browser.select_up",
                tooltip="Mark this card and move up, marking"),
    ]

    class Highlighted(Message):
        def __init__(self, row: CardRow | None) -> None:
            super().__init__()
            self.row = row

    class SortChosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    rows: reactive[tuple[CardRow, ...]] = reactive((), always_update=True)
    cursor: reactive[int] = reactive(0)
    sort: reactive[str] = reactive("order")
    descending: reactive[bool] = reactive(False)
    selected: reactive[frozenset[str]] = reactive(frozenset())

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._top = 0

    # -- what is shown ------------------------------------------------------------------------

    @property
    def current(self) -> CardRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def targets(self) -> list[CardRow]:
        """The cards a bulk action takes: the marked ones, or the one under the cursor."""
        if self.selected:
            return [row for row in self.rows if row.id in self.selected]
        return [self.current] if self.current is not None else []

    def show(self, rows: Sequence[CardRow], *, keep: str | None = None) -> None:
        """Show new rows; the cursor stays on the card `keep` (or the one under it) if it is still
        there; marks stay on the cards still found."""
        keep = keep or (self.current.id if self.current else None)
        self.rows = tuple(rows)
        ids = {row.id for row in self.rows}
        self.selected = frozenset(i for i in self.selected if i in ids)
        index = next((i for i, row in enumerate(self.rows) if row.id == keep), None)
        self.cursor = index if index is not None else min(self.cursor, max(len(self.rows) - 1, 0))
        self.post_message(self.Highlighted(self.current))

    def _visible_rows(self) -> int:
        return max(1, self.size.height - 1)

    def _keep_cursor_in_view(self) -> None:
        shown = self._visible_rows()
        if self.cursor < self._top:
            self._top = self.cursor
        elif self.cursor >= self._top + shown:
            self._top = self.cursor - shown + 1
        self._top = max(0, min(self._top, max(0, len(self.rows) - shown)))

    def render(self) -> Text:
        columns = fitted(self.size.width)
        header_style = self.get_component_rich_style("cardtable--header")
        out = Text(no_wrap=True, overflow="crop")
        out.append(" " * MARKER_WIDTH, style=header_style)
        for i, (column, width) in enumerate(columns):
            title = column.title
            if column.key == self.sort:
                title += "▼" if self.descending else "▲"
            out.append((" " if i else "") + fit(title, width, column.right), style=header_style)
        self._keep_cursor_in_view()
        for index in range(self._top, min(len(self.rows), self._top + self._visible_rows())):
            out.append("\n")
            out.append_text(self._line(self.rows[index], columns, cursor=index == self.cursor))
        if not self.rows:
            out.append("\n")
            out.append("No card matches.", style="dim")
        return out

    def _line(self, row: CardRow, columns: list[tuple[Column, int]], *, cursor: bool) -> Text:
        line = Text(no_wrap=True)
        chosen = row.id in self.selected
        line.append("✓" if chosen else " ", style="bold")
        line.append("■" if row.flag else " ", style=Style(color=FLAG_COLOURS[row.flag]) if row.flag else "")
        for i, (column, width) in enumerate(columns):
            line.append((" " if i else "") + fit(cell(row, column.key), width, column.right))
        if row.suspended:
            line.stylize(self.get_component_rich_style("cardtable--suspended"), MARKER_WIDTH)
        elif row.buried:
            line.stylize(self.get_component_rich_style("cardtable--buried"), MARKER_WIDTH)
        if chosen:
            line.stylize(self.get_component_rich_style("cardtable--selected"), MARKER_WIDTH)
        if cursor:
            line.stylize(self.get_component_rich_style("cardtable--cursor") if self.has_focus else Style(bold=True))
        return line

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 + max(len(self.rows), 1)

    # -- moving and marking --------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if old != new:
            self.post_message(self.Highlighted(self.current))

    def _go(self, index: int) -> None:
        if self.rows:
            self.cursor = max(0, min(index, len(self.rows) - 1))

    def action_move(self, step: int) -> None:
        self._go(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self._go(self.cursor + direction * max(1, self._visible_rows() - 1))

    def action_jump(self, where: int) -> None:
        self._go(0 if where == 0 else len(self.rows) - 1)

    def action_toggle_select(self) -> None:
        row = self.current
        if row is not None:
            self.selected = self.selected ^ {row.id}
            self.action_move(1)

    def action_extend(self, step: int) -> None:
        row = self.current
        if row is not None:
            self.selected = self.selected | {row.id}
            self.action_move(step)
            if self.current is not None:
                self.selected = self.selected | {self.current.id}

    def select_all(self) -> None:
        self.selected = frozenset(row.id for row in self.rows)

    def clear_selection(self) -> None:
        self.selected = frozenset()

    def mark(self, ids: Iterable[str]) -> None:
        self.selected = frozenset(ids)

    # -- the mouse ----------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = MARKER_WIDTH
            for column, width in fitted(self.size.width):
                if x <= event.x < x + width + 1 and column.key in SORTABLE:
                    self.post_message(self.SortChosen(column.key))
                    return
                x += width + 1
            return
        self._go(self._top + event.y - 1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._go(self.cursor + 3)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._go(self.cursor - 3)
        event.stop()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.refresh()
