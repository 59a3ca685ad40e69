"""Deck options: new cards and reviews a day, for the highlighted deck or the whole collection.

A modal with two fields; an empty field takes the limit off (a deck then has the collection's;
the collection, the built-in default). It returns what was typed; the app saves it through the
application layer and the decks screen counts again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from studykit.core.limits import MAX_LIMIT
from studykit.study.options import LimitsView
from studykit.tui.widgets import plain


@dataclass(frozen=True)
class LimitsChange:
    """The limits as typed: None where the field was left empty."""

    new_per_day: int | None
    reviews_per_day: int | None


class OptionsScreen(ModalScreen[LimitsChange | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="options.save", tooltip="Save the limits"),
        Binding("escape", "cancel", "Cancel", id="options.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, view: LimitsView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        view = self.view
        with Vertical(id="options-box", classes="modal-box"):
            title = "Daily limits · the whole collection" if view.is_collection else f"Daily limits · {view.name}"
            yield Static(plain(title, "bold"), classes="panel-title")
            with Grid(id="options-grid"):
                for label, field, own, inherited, done in (
                    ("New cards a day", "new", view.own.new_per_day, self._inherited("new_per_day"),
                     view.done_today.new),
                    ("Reviews a day", "reviews", view.own.reviews_per_day, self._inherited("reviews_per_day"),
                     view.done_today.reviews),
                ):
                    yield Static(label, classes="options-label")
                    yield Input("" if own is None else str(own), placeholder=str(inherited), type="integer",
                                max_length=7, id=f"options-{field}", select_on_focus=True)
                    yield Static(Text(f"empty = {inherited} · {done} done today", style="dim"),
                                 classes="options-note")
            yield Static(id="options-problem")
            yield Static(Text(self._explanation(), style="dim"), id="options-explanation")
            yield Static(Text("Enter save · Tab next field · Esc cancel", style="dim"), classes="panel-hint")

    def _inherited(self, name: str) -> int | None:
        return getattr(self.view.inherited, name)  # type: ignore[no-any-return]

    def _explanation(self) -> str:
        if self.view.is_collection:
            return ("These cap everything studied in a day, in every deck together. Empty: the built-in "
                    "default.")
        return ("These cap this deck with its subdecks in a day; the collection's limits still cap every "
                "deck together. Empty: the collection's.")

    def on_mount(self) -> None:
        self.query_one("#options-new", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "options-new":
            self.query_one("#options-reviews", Input).focus()
        else:
            self.action_save()

    def _read(self, field: str) -> int | None:
        text = self.query_one(f"#options-{field}", Input).value.strip()
        if not text:
            return None
        if not text.isdigit() or int(text) > MAX_LIMIT:
            raise ValueError(f"{'New cards' if field == 'new' else 'Reviews'} a day: a number from 0 to {MAX_LIMIT:,}, "
                             "or empty")
        return int(text)

    def action_save(self) -> None:
        try:
            change = LimitsChange(self._read("new"), self._read("reviews"))
        except ValueError as error:
            self.query_one("#options-problem", Static).update(Text(f"✗ {error}", style="bold red"))
            return
        self.dismiss(change)

    def action_cancel(self) -> None:
        self.dismiss(None)
