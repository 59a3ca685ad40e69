"""A quiz's files: printable student copies and keys (HTML, Markdown, and PDF where a
Chromium is installed), Moodle GIFT and XML, Canvas QTI, CSV and JSON. One module per
format; `write_quiz` writes them atomically."""

from studykit.export.quiz.writer import BASE_FORMATS, FORMATS, QuizWriteError, quiz_files, quiz_notes, write_quiz

__all__ = ["BASE_FORMATS", "FORMATS", "QuizWriteError", "quiz_files", "quiz_notes", "write_quiz"]
