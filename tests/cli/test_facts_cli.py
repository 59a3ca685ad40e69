"""`studykit facts`: the summary, the JSON listing, and one clear line per problem in bad decks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from studykit.cli import main
from tests.conftest import ROOT

SEED = "001_d3695f0660554b3e.txt"
QUOTE = "sentyabrın 15-də Azərbaycan ordu hissələri Bakıya daxil oldu"

GOOD = f"""
deck:
  id: test-deck
  name: Test deck
  description: A deck for tests.
facts:
  - id: fall-of-baku
    kind: event
    statement: "Baku fell on 15 September 1918."
    name: "the fall of Baku"
    date: "1918-09-15"
    place: Baku
    topics: [battle-of-baku]
    sources:
      - seed: {SEED}
        quote: "{QUOTE}"
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_good_deck_json_lists_every_field_with_iso_dates(deck_dir, capsys) -> None:
    directory = deck_dir(good=GOOD)
    code, out, _ = run(capsys, "facts", "--decks-dir", str(directory), "--json")
    assert code == 0
    [fact] = json.loads(out)
    assert fact["id"] == "fall-of-baku" and fact["date"] == "1918-09-15"
    assert fact["date_display"] == "15 September 1918"
    assert fact["sources"] == [{"seed": SEED, "quote": QUOTE}]


NUMBER = GOOD.replace("kind: event", "kind: number").replace(
    '    name: "the fall of Baku"\n    date: "1918-09-15"\n    place: Baku\n',
    '    label: "the size of the army"\n    value: 3000\n    unit: men\n',
).replace("Baku fell on 15 September 1918.", "The army numbered 3,000 men.")

BAD_CASES = [
    # (name, deck text, expected line, expected fragment of the message)
    ("malformed yaml", GOOD.replace("kind: event", "kind: [event"), 8, "malformed YAML"),
    ("missing field", GOOD.replace('    name: "the fall of Baku"\n', ""), 6, "facts[0] (fall-of-baku).name: missing required field"),
    ("unknown field", GOOD.replace("    place: Baku\n", "    place: Baku\n    colour: red\n"), 12, "colour: unknown field"),
    ("unknown kind", GOOD.replace("kind: event", "kind: battle"), 7, "kind: unknown value 'battle'"),
    ("impossible date", GOOD.replace("1918-09-15", "1918-02-30"), 10, "date: '1918-02-30' is impossible"),
    ("quote not found", GOOD.replace("Bakıya daxil oldu", "Bakıya girdi"), 15, "quote not found verbatim in 001"),
    ("unknown seed", GOOD.replace(SEED, "999_missing.txt"), 14, "unknown seed '999_missing.txt'"),
    ("duplicate key", GOOD.replace("    place: Baku\n", "    place: Baku\n    place: Ganja\n"), 12, "place: duplicate key"),
    ("bad id", GOOD.replace("id: fall-of-baku", "id: Fall_of_Baku"), 6, "is not a slug"),
    ("number as text", GOOD.replace("kind: event", "kind: number").replace(
        '    name: "the fall of Baku"\n    date: "1918-09-15"\n    place: Baku\n',
        '    label: "the size of the army"\n    value: "3,000"\n    unit: men\n'), 10, "expected a plain number"),
    ("unknown qualifier", NUMBER.replace("unit: men", "unit: men\n    qualifier: roughly"), 12, "unknown value 'roughly'"),
    ("qualified number without qualifier", NUMBER.replace("numbered 3,000", "numbered about 3,000"), 6,
     "qualifier: the statement qualifies its number ('about' 3,000)"),
    ("qualifier not shown", NUMBER.replace("unit: men", "unit: men\n    qualifier: more than"), 12,
     "must show the number as 'more than' '3,000'"),
    ("by-date without date_bound", GOOD.replace("Baku fell on 15 September 1918.", "By 15 September 1918 Baku had fallen."),
     6, "date_bound: the statement gives its date as an upper bound ('By 15 September'): set date_bound: by"),
    ("date_bound without by", GOOD.replace("    place: Baku\n", "    place: Baku\n    date_bound: by\n"), 12,
     "the statement must say 'by' the date"),
    ("according_to without the phrase", GOOD.replace("    place: Baku\n", f"    place: Baku\n    according_to: {SEED}\n"),
     8, "must begin 'According to <source>, ...'"),
    ("according_to another seed", GOOD.replace("    place: Baku\n", "    place: Baku\n    according_to: 000_x.txt\n").replace(
        "Baku fell on", "According to the Bengali article, Baku fell on"), 15, "a fact according to 000_x.txt cites only that seed"),
]


