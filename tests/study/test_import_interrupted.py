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
