"""Cloze: the statement with its key date, name or number blanked."""

from __future__ import annotations

from studykit.core.cards import Card, CardType
from studykit.core.generators.base import PerFactGenerator, fact_card
from studykit.core.generators.questions import About

BLANK = "_____"


class ClozeGenerator(PerFactGenerator):
    name = "cloze"
    card_type = CardType.CLOZE

    def fact_cards(self, about: About, state: None) -> list[Card]:
        fact = about.fact
        return [
            fact_card(
                fact, self.name, self.card_type, blank.variant,
                prompt=blank.fill(fact.statement, BLANK), answer=blank.answer, accepted=blank.accepted,
            )
            for blank in about.blanks
        ]
