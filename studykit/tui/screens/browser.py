"""The card browser, as in Anki: a search line, the table of cards found, and the card under the
cursor in full with its schedule and review history; actions on the marked cards (or the one
under the cursor): suspend, unsuspend, bury, unbury, reset to new, flag.

The screen keeps no cards of its own and changes nothing itself: it posts `SearchRequested`,
`DetailRequested` and `ActionRequested` up; the app asks the application layer (which commits
every change before it answers) and sets `result` and `detail` on the screen.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from studykit.core.search import FLAGS
from studykit.study.browse import BrowseResult, CardDetail, CardRow, HistoryEntry
from studykit.tui.widgets import plain
from studykit.tui.widgets.cardtable import FLAG_COLOURS, CardTable, due_cell, span_cell

# Searches the palette and the keys offer, as Anki's sidebar does.
PRESETS = (
    ("All cards", ""),
    ("Due today", "is:due"),
    ("New cards", "is:new"),
    ("Learning", "is:learn"),
    ("Suspended cards", "is:suspended"),
    ("Buried cards", "is:buried"),
    ("Leeches", "is:leech"),
    ("Flagged cards", "is:flagged"),
)
SORT_ORDER = ("order", "question", "deck", "type", "due", "interval", "ease", "lapses", "reviews")
SEARCH_DELAY = 0.25  # seconds of no typing before a search runs


def history_line(entry: HistoryEntry, tz: dt.tzinfo) -> Text:
    """One event of the review log as the detail pane lists it."""
    line = Text(f"  {entry.at.astimezone(tz):%Y-%m-%d %H:%M}  ", style="dim")
    line.append(f"{entry.kind:<9}", style="bold" if entry.quality is not None else "")
    if entry.quality is not None:
        grade = entry.button or "–"
        line.append(f" {grade:<5} q{entry.quality}")
        if entry.kind != "redrill":
            line.append(f"  → {span_cell(entry.interval)}  EF {entry.ease:.2f}")
        if entry.answer_seconds is not None:
            line.append(f"  {entry.answer_seconds:.1f}s", style="dim")
    elif entry.button:  # a review done in Anki, imported
        line.append(f" {entry.button}")
        if entry.answer_seconds is not None:
            line.append(f"  {entry.answer_seconds:.1f}s", style="dim")
    elif entry.until is not None:
        line.append(f" until {entry.until.astimezone(tz):%Y-%m-%d %H:%M}")
    return line


def detail_text(detail: CardDetail, tz: dt.tzinfo) -> Text:
    """A card in full: its schedule first (what the browser is for), the question and answer, the
    review history, then where it is and what else it says."""
    row, text = detail.row, detail.text
    out = schedule_text(row, tz)
    out.append("\nQ ", style="bold")
    out.append_text(plain(text.question))
    out.append("\nA ", style="bold")
    out.append_text(plain(text.answer))
    out.append(f"\nHistory ({len(detail.history)})", style="bold")
    if not detail.history:
        out.append("  never reviewed", style="dim")
    for entry in detail.history:
        out.append("\n")
        out.append_text(history_line(entry, tz))
    out.append("\n")
    out.append_text(plain(f"{row.deck} · {row.type_label}", "dim"))
    if row.tags:
        out.append_text(plain(" · tags " + " ".join(row.tags), "dim"))
    for label, value in text.extra:
        out.append(f"\n{label}: ", style="dim")
        out.append_text(plain(value))
    return out


def schedule_text(row: CardRow, tz: dt.tzinfo) -> Text:
    out = Text()
    state = {"new": "New", "learning": "Learning", "review": "Review"}[row.state]
    out.append(state, style="bold")
    for mark, on_ in (("suspended", row.suspended), ("buried until tomorrow", row.buried), ("leech", row.leech)):
        if on_:
            out.append(f" · {mark}", style="bold yellow")
    if row.due is None:
        out.append(f" · new card #{row.position}")
    else:
        when = "today" if row.due_days == 0 else due_cell(row)
        out.append(f" · due {row.due.astimezone(tz):%Y-%m-%d} ({when})")
        out.append(f" · interval {span_cell(row.interval)} · EF {row.ease:.2f}")
    out.append(f" · lapses {row.lapses} · reps {row.repetitions} · reviews {row.reviews}")
    if row.flag:
        out.append(" · flag ")
        out.append(f"■ {row.flag_name}", style=FLAG_COLOURS[row.flag])
    return out


class BrowserScreen(Screen[None]):
    """Search, see, act. Opened from the decks screen (its deck) or the review screen (its card)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash,ctrl+f", "search", "Search", id="browser.search",
                tooltip="Type a search (Esc: back to the cards)"),
        Binding("enter", "info", "Card info", id="browser.info", tooltip="The card in full, with its history"),
        # One key each way; the footer names what it would do to the cards (`check_action`).
        Binding("at,exclamation_mark", "suspend", "Suspend", id="browser.suspend", key_display="@",
                tooltip="Suspend the cards: no session shows them until they are unsuspended"),
        Binding("at,exclamation_mark", "unsuspend", "Unsuspend", id="browser.unsuspend", key_display="@",
                tooltip="Unsuspend the cards (all suspended): the sessions show them again"),
        Binding("b", "bury", "Bury", id="browser.bury", tooltip="Bury the cards until tomorrow"),
        Binding("b", "unbury", "Unbury", id="browser.unbury",
                tooltip="Unbury the cards (all buried): today's sessions show them again"),
        Binding("r", "reset", "Reset", id="browser.reset", tooltip="Reset the cards to new (asks first)"),
        *[
            Binding(str(n), f"flag({n})", f"Flag {FLAGS[n - 1]}", show=False, id=f"browser.flag{n}",
                    tooltip=f"Flag {FLAGS[n - 1]} (again: take it off)")
            for n in range(1, len(FLAGS) + 1)
        ],
        Binding("0", "flag(0)", "No flag", show=False, id="browser.flag0", tooltip="Take the flag off"),
        Binding("ctrl+a", "select_all", "Select all", show=False, id="browser.select_all",
                tooltip="Mark every card found"),
        Binding("o", "sort", "Sort", id="browser.sort", tooltip="Sort by the next column"),
        Binding("O", "reverse", "Reverse", show=False, id="browser.reverse", tooltip="Sort the other way"),
        Binding("L", "preset('is:leech')", "Leeches", show=False, id="browser.leeches",
                tooltip="Show the leeches: cards failed again and again, suspended"),
        Binding("escape,q", "close", "Back", id="browser.close",
                tooltip="Unmark the cards, or leave the search line, or go back"),
    ]

    class SearchRequested(Message):
        def __init__(self, query: str, sort: str, descending: bool) -> None:
            super().__init__()
            self.query = query
            self.sort = sort
            self.descending = descending

    class DetailRequested(Message):
        def __init__(self, card_id: str) -> None:
            super().__init__()
            self.card_id = card_id

    class ActionRequested(Message):
        """Do `action` ("suspend", "unsuspend", "bury", "unbury", "reset", "flag") to the cards."""

        def __init__(self, action: str, card_ids: tuple[str, ...], flag: int = 0) -> None:
            super().__init__()
            self.action = action
            self.card_ids = card_ids
            self.flag = flag

    class Closed(Message):
        def __init__(self, changed: bool) -> None:
            super().__init__()
            self.changed = changed

    result: reactive[BrowseResult | None] = reactive(None, init=False, always_update=True)
    detail: reactive[CardDetail | None] = reactive(None, init=False, always_update=True)
    problem: reactive[str] = reactive("", init=False)
    busy: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, *, query: str = "", title: str = "", tz: dt.tzinfo = dt.UTC, select: str | None = None) -> None:
        super().__init__(id="browser")
        self.initial_query = query
        self.title_text = title
        self.tz = tz
        self.sort = "order"
        self.descending = False
        self.changed = False  # whether any action changed a card: the screen behind refreshes
        self.keep: str | None = select
        self.searches = 0  # results shown so far (tests wait on it)
        self._timer: Timer | None = None
        self._asked = ""

    def compose(self) -> ComposeResult:
        yield Static(Text("studykit · browse", style="bold"), id="browser-title")
        with Horizontal(id="browser-search-line"):
            yield Static("Search ", id="browser-search-label")
            yield Input(self.initial_query, placeholder='words, deck:"…", is:suspended, tag:…, card:choice …',
                        id="browser-search", select_on_focus=False)
        yield Static(id="browser-status")
        yield CardTable(id="browser-table")
        with VerticalScroll(id="browser-detail", can_focus=False):
            yield Static(id="browser-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CardTable).focus()
        self.run_search()

    # -- searching ------------------------------------------------------------------------------

    @property
    def query_text(self) -> str:
        return self.query_one("#browser-search", Input).value

    def run_search(self, query: str | None = None) -> None:
        """Ask for the cards of `query` (default: the search line's), sorted as chosen."""
        if query is not None:
            self.query_one("#browser-search", Input).value = query
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._asked = self.query_text
        self.post_message(self.SearchRequested(self._asked, self.sort, self.descending))

    @on(Input.Changed, "#browser-search")
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self.run_search)

    @on(Input.Submitted, "#browser-search")
    def _submitted(self) -> None:
        self.run_search()
        self.query_one(CardTable).focus()

    def watch_result(self, result: BrowseResult | None) -> None:
        if result is None:
            return
        table = self.query_one(CardTable)
        table.sort, table.descending = result.sort, result.descending
        table.show(result.rows, keep=self.keep)
        self.keep = None
        self.problem = ""
        self._status()
        self.searches += 1
        if not result.rows:
            self.detail = None
        self.refresh_bindings()  # the actions need a card

    def watch_problem(self, problem: str) -> None:
        self._status()

    def _status(self) -> None:
        self.refresh_bindings()  # suspend or unsuspend, bury or unbury: as the cards they would take are
        status = self.query_one("#browser-status", Static)
        if self.problem:
            status.update(Text.assemble(("✗ ", "bold red"), (self.problem, "red")))
            return
        result = self.result
        if result is None:
            status.update(Text("Searching…", style="dim"))
            return
        table = self.query_one(CardTable)
        out = Text(f"{len(result.rows)} of {result.total} cards", style="bold")
        if table.selected:
            out.append(f" · {len(table.selected)} marked", style="bold yellow")
        if result.sort == "order":
            out.append(" · in the order new cards come", style="dim")
        for name in result.unknown_decks:
            out.append_text(plain(f" · no deck {name!r}", "yellow"))
        status.update(out)

    def on_card_table_highlighted(self, message: CardTable.Highlighted) -> None:
        if message.row is not None:
            self.post_message(self.DetailRequested(message.row.id))
        self._status()

    def watch_detail(self, detail: CardDetail | None) -> None:
        text = self.query_one("#browser-detail-text", Static)
        if detail is None:
            text.update(Text("No card.", style="dim"))
            return
        text.update(detail_text(detail, self.tz))
        self.query_one("#browser-detail", VerticalScroll).scroll_home(animate=False)

    def on_card_table_sort_chosen(self, message: CardTable.SortChosen) -> None:
        if message.key == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = message.key, False
        self.run_search(self._asked)

    # -- keys -------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, Input)
        if action in ("suspend", "unsuspend", "bury", "unbury", "reset", "flag", "select_all", "sort", "reverse",
                      "preset", "info"):
            if typing:
                return False
            if action in ("suspend", "unsuspend", "bury", "unbury", "reset", "flag", "info"):
                rows = self.query_one(CardTable).targets()
                if self.busy or not rows:
                    return False
                if action in ("suspend", "unsuspend"):  # the key suspends, or unsuspends cards all suspended
                    return (action == "unsuspend") == all(row.suspended for row in rows)
                if action in ("bury", "unbury"):
                    return (action == "unbury") == all(row.buried for row in rows)
        return True

    def action_search(self) -> None:
        self.query_one("#browser-search", Input).focus()

    def action_close(self) -> None:
        table = self.query_one(CardTable)
        if isinstance(self.focused, Input):
            table.focus()
        elif table.selected:
            table.clear_selection()
            self._status()
        else:
            self.post_message(self.Closed(self.changed))

    def action_info(self) -> None:
        if self.detail is not None:
            self.app.push_screen(CardInfoScreen(self.detail, self.tz))

    def _act(self, action: str, flag: int = 0) -> None:
        rows = self.query_one(CardTable).targets()
        if rows and not self.busy:
            self.busy = True
            self.post_message(self.ActionRequested(action, tuple(row.id for row in rows), flag))

    def action_suspend(self) -> None:
        rows = self.query_one(CardTable).targets()
        self._act("unsuspend" if rows and all(row.suspended for row in rows) else "suspend")

    def action_unsuspend(self) -> None:
        self._act("unsuspend")

    def action_bury(self) -> None:
        rows = self.query_one(CardTable).targets()
        self._act("unbury" if rows and all(row.buried for row in rows) else "bury")

    def action_unbury(self) -> None:
        self._act("unbury")

    def action_reset(self) -> None:
        rows = self.query_one(CardTable).targets()
        if not rows:
            return
        what = "this card" if len(rows) == 1 else f"these {len(rows)} cards"

        def answered(yes: bool | None) -> None:
            if yes:
                self._act("reset")

        self.app.push_screen(ConfirmScreen(
            f"Reset {what} to new?",
            "Their schedule starts again from a new card's; the review history stays in the log.",
        ), answered)

    def action_flag(self, flag: int) -> None:
        rows = self.query_one(CardTable).targets()
        if flag and rows and all(row.flag == flag for row in rows):
            flag = 0  # the same flag again takes it off, as in Anki
        self._act("flag", flag)

    def action_select_all(self) -> None:
        self.query_one(CardTable).select_all()
        self._status()

    def action_clear_selection(self) -> None:
        self.query_one(CardTable).clear_selection()
        self._status()

    def action_sort(self) -> None:
        self.sort = SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)]
        self.descending = False
        self.run_search(self._asked)

    def action_sort_by(self, key: str) -> None:
        self.sort, self.descending = key, False
        self.run_search(self._asked)

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.run_search(self._asked)

    def action_preset(self, query: str) -> None:
        self.run_search(query)
        self.query_one(CardTable).focus()

    def acted(self, message: str) -> None:
        """The app did an action: say what it did and search again (the cards changed)."""
        self.changed = True
        self.busy = False
        self.notify(message, markup=False)
        self.run_search(self._asked)


