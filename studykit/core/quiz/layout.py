"""Lay out one version of a quiz: question order, option order, and the letters of the answers.

Questions are grouped by type (in `QuestionType` order, so a printed quiz has one section
per type) and shuffled within each group. Each choice question's correct option goes to
the letter used least so far in this version (ties broken by the version's generator), so
correct letters spread evenly: eight four-option questions put two answers under each of
A–D, and counts that do not divide differ by at most one. Matching right columns are
shuffled so that no right item stands beside its own left item; chronology items never
show in the right order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from studykit.core.quiz.model import Question, QuestionType, QuizVersion


def lay_out_version(questions: Sequence[Question], label: str, rng: random.Random) -> QuizVersion:
    ordered: list[Question] = []
    for kind in QuestionType:
        group = [q for q in questions if q.type is kind]
        rng.shuffle(group)
        ordered += group
    letters: dict[int, int] = {}
    out = []
    for question in ordered:
        if question.type is QuestionType.CHOICE:
            question = _place_choice(question, letters, rng)
        elif question.type is QuestionType.MATCHING:
            question = _shuffle_matching(question, rng)
        elif question.type is QuestionType.CHRONOLOGY:
            question = _shuffle_chronology(question, rng)
        out.append(question)
    return QuizVersion(label=label, questions=tuple(out))


def _place_choice(question: Question, letters: dict[int, int], rng: random.Random) -> Question:
    assert question.correct is not None
    positions = range(len(question.options))
    least = min(letters.get(i, 0) for i in positions)
    target = rng.choice([i for i in positions if letters.get(i, 0) == least])
    letters[target] = letters.get(target, 0) + 1
    answer = question.options[question.correct]
    others = [o for i, o in enumerate(question.options) if i != question.correct]
    rng.shuffle(others)
    options = [*others[:target], answer, *others[target:]]
    return replace(question, options=tuple(options), correct=target, answer=answer)


def _shuffle_matching(question: Question, rng: random.Random) -> Question:
    pairs = list(question.pairs)
    rng.shuffle(pairs)
    rights = [right for _, right in pairs]
    shown = _deranged(rights, rng)
    return replace(question, pairs=tuple(pairs), options=tuple(shown))


def _deranged(items: list[str], rng: random.Random) -> list[str]:
    """The items shuffled so that none stays in its place (a rotation if chance will not oblige)."""
    if len(items) < 2:
        return list(items)
    for _ in range(20):
        shown = list(items)
        rng.shuffle(shown)
        if all(a != b for a, b in zip(shown, items)):
            return shown
    return items[1:] + items[:1]


def _shuffle_chronology(question: Question, rng: random.Random) -> Question:
    in_order = [question.options[i] for i in question.order]
    shown = list(in_order)
    for _ in range(20):
        rng.shuffle(shown)
        if shown != in_order:
            break
    else:
        shown = in_order[1:] + in_order[:1]
    return replace(question, options=tuple(shown), order=tuple(shown.index(item) for item in in_order))
