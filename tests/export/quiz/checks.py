"""Checks that a quiz file, read back by an independent parser, says what the quiz says.

Shared by the tests on the hand-made quiz and on a quiz the builder made.
"""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from studykit.core.quiz.model import BLANK, Question, QuestionType, Quiz, QuizVersion
from studykit.export.quiz.common import chronology_positions, letter, source_text

QTI_NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
MANIFEST_NS = {"m": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
GIFT_TYPES = {
    QuestionType.CHOICE: "MC", QuestionType.TRUE_FALSE: "TF", QuestionType.SHORT_ANSWER: "Short",
    QuestionType.MISSING_WORD: "Short", QuestionType.MATCHING: "Matching", QuestionType.CHRONOLOGY: "Matching",
}


def norm(text: str) -> str:
    return " ".join(text.split())


def blank_norm(text: str) -> str:
    """Whitespace normalised, and none around a blank (formats space it differently)."""
    return re.sub(r"\s*_____\s*", "_____", norm(text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.in_style = tag == "style"
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The text a browser shows (whitespace normalised), entities decoded, CSS left out."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return norm("".join(parser.parts))


def html_tags(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Text()
    parser.feed(markup)
    return parser.tags


# --- GIFT (parsed by gift-pegjs) ---

def pegjs_plain(text: str) -> str:
    """gift-pegjs leaves its internal escape codes (`&&061;` for `=`) in matching right items."""
    return re.sub(r"&&(\d+);", lambda m: chr(int(m.group(1))), text)


def gift_stem(entry: dict[str, Any]) -> str:
    # `[html]` texts are HTML-escaped; the one unformatted kind (a missing word opening its
    # text) is Moodle auto-format, which renders the same escaped HTML.
    assert entry["stem"]["format"] in ("html", "moodle"), entry["stem"]
    return html.unescape(entry["stem"]["text"])


def check_gift(parsed: list[dict[str, Any]], quiz: Quiz) -> None:
    questions = quiz.questions
    assert len(parsed) == len(questions)
    for entry, q in zip(parsed, questions):
        where = q.id
        assert entry["type"] == GIFT_TYPES[q.type], where
        assert entry["title"] == norm(q.id), where
        stem = gift_stem(entry)
        if q.type is QuestionType.MISSING_WORD:
            assert entry["hasEmbeddedAnswers"], where
            assert blank_norm(stem) == blank_norm(q.prompt.replace(BLANK, "_____")), where
        elif q.type is QuestionType.CHRONOLOGY:
            assert norm(stem).startswith(norm(q.prompt)), where
        else:
            assert norm(stem) == norm(q.prompt), where
        feedback = html.unescape(entry["globalFeedback"]["text"]) if entry["globalFeedback"] else ""
        if source_text(q):
            assert norm(source_text(q)) in norm(feedback), where
        if q.type is QuestionType.CHOICE:
            texts = [html.unescape(c["text"]["text"]) for c in entry["choices"]]
            assert texts == [norm(o) for o in q.options], where
            assert [c["isCorrect"] for c in entry["choices"]] == [i == q.correct for i in range(len(q.options))]
        elif q.type is QuestionType.TRUE_FALSE:
            assert entry["isTrue"] is (q.answer == "True"), where
        elif q.type in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
            texts = [c["text"]["text"] for c in entry["choices"]]  # typed answers: plain, not HTML
            # typed answers are plain, not HTML; GIFT cannot hold `->` in them (see gift_notes)
            assert texts == list(dict.fromkeys(norm(a).replace("->", "→") for a in (q.answer, *q.accepted))), where
            assert all(c["isCorrect"] for c in entry["choices"]), where
        else:
            pairs = [
                (html.unescape(p["subquestion"]["text"]), pegjs_plain(p["subanswer"])) for p in entry["matchPairs"]
            ]
            assert pairs == expected_pairs(q), where


def expected_pairs(q: Question) -> list[tuple[str, str]]:
    if q.type is QuestionType.MATCHING:
        return [(norm(left), norm(right)) for left, right in q.pairs]
    return [(norm(item), str(p)) for item, p in zip(q.options, chronology_positions(q))]


# --- Moodle XML ---

def check_moodle_xml(data: bytes, quiz: Quiz) -> None:
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    elements = root.findall("question")
    assert len(elements) == len(quiz.questions)
    moodle_type = {
        QuestionType.CHOICE: "multichoice", QuestionType.TRUE_FALSE: "truefalse",
        QuestionType.SHORT_ANSWER: "shortanswer", QuestionType.MISSING_WORD: "shortanswer",
        QuestionType.MATCHING: "matching", QuestionType.CHRONOLOGY: "matching",
    }
    for element, q in zip(elements, quiz.questions):
        where = q.id
        assert element.get("type") == moodle_type[q.type], where
        assert element.findtext("name/text") == q.id, where
        text = element.find("questiontext")
        assert text is not None and text.get("format") == "html", where
        shown = html_text(text.findtext("text") or "")
        if q.type is QuestionType.CHRONOLOGY:
            assert shown.startswith(norm(q.prompt)), where
        else:
            assert shown == norm(q.prompt), where
        assert float(element.findtext("defaultgrade") or "nan") == q.points, where
        if source_text(q):
            assert norm(source_text(q)) in html_text(element.findtext("generalfeedback/text") or ""), where
        answers = [(a.get("fraction"), a.findtext("text") or "", a.get("format")) for a in element.findall("answer")]
        if q.type is QuestionType.CHOICE:
            assert element.findtext("single") == "true", where
            assert [(f, html_text(t)) for f, t, _ in answers] == [
                ("100" if i == q.correct else "0", norm(o)) for i, o in enumerate(q.options)
            ], where
        elif q.type is QuestionType.TRUE_FALSE:
            assert [(f, t) for f, t, _ in answers] == [
                ("100" if q.answer == "True" else "0", "true"), ("100" if q.answer == "False" else "0", "false"),
            ], where
        elif q.type in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
            assert [(f, t) for f, t, _ in answers] == [("100", a) for a in dict.fromkeys((q.answer, *q.accepted))]
        else:
            pairs = [
                (html_text(s.findtext("text") or ""), norm(s.findtext("answer/text") or ""))
                for s in element.findall("subquestion")
            ]
            assert pairs == expected_pairs(q), where


# --- QTI (built by text2qti) ---

def qti_items(path: Path) -> list[ET.Element]:
    """The assessment items of the package, found through its manifest."""
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
        hrefs = [f.get("href") for f in manifest.iterfind(".//m:resource/m:file", MANIFEST_NS)]
        assert hrefs and all(h in names for h in hrefs), (hrefs, names)
        assessments = [
            h for h in hrefs if h and h.endswith(".xml") and not h.endswith("assessment_meta.xml")
        ]
        assert len(assessments) == 1, assessments
        root = ET.fromstring(package.read(assessments[0]))
    return root.findall(".//q:item", QTI_NS)


def _field(item: ET.Element, label: str) -> str:
    for field in item.iterfind(".//q:qtimetadatafield", QTI_NS):
        if field.findtext("q:fieldlabel", namespaces=QTI_NS) == label:
            return field.findtext("q:fieldentry", default="", namespaces=QTI_NS)
    raise AssertionError(f"no {label} in item {item.get('title')}")


def check_qti(path: Path, quiz: Quiz) -> None:
    items = qti_items(path)
    expected = sum(len(q.pairs) if q.type is QuestionType.MATCHING else 1 for q in quiz.questions)
    assert len(items) == expected
    position = 0
    for q in quiz.questions:
        parts = len(q.pairs) if q.type is QuestionType.MATCHING else 1
        for part in range(parts):
            item = items[position]
            position += 1
            where = f"{q.id} part {part + 1}"
            prompt = html_text(item.findtext("q:presentation/q:material/q:mattext", default="", namespaces=QTI_NS))
            labels = item.findall(".//q:response_label", QTI_NS)
            options = [html_text(lab.findtext(".//q:mattext", default="", namespaces=QTI_NS)) for lab in labels]
            right = [v.text or "" for v in item.iterfind(".//q:respcondition/q:conditionvar/q:varequal", QTI_NS)]
            kind = _field(item, "question_type")
            if q.type is QuestionType.MATCHING:
                assert item.get("title") == f"{q.id} ({part + 1}/{len(q.pairs)})", where
                left, answer = q.pairs[part]
                assert prompt == norm(f"{q.prompt} — {left}"), where
                assert kind == "multiple_choice_question", where
                assert options == [norm(o) for o in q.options], where
                assert right == [labels[q.options.index(answer)].get("ident")], where
                continue
            assert item.get("title") == q.id, where
            assert float(_field(item, "points_possible")) == max(0.5, round(q.points * 2) / 2), where
            if q.type in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
                assert kind == "short_answer_question", where
                assert blank_norm(prompt) == blank_norm(q.prompt), where
                assert right == list(dict.fromkeys(norm(a) for a in (q.answer, *q.accepted))), where
            elif q.type is QuestionType.CHRONOLOGY:
                assert kind == "multiple_choice_question", where
                assert prompt.startswith(norm(q.prompt)), where  # a repeated text gets "(question n)"
                correct = norm(" → ".join(q.options[i] for i in q.order))
                assert correct in options and len(set(options)) == len(options), where
                assert right == [labels[options.index(correct)].get("ident")], where
            else:
                assert kind == (
                    "true_false_question" if q.type is QuestionType.TRUE_FALSE else "multiple_choice_question"
                )
                assert prompt == norm(q.prompt), where
                assert options == [norm(o) for o in q.options], where
                assert q.correct is not None
                assert right == [labels[q.correct].get("ident")], where


# --- CSV ---

def check_csv(data: bytes, quiz: Quiz) -> None:
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV starts with a byte-order mark for spreadsheets"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(quiz.questions)
    for number, (row, q) in enumerate(zip(rows, quiz.questions), 1):
        assert row["number"] == str(number)
        assert (row["id"], row["type"], float(row["points"]), row["prompt"], row["answer"]) == (
            q.id, q.type.value, q.points, q.prompt, q.answer
        )
        assert row["options"].split("\n") == list(q.options) if q.options else row["options"] == ""
        assert row["accepted"] == "\n".join(q.accepted)
        assert row["citation"] == source_text(q)
        for version in quiz.versions:
            n = next(i for i, v in enumerate(version.questions, 1) if v.id == q.id)
            shown = version.questions[n - 1]
            assert row[f"number_{version.label}"] == str(n)
            if shown.type is QuestionType.CHOICE:
                assert shown.correct is not None
                assert row[f"key_{version.label}"] == letter(shown.correct)


# --- printable ---

def question_blocks(markup: str) -> list[str]:
    """Each question's markup in a student copy (one line per question)."""
    return [line for line in markup.splitlines() if line.startswith('<div class="question">')]


def check_student_html(markup: str, quiz: Quiz, version: QuizVersion) -> None:
    """Every question readable as written, and nothing a marker uses anywhere."""
    text = html_text(markup)
    for label in ("Name:", "Class:", "Date:"):
        assert label in text
    assert norm(quiz.title) in text
    blocks = question_blocks(markup)
    assert len(blocks) == len(version.questions)
    for number, (q, block) in enumerate(zip(version.questions, blocks), 1):
        where = q.id
        shown = html_text(block)
        if q.type is QuestionType.MISSING_WORD:
            for part in q.prompt.split(BLANK):
                assert norm(part) in shown, where
        else:
            assert shown.startswith(f"{number}. {norm(q.prompt)}"), where
        for i, option in enumerate(q.options):
            assert f"{letter(i)}. {norm(option)}" in shown, where
        if q.type in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
            for answer in (q.answer, *q.accepted):
                assert norm(answer) not in shown, f"{where}: the answer {answer!r} is in the student copy"
        if q.type is QuestionType.MATCHING:  # the left items in their order, the right column shuffled
            for i, (left, _) in enumerate(q.pairs, 1):
                assert f"{i}. {norm(left)}" in shown, where
        # No option is marked: each option's markup, its text taken out, is the same as the others'.
        shapes = {re.sub(r">[^<]*<", "><", li) for li in re.findall(r"<li>.*?</li>", block)}
        assert len(shapes) <= 1, (where, shapes)
        if source_text(q):
            assert norm(source_text(q)) not in text, where
        if q.explanation and q.type is not QuestionType.TRUE_FALSE:  # a true statement is its own prompt
            assert norm(q.explanation) not in text, where
    for word in ("answer key", "Source:", "Also accept", "Why:", "Order:", "Boxes:"):
        assert word not in text


def check_key_html(markup: str, quiz: Quiz, version: QuizVersion) -> None:
    text = html_text(markup)
    for number, q in enumerate(version.questions, 1):
        assert f"{number}. {norm(q.prompt)}" in text, q.id
        if q.type is QuestionType.CHOICE:
            assert q.correct is not None
            assert f"Answer: {letter(q.correct)}. {norm(q.answer)}" in text, q.id
        elif q.type is QuestionType.CHRONOLOGY:
            assert "Order: " + ", ".join(letter(i) for i in q.order) in text, q.id
        elif q.type is QuestionType.MATCHING:
            for i, (left, right) in enumerate(q.pairs, 1):
                assert f"{i}: {norm(left)} → {letter(q.options.index(right))}. {norm(right)}" in text, q.id
        else:
            assert f"Answer: {norm(q.answer)}" in text, q.id
        if source_text(q):
            assert norm(source_text(q)) in text, q.id
    total = f"{version.total_points:g}"
    assert f"Total: {total} point" in text
