"""The bundled fact decks as a card source: `decks/*.yaml` (quotes checked against `seeds/`) → cards.

Reading the YAML and checking the quotes is `studykit.decks`; the question generators are
`studykit.core.generators`. This module puts them together, gives the collection the cards in
the order they are introduced (easy before hard, a mix of types, siblings days apart:
`core.introduction`), and fingerprints what the cards are made from, so that an unchanged set
of files is never read again.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.core.cards import Card
from studykit.sources import Passages, SourceCards, SourceDeck, SourceDoc, SourceError

if TYPE_CHECKING:  # imported with the decks, when they are read: the review app's first card needs neither
    from studykit.core.facts import Deck, Fact

SOURCE_ID = "fact-decks"  # the collection's DEFAULT_SOURCE: existing cards belong to it
PACKAGE = Path(__file__).resolve().parents[1]


class FactDecks:
    """The fact decks in `decks_dir` with the seed documents in `seeds_dir` (default: the
    bundled ones, or `$STUDYKIT_DECKS`/`$STUDYKIT_SEEDS`); `seed` drives the generators'
    random choices (option order), never the card ids."""

    id = SOURCE_ID
    label = "the fact decks"
    retire_missing = True  # a removed fact's cards are retired: kept with their history, never shown

    def __init__(self, decks_dir: Path | None = None, seeds_dir: Path | None = None, *, seed: int = 0) -> None:
        self.given_dirs = (decks_dir, seeds_dir)
        self.seed = seed
        self._read: tuple[dict[str, Fact], dict[str, SourceDoc]] | None = None

    # `studykit.decks` loads YAML: imported when the decks are looked at, not while the first card is being shown.
    @property
    def decks_dir(self) -> Path:
        from studykit.decks import decks_dir

        return self.given_dirs[0] or decks_dir()

    @property
    def seeds_dir(self) -> Path:
        from studykit.decks import seeds_dir

        return self.given_dirs[1] or seeds_dir()

    def fingerprint(self) -> str:
        return inputs_fingerprint(self.decks_dir, self.seeds_dir, self.seed)

    def read(self) -> list[Deck]:
        """Every deck, validated, each quote found verbatim in its seed; raises `SourceError`
        listing every problem (file, line, field)."""
        from studykit.decks import DeckLoadError, load_decks, load_seeds

        try:
            seeds = load_seeds(self.seeds_dir)
            decks = load_decks(self.decks_dir, seeds)
        except DeckLoadError as error:
            count = len(error.problems)
            if count == 1:  # one problem, one line: `file:line: field: message`
                raise SourceError(str(error.problems[0])) from None
            lines = [f"{count} problems in the decks:", *(str(p) for p in error.problems)]
            raise SourceError("\n".join(lines)) from None
        except OSError as error:
            raise SourceError(f"cannot read the decks: {getattr(error, 'filename', '') or ''}: "
                              f"{error.strerror or error}") from None
        self._remember(decks, sorted(seeds))
        return decks

    def load(self) -> SourceCards:
        from studykit.core.generators import generate_cards
        from studykit.core.introduction import introduction_order

        inputs = self.fingerprint()  # before reading: a file changed meanwhile is synced next time
        decks = self.read()
        facts = [fact for deck in decks for fact in deck.facts]
        cards = introduction_order(generate_cards(facts, rng=random.Random(self.seed)))
        return SourceCards(source_decks(decks), tuple(cards), inputs)

    def passages(self, card: Card) -> Passages:
        if self._read is None:
            self.read()
        assert self._read is not None
        return card_passages(card, *self._read)

    def tags(self, cards: Sequence[Card]) -> dict[str, tuple[str, ...]]:
        """Each card's kind, topic and language tags, from its facts (the decks read once)."""
        if self._read is None:
            self.read()
        assert self._read is not None
        return card_tags(cards, *self._read)

    def _remember(self, decks: Sequence[Deck], seed_files: Iterable[str]) -> None:
        facts = {fact.id: fact for deck in decks for fact in deck.facts}
        self._read = (facts, describe_seeds(seed_files, self.seeds_dir))


