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


def time_to_text(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `argv` in an 80×24 pty until FIRST_CARD appears in its output."""
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
            if FIRST_CARD.search(ANSI.sub(b"", output)):
                return time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--imported", type=int, metavar="NOTES",
                        help="time the first card of an imported Anki deck of NOTES notes instead")
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
        if args.imported:
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
    print("bytecode: " + ("compiled beforehand for both, as installed" if args.bytecode else
                          "as the environment has it" + (" (PYTHONDONTWRITEBYTECODE set: studykit compiled at "
                                                         "each start)" if os.environ.get("PYTHONDONTWRITEBYTECODE")
                                                         else "")))
    base, ours = statistics.median(baseline), statistics.median(studykit)
    print(f"minimal Textual app, one static line: {base * 1000:7.0f} ms  (median of {args.runs}; "
          f"min {min(baseline) * 1000:.0f}, max {max(baseline) * 1000:.0f})")
    print(f"studykit review, first card:          {ours * 1000:7.0f} ms  (median of {args.runs}; "
          f"min {min(studykit) * 1000:.0f}, max {max(studykit) * 1000:.0f})")
    print(f"ratio: {ours / base:.2f}x  (aim: at most 1.2x)")


if __name__ == "__main__":
    main()
