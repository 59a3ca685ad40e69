"""Numbers the sources qualify ("more than 30 km", "about 1,000 men", "up to 30,000"): what
the truth allows, and wrong figures that stay outside it.

"More than 30 km" is true of every length above 30 km, so a wrong figure must exclude all of
them: "about 15 km" (at most half). "Up to 30,000" is true of every figure up to 30,000, so a
wrong one claims more: "more than 40,000". "About 1,000" allows the figures near 1,000 (within
a quarter either way), so a wrong one is about half as much, or twice, or further off.

Multiple choice is made only for "about", whose wrong options are "about" figures too. A
bounded figure has no wrong option of its own kind ("more than 60 km" may well be true), and
among options of another kind its qualifier would single it out.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterable

from studykit.core.answers import format_number
from studykit.core.facts import Fact
from studykit.core.generators.index import Entry, number_key
from studykit.core.generators.wording import cap, number_text

LOWER = ("more than", "over", "at least")   # the truth is above the figure
UPPER = ("up to", "at most", "fewer than")  # the truth is below it
NEAR = 1.25                                 # "about x": from x / 1.25 to x * 1.25
_FACTORS = {
    "about": (0.25, 0.4, 0.5, 2, 2.5, 3, 4),
    "lower": (0.2, 0.25, 0.4, 0.5),
    "upper": (1.5, 2, 3, 4),
}


def choice_allowed(fact: Fact) -> bool:
    """Whether a qualified number can be multiple choice (only "about", see the module)."""
    return fact.qualifier is None or fact.qualifier == "about"


def qualified_text(fact: Fact) -> str:
    """The answer as the source qualifies it: "more than 30 km"."""
    assert fact.value is not None and fact.unit is not None
    shown = number_text(fact.value, fact.unit)
    return f"{fact.qualifier} {shown}" if fact.qualifier else shown


def wrong_qualifier(qualifier: str) -> str:
    """How a wrong figure is claimed: "about" below a lower bound, "more than" above an upper."""
    return "more than" if qualifier in UPPER else "about"


def interval(qualifier: str | None, value: float) -> tuple[float, float]:
    """The figures a qualified one is true of: "more than 30" -> (30, inf) (open ends nudged)."""
    tiny = 1e-9 * max(abs(value), 1)
    if qualifier is None:
        return value, value
    if qualifier == "about":
        return value / NEAR, value * NEAR
    if qualifier in LOWER:
        return (value if qualifier == "at least" else value + tiny), math.inf
    return 0.0, (value - tiny if qualifier == "fewer than" else value)


def allowed_by(facts: Iterable[Fact], value: float) -> bool:
    """Whether any of the facts (about one figure) is true of the value: no wrong option then."""
    for fact in facts:
        if fact.value is not None:
            low, high = interval(fact.qualifier, float(fact.value))
            if low <= value <= high:
                return True
    return False


def wrong_values(fact: Fact, same: Iterable[Fact] = ()) -> list[float]:
    """Figures that, claimed with `wrong_qualifier`, no fact about the figure allows (`same`:
    every fact about it, this one included)."""
    assert fact.value is not None and fact.qualifier is not None
    value = float(fact.value)
    group = "about" if fact.qualifier == "about" else "upper" if fact.qualifier in UPPER else "lower"
    facts = [fact, *same]
    out: list[float] = []
    for factor in _FACTORS[group]:
        candidate = _round(value * factor, integral=value.is_integer())
        low, high = interval(wrong_qualifier(fact.qualifier), candidate)
        clear = all(
            high < interval(f.qualifier, float(f.value))[0] or low > interval(f.qualifier, float(f.value))[1]
            for f in facts if f.value is not None
        )
        if candidate > 0 and clear and candidate not in out:
            out.append(candidate)
    return out


def _round(number: float, *, integral: bool) -> float:
    """Two significant figures: 7.5 -> 8 (for whole numbers), 45,000, 12."""
    if number <= 0:
        return 0.0
    step = 10 ** max(math.floor(math.log10(number)) - 1, 0 if integral else -6)
    rounded = round(number / step) * step
    return float(max(1, round(rounded)) if integral else rounded)


def wrong_options(fact: Fact, same: Iterable[Fact]) -> Callable[[random.Random], Iterable[Entry]]:
    """Wrong options for an "about" figure: "About 2,000 men", none that a fact about it allows."""
    values = wrong_values(fact, same)

    def make(rng: random.Random) -> Iterable[Entry]:
        shuffled = list(values)
        rng.shuffle(shuffled)
        return [
            Entry(cap(f"about {number_text(v, fact.unit or '')}"), number_key(v), fact.id, value=v) for v in shuffled
        ]

    return make


def qualifier_span(statement: str, number_start: int, qualifier: str) -> int | None:
    """Where the qualifier before the number starts ("more than 30 km"), or None."""
    found = re.search(rf"\b{re.escape(qualifier)}\s+$", statement[:number_start], re.IGNORECASE)
    return found.start() if found else None


def false_claim(fact: Fact, shown: str, value: float) -> str:
    """The wrong figure as the false statement shows it, in the case of the words it replaces."""
    claim = f"{wrong_qualifier(fact.qualifier or 'about')} {format_number(value)}"
    return cap(claim) if shown[:1].isupper() else claim
