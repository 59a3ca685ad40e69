"""Question and answer, both directions: "When was the Armistice of Mudros signed?" and
"Which armistice was signed on 30 October 1918?"."""

from __future__ import annotations

from studykit.core.cards import Card, CardType
from studykit.core.generators.base import PerFactGenerator, fact_card
from studykit.core.generators.questions import About


class QAGenerator(PerFactGenerator):
    name = "qa"
    card_type = CardType.QA

    def fact_cards(self, about: About, state: None) -> list[Card]:
        fact = about.fact
        return [
            fact_card(fact, self.name, self.card_type, ask.variant, prompt=ask.prompt, answer=ask.answer, accepted=ask.accepted)
            for ask in about.asks
        ]
