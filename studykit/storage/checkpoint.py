"""Checkpoints of the write-ahead log, off the grading path.

In WAL mode a commit appends pages to the `-wal` file and fsyncs it: the review is durable.
Copying those pages back into the database file (a checkpoint) is a separate, larger job,
which SQLite by default does inside whichever commit brings the WAL past 1,000 pages: that
grade then waits for the copy and an fsync of the database file (62 ms at a million reviews).

So the collection turns that off (`PRAGMA wal_autocheckpoint = 0`) and a `Checkpointer`
copies the pages back from a thread and a connection of its own, once the WAL has grown
past `WAL_LIMIT`: right after a grade, while the student reads the next card. A passive
checkpoint never blocks a writer and is never waited for; one that cannot finish (another
process reading) is simply done again later, and closing the collection checkpoints what is
left. Durability does not depend on it: a grade is on disk once its commit returns.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

WAL_LIMIT = 4 * 1024 * 1024  # bytes of WAL: about the 1,000 pages SQLite checkpoints after


class Checkpointer:
    """A thread that checkpoints the WAL of the collection at `path` when asked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wal = path.with_name(path.name + "-wal")
        self._wanted = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.done = 0  # checkpoints that copied the whole WAL back: the next commit starts it again

    def after_commit(self) -> None:
        """Ask for a checkpoint if the WAL has grown past `WAL_LIMIT`; returns at once."""
        try:
            if self.wal.stat().st_size < WAL_LIMIT:
                return
        except OSError:
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

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error:
            return  # no checkpoint from here: the WAL waits for the collection's close
        try:
            while True:
                self._wanted.wait()
                self._wanted.clear()
                if self._stopping:
                    return
                try:
                    busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error:
                    continue  # done again after the next commits, or at close
                self.done += not busy and frames == copied
        finally:
            conn.close()
