"""The decks screen: every deck with its new, due and total counts; pick one or all."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from studykit.study.views import DeckRow
from studykit.tui.widgets import plain
from studykit.tui.widgets.decklist import DeckList


class DecksScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study", "Study", id="decks.study", tooltip="Study the highlighted deck", show=True),
        Binding("n", "learn_new", "New cards", id="decks.new", tooltip="Learn new cards only"),
        Binding("c", "cram", "Cram", id="decks.cram", tooltip="Go through every card without rescheduling"),
        Binding("s", "stats", "Stats", id="decks.stats", tooltip="Due forecast and review history"),
        Binding("b", "browse", "Browse", id="decks.browse",
                tooltip="The card browser: search, suspend, unsuspend, bury, flag the deck's cards"),
        Binding("o", "options", "Options", id="decks.options",
                tooltip="Daily limits of the deck: new cards and reviews a day"),
        Binding("q", "app.quit", "Quit", id="decks.quit", tooltip="Quit studykit"),
    ]

    class Chosen(Message):
        """Study `deck_id` (None: all decks); `mode` is "review", "new" or "cram"."""

        def __init__(self, deck_id: str | None, mode: str = "review") -> None:
            super().__init__()
            self.deck_id = deck_id
            self.mode = mode

    class StatsRequested(Message):
        def __init__(self, deck_id: str | None) -> None:
            super().__init__()
            self.deck_id = deck_id

    class BrowseRequested(Message):
        """Open the browser on `deck_id`'s cards (None: every card), with `query` added."""

        def __init__(self, deck_id: str | None, query: str = "") -> None:
            super().__init__()
            self.deck_id = deck_id
            self.query = query

    class OptionsRequested(Message):
        """The daily limits of `deck_id` (None: the collection's)."""

        def __init__(self, deck_id: str | None) -> None:
            super().__init__()
            self.deck_id = deck_id

    rows: reactive[tuple[DeckRow, ...] | None] = reactive(None, init=False, bindings=True)
    status: reactive[str] = reactive("Loading the decks and your collection…", init=False)

    ready = False

    def __init__(self) -> None:
        super().__init__(id="decks")  # the app tells it by its id, without importing this module

    def compose(self) -> ComposeResult:
        yield Static(Text("studykit · decks", style="bold"), id="decks-title")
        yield Static(plain(self.status), id="decks-status")
        yield LoadingIndicator(id="decks-loading")
        table = DeckList(id="decks-table")
        table.display = False
        yield table
        yield Static(id="decks-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.ready = True
        self.watch_rows(self.rows)

    def watch_status(self, status: str) -> None:
        if not self.ready:
            return
        widget = self.query_one("#decks-status", Static)
        widget.update(plain(status))
        widget.display = bool(status)

    def watch_rows(self, rows: tuple[DeckRow, ...] | None) -> None:
        if not self.ready:
            return
        table = self.query_one(DeckList)
        loading = self.query_one(LoadingIndicator)
        if rows is None:
            loading.display = True
            table.display = False
            return
        loading.display = False
        table.display = True
        table.rows = rows
        self.status = ""
        hint = Text("↑↓ choose · Enter study · n new cards only · c cram · b browse · o options · s stats · ? help",
                    style="dim")
        self.query_one("#decks-hint", Static).update(hint)
        table.focus()

    def _highlighted(self) -> DeckRow | None:
        if not self.rows:
            return None
        index = self.query_one(DeckList).cursor
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("study", "learn_new", "cram", "stats", "browse", "options"):
            return self.rows is not None or None
        return True

    def action_study(self) -> None:
        row = self._highlighted()
        if row is not None:
            self.post_message(self.Chosen(row.deck_id, "review"))

    def action_learn_new(self) -> None:
        row = self._highlighted()
        if row is not None:
            self.post_message(self.Chosen(row.deck_id, "new"))

    def action_cram(self) -> None:
        row = self._highlighted()
        if row is not None:
            self.post_message(self.Chosen(row.deck_id, "cram"))

    def action_stats(self) -> None:
        row = self._highlighted()
        self.post_message(self.StatsRequested(row.deck_id if row else None))

    def action_browse(self, query: str = "") -> None:
        row = self._highlighted()
        self.post_message(self.BrowseRequested(row.deck_id if row else None, query))

    def action_options(self) -> None:
        row = self._highlighted()
        self.post_message(self.OptionsRequested(row.deck_id if row else None))
