"""The results of a taken quiz: the score, the time, and every question reviewed with its source.

It gets the marked attempt (`QuizResult`, from the core), what happened to the results file,
and the seed documents' names; it only shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from studykit.core.quiz.model import TYPE_LABELS, QuestionType, letter
from studykit.core.quiz.scoring import Mark, QuestionResult, QuizResult
from studykit.study.views import SourceDoc
from studykit.tui.screens.quiz_take import points_text
from studykit.tui.widgets import plain

MARKS = {
    Mark.CORRECT: ("✓ right", "bold green"),
    Mark.PARTIAL: ("◐ partly right", "bold yellow"),
    Mark.CLOSE: ("✗ close", "bold yellow"),
    Mark.CHECK: ("? for your teacher to check", "bold yellow"),
    Mark.WRONG: ("✗ wrong", "bold red"),
    Mark.UNANSWERED: ("✗ not answered", "bold red"),
}


def duration_text(seconds: float) -> str:
    seconds = round(seconds)
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


class QuizResultsScreen(Screen[None]):
    """Score and review; any of its keys but the scroll keys closes the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "close", "Close", id="quiz.results.close", tooltip="Close the quiz"),
        Binding("down,j", "scroll(1)", "Scroll", show=False, id="quiz.results.down", tooltip="Scroll down"),
        Binding("up,k", "scroll(-1)", "Scroll", show=False, id="quiz.results.up", tooltip="Scroll up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="quiz.results.page_down",
                tooltip="Scroll a page down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="quiz.results.page_up", tooltip="Scroll a page up"),
    ]

    class Closed(Message):
        pass

    def __init__(
        self, title: str, student: str, result: QuizResult, *, saved: str, save_error: str | None,
        docs: Mapping[str, SourceDoc], timed_out: bool = False,
    ) -> None:
        super().__init__()
        self.quiz_title = title
        self.student = student
        self.result = result
        self.saved = saved
        self.save_error = save_error
        self.docs = dict(docs)
        self.timed_out = timed_out

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-results-top"):
            yield Static(self._headline(), id="quiz-score")
            yield Static(self._saved_line(), id="quiz-saved")
        with VerticalScroll(id="quiz-review"):
            for n, item in enumerate(self.result.results, 1):
                yield Static(self._review(n, item), classes="quiz-review-item")
        yield Footer()

    def _headline(self) -> Text:
        result = self.result
        out = plain(self.quiz_title, "bold")
        out.append("  ·  ")
        out.append_text(plain(self.student))
        out.append(f"  ·  version {result.version}\n")
        out.append(f"Score {number(result.score)} / {number(result.max_score)}", style="bold")
        out.append(f"  ({result.percent:.0f}%)", style="bold")
        out.append(f"  ·  {result.correct_count} of {len(result.results)} right  ·  "
                   f"time {duration_text(result.duration_s)}")
        if self.timed_out:
            out.append("  ·  time was up", style="bold red")
        return out

    def _saved_line(self) -> Text:
        if self.save_error is not None:
            return Text.assemble(("Results NOT saved: ", "bold red"), (self.save_error, ""),
                                 ("  Note your score and tell your teacher.", "bold"))
        return Text.assemble(("Saved to ", "dim"), (self.saved, "dim"))

    def _review(self, n: int, item: QuestionResult) -> Text:
        question = item.question
        label, style = MARKS[item.mark]
        out = Text()
        out.append(f"{n}. ", style="bold")
        out.append(label, style=style)
        out.append(
            f"  {number(item.earned)} / {points_text(item.points)}  ·  {TYPE_LABELS[question.type]}", style="dim"
        )
        out.append("\n")
        out.append_text(plain(question.prompt, "bold"))
        if question.type is QuestionType.CHOICE:
            for i, option in enumerate(question.options):
                out.append(f"\n   {letter(i)}. ", style="dim")
                out.append_text(plain(option, "dim"))
        out.append("\nYour answer:  ", style="bold")
        out.append_text(plain(item.given) if item.answered else Text("(none)", style="italic"))
        if not item.correct:
            out.append("\nRight answer: ", style="bold")
            out.append_text(plain(item.right_answer, "green"))
        if item.message and (item.mark not in (Mark.CORRECT, Mark.UNANSWERED) or item.check):
            out.append("\n")
            out.append_text(plain(item.message, "italic"))
        if question.explanation:
            out.append("\n")
            out.append_text(plain(question.explanation, "dim"))
        out.append_text(self._sources(item))
        return out

    def _sources(self, item: QuestionResult) -> Text:
        question = item.question
        out = Text()
        if not question.sources:
            if question.citation:
                out.append("\nSource: ", style="bold")
                out.append_text(plain(question.citation))
            return out
        for source in question.sources:
            doc = self.docs.get(source.seed)
            where = f"{doc.title} ({doc.language})" if doc is not None else source.seed
            out.append("\nSource: ", style="bold")
            out.append_text(plain(where))
            out.append("\n  ")
            out.append_text(plain(f"“{' '.join(source.quote.split())}”", "italic"))
        return out

    def on_mount(self) -> None:
        self.query_one("#quiz-review", VerticalScroll).focus()

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def action_scroll(self, step: int) -> None:
        review = self.query_one("#quiz-review", VerticalScroll)
        review.scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        review = self.query_one("#quiz-review", VerticalScroll)
        if step < 0:
            review.scroll_page_up(animate=False)
        else:
            review.scroll_page_down(animate=False)
