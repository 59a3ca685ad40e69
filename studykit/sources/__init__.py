"""Card sources: where the cards of a collection come from.

A source makes cards and names their decks; it knows nothing of the collection. The collection
records each card's source and syncs one source at a time (`Collection.sync(source=...)`), so
syncing one never touches another's cards. The application layer (`studykit.study`) decides
when a source is synced: the bundled fact decks at startup when their files changed, an
imported package when it is imported.

Sources today:
- `fact_decks.FactDecks`: the curated fact decks (`decks/*.yaml`, quotes checked against
  `seeds/`) → the question generators' cards. Cards it no longer makes are retired.
- `fact_decks.GivenFacts`: fact decks and their cards given in memory (tests, benchmarks).

Adding a source is one module with one class of the `CardSource` shape. An imported Anki
package, for example (`anki_packages.py`): `id` is `"anki:" + a stable id of the package`,
`retire_missing` is False (a note missing from a newer version of a shared deck is reported,
not retired), `fingerprint()` hashes the package file, `load()` reads it into decks named
`Parent::Child` (ids unique in the collection, e.g. `anki:<package>:<deck id>`) and cards
(ids from note GUIDs and template ordinals), and `passages()` says what the card's note is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from studykit.core.cards import Card
from studykit.core.notecards import AnyCard

if TYPE_CHECKING:  # the fact model is not needed to read cards from the collection
    from studykit.core.facts import Fact


class SourceError(Exception):
    """A source cannot be read: one readable message naming the file, line and field."""


@dataclass(frozen=True)
class SourceDeck:
    """A deck a source makes. `id` must be unique in the whole collection (a source prefixes
    its ids if they could clash); `name` is shown (`Parent::Child` for a subdeck); `anki_name`
    is the name the deck has in Anki, if any. A user may name a deck by any of the three."""

    id: str
    name: str
    anki_name: str | None = None


@dataclass(frozen=True)
class SourceCards:
    """What a source made: its decks and every one of its cards, in the order new cards are
    introduced. `inputs`: the source's fingerprint, taken before it read anything (a file
    changed meanwhile is then synced next time)."""

    decks: tuple[SourceDeck, ...]
    cards: tuple[AnyCard, ...]
    inputs: str | None = None


@dataclass(frozen=True)
class SourceDoc:
    """A document a card quotes, as the source screen names it; `language_code` as tags write it."""

    file: str
    title: str
    language: str
    origin: str = ""
    language_code: str = ""


@dataclass(frozen=True)
class Passages:
    """What the source screen shows for a card: each quote with its document, the card's facts
    (with their conflicts), and every document the source knows."""

    quotes: tuple[tuple[SourceDoc, str], ...] = ()
    facts: tuple[Fact, ...] = ()
    docs: Mapping[str, SourceDoc] = field(default_factory=dict)


class CardSource(Protocol):
    """A source of cards. `load` may take seconds and touches no database: any thread may run it."""

    @property
    def id(self) -> str:
        """Recorded with each of its cards and decks; stable across versions of the source."""

    @property
    def label(self) -> str:
        """How a message names it: "the fact decks", "Japanese Core 2000.apkg"."""

    @property
    def retire_missing(self) -> bool:
        """Whether a card the source no longer makes is retired (True) or kept and reported."""

    def fingerprint(self) -> str | None:
        """A quick hash of what the cards are made from (file bytes, the code, the seed): the
        same fingerprint as at the last sync means the same cards, and loading is skipped.
        None: no quick answer; load at every sync (the collection still writes nothing when the
        cards are unchanged)."""

    def load(self) -> SourceCards:
        """Read the source and make its decks and cards; raises `SourceError`."""

    def passages(self, card: Card) -> Passages:
        """Where the card comes from, for the source screen; raises `SourceError`."""


class TaggingSource(Protocol):
    """A source that can tag its cards for the card browser (a fact's kind and topics); a card
    that carries its own tags (an imported note's) needs none. Optional: a source without
    `tags` gives its cards none."""

    def tags(self, cards: Sequence[Card]) -> Mapping[str, tuple[str, ...]]:
        """Card id -> tags, for those of `cards` the source made; raises `SourceError`."""
