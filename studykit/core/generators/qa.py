"""Question and answer, both directions: "When was the Armistice of Mudros signed?" and
"Which armistice was signed on 30 October 1918?".

No open "Who was X?" or "What was <place/body>?" is asked to be typed or self-graded: its
answer is one episode of the deck (a role, a significance, a description), while a person,
place or organization is known for other things too ("Who was Rasulzade?", "What was
Petrovsk?"), so the question has many right answers. Multiple choice and matching ask them
with the frame their options give; the reverse questions ("Who was the head of ...?") stay.

What a student types must be what the sources say (`sourcing`): no date they do not give
across years, no name of an event or agreement the deck coined.
"""

from __future__ import annotations

from collections.abc import Iterator

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.answer_kinds import confusables, qa_answer_kind
from studykit.core.generators.base import About, CardRandom, fact_card
from studykit.core.generators.sourcing import date_stated, sourced_name, spelled_out

# Asks whose answer describes the subject: one right answer only among options.
OPEN_DESCRIPTIONS = frozenset(("role", "significance", "description"))


def _asks_for_a_name(variant: str, fact: Fact) -> bool:
    """Whether the question's answer is the name of the fact's agreement ("Which treaty ...?"):
    that name must be one the sources use. ("What happened on ...?" asks for a description of
    the event, revealed and graded by the student.)"""
    reverse = variant == "date-reverse" or (variant.startswith("term-") and variant.endswith("-reverse"))
    return reverse and fact.kind == "agreement"


class QAGenerator:
    name = "qa"
    card_type = CardType.QA

    def fact_cards(self, about: About, card_rng: CardRandom) -> Iterator[Card]:
        fact = about.fact
        for ask in about.asks:
            if ask.variant in OPEN_DESCRIPTIONS:
                continue
            if ask.variant == "date" and not date_stated(fact):
                continue  # "1920–1921" for an offensive the sources leave undated
            if _asks_for_a_name(ask.variant, fact) and not sourced_name(fact, about.index):
                continue  # "Which agreement ...?" -> "the secret Russo-German agreement on Baku"
            if ask.variant.endswith("-reverse") and spelled_out(ask.prompt, ask.answer):
                continue  # "What was the British service that ...?" -> "the British intelligence service"
            kind = qa_answer_kind(fact, ask.variant, ask.answer)
            yield fact_card(
                fact, self.name, self.card_type, ask.variant,
                prompt=ask.prompt, answer=ask.answer, accepted=ask.accepted,
                answer_kind=kind, confusables=confusables(about.index, fact, kind, ask.answer, ask.accepted),
            )
