"""The quiz model: what the quiz builder makes and every quiz format renders.

A quiz is a fixed list of questions; each version (A, B, C, ...) holds the same questions
in its own order with its own option order, so neighbours cannot copy and one answer key
per version marks it. Pure data: the renderers (print, GIFT, Moodle XML, QTI, CSV, JSON)
and `studykit quiz take` only read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from studykit.core.answers import AnswerKind
from studykit.core.facts import Source


class QuestionType(str, Enum):
    CHOICE = "choice"              # one correct option among lettered options
    TRUE_FALSE = "truefalse"       # a statement, true or false
    SHORT_ANSWER = "short"         # a typed answer; `accepted` lists other right answers
    MATCHING = "matching"          # pair each left item with one right item
    CHRONOLOGY = "chronology"      # put the items in order, earliest first
    MISSING_WORD = "missing_word"  # a statement with one blank (`BLANK`) to fill in


BLANK = "_____"
"""How a missing-word question marks its blank in `prompt` (exactly once)."""

TYPE_LABELS: dict[QuestionType, str] = {
    QuestionType.CHOICE: "Multiple choice",
    QuestionType.TRUE_FALSE: "True or false",
    QuestionType.SHORT_ANSWER: "Short answer",
    QuestionType.MATCHING: "Matching",
    QuestionType.CHRONOLOGY: "Chronology",
    QuestionType.MISSING_WORD: "Missing word",
}


_PAPER = re.compile(
    r"\b(?:circle|circles|circled|tick|ticks|underline|cross(?:es)? out|pen|pencil|ink|sheet|paper|box|boxes|"
    r"blank line|space provided|overleaf|turn over|staple)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r"\s*[:;]\s*")


def without_paper(instructions: str) -> str:
    """Instructions for paper without the clauses that only paper asks for: "Each question has
    one correct answer: circle its letter." reads "Each question has one correct answer."."""
    kept = []
    for sentence in _SENTENCE.split(" ".join(instructions.split())):
        clauses = [c for c in _CLAUSE.split(sentence.rstrip(".!?")) if c and not _PAPER.search(c)]
        if clauses:
            text = "; ".join(clauses)
            kept.append(text[:1].upper() + text[1:] + (sentence[-1] if sentence[-1:] in ".!?" else "."))
    return " ".join(kept)


def letter(index: int) -> str:
    """Option letters: A, B, … Z, then AA, AB (no quiz has that many, but never crash)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


@dataclass(frozen=True)
class Question:
    """One question as a version shows it.

    By type:
    - CHOICE: `options` in display order (letter A is `options[0]`), `correct` its index;
      `answer` is `options[correct]`.
    - TRUE_FALSE: `prompt` is the statement alone (no "True or false:" prefix); `answer`
      is "True" or "False"; `options` == ("True", "False").
    - SHORT_ANSWER and MISSING_WORD: `answer` is the canonical answer, `accepted` the other
      answers a marker should accept (aliases, other date forms); `answer_kind` what it is
      (a description is marked by the teacher, not the machine) and `confusables` the other
      known names a typed answer must not be taken for.
    - MATCHING: `pairs` are the correct (left, right) pairs in display order of the left
      column; `options` is the right column in its shuffled display order.
    - CHRONOLOGY: `options` are the items in display (shuffled) order; `order` the indexes
      of `options` from earliest to latest; `answer` the items in the right order joined
      by " → ".

    `id` is stable: the card id it came from, or `<quiz file stem>:<n>` for a hand-written
    question. `sources` are the verbatim quotes the answer rests on (empty only for a
    hand-written question whose author gave none); `citation` is the human-readable form
    printed in the answer key.
    """

    id: str
    type: QuestionType
    prompt: str
    answer: str
    points: float
    options: tuple[str, ...] = ()
    correct: int | None = None
    accepted: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    order: tuple[int, ...] = ()
    fact_ids: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    citation: str = ""
    explanation: str = ""  # the fact's statement or the author's note, shown in keys and reviews
    answer_kind: AnswerKind = AnswerKind.TEXT
    confusables: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type.value,
            "prompt": self.prompt,
            "answer": self.answer,
            "points": self.points,
        }
        if self.options:
            out["options"] = list(self.options)
        if self.correct is not None:
            out["correct"] = self.correct
        if self.accepted:
            out["accepted"] = list(self.accepted)
        if self.answer_kind is not AnswerKind.TEXT:
            out["answer_kind"] = self.answer_kind.value
        if self.pairs:
            out["pairs"] = [list(p) for p in self.pairs]
        if self.order:
            out["order"] = list(self.order)
        out["fact_ids"] = list(self.fact_ids)
        out["sources"] = [{"seed": s.seed, "quote": s.quote} for s in self.sources]
        out["citation"] = self.citation
        if self.explanation:
            out["explanation"] = self.explanation
        return out


@dataclass(frozen=True)
class QuizVersion:
    """One printed version: the quiz's questions in this version's order."""

    label: str  # "A", "B", ...
    questions: tuple[Question, ...]

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.questions)


@dataclass(frozen=True)
class Quiz:
    """A built quiz. Every version holds the same questions (same ids), shuffled."""

    title: str
    instructions: str
    seed: int
    versions: tuple[QuizVersion, ...]
    source_file: str | None = None  # the quiz file it was built from, if any
    settings: dict[str, Any] = field(default_factory=dict)  # what was asked for, for the record
    screen_instructions: str = ""  # what `quiz take` shows instead of the printed instructions

    @property
    def instructions_on_screen(self) -> str:
        """The instructions a student taking the quiz in the terminal reads: the quiz's own
        screen instructions, or the printed ones without what only a paper copy asks for
        ("circle its letter", "tick the box", "in pen")."""
        return self.screen_instructions or without_paper(self.instructions)

    @property
    def questions(self) -> tuple[Question, ...]:
        """The questions in version A's order."""
        return self.versions[0].questions

    def version(self, label: str) -> QuizVersion:
        for version in self.versions:
            if version.label == label:
                return version
        raise KeyError(label)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "instructions": self.instructions,
            **({"screen_instructions": self.screen_instructions} if self.screen_instructions else {}),
            "seed": self.seed,
            "source_file": self.source_file,
            "settings": self.settings,
            "versions": [
                {
                    "label": v.label,
                    "total_points": v.total_points,
                    "questions": [q.to_dict() for q in v.questions],
                }
                for v in self.versions
            ],
        }
