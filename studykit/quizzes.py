"""Reading teacher-written quiz files (`decks/quizzes/*.yaml`) from disk.

The adapter around `core.quiz.authoring`, as `studykit.decks` is around `core.facts`: the
same safe YAML loader and the same line-keeping, so each problem reads
`file:line: field: message`. Quiz files live beside the decks, so they ship wherever the
decks do (the wheel force-includes `decks/`, `quizzes/` with it).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml  # type: ignore[import-untyped]

from studykit.core.facts import Deck
from studykit.core.quiz.authoring import Known, QuizFile, parse_quiz_file
from studykit.decks import (
    FileProblem,
    _compose_and_construct,
    _line_for,
    _node_lines,
    _shown_path,
    decks_dir,
    seeds_dir,
)

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
    name = _shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuizLoadError([FileProblem(name, None, "", f"cannot read: {error}")]) from None
    try:
        root, data = _compose_and_construct(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise QuizLoadError([FileProblem(name, mark.line + 1 if mark else None, "", f"malformed YAML: {problem}")]) from None
    lines: dict[str, int] = {}
    located: list[tuple[str, int, str]] = []
    if root is not None:
        _node_lines(root, "", lines, located)
    problems = [FileProblem(name, line, where, message) for where, line, message in located]
    quiz, found = parse_quiz_file(data, stem=path.stem, known=known)
    problems += [FileProblem(name, _line_for(p.where, lines) or 1, p.where, p.message) for p in found]
    if problems or quiz is None:
        raise QuizLoadError(problems)
    return quiz


def quiz_paths(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES and p.is_file())


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
    if path.suffix in SUFFIXES or path.is_file() or "/" in name:
        if not path.is_file():
            raise QuizLoadError([FileProblem(name, None, "", "quiz file not found")])
        return read_quiz_file(path, known)
    for candidate in quiz_paths(directory):
        if candidate.stem == name:
            return read_quiz_file(candidate, known)
    ids = ", ".join(p.stem for p in quiz_paths(directory)) or "none"
    raise QuizLoadError([FileProblem(name, None, "", f"unknown quiz {name!r}; quiz files in {directory}: {ids}")])


def seed_titles(directory: Path | None = None) -> dict[str, str]:
    """The seed documents' titles from `seeds/sources.toml`, for citations; a missing or broken
    table gives none (citations then name the file)."""
    path = (directory or seeds_dir()) / "sources.toml"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    return {name: str(entry["title"]) for name, entry in table.items() if isinstance(entry, dict) and "title" in entry}
