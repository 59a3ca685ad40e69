"""Matching: sets of people and roles, agreements and dates, events and places (for quizzes).

Within a card no two right-hand items are the same (two events at Baku never share a
card; agreements on overlapping dates neither), so each card has one correct matching.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.base import CardRandom, group_card, shuffled
from studykit.core.generators.chronology import by_deck, partition, stated_as_fact, undated_name
from studykit.core.generators.date_index import overlap, span
from studykit.core.generators.index import FactIndex, key
from studykit.core.generators.questions import date_bounded
from studykit.core.generators.wording import AGREEMENT_NOUNS, agreement_noun, cap


@dataclass(frozen=True)
class Pairing:
    label: str
    prompt: str
    wanted: Callable[[Fact], bool]
    left: Callable[[Fact], str]
    right: Callable[[Fact], str]
    fits: Callable[[Fact, Fact], bool]  # whether two facts can share a card


def _distinct(a: Fact, b: Fact, left: Callable[[Fact], str], right: Callable[[Fact], str]) -> bool:
    return key(left(a)) != key(left(b)) and key(right(a)) != key(right(b))


def _names(f: Fact) -> tuple[str, ...]:
    return tuple(n for n in (f.name, *f.aliases) if n)


_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> str:
    return f" {' '.join(_WORD.findall(text.casefold()))} "


def _named_in(f: Fact, text: str) -> bool:
    return any(_words(n) in _words(text) for n in _names(f))


def _role_fits_only_one(a: Fact, b: Fact) -> bool:
    """Whether neither person's role could be the other's: a role drawn from a sentence that
    names the other too ("Enver, Cemal, Bahaettin Şakir, ... Dr Nazim and other one-time
    Ittihadist central committee members kept in contact with Mustafa Kemal") fits both, and
    the pair would be settled by elimination, not knowledge. Such people never share a card."""
    return not any(
        _named_in(other, source.quote) for one, other in ((a, b), (b, a)) for source in one.sources
    )


def _overlap(a: Fact, b: Fact) -> bool:
    if a.date is None or b.date is None:
        return False
    return overlap(span(a.date), span(b.date))


def _role(f: Fact) -> str:
    return cap(f.role or "")


def _name(f: Fact) -> str:
    return cap(f.name or "")


def _undated_name(f: Fact) -> str:
    return cap(undated_name(f) or "")


def _date(f: Fact) -> str:
    return f.date.display() if f.date else ""


def _place(f: Fact) -> str:
    return f.place or ""


PAIRINGS = (
    Pairing(
        "people-roles", "Match each person to their role.",
        lambda f: f.kind == "person",
        lambda f: f.name or "", _role,
        lambda a, b: _distinct(a, b, lambda f: f.name or "", _role) and _role_fits_only_one(a, b),
    ),
    Pairing(
        "agreements-dates", "Match each agreement to its date.",
        lambda f: f.kind == "agreement" and f.date is not None and undated_name(f) is not None and not date_bounded(f),
        _undated_name, _date,
        # items on overlapping dates never share a card
        lambda a, b: _distinct(a, b, _undated_name, _date) and not _overlap(a, b),
    ),
    Pairing(
        "events-places", "Match each event to the place where it happened.",
        lambda f: f.kind == "event" and bool(f.place) and key(f.place or "") not in key(f.name or ""),
        _name, _place,
        lambda a, b: _distinct(a, b, _name, _place),
    ),
)


class MatchingGenerator:
    name = "matching"
    card_type = CardType.MATCHING

    def generate(self, index: FactIndex, card_rng: CardRandom) -> Iterator[Card]:
        for deck_facts in by_deck(index.facts).values():
            for pairing in PAIRINGS:  # one source's claim is asked only "According to" it, which a pair cannot say
                chosen = sorted(
                    (
                        f for f in deck_facts
                        if f.according_to is None and (f.kind == "person" or stated_as_fact(f)) and pairing.wanted(f)
                        and not _given(pairing, f, index)
                    ),
                    key=lambda f: f.id,
                )
                for group in partition(chosen, partial(_fit, pairing)):
                    yield group_card(group, self.name, self.card_type, pairing.label, card_rng, _pairs(pairing, group))


def _given(pairing: Pairing, fact: Fact, index: FactIndex) -> bool:
    """Whether the fact's pair is no question: one side holds the other ("the fighting at
    Bibi-Heybat" and a place its name holds), or one is what the whole deck is about ("Baku" in
    a deck on Baku, "Mustafa Kemal" in a deck on his entente): a student matches it unread."""
    left, right = pairing.left(fact), pairing.right(fact)
    if _words(right) in _words(left) or _words(left) in _words(right):
        return True
    return any(index.main_subject(fact.deck_id, text) for text in (left, right) if pairing.label != "agreements-dates")


def _fit(pairing: Pairing, a: Fact, b: Fact) -> bool:
    """Whether two facts can share a card: the pairing's own test, and neither pair's right-hand
    item names the other's left-hand one ("the commander of the expeditionary force in which
    Lazar Bicherakhov served" beside Bicherakhov himself): the name tells which item is not his."""
    names = any(_words(pairing.left(one)) in _words(pairing.right(other)) for one, other in ((a, b), (b, a)))
    return pairing.fits(a, b) and not names


def _worded(prompt: str, group: list[Fact]) -> str:
    """"Match each agreement ..." only over agreements: a letter or an appeal among them makes
    them documents (a letter is no agreement, and the word would tell it from the treaties)."""
    if "agreement" in prompt and not all(agreement_noun(f.name or "") in AGREEMENT_NOUNS for f in group):
        return prompt.replace("agreement", "document")
    return prompt


def _pairs(pairing: Pairing, group: list[Fact]) -> Callable[[random.Random], dict[str, Any]]:
    """A matching card's fields: the pairs in a shuffled order, the answer in sorted order."""
    pairs = sorted((pairing.left(f), pairing.right(f)) for f in group)

    def make(rng: random.Random) -> dict[str, Any]:
        order = shuffled(pairs, rng)
        return {
            "prompt": _worded(pairing.prompt, group),
            "answer": "; ".join(f"{left} — {right}" for left, right in pairs),
            "options": tuple(p[0] for p in order),
            "pairs": tuple(order),
        }

    return make
