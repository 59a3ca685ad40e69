"""The outcome table of the bad-input corpus, printed at the end of the run."""

from __future__ import annotations

import pytest

from tests.badinput.harness import TABLE, outcome_table


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TABLE:
        terminalreporter.section("bad-input corpus: outcomes per area (issue 17)")
        for row in outcome_table():
            terminalreporter.write_line(row)
