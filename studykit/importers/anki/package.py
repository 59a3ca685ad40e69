"""Open an `.apkg` or `.colpkg` file: choose its collection as Anki does, read it, list its media.

Both are zip archives holding one SQLite collection, a media map and the media files
(numbered members `0`, `1`, ...). How to read them depends on the package version, which the
`meta` member (a protobuf `PackageMetadata`: field 1, the version) gives:

| version | collection member | compression of collection and media | media map |
|---|---|---|---|
| no `meta` | `collection.anki21`, else `collection.anki2` | none (zip deflate only) | JSON `{"0": "name"}` |
| 1 | `collection.anki2` | none | JSON |
| 2 | `collection.anki21` | none | JSON |
| 3 | `collection.anki21b` | zstd | zstd-compressed protobuf `MediaEntries` |

Packages since Anki 2.1.50 also carry a `collection.anki2` holding one note that asks to
update Anki; it is never read when the package says where its real collection is. A package
with no media map has no media (older AnkiDroid wrote such files).

`MediaEntries` (field 1, repeated) holds one entry per media file: 1 name, 2 size, 3 SHA-1;
entry *i* is member *i*. A media name that could leave the media folder (`is_safe_media_name`)
or whose member is missing is reported in `Package.problems` and not listed in `media`.

Limits (`Limits`, all in uncompressed bytes) stop a zip bomb: each member's declared size
(the zip's, and a zstd frame's where it declares one) is checked before reading, and the real
output of zip and zstd decompression is counted while reading, stopping as soon as it passes
the limit (Anki streams its zstd frames without a size, and a declared size can lie). The
collection is written to a temporary file (SQLite needs a file), read, and deleted before
`open_package` returns; the zip stays open for `read_media` until the package is closed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, BinaryIO, Self

import zstandard

from studykit.importers.anki import protobuf
from studykit.importers.anki.collection import read_collection
from studykit.importers.anki.errors import DecodeError, PackageError, Problem, ProblemKind
from studykit.importers.anki.model import AnkiCollection, MediaEntry

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB

META = "meta"
MEDIA_MAP = "media"
LEGACY_COLLECTION = "collection.anki2"
COLLECTION_21 = "collection.anki21"
COLLECTION_21B = "collection.anki21b"
COLLECTION_BY_VERSION = {1: LEGACY_COLLECTION, 2: COLLECTION_21, 3: COLLECTION_21B}
LATEST_VERSION = 3

_CHUNK = 1 * MiB
# zstd input is fed 1 KiB at a time: one call can then inflate to at most 32 MiB (zstd's
# densest block, 128 KiB from 4 bytes), so the output count can stop a bomb before memory does.
_ZSTD_INPUT_CHUNK = 1 * KiB
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_UNSAFE_CHARACTERS = frozenset("/\\:") | frozenset(chr(c) for c in range(32)) | {"\x7f"}
_MAX_NAME_BYTES = 255


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a package may inflate to before it is refused as a zip bomb (uncompressed bytes).

    The defaults are far above real packages (Anki's own limit for a synced media file is
    100 MB, and large real collections are a few hundred MB) and far below what fills a disk.
    """

    max_collection_bytes: int = 4 * GiB  # the SQLite collection, written to a temporary file
    max_media_file_bytes: int = 512 * MiB  # one media file, read into memory or extracted
    max_metadata_bytes: int = 256 * MiB  # the `meta` member and the media map, read into memory
    max_members: int = 1_000_000  # zip members (a collection and one per media file)


@dataclass(frozen=True, slots=True)
class PackageFormat:
    """How a package is laid out: its version, the collection member read, the media map's form."""

    version: int  # PackageMetadata version 1–3, or 0 when there is no `meta` member
    collection_member: str
    zstd: bool  # collection and media files zstd-compressed (version 3)
    media_map: str  # "json", "protobuf" or "none"
    is_collection_package: bool  # a `.colpkg` (a whole collection) rather than an `.apkg` (a deck)


def is_safe_media_name(name: str) -> bool:
    """True if `name` is one plain file name: stored under it, it cannot leave the media folder."""
    return unsafe_media_name_reason(name) is None


