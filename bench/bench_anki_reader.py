"""Benchmark reading an Anki package against Anki's own importer, on the same file.

    python bench/bench_anki_reader.py                 # 50,000 notes (10 % cloze), 200,000 reviews
    python bench/bench_anki_reader.py 5000 20000      # a quick run
    python bench/bench_anki_reader.py --package FILE  # a real package

- **studykit**: `open_package` — unzip, decompress, read note types, decks, notes, cards and
  the review log into the model (what the importer then turns into studykit cards);
- **anki**: `Collection.import_anki_package` with scheduling into a fresh collection — Anki's
  Rust importer, which reads the same package and also writes it into its collection.

So the ratio shows the reader's share of a budget of "within 2× Anki's import time" for the
whole studykit import. Each is the best of three runs (wall clock); peak memory of the reader
is traced in a separate run. The synthetic package comes from `anki_synthetic.py`, in both
layouts (anki21b with zstd, and legacy schema 11).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki_synthetic import make_package

from studykit.importers.anki import open_package


def read_with_studykit(path: Path) -> tuple[int, int, int]:
    with open_package(path) as package:
        collection = package.collection
        return len(collection.notes), len(collection.cards), len(collection.reviews)


def import_with_anki(path: Path) -> tuple[int, int, int]:
    with tempfile.TemporaryDirectory(prefix="studykit-bench-anki-") as directory:
        col = Collection(str(Path(directory) / "collection.anki2"))
        try:
            options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)
            col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options))
            db = col.db
            assert db is not None
            return (
                db.scalar("SELECT count() FROM notes"),
                db.scalar("SELECT count() FROM cards"),
                db.scalar("SELECT count() FROM revlog"),
            )
        finally:
            col.close()


def best_of(runs: int, action: Callable[[], tuple[int, int, int]]) -> tuple[float, tuple[int, int, int]]:
    best = float("inf")
    counts = (0, 0, 0)
    for _ in range(runs):
        start = time.perf_counter()
        counts = action()
        best = min(best, time.perf_counter() - start)
    return best, counts


def peak_memory(action: Callable[[], object]) -> int:
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def compare(label: str, path: Path) -> None:
    ours, counts = best_of(3, lambda: read_with_studykit(path))
    theirs, anki_counts = best_of(3, lambda: import_with_anki(path))
    peak = peak_memory(lambda: read_with_studykit(path))
    size = path.stat().st_size / 1e6
    print(f"{label}: {size:.1f} MB; notes, cards, reviews: studykit {counts}, anki {anki_counts}")
    print(f"  studykit open_package     {ours:7.3f} s   peak {peak / 1e6:6.1f} MB (traced)")
    print(f"  anki import_anki_package  {theirs:7.3f} s")
    print(f"  ratio studykit / anki     {ours / theirs:7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notes", type=int, nargs="?", default=50_000)
    parser.add_argument("reviews", type=int, nargs="?", default=200_000)
    parser.add_argument("--package", type=Path, help="a real package instead of the synthetic ones")
    args = parser.parse_args()
    if args.package:
        compare(args.package.name, args.package)
        return
    with tempfile.TemporaryDirectory(prefix="studykit-bench-") as directory:
        for legacy in (False, True):
            start = time.perf_counter()
            path = make_package(
                Path(directory) / f"synthetic-{'legacy' if legacy else 'latest'}.apkg",
                notes=args.notes,
                reviews=args.reviews,
                legacy=legacy,
            )
            made = time.perf_counter() - start
            label = "legacy anki21 (schema 11)" if legacy else "anki21b (zstd, schema 18)"
            print(f"made {label} package in {made:.1f} s")
            compare(f"{args.notes:,} notes, {args.reviews:,} reviews, {label}", path)


if __name__ == "__main__":
    main()
