"""`studykit export anki`: the command, its errors (nothing half-written), its time stamps,
its progress bar, and markup and scripts in user text."""

from __future__ import annotations

import os
import pty
import re
import select
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from studykit.cli import main
from tests.conftest import ROOT
from tests.export.anki_support import import_package, open_collection, text_of

PINNED = "1700000000"


def note_times(path: Path) -> set[int]:
    with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory() as tmp:
        connection = sqlite3.connect(package.extract("collection.anki2", tmp))
        try:
            return {row[0] for row in connection.execute("SELECT DISTINCT mod FROM notes")}
        finally:
            connection.close()


def test_export_writes_a_package_and_says_what_is_in_it(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED)
    out = tmp_path / "baku.apkg"
    assert main(["export", "anki", str(out), "--deck", "baku-1918-people", "--types", "cloze", "qa"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"Wrote {out}: ")
    assert "studykit: cloze:" in printed and "studykit: question and answer:" in printed
    assert "multiple choice" not in printed
    assert note_times(out) == {int(PINNED)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baku.apkg"]  # no temporary file left
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file, not a private temp file


def test_each_export_is_stamped_later_than_the_package_it_replaces(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "decks.apkg"
    args = ["export", "anki", str(out), "--deck", "entente-1919-1921-people", "--types", "qa"]
    assert main(args) == 0
    (first,) = note_times(out)
    assert main(args) == 0  # within the same second, most likely
    (second,) = note_times(out)
    assert second > first


@pytest.mark.parametrize("problem", [
    "unknown deck", "missing directory", "parent is a file", "out is a directory", "no cards", "not apkg",
])
def test_bad_input_is_one_message_and_leaves_no_partial_file(problem: str, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED)
    (tmp_path / "notes.txt").write_text("not a directory", encoding="utf-8")
    (tmp_path / "existing.apkg").mkdir()
    out, message = {
        "unknown deck": (tmp_path / "out.apkg", "unknown deck 'baku-1919'; known decks: baku-1918-events"),
        "missing directory": (tmp_path / "missing" / "out.apkg", "cannot write: No such file or directory"),
        "parent is a file": (tmp_path / "notes.txt" / "out.apkg", "cannot write: Not a directory"),
        "out is a directory": (tmp_path / "existing.apkg", "is a directory"),
        "no cards": (tmp_path / "out.apkg", "no chronology cards in baku-1918-people; nothing written"),
        "not apkg": (tmp_path / "out.zip", "an Anki package must end in .apkg"),
    }[problem]
    deck = {"unknown deck": "baku-1919", "no cards": "baku-1918-people"}.get(problem, "baku-1918-events")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["export", "anki", str(out), "--deck", deck, "--types", "chronology"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("studykit export: ") and message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_failed_export_keeps_the_previous_package(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED)
    out = tmp_path / "decks.apkg"
    assert main(["export", "anki", str(out), "--deck", "baku-1918-people", "--types", "qa"]) == 0
    before = out.read_bytes()
    assert main(["export", "anki", str(out), "--deck", "no-such-deck"]) == 2
    assert out.read_bytes() == before


def test_a_deck_is_named_by_its_name_or_anki_name_in_any_case(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED)
    by_id, by_name = tmp_path / "by-id.apkg", tmp_path / "by-name.apkg"
    assert main(["export", "anki", str(by_id), "--deck", "baku-1918-people", "--types", "qa"]) == 0
    deck_name = "baku 1918 :: PEOPLE, forces and places"
    assert main(["export", "anki", str(by_name), "--deck", deck_name, "--types", "qa"]) == 0
    printed = capsys.readouterr().out.replace(str(by_name), "OUT").replace(str(by_id), "OUT")
    first, second = printed.split("Wrote ")[1:]
    assert first == second  # the same notes and cards in the same decks


def test_card_types_left_out_of_anki_are_refused_by_name(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "anki", str(tmp_path / "x.apkg"), "--types", "truefalse"])
    assert exit_info.value.code == 2
    assert "truefalse cards are not exported to Anki" in capsys.readouterr().err
    assert not (tmp_path / "x.apkg").exists()


def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """Run in a real pseudo-terminal: the bar is drawn on stderr and ends at 100%."""
    out = tmp_path / "all.apkg"
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "studykit", "export", "anki", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=slave, env={**os.environ, "SOURCE_DATE_EPOCH": PINNED},
    )
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    stdout, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    text = shown.decode("utf-8")
    assert re.search(r"\[#{30}\] 100%  [\d,]+/[\d,]+ notes", text)
    assert text.count("\r") > 2  # drawn as it goes, on one line
    assert b"Wrote" in stdout


TRICKY_SEED = "Preface. নুরি পাশা <script>alert(1)</script> & Co. took Baku. Tail.\n"
TRICKY_DECK = """
deck:
  id: tricky
  name: "Tricky <deck> & co"
  anki_id: 1234567890
  description: "Markup <i>in</i> a description."
facts:
  - id: tricky-fall
    kind: event
    statement: "The <b>fall</b> of Baku & its \\"liberation\\" {{c1::x}} came on 15 September 1918."
    name: "the <b>fall</b> of Baku"
    date: "1918-09-15"
    place: "Baku"
    topics: [battle-of-baku]
    sources:
      - seed: x.txt
        quote: "নুরি পাশা <script>alert(1)</script> & Co."
  - id: tricky-other
    kind: event
    statement: "The Ottoman army reached Ganja in June 1918."
    name: "the arrival of the Ottoman army at Ganja"
    date: "1918-06"
    place: "Ganja"
    topics: [battle-of-baku]
    sources:
      - seed: x.txt
        quote: "& Co. took Baku."
"""


def test_markup_in_user_text_is_escaped_and_scripts_arrive_intact(
    tmp_path: Path, deck_dir, monkeypatch, capsys,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "x.txt").write_text(TRICKY_SEED, encoding="utf-8")
    (seeds / "sources.toml").write_text(
        textwrap.dedent("""
        ["x.txt"]
        title = "A <test> document"
        language = "Bengali"
        language_code = "bn"
        """), encoding="utf-8")
    decks = deck_dir(tricky=TRICKY_DECK)
    out = tmp_path / "tricky.apkg"
    code = main(["export", "anki", str(out), "--decks-dir", str(decks), "--seeds-dir", str(seeds)])
    assert code == 0, capsys.readouterr().err
    col = open_collection(tmp_path / "col")
    try:
        log = import_package(col, out)
        assert len(log.new) == col.note_count() > 0 and len(log.empty_first_field) == 0
        assert "Tricky <deck> & co" in {d.name for d in col.decks.all_names_and_ids()}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            for name, value in note.items():
                assert "<script" not in value and "<b>" not in value, (name, value)
            for card in note.cards():
                front, back = card.question(), card.answer()
                assert "<script" not in front + back and "<b>fall" not in front + back
                assert text_of(front)
                tricky = note["FactId"] == "tricky-fall"
                quote = "নুরি পাশা <script>alert(1)</script> & Co." if tricky else "& Co. took Baku."
                assert quote in text_of(back)
                assert "A <test> document (Bengali)" in text_of(back)
        (cloze_id,) = col.find_notes('"note:studykit: cloze" "FactId:tricky-fall"')
        cloze = col.get_note(cloze_id)
        assert len(cloze.card_ids()) == 2  # date and place: the literal {{c1::x}} makes no card
        for card in cloze.cards():
            assert "{{c1::x}}" in text_of(card.answer())
            assert 'The <b>fall</b> of Baku & its "liberation"' in text_of(card.answer())
    finally:
        col.close()
