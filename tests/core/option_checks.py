"""Rules of issue 15 for the option cards (multiple choice, matching, chronology), checked as
properties by `test_card_rules` over the bundled decks and synthetic bases.

Written from the facts and the cards alone, apart from the generators' code, and a little more
lenient than the generators (a wider margin of dates, exact words where they compare stems), so
that a failure is a broken rule and not a difference of method.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from studykit.core.answers import fold, parse_date, same_text
from studykit.core.cards import Card, CardType
from studykit.core.dates import MONTHS, HistDate
from studykit.core.facts import Fact

YEAR = re.compile(r"\b1[5-9]\d\d\b")
ARTICLES = frozenset(("the", "a", "an"))
TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def _fact(card: Card, facts: Sequence[Fact]) -> Fact:
    return next(f for f in facts if f.id == card.fact_ids[0])


def _wrong(card: Card) -> list[str]:
    return [o for o in card.options if o != card.answer]


def _main_years(facts: Sequence[Fact]) -> dict[str, int]:
    """Per deck, the year two thirds of its dated facts (six at least) fall in."""
    decks: dict[str, list[HistDate]] = {}
    for f in facts:
        if f.date is not None:
            decks.setdefault(f.deck_id, []).append(f.date)
    found: dict[str, int] = {}
    for deck, dates in decks.items():
        years = Counter(d.start.year for d in dates if d.end is None or d.end.year == d.start.year)
        if len(dates) >= 6 and years and years.most_common(1)[0][1] >= 2 / 3 * len(dates):
            found[deck] = years.most_common(1)[0][0]
    return found


def _days(date: HistDate) -> tuple[int, int]:
    return date.earliest().toordinal(), date.latest().toordinal()


def _active(facts: Sequence[Fact], side: str) -> tuple[int, int] | None:
    """From the first to the last fact dated to two months or less that involves the side (three
    at least), two months either way."""
    found = [
        _days(f.date) for f in facts
        if f.date is not None and side in (*f.participants, *f.parties) and _days(f.date)[1] - _days(f.date)[0] <= 62
    ]
    if len(found) < 3:
        return None
    return min(d[0] for d in found) - 62, max(d[1] for d in found) + 62


def check_date_options_of_the_answers_period(facts: list[Fact], cards: list[Card]) -> None:
    """A wrong date lies in the answer's period: its year in a deck on that year, within a year
    of it where the deck spans years (a year asked alone: two; a stretch of years: three), and
    for a day or a month not outside the time its participants are active in the base ("When
    did Mustafa Kemal stay in Havza?" among dates of 1918, before he reached Anatolia)."""
    main_years = _main_years(facts)
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant != "date":
            continue
        f = _fact(card, facts)
        answer = parse_date(card.answer)
        assert answer is not None, card
        first, last = answer.start.year, (answer.end or answer.start).year
        if last > first and answer.precision in ("year", "range") and answer.start.month is None:
            margin = 3
        elif answer.precision == "year":
            margin = 2
        elif first == last == main_years.get(card.deck_id):
            margin = 0
        else:
            margin = 1
        for option in _wrong(card):
            date = parse_date(option)
            assert date is not None, (card, option)
            assert first - margin <= date.start.year and (date.end or date.start).year <= last + margin, (card, option)
            if margin <= 1:
                for side in (*f.participants, *f.parties):
                    active = _active(facts, side)
                    days = _days(date)
                    assert active is None or (active[0] <= days[0] and days[1] <= active[1]), (card, option, side)


def check_date_reverse_options_carry_no_date(facts: list[Fact], cards: list[Card]) -> None:
    """"Which letter was written on 8 July 1918?" offers no "letter of 19 August 1918": an option
    with a date of its own rules itself out."""
    for card in cards:
        if card.type is CardType.CHOICE and card.variant == "date-reverse":
            for option in _wrong(card):
                assert not YEAR.search(option) and not any(m in option.split() for m in MONTHS), (card, option)


def _first_word(option: str) -> str:
    words = [w for w in fold(option).split() if w not in ARTICLES]
    return words[0] if words else ""


def _names(option: str, known: set[str]) -> set[str]:
    """The capitalized words of an option after its first (the first too when another option has
    it as a name), folded; no month."""
    tokens = TOKEN.findall(option)
    out = {fold(t) for t in tokens[1:] if t[:1].isupper() and t not in MONTHS}
    if tokens and fold(tokens[0]) in known:
        out.add(fold(tokens[0]))
    return out


def _dated(option: str) -> bool:
    return bool(YEAR.search(option)) or any(t in MONTHS for t in TOKEN.findall(option))


def check_answer_is_no_odd_one_out(facts: list[Fact], cards: list[Card]) -> None:
    """No look that the three wrong options share singles out the right one: a first word
    (three "Soviet Russia and ..." beside "The Allies, ..."), a name (three "... Pasha" beside
    "Mehmet VI"), a date or brackets (all three with, the answer without, or the reverse); for
    dates, a year or a month (three of 1918 beside one of 1919)."""
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant == "value":
            continue
        wrong = _wrong(card)
        if len(wrong) < 3:
            continue
        if card.variant == "date":
            for look in (lambda o: set(YEAR.findall(o)), lambda o: {t for t in TOKEN.findall(o) if t in MONTHS}):
                shared = [look(o) for o in wrong]
                assert not (shared[0] and all(s == shared[0] for s in shared)
                            and shared[0].isdisjoint(look(card.answer))), card
            continue
        firsts = {_first_word(o) for o in wrong}
        assert not (len(firsts) == 1 and _first_word(card.answer)[:4] != next(iter(firsts))[:4]), card
        for look in (_dated, lambda o: "(" in o):
            assert not (len({look(o) for o in wrong}) == 1 and look(card.answer) != look(wrong[0])), card
        mid = {fold(t) for o in card.options for t in TOKEN.findall(o)[1:] if t[:1].isupper()}
        shared_names = set.intersection(*(_names(o, mid) for o in wrong))
        answer_words = {w[:4] for w in fold(card.answer).split()}
        assert all(n[:4] in answer_words for n in shared_names), (card, shared_names)


def _people(name: str, facts: Sequence[Fact]) -> list[Fact]:
    """Every fact about the person who goes by the name (or by another name of the same facts)."""
    named = [f for f in facts if f.kind == "person" and any(same_text(n, name) for n in (f.name, *f.aliases) if n)]
    names = {n for f in named for n in (f.name, *f.aliases) if n}
    return [f for f in facts if f.kind == "person" and any(same_text(n, m) for n in (f.name, *f.aliases) if n
                                                         for m in names)]


def _kind(category: str | None) -> str:
    return "military" if category == "commander" else "civil"


def check_people_offered_of_the_answers_side_and_kind(facts: list[Fact], cards: list[Card]) -> None:
    """"Who was the Armenian military commissar ...?" and "Who led ...?" offer people of the
    answer's side (one of the sides any fact gives them) and kind: soldiers for a soldier,
    civilians for a civilian ("Who was the German Foreign Minister?" among no generals). A person
    of no known side is asked among people of his kind."""
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant not in ("role-reverse", "leaders"):
            continue
        f = _fact(card, facts)
        asked = _people(card.answer, facts)
        if card.variant == "role-reverse":
            sides, kinds = {f.side}, {_kind(f.category)}
        else:
            sides, kinds = {p.side for p in asked}, {_kind(p.category) for p in asked}
        for option in _wrong(card):
            theirs = _people(option, facts)
            assert theirs, (card, option)
            if sides - {None, "Other"}:
                assert sides & {p.side for p in theirs}, (card, option)
            assert kinds & {_kind(p.category) for p in theirs}, (card, option)


NOTED = re.compile(r"\b(?:\d{1,2} )?(?:" + "|".join(MONTHS) + r") \d{4}\b")


def check_no_wrong_date_a_note_gives(facts: list[Fact], cards: list[Card]) -> None:
    """A date the fact's notes give ("adopted ... on 28 January 1920 (proclaimed on 17 February
    1920)") is defensible: no wrong option of its multiple choice overlaps it."""
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant != "date":
            continue
        f = _fact(card, facts)
        noted = [parse_date(m) for text in (f.outside_knowledge, f.note) if text for m in NOTED.findall(text)]
        for option in _wrong(card):
            date = parse_date(option)
            assert date is not None
            for other in noted:
                assert other is None or not date.overlaps(other), (card, option, other)


def check_only_acts_of_two_parties_are_signed(facts: list[Fact], cards: list[Card]) -> None:
    """"Signed" only of an act between two parties or more: the Turkish National Pact was adopted
    (by the Ottoman parliament), not signed."""
    for card in cards:
        if card.type in (CardType.QA, CardType.CHOICE) and re.search(r"\bsign(?:ed)?\b", card.prompt):
            f = _fact(card, facts)
            if f.kind == "agreement" and card.variant in ("date", "place", "date-reverse"):
                assert len(f.parties) >= 2, card


def _padded(text: str) -> str:
    return f" {' '.join(TOKEN.findall(fold(text)))} "


def check_matching_pairs_are_questions(facts: list[Fact], cards: list[Card]) -> None:
    """No pair of a matching that one side gives away: a right-hand item its own left-hand item
    holds ("The fighting at Bibi-Heybat — Baku" as much as "the fall of Baku — Baku"), one that is
    what the deck is about (Baku in a deck on Baku; its central figure), or a right-hand item
    that names another pair's left-hand one."""
    from tests.core.test_card_rules import main_figures, main_subjects  # the card rules' oracles (they import us)

    places, _ = main_subjects(facts)
    figures = main_figures(facts)
    for card in cards:
        if card.type is not CardType.MATCHING:
            continue
        deck_places = places.get(card.deck_id, set())
        for left, right in card.pairs:
            assert _padded(right) not in _padded(left) and _padded(left) not in _padded(right), (card, left)
            if card.variant.startswith("events-places"):
                assert not any(_padded(p) == _padded(right) for p in deck_places), (card, right)
            if card.variant.startswith("people-roles"):
                assert card.deck_id not in figures or _padded(figures[card.deck_id]) != _padded(left), (card, left)
            for other, _ in card.pairs:
                assert other == left or _padded(other) not in _padded(right), (card, right, other)


SETTLEMENTS, AREAS = ("city", "town", "village", "station"), ("region", "country")


def _place_class(place: Fact) -> str:
    kind = place.place_type or "other"
    return "settlement" if kind in SETTLEMENTS else "area" if kind in AREAS else kind


def _places(name: str, facts: Sequence[Fact]) -> list[Fact]:
    return [f for f in facts if f.kind == "place" and any(same_text(n, name) for n in (f.name, *f.aliases) if n)]


def _described(significance: str, facts: Sequence[Fact]) -> list[Fact]:
    return [f for f in facts if f.kind == "place" and f.significance and same_text(f.significance, significance)]


def check_place_options_of_the_answers_region_and_kind(facts: list[Fact], cards: list[Card]) -> None:
    """"Where ...?", "What was <a description of a place>?" and "What was <place>?" offer places
    of the answer's region and kind only (Anatolian towns for an Anatolian town, no mountain among
    cities): "Where did the Bolshevik revolution take place?" is no choice among Anatolian towns,
    and a place the base gives no region has no options."""
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant not in ("place", "significance-reverse", "significance"):
            continue
        asked = [_fact(card, facts)] if card.variant != "place" else _places(card.answer, facts)
        want = {(p.region, _place_class(p)) for p in asked if p.region}
        assert want, card
        for option in _wrong(card):
            theirs = _described(option, facts) if card.variant == "significance" else _places(option, facts)
            assert want & {(p.region, _place_class(p)) for p in theirs}, (card, option)


OPTION_RULES = (
    check_place_options_of_the_answers_region_and_kind,
    check_matching_pairs_are_questions,
    check_no_wrong_date_a_note_gives, check_only_acts_of_two_parties_are_signed,
    check_people_offered_of_the_answers_side_and_kind,
    check_date_options_of_the_answers_period, check_date_reverse_options_carry_no_date,
    check_answer_is_no_odd_one_out,
)
