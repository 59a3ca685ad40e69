"""Time from process start to the first card on screen, with a collection of 100,000 cards.

Runs the real `studykit review --deck ...` in a pseudo-terminal of 80×24 and stops the
clock when the first card's prompt has been written to the terminal; in the same run, a
minimal Textual app that shows one static line is timed the same way. Prints the median of
each, and their ratio (the aim: at most 1.2).

    python bench/bench_tui_startup.py [--cards 100000] [--due 2000] [--runs 7] [--no-bytecode]
    python bench/bench_tui_startup.py --imported 50000     # the first card of an imported Anki deck

The collection: `--cards` synthetic cards (of every type, in 10 decks) synced into a fresh
file, and `--due` of them graded on earlier days so that today's session opens on due
reviews. Each run gets its own copy of the file, as a student's run would find it.
With `--imported N`, the collection is instead an Anki package of N notes (a tenth of them
cloze, HTML in every field) made with genanki and imported by `studykit import`, and the
session opens on its deck: the first card is an imported note's, its HTML laid out as text.

Both programs run as an installed one does: from compiled bytecode (pip compiles it at
install; a checkout writes it at the first run). The bytecode goes to a temporary
directory (`PYTHONPYCACHEPREFIX`), filled by one untimed run of each. `--no-bytecode` keeps
the environment as it is: with `PYTHONDONTWRITEBYTECODE` set, as in a sandbox, studykit's
modules are compiled from source at every start while Textual's come from site-packages'
bytecode, which weighs on studykit alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import os
import pty
import re
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studykit.core.cards import Card, CardType
from studykit.core.facts import Source
from studykit.core.session import SessionConfig
from studykit.core.sm2 import Button
from studykit.storage import Collection

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
FIRST_CARD = re.compile(rb"Question number \d+ of the bench")
BASELINE = '''
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("Question number 0 of the bench")

Minimal().run()
'''


def synthetic_cards(count: int) -> list[Card]:
    types = list(CardType)
    source = (Source("002_b70820031354e4d2.txt", "Armenia and the Caucasus"),)
    cards = []
    for n in range(count):
        kind = types[n % len(types)]
        extra: dict[str, object] = {}
        if kind in (CardType.CHOICE,):
            extra = {"options": (f"answer {n}", f"answer {n + 1}", f"answer {n + 2}", f"answer {n + 3}")}
        elif kind is CardType.CHRONOLOGY:
            extra = {"options": ("first", "second", "third"), "answer_order": (0, 1, 2)}
        elif kind is CardType.MATCHING:
            extra = {"options": ("a", "b"), "pairs": (("a", "1"), ("b", "2"))}
        answer = {CardType.TRUE_FALSE: "True"}.get(kind, f"answer {n}")
        cards.append(Card(
            id=f"bench-{n:06d}:{kind.value}:0", type=kind, deck_id=f"bench-deck-{n % 10}",
            prompt=f"Question number {n} of the bench?", answer=answer, fact_ids=(f"bench-{n:06d}",),
            sources=source, statement=f"Statement {n}.", **extra,  # type: ignore[arg-type]
        ))
    return cards


def build_collection(path: Path, *, cards: int, due: int) -> None:
    now = dt.datetime.now(dt.UTC)
    with Collection.open(path) as collection:
        collection.sync(synthetic_cards(cards), deck_names={f"bench-deck-{n}": f"Bench deck {n}" for n in range(10)})
        day = now - dt.timedelta(days=10)
        config = SessionConfig(new_per_day=due, reviews_per_day=0)
        session = collection.start_session(now=day, tz=dt.UTC, config=config, deck="bench-deck-0")
        graded = 0
        while session.current is not None and graded < due:
            collection.commit(session.grade(Button.GOOD, now=day, answer_ms=3000))
            graded += 1


def build_imported(path: Path, notes: int, directory: Path) -> None:
    """An Anki package of `notes` notes imported into a fresh collection (`Study.import_package`)."""
    import genanki

    from studykit.study.study import Study

    basic = genanki.Model(1_700_000_001, "Bench basic", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card 1", "qfmt": "<div class=q>{{Front}}</div>",
                                      "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
    cloze = genanki.Model(
        1_700_000_002, "Bench cloze", model_type=genanki.Model.CLOZE,
        fields=[{"name": "Text"}, {"name": "Extra"}],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Extra}}"}],
    )
    deck = genanki.Deck(1_700_000_003, "Bench::Imported")
    for n in range(notes):
        if n % 10 == 9:
            fields = [f"Question number {n} of the bench: {{{{c1::<b>cloze</b>}}}} in a <i>sentence</i>", ""]
            deck.add_note(genanki.Note(model=cloze, fields=fields, guid=f"bench-{n}"))
        else:
            fields = [f"Question number {n} of the bench <b>with</b> <i>HTML</i>",
                      f"<ul><li>answer {n}</li><li>and a second line</li></ul>"]
            deck.add_note(genanki.Note(model=basic, fields=fields, guid=f"bench-{n}"))
    package = directory / "bench.apkg"
    genanki.Package(deck).write_to_file(str(package))
    with Study(path) as study:  # the bundled decks synced too, as after a first `studykit review`
        study.import_package(package)


@dataclass(frozen=True)
class Run:
    """One program started in a pty until its first card: `seconds` of wall time, the CPU
    seconds it had used by then (all its threads; less sensitive to the machine's load than
    the wall time), the `perf_counter` time it was started at, its output until then."""

    seconds: float
    cpu: float
    started: float
    output: str


def time_to_text(argv: list[str], env: dict[str, str]) -> Run:
    """Start `argv` in an 80×24 pty and wait until FIRST_CARD appears in its output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                               start_new_session=True, cwd=ROOT)
    os.close(slave)
    output = b""
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{argv[1:]} ended before showing a card:\n{ANSI.sub(b'', output)[-2000:]!r}")
            output += chunk
            text = ANSI.sub(b"", output)
            if FIRST_CARD.search(text):
                seconds = time.perf_counter() - start
                return Run(seconds, cpu_seconds(process.pid), start, text.decode(errors="replace"))
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process, all threads (Linux's /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--imported", type=int, metavar="NOTES",
                        help="time the first card of an imported Anki deck of NOTES notes instead")
    parser.add_argument("--phases", action="store_true",
                        help="then trace where studykit's start goes: stamps in order (median of 3 more runs) and "
                             "the imports by package (one run with -X importtime)")
    parser.add_argument("--reuse", type=Path, metavar="FILE",
                        help="build the collection into FILE once and take it from there on later runs (iterating)")
    parser.add_argument("--no-bytecode", dest="bytecode", action="store_false",
                        help="leave PYTHONDONTWRITEBYTECODE and the bytecode caches as the environment has them")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL")}
    env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        if args.bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        built = Path(tmp) / "built.sqlite3"
        started = time.perf_counter()
        if args.reuse is not None and args.reuse.exists():
            shutil.copyfile(args.reuse, built)
            deck = "Bench::Imported" if args.imported else "bench-deck-0"
            print(f"collection: {args.reuse} as built before, {built.stat().st_size / 1e6:.1f} MB")
        elif args.imported:
            build_imported(built, args.imported, Path(tmp))
            deck = "Bench::Imported"
            print(f"collection: an Anki package of {args.imported:,} notes imported, "
                  f"{built.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s")
        else:
            build_collection(built, cards=args.cards, due=args.due)
            deck = "bench-deck-0"
            print(f"collection: {args.cards:,} cards, {args.due:,} due today, "
                  f"{built.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s")
        env["STUDYKIT_KEYMAP"] = str(Path(tmp) / "keymap.toml")
        Path(env["STUDYKIT_KEYMAP"]).write_text("[keymap]\n")
        studykit, baseline = [], []
        for run in range(-1, args.runs):  # run -1: untimed, it fills the bytecode and file caches
            copy = Path(tmp) / f"run{run}.sqlite3"
            shutil.copyfile(built, copy)
            base = time_to_text([sys.executable, "-c", BASELINE], env)
            ours = time_to_text(
                [sys.executable, "-m", "studykit", "review", "--collection", str(copy), "--deck", deck], env,
            )
            if run >= 0:
                baseline.append(base)
                studykit.append(ours)
        if args.reuse is not None and not args.reuse.exists():
            shutil.copyfile(built, args.reuse)
        review = ["review", "--collection", "COPY", "--deck", deck]
        phases = trace_phases(built, review, env, Path(tmp)) if args.phases else ""
    print("bytecode: " + ("compiled beforehand for both, as installed" if args.bytecode else
                          "as the environment has it" + (" (PYTHONDONTWRITEBYTECODE set: studykit compiled at "
                                                         "each start)" if os.environ.get("PYTHONDONTWRITEBYTECODE")
                                                         else "")))
    print(summary("minimal Textual app, one static line:", baseline))
    print(summary("studykit review, first card:         ", studykit))
    ratios = [ours.seconds / base.seconds for ours, base in zip(studykit, baseline)]
    ratio = statistics.median(r.seconds for r in studykit) / statistics.median(r.seconds for r in baseline)
    cpu = statistics.median(r.cpu for r in studykit) / statistics.median(r.cpu for r in baseline)
    print(f"ratio: {ratio:.2f}x  (aim: at most 1.2x); each run's own ratio: {min(ratios):.2f}-{max(ratios):.2f}, "
          f"median {statistics.median(ratios):.2f}; CPU time to the first card: {cpu:.2f}x")
    if phases:
        print(phases)


