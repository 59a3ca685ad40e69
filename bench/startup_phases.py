"""Where `studykit review`'s start goes: the launcher and the phase table of `bench_tui_startup.py --phases`.

The timed runs of the bench run studykit untouched. For the phases, one more run starts
studykit through `LAUNCHER`: it wraps a few functions as their modules are imported (a
finder in front of `sys.meta_path`, so that no module is imported earlier than studykit
imports it) and appends a line to the file in `$STUDYKIT_PHASES` as each begins or ends:
`label, time.perf_counter(), thread`. `perf_counter` is the system's monotonic clock, the
same in the bench's process, which knows when it started the program and when the first
card reached the terminal. Nothing here is studykit's: renaming a wrapped function makes
the launcher fail loudly (`Patch.apply`), not the phases lie.

A second run with `python -X importtime` gives the import split: self time by package
(textual, rich, studykit, the standard library ...), read from the terminal's output.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

# (module, attribute path, label): the function's start and end are stamped as "label <" and "label >".
WRAPPED: tuple[tuple[str, str, str], ...] = (
    ("studykit.cli", "main", "studykit.cli.main"),
    ("studykit.cli", "build_parser", "parser built"),
    ("studykit.cli.review", "run", "review command (CLI parsed)"),
    ("studykit.cli.review", "read_keymap", "keymap read"),
    ("studykit.tui.service", "open_service", "service made (sources, Study)"),
    ("studykit.storage.collection", "Collection.open", "collection opened"),
    ("studykit.storage.integrity", "Verifier._run", "integrity check (own thread)"),
    ("studykit.study.study", "Study.open", "Study.open (collection + decks read)"),
    ("studykit.study.study", "Study.start", "session started (Study.start)"),
    ("studykit.storage.collection", "Collection.start_session", "queue read (Collection.start_session)"),
    ("studykit.storage.collection", "Collection.cards", "card contents read"),
    ("studykit.core.giveaway", "GiveAways.among", "give-aways related"),
    ("studykit.core.session", "Session.start", "queue built (Session.start)"),
    ("studykit.tui.app", "make_app", "app made"),
    ("studykit.tui.app", "StudyApp.on_mount", "app mounted"),
    ("studykit.tui.screens.review", "ReviewScreen.compose", "review screen composed"),
    ("studykit.tui.screens.review", "ReviewScreen._put_up", "first card put up"),
    ("textual.app", "App._display", "frame written (App._display)"),
    ("studykit.tui.app", "StudyApp.check_collection", "check of the collection asked for"),
    ("studykit.study.study", "Study.stale_sources", "decks' files fingerprinted (after the first screen)"),
)
# Modules whose import is stamped when it ends (Textual's app module: the bulk of Textual).
IMPORTED = ("textual.app", "studykit.tui.app", "studykit.storage.collection", "studykit.core.giveaway", "yaml")

LAUNCHER = r'''
import os, sys, threading, time
_out = open(os.environ["STUDYKIT_PHASES"], "a", buffering=1)
def stamp(label):
    _out.write(f"{label}\t{time.perf_counter()!r}\t{time.process_time()!r}\t{time.thread_time()!r}\t{threading.current_thread().name}\n")
stamp("interpreter up")
sys.path.insert(0, os.environ["STUDYKIT_PHASES_DIR"])
from startup_phases import install  # collections, re and the finder: next to nothing beside Textual
install(stamp)
sys.argv = ["studykit", *sys.argv[1:]]
from studykit.entry import main
sys.exit(main())
'''


def install(stamp: object) -> None:
    """Wrap `WRAPPED` and stamp `IMPORTED` as their modules are imported (in the launched process)."""
    import functools
    import importlib.abc
    import sys

    wanted: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for module, path, label in WRAPPED:
        wanted[module].append((path, label))

    def wrap(function, label):  # type: ignore[no-untyped-def]
        @functools.wraps(function)
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            stamp(f"{label} <")  # type: ignore[operator]
            try:
                return function(*args, **kwargs)
            finally:
                stamp(f"{label} >")  # type: ignore[operator]
        return wrapper

    def patch(module: object) -> None:
        for path, label in wanted.get(module.__name__, ()):  # type: ignore[attr-defined]
            *owners, name = path.split(".")
            owner = module
            for part in owners:
                owner = getattr(owner, part)
            raw = (owner.__dict__ if isinstance(owner, type) else vars(owner))[name]
            if isinstance(raw, classmethod):
                setattr(owner, name, classmethod(wrap(raw.__func__, label)))
            elif isinstance(raw, staticmethod):
                setattr(owner, name, staticmethod(wrap(raw.__func__, label)))
            else:
                setattr(owner, name, wrap(raw, label))

    class Loader(importlib.abc.Loader):
        def __init__(self, inner: importlib.abc.Loader) -> None:
            self.inner = inner

        def create_module(self, spec):  # type: ignore[no-untyped-def]
            return self.inner.create_module(spec)

        def exec_module(self, module):  # type: ignore[no-untyped-def]
            self.inner.exec_module(module)
            patch(module)
            if module.__name__ in IMPORTED:
                stamp(f"import {module.__name__} >")  # type: ignore[operator]

        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return getattr(self.inner, name)

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):  # type: ignore[no-untyped-def]
            if fullname not in wanted and fullname not in IMPORTED:
                return None
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    if spec.loader is not None:
                        spec.loader = Loader(spec.loader)
                    return spec
            return None

    sys.meta_path.insert(0, Finder())


# label, ms since the process was started, CPU ms of the process and of the thread, thread
Stamp = tuple[str, float, float, float, str]


def read_stamps(text: str, started: float) -> list[Stamp]:
    """The stamps of a stamp file, times in milliseconds since the process was started."""
    out = []
    for line in text.splitlines():
        label, at, cpu, own, thread = line.split("\t")
        out.append((label, (float(at) - started) * 1000, float(cpu) * 1000, float(own) * 1000, thread))
    return out


def phase_table(runs: Sequence[Sequence[Stamp]], painted: Sequence[float], cpu: Sequence[float]) -> str:
    """The first time each stamp was reached (median over the runs), in order, with the CPU
    time the process had used by then (all its threads), and for a function's end the CPU time
    its own thread spent in it."""
    import statistics  # here, not at the top: the traced program imports this module and should not pay for it

    first: dict[str, list[tuple[float, float]]] = defaultdict(list)
    spent: dict[str, list[float]] = defaultdict(list)
    threads: dict[str, str] = {}
    for stamps in runs:
        seen: set[str] = set()
        began: dict[tuple[str, str], float] = {}
        for label, at, used, own, thread in stamps:
            if label.endswith(" <"):
                began.setdefault((label[:-2], thread), own)
            elif label.endswith(" >") and (label[:-2], thread) in began and label not in seen:
                spent[label].append(own - began[(label[:-2], thread)])
            if label not in seen:
                seen.add(label)
                first[label].append((at, used))
                threads.setdefault(label, thread)
    last = "first card on screen (seen by the terminal)"
    first[last] = list(zip(painted, cpu))
    threads[last] = "-"
    rows = sorted(((statistics.median(a for a, _ in v), statistics.median(c for _, c in v), k)
                   for k, v in first.items()), key=lambda row: row[0])
    seen_in = {k: len(v) for k, v in first.items()}
    lines = [f"  {'wall ms':>7}  {'CPU ms':>6}  {'in it':>5}  {'thread':<12} stamp (first time reached, median of "
             f"{len(runs)} traced runs; CPU: the process's by then; in it: its thread's, from < to >)"]
    for at, used, label in rows:
        thread = threads[label].replace("MainThread", "main").replace("studykit-", "")
        own = f"{statistics.median(spent[label]):5.0f}" if spent.get(label) else ""
        some = f"  (in {seen_in[label]} of {len(runs)} runs)" if seen_in[label] < len(runs) and thread != "-" else ""
        lines.append(f"  {at:7.0f}  {used:6.0f}  {own:>5}  {thread[:12]:<12} {label}{some}")
    return "\n".join(lines)


IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)([\w.]+)")


def import_split(output: str, top: int = 8) -> str:
    """Self time of the imports by package, from `-X importtime` lines in a terminal's output."""
    by_package: dict[str, int] = defaultdict(int)
    for self_us, _, _, module in IMPORT_LINE.findall(output):
        by_package[_package(module)] += int(self_us)
    total = sum(by_package.values())
    parts = sorted(by_package.items(), key=lambda item: -item[1])
    shown = [f"{name} {us / 1000:.0f}" for name, us in parts[:top]]
    rest = sum(us for _, us in parts[top:])
    return (f"  imports, self time by package (ms, one run with -X importtime, which inflates them): total "
            f"{total / 1000:.0f}: " + ", ".join(shown) + (f", others {rest / 1000:.0f}" if rest else ""))


def _package(module: str) -> str:
    top = module.split(".")[0]
    if top == "studykit":
        parts = module.split(".")
        return ".".join(parts[:2])
    return top if top in _THIRD_PARTY else "stdlib"


_THIRD_PARTY = frozenset({"textual", "rich", "yaml", "_yaml", "genanki", "platformdirs", "markdown_it", "pygments",
                          "mdurl", "linkify_it", "typing_extensions", "zstandard", "text2qti", "uc_micro"})
