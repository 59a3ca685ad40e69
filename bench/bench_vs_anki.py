"""studykit beside Anki's own engine (the `anki` library, Rust inside), on the same workload.

    python bench/bench_vs_anki.py                                   # 100,000 cards, 1,000,000 reviews, 2,000 due
    python bench/bench_vs_anki.py --cards 5000 --reviews 50000 --due 200   # a quick run

Builds the same collection twice, in temporary directories: a studykit collection (cards
synced, the histories committed through `Collection.commit` in large changes) and an Anki
collection through the `anki` library (the same texts as Basic notes in the same 20 decks, the
same reviews as revlog rows, each card's final state as a review card). The workload is
`workload.Workload`, relative to the real clock, since Anki's scheduler reads it. Then it
measures each side doing the same work, in this one run, and prints both and their ratio:

- statistics: the data behind the stats screen for a year (`Collection.stats`; Anki's
  `graphs` for 365 days, which its stats screen draws from);
- the counts of every deck, the decks screen (`Collection.deck_counts`; `deck_due_tree`);
- today's queue (`Collection.start_session`; Anki's first `get_queued_cards` after opening),
  and studykit's without sparing the cards another gives away (`review --show-siblings`: the
  queue's cards are then neither read nor related);
- one grade made durable: a grade and its commit (`Session.grade` + `Collection.commit`;
  `answer_card`), both with `synchronous = FULL` in WAL mode, one fsync a grade; beside them
  the disk's floor, one row committed the same way by bare SQLite;
- bytes on disk per review: the file after VACUUM, divided by the reviews;
- the nothing-due screen: what it shows (next due, new and cram cards available) when today's
  limits are used up (studykit only);
- `studykit stats`, the command, from process start to exit: on a file changed since it was
  last found sound (it reads the whole file to check it), and on one unchanged (studykit only).

Beside the grades, what each writes to its write-ahead log per grade, read from the log: the
pages, and the commits (with `synchronous = FULL`, one fsync each), against bare SQLite's one row.

Times are medians (first runs after opening are reported too, where they differ).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import DECKS, Workload, deck_of, make_cards, percentile, timed

from studykit.core.cards import Card
from studykit.core.session import Change, Event, EventKind, SessionConfig, StudyDay
from studykit.core.sm2 import Button
from studykit.storage import Collection

CHUNK = 100_000  # events per commit while building
GRADES = 200  # grades timed, or today's queue if shorter
ANKI_EASE = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}  # SM-2 quality -> Anki's button
ANKI_TYPE = {EventKind.NEW: 0, EventKind.REVIEW: 1, EventKind.REDRILL: 2}  # learn, review, relearn


# --- building --------------------------------------------------------------------------------------


class AnkiSide:
    """The Anki collection, filled as the studykit one is."""

    def __init__(self, path: Path, cards: list[Card]) -> None:
        from anki.collection import AddNoteRequest
        from anki.collection import Collection as AnkiCollection

        self.col = AnkiCollection(str(path))
        model = self.col.models.by_name("Basic")
        assert model is not None
        decks = {deck_of(i): self.col.decks.id(f"Bench::{deck_of(i)}") for i in range(DECKS)}
        requests = []
        for card in cards:
            note = self.col.new_note(model)
            note["Front"] = card.prompt
            note["Back"] = f"{card.answer}<br>{card.statement}<br>{card.sources[0].quote}"
            requests.append(AddNoteRequest(note=note, deck_id=decks[card.deck_id]))
        for start in range(0, len(requests), 10_000):
            self.col.add_notes(requests[start:start + 10_000])
        self.card_ids: list[int] = self.col.db.list("SELECT id FROM cards ORDER BY nid")
        self.col.decks.select(self.col.decks.id("Bench"))
        self.today = self.col.sched.today
        self.used_ids: set[int] = set()

    def add(self, history: list[tuple[int, list[Event]]], today: StudyDay) -> None:
        """The histories as revlog rows, and each card's final state."""
        revlog, states = [], []
        for index, events in history:
            cid = self.card_ids[index]
            grades = [e for e in events if e.quality is not None]
            for e in grades:
                at = int(e.at.timestamp() * 1000)
                while at in self.used_ids:  # revlog ids are times in ms, and unique
                    at += 1
                self.used_ids.add(at)
                revlog.append((at, cid, -1, ANKI_EASE[int(e.quality)], e.after.state.interval,  # type: ignore[arg-type]
                               e.before.state.interval, round(e.after.state.ef * 1000), e.answer_ms,
                               ANKI_TYPE[e.kind]))
            last = events[-1].after.state
            assert last.due is not None
            due_day = (StudyDay.containing(last.due, tz=today.tz).date - today.date).days
            states.append((self.today + due_day, last.interval, round(last.ef * 1000), len(grades), last.lapses, cid))
        def write() -> None:  # in one transaction: outside one, each row is committed on its own
            self.col.db.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", revlog)
            self.col.db.executemany(
                "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ? WHERE id = ?",
                states,
            )

        self.col.db.transact(write)


