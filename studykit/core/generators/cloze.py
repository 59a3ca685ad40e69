"""Cloze: the statement with its key date, name or number blanked; a date only where the
sources give it (`sourcing.date_stated`): the blank is typed."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.answer_kinds import cloze_answer_kind, confusables
from studykit.core.generators.base import About, CardRandom, fact_card
from studykit.core.generators.questions import Blank
from studykit.core.generators.sourcing import date_stated, one_sided, spelled_out
from studykit.core.generators.wording import bare

BLANK = "_____"


def _after_title(fact: Fact, blank: Blank) -> bool:
    """Whether a blank follows the fact's own title and "of" ("the Treaty of Sèvres of _____", "the
    Appeal to the Muslims of Russia and the East of _____"): it reads as the end of the title, not
    as its date."""
    titled = tuple(f"{bare(name).casefold()} of" for name in (fact.name, *fact.aliases) if name)
    return any(fact.statement[:start].casefold().rstrip().endswith(titled) for start, _ in blank.spans)


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
            if blank.variant == "date" and _after_title(fact, blank):
                continue  # "the Appeal to the Muslims of Russia and the East of _____" reads as its title
            around = blank.fill(fact.statement, " ")
            if blank.variant in ("name", "place", "leader") and spelled_out(around, blank.answer):
                continue  # "The _____ was the Turkish Nationalist assembly ..." -> "Grand National Assembly"
            kind = cloze_answer_kind(fact, blank.variant, blank.answer)
            yield fact_card(
                fact, self.name, self.card_type, blank.variant,
                prompt=blank.fill(fact.statement, BLANK), answer=blank.answer, accepted=blank.accepted,
                answer_kind=kind, confusables=confusables(about.index, fact, kind, blank.answer, blank.accepted),
            )
