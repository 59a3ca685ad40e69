"""The media of imported cards at study time: where a card's file is, and playing a sound.

A sound plays through a player found on the system, in this order: mpv, ffplay, afplay
(macOS), paplay (PulseAudio); none found is said plainly. The player runs detached, its output
discarded, so the review screen never waits for it.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from studykit.core.notecards import NoteCard
from studykit.storage.media import MediaFolder, media_dir

PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("mpv", ("--no-video", "--really-quiet")),
    ("ffplay", ("-nodisp", "-autoexit", "-loglevel", "quiet")),
    ("afplay", ()),
    ("paplay", ()),
)


@dataclass(frozen=True)
class Played:
    """What happened when a sound was asked for: a message to show."""

    ok: bool
    message: str


def media_file(collection_path: Path, card: NoteCard, name: str) -> Path | None:
    """The stored file of one media name the card uses, if it was imported."""
    stored = card.stored_media(name) or name
    return MediaFolder(media_dir(collection_path)).path_of(stored)


def open_file(path: Path | None, name: str) -> Played:
    """Open an image in the system's viewer (xdg-open, open, or Windows' default); never waits."""
    import os
    import sys

    if path is None:
        return Played(False, f"{name}: not in the media folder (it was missing from the package)")
    if sys.platform == "win32":  # pragma: no cover - Windows only
        os.startfile(path)  # type: ignore[attr-defined]
        return Played(True, f"Opened {name}.")
    opener = shutil.which("open" if sys.platform == "darwin" else "xdg-open")
    if opener is None:
        return Played(False, f"No image viewer found; the picture is {path}")
    try:
        subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as error:
        return Played(False, f"could not open {name}: {error.strerror or error}; the picture is {path}")
    return Played(True, f"Opened {name}.")


def find_player() -> tuple[str, tuple[str, ...]] | None:
    for name, options in PLAYERS:
        found = shutil.which(name)
        if found:
            return found, options
    return None


def play(path: Path | None, name: str) -> Played:
    """Start playing the file; never waits for it."""
    if path is None:
        return Played(False, f"{name}: not in the media folder (it was missing from the package)")
    player = find_player()
    if player is None:
        return Played(False, f"No sound player found (install mpv or ffmpeg's ffplay to hear {name}).")
    executable, options = player
    try:
        subprocess.Popen(
            [executable, *options, str(path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError as error:
        return Played(False, f"{Path(executable).name} could not play {name}: {error.strerror or error}")
    return Played(True, f"Playing {name} with {Path(executable).name}.")