def build(workload: Workload, directory: Path) -> tuple[Path, Path]:
    cards = make_cards(workload.cards)
    ours, theirs = directory / "studykit.sqlite3", directory / "anki" / "collection.anki2"
    theirs.parent.mkdir()
    started = time.perf_counter()
    anki = AnkiSide(theirs, cards)
    print(f"  Anki notes added in {time.perf_counter() - started:.0f} s", flush=True)
    with Collection.open(ours) as collection:
        collection.sync(cards)
        collection.connection.execute("PRAGMA synchronous = OFF")  # building only; measured with FULL
        pending: list[tuple[int, list[Event]]] = []
        size = 0
        for index, events in workload.histories([c.id for c in cards]):
            pending.append((index, events))
            size += len(events)
            if size >= CHUNK:
                collection.commit(Change(tuple(e for _, events in pending for e in events)))
                anki.add(pending, workload.today)
                pending, size = [], 0
        collection.commit(Change(tuple(e for _, events in pending for e in events)))
        anki.add(pending, workload.today)
        collection.connection.execute("ANALYZE")
    anki.col.close()
    print(f"  both built in {time.perf_counter() - started:.0f} s", flush=True)
    return ours, theirs


# --- measuring -------------------------------------------------------------------------------------


class WalFrames:
    """What the commits since the last look wrote to a database's write-ahead log, read from the
    log itself: the pages (frames) and the commits (frames that end a transaction; with
    `synchronous = FULL` each commit is one fsync of the log) of its current generation (a
    checkpoint that restarts the log changes its salts: the frames after it are a new count)."""

    def __init__(self, database: Path) -> None:
        self.wal = database.with_name(database.name + "-wal")
        self.salts = b""
        self.end = 32  # where the frames not yet counted begin
        self.pages = self.commits = self.restarts = 0

    def look(self) -> None:
        import struct

        with self.wal.open("rb") as log:
            header = log.read(32)
            if len(header) < 32:
                return
            page_size, salts = struct.unpack(">I", header[8:12])[0], header[16:24]
            if salts != self.salts:
                self.restarts += bool(self.salts)
                self.salts, self.end = salts, 32
            log.seek(self.end)
            while len(frame := log.read(24)) == 24 and frame[8:16] == salts:
                self.pages += 1
                self.commits += struct.unpack(">I", frame[4:8])[0] != 0
                self.end += 24 + page_size
                log.seek(self.end)


# --- measuring -------------------------------------------------------------------------------------


