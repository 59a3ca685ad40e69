"""The quiz results CSV on disk: header once, whole rows appended, foreign files left alone."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest

from studykit.core.quiz.scoring import Response, score_quiz
from studykit.quiz_results import COLUMNS, ResultsFileError, append_result, check_results_path
from tests.quiz_sample import STARTED, sample_quiz


def attempt(version: str = "A", responses: dict[str, Response] | None = None, seconds: float = 300):  # type: ignore[no-untyped-def]
    quiz = sample_quiz()
    return quiz, score_quiz(quiz.version(version), responses or {}, STARTED, STARTED + dt.timedelta(seconds=seconds))


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_header_once_then_one_row_per_attempt(tmp_path: Path) -> None:
    path = tmp_path / "class.csv"
    quiz, first = attempt("A", {"q-choice": 1, "q-match": (1, 2, 1)})
    append_result(path, quiz, first, "Aynur Məmmədova")
    _, second = attempt("B", {"q-order": (1, 0, 2)}, seconds=61.4)
    append_result(path, quiz, second, "রহিম")
    table = read(path)
    assert path.read_bytes().startswith("\ufeff".encode())
    assert tuple(table[0]) == COLUMNS and len(table) == 3
    one, two = (dict(zip(COLUMNS, row)) for row in table[1:])
    assert one["student"] == "Aynur Məmmədova" and one["quiz"] == "Baku 1918 — test quiz"
    assert (one["score"], one["max_score"], one["percent"], one["duration_s"]) == ("2.33", "8", "29.2", "300")
    assert one["marks"] == "Q1=1;Q2=0;Q3=0;Q4=0;Q5=0.67;Q6=0"
    assert one["timestamp_utc"] == "2026-03-02T09:05:00Z" and one["quiz_file"] == "tests/quiz.yaml"
    assert two["student"] == "রহিম" and two["version"] == "B" and two["duration_s"] == "61"
    assert two["marks"] == "Q1=1;Q2=0;Q3=0;Q4=0;Q5=0;Q6=0"  # version B's numbering: its Q1 is the chronology


def test_marks_follow_the_order_the_student_saw_with_the_question_ids(tmp_path: Path) -> None:
    path = tmp_path / "class.csv"
    quiz = sample_quiz()
    responses: dict[str, Response] = {"q-choice": 1, "q-order": (1, 0, 2), "q-short": "Nuri Pasha"}
    for label, student in (("A", "Aynur"), ("B", "Rəşad")):
        result = score_quiz(quiz.version(label), responses, STARTED, STARTED + dt.timedelta(minutes=5))
        append_result(path, quiz, result, student)
    rows = [dict(zip(COLUMNS, row)) for row in read(path)[1:]]
    for row, label in zip(rows, "AB"):
        ids = [q.id for q in quiz.version(label).questions]
        assert row["questions"] == ";".join(ids)
        marks = dict(item.split("=") for item in row["marks"].split(";"))
        assert list(marks) == [f"Q{n}" for n in range(1, 7)]
        by_id = {question_id: marks[f"Q{n}"] for n, question_id in enumerate(ids, 1)}
        assert by_id == {"q-choice": "1", "q-tf": "0", "q-short": "1", "q-missing": "0", "q-match": "0", "q-order": "1"}
    assert rows[0]["marks"].startswith("Q1=1;Q2=0;Q3=1") and rows[1]["marks"].startswith("Q1=1;Q2=0;Q3=0")


def test_answers_for_the_teacher_to_check_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "class.csv"
    quiz = sample_quiz()
    responses: dict[str, Response] = {"q-short": "Nuri Pahsa", "q-missing": "Bakı"}
    result = score_quiz(quiz.version("B"), responses, STARTED, STARTED + dt.timedelta(minutes=5))
    append_result(path, quiz, result, "Aynur")
    row = dict(zip(COLUMNS, read(path)[1]))
    assert row["check"].startswith("Q4: “Nuri Pahsa” — one letter off")  # version B's Q4
    assert row["marks"].split(";")[2:4] == ["Q3=1", "Q4=0"]  # Bakı for Baku: right, nothing to check


def test_a_results_file_of_an_earlier_studykit_is_not_mixed_with_new_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    old = ("timestamp_utc,student,quiz,version,seed,score,max_score,percent,duration_s,answered,correct,marks,"
           "quiz_file\n")
    path.write_text(old, encoding="utf-8")
    with pytest.raises(ResultsFileError, match=r"earlier studykit.*start a new results file"):
        check_results_path(path)
    assert path.read_text(encoding="utf-8") == old


def test_a_typed_formula_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    quiz, result = attempt()
    append_result(path, quiz, result, '=HYPERLINK("http://x","y")')
    assert read(path)[1][1] == "'=HYPERLINK(\"http://x\",\"y\")"


def test_control_characters_typed_are_stored_as_visible_escapes(tmp_path: Path) -> None:
    """A name typed with a terminal escape (a window title, OSC 52 to the clipboard, a C1
    control) is stored as its escape: the file printed with `cat` does nothing."""
    path = tmp_path / "r.csv"
    quiz, result = attempt()
    append_result(path, quiz, result, "\x1b]0;pwned\x07Ann \x1b]52;c;SGVsbG8=\x07\x9b2J\x00=1")
    data = path.read_bytes().decode("utf-8")
    assert not any(c in data for c in "\x1b\x07\x9b\x00")
    assert read(path)[1][1] == "\\x1b]0;pwned\\x07Ann \\x1b]52;c;SGVsbG8=\\x07\\x9b2J\\x00=1"
    append_result(path, quiz, result, "\x1b=1")
    assert read(path)[2][1] == "\\x1b=1"  # an escape first: no formula either


def test_a_row_cut_short_stays_its_own_row(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    quiz, result = attempt()
    append_result(path, quiz, result, "Ali")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("2026-03-02T09:05:00Z,Half")  # a crash mid-row, no newline
    append_result(path, quiz, result, "Vəli")
    table = read(path)
    assert [row[1] for row in table[1:]] == ["Ali", "Half", "Vəli"]


def test_an_empty_file_gets_the_header(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.touch()
    check_results_path(path)
    quiz, result = attempt()
    append_result(path, quiz, result, "Ali")
    assert tuple(read(path)[0]) == COLUMNS


def test_a_foreign_file_is_never_appended_to(tmp_path: Path) -> None:
    path = tmp_path / "grades.csv"
    path.write_text("name,grade\nAli,5\n", encoding="utf-8")
    with pytest.raises(ResultsFileError, match=r"grades.csv:1: header: not a studykit quiz results file"):
        check_results_path(path)
    quiz, result = attempt()
    with pytest.raises(ResultsFileError, match="header"):
        append_result(path, quiz, result, "Ali")
    assert path.read_text(encoding="utf-8") == "name,grade\nAli,5\n"


def test_paths_that_cannot_be_written(tmp_path: Path) -> None:
    with pytest.raises(ResultsFileError, match="is a directory"):
        check_results_path(tmp_path)
    with pytest.raises(ResultsFileError, match="does not exist"):
        check_results_path(tmp_path / "missing" / "r.csv")
    binary = tmp_path / "r.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ResultsFileError, match="cannot read it"):
        check_results_path(binary)
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            with pytest.raises(ResultsFileError, match="permission denied"):
                check_results_path(locked / "r.csv")
        finally:
            locked.chmod(0o700)


def test_a_failed_write_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.mkdir()
    quiz, result = attempt()
    with pytest.raises(ResultsFileError, match="could not save the results"):
        append_result(path, quiz, result, "Ali")
