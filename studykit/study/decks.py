"""Naming decks and the decks screen: the one place a deck a user names is found.

A deck is named by its id, its name or its Anki name, in any case and with any spacing
(`--deck "baku 1918: events, agreements and numbers"`, `--deck BAKU-1918-EVENTS`). Names are
paths: `Parent::Child` is a subdeck, as in Anki, and naming a deck selects its subdecks too;
a parent that is no deck of its own (`Baku 1918`, the parent of two bundled decks' Anki names)
selects all its children. The decks screen shows the same tree, each parent's counts rolled up.

As in Anki, the last part of a name is enough when it names one deck (`--deck "Typing broken"`
for `1-TEMPLATES::Typing broken`). An imported deck may also be named under its package, as
`studykit imports` shows it (`--deck 01_anki-pylib_media::Default`): two packages' "Default"
decks are told apart so, and the package's name alone selects all its decks. A name that fits
several decks is refused with the full names that fit, a few at most.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from studykit.core.limits import NEW, REVIEWS, Cap, applicable, capped_count
from studykit.core.session import DeckCounts
from studykit.study.errors import StudyError, UnknownDeck
from studykit.study.views import DeckRow

SEPARATOR = "::"
ALL_DECKS = "All decks"
ANKI_SOURCE = "anki:"  # the prefix of an imported package's source id
SHOWN = 6  # the names a refusal lists at most
_SLUG = re.compile(r"[^0-9a-z]+")


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


def package_of(deck: NamedDeck) -> str | None:
    """The package an imported deck came from, as its source id names it (`01-anki-pylib-media`)."""
    source = getattr(deck, "source", "") or ""
    return source.removeprefix(ANKI_SOURCE) if source.startswith(ANKI_SOURCE) else None


def shown_name(deck: NamedDeck) -> str:
    """The full name that tells a deck from all others: an imported deck's under its package."""
    package = package_of(deck)
    return deck.name if package is None else f"{package}{SEPARATOR}{deck.name}"


def _package_key(name: str) -> str:
    """A package's name as written (the file name or its source id) as its source id has it."""
    name = name.strip().casefold().removeprefix(ANKI_SOURCE)
    for suffix in (".apkg", ".colpkg"):
        name = name.removesuffix(suffix)
    return _SLUG.sub("-", name).strip("-")


def _paths(deck: NamedDeck) -> set[str]:
    names = {folded(name) for name in (deck.name, deck.anki_name) if name}
    package = package_of(deck)
    if package is not None:
        names |= {f"{package}{SEPARATOR}{name}" for name in names}
    return names


def _asked_paths(asked: str) -> set[str]:
    """What a name asked for is compared with: itself folded, and read as `PACKAGE::NAME`."""
    wanted = folded(asked)
    package, separator, rest = wanted.partition(SEPARATOR)
    if not _package_key(package) or (separator and not rest):
        return {wanted}
    return {wanted, _package_key(package) + (f"{SEPARATOR}{rest}" if rest else "")}


def _under(deck: NamedDeck, parents: set[str]) -> bool:
    """Whether one of the deck's names is below one of `parents` (a subdeck, at any depth)."""
    return any(path.startswith(parent + SEPARATOR) for path in _paths(deck) for parent in parents)


def _ends_with(deck: NamedDeck, wanted: str) -> bool:
    """Whether the deck's name ends with the parts `wanted` (its last part, or the last few)."""
    return any(path == wanted or path.endswith(SEPARATOR + wanted) for path in _paths(deck))


def _few(names: Iterable[str]) -> str:
    names = sorted(set(names), key=lambda name: (name.casefold(), name))
    more = f", …and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return ", ".join(names[:SHOWN]) + more


def _with_subdecks(root: NamedDeck, decks: Sequence[NamedDeck]) -> DeckSelection:
    parents = _paths(root)
    ids = [root.id, *(d.id for d in decks if d.id != root.id and _under(d, parents))]
    return DeckSelection(root.name, tuple(ids), root.id)


def _topmost(decks: Sequence[NamedDeck]) -> list[NamedDeck]:
    """The decks not below another of `decks` (a leaf name that fits a deck and its subdeck:
    `Kanji` and `Kanji::Kanji`)."""
    return [d for d in decks if not any(other is not d and _under(d, _paths(other)) for other in decks)]


def resolve_deck(asked: str | None, decks: Iterable[NamedDeck]) -> DeckSelection:
    """The decks `asked` names (None: every deck): by id, name or Anki name, in any case, or
    an imported deck's under its package; a parent's subdecks come with it; else by the last
    parts of its name, when they fit one deck. Raises `UnknownDeck` (listing some known
    names), or `StudyError` when a name fits several decks (say, two packages' "Default"),
    listing the full names that fit."""
    if asked is None:
        return EVERY_DECK
    decks = list(decks)
    wanted = _asked_paths(asked)
    roots = [d for d in decks if d.id.casefold() == asked.strip().casefold()]
    if not roots:
        roots = [d for d in decks if wanted & _paths(d)]
    if len(roots) > 1:
        raise _ambiguous(asked, roots)
    if roots:
        return _with_subdecks(roots[0], decks)
    children = [d for d in decks if _under(d, wanted)]
    if children:
        packages = {package_of(d) for d in children}
        written = _written(folded(asked), children)
        if len(packages) == 1 and _package_key(asked) in packages and SEPARATOR not in asked:
            written = asked.strip()  # a package's name: all its decks
        return DeckSelection(written, tuple(d.id for d in children), written)
    leaves = _topmost([d for d in decks if any(_ends_with(d, path) for path in wanted)])
    if len(leaves) > 1:
        raise _ambiguous(asked, leaves)
    if leaves:
        return _with_subdecks(leaves[0], decks)
    known = [d.id if package_of(d) is None else shown_name(d) for d in decks]
    raise UnknownDeck(asked, known, shown=8)


def _ambiguous(asked: str, decks: Sequence[NamedDeck]) -> StudyError:
    example = shown_name(decks[0])
    return StudyError(
        f"the deck name {asked!r} fits {len(decks)} decks: {_few(shown_name(d) for d in decks)}; "
        f"name one in full (as {example!r}) or by its id"
    )


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

    packages = {d.id: package_of(d) for d in decks}

    def walk(node: _Node, depth: int) -> None:
        shared = Counter(folded(child.part) for child in node.children.values())
        for child in sorted(node.children.values(), key=lambda n: (n.part.casefold(), n.part, n.deck_id or "")):
            total = child.rolled_up()
            new, due = limited(child.deck_ids(), total, every_line)
            part, package = child.part, packages.get(child.deck_id or "")
            if shared[folded(part)] > 1 and package is not None:
                part = f"{part} ({package})"  # two packages' "Default": the package tells them apart
            rows.append(DeckRow(child.deck_id or child.path, part, new, due, total.total, again=total.again,
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
