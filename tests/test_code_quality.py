"""Habits the suite keeps, so that `.ci/run` keeps them too: ruff's rule set (chosen and
justified in pyproject.toml) over the whole checkout, and `mypy --strict` over the pure core.

Both run as the test environment's own tools (the `test` extra pins their versions), so a
newer ruff or mypy with new rules is an upgrade someone makes on purpose, not a surprise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )


def test_ruff_finds_nothing() -> None:
    result = run_tool("ruff", "check", ".")
    assert result.returncode == 0, f"ruff check found problems:\n{result.stdout}{result.stderr}"


def test_the_core_is_clean_under_mypy_strict() -> None:
    result = run_tool("mypy", "--strict", "studykit/core")
    assert result.returncode == 0, f"mypy --strict studykit/core:\n{result.stdout}{result.stderr}"
    assert "Success: no issues found" in result.stdout, result.stdout
