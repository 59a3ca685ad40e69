"""The screens of taking a quiz: the start screen, one question at a time, and the confirm.

They mark nothing and keep no clock: the app sets `remaining` (seconds left, or None when
untimed) and holds the answers; the question screen posts `Answered` for every change and
`SubmitRequested` when the student is done, and the start screen posts `Started`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from studykit.core.quiz.model import TYPE_LABELS, Question, QuestionType, Quiz, QuizVersion
from studykit.core.quiz.scoring import Response, is_answered
from studykit.tui.widgets import plain
from studykit.tui.widgets.quiz_answers import Advance, LetteredChoice, MatchingGrid, OrderList, TrueFalseChoice

HOW_TO = {
    QuestionType.CHOICE: "A–E or 1–9 pick · ↑↓ then Space or Enter pick · Enter go on",
    QuestionType.TRUE_FALSE: "t true · f false · ↑↓ then Enter pick · Enter go on",
    QuestionType.SHORT_ANSWER: "Type your answer · Enter go on",
    QuestionType.MISSING_WORD: "Type the missing word · Enter go on",
    QuestionType.MATCHING: "↑↓ row · a letter matches · ⌫ clears · Enter next · Ctrl+↑↓ scroll",
    QuestionType.CHRONOLOGY: "Earliest on top: ↑↓ select · Shift+↑↓ or [ ] move · Enter keep this order",
}


def points_text(points: float) -> str:
    shown = f"{points:.2f}".rstrip("0").rstrip(".")
    return f"{shown} point" + ("" if points == 1 else "s")


def clock_text(seconds: float) -> str:
    seconds = max(int(seconds + 0.999), 0)  # 0.2 s left still shows 0:01
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class QuizStartScreen(Screen[None]):
    """Title, instructions, what the quiz holds, and the student's name if not given."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="quiz.start", tooltip="Start the quiz (the clock starts now)"),
    ]

    class Started(Message):
        def __init__(self, student: str) -> None:
            super().__init__()
            self.student = student

    def __init__(self, quiz: Quiz, version: QuizVersion, *, time_limit_s: float | None, student: str | None) -> None:
        super().__init__()
        self.quiz = quiz
        self.version = version
        self.time_limit_s = time_limit_s
        self.student = student

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-start", classes="panel"):
            yield Static(plain(self.quiz.title, "bold"), classes="panel-title")
            count = len(self.version.questions)
            facts = Text(f"{count} question{'s' if count != 1 else ''} · {points_text(self.version.total_points)}"
                         f" · version {self.version.label}\n")
            if self.time_limit_s is None:
                facts.append("No time limit.")
            else:
                facts.append(f"Time limit: {clock_text(self.time_limit_s)}", style="bold")
                facts.append(" — the quiz is submitted when the time is up; unanswered questions score zero.")
            yield Static(facts, classes="panel-subtitle")
            if self.quiz.instructions_on_screen.strip():
                yield Static(plain(self.quiz.instructions_on_screen), id="quiz-instructions")
            yield Static(Text("One question at a time: go back and change any answer until you submit "
                              "(Ctrl+S). Your score and the right answers are shown at the end.", style="dim"),
                         id="quiz-how")
            if self.student is None:
                yield Input(placeholder="your name", id="quiz-student")
            else:
                yield Static(Text.assemble("Student: ", (self.student, "bold")), id="quiz-student-name")
            yield Static(Text("Enter start · Ctrl+Q quit", style="dim"), classes="panel-hint")

    def on_mount(self) -> None:
        for field in self.query("#quiz-student").results(Input):
            field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        student = self.student
        if student is None:
            student = " ".join(self.query_one("#quiz-student", Input).value.split())
            if not student:
                self.notify("Type your name first: the teacher's results file records it.", markup=False,
                            severity="warning")
                return
        self.post_message(self.Started(student))


