"""A small valid deck and seed, and the ways to break them, for the bad-input corpus."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

SEED_NAME = "source.txt"
SEED_TEXT = (
    "The Caucasus Islamic Army entered Baku on 15 September 1918 after a long siege. "
    "About 3000 men of the Dunsterforce left the city by sea the night before.\n"
)
QUOTE = "The Caucasus Islamic Army entered Baku on 15 September 1918"

FIELDS = {
    "DECK_NAME": '"Probe deck"',
    "EVENT_ID": '"fall-of-baku-probe"',
    "STATEMENT": '"The Caucasus Islamic Army entered Baku on 15 September 1918."',
    "EVENT_NAME": '"the fall of Baku"',
    "DATE": '"1918-09-15"',
    "QUOTE": f'"{QUOTE}"',
    "VALUE": "3000",
    "LABEL": '"men of the Dunsterforce"',
}

DECK = """\
deck:
  id: probe
  name: DECK_NAME
  description: "A deck for the bad-input corpus."
facts:
  - id: EVENT_ID
    kind: event
    statement: STATEMENT
    name: EVENT_NAME
    date: DATE
    place: "Baku"
    topics: ["battle-of-baku"]
    sources:
      - seed: "source.txt"
        quote: QUOTE
  - id: "dunsterforce-men-probe"
    kind: number
    statement: "About 3000 men of the Dunsterforce left Baku by sea."
    label: LABEL
    value: VALUE
    unit: "men"
    topics: ["battle-of-baku"]
    sources:
      - seed: "source.txt"
        quote: "About 3000 men of the Dunsterforce left the city by sea"
  - id: "siege-of-baku-probe"
    kind: event
    statement: "Baku was under a long siege in the summer of 1918."
    name: "the siege of Baku"
    date: "1918-08"
    place: "Baku"
    topics: ["battle-of-baku"]
    sources:
      - seed: "source.txt"
        quote: "entered Baku on 15 September 1918 after a long siege"
"""


def deck_text(**fields: str) -> str:
    text = DECK
    for key, default in FIELDS.items():
        text = text.replace(key, fields.get(key.lower(), default))
    return text


def write_seeds(tmp: Path, text: bytes | str = SEED_TEXT) -> None:
    seeds = tmp / "seeds"
    seeds.mkdir(exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    (seeds / SEED_NAME).write_bytes(data)


def with_deck(text: str | bytes | None = None, **fields: str) -> Callable[[Path], None]:
    """A setup: seeds, and `decks/probe.yaml` with the fields replaced (or the given text)."""

    def setup(tmp: Path) -> None:
        write_seeds(tmp)
        (tmp / "decks").mkdir()
        content = deck_text(**fields) if text is None else text
        data = content.encode("utf-8") if isinstance(content, str) else content
        (tmp / "decks" / "probe.yaml").write_bytes(data)

    return setup


def with_special_deck(make: Callable[[Path], None]) -> Callable[[Path], None]:
    """A setup: seeds, a valid deck, and `make(decks_dir)` adding something that is not one."""

    def setup(tmp: Path) -> None:
        with_deck()(tmp)
        make(tmp / "decks")

    return setup


def fifo(directory: Path) -> None:
    os.mkfifo(directory / "pipe.yaml")


def link_loop(directory: Path) -> None:
    os.symlink("loop.yaml", directory / "loop.yaml")


def dev_zero(directory: Path) -> None:
    os.symlink("/dev/zero", directory / "zero.yaml")


def sub_directory(directory: Path) -> None:
    (directory / "folder.yaml").mkdir()


def huge_file(directory: Path) -> None:
    with (directory / "huge.yaml").open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: 40 MiB of NULs, no disk used


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
deck: *i
facts: *i
"""

RECURSIVE_ALIAS = deck_text().replace('topics: ["battle-of-baku"]', "topics: &loop [*loop]", 1)
