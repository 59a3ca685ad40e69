"""PDF student copies and keys: the printable HTML printed by a headless Chromium.

Optional: the format exists only where a Chromium is installed (`pdf_engine()`), since
studykit has no PDF dependency of its own. Chromium runs with a throw-away profile in a
temporary directory and no network use beyond the local file it prints.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

ENGINES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 120


class PdfError(Exception):
    """Chromium could not print the page: the reason in one line."""


def pdf_engine() -> str | None:
    """The Chromium to print with, or None when none is installed."""
    for name in ENGINES:
        path = shutil.which(name)
        if path:
            return path
    return None


def html_to_pdf(pages: dict[str, str]) -> dict[str, bytes]:
    """Each standalone HTML page (name → markup) printed to PDF (name → bytes)."""
    engine = pdf_engine()
    if engine is None:
        raise PdfError(f"printing PDF needs Chromium ({' or '.join(ENGINES)}), and none is installed")
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="studykit-pdf-") as work:
        folder = Path(work)
        for index, (name, markup) in enumerate(pages.items()):
            source = folder / f"page{index}.html"
            target = folder / f"page{index}.pdf"
            source.write_text(markup, encoding="utf-8")
            command = [
                engine, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--disable-extensions", "--no-first-run", f"--user-data-dir={folder / 'profile'}",
                f"--print-to-pdf={target}", source.as_uri(),
            ]
            try:
                result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
            except (OSError, subprocess.TimeoutExpired) as error:
                raise PdfError(f"{name}: Chromium failed: {error}") from error
            if result.returncode != 0 or not target.is_file():
                last = (result.stderr.strip().splitlines() or ["no output"])[-1]
                raise PdfError(f"{name}: Chromium failed (exit status {result.returncode}): {last}")
            out[name] = target.read_bytes()
    return out
