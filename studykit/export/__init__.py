"""Adapters that write studykit's decks and quizzes into other programs' formats."""
