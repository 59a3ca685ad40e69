"""Checkpoints of the write-ahead log, off the grading path.

In WAL mode a commit appends pages to the `-wal` file and fsyncs it: the review is durable.
Copying those pages back into the database file (a checkpoint) is a separate, larger job,
which SQLite by default does inside whichever commit brings the WAL past 1,000 pages: that
grade then waits for the copy and an fsync of the database file (62 ms at a million reviews).

So the collection turns that off (`PRAGMA wal_autocheckpoint = 0`) and a `Checkpointer`
copies the pages back from a thread and a connection of its own, once the WAL has grown past
`WAL_LIMIT` and the collection has been idle for `IDLE` seconds: while the student reads the
next card, never while grades follow each other (its disk writes would slow their fsyncs).
Writes that never pause (an import, a script) are checkpointed at `WAL_CAP` all the same. A
passive checkpoint never blocks a writer and is never waited for; one that cannot finish
(another process reading) is done again later, and closing the collection checkpoints what is
left. Durability does not depend on it: a grade is on disk once its commit returns.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

WAL_LIMIT = 4 * 1024 * 1024  # bytes of WAL: about the 1,000 pages SQLite checkpoints after
WAL_CAP = 16 * WAL_LIMIT      # past this, checkpointed even if the writes never pause
IDLE = 0.5                    # seconds without a commit: the collection is idle


class Checkpointer:
    """A thread that checkpoints the WAL of the collection at `path` when it is idle."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wal = path.with_name(path.name + "-wal")
        self._wanted = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._last_commit = 0.0
        self.done = 0  # checkpoints that copied the whole WAL back: the next commit starts it again

    def after_commit(self) -> None:
        """Note the commit, and ask for a checkpoint if the WAL has grown past `WAL_LIMIT`."""
        self._last_commit = time.monotonic()
        if self._wal_size() < WAL_LIMIT:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="studykit-checkpoint", daemon=True)
            self._thread.start()
        self._wanted.set()

    def stop(self) -> None:
        """Finish the checkpoint under way, if any, and end the thread."""
        if self._thread is not None:
            self._stopping = True
            self._wanted.set()
            self._thread.join()
            self._thread = None

    def _wal_size(self) -> int:
        try:
            return self.wal.stat().st_size
        except OSError:
            return 0

    def _wait_until_idle(self) -> None:
        """Until no commit for `IDLE` seconds, the WAL is past its cap, or the thread must stop."""
        while not self._stopping and self._wal_size() < WAL_CAP:
            quiet = time.monotonic() - self._last_commit
            if quiet >= IDLE:
                return
            time.sleep(IDLE - quiet)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error:
            return  # no checkpoint from here: the WAL waits for the collection's close
        try:
            while True:
                self._wanted.wait()
                self._wait_until_idle()
                self._wanted.clear()
                if self._stopping:
                    return
                try:  # every row read: a statement left open would hold the WAL, which could not start again
                    ((busy, frames, copied),) = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    continue  # done again after the next commits, or at close
                self.done += not busy and frames == copied
        finally:
            conn.close()
