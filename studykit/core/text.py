"""Text that is safe to show on a terminal or write into a file someone else will open.

User text (deck files, imported notes, a student's name, a file name) is data. A control
character in it is never passed on as one: an ESC starts a terminal escape sequence (set
the window title, write the clipboard with OSC 52, draw a hyperlink with OSC 8, move the
cursor), a carriage return overwrites what was shown, a NUL ends a C string, and XML 1.0
cannot hold most of them at all. Bidirectional overrides make text display in an order
other than the one it is stored in. This module turns every such character into a visible
escape (`\\x1b`, `\\u202e`), so what was there can still be seen, and says which
characters those are, for loaders that reject them with a clear message instead.

Pure: standard library only, no I/O.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidirectional
# embeddings, overrides and isolates. Newline and tab are the two controls text may keep.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE_KEEPING_LINES = re.compile(f"[{_UNSAFE}]")
_UNSAFE_IN_ONE_LINE = re.compile(f"[{_UNSAFE}\n\t]")

_NAMES = {
    "\x00": "NUL", "\x07": "bell", "\x08": "backspace", "\t": "tab", "\n": "newline",
    "\x0b": "vertical tab", "\x0c": "form feed", "\r": "carriage return", "\x1b": "escape",
    "\x7f": "delete", "\x9b": "CSI", "\x9d": "OSC",
}


def escape_character(char: str) -> str:
    """One character as Python writes it in a string literal: `\\x1b`, `\\u202e`."""
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character shown as its escape (`\\x1b[2J` for ESC [2J).

    Newlines and tabs are kept unless `one_line` asks for them escaped too (a message that
    must stay on one line). Text without control characters comes back unchanged, as the
    same object: the common case costs one regex scan.
    """
    pattern = _UNSAFE_IN_ONE_LINE if one_line else _UNSAFE_KEEPING_LINES
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: escape_character(match.group()), text)


def first_control_character(text: str, *, allow_newlines: bool = True) -> str | None:
    """The first character `visible` would escape, or None: for loaders that reject it."""
    pattern = _UNSAFE_KEEPING_LINES if allow_newlines else _UNSAFE_IN_ONE_LINE
    match = pattern.search(text)
    return None if match is None else match.group()


def describe_character(char: str) -> str:
    """`U+001B (escape)`: how an error message names a character that cannot be shown."""
    name = _NAMES.get(char) or unicodedata.name(char, "").lower() or "control character"
    return f"U+{ord(char):04X} ({name})"


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(dumped: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the control characters that
    `json` leaves raw written as `\\uXXXX` escapes: the same data, and safe on a terminal.

    `json` already escapes C0 controls; DEL, C1 controls and the bidirectional and line
    separators pass through it unchanged. Outside strings JSON holds none of them, so every
    match is inside a string, where `\\uXXXX` means the same character.
    """
    if _UNSAFE_IN_JSON.search(dumped) is None:
        return dumped
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)
