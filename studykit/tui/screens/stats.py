"""The stats screen: the numbers of `studykit stats`, with a due forecast and a review heatmap."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from studykit.study.views import StatsView
from studykit.tui.widgets import plain
from studykit.tui.widgets.charts import ForecastChart, Heatmap, heatmap_legend


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)} %"


class StatsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "app.pop_screen", "Back", id="stats.back", tooltip="Back"),
    ]

    stats: reactive[StatsView | None] = reactive(None, init=False)

    def __init__(self, *, title: str) -> None:
        super().__init__()
        self.deck_title = title

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Statistics", "bold"), "  ·  ", plain(self.deck_title)), id="stats-title")
        yield LoadingIndicator(id="stats-loading")
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-numbers")
            yield Static(Text("Due in the next 30 days", style="bold"), classes="chart-title")
            yield ForecastChart(id="forecast")
            yield Static(
                Text.assemble(("Reviews per day, last 12 months   ", "bold"), heatmap_legend()), classes="chart-title"
            )
            yield Heatmap(id="heatmap")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats-body").display = False

    def watch_stats(self, stats: StatsView | None) -> None:
        if stats is None:
            return
        self.query_one(LoadingIndicator).display = False
        self.query_one("#stats-body").display = True
        numbers = Text()
        for i, (state, count) in enumerate(stats.by_state):
            if i:
                numbers.append(" · ", style="dim")
            numbers.append(f"{state} ", style="dim")
            numbers.append(str(count), style="bold")
        numbers.append("\n")
        retention = _percent(stats.retention)
        for i, (name, value) in enumerate(
            (("due today", str(stats.due_today)), ("reviewed today", str(stats.reviewed_today)),
             ("retention (30 days)", retention))
        ):
            if i:
                numbers.append(" · ", style="dim")
            numbers.append(f"{name} ", style="dim")
            numbers.append(value, style="bold")
        # the last year's reviews and all time's, which an imported Anki history may reach back years
        for span, totals in (("last 365 days", stats.year), ("all time", stats.all_time)):
            if totals is None or not totals.reviews:
                continue
            first = "" if totals.first is None or span != "all time" else f" since {totals.first:%Y-%m-%d}"
            numbers.append(f"\n{span} ", style="dim")
            numbers.append(f"{totals.reviews} reviews", style="bold")
            numbers.append(" · ", style="dim")
            numbers.append(f"{totals.days} {'day' if totals.days == 1 else 'days'}{first}", style="bold")
            numbers.append(" · retention ", style="dim")
            numbers.append(_percent(totals.retention), style="bold")
        self.query_one("#stats-numbers", Static).update(numbers)
        self.query_one(ForecastChart).counts = stats.forecast
        heatmap = self.query_one(Heatmap)
        heatmap.counts = stats.per_day
        heatmap.today = stats.today
