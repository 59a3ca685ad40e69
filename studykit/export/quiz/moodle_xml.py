"""Moodle XML: the quiz's questions once, in version A's order, with their points.

Built with ElementTree, so XML escaping is the library's job; texts marked `format="html"`
are HTML-escaped first (user text is data, never markup). Typed answers and matching
right items are plain text in Moodle and go in as they are. Type mapping: choice →
`multichoice` (single), true/false → `truefalse`, short answer and missing word →
`shortanswer` (the missing word keeps its blank in the text), matching → `matching`, and
chronology → `matching` of each item to its place in time, since Moodle's `ordering`
type is a plugin a site may not have.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from studykit.core.quiz.model import Question, QuestionType, Quiz
from studykit.core.text import visible
from studykit.export.quiz.common import chronology_positions, html_text, source_text
from studykit.export.quiz.gift import CHRONOLOGY_HINT

MOODLE_TYPES: dict[QuestionType, str] = {
    QuestionType.CHOICE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.SHORT_ANSWER: "shortanswer",
    QuestionType.MISSING_WORD: "shortanswer",
    QuestionType.MATCHING: "matching",
    QuestionType.CHRONOLOGY: "matching",
}


def quiz_to_moodle_xml(quiz: Quiz) -> bytes:
    root = ET.Element("quiz")
    title = re.sub("-+", "-", " ".join(visible(quiz.title).split()))  # "--" cannot stand in an XML comment
    root.append(ET.Comment(f" {title} (studykit, seed {quiz.seed}) "))
    for question in quiz.questions:
        root.append(question_element(question))
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data + b"\n"


def question_element(question: Question) -> ET.Element:
    kind = question.type
    element = ET.Element("question", type=MOODLE_TYPES[kind])
    _text(ET.SubElement(element, "name"), question.id)
    prompt = f"{question.prompt} {CHRONOLOGY_HINT}" if kind is QuestionType.CHRONOLOGY else question.prompt
    _html(element, "questiontext", prompt)
    _html(element, "generalfeedback", _feedback(question), escaped=True)
    ET.SubElement(element, "defaultgrade").text = f"{question.points:g}"
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    if kind is QuestionType.CHOICE:
        ET.SubElement(element, "single").text = "true"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "ABCD"
        for i, option in enumerate(question.options):
            _answer(element, 100 if i == question.correct else 0, html_text(option), "html")
    elif kind is QuestionType.TRUE_FALSE:
        _answer(element, 100 if question.answer == "True" else 0, "true", "moodle_auto_format")
        _answer(element, 100 if question.answer == "False" else 0, "false", "moodle_auto_format")
    elif kind in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
        ET.SubElement(element, "usecase").text = "0"
        for answer in dict.fromkeys((question.answer, *question.accepted)):
            _answer(element, 100, answer, "moodle_auto_format")
    elif kind in (QuestionType.MATCHING, QuestionType.CHRONOLOGY):
        ET.SubElement(element, "shuffleanswers").text = "true"
        if kind is QuestionType.MATCHING:
            pairs = list(question.pairs)
        else:
            pairs = [(item, str(p)) for item, p in zip(question.options, chronology_positions(question))]
        for left, right in pairs:
            sub = _html(element, "subquestion", left)
            _text(ET.SubElement(sub, "answer"), right)
    else:
        raise ValueError(f"unknown question type {kind!r}")
    return element


def _text(parent: ET.Element, text: str) -> ET.Element:
    ET.SubElement(parent, "text").text = visible(text)  # XML 1.0 cannot hold most control characters at all
    return parent


def _html(parent: ET.Element, tag: str, text: str, *, escaped: bool = False) -> ET.Element:
    element = ET.SubElement(parent, tag, format="html")
    return _text(element, text if escaped else html_text(text))


def _answer(parent: ET.Element, fraction: int, text: str, text_format: str) -> None:
    answer = ET.SubElement(parent, "answer", fraction=str(fraction), format=text_format)
    _text(answer, text)
    _text(ET.SubElement(answer, "feedback", format="html"), "")


def _feedback(question: Question) -> str:
    parts = []
    if question.explanation:
        parts.append(html_text(question.explanation))
    source = source_text(question)
    if source:
        parts.append("Source: " + html_text(source))
    return "<br>".join(parts)
