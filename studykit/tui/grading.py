"""Between an answer and a grade: the verdict shown to the student and the grade suggested.

Typed answers, orders and pairs are judged by the core's checker (`studykit.core.answers`),
which also suggests a grade as a button and as an SM-2 quality; this module turns its
result, or the plain comparison of a choice or a true/false, into what the screen shows.
A suggestion is only ever a suggestion, and where nothing was judged (the answer only
revealed, an empty answer, a description the student compares for themselves) there is none:
the student grades. (An imported Anki card without a typed answer keeps Anki's habit:
Enter gives Good.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from studykit.core.cards import CardType
from studykit.core.notecards import AnyCard, NoteCard
from studykit.core.sm2 import Button, Preview, Quality, preview_label
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

    `suggested` is a button name and `quality` the SM-2 quality, as the core suggests them;
    both None when nothing was judged (the student grades).
    """

    correct: bool | None
    verdict: Text | None
    detail: Text | None
    suggested: str | None = None
    quality: int | None = None


@dataclass(frozen=True)
class Grading:
    """Four buttons (1–4), or SM-2 qualities (0–5) with `sm2`."""

    sm2: bool = False

    @property
    def keys(self) -> tuple[tuple[str, str], ...]:
        if self.sm2:
            return tuple((str(q), label) for q, label in enumerate(QUALITY_LABELS))
        return tuple((GRADE_KEYS[b], b.capitalize()) for b in BUTTONS)

    def suggestion(self, outcome: Outcome) -> str | int | None:
        """The grade Enter gives: the suggested button, or in SM-2 mode the suggested quality;
        None when nothing is suggested."""
        return outcome.quality if self.sm2 else outcome.suggested

    def key_for(self, outcome: Outcome) -> str | None:
        if self.sm2:
            return None if outcome.quality is None else str(outcome.quality)
        return None if outcome.suggested is None else GRADE_KEYS[outcome.suggested]

    def intervals(
        self, buttons: Mapping[Button, Preview], qualities: Mapping[Quality, Preview],
    ) -> tuple[tuple[str, str], ...]:
        """(key, "6d") for each grade key whose outcome is known, as Anki writes it on its buttons."""
        shown: Mapping[Button, Preview] | Mapping[Quality, Preview] = qualities if self.sm2 else buttons
        return tuple((str(int(grade)), preview_label(preview)) for grade, preview in shown.items())


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
    """Judge one answer; with none given (the student just revealed), suggest nothing."""
    from studykit.core import answers  # its patterns compile on first use, not at startup

    if isinstance(card, NoteCard):
        return note_outcome(card, typed)
    if typed:
        result = answers.check_answer(typed, card.answer, card.accepted, kind=card.answer_kind,
                                      others=card.confusables)
        return _from_result(result, typed=typed)
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

    if card.type_in is None:
        return Outcome(None, None, None, *_RIGHT)  # Anki's way: Space or Enter after the answer is Good
    if not typed:
        return Outcome(None, None, None)  # an empty answer box: nothing judged, nothing suggested
    return _from_result(answers.check_answer(typed, card.type_in.expected), typed=typed)


def _from_result(result: AnswerResult, *, typed: str | None = None) -> Outcome:
    from studykit.core.answers import Verdict

    if result.verdict is Verdict.CORRECT:
        verdict = verdict_text(True, result.message.rstrip(".") or "Right")
    elif result.verdict is Verdict.NEAR:
        verdict = near_text(f"Almost: {result.message}")
    elif result.verdict is Verdict.PARTLY:
        verdict = near_text(result.message)
    elif result.verdict is Verdict.UNJUDGED:
        verdict = verdict_text(None, result.message)
    else:
        verdict = verdict_text(False, result.message or "Wrong")
    detail = None
    if typed is not None:
        detail = Text("You typed: ", style="dim")
        detail.append_text(plain(typed))
    correct = None if result.verdict is Verdict.UNJUDGED else result.correct
    return Outcome(correct, verdict, detail, result.suggested, result.quality)
