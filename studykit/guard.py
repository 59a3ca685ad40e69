"""The last line of defence: an error nobody foresaw still ends in one readable line.

Every bad input studykit knows about is handled where it happens, with a message that names
the file, line and field (`UserError`). This guard is for what slips through: the exception
is written, with its traceback, to a log file in the user state directory
(`~/.local/state/studykit/crash.log` on Linux, platformdirs' `user_state_path` elsewhere),
and the user sees one line saying what failed and where the details are, with exit status 2.
The same goes for the Textual apps, whose unhandled exceptions Textual would otherwise print
as a full-screen traceback.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studykit.core.text import visible

if TYPE_CHECKING:
    from textual.app import App

LOG_NAME = "crash.log"
LOG_KEEP_BYTES = 1 << 20  # the log keeps roughly the last megabyte of reports
MESSAGE_LIMIT = 200


class Crash(Exception):
    """An unexpected error already logged; `str()` is the one line to show."""


def interrupted(error: BaseException) -> bool:
    """Whether a Ctrl+C is behind `error` (Python wraps some, e.g. in `__set_name__`)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def crash_log_path() -> Path:
    """Where tracebacks go: `crash.log` in the user state directory."""
    from platformdirs import user_state_path

    return user_state_path("studykit", appauthor=False) / LOG_NAME


def report(error: BaseException, *, command: str, details: str | None = None) -> str:
    """Log `error` (or the already rendered `details`) and return the one line for the user."""
    what = visible(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__, one_line=True)
    return _logged(what, details or "".join(traceback.format_exception(error)), command=command)


def _logged(what: str, details: str, *, command: str) -> str:
    if len(what) > MESSAGE_LIMIT:
        what = what[: MESSAGE_LIMIT - 1] + "…"
    try:
        path = crash_log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        _trim(path)
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {stamp} studykit {command} (argv: {' '.join(sys.argv[1:])})\n{details.rstrip()}\n\n")
    except OSError as log_error:
        return f"unexpected error ({what}); the details could not be logged: {log_error.strerror or log_error}"
    return f"unexpected error ({what}); details in {path}"


def _trim(path: Path) -> None:
    """Keep the log small: past the limit, only its second half is kept."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size > LOG_KEEP_BYTES:
        with path.open("rb") as log:
            log.seek(size - LOG_KEEP_BYTES // 2)
            tail = log.read()
        path.write_bytes(tail)


def run_app(app: App[Any], *, command: str, headless: bool = False) -> int | None:
    """Run a Textual app; an exception it did not handle becomes a `Crash` with one line.

    Textual prints the traceback of an unhandled exception to `app.error_console` once the
    terminal is restored: that console is pointed at a buffer, and the buffer goes to the log.
    """
    from rich.console import Console

    buffer = io.StringIO()
    app.error_console = Console(file=buffer, markup=False, highlight=False, width=120, color_system=None)
    app.run(headless=headless)
    rendered = buffer.getvalue()
    if rendered.strip():
        raise Crash(_logged(_last_line(rendered), rendered, command=command))
    return app.return_code


def _last_line(rendered: str) -> str:
    """The `Type: message` line that ends a rendered traceback."""
    lines = [line.strip() for line in rendered.splitlines() if line.strip()]
    return visible(lines[-1] if lines else "the app stopped", one_line=True)


def quiet_broken_pipe() -> None:
    """After a reader closed our stdout (`studykit cards | head`), send the rest nowhere, so
    that Python's final flush does not print an error of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
