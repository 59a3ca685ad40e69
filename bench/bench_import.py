"""`studykit import` against the `anki` library's own `import_anki_package`, on the same files, in one run.

    python bench/bench_import.py                   # 50,000 notes (10 % cloze), 200,000 reviews, and the
                                                    # largest shared package; plus a half-size package
    python bench/bench_import.py 5000 20000         # a quick run
    python bench/bench_import.py --package FILE     # another package

- **studykit**: `Study.import_package` into a fresh collection file: read the package, render
  every card's question and answer (Anki's template language), store the media, sync the cards,
  give them their Anki scheduling state and import the review history, in one transaction;
- **anki**: `Collection.import_anki_package` with scheduling and deck options into a fresh
  collection (Anki's Rust importer).

studykit's time is also split by stage, from its import's progress reports: opening the
collection, reading the package (zip, SQLite), rendering the cards (with their scheduling
states and history rows: `read_contents`), storing the media, and writing (sync, states,
history, commit); then the reading + rendering share and the writing share, each in µs per note
and as a part of the ratio. Each figure is given in CPU time too (the child's process time,
every thread of it), steadier than the wall clock on a machine others load.

Each child loads its importer's modules before its clock starts (the anki library's, and
studykit's with those an import loads on first use), and prints the time that took apart: the
import's work is compared, not Python compiling modules where no .pyc is kept.

Each import runs in a fresh child process, so that its peak memory (max RSS) is its own; the
time is the best of three (wall clock, the child's work only). The ratio is studykit / anki.
Linearity: the synthetic package is also imported at half its size, and the time per note of
both sizes is printed. The first card of an imported deck on screen is `bench_tui_startup`'s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SHARED = ROOT.parent / "shared" / "anki-decks"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
which, package, directory = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
def clock():  # wall and CPU seconds: on a loaded machine the CPU time is the steadier figure
    return time.perf_counter(), time.process_time()
# Each importer's modules are loaded before its clock starts: the anki child's as before, and
# studykit's with the modules an import loads on first use (where no .pyc is kept, as under
# PYTHONDONTWRITEBYTECODE, that is compiling them); the time it takes is printed apart.
loading = clock()
if which == "studykit":
    import studykit.importers.anki.package, studykit.importers.anki.templates, studykit.study.imports
    from studykit.study.study import Study
else:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
loading = clock()[0] - loading[0]
stages = {{}}
if which == "studykit":
    events = []  # (clock, stage), as the import reports its progress
    def progress(stage, done, total):
        events.append((clock(), stage))
    start = clock()
    with Study(directory / "collection.sqlite3", sources=()) as study:
        opened = clock()
        summary = study.import_package(package, progress=progress)
    end = clock()
    counts = [summary.notes, summary.cards, summary.reviews + summary.not_answers]
    reading = [at for at, stage in events if stage == "reading"]
    # "reading" 0/1 first, then the cards rendered (0/N ... N/N), then the media, then the writes
    rendering = reading[1] if len(reading) > 1 else reading[0]
    writing = next(at for at, stage in events if stage == "cards")
    marks = {{"open collection": (start, opened), "read package": (opened, rendering),
              "render": (rendering, reading[-1]), "media": (reading[-1], writing), "write": (writing, end)}}
    stages = {{name: [b[0] - a[0], b[1] - a[1]] for name, (a, b) in marks.items()}}
else:
    start = clock()
    col = Collection(str(directory / "collection.anki2"))
    options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
    db = col.db
    counts = [db.scalar("SELECT count() FROM notes"), db.scalar("SELECT count() FROM cards"),
              db.scalar("SELECT count() FROM revlog")]
    col.close()
    end = clock()
seconds, cpu = end[0] - start[0], end[1] - start[1]
peak = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"seconds": seconds, "cpu": cpu, "peak": peak, "counts": counts, "stages": stages,
                  "loading": loading}}))
"""


def run_child(which: str, package: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix=f"studykit-bench-{which}-") as directory:
        code = CHILD.format(root=str(ROOT))
        result = subprocess.run([sys.executable, "-c", code, which, str(package), directory],
                                capture_output=True, text=True, check=True)
        return json.loads(result.stdout.strip().splitlines()[-1])


