"""CSV read back with the csv module; JSON with json."""

from __future__ import annotations

import json

from studykit.core.quiz.model import Quiz
from studykit.export.quiz.tabular import JSON_FORMAT, key_code, quiz_to_csv, quiz_to_json
from tests.export.quiz.checks import check_csv


def test_csv_round_trip(quiz: Quiz) -> None:
    check_csv(quiz_to_csv(quiz).encode("utf-8-sig"), quiz)


def test_key_codes_per_version(quiz: Quiz) -> None:
    b = {q.id: q for q in quiz.version("B").questions}
    assert key_code(b["q:choice"]) == "A"  # options rotated: Baku moved from B to A
    assert key_code(quiz.questions[6]) == "1-D 2-A 3-B 4-C"
    assert key_code(quiz.questions[7]) == "A=2 B=3 C=1"


def test_json_is_the_whole_quiz(quiz: Quiz) -> None:
    data = json.loads(quiz_to_json(quiz))
    assert data.pop("format") == JSON_FORMAT and data.pop("format_version") == 1
    assert data == json.loads(json.dumps(quiz.to_dict()))
