"""Chronology: put three to five events or agreements of a deck in order.

No two items of a card can be on the same day or have overlapping uncertain dates
("September 1918" and "15 September 1918" cannot be ordered), so each card has exactly
one correct order. Items are grouped by date, close ones together, which makes the order
worth knowing; the display order is shuffled with the card's seeded generator.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from studykit.core.cards import Card, CardType
from studykit.core.facts import Fact
from studykit.core.generators.base import CardRandom, group_card, of_the_period, shuffled
from studykit.core.generators.date_index import overlap, span
from studykit.core.generators.index import FactIndex, key
from studykit.core.generators.questions import date_bounded, date_disputed, name_gives_date
from studykit.core.generators.wording import AGREEMENT_NOUNS, agreement_noun, cap

SIZE, MINIMUM = 4, 3
OPEN_GROUPS = 6  # groups being filled at once; keeps grouping linear


def _what(group: list[Fact]) -> str:
    """What the items are called: "events", "agreements" (only acts agreed between parties: a
    letter or an appeal is no agreement), "documents", or both kinds with "and"."""
    events = any(f.kind == "event" for f in group)
    acts = [f for f in group if f.kind == "agreement"]
    if not acts:
        return "events"
    acts_word = "agreements" if all(agreement_noun(f.name or "") in AGREEMENT_NOUNS for f in acts) else "documents"
    return f"events and {acts_word}" if events else acts_word


class ChronologyGenerator:
    name = "chronology"
    card_type = CardType.CHRONOLOGY

    def generate(self, index: FactIndex, card_rng: CardRandom) -> Iterator[Card]:
        for deck_facts in by_deck(index.facts).values():
            dated = sorted(
                (
                    f for f in deck_facts
                    if f.kind in ("event", "agreement") and f.date is not None and f.name and not date_disputed(f)
                    and not date_bounded(f) and stated_as_fact(f)  # an upper bound; a claim, a disputed event
                    and undated_name(f) is not None  # "the assault on Baku of 26 August": its place told
                ),
                key=lambda f: (f.date.sort_key(), f.id),  # type: ignore[union-attr]
            )
            for group in partition(dated, orderable):
                yield self._card(group, card_rng)

    def _card(self, group: list[Fact], card_rng: CardRandom) -> Card:
        what = _what(group)
        names = [cap(undated_name(f) or "") for f in group]

        def shuffled_items(rng: random.Random) -> dict[str, Any]:
            options = shuffled(names, rng)
            if options == names:
                options = options[1:] + options[:1]
            return {
                "prompt": f"Put these {what} in chronological order, earliest first.",
                "answer": " → ".join(f"{n} ({f.date.display()})" for n, f in zip(names, group)),  # type: ignore[union-attr]
                "options": tuple(options),
                "answer_order": tuple(options.index(n) for n in names),
            }

        return group_card(group, self.name, self.card_type, "order", card_rng, shuffled_items)


def orderable(a: Fact, b: Fact) -> bool:
    """Whether two events can stand in one chronology: their dates do not overlap, and their
    names differ."""
    assert a.date is not None and b.date is not None
    return not overlap(span(a.date), span(b.date)) and key(undated_name(a) or "") != key(undated_name(b) or "")


def undated_name(fact: Fact) -> str | None:
    """The fact's name as an item of an ordering or a matching by date: its name, or else the
    first alias that does not give its date away ("the draft treaty Baha Sait signed in Baku for
    the Karakol society" for "the Baku draft treaty of 11 January 1920"); None when every name
    tells the date, and the fact stays out."""
    assert fact.date is not None
    for name in (fact.name, *fact.aliases):
        if name and not name_gives_date(name, fact.date):
            return name
    return None


def stated_as_fact(fact: Fact) -> bool:
    """Whether a group card may state the fact without a word of doubt: not when the sources
    dispute that it happened at all (a conflict "whether ..."), nor when its statement is a claim
    ("According to British intelligence, ..."): an item of an ordering or a pair of a matching
    cannot say "reportedly", and would teach the Kemal–Budenny meeting at Havza as fact."""
    if fact.according_to is not None or fact.statement.startswith("According to"):
        return False
    return not any(conflict.about.split()[:1] == ["whether"] for conflict in fact.conflicts)


def by_deck(facts: Sequence[Fact]) -> dict[str, list[Fact]]:
    """The facts of each deck that cards may ask about (`of_the_period`)."""
    decks: dict[str, list[Fact]] = {}
    for fact in filter(of_the_period, facts):
        decks.setdefault(fact.deck_id, []).append(fact)
    return decks


def partition(
    items: Sequence[Fact], fits: Callable[[Fact, Fact], bool], *, size: int = SIZE, minimum: int = MINIMUM,
) -> list[list[Fact]]:
    """Groups of `size` items that all fit each other, filled in the items' order.

    A few groups are open at once; an item joins the first open group it fits, or opens
    one. When all are open, the smallest gives way (kept if it has `minimum` items): a
    group opened by a long date ("1918") fits nothing inside it, and must not block the
    groups of the items after it. Open groups left with at least `minimum` items become
    groups too.
    """
    done: list[list[Fact]] = []
    open_groups: list[list[Fact]] = []
    for item in items:
        for group in open_groups:
            if all(fits(item, member) for member in group):
                group.append(item)
                if len(group) == size:
                    done.append(group)
                    open_groups.remove(group)
                break
        else:
            if len(open_groups) == OPEN_GROUPS:
                smallest = min(open_groups, key=len)
                open_groups.remove(smallest)
                if len(smallest) >= minimum:
                    done.append(smallest)
            open_groups.append([item])
    done += [g for g in open_groups if len(g) >= minimum]
    order = {id(item): i for i, item in enumerate(items)}
    return sorted(done, key=lambda g: order[id(g[0])])

