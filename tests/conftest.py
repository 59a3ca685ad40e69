"""Shared fixtures: the project's paths, and temporary decks built from snippets; the bad-input
corpus's outcome table, counted from the test reports (also those of pytest-xdist's workers)."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.badinput.harness import OUTCOME_PROPERTY, TABLE, outcome_table

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DECKS = ROOT / "decks"


@pytest.fixture(autouse=True, scope="session")
def _user_cache(tmp_path_factory: pytest.TempPathFactory):
    """The user's cache directory (where `storage.verified` records the collections found
    sound) a temporary one, for the session: tests leave nothing in the home directory."""
    old = os.environ.get("STUDYKIT_CACHE_DIR")
    os.environ["STUDYKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if old is None:
        os.environ.pop("STUDYKIT_CACHE_DIR", None)
    else:
        os.environ["STUDYKIT_CACHE_DIR"] = old


@pytest.fixture(scope="session", autouse=True)
def cards_generated_once() -> Iterator[None]:
    """The code under test (the cards and export commands, the fact-deck source, the quiz
    builder) generates the cards of one fact base at one seed once per test process: the
    bundled decks' cards cost seconds a seed, and dozens of tests of those layers make them.
    Tests of generation itself call `generate_cards` as they imported it, the real one, and
    same-seed tests of the code under test run again `with tests.bundled.real_generation()`
    (tests/bundled.py says which tests must)."""
    from tests.bundled import generating_modules, same_generation  # imported first: it keeps the real one

    with pytest.MonkeyPatch.context() as patch:
        for module in generating_modules():
            patch.setattr(module, "generate_cards", same_generation)
        yield


@pytest.fixture
def deck_dir(tmp_path: Path):
    """Write deck files into a temporary directory: `deck_dir(name=yaml_text, ...)` returns the directory."""

    def write(**files: str) -> Path:
        directory = tmp_path / "decks"
        directory.mkdir(exist_ok=True)
        for name, text in files.items():
            (directory / f"{name}.yaml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return directory

    return write


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown":
        return
    for name, value in report.user_properties:
        if name == OUTCOME_PROPERTY:
            area, outcome = value
            TABLE[area][outcome] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TABLE:
        terminalreporter.section("bad-input corpus: outcomes per area (issue 17)")
        for row in outcome_table():
            terminalreporter.write_line(row)
