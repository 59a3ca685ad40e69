"""What the review screen shows around the answering widget: progress, answer, grades."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from studykit.tui.widgets import plain

BAR_WIDTH = 30
BAR, HALF_BAR_LEFT, HALF_BAR_RIGHT = "━", "╺", "╸"


def bar_text(fraction: float, *, width: int, done: Style, left: Style) -> Text:
    """A thin bar `width` cells wide, `fraction` of it drawn in `done` (to the half cell,
    rounded down), the rest in `left`: drawn as Textual's `ProgressBar` draws its bar."""
    end = int(max(0.0, min(fraction, 1.0)) * width * 2) / 2
    out = Text(end="")
    if end == 0:
        out.append(BAR * width, style=left)
        return out
    half = end != int(end)
    out.append(BAR * int(end), style=done)
    if half:
        out.append(HALF_BAR_RIGHT, style=done)
    elif end < width:
        out.append(HALF_BAR_LEFT, style=left)
    out.append(BAR * (width - int(end) - 1), style=left)
    return out


class SessionProgress(Widget):
    """`done` of `total` cards of this session, as a bar and a count: one widget, drawn as
    text (a `ProgressBar` is four widgets to mount before the first card)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"progress--bar", "progress--complete"}

    done: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    detail: reactive[str] = reactive("")

    def render(self) -> Text:
        fraction = self.done / max(self.total, 1)
        style = self.get_component_rich_style("progress--complete" if fraction >= 1 else "progress--bar")
        out = bar_text(fraction, width=BAR_WIDTH, done=Style(color=style.color), left=Style(color=style.bgcolor))
        count = Text(f"{self.done}/{self.total}", style="bold")
        if self.detail:
            count.append("  ")
            count.append_text(plain(self.detail, "dim"))
        out.append(" ")
        out.append_text(count)
        return out


class GradeBar(Widget):
    """The grade keys, each with the interval it would give ("Good 6d", as Anki's buttons
    show), the suggested one marked; with no suggestion, a reminder to grade. The screen
    binds the keys."""

    grades: reactive[tuple[tuple[str, str], ...]] = reactive(())
    intervals: reactive[tuple[tuple[str, str], ...]] = reactive(())  # (key, "6d")
    suggested: reactive[str | None] = reactive(None)

    def render(self) -> Text:
        out = Text()
        spans = dict(self.intervals)
        width = self.content_size.width or 80
        column = 0
        for i, (key, label) in enumerate(self.grades):
            chosen = key == self.suggested
            group = Text()
            group.append(f" {key} ", style="bold reverse" if chosen else "bold")
            group.append(f" {label}", style="bold" if chosen else "")
            if key in spans:
                group.append(f" {spans[key]}", style="dim")
            if chosen:
                group.append(" ◀", style="bold")
            if i and column + 2 + group.cell_len > width:  # a key and its interval stay on one line
                out.append("\n")
                column = 0
            elif i:
                out.append("  ")
                column += 2
            out.append_text(group)
            column += group.cell_len
        if self.suggested is not None:
            label = dict(self.grades).get(self.suggested, "")
            out.append(f"\nEnter or Space: {label} (suggested)", style="dim")
        elif self.grades:
            keys = f"{self.grades[0][0]}–{self.grades[-1][0]}"
            out.append(f"\nHow well did you know it? Grade yourself: {keys}", style="dim")
        return out


class AnswerPane(Widget):
    """The back of the card: verdict, the right answer, what differed, the fact's statement."""

    verdict: reactive[Text | None] = reactive(None, layout=True)
    answer: reactive[str] = reactive("", layout=True)
    detail: reactive[Text | None] = reactive(None, layout=True)
    statement: reactive[str] = reactive("", layout=True)
    has_source: reactive[bool] = reactive(False)
    source_label: reactive[str] = reactive("source passage")
    keys: reactive[str] = reactive("")  # an imported card's keys: play the sound, ...

    def render(self) -> Text:
        out = Text()
        if self.verdict is not None:
            out.append_text(self.verdict)
            out.append("\n")
        if self.answer:
            out.append("Answer: ", style="bold")
            out.append_text(plain(self.answer))
            out.append("\n")
        if self.detail is not None and self.detail.plain:
            out.append_text(self.detail)
            out.append("\n")
        if self.statement:
            out.append("\n")
            out.append_text(plain(self.statement, "italic"))
            out.append("\n")
        if self.has_source:
            out.append("s", style="bold")
            out.append(f" {self.source_label}", style="dim")
            if self.keys:
                out.append(f" · {self.keys}", style="dim")
        out.rstrip()
        return out


def verdict_text(correct: bool | None, message: str) -> Text:
    """✓/✗/≈ with words, so the verdict reads without colour (NO_COLOR)."""
    if correct is None:
        return Text(message, style="bold")
    if correct:
        return Text.assemble(("✓ ", "bold green"), (message or "Right", "bold green"))
    return Text.assemble(("✗ ", "bold red"), (message or "Wrong", "bold red"))


def near_text(message: str) -> Text:
    return Text.assemble(("≈ ", "bold yellow"), (message, "bold yellow"))