class QuizQuestionScreen(Screen[None]):
    """One question at a time; answers can be changed until the quiz is submitted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n,pagedown", "go(1)", "Next", id="quiz.next", priority=True, tooltip="The next question"),
        Binding("ctrl+b,pageup", "go(-1)", "Previous", id="quiz.previous", priority=True,
                tooltip="The previous question"),
        Binding("right", "go(1)", "Next", show=False, id="quiz.next_arrow", tooltip="The next question"),
        Binding("left", "go(-1)", "Previous", show=False, id="quiz.previous_arrow",
                tooltip="The previous question"),
        Binding("ctrl+s", "submit", "Submit", id="quiz.submit", priority=True,
                tooltip="Hand in the quiz and see the score"),
        Binding("ctrl+down", "scroll(3)", "Scroll down", show=False, id="quiz.scroll_down", priority=True,
                tooltip="Scroll a long question down"),
        Binding("ctrl+up", "scroll(-3)", "Scroll up", show=False, id="quiz.scroll_up", priority=True,
                tooltip="Scroll a long question up"),
    ]

    class Answered(Message):
        def __init__(self, question_id: str, response: Response) -> None:
            super().__init__()
            self.question_id = question_id
            self.response = response

    class SubmitRequested(Message):
        pass

    remaining: reactive[float | None] = reactive(None, init=False)
    index: reactive[int] = reactive(0, init=False)

    def __init__(self, title: str, version: QuizVersion, responses: Mapping[str, Response], *,
                 remaining: float | None = None) -> None:
        super().__init__()
        self.quiz_title = title
        self.version = version
        self.responses = responses  # the app's answers, read only here
        self.set_reactive(QuizQuestionScreen.remaining, remaining)

    @property
    def question(self) -> Question:
        return self.version.questions[self.index]

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-top"):
            yield Static(plain(self.quiz_title), id="quiz-title")
            yield Static(id="quiz-status")
        with VerticalScroll(id="quiz-body", can_focus=False):
            yield Static(id="quiz-kind")
            yield Static(id="quiz-prompt")
            # Every question's widget, all but the current one hidden: changing the question
            # is immediate, so no key typed just after Enter lands on the wrong question.
            with Vertical(id="quiz-answering"):
                for n, question in enumerate(self.version.questions):
                    widget = self._answering_widget(question, self.responses.get(question.id))
                    widget.display = n == self.index
                    yield widget
        yield Footer()

    def on_mount(self) -> None:
        self._put_up()

    def watch_index(self) -> None:
        self._put_up()

    def watch_remaining(self) -> None:
        self._show_status()

    def _put_up(self) -> None:
        question = self.question
        kind = Text(f"Question {self.index + 1} of {len(self.version.questions)}", style="bold")
        kind.append(f"  ·  {TYPE_LABELS[question.type]}  ·  {points_text(question.points)}")
        kind.append(f"\n{HOW_TO[question.type]}", style="dim")
        self.query_one("#quiz-kind", Static).update(kind)
        self.query_one("#quiz-prompt", Static).update(plain(question.prompt))
        current = None
        for n, widget in enumerate(self.query_one("#quiz-answering", Vertical).children):
            widget.display = n == self.index
            if n == self.index:
                current = widget
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.set_focus(current)
        self._show_status()

    @staticmethod
    def _answering_widget(question: Question, response: Response) -> Widget:
        """The widget for the question's type, holding the current answer; named by the
        question's id, so that every answer goes up with the question it was given to."""
        kind, name = question.type, question.id
        if kind is QuestionType.CHOICE:
            chosen = response if isinstance(response, int) and not isinstance(response, bool) else None
            return LetteredChoice(question.options, chosen, name=name)
        if kind is QuestionType.TRUE_FALSE:
            return TrueFalseChoice(response if isinstance(response, bool) else None, name=name)
        if kind is QuestionType.MATCHING:
            chosen_pairs = response if isinstance(response, tuple) else ()
            return MatchingGrid([left for left, _ in question.pairs], question.options, chosen_pairs,
                                name=name)
        if kind is QuestionType.CHRONOLOGY:
            order = tuple(i for i in response if i is not None) if isinstance(response, tuple) else None
            return OrderList(question.options, order, name=name)
        text = response if isinstance(response, str) else ""
        return Input(value=text, placeholder="type your answer", name=name)

    def _show_status(self) -> None:
        status_line = self.query("#quiz-status").results(Static)
        line = next(status_line, None)
        if line is None:  # `remaining` set before the screen is composed
            return
        total = len(self.version.questions)
        done = sum(1 for q in self.version.questions if is_answered(q, self.responses.get(q.id)))
        status = Text(f"Answered {done} of {total}")
        marks = Text("   ")
        for n, q in enumerate(self.version.questions):
            answered = is_answered(q, self.responses.get(q.id))
            style = "reverse bold" if n == self.index else ("green" if answered else "dim")
            marks.append("●" if answered else "○", style=style)
        if total <= 40:
            status.append_text(marks)
        if self.remaining is not None:
            status.append("   ⏱ ")
            status.append(f"{clock_text(self.remaining)} left",
                          style="bold red" if self.remaining <= 60 else "bold")
        else:
            status.append("   no time limit", style="dim")
        line.update(status)

    # -- answers up --------------------------------------------------------------------

    def _answer(self, widget: Widget, response: Response) -> None:
        if widget.name is not None:
            self.post_message(self.Answered(widget.name, response))
            self.call_after_refresh(self._show_status)

    def on_lettered_choice_changed(self, message: LetteredChoice.Changed) -> None:
        message.stop()
        if isinstance(message.control, TrueFalseChoice):
            self._answer(message.control, message.index == 0)
        else:
            self._answer(message.control, message.index)

    def on_matching_grid_changed(self, message: MatchingGrid.Changed) -> None:
        message.stop()
        self._answer(message.control, message.chosen if any(c is not None for c in message.chosen) else None)

    def on_order_list_changed(self, message: OrderList.Changed) -> None:
        message.stop()
        self._answer(message.control, message.order)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._answer(event.input, event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_go(1)

    def on_advance(self, message: Advance) -> None:
        message.stop()
        self.action_go(1)

    # -- keys --------------------------------------------------------------------------

    def action_go(self, step: int) -> None:
        target = self.index + step
        if target >= len(self.version.questions):
            self.action_submit()
        elif target >= 0:
            self.index = target

    def action_scroll(self, lines: int) -> None:
        self.query_one("#quiz-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_submit(self) -> None:
        self.post_message(self.SubmitRequested())


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no, with the question spelled out: submit now? leave without submitting?"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="quiz.confirm.yes", tooltip="Yes"),
        Binding("n,escape", "answer(False)", "No", id="quiz.confirm.no", tooltip="No, go back"),
    ]

    def __init__(self, title: str, detail: str, yes: str, no: str) -> None:
        super().__init__()
        self.title_text = title
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-confirm", classes="modal-box"):
            yield Static(Text(self.title_text, style="bold"), classes="panel-title")
            if self.detail:
                yield Static(plain(self.detail))
            yield Static(Text.assemble(("y", "bold"), f" / Enter {self.yes}   ", ("n", "bold"), f" / Esc {self.no}"),
                         classes="panel-hint")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
