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
    """The decks a name selects: `deck_ids` None is every deck. `name` is the title to show."""

    name: str
    deck_ids: tuple[str, ...] | None

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
        return DeckSelection(root.name, tuple(ids))
    children = [d for d in decks if _under(d, {wanted})]
    if not children:
        raise UnknownDeck(asked, {d.id for d in decks})
    return DeckSelection(_written(wanted, children), tuple(d.id for d in children))


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


def deck_rows(counts: Mapping[str | None, DeckCounts], decks: Iterable[NamedDeck]) -> list[DeckRow]:
    """The decks screen: "All decks" (counts[None]) first, then every deck that has cards
    (`counts` from `Collection.deck_counts`) in the tree of their names, siblings by name.

    A parent's new and due counts are its subtree's summed, capped as the "all decks" line is
    capped: a deck's count is already the smaller of its own and what is left of the day's
    limit, and the same limit caps the sum, which never exceeds the all-decks count.
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
    rows = [DeckRow(None, ALL_DECKS, every.new, every.due, every.total, again=every.again)]

    def walk(node: _Node, depth: int) -> None:
        for child in sorted(node.children.values(), key=lambda n: (n.part.casefold(), n.part, n.deck_id or "")):
            total = child.rolled_up()
            rows.append(DeckRow(
                child.deck_id or child.path, child.part, min(total.new, every.new), min(total.due, every.due),
                total.total, again=total.again, depth=depth,
            ))
            walk(child, depth + 1)

    walk(root, 0)
    return rows


def select_decks(asked: Iterable[str], decks: Iterable[NamedDeck]) -> tuple[str, ...]:
    """The ids of every deck that one of the names in `asked` selects (`--deck` given several times)."""
    decks = list(decks)
    chosen: dict[str, None] = {}
    for name in asked:
        selection = resolve_deck(name, decks)
        chosen.update(dict.fromkeys(selection.deck_ids or (d.id for d in decks)))
    return tuple(chosen)
