"""A hand-built quiz with one question of each type, for the quiz-taking tests and tries."""

from __future__ import annotations

import datetime as dt

from studykit.core.facts import Source
from studykit.core.quiz.model import BLANK, Question, QuestionType, Quiz, QuizVersion

AZ = "001_d3695f0660554b3e.txt"
EN = "002_b70820031354e4d2.txt"
STARTED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

CHOICE = Question(
    id="q-choice", type=QuestionType.CHOICE, prompt="Which army entered Baku on 15 September 1918?",
    answer="The Caucasus Islamic Army", points=1.0,
    options=("The Dunsterforce", "The Caucasus Islamic Army", "The Red Army", "The Armenian Corps"), correct=1,
    sources=(Source(AZ, "15 sentyabr 1918-ci ildə Qafqaz İslam Ordusu Bakını azad etdi."),),
    citation="The liberation of Baku in 1918: “15 sentyabr 1918-ci ildə…”",
)
TRUE_FALSE = Question(
    id="q-tf", type=QuestionType.TRUE_FALSE, prompt="The Treaty of Batum was signed in June 1918.",
    answer="True", points=1.0, options=("True", "False"), correct=0,
    sources=(Source(EN, "the Treaty of Batum, signed on June 4, 1918"),),
)
SHORT = Question(
    id="q-short", type=QuestionType.SHORT_ANSWER, prompt="Who commanded the Caucasus Islamic Army?",
    answer="Nuri Pasha", accepted=("Nuri Killigil",), points=2.0,
    sources=(Source(AZ, "Nuri Paşanın komandanlığı altında"),),
    explanation="Nuri Pasha commanded the Caucasus Islamic Army in 1918.",
)
MISSING = Question(
    id="q-missing", type=QuestionType.MISSING_WORD, prompt=f"The capital of the Azerbaijan Democratic Republic "
    f"moved from Ganja to {BLANK} in September 1918.", answer="Baku", points=1.0,
    sources=(Source(AZ, "Hökumət Gəncədən Bakıya köçdü."),),
)
MATCHING = Question(
    id="q-match", type=QuestionType.MATCHING, prompt="Match each person with their role. [bold]x[/]",
    answer="", points=2.0,
    pairs=(("Nuri Pasha", "army commander"), ("Fatali Khan Khoyski", "prime minister"),
           ("Lionel Dunsterville", "British general")),
    options=("British general", "army commander", "prime minister"),
    sources=(Source(EN, "General Dunsterville's small force"),),
)
CHRONOLOGY = Question(
    id="q-order", type=QuestionType.CHRONOLOGY, prompt="Put these events in order, earliest first.",
    answer="", points=1.0,
    options=("The fall of Baku to the Ottoman-Azerbaijani army", "The Treaty of Batum",
             "The Armistice of Mudros"),
    order=(1, 0, 2),
    sources=(Source(EN, "the Armistice of Mudros (October 30, 1918)"),),
)
CHRONOLOGY = Question(**{**CHRONOLOGY.__dict__, "answer": " → ".join(CHRONOLOGY.options[i] for i in CHRONOLOGY.order)})
MATCHING = Question(**{**MATCHING.__dict__, "answer": "; ".join(f"{a} — {b}" for a, b in MATCHING.pairs)})

QUESTIONS = (CHOICE, TRUE_FALSE, SHORT, MISSING, MATCHING, CHRONOLOGY)


def sample_quiz(title: str = "Baku 1918 — test quiz") -> Quiz:
    reversed_version = QuizVersion("B", tuple(reversed(QUESTIONS)))
    return Quiz(title=title, instructions="Answer every question. Dates are New Style.", seed=7,
                versions=(QuizVersion("A", QUESTIONS), reversed_version), source_file="tests/quiz.yaml")
