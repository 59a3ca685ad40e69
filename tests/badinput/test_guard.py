"""The top-level guard: whatever slips past the handling of each case still ends in one line,
exit status 2 and a traceback in the crash log; Ctrl+C at any moment ends quietly."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App

import studykit.cli.facts
from studykit.cli import main
from studykit.guard import Crash, crash_log_path, run_app
from tests.badinput.decks import with_deck
from tests.badinput.harness import CODE


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def test_an_unforeseen_error_is_one_line_exit_2_and_a_logged_traceback(
    state_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("the unforeseen \x1b]0;title\x07 happened")

    monkeypatch.setattr(studykit.cli.facts, "run", broken)
    assert main(["facts"]) == 2
    err = capsys.readouterr().err
    log = state_dir / "studykit" / "crash.log"
    assert crash_log_path() == log
    assert err.splitlines() == [
        "studykit facts: unexpected error (RuntimeError: the unforeseen \\x1b]0;title\\x07 happened); "
        f"details in {log}",
    ]
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "def broken" not in text and "in broken" in text
    assert "studykit facts" in text


def test_the_log_stays_small(
    state_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    log = state_dir / "studykit" / "crash.log"
    log.parent.mkdir(parents=True)
    log.write_text("old report\n" * 200_000, encoding="utf-8")  # 2.2 MB

    def broken(args: object) -> int:
        raise ValueError("again")

    monkeypatch.setattr(studykit.cli.facts, "run", broken)
    assert main(["facts"]) == 2
    assert log.stat().st_size < 1_100_000
    assert log.read_text(encoding="utf-8").rstrip().endswith("ValueError: again")


def test_an_unwritable_log_is_said_in_the_same_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "state").write_text("a file where the directory should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def broken(args: object) -> int:
        raise KeyError("x")

    monkeypatch.setattr(studykit.cli.facts, "run", broken)
    assert main(["facts"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("studykit facts: unexpected error (KeyError: 'x'); the details could not be logged")


def test_ctrl_c_inside_a_command_is_exit_130_and_silent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(studykit.cli.facts, "run", interrupted)
    assert main(["facts"]) == 130
    assert capsys.readouterr().err == ""


class Exploding(App[None]):
    """An app whose handler fails, as a bug in a screen would."""

    CSS: ClassVar[str] = ""

    def on_mount(self) -> None:
        raise ZeroDivisionError("a bug in a screen")


def test_an_app_that_crashes_is_one_line_and_a_logged_traceback(state_dir: Path) -> None:
    with pytest.raises(Crash) as raised:
        run_app(Exploding(), command="review", headless=True)
    log = state_dir / "studykit" / "crash.log"
    assert str(raised.value) == f"unexpected error (ZeroDivisionError: a bug in a screen); details in {log}"
    text = log.read_text(encoding="utf-8")
    assert "on_mount" in text and "ZeroDivisionError" in text


# Lines no code can guard: the package's first statements, before `__main__`'s `try`.
UNGUARDABLE = re.compile(r'File "[^"]*studykit[\\/](__init__\.py|__main__\.py)", line [1-4],')


def studykit_frames(err: str) -> list[str]:
    frames = re.findall(r'File "[^"]*studykit[\\/][^"]*", line \d+,', err)
    return [f for f in frames if not UNGUARDABLE.match(f)]


def python_start_up_seconds() -> float:
    """How long the interpreter alone takes to start and stop now (the machine may be busy)."""
    times = []
    for _ in range(3):
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.monotonic() - started)
    return sorted(times)[1]


def test_ctrl_c_in_the_first_moments_prints_no_traceback_of_ours(tmp_path: Path) -> None:
    """SIGINT at moments from the first import of studykit to the middle of the work: never a
    traceback through studykit's code, and exit 130 (or 0 when the work was done). Python's
    own start-up is interrupted as Python decides, so the moments start after it."""
    with_deck()(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(CODE), "XDG_STATE_HOME": str(tmp_path / "state")}
    commands = (["cards"], ["quiz", "build", "--json"], ["facts", "--decks-dir", "decks", "--seeds-dir", "seeds"])
    start_up = python_start_up_seconds()

    def failure(delay: float, args: list[str]) -> str | None:
        process = subprocess.Popen(
            [sys.executable, "-m", "studykit", *args], cwd=tmp_path, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        time.sleep(start_up + delay)
        process.send_signal(signal.SIGINT)
        err = process.communicate(timeout=60)[1].decode("utf-8", "replace")
        ours = studykit_frames(err)
        quiet = process.returncode in (0, 130, -signal.SIGINT) and not err.strip()  # -2: during shutdown
        if ours or not (quiet or "Traceback" in err):
            return f"at {start_up + delay:.2f}s, {args}: exit {process.returncode}, frames {ours}\n{err[-2000:]}"
        return None

    failures = []
    for delay in (0.0, 0.02, 0.05, 0.1, 0.15, 0.25, 0.4, 0.6):
        for args in commands:
            # On a machine busy with other work a moment can fall before studykit's first line
            # after all: a case fails only if it fails twice.
            found = failure(delay, list(args))
            if found is not None and failure(delay, list(args)) is not None:
                failures.append(found)
    assert not failures, "\n\n".join(failures)
