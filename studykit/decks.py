"""Reading deck files and seed documents from disk.

The adapter around `core.facts`: it reads YAML with the safe loader, keeps the line of
every field so that each problem names file, line and field, and checks quotes against
the seed texts.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from studykit.core.facts import Deck, Fact, Problem, check_quotes, parse_deck_header, parse_fact
from studykit.files import FileProblem, FileReadError, YamlError, load_yaml, read_text_file, shown_path

__all__ = ["DeckLoadError", "FileProblem", "SeedInfo", "load_decks", "load_seeds", "read_deck_file", "read_seed_info"]

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """`decks` or `seeds`: inside an installed wheel, else at the top of the source checkout."""
    inside = PACKAGE_DIR / "bundled" / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


def decks_dir() -> Path:
    return Path(os.environ["STUDYKIT_DECKS"]) if os.environ.get("STUDYKIT_DECKS") else bundled_dir("decks")


def seeds_dir() -> Path:
    return Path(os.environ["STUDYKIT_SEEDS"]) if os.environ.get("STUDYKIT_SEEDS") else bundled_dir("seeds")


class DeckLoadError(Exception):
    """Raised with every problem found, so a curator sees them all in one run."""

    def __init__(self, problems: list[FileProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_seeds(directory: Path | None = None) -> dict[str, str]:
    """Every `*.txt` seed document by file name; raises DeckLoadError for one that cannot be read."""
    directory = directory or seeds_dir()
    seeds: dict[str, str] = {}
    problems: list[FileProblem] = []
    if not os.path.isdir(directory):  # else every quote of every deck would cite an unknown seed
        raise DeckLoadError([FileProblem(str(directory), None, "", "seed directory not found")])
    try:
        paths = sorted(directory.glob("*.txt"))
    except OSError as error:
        problem = FileProblem(str(directory), None, "", f"cannot read: {error.strerror or error}")
        raise DeckLoadError([problem]) from None
    for path in paths:
        try:
            seeds[path.name] = read_text_file(path)
        except FileReadError as error:
            problems.append(error.problem)
    if problems:
        raise DeckLoadError(problems)
    return seeds


@dataclass(frozen=True)
class SeedInfo:
    """What `seeds/sources.toml` says of one seed document: shown on the source screen, in
    the Anki notes' sources and in quiz citations."""

    file: str
    title: str  # the file's name when the table gives none
    origin: str = ""
    language: str = ""
    language_code: str = ""


def read_seed_info(directory: Path | None = None) -> dict[str, SeedInfo]:
    """Every entry of `sources.toml` in the seed directory, by file name: the one reader of
    that table. A missing or broken table (or a pipe of that name) gives none, and every
    document is then named by its file."""
    path = (directory or seeds_dir()) / "sources.toml"
    try:
        table = tomllib.loads(read_text_file(path))
    except (FileReadError, tomllib.TOMLDecodeError):
        return {}
    return {
        name: SeedInfo(
            name, str(entry.get("title", name)), str(entry.get("origin", "")), str(entry.get("language", "")),
            str(entry.get("language_code", "")),
        )
        for name, entry in table.items()
        if isinstance(entry, dict)
    }


def _line_for(where: str, lines: dict[str, int]) -> int | None:
    """The line of the field path, or of its nearest enclosing path that has one."""
    path = where
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def read_deck_file(
    path: Path, seeds: dict[str, str], *, shown_as: str | None = None,
) -> tuple[Deck | None, list[FileProblem]]:
    """Read, validate and quote-check one deck file."""
    deck, problems, _ = _read_deck_file(path, seeds, shown_as=shown_as)
    return deck, problems


