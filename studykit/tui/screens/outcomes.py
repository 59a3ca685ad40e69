"""Where a session ends: the summary, and the screen shown when nothing is due."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from studykit.study.views import NothingDue, Summary
from studykit.tui.widgets import plain


def when_text(moment: dt.datetime | None, now: dt.datetime) -> str:
    """When, in the student's time zone (`now`'s): "in 40 minutes", "tomorrow (Sat 15 Mar 2025)"."""
    if moment is None:
        return "none scheduled"
    local = moment.astimezone(now.tzinfo)
    seconds = (local - now).total_seconds()
    if seconds <= 0:
        return "now"
    days = (local.date() - now.date()).days
    if seconds < 12 * 3600 or days == 0:
        minutes = round(seconds / 60)
        if minutes < 60:
            return f"in {minutes} minute{'s' if minutes != 1 else ''} (at {local:%H:%M})"
        hours = round(minutes / 60)
        return f"in {hours} hour{'s' if hours != 1 else ''} (at {local:%H:%M})"
    date = f"{local:%a} {local.day} {local:%b %Y}"
    return f"tomorrow ({date})" if days == 1 else f"in {days} days ({date})"


def duration_text(seconds: float) -> str:
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, seconds = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _per_card(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 10 else duration_text(seconds)


class SummaryScreen(Screen[None]):
    """Cards reviewed, share correct, time spent, when the next cards are due."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "back", "Decks", id="summary.decks", tooltip="Back to the decks"),
        Binding("s", "stats", "Stats", id="summary.stats", tooltip="Due forecast and review history"),
        Binding("q", "app.quit", "Quit", id="summary.quit", tooltip="Quit studykit"),
    ]

    class Closed(Message):
        def __init__(self, then: str) -> None:
            super().__init__()
            self.then = then  # "decks" or "stats"

    def __init__(self, summary: Summary, *, now: dt.datetime, title: str) -> None:
        super().__init__()
        self.summary = summary
        self.now = now
        self.deck_title = title

    def compose(self) -> ComposeResult:
        s = self.summary
        with Vertical(id="summary-box", classes="panel"):
            title = "Session complete" if not s.left else "Session ended early"
            yield Static(Text(title, style="bold"), classes="panel-title")
            yield Static(plain(self.deck_title), classes="panel-subtitle")
            table = Text()
            share = f"{round(100 * s.correct / s.answered)} %" if s.answered else "–"
            rows = [
                ("Cards reviewed", str(s.reviewed)),
                ("Correct", f"{share}  ({s.correct} of {s.answered} first answers)"),
                ("Re-drills", str(s.again)),
                (
                    "Time",
                    duration_text(s.seconds) + (f", {_per_card(s.seconds / s.reviewed)} a card" if s.reviewed else ""),
                ),
            ]
            if s.left:  # ended early: what is still due now, not when the next card will be
                cards = f"{s.left} card{'s' if s.left != 1 else ''} still due"
                rows.append(("Left for now", cards + (f" ({s.left_detail})" if s.left_detail else "")))
            else:
                rows.append(("Next cards due", when_text(s.next_due, self.now)))
            for i, (name, value) in enumerate(rows):
                if i:
                    table.append("\n")
                table.append(f"{name:<16}", style="dim")
                table.append(value, style="bold")
            yield Static(table, id="summary-table")
            yield Static(Text("Enter back to decks · s stats · q quit", style="dim"), classes="panel-hint")
        yield Footer()

    def action_back(self) -> None:
        self.post_message(self.Closed("decks"))

    def action_stats(self) -> None:
        self.post_message(self.Closed("stats"))


class NothingDueScreen(Screen[None]):
    """Nothing due: when the next card is, and the offer of new cards or a cram session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "learn_new", "New cards", id="nothing.new", tooltip="Learn new cards now"),
        Binding("c", "cram", "Cram", id="nothing.cram", tooltip="Go through the deck without rescheduling"),
        Binding("escape,enter", "back", "Decks", id="nothing.decks", tooltip="Back to the decks"),
        Binding("q", "app.quit", "Quit", id="nothing.quit", tooltip="Quit studykit"),
    ]

    class Chosen(Message):
        """`mode` is "new", "cram" or "decks"."""

        def __init__(self, mode: str) -> None:
            super().__init__()
            self.mode = mode

    def __init__(self, info: NothingDue, *, now: dt.datetime, title: str) -> None:
        super().__init__(id="nothing-due")  # the app tells it by its id, without importing this module
        self.info = info
        self.now = now
        self.deck_title = title

    def compose(self) -> ComposeResult:
        info = self.info
        with Vertical(id="nothing-box", classes="panel"):
            title = "Nothing to cram" if info.cramming and not info.cram_available else "Nothing is due"
            yield Static(Text(title, style="bold"), classes="panel-title")
            yield Static(plain(self.deck_title), classes="panel-subtitle")
            body = Text()
            if info.cramming and not info.cram_available:
                body.append("None of these cards has been studied yet: there is nothing to cram.\n")
            if info.next_due is not None:
                body.append("The next card is due ")
                body.append(when_text(info.next_due, self.now), style="bold")
                body.append(".\n")
            elif not info.cramming:
                body.append("No card is scheduled: none has been studied yet.\n")
            body.append("\n")
            if info.new_available:
                body.append(" n ", style="bold reverse")
                body.append(f" learn new cards now ({info.new_available} not yet seen)\n")
            else:
                body.append("Every card of this deck has been seen.\n", style="dim")
            if info.cram_available:
                body.append(" c ", style="bold reverse")
                body.append(f" cram: go through {info.cram_available} cards without changing their schedule\n")
            body.append(" Esc ", style="bold reverse")
            body.append(" back to the decks")
            yield Static(body, id="nothing-body")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "learn_new":
            return bool(self.info.new_available)
        if action == "cram":
            return bool(self.info.cram_available)
        return True

    def action_learn_new(self) -> None:
        self.post_message(self.Chosen("new"))

    def action_cram(self) -> None:
        self.post_message(self.Chosen("cram"))

    def action_back(self) -> None:
        self.post_message(self.Chosen("decks"))
