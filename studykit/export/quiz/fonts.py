"""The fonts a printable page embeds, so that it prints the same on any machine.

A quiz's key quotes its sources in their own scripts: Bengali, and Azerbaijani with ə, ğ, ı,
ş. A teacher's machine may have no font for Bengali at all, and a PDF printed there would
show empty boxes. The page therefore carries, as `@font-face` rules with the font data
inline, the Noto Sans subsets its text needs (files and licences in `fonts/`): Latin
always, Latin Extended when the text has a letter of it, Bengali when it has Bengali. Each
rule has its `unicode-range`, so a browser uses it for those letters only.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from importlib import resources

FAMILY = "studykit Noto Sans"  # the embedded family; the page's font stack lists it first


@dataclass(frozen=True)
class _Subset:
    stem: str
    unicode_range: str
    ranges: tuple[tuple[int, int], ...]  # what in a text asks for it ((0, 0x10FFFF): always)


_SUBSETS = (
    _Subset("noto-sans-latin", "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, "
            "U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD", ((0, 0x10FFFF),)),
    _Subset("noto-sans-latin-ext", "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+1E00-1E9F, "
            "U+1EF2-1EFF, U+2C60-2C7F, U+A720-A7FF", ((0x0100, 0x02FF), (0x1E00, 0x1EFF))),
    _Subset("noto-sans-bengali", "U+0951-0952, U+0964-0965, U+0980-09FE, U+200C-200D, U+25CC", ((0x0980, 0x09FF),)),
)
WEIGHTS = (400, 700)


@cache
def _data(name: str) -> str:
    return base64.b64encode(resources.files("studykit.export.quiz").joinpath("fonts", name).read_bytes()).decode()


def font_faces(text: str) -> str:
    """The `@font-face` rules for the subsets `text` needs, with the font data inline."""
    codes = {ord(c) for c in text}
    rules = []
    for subset in _SUBSETS:
        if not any(first <= code <= last for code in codes for first, last in subset.ranges):
            continue
        for weight in WEIGHTS:
            rules.append(
                f"@font-face {{ font-family: \"{FAMILY}\"; font-style: normal; font-weight: {weight}; "
                f"font-display: block; src: url(data:font/woff2;base64,{_data(f'{subset.stem}-{weight}.woff2')}) "
                f"format(\"woff2\"); unicode-range: {subset.unicode_range}; }}"
            )
    return "\n".join(rules)
