"""A small reader for the protobuf wire format: just enough for the few messages Anki stores.

Anki keeps its package metadata, its media list and (from schema 15 on) note types, decks and
deck options as protobuf blobs. studykit needs a handful of their fields, so instead of a
protobuf runtime and Anki's AGPL `.proto` files it decodes the wire format itself: a message is
a sequence of (field number, wire type, value) records, and `Message` gives typed access to the
fields a caller asks for by number. The field numbers used are written down, with their
meaning, where they are read (`package.py`, `schema.py`).

Decoding follows protobuf's rules for what a reader may see: a scalar field repeated keeps its
last value, an embedded message repeated is merged (parsing the concatenated bytes is exactly
that merge), a repeated number field may be packed or not, and unknown fields are skipped.
Anything malformed (a truncated varint or record, a length past the end, a field number 0, a
group or an unknown wire type, a string that is not UTF-8, a field of the wrong wire type)
raises `DecodeError`; nothing else escapes on any input.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from studykit.importers.anki.errors import DecodeError

VARINT = 0
FIXED64 = 1
LENGTH_DELIMITED = 2
FIXED32 = 5

_MAX_FIELD_NUMBER = (1 << 29) - 1
_UINT64 = 1 << 64
_WIRE_NAMES = {VARINT: "varint", FIXED64: "fixed64", LENGTH_DELIMITED: "length-delimited", FIXED32: "fixed32"}

Value = int | bytes


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """The varint starting at `pos` and the position after it (at most 10 bytes, ≤ 2**64 − 1)."""
    result = 0
    shift = 0
    end = len(data)
    while True:
        if pos >= end:
            raise DecodeError(f"protobuf: truncated varint at byte {pos}")
        byte = data[pos]
        pos += 1
        if shift == 63 and byte > 1:
            raise DecodeError(f"protobuf: varint longer than 64 bits ending at byte {pos}")
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def iter_records(data: bytes) -> Iterator[tuple[int, int, Value]]:
    """Every (field number, wire type, value) record of a message, in order.

    Varints come as ints, fixed32/fixed64 and length-delimited values as their raw bytes.
    """
    pos = 0
    end = len(data)
    while pos < end:
        key, pos = read_varint(data, pos)
        number = key >> 3
        wire = key & 7
        if number == 0 or number > _MAX_FIELD_NUMBER:
            raise DecodeError(f"protobuf: invalid field number {number} at byte {pos}")
        value: Value
        if wire == VARINT:
            value, pos = read_varint(data, pos)
        elif wire == LENGTH_DELIMITED:
            length, pos = read_varint(data, pos)
            if length > end - pos:
                raise DecodeError(f"protobuf: field {number} claims {length} bytes, {end - pos} remain")
            value = data[pos : pos + length]
            pos += length
        elif wire in (FIXED64, FIXED32):
            size = 8 if wire == FIXED64 else 4
            if size > end - pos:
                raise DecodeError(f"protobuf: truncated fixed-size field {number} at byte {pos}")
            value = data[pos : pos + size]
            pos += size
        else:
            raise DecodeError(f"protobuf: unsupported wire type {wire} for field {number}")
        yield number, wire, value


def decode(data: bytes) -> Message:
    """Decode one message's records (not yet interpreted: that happens when a field is asked for)."""
    if not isinstance(data, bytes):
        data = bytes(data)
    fields: dict[int, list[tuple[int, Value]]] = {}
    for number, wire, value in iter_records(data):
        fields.setdefault(number, []).append((wire, value))
    return Message(fields)


class Message:
    """The records of one decoded message, read by field number with the type the caller expects."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict[int, list[tuple[int, Value]]] | None = None) -> None:
        self._fields = fields or {}

    def __repr__(self) -> str:
        return f"Message({sorted(self._fields)})"

    def has(self, number: int) -> bool:
        return number in self._fields

    def _values(self, number: int, wire: int) -> list[Value]:
        records = self._fields.get(number, ())
        for found, _ in records:
            if found != wire:
                raise DecodeError(
                    f"protobuf: field {number} is {_WIRE_NAMES.get(found, found)}, expected {_WIRE_NAMES[wire]}"
                )
        return [value for _, value in records]

    def _last(self, number: int, wire: int) -> Value | None:
        values = self._values(number, wire)
        return values[-1] if values else None

    # --- varint scalars -------------------------------------------------------------------

    def uint(self, number: int, default: int = 0) -> int:
        """uint32/uint64 (and enums read as their number)."""
        value = self._last(number, VARINT)
        return default if value is None else int(value)

    def int64(self, number: int, default: int = 0) -> int:
        """int64/int32: two's complement in 64 bits (negative int32 are sign-extended too)."""
        value = self._last(number, VARINT)
        if value is None:
            return default
        assert isinstance(value, int)
        value &= _UINT64 - 1
        return value - _UINT64 if value >= 1 << 63 else value

    def sint(self, number: int, default: int = 0) -> int:
        """sint32/sint64: zigzag encoded."""
        value = self._last(number, VARINT)
        if value is None:
            return default
        assert isinstance(value, int)
        return (value >> 1) ^ -(value & 1)

    def boolean(self, number: int, default: bool = False) -> bool:
        value = self._last(number, VARINT)
        return default if value is None else value != 0

    # --- length-delimited -----------------------------------------------------------------

    def raw(self, number: int, default: bytes = b"") -> bytes:
        """A `bytes` field."""
        value = self._last(number, LENGTH_DELIMITED)
        return default if value is None else bytes(value)

    def string(self, number: int, default: str = "") -> str:
        value = self._last(number, LENGTH_DELIMITED)
        if value is None:
            return default
        assert isinstance(value, bytes)
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as error:
            raise DecodeError(f"protobuf: field {number} is not valid UTF-8 ({error.reason})") from None

    def message(self, number: int) -> Message:
        """An embedded message; absent gives an empty message (every field at its default)."""
        values = self._values(number, LENGTH_DELIMITED)
        if not values:
            return Message()
        return decode(values[0] if len(values) == 1 else b"".join(values))  # type: ignore[arg-type]

    def messages(self, number: int) -> list[Message]:
        """A repeated embedded message, each occurrence one element."""
        return [decode(value) for value in self._values(number, LENGTH_DELIMITED)]  # type: ignore[arg-type]

    # --- numbers in fixed width -----------------------------------------------------------

    def float32(self, number: int, default: float = 0.0) -> float:
        value = self._last(number, FIXED32)
        return default if value is None else struct.unpack("<f", value)[0]  # type: ignore[arg-type]

    def floats(self, number: int) -> tuple[float, ...]:
        """A repeated float, packed (one length-delimited record) or not (fixed32 records)."""
        result: list[float] = []
        for wire, value in self._fields.get(number, ()):
            if wire == FIXED32:
                assert isinstance(value, bytes)
                result.append(struct.unpack("<f", value)[0])
            elif wire == LENGTH_DELIMITED:
                assert isinstance(value, bytes)
                if len(value) % 4:
                    raise DecodeError(f"protobuf: packed floats of field {number} are {len(value)} bytes long")
                result.extend(struct.unpack(f"<{len(value) // 4}f", value))
            else:
                raise DecodeError(f"protobuf: field {number} is {_WIRE_NAMES.get(wire, wire)}, expected floats")
        return tuple(result)