def summary(name: str, runs: list[Run]) -> str:
    wall = sorted(r.seconds * 1000 for r in runs)
    cpu = statistics.median(r.cpu for r in runs) * 1000
    return (f"{name} {statistics.median(wall):7.0f} ms  (median of {len(runs)}; min {wall[0]:.0f}, "
            f"max {wall[-1]:.0f}; CPU {cpu:.0f} ms)")


def trace_phases(built: Path, review: list[str], env: dict[str, str], tmp: Path, runs: int = 3) -> str:
    """Where studykit's start goes (`startup_phases`): `runs` traced runs, one with -X importtime."""
    import startup_phases

    traced, painted, cpu = [], [], []
    env = {**env, "STUDYKIT_PHASES_DIR": str(Path(__file__).parent)}
    for run in range(runs + 1):
        copy = tmp / f"traced{run}.sqlite3"
        shutil.copyfile(built, copy)
        argv = [str(copy) if arg == "COPY" else arg for arg in review]
        if run == runs:  # the imports, in a run of their own (-X importtime slows them)
            output = time_to_text([sys.executable, "-X", "importtime", "-m", "studykit", *argv], env).output
            break
        env["STUDYKIT_PHASES"] = str(tmp / f"stamps{run}.txt")
        traced_run = time_to_text([sys.executable, "-c", startup_phases.LAUNCHER, *argv], env)
        traced.append(startup_phases.read_stamps(Path(env["STUDYKIT_PHASES"]).read_text(), traced_run.started))
        painted.append(traced_run.seconds * 1000)
        cpu.append(traced_run.cpu * 1000)
    return ("phases of studykit review (traced runs, stamps since the process was started):\n"
            + startup_phases.phase_table(traced, painted, cpu) + "\n" + startup_phases.import_split(output))


if __name__ == "__main__":
    main()
