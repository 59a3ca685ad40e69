"""The order in which new cards are introduced: easy before hard, a mix of types, nothing spoilt.

A fact deck makes many cards of each fact: multiple choice, true or false, typed questions,
a cloze, its reverse, and chronology and matching cards over several facts. The order the
collection introduces them in (twenty a day, by default) decides what a student meets:

- **Easy first.** A fact is met first by a card that only asks to recognise it (multiple
  choice, a true statement to confirm) and later by recall (a typed question, a cloze). A
  recall card comes after the recognition card that asks the same thing (its variant), and
  a false statement only once the fact has been met.
- **A mix in every window.** Among any `window` consecutive new cards at most `max_typed`
  are typed questions (and proportionally fewer in shorter stretches: two of five, four of
  ten), and the types take turns: the next card is of the type least seen lately.
- **Siblings days apart.** Two cards of one fact, or a card and one it gives away
  (`core.giveaway`), are at least `gap` places apart: at twenty new cards a day, on
  different days, so that the second still asks something.
- **Groups after their facts.** A chronology or matching card comes once each of its facts
  was met at least `gap` places before, and its facts wait for it (no further card of them
  until it is placed), so it never drifts to the end.

Facts are started in the order the cards come in (their decks' order). Each deck is ordered
on its own, then the decks are interleaved in proportion to their sizes, so a session of one
deck and a session of all decks both get the mix. When the rules cannot all hold (the last
cards of a deck are all one fact's), the card that has waited longest goes first.
Deterministic and pure: standard library only.
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from studykit.core.cards import Card, CardType
from studykit.core.giveaway import GiveAways
from studykit.core.notecards import AnyCard

C = TypeVar("C", bound=AnyCard)

RECOGNITION = frozenset({CardType.CHOICE, CardType.TRUE_FALSE})
RECALL = frozenset({CardType.QA, CardType.CLOZE})
GROUPS = frozenset({CardType.CHRONOLOGY, CardType.MATCHING})


@dataclass(frozen=True)
class IntroductionRules:
    """`gap`: places between two cards of a fact (two days at twenty new cards a day);
    `window`, `max_typed`: at most that many typed questions among any `window` new cards;
    `max_groups`: chronology and matching cards among any `window`."""

    gap: int = 40
    window: int = 20
    max_typed: int = 8
    max_groups: int = 2

    def typed_caps(self) -> tuple[tuple[int, int], ...]:
        """(length, most typed) for the stretches checked: the window and its quarter and half."""
        lengths = sorted({max(1, self.window // 4), max(1, self.window // 2), self.window})
        return tuple((k, max(1, self.max_typed * k // self.window)) for k in lengths)


def fact_of(card: AnyCard) -> str:
    """The fact a card is filed under: the first part of its id (`fact_id:generator:variant`)."""
    return card.id.split(":", 1)[0]


def card_type(card: AnyCard) -> CardType | None:
    return card.type if isinstance(card, Card) else None


def is_typed(card: AnyCard) -> bool:
    return isinstance(card, Card) and card.typed


def is_group(card: AnyCard) -> bool:
    return isinstance(card, Card) and (card.type in GROUPS or len(card.fact_ids) > 1)


def ease(card: AnyCard) -> int:
    """How hard a card is to meet a fact with: recognising a true thing (0), judging a false
    statement (1), recalling (2), anything else (3)."""
    kind = card_type(card)
    if kind is CardType.CHOICE or (kind is CardType.TRUE_FALSE and _is_true(card)):
        return 0
    if kind is CardType.TRUE_FALSE:
        return 1
    if kind in RECALL:
        return 2
    return 3


def _is_true(card: AnyCard) -> bool:
    return isinstance(card, Card) and card.answer.strip().casefold() == "true"


def _variant(card: AnyCard) -> str:
    return card.variant if isinstance(card, Card) and card.variant else card.id.split(":", 2)[-1]


def facts_of(card: AnyCard) -> tuple[str, ...]:
    if isinstance(card, Card) and card.fact_ids:
        return card.fact_ids
    return (fact_of(card),)


@dataclass(frozen=True)
class _About:
    """What the ordering asks of a card, worked out once."""

    kind: CardType | None
    ease: int
    variant: str
    recognition: bool
    recall: bool

    @classmethod
    def of(cls, card: AnyCard) -> _About:
        kind = card_type(card)
        return cls(kind, ease(card), _variant(card), kind in RECOGNITION, kind in RECALL)


@dataclass(eq=False)
class _Fact(Generic[C]):
    order: int
    left: list[tuple[C, _About]] = field(default_factory=list)  # its cards not yet placed, in order
    first: int | None = None   # where its first card went
    ready_at: int = 0          # its next card may go from here on
    held: int = 0              # groups waiting for it
    version: int = 0           # bumped at every change that may change what it offers
    groups: list[int] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.first is not None

    def take(self, card: C) -> None:
        self.left = [(c, about) for c, about in self.left if c.id != card.id]

    def offers(self, blocked: dict[str, int], position: int) -> dict[CardType | None, C]:
        """The card it would give now of each type: the first in its order that the rules allow."""
        recognition_variants = {about.variant for _, about in self.left if about.recognition}
        easiest = min((about.ease for _, about in self.left), default=3)
        out: dict[CardType | None, C] = {}
        for card, about in self.left:
            if about.kind in out or (blocked and blocked.get(card.id, -1) > position):
                continue
            if self.first is None and about.ease != easiest:
                continue
            if about.recall and about.variant in recognition_variants:
                continue  # its recognition card first
            out[about.kind] = card
        return out


@dataclass(eq=False)
class _Group(Generic[C]):
    card: C
    facts: tuple[_Fact[C], ...]
    started: int = 0
    waiting: bool = False
    placed: bool = False


class _Deck(Generic[C]):
    """One deck's cards put in order, one place at a time (`run`)."""

    def __init__(self, cards: Sequence[C], rules: IntroductionRules, spoils: GiveAways) -> None:
        self.rules = rules
        self.spoils = spoils
        self.facts: dict[str, _Fact[C]] = {}
        self.groups: list[_Group[C]] = []
        group_cards = []
        for card in cards:
            if is_group(card):
                group_cards.append(card)
                for fact_id in facts_of(card):
                    self._fact(fact_id)
            else:
                self._fact(fact_of(card)).left.append((card, _About.of(card)))
        for card in group_cards:
            group = _Group(card, tuple(self.facts[f] for f in dict.fromkeys(facts_of(card))))
            for member in group.facts:
                member.groups.append(len(self.groups))
            self.groups.append(group)
        self.total = len(cards)
        self.typed_left = sum(is_typed(c) for c in cards)
        self.blocked: dict[str, int] = {}  # card id -> first place it may go (a card that gives it away went before)
        self.heaps: dict[CardType | None, list[tuple[int, int, int]]] = {}  # type -> (order, version, fact index)
        self.pending: list[tuple[int, int]] = []  # (ready at, fact index)
        self.group_pending: list[tuple[int, int]] = []  # (may wait from, group index)
        self.waiting: list[int] = []
        self.by_index = list(self.facts.values())
        self.recent = Recent(rules)
        for fact in self.by_index:
            if not fact.left:  # a fact only groups ask about: nothing of it to meet first
                fact.first = -rules.gap
                for g in fact.groups:
                    self._started_in(g)
            else:
                self._offer(fact)

    def _fact(self, fact_id: str) -> _Fact[C]:
        if fact_id not in self.facts:
            self.facts[fact_id] = _Fact(len(self.facts))
        return self.facts[fact_id]

    def _offer(self, fact: _Fact[C], position: int = 0) -> None:
        for kind in fact.offers(self.blocked, position):
            heapq.heappush(self.heaps.setdefault(kind, []), (fact.order, fact.version, fact.order))
        later = [self.blocked[c.id] for c, _ in fact.left if self.blocked.get(c.id, -1) > position]
        if later:  # a card kept back by one that gives it away: offer again when it may go
            heapq.heappush(self.pending, (min(later), fact.order))

    def _started_in(self, g: int) -> None:
        group = self.groups[g]
        group.started += 1
        if group.started == len(group.facts):
            start = max(f.first or 0 for f in group.facts) + self.rules.gap
            heapq.heappush(self.group_pending, (start, g))

    def _top(self, kind: CardType | None, position: int) -> tuple[_Fact[C], C] | None:
        heap = self.heaps.get(kind, [])
        while heap:
            _, version, index = heap[0]
            fact = self.by_index[index]
            if version == fact.version and fact.held == 0 and fact.ready_at <= position:
                card = fact.offers(self.blocked, position).get(kind)
                if card is not None:
                    return fact, card
            heapq.heappop(heap)
        return None

    def run(self) -> list[C]:
        out: list[C] = []
        for position in range(self.total):
            self._release(position)
            card = self._next_group(position) or self._next_card(position)
            if card is None:
                card = self._forced(position)
            out.append(card)
            self.recent.append(card)
            self.typed_left -= is_typed(card)
            for spoilt in self.spoils.of(card.id):
                self.blocked[spoilt] = max(self.blocked.get(spoilt, -1), position + self.rules.gap)
        return out

    def _release(self, position: int) -> None:
        while self.pending and self.pending[0][0] <= position:
            _, index = heapq.heappop(self.pending)
            fact = self.by_index[index]
            if fact.held == 0 and fact.ready_at <= position:
                self._offer(fact, position)
        while self.group_pending and self.group_pending[0][0] <= position:
            _, g = heapq.heappop(self.group_pending)
            group = self.groups[g]
            if group.placed or group.waiting:  # placed early: forced out by the end of the deck
                continue
            group.waiting = True
            self.waiting.append(g)
            for fact in group.facts:
                fact.held += 1
                fact.version += 1

    def _next_group(self, position: int) -> C | None:
        if self.recent.groups >= self.rules.max_groups:
            return None
        for g in self.waiting:
            group = self.groups[g]
            if self.blocked.get(group.card.id, -1) <= position and all(
                f.ready_at <= position for f in group.facts
            ):
                return self._place_group(g, position)
        return None

    def _place_group(self, g: int, position: int) -> C:
        group = self.groups[g]
        group.placed, group.waiting = True, False
        self.waiting.remove(g)
        for fact in group.facts:
            fact.held -= 1
            fact.ready_at = position + self.rules.gap
            fact.version += 1
            heapq.heappush(self.pending, (fact.ready_at, fact.order))
        return group.card

    def _next_card(self, position: int) -> C | None:
        tops = {kind: top for kind in list(self.heaps) if (top := self._top(kind, position)) is not None}
        if not tops:
            return None
        typed_ok = self.recent.typed_fits()
        allowed = {kind: top for kind, top in tops.items() if typed_ok or not is_typed(top[1])}
        counts = {kind: self.recent.kinds[kind] for kind in tops}
        # More typed questions left than the window lets through in the places left: a typed one
        # goes wherever it may, or they pile up at the end of the deck past every cap.
        behind = typed_ok and self.typed_left * self.rules.window > (self.total - position) * self.rules.max_typed
        choice = min(allowed or tops, key=lambda kind: (
            not (behind and is_typed(tops[kind][1])), counts[kind], tops[kind][0].order, ease(tops[kind][1])))
        fact, card = tops[choice]
        return self._place(fact, card, position)

    def _place(self, fact: _Fact[C], card: C, position: int) -> C:
        fact.take(card)
        if fact.first is None:
            fact.first = position
            for g in fact.groups:
                self._started_in(g)
        fact.ready_at = position + self.rules.gap
        fact.version += 1
        if fact.left:
            heapq.heappush(self.pending, (fact.ready_at, fact.order))
        return card

    def _forced(self, position: int) -> C:
        """No card may go here by the rules: the one that would have been allowed soonest."""
        waiting_facts = [f for f in self.by_index if f.left and f.held == 0]
        if waiting_facts:
            fact = min(waiting_facts, key=lambda f: (max(f.ready_at, min(
                (self.blocked.get(c.id, -1) for c, _ in f.left), default=0)), f.order))
            offers = fact.offers({}, position)  # its order kept, only the gap and the blocks ignored
            typed_ok = self.recent.typed_fits()
            card = min(offers.values(), key=lambda c: (is_typed(c) and not typed_ok, self.recent.kinds[card_type(c)],
                                                       self.blocked.get(c.id, -1)))
            return self._place(fact, card, position)
        g = self.waiting[0] if self.waiting else next(i for i, group in enumerate(self.groups) if not group.placed)
        if not self.groups[g].waiting:
            self.groups[g].waiting = True
            self.waiting.append(g)
            for fact in self.groups[g].facts:
                fact.held += 1
        return self._place_group(g, position)


