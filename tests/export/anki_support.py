"""Helpers and fixtures for the Anki export tests: packages built from the bundled decks and
imported into a fresh collection of the real Anki library (`anki` from PyPI, a test
dependency). The fixtures are in conftest.py, which imports Anki only when they are used."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER as IF_NEWER

from studykit.core.cards import Card
from studykit.core.facts import Deck
from studykit.decks import load_decks, load_seeds, read_seed_info
from studykit.export.anki import EXPORTED, ExportSummary, export_anki
from tests.bundled import same_generation
from tests.conftest import DECKS, SEEDS

FIRST_EXPORT = 1_700_000_000  # pinned export times: tests never read the clock
LATER_EXPORT = FIRST_EXPORT + 3600


@dataclass
class Export:
    decks: list[Deck]
    cards: list[Card]
    summary: ExportSummary
    path: Path


def build(path: Path, *, decks_dir: Path = DECKS, seed: int = 0, timestamp: int = FIRST_EXPORT,
          only: Sequence[str] = ()) -> Export:
    """Export the decks in `decks_dir` as `studykit export anki` does (cards judged over all facts)."""
    decks = load_decks(decks_dir, load_seeds(SEEDS))
    facts = [f for d in decks for f in d.facts]  # the same decks' cards made once per test process
    cards = same_generation(facts, rng=random.Random(seed), types=EXPORTED)
    chosen = [d for d in decks if not only or d.id in only]
    summary = export_anki(path, chosen, cards, seed_docs=read_seed_info(SEEDS), timestamp=timestamp)
    return Export(chosen, [c for c in cards if c.deck_id in {d.id for d in chosen}], summary, path)


def import_package(col, path: Path):  # type: ignore[no-untyped-def]
    """Import as Anki's import dialog does by default: update notes and note types if newer."""
    options = ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=IF_NEWER,
        update_notetypes=IF_NEWER,
        with_scheduling=False,
        with_deck_configs=False,
    )
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log


def open_collection(directory: Path):  # type: ignore[no-untyped-def]
    directory.mkdir(parents=True, exist_ok=True)
    return Collection(str(directory / "collection.anki2"))


def text_of(html_text: str) -> str:
    """The visible text of rendered card HTML (style and tags removed, entities decoded)."""
    import html

    without_style = re.sub(r"<style>.*?</style>", "", html_text, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_style)).split())
