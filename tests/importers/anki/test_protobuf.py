"""The protobuf wire reader: exact on what Google's protobuf runtime writes (Anki's own message
classes, from the `anki` test dependency), and on arbitrary bytes never anything but `DecodeError`."""

from __future__ import annotations

import contextlib
import math

import pytest
from anki.deck_config_pb2 import DeckConfig
from anki.decks_pb2 import Deck
from anki.import_export_pb2 import MediaEntries, PackageMetadata
from anki.notetypes_pb2 import Notetype
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studykit.importers.anki import protobuf
from studykit.importers.anki.errors import DecodeError
from tests.importers.anki.test_bad_input import varint

texts = st.text(st.characters(codec="utf-8"), max_size=200)
uint32 = st.integers(0, 2**32 - 1)
int64 = st.integers(-(2**63), 2**63 - 1)
floats32 = st.floats(width=32, allow_nan=False)


@given(kind=st.sampled_from([0, 1]), sort_field=uint32, css=texts, latex=texts)
def test_note_type_settings_read_as_protobuf_wrote_them(kind: int, sort_field: int, css: str, latex: str) -> None:
    config = Notetype.Config(kind=kind, sort_field_idx=sort_field, css=css, latex_pre=latex)  # type: ignore[arg-type]
    message = protobuf.decode(config.SerializeToString())
    assert (message.uint(1), message.uint(2), message.string(3)) == (kind, sort_field, css)


@given(question=texts, answer=texts, deck=int64)
def test_template_settings(question: str, answer: str, deck: int) -> None:
    config = Notetype.Template.Config(q_format=question, a_format=answer, target_deck_id=deck)
    message = protobuf.decode(config.SerializeToString())
    assert (message.string(1), message.string(2), message.int64(5)) == (question, answer, deck)


@given(config_id=int64, description=texts, filtered=st.booleans())
def test_deck_kind_container(config_id: int, description: str, filtered: bool) -> None:
    if filtered:
        container = Deck.KindContainer(filtered=Deck.Filtered(reschedule=True))
    else:
        container = Deck.KindContainer(normal=Deck.Normal(config_id=config_id, description=description))
    message = protobuf.decode(container.SerializeToString())
    assert message.has(2) == filtered
    if not filtered:
        normal = message.message(1)
        assert (normal.int64(1), normal.string(4)) == (config_id, description)


@given(
    learn=st.lists(floats32, max_size=8),
    relearn=st.lists(floats32, max_size=3),
    new=uint32,
    reviews=uint32,
    ease=floats32,
    maximum=uint32,
    leech=uint32,
)
def test_deck_options(
    learn: list[float], relearn: list[float], new: int, reviews: int, ease: float, maximum: int, leech: int
) -> None:
    config = DeckConfig.Config(
        learn_steps=learn,
        relearn_steps=relearn,
        new_per_day=new,
        reviews_per_day=reviews,
        initial_ease=ease,
        maximum_review_interval=maximum,
        leech_threshold=leech,
    )
    message = protobuf.decode(config.SerializeToString())
    assert list(message.floats(1)) == learn and list(message.floats(2)) == relearn
    assert (message.uint(9), message.uint(10), message.uint(16), message.uint(22)) == (new, reviews, maximum, leech)
    assert message.float32(11) == ease or (math.isnan(ease) and math.isnan(message.float32(11)))


@given(st.lists(st.tuples(texts, uint32, st.binary(min_size=20, max_size=20)), max_size=20))
def test_media_entries(entries: list[tuple[str, int, bytes]]) -> None:
    written = MediaEntries(entries=[MediaEntries.MediaEntry(name=n, size=s, sha1=h) for n, s, h in entries])
    read = [(e.string(1), e.uint(2), e.raw(3)) for e in protobuf.decode(written.SerializeToString()).messages(1)]
    assert read == entries


