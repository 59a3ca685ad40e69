"""The TUI's backend: the decks are read and synced only when their files changed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import studykit.decks
from studykit.decks import bundled_dir
from studykit.tui.backend import CollectionBackend
from tests.tui.sample import NOW, TZ


def backend(tmp_path: Path) -> CollectionBackend:
    return CollectionBackend(tmp_path / "collection.sqlite3", decks_dir=tmp_path / "decks",
                             seeds_dir=tmp_path / "seeds", now=lambda: NOW, tz=TZ)


def test_unchanged_deck_files_are_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(bundled_dir("decks"), tmp_path / "decks")
    shutil.copytree(bundled_dir("seeds"), tmp_path / "seeds")
    first = backend(tmp_path)
    first.open()  # a new collection: synced before the first screen
    assert first.synced and not first.needs_sync()
    names = dict(first.deck_names)
    first.close()

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the decks were read")

    again = backend(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(studykit.decks, "load_decks", no_reading)
        patched.setattr(studykit.decks, "load_seeds", no_reading)
        again.open()
        assert again.deck_names == names  # recorded by the sync: no deck file read
        assert not again.needs_sync()
        assert again.deck_rows()[0].total == sum(row.total for row in again.deck_rows()[1:]) > 0
    again.close()

    deck = min((tmp_path / "decks").glob("*.yaml"))
    deck.write_text(deck.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    edited = backend(tmp_path)
    edited.open()
    assert edited.needs_sync()  # the bytes changed: read and sync (the cards are the same)
    edited.sync_decks()
    assert not edited.needs_sync() and edited.facts
    edited.close()
    last = backend(tmp_path)
    last.open()
    assert not last.needs_sync()
    last.close()


def test_a_day_of_new_cards_from_the_bundled_decks_has_no_two_siblings(tmp_path: Path) -> None:
    """Siblings (cards of one fact) are introduced days apart, as Anki buries them."""
    now = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
    backend = CollectionBackend(tmp_path / "collection.sqlite3", now=lambda: now, tz=dt.UTC)
    backend.open()  # a new collection: the bundled decks are synced in introduction order
    try:
        session = backend._c.start_session(now=now, tz=dt.UTC)
        new = []
        while session.current is not None:
            new.append(session.current.card_id)
            backend._c.commit(session.grade(5, now=now))
        assert len(new) == 20
        assert len({card_id.split(":")[0] for card_id in new}) == 20
    finally:
        backend.close()
