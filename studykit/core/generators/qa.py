"""Question and answer, both directions: "When was the Armistice of Mudros signed?" and
"Which armistice was signed on 30 October 1918?".

No open "Who was X?" or "What was <place/body>?" is asked to be typed or self-graded: its
answer is one episode of the deck (a role, a significance, a description), while a person,
place or organization is known for other things too ("Who was Rasulzade?", "What was
Petrovsk?"), so the question has many right answers. Multiple choice and matching ask them
with the frame their options give; the reverse questions ("Who was the head of ...?") stay.
"""

from __future__ import annotations

from collections.abc import Iterator

from studykit.core.cards import Card, CardType
from studykit.core.generators.answer_kinds import confusables, qa_answer_kind
from studykit.core.generators.base import About, CardRandom, fact_card

# Asks whose answer describes the subject: one right answer only among options.
OPEN_DESCRIPTIONS = frozenset(("role", "significance", "description"))


class QAGenerator:
    name = "qa"
    card_type = CardType.QA

    def fact_cards(self, about: About, card_rng: CardRandom) -> Iterator[Card]:
        fact = about.fact
        for ask in about.asks:
            if ask.variant in OPEN_DESCRIPTIONS:
                continue
            kind = qa_answer_kind(fact, ask.variant, ask.answer)
            yield fact_card(
                fact, self.name, self.card_type, ask.variant,
                prompt=ask.prompt, answer=ask.answer, accepted=ask.accepted,
                answer_kind=kind, confusables=confusables(about.index, fact, kind, ask.answer, ask.accepted),
            )
