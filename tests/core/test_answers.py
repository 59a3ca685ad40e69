"""Typed answers: correct after folding spellings, dates and numbers; a near miss is one typo."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studykit.core.answers import (
    Verdict,
    check_answer,
    check_order,
    check_pairs,
    equivalent,
    fold,
    format_number,
    parse_date,
    parse_number,
)
from studykit.core.dates import HistDate
from tests.date_strategies import hist_dates

# (name, given, expected, accepted)
CORRECT = [
    ("exact", "Nuri Pasha", "Nuri Pasha", ()),
    ("case and spaces", "  nuri   PASHA ", "Nuri Pasha", ()),
    ("leading article", "Armistice of Mudros", "the Armistice of Mudros", ()),
    ("article added", "the Army of Islam", "Army of Islam", ()),
    ("punctuation", "Brest Litovsk", "Brest-Litovsk", ()),
    ("ş typed as s", "Nuri Pasa", "Nuri Paşa", ()),
    ("Pasha for Paşa", "Nuri Pasha", "Nuri Paşa", ()),
    ("German Pascha", "Nuri Pascha", "Nuri Pasha", ()),
    ("ı and â", "Talat Pasa", "Talât Paşa", ()),
    ("dotless ı", "Kazim Karabekir", "Kâzım Karabekir", ()),
    ("ə as e", "Gence", "Gəncə", ()),
    ("ə as a", "Ganca", "Gəncə", ()),
    ("ğ", "Dagistan", "Dağıstan", ()),
    ("ç", "Cemal", "Çemal", ()),
    ("ö and ü", "Gokcay and Uskudar", "Gökçay and Üsküdar", ()),
    ("x for kh", "Shikhlinski", "Şıxlınski", ()),
    ("tsch", "Tschitscherin", "Chicherin", ()),
    ("alias", "Ankara", "Angora", ("Ankara",)),
    ("alias with letters folded", "Naxcivan", "Nakhichevan", ("Naxçıvan",)),
    ("alias in another script", "নুরি পাশা", "Nuri Pasha", ("নুরি পাশা",)),
    ("day, abbreviated month", "15 Sept 1918", "15 September 1918", ()),
    ("ISO day", "1918-09-15", "15 September 1918", ()),
    ("American order", "September 15, 1918", "15 September 1918", ()),
    ("dotted numeric", "15.09.1918", "15 September 1918", ()),
    ("slashed numeric", "15/09/1918", "15 September 1918", ()),
    ("ordinal", "the 15th of September, 1918", "15 September 1918", ()),
    ("three-letter month", "sep 15 1918", "15 September 1918", ()),
    ("Azerbaijani month", "15 sentyabr 1918", "15 September 1918", ()),
    ("Turkish month", "30 ekim 1918", "30 October 1918", ()),
    ("month", "Sept 1918", "September 1918", ()),
    ("ISO month", "1918-09", "September 1918", ()),
    ("year", "1918", "1918", ()),
    ("range with hyphen", "27 June - 1 July 1918", "27 June – 1 July 1918", ()),
    ("range in words", "between 27 June and 1 July 1918", "27 June – 1 July 1918", ()),
    ("range ISO", "1918-06-27/1918-07-01", "27 June – 1 July 1918", ()),
    ("day range", "30-31 July 1918", "30–31 July 1918", ()),
    ("month range", "June to July 1918", "June–July 1918", ()),
    ("night", "27/28 April 1920", "the night of 27/28 April 1920", ()),
    ("night in words", "the night of 27/28 April 1920", "the night of 27/28 April 1920", ()),
    ("number with comma", "6,000", "6,000 men", ()),
    ("number plain", "6000", "6,000 men", ()),
    ("number in words", "six thousand", "6,000 men", ()),
    ("number with unit", "6000 men", "6,000 men", ()),
    ("number with a synonym unit", "6000 soldiers", "6,000 men", ()),
    ("number approximate", "about 1,000", "1,000 men", ()),
    ("number with dot thousands", "6.000", "6,000 men", ()),
    ("compound number", "three hundred and fifty", "350 km", ()),
    ("hyphenated number", "twenty-six", "26 commissars", ()),
    ("millions", "5 million", "5,000,000 gold rubles", ()),
    ("list in another order", "the Allies and the Ottoman Empire", "The Ottoman Empire and the Allies", ()),
    ("list with commas", "Germany, Ottoman Empire, Soviet Russia", "Soviet Russia, Germany and the Ottoman Empire", ()),
    ("a treaty named in the other order", "the Moscow Treaty", "the Treaty of Moscow", ()),
    ("an armistice named in the other order", "Mudros armistice", "the Armistice of Mudros", ()),
    ("the other order with letters folded", "Sevres treaty", "the Treaty of Sèvres", ()),
]

# (name, given, expected, accepted, detail in the message)
NEAR = [
    ("one letter missing", "Nuri Pash", "Nuri Pasha", (), "missing"),
    ("two letters swapped", "Mudors", "Mudros", (), "swapped"),
    ("one letter wrong", "Karabekor", "Karabekir", (), "for"),
    ("one letter extra", "Shaumiann", "Shaumian", (), "extra"),
    ("typo against an alias", "Ankaraa", "Angora", ("Ankara",), "Ankara"),
    ("misspelled month", "15 Setpember 1918", "15 September 1918", (), "month"),
]

# (name, given, expected, accepted, message fragment, quality)
WRONG = [
    ("another name", "Enver Pasha", "Nuri Pasha", (), "“Nuri Pasha”", 1),
    ("short answer, one letter off", "Bako", "Baku", (), "“Baku”", 1),
    ("two typos", "Mudorss", "Mudros", (), "“Mudros”", 1),
    ("another day", "16 September 1918", "15 September 1918", (), "one day off", 2),
    ("another year", "15 September 1919", "15 September 1918", (), "year differs", 1),
    ("less precise", "September 1918", "15 September 1918", (), "the day", 2),
    ("more precise than the sources", "15 September 1918", "September 1918", (), "the month", 2),
    ("not a date", "in autumn", "15 September 1918", (), "15 September 1918", 1),
    ("another number", "600", "6,000 men", (), "6,000 men", 1),
    ("close number", "5,000", "6,000 men", (), "not 5,000", 2),
    ("another unit", "6 battalions", "6 guns", (), "unit", 2),
    ("part of a list", "the Ottoman Empire", "The Ottoman Empire and the Allies", (), "missing", 2),
    ("blank", "   ", "Baku", (), "No answer", 0),
    ("the year left out", "30 October", "30 October 1918", (), "year is missing", 2),
    ("a month without its year", "September", "September 1918", (), "year is missing", 2),
    ("another day, no year", "31 October", "30 October 1918", (), "30 October 1918", 1),
    ("a description has no other order", "friendship treaty", "the treaty of friendship", (), "The answer is", 1),
    ("another treaty in the other order", "Kars Treaty", "the Treaty of Moscow", (), "The answer is", 1),
]


@pytest.mark.parametrize("name, given, expected, accepted", CORRECT, ids=[c[0] for c in CORRECT])
def test_correct_answers(name: str, given: str, expected: str, accepted: tuple[str, ...]) -> None:
    result = check_answer(given, expected, accepted)
    assert result.verdict is Verdict.CORRECT, result.message
    assert result.correct and result.suggested == "good" and result.quality == 4


@pytest.mark.parametrize("name, given, expected, accepted, detail", NEAR, ids=[c[0] for c in NEAR])
def test_near_misses(name: str, given: str, expected: str, accepted: tuple[str, ...], detail: str) -> None:
    result = check_answer(given, expected, accepted)
    assert result.verdict is Verdict.NEAR, result.message
    assert detail in result.message
    assert (result.suggested, result.quality) == ("hard", 3)


@pytest.mark.parametrize("name, given, expected, accepted, fragment, quality", WRONG, ids=[c[0] for c in WRONG])
def test_wrong_answers(
    name: str, given: str, expected: str, accepted: tuple[str, ...], fragment: str, quality: int,
) -> None:
    result = check_answer(given, expected, accepted)
    assert result.verdict is Verdict.WRONG
    assert fragment in result.message
    assert result.suggested == "again" and result.quality == quality


def test_the_verdict_compares_as_the_plain_word_the_review_screen_uses() -> None:
    assert check_answer("Baku", "Baku").verdict == "correct"
    assert check_answer("Bakuu", "Baku!").verdict in ("near", "wrong")
    assert check_answer("Nuri Pash", "Nuri Pasha").verdict == "near"


def test_a_correct_spelling_variant_names_the_card_form() -> None:
    assert check_answer("Nuri Pasha", "Nuri Pasha").message == "Correct."
    assert "Nuri Paşa" in check_answer("nuri pasa", "Nuri Paşa").message
    assert "accepted" in check_answer("Ankara", "Angora", ["Ankara"]).message


DATES = [
    ("15 September 1918", "1918-09-15"),
    ("15 Sept. 1918", "1918-09-15"),
    ("Sep 15, 1918", "1918-09-15"),
    ("15.9.1918", "1918-09-15"),
    ("09/15/1918", "1918-09-15"),
    ("1918/09/15", "1918-09-15"),
    ("September 1918", "1918-09"),
    ("09.1918", "1918-09"),
    ("1918", "1918"),
    ("27–30 June 1918", "1918-06-27/1918-06-30"),
    ("June 27 – July 1, 1918", "1918-06-27/1918-07-01"),
    ("November 1918 – March 1919", "1918-11/1919-03"),
    ("1919-1921", "1919/1921"),
    ("night 1920-04-27", "night 1920-04-27"),
    ("the night of 30 September/1 October 1918", "night 1918-09-30"),
    ("the night of 31 December/1 January 1919", "night 1918-12-31"),
    ("27/29 April 1920", None),
    ("30 February 1918", None),
    ("the fall of Baku", None),
    ("May Day", None),
    ("the 61st Division", None),
    ("", None),
]


@pytest.mark.parametrize("text, notation", DATES)
def test_parse_date(text: str, notation: str | None) -> None:
    parsed = parse_date(text)
    assert (parsed.notation() if parsed else None) == notation


NUMBERS = [
    ("3,000 men", (3000.0, "men")),
    ("3 000", (3000.0, "")),
    ("6k", (6000.0, "")),
    ("1.5 million", (1_500_000.0, "")),
    ("about 180 soldiers", (180.0, "soldier")),
    ("six thousand men", (6000.0, "men")),
    ("two hundred forty", (240.0, "")),
    ("nine representatives", (9.0, "representative")),
    ("Baku", None),
]


@pytest.mark.parametrize("text, parsed", NUMBERS)
def test_parse_number(text: str, parsed: tuple[float, str] | None) -> None:
    assert parse_number(text) == parsed


def test_equivalent_options() -> None:
    assert equivalent("15 September 1918", "1918-09-15")
    assert not equivalent("September 1918", "15 September 1918")
    assert equivalent("the Treaty of Kars", "Treaty of Kars")
    assert equivalent("6,000 men", "6000 men")
    assert not equivalent("6,000 men", "6,000 guns")
    assert not equivalent("Kars", "Kerch")


def test_order_and_pairs() -> None:
    assert check_order([2, 0, 1], [2, 0, 1]).verdict is Verdict.CORRECT
    assert check_order([1, 0, 2], [2, 0, 1]).verdict is Verdict.WRONG
    assert check_order([0, 2, 1], [2, 0, 1]).verdict is Verdict.NEAR
    pairs = [("A", "1"), ("B", "2"), ("C", "3")]
    assert check_pairs(pairs, pairs).verdict is Verdict.CORRECT
    assert check_pairs([("A", "2"), ("B", "1"), ("C", "3")], pairs).verdict is Verdict.NEAR
    assert check_pairs([("A", "2"), ("B", "3"), ("C", "1")], pairs).verdict is Verdict.WRONG


@given(hist_dates())
def test_every_displayed_and_exported_date_is_read_back(date: HistDate) -> None:
    assert parse_date(date.display()) == date
    assert parse_date(date.iso()) == date or date.night  # a night's ISO form is a two-day range
    assert check_answer(date.iso() if not date.night else date.display(), date.display()).correct


@given(st.integers(min_value=1, max_value=10**9))
def test_numbers_read_back_in_either_form(value: int) -> None:
    shown = format_number(value)
    assert parse_number(shown) == (float(value), "")
    assert check_answer(str(value), f"{shown} men").correct


_turkish = st.text(alphabet="abcdefgiklmnoprstuvyzşçğıöüə ", min_size=1, max_size=20).filter(str.strip)
_TO_ASCII = str.maketrans({"ş": "s", "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ü": "u", "ə": "e"})


@given(_turkish)
def test_turkish_and_azerbaijani_letters_fold_to_the_plain_letters(name: str) -> None:
    assert check_answer(name.translate(_TO_ASCII), name).correct
    assert check_answer(name.upper(), name).correct
    assert fold(fold(name)) == fold(name)
