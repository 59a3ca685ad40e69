"""Marking a taken quiz: each response against its question, then the totals.

Pure: the student's responses and the start and end times come in, a result goes out;
`studykit quiz take` shows it and the results file records it.

What a response is, by question type (`None` is always "not answered"):
- CHOICE: the index of the chosen option in the version's display order;
- TRUE_FALSE: a `bool`;
- SHORT_ANSWER, MISSING_WORD: the typed text (blank text counts as not answered);
- MATCHING: for each left item (in `pairs` order), the index in `options` of the right
  item the student chose, or `None` for a left item left unmatched;
- CHRONOLOGY: the indexes of `options` in the order the student put them, earliest first.

Credit:
- CHOICE, TRUE_FALSE: all or nothing.
- SHORT_ANSWER, MISSING_WORD: all or nothing, judged by `check_answer` (aliases,
  spellings, names without titles, dates more precise than the key, numbers). What the
  machine should not decide alone is flagged for the teacher (`check`, a column of the
  results file) rather than silently scored: a near miss (one typo: "close", no credit), a
  partly right answer (less precise than the key, part of a name or list: "check", no
  credit until the teacher gives it), a description (the teacher reads it), and a right
  answer more precise than the key (full credit; the teacher may verify the extra detail).
- MATCHING: partial credit, the question's points shared equally among its pairs; each
  pair matched right earns its share. Pairs are independent facts ("who led what"), so
  knowing three of four is worth three quarters.
- CHRONOLOGY: all or nothing. A sequence is one fact; counting "items in the right place"
  would punish a single early slip by shifting every later item, and counting right pairs
  of neighbours rewards guessing. The review still says how close the order was.
Unanswered questions earn nothing and count as wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from studykit.core.answers import Verdict, check_answer, check_order
from studykit.core.quiz.model import Question, QuestionType, QuizVersion, letter

Response = int | bool | str | tuple[int | None, ...] | None
"""What the student gave for one question: see the module docstring, by type."""


class Mark(str, Enum):
    CORRECT = "correct"
    PARTIAL = "partial"        # some credit (matching only)
    CLOSE = "close"            # no credit, but one typo or two neighbours swapped away
    CHECK = "check"            # no credit from the machine: partly right, or a description; the teacher decides
    WRONG = "wrong"
    UNANSWERED = "unanswered"


@dataclass(frozen=True)
class QuestionResult:
    """One question marked: what was given, what was right, and the points earned."""

    question: Question
    response: Response
    earned: float
    mark: Mark
    given: str          # the response as a reader sees it ("B. Tiflis", "True", "3 1 2 4")
    right_answer: str   # the right answer as a reader sees it
    message: str = ""   # why: "one letter off (…)", "2 of 4 pairs right"
    check: str = ""     # why a teacher should look at this mark ("" when it needs no look)

    @property
    def points(self) -> float:
        return self.question.points

    @property
    def correct(self) -> bool:
        return self.mark is Mark.CORRECT

    @property
    def answered(self) -> bool:
        return self.mark is not Mark.UNANSWERED

    @property
    def credit(self) -> float:
        """The share of the question's points earned, 0 to 1."""
        return self.earned / self.points if self.points else (1.0 if self.correct else 0.0)


@dataclass(frozen=True)
class QuizResult:
    """A whole attempt: every question's result in the version's order, and the totals."""

    version: str
    results: tuple[QuestionResult, ...]
    started: dt.datetime
    finished: dt.datetime

    @property
    def score(self) -> float:
        return sum(r.earned for r in self.results)

    @property
    def max_score(self) -> float:
        return sum(r.points for r in self.results)

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    @property
    def duration_s(self) -> float:
        return max((self.finished - self.started).total_seconds(), 0.0)

    @property
    def correct_count(self) -> int:
        return sum(1 for r in self.results if r.correct)

    @property
    def answered_count(self) -> int:
        return sum(1 for r in self.results if r.answered)


def right_answer_text(question: Question) -> str:
    """The right answer as the review shows it."""
    if question.type is QuestionType.CHOICE and question.correct is not None:
        return f"{letter(question.correct)}. {question.options[question.correct]}"
    if question.type is QuestionType.MATCHING:
        return "; ".join(f"{left} — {right}" for left, right in question.pairs)
    if question.type is QuestionType.CHRONOLOGY and question.order:
        return " → ".join(question.options[i] for i in question.order)
    return question.answer


def is_answered(question: Question, response: Response) -> bool:
    """Whether a response counts as an answer at all (for "3 unanswered" before submitting)."""
    if response is None:
        return False
    if question.type in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
        return isinstance(response, str) and bool(response.strip())
    if question.type is QuestionType.MATCHING:
        return isinstance(response, tuple) and any(r is not None for r in response)
    return True


