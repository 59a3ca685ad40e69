"""PDF copies, printed by a headless Chromium where one is installed (an optional format)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from studykit.core.quiz.model import Quiz, QuizVersion
from studykit.export.quiz import FORMATS, QuizWriteError, write_quiz
from studykit.export.quiz import pdf as pdf_module
from studykit.export.quiz.pdf import pdf_engine
from tests.export.quiz.conftest import BENGALI

needs_chromium = pytest.mark.skipif(pdf_engine() is None, reason="PDF is optional: no Chromium installed")


@needs_chromium
def test_pdf_copies_are_printed(quiz: Quiz, tmp_path: Path) -> None:
    one = Quiz(title=quiz.title, instructions=quiz.instructions, seed=quiz.seed, versions=quiz.versions[:1])
    assert "pdf" in FORMATS
    written = write_quiz(one, tmp_path, ["pdf"])
    assert [p.name for p in written] == [
        "baku-1918-quiz-baki-samaxi-gence-test-1-A-student.pdf", "baku-1918-quiz-baki-samaxi-gence-test-1-A-key.pdf",
    ]
    for path in written:
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
        assert re.search(rb"/Count\s+[1-9]", data), "at least one page"
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in written)


def test_without_chromium_pdf_is_a_clear_error(quiz: Quiz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "pdf_engine", lambda: None)
    small = Quiz(title="t", instructions="", seed=0, versions=(QuizVersion("A", quiz.questions[:1]),))
    with pytest.raises(QuizWriteError, match="printing PDF needs Chromium"):
        write_quiz(small, tmp_path / "out", ["html", "pdf"])
    assert os.listdir(tmp_path) == []


POPPLER = all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdffonts", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="reading the PDF's pages needs poppler-utils")


def poppler(*argv: str) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=120).stdout


@needs_chromium
@needs_poppler
@pytest.mark.parametrize("paper, size, versions", [("a4", (595, 842), 2), ("letter", (612, 792), 1)])
def test_every_pdf_page_has_the_paper_its_version_and_its_number(
    quiz: Quiz, tmp_path: Path, paper: str, size: tuple[int, int], versions: int,
) -> None:
    long = replace(quiz, versions=tuple(  # several pages: the questions three times over
        QuizVersion(v.label, tuple(replace(q, id=f"{q.id}-{n}") for n in range(3) for q in v.questions))
        for v in quiz.versions[-versions:]
    ))
    written = {p.name: p for p in write_quiz(long, tmp_path, ["pdf"], paper=paper)}
    for name, path in written.items():
        version = name.split("-")[-2]
        info = poppler("pdfinfo", str(path))
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        width, height = (round(float(x)) for x in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
        assert (width, height) == size, name
        assert pages >= 2, name
        for page in range(1, pages + 1):
            text = " ".join(poppler("pdftotext", "-f", str(page), "-l", str(page), str(path), "-").split())
            assert f"Version {version}" in text.split(" · page")[0] or text.startswith(quiz.title), name
            footer = rf"Version {version}(?: — answer key)? · page {page} of {pages}"
            assert re.search(footer, text), (name, page, text[-200:])
            assert quiz.title in text
        if name.endswith("-key.pdf"):  # the sources in their own scripts, in embedded fonts
            whole = " ".join(poppler("pdftotext", str(path), "-").split())
            assert "sentyabrın 15-də Bakı azad edildi" in whole
            fonts = poppler("pdffonts", str(path))
            assert "NotoSansBengali" in fonts and "NotoSans-Regular" in fonts
            assert BENGALI in whole or "বাকু" in whole
    student = next(p for n, p in written.items() if n.endswith("-student.pdf"))
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(student), str(tmp_path / "page")],
                   check=True, timeout=120)
    [image] = tmp_path.glob("page*.png")
    assert image.read_bytes().startswith(b"\x89PNG") and image.stat().st_size > 2000  # drawn, not blank
