"""`studykit import`, `studykit imports` and `studykit imports remove`: summaries, JSON, bad input (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.cli import main

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "anki-decks"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared Anki packages are not at {SHARED}")


def test_the_summary_names_decks_note_types_media_and_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    collection = tmp_path / "c.sqlite3"
    assert main(["import", str(SHARED / "04_ankidroid_templates.apkg"), "--collection", str(collection)]) == 0
    out = capsys.readouterr().out
    assert "48 notes, 146 cards (146 added)" in out
    assert "scheduling of the added cards: 131 new, 15 learning" in out
    assert "1-TEMPLATES::Anatomy" in out and "Muscle" in out
    assert "note type 'Muscle'" in out  # a note type Anki would reject: one line, named
    assert "its 95 cards are imported as Anki shows them" in out and "its 1 card is imported" in out
    assert "missing media:" in out and "'1-TEMPLATES::Anatomy'" in out


def test_json_gives_every_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    collection = tmp_path / "c.sqlite3"
    files = [str(SHARED / "02_anki-pylib_update1.apkg"), str(SHARED / "03_anki-pylib_update2.apkg")]
    assert main(["import", *files, "--collection", str(collection), "--json"]) == 0
    first, second = json.loads(capsys.readouterr().out)
    assert (first["added"], second["added"], second["updated"]) == (1, 0, 1)
    assert first["source"] == second["source"] and first["decks"] == [{"name": "Default", "cards": 1}]
    assert main(["imports", "--collection", str(collection), "--json"]) == 0
    (listing,) = json.loads(capsys.readouterr().out)
    assert listing["imports"] == 2 and listing["file"].endswith("03_anki-pylib_update2.apkg")


def test_remove_asks_unless_yes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    collection = tmp_path / "c.sqlite3"
    assert main(["import", str(SHARED / "06_mnemosyne_anki1.apkg"), "--collection", str(collection)]) == 0
    capsys.readouterr()
    assert main(["imports", "--collection", str(collection), "remove", "Deck 1"]) == 2  # no terminal: refused
    assert "--yes" in capsys.readouterr().err
    assert main(["imports", "--collection", str(collection), "remove", "Deck 1", "--yes"]) == 0
    assert "7 cards retired" in capsys.readouterr().out
    assert main(["imports", "--collection", str(collection)]) == 0
    assert "removed" in capsys.readouterr().out


def test_the_listing_counts_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    collection = tmp_path / "c.sqlite3"
    assert main(["import", str(SHARED / "02_anki-pylib_update1.apkg"), "--collection", str(collection)]) == 0
    assert "1 note, 1 card (1 added)" in capsys.readouterr().out
    assert main(["imports", "--collection", str(collection)]) == 0
    out = capsys.readouterr().out
    assert "1 note, 1 card, 0 media missing, 0 reviews" in out and "Default  (1 card)" in out


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"definitely not a zip", "not"),
])
def test_a_bad_package_is_one_line_exit_2_no_traceback(content: bytes, message: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.apkg"
    bad.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "studykit", "import", str(bad), "--collection", str(tmp_path / "c.sqlite3")],
        check=False, capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "broken.apkg" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_file_that_is_no_package_is_refused_before_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "deck.txt"
    other.write_text("x")
    assert main(["import", str(other), "--collection", str(tmp_path / "c.sqlite3")]) == 2
    assert "not an Anki package" in capsys.readouterr().err
    assert not (tmp_path / "c.sqlite3").exists()


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    import io

    from studykit.cli.importing import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet = io.StringIO()
    ProgressBar("deck.apkg", quiet)("cards", 5, 10)
    assert quiet.getvalue() == ""
    screen = Terminal()
    bar = ProgressBar("deck.apkg", screen)
    bar("media", 10, 10)
    bar.clear()
    assert "deck.apkg media" in screen.getvalue() and "10/10" in screen.getvalue()
    assert screen.getvalue().endswith("\r\x1b[K")


@pytest.mark.parametrize("columns", [120, 80, 60, 40])
def test_the_progress_bar_fits_the_terminal(columns: int) -> None:
    """A line longer than the terminal wraps, and each redraw (`\\r`) leaves a line behind."""
    import io

    from studykit.cli.importing import ProgressBar
    from studykit.importers.anki.html_text import display_width

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = ProgressBar("22_kedarmhaswade_collection_cloze_a_long_name.apkg", screen, columns=columns)
    bar("history", 13552, 13552)
    drawn = screen.getvalue().removeprefix("\r").removesuffix("\x1b[K")
    assert display_width(drawn) < columns and "13552/13552" in drawn
