"""Question and answer, both directions: "When was the Armistice of Mudros signed?" and
"Which armistice was signed on 30 October 1918?"."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.base import fact_card
from studykit.core.generators.index import FactIndex
from studykit.core.generators.questions import About


class QAGenerator:
    name = "qa"
    card_type = CardType.QA

    def generate(self, facts: Sequence[Fact], index: FactIndex, rng: random.Random) -> Iterator[Card]:
        for fact in facts:  # no random choices: `start` makes nothing
            yield from self.fact_cards(About(fact, index, memoized=True), None)

    def start(self, rng: random.Random) -> None:
        return None

    def fact_cards(self, about: About, state: None) -> list[Card]:
        fact = about.fact
        return [
            fact_card(fact, self.name, self.card_type, ask.variant, prompt=ask.prompt, answer=ask.answer, accepted=ask.accepted)
            for ask in about.asks
        ]
