"""`studykit quiz take`: a student takes a built quiz in the terminal.

Start screen → one question at a time → results. The app holds the answers and the clock;
the core marks the attempt (`core.quiz.scoring`) and `studykit.quiz_results` appends it to
the teacher's CSV. Timed quizzes count down and are submitted when the time is up, the
unanswered questions scoring zero. `now` is injectable, so the tests drive the clock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from studykit.core.quiz.model import Quiz, QuizVersion
from studykit.core.quiz.scoring import QuizResult, Response, score_quiz, unanswered
from studykit.quiz_results import ResultsFileError, append_result, check_results_path
from studykit.tui.screens.quiz_review import QuizResultsScreen
from studykit.tui.screens.quiz_take import ConfirmScreen, QuizQuestionScreen, QuizStartScreen

TICK_S = 0.25  # how often the countdown is redrawn and checked
LEFT = 1       # exit status when the student leaves without submitting


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class QuizTakeApp(App[None]):
    """One attempt at one version of a quiz."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["studykit.tcss", "quiz.tcss"]
    TITLE = "studykit quiz"
    ENABLE_COMMAND_PALETTE = False  # a quiz offers nothing to run; Ctrl+P stays unused
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q,ctrl+c", "leave", "Quit", id="quiz.quit", priority=True, show=False,
                tooltip="Leave the quiz (asks first if it is not submitted)"),
    ]

    def __init__(
        self, quiz: Quiz, version: QuizVersion, *, time_limit_s: float | None, results_path: Path,
        student: str | None, now: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        super().__init__()
        self.quiz = quiz
        self.version = version
        self.time_limit_s = time_limit_s
        self.results_path = results_path
        self.student = student
        self.now = now
        self.responses: dict[str, Response] = {}
        self.started: dt.datetime | None = None
        self.result: QuizResult | None = None
        self.save_error: str | None = None
        self.submitting = False

    def on_mount(self) -> None:
        self.push_screen(QuizStartScreen(self.quiz, self.version, time_limit_s=self.time_limit_s,
                                         student=self.student))

    # -- the attempt ------------------------------------------------------------------

    def on_quiz_start_screen_started(self, message: QuizStartScreen.Started) -> None:
        self.student = message.student
        self.started = self.now()
        self.switch_screen(QuizQuestionScreen(self.quiz.title, self.version, self.responses,
                                              remaining=self.remaining()))
        if self.time_limit_s is not None:
            self.set_interval(TICK_S, self.tick)

    def remaining(self) -> float | None:
        if self.time_limit_s is None or self.started is None:
            return None
        return self.time_limit_s - (self.now() - self.started).total_seconds()

    def tick(self) -> None:
        """Redraw the countdown; at zero, submit."""
        left = self.remaining()
        if left is None or self.submitting or self.result is not None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, QuizQuestionScreen):
                screen.remaining = max(left, 0.0)
        if left <= 0:
            self.finish(timed_out=True)

    def on_quiz_question_screen_answered(self, message: QuizQuestionScreen.Answered) -> None:
        if self.result is None and not self.submitting:
            self.responses[message.question_id] = message.response

    def on_quiz_question_screen_submit_requested(self) -> None:
        if self.submitting or isinstance(self.screen, ModalScreen):
            return
        missing = unanswered(self.version, self.responses)
        if missing:
            numbers = ", ".join(str(n) for n in missing[:12]) + (" …" if len(missing) > 12 else "")
            detail = (f"{len(missing)} of {len(self.version.questions)} questions are not answered "
                      f"({numbers}); they will score zero.")
        else:
            detail = "Every question is answered. You cannot change your answers after this."
        self.push_screen(ConfirmScreen("Submit the quiz?", detail, "submit", "go back"), self._confirmed_submit)

    def _confirmed_submit(self, submit: bool | None) -> None:
        if submit:
            self.finish(timed_out=False)

    @work(exclusive=True, group="finish")
    async def finish(self, *, timed_out: bool) -> None:
        """Mark the attempt, append it to the results file (off the event loop), show the results."""
        if self.submitting or self.started is None:
            return
        self.submitting = True
        finished = self.now()
        if timed_out and self.time_limit_s is not None:
            finished = min(finished, self.started + dt.timedelta(seconds=self.time_limit_s))
        result = score_quiz(self.version, self.responses, self.started, finished)
        student = self.student or ""
        try:
            await asyncio.to_thread(append_result, self.results_path, self.quiz, result, student)
        except ResultsFileError as error:
            self.save_error = str(error)
        self.result = result
        while isinstance(self.screen, ModalScreen):
            self.pop_screen()
        from studykit.sources.fact_decks import describe_seeds

        docs = describe_seeds({s.seed for q in self.version.questions for s in q.sources})
        await self.switch_screen(QuizResultsScreen(
            self.quiz.title, student, result, saved=str(self.results_path), save_error=self.save_error,
            docs=docs, timed_out=timed_out,
        ))
        if timed_out:
            self.notify("Time is up: your answers were submitted.", markup=False, severity="warning")

    def on_quiz_results_screen_closed(self) -> None:
        self.exit(return_code=0)

    # -- leaving ----------------------------------------------------------------------

    def action_leave(self) -> None:
        if self.result is not None:
            self.exit(return_code=0)
            return
        if self.submitting or isinstance(self.screen, ConfirmScreen):
            return
        if self.started is None:
            self.exit(return_code=LEFT)
            return
        self.push_screen(
            ConfirmScreen("Leave without submitting?", "Nothing is recorded and the quiz cannot be resumed.",
                          "leave", "stay"),
            self._confirmed_leave,
        )

    def _confirmed_leave(self, leave: bool | None) -> None:
        if leave and self.result is None and not self.submitting:
            self.exit(return_code=LEFT)