def unsafe_media_name_reason(name: str) -> str | None:
    """Why `name` is not a safe media file name, or None if it is.

    Refused: empty, `.` or `..`, a path separator (`/`, `\\`) or a drive or stream colon (`:`),
    NUL or another control character, more than 255 bytes. Anki's own normalized names never
    contain any of these.
    """
    if name in ("", ".", ".."):
        return "is not a file name"
    if "\x00" in name:
        return "contains a NUL character"
    if "/" in name or "\\" in name:
        return "contains a path separator" if not name.startswith(("/", "\\")) else "is an absolute path"
    if ":" in name:
        return "contains a drive or stream colon"
    if not _UNSAFE_CHARACTERS.isdisjoint(name):
        return "contains a control character"
    if len(name.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES:
        return f"is longer than {_MAX_NAME_BYTES} bytes"
    return None


class Package:
    """An opened package: its collection, its media and its problems. Close it (or use `with`)."""

    def __init__(
        self,
        path: Path,
        archive: zipfile.ZipFile,
        package_format: PackageFormat,
        collection: AnkiCollection,
        media: tuple[MediaEntry, ...],
        problems: tuple[Problem, ...],
        limits: Limits,
    ) -> None:
        self.path = path
        self.format = package_format
        self.collection = collection
        self.media = media
        self.problems = problems
        self.limits = limits
        self._archive: zipfile.ZipFile | None = archive

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None

    def read_media(self, entry: MediaEntry) -> bytes:
        """The bytes of one media file (at most `Limits.max_media_file_bytes`), checked against its SHA-1."""
        return b"".join(self._media_chunks(entry))

    def extract_media(self, entry: MediaEntry, directory: Path) -> Path:
        """Write one media file into `directory` under its name (atomically) and return its path.

        The name is checked again here, so a caller cannot be led outside `directory`.
        """
        reason = unsafe_media_name_reason(entry.name)
        if reason is not None:
            raise PackageError(f"{self.path}: media name {entry.name!r} {reason}")
        directory = Path(directory)
        target = directory / entry.name
        if target.parent != directory:
            raise PackageError(f"{self.path}: media name {entry.name!r} is not a plain file name")
        handle, temporary = tempfile.mkstemp(prefix=".studykit-media-", dir=directory)
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in self._media_chunks(entry):
                    out.write(chunk)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return target

    def media_chunks(self, entry: MediaEntry) -> Iterator[bytes]:
        """The bytes of one media file in chunks (bounded and checked as `read_media`), to write
        it without holding it whole in memory."""
        return self._media_chunks(entry)

    def _media_chunks(self, entry: MediaEntry) -> Iterator[bytes]:
        if self._archive is None:
            raise PackageError(f"{self.path}: the package is closed")
        label = f"media file {entry.name!r} (member {entry.member})"
        digest = hashlib.sha1() if entry.sha1 is not None else None
        with _read_errors(self.path, label):
            info = _member(self._archive, entry.member)
            if info is None:
                raise PackageError(f"{self.path}: {label} is missing from the package")
            for chunk in _inflate(
                self._archive,
                info,
                self.limits.max_media_file_bytes,
                entry.compressed,
                f"{self.path}: {label}",
                "Limits.max_media_file_bytes",
            ):
                if digest is not None:
                    digest.update(chunk)
                yield chunk
        if digest is not None and digest.digest() != entry.sha1:
            raise PackageError(f"{self.path}: {label} does not match its checksum: the package is damaged")


def open_package(path: str | os.PathLike[str], *, limits: Limits = Limits(), temp_dir: Path | None = None) -> Package:
    """Open and read a package; raise `PackageError` naming the file if it cannot be read.

    Returns a `Package` whose collection is fully read; the zip stays open for its media until
    the package is closed. Nothing is left behind on error.
    """
    path = Path(path)
    archive = _open_zip(path, limits)
    try:
        package_format, problems = _choose_collection(path, archive, limits)
        collection, collection_problems = _read_collection_member(path, archive, package_format, limits, temp_dir)
        media, media_problems = _media_entries(path, archive, package_format, limits)
    except BaseException:
        archive.close()
        raise
    return Package(
        path,
        archive,
        package_format,
        collection,
        media,
        (*problems, *collection_problems, *media_problems),
        limits,
    )


# --- the zip ----------------------------------------------------------------------------------


_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


@contextlib.contextmanager
def _read_errors(path: Path, label: str) -> Iterator[None]:
    """Turn what reading a damaged member raises into one `PackageError` naming file and member."""
    try:
        yield
    except PackageError:
        raise
    except zstandard.ZstdError as error:
        raise PackageError(f"{path}: {label} is not valid zstd data ({error})") from None
    except _ZIP_ERRORS as error:
        raise PackageError(f"{path}: {label} cannot be read: the zip archive is damaged ({error})") from None


def _open_zip(path: Path, limits: Limits) -> zipfile.ZipFile:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4)
    except FileNotFoundError:
        raise PackageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PackageError(f"{path}: is a directory, not an Anki package") from None
    except OSError as error:
        raise PackageError(f"{path}: cannot be read ({error.strerror or error})") from None
    if size == 0:
        raise PackageError(f"{path}: is an empty file, not an Anki package")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        if head == b"PK\x03\x04":
            raise PackageError(
                f"{path}: is a damaged or truncated zip archive (its table of contents is missing)"
            ) from None
        raise PackageError(f"{path}: is not a zip archive, so not an Anki package (.apkg or .colpkg)") from None
    except (OSError, ValueError, EOFError, NotImplementedError) as error:
        raise PackageError(f"{path}: is a damaged zip archive ({error})") from None
    if len(archive.infolist()) > limits.max_members:
        archive.close()
        raise PackageError(
            f"{path}: holds more than {limits.max_members} files (Limits.max_members): refused as a zip bomb"
        )
    return archive


