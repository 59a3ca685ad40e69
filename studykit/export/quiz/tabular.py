"""CSV and JSON of a quiz's questions and answers.

CSV: one row per question in version A's order, for a spreadsheet or a mail merge;
lists (options, accepted answers, pairs) go one item a line inside their cell, and each
version adds two columns: where the question stands in it and its answer in its letters.
JSON: the whole quiz as `Quiz.to_dict()` gives it (every version, in its own order), so
nothing is lost and other tools can read it back.
"""

from __future__ import annotations

import csv
import io
import json

from studykit.core.quiz.model import Question, QuestionType, Quiz
from studykit.core.text import json_safe
from studykit.export.quiz.common import chronology_positions, csv_cell, letter, matching_letters, source_text

JSON_FORMAT = "studykit-quiz"
JSON_FORMAT_VERSION = 1
COLUMNS = (
    "number", "id", "type", "points", "prompt", "options", "answer", "accepted",
    "pairs", "order", "explanation", "citation",
)


def quiz_to_csv(quiz: Quiz) -> str:
    labels = [v.label for v in quiz.versions]
    header = [*COLUMNS]
    for label in labels:
        header += [f"number_{label}", f"key_{label}"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    placed = {
        v.label: {q.id: (n, q) for n, q in enumerate(v.questions, 1)} for v in quiz.versions
    }
    for number, question in enumerate(quiz.questions, 1):
        row = [
            str(number), question.id, question.type.value, f"{question.points:g}", question.prompt,
            "\n".join(question.options), question.answer, "\n".join(question.accepted),
            "\n".join(f"{left} → {right}" for left, right in question.pairs),
            "\n".join(question.options[i] for i in question.order),
            question.explanation, source_text(question),
        ]
        for label in labels:
            n, shown = placed[label][question.id]
            row += [str(n), key_code(shown)]
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


def key_code(question: Question) -> str:
    """The answer as a marker ticks it off in this version: 'B', 'True', '1-C 2-A', 'B C A'."""
    kind = question.type
    if kind is QuestionType.CHOICE:
        assert question.correct is not None
        return letter(question.correct)
    if kind is QuestionType.MATCHING:
        return " ".join(f"{i}-{code}" for i, code in enumerate(matching_letters(question), 1))
    if kind is QuestionType.CHRONOLOGY:
        return " ".join(f"{letter(i)}={p}" for i, p in enumerate(chronology_positions(question)))
    return question.answer


def quiz_to_json(quiz: Quiz) -> str:
    data = {"format": JSON_FORMAT, "format_version": JSON_FORMAT_VERSION, **quiz.to_dict()}
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
