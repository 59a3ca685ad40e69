"""Terminal charts for the stats screen: a due forecast and a calendar heatmap.

They draw the numbers they are given (from `studykit.core.stats`, the same numbers as
`studykit stats`) with block characters, so they read the same without colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
SHADES = "·░▒▓█"


class ForecastChart(Widget):
    """Cards due per day from today on, as vertical bars."""

    counts: reactive[tuple[int, ...]] = reactive((), layout=True)
    rows: reactive[int] = reactive(4)

    def render(self) -> Text:
        return forecast_text(self.counts, rows=self.rows)


class Heatmap(Widget):
    """Reviews per day over the last year: one column per week, Monday on top."""

    counts: reactive[Mapping[dt.date, int]] = reactive(dict, layout=True)
    today: reactive[dt.date | None] = reactive(None)
    weeks: reactive[int] = reactive(53)

    def render(self) -> Text:
        if self.today is None:
            return Text("")
        return heatmap_text(self.counts, today=self.today, weeks=self.weeks)


def forecast_text(counts: Sequence[int], *, rows: int = 4) -> Text:
    """Bars of eighth-block resolution, the highest count on the axis, day offsets below."""
    if not counts:
        return Text("no forecast", style="dim")
    top = max(max(counts), 1)
    label_width = len(str(top))
    out = Text()
    for row in range(rows, 0, -1):
        out.append(f"{top if row == rows else '':>{label_width}} │", style="dim")
        for count in counts:
            eighths = round(count / top * rows * 8)
            level = min(max(eighths - (row - 1) * 8, 0), 8)
            if count and row == 1 and level == 0:
                level = 1  # a day with any card due shows at least a sliver
            out.append(BLOCKS[level] * 2, style="bold cyan")
        out.append("\n")
    out.append(f"{0:>{label_width}} └" + "──" * len(counts) + "\n", style="dim")
    ticks = [" "] * (len(counts) * 2)
    for day in range(0, len(counts), 7):
        label = "today" if day == 0 else f"+{day}d"
        for i, ch in enumerate(label):
            if day * 2 + i < len(ticks):
                ticks[day * 2 + i] = ch
    out.append(" " * (label_width + 2) + "".join(ticks).rstrip(), style="dim")
    return out


def heatmap_text(counts: Mapping[dt.date, int], *, today: dt.date, weeks: int = 53) -> Text:
    """A GitHub-style calendar: shade by quartile of the busiest day; months labelled on top."""
    start = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks - 1)
    top = max([c for d, c in counts.items() if start <= d <= today] or [0])
    out = Text()
    months = [" "] * weeks
    for week in range(weeks):
        first = start + dt.timedelta(weeks=week)
        if first.day <= 7:
            label = first.strftime("%b")
            if week + len(label) <= weeks and all(m == " " for m in months[max(week - 1, 0):week + len(label)]):
                months[week:week + len(label)] = list(label)
    out.append("    " + "".join(months).rstrip() + "\n", style="dim")
    for weekday, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        out.append(f"{name:<4}", style="dim")
        for week in range(weeks):
            day = start + dt.timedelta(weeks=week, days=weekday)
            if day > today:
                out.append(" ")
                continue
            count = counts.get(day, 0)
            level = 0 if not count or not top else min(1 + (count * 4 - 1) // top, 4)
            out.append(SHADES[level], style="green" if level else "dim")
        if weekday < 6:
            out.append("\n")
    return out


def heatmap_legend() -> Text:
    return Text.assemble(("less ", "dim"), (SHADES, "green"), (" more", "dim"))
