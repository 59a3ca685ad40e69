"""GIFT read back by gift-pegjs, a strict GIFT parser (node, from the committed lock file)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.core.quiz.model import Question, QuestionType, Quiz, QuizVersion
from studykit.export.quiz.gift import gift_escape, question_to_gift, quiz_to_gift
from tests.export.quiz.checks import check_gift, gift_stem, norm, pegjs_plain

Parser = Callable[[Path], list[dict[str, Any]]]


def test_gift_parses_to_the_quiz(quiz: Quiz, gift_parser: Parser, tmp_path: Path) -> None:
    path = tmp_path / "quiz.gift"
    path.write_text(quiz_to_gift(quiz), encoding="utf-8")
    check_gift(gift_parser(path), quiz)


def test_every_special_character_is_escaped() -> None:
    assert gift_escape(r"a~b=c#d{e}f:g\h") == r"a\~b\=c\#d\{e\}f\:g\\h"
    assert gift_escape("two\n\nparagraphs") == "two paragraphs"  # a blank line would end the question


def test_the_parser_is_strict(gift_parser: Parser, tmp_path: Path) -> None:
    """The check means something: the same question unescaped is refused."""
    path = tmp_path / "broken.gift"
    path.write_text("::t::Which {year} fell Baku?{=1918 ~1919}\n", encoding="utf-8")
    try:
        gift_parser(path)
    except AssertionError as error:
        assert "rejected" in str(error)
    else:
        raise AssertionError("gift-pegjs accepted an unescaped brace")


def test_an_arrow_in_a_typed_answer_is_reported(quiz: Quiz) -> None:
    from dataclasses import replace

    from studykit.export.quiz.gift import gift_notes

    short = replace(quiz.questions[3], answer="Baku -> Enzeli")
    one = Quiz(title="t", instructions="", seed=0, versions=(QuizVersion("A", (short,)),))
    assert "{=Baku → Enzeli" in quiz_to_gift(one)
    assert gift_notes(one) == [
        "question 1 (q:short): the answer 'Baku -> Enzeli' is written with → for ->, which GIFT cannot hold"
    ]
    assert gift_notes(quiz) == []


def test_points_and_sources_are_kept_as_comments_and_feedback(quiz: Quiz) -> None:
    text = quiz_to_gift(quiz)
    assert "// 4. short, 1.5 points" in text
    assert "####[html]" in text


ALPHABET = st.sampled_from([*list(" ~=#{}:\\<>&\"'*_[]()-|$./abcXYZ019\t\n"), "ə", "ı", "İ", "ş", "ব", "া", "→"])
TEXTS = st.text(alphabet=ALPHABET, min_size=1, max_size=25).filter(lambda s: s.strip() != "")


@settings(max_examples=8, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=12))
def test_any_text_round_trips(gift_parser: Parser, tmp_path_factory: Any, texts: list[str]) -> None:
    """Arbitrary text as a prompt, a typed answer and both sides of a matching pair."""
    questions = []
    for i, text in enumerate(texts):
        questions.append(
            Question(id=f"s{i}:{text}", type=QuestionType.SHORT_ANSWER, prompt=text, answer=text, points=1),
        )
        questions.append(Question(
            id=f"m{i}", type=QuestionType.MATCHING, prompt=text, answer="", points=1,
            pairs=((text, text), ("x", "y")), options=("y", text),
        ))
    quiz = Quiz(title="t", instructions="", seed=0, versions=(QuizVersion("A", tuple(questions)),))
    path = tmp_path_factory.mktemp("gift") / "round.gift"
    path.write_text("\n\n".join(question_to_gift(q) for q in questions) + "\n", encoding="utf-8")
    parsed = gift_parser(path)
    assert len(parsed) == len(questions)
    for entry, q in zip(parsed, questions):
        assert entry["title"] == norm(q.id)
        assert norm(gift_stem(entry)) == norm(q.prompt)
        if q.type is QuestionType.SHORT_ANSWER:
            assert [c["text"]["text"] for c in entry["choices"]] == [norm(q.answer).replace("->", "→")]
        else:
            assert pegjs_plain(entry["matchPairs"][0]["subanswer"]) == norm(q.pairs[0][1])
    check_gift(parsed, quiz)
