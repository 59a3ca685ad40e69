"""The reader stands alone: importing it loads neither the `anki` library (AGPL, a test
dependency only) nor anything of the user interface."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("anki", "aqt", "textual", "rich", "genanki", "google")


def test_the_reader_imports_no_anki_library_and_no_ui() -> None:
    code = (
        "import sys, studykit.importers.anki\n"
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
