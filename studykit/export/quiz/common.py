"""What every quiz format shares: letters, the file-name slug, and the answer key in words.

The key is worked out once here, as plain text, so the printable HTML and Markdown keys
cannot disagree; each renderer escapes it for its own format.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from studykit.core.quiz.model import Question, QuestionType, letter
from studykit.core.text import visible

# Letters that do not decompose into ASCII + accents (Azerbaijani ə, Turkish ı, ...).
_ASCII_FOR = str.maketrans({"ə": "e", "Ə": "e", "ı": "i", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d"})


def html_text(text: str, *, quote: bool = True) -> str:
    """User text for HTML (and XML): escaped, its control characters shown as escapes."""
    return html.escape(visible(text), quote=quote)


def csv_cell(text: str) -> str:
    """User text for a spreadsheet cell: control characters shown as escapes, and a cell a
    spreadsheet would run as a formula (`=HYPERLINK(...)`, `+1`, `-1`, `@SUM`) starts with an
    apostrophe instead, as in the results CSV."""
    text = visible(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def slug(title: str) -> str:
    """The title as an ASCII file-name stem: 'Baku, 1918 — quiz' -> 'baku-1918-quiz'."""
    text = unicodedata.normalize("NFKD", title.translate(_ASCII_FOR))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or "quiz"


def points_text(points: float) -> str:
    """'1 point', '2 points', '1.5 points'."""
    number = f"{points:g}"
    return f"{number} point" if points == 1 else f"{number} points"


def chronology_positions(question: Question) -> list[int]:
    """For each item as displayed, its place in time (1 = earliest)."""
    return [question.order.index(i) + 1 for i in range(len(question.options))]


def matching_letters(question: Question) -> list[str]:
    """For each left item as displayed, the letter of its right item."""
    return [letter(question.options.index(right)) for _, right in question.pairs]


@dataclass(frozen=True)
class KeyLine:
    """One line of an answer: a label ('Answer', 'Also accept', '1') and its text."""

    label: str
    text: str


def answer_lines(question: Question) -> list[KeyLine]:
    """The answer to one question as a marker reads it, in the version's own letters."""
    kind = question.type
    if kind is QuestionType.CHOICE:
        assert question.correct is not None
        return [KeyLine("Answer", f"{letter(question.correct)}. {question.answer}")]
    if kind is QuestionType.TRUE_FALSE:
        return [KeyLine("Answer", question.answer)]
    if kind in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
        lines = [KeyLine("Answer", question.answer)]
        if question.accepted:
            lines.append(KeyLine("Also accept", "; ".join(question.accepted)))
        return lines
    if kind is QuestionType.MATCHING:
        return [
            KeyLine(str(i + 1), f"{left} → {code}. {right}")
            for i, ((left, right), code) in enumerate(zip(question.pairs, matching_letters(question)))
        ]
    if kind is QuestionType.CHRONOLOGY:
        positions = chronology_positions(question)
        boxes = ", ".join(f"{letter(i)} = {p}" for i, p in enumerate(positions))
        order = ", ".join(letter(i) for i in question.order)
        return [KeyLine("Order", order), KeyLine("Boxes", boxes), KeyLine("Answer", question.answer)]
    raise ValueError(f"unknown question type {kind!r}")


def source_text(question: Question) -> str:
    """The citation printed in a key; built from the raw sources when the quiz has none."""
    if question.citation:
        return question.citation
    return "; ".join(f"{s.seed}: “{s.quote}”" for s in question.sources)