def score_response(question: Question, response: Response) -> QuestionResult:
    """Mark one response; a response of the wrong shape for the type counts as unanswered."""
    right = right_answer_text(question)
    if not is_answered(question, response):
        return QuestionResult(question, None, 0.0, Mark.UNANSWERED, "", right, "Not answered.")
    kind = question.type
    if kind is QuestionType.CHOICE and isinstance(response, int) and not isinstance(response, bool) \
            and 0 <= response < len(question.options):
        given = f"{letter(response)}. {question.options[response]}"
        return _all_or_nothing(question, response, response == question.correct, given, right)
    if kind is QuestionType.TRUE_FALSE and isinstance(response, bool):
        truth = question.answer.strip().lower() == "true"
        return _all_or_nothing(question, response, response == truth, "True" if response else "False", right)
    if kind in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD) and isinstance(response, str):
        return _typed(question, response, right)
    if kind is QuestionType.MATCHING and isinstance(response, tuple):
        return _matching(question, response, right)
    if kind is QuestionType.CHRONOLOGY and isinstance(response, tuple):
        return _chronology(question, response, right)
    return QuestionResult(question, None, 0.0, Mark.UNANSWERED, "", right, "Not answered.")


_TYPED_MARKS = {
    Verdict.CORRECT: Mark.CORRECT, Verdict.NEAR: Mark.CLOSE, Verdict.PARTLY: Mark.CHECK, Verdict.UNJUDGED: Mark.CHECK,
    Verdict.WRONG: Mark.WRONG,
}


def _typed(question: Question, response: str, right: str) -> QuestionResult:
    checked = check_answer(response, question.answer, question.accepted, kind=question.answer_kind,
                           others=question.confusables)
    mark = _TYPED_MARKS[checked.verdict]
    message = checked.message
    if mark is Mark.CLOSE:
        message = f"Close, but not counted: {checked.message}"
    elif mark is Mark.CHECK:
        message = f"{checked.message} Your teacher will check it."
    earned = question.points if mark is Mark.CORRECT else 0.0
    return QuestionResult(question, response, earned, mark, response.strip(), right, message, checked.flag)


def _all_or_nothing(question: Question, response: Response, right: bool, given: str, answer: str) -> QuestionResult:
    if right:
        return QuestionResult(question, response, question.points, Mark.CORRECT, given, answer, "Correct.")
    return QuestionResult(question, response, 0.0, Mark.WRONG, given, answer, "")


def _matching(question: Question, response: tuple[int | None, ...], answer: str) -> QuestionResult:
    chosen = [
        question.options[i] if i is not None and 0 <= i < len(question.options) else None
        for i in list(response)[: len(question.pairs)]
    ]
    chosen += [None] * (len(question.pairs) - len(chosen))
    right = sum(1 for (_, want), got in zip(question.pairs, chosen) if got == want)
    total = len(question.pairs)
    given = "; ".join(f"{left} — {got if got is not None else '?'}" for (left, _), got in zip(question.pairs, chosen))
    earned = question.points * right / total if total else 0.0
    if right == total:
        return QuestionResult(question, response, question.points, Mark.CORRECT, given, answer, "All pairs right.")
    mark = Mark.PARTIAL if right else Mark.WRONG
    return QuestionResult(question, response, earned, mark, given, answer, f"{right} of {total} pairs right.")


def _chronology(question: Question, response: tuple[int | None, ...], answer: str) -> QuestionResult:
    n = len(question.options)
    order = [i for i in response if i is not None]
    if sorted(order) != list(range(n)):
        given = " ".join(str(i + 1) if i is not None else "?" for i in response)
        return QuestionResult(question, response, 0.0, Mark.WRONG, given, answer,
                              f"Not an order of all {n} items.")
    given = " → ".join(question.options[i] for i in order)
    checked = check_order(order, question.order)
    if checked.verdict is Verdict.CORRECT:
        return QuestionResult(question, response, question.points, Mark.CORRECT, given, answer, "Correct order.")
    mark = Mark.CLOSE if checked.verdict is Verdict.NEAR else Mark.WRONG
    message = checked.message[:1].upper() + checked.message[1:]
    return QuestionResult(question, response, 0.0, mark, given, answer, message)


def score_quiz(
    version: QuizVersion, responses: Mapping[str, Response], started: dt.datetime, finished: dt.datetime,
) -> QuizResult:
    """Mark every question of the version; `responses` by question id, missing ones unanswered.

    `started` and `finished` are timezone-aware (the results file records UTC).
    """
    if started.tzinfo is None or finished.tzinfo is None:
        raise ValueError("started and finished must be timezone-aware")
    results = tuple(score_response(q, responses.get(q.id)) for q in version.questions)
    return QuizResult(version.label, results, started, finished)


def unanswered(version: QuizVersion, responses: Mapping[str, Response]) -> tuple[int, ...]:
    """The 1-based numbers of the questions not yet answered, for the confirm before submitting."""
    return tuple(n for n, q in enumerate(version.questions, 1) if not is_answered(q, responses.get(q.id)))


__all__: Sequence[str] = (
    "Mark",
    "QuestionResult",
    "QuizResult",
    "Response",
    "is_answered",
    "letter",
    "right_answer_text",
    "score_quiz",
    "score_response",
    "unanswered",
)
