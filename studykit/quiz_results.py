"""The quiz results file: one CSV row per attempt, for a teacher to collect and open in a spreadsheet.

Several students (or one machine used in turn) append to the same file: the header is written
once, when the file is new; each attempt appends one whole row under an exclusive lock, then
flushes and fsyncs, so a crash leaves every earlier row intact. A file whose header is not
ours is never appended to. The file starts with a UTF-8 byte-order mark so spreadsheets read
names like "Məmmədova" or "রহিম" correctly.

Columns: `timestamp_utc` (when the attempt was submitted, ISO 8601), `student`, `quiz`,
`version`, `seed`, `score`, `max_score`, `percent`, `duration_s`, `answered`, `correct`,
`marks`, `questions`, `check` and `quiz_file`.

- `marks`: one entry per question in the order this student saw them, numbered as their
  version numbers them (Q1 is the first question of *their* copy, so a version B row reads
  like the version B sheet): `Q1=1;Q2=0;Q3=0.5`, the share of the question's points earned.
- `questions`: the question ids in that same order (`;`-separated), so that rows of
  different versions can be lined up by question.
- `check`: the answers the machine should not decide alone, for the teacher to look at:
  `Q3: “3 March 1918” — more precise than the key (March 1918) | Q5: ...` (a typo, a partly
  right answer, a description, a date more precise than the key); empty when none.

Text a student typed is kept from being read as a spreadsheet formula, and its control
characters are written as visible escapes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Sequence
from pathlib import Path

from studykit.core.quiz.model import Quiz
from studykit.core.quiz.scoring import QuizResult
from studykit.core.text import visible

try:  # POSIX; elsewhere the appends are still whole rows, only not serialized between processes
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

COLUMNS: tuple[str, ...] = (
    "timestamp_utc", "student", "quiz", "version", "seed", "score", "max_score", "percent",
    "duration_s", "answered", "correct", "marks", "questions", "check", "quiz_file",
)
# The columns of the first results files (marks numbered in version A's order, no check):
# a row of today's kind would not line up under them.
EARLIER_COLUMNS: tuple[str, ...] = (
    "timestamp_utc", "student", "quiz", "version", "seed", "score", "max_score", "percent",
    "duration_s", "answered", "correct", "marks", "quiz_file",
)
BOM = "\ufeff"


class ResultsFileError(Exception):
    """The results file cannot be written: one readable message naming the file."""


def check_results_path(path: Path) -> None:
    """Fail before the quiz starts if the attempt could not be recorded in `path`."""
    if path.is_dir():
        raise ResultsFileError(f"{path}: is a directory, not a results file")
    if path.exists():
        if not os.access(path, os.W_OK):
            raise ResultsFileError(f"{path}: cannot write to it (permission denied)")
        _check_header(path)
        return
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ResultsFileError(f"{path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ResultsFileError(f"{path}: cannot create a file in {parent} (permission denied)")


def _check_header(path: Path) -> None:
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            _check_header_text(path, handle.readline())
    except (OSError, UnicodeDecodeError) as error:
        raise ResultsFileError(f"{path}: cannot read it: {error}") from None


def _check_header_text(path: Path, first_line: str) -> None:
    if not first_line.strip():
        return  # an empty file: the header comes with the first row
    found = next(csv.reader([first_line]), [])
    if tuple(found) == EARLIER_COLUMNS:
        raise ResultsFileError(
            f"{path}:1: header: a results file of an earlier studykit, whose marks are numbered in version A's "
            "order; start a new results file for this quiz"
        )
    if tuple(found) != COLUMNS:
        raise ResultsFileError(
            f"{path}:1: header: not a studykit quiz results file (expected {','.join(COLUMNS)}); "
            "choose another file"
        )


def result_row(quiz: Quiz, result: QuizResult, student: str) -> list[str]:
    """The row of one attempt, every field as text."""
    marks = ";".join(f"Q{n}={_number(r.credit)}" for n, r in enumerate(result.results, 1))
    questions = ";".join(r.question.id for r in result.results)
    check = " | ".join(
        f"Q{n}: “{' '.join(r.given.split())}” — {r.check}" for n, r in enumerate(result.results, 1) if r.check
    )
    finished = result.finished.astimezone(dt.UTC).replace(microsecond=0)
    return [
        finished.isoformat().replace("+00:00", "Z"),
        _cell(student),
        _cell(quiz.title),
        result.version,
        str(quiz.seed),
        _number(result.score),
        _number(result.max_score),
        f"{result.percent:.1f}",
        f"{result.duration_s:.0f}",
        str(result.answered_count),
        str(result.correct_count),
        marks,
        _cell(questions),
        _cell(check),
        _cell(quiz.source_file or ""),
    ]


def append_result(path: Path, quiz: Quiz, result: QuizResult, student: str) -> None:
    """Append the attempt's row (and the header, to a new or empty file); raise `ResultsFileError`."""
    row = _csv_line(result_row(quiz, result, student))
    try:
        with path.open("a+", encoding="utf-8", newline="") as handle:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            handle.seek(0)
            first = handle.readline().removeprefix(BOM)
            _check_header_text(path, first)
            size = handle.seek(0, os.SEEK_END)
            text = row
            if not first.strip():
                text = BOM + _csv_line(list(COLUMNS)) + row if size == 0 else "\n" + _csv_line(list(COLUMNS)) + row
            elif not _ends_with_newline(path, size):
                text = "\n" + row  # a row cut short by a crash stays a row of its own
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise ResultsFileError(f"{path}: could not save the results: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ResultsFileError(f"{path}: not a text file; choose another results file") from None


def _ends_with_newline(path: Path, size: int) -> bool:
    with path.open("rb") as raw:
        raw.seek(max(size - 1, 0))
        return raw.read(1) in (b"\n", b"")


def _csv_line(fields: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)
    return buffer.getvalue()


def _cell(text: str) -> str:
    """Typed text on one line, its control characters shown as escapes (`\x1b]0;...`: a
    name typed with an escape sequence must not act when the file is printed in a terminal),
    and text a spreadsheet would run as a formula starting with an apostrophe instead."""
    text = visible(" ".join(text.split()), one_line=True)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"
