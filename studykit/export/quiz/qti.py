"""QTI 1.2 for Canvas, through text2qti: we write its plain-text format and let it build the zip.

text2qti parses its own format and refuses broken input, so a bad export fails here
instead of in Canvas. Its texts are Markdown (with `$...$` as LaTeX), so user text is
Markdown-escaped and `$` escaped; typed answers are taken literally by text2qti.

text2qti has multiple choice, true/false, short answer (fill in the blank), numerical and
essay, and no matching or ordering, so:
- matching becomes one multiple-choice question per left item, all with the right
  column as options, the points shared among them (that is how Canvas marks a matching
  question: per pair);
- chronology becomes one multiple-choice question whose options are orders of the items
  (the right one and up to three others, chosen from the quiz seed).
text2qti accepts points only as positive whole or half numbers; other points are rounded
to the nearest half (at least 0.5). `qti_notes` lists every such change for the user.
"""

from __future__ import annotations

import itertools
import random
import re

from studykit.core.quiz.model import Question, QuestionType, Quiz
from studykit.core.text import visible
from studykit.export.quiz.common import source_text
from studykit.export.quiz.printable import md_escape

_DOUBLED = re.compile(r"(\\.)|([-.])(?=[-.])")  # a backslash escape, or a - or . before another
CHRONOLOGY_OPTIONS = 4  # the right order and up to three wrong ones


def qti_escape(text: str) -> str:
    """Text as text2qti's Markdown shows it literally.

    Markdown-escaped; `$` escaped so it is not read as LaTeX; quotes as entities and
    doubled `-` or `.` broken up, so the smarty extension keeps them straight
    (no curly quotes, dashes or ellipses that the text did not have).
    """
    text = md_escape(text).replace("$", "\\$")
    text = text.replace('"', "&quot;").replace("'", "&#39;")
    return _DOUBLED.sub(lambda m: m.group(1) or f"&#{ord(m.group(2))};", text)


def _line(text: str) -> str:
    """Titles are taken literally by text2qti, on one line."""
    return " ".join(visible(text).split())


def quiz_to_qti_zip(quiz: Quiz) -> bytes:
    """The Canvas QTI package (a zip) of the quiz's questions in version A's order."""
    from text2qti.config import Config  # type: ignore[import-untyped]
    from text2qti.qti import QTI  # type: ignore[import-untyped]
    from text2qti.quiz import Quiz as Text2qtiQuiz  # type: ignore[import-untyped]

    parsed = Text2qtiQuiz(quiz_to_text2qti(quiz), config=Config(), source_name="<studykit quiz>")
    return bytes(QTI(parsed).zip_bytes())


def quiz_to_text2qti(quiz: Quiz) -> str:
    """The quiz in text2qti's text format."""
    lines = [f"Quiz title: {_line(quiz.title)}"]
    if quiz.instructions:
        lines.append(f"Quiz description: {qti_escape(quiz.instructions)}")
    lines += ["Shuffle answers: true", ""]
    number = 0
    seen: set[str] = set()
    for question in quiz.questions:
        for title, points, block in _blocks(question, quiz.seed):
            number += 1
            text = block[0]
            if text in seen:  # text2qti refuses a repeated question text (two chronologies, say)
                text = f"{text} (question {number})"
            seen.add(text)
            lines += [f"Title: {_line(title)}", f"Points: {_half_points(points):g}"]
            lines.append(f"{number}.  {text}")
            source = source_text(question)
            if source:  # general feedback goes before the choices (after them it is the last choice's)
                lines.append(f"... Source: {qti_escape(source)}")
            lines += [*block[1:], ""]
    return "\n".join(lines)


def qti_notes(quiz: Quiz) -> list[str]:
    """What the QTI export changed, one line each: the user should know before importing."""
    notes = []
    for n, question in enumerate(quiz.questions, 1):
        if question.type is QuestionType.MATCHING:
            notes.append(
                f"question {n} ({question.id}): matching exported as {len(question.pairs)} "
                "multiple-choice questions, one per left item"
            )
        elif question.type is QuestionType.CHRONOLOGY:
            notes.append(f"question {n} ({question.id}): chronology exported as a multiple-choice question of orders")
        total = sum(_half_points(points) for _, points, _ in _blocks(question, quiz.seed))
        if total != question.points:
            notes.append(
                f"question {n} ({question.id}): worth {question.points:g} points, {total:g} in QTI "
                "(text2qti takes whole or half points only)"
            )
    return notes


def _half_points(points: float) -> float:
    return max(0.5, round(points * 2) / 2)


def _blocks(question: Question, seed: int) -> list[tuple[str, float, list[str]]]:
    """The question as text2qti questions: (title, points, lines starting with the question text)."""
    kind = question.type
    prompt = qti_escape(question.prompt)
    if kind in (QuestionType.CHOICE, QuestionType.TRUE_FALSE):
        return [(question.id, question.points, [prompt, *_choices(question.options, question.correct)])]
    if kind in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
        answers = dict.fromkeys(" ".join(a.split()) for a in (question.answer, *question.accepted))
        return [(question.id, question.points, [prompt, *(f"*   {a}" for a in answers if a)])]
    if kind is QuestionType.MATCHING:
        share = question.points / len(question.pairs)
        return [
            (
                f"{question.id} ({i}/{len(question.pairs)})", share,
                [f"{prompt} — {qti_escape(left)}", *_choices(question.options, question.options.index(right))],
            )
            for i, (left, right) in enumerate(question.pairs, 1)
        ]
    if kind is QuestionType.CHRONOLOGY:
        orders = _orders(question, seed)
        options = [" → ".join(question.options[i] for i in order) for order in orders]
        return [(question.id, question.points, [f"{prompt} Which order is right, earliest first?",
                                                *_choices(options, orders.index(question.order))])]
    raise ValueError(f"unknown question type {kind!r}")


def _choices(options: tuple[str, ...] | list[str], correct: int | None) -> list[str]:
    return [
        f"{'*' if i == correct else ''}{chr(ord('a') + i)}) {qti_escape(option)}"
        for i, option in enumerate(options)
    ]


def _orders(question: Question, seed: int) -> list[tuple[int, ...]]:
    """The right order and up to three wrong ones, in an order fixed by the seed."""
    right = tuple(question.order)
    rng = random.Random(f"studykit-qti:{seed}:{question.id}")
    if len(right) <= 4:
        wrong = [p for p in itertools.permutations(right) if p != right]
        rng.shuffle(wrong)
    else:  # too many permutations to list: shuffle until three distinct wrong ones turn up
        wrong = []
        while len(wrong) < CHRONOLOGY_OPTIONS - 1:
            candidate = list(right)
            rng.shuffle(candidate)
            if tuple(candidate) != right and tuple(candidate) not in wrong:
                wrong.append(tuple(candidate))
    orders = [right, *wrong[: CHRONOLOGY_OPTIONS - 1]]
    rng.shuffle(orders)
    return orders
