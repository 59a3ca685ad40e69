"""studykit: flashcards, review sessions, Anki decks and quizzes on the Caucasus, 1918–1921."""

from __future__ import annotations

__version__ = "0.1.0"
