"""Quiz files: the bundled example builds, and every broken file gets `file:line: field: message`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from studykit.core.quiz.builder import build_quiz
from studykit.core.quiz.model import QuestionType
from studykit.decks import load_decks, load_seeds
from studykit.quizzes import (
    QuizLoadError,
    find_quiz,
    known_from,
    load_quizzes,
    quizzes_dir,
    read_quiz_file,
    seed_titles,
)
from tests.conftest import DECKS, ROOT

EXAMPLE = DECKS / "quizzes" / "battle-of-baku-1918.yaml"
SEED = "001_d3695f0660554b3e.txt"


@pytest.fixture(scope="module")
def context():
    decks = load_decks()
    return decks, known_from(decks, load_seeds())


def test_the_example_quiz_builds_twenty_questions_in_two_versions(context) -> None:
    decks, known = context
    quiz_file = read_quiz_file(EXAMPLE, known)
    assert (quiz_file.id, quiz_file.title, quiz_file.question_count) == (
        "battle-of-baku-1918", "The Battle of Baku, 1918", 20,
    )
    quiz = build_quiz([f for d in decks for f in d.facts], quiz_file.spec, seed_titles=seed_titles())
    assert len(quiz.questions) == 20 and [v.label for v in quiz.versions] == ["A", "B"]
    ids = {q.id for q in quiz.questions}
    assert {"battle-of-baku-1918:1", "battle-of-baku-1918:2", "battle-of-baku-1918:3"} <= ids
    facts = {f for q in quiz.questions for f in q.fact_ids}
    assert {"fall-of-baku", "final-assault-on-baku", "person-nuri-pasha"} <= facts
    types = {q.type for q in quiz.questions}
    assert {QuestionType.MATCHING, QuestionType.CHRONOLOGY, QuestionType.CHOICE, QuestionType.TRUE_FALSE} <= types
    hand = {q.id: q for q in quiz.questions}["battle-of-baku-1918:1"]
    assert hand.citation.startswith("The liberation of Baku in 1918: “Sentyabrın 15-də")
    assert quiz.source_file == "battle-of-baku-1918"


def test_quizzes_ship_with_the_decks_and_are_not_decks(context) -> None:
    _, known = context
    assert quizzes_dir() == DECKS / "quizzes"
    assert [q.id for q in load_quizzes(quizzes_dir(), known)] == ["battle-of-baku-1918"]
    assert (DECKS / "quizzes" / "README.md").is_file()
    assert "quizzes" not in {d.id for d in load_decks()}
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"decks" = "studykit/bundled/decks"' in pyproject  # decks/quizzes/ goes into the wheel with decks/


def test_find_quiz_by_id_or_path_and_unknown_ids(context, tmp_path: Path) -> None:
    _, known = context
    assert find_quiz("battle-of-baku-1918", quizzes_dir(), known).id == "battle-of-baku-1918"
    assert find_quiz(str(EXAMPLE), tmp_path, known).id == "battle-of-baku-1918"
    with pytest.raises(QuizLoadError, match=r"unknown quiz 'nope'; quiz files in .*: battle-of-baku-1918"):
        find_quiz("nope", quizzes_dir(), known)
    with pytest.raises(QuizLoadError, match="quiz file not found"):
        find_quiz(str(tmp_path / "missing.yaml"), quizzes_dir(), known)


GOOD_HEAD = """\
quiz:
  title: A test quiz
  count: 3
