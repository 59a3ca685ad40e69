"""Benchmark the collection at scale: today's queue, a durable commit, the file size.

    python bench/bench_collection.py                       # 100,000 cards, 1,000,000 reviews
    python bench/bench_collection.py --cards 2000 --reviews 20000   # a quick run

Builds a collection in a temporary directory (or --path): the cards through `sync`, the
reviews by running the real scheduler over each card's history and bulk-inserting the log
rows and final records in large transactions (`synchronous = OFF` while building only).
Then it measures, with `synchronous = FULL` as in use:

- the time to build today's queue (`Collection.start_session`), of all decks and of one,
  aim < 50 ms;
- the counts of every deck (`Collection.deck_counts`, the decks screen) and the cards per
  deck (`Collection.decks`);
- the time to commit one review durably (`Collection.commit`), aim p95 < 10 ms;
- the time to skip an unchanged sync: `studykit review` compares a hash of the deck and seed
  files with the one stored at the last sync, and only when they differ generates the cards
  and compares their fingerprint (`Collection.sync`), measured too;
- the time to upgrade a collection of schema 1 (it gets the indexes of schema 2), once;
- the file size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studykit.core.cards import Card, CardType
from studykit.core.facts import Source
from studykit.core.session import CardRecord, Event, StudyDay, grade_card
from studykit.core.sm2 import Button, review
from studykit.sources.fact_decks import inputs_fingerprint
from studykit.storage import Collection
from studykit.storage import converters as cv
from studykit.storage.migrations import SCHEMA_VERSION

NOW = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)
TZ = dt.timezone(dt.timedelta(hours=2))
TODAY = StudyDay.containing(NOW, tz=TZ)  # nothing reviewed yet today: the whole queue is ahead
QUALITIES = (1, 3, 4, 4, 4, 4, 5, 5, 2, 4)  # about one fail in five, as real students manage


def make_cards(count: int) -> list[Card]:
    return [
        Card(
            id=f"fact-{i // 4}:{('qa', 'choice', 'cloze', 'truefalse')[i % 4]}:0", type=CardType.QA,
            deck_id=f"deck-{i % 20}", prompt=f"Question {i} about the Caucasus, 1918–1921?",
            answer=f"Answer {i}", fact_ids=(f"fact-{i // 4}",),
            sources=(Source("001_d3695f0660554b3e.txt", f"a verbatim quote of about this length, {i}"),),
            statement=f"The statement of fact {i // 4}, as a sentence of ordinary length.",
        )
        for i in range(count)
    ]


def history(card_id: str, grades: int, rng: random.Random) -> Iterator[Event]:
    """`grades` grades of one card (failed grades re-drilled 10 minutes later), each given
    when due plus up to two days, shifted so that the card falls due between three days
    ago and a month ahead, its last grade before today. At most five passes in a row, so a history spans a few years,
    not the centuries SM-2's intervals would reach."""
    plan: list[tuple[int, float]] = []
    passes = 0
    while len(plan) < grades:
        q = rng.choice(QUALITIES) if passes < 5 else rng.choice((1, 2, 3))  # keep histories to a few years
        passes = passes + 1 if q >= 3 else 0
        plan.append((q, rng.random() * 48))
        if q < 4 and len(plan) < grades:
            plan.append((-rng.choice((4, 5)), 0.0))  # a same-day re-drill

    def run(start: dt.datetime) -> Iterator[Event]:
        record, now = CardRecord(card_id), start
        for q, late_hours in plan:
            if q < 0:
                now += dt.timedelta(minutes=10)
                change = grade_card(record, -q, now=now, redrill=True)
            else:
                if record.state.due is not None:
                    now = record.state.due + dt.timedelta(hours=late_hours)
                change = grade_card(record, q, now=now)
            record = change.events[-1].after
            yield from change.events

    start = NOW
    state, now = CardRecord(card_id).state, start  # a dry run to find where the history ends
    for q, late_hours in plan:
        if q < 0:
            now += dt.timedelta(minutes=10)
            state, _ = review(state, -q, now, redrill=True)
        else:
            now = now if state.due is None else state.due + dt.timedelta(hours=late_hours)
            state, _ = review(state, q, now)
    assert state.due is not None and state.last_review is not None
    # shift so that the last grade is in the past and the card falls due from 3 days ago to 30 ahead
    earliest = NOW - dt.timedelta(days=3) - state.due
    latest = min(TODAY.start - dt.timedelta(minutes=1) - state.last_review, NOW + dt.timedelta(days=30) - state.due)
    return run(start + earliest + (latest - earliest) * rng.random())


