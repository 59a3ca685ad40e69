"""Benchmark the collection at scale: today's queue, a durable commit, the file size.

    python bench/bench_collection.py                       # 100,000 cards, 1,000,000 reviews, 2,000 due
    python bench/bench_collection.py --cards 2000 --reviews 20000 --due 100   # a quick run

Builds a collection in a temporary directory (or --path): the cards through `sync`, the
reviews (`workload.Workload`: histories run by the real scheduler) through `commit` in
large changes (`synchronous = OFF` while building only). Then it measures, with
`synchronous = FULL` as in use:

- the time to build today's queue (`Collection.start_session`), of all decks and of one;
- the counts of every deck (`Collection.deck_counts`, the decks screen) and the cards per
  deck (`Collection.decks`);
- the time to commit one review durably (`Collection.commit`): p50, p95 and max, with the
  WAL checkpointed by the collection's own thread (aim: p95 < 2 ms, max < 20 ms);
- the time to skip an unchanged sync: `studykit review` compares a hash of the deck and seed
  files with the one stored at the last sync, and only when they differ generates the cards
  and compares their fingerprint (`Collection.sync`), measured too;
- the statistics (`Collection.stats`) and what the nothing-due screen shows (`available`);
- with `--upgrade`, the time to upgrade the same collection written as release 2 wrote it
  (schema 2, each log entry with its records before and after) to the compact log, once;
- the check made at every open (`storage.integrity`): its parts (the schema, the content
  through the damage indexes, `PRAGMA quick_check` of the file), what the content check would
  cost as a scan, and what it adds to an open: the wait of a first write after opening;
- the file size, as built and after VACUUM.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import Workload, make_cards, percentile, timed

from studykit.core.session import Change, Event
from studykit.core.sm2 import Button
from studykit.sources.fact_decks import inputs_fingerprint
from studykit.storage import Collection

NOW = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)
TZ = dt.timezone(dt.timedelta(hours=2))
CHUNK = 100_000  # events per commit while building


def build(path: Path, cards: int, reviews: int, due: int, seed: int) -> tuple[float, float]:
    """The workload (`workload.Workload`) committed in large changes, as an import would."""
    workload = Workload(cards, reviews, due, NOW, TZ, seed)
    started = time.perf_counter()
    deck_cards = make_cards(cards)
    with Collection.open(path) as collection:
        collection.sync(deck_cards)
        sync_time = time.perf_counter() - started
        collection.connection.execute("PRAGMA synchronous = OFF")  # building only; measured below with FULL
        pending: list[Event] = []
        for _, events in workload.histories([c.id for c in deck_cards]):
            pending += events
            if len(pending) >= CHUNK:
                collection.commit(Change(tuple(pending)))
                pending = []
        collection.commit(Change(tuple(pending)))
        collection.connection.execute("ANALYZE")
    return sync_time, time.perf_counter() - started


def measure(path: Path, cards: int) -> None:
    with Collection.open(path) as collection:
        started = time.perf_counter()  # the check at open (`storage.integrity`) runs on a thread: not timed below
        assert collection.verdict() is None
        checked = time.perf_counter() - started
        logged = collection.connection.execute("SELECT count(*) FROM review_log").fetchone()[0]
        print(f"collection: {cards:,} cards, {logged:,} reviews in the log; the check at open waited for "
              f"{checked:.2f} s")

        from studykit.decks import decks_dir, seeds_dir

        inputs = inputs_fingerprint(decks_dir(), seeds_dir(), 0)
        deck_cards = make_cards(cards)
        started = time.perf_counter()
        report = collection.sync(deck_cards, inputs=inputs)
        assert report.skipped
        print(f"unchanged sync, given the cards (skipped: the fingerprint of all cards matches): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms")
        first, median = timed(lambda: collection.synced_inputs() == inputs_fingerprint(decks_dir(), seeds_dir(), 0))
        print(f"unchanged sync as `studykit review` skips it (hash of the deck and seed files, no card "
              f"generated): {first * 1000:.1f} ms cold, median {median * 1000:.1f} ms")

        session = collection.start_session(now=NOW, tz=TZ)
        progress = session.progress
        first, median = timed(lambda: collection.start_session(now=NOW, tz=TZ))
        print(f"today's queue: {progress.reviews} reviews + {progress.new} new + {progress.redrill} re-drills; "
              f"built in {first * 1000:.1f} ms cold, median {median * 1000:.1f} ms")
        deck = "deck-03"
        first, median = timed(lambda: collection.start_session(now=NOW, tz=TZ, deck=deck))
        progress = collection.start_session(now=NOW, tz=TZ, deck=deck).progress
        print(f"one deck's queue ({deck}: {progress.reviews} reviews + {progress.new} new): "
              f"{first * 1000:.1f} ms cold, median {median * 1000:.1f} ms")
        first, median = timed(collection.decks)
        print(
            f"cards per deck ({len(collection.decks())} decks): {first * 1000:.1f} ms cold, "
            f"median {median * 1000:.1f} ms"
        )
        first, median = timed(lambda: collection.deck_counts(now=NOW, tz=TZ))
        print(f"every deck's counts, one query (the decks screen): {first * 1000:.1f} ms cold, "
              f"median {median * 1000:.1f} ms")
        first, median = timed(lambda: [collection.start_session(now=NOW, tz=TZ, deck=d)
                                       for d in [None, *collection.decks()]], runs=3)
        print(f"  the same from a session per deck (how the decks screen counted before; today's indexes): "
              f"median {median * 1000:.0f} ms")

        commit_times: list[float] = []
        rng = random.Random(1)
        now = NOW
        while session.current is not None and len(commit_times) < 300:
            now += dt.timedelta(seconds=8)
            change = session.grade(rng.choice(list(Button)), now=now, answer_ms=8000)
            started = time.perf_counter()
            collection.commit(change)
            commit_times.append(time.perf_counter() - started)
        print(f"commit one review durably (synchronous=FULL, WAL), {len(commit_times)} commits: "
              f"p50 {percentile(commit_times, 50) * 1000:.2f} ms, p95 {percentile(commit_times, 95) * 1000:.2f} ms, "
              f"max {max(commit_times) * 1000:.2f} ms")

        first, median = timed(lambda: collection.stats(now=now, tz=TZ), runs=7)
        print(f"statistics (a year): {first * 1000:.0f} ms cold, median {median * 1000:.0f} ms")
        first, median = timed(lambda: collection.available(now=now), runs=7)
        print(f"what the nothing-due screen offers (`available`): {first * 1000:.1f} ms cold, "
              f"median {median * 1000:.1f} ms")
    print(f"file size: {size_of(path) / 1e6:.1f} MB ({size_of(path) / max(logged, 1):.0f} bytes per review)")
    with Collection.open(path) as collection:
        collection.connection.execute("VACUUM")
    print(f"after VACUUM: {size_of(path) / 1e6:.1f} MB ({size_of(path) / max(logged, 1):.0f} bytes per review)")


def check_cost(path: Path) -> None:
    """The check at every open, part by part, beside a bare SQLite open (the floor) and a full
    `PRAGMA integrity_check` (what the `anki` library's Check Database runs)."""
    import sqlite3

    from studykit.storage import integrity
    from studykit.storage.migrations import ALL_DAMAGE_INDEXES, SCHEMA_VERSION

    def bare() -> None:
        conn = sqlite3.connect(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    conn = integrity.connect_read_only(path)
    try:
        _, floor = timed(bare, runs=7)
        _, schema = timed(lambda: integrity.check_schema(conn, SCHEMA_VERSION), runs=7)
        _, content = timed(lambda: integrity.check_content(conn), runs=7)
        def scan_all() -> None:  # what the damage indexes spare: every row of the large tables read
            for table, (_, _, sound) in ALL_DAMAGE_INDEXES.items():
                conn.execute(f"SELECT count(*) FROM {table} NOT INDEXED WHERE NOT ({sound})").fetchone()

        _, scan = timed(scan_all, runs=3)
        _, quick = timed(lambda: integrity.check_file(conn), runs=3)
        _, full = timed(lambda: conn.execute("PRAGMA integrity_check").fetchall(), runs=1)
    finally:
        conn.close()
    print(f"check at open: the schema {schema * 1000:.2f} ms, the content (damage indexes) {content * 1000:.2f} ms "
          f"(as a scan of the tables: {scan * 1000:.0f} ms), the file (quick_check) {quick * 1000:.0f} ms; "
          f"PRAGMA integrity_check {full * 1000:.0f} ms; a bare SQLite open {floor * 1000:.2f} ms")

    def open_ready() -> None:
        Collection.open(path).close()

    def open_and_wait() -> None:
        with Collection.open(path) as collection:
            assert collection.verdict() is None

    def open_read_only() -> None:
        Collection.open(path, read_only=True).close()

    _, ready = timed(open_ready, runs=5)
    _, waited = timed(open_and_wait, runs=5)
    _, read_only = timed(open_read_only, runs=3)
    print(f"open for writing: {ready * 1000:.1f} ms until usable for reading (the check runs on its own thread); "
          f"{waited * 1000:.0f} ms until the first write may go in; open for reading (stats, checked whole first): "
          f"{read_only * 1000:.0f} ms; ratio to a bare SQLite open: {ready / floor:.1f}x, {waited / floor:.0f}x")


def size_of(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def upgrade(path: Path, cards: int, reviews: int, due: int, seed: int) -> None:
    """Time the upgrade to the compact log of the same collection as release 2 wrote it."""
    from tests.storage.release import write_old_collection

    workload = Workload(cards, reviews, due, NOW, TZ, seed)
    deck_cards = make_cards(cards)
    events = (e for _, events in workload.histories([c.id for c in deck_cards]) for e in events)
    write_old_collection(path, deck_cards, events, version=2)
    size = size_of(path)
    started = time.perf_counter()
    Collection.open(path).close()
    print(f"upgrade from schema 2 (as released) to the compact log, every entry checked by replay: "
          f"{time.perf_counter() - started:.1f} s; {size / 1e6:.0f} MB before, {size_of(path) / 1e6:.0f} MB after")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--path", type=Path, help="build here (must not exist) instead of a temporary directory")
    parser.add_argument("--upgrade", action="store_true", help="also time the upgrade from schema 2 (builds it again)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="studykit-bench-") as directory:
        path = args.path or Path(directory) / "collection.sqlite3"
        if path.exists():
            parser.error(f"{path} exists; the benchmark builds a new collection")
        sync_time, build_time = build(path, args.cards, args.reviews, args.due, args.seed)
        print(f"built in {build_time:.1f} s (sync of the cards {sync_time:.1f} s)")
        measure(path, args.cards)
        check_cost(path)
        if args.upgrade:
            upgrade(Path(directory) / "schema2.sqlite3", args.cards, args.reviews, args.due, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
