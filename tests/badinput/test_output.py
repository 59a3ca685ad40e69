"""What the commands print, whatever the terminal: an encoding that cannot hold a character
(`PYTHONIOENCODING=ascii`, a Latin-1 locale) gets an escape, not a UnicodeEncodeError ending
the command; the user's own query echoed back is shown with its control characters visible."""

from __future__ import annotations

from pathlib import Path

from tests.badinput.harness import run_studykit
from tests.badinput.test_collections import collection


def test_an_encoding_that_cannot_hold_a_character_gets_an_escape(tmp_path: Path) -> None:
    collection()(tmp_path)
    for args in (["stats", "--collection", "collection.sqlite3"], ["browse", "--collection", "collection.sqlite3"]):
        code, out, err, _ = run_studykit(args, cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
        assert code == 0 and "Traceback" not in err and not err.strip(), (args, err)
        assert out.isascii() and "\\u" in out, out[:500]


def test_a_query_echoed_back_shows_its_control_characters(tmp_path: Path) -> None:
    collection()(tmp_path)
    code, out, err, _ = run_studykit(["browse", "--collection", "collection.sqlite3", "\x1b]0;pwned\x07"], cwd=tmp_path)
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert "match \\x1b]0;pwned\\x07" in out