@pytest.mark.parametrize("version", [0, 1, 2, 3])
def test_package_metadata(version: int) -> None:
    assert protobuf.decode(PackageMetadata(version=version).SerializeToString()).uint(1) == version  # type: ignore[arg-type]


def test_unpacked_floats_repeated_scalars_and_merged_messages() -> None:
    unpacked = b"\x0d\x00\x00\x80\x3f\x0d\x00\x00\x20\x41"  # field 1 fixed32 1.0, then 10.0
    assert protobuf.decode(unpacked).floats(1) == (1.0, 10.0)
    assert protobuf.decode(b"\x08\x01\x08\x02").uint(1) == 2  # the last value of a scalar wins
    merged = protobuf.decode(b"\x0a\x02\x08\x05\x0a\x02\x10\x07").message(1)  # two halves of one message
    assert (merged.uint(1), merged.uint(2)) == (5, 7)
    assert protobuf.decode(b"\x08\xff\xff\xff\xff\x0f").int64(1) == 2**32 - 1
    assert protobuf.decode(b"\x08" + b"\xff" * 9 + b"\x01").int64(1) == -1
    assert protobuf.decode(b"\x08\x03").sint(1) == -2


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\x08", "truncated varint"),
        (b"\x08" + b"\xff" * 9 + b"\x02", "longer than 64 bits"),
        (b"\x00\x01", "invalid field number 0"),
        (b"\x0b", "unsupported wire type 3"),
        (b"\x0a\x05ab", "claims 5 bytes"),
        (b"\x0d\x00\x00", "truncated fixed-size field 1"),
    ],
)
def test_malformed_messages(data: bytes, fragment: str) -> None:
    with pytest.raises(DecodeError, match=fragment):
        protobuf.decode(data)


def test_wrong_types_and_bad_text_are_decode_errors() -> None:
    with pytest.raises(DecodeError, match="field 1 is varint, expected length-delimited"):
        protobuf.decode(b"\x08\x01").string(1)
    with pytest.raises(DecodeError, match="not valid UTF-8"):
        protobuf.decode(b"\x0a\x01\xff").string(1)
    with pytest.raises(DecodeError, match="packed floats"):
        protobuf.decode(b"\x0a\x03abc").floats(1)


def read_every_way(message: protobuf.Message, number: int) -> None:
    """Read field `number` as every type: each read gives a value or raises `DecodeError`."""
    readers = (
        message.uint,
        message.int64,
        message.sint,
        message.boolean,
        message.string,
        message.raw,
        message.message,
        message.messages,
        message.float32,
        message.floats,
    )
    for read in readers:
        with contextlib.suppress(DecodeError):
            read(number)


@st.composite
def well_formed(draw: st.DrawFn) -> bytes:
    """Valid records of any wire type on a few field numbers: every reader meets every type."""
    out = b""
    for _ in range(draw(st.integers(0, 6))):
        number, wire = draw(st.integers(1, 4)), draw(st.sampled_from([0, 1, 2, 5]))
        out += varint(number << 3 | wire)
        if wire == 0:
            out += varint(draw(st.integers(0, 2**64 - 1)))
        elif wire == 2:
            payload = draw(st.binary(max_size=12) | well_formed())
            out += varint(len(payload)) + payload
        else:
            out += draw(st.binary(min_size=8 if wire == 1 else 4, max_size=8 if wire == 1 else 4))
    return out


@settings(max_examples=300)
@given(well_formed(), st.integers(1, 4))
def test_every_reader_on_every_wire_type_reads_or_raises_decode_error(data: bytes, number: int) -> None:
    message = protobuf.decode(data)
    read_every_way(message, number)


@settings(max_examples=400)
@given(st.binary(max_size=300), st.integers(1, 20))
@example(b"\x10\x00", 2)  # a varint read as floats (found by this test)
def test_arbitrary_bytes_decode_or_raise_decode_error(data: bytes, number: int) -> None:
    try:
        message = protobuf.decode(data)
    except DecodeError:
        return
    read_every_way(message, number)
