"""A quiz the builder made from the bundled decks, through every format and every parser."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from studykit.core.quiz.builder import QuizSpec, build_quiz
from studykit.core.quiz.model import QuestionType, Quiz
from studykit.export.quiz import BASE_FORMATS, write_quiz
from studykit.export.quiz.common import slug
from tests.bundled import bundled_facts  # made once per test process
from tests.conftest import SEEDS
from tests.export.quiz.checks import (
    check_csv,
    check_gift,
    check_key_html,
    check_moodle_xml,
    check_qti,
    check_student_html,
)


@pytest.fixture(scope="module")
def built() -> Quiz:
    titles = {
        name: entry["title"] for name, entry in tomllib.loads((SEEDS / "sources.toml").read_text("utf-8")).items()
    }
    return build_quiz(bundled_facts(), QuizSpec(count=20, versions=3, seed=11), seed_titles=titles)


@pytest.fixture(scope="module")
def written(built: Quiz, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = write_quiz(built, tmp_path_factory.mktemp("built") / "out", BASE_FORMATS)
    return {p.name: p for p in paths}


def test_the_quiz_has_every_type(built: Quiz) -> None:
    assert {q.type for q in built.questions} == set(QuestionType)


def test_printable(built: Quiz, written: dict[str, Path]) -> None:
    name = slug(built.title)
    for version in built.versions:
        check_student_html(written[f"{name}-{version.label}-student.html"].read_text("utf-8"), built, version)
        check_key_html(written[f"{name}-{version.label}-key.html"].read_text("utf-8"), built, version)


def test_gift(built: Quiz, written: dict[str, Path], gift_parser: Callable[[Path], list[dict[str, Any]]]) -> None:
    check_gift(gift_parser(written[f"{slug(built.title)}.gift"]), built)


def test_moodle_xml(built: Quiz, written: dict[str, Path]) -> None:
    check_moodle_xml(written[f"{slug(built.title)}.moodle.xml"].read_bytes(), built)


def test_qti(built: Quiz, written: dict[str, Path]) -> None:
    check_qti(written[f"{slug(built.title)}.qti.zip"], built)


def test_csv(built: Quiz, written: dict[str, Path]) -> None:
    check_csv(written[f"{slug(built.title)}.csv"].read_bytes(), built)