class Recent:
    """The last `window - 1` cards placed, as the window rules count them."""

    def __init__(self, rules: IntroductionRules) -> None:
        self.caps = rules.typed_caps()
        self.typed: deque[bool] = deque(maxlen=max(1, rules.window - 1))
        self.cards: deque[tuple[CardType | None, bool]] = deque(maxlen=max(1, rules.window - 1))
        self.kinds: Counter[CardType | None] = Counter()
        self.groups = 0

    def append(self, card: AnyCard) -> None:
        if len(self.cards) == self.cards.maxlen:
            kind, group = self.cards[0]
            self.kinds[kind] -= 1
            self.groups -= group
        kind, group = card_type(card), is_group(card)
        self.cards.append((kind, group))
        self.typed.append(is_typed(card))
        self.kinds[kind] += 1
        self.groups += group

    def typed_fits(self) -> bool:
        """Whether a typed question may come next: in no stretch checked would it pass the cap."""
        before = list(self.typed)
        for length, most in self.caps:
            stretch = before[max(0, len(before) - (length - 1)):] if length > 1 else []
            if sum(stretch) + 1 > most:
                return False
        return True


def introduction_order(
    cards: Iterable[C], *, rules: IntroductionRules = IntroductionRules(), spoils: GiveAways | None = None,
) -> list[C]:
    """The cards in the order new cards are introduced (see the module's rules). `spoils`: which
    cards give others away (default: worked out from the cards, `GiveAways.among`)."""
    cards = list(cards)
    if spoils is None:
        spoils = GiveAways.among(cards)
    decks: dict[str, list[C]] = {}
    for card in cards:
        decks.setdefault(card.deck_id, []).append(card)
    ordered = [_Deck(deck_cards, rules, spoils).run() for deck_cards in decks.values()]
    return interleave(ordered, rules)


def interleave(sequences: Sequence[Sequence[C]], rules: IntroductionRules = IntroductionRules()) -> list[C]:
    """The sequences merged, each keeping its order: in proportion to their lengths (a deck of
    twice as many cards gives two cards for each of the other's), except that typed questions
    are taken as the window allows them: one waits while the window has its share and another
    sequence has something else, and one goes first when it may."""
    taken = [0] * len(sequences)
    out: list[C] = []
    recent = Recent(rules)
    total = sum(len(seq) for seq in sequences)
    while len(out) < total:
        live = sorted(
            (d for d, seq in enumerate(sequences) if taken[d] < len(seq)),
            key=lambda d: ((taken[d] + 0.5) / len(sequences[d]), d),
        )
        # Typed questions go as soon as the window allows, so that they never pile up at every
        # sequence's head while the window is full of them.
        typed_ok = recent.typed_fits()
        d = next((d for d in live if typed_ok == is_typed(sequences[d][taken[d]])), live[0])
        card = sequences[d][taken[d]]
        taken[d] += 1
        out.append(card)
        recent.append(card)
    return out