@pytest.mark.parametrize("name, text, line, fragment", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_deck_gets_one_line_naming_file_line_and_field(deck_dir, capsys, name, text, line, fragment) -> None:
    directory = deck_dir(bad=text)
    code, out, err = run(capsys, "facts", "--decks-dir", str(directory))
    assert code == 2 and out == ""
    problem_lines = [text for text in err.splitlines() if "bad.yaml" in text]
    assert len(problem_lines) == 1, err
    assert f"bad.yaml:{line}:" in problem_lines[0], err
    assert fragment in problem_lines[0], err
    assert "Traceback" not in err


def test_duplicate_id_across_decks_names_both_places(deck_dir, capsys) -> None:
    directory = deck_dir(a=GOOD, b=GOOD.replace("id: test-deck", "id: other-deck"))
    code, _, err = run(capsys, "facts", "--decks-dir", str(directory))
    assert code == 2
    assert "b.yaml:6: facts[0].id: duplicate fact id 'fall-of-baku' (first in" in err
    assert "a.yaml:6" in err


def test_unknown_deck_is_named_with_the_known_ones(deck_dir, capsys) -> None:
    directory = deck_dir(good=GOOD)
    code, _, err = run(capsys, "facts", "--decks-dir", str(directory), "--deck", "nope")
    assert code == 2 and "unknown deck 'nope'; known decks: test-deck" in err


def test_every_problem_in_a_file_is_reported_at_once(deck_dir, capsys) -> None:
    text = GOOD.replace("kind: event", "kind: battle").replace("id: test-deck", "id: Test Deck")
    code, _, err = run(capsys, "facts", "--decks-dir", str(deck_dir(bad=text)))
    assert code == 2 and "2 problems" in err


def test_bad_input_in_a_real_process_prints_no_traceback(deck_dir) -> None:
    directory = deck_dir(bad=GOOD.replace("1918-09-15", "1918-02-30"))
    result = subprocess.run(
        [sys.executable, "-m", "studykit", "facts", "--decks-dir", str(directory)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "impossible" in result.stderr


def test_bundled_summary_names_all_sources_and_conflicts(capsys) -> None:
    code, out, _ = run(capsys, "facts")
    assert code == 0
    for seed in ("000_a533e5b48fd8da9a.txt", "001_d3695f0660554b3e.txt", "002_b70820031354e4d2.txt"):
        assert seed in out
    assert "Conflicts recorded:" in out


def test_bundled_json_lists_at_least_150_facts(capsys) -> None:
    code, out, _ = run(capsys, "facts", "--json")
    facts = json.loads(out)
    assert code == 0 and len(facts) >= 150
    assert all(f["sources"] for f in facts)
    assert len({f["id"] for f in facts}) == len(facts)


def test_coverage_lists_each_paragraph_with_its_facts_and_the_gaps(deck_dir, tmp_path, capsys) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / SEED).write_text(
        f"Birinci paraqraf: {QUOTE}.\n\nİkinci paraqraf, 1918-ci ildə Nuri Paşa haqqında.\n\nBaşlıq\n",
        encoding="utf-8",
    )
    directory = deck_dir(good=GOOD)
    code, out, _ = run(capsys, "facts", "--coverage", "--decks-dir", str(directory), "--seeds-dir", str(seeds))
    assert code == 0
    assert "fall-of-baku" in out
    assert "paragraphs 3, cited 1 (33.3 %); substantive 2, cited 1 (50.0 %)" in out
    assert "Substantive paragraphs no fact cites (1):" in out
    assert "line    3  body     İkinci paraqraf, 1918-ci ildə Nuri Paşa haqqında." in out
    code, out, _ = run(
        capsys, "facts", "--coverage", "--json", "--decks-dir", str(directory), "--seeds-dir", str(seeds),
    )
    report = json.loads(out)
    [seed] = report["seeds"]
    assert seed["seed"] == SEED and seed["paragraphs_detail"][0]["facts"] == ["fall-of-baku"]
    assert [u["line"] for u in seed["uncited"]] == [3, 5]
    assert report["total"]["substantive_cited_percent"] == 50.0


def test_bundled_coverage_reports_every_seed_and_adds_up(capsys) -> None:
    code, out, _ = run(capsys, "facts", "--coverage", "--json")
    report = json.loads(out)
    assert code == 0 and len(report["seeds"]) == 3
    for key in ("paragraphs", "cited", "substantive", "substantive_cited"):
        assert report["total"][key] == sum(s[key] for s in report["seeds"])
    for seed in report["seeds"]:
        assert seed["cited"] == sum(1 for p in seed["paragraphs_detail"] if p["facts"])


def test_qualifier_date_bound_and_attribution_are_listed_in_json(deck_dir, capsys) -> None:
    qualified = NUMBER.replace("numbered 3,000", "numbered about 3,000").replace(
        "unit: men", "unit: men\n    qualifier: about",
    )
    bounded = GOOD.replace("Baku fell on 15 September 1918.", "By 15 September 1918 Baku had fallen.").replace(
        "    place: Baku\n", "    place: Baku\n    date_bound: by\n").replace("id: fall-of-baku", "id: baku-fallen")
    attributed = GOOD.replace("Baku fell on", "According to the Azerbaijani article, Baku fell on").replace(
        "    place: Baku\n", f"    place: Baku\n    according_to: {SEED}\n").replace("id: fall-of-baku", "id: baku-az")
    directory = deck_dir(
        a=qualified, b=bounded.replace("id: test-deck", "id: b"), c=attributed.replace("id: test-deck", "id: c"),
    )
    code, out, _ = run(capsys, "facts", "--decks-dir", str(directory), "--json")
    assert code == 0
    facts = {f["id"]: f for f in json.loads(out)}
    assert facts["fall-of-baku"]["qualifier"] == "about" and facts["fall-of-baku"]["value"] == 3000
    assert facts["baku-fallen"]["date_bound"] == "by"
    assert facts["baku-az"]["according_to"] == SEED