def measure_studykit(path: Path, workload: Workload, runs: int) -> dict[str, Any]:
    now, tz = workload.now, workload.tz
    out: dict[str, Any] = {}
    with Collection.open(path) as collection:
        started = time.perf_counter()  # the check at open (`storage.integrity`), on a thread: not timed with the rest
        assert collection.verdict() is None
        out["check"] = time.perf_counter() - started
        out["reviews"] = collection.connection.execute("SELECT count(*) FROM review_log").fetchone()[0]
        out["stats"] = timed(lambda: collection.stats(now=now, tz=tz), runs)
        out["decks"] = timed(lambda: collection.deck_counts(now=now, tz=tz), runs)
        out["queue"] = timed(lambda: collection.start_session(now=now, tz=tz), runs)
        plain = SessionConfig(spare_giveaways=False)  # what the give-aways cost: the cards' text, related
        out["queue_plain"] = timed(lambda: collection.start_session(now=now, tz=tz, config=plain), runs)
        session = collection.start_session(now=now, tz=tz)
        out["due"] = session.progress.reviews
        times, moment, wal = [], now, WalFrames(path)
        wal.look()
        while session.current is not None and len(times) < GRADES:
            moment += dt.timedelta(seconds=8)
            started = time.perf_counter()
            collection.commit(session.grade(Button.GOOD, now=moment, answer_ms=8000))
            times.append(time.perf_counter() - started)
            wal.look()
        out["grade"], out["wal"] = times, wal
    out["nothing_due"] = measure_nothing_due(path, workload, runs)
    out["bytes"] = vacuumed_size(path) / out["reviews"]
    out["stats_command"] = measure_stats_command(path, max(3, runs // 3))
    return out


def measure_nothing_due(path: Path, workload: Workload, runs: int) -> tuple[float, float]:
    """What the review screen shows when today's limits are used up (next due, new and cram
    cards available), as the application layer computes it for the TUI."""
    from studykit.study.study import Study
    from studykit.study.views import NothingDue

    config = SessionConfig(new_per_day=0, reviews_per_day=0)
    with Study(path, sources=(), now=lambda: workload.now, tz=workload.tz, config=config).open() as study:
        assert study.collection is not None and study.collection.verdict() is None
        assert isinstance(study.start(None), NothingDue)
        return timed(lambda: study.start(None), runs)


def measure_stats_command(path: Path, runs: int) -> tuple[float, float]:
    """`studykit stats` as a command, wall time from process start to exit: first on a file
    another program changed (the bench's VACUUM), which it reads whole to check it, then the
    median of `runs` on the same file, recorded as found sound (`storage.verified`)."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    # Compiled once, as an installed package is (not again at every run, as PYTHONDONTWRITEBYTECODE would have it).
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONPYCACHEPREFIX": str(path.parent / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "studykit")], env=env, check=True)

    def run() -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "studykit", "stats", "--collection", str(path)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        return time.perf_counter() - started

    first = run()
    return first, statistics.median(run() for _ in range(runs))


def measure_floor(directory: Path) -> tuple[list[float], WalFrames]:
    """One row committed durably by bare SQLite (WAL, synchronous = FULL) in a file of its own:
    the disk's own time for a durable write, under either engine's grade."""
    import sqlite3

    conn = sqlite3.connect(directory / "floor.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (x INTEGER)")
    times, wal = [], WalFrames(directory / "floor.sqlite3")
    wal.look()
    for i in range(GRADES):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?)", (i,))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - started)
        wal.look()
    conn.close()
    return times, wal


def vacuumed_size(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path.stat().st_size


def measure_anki(path: Path, runs: int) -> dict[str, Any]:
    import anki.collection  # noqa: F401 - first: anki.cards imported first is a circular import
    from anki.cards import Card as AnkiCard
    from anki.collection import Collection as AnkiCollection
    from anki.scheduler.v3 import CardAnswer

    out: dict[str, Any] = {}
    col = AnkiCollection(str(path))
    out["reviews"] = col.db.scalar("SELECT count() FROM revlog")
    out["synchronous"] = (col.db.scalar("PRAGMA synchronous"), col.db.scalar("PRAGMA journal_mode"))
    out["stats"] = timed(lambda: col._backend.graphs(search="deck:*", days=365), runs)
    out["decks"] = timed(col.sched.deck_due_tree, runs)
    first_builds = []
    for _ in range(max(3, runs // 3)):  # the queue is built once, then kept: time its first build
        col.close()
        col = AnkiCollection(str(path))
        started = time.perf_counter()
        col.sched.get_queued_cards()
        first_builds.append(time.perf_counter() - started)
    out["queue"] = (first_builds[0], statistics.median(first_builds))
    out["due"] = col.sched.counts()[2]
    times: list[float] = []
    wal = WalFrames(path)
    wal.look()
    while len(times) < GRADES and (queue := col.sched.get_queued_cards().cards):
        queued = queue[0]
        card = AnkiCard(col, backend_card=queued.card)
        card.start_timer()
        answer = col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
        started = time.perf_counter()
        col.sched.answer_card(answer)
        times.append(time.perf_counter() - started)
        wal.look()
    out["grade"], out["wal"] = times, wal
    col.optimize()  # VACUUM and ANALYZE
    col.close()
    out["bytes"] = path.stat().st_size / out["reviews"]
    return out


def report(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    def ms(value: float) -> str:
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}x"

    print(f"\nreviews: studykit {ours['reviews']:,}, Anki {theirs['reviews']:,}; "
          f"due in today's queue: studykit {ours['due']}, Anki {theirs['due']} (limit 200)")
    print(f"Anki's database: synchronous={theirs['synchronous'][0]} (2 = FULL), journal {theirs['synchronous'][1]}")
    print(f"studykit's check at open (quick_check on a thread), waited for before timing: {ours['check']:.2f} s")
    rows = [("what", "studykit", "anki", "studykit / anki")]
    for key, label in (("stats", "statistics (a year)"), ("decks", "counts of every deck"),
                       ("queue", "today's queue")):
        (first_a, median_a), (first_b, median_b) = ours[key], theirs[key]
        rows.append((label, f"{ms(median_a)} (first {ms(first_a)})", f"{ms(median_b)} (first {ms(first_b)})",
                     ratio(median_a, median_b)))
    first, median = ours["queue_plain"]
    rows.append(("  of it, siblings shown (--show-siblings)", f"{ms(median)} (first {ms(first)})", "", ""))
    a, b = ours["grade"], theirs["grade"]
    rows.append((f"one grade made durable ({len(a)})",
                 f"p50 {ms(percentile(a, 50))}, p95 {ms(percentile(a, 95))}, max {ms(max(a))}",
                 f"p50 {ms(percentile(b, 50))}, p95 {ms(percentile(b, 95))}, max {ms(max(b))}",
                 f"p50 {ratio(percentile(a, 50), percentile(b, 50))}, "
                 f"p95 {ratio(percentile(a, 95), percentile(b, 95))}"))
    if "floor" in ours:
        f, floor_wal = ours["floor"]
        rows.append((f"  the disk's floor: one row, bare SQLite ({len(f)})",
                     f"p50 {ms(percentile(f, 50))}, p95 {ms(percentile(f, 95))}, max {ms(max(f))}", "", ""))

        def written(wal: WalFrames, grades: int) -> str:
            return (f"{wal.pages / grades:.1f} pages, {wal.commits / grades:.2f} fsyncs"
                    + (f", {wal.restarts} checkpoints" if wal.restarts else ""))

        rows.append(("  written to the WAL per grade", written(ours["wal"], len(a)), written(theirs["wal"], len(b)),
                     f"bare SQLite: {written(floor_wal, len(f))}"))
    rows.append(("bytes on disk per review", f"{ours['bytes']:.0f}", f"{theirs['bytes']:.0f}",
                 ratio(ours["bytes"], theirs["bytes"])))
    first, median = ours["nothing_due"]
    rows.append(("the nothing-due screen", f"{ms(median)} (first {ms(first)})", "-", "-"))
    first, median = ours["stats_command"]
    rows.append(("`studykit stats`, the command", f"{ms(median)} (changed since checked: {ms(first)})", "-", "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build both collections in DIR, or use those built there earlier today (each run "
                             "measures copies of them)")
    args = parser.parse_args(argv)
    print(f"workload: {args.cards:,} cards in {DECKS} decks, {args.reviews:,} reviews, {args.due:,} due today")
    with tempfile.TemporaryDirectory(prefix="studykit-vs-anki-") as directory:
        # The files found sound (`storage.verified`) recorded here, not in the user's cache.
        os.environ["XDG_CACHE_HOME"] = str(Path(directory) / "cache")
        built = args.keep or Path(directory) / "built"
        stamp = built / "workload.txt"
        wanted = f"{args.cards} {args.reviews} {args.due} {args.seed}"
        if stamp.exists() and stamp.read_text().split("\n")[0] == wanted:
            now = dt.datetime.fromisoformat(stamp.read_text().split("\n")[1])
            print(f"  using the collections built in {built} at {now:%H:%M} UTC")
        else:
            shutil.rmtree(built, ignore_errors=True)
            built.mkdir(parents=True)
            now = dt.datetime.now(dt.UTC)
            build(workload_at(args, now), built)
            stamp.write_text(f"{wanted}\n{now.isoformat()}\n")
        work = Path(directory) / "work"
        shutil.copytree(built, work)
        gc.collect()
        measured_ours = measure_studykit(work / "studykit.sqlite3", workload_at(args, now), args.runs)
        measured_theirs = measure_anki(work / "anki" / "collection.anki2", args.runs)
        measured_ours["floor"] = measure_floor(work)
    report(measured_ours, measured_theirs)
    return 0


def workload_at(args: argparse.Namespace, now: dt.datetime) -> Workload:
    tz = now.astimezone().tzinfo
    assert tz is not None
    return Workload(args.cards, args.reviews, args.due, now, tz, args.seed)


if __name__ == "__main__":
    sys.exit(main())
