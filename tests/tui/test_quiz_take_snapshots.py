"""Snapshots of `studykit quiz take` at 80×24: a matching question mid-answer, and the results.

Fixed quiz, fixed clock (the countdown stays at its start). Update after an intended change
with `pytest tests/tui/test_quiz_take_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from studykit.tui.quiz_take import make_quiz_app
from tests.quiz_sample import sample_quiz
from tests.tui.test_quiz_take import Now, answer, on_question, results, started, submit

SIZE = (80, 24)


def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(tmp_path)  # the results screen names the file: the same name every run
    return make_quiz_app(sample_quiz(), "A", time_limit_s=600, results_path=Path("results.csv"),
                         student="Aynur Məmmədova", now=Now())


async def matching_question(pilot: Pilot[Any]) -> None:
    await started(pilot)
    await pilot.press("b", "ctrl+n", "t", "ctrl+n", "ctrl+n", "ctrl+n")
    await on_question(pilot, 4)
    await pilot.press("b", "c")  # two of three rows matched, the third highlighted
    await pilot.pause()


async def results_screen(pilot: Pilot[Any]) -> None:
    await started(pilot)
    app = pilot.app
    for n, question in enumerate(app.version.questions[:3]):  # type: ignore[attr-defined]
        await answer(pilot, question, right=n != 2)
        await pilot.press("ctrl+n")
        await on_question(pilot, n + 1)
    await submit(pilot)
    await pilot.press("y")
    await results(pilot)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_quiz_matching_question(snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert snap_compare(build(tmp_path, monkeypatch), terminal_size=SIZE, run_before=matching_question)


def test_quiz_results(snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert snap_compare(build(tmp_path, monkeypatch), terminal_size=SIZE, run_before=results_screen)