class CardInfoScreen(ModalScreen[None]):
    """One card in full, at the size of the terminal: what the detail pane shows, scrollable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss", "Close", id="cardinfo.close", tooltip="Back to the browser"),
    ]

    def __init__(self, detail: CardDetail, tz: dt.tzinfo) -> None:
        super().__init__()
        self.detail = detail
        self.tz = tz

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="cardinfo-box", classes="modal-box"):
            yield Static(plain(f"Card {self.detail.row.id}", "bold"), classes="panel-title")
            yield Static(detail_text(self.detail, self.tz), id="cardinfo-text")
            yield Static(Text("↑↓ PgUp PgDn scroll · Esc back", style="dim"), classes="panel-hint")


class ConfirmScreen(ModalScreen[bool]):
    """A yes-or-no question before an action that cannot be undone from the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape,q", "answer(False)", "No", id="confirm.no", tooltip="Leave the cards as they are"),
    ]

    def __init__(self, question: str, detail: str) -> None:
        super().__init__()
        self.question = question
        self.detail_line = detail

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="confirm-box", classes="modal-box"):
            yield Static(plain(self.question, "bold"), classes="panel-title")
            yield Static(plain(self.detail_line))
            yield Static(Text("y yes · n no", style="dim"), classes="panel-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
