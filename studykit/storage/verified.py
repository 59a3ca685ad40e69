"""Collection files found sound by the whole-file check, and as which file: so that a command
that only reads (`studykit stats`) runs `PRAGMA quick_check` only on a file changed since.

The whole-file check reads every page: about a second at 100,000 cards and a million
reviews, where the statistics take a tenth of that. So the last files found sound are
recorded, each as the file was when its check began: its device, inode, size and times of
modification and of change, and those of its write-ahead log. A command that only reads skips
the whole-file check of a file recorded so; any write to it since (by studykit, another
program, a restored backup) changes its times, and the next such command checks it again.
Recorded only by a command that only reads, after its own whole-file check found the file
sound; not by a collection opened for writing at its close: another program may have written
the file while it was open.

What a record does not see: damage that leaves the file's times as they were (a failing disk,
or another program's write in the same tick of a file system with coarse timestamps). A
command that only reads still checks the schema and the content (`integrity`, under a
millisecond), and SQLite reports a damaged page it reads (`SQLITE_CORRUPT`, checked the more
closely with `PRAGMA cell_size_check`): a clean error naming the file. Not every damage is
reported by a read, though: a page that two parents point to is read twice without an error
(found by `quick_check`, not by reading), so such damage the file's times do not show can
change a figure until the next writing open, whose check reads every page, finds it.

The record is a cache in the user's cache directory: lost or unreadable, the whole-file
check runs again; nothing depends on it being written.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path

KEPT = 16  # files remembered, the most recently recorded

Identity = list[int | None]


CACHE_ENV_VAR = "STUDYKIT_CACHE_DIR"


def cache_file() -> Path:
    """In `$STUDYKIT_CACHE_DIR` if set (platformdirs reads XDG_CACHE_HOME on Linux only), else
    the user's cache directory."""
    if directory := os.environ.get(CACHE_ENV_VAR):
        return Path(directory) / "verified.json"
    import platformdirs

    return platformdirs.user_cache_path("studykit", appauthor=False) / "verified.json"


def identity(path: Path) -> Identity | None:
    """The file as a record names it (None: it cannot be read)."""
    try:
        main = path.stat()
    except OSError:
        return None
    log: Identity = [None, None, None]  # no write-ahead log, or an empty one (any reader makes one)
    with suppress(OSError):
        wal = Path(f"{path}-wal").stat()
        if wal.st_size:
            log = [wal.st_size, wal.st_mtime_ns, wal.st_ctime_ns]
    return [main.st_dev, main.st_ino, main.st_size, main.st_mtime_ns, main.st_ctime_ns, *log]


def _key(path: Path) -> str:
    return str(path.resolve())


def _read() -> dict[str, Identity]:
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_verified(path: Path, found: Identity | None) -> bool:
    """Whether the file, as `found` (its `identity` before reading it), was recorded sound."""
    return found is not None and _read().get(_key(path)) == found


def record(path: Path, found: Identity | None) -> None:
    """Record the file, as `found` before its check, as sound (silently not, if the cache
    directory cannot be written)."""
    if found is None:
        return
    records = {key: value for key, value in _read().items() if key != _key(path)}
    records[_key(path)] = found
    kept = dict(list(records.items())[-KEPT:])
    target = cache_file()
    with suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}")
        temporary.write_text(json.dumps(kept), encoding="utf-8")
        temporary.replace(target)  # whole or not at all, whoever else writes it
