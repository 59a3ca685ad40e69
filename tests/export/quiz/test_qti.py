"""QTI built by text2qti (which parses its own format and refuses broken input), read back from the zip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.core.quiz.model import Question, QuestionType, Quiz, QuizVersion
from studykit.export.quiz.qti import qti_escape, qti_notes, quiz_to_qti_zip, quiz_to_text2qti
from tests.export.quiz.checks import check_qti, norm


def test_qti_package_holds_the_quiz(quiz: Quiz, tmp_path: Path) -> None:
    path = tmp_path / "quiz.qti.zip"
    path.write_bytes(quiz_to_qti_zip(quiz))
    check_qti(path, quiz)


def test_matching_and_chronology_are_reported(quiz: Quiz) -> None:
    notes = qti_notes(quiz)
    assert any("q:matching" in n and "4 multiple-choice questions" in n for n in notes)
    assert any("q:chronology" in n and "orders" in n for n in notes)
    assert not any("q:choice" in n for n in notes)


def test_points_text2qti_cannot_hold_are_rounded_and_reported(quiz: Quiz) -> None:
    from dataclasses import replace

    odd = replace(quiz.questions[0], points=0.3)
    small = Quiz(title="t", instructions="", seed=1, versions=(QuizVersion("A", (odd,)),))
    assert "Points: 0.5" in quiz_to_text2qti(small)
    assert any("0.3 points, 0.5 in QTI" in n for n in qti_notes(small))


def test_markdown_and_latex_are_escaped() -> None:
    assert qti_escape("$5 and *x*") == "\\$5 and \\*x\\*"
    assert qti_escape('"a" -- b...') == "&quot;a&quot; &#45;- b&#46;&#46;."


QTI_ALPHABET = st.sampled_from([*list(" ~=#{}:\\<>&\"'*_[]()-+|$.!`/^%abcXYZ019\t\n"), "ə", "ı", "İ", "ব", "া", "→"])
QTI_TEXTS = st.text(alphabet=QTI_ALPHABET, min_size=1, max_size=25).filter(lambda s: s.strip() != "")


@settings(max_examples=25, deadline=None)
@given(st.lists(QTI_TEXTS, min_size=2, max_size=6, unique_by=norm))
def test_any_text_survives_text2qti(tmp_path_factory: Any, texts: list[str]) -> None:
    """Arbitrary text as prompts, options and typed answers comes out of text2qti as written."""
    questions = [
        Question(id=f"c{i}", type=QuestionType.CHOICE, prompt=f"{i} {text}", answer=texts[0], points=1,
                 options=tuple(texts), correct=0)
        for i, text in enumerate(texts)
    ] + [
        Question(id=f"s{i}", type=QuestionType.SHORT_ANSWER, prompt=f"s{i} {text}", answer=text, points=1)
        for i, text in enumerate(texts)
    ]
    quiz = Quiz(title=texts[0], instructions=texts[-1], seed=0, versions=(QuizVersion("A", tuple(questions)),))
    path = tmp_path_factory.mktemp("qti") / "quiz.qti.zip"
    path.write_bytes(quiz_to_qti_zip(quiz))
    check_qti(path, quiz)