def _member(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return archive.getinfo(name)
    except KeyError:
        return None


def _inflate(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limit: int,
    zstd: bool,
    label: str,
    limit_name: str,
) -> Iterator[bytes]:
    """The uncompressed bytes of a member, in chunks, never more than `limit` in all."""

    def too_big(amount: str) -> PackageError:
        return PackageError(
            f"{label} would inflate to {amount}, past the limit of {limit:,} bytes ({limit_name}):"
            " refused as a zip bomb"
        )

    if info.flag_bits & 0x1:
        raise PackageError(f"{label} is encrypted: Anki never encrypts packages")
    if info.file_size > limit and not zstd:
        raise too_big(f"{info.file_size:,} bytes")
    total = 0
    with archive.open(info) as member:
        if zstd:
            declared = _zstd_declared_size(archive, info)
            if declared is not None and declared > limit:
                raise too_big(f"{declared:,} bytes (as its zstd frame declares)")
        chunks = _zstd_chunks(member, label) if zstd else iter(lambda: member.read(_CHUNK), b"")
        for chunk in chunks:
            total += len(chunk)
            if total > limit:
                raise too_big(f"more than {limit:,} bytes")
            yield chunk


def _zstd_declared_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int | None:
    """The size the first zstd frame declares, if it declares one (streamed frames do not)."""
    with archive.open(info) as member:
        head = member.read(18)  # the longest frame header
    try:
        size = zstandard.frame_content_size(head)
    except zstandard.ZstdError:
        return None  # not zstd: `_zstd_chunks` says so
    return size if size >= 0 else None


def _zstd_chunks(source: IO[bytes] | BinaryIO, label: str) -> Iterator[bytes]:
    """Decompress a zstd stream (one frame or several) read from `source`; a cut stream is an error."""
    head = source.read(_ZSTD_INPUT_CHUNK)
    if not head.startswith(_ZSTD_MAGIC):
        raise PackageError(f"{label} is not zstd-compressed data (as a package of version 3 requires)")
    decompressor = zstandard.ZstdDecompressor()
    pending = head
    frame = decompressor.decompressobj()
    in_frame = True
    while True:
        if not pending:
            pending = source.read(_ZSTD_INPUT_CHUNK)
            if not pending:
                break
        if not in_frame:
            frame = decompressor.decompressobj()
            in_frame = True
        output = frame.decompress(pending)
        pending = b""
        if output:
            yield output
        if frame.eof:
            in_frame = False
            pending = frame.unused_data
    if in_frame:
        raise PackageError(f"{label} is cut short: its zstd data ends in the middle of a frame")


def _read_small_member(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, zstd: bool
) -> bytes:
    label = f"{path}: the {info.filename} member"
    with _read_errors(path, f"the {info.filename} member"):
        return b"".join(_inflate(archive, info, limits.max_metadata_bytes, zstd, label, "Limits.max_metadata_bytes"))


# --- the collection -----------------------------------------------------------------------------


def _choose_collection(path: Path, archive: zipfile.ZipFile, limits: Limits) -> tuple[PackageFormat, list[Problem]]:
    """Which member holds the collection, as Anki chooses it (see the module's table)."""
    names = set(archive.namelist())
    is_colpkg = path.suffix.lower() == ".colpkg"
    problems: list[Problem] = []
    meta = _member(archive, META)
    if meta is not None:
        raw = _read_small_member(path, archive, meta, limits, zstd=False)
        try:
            version = protobuf.decode(raw).uint(1)
        except DecodeError as error:
            raise PackageError(f"{path}: the meta member does not decode ({error})") from None
        if version == 0 or version > LATEST_VERSION:
            raise PackageError(
                f"{path}: package version {version} is unknown (studykit reads versions 1 to {LATEST_VERSION});"
                " it was probably made by a newer Anki"
            )
        member = COLLECTION_BY_VERSION[version]
        if member not in names:
            stub = (
                " (its collection.anki2 is only the 'please update Anki' placeholder)"
                if version > 1 and LEGACY_COLLECTION in names
                else ""
            )
            raise PackageError(f"{path}: package version {version} but no {member} inside{stub}")
        zstd = version == LATEST_VERSION
        return PackageFormat(version, member, zstd, _media_map_kind(names, zstd), is_colpkg), problems
    for member, zstd in ((COLLECTION_21, False), (COLLECTION_21B, True), (LEGACY_COLLECTION, False)):
        if member in names:
            if zstd:
                problems.append(
                    Problem(
                        ProblemKind.PACKAGE_LAYOUT,
                        f"the package has {COLLECTION_21B} but no meta member: read {COLLECTION_21B} as version 3",
                    )
                )
            return PackageFormat(
                LATEST_VERSION if zstd else 0, member, zstd, _media_map_kind(names, zstd), is_colpkg
            ), problems
    raise PackageError(
        f"{path}: no Anki collection inside (no {LEGACY_COLLECTION}, {COLLECTION_21} or {COLLECTION_21B} member)"
    )


def _media_map_kind(names: set[str], zstd: bool) -> str:
    if MEDIA_MAP not in names:
        return "none"
    return "protobuf" if zstd else "json"


def _read_collection_member(
    path: Path,
    archive: zipfile.ZipFile,
    package_format: PackageFormat,
    limits: Limits,
    temp_dir: Path | None,
) -> tuple[AnkiCollection, tuple[Problem, ...]]:
    member = package_format.collection_member
    info = archive.getinfo(member)
    if info.file_size == 0:
        raise PackageError(f"{path}: {member} is an empty file (0 bytes), not a collection")
    try:
        handle, temporary = tempfile.mkstemp(prefix="studykit-anki-", suffix=".sqlite", dir=temp_dir)
    except OSError as error:
        raise PackageError(f"{path}: cannot create a temporary file for {member} ({error})") from None
    try:
        with os.fdopen(handle, "wb") as out, _read_errors(path, member):
            for chunk in _inflate(
                archive,
                info,
                limits.max_collection_bytes,
                package_format.zstd,
                f"{path}: {member}",
                "Limits.max_collection_bytes",
            ):
                try:
                    out.write(chunk)
                except OSError as error:
                    raise PackageError(f"{path}: cannot extract {member} to a temporary file ({error})") from None
        try:
            return read_collection(Path(temporary))
        except DecodeError as error:
            raise PackageError(f"{path}: {member}: {error}") from None
    except OSError as error:
        raise PackageError(f"{path}: cannot extract {member} to a temporary file ({error})") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


# --- the media map -------------------------------------------------------------------------------


def _media_entries(
    path: Path,
    archive: zipfile.ZipFile,
    package_format: PackageFormat,
    limits: Limits,
) -> tuple[tuple[MediaEntry, ...], list[Problem]]:
    if package_format.media_map == "none":
        return (), []
    raw = _read_small_member(path, archive, archive.getinfo(MEDIA_MAP), limits, package_format.zstd)
    if package_format.media_map == "json":
        listed, problems = _json_media_map(path, raw)
    else:
        listed, problems = _protobuf_media_map(path, raw)
    entries: list[MediaEntry] = []
    seen: set[str] = set()
    missing: list[str] = []
    for member, name, size, sha1 in listed:
        reason = unsafe_media_name_reason(name)
        if reason is not None:
            problems.append(Problem(ProblemKind.UNSAFE_MEDIA_NAME, f"media name {name!r} {reason}: left out"))
            continue
        if name in seen:
            problems.append(
                Problem(ProblemKind.DUPLICATE_MEDIA_NAME, f"media file '{name}' is listed twice: the first kept")
            )
            continue
        info = _member(archive, member)
        if info is None:
            missing.append(name)
            continue
        seen.add(name)
        entries.append(
            MediaEntry(
                name=name,
                member=member,
                size=info.file_size if size is None else size,
                compressed=package_format.zstd,
                sha1=sha1,
            )
        )
    if missing:
        shown = ", ".join(f"'{name}'" for name in missing[:5]) + (", …" if len(missing) > 5 else "")
        problems.append(
            Problem(
                ProblemKind.MISSING_MEDIA_MEMBER,
                f"{len(missing)} media file{'s' if len(missing) != 1 else ''} listed in the media map but missing"
                f" from the package ({shown}): left out",
            )
        )
    return tuple(entries), problems


Listed = tuple[str, str, int | None, bytes | None]  # member, name, size, sha1


def _json_media_map(path: Path, raw: bytes) -> tuple[list[Listed], list[Problem]]:
    """The legacy media map: a JSON object from member number to file name."""
    try:
        mapping = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise PackageError(f"{path}: the media map is not valid JSON ({error})") from None
    if not isinstance(mapping, dict):
        raise PackageError(f"{path}: the media map is not a JSON object")
    listed: list[Listed] = []
    problems: list[Problem] = []
    for key, name in mapping.items():
        if not isinstance(name, str) or not (key.isascii() and key.isdigit()):
            problems.append(
                Problem(ProblemKind.BAD_MEDIA_ENTRY, f"media map entry {key!r}: {name!r} cannot be read: left out")
            )
            continue
        listed.append((str(int(key)), name, None, None))
    listed.sort(key=lambda item: int(item[0]))
    return listed, problems


def _protobuf_media_map(path: Path, raw: bytes) -> tuple[list[Listed], list[Problem]]:
    """The version 3 media map: `MediaEntries` {1: repeated {1 name, 2 size, 3 sha1}}; entry i is member i."""
    listed: list[Listed] = []
    problems: list[Problem] = []
    try:
        for index, entry in enumerate(protobuf.decode(raw).messages(1)):
            sha1: bytes | None = entry.raw(3) or None
            if sha1 is not None and len(sha1) != 20:
                problems.append(
                    Problem(
                        ProblemKind.BAD_MEDIA_ENTRY,
                        f"media file '{entry.string(1)}' has a checksum of {len(sha1)} bytes instead of 20:"
                        " not checked",
                    )
                )
                sha1 = None
            listed.append((str(index), entry.string(1), entry.uint(2), sha1))
    except DecodeError as error:
        raise PackageError(f"{path}: the media map does not decode ({error})") from None
    return listed, problems
