"""How the source screen names a seed document: its title, origin and language.

Read from `seeds/sources.toml`, kept beside the documents; a document missing there is
named by its file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from studykit.tui.service import SourceDoc


def describe_seeds(names: Iterable[str], seeds_dir: Path | None = None) -> dict[str, SourceDoc]:
    from studykit.decks import seeds_dir as default_seeds_dir

    table = _read_table((seeds_dir or default_seeds_dir()) / "sources.toml")
    out = {}
    for name in names:
        entry = table.get(name)
        if not isinstance(entry, dict):
            out[name] = SourceDoc(name, name, "language not recorded")
        else:
            out[name] = SourceDoc(
                name, str(entry.get("title", name)), str(entry.get("language", "language not recorded")),
                origin=str(entry.get("origin", "")),
            )
    return out


def _read_table(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
