"""`studykit quiz take` driven through Pilot: every question type answered by its keys, going
back to change an answer, submitting, the score and the CSV row, the timed auto-submit (the
clock driven by an injected `now`, never by sleeping), and quiz text shown as data."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from studykit.core.quiz.model import Question, QuestionType, Quiz
from studykit.core.quiz.scoring import Mark
from studykit.quiz_results import COLUMNS, ResultsFileError
from studykit.tui.quiz_take import QuizTakeApp, make_quiz_app, run_quiz_take
from studykit.tui.screens.quiz_review import QuizResultsScreen
from studykit.tui.screens.quiz_take import ConfirmScreen, QuizQuestionScreen, QuizStartScreen
from tests.quiz_sample import STARTED, sample_quiz
from tests.tui.conftest import screen_text, shows, wait_for


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test in its own event loop (the project uses no async pytest plugin)."""
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))
    return run


class Now:
    """The app's clock: tests move it on."""

    def __init__(self) -> None:
        self.when = STARTED

    def __call__(self) -> dt.datetime:
        return self.when

    def advance(self, seconds: float) -> None:
        self.when += dt.timedelta(seconds=seconds)


def build(tmp_path: Path, quiz: Quiz | None = None, **options: Any) -> tuple[QuizTakeApp, Path, Now]:
    now = Now()
    results = tmp_path / "results.csv"
    options.setdefault("student", "Aynur Məmmədova")
    app = make_quiz_app(quiz or sample_quiz(), options.pop("version", "A"), results_path=results, now=now, **options)
    return app, results, now


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


async def started(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, QuizStartScreen), "the start screen")
    await pilot.press("enter")
    await on_question(pilot, 0)


def question_screen(pilot: Pilot[Any]) -> QuizQuestionScreen:
    screen = pilot.app.screen
    assert isinstance(screen, QuizQuestionScreen)
    return screen


async def on_question(pilot: Pilot[Any], index: int) -> None:
    """Wait until question `index` is up, its answering widget mounted and focused."""
    def ready() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, QuizQuestionScreen) or screen.index != index:
            return False
        focused = screen.focused
        return isinstance(focused, Widget) and focused.name == screen.question.id
    await wait_for(pilot, ready, f"question {index + 1}")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in text))


async def answer(pilot: Pilot[Any], question: Question, *, right: bool = True) -> None:
    """Answer with the keys the question offers; leave the screen on this question."""
    kind = question.type
    if kind is QuestionType.CHOICE:
        assert question.correct is not None
        pick = question.correct if right else (question.correct + 1) % len(question.options)
        await pilot.press("abcde"[pick])
    elif kind is QuestionType.TRUE_FALSE:
        truth = question.answer == "True"
        await pilot.press("t" if truth == right else "f")
    elif kind in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
        await type_text(pilot, question.answer if right else "zzz")
    elif kind is QuestionType.MATCHING:
        for n, (_, want) in enumerate(question.pairs):
            index = question.options.index(want)
            if not right and n == 0:
                index = (index + 1) % len(question.options)
            await pilot.press("abcdefghi"[index])
    elif kind is QuestionType.CHRONOLOGY:
        wanted = question.order if right else tuple(reversed(question.order))
        order, cursor = list(range(len(wanted))), 0
        for target, item in enumerate(wanted):
            row = order.index(item)
            await pilot.press(*(["down"] * (row - cursor) if row >= cursor else ["up"] * (cursor - row)))
            await pilot.press(*(["shift+up"] * (row - target)))
            order.insert(target, order.pop(row))
            cursor = target
        if list(wanted) == list(range(len(wanted))):
            await pilot.press("shift+down", "shift+up")  # already in order: touch it to answer
    await pilot.pause()


async def submit(pilot: Pilot[Any]) -> ConfirmScreen:
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "the confirm")
    screen = pilot.app.screen
    assert isinstance(screen, ConfirmScreen)
    return screen


async def results(pilot: Pilot[Any]) -> QuizResultsScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, QuizResultsScreen), "the results")
    screen = pilot.app.screen
    assert isinstance(screen, QuizResultsScreen)
    return screen


