"""Whether a cloze's answer still stands around its blanks (questions._left_standing: str.find
and boundary tests, f998c2e) agrees with the regular expression it replaced: the answer as a
whole word of the text outside the blanks, not inside a word or a number before it ("1,30")
nor after it ("30,000", "30.5")."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from studykit.core.generators.questions import _left_standing

CHARACTERS = tuple("ab1٣é_ ,.-")  # letters, digits (one Arabic-Indic), the separators it tests


def left_standing(statement: str, spans: tuple[tuple[int, int], ...], answer: str) -> bool:
    """The reference: the regular expression the function used before f998c2e."""
    cuts = (0, *(e for _, e in spans)), (*(s for s, _ in spans), None)
    outside = " ".join(statement[a:b] for a, b in zip(*cuts))
    return bool(answer) and re.search(rf"(?<![\w,.]){re.escape(answer)}(?![\w]|[,.]\d)", outside) is not None


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, tuple[tuple[int, int], ...], str]:
    answer = draw(st.text("a1 ,", max_size=3))
    # the answer among single characters: it occurs often, next to itself and overlapping
    statement = "".join(draw(st.lists(st.one_of(st.just(answer), st.sampled_from(CHARACTERS)), max_size=9)))
    cuts = sorted(draw(st.lists(st.integers(0, len(statement)), max_size=4)))
    return statement, tuple(zip(cuts[::2], cuts[1::2])), answer


@settings(max_examples=300, deadline=None)
@given(cases())
@example(("ba a a", (), "a a"))  # standing only where it overlaps an occurrence inside a word
def test_left_standing_agrees_with_the_regular_expression(case: tuple[str, tuple[tuple[int, int], ...], str]) -> None:
    statement, spans, answer = case
    assert _left_standing(statement, spans, answer) == left_standing(statement, spans, answer)


def test_the_reference_reads_the_cases_that_matter() -> None:
    assert left_standing("in 1,30 and 30,000 and 30.5", (), "30") is False
    assert left_standing("in 30, then", (), "30") is True
    assert left_standing("Baku and ____ Baku", ((9, 13),), "Baku") is True
