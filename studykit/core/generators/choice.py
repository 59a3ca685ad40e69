"""Multiple choice: the question-and-answer prompts with four options.

The three wrong options are of the answer's type, drawn from the base (related topics
first): dates at the same precision, people of the same side, period and category, other
agreements made the same way, places, numbers of the same magnitude and unit. None of them
is also a correct answer (every fact about the same subject or with the same value is
checked), no two are the same answer in another spelling or about the same person or body,
and together they make a fair question (`options.pick`: no give-away by a word of the
prompt or by length). The correct option's place is random but seeded.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from functools import partial

from studykit.core.answers import folds
from studykit.core.cards import Card, CardType, card_id
from studykit.core.generators.base import About, CardRandom, fact_card
from studykit.core.generators.index import Entry
from studykit.core.generators.options import CANDIDATES, answer_owners, answer_profile, owners_of, pick, ranked
from studykit.core.generators.questions import Ask
from studykit.core.generators.search import Verdicts, distractors
from studykit.core.generators.wording import AGREEMENT_NOUNS, agreement_noun, cap, named_noun

OPTIONS = 4


class ChoiceGenerator:
    name = "choice"
    card_type = CardType.CHOICE

    def fact_cards(self, about: About, card_rng: CardRandom) -> Iterator[Card]:
        fact = about.fact
        for ask in about.asks:
            if ask.distractors is None:
                continue
            identifier = card_id(fact.id, self.name, ask.variant)
            verdicts = Verdicts(ask.distractors)  # one verdict per candidate for both searches
            # Whether there is a fair set at all is decided on a search of its own, in an order
            # that depends on the card alone: a card exists or not whatever the seed.
            fair = self._options(about, ask, verdicts, random.Random(identifier))
            if fair is None:
                continue
            rng = card_rng(identifier)
            wrong, prompt = self._options(about, ask, verdicts, rng) or fair
            options = [ask.answer, *(cap(e.text) for e in wrong)]  # dates too: "The night of ..."
            rng.shuffle(options)
            yield fact_card(
                fact, self.name, self.card_type, ask.variant,
                prompt=prompt, answer=ask.answer, options=tuple(options), accepted=ask.accepted,
            )


    @staticmethod
    def _options(about: About, ask: Ask, verdicts: Verdicts, rng: random.Random) -> tuple[list[Entry], str] | None:
        """Three fair wrong options (`options.pick`) and the prompt they go with, or None."""
        fact, index = about.fact, about.index
        found = distractors(index, verdicts, fact, (ask.answer_key,), rng, CANDIDATES)
        if len(found) < OPTIONS - 1:
            return None
        chosen = pick(
            partial(_prompt, ask), ask.answer, answer_owners(index, fact, ask.variant, ask.answer_key),
            ranked(index, ask.variant, answer_profile(index, fact, ask.variant), found),
            partial(owners_of, index, ask.variant), OPTIONS - 1, may_ask=_may_ask(ask),
        )
        names = [e.text for e in (chosen[0] if chosen else ()) if e.span is None and e.value is None]
        if chosen is None or _spelled_alike([ask.answer, *names]):
            return None
        return chosen


def _prompt(ask: Ask, wrong: Sequence[Entry]) -> str:
    """"Which armistice ...?" only if every option is an armistice; "Which agreement ...?" if
    every option is an agreement (a treaty, an armistice, an understanding, ...); else
    "Which document ...?" (a name that holds no such noun, "the Appeal to the Muslims of
    Russia and the East", is a document)."""
    if not ask.choice_prompt:
        return ask.prompt
    asked = agreement_noun(ask.answer)
    nouns = {named_noun(text) for text in (ask.answer, *(entry.text for entry in wrong))}
    if nouns == {asked}:
        return ask.prompt
    return _neutral(ask, "agreement" if nouns <= AGREEMENT_NOUNS else "document")


def _neutral(ask: Ask, noun: str) -> str:
    return ask.prompt.replace(f"Which {agreement_noun(ask.answer)} ", f"Which {noun} ", 1)


def _may_ask(ask: Ask) -> tuple[str, ...]:
    """Every prompt `_prompt` may give the question, whatever its options."""
    if not ask.choice_prompt:
        return (ask.prompt,)
    return (ask.prompt, _neutral(ask, "agreement"), _neutral(ask, "document"))


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