@sync
async def test_every_type_answered_one_changed_then_submitted(tmp_path: Path) -> None:
    app, path, now = build(tmp_path)
    questions = app.version.questions
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot)
        for n, question in enumerate(questions):
            # The first question wrong at first; the chronology wrong (partial credit is not given).
            await answer(pilot, question, right=question.type is not QuestionType.CHRONOLOGY and n != 0)
            now.advance(20)
            await pilot.press("pagedown" if n < len(questions) - 1 else "pageup")
            await on_question(pilot, n + 1 if n < len(questions) - 1 else n - 1)
        for back in range(len(questions) - 2, 0, -1):  # back to the first question: it shows the wrong pick
            await pilot.press("ctrl+b")
            await on_question(pilot, back - 1)
        assert "(●) C." in screen_text(app)
        await answer(pilot, questions[0], right=True)
        assert "(●) B." in screen_text(app) and "(●) C." not in screen_text(app)
        confirm = await submit(pilot)
        assert "Every question is answered" in screen_text(app)
        await pilot.press("y")
        screen = await results(pilot)
        assert screen.result is app.result
        result = app.result
        assert result is not None
        marks = {r.question.id: r.mark for r in result.results}
        assert marks["q-order"] is Mark.WRONG and all(m is Mark.CORRECT for q, m in marks.items() if q != "q-order")
        assert result.score == 7 and result.max_score == 8 and result.duration_s == 120
        assert shows(app, "Score 7 / 8 (88%)")
        assert shows(app, "Saved to " + str(path))
        await pilot.press("q")
    assert confirm is not None and app.return_code == 0
    [row] = rows(path)
    assert row["student"] == "Aynur Məmmədova" and row["version"] == "A" and row["seed"] == "7"
    assert (row["score"], row["max_score"], row["percent"], row["duration_s"]) == ("7", "8", "87.5", "120")
    assert row["marks"] == "Q1=1;Q2=1;Q3=1;Q4=1;Q5=1;Q6=0"
    assert row["timestamp_utc"] == "2026-03-02T09:02:00Z"


@sync
async def test_results_review_shows_your_answer_the_right_one_and_the_source(tmp_path: Path) -> None:
    app, path, _ = build(tmp_path, version="B")  # version B: the questions in reverse order
    async with app.run_test(size=(100, 60)) as pilot:
        await started(pilot)
        question = app.version.questions[3]  # the short answer
        await pilot.press("pagedown", "pagedown", "pagedown")
        await on_question(pilot, 3)
        await type_text(pilot, "Nuri Pahsa")
        confirm = await submit(pilot)
        assert "5 of 6 questions are not answered (1, 2, 3, 5, 6)" in " ".join(screen_text(app).split())
        await pilot.press("n")  # back to the quiz, answers kept
        await on_question(pilot, 3)
        assert isinstance(confirm, ConfirmScreen)
        await submit(pilot)
        await pilot.press("enter")
        await results(pilot)
        assert question.type is QuestionType.SHORT_ANSWER
        assert shows(app, "Your answer: Nuri Pahsa")
        assert shows(app, "Right answer: Nuri Pasha")
        assert shows(app, "Close, but not counted: one letter off")
        assert shows(app, "The liberation of Baku in 1918 (Azerbaijani)")
        assert shows(app, "“Nuri Paşanın komandanlığı altında”")
        assert shows(app, "✗ not answered")
    [row] = rows(path)
    assert row["version"] == "B" and row["score"] == "0" and row["answered"] == "1"
    assert row["marks"] == "Q1=0;Q2=0;Q3=0;Q4=0;Q5=0;Q6=0"  # numbered in version A's order


@sync
async def test_a_timed_quiz_is_submitted_when_the_time_is_up(tmp_path: Path) -> None:
    app, path, now = build(tmp_path, time_limit_s=90)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        assert shows(app, "⏱ 1:30 left")
        await answer(pilot, app.version.questions[0])
        now.advance(45)
        await wait_for(pilot, lambda: shows(app, "⏱ 0:45 left"), "the countdown")
        await pilot.press("pagedown")
        await on_question(pilot, 1)
        await pilot.press("ctrl+s")  # the confirm is open when the time runs out
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirm")
        now.advance(300)
        await results(pilot)
        result = app.result
        assert result is not None
        assert result.duration_s == 90  # the time limit, not when the check noticed
        assert [r.mark for r in result.results][:2] == [Mark.CORRECT, Mark.UNANSWERED]
        assert shows(app, "time was up")
    [row] = rows(path)
    assert (row["score"], row["duration_s"], row["answered"]) == ("1", "90", "1")


@sync
async def test_quiz_text_is_shown_as_data_never_markup(tmp_path: Path) -> None:
    app, _, _ = build(tmp_path)
    async with app.run_test(size=(100, 60)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await on_question(pilot, 4)
        assert "Match each person with their role. [bold]x[/]" in screen_text(app)
        await submit(pilot)
        await pilot.press("y")
        await results(pilot)
        assert shows(app, "Match each person with their role. [bold]x[/]")


@sync
async def test_the_name_is_asked_when_not_given(tmp_path: Path) -> None:
    app, path, _ = build(tmp_path, student=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuizStartScreen), "the start screen")
        await pilot.press("enter")  # no name yet: stays
        await pilot.pause()
        assert isinstance(app.screen, QuizStartScreen)
        await type_text(pilot, "Əli Həsənov [i]x")
        await pilot.press("enter")
        await on_question(pilot, 0)
        await submit(pilot)
        await pilot.press("y")
        await results(pilot)
        headline = app.screen.query_one("#quiz-score", Static).content
        assert isinstance(headline, Text) and "Əli Həsənov [i]x" in headline.plain
        assert shows(app, "[i]x")
    assert rows(path)[0]["student"] == "Əli Həsənov [i]x"


