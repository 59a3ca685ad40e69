"""Every card of every real package in ../shared/anki-decks, rendered by the `anki` library and
by our renderer from the same note: equal (after the normalization `anki_oracle` documents),
and the same cards per note as Anki makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.anki.anki_oracle import SHARED, compare, packages

PACKAGES = packages()


@pytest.mark.skipif(not PACKAGES, reason=f"the shared Anki packages are not at {SHARED}")
@pytest.mark.parametrize("package", PACKAGES, ids=[p.name.split("_")[0] for p in PACKAGES])
def test_every_card_renders_as_anki_renders_it(package: Path) -> None:
    comparison = compare(package)
    assert comparison.differing == [], comparison.summary() + "\n" + "\n".join(comparison.differing[:5])
    assert comparison.equal == comparison.cards
    assert comparison.ords_differing == [], "\n".join(comparison.ords_differing[:5])
