"""Running one bad input through the real `studykit` command and classifying what happened.

Each case is a table row: a name, the files it lays down, the command line, the environment,
and the words its one-line message must contain. `run_case` runs the CLI as a subprocess
(with a time limit, so a hang is an outcome, not a stuck suite) and sorts the result into
the outcome table of issue 17: clean exit 2, accepted, traceback, hang, file changed, data
lost. `BADINPUT_CODE=/path/to/checkout` runs the corpus against another checkout's code (how
the cases were shown to fail on the code before the fixes).
"""

from __future__ import annotations

import hashlib
import os
import pty
import re
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = Path(os.environ.get("BADINPUT_CODE", ROOT))
TIME_LIMIT_S = 20.0
OUTCOMES = ("clean exit 2", "accepted", "traceback", "hang", "file changed", "data lost", "other")

# Control sequences at the start of a line: CSI (ESC [ ... final) and OSC (ESC ] ... BEL or ST).
LEAVE_ALTERNATE_SCREEN = "\x1b[?1049l"
TERMINAL_RESET = re.compile(r"^(?:\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))+")

# area -> outcome -> count, printed at the end of the session. It is filled from the test reports
# (tests/conftest.py), not as the cases run: under pytest-xdist the cases run in worker processes and
# only their reports reach the process that prints the table.
TABLE: dict[str, Counter[str]] = defaultdict(Counter)
# The (area, outcome) of the case that ran last in this process, for conftest.py to report.
LAST_OUTCOME: list[tuple[str, str]] = []
OUTCOME_PROPERTY = "badinput outcome"

Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One bad input: `args` and `env` may hold `{tmp}` for the case's own directory."""

    name: str
    args: Sequence[str]
    expect: Sequence[str]
    setup: Setup | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    tty: bool = False
    limit_file_size: int | None = None  # bytes: writes past it fail with EFBIG, as on a full disk

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Result:
    code: int | None
    stdout: str
    stderr: str
    seconds: float
    changed: list[str]  # files changed, removed or created
    tty: bool = False

    @property
    def lines(self) -> list[str]:
        """The lines of stderr; on a terminal, what is left on it once an app that ran has left
        its alternate screen (what the app drew there, on stderr too, is gone with it; the
        review app may draw its first screen before the check of the collection stops it),
        without the sequences it leaves at their start (showing the cursor) before its message."""
        text = self.stderr
        if self.tty:
            text = text.rsplit(LEAVE_ALTERNATE_SCREEN, 1)[-1]
        lines = text.splitlines()
        if self.tty:
            lines = [TERMINAL_RESET.sub("", line) for line in lines]
        return [line for line in lines if line.strip()]

    def outcome(self) -> str:
        if self.code is None:
            return "hang"
        if "Traceback" in self.stderr or "Traceback" in self.stdout:
            return "traceback"
        if self.changed:
            return "file changed"
        if self.code == 0:
            return "accepted"
        if self.code == 2 and len(self.lines) == 1:
            return "clean exit 2"
        return "other"  # another exit status, or a message of several lines: not the promise either


def fingerprint(directory: Path) -> dict[str, str]:
    """Hash of every regular file under `directory` (not following links, skipping pipes)."""
    out = {}
    for path in sorted(directory.rglob("*")):
        try:
            if path.is_symlink() or not path.is_file():
                continue
            size = path.stat().st_size
            if size > 64 * 1024 * 1024:
                out[str(path)] = f"size {size}"
                continue
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
    return out


def run_studykit(
    args: Sequence[str], *, cwd: Path, env: Mapping[str, str] = {}, tty: bool = False,
    limit_file_size: int | None = None, time_limit_s: float = TIME_LIMIT_S,
) -> tuple[int | None, str, str, float]:
    """Run `python -m studykit ARGS`; exit code None when it had to be killed."""
    full_env = {**os.environ, "PYTHONPATH": str(CODE), "NO_COLOR": "1", "COLUMNS": "120", **env}
    full_env.pop("PYTEST_CURRENT_TEST", None)
    command = [sys.executable, "-m", "studykit", *args]

    def limits() -> None:
        os.setsid()
        if limit_file_size is not None:
            import resource

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    started = time.monotonic()
    primary = secondary = -1
    if tty:
        primary, secondary = pty.openpty()
        stdin, stdout = secondary, secondary
    else:
        stdin, stdout = subprocess.DEVNULL, subprocess.PIPE
    process = subprocess.Popen(
        command, cwd=cwd, env=full_env, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
        preexec_fn=limits,
    )
    try:
        out, err = process.communicate(timeout=time_limit_s)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        code = None
    finally:
        if tty:
            os.close(secondary)
            os.close(primary)
    seconds = time.monotonic() - started
    return code, (out or b"").decode("utf-8", "replace"), err.decode("utf-8", "replace"), seconds


def _lock_file(path: str, before: Mapping[str, str]) -> bool:
    """SQLite's -wal and -shm beside a database that was there: made by any reader of a database
    in WAL mode (its shared lock), no data. Any other file a failed command made counts."""
    return path.endswith(("-wal", "-shm")) and path not in before and path[:-4] in before


def run_case(case: Case, tmp: Path) -> Result:
    if case.setup is not None:
        case.setup(tmp)
    before = fingerprint(tmp)
    args = [a.replace("{tmp}", str(tmp)) for a in case.args]
    env = {k: v.replace("{tmp}", str(tmp)) for k, v in case.env.items()}
    code, out, err, seconds = run_studykit(args, cwd=tmp, env=env, tty=case.tty, limit_file_size=case.limit_file_size)
    after = fingerprint(tmp)
    paths = before.keys() | after.keys()
    changed = sorted(p for p in paths if after.get(p) != before.get(p) and not _lock_file(p, before))
    return Result(code, out, err, seconds, changed, case.tty)


def check_case(area: str, case: Case, tmp: Path) -> Result:
    """Run the case, record its outcome in the table, and assert the promise."""
    result = run_case(case, tmp)
    outcome = result.outcome()
    LAST_OUTCOME.append((area, outcome))
    context = (
        f"{case.name}: exit {result.code}, {result.seconds:.1f}s\n"
        f"stderr: {result.stderr[-3000:]}\nstdout: {result.stdout[-500:]}"
    )
    assert outcome == "clean exit 2", f"{outcome}; {context}; changed: {result.changed}"
    line = result.lines[0]
    assert line.startswith("studykit"), context
    for words in case.expect:
        assert words.replace("{tmp}", str(tmp)) in line, f"expected {words!r} in the message; {context}"
    assert not any(c in line for c in "\x1b\x07\x9b\x9d\x00\r"), f"a raw control character in the message: {line!r}"
    return result


def outcome_table() -> list[str]:
    """The table of issue 17, one row per area."""
    width = max([len(a) for a in TABLE] + [len("area")])
    header = f"{'area':<{width}}  {'cases':>5}  " + "  ".join(OUTCOMES)
    rows = [header, "-" * len(header)]
    total: Counter[str] = Counter()
    for area in sorted(TABLE):
        counts = TABLE[area]
        total.update(counts)
        cells = "  ".join(f"{counts[o]:>{len(o)}}" for o in OUTCOMES)
        rows.append(f"{area:<{width}}  {sum(counts.values()):>5}  {cells}")
    cells = "  ".join(f"{total[o]:>{len(o)}}" for o in OUTCOMES)
    rows.append(f"{'all':<{width}}  {sum(total.values()):>5}  {cells}")
    return rows