@sync
async def test_leaving_without_submitting_records_nothing(tmp_path: Path) -> None:
    app, path, _ = build(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await answer(pilot, app.version.questions[0])
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirm")
        await pilot.press("n")
        await on_question(pilot, 0)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirm")
        await pilot.press("y")
    assert app.return_code == 1 and app.result is None
    assert not path.exists()


@sync
async def test_a_failed_write_is_reported_and_the_results_still_shown(tmp_path: Path) -> None:
    app, path, _ = build(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot)
        path.mkdir()  # the file cannot be created any more
        await submit(pilot)
        await pilot.press("y")
        await results(pilot)
        assert shows(app, "Results NOT saved")
        assert shows(app, "Score 0 / 8")
    assert app.save_error is not None and str(path) in app.save_error


def test_an_unwritable_results_file_is_refused_before_the_quiz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(ResultsFileError, match="does not exist"):
        make_quiz_app(sample_quiz(), results_path=tmp_path / "no" / "such" / "results.csv")
    foreign = tmp_path / "grades.csv"
    foreign.write_text("name,grade\nAli,5\n", encoding="utf-8")
    status = run_quiz_take(sample_quiz(), "A", None, foreign, "Ali")
    assert status == 2
    err = capsys.readouterr().err
    assert f"{foreign}:1: header: not a studykit quiz results file" in err and "Traceback" not in err
    assert foreign.read_text(encoding="utf-8") == "name,grade\nAli,5\n"
    assert run_quiz_take(sample_quiz(), "Z", None, tmp_path / "r.csv", "Ali") == 2
    assert "no version 'Z' (the quiz has A, B)" in capsys.readouterr().err


@sync
async def test_a_quiz_built_from_the_bundled_decks_answered_right_scores_full(tmp_path: Path) -> None:
    from studykit.core.quiz.builder import QuizSpec, build_quiz
    from tests.bundled import bundled_facts

    # Seed 0: the bundled decks' cards other tests make too (tests/bundled.py).
    quiz = build_quiz(bundled_facts(), QuizSpec(count=6, seed=0, types={t: 1 for t in QuestionType}))
    app, path, _ = build(tmp_path, quiz=quiz)
    questions = app.version.questions
    assert {q.type for q in questions} == set(QuestionType)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        for n, question in enumerate(questions):
            await answer(pilot, question)
            if n < len(questions) - 1:
                await pilot.press("ctrl+n")
                await on_question(pilot, n + 1)
        await submit(pilot)
        await pilot.press("y")
        await results(pilot)
        result = app.result
        assert result is not None
        assert [r.mark for r in result.results] == [Mark.CORRECT] * len(questions), [r.message for r in result.results]
    [row] = rows(path)
    assert row["percent"] == "100.0" and tuple(rows(path)[0]) == COLUMNS


def test_every_binding_has_an_id() -> None:
    from textual.binding import Binding

    from studykit.tui.widgets.quiz_answers import LetteredChoice, MatchingGrid, OrderList, TrueFalseChoice

    for cls in (QuizTakeApp, QuizStartScreen, QuizQuestionScreen, ConfirmScreen, QuizResultsScreen,
                LetteredChoice, TrueFalseChoice, MatchingGrid, OrderList):
        ids = [b.id for b in cls.BINDINGS if isinstance(b, Binding)]
        assert len(ids) == len(cls.BINDINGS) and all(ids), cls
        assert len(set(ids)) == len(ids), cls


@sync
async def test_enter_alone_skips_a_question_rather_than_guessing(tmp_path: Path) -> None:
    app, _, _ = build(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot)
        await pilot.press("enter")
        await on_question(pilot, 1)
        await pilot.press("down", "enter")  # moved to False, then Enter: picked
        await on_question(pilot, 2)
        assert question_screen(pilot).responses.get("q-choice") is None
        assert question_screen(pilot).responses.get("q-tf") is False


@sync
async def test_the_terminal_quiz_never_asks_to_circle_a_letter(tmp_path: Path) -> None:
    import dataclasses

    paper = "Answer every question. Each question has exactly one correct answer: circle its letter. Use a pen."
    quiz = dataclasses.replace(sample_quiz(), instructions=paper)
    app, _, _ = build(tmp_path, quiz=quiz)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, QuizStartScreen), "the start screen")
        shown = str(pilot.app.screen.query_one("#quiz-instructions", Static).render())
        assert shown == "Answer every question. Each question has exactly one correct answer."
        assert "circle" not in screen_text(app).lower()


def test_the_bundled_quiz_file_says_on_screen_what_the_terminal_does() -> None:
    from studykit.decks import load_decks, load_seeds
    from studykit.quizzes import find_quiz, known_from, quizzes_dir

    spec = find_quiz("battle-of-baku-1918", quizzes_dir(), known_from(load_decks(), load_seeds())).spec
    assert "circle" in spec.instructions  # the printed copy asks for it ...
    assert spec.screen_instructions and "circle" not in spec.screen_instructions  # ... the terminal does not
