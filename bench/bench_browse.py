"""The card browser's searches against the `anki` library's own, on the same cards, in one run.

    python bench/bench_browse.py             # a synthetic package of 20,000 notes (about 24,000 cards)
    python bench/bench_browse.py 5000        # a quick run

One synthetic Anki package (`anki_synthetic.make_package`) is imported into a studykit
collection (`studykit import`) and into an Anki collection (`import_anki_package`); then each
query, written the same way for both (the search language is Anki's), is run:

- **studykit**: `Study.browse(query)`: parse, match every card, and make a row (question,
  deck, type, state, due, interval, ease, lapses, reviews) of every card found, sorted: what
  the browser's table and `studykit browse --json` show. The first search of a session also
  reads the cards' text once (`cold`); later ones reuse it (`warm`: the best of three).
- **anki**: `Collection.find_cards(query, order=True)` (Anki's Rust search, sorted) and the
  rows of the first 30 cards found (`browser_row_for_id`), as Anki's browser fills the visible
  part of its table: the best of three.

The ratio is studykit / anki. Anki searches in compiled SQL over an index of its notes; the
browser here matches in Python over what the collection holds, which is simpler and keeps one
parser for the TUI and the CLI; the numbers say what that costs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

QUERIES = (
    "",
    "1234",
    "with",
    "tag:tag7",
    'deck:"Synthetic::Part 03"',
    "more",
    "is:suspended",
    "(tag:tag7 or tag:tag8) -is:suspended",
)


def best(runs: int, work):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notes", nargs="?", type=int, default=20_000)
    args = parser.parse_args(argv)
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki_synthetic import make_package

    from studykit.study.study import Study

    with tempfile.TemporaryDirectory(prefix="studykit-bench-browse-") as directory:
        folder = Path(directory)
        package = make_package(folder / "synthetic.apkg", notes=args.notes, reviews=0)
        study = Study(folder / "collection.sqlite3", sources=()).open()
        study.import_package(package)
        col = Collection(str(folder / "collection.anki2"))
        options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
        col.set_browser_card_columns(col.load_browser_card_columns())  # as Anki's browser does when it opens
        total = len(col.find_cards(""))
        print(f"{args.notes:,} notes, {total:,} cards (studykit: {study.browse('').total:,})")
        print(f"{'query':<40} {'found':>7} {'anki':>9} {'studykit':>9} {'ratio':>6}")
        study.close()
        study = Study(folder / "collection.sqlite3", sources=()).open()  # the text not yet read
        start = time.perf_counter()
        study.browse("")
        cold = time.perf_counter() - start
        for query in QUERIES:
            anki_time, ids = best(3, lambda q=query: col.find_cards(q, order=True))

            def rows(found=ids) -> None:  # type: ignore[no-untyped-def]
                for card_id in list(found)[:30]:
                    col.browser_row_for_id(card_id)

            rows_time, _ = best(3, rows)
            ours, result = best(3, lambda q=query: study.browse(q))
            assert result is not None
            if len(result.rows) != len(ids):
                print(f"  (counts differ for {query!r}: studykit {len(result.rows)}, anki {len(ids)})")
            theirs = anki_time + rows_time
            print(f"{query or '(every card)':<40} {len(result.rows):>7,} {theirs * 1000:>7.1f}ms {ours * 1000:>7.1f}ms "
                  f"{ours / theirs:>6.1f}")
        print(f"first search of a session (reads every card's text once): {cold:.2f} s")
        study.close()
        col.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