def make_quiz_app(
    quiz: Quiz, version: str = "A", *, time_limit_s: float | None = None, results_path: Path,
    student: str | None = None, now: Callable[[], dt.datetime] = utc_now,
) -> QuizTakeApp:
    """The app for the CLI and the tests. Raises `KeyError` for an unknown version and
    `ResultsFileError` if the results could not be saved (both before anything is shown)."""
    chosen = quiz.version(version)
    if time_limit_s is not None and time_limit_s <= 0:
        raise ValueError("the time limit must be positive")
    check_results_path(results_path)
    return QuizTakeApp(quiz, chosen, time_limit_s=time_limit_s, results_path=results_path, student=student, now=now)


def run_quiz_take(quiz: Quiz, version: str, time_limit_s: float | None, results_path: Path,
                  student: str | None) -> int:
    """Take the quiz in the terminal: 0 when submitted, 1 when left unsubmitted, 2 when it
    cannot start (an unknown version, an unwritable results file: one message on stderr)."""
    try:
        app = make_quiz_app(quiz, version, time_limit_s=time_limit_s, results_path=results_path, student=student)
    except KeyError:
        labels = ", ".join(v.label for v in quiz.versions)
        print(f"studykit quiz take: version: no version {version!r} (the quiz has {labels})", file=sys.stderr)
        return 2
    except (ResultsFileError, ValueError) as error:
        print(f"studykit quiz take: {error}", file=sys.stderr)
        return 2
    from studykit.guard import run_app

    return_code = run_app(app, command="quiz take")
    if app.result is None:
        print("Left without submitting: nothing was recorded.", file=sys.stderr)
        return LEFT
    result = app.result
    score = f"{result.score:g} / {result.max_score:g} ({result.percent:.0f}%)"
    if app.save_error:  # the attempt is lost unless the student copies it: say so, and fail
        print(f"studykit quiz take: {score}, NOT saved: {app.save_error}", file=sys.stderr)
        return 2
    print(f"{score}; saved to {results_path}")
    return 0 if return_code in (None, 0) else return_code
