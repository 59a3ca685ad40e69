"""A large import writes its rows with the tables' secondary indexes set aside and builds them
again after, in the same transaction: the collection ends with the very schema a fresh one has,
the same rows an import with the indexes kept gives, and a failure leaves it exactly as before."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

import pytest

from studykit.storage import Collection
from studykit.study.errors import StudyError
from studykit.study.study import Study
from tests.study.test_imports import collection_state

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(BENCH))
    try:
        from anki_synthetic import make_package
    finally:
        sys.path.remove(str(BENCH))
    return make_package(tmp_path_factory.mktemp("bulk") / "synthetic.apkg", notes=2_500, reviews=6_000)


def schema(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        conn.close()


def rows(path: Path) -> tuple[object, ...]:
    """Every row but the import's record (its time and file differ from run to run)."""
    return tuple(table for table in collection_state(path) if table[0] not in ("imports",))


def import_traced(path: Path, package: Path) -> list[str]:
    statements: list[str] = []
    with Study(path, sources=(), now=lambda: NOW, tz=dt.UTC) as study:
        collection = study.collection
        assert collection is not None
        collection.connection.set_trace_callback(statements.append)
        study.import_package(package)
        collection.connection.set_trace_callback(None)
    return statements


def test_a_large_import_sets_the_indexes_aside_and_builds_them_again(package: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    Collection.open(fresh).close()
    path = tmp_path / "c.sqlite3"
    statements = import_traced(path, package)
    dropped = [s for s in statements if s.startswith("DROP INDEX")]
    assert any("cards_deck_counts" in s for s in dropped) and any("review_log_card" in s for s in dropped)
    assert schema(path) == schema(fresh)
    with Collection.open(path) as collection:
        assert collection.verdict() is None
        assert collection.replayed_records() == {r.card_id: r for r in collection.records(include_retired=True)}
    # the same rows as when every row is written with the indexes kept (a small import does so)
    kept = tmp_path / "kept.sqlite3"
    import studykit.storage.collection as storage

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage, "_BULK_ROWS", 10**9)
        assert not [s for s in import_traced(kept, package) if s.startswith("DROP INDEX")]
    assert rows(kept) == rows(path)


def test_a_large_import_that_fails_leaves_the_collection_and_its_indexes_as_they_were(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "c.sqlite3"
    Collection.open(path).close()
    before = (schema(path), collection_state(path))

    def broken(self: Collection, *args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Collection, "record_import", broken)
    study = Study(path, sources=(), now=lambda: NOW, tz=dt.UTC)
    with pytest.raises((StudyError, sqlite3.OperationalError)), study:
        study.import_package(package)
    assert (schema(path), collection_state(path)) == before
