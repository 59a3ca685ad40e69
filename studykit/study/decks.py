"""Naming decks and the decks screen: the one place a deck a user names is found.

A deck is named by its id, its name or its Anki name, in any case and with any spacing
(`--deck "baku 1918: events, agreements and numbers"`, `--deck BAKU-1918-EVENTS`). Names are
paths: `Parent::Child` is a subdeck, as in Anki, and naming a deck selects its subdecks too;
a parent that is no deck of its own (`Baku 1918`, the parent of two bundled decks' Anki names)
selects all its children. The decks screen shows the same tree, each parent's counts rolled up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from studykit.core.limits import NEW, REVIEWS, Cap, applicable, capped_count
from studykit.core.session import DeckCounts
from studykit.study.errors import StudyError, UnknownDeck
from studykit.study.views import DeckRow

SEPARATOR = "::"
ALL_DECKS = "All decks"


class NamedDeck(Protocol):
    """What naming needs of a deck: the collection's `DeckEntry` and the fact decks' `Deck` have it."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def anki_name(self) -> str | None: ...


@dataclass(frozen=True)
class DeckSelection:
    """The decks a name selects: `deck_ids` None is every deck. `name` is the title to show;
    `key` what the selection is kept under (a deck's options): the deck's id, or a parent that
    is only a name, that name as its children write it ("" for every deck)."""

    name: str
    deck_ids: tuple[str, ...] | None
    key: str = ""

    @property
    def everything(self) -> bool:
        return self.deck_ids is None


EVERY_DECK = DeckSelection(ALL_DECKS, None)


def folded(name: str) -> str:
    """A name as compared: case folded, spaces collapsed, no spaces around `::`."""
    return SEPARATOR.join(" ".join(part.split()).casefold() for part in name.split(SEPARATOR))


def _paths(deck: NamedDeck) -> set[str]:
    return {folded(name) for name in (deck.name, deck.anki_name) if name}


def _under(deck: NamedDeck, parents: set[str]) -> bool:
    """Whether one of the deck's names is below one of `parents` (a subdeck, at any depth)."""
    return any(path.startswith(parent + SEPARATOR) for path in _paths(deck) for parent in parents)


def resolve_deck(asked: str | None, decks: Iterable[NamedDeck]) -> DeckSelection:
    """The decks `asked` names (None: every deck): by id, name or Anki name, in any case; a
    deck's subdecks come with it. Raises `UnknownDeck` (listing the known ids), or `StudyError`
    when a name fits two unrelated decks (say, two imported packages' "Default")."""
    if asked is None:
        return EVERY_DECK
    decks = list(decks)
    wanted = folded(asked)
    roots = [d for d in decks if d.id.casefold() == asked.strip().casefold()]
    if not roots:
        roots = [d for d in decks if wanted in _paths(d)]
    if len(roots) > 1:
        named = ", ".join(f"{d.id} ({d.name})" for d in roots)
        raise StudyError(f"the deck name {asked!r} fits {len(roots)} decks: {named}; name one by its id")
    if roots:
        root = roots[0]
        parents = _paths(root)
        ids = [root.id, *(d.id for d in decks if d.id != root.id and _under(d, parents))]
        return DeckSelection(root.name, tuple(ids), root.id)
    children = [d for d in decks if _under(d, {wanted})]
    if not children:
        raise UnknownDeck(asked, {d.id for d in decks})
    written = _written(wanted, children)
    return DeckSelection(written, tuple(d.id for d in children), written)


def _written(wanted: str, children: Sequence[NamedDeck]) -> str:
    """A parent's name (`wanted`, folded) as its children's names write it: "Baku 1918"."""
    depth = wanted.count(SEPARATOR) + 1
    for deck in children:
        for name in (deck.name, deck.anki_name):
            if name and folded(name).startswith(wanted + SEPARATOR):
                return SEPARATOR.join(part.strip() for part in name.split(SEPARATOR)[:depth])
    return wanted


# --- the decks screen ------------------------------------------------------------------------


@dataclass
class _Node:
    part: str
    path: str
    deck_id: str | None = None
    counts: DeckCounts = field(default_factory=DeckCounts)
    children: dict[str, _Node] = field(default_factory=dict)

    def rolled_up(self) -> DeckCounts:
        return sum((child.rolled_up() for child in self.children.values()), self.counts)

    def deck_ids(self) -> frozenset[str]:
        """The decks of this line: its own, if it is a deck, and its subtree's."""
        own = frozenset() if self.deck_id is None else frozenset({self.deck_id})
        return own.union(*(child.deck_ids() for child in self.children.values()))


