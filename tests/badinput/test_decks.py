"""Bad deck files and seeds: each one readable line naming file, line and field, exit 2, no
traceback, no hang (each runs within the harness's time limit; the alias bomb and the
special files within seconds), and no file changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.badinput import decks as d
from tests.badinput.harness import Case, check_case

FACTS = ["facts", "--decks-dir", "decks", "--seeds-dir", "seeds"]
DATE_AT = "decks/probe.yaml:10: facts[0] (fall-of-baku-probe).date:"
VALUE_AT = "decks/probe.yaml:20: facts[1] (dunsterforce-men-probe).value:"

CASES = [
    # Dates YAML would turn into timestamps (its constructor raises a bare ValueError for these).
    Case("impossible date, unquoted", FACTS, [DATE_AT, "February 1918 has no day 30"], d.with_deck(date="1918-02-30")),
    Case("month 13, unquoted", FACTS, [DATE_AT, "has no month 13"], d.with_deck(date="1918-13-01")),
    Case("year 0, unquoted", FACTS, [DATE_AT, "the year must be from 100 to 9899"], d.with_deck(date="0000-01-01")),
    Case("year 0, quoted", FACTS, [DATE_AT, "the year must be from"], d.with_deck(date='"0000"')),
    Case("year 9999, last day", FACTS, [DATE_AT, "the year must be from"], d.with_deck(date='"9999-12-31"')),
    Case("timestamp with a time", FACTS, [DATE_AT, "not an ISO 8601 date"], d.with_deck(date="1918-09-15T10:00:00")),
    Case("date as a number", FACTS, [DATE_AT, "not an ISO 8601 date"], d.with_deck(date="19180915")),
    Case("date range backwards", FACTS, [DATE_AT, "must end after it starts"], d.with_deck(date='"1918-09/1918-08"')),
    # Numbers the rest of studykit cannot compute with, and numbers YAML reads unexpectedly.
    Case("value .nan", FACTS, [VALUE_AT, "finite number"], d.with_deck(value=".nan")),
    Case("value .inf", FACTS, [VALUE_AT, "finite number"], d.with_deck(value=".inf")),
    Case("value -.inf", FACTS, [VALUE_AT, "finite number"], d.with_deck(value="-.inf")),
    Case("value of 400 digits", FACTS, [VALUE_AT, "at most 15 digits"], d.with_deck(value="9" * 400)),
    Case("value 1e300 (text to YAML 1.1)", FACTS, [VALUE_AT, "plain number"], d.with_deck(value="1e300")),
    Case("value in hex", FACTS, ["decks/probe.yaml:20: facts[1].value:", "read by YAML as the number 16"], d.with_deck(value="0x10")),
    Case("id: 0123 (YAML octal)", FACTS, ["decks/probe.yaml:6: facts[0].id:", "read by YAML as the number 83"], d.with_deck(event_id="0123")),
    Case("value in base 60", FACTS, ["decks/probe.yaml:20: facts[1].value:", "read by YAML as the number 3000"], d.with_deck(value="50:00")),
    # YAML structure.
    Case("recursive alias", FACTS, ["decks/probe.yaml:12: facts[0].topics[0]:", "recursive alias"], d.with_deck(d.RECURSIVE_ALIAS)),
    Case("billion laughs", FACTS, ["decks/probe.yaml:", "expands to more than"], d.with_deck(d.BILLION_LAUGHS)),
    Case("nested 10,000 deep", FACTS, ["decks/probe.yaml:1:", "malformed YAML"], d.with_deck("deck: " + "[" * 10000 + "]" * 10000)),
    Case("python object tag", FACTS, ["decks/probe.yaml:1:", "malformed YAML"], d.with_deck("deck: !!python/object/apply:os.system ['true']\n")),
    Case("duplicate key", FACTS, ["decks/probe.yaml:10: facts[0].name: duplicate key"], d.with_deck(d.deck_text().replace('    date: "1918-09-15"', '    name: "again"', 1))),
    Case("tab indentation", FACTS, ["decks/probe.yaml:", "malformed YAML"], d.with_deck(d.deck_text().replace("  - id: EVENT", "\t- id: EVENT").replace("    kind: event", "\tkind: event", 1))),
    Case("empty file", FACTS, ["decks/probe.yaml:1:", "must be a mapping"], d.with_deck("")),
    Case("a list, not a mapping", FACTS, ["decks/probe.yaml:1:", "must be a mapping"], d.with_deck("- 1\n- 2\n")),
    Case("no facts", FACTS, ["decks/probe.yaml:", "facts", "non-empty list"], d.with_deck(d.deck_text().split("facts:")[0] + "facts: []\n")),
    # Control characters: raw in the file, or written as YAML escapes.
    Case("raw ESC in a statement", FACTS, ["decks/probe.yaml:8: facts[0].statement:", "U+001B (escape)"], d.with_deck(statement='"Baku fell.\x1b[2J"')),
    Case("raw BEL in a quote", FACTS, ["decks/probe.yaml:15: facts[0].sources[0].quote:", "U+0007"], d.with_deck(quote='"entered \x07Baku"')),
    Case("raw NUL", FACTS, ["decks/probe.yaml:9:", "U+0000"], d.with_deck(event_name='"the fall\x00 of Baku"')),
    Case("window title (escaped ESC)", FACTS, ["decks/probe.yaml:8: facts[0].statement:", "U+001B (escape)"], d.with_deck(statement=r'"\e]0;pwned\a Baku fell."')),
    Case("OSC 52 clipboard", FACTS, ["decks/probe.yaml:9: facts[0].name:", "U+001B"], d.with_deck(event_name=r'"\e]52;c;cm0gLXJmIH4=\a"')),
    Case("OSC 8 hyperlink", FACTS, ["decks/probe.yaml:19: facts[1].label:", "U+001B"], d.with_deck(label=r'"\e]8;;http://x.example/\e\\men\e]8;;\e\\"')),
    Case("cursor movement", FACTS, ["decks/probe.yaml:15: facts[0].sources[0].quote:", "U+001B"], d.with_deck(quote=r'"\e[2A\e[2KThe Caucasus"')),
    Case("C1 CSI", FACTS, ["decks/probe.yaml:8: facts[0].statement:", "U+009B (CSI)"], d.with_deck(statement=r'"Baku \x9b2J fell."')),
    Case("carriage return", FACTS, ["decks/probe.yaml:8: facts[0].statement:", "U+000D"], d.with_deck(statement=r'"Baku fell.\rBaku stood."')),
    Case("bidi override", FACTS, ["decks/probe.yaml:9: facts[0].name:", "U+202E"], d.with_deck(event_name='"the fall \u202eof Baku"')),
    Case("control character in a deck name", FACTS, ["decks/probe.yaml:3: deck.name:", "U+001B"], d.with_deck(deck_name=r'"Probe \e]0;x\a deck"')),
    Case("control character in a key", FACTS, ["decks/probe.yaml:", "U+001B"], d.with_deck(d.deck_text().replace("    place:", '    "pl\\eace":', 1))),
    # Files that are not deck files.
    Case("deck is a FIFO", FACTS, ["decks/pipe.yaml:", "not a regular file (a named pipe)"], d.with_special_deck(d.fifo)),
    Case("deck links to /dev/zero", FACTS, ["decks/zero.yaml:", "not a regular file (a character device)"], d.with_special_deck(d.dev_zero)),
    Case("symlink loop", FACTS, ["decks/loop.yaml:", "Too many levels of symbolic links"], d.with_special_deck(d.link_loop)),
    Case("a directory named *.yaml", FACTS, ["decks/folder.yaml:", "a directory"], d.with_special_deck(d.sub_directory)),
    Case("40 MiB deck", FACTS, ["decks/huge.yaml:", "bytes, more than the"], d.with_special_deck(d.huge_file)),
    Case("deck not UTF-8", FACTS, ["decks/probe.yaml:8:", "not UTF-8"], d.with_deck(d.deck_text(statement='"Baku \xff fell."').encode("latin-1"))),
    Case("seed not UTF-8", FACTS, ["seeds/source.txt:1:", "not UTF-8"], lambda tmp: (d.with_deck()(tmp), d.write_seeds(tmp, b"caf\xe9 " + d.SEED_TEXT.encode()))),
    Case("seed is a FIFO", FACTS, ["seeds/pipe.txt:", "named pipe"], lambda tmp: (d.with_deck()(tmp), __import__("os").mkfifo(tmp / "seeds" / "pipe.txt"))),
    Case("seed directory missing", ["facts", "--decks-dir", "decks", "--seeds-dir", "nowhere"], ["nowhere: seed directory not found"], d.with_deck()),
    Case("deck directory missing", ["facts", "--decks-dir", "nowhere", "--seeds-dir", "seeds"], ["nowhere: deck directory not found"], d.with_deck()),
    Case("deck directory is a file", ["facts", "--decks-dir", "seeds/source.txt", "--seeds-dir", "seeds"], ["deck directory not found"], d.with_deck()),
    Case("no deck files", ["facts", "--decks-dir", "seeds", "--seeds-dir", "seeds"], ["no deck files"], d.with_deck()),
    # Citations.
    Case("one-letter quote", FACTS, ["decks/probe.yaml:15: facts[0] (fall-of-baku-probe).sources[0].quote:", "at least 3 words"], d.with_deck(quote='"B"')),
    Case("two-word quote", FACTS, ["sources[0].quote:", "at least 3 words"], d.with_deck(quote='"entered Baku"')),
    Case("quote not in the seed", FACTS, ["sources[0].quote: quote not found verbatim"], d.with_deck(quote='"The Caucasus Islamic Army took Tiflis"')),
    Case("unknown deck asked for", [*FACTS, "--deck", "nope"], ["unknown deck 'nope'"], d.with_deck()),
    Case("escape sequence in --deck", [*FACTS, "--deck", "\x1b]0;pwned\x07"], ["unknown deck", "\\x1b]0;pwned\\x07"], d.with_deck()),
]

# What passed validation before and crashed every command after: now refused by each command.
LATER_COMMANDS = {
    "cards": ["cards", "--decks-dir", "decks", "--seeds-dir", "seeds"],
    "export anki": ["export", "anki", "out.apkg", "--decks-dir", "decks", "--seeds-dir", "seeds"],
    "quiz build": ["quiz", "build", "--decks-dir", "decks", "--seeds-dir", "seeds", "-n", "2", "--out", "quiz"],
}
LATER_BREAKERS = {
    "value .nan": (d.with_deck(value=".nan"), VALUE_AT),
    "value .inf": (d.with_deck(value=".inf"), VALUE_AT),
    "400-digit value": (d.with_deck(value="9" * 400), VALUE_AT),
    "year 0": (d.with_deck(date='"0000-01-01"'), DATE_AT),
    "9999-12-31": (d.with_deck(date='"9999-12-31"'), DATE_AT),
}
CASES += [
    Case(f"{breaker} then {command}", args, [where], setup)
    for breaker, (setup, where) in LATER_BREAKERS.items()
    for command, args in LATER_COMMANDS.items()
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_deck(case: Case, tmp_path: Path) -> None:
    result = check_case("decks and seeds", case, tmp_path)
    assert result.seconds < 10, f"{case.name} took {result.seconds:.1f}s"


def test_the_valid_deck_is_accepted(tmp_path: Path) -> None:
    """The corpus's base deck is valid, so each case fails for the one thing it changes; CRLF
    line endings (a file saved on Windows) are no control characters."""
    from tests.badinput.harness import run_studykit

    d.with_deck(d.deck_text().replace("\n", "\r\n"))(tmp_path)
    for args in (FACTS, LATER_COMMANDS["cards"], LATER_COMMANDS["quiz build"]):
        code, _out, err, _ = run_studykit(args, cwd=tmp_path)
        assert code == 0, err


def _sources_table_fifo(tmp: Path) -> None:
    d.with_deck()(tmp)
    __import__("os").mkfifo(tmp / "seeds" / "sources.toml")


def test_a_pipe_named_sources_toml_hangs_nothing(tmp_path: Path) -> None:
    """The seeds' table of titles is read by the Anki export and the source screen: a pipe in
    its place is skipped (the documents are then named by file), never waited on."""
    from tests.badinput.harness import run_studykit

    _sources_table_fifo(tmp_path)
    for args in (LATER_COMMANDS["export anki"], LATER_COMMANDS["quiz build"]):
        code, _, err, _seconds = run_studykit(args, cwd=tmp_path, time_limit_s=60)
        assert code == 0, err
