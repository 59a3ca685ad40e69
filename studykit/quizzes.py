"""Reading teacher-written quiz files (`decks/quizzes/*.yaml`) from disk.

The adapter around `core.quiz.authoring`, as `studykit.decks` is around `core.facts`: the
same safe YAML loader and the same line-keeping, so each problem reads
`file:line: field: message`. Quiz files live beside the decks, so they ship wherever the
decks do (the wheel force-includes `decks/`, `quizzes/` with it).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from studykit.core.facts import Deck
from studykit.core.quiz.authoring import Known, QuizFile, parse_quiz_file
from studykit.decks import _line_for, decks_dir, read_seed_info
from studykit.files import FileProblem, FileReadError, YamlError, load_yaml, read_text_file, shown_path

SUFFIXES = (".yaml", ".yml")


class QuizLoadError(Exception):
    """Raised with every problem found in a quiz file, so an author sees them all at once."""

    def __init__(self, problems: list[FileProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def quizzes_dir(decks_directory: Path | None = None) -> Path:
    """`quizzes/` inside the decks directory (bundled, $STUDYKIT_DECKS, or --decks-dir)."""
    return (decks_directory or decks_dir()) / "quizzes"


def known_from(decks: Iterable[Deck], seeds: Mapping[str, str]) -> Known:
    facts = [f for d in decks for f in d.facts]
    return Known(
        fact_ids=frozenset(f.id for f in facts),
        topics=frozenset(t for f in facts for t in f.topics),
        decks=frozenset(d.id for d in decks),
        seeds=seeds,
    )


def read_quiz_file(path: Path, known: Known) -> QuizFile:
    """Read and check one quiz file; raises QuizLoadError listing every problem."""
    name = shown_path(path)
    try:
        document = load_yaml(read_text_file(path, shown_as=name), name)
    except FileReadError as error:
        raise QuizLoadError([error.problem]) from None
    except YamlError as error:
        raise QuizLoadError(error.problems) from None
    data, lines = document.data, document.lines
    problems: list[FileProblem] = []
    quiz, found = parse_quiz_file(data, stem=path.stem, known=known)
    problems += [FileProblem(name, _line_for(p.where, lines) or 1, p.where, p.message) for p in found]
    if problems or quiz is None:
        raise QuizLoadError(problems)
    return quiz


def quiz_paths(directory: Path) -> list[Path]:
    if not os.path.isdir(directory):
        return []
    try:  # a pipe or a device named *.yaml is listed, and refused when read
        return sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES and not p.is_dir())
    except OSError as error:
        raise QuizLoadError(
            [FileProblem(str(directory), None, "", f"cannot read: {error.strerror or error}")]
        ) from None


def load_quizzes(directory: Path, known: Known) -> list[QuizFile]:
    """Every quiz file in the directory, checked; raises QuizLoadError listing every problem."""
    quizzes, problems = [], []
    for path in quiz_paths(directory):
        try:
            quizzes.append(read_quiz_file(path, known))
        except QuizLoadError as error:
            problems += error.problems
    if problems:
        raise QuizLoadError(problems)
    return quizzes


def find_quiz(name: str, directory: Path, known: Known) -> QuizFile:
    """A quiz file given by path, or by id (its file stem) in the quizzes directory."""
    path = Path(name)
    if path.suffix in SUFFIXES or os.path.isfile(path) or "/" in name:
        if not os.path.lexists(path):
            raise QuizLoadError([FileProblem(name, None, "", "quiz file not found")])
        return read_quiz_file(path, known)  # anything but a regular file is refused there
    for candidate in quiz_paths(directory):
        if candidate.stem == name:
            return read_quiz_file(candidate, known)
    ids = ", ".join(p.stem for p in quiz_paths(directory)) or "none"
    raise QuizLoadError([FileProblem(name, None, "", f"unknown quiz {name!r}; quiz files in {directory}: {ids}")])


def seed_titles(directory: Path | None = None) -> dict[str, str]:
    """The seed documents' titles, for citations (`read_seed_info`)."""
    return {name: info.title for name, info in read_seed_info(directory).items()}
