"""Multiple choice: the question-and-answer prompts with four options.

The three wrong options are of the answer's type, drawn from the base (related topics
first): dates at the same precision, people of the same category, other agreements,
places, numbers of the same magnitude and unit. None of them is also a correct answer
(every fact about the same subject or with the same value is checked), no two options are
the same answer in another spelling, and the correct option's place is random but seeded.
"""

from __future__ import annotations

from collections.abc import Iterator

from studykit.core.answers import folds
from studykit.core.cards import Card, CardType, card_id
from studykit.core.generators.base import About, CardRandom, fact_card
from studykit.core.generators.index import Entry
from studykit.core.generators.questions import Ask
from studykit.core.generators.search import distractors
from studykit.core.generators.wording import agreement_noun, cap

OPTIONS = 4


class ChoiceGenerator:
    name = "choice"
    card_type = CardType.CHOICE

    def fact_cards(self, about: About, card_rng: CardRandom) -> Iterator[Card]:
        fact, index = about.fact, about.index
        for ask in about.asks:
            if ask.distractors is None:
                continue
            rng = card_rng(card_id(fact.id, self.name, ask.variant))
            wrong = distractors(index, ask.distractors, fact, (ask.answer_key,), rng, OPTIONS - 1)
            if len(wrong) < OPTIONS - 1:
                continue
            if _spelled_alike([ask.answer, *(e.text for e in wrong if e.span is None and e.value is None)]):
                continue
            options = [ask.answer, *(cap(e.text) for e in wrong)]  # dates too: "The night of ..."
            rng.shuffle(options)
            yield fact_card(
                fact, self.name, self.card_type, ask.variant,
                prompt=_prompt(ask, wrong), answer=ask.answer, options=tuple(options), accepted=ask.accepted,
            )


def _prompt(ask: Ask, wrong: list[Entry]) -> str:
    """"Which armistice ...?" only if every option is an armistice: else "Which document ...?"."""
    if ask.choice_prompt:
        noun = agreement_noun(ask.answer)
        if any(agreement_noun(entry.text) != noun for entry in wrong):
            return ask.choice_prompt
    return ask.prompt


def _spelled_alike(texts: list[str]) -> bool:
    """Whether two names are one in another spelling. Distractors already differ by their
    folded key; this catches the rest (Azerbaijani ə read as a or e). Dates and numbers
    differ by value and are not passed."""
    if not any("ə" in text or "Ə" in text for text in texts):  # keys are the folded forms already
        return False
    seen: set[str] = set()
    for text in texts:
        forms = folds(text)
        if not seen.isdisjoint(forms):
            return True
        seen |= forms
    return False
