"""The quality rules every built quiz keeps, as small checks the builder and the tests share.

- One correct answer: a choice question has distinct options and its answer is one of
  them; a matching question has distinct left and distinct right items; a chronology
  question's `order` is a permutation of its items; a missing-word prompt has one blank.
- No give-aways: no question shows, as a given, what another question asks for. A
  question's *keys* are what a student must produce (the answer of a choice, short-answer
  or missing-word question and the forms it accepts; each left–right pair of a matching);
  its *givens* are what it shows as true (its prompt; the items of a matching or
  chronology). A key given away is one whose folded words stand, word-bounded, in another
  question's givens (for a pair: both sides do). True-or-false answers and chronology
  orders have no key: "True" or an order cannot be read off another prompt. Choice
  options are not givens: a distractor states nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from studykit.core.answers import fold
from studykit.core.quiz.model import BLANK, Question, QuestionType

_RECALL = (QuestionType.CHOICE, QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD)


def _words(text: str) -> str:
    return f" {fold(text)} "


@lru_cache(maxsize=8192)  # the builder asks again for every candidate it weighs
def givens(question: Question) -> str:
    """The folded text a question shows as true, padded for word-bounded search."""
    parts = [question.prompt.replace(BLANK, " ")]
    if question.type is QuestionType.MATCHING:
        parts += [left for left, _ in question.pairs] + [right for _, right in question.pairs]
    elif question.type is QuestionType.CHRONOLOGY:
        parts += list(question.options)
    return " | ".join(_words(p) for p in parts)


@lru_cache(maxsize=8192)
def keys(question: Question) -> tuple[tuple[str, ...], ...]:
    """What a student must produce; each key is one or more folded phrases that must all show
    for the key to be given away."""
    if question.type in _RECALL:
        forms = dict.fromkeys(fold(a) for a in (question.answer, *question.accepted))
        return tuple((form,) for form in forms if form)
    if question.type is QuestionType.MATCHING:
        return tuple((fold(left), fold(right)) for left, right in question.pairs)
    return ()


def gives_away(shown: Question, asked: Question) -> bool:
    """True when `shown` states what `asked` asks for."""
    text = givens(shown)
    return any(all(f" {part} " in text for part in key) for key in keys(asked) if key)


def give_aways(questions: Sequence[Question]) -> list[tuple[str, str]]:
    """Every (shown id, asked id) pair where one question gives another away."""
    return [
        (a.id, b.id) for a in questions for b in questions if a.id != b.id and gives_away(a, b)
    ]


def one_correct_answer(question: Question) -> str | None:
    """Why the question does not have exactly one correct answer, or None when it does."""
    kind = question.type
    if kind is QuestionType.CHOICE:
        folded = [fold(o) for o in question.options]
        if len(question.options) < 2:
            return "a choice question needs at least two options"
        if len(set(folded)) != len(folded):
            return "two options say the same"
        if question.correct is None or not 0 <= question.correct < len(question.options):
            return "the correct option is not one of the options"
        if question.options[question.correct] != question.answer:
            return "the answer is not the option marked correct"
    elif kind is QuestionType.TRUE_FALSE:
        if question.answer not in ("True", "False") or question.options != ("True", "False"):
            return "a true-or-false answer is True or False"
    elif kind is QuestionType.MATCHING:
        lefts = [fold(left) for left, _ in question.pairs]
        rights = [fold(right) for _, right in question.pairs]
        if len(question.pairs) < 2 or len(set(lefts)) != len(lefts) or len(set(rights)) != len(rights):
            return "a matching needs at least two pairs, with no item repeated on either side"
        if sorted(question.options) != sorted(r for _, r in question.pairs):
            return "the right column is not the right items of the pairs"
    elif kind is QuestionType.CHRONOLOGY:
        if len(question.options) < 2 or len({fold(o) for o in question.options}) != len(question.options):
            return "a chronology needs at least two distinct items"
        if sorted(question.order) != list(range(len(question.options))):
            return "the order is not a permutation of the items"
    elif kind is QuestionType.MISSING_WORD and question.prompt.count(BLANK) != 1:
        return f"a missing-word prompt has exactly one blank ({BLANK})"
    if kind is not QuestionType.MATCHING and kind is not QuestionType.CHRONOLOGY and not question.answer.strip():
        return "no answer"
    return None
