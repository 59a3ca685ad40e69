"""The `studykit` command's entry point, as small as it can be.

A Ctrl+C while the command's own modules are still being imported ends the run quietly
(exit 130) instead of printing a traceback through the import; from then on `cli.main`'s
guard handles it.
"""

from __future__ import annotations


def main() -> int:
    try:
        from studykit.cli import main as run_command
    except KeyboardInterrupt:
        return 130
    return run_command()
