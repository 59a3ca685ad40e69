"""A hand-made quiz with every question type and nasty text, and the GIFT parser (gift-pegjs)."""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from studykit.core.facts import Source
from studykit.core.quiz.model import BLANK, Question, QuestionType, Quiz, QuizVersion

GIFT_PARSER = Path(__file__).resolve().parent / "gift_parser"

# Every character GIFT, HTML or Markdown treats specially, and non-Latin letters.
NASTY = r"~ = # { } : \ <b>&amp;\"' *_[x](y) `c` | $5 -> 1. "
BENGALI = "বাকু কমিসাররা"
ARRIVAL = f"The arrival of Dunsterforce ~ {BENGALI}"
AZERBAIJANI = "Bakı, Şamaxı, Gəncə"
TURKISH = "İstanbul, Ağrı, Gümüşhane"
SOURCE = Source("001_d3695f0660554b3e.txt", "1918-ci ilin sentyabrın 15-də Bakı azad edildi.")
CITATION = "The liberation of Baku in 1918: “1918-ci ilin sentyabrın 15-də Bakı azad edildi.”"


def _questions() -> list[Question]:
    common: dict[str, Any] = {"sources": (SOURCE,), "citation": CITATION, "fact_ids": ("f",)}
    return [
        Question(
            id="q:choice", type=QuestionType.CHOICE, points=1,
            prompt=f"Which city {{fell}} on 15 September 1918? {NASTY}",
            options=(f"Tiflis ~ ={BENGALI}", f"Baku: {AZERBAIJANI}", "Erivan #1 \\", f"<i>{TURKISH}</i>"),
            correct=1, answer=f"Baku: {AZERBAIJANI}", explanation="Baku fell on 15 September 1918.",
            **{**common, "fact_ids": ("f1",)},
        ),
        Question(
            id="q:tf-true", type=QuestionType.TRUE_FALSE, points=1,
            prompt=f"Nuri Pasha led the {{Army of Islam}} & \"Caucasus\" {BENGALI}.",
            options=("True", "False"), correct=0, answer="True", **{**common, "fact_ids": ("f2",)},
        ),
        Question(
            id="q:tf-false", type=QuestionType.TRUE_FALSE, points=1,
            prompt="Baku fell in 1919: a = b # c.", options=("True", "False"), correct=1, answer="False",
            explanation="Baku fell in 1918.", **{**common, "fact_ids": ("f3",)},
        ),
        Question(
            id="q:short", type=QuestionType.SHORT_ANSWER, points=1.5,
            prompt=f"Who commanded the Army of Islam? ({TURKISH})",
            answer="Nuri Pasha {Killigil}", accepted=("Nuri Killigil", "Nuri = Paşa ~ #1 a:b \\ & <x>"),
            **{**common, "fact_ids": ("f4",)},
        ),
        Question(
            id="q:missing", type=QuestionType.MISSING_WORD, points=1,
            prompt=f"The Centrocaspian Dictatorship took power in Baku on {BLANK} {{x}} ~ {AZERBAIJANI}.",
            answer="1 August 1918", accepted=("1918-08-01", "Aug 1 & <1918>"), **{**common, "fact_ids": ("f5",)},
        ),
        Question(
            id="q:missing-start", type=QuestionType.MISSING_WORD, points=1,
            prompt=f"{BLANK} signed the Treaty of Moscow.", answer="Soviet Russia & Turkey",
            **{**common, "fact_ids": ("f6",)},
        ),
        Question(
            id="q:matching", type=QuestionType.MATCHING, points=2,
            prompt="Match each person to their role: {all} ~ four.",
            pairs=(
                ("Nuri Pasha", "Commander of the Army of Islam"),
                (f"Stepan Shaumian {BENGALI}", "Head of the Baku Soviet -> 1918"),
                ("Lionel Dunsterville", "Commander = of <Dunsterforce>"),
                (f"Mürsəl Paşa {AZERBAIJANI}", "Author of the ultimatum: #8 {Aug}"),
            ),
            options=(
                "Head of the Baku Soviet -> 1918", "Commander = of <Dunsterforce>",
                "Author of the ultimatum: #8 {Aug}", "Commander of the Army of Islam",
            ),
            answer="Nuri Pasha — Commander of the Army of Islam; …",
            **{**common, "fact_ids": ("f7", "f8", "f9", "f10")},
        ),
        Question(
            id="q:chronology", type=QuestionType.CHRONOLOGY, points=2,
            prompt="Put these events in order, earliest first.",
            options=("The fall of Baku {Sept}", "The Mudros armistice: 30 October", ARRIVAL),
            order=(2, 0, 1),
            answer=f"{ARRIVAL} → The fall of Baku {{Sept}} → The Mudros armistice: 30 October",
            **{**common, "fact_ids": ("f11", "f12", "f13")},
        ),
    ]


def _version_b(questions: list[Question]) -> QuizVersion:
    """The same questions reversed, options rotated: every letter moves."""
    out = []
    for q in reversed(questions):
        if q.type is QuestionType.CHOICE:
            options = q.options[1:] + q.options[:1]
            q = replace(q, options=options, correct=options.index(q.answer))
        elif q.type is QuestionType.MATCHING:
            q = replace(q, options=tuple(reversed(q.options)))
        elif q.type is QuestionType.CHRONOLOGY:
            options = tuple(reversed(q.options))
            q = replace(q, options=options, order=tuple(options.index(q.options[i]) for i in q.order))
        out.append(q)
    return QuizVersion("B", tuple(out))


def make_quiz(title: str = f"Baku 1918 <quiz> & {AZERBAIJANI}: test #1") -> Quiz:
    questions = _questions()
    return Quiz(
        title=title, instructions="Answer every question.\nWrite clearly: *no* {pencil}.", seed=7,
        versions=(QuizVersion("A", tuple(questions)), _version_b(questions)),
    )


@pytest.fixture
def quiz() -> Quiz:
    return make_quiz()


def run_gift_parser(path: Path) -> list[dict[str, Any]]:
    """The questions gift-pegjs reads in the file; fails the test on a syntax error."""
    result = subprocess.run(
        ["node", str(GIFT_PARSER / "parse.js"), str(path)], capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, f"gift-pegjs rejected {path}: {result.stderr}"
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    return parsed


@pytest.fixture(scope="session")
def gift_parser() -> Any:
    """gift-pegjs, installed from the committed lock file on first use. No node: a failure, not a skip."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("node and npm are needed to check GIFT files with gift-pegjs (install Node.js 18 or later)")
    # One installer at a time: pytest-xdist's workers each reach this fixture on a fresh clone.
    with open(GIFT_PARSER / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (GIFT_PARSER / "node_modules" / "gift-pegjs").is_dir():
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"], cwd=GIFT_PARSER, capture_output=True, text=True, check=False,
            )
            if result.returncode != 0:
                pytest.fail(f"npm ci in {GIFT_PARSER} failed:\n{result.stdout}\n{result.stderr}")
    return run_gift_parser
