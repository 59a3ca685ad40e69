"""PDF copies, printed by a headless Chromium where one is installed (an optional format)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from studykit.core.quiz.model import Quiz, QuizVersion
from studykit.export.quiz import FORMATS, QuizWriteError, write_quiz
from studykit.export.quiz import pdf as pdf_module
from studykit.export.quiz.pdf import pdf_engine

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
