"""Moodle XML read back with xml.etree."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from studykit.core.quiz.model import Quiz
from studykit.export.quiz.moodle_xml import quiz_to_moodle_xml
from tests.export.quiz.checks import check_moodle_xml


def test_moodle_xml_parses_to_the_quiz(quiz: Quiz) -> None:
    check_moodle_xml(quiz_to_moodle_xml(quiz), quiz)


def test_user_html_stays_text(quiz: Quiz) -> None:
    root = ET.fromstring(quiz_to_moodle_xml(quiz))
    choice = root.find("question[@type='multichoice']")
    assert choice is not None
    html_text = choice.findtext("questiontext/text") or ""
    assert "&lt;b&gt;" in html_text and "<b>" not in html_text  # Moodle shows `<b>`, it does not turn bold


def test_chronology_is_matching_to_positions(quiz: Quiz) -> None:
    root = ET.fromstring(quiz_to_moodle_xml(quiz))
    chronology = next(q for q in root.findall("question") if q.findtext("name/text") == "q:chronology")
    assert chronology.get("type") == "matching"
    assert sorted(s.findtext("answer/text", "") for s in chronology.findall("subquestion")) == ["1", "2", "3"]