def best(which: str, package: Path, runs: int) -> dict[str, object]:
    results = [run_child(which, package) for _ in range(runs)]
    fastest = min(results, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    fastest["peak"] = max(int(r["peak"]) for r in results)  # type: ignore[call-overload]
    return fastest


def compare(label: str, package: Path, runs: int) -> tuple[float, float]:
    ours = best("studykit", package, runs)
    theirs = best("anki", package, runs)
    ours_s, theirs_s = float(ours["seconds"]), float(theirs["seconds"])  # type: ignore[arg-type]
    print(f"{label} ({package.stat().st_size / 1e6:.1f} MB)")
    print(f"  notes, cards, review rows: studykit {ours['counts']}, anki {theirs['counts']}")
    print(f"  studykit import         {ours_s:8.2f} s   peak {int(ours['peak']) / 1e6:7.0f} MB")  # type: ignore[call-overload]
    print(f"  anki import_anki_package{theirs_s:8.2f} s   peak {int(theirs['peak']) / 1e6:7.0f} MB")  # type: ignore[call-overload]
    print(f"  ratio studykit / anki   {ours_s / theirs_s:8.2f}   (CPU time: studykit {float(ours['cpu']):.2f} s,"  # type: ignore[arg-type]
          f" anki {float(theirs['cpu']):.2f} s, ratio {float(ours['cpu']) / float(theirs['cpu']):.2f})")  # type: ignore[arg-type]
    print(f"  modules loaded before the clock: studykit {float(ours['loading']):.2f} s,"  # type: ignore[arg-type]
          f" anki {float(theirs['loading']):.2f} s")  # type: ignore[arg-type]
    print_stages(ours, theirs)
    return ours_s, theirs_s


READING = ("read package", "render", "media")  # the package read and its cards rendered
WRITING = ("open collection", "write")  # the collection: cards synced, states, history, commit


def print_stages(ours: dict[str, object], theirs: dict[str, object]) -> None:
    """studykit's time by stage (its import's progress reports mark them), per note, wall and
    CPU, and each share's part of the ratio: reading and rendering, then writing."""
    stages: dict[str, list[float]] = ours["stages"]  # type: ignore[assignment]
    notes = max(1, int(ours["counts"][0]))  # type: ignore[index]
    theirs_s, theirs_cpu = float(theirs["seconds"]), float(theirs["cpu"])  # type: ignore[arg-type]
    per_note = "  ".join(
        f"{name} {wall / notes * 1e6:,.0f}/{cpu / notes * 1e6:,.0f}" for name, (wall, cpu) in stages.items()
    )
    print(f"  studykit by stage (µs/note, wall/CPU): {per_note}")
    for label, names in (("reading + rendering", READING), ("writing", WRITING)):
        wall = sum(stages[name][0] for name in names)
        cpu = sum(stages[name][1] for name in names)
        print(f"  {label:<22}  {wall:8.2f} s   {wall / notes * 1e6:7,.0f} µs/note   {wall / theirs_s:6.2f} × anki's"
              f" whole import;  CPU {cpu / notes * 1e6:7,.0f} µs/note   {cpu / theirs_cpu:6.2f} × anki's CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notes", type=int, nargs="?", default=50_000)
    parser.add_argument("reviews", type=int, nargs="?", default=200_000)
    parser.add_argument("--package", type=Path, action="append", help="a package instead of the default ones")
    parser.add_argument("--runs", type=int, default=3, help="runs of each import (the best is kept)")
    args = parser.parse_args()
    if args.package:
        for package in args.package:
            compare(package.name, package, args.runs)
        return
    sys.path.insert(0, str(BENCH))
    from anki_synthetic import make_package

    with tempfile.TemporaryDirectory(prefix="studykit-bench-import-") as directory:
        per_note = []
        for share in (0.5, 1.0):
            notes, reviews = int(args.notes * share), int(args.reviews * share)
            start = time.perf_counter()
            package = make_package(Path(directory) / f"synthetic-{notes}.apkg", notes=notes, reviews=reviews)
            print(
                f"made a synthetic package of {notes:,} notes and {reviews:,} reviews "
                f"in {time.perf_counter() - start:.1f} s"
            )
            ours, theirs = compare(f"synthetic: {notes:,} notes (10 % cloze), {reviews:,} reviews", package, args.runs)
            per_note.append((notes, ours / notes * 1e6, theirs / notes * 1e6))
        print(
            "linearity (µs per note): "
            + ", ".join(f"{n:,} notes: studykit {a:.0f}, anki {b:.0f}" for n, a, b in per_note)
        )
    if SHARED.is_dir():
        largest = max(SHARED.glob("*.?pkg"), key=lambda p: p.stat().st_size)
        if largest.suffix == ".apkg":
            compare(f"largest shared package: {largest.name}", largest, args.runs)


if __name__ == "__main__":
    main()
