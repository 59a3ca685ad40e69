"""`studykit review` as a command: lazy imports, its keymap file, and its errors (exit status 2)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.cli import main
from studykit.cli.common import UserError
from studykit.cli.review import read_keymap
from tests.tui.test_kill import ROOT, Terminal

LOADED = "import sys; {imports}; print(sorted({{m.split('.')[0] for m in sys.modules}} & {{'textual', 'rich'}}))"


@pytest.mark.parametrize("imports", [
    "import studykit.cli; studykit.cli.build_parser()",  # every subcommand's parser: no Textual
    "import studykit.tui.service",  # opens the collection while Textual loads: must not load it
])
def test_textual_is_imported_only_when_the_app_runs(imports: str) -> None:
    result = subprocess.run([sys.executable, "-c", LOADED.format(imports=imports)], capture_output=True,
                            text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_without_a_terminal_review_says_so(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["review", "--collection", "/nonexistent/x.sqlite3"]) == 2
    assert "needs an interactive terminal" in capsys.readouterr().err


def test_a_keymap_file_maps_binding_ids_to_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keymap]\n"review.good" = "g"\n"review.reveal" = "space,enter,r"\n')
    assert read_keymap(keymap) == {"review.good": "g", "review.reveal": "space,enter,r"}
    monkeypatch.setenv("STUDYKIT_KEYMAP", str(keymap))
    assert read_keymap(None) == {"review.good": "g", "review.reveal": "space,enter,r"}
    keymap.write_text('[keymap]\n"review.good" = 3\n')
    with pytest.raises(UserError, match=r'expected a \[keymap\] table of "binding\.id" = "keys" strings'):
        read_keymap(keymap)
    keymap.write_text("[keymap\n")
    with pytest.raises(UserError, match="cannot read the keymap"):
        read_keymap(keymap)
    with pytest.raises(UserError, match="keymap file not found"):
        read_keymap(tmp_path / "missing.toml")


def run_in_terminal(tmp_path: Path, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL")}
    env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT), STUDYKIT_KEYMAP=str(tmp_path / "keymap.toml"))
    (tmp_path / "keymap.toml").write_text("[keymap]\n")
    terminal = Terminal([sys.executable, "-m", "studykit", "review", *args], env)
    try:
        terminal.wait_for(lambda: terminal.process.poll() is not None or "studykit review:" in terminal.text,
                          "the command to stop")
        return terminal.process.wait(timeout=60), terminal.text
    finally:
        if terminal.process.poll() is None:
            os.killpg(terminal.process.pid, signal.SIGKILL)
        os.close(terminal.master)


def test_a_damaged_collection_is_one_message_exit_2_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    path.write_bytes(b"not a database at all")
    status, text = run_in_terminal(tmp_path, "--collection", str(path))
    assert status == 2
    assert "is not a studykit collection" in text
    assert path.read_bytes() == b"not a database at all"


def test_an_unknown_deck_is_one_message_and_exit_2(tmp_path: Path) -> None:
    from studykit.storage import Collection
    from tests.tui.sample import sample_cards

    path = tmp_path / "collection.sqlite3"
    with Collection.open(path) as collection:
        collection.sync(sample_cards())
    status, text = run_in_terminal(tmp_path, "--collection", str(path), "--deck", "nope")
    assert status == 2
    assert "unknown deck 'nope'; known decks: baku, entente" in text
