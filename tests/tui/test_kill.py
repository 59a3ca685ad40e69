"""The real `studykit review` in a pseudo-terminal: grade cards, SIGKILL it, find every grade in the log."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from studykit.storage import Collection
from tests.tui.conftest import DEADLINE
from tests.tui.sample import DECKS, sample_cards

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_].*?\x1b\\|\x1b[@-Z\\-_]")

# The baku deck's first cards, in the order a session meets them, with the keys that answer
# each: Enter on an empty answer box shows the answer (and suggests no grade); 2 picks the
# right option; Enter checks an order. Then 3 grades Good.
STEPS = [
    ("When did Baku fall to the Army of Islam?", ["\r"]),
    ("Which force took Baku on 15 September 1918?", ["2"]),
    ("Baku fell to the Army of Islam on ____.", ["\r"]),
    ("Put these events in order, earliest first.", ["\r"]),
]
NEXT_PROMPT = "Baku fell to the Army of Islam on 15 September 1918."  # the true/false card after them


class Terminal:
    """A child process on a pty of 80×24; its output, without escape codes, collected by a thread."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                                        start_new_session=True, cwd=ROOT)
        os.close(slave)
        self.raw = ""
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.raw += chunk.decode("utf-8", "replace")

    @property
    def text(self) -> str:
        with self.lock:
            return " ".join(ANSI.sub(" ", self.raw).split())

    def wait_for(self, condition, what: str) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + DEADLINE
        while not condition():
            if self.process.poll() is not None:
                raise AssertionError(
                    f"studykit review exited ({self.process.returncode}) waiting for {what}:\n{self.text[-2000:]}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}:\n{self.text[-2000:]}")
            time.sleep(0.02)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())


def logged(path: Path) -> list[tuple[str, str, int | None, int | None]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(
            """SELECT cards.id, kinds.name, log.grade, log.answer_ms FROM review_log AS log
            JOIN cards ON cards.number = log.card JOIN event_kinds AS kinds ON kinds.code = log.kind ORDER BY log.id"""
        ).fetchall()
    finally:
        connection.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_sigkill_mid_session_loses_no_graded_review(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    with Collection.open(path) as collection:
        collection.sync(sample_cards(), deck_names={deck.id: deck.name for deck in DECKS})
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL")}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24", PYTHONPATH=str(ROOT),
               STUDYKIT_KEYMAP=str(tmp_path / "no-keymap.toml"))
    (tmp_path / "no-keymap.toml").write_text("[keymap]\n")
    deck = "baku 1918:  EVENTS"  # the deck `baku`, by its name in another case
    # --show-siblings: the session goes through the cards of one fact (the sample has few facts)
    terminal = Terminal([sys.executable, "-m", "studykit", "review", "--collection", str(path), "--deck", deck,
                         "--show-siblings"], env)
    try:
        graded: list[str] = []
        for n, (prompt, keys) in enumerate(STEPS):
            terminal.wait_for(lambda p=prompt: p in terminal.text, f"card {n + 1}")  # type: ignore[misc]
            for key in keys:
                terminal.send(key)
            terminal.wait_for(lambda p=prompt: re.search("Enter or Space:|Grade yourself",  # type: ignore[misc]
                                                            terminal.text.rsplit(p, 1)[-1]),
                              f"the answer to card {n + 1}")
            terminal.send("3")
            terminal.wait_for(lambda n=n: len(logged(path)) == n + 1, f"grade {n + 1} in the log")  # type: ignore[misc]
            graded.append(prompt)
        terminal.wait_for(lambda: NEXT_PROMPT in terminal.text.rsplit(STEPS[-1][0], 1)[-1], "the fifth card")
        os.killpg(terminal.process.pid, signal.SIGKILL)
        terminal.process.wait(timeout=DEADLINE)
    finally:
        if terminal.process.poll() is None:
            os.killpg(terminal.process.pid, signal.SIGKILL)
        os.close(terminal.master)
    assert terminal.process.returncode == -signal.SIGKILL
    log = logged(path)
    assert [card for card, _, _, _ in log] == [
        "fall-of-baku:qa:0", "fall-of-baku:choice:0", "fall-of-baku:cloze:0", "fall-of-baku:chronology:0",
    ]
    assert all(kind == "new" and quality == 4 and ms is not None and ms > 0 for _, kind, quality, ms in log)
    with Collection.open(path) as collection:
        assert collection.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert collection.record("fall-of-baku:qa:0").state.repetition == 1
        assert collection.rebuild_states() == 0
