"""Write a quiz's files all at once, or none of them.

Every file is rendered in memory first (a rendering error writes nothing), then written
into a hidden temporary directory next to where the files go, then moved into place:
- a new output directory is built whole inside the temporary directory and renamed into
  place in one step (missing parent directories included);
- into an existing directory each file is renamed over its target, the old file kept
  aside until all are in, and put back if any move fails.
Any OSError leaves the disk as it was and raises QuizWriteError naming the path and the
reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from studykit.core.quiz.model import Quiz
from studykit.export.quiz import gift, moodle_xml, pdf, printable, qti, tabular
from studykit.export.quiz.common import slug

BASE_FORMATS: tuple[str, ...] = ("html", "md", "gift", "moodle", "qti", "csv", "json")
# PDF only where a Chromium can print it, so `all` never asks for what cannot be made.
FORMATS: tuple[str, ...] = BASE_FORMATS + (("pdf",) if pdf.pdf_engine() else ())


class QuizWriteError(Exception):
    """The quiz files cannot be written: one readable message naming the path and the reason."""


def quiz_files(quiz: Quiz, formats: Iterable[str], *, paper: str = printable.DEFAULT_PAPER) -> dict[str, bytes]:
    """File name → content for the formats asked for, in FORMATS order per request; the
    printable ones (HTML, PDF) on `paper` ("a4" or "letter")."""
    if paper not in printable.PAPERS:
        raise QuizWriteError(f"unknown paper {paper!r}; known: {', '.join(printable.PAPERS)}")
    name = slug(quiz.title)
    files: dict[str, bytes] = {}
    for fmt in dict.fromkeys(formats):
        if fmt not in (*BASE_FORMATS, "pdf"):
            raise QuizWriteError(f"unknown quiz format {fmt!r}; known formats: {', '.join(FORMATS)}")
        if fmt == "html":
            for version in quiz.versions:
                stem = f"{name}-{version.label}"
                files[f"{stem}-student.html"] = printable.student_html(quiz, version, paper=paper).encode()
                files[f"{stem}-key.html"] = printable.key_html(quiz, version, paper=paper).encode()
        elif fmt == "md":
            for version in quiz.versions:
                files[f"{name}-{version.label}-student.md"] = printable.student_markdown(quiz, version).encode()
                files[f"{name}-{version.label}-key.md"] = printable.key_markdown(quiz, version).encode()
        elif fmt == "pdf":
            pages = {}
            for version in quiz.versions:
                pages[f"{name}-{version.label}-student.pdf"] = printable.student_html(quiz, version, paper=paper)
                pages[f"{name}-{version.label}-key.pdf"] = printable.key_html(quiz, version, paper=paper)
            try:
                files.update(pdf.html_to_pdf(pages))
            except pdf.PdfError as error:
                raise QuizWriteError(str(error)) from error
        elif fmt == "gift":
            files[f"{name}.gift"] = gift.quiz_to_gift(quiz).encode()
        elif fmt == "moodle":
            files[f"{name}.moodle.xml"] = moodle_xml.quiz_to_moodle_xml(quiz)
        elif fmt == "qti":
            files[f"{name}.qti.zip"] = _qti_zip(quiz, f"{name}.qti.zip")
        elif fmt == "csv":  # with a byte-order mark, so spreadsheets read the non-Latin text as UTF-8
            files[f"{name}.csv"] = tabular.quiz_to_csv(quiz).encode("utf-8-sig")
        elif fmt == "json":
            files[f"{name}.json"] = tabular.quiz_to_json(quiz).encode()
    return files


def quiz_notes(quiz: Quiz, formats: Iterable[str]) -> list[str]:
    """What the asked-for formats could not hold as they are (warnings for the user)."""
    notes: list[str] = []
    formats = list(formats)
    if "gift" in formats:
        notes += [f"GIFT: {note}" for note in gift.gift_notes(quiz)]
    if "qti" in formats:
        notes += [f"QTI: {note}" for note in qti.qti_notes(quiz)]
    return notes


def write_quiz(
    quiz: Quiz, out_dir: Path, formats: Iterable[str], *, paper: str = printable.DEFAULT_PAPER,
) -> list[Path]:
    """Write the quiz in the formats asked for into out_dir; the paths written, in order."""
    files = quiz_files(quiz, formats, paper=paper)
    if not files:
        return []
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        raise QuizWriteError(f"cannot write the quiz to {out_dir}: it is not a directory")
    if out_dir.is_dir():
        for name in files:
            if (out_dir / name).is_dir():
                raise QuizWriteError(f"cannot write the quiz to {out_dir}: {out_dir / name} is a directory")
        _into_existing(out_dir, files)
    else:
        _into_new(out_dir, files)
    return [out_dir / name for name in files]


def _error(path: Path, error: OSError) -> QuizWriteError:
    reason = error.strerror or str(error)
    where = f" ({error.filename})" if error.filename and str(error.filename) != str(path) else ""
    return QuizWriteError(f"cannot write the quiz to {path}: {reason}{where}")


def _stage(parent: Path, out_dir: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=f".{out_dir.name or 'quiz'}.", suffix=".tmp", dir=parent))
    except OSError as error:
        raise _error(out_dir, error) from error


def _write_all(directory: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        with open(directory / name, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def _into_new(out_dir: Path, files: dict[str, bytes]) -> None:
    top = out_dir  # the highest directory that does not exist yet: it is renamed into place
    while not top.parent.exists() and top.parent != top:
        top = top.parent
    tmp = _stage(top.parent, out_dir)
    try:
        staged = tmp / out_dir.relative_to(top.parent)
        staged.mkdir(parents=True)  # made with the usual permissions (mkdtemp's are private)
        _write_all(staged, files)
        os.rename(tmp / top.name, top)
    except OSError as error:
        raise _error(out_dir, error) from error
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _into_existing(out_dir: Path, files: dict[str, bytes]) -> None:
    tmp = _stage(out_dir, out_dir)
    moved: list[Path] = []  # targets now holding a new file
    kept: dict[Path, Path] = {}  # target → its old file, set aside
    try:
        new = tmp / "new"
        old = tmp / "old"
        new.mkdir()
        old.mkdir()
        _write_all(new, files)
        for name in files:
            target = out_dir / name
            if target.exists() or target.is_symlink():
                os.replace(target, old / name)
                kept[target] = old / name
            os.replace(new / name, target)
            moved.append(target)
    except OSError as error:
        for target in moved:
            with contextlib.suppress(OSError):
                target.unlink()
        for target, aside in kept.items():
            with contextlib.suppress(OSError):
                os.replace(aside, target)
        raise _error(out_dir, error) from error
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _qti_zip(quiz: Quiz, name: str) -> bytes:
    from text2qti.err import Text2qtiError  # type: ignore[import-untyped]

    try:
        return qti.quiz_to_qti_zip(quiz)
    except Text2qtiError as error:
        raise QuizWriteError(f"{name}: text2qti refused the quiz: {error}") from error
