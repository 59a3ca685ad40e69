"""`studykit quiz`: list, build (JSON and files), take's checks, and bad input as exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.cli import main
from tests.bundled import real_generation
from tests.conftest import ROOT


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["quiz", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_the_bundled_quiz(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"id": "battle-of-baku-1918", "title": "The Battle of Baku, 1918", "questions": 20, "versions": 2},
    ]
    code, out, _ = _run(capsys, "list")
    assert code == 0 and "battle-of-baku-1918" in out and "20 questions" in out


def test_build_json_is_the_same_for_the_same_seed(capsys: pytest.CaptureFixture[str]) -> None:
    """Seeds 0 and 7, whose cards other tests make: the first build and the other seed's reuse
    them (tests/bundled.py); the second build generates its cards again."""
    code, first, _ = _run(capsys, "build", "--topic", "battle-of-baku", "--versions", "2", "--seed", "0", "--json")
    assert code == 0
    quiz = json.loads(first)
    assert [v["label"] for v in quiz["versions"]] == ["A", "B"]
    assert len(quiz["versions"][0]["questions"]) == 20
    with real_generation():
        again = _run(capsys, "build", "--topic", "battle-of-baku", "--versions", "2", "--seed", "0", "--json")[1]
    assert again == first
    assert _run(capsys, "build", "--topic", "battle-of-baku", "--versions", "2", "--seed", "7", "--json")[1] != first


def test_options_override_the_quiz_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "build", "battle-of-baku-1918", "--versions", "3", "--title", "Friday",
        "-n", "12", "--types", "choice=2,truefalse=1", "--points", "choice=2", "--json",
    )
    assert code == 0, out
    quiz = json.loads(out)
    assert quiz["title"] == "Friday" and len(quiz["versions"]) == 3
    questions = quiz["versions"][0]["questions"]
    assert len(questions) == 12
    assert {q["id"] for q in questions} >= {"battle-of-baku-1918:1", "battle-of-baku-1918:2", "battle-of-baku-1918:3"}
    assert {q["points"] for q in questions if q["type"] == "choice"} == {2.0}  # hand-written ones too
    assert quiz["settings"]["points"]["matching"] == 4  # the file's points are kept where not overridden


def test_build_writes_files_through_the_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "friday"
    code, out, err = _run(
        capsys, "build", "--topic", "battle-of-baku", "--versions", "2", "--format", "json", "--out", str(out_dir),
    )
    assert code == 0, err
    written = [Path(line.strip()) for line in out.splitlines()[1:]]
    assert written and all(p.is_file() for p in written)
    assert all(out_dir in p.parents or p.parent == out_dir for p in written)


def test_a_quiz_on_a_deck_is_titled_with_the_deck_s_name(capsys: pytest.CaptureFixture[str]) -> None:
    for deck in ("baku-1918-people", "BAKU 1918::people, forces and places"):
        code, out, err = _run(capsys, "build", "--deck", deck, "-n", "5", "--json")
        assert code == 0, err
        assert json.loads(out)["title"] == "Quiz: Baku 1918: people, forces and places"


def test_build_says_what_a_format_had_to_change(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "build", "battle-of-baku-1918", "--format", "qti", "--out", str(tmp_path / "lms"))
    assert code == 0, err
    assert "note: QTI: question" in err and "matching exported as" in err and "chronology exported as" in err
    assert (tmp_path / "lms" / "the-battle-of-baku-1918.qti.zip").is_file()


@pytest.mark.parametrize(("argv", "message"), [
    (["build", "--topic", "no-such-topic"], "unknown topic 'no-such-topic'; known topics:"),
    (["build", "--deck", "nope"], "unknown deck 'nope'"),
    (["build", "--kind", "battle"], "unknown kind 'battle'"),
    (
        ["build", "--topic", "battle-of-baku", "--types", "chronology=99"],
        "questions of type chronology available (asked for 99)",
    ),
    (["build", "--topic", "mudros", "-n", "20"], "only"),
    (["build", "--types", "essay=3"], "--types: 'essay=3': expected TYPE=NUMBER"),
    (["build", "--points", "choice=lots"], "--points: 'choice=lots': 'lots' is not a number"),
    (["build", "--from", "1918-13"], "--from: '1918-13' has no month 13"),
    (["build", "--format", "docx"], "--format: unknown format 'docx'"),
    (["build", "--out", "/proc/no-such-dir"], "--out /proc/no-such-dir: "),
    (["build", "no-such-quiz"], "unknown quiz 'no-such-quiz'"),
    (["build", "--versions", "30"], "versions must be between 1 and 26"),
    (["take", "--version", "C"], "--version C: this quiz has version A"),
    (["take", "--time-limit", "0"], "--time-limit: must be more than 0 minutes"),
    ([], "say what to do: studykit quiz list | build | take"),
])
def test_bad_input_is_one_message_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert err.startswith("studykit quiz: ") and message in err, err
    assert "Traceback" not in err and out == ""


def test_a_broken_quiz_file_names_file_line_and_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("quiz:\n  title: Broken\npicks:\n  - fact: no-such-fact\n", encoding="utf-8")
    code, _, err = _run(capsys, "build", str(path), "--json")
    assert code == 2
    assert "broken.yaml:4: picks[0].fact: unknown fact id 'no-such-fact'" in err


def test_an_unwritable_out_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = _run(capsys, "build", "--out", str(blocker / "quiz"))
    assert code == 2 and "is not a directory" in err
    code, _, err = _run(capsys, "build", "--out", str(blocker))
    assert code == 2 and "exists and is not a directory" in err
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        code, _, err = _run(capsys, "build", "--out", str(locked / "quiz"))
        assert code == 2 and "is not writable" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a-file"] + (["locked"] if os.geteuid() != 0 else []))


def test_the_real_command_in_a_subprocess(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run(
        [sys.executable, "-m", "studykit", "quiz", "build", "battle-of-baku-1918", "--json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False,
    )
    assert ok.returncode == 0, ok.stderr
    quiz = json.loads(ok.stdout)
    assert quiz["title"] == "The Battle of Baku, 1918" and len(quiz["versions"]) == 2
    bad = subprocess.run(
        [sys.executable, "-m", "studykit", "quiz", "build", "--topic", "battle-of-baku", "-n", "500"],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.count("\n") == 1 and "available by type" in bad.stderr
    assert list(tmp_path.iterdir()) == []


def test_paper_sets_the_page_size_of_the_printable_copies(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for paper, size in ((None, "A4"), ("letter", "letter"), ("a4", "A4")):
        out_dir = tmp_path / (paper or "default")
        code, _, err = _run(capsys, "build", "battle-of-baku-1918", "--format", "html", "--out", str(out_dir),
                            *(["--paper", paper] if paper else []))
        assert code == 0, err
        pages = sorted(out_dir.glob("*.html"))
        assert len(pages) == 4  # two versions, a student copy and a key each
        for page in pages:
            assert f"@page {{ size: {size};" in page.read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as refused:  # argparse's own message, exit status 2
        main(["quiz", "build", "--paper", "a3"])
    assert refused.value.code == 2
    assert "invalid choice: 'a3'" in capsys.readouterr().err
