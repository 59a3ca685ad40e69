"""Cloze: the statement with its key date, name or number blanked."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.core.cards import Card, CardType
from studykit.core.generators.answer_kinds import cloze_answer_kind, confusables
from studykit.core.generators.base import About, CardRandom, fact_card

BLANK = "_____"


class ClozeGenerator:
    name = "cloze"
    card_type = CardType.CLOZE

    def fact_cards(self, about: About, card_rng: CardRandom) -> Iterator[Card]:
        fact = about.fact
        for blank in about.blanks:
            kind = cloze_answer_kind(fact, blank.variant, blank.answer)
            yield fact_card(
                fact, self.name, self.card_type, blank.variant,
                prompt=blank.fill(fact.statement, BLANK), answer=blank.answer, accepted=blank.accepted,
                answer_kind=kind, confusables=confusables(about.index, fact, kind, blank.answer, blank.accepted),
            )
