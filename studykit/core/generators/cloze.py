"""Cloze: the statement with its key date, name or number blanked."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.base import fact_card
from studykit.core.generators.index import FactIndex
from studykit.core.generators.questions import About

BLANK = "_____"


class ClozeGenerator:
    name = "cloze"
    card_type = CardType.CLOZE

    def generate(self, facts: Sequence[Fact], index: FactIndex, rng: random.Random) -> Iterator[Card]:
        for fact in facts:  # no random choices: `start` makes nothing
            yield from self.fact_cards(About(fact, index, memoized=True), None)

    def start(self, rng: random.Random) -> None:
        return None

    def fact_cards(self, about: About, state: None) -> list[Card]:
        fact = about.fact
        return [
            fact_card(
                fact, self.name, self.card_type, blank.variant,
                prompt=blank.fill(fact.statement, BLANK), answer=blank.answer, accepted=blank.accepted,
            )
            for blank in about.blanks
        ]
