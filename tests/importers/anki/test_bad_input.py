"""Bad packages: each refused with one `PackageError` naming the file and what is wrong, and
nothing left behind; damaged but readable ones read as far as they go, the rest in `problems`.

Packages are built here from a small genanki deck (schema 11) or a fresh collection of the
`anki` library (schema 18, zstd), then damaged on purpose.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import genanki  # type: ignore[import-untyped]
import pytest
import zstandard

from studykit.importers.anki import Limits, PackageError, ProblemKind, open_package
from studykit.importers.anki.collection import unicase

MODEL = genanki.Model(
    1_500_000_001,
    "Basic (test)",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
)
DECK_ID = 1_500_000_002


def genanki_collection(directory: Path) -> Path:
    """A schema 11 collection file with two notes, as genanki writes it."""
    deck = genanki.Deck(DECK_ID, "Damaged")
    deck.add_note(genanki.Note(model=MODEL, fields=["one", "1"], guid="n1"))
    deck.add_note(genanki.Note(model=MODEL, fields=["two", "2"], guid="n2"))
    package = directory / "base.apkg"
    genanki.Package(deck).write_to_file(str(package), timestamp=1_700_000_000)
    with zipfile.ZipFile(package) as archive:
        target = directory / "collection.anki2"
        target.write_bytes(archive.read("collection.anki2"))
    return target


def anki_collection(directory: Path) -> Path:
    """A fresh schema 18 collection file, as the `anki` library creates it."""
    from anki.collection import Collection

    path = directory / "fresh.anki2"
    col = Collection(str(path))
    note = col.new_note(col.models.by_name("Basic"))  # type: ignore[arg-type]
    note.fields[0], note.fields[1] = "front", "back"
    col.add_note(note, col.decks.id("Deck"))  # type: ignore[arg-type]
    col.close()
    return path


def altered(path: Path, *statements: str) -> Path:
    db = sqlite3.connect(path)
    db.create_collation("unicase", unicase)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path


def zipped(target: Path, members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(target, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def legacy_package(
    tmp: Path, *statements: str, media: dict[str, bytes] | None = None, media_map: bytes | None = b"{}"
) -> Path:
    collection = altered(genanki_collection(tmp), *statements)
    members = {"collection.anki2": collection.read_bytes(), **(media or {})}
    if media_map is not None:
        members["media"] = media_map
    return zipped(tmp / "package.apkg", members)


def zstd(data: bytes, *, sized: bool = False) -> bytes:
    """zstd as Anki writes it, streamed (no size in the frame header), or with its size declared."""
    if sized:
        return zstandard.ZstdCompressor().compress(data)
    stream = zstandard.ZstdCompressor().compressobj()
    return stream.compress(data) + stream.flush()


def latest_package(
    tmp: Path, *statements: str, media_map: bytes | None = None, media: dict[str, bytes] | None = None
) -> Path:
    collection = altered(anki_collection(tmp), *statements)
    members = {
        "meta": b"\x08\x03",
        "collection.anki21b": zstd(collection.read_bytes()),
        "collection.anki2": b"stub",
        "media": media_map if media_map is not None else zstd(b""),
        **(media or {}),
    }
    return zipped(tmp / "package.apkg", members, method=zipfile.ZIP_STORED)


def varint(value: int) -> bytes:
    """A protobuf varint (written by hand, to build messages no protobuf library would)."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def media_entries(*entries: tuple[str, int, bytes]) -> bytes:
    """A `MediaEntries` protobuf: {1: repeated {1 name, 2 size, 3 sha1}} (written by hand)."""

    def field(number: int, payload: bytes) -> bytes:
        return varint(number << 3 | 2) + varint(len(payload)) + payload

    body = b""
    for name, size, sha1 in entries:
        entry = field(1, name.encode()) + varint(2 << 3) + varint(size) + field(3, sha1)
        body += field(1, entry)
    return body


def bomb_zip(tmp: Path) -> Path:
    return zipped(tmp / "bomb.apkg", {"collection.anki2": b"\0" * (3 * 1024 * 1024), "media": b"{}"})