class GivenFacts:
    """Fact decks and their cards given as they are, as the fact-deck source (a fixed
    collection for tests and benchmarks): nothing is read but the seeds' descriptions."""

    id = SOURCE_ID
    label = "the fact decks"
    retire_missing = True

    def __init__(self, decks: Sequence[Deck], cards: Sequence[Card], *, seeds_dir: Path | None = None) -> None:
        self.decks = tuple(decks)
        self.cards = tuple(cards)
        self.seeds_dir = seeds_dir
        self._docs: dict[str, SourceDoc] | None = None

    def fingerprint(self) -> None:
        return None

    def load(self) -> SourceCards:
        return SourceCards(source_decks(self.decks), self.cards)

    def passages(self, card: Card) -> Passages:
        return card_passages(card, self._facts(), self._seed_docs())

    def tags(self, cards: Sequence[Card]) -> dict[str, tuple[str, ...]]:
        return card_tags(cards, self._facts(), self._seed_docs())

    def _facts(self) -> dict[str, Fact]:
        return {fact.id: fact for deck in self.decks for fact in deck.facts}

    def _seed_docs(self) -> dict[str, SourceDoc]:
        if self._docs is None:
            self._docs = describe_seeds(sorted({s.seed for c in self.cards for s in c.sources}), self.seeds_dir)
        return self._docs


def source_decks(decks: Iterable[Deck]) -> tuple[SourceDeck, ...]:
    return tuple(SourceDeck(deck.id, deck.name, deck.anki_name) for deck in decks)


def card_passages(card: Card, facts: Mapping[str, Fact], docs: Mapping[str, SourceDoc]) -> Passages:
    """The card's quotes with their documents, its facts (with their conflicts), every document."""
    quotes = tuple(
        (docs.get(source.seed) or SourceDoc(source.seed, source.seed, "language not recorded"), source.quote)
        for source in card.sources
    )
    return Passages(quotes, tuple(facts[i] for i in card.fact_ids if i in facts), dict(docs))


def card_tags(
    cards: Iterable[Card], facts: Mapping[str, Fact], docs: Mapping[str, SourceDoc],
) -> dict[str, tuple[str, ...]]:
    """Card id -> the tags of its facts (`core.tags`), for the cards whose facts are known."""
    from studykit.core.tags import fact_tags

    codes = {name: doc.language_code for name, doc in docs.items() if doc.language_code}
    out = {}
    for card in cards:
        known = [facts[i] for i in card.fact_ids if i in facts]
        if known:
            out[card.id] = fact_tags(known, codes)
    return out


def describe_seeds(names: Iterable[str], seeds_dir: Path | None = None) -> dict[str, SourceDoc]:
    """How the source screen names each seed document: title, origin and language, from
    `seeds/sources.toml` beside the documents; a document missing there is named by its file."""
    from studykit.decks import read_seed_info

    table = read_seed_info(seeds_dir)
    out = {}
    for name in names:
        info = table.get(name)
        if info is None:
            out[name] = SourceDoc(name, name, "language not recorded")
        else:
            out[name] = SourceDoc(name, info.title, info.language or "language not recorded", origin=info.origin,
                                  language_code=info.language_code)
    return out


def regular_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file of reasonable size, else none (reading the decks says why)."""
    import os
    import stat

    from studykit.files import TEXT_FILE_LIMIT

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return b""
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > TEXT_FILE_LIMIT:
            return b""
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            return handle.read(TEXT_FILE_LIMIT + 1)
    except OSError:
        return b""
    finally:
        os.close(descriptor)


def inputs_fingerprint(decks: Path, seeds: Path, seed: int) -> str:
    """A hash of what the cards are generated from: the deck and seed files (names and bytes),
    the source of the code that turns facts into cards, and the seed of its random choices.
    The same hash, the same cards: the sync can be skipped without reading a deck."""
    groups = {
        "decks": [*sorted(decks.glob("*.yaml")), *sorted(decks.glob("*.yml"))],
        "seeds": [*sorted(seeds.glob("*.txt")), seeds / "sources.toml"],
        "code": [
            *sorted((PACKAGE / "core").rglob("*.py")),
            PACKAGE / "decks.py",
            PACKAGE / "files.py",
            Path(__file__).resolve(),
        ],
    }
    import hashlib  # here: the fingerprint is taken after the first screen of the review app

    digest = hashlib.sha256(f"seed {seed}\n".encode())
    for group, paths in groups.items():
        for path in paths:
            data = regular_file_bytes(path)  # a pipe or a device named *.yaml must not hang or fill memory here
            digest.update(f"{group} {path.name} {len(data)}\n".encode())
            digest.update(data)
    return digest.hexdigest()
