"""Between an answer and a grade: the verdict shown to the student and the grade suggested.

Typed answers, orders and pairs are judged by the core's checker (`studykit.core.answers`),
which also suggests a grade as a button and as an SM-2 quality; this module turns its
result, or the plain comparison of a choice or a true/false, into what the screen shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from studykit.core.cards import CardType
from studykit.core.notecards import AnyCard, NoteCard
from studykit.tui.widgets import plain
from studykit.tui.widgets.panes import near_text, verdict_text

if TYPE_CHECKING:
    from studykit.core.answers import AnswerResult

BUTTONS = ("again", "hard", "good", "easy")
GRADE_KEYS = {"again": "1", "hard": "2", "good": "3", "easy": "4"}
QUALITY_LABELS = ("blank", "wrong", "almost", "hard", "good", "perfect")


@dataclass(frozen=True)
class Outcome:
    """What the student's answer came to: `correct` is None when they only revealed the answer.

    `suggested` is a button name and `quality` the SM-2 quality, as the core suggests them.
    """

    correct: bool | None
    verdict: Text | None
    detail: Text | None
    suggested: str = "good"
    quality: int = 4


@dataclass(frozen=True)
class Grading:
    """Four buttons (1–4), or SM-2 qualities (0–5) with `sm2`."""

    sm2: bool = False

    @property
    def keys(self) -> tuple[tuple[str, str], ...]:
        if self.sm2:
            return tuple((str(q), label) for q, label in enumerate(QUALITY_LABELS))
        return tuple((GRADE_KEYS[b], b.capitalize()) for b in BUTTONS)

    def suggestion(self, outcome: Outcome) -> str | int:
        """The grade Enter gives: the suggested button, or in SM-2 mode the suggested quality."""
        return outcome.quality if self.sm2 else outcome.suggested

    def key_for(self, outcome: Outcome) -> str:
        return str(outcome.quality) if self.sm2 else GRADE_KEYS[outcome.suggested]


_RIGHT, _WRONG = ("good", 4), ("again", 1)


def check_outcome(
    card: AnyCard,
    *,
    typed: str | None = None,
    chosen: int | None = None,
    order: Sequence[int] | None = None,
    expected: Sequence[int] | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
    truth: bool | None = None,
) -> Outcome:
    """Judge one answer; with none given (the student just revealed), suggest Good."""
    from studykit.core import answers  # its patterns compile on first use, not at startup

    if isinstance(card, NoteCard):
        return note_outcome(card, typed)
    if typed:
        return _from_result(answers.check_answer(typed, card.answer, card.accepted), typed=typed)
    if chosen is not None:
        right = card.options[chosen] == card.answer
        return Outcome(right, verdict_text(right, "Right" if right else "Wrong"), None, *(_RIGHT if right else _WRONG))
    if pairs is not None:
        return _from_result(answers.check_pairs(pairs, card.pairs))
    if order is not None and expected is not None:
        return _from_result(answers.check_order(order, expected))
    if truth is not None:
        right = truth == (card.answer.strip().lower() == "true")
        return Outcome(right, verdict_text(right, "Right" if right else "Wrong"), None, *(_RIGHT if right else _WRONG))
    if card.type is CardType.TRUE_FALSE:
        return Outcome(None, verdict_text(None, f"It is {card.answer.lower()}."), None)
    return Outcome(None, None, None)


def note_outcome(card: NoteCard, typed: str | None) -> Outcome:
    """An imported card: a `{{type:…}}` card's typed answer checked against the field's text;
    any other is graded by the student, as in Anki (Enter gives Good)."""
    from studykit.core import answers

    if card.type_in is None or not typed:
        return Outcome(None, None, None)
    return _from_result(answers.check_answer(typed, card.type_in.expected), typed=typed)


def _from_result(result: AnswerResult, *, typed: str | None = None) -> Outcome:
    from studykit.core.answers import Verdict

    if result.verdict is Verdict.CORRECT:
        verdict = verdict_text(True, result.message.rstrip(".") or "Right")
    elif result.verdict is Verdict.NEAR:
        verdict = near_text(f"Almost: {result.message}")
    else:
        verdict = verdict_text(False, result.message or "Wrong")
    detail = None
    if typed is not None:
        detail = Text("You typed: ", style="dim")
        detail.append_text(plain(typed))
    return Outcome(result.correct, verdict, detail, result.suggested, result.quality)
