"""write_quiz: file names, and all or nothing on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studykit.core.quiz.model import Quiz
from studykit.export.quiz import BASE_FORMATS, QuizWriteError, quiz_notes, write_quiz, writer

SLUG = "baku-1918-quiz-baki-samaxi-gence-test-1"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_all_formats_into_a_new_nested_directory(quiz: Quiz, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "quizzes"
    written = write_quiz(quiz, out, BASE_FORMATS)
    names = [p.name for p in written]
    assert names == [
        f"{SLUG}-A-student.html", f"{SLUG}-A-key.html", f"{SLUG}-B-student.html", f"{SLUG}-B-key.html",
        f"{SLUG}-A-student.md", f"{SLUG}-A-key.md", f"{SLUG}-B-student.md", f"{SLUG}-B-key.md",
        f"{SLUG}.gift", f"{SLUG}.moodle.xml", f"{SLUG}.qti.zip", f"{SLUG}.csv", f"{SLUG}.json",
    ]
    assert all(p.parent == out and p.is_file() and p.stat().st_size > 0 for p in written)
    assert sorted(os.listdir(tmp_path)) == ["a"]  # no temporary directory left
    assert sorted(os.listdir(out)) == sorted(names)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~mask  # not the private mode of a temp dir


def test_only_the_formats_asked_for(quiz: Quiz, tmp_path: Path) -> None:
    written = write_quiz(quiz, tmp_path, ["gift", "csv", "gift"])
    assert [p.name for p in written] == [f"{SLUG}.gift", f"{SLUG}.csv"]
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in written)


def test_existing_files_are_replaced_and_others_kept(quiz: Quiz, tmp_path: Path) -> None:
    (tmp_path / f"{SLUG}.json").write_text("old")
    (tmp_path / "notes.txt").write_text("mine")
    write_quiz(quiz, tmp_path, ["json"])
    assert (tmp_path / f"{SLUG}.json").read_text(encoding="utf-8").startswith("{")
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert sorted(os.listdir(tmp_path)) == sorted([f"{SLUG}.json", "notes.txt"])


def test_unknown_format_writes_nothing(quiz: Quiz, tmp_path: Path) -> None:
    with pytest.raises(QuizWriteError, match=r"unknown quiz format 'docx'.*html, md, gift"):
        write_quiz(quiz, tmp_path / "out", ["html", "docx"])
    assert os.listdir(tmp_path) == []


def test_a_file_in_the_way_is_a_clear_error(quiz: Quiz, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(QuizWriteError, match=r"cannot write the quiz to .*file/out: Not a directory"):
        write_quiz(quiz, blocker / "out", BASE_FORMATS)
    with pytest.raises(QuizWriteError, match="it is not a directory"):
        write_quiz(quiz, blocker, BASE_FORMATS)
    assert sorted(os.listdir(tmp_path)) == ["file"]


def test_a_directory_named_like_an_output_is_not_touched(quiz: Quiz, tmp_path: Path) -> None:
    (tmp_path / f"{SLUG}.gift").mkdir()
    (tmp_path / f"{SLUG}.gift" / "keep").write_text("x")
    with pytest.raises(QuizWriteError, match="is a directory"):
        write_quiz(quiz, tmp_path, ["csv", "gift"])
    assert _tree(tmp_path) == {f"{SLUG}.gift/keep": b"x"}


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, which not even root can write")
def test_an_unwritable_place_is_a_clear_error(quiz: Quiz) -> None:
    with pytest.raises(QuizWriteError, match="cannot write the quiz to /proc/studykit-quiz-test"):
        write_quiz(quiz, Path("/proc/studykit-quiz-test"), ["json"])


def test_a_failure_midway_puts_everything_back(quiz: Quiz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fails on the third move into place: the two files already moved are undone."""
    for name in (f"{SLUG}.gift", f"{SLUG}.csv"):
        (tmp_path / name).write_text(f"old {name}")
    before = _tree(tmp_path)
    real_replace = os.replace
    calls = {"into place": 0}

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).parent == tmp_path:
            calls["into place"] += 1
            if calls["into place"] == 3:
                raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    with pytest.raises(QuizWriteError, match="No space left on device"):
        write_quiz(quiz, tmp_path, ["gift", "moodle", "csv", "json"])
    assert _tree(tmp_path) == before
    assert sorted(os.listdir(tmp_path)) == sorted(before)  # no temporary directory either


def test_a_failure_on_a_new_directory_leaves_nothing(
    quiz: Quiz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(writer.os, "rename", failing_rename)
    with pytest.raises(QuizWriteError, match="Permission denied"):
        write_quiz(quiz, tmp_path / "new" / "dir", BASE_FORMATS)
    assert os.listdir(tmp_path) == []


def test_notes_name_what_a_format_changed(quiz: Quiz) -> None:
    assert quiz_notes(quiz, ["gift", "html"]) == []
    notes = quiz_notes(quiz, ["qti"])
    assert notes and all(n.startswith("QTI: question ") for n in notes)
