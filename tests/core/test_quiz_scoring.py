"""Marking quiz answers: every question type, partial credit, near misses, totals and time."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studykit.core.answers import AnswerKind
from studykit.core.quiz.model import Question, QuestionType, QuizVersion
from studykit.core.quiz.scoring import (
    Mark,
    Response,
    is_answered,
    letter,
    score_quiz,
    score_response,
    unanswered,
)
from tests.quiz_sample import CHOICE, CHRONOLOGY, MATCHING, MISSING, QUESTIONS, SHORT, STARTED, TRUE_FALSE

# (name, question, response, mark, points earned)
CASES = [
    ("choice right", CHOICE, 1, Mark.CORRECT, 1.0),
    ("choice wrong", CHOICE, 0, Mark.WRONG, 0.0),
    ("choice out of range", CHOICE, 7, Mark.UNANSWERED, 0.0),
    ("choice bool is not an index", CHOICE, True, Mark.UNANSWERED, 0.0),
    ("true right", TRUE_FALSE, True, Mark.CORRECT, 1.0),
    ("true wrong", TRUE_FALSE, False, Mark.WRONG, 0.0),
    ("short exact", SHORT, "Nuri Pasha", Mark.CORRECT, 2.0),
    ("short folded", SHORT, "nuri paşa", Mark.CORRECT, 2.0),
    ("short alias", SHORT, "Nuri Killigil", Mark.CORRECT, 2.0),
    ("short typo is close, no credit", SHORT, "Nuri Pahsa", Mark.CLOSE, 0.0),
    ("short wrong", SHORT, "Enver Pasha", Mark.WRONG, 0.0),
    ("short blank", SHORT, "   ", Mark.UNANSWERED, 0.0),
    ("missing word", MISSING, "baku", Mark.CORRECT, 1.0),
    ("missing word wrong", MISSING, "Tiflis", Mark.WRONG, 0.0),
    ("matching all", MATCHING, (1, 2, 0), Mark.CORRECT, 2.0),
    ("matching one of three", MATCHING, (1, None, None), Mark.PARTIAL, 2.0 / 3),
    ("matching two of three", MATCHING, (1, 2, 1), Mark.PARTIAL, 4.0 / 3),
    ("matching none right", MATCHING, (2, 0, 1), Mark.WRONG, 0.0),
    ("matching nothing chosen", MATCHING, (None, None, None), Mark.UNANSWERED, 0.0),
    ("order right", CHRONOLOGY, (1, 0, 2), Mark.CORRECT, 1.0),
    ("order neighbours swapped", CHRONOLOGY, (0, 1, 2), Mark.CLOSE, 0.0),
    ("order wrong", CHRONOLOGY, (2, 0, 1), Mark.WRONG, 0.0),
    ("order not a permutation", CHRONOLOGY, (1, 1, 2), Mark.WRONG, 0.0),
    ("unanswered", CHRONOLOGY, None, Mark.UNANSWERED, 0.0),
]


@pytest.mark.parametrize(("name", "question", "response", "mark", "earned"), CASES, ids=[c[0] for c in CASES])
def test_score_response(name: str, question: object, response: Response, mark: Mark, earned: float) -> None:
    result = score_response(question, response)  # type: ignore[arg-type]
    assert result.mark is mark, result.message
    assert result.earned == pytest.approx(earned)
    assert result.correct == (mark is Mark.CORRECT)


def test_the_review_texts() -> None:
    assert score_response(CHOICE, 0).given == "A. The Dunsterforce"
    assert score_response(CHOICE, 0).right_answer == "B. The Caucasus Islamic Army"
    close = score_response(SHORT, "Nuri Pahsa")
    assert close.message.startswith("Close, but not counted: one letter off")
    assert score_response(MATCHING, (1, None, 0)).given == (
        "Nuri Pasha — army commander; Fatali Khan Khoyski — ?; Lionel Dunsterville — British general")
    assert score_response(MATCHING, (1, None, 0)).message == "2 of 3 pairs right."
    assert score_response(CHRONOLOGY, (0, 1, 2)).message == "Two neighbours swapped."
    assert score_response(CHRONOLOGY, (1, 0, 2)).right_answer == (
        "The Treaty of Batum → The fall of Baku to the Ottoman-Azerbaijani army → The Armistice of Mudros")


def test_score_quiz_totals_time_and_unanswered() -> None:
    version = QuizVersion("A", QUESTIONS)
    responses: dict[str, Response] = {"q-choice": 1, "q-short": "Nuri Pasha", "q-match": (1, 2, 1)}
    result = score_quiz(version, responses, STARTED, STARTED + dt.timedelta(minutes=4, seconds=5))
    assert result.max_score == 8
    assert result.score == pytest.approx(1 + 2 + 4 / 3)
    assert result.percent == pytest.approx(100 * (1 + 2 + 4 / 3) / 8)
    assert result.duration_s == 245
    assert (result.correct_count, result.answered_count) == (2, 3)
    assert [r.mark for r in result.results] == [
        Mark.CORRECT, Mark.UNANSWERED, Mark.CORRECT, Mark.UNANSWERED, Mark.PARTIAL, Mark.UNANSWERED]
    assert unanswered(version, responses) == (2, 4, 6)


def test_times_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError):
        score_quiz(QuizVersion("A", QUESTIONS), {}, STARTED.replace(tzinfo=None), STARTED)


def test_letters() -> None:
    assert [letter(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def _response_for(question_type: QuestionType) -> st.SearchStrategy[Response]:
    return {
        QuestionType.CHOICE: st.none() | st.integers(-2, 6),
        QuestionType.TRUE_FALSE: st.none() | st.booleans(),
        QuestionType.SHORT_ANSWER: st.none() | st.text(max_size=20),
        QuestionType.MISSING_WORD: st.none() | st.text(max_size=20),
        QuestionType.MATCHING: st.none() | st.lists(st.none() | st.integers(-1, 4), max_size=5).map(tuple),
        QuestionType.CHRONOLOGY: st.none() | st.permutations([0, 1, 2]).map(tuple)
        | st.lists(st.integers(-1, 3), max_size=4).map(tuple),
    }[question_type]


@st.composite
def _attempt(draw: st.DrawFn) -> dict[str, Response]:
    return {q.id: draw(_response_for(q.type)) for q in QUESTIONS}


@given(_attempt())
def test_any_attempt_scores_within_bounds(responses: dict[str, Response]) -> None:
    result = score_quiz(QuizVersion("A", QUESTIONS), responses, STARTED, STARTED)
    assert 0 <= result.score <= result.max_score
    for item in result.results:
        assert 0 <= item.earned <= item.points
        assert item.correct == (item.earned == item.points)
        assert not item.answered or is_answered(item.question, responses.get(item.question.id))
        assert item.answered or item.earned == 0


@given(st.permutations([0, 1, 2]))
def test_only_the_right_order_earns_a_chronology_point(order: list[int]) -> None:
    result = score_response(CHRONOLOGY, tuple(order))
    assert (result.earned == 1.0) == (tuple(order) == CHRONOLOGY.order)


def _short(answer: str, kind: AnswerKind, accepted: tuple[str, ...] = (), others: tuple[str, ...] = ()) -> Question:
    return Question(id="q", type=QuestionType.SHORT_ANSWER, prompt="?", answer=answer, points=2.0, accepted=accepted,
                    answer_kind=kind, confusables=others)


# (typed, question, mark, earned, what the teacher is asked to check)
FLAGGED = [
    ("3 March 1918", _short("March 1918", AnswerKind.DATE), Mark.CORRECT, 2.0,
     "more precise than the key (March 1918)"),
    ("March 1918", _short("March 1918", AnswerKind.DATE), Mark.CORRECT, 2.0, ""),
    ("July 1918", _short("10 July 1918", AnswerKind.DATE), Mark.CHECK, 0.0, "less precise than the key"),
    ("27 June 1918", _short("27 June – 1 July 1918", AnswerKind.DATE), Mark.CHECK, 0.0, "one end of the key's dates"),
    ("Nuri Pash", _short("Nuri Pasha", AnswerKind.PERSON), Mark.CLOSE, 0.0, "one letter off"),
    ("Kâzım", _short("Kâzım Karabekir", AnswerKind.PERSON, others=("Kâzım Özalp",)), Mark.CHECK, 0.0,
     "could also be Kâzım Özalp"),
    ("Nuri", _short("Nuri Pasha", AnswerKind.PERSON), Mark.CORRECT, 2.0, ""),
    ("Özalp", _short("Kâzım Karabekir", AnswerKind.PERSON, others=("Kâzım Özalp",)), Mark.WRONG, 0.0, ""),
    ("the head of the soviet", _short("The head of the Baku Soviet", AnswerKind.DESCRIPTION), Mark.CHECK, 0.0,
     "a description"),
]


@pytest.mark.parametrize("typed, question, mark, earned, check", FLAGGED, ids=[f[0] for f in FLAGGED])
def test_what_the_machine_should_not_decide_alone_is_flagged(
    typed: str, question: Question, mark: Mark, earned: float, check: str,
) -> None:
    result = score_response(question, typed)
    assert result.mark is mark and result.earned == earned
    assert (check in result.check) if check else not result.check
    if mark is Mark.CHECK:
        assert "teacher will check" in result.message
