"""The one exception every subcommand raises for bad input; kept apart so `cli` imports nothing heavy."""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the user or their files: one readable message, exit status 2, no traceback."""