def _read_deck_file(
    path: Path, seeds: dict[str, str], *, shown_as: str | None = None,
) -> tuple[Deck | None, list[FileProblem], dict[str, int]]:
    name = shown_as or shown_path(path)
    try:
        document = load_yaml(read_text_file(path, shown_as=name), name)
    except FileReadError as error:
        return None, [error.problem], {}
    except YamlError as error:
        return None, error.problems, {}
    data, lines = document.data, document.lines
    problems: list[FileProblem] = []
    if not isinstance(data, dict):
        problem = FileProblem(name, 1, "", "a deck file must be a mapping with `deck:` and `facts:`")
        return None, [*problems, problem], lines
    for key in data:
        if key not in ("deck", "facts"):
            problems.append(FileProblem(name, _line_for(str(key), lines), str(key), "unknown top-level field"))
    header, header_problems = parse_deck_header(data.get("deck"))
    problems += [FileProblem(name, _line_for(p.where, lines) or 1, p.where, p.message) for p in header_problems]
    raw_facts = data.get("facts")
    if not isinstance(raw_facts, list) or not raw_facts:
        problems.append(
            FileProblem(name, _line_for("facts", lines) or 1, "facts", "expected a non-empty list of facts"),
        )
        raw_facts = []
    deck_id = header[0] if header else path.stem
    facts: list[Fact] = []
    for i, raw in enumerate(raw_facts):
        where = f"facts[{i}]"
        fact, fact_problems = parse_fact(raw, deck_id=deck_id, where=where)
        if fact is not None:
            fact_problems += check_quotes(fact, seeds, where=where)
            facts.append(fact)
        problems += [_locate(name, p, lines, raw) for p in fact_problems]
    if header is None or problems:
        return None, problems, lines
    return Deck(header[0], header[1], header[2], tuple(facts), anki_id=header[3], anki_name=header[4]), [], lines


def _locate(name: str, problem: Problem, lines: dict[str, int], raw: object) -> FileProblem:
    """Name the fact by its id as well as its position, which is what a curator searches for."""
    where = problem.where
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        index, _, rest = where.partition("].")
        where = f"{index}] ({raw['id']}).{rest}" if rest else f"{where} ({raw['id']})"
    return FileProblem(name, _line_for(problem.where, lines), where, problem.message)


def load_decks(directory: Path | None = None, seeds: dict[str, str] | None = None) -> list[Deck]:
    """Every deck in the directory, validated; raises DeckLoadError listing every problem.

    Fact ids must be unique across all decks, since cards and history hang on them. (Choosing
    decks by name is the application layer's: `studykit.study.decks.resolve_deck`.)
    """
    directory = directory or decks_dir()
    seeds = load_seeds() if seeds is None else seeds
    if not os.path.isdir(directory):
        raise DeckLoadError([FileProblem(str(directory), None, "", "deck directory not found")])
    decks: list[Deck] = []
    problems: list[FileProblem] = []
    first_seen: dict[str, str] = {}
    try:
        paths = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    except OSError as error:
        problem = FileProblem(str(directory), None, "", f"cannot read: {error.strerror or error}")
        raise DeckLoadError([problem]) from None
    for path in paths:
        shown = shown_path(path)
        deck, deck_problems, lines = _read_deck_file(path, seeds, shown_as=shown)
        problems += deck_problems
        if deck is None:
            continue
        if deck.id in {d.id for d in decks}:
            problems.append(FileProblem(shown, lines.get("deck.id", 1), "deck.id", f"duplicate deck id {deck.id!r}"))
        same_anki_id = [d.id for d in decks if deck.anki_id is not None and d.anki_id == deck.anki_id]
        if same_anki_id:
            problems.append(FileProblem(
                shown, lines.get("deck.anki_id", 1), "deck.anki_id",
                f"duplicate anki_id {deck.anki_id} (also deck {same_anki_id[0]!r})",
            ))
        for i, fact in enumerate(deck.facts):
            if fact.id in first_seen:
                problems.append(FileProblem(
                    shown, lines.get(f"facts[{i}].id"), f"facts[{i}].id",
                    f"duplicate fact id {fact.id!r} (first in {first_seen[fact.id]})",
                ))
            else:
                first_seen[fact.id] = f"{shown}:{lines.get(f'facts[{i}].id', '?')}"
        decks.append(deck)
    if not decks and not problems:
        problems.append(FileProblem(str(directory), None, "", "no deck files (*.yaml) found"))
    if problems:
        raise DeckLoadError(problems)
    return decks


def all_facts(decks: Iterable[Deck]) -> list[Fact]:
    return [fact for deck in decks for fact in deck.facts]