def deck_rows(
    counts: Mapping[str | None, DeckCounts], decks: Iterable[NamedDeck], caps: Sequence[Cap] = (),
) -> list[DeckRow]:
    """The decks screen: "All decks" (counts[None]) first, then every deck that has cards
    (`counts` from `Collection.deck_counts`) in the tree of their names, siblings by name.

    Each line counts what a session of it would take. A deck's count from the collection is
    already the smaller of its own and what is left of the collection's daily limit; a line's
    new and due counts are its subtree's, within `caps` (what is left of the decks' own limits,
    `core.limits`) of the decks in that subtree, and never more than the all-decks count.
    """
    names = {d.id: d.name for d in decks}
    every = counts.get(None, DeckCounts())
    root = _Node("", "")
    for deck_id, deck_counts in counts.items():
        if deck_id is None:
            continue
        node = root
        parts = [part.strip() for part in names.get(deck_id, deck_id).split(SEPARATOR)]
        for depth, part in enumerate(parts):
            key = folded(part)
            if depth == len(parts) - 1 and key in node.children and node.children[key].deck_id is not None:
                key = f"{key}\x00{deck_id}"  # two decks of one name: two lines
            if key not in node.children:
                node.children[key] = _Node(part, SEPARATOR.join(parts[:depth + 1]))
            node = node.children[key]
        node.deck_id, node.counts = deck_id, deck_counts
    per_deck = {deck_id: c for deck_id, c in counts.items() if deck_id is not None}

    def limited(deck_ids: frozenset[str], total: DeckCounts, ceiling: DeckCounts) -> tuple[int, int]:
        if not caps:
            return min(total.new, ceiling.new), min(total.due, ceiling.due)
        inside = applicable(caps, deck_ids)
        new = capped_count({d: per_deck[d].new for d in deck_ids}, inside, NEW)
        due = capped_count({d: per_deck[d].due for d in deck_ids}, inside, REVIEWS)
        return min(new, ceiling.new), min(due, ceiling.due)

    new, due = limited(frozenset(per_deck), every, every)
    every_line = DeckCounts(new, every.again, due, every.total)
    rows = [DeckRow(None, ALL_DECKS, every_line.new, every_line.due, every.total, again=every.again)]

    def walk(node: _Node, depth: int) -> None:
        for child in sorted(node.children.values(), key=lambda n: (n.part.casefold(), n.part, n.deck_id or "")):
            total = child.rolled_up()
            new, due = limited(child.deck_ids(), total, every_line)
            rows.append(DeckRow(child.deck_id or child.path, child.part, new, due, total.total, again=total.again,
                                depth=depth))
            walk(child, depth + 1)

    walk(root, 0)
    return rows


def matching_decks(pattern: str, decks: Iterable[NamedDeck]) -> set[str]:
    """The ids of the decks a browser search's `deck:` names, with their subdecks: as `--deck`
    names a deck (id, name or Anki name, any case), or with `*` for any text (`deck:baku*`);
    a name two unrelated decks share gives both. A name no deck has gives none."""
    import re

    decks = list(decks)
    if "*" not in pattern:
        try:
            selection = resolve_deck(pattern, decks)
        except UnknownDeck:
            return set()
        except StudyError:  # a name two decks share: both
            pass
        else:
            return set(selection.deck_ids if selection.deck_ids is not None else (d.id for d in decks))
    regex = re.compile(".*".join(re.escape(part) for part in folded(pattern).split("*")))
    roots = [d for d in decks if regex.fullmatch(d.id.casefold()) or any(regex.fullmatch(p) for p in _paths(d))]
    parents = set().union(*(_paths(d) for d in roots)) if roots else set()
    return {d.id for d in roots} | {d.id for d in decks if _under(d, parents)}


def select_decks(asked: Iterable[str], decks: Iterable[NamedDeck]) -> tuple[str, ...]:
    """The ids of every deck that one of the names in `asked` selects (`--deck` given several times)."""
    decks = list(decks)
    chosen: dict[str, None] = {}
    for name in asked:
        selection = resolve_deck(name, decks)
        chosen.update(dict.fromkeys(selection.deck_ids or (d.id for d in decks)))
    return tuple(chosen)
