"""An import stopped part way (Ctrl+C, or a failure while its cards are written) leaves the
collection exactly as it was and takes back the media files it had written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from studykit.study.study import Study
from tests.badinput.test_anki_packages import package_with_media
from tests.badinput.test_collections import collection


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("stage", ["media", "cards"])
def test_an_import_interrupted_leaves_the_collection_and_media_as_they_were(tmp_path: Path, stage: str) -> None:
    collection()(tmp_path)
    package_with_media(tmp_path)
    path = tmp_path / "collection.sqlite3"
    before = digest(path)

    def progress(at: str, done: int, total: int) -> None:
        if at == stage and done >= 1:  # after the first media file is written, or as the cards are
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), Study(path, sources=()) as study:
        study.import_package(tmp_path / "deck.apkg", progress=progress)
    assert digest(path) == before
    media = tmp_path / "collection.media"
    assert not media.exists() or not any(media.iterdir()), list(media.iterdir())
    with Study(path, sources=()) as study:
        assert study.imports() == []


def test_ctrl_c_during_the_first_import_leaves_no_new_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import argparse

    from studykit.cli import importing

    package_with_media(tmp_path)

    def interrupted(self: Study, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Study, "import_package", interrupted)
    path = tmp_path / "new.sqlite3"
    args = argparse.Namespace(files=[tmp_path / "deck.apkg"], collection=path, no_scheduling=False, json=False)
    with pytest.raises(KeyboardInterrupt):
        importing.run(args)
    assert not path.exists() and not list(tmp_path.glob("new.sqlite3*"))


def test_what_a_killed_import_left_half_written_is_swept_an_hour_later(tmp_path: Path) -> None:
    import os
    import time

    collection()(tmp_path)
    package_with_media(tmp_path)
    media = tmp_path / "collection.media"
    media.mkdir()
    stale, fresh = media / ".importing-stale", media / ".importing-fresh"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    with Study(tmp_path / "collection.sqlite3", sources=()) as study:
        study.import_package(tmp_path / "deck.apkg")
    assert not stale.exists() and fresh.exists()
    assert sorted(p.name for p in media.iterdir()) == [".importing-fresh", "a-small.png", "b-large.png"]
