"""Cloze: the statement with its key date, name or number blanked; a date only where the
sources give it (`sourcing.date_stated`): the blank is typed."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.core.cards import Card, CardType
from studykit.core.generators.answer_kinds import cloze_answer_kind, confusables
from studykit.core.generators.base import About, CardRandom, fact_card
from studykit.core.generators.sourcing import date_stated, one_sided

BLANK = "_____"


class ClozeGenerator:
    name = "cloze"
    card_type = CardType.CLOZE

    def fact_cards(self, about: About, card_rng: CardRandom) -> Iterator[Card]:
        fact = about.fact
        if one_sided(fact):  # the sentence would teach one source's charge as fact
            return
        for blank in about.blanks:
            if blank.variant == "date" and not date_stated(fact):
                continue  # "In _____ the Turkish offensive ..." -> "1920–1921", which no source says
            kind = cloze_answer_kind(fact, blank.variant, blank.answer)
            yield fact_card(
                fact, self.name, self.card_type, blank.variant,
                prompt=blank.fill(fact.statement, BLANK), answer=blank.answer, accepted=blank.accepted,
                answer_kind=kind, confusables=confusables(about.index, fact, kind, blank.answer, blank.accepted),
            )
