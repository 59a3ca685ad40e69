"""Coverage of the seeds: the paragraph split, the substantive heuristic, and the facts citing each paragraph."""

from __future__ import annotations

import pytest

from studykit.core.coverage import coverage, coverage_dict, sentences, split_paragraphs, substance
from studykit.core.facts import Conflict, Fact, Reading, Source
from tests.conftest import SEEDS

# An article laid out as the English seed is: one paragraph per line, blank lines between,
# footnotes after each page's text, and sentences cut in two by page breaks.
ARTICLE = """\
A TITLE IN CAPITALS

The first paragraph names Mustafa Kemal and ends here.

The second paragraph runs to the foot of the page and stops in

¹ See Kandemir, *Kemal*, pp. 88-9.

² The footnote says the congress met at Sivas and then stops in the middle of a

the middle of a sentence, which goes on after the footnotes.

Another paragraph of the next page, dated 1919, whose sentence runs over the page in

the continuation of another paragraph, ended here.

footnote's remainder, on the next page. See also Harris, *Communism*, p. 3.

³ Ibid. p. 4.

⁴ FO 371, E262/262/44, report for week ending 22 January 1920.
"""


def test_each_line_is_a_paragraph_and_footnotes_stand_alone() -> None:
    paragraphs = split_paragraphs("a.txt", ARTICLE)
    kinds = [(p.first_line, p.kind) for p in paragraphs]
    assert kinds == [(1, "heading"), (3, "body"), (5, "body"), (7, "footnote"), (9, "footnote"), (13, "body"),
                     (19, "footnote"), (21, "footnote")]


def test_a_page_break_joins_the_halves_of_a_paragraph_and_of_a_footnote() -> None:
    by_line = {p.first_line: p for p in split_paragraphs("a.txt", ARTICLE)}
    assert by_line[5].lines == (5, 11)  # the text after the footnotes
    assert by_line[5].text.endswith("stops in the middle of a sentence, which goes on after the footnotes.")
    assert by_line[9].lines == (9, 17)  # the footnote's remainder sits just before the next page's footnotes
    assert by_line[13].lines == (13, 15)  # a lower-case opening goes on the paragraph before it
    spans = by_line[5].spans
    assert [ARTICLE[a:b][:10] for a, b in spans] == ["The second", "the middle"]


def test_a_hard_wrapped_document_is_split_at_blank_lines() -> None:
    text = (
        "The first paragraph is wrapped at a short width\nas plain-text files often are, and it names\n"
        "Nuri Pasha on its second line.\n\nThe second paragraph, also wrapped, gives\na date: 15 September 1918.\n"
    )
    paragraphs = split_paragraphs("b.txt", text)
    assert [p.lines for p in paragraphs] == [(1, 2, 3), (5, 6)]
    assert paragraphs[0].text.startswith("The first paragraph is wrapped at a short width as plain-text")


def test_a_document_with_single_line_breaks_is_split_at_each_of_them() -> None:
    text = "প্রথম অনুচ্ছেদ, 1918 সালে বাকুর যুদ্ধ।\nশিরোনাম\nদ্বিতীয় অনুচ্ছেদ: 15 সেপ্টেম্বর শহর দখল।\n"
    paragraphs = split_paragraphs("c.txt", text)
    assert [(p.first_line, p.kind, p.substantive) for p in paragraphs] == [
        (1, "body", True), (2, "heading", False), (3, "body", True)]


SUBSTANCE = [
    # (name, text, heading, substantive)
    ("english names", "The offensive was led by General Kâzım Karabekir against the republic.", False, True),
    ("english date", "It happened on 7 June.", False, True),
    ("english without signals", "it was not so, and nobody said otherwise.", False, False),
    ("azerbaijani names", "Bu zaman artıq polkovnik Stokes başda olmaqla ilk dəstə gəlmişdi.", False, True),
    ("azerbaijani month", "avqustun ortalarında hər şey dəyişdi.", False, True),
    ("bengali digits", "২৬শে আগস্ট আক্রমণ শুরু হয়।", False, True),
    ("bengali kind word", "তুর্কিরা শহর দখল করে।", False, True),
    ("bengali without signals", "এটা খুব ভালো ছিল না।", False, False),
    ("bibliographic footnote", "¹ Kandemir, *Kemal*, 89. See S. I. Aralov, *Vospominaniia* (Moscow, 1960), p. 20.",
     False, False),
    ("footnote with a claim", "² FO 371, E1/58. In April the Tiflis newspaper *Nor Ashkhataavor* published a treaty.",
     False, True),
    ("archive notice", "JSTOR is a not-for-profit service that helps Scholars discover content.", False, False),
    ("heading without a number", "Storm of Baku", True, False),
    ("caption with a year", "Isaak Brodsky's painting. 1925", True, True),
]


