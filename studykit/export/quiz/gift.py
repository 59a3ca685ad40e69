"""Moodle GIFT: the quiz's questions once, in version A's order (Moodle shuffles itself).

Escaping follows Moodle's GIFT rules: `~ = # { } :` and the backslash take a backslash.
Question texts, choice options, matching left items and feedback are marked `[html]` and
HTML-escaped first, so a quote with `<b>` shows as written instead of turning bold; typed
answers (short answer, missing word) and matching right items are plain text in Moodle,
so they are only GIFT-escaped (an answer `A & B` must match what a student types).
GIFT has no syntax for points: each question's points are in a comment above it. GIFT
cannot hold `->` in a typed answer (Moodle would read a matching question): it is written
as `→`, and `gift_notes` says so.

Chronology is not a Moodle core type (ordering is a plugin), so it is exported as a
matching question: each item matched to its place in time, 1 = earliest.
"""

from __future__ import annotations

from studykit.core.quiz.model import BLANK, Question, QuestionType, Quiz
from studykit.core.text import visible
from studykit.export.quiz.common import chronology_positions, html_text, points_text, source_text

_SPECIAL = "\\~=#{}:"
CHRONOLOGY_HINT = "(Match each item to its place in time: 1 = earliest.)"


def gift_escape(text: str) -> str:
    """Plain text as GIFT reads it literally, on one line (a blank line would end the question)."""
    text = " ".join(visible(text).split())
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


def gift_html(text: str) -> str:
    """Text for an `[html]` field: HTML-escaped, then GIFT-escaped."""
    return gift_escape(html_text(" ".join(text.split()), quote=False))


def quiz_to_gift(quiz: Quiz) -> str:
    lines = [
        f"// {' '.join(visible(quiz.title).split())}",
        f"// Written by studykit (seed {quiz.seed}), questions in the order of version A.",
        "// GIFT cannot hold points; each question's points are noted above it.",
        "",
    ]
    for number, question in enumerate(quiz.questions, 1):
        lines.append(f"// {number}. {question.type.value}, {points_text(question.points)}")
        lines.append(question_to_gift(question))
        lines.append("")
    return "\n".join(lines)


def question_to_gift(question: Question) -> str:
    title = f"::{gift_escape(question.id)}::"
    feedback = _feedback(question)
    kind = question.type
    if kind is QuestionType.CHOICE:
        answers = [("=" if i == question.correct else "~") + gift_html(o) for i, o in enumerate(question.options)]
        return f"{title}[html]{gift_html(question.prompt)}{{\n" + "\n".join(answers) + f"{feedback}\n}}"
    if kind is QuestionType.TRUE_FALSE:
        mark = "T" if question.answer == "True" else "F"
        return f"{title}[html]{gift_html(question.prompt)}{{{mark}{feedback.strip()}}}"
    if kind is QuestionType.SHORT_ANSWER:
        return f"{title}[html]{gift_html(question.prompt)}{{{_typed_answers(question)}{feedback.strip()}}}"
    if kind is QuestionType.MISSING_WORD:
        before, _, after = question.prompt.partition(BLANK)
        block = f"{{{_typed_answers(question)}{feedback.strip()}}}"
        if not before.strip():  # `[html]` needs text after it: Moodle's own auto-format also renders the escaped HTML
            return f"{title}{block} {gift_html(after)}".rstrip()
        return f"{title}[html]{gift_html(before)} {block} {gift_html(after)}".rstrip()
    if kind is QuestionType.MATCHING:
        pairs = [f"={gift_html(left)} -> {gift_escape(right)}" for left, right in question.pairs]
        return f"{title}[html]{gift_html(question.prompt)}{{\n" + "\n".join(pairs) + f"{feedback}\n}}"
    if kind is QuestionType.CHRONOLOGY:
        positions = chronology_positions(question)
        pairs = [f"={gift_html(item)} -> {p}" for item, p in zip(question.options, positions)]
        prompt = gift_html(f"{question.prompt} {CHRONOLOGY_HINT}")
        return f"{title}[html]{prompt}{{\n" + "\n".join(pairs) + f"{feedback}\n}}"
    raise ValueError(f"unknown question type {kind!r}")


def _typed_answers(question: Question) -> str:
    answers = dict.fromkeys(_typed(a) for a in (question.answer, *question.accepted))
    return " ".join("=" + gift_escape(a) for a in answers if a)


def _typed(answer: str) -> str:
    """A typed answer as GIFT can hold it: `->` would make Moodle read a matching question,
    and GIFT has no escape for it, so it is written as the arrow `→`."""
    return " ".join(answer.split()).replace("->", "→")


def gift_notes(quiz: Quiz) -> list[str]:
    """Typed answers GIFT could not hold as written."""
    return [
        f"question {n} ({q.id}): the answer {a!r} is written with → for ->, which GIFT cannot hold"
        for n, q in enumerate(quiz.questions, 1)
        if q.type in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD)
        for a in (q.answer, *q.accepted)
        if "->" in a
    ]


def _feedback(question: Question) -> str:
    """General feedback (`####`), shown after an attempt: why, and the source."""
    parts = []
    if question.explanation:
        parts.append(html_text(" ".join(question.explanation.split()), quote=False))
    source = source_text(question)
    if source:
        parts.append("Source: " + html_text(" ".join(source.split()), quote=False))
    if not parts:
        return ""
    return "\n####[html]" + gift_escape("<br>".join(parts))
