"""Bad quiz files, bad options and a bad environment: one line, exit 2, no traceback, no hang,
no file changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.badinput import decks as d
from tests.badinput.harness import Case, check_case, run_studykit

QUIZ = """\
quiz:
  title: TITLE
  count: COUNT
  versions: VERSIONS
  from: FROM
  types: {truefalse: CHOICE}
questions:
  - type: choice
    prompt: PROMPT
    options: ["Baku", "Tiflis", "Batum"]
    answer: "Baku"
    sources:
      - seed: source.txt
        quote: QUOTE
"""
QUIZ_FIELDS = {
    "TITLE": '"Probe quiz"', "COUNT": "1", "VERSIONS": "1", "FROM": '"1918-01"', "CHOICE": "1",
    "PROMPT": '"Which city did the Caucasus Islamic Army enter on 15 September 1918?"', "QUOTE": f'"{d.QUOTE}"',
}


def quiz_text(**fields: str) -> str:
    text = QUIZ
    for key, default in QUIZ_FIELDS.items():
        text = text.replace(key, fields.get(key.lower(), default))
    return text


def with_quiz(text: str | bytes | None = None, **fields: str):  # type: ignore[no-untyped-def]
    def setup(tmp: Path) -> None:
        d.with_deck()(tmp)
        content = quiz_text(**fields) if text is None else text
        (tmp / "probe-quiz.yaml").write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    return setup


def with_special_quiz(make):  # type: ignore[no-untyped-def]
    def setup(tmp: Path) -> None:
        d.with_deck()(tmp)
        make(tmp)

    return setup


BUILD = ["quiz", "build", "probe-quiz.yaml", "--decks-dir", "decks", "--seeds-dir", "seeds", "--out", "out"]
BUILD_FROM_DECKS = ["quiz", "build", "--decks-dir", "decks", "--seeds-dir", "seeds", "-n", "2", "--out", "out"]
LONG_NAME = "x" * 300

QUIZ_CASES = [
    Case("impossible date, unquoted", BUILD, ["probe-quiz.yaml:5: quiz.from:", "February 1918 has no day 30"], with_quiz(quiz_text().replace('from: "1918-01"', "from: 1918-02-30"))),
    Case("year 0 in from", BUILD, ["probe-quiz.yaml:5:", "the year must be from"], with_quiz(quiz_text().replace('from: "1918-01"', "from: 0000-01-01"))),
    Case("recursive alias", BUILD, ["probe-quiz.yaml:", "recursive alias"], with_quiz(quiz_text().replace('options: ["Baku", "Tiflis", "Batum"]', "options: &o [*o]"))),
    Case("billion laughs", BUILD, ["probe-quiz.yaml:", "expands to more than"], with_quiz(d.BILLION_LAUGHS.replace("deck: *i\nfacts: *i", "quiz: *i"))),
    Case("control character in the title", BUILD, ["probe-quiz.yaml:2: quiz.title:", "U+001B"], with_quiz(title=r'"Quiz \e]0;pwned\a"')),
    Case("raw control character in a prompt", BUILD, ["probe-quiz.yaml:9: questions[0].prompt:", "U+001B"], with_quiz(prompt='"Which city?\x1b[2J"')),
    Case("one-letter quote", BUILD, ["probe-quiz.yaml:14: questions[0].sources[0].quote:", "at least 3 words"], with_quiz(quote='"B"')),
    Case("count of 1e308", BUILD, ["probe-quiz.yaml:3: quiz.count:"], with_quiz(count="1e308")),
    Case("type mix of 1e308", BUILD, ["probe-quiz.yaml", "must be from 0 to 1000"], with_quiz(choice="1.0e+308")),
    Case("versions: 0123 (octal)", BUILD, ["probe-quiz.yaml:4: quiz.versions:", "read by YAML as the number 83"], with_quiz(versions="0123")),
    Case("quiz file not UTF-8", BUILD, ["probe-quiz.yaml:2:", "not UTF-8"], with_quiz(quiz_text(title='"Caf\xe9"').encode("latin-1"))),
    Case("quiz file is a FIFO", ["quiz", "build", "pipe.yaml", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["pipe.yaml:", "named pipe"], with_special_quiz(lambda tmp: os.mkfifo(tmp / "pipe.yaml"))),
    Case("quiz file links to /dev/zero", ["quiz", "build", "zero.yaml", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["zero.yaml:", "character device"], with_special_quiz(lambda tmp: os.symlink("/dev/zero", tmp / "zero.yaml"))),
    Case("quiz file is a symlink loop", ["quiz", "build", "loop.yaml", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["loop.yaml:", "symbolic links"], with_special_quiz(lambda tmp: os.symlink("loop.yaml", tmp / "loop.yaml"))),
    Case("quiz file is a directory", ["quiz", "build", "dir.yaml", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["dir.yaml:", "a directory"], with_special_quiz(lambda tmp: (tmp / "dir.yaml").mkdir())),
    Case("quiz file missing", ["quiz", "build", "gone.yaml", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["gone.yaml: quiz file not found"], d.with_deck()),
    Case("unknown quiz id", ["quiz", "build", "nope", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["unknown quiz 'nope'"], d.with_deck()),
    Case("FIFO in the quizzes directory", ["quiz", "list", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["decks/quizzes/pipe.yaml:", "named pipe"], with_special_quiz(lambda tmp: ((tmp / "decks" / "quizzes").mkdir(), os.mkfifo(tmp / "decks" / "quizzes" / "pipe.yaml")))),
]

OPTION_CASES = [
    Case("--out name too long", [*BUILD_FROM_DECKS[:-1], LONG_NAME], ["--out", "File name too long"], d.with_deck()),
    Case("--out inside a long name", [*BUILD_FROM_DECKS[:-1], f"a/{LONG_NAME}/b"], ["--out", "File name too long"], d.with_deck()),
    Case("--out under a file", [*BUILD_FROM_DECKS[:-1], "seeds/source.txt/out"], ["--out", "is not a directory"], d.with_deck()),
    Case("--types choice=1e308", [*BUILD_FROM_DECKS, "--types", "choice=1e308"], ["must be from 0 to 1000"], d.with_deck()),
    Case("--types two of 1e308", [*BUILD_FROM_DECKS, "--types", "choice=1e308,truefalse=1e308"], ["must be from 0 to 1000"], d.with_deck()),
    Case("--types choice=nan", [*BUILD_FROM_DECKS, "--types", "choice=nan"], ["--types", "zero or more"], d.with_deck()),
    Case("--types without a number", [*BUILD_FROM_DECKS, "--types", "choice"], ["--types", "expected TYPE=NUMBER"], d.with_deck()),
    Case("--points choice=1e308", [*BUILD_FROM_DECKS, "--points", "choice=1e308"], ["points for choice must be from 0 to 1000"], d.with_deck()),
    Case("--from 0000", [*BUILD_FROM_DECKS, "--from", "0000"], ["--from", "the year must be from"], d.with_deck()),
    Case("--to impossible day", [*BUILD_FROM_DECKS, "--to", "1918-02-30"], ["--to", "no day 30"], d.with_deck()),
    Case("--from five digits", [*BUILD_FROM_DECKS, "--from", "99999"], ["--from", "not an ISO 8601 date"], d.with_deck()),
    Case("-n 0", [*BUILD_FROM_DECKS[:-4], "-n", "0", "--out", "out"], ["at least 1"], d.with_deck()),
    Case("-n not a number", [*BUILD_FROM_DECKS[:-4], "-n", "many", "--out", "out"], ["invalid int value"], d.with_deck()),
    Case("--versions 27", [*BUILD_FROM_DECKS, "--versions", "27"], ["versions must be between 1 and 26"], d.with_deck()),
    Case("--format unknown", [*BUILD_FROM_DECKS, "--format", "docx"], ["unknown format 'docx'"], d.with_deck()),
    Case("--title with escapes", [*BUILD_FROM_DECKS, "--title", "\x1b]0;pwned\x07", "--format", "nope"], ["unknown format"], d.with_deck()),
    Case("quiz take without a terminal", ["quiz", "take", "--decks-dir", "decks", "--seeds-dir", "seeds", "-n", "2"], ["needs an interactive terminal"], d.with_deck()),
    Case("quiz take, unknown version", ["quiz", "take", "--decks-dir", "decks", "--seeds-dir", "seeds", "-n", "2", "--version", "Z"], ["--version Z"], d.with_deck()),
    Case("quiz take, results is a directory", ["quiz", "take", "--decks-dir", "decks", "--seeds-dir", "seeds", "-n", "2", "--results", "seeds"], ["--results seeds", "not a file"], d.with_deck()),
    Case("quiz with no action", ["quiz"], ["say what to do"]),
    Case("review without a terminal", ["review", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["needs an interactive terminal"], d.with_deck()),
    Case("cards --type unknown", ["cards", "--type", "essay"], ["invalid choice: 'essay'"]),
    Case("cards --seed not a number", ["cards", "--seed", "x"], ["invalid int value"]),
    Case("unknown subcommand", ["study"], ["invalid choice: 'study'"]),
    Case("export without a format", ["export"], ["name a format"]),
    Case("export to a .txt", ["export", "anki", "out.txt", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["must end in .apkg"], d.with_deck()),
    Case("export to a directory", ["export", "anki", "seeds.apkg", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["is a directory"], lambda tmp: (d.with_deck()(tmp), (tmp / "seeds.apkg").mkdir())),
    Case("export into a missing directory", ["export", "anki", "gone/out.apkg", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["gone/out.apkg: cannot write"], d.with_deck()),
    Case("export --types truefalse", ["export", "anki", "o.apkg", "--types", "truefalse"], ["not exported to Anki"]),
    Case("stats, no collection", ["stats", "--collection", "none.sqlite3"], ["no collection at none.sqlite3"]),
    Case("escape sequence in a file name", ["stats", "--collection", "\x1b]0;pwned\x07.sqlite3"], ["no collection at", "\\x1b]0;pwned\\x07"]),
]

ENV = ["export", "anki", "out.apkg", "--decks-dir", "decks", "--seeds-dir", "seeds"]
ENVIRONMENT_CASES = [
    Case("SOURCE_DATE_EPOCH beyond SQLite's integers", ENV, ["SOURCE_DATE_EPOCH", "from 0 to"], d.with_deck(), env={"SOURCE_DATE_EPOCH": "9" * 30}),
    Case("SOURCE_DATE_EPOCH past the year 9999", ENV, ["SOURCE_DATE_EPOCH"], d.with_deck(), env={"SOURCE_DATE_EPOCH": "253402300800"}),
    Case("SOURCE_DATE_EPOCH negative", ENV, ["SOURCE_DATE_EPOCH"], d.with_deck(), env={"SOURCE_DATE_EPOCH": "-5"}),
    Case("SOURCE_DATE_EPOCH not a number", ENV, ["SOURCE_DATE_EPOCH", "expected seconds"], d.with_deck(), env={"SOURCE_DATE_EPOCH": "yesterday"}),
    Case("disk full while exporting", ENV, ["out.apkg: cannot write"], d.with_deck(), limit_file_size=64 * 1024),
    Case("disk full while building a quiz", [*BUILD_FROM_DECKS, "--format", "html,md,gift,moodle,qti,csv,json"], ["--out out: cannot write"], d.with_deck(), limit_file_size=4 * 1024),
    Case("STUDYKIT_DECKS missing", ["facts", "--seeds-dir", "seeds"], ["{tmp}/gone: deck directory not found"], d.with_deck(), env={"STUDYKIT_DECKS": "{tmp}/gone"}),
    Case("STUDYKIT_SEEDS is a file", ["facts"], ["seed directory not found"], d.with_deck(), env={"STUDYKIT_SEEDS": "{tmp}/seeds/source.txt"}),
    Case("STUDYKIT_KEYMAP is a FIFO", ["review", "--decks-dir", "decks", "--seeds-dir", "seeds"], ["pipe.toml", "named pipe"],
         with_special_quiz(lambda tmp: os.mkfifo(tmp / "pipe.toml")), env={"STUDYKIT_KEYMAP": "{tmp}/pipe.toml"}, tty=True),
    Case("keymap is /dev/zero", ["review", "--keymap", "/dev/zero"], ["/dev/zero", "character device"], tty=True),
    Case("keymap not UTF-8", ["review", "--keymap", "keys.toml"], ["keys.toml:2:", "not UTF-8"],
         lambda tmp: (tmp / "keys.toml").write_bytes(b'[keymap]\n"review.good" = "\xff"\n'), tty=True),
    Case("keymap not TOML", ["review", "--keymap", "keys.toml"], ["keys.toml: cannot read the keymap"],
         lambda tmp: (tmp / "keys.toml").write_text("[keymap\n"), tty=True),
]


@pytest.mark.parametrize("case", QUIZ_CASES, ids=str)
def test_bad_quiz_file(case: Case, tmp_path: Path) -> None:
    check_case("quiz files", case, tmp_path)


@pytest.mark.parametrize("case", OPTION_CASES, ids=str)
def test_bad_option(case: Case, tmp_path: Path) -> None:
    check_case("options", case, tmp_path)


@pytest.mark.parametrize("case", ENVIRONMENT_CASES, ids=str)
def test_bad_environment(case: Case, tmp_path: Path) -> None:
    check_case("environment", case, tmp_path)


def test_the_valid_quiz_is_accepted(tmp_path: Path) -> None:
    with_quiz()(tmp_path)
    code, _out, err, _ = run_studykit(BUILD, cwd=tmp_path)
    assert code == 0, err
    assert (tmp_path / "out").is_dir()
