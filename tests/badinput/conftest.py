"""Each bad-input case's outcome, handed to its test report (`user_properties`).

The table itself is counted and printed by tests/conftest.py from the reports, so that it is the
same whether the cases ran in this process or in pytest-xdist's workers (whose conftest files
the controlling process never loads).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.badinput.harness import LAST_OUTCOME, OUTCOME_PROPERTY


@pytest.fixture(autouse=True)
def _report_outcome(request: pytest.FixtureRequest) -> Iterator[None]:
    LAST_OUTCOME.clear()
    yield
    if LAST_OUTCOME:
        request.node.user_properties.append((OUTCOME_PROPERTY, LAST_OUTCOME[-1]))
        LAST_OUTCOME.clear()