@pytest.mark.parametrize("name, text, heading, expected", SUBSTANCE, ids=[c[0] for c in SUBSTANCE])
def test_the_substantive_heuristic_in_each_script(name: str, text: str, heading: bool, expected: bool) -> None:
    assert bool(substance(text, heading=heading)) is expected


def test_sentences_are_not_cut_after_initials_or_abbreviations() -> None:
    text = "G. K. Ordzhonikidze and S. M. Kirov reported (vol. 1, pp. 3-4). Then Dr Fuat Sabit wrote. Iu. A. Bagirov."
    assert sentences(text) == [
        "G. K. Ordzhonikidze and S. M. Kirov reported (vol. 1, pp. 3-4).", "Then Dr Fuat Sabit wrote.",
        "Iu. A. Bagirov.",
    ]


def _fact(fact_id: str, *quotes: str, reading: str | None = None) -> Fact:
    conflicts = ()
    if reading:
        conflicts = (Conflict("date", (Reading("one", "a.txt", reading), Reading("two", "a.txt", None)), "why"),)
    return Fact(
        id=fact_id, kind="event", statement="Something happened.", deck_id="d", topics=("t",),
        sources=tuple(Source("a.txt", q) for q in quotes), conflicts=conflicts, name="it",
    )


def test_a_fact_cites_every_paragraph_one_of_its_quotes_lies_in() -> None:
    facts = [
        _fact("first", "names Mustafa Kemal"),
        _fact("second-half", "which goes on after the footnotes"),  # in the part after the page break
        _fact("reading", "Another", reading="congress met at Sivas"),  # a conflict reading's quote counts
        _fact("elsewhere", "not in this document at all"),
    ]
    [seed] = coverage(facts, {"a.txt": ARTICLE})
    cited = {r.paragraph.first_line: r.fact_ids for r in seed.rows}
    assert cited[3] == ("first",)
    assert cited[5] == ("second-half",)
    assert cited[9] == ("reading",) and cited[13] == ("reading",)
    assert cited[1] == () and cited[7] == ()
    row = next(r for r in seed.rows if r.paragraph.first_line == 3)
    assert row.quoted_chars == len("names Mustafa Kemal")
    assert 0 < row.quoted_share < 1


def test_the_json_report_counts_paragraphs_substantive_ones_and_the_gaps() -> None:
    facts = [_fact("first", "names Mustafa Kemal")]
    report = coverage_dict(coverage(facts, {"a.txt": ARTICLE}), {"a.txt": "An article"})
    [seed] = report["seeds"]
    assert seed["title"] == "An article"
    assert seed["paragraphs"] == 8 and seed["cited"] == 1
    substantive = [p for p in seed["paragraphs_detail"] if p["substantive"]]
    assert seed["substantive"] == len(substantive) and seed["substantive_cited"] == 1
    assert seed["substantive_cited_percent"] == round(100 / len(substantive), 1)
    assert [u["line"] for u in seed["uncited"]] == [1, 5, 7, 9, 13, 19, 21]
    assert report["total"]["paragraphs"] == 8
    first = seed["paragraphs_detail"][1]
    assert first == {
        "number": 2, "lines": [3], "kind": "body", "substantive": True, "signals": ["name"],
        "first_words": "The first paragraph names Mustafa Kemal and ends …", "quoted_percent": first["quoted_percent"],
        "facts": ["first"],
    }


def test_every_line_of_the_bundled_seeds_belongs_to_exactly_one_paragraph() -> None:
    for path in SEEDS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        lines = [n for p in split_paragraphs(path.name, text) for n in p.lines]
        filled = [n for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
        assert sorted(lines) == filled, path.name
