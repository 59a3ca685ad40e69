"""Question and answer, both directions: "When was the Armistice of Mudros signed?" and
"Which armistice was signed on 30 October 1918?"."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.core.cards import Card, CardType
from studykit.core.generators.answer_kinds import confusables, qa_answer_kind
from studykit.core.generators.base import About, CardRandom, fact_card


class QAGenerator:
    name = "qa"
    card_type = CardType.QA

    def fact_cards(self, about: About, card_rng: CardRandom) -> Iterator[Card]:
        fact = about.fact
        for ask in about.asks:
            kind = qa_answer_kind(fact, ask.variant, ask.answer)
            yield fact_card(
                fact, self.name, self.card_type, ask.variant,
                prompt=ask.prompt, answer=ask.answer, accepted=ask.accepted,
                answer_kind=kind, confusables=confusables(about.index, fact, kind, ask.answer, ask.accepted),
            )
