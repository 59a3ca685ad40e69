"""PDF student copies and keys: the printable HTML printed by a headless Chromium.

Optional: the format exists only where a Chromium is installed (`pdf_engine()`), since
studykit has no PDF dependency of its own. Chromium runs with a throw-away profile in a
temporary directory and no network use beyond the local file it prints.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
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
    """Each standalone HTML page (name → markup) printed to PDF (name → bytes); a few
    Chromiums at once, each with a profile of its own (a quiz's copies and keys print in
    the time of two or three)."""
    engine = pdf_engine()
    if engine is None:
        raise PdfError(f"printing PDF needs Chromium ({' or '.join(ENGINES)}), and none is installed")
    with tempfile.TemporaryDirectory(prefix="studykit-pdf-") as work:
        folder = Path(work)
        jobs = [(name, markup, folder / f"page{index}") for index, (name, markup) in enumerate(pages.items())]
        workers = max(1, min(len(jobs), (os.cpu_count() or 1), 4))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            printed = list(pool.map(lambda job: _print(engine, *job), jobs))
    return dict(zip(pages, printed))


def _print(engine: str, name: str, markup: str, stem: Path) -> bytes:
    source, target = stem.with_suffix(".html"), stem.with_suffix(".pdf")
    source.write_text(markup, encoding="utf-8")
    command = [
        engine, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
        "--disable-extensions", "--no-first-run", f"--user-data-dir={stem.with_name(stem.name + '-profile')}",
        f"--print-to-pdf={target}", source.as_uri(),
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PdfError(f"{name}: Chromium failed: {error}") from error
    if result.returncode != 0 or not target.is_file():
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise PdfError(f"{name}: Chromium failed (exit status {result.returncode}): {last}")
    return target.read_bytes()