"""
BROKEN = [
    ("malformed YAML", "quiz:\n  title: [unclosed\n", 3, "", "malformed YAML"),
    ("duplicate key", GOOD_HEAD + "  title: again\n", 4, "quiz.title", "duplicate key"),
    ("unknown top-level field", GOOD_HEAD + "extra: 1\n", 4, "extra", "unknown field of a quiz file"),
    ("missing title", "quiz:\n  count: 3\n", 1, "quiz.title", "missing required field"),
    ("unknown quiz field", GOOD_HEAD + "  colour: red\n", 4, "quiz.colour", "unknown field of `quiz:`"),
    ("unknown topic", GOOD_HEAD + "  topics: [battle-of-bak]\n", 4, "quiz.topics[0]", "unknown topic 'battle-of-bak'"),
    ("unknown deck", GOOD_HEAD + "  decks: [nope]\n", 4, "quiz.decks[0]", "unknown deck 'nope'"),
    ("bad date", GOOD_HEAD + "  from: '1918-02-30'\n", 4, "quiz.from", "February 1918 has no day 30"),
    ("unknown type in mix", GOOD_HEAD + "  types: {essay: 3}\n", 4, "quiz.types.essay", "unknown question type 'essay'"),
    ("bad points", GOOD_HEAD + "  points: {choice: -1}\n", 4, "quiz.points.choice", "points must be a number of zero or more"),
    ("versions out of range", GOOD_HEAD + "  versions: 40\n", 4, "quiz.versions", "must be between 1 and 26"),
    ("unknown fact id", GOOD_HEAD + "picks:\n  - fact: fall-of-bakoo\n", 5, "picks[0].fact", "unknown fact id 'fall-of-bakoo'"),
    ("pick without what", GOOD_HEAD + "picks:\n  - count: 2\n", 5, "picks[0]", "a pick needs `fact:`, `topic:` or `type:`"),
    ("unknown pick type", GOOD_HEAD + "picks:\n  - type: essay\n", 5, "picks[0].type", "unknown question type 'essay'"),
    ("no correct option", GOOD_HEAD + "questions:\n  - type: choice\n    prompt: Which?\n    options: [a, b]\n    answer: c\n",
     8, "questions[0].answer", "none of the options: no correct option"),
    ("two correct answers", GOOD_HEAD + "questions:\n  - type: choice\n    prompt: Which?\n    options: [a, b]\n    answer: [a, b]\n",
     8, "questions[0].answer", "exactly one correct answer, got 2"),
    ("options the same", GOOD_HEAD + "questions:\n  - type: choice\n    prompt: Which?\n    options: [Baku, the baku]\n    answer: Baku\n",
     7, "questions[0].options[1]", "two options say the same"),
    ("true or false neither", GOOD_HEAD + "questions:\n  - type: truefalse\n    prompt: Baku fell.\n    answer: maybe\n",
     7, "questions[0].answer", "a true-or-false answer is true or false"),
    ("missing word without blank", GOOD_HEAD + "questions:\n  - type: missing_word\n    prompt: Baku fell.\n    answer: Baku\n",
     6, "questions[0].prompt", "exactly once"),
    ("matching repeats a right item", GOOD_HEAD + "questions:\n  - type: matching\n    pairs: [[a, x], [b, x]]\n",
     6, "questions[0].pairs[1]", "repeats a right item"),
    ("quote not in the seed", GOOD_HEAD + f"questions:\n  - type: short\n    prompt: Who?\n    answer: X\n    sources:\n"
     f"      - seed: {SEED}\n        quote: not in the seed at all\n", 10, "questions[0].sources[0].quote", "quote not found verbatim"),
    ("unknown seed", GOOD_HEAD + "questions:\n  - type: short\n    prompt: Who?\n    answer: X\n    sources:\n"
     "      - seed: nope.txt\n        quote: q\n", 9, "questions[0].sources[0].seed", "unknown seed 'nope.txt'"),
    ("unknown question field", GOOD_HEAD + "questions:\n  - type: short\n    prompt: Who?\n    answer: X\n    options: [a]\n",
     8, "questions[0].options", "unknown field of a short question"),
    ("not a mapping", "- just\n- a list\n", 1, "", "a quiz file must be a mapping"),
]


@pytest.mark.parametrize(("name", "text", "line", "field", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_quiz_files_name_file_line_and_field(context, tmp_path: Path, name: str, text: str, line: int,
                                                    field: str, message: str) -> None:
    _, known = context
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuizLoadError) as error:
        read_quiz_file(path, known)
    shown = str(error.value)
    assert f"broken.yaml:{line}:" in shown, shown
    assert (f" {field}: " in shown) if field else True, shown
    assert message in shown, shown


def test_a_good_hand_written_file_reads(context, tmp_path: Path) -> None:
    _, known = context
    path = tmp_path / "mine.yaml"
    path.write_text(textwrap.dedent(f"""\
        quiz:
          title: Mine
          points: {{chronology: 3}}
        questions:
          - type: truefalse
            prompt: Baku fell in 1918.
            answer: true
          - type: chronology
            items: [First, Second, Third]
          - type: missing_word
            prompt: "Baku fell on _____."
            answer: 15 September 1918
            sources:
              - seed: {SEED}
                quote: "sentyabrın 15-də Azərbaycan ordu hissələri Bakıya daxil oldu"
        """), encoding="utf-8")
    quiz_file = read_quiz_file(path, known)
    assert quiz_file.question_count == 3
    kinds = [a.question.type for a in quiz_file.spec.authored]
    assert kinds == [QuestionType.TRUE_FALSE, QuestionType.CHRONOLOGY, QuestionType.MISSING_WORD]
    assert quiz_file.spec.authored[0].question.answer == "True"
    assert quiz_file.spec.authored[2].question.sources[0].seed == SEED
