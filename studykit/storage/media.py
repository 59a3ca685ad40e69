"""The media folder of a collection: the images and sounds of imported Anki notes.

`<collection stem>.media/` beside the collection file (`collection.sqlite3` has
`collection.media/`), as Anki keeps `collection.media` beside `collection.anki2`. Files are
stored under their names in the notes, flat. A name is used only if it is one plain file
name that can never leave the folder, on any system: no separator (`/`, `\\`), no drive or
stream colon, no NUL or other control character, not `.` or `..`, no trailing dot or space,
none of Windows' device names (`CON`, `NUL`, `COM1`, ...), at most 255 bytes. Anything else is
refused and reported. Each file is written to a temporary file in the folder and renamed into
place, so a file is whole or absent. A name already stored with other bytes (another package's
`image.png`) is stored as `image-<8 hex of its SHA-1>.png`, and the cards of the new package
point there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

MAX_NAME_BYTES = 255
_DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{kind}{n}" for kind in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")]
)
_CONTROL = frozenset(chr(c) for c in (*range(0x20), 0x7F))


class MediaError(Exception):
    """One media file cannot be stored (its name, its size); the message names it."""


class MediaFolderError(Exception):
    """The media folder cannot be written at all (read-only, a full disk): no file can be
    stored, so an import stops; the message names the folder."""


def media_dir(collection_path: Path) -> Path:
    """The collection's media folder: `<stem>.media` beside it."""
    return collection_path.with_name(collection_path.stem + ".media")


def unsafe_name_reason(name: str) -> str | None:
    """Why `name` cannot be a file of the media folder, or None when it can."""
    if name in ("", ".", ".."):
        return "is not a file name"
    if "\x00" in name:
        return "contains a NUL character"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    if "/" in name or "\\" in name:
        return "contains a path separator"
    if ":" in name:
        return "contains a drive or stream colon"
    if not _CONTROL.isdisjoint(name):
        return "contains a control character"
    if name.endswith((".", " ")):
        return "ends with a dot or a space"
    if name.split(".", 1)[0].rstrip(" ").upper() in _DEVICE_NAMES:
        return "is a Windows device name"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"is longer than {MAX_NAME_BYTES} bytes"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode"
    return None


def _digest(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class MediaFolder:
    """A collection's media folder, written one whole file at a time. `created` lists the files
    this object wrote, so an import that fails can take them back (`discard_created`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.created: list[Path] = []
        self._swept = False

    def _sweep(self) -> None:
        """Remove what an import killed while writing a file left (`.importing-*`, a file half
        written), once an hour has passed: another import may be writing its own right now."""
        self._swept = True
        limit = time.time() - 3600
        with contextlib.suppress(OSError):
            for leftover in self.directory.glob(".importing-*"):
                with contextlib.suppress(OSError):
                    if leftover.is_file() and leftover.stat().st_mtime < limit:
                        leftover.unlink()

    def path_of(self, stored: str) -> Path | None:
        """Where a stored media file is, if it is there and its name is safe."""
        if unsafe_name_reason(stored) is not None:
            return None
        path = self.directory / stored
        return path if path.is_file() else None

    def store(self, name: str, chunks: Iterable[bytes], *, max_bytes: int) -> tuple[str, bool]:
        """Store one file under `name` (checked: `MediaError` if unsafe); returns the name it is
        stored under and whether it was written (False: the same bytes were there already).

        At most `max_bytes` are written; past that the file is refused (MediaError) and
        nothing is left behind."""
        reason = unsafe_name_reason(name)
        if reason is not None:
            raise MediaError(f"the media name {name!r} {reason}")
        if not self._swept:
            self._sweep()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".importing-", dir=self.directory)
        except OSError as error:
            raise MediaFolderError(self._cannot_write(error)) from None
        digest = hashlib.sha1()
        size = 0
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise MediaError(f"the media file {name!r} is larger than {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            stored = self._place(name, digest.hexdigest())
            target = self.directory / stored
            if target.exists():
                os.unlink(temporary)
                return stored, False
            os.replace(temporary, target)
            self.created.append(target)
            return stored, True
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(error, OSError):  # a full disk, a file-size limit, a folder made read-only
                raise MediaFolderError(self._cannot_write(error)) from None
            raise

    def _cannot_write(self, error: OSError) -> str:
        return f"cannot write to the media folder {self.directory}: {error.strerror or error}"

    def _place(self, name: str, sha1: str) -> str:
        """`name`, or a name of its own when a different file is stored under it."""
        existing = self.directory / name
        if not existing.exists() or (existing.is_file() and _digest(existing) == sha1):
            return name
        stem, dot, suffix = name.rpartition(".")
        if not dot or not stem:
            stem, suffix = name, ""
        renamed = f"{stem}-{sha1[:8]}" + (f".{suffix}" if suffix else "")
        if len(renamed.encode("utf-8")) > MAX_NAME_BYTES:
            renamed = f"{sha1}" + (f".{suffix[:16]}" if suffix else "")
        return renamed

    def discard_created(self) -> None:
        """Remove the files this folder wrote (an import that failed leaves none)."""
        for path in self.created:
            with contextlib.suppress(OSError):
                path.unlink()
        self.created.clear()