def build(path: Path, cards: int, reviews: int, seed: int) -> tuple[float, float]:
    rng = random.Random(seed)
    started = time.perf_counter()
    with Collection.open(path) as collection:
        collection.sync(make_cards(cards))
        sync_time = time.perf_counter() - started
        ids = [r.card_id for r in collection.records()]
        reviewed = ids[: int(len(ids) * 0.7)]  # the rest stay new
        per_card = [reviews // len(reviewed)] * len(reviewed) if reviewed else []
        for i in range(reviews - sum(per_card)):
            per_card[i] += 1
        conn = collection.connection
        conn.execute("PRAGMA synchronous = OFF")  # building only; measured below with FULL
        insert = (
            f"INSERT INTO review_log ({', '.join(cv.EVENT_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(cv.EVENT_COLUMNS))})"
        )
        update = f"UPDATE cards SET {', '.join(f'{c} = ?' for c in cv.STATE_COLUMNS)} WHERE id = ?"
        rows: list[tuple[Any, ...]] = []
        finals: list[tuple[Any, ...]] = []
        for card_id, count in zip(reviewed, per_card):
            last = None
            for event in history(card_id, count, rng):
                rows.append(cv.event_to_row(event))
                last = event
            if last is not None:
                finals.append((*cv.record_to_row(last.after), card_id))
            if len(rows) >= 100_000:
                conn.execute("BEGIN")
                conn.executemany(insert, rows)
                conn.executemany(update, finals)
                conn.execute("COMMIT")
                rows, finals = [], []
        conn.execute("BEGIN")
        conn.executemany(insert, rows)
        conn.executemany(update, finals)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sync_time, time.perf_counter() - started


def timed(function: Callable[[], object], runs: int = 21) -> tuple[float, float]:
    """The first run's time and the median of `runs`, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times)


def upgrade(path: Path) -> None:
    """Time the upgrade of a collection of schema 1: the collection is taken back to it
    (what schemas 2 and 3 added dropped), then opened."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in ("DROP INDEX cards_deck_counts", "DROP INDEX cards_deck_new", "DROP TABLE decks",
                      "CREATE INDEX cards_deck ON cards (deck)", "DROP TABLE sources",
                      "ALTER TABLE cards DROP COLUMN source", "PRAGMA user_version = 1"):
        conn.execute(statement)
    conn.close()
    started = time.perf_counter()
    Collection.open(path).close()
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"upgrade from schema 1 to {SCHEMA_VERSION} (new indexes), once: {elapsed_ms:.0f} ms")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(path: Path, cards: int) -> None:
    with Collection.open(path) as collection:
        logged = collection.connection.execute("SELECT count(*) FROM review_log").fetchone()[0]
        print(f"collection: {cards:,} cards, {logged:,} reviews in the log")

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
        deck = "deck-3"
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

        started = time.perf_counter()
        collection.stats(now=now, tz=TZ)
        print(f"stats: {(time.perf_counter() - started) * 1000:.0f} ms")
    wal = path.with_name(path.name + "-wal")
    size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    print(f"file size: {size / 1e6:.1f} MB ({size / max(logged, 1):.0f} bytes per review)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--path", type=Path, help="build here (must not exist) instead of a temporary directory")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="studykit-bench-") as directory:
        path = args.path or Path(directory) / "collection.sqlite3"
        if path.exists():
            parser.error(f"{path} exists; the benchmark builds a new collection")
        sync_time, build_time = build(path, args.cards, args.reviews, args.seed)
        print(f"built in {build_time:.1f} s (sync of the cards {sync_time:.1f} s)")
        measure(path, args.cards)
        upgrade(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
