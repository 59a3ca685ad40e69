"""Damaged bytes anywhere in a package: the reader either reads it or raises `PackageError`,
never anything else, and leaves no temporary file behind."""

from __future__ import annotations

import functools
import json
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.importers.anki import Limits, PackageError, open_package
from tests.importers.anki.test_bad_input import anki_collection, genanki_collection, media_entries, zipped, zstd

LIMITS = Limits(max_collection_bytes=8 * 1024 * 1024, max_media_file_bytes=1024 * 1024, max_metadata_bytes=1024 * 1024)


@functools.cache
def packages() -> dict[str, bytes]:
    directory = Path(tempfile.mkdtemp(prefix="studykit-fuzz-"))
    legacy = zipped(
        directory / "legacy.apkg",
        {
            "collection.anki2": genanki_collection(directory).read_bytes(),
            "media": json.dumps({"0": "a.png"}).encode(),
            "0": b"png bytes" * 10,
        },
        method=zipfile.ZIP_STORED,
    )
    latest = zipped(
        directory / "latest.apkg",
        {
            "meta": b"\x08\x03",
            "collection.anki21b": zstd(anki_collection(directory).read_bytes()),
            "media": zstd(media_entries(("a.png", 90, b"\x01" * 20))),
            "0": zstd(b"png bytes" * 10),
        },
        method=zipfile.ZIP_STORED,
    )
    return {"legacy": legacy.read_bytes(), "latest": latest.read_bytes()}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.sampled_from(["legacy", "latest"]),
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6),
    cut=st.none() | st.floats(0, 1),
)
def test_damaged_bytes_give_a_package_or_a_package_error(
    which: str,
    edits: list[tuple[float, int]],
    cut: float | None,
    tmp_path_factory,  # type: ignore[no-untyped-def]
) -> None:
    data = bytearray(packages()[which])
    for where, value in edits:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    directory = tmp_path_factory.mktemp("fuzz")
    path = directory / "damaged.apkg"
    path.write_bytes(bytes(data))
    temp = directory / "temp"
    temp.mkdir()
    try:
        with open_package(path, limits=LIMITS, temp_dir=temp) as package:
            for entry in package.media:
                try:
                    package.read_media(entry)
                except PackageError as error:
                    assert str(error).startswith(f"{path}: ")
    except PackageError as error:
        assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
    assert list(temp.iterdir()) == []