def truncated(tmp: Path) -> Path:
    whole = legacy_package(tmp).read_bytes()
    target = tmp / "cut.apkg"
    target.write_bytes(whole[: len(whole) // 2])
    return target


def damaged_sqlite(tmp: Path) -> Path:
    data = bytearray(genanki_collection(tmp).read_bytes())
    data[4096:12288] = b"\xa5" * 8192  # pages 2 and 3 overwritten: the schema points into garbage
    return zipped(tmp / "damaged.apkg", {"collection.anki2": bytes(data), "media": b"{}"})


def encrypted(tmp: Path) -> Path:
    """The "encrypted" flag set in both headers (Python's zipfile cannot write encrypted members)."""
    data = bytearray(
        zipped(tmp / "plain.apkg", {"collection.anki2": genanki_collection(tmp).read_bytes()}).read_bytes()
    )
    data[6] |= 0x1  # local header: general purpose flags at offset 6
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1  # central directory: flags at offset 8
    target = tmp / "encrypted.apkg"
    target.write_bytes(bytes(data))
    return target


def write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        target = tmp / name
        target.write_bytes(data)
        return target

    return build


SMALL = Limits(max_collection_bytes=2 * 1024 * 1024, max_media_file_bytes=1024 * 1024, max_metadata_bytes=64 * 1024)

CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("not a zip", write("notes.apkg", b"front,back\nhola,hello\n"), "is not a zip archive"),
    ("an empty file", write("empty.apkg", b""), "is an empty file"),
    ("a truncated zip", truncated, "is a damaged or truncated zip archive"),
    ("a missing file", lambda tmp: tmp / "absent.apkg", "no such file"),
    ("a directory", lambda tmp: tmp, "is a directory"),
    ("a zip bomb by declared size", bomb_zip, "would inflate to 3,145,728 bytes, past the limit of 2,097,152"),
    (
        "a zstd bomb in the collection",
        lambda tmp: zipped(
            tmp / "z.apkg",
            {"meta": b"\x08\x03", "collection.anki21b": zstd(b"\0" * (3 * 1024 * 1024))},
            method=zipfile.ZIP_STORED,
        ),
        "would inflate to more than 2,097,152 bytes",
    ),
    (
        "a zstd frame declaring too much",
        lambda tmp: zipped(
            tmp / "zd.apkg",
            {"meta": b"\x08\x03", "collection.anki21b": zstd(b"\0" * (3 * 1024 * 1024), sized=True)},
            method=zipfile.ZIP_STORED,
        ),
        "would inflate to 3,145,728 bytes (as its zstd frame declares)",
    ),
    (
        "a zip bomb in the media map",
        lambda tmp: legacy_package(tmp, media_map=b" " * (65 * 1024)),
        "the media member would inflate to 66,560 bytes",
    ),
    (
        "too many members",
        lambda tmp: zipped(tmp / "many.apkg", {str(i): b"" for i in range(12)}),
        "holds more than 10 files",
    ),
    (
        "no collection inside",
        lambda tmp: zipped(tmp / "none.apkg", {"media": b"{}", "0": b"x"}),
        "no Anki collection inside",
    ),
    (
        "version 3 with only the stub",
        lambda tmp: zipped(tmp / "stub.apkg", {"meta": b"\x08\x03", "collection.anki2": b"x"}),
        "package version 3 but no collection.anki21b inside (its collection.anki2 is only the 'please update Anki'",
    ),
    (
        "an unknown meta version",
        lambda tmp: zipped(tmp / "v4.apkg", {"meta": b"\x08\x04", "collection.anki2": b"x"}),
        "package version 4 is unknown",
    ),
    (
        "a meta without a version",
        lambda tmp: zipped(tmp / "v0.apkg", {"meta": b"", "collection.anki2": b"x"}),
        "package version 0 is unknown",
    ),
    (
        "a meta that does not decode",
        lambda tmp: zipped(tmp / "m.apkg", {"meta": b"\x08", "collection.anki2": b"x"}),
        "the meta member does not decode (protobuf: truncated varint",
    ),
    (
        "a 0-byte collection",
        lambda tmp: zipped(tmp / "zero.apkg", {"collection.anki2": b"", "media": b"{}"}),
        "collection.anki2 is an empty file (0 bytes)",
    ),
    (
        "a collection that is not SQLite",
        lambda tmp: zipped(tmp / "junk.apkg", {"collection.anki2": b"SQLite? no" * 100}),
        "collection.anki2: the collection is not an SQLite database",
    ),
    ("a damaged SQLite", damaged_sqlite, "collection.anki2: the collection"),
    (
        "SQLite that is not an Anki collection",
        lambda tmp: zipped(
            tmp / "other.apkg", {"collection.anki2": altered(tmp / "other.db", "CREATE TABLE t (x)").read_bytes()}
        ),
        "is not an Anki collection (no col, notes, cards, revlog table)",
    ),
    (
        "an unknown schema version",
        lambda tmp: legacy_package(tmp, "UPDATE col SET ver = 19"),
        "the collection has schema version 19, newer than studykit reads (11 and 15–18)",
    ),
    (
        "a creation time that is not a number",
        lambda tmp: legacy_package(tmp, "UPDATE col SET crt = 'soon'"),
        "the collection's creation time (col.crt) is 'soon', not a number",
    ),
    (
        "an intermediate schema version",
        lambda tmp: legacy_package(tmp, "UPDATE col SET ver = 13"),
        "the collection has schema version 13, not one studykit reads",
    ),
    (
        "note types that are not JSON",
        lambda tmp: legacy_package(tmp, "UPDATE col SET models = '{not json'"),
        "the collection's note types (col.models) is not valid JSON",
    ),
    (
        "a note type blob that does not decode",
        lambda tmp: latest_package(tmp, "UPDATE notetypes SET config = x'0a'"),
        "collection.anki21b: note type 'Basic': settings do not decode (protobuf:",
    ),
    (
        "a deck blob that does not decode",
        lambda tmp: latest_package(tmp, "UPDATE decks SET kind = x'ff'"),
        "collection.anki21b: deck 'Default': settings do not decode",
    ),
    (
        "a version 3 collection that is not zstd",
        lambda tmp: zipped(
            tmp / "raw.apkg", {"meta": b"\x08\x03", "collection.anki21b": anki_collection(tmp).read_bytes()}
        ),
        "collection.anki21b is not zstd-compressed data",
    ),
    (
        "a cut zstd collection",
        lambda tmp: zipped(
            tmp / "cutz.apkg",
            {"meta": b"\x08\x03", "collection.anki21b": zstd(anki_collection(tmp).read_bytes())[:-100]},
        ),
        "collection.anki21b is cut short",
    ),
    (
        "a media map that is not JSON",
        lambda tmp: legacy_package(tmp, media_map=b"{'0': 'a.png'"),
        "the media map is not valid JSON",
    ),
    (
        "a media map that is a list",
        lambda tmp: legacy_package(tmp, media_map=b'["a.png"]'),
        "the media map is not a JSON object",
    ),
    (
        "a protobuf media map that does not decode",
        lambda tmp: latest_package(tmp, media_map=zstd(b"\x0a\x05ab")),
        "the media map does not decode (protobuf: field 1 claims 5 bytes, 2 remain)",
    ),
    ("an encrypted member", encrypted, "collection.anki2 is encrypted"),
]


@pytest.mark.parametrize(("name", "build", "fragment"), CASES, ids=[case[0] for case in CASES])
def test_bad_package_gets_one_message_naming_the_file(
    name: str,
    build: Callable[[Path], Path],
    fragment: str,
    tmp_path: Path,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    temp = tmp_path / "temp"
    temp.mkdir()
    path = build(work)
    limits = Limits(
        max_collection_bytes=SMALL.max_collection_bytes,
        max_media_file_bytes=SMALL.max_media_file_bytes,
        max_metadata_bytes=SMALL.max_metadata_bytes,
        max_members=10,
    )
    with pytest.raises(PackageError) as caught:
        open_package(path, limits=limits, temp_dir=temp)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert fragment in message, message
    assert "\n" not in message and "Traceback" not in message
    assert list(temp.iterdir()) == [], "the temporary collection was left behind"


# --- damaged but readable ----------------------------------------------------------------------------


def problems_of(path: Path) -> dict[ProblemKind, list[str]]:
    with open_package(path) as package:
        found: dict[ProblemKind, list[str]] = {}
        for problem in package.problems:
            found.setdefault(problem.kind, []).append(problem.message)
        return found


@pytest.mark.parametrize(
    "name",
    [
        "../../x.png",
        "/etc/passwd",
        "..\\..\\x.png",
        "C:evil.png",
        "a\x00b.png",
        "dir/file.png",
        "..",
        "",
        "tab\t.png",
    ],
)
def test_an_unsafe_media_name_is_reported_and_never_listed(name: str, tmp_path: Path) -> None:
    media_map = json.dumps({"0": name, "1": "fine.png"}).encode()
    path = legacy_package(tmp_path, media=({"0": b"evil", "1": b"good"}), media_map=media_map)
    with open_package(path) as package:
        assert [entry.name for entry in package.media] == ["fine.png"]
        [problem] = package.problems
        assert problem.kind == ProblemKind.UNSAFE_MEDIA_NAME and repr(name) in problem.message
        package.extract_media(package.media[0], tmp_path)
    assert (tmp_path / "fine.png").read_bytes() == b"good"


def test_an_unsafe_name_in_a_protobuf_media_map_is_reported(tmp_path: Path) -> None:
    entries = media_entries(("../up.mp3", 4, b"\0" * 20), ("ok.mp3", 4, b"\0" * 20))
    path = latest_package(tmp_path, media_map=zstd(entries), media={"0": zstd(b"evil"), "1": zstd(b"good")})
    with open_package(path) as package:
        assert [entry.name for entry in package.media] == ["ok.mp3"]
        assert [p.kind for p in package.problems] == [ProblemKind.UNSAFE_MEDIA_NAME]
        with pytest.raises(PackageError, match="does not match its checksum"):
            package.read_media(package.media[0])


def test_media_whose_member_is_missing_or_listed_twice_are_reported(tmp_path: Path) -> None:
    media_map = json.dumps({"0": "a.png", "1": "b.png", "2": "a.png", "x": "c.png"}).encode()
    path = legacy_package(tmp_path, media={"0": b"a", "2": b"a2"}, media_map=media_map)
    with open_package(path) as package:
        assert [(e.name, e.member) for e in package.media] == [("a.png", "0")]
        kinds = {p.kind: p.message for p in package.problems}
    assert "'b.png'" in kinds[ProblemKind.MISSING_MEDIA_MEMBER]
    assert "'a.png' is listed twice" in kinds[ProblemKind.DUPLICATE_MEDIA_NAME]
    assert "'x'" in kinds[ProblemKind.BAD_MEDIA_ENTRY]


def test_no_media_map_means_no_media(tmp_path: Path) -> None:
    with open_package(legacy_package(tmp_path, media_map=None)) as package:
        assert package.media == () and package.format.media_map == "none" and package.problems == ()
        assert len(package.collection.notes) == 2


def test_notes_whose_fields_do_not_match_are_fixed_as_anki_does_and_reported(tmp_path: Path) -> None:
    path = legacy_package(
        tmp_path,
        "UPDATE notes SET flds = 'only one' WHERE guid = 'n1'",
        "UPDATE notes SET flds = 'a' || char(31) || 'b' || char(31) || 'c' WHERE guid = 'n2'",
    )
    with open_package(path) as package:
        fields = {note.guid: note.fields for note in package.collection.notes}
        [problem] = package.problems
    assert fields == {"n1": ("only one", ""), "n2": ("a", "b; c")}
    assert problem.kind == ProblemKind.FIELD_COUNT
    assert "2 notes of note type 'Basic (test)'" in problem.message and "have 1, 3 fields" in problem.message


def test_cards_of_missing_notes_are_left_out_and_reported_with_their_deck(tmp_path: Path) -> None:
    path = legacy_package(tmp_path, "DELETE FROM notes WHERE guid = 'n1'")
    with open_package(path) as package:
        assert len(package.collection.notes) == len(package.collection.cards) == 1
        [problem] = package.problems
    assert problem.kind == ProblemKind.MISSING_NOTE
    assert problem.message.startswith("1 card in deck 'Damaged' (id ")


def test_notes_of_a_missing_note_type_cards_in_missing_decks_and_orphan_reviews(tmp_path: Path) -> None:
    path = legacy_package(
        tmp_path,
        "UPDATE notes SET mid = 42 WHERE guid = 'n1'",
        "UPDATE cards SET did = 77",
        "INSERT INTO revlog VALUES (1700000000000, 999, 0, 3, 1, 0, 2500, 4000, 1)",
    )
    found = problems_of(path)
    assert "uses note type id 42, which the package lacks" in found[ProblemKind.MISSING_NOTE_TYPE][0]
    assert "1 card in deck id 77" in found[ProblemKind.MISSING_NOTE][0]
    assert "is in deck id 77, which the package lacks" in found[ProblemKind.MISSING_DECK][0]
    assert found[ProblemKind.ORPHAN_REVIEWS] == [
        "1 review of 1 card the package lacks (deleted in Anki, id 999): left out",
    ]


def test_notes_sharing_a_guid_are_kept_and_reported(tmp_path: Path) -> None:
    found = problems_of(legacy_package(tmp_path, "UPDATE notes SET guid = 'same'"))
    assert found[ProblemKind.DUPLICATE_GUID] == [
        "1 GUID ('same') belongs to more than one note: all kept, but a later import cannot tell them apart",
    ]


def test_text_that_is_not_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    path = legacy_package(
        tmp_path, "UPDATE notes SET flds = CAST(x'6361ff' || x'1f' || x'78' AS TEXT) WHERE guid = 'n1'"
    )
    with open_package(path) as package:
        fields = {note.guid: note.fields for note in package.collection.notes}
        assert [p.kind for p in package.problems] == [ProblemKind.BAD_TEXT]
    assert fields["n1"] == ("ca\ufffd", "x")


def test_a_card_past_its_note_type_s_templates_is_reported(tmp_path: Path) -> None:
    found = problems_of(legacy_package(tmp_path, "UPDATE cards SET ord = 3"))
    assert "use a template number past its 1 template (Anki" in found[ProblemKind.BAD_TEMPLATE_ORD][0]


def test_a_media_bomb_stops_when_read(tmp_path: Path) -> None:
    media_map = json.dumps({"0": "big.bin"}).encode()
    path = legacy_package(tmp_path, media={"0": b"\0" * (2 * 1024 * 1024)}, media_map=media_map)
    expected = r"media file 'big.bin' \(member 0\) would inflate to 2,097,152 bytes"
    with open_package(path, limits=SMALL) as package, pytest.raises(PackageError, match=expected):
        package.read_media(package.media[0])


def test_a_zstd_media_bomb_stops_when_read(tmp_path: Path) -> None:
    entries = media_entries(("big.bin", 10, b""))
    path = latest_package(tmp_path, media_map=zstd(entries), media={"0": zstd(b"\0" * (2 * 1024 * 1024))})
    expected = "would inflate to more than 1,048,576 bytes"
    with open_package(path, limits=SMALL) as package, pytest.raises(PackageError, match=expected):
        package.read_media(package.media[0])


def test_a_closed_package_refuses_to_read_media(tmp_path: Path) -> None:
    media_map = json.dumps({"0": "a.png"}).encode()
    package = open_package(legacy_package(tmp_path, media={"0": b"a"}, media_map=media_map))
    package.close()
    with pytest.raises(PackageError, match="the package is closed"):
        package.read_media(package.media[0])


def test_extracting_refuses_a_name_made_unsafe_after_reading(tmp_path: Path) -> None:
    from dataclasses import replace

    media_map = json.dumps({"0": "a.png"}).encode()
    with open_package(legacy_package(tmp_path, media={"0": b"a"}, media_map=media_map)) as package:
        sneaky = replace(package.media[0], name="../escape.png")
        with pytest.raises(PackageError, match=r"is not a plain file name|path separator"):
            package.extract_media(sneaky, tmp_path / "media")
    assert not (tmp_path / "escape.png").exists()


def test_a_zip_lying_about_a_member_s_size_is_damaged_not_a_bomb(tmp_path: Path) -> None:
    """Python's zip reader stops at the declared size, so a lie surfaces as a bad checksum."""
    path = legacy_package(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("collection.anki2")
    # shrink the declared uncompressed size in both headers
    real = info.file_size.to_bytes(4, "little")
    smaller = (info.file_size // 2).to_bytes(4, "little")
    assert data.count(real) >= 2
    data = data.replace(real, smaller)
    target = tmp_path / "liar.apkg"
    target.write_bytes(bytes(data))
    with pytest.raises(PackageError, match="damaged"):
        open_package(target)


@pytest.mark.parametrize("version", [15, 16, 17, 18])
def test_schemas_15_to_18_read_alike(version: int, tmp_path: Path) -> None:
    """Collections of Anki 2.1.28–2.1.49 (schemas 15–17) differ from 18 only in tables not read,
    except that schema 15 stored the starting ease ×100."""
    from anki.deck_config_pb2 import DeckConfig

    ease = 250.0 if version == 15 else 2.5
    blob = DeckConfig.Config(new_per_day=15, initial_ease=ease, learn_steps=[1.0, 10.0]).SerializeToString()
    path = latest_package(
        tmp_path, f"UPDATE col SET ver = {version}", f"UPDATE deck_config SET config = x'{blob.hex()}'"
    )
    with open_package(path) as package:
        collection = package.collection
        assert collection.schema_version == version and package.problems == ()
        assert [note.fields for note in collection.notes] == [("front", "back")]
        assert {deck.name for deck in collection.decks.values()} == {"Default", "Deck"}
        config = collection.deck_configs[1]
        assert (config.new_per_day, config.initial_ease, config.learn_steps) == (15, 2.5, (1.0, 10.0))
