"""Question generators: good, unambiguous cards from every fact.

The properties are checked by oracles written independently of the generators: they look
every fact up again rather than trusting the index. They run over the bundled decks and
over synthetic fact bases drawn from small vocabularies, so that the collisions the
ambiguity rule is about (two events on one day, two people with one role, one name with
two roles) happen often.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.core import answers
from studykit.core.answers import check_answer, equivalent, format_number, parse_date, parse_number, same_text
from studykit.core.cards import AnswerKind, Card, CardType
from studykit.core.dates import MONTHS, HistDate
from studykit.core.facts import Conflict, Fact, Reading, Source
from studykit.core.generators import GENERATORS, generate_cards, question_key
from studykit.core.generators.index import FactIndex, magnitude, shape
from studykit.core.generators.wording import agreement_noun, cap, date_forms, date_phrase, join_and, organization_phrase
from tests.bundled import bundled_cards
from tests.bundled import bundled_facts as facts_read_once
from tests.conftest import DECKS

SOURCE = (Source("000_test.txt", "a verbatim quote"),)

# --- building facts -----------------------------------------------------------------


def fact(fact_id: str, kind: str, statement: str, **fields: object) -> Fact:
    date = fields.pop("date", None)
    deck = str(fields.pop("deck", "deck"))
    topics = tuple(fields.pop("topics", ("topic",)))  # type: ignore[arg-type]
    return Fact(
        id=fact_id, kind=kind, statement=statement, deck_id=deck, topics=topics, sources=SOURCE,
        date=HistDate.parse(date) if date else None, **fields,  # type: ignore[arg-type]
    )


def cards_of(facts: Sequence[Fact], seed: int = 0, **kwargs: object) -> list[Card]:
    return generate_cards(facts, rng=random.Random(seed), **kwargs)  # type: ignore[arg-type]


def by_id(cards: Iterable[Card]) -> dict[str, Card]:
    return {c.id: c for c in cards}


MUDROS = fact(
    "armistice-of-mudros", "agreement", "The Armistice of Mudros was signed on 30 October 1918.",
    name="the Armistice of Mudros", date="1918-10-30", parties=("Ottoman Empire", "Allies"),
    terms=("the Ottoman Empire would withdraw its troops from Transcaucasia",),
)
FALL = fact(
    "fall-of-baku", "event", "Baku fell to the Army of Islam on 15 September 1918.",
    name="the fall of Baku", date="1918-09-15", place="Baku",
)
NURI = fact(
    "nuri-pasha", "person", "Nuri Pasha was the commander of the Army of Islam.",
    name="Nuri Pasha", aliases=("Nuri Paşa",), role="the commander of the Army of Islam",
    side="Ottoman Empire", category="commander",
)
PETROV = fact(
    "petrov-strength", "number",
    "Petrov's detachment, which left on 30 July 1918, numbered 30 km of front and 600 men.",
    label="the strength of Petrov's detachment", value=600, unit="men", date="1918",
)


def small_base() -> list[Fact]:
    """A few facts of every kind, enough for every card type."""
    events = [
        fact(f"event-{i}", "event", f"{cap(name)} took place in {place} on {date.display()}.",
             name=name, date=date.iso() if not date.night else date.notation(), place=place)
        for i, (name, place, date) in enumerate([
            ("the founding of the republic", "Tiflis", HistDate.parse("1918-05-28")),
            ("the battle of Göyçay", "Göyçay", HistDate.parse("1918-06-27/1918-07-01")),
            ("the capture of Shamakhi", "Shamakhi", HistDate.parse("1918-07-20")),
            ("the first assault on Baku", "Baku", HistDate.parse("1918-08-05")),
            ("the British landing", "Batum", HistDate.parse("1918-12")),
        ])
    ]
    people = [
        NURI,
        fact("enver", "person", "Enver Pasha was the Ottoman minister of war.", name="Enver Pasha",
             role="the Ottoman minister of war", side="Ottoman Empire", category="commander"),
        fact("halil", "person", "Halil Pasha was the uncle of Enver Pasha.", name="Halil Pasha",
             role="the uncle of Enver Pasha", side="Ottoman Empire", category="commander"),
        fact("shaumian", "person", "Stepan Shaumian was the head of the Baku Soviet.", name="Stepan Shaumian",
             role="the head of the Baku Soviet", side="Baku Commune", category="commander"),
        fact("dunsterville", "person", "Lionel Dunsterville was the commander of Dunsterforce.",
             name="Lionel Dunsterville", role="the commander of Dunsterforce", side="Britain", category="commander",
             topics=("british",)),
    ]
    agreements = [
        MUDROS,
        fact("batum", "agreement", "The Treaty of Batum was signed on 4 June 1918.", name="the Treaty of Batum",
             date="1918-06-04", parties=("Ottoman Empire", "Armenia"), terms=("Armenia ceded Kars",)),
        fact("moscow", "agreement", "The Treaty of Moscow was signed in March 1921.", name="the Treaty of Moscow",
             date="1921-03", parties=("Soviet Russia", "Turkish Nationalists")),
        fact("brest", "agreement", "The Treaty of Brest-Litovsk was signed in March 1918.",
             name="the Treaty of Brest-Litovsk", date="1918-03", parties=("Soviet Russia", "Germany")),
    ]
    numbers = [
        fact("n1", "number", "The British force numbered 1,000 men.", label="the strength of the British force",
             value=1000, unit="men"),
        fact("n2", "number", "The Turks sent 6,000 men.", label="the strength of the Turkish force", value=6000,
             unit="men"),
    ]
    places = [
        fact("p-baku", "place", "Baku was the prize of the struggle.", name="Baku", place_type="city",
             region="Transcaucasia", significance="the prize of the struggle", aliases=("Bakı",)),
        fact("p-ganja", "place", "Ganja was the seat of the government.", name="Ganja", place_type="city",
             region="Transcaucasia", significance="the seat of the government"),
        fact("p-batum", "place", "Batum was the Black Sea port.", name="Batum", place_type="city",
             region="Transcaucasia", significance="the Black Sea port"),
        fact("p-tiflis", "place", "Tiflis was the capital of Georgia.", name="Tiflis", place_type="city",
             region="Transcaucasia", significance="the capital of Georgia"),
    ]
    organizations = [
        fact("o-islam", "organization", "The Army of Islam, led by Nuri Pasha, took Baku.", name="Army of Islam",
             description="the Ottoman-led force that took Baku", leaders=("Nuri Pasha",), side="Ottoman Empire"),
        fact("o-dunsterforce", "organization", "Dunsterforce was the British mission to Baku.", name="Dunsterforce",
             description="the British mission to Baku", side="Britain"),
    ]
    return events + people + agreements + numbers + places + organizations


# --- synthetic fact bases -----------------------------------------------------------

EVENT_NAMES = ["the fall of Baku", "the battle of Göyçay", "the capture of Shamakhi", "the assault on Baku",
               "the landing at Batum", "the Erzurum congress"]
PLACES = ["Baku", "Ganja", "Kars", "Batum", "Shamakhi", "Erzurum"]
DATES = ["1918-09-15", "1918-09-14", "1918-09", "1918", "1918-06-27/1918-07-01", "1918-07-30/1918-07-31",
         "night 1920-04-27", "1920-04-28", "1918-10-30", "1919-07/1919-08", "1919", "1918-08-05", "1918-08-04",
         "1921-03", "1918-06-04", "1920-08-10"]
PEOPLE = ["Nuri Pasha", "Enver Pasha", "Halil Pasha", "Stepan Shaumian", "Lazar Bicherakhov", "Kâzım Karabekir",
          "Mustafa Kemal"]
ALIASES = {"Nuri Pasha": ("Nuri Paşa",), "Enver Pasha": ("Enver Paşa", "Enver"), "Kâzım Karabekir": ("Karabekir",)}
ROLES = ["the commander of the Army of Islam", "the head of the Baku Soviet", "the commander of the XV Army Corps",
         "a member of the triumvirate", "the uncle of Enver Pasha", "the leader of the Caucasian Army"]
SIDES = ["Ottoman Empire", "Baku Commune", "Turkish Nationalists", "Britain"]
AGREEMENTS = ["the Armistice of Mudros", "the Treaty of Batum", "the Treaty of Moscow", "the Treaty of Kars",
              "Stalin's letter to Shaumian"]
PARTIES = ["Ottoman Empire", "Allies", "Soviet Russia", "Azerbaijan", "Armenia"]
TERMS = ["the Ottoman Empire would withdraw from Transcaucasia", "Batum passed to Turkey",
         "Kars and Ardahan stayed Turkish"]
SIGNIFICANCE = ["the seat of the Azerbaijani government", "the prize of the 1918 struggle",
                "a station on the railway", "the port on the Black Sea"]
LABELS = ["the strength of Petrov's detachment", "the number of guns of Petrov's detachment", "the losses at Baku"]
VALUES = [3, 6, 30, 600, 1000, 3000, 6000]
UNITS = ["men", "guns", "km"]
ORGS = ["Army of Islam", "Dunsterforce", "Centrocaspian Dictatorship", "Karakol society"]
DESCRIPTIONS = ["the Ottoman-led force that took Baku", "the British mission to Baku",
                "the government of Baku in August 1918", "an Ittihadist society"]
TOPICS = ["battle-of-baku", "mudros", "entente"]
SOURCE_NAMES = {"000_test.txt": "the Bengali article", "001_test.txt": "the Azerbaijani article"}


@st.composite
def synthetic_fact(draw: st.DrawFn, number: int) -> Fact:
    kind = draw(st.sampled_from(["event", "event", "agreement", "person", "person", "place", "number", "organization"]))
    fact_id = f"{kind}-{number}"
    common = {
        "deck": draw(st.sampled_from(["d1", "d2"])),
        "topics": tuple(draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2, unique=True))),
    }
    date = HistDate.parse(draw(st.sampled_from(DATES)))
    when = date.display()
    source = draw(st.sampled_from([None, None, None, "000_test.txt", "001_test.txt"]))  # one source's claim
    if source:
        common["according_to"] = source
    said = f"According to {SOURCE_NAMES[source]}, " if source else ""
    if kind == "event":
        name, place = draw(st.sampled_from(EVENT_NAMES)), draw(st.one_of(st.none(), st.sampled_from(PLACES)))
        at = f" in {place}" if place else ""
        if draw(st.integers(0, 4)) == 0:  # an upper bound: "By 15 September 1918, ... had taken place"
            statement = f"{said}{'by' if said else 'By'} {when}, {name} had taken place{at}."
            return fact(
                fact_id, kind, statement, name=name, date=date.notation(), place=place, date_bound="by", **common,
            )
        statement = draw(
            st.sampled_from([f"{cap(name)} took place{at} ({when}).", f"On {when}, {name} took place{at}."]),
        )
        return fact(fact_id, kind, said + statement, name=name, date=date.notation(), place=place, **common)
    if kind == "agreement":
        name = draw(st.sampled_from(AGREEMENTS))
        parties = tuple(draw(st.lists(st.sampled_from(PARTIES), min_size=1, max_size=3, unique=True)))
        terms = tuple(draw(st.lists(st.sampled_from(TERMS), max_size=2, unique=True)))
        statement = f"{said}{cap(name)} was signed by {join_and(parties)} on {when}."
        return fact(fact_id, kind, statement, name=name, date=date.notation(), parties=parties, terms=terms, **common)
    if kind == "person":
        name, role = draw(st.sampled_from(PEOPLE)), draw(st.sampled_from(ROLES))
        dated = draw(st.booleans())
        statement = said + (f"In {when} {name} was {role}." if dated else f"{name} was {role}.")
        return fact(
            fact_id, kind, statement, name=name, aliases=ALIASES.get(name, ()), role=role,
            side=draw(st.sampled_from(SIDES)), category=draw(st.sampled_from(["commander", "politician"])),
            date=date.notation() if dated else None, **common,
        )
    if kind == "place":
        name, significance = draw(st.sampled_from(PLACES)), draw(st.sampled_from(SIGNIFICANCE))
        return fact(
            fact_id, kind, f"{said}{name} was {significance}.", name=name,
            place_type=draw(st.sampled_from(["city", "station"])), significance=significance,
            region=draw(st.sampled_from(["Transcaucasia", "Turkey", None])), **common,
        )
    if kind == "number":
        label, value, unit = draw(st.sampled_from(LABELS)), draw(st.sampled_from(VALUES)), draw(st.sampled_from(UNITS))
        dated = draw(st.booleans())
        qualifier = draw(st.sampled_from([None, None, "about", "more than", "over", "up to", "at most"]))
        shown = f"{qualifier} {format_number(value)}" if qualifier else format_number(value)
        statement = f"{said}{cap(label)} was {shown} {unit}" + (f" {date_phrase(date)}." if dated else ".")
        return fact(fact_id, kind, statement, label=label, value=value, qualifier=qualifier, unit=unit,
                    date=date.notation() if dated else None, **common)
    name, description = draw(st.sampled_from(ORGS)), draw(st.sampled_from(DESCRIPTIONS))
    leaders = tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True)))
    led = f", led by {join_and(leaders)}," if leaders else ""
    statement = f"{said}{cap(organization_phrase(name))}{led} was {description}."
    return fact(fact_id, kind, statement, name=name, description=description, leaders=leaders,
                side=draw(st.sampled_from(SIDES)), **common)


@st.composite
def fact_bases(draw: st.DrawFn) -> list[Fact]:
    size = draw(st.integers(min_value=3, max_value=40))
    return [draw(synthetic_fact(i)) for i in range(size)]


SYNTHETIC = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bundled_facts() -> list[Fact]:
    if not any(DECKS.glob("*.yaml")):
        pytest.skip("no bundled decks yet")
    return list(facts_read_once())  # one reading per test process (tests/bundled.py)


# --- oracles ------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)  # the oracles fold the same names again for every card of a fact
def fold(text: str) -> str:
    return answers.fold(text)


def same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b) and same_text(a, b)  # type: ignore[arg-type]


def names_of(f: Fact) -> list[str]:
    return [n for n in (f.name, *f.aliases) if n]


def same_subject(f: Fact, g: Fact) -> bool:
    if f.kind != g.kind:
        return False
    if f.kind == "number":
        return same_name(f.label, g.label)
    return any(same_name(a, b) for a in names_of(f) for b in names_of(g))


QUALIFIED = re.compile(r"^(about|more than|over|at least|up to|at most|fewer than)\s+", re.IGNORECASE)


def claim(text: str) -> tuple[str | None, float]:
    """("more than", 30.0) for "more than 30 km"; (None, 600.0) for "600 men"."""
    found = QUALIFIED.match(text.strip())
    parsed = parse_number(text[found.end():] if found else text)
    assert parsed is not None, text
    return (found[1].lower() if found else None), parsed[0]


def allowed(qualifier: str | None, value: float) -> tuple[float, float]:
    """The figures a qualified one is true of, as a closed interval (open ends nudged)."""
    tiny = 1e-9 * max(value, 1)
    return {
        None: (value, value),
        "about": (value / 1.25, value * 1.25),
        "more than": (value + tiny, math.inf), "over": (value + tiny, math.inf), "at least": (value, math.inf),
        "up to": (0.0, value), "at most": (0.0, value), "fewer than": (0.0, value - tiny),
    }[qualifier]


def overlapping(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return not (a[1] < b[0] or a[0] > b[1])


def same_claimant(f: Fact, g: Fact) -> bool:
    """Whether g speaks for the same source as f (a claim of one source is judged by it alone)."""
    return f.according_to is None or g.according_to == f.according_to


def split_list(text: str) -> list[str]:
    return re.split(r", | and ", text)


def party_set(parties: Iterable[str]) -> set[str]:
    return {fold(p) for p in parties}  # fold drops a leading article


def correct_options(card: Card, facts: Sequence[Fact]) -> list[str]:
    """Which options of a choice card are true of the base, judged from the facts alone."""
    f = next(x for x in facts if x.id == card.fact_ids[0])
    subject = [g for g in facts if same_subject(f, g)]
    variant = card.variant
    out = []
    for option in card.options:
        if variant == "date":
            date = parse_date(option)
            ok = date is not None and any(g.date is not None and g.date.overlaps(date) for g in subject)
        elif variant == "date-reverse":
            assert f.date is not None
            ok = any(g.kind in ("event", "agreement") and g.date is not None and g.date.overlaps(f.date)
                     and any(same_name(n, option) for n in names_of(g)) for g in facts)
        elif variant == "place":
            ok = any(same_name(g.place, option) for g in subject)
        elif variant == "parties":
            ok = any(party_set(g.parties) == party_set(split_list(option)) for g in subject)
        elif variant.startswith("term-"):
            term = f.terms[int(variant.split("-")[1])]
            ok = any(g.kind == "agreement" and term in g.terms and any(same_name(n, option) for n in names_of(g))
                     for g in facts)
        elif variant == "role":
            ok = any(same_name(g.role, option) for g in subject)
        elif variant == "role-reverse":
            ok = any(g.kind == "person" and same_name(g.role, f.role) and any(same_name(n, option) for n in names_of(g))
                     for g in facts) or any(
                g.kind == "organization" and fold(g.name or "") in fold(f.role or "") and
                any(same_name(leader, option) for leader in g.leaders) for g in facts)
        elif variant == "value":
            qualifier, value = claim(option)
            low, high = allowed(qualifier, value)
            ok = any(g.value is not None and overlapping((low, high), allowed(g.qualifier, g.value))
                     for g in subject if same_claimant(f, g))
        elif variant == "significance":
            ok = any(same_name(g.significance, option) for g in subject)
        elif variant == "significance-reverse":
            ok = any(g.kind == "place" and same_name(g.significance, f.significance)
                     and any(same_name(n, option) for n in names_of(g)) for g in facts)
        elif variant == "description":
            ok = any(same_name(g.description, option) for g in subject)
        elif variant == "description-reverse":
            ok = any(g.kind == "organization" and same_name(g.description, f.description)
                     and any(same_name(n, option) for n in names_of(g)) for g in facts)
        elif variant == "leaders":
            ok = any(any(same_name(leader, option) for leader in g.leaders) for g in subject)
        else:
            raise AssertionError(f"no oracle for {card.id}")
        if ok:
            out.append(option)
    return out


def option_of_answer_type(card: Card, option: str, facts: Sequence[Fact]) -> bool:
    """Whether an option is of the type the answer is: the distractor rules, from the facts alone."""
    f = next(x for x in facts if x.id == card.fact_ids[0])
    variant = card.variant
    if variant == "date":
        date, answer = parse_date(option), parse_date(card.answer)
        return date is not None and answer is not None and shape(date) == shape(answer)
    if variant == "value":
        parsed, answer = parse_number(option), parse_number(card.answer)
        if f.qualifier == "about":  # "About 2,000 men" for "About 1,000 men": the same kind, half or twice or further
            return (parsed is not None and answer is not None and parsed[1] == answer[1]
                    and option.startswith("About ") and abs(magnitude(parsed[0]) - magnitude(answer[0])) <= 1)
        return (parsed is not None and answer is not None and parsed[1] == answer[1]
                and magnitude(parsed[0]) == magnitude(answer[0]))
    pools = {  # each made only when asked for (an option of every card of the base is judged)
        "date-reverse": lambda: [cap(g.name or "") for g in facts if g.kind == f.kind],
        "place": lambda: [g.name for g in facts if g.kind == "place"] + [g.place for g in facts if g.place],
        "role": lambda: [cap(g.role or "") for g in facts if g.kind == "person"],
        "role-reverse": lambda: [g.name for g in facts if g.kind == "person"],
        "significance": lambda: [cap(g.significance or "") for g in facts if g.kind == "place"],
        "significance-reverse": lambda: (
            [g.name for g in facts if g.kind == "place"] + [g.place for g in facts if g.place]),
        "description": lambda: [cap(g.description or "") for g in facts if g.kind == "organization"],
        "description-reverse": lambda: [
            cap(organization_phrase(g.name or "")) for g in facts if g.kind == "organization"],
        "leaders": lambda: [g.name for g in facts if g.kind == "person"],
    }
    if variant == "parties":
        return any(g.kind == "agreement" and party_set(g.parties) == party_set(split_list(option)) for g in facts)
    pool = pools["date-reverse"] if variant.startswith("term-") else pools[variant]
    return option == card.answer or option in pool()


def swapped(f: Fact, prompt: str, facts: Sequence[Fact] = ()) -> tuple[str, str]:
    """(old, new): which value of the fact the false statement replaced, and by what."""
    false = prompt.removeprefix("True or false: ")
    olds: list[str] = []
    if f.date is not None:
        olds += date_forms(f.date)
    if f.value is not None:
        if f.qualifier:  # "more than 30" is swapped whole
            olds += [f"{f.qualifier} {format_number(f.value)}", cap(f"{f.qualifier} {format_number(f.value)}")]
        olds += [format_number(f.value), str(f.value)]
    olds += [*names_of(f), *f.leaders, *([f.place] if f.place else [])]
    names = [*names_of(f), *f.leaders, *([f.place] if f.place else [])]
    names += [a for g in facts if any(same_name(g.name, n) for n in names) for a in g.aliases]
    bracketed = {f"{name} ({alias})": name for name in names for alias in names if name != alias}  # "Angora (Ankara)"
    olds = [*bracketed, *olds]
    olds += [a for g in facts if g.kind == "person" and any(same_name(g.name, x) for x in f.leaders) for a in g.aliases]
    for old in olds:
        parts = f.statement.split(old)
        if len(parts) < 2:
            continue
        either = f"(?:{re.escape(old)}|(.+?))"
        match = re.fullmatch(either.join(re.escape(p) for p in parts), false)
        if match:
            news = {g for g in match.groups() if g is not None}
            if len(news) == 1:
                return bracketed.get(old, old), news.pop()
    raise AssertionError(f"cannot tell what {prompt!r} swapped in {f.statement!r}")


def proven_false(card: Card, facts: Sequence[Fact]) -> bool:
    """Whether a "false" statement contradicts the base, judged from the facts alone."""
    f = next(x for x in facts if x.id == card.fact_ids[0])
    old, new = swapped(f, card.prompt, facts)
    subject = [g for g in facts if same_subject(f, g)]
    new_date = parse_date(new)
    if f.date is not None and parse_date(old) == f.date and new_date is not None and f.kind in ("event", "agreement"):
        assert shape(new_date) == shape(f.date), card.prompt
        assert f.date_bound is None, card.prompt  # an upper bound is never swapped: a later date is as true
        if any(g.date is not None and g.date.overlaps(new_date) for g in subject):
            return False
        sides = set(map(fold, (*f.participants, *f.parties)))
        related = [g for g in facts if g.kind in ("event", "agreement") and g.date is not None and (
            (f.place and same_name(g.place, f.place))
            or len(sides & set(map(fold, (*g.participants, *g.parties)))) >= min(2, len(sides)) > 0)]
        return not any(g.date is not None and g.date.overlaps(new_date) for g in related)
    if f.kind == "number":
        claim(old)  # the old figure, as the statement qualified it
        low, high = allowed(*claim(new))
        return not any(  # the false claim is true of no figure any fact (of the same source) allows
            g.value is not None and overlapping((low, high), allowed(g.qualifier, g.value))
            for g in subject if same_claimant(f, g)
        )
    if f.kind == "person" and any(same_name(old, n) for n in names_of(f)):
        others = [g for g in facts if g.kind == "person" and same_name(g.name, new)]
        assert others, f"{new!r} is no person of the base"
        assert not f.side or any(g.side == f.side for g in others), card.prompt  # of the same side
        if any(same_name(g.role, f.role) for g in others):
            return False
        return not any(g.kind == "organization" and fold(g.name or "") in fold(f.role or "")
                       and any(same_name(x, new) for x in g.leaders) for g in facts)
    leader_names = [n for g in facts if g.kind == "person" and any(same_name(g.name, x) for x in f.leaders)
                    for n in names_of(g)] + list(f.leaders)
    if f.kind == "organization" and any(same_name(old, leader) for leader in leader_names):
        assert any(g.kind == "person" and same_name(g.name, new) for g in facts)
        return not any(same_name(new, leader) for g in subject for leader in g.leaders)
    raise AssertionError(f"cannot tell what {card.id} swapped: {old!r} -> {new!r}")


def check_properties(facts: list[Fact], cards: list[Card]) -> None:
    """Every property the issue asks of the cards, over one fact base."""
    by_fact = {f.id: f for f in facts}
    answers: dict[tuple[str, ...], set[str]] = {}
    for card in cards:
        answers.setdefault(question_key(card), set()).add(fold(card.answer))
        assert card.prompt and (card.prompt[0].isupper() or card.prompt.startswith("_____")), card.prompt
        assert all(i in by_fact for i in card.fact_ids)
        if len(card.fact_ids) == 1:
            assert card.id == f"{card.fact_ids[0]}:{card.generator}:{card.variant}"
            one = by_fact[card.fact_ids[0]]
            if one.according_to and card.type in (CardType.QA, CardType.CHOICE):  # asked as its source's claim
                assert card.prompt.startswith(f"{one.attribution}, "), card.prompt
            asks_date = card.type in (CardType.QA, CardType.CHOICE) and card.variant in ("date", "date-reverse")
            if one.date_bound and asks_date:  # "By when ...?", typed, never offered among other dates
                asked = card.prompt.removeprefix(f"{one.attribution}, ") if one.attribution else card.prompt
                assert card.type is CardType.QA and card.variant == "date", card
                assert asked.lower().startswith("by when "), card
            if one.qualifier not in (None, "about") and card.variant == "value":  # no options of a bounded figure
                assert card.type is CardType.QA, card
        else:  # one source's claims and upper-bound dates are never ordered or paired without their words
            assert not any(by_fact[i].according_to for i in card.fact_ids), card
            if card.type is CardType.CHRONOLOGY or card.variant.startswith("agreements-dates"):
                assert not any(by_fact[i].date_bound for i in card.fact_ids), card
        if card.type in (CardType.QA, CardType.CHOICE) and card.variant in ("date", "date-reverse"):
            # the month asked for is not in the prompt, nor the month given in the answer
            date = parse_date(card.answer) if card.variant == "date" else by_fact[card.fact_ids[0]].date
            assert date is not None
            months = {MONTHS[p.month - 1] for p in (date.start, date.end) if p is not None and p.month is not None}
            named = card.prompt if card.variant == "date" else card.answer
            assert not any(re.search(rf"\b{month}\b", named) for month in months), card
        if card.type is CardType.CHOICE:
            assert len(card.options) == 4 and card.answer in card.options, card
            assert sum(equivalent(o, card.answer) for o in card.options) == 1, card
            assert not any(equivalent(a, b) for i, a in enumerate(card.options) for b in card.options[i + 1:]), card
            assert correct_options(card, facts) == [card.answer], card
            assert all(option_of_answer_type(card, o, facts) for o in card.options), card
            asked = re.match(r"Which (.+?) (?:was|were|did|provided|said) ", card.prompt)
            if asked and by_fact[card.fact_ids[0]].kind == "agreement" and asked[1] not in ("document", "agreement"):
                assert all(agreement_noun(o) == asked[1] for o in card.options), card  # the noun names no option
            if card.variant == "parties":  # no wrong option is some of the parties, or all and more
                want = party_set(split_list(card.answer))
                others = [party_set(split_list(o)) for o in card.options if o != card.answer]
                assert not any(got <= want or want <= got for got in others), card
            if card.variant in ("role", "significance", "description"):  # no wrong option names the subject
                names = [fold(n) for n in names_of(by_fact[card.fact_ids[0]])]
                wrong = [fold(o) for o in card.options if o != card.answer]
                assert not any(re.search(rf"\b{re.escape(n)}\b", o) for n in names for o in wrong), card
        elif card.type is CardType.CHRONOLOGY:
            items = [by_fact[i] for i in card.fact_ids]
            assert 3 <= len(items) <= 5 and len(card.options) == len(items)
            dates = [x.date for x in items]
            assert all(d is not None for d in dates)
            for i, a in enumerate(dates):
                for b in dates[i + 1:]:
                    assert not a.overlaps(b), card  # type: ignore[union-attr]
            ordered = [card.options[i] for i in card.answer_order]
            in_order = sorted(items, key=lambda x: x.date.sort_key())  # type: ignore[union-attr]
            assert len(ordered) == len(in_order)  # each item the fact's name, or an alias that does not tell its date
            assert all(any(fold(o) == fold(n) for n in names_of(x)) for o, x in zip(ordered, in_order)), card
            assert sorted(card.answer_order) == list(range(len(items)))
        elif card.type is CardType.MATCHING:
            assert len({fold(r) for _, r in card.pairs}) == len(card.pairs) == len(card.options)
            assert len({fold(left) for left, _ in card.pairs}) == len(card.pairs)
        elif card.type is CardType.TRUE_FALSE:
            f = by_fact[card.fact_ids[0]]
            if card.answer == "True":
                assert card.prompt.endswith(f.statement)
            else:
                assert card.prompt.removeprefix("True or false: ") != f.statement
                assert proven_false(card, facts), card.prompt
        elif card.type is CardType.CLOZE:
            assert "_____" in card.prompt, card
            f = by_fact[card.fact_ids[0]]
            if card.variant == "number":  # the number that counts the unit is gone (a day of a date may remain)
                assert not re.search(rf"(?<![\d,.]){re.escape(card.answer)}\s+{f.unit}", card.prompt), card
            else:
                blanked = fold(card.prompt.replace("_____", " | "))
                assert not re.search(rf"\b{re.escape(fold(card.answer))}\b", blanked), card
    conflicting = {k: v for k, v in answers.items() if len(v) > 1}
    assert not conflicting, conflicting


# --- properties over synthetic bases ------------------------------------------------


@SYNTHETIC
@given(fact_bases(), st.integers(0, 2**32))
def test_properties_hold_over_synthetic_bases(facts: list[Fact], seed: int) -> None:
    check_properties(facts, cards_of(facts, seed))


@SYNTHETIC
@given(fact_bases(), st.integers(0, 1000), st.integers(1001, 2000))
def test_ids_are_the_same_whatever_the_seed(facts: list[Fact], seed: int, other: int) -> None:
    first, second = cards_of(facts, seed), cards_of(facts, other)
    assert [c.id for c in first] == [c.id for c in second]
    for a, b in zip(first, second):
        assert (a.prompt, a.answer, sorted(a.options)) == (b.prompt, b.answer, sorted(b.options)) or a.type in (
            CardType.CHOICE, CardType.TRUE_FALSE), (a, b)


@SYNTHETIC
@given(fact_bases())
def test_ids_survive_edits_to_the_wording_of_statements(facts: list[Fact]) -> None:
    edited = [replace(f, statement=f.statement[:-1] + ", as the sources say.") for f in facts]
    assert {c.id for c in cards_of(facts)} == {c.id for c in cards_of(edited)}


@SYNTHETIC
@given(fact_bases(), st.sampled_from(list(CardType)))
def test_one_type_gives_the_same_cards_as_all_types(facts: list[Fact], card_type: CardType) -> None:
    every = [c for c in cards_of(facts, 7) if c.type is card_type]
    assert cards_of(facts, 7, types=[card_type]) == every


# --- the bundled decks --------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> tuple[list[Fact], list[Card]]:
    facts = bundled_facts()
    return facts, list(bundled_cards(0))


def test_properties_hold_over_the_bundled_decks(bundled: tuple[list[Fact], list[Card]]) -> None:
    check_properties(*bundled)


@pytest.mark.parametrize("seed", [23, 41])  # the card rules' other seeds: their cards are made once per process
def test_properties_hold_over_the_bundled_decks_at_the_card_rules_seeds(seed: int) -> None:
    check_properties(bundled_facts(), list(bundled_cards(seed)))


@settings(max_examples=4, deadline=None)  # each a generation of the bundled decks: a few new seeds every run
@given(st.integers(0, 2**32))
def test_properties_hold_over_the_bundled_decks_for_any_seed(seed: int) -> None:
    facts = bundled_facts()
    check_properties(facts, cards_of(facts, seed))


def test_at_least_four_cards_per_fact_and_every_type(bundled: tuple[list[Fact], list[Card]]) -> None:
    facts, cards = bundled
    assert len(cards) >= 4 * len(facts)
    assert {c.type for c in cards} == set(CardType)


def test_bundled_ids_are_the_same_whatever_the_seed(bundled: tuple[list[Fact], list[Card]]) -> None:
    facts, cards = bundled
    assert [c.id for c in cards_of(facts, 12345)] == [c.id for c in cards]


# --- examples -----------------------------------------------------------------------


def test_the_registry_lists_one_generator_per_card_type() -> None:
    assert sorted(g.card_type.value for g in GENERATORS) == sorted(t.value for t in CardType)
    assert len({g.name for g in GENERATORS}) == len(GENERATORS)


def test_agreement_questions_both_ways() -> None:
    cards = by_id(cards_of(small_base()))
    assert cards["armistice-of-mudros:qa:date"].prompt == "When was the Armistice of Mudros signed?"
    assert cards["armistice-of-mudros:qa:date"].answer == "30 October 1918"
    assert "1918-10-30" in cards["armistice-of-mudros:qa:date"].accepted
    # treaties are signed in sets: asked with their parties
    assert cards["armistice-of-mudros:qa:date-reverse"].prompt == (
        "Which armistice did the Ottoman Empire and the Allies sign on 30 October 1918?")
    assert cards["armistice-of-mudros:qa:date-reverse"].answer == "The Armistice of Mudros"
    assert cards["armistice-of-mudros:qa:parties"].prompt == "Who were the parties to the Armistice of Mudros?"
    assert cards["armistice-of-mudros:qa:parties"].answer == "The Ottoman Empire and the Allies"
    assert cards["armistice-of-mudros:qa:term-0-reverse"].prompt == (
        "Which armistice provided that the Ottoman Empire would withdraw its troops from Transcaucasia?"
    )


def test_event_questions_are_asked_in_natural_english() -> None:
    """A happening's name reads after "When did ... take place?" (plural names too: "the
    massacres in Shamakhi"); a name made of a verb is asked with its verb ("When did Baku
    fall?", not "When did the fall of Baku take place?")."""
    massacres = fact("shamakhi-massacres", "event", "The massacres in Shamakhi took place in March 1918.",
                     name="the massacres in Shamakhi", date="1918-03", place="Shamakhi")
    cards = by_id(cards_of([FALL, massacres]))
    assert cards["fall-of-baku:qa:date"].prompt == "When did Baku fall?"
    assert cards["shamakhi-massacres:qa:date"].prompt == "When did the massacres in Shamakhi take place?"


def test_documents_are_written_sent_or_issued_rather_than_taking_place() -> None:
    letter = fact("letter", "event", "Enver Pasha wrote to Nuri Pasha on 30 July 1918.",
                  name="Enver Pasha's letter to Nuri Pasha on the German objections", date="1918-07-30")
    reports = fact("reports", "event", "In October 1919 Fuat Sabit reported from Baku.",
                   name="Fuat Sabit's first reports from Baku", date="1919-10", place="Baku")
    order = fact("order", "event", "On 10 September 1918 the Germans ordered Kress to prepare the capture of Baku.",
                 name="the German order to prepare the capture of Baku", date="1918-09-10", place="Berlin")
    cards = by_id(cards_of([*small_base(), letter, reports, order]))
    asked = cards["letter:qa:date"].prompt
    assert asked == "When was Enver Pasha's letter to Nuri Pasha on the German objections written?"
    assert cards["reports:qa:date"].prompt == "When were Fuat Sabit's first reports from Baku written?"
    assert cards["order:qa:date"].prompt == "When was the German order to prepare the capture of Baku issued?"
    assert cards["order:qa:place"].prompt == "Where was the German order to prepare the capture of Baku issued?"
    assert cards["event-2:qa:date"].prompt == "When was Shamakhi captured?"  # no document: the verb of its name


def test_a_disputed_date_is_asked_as_it_stands_and_never_swapped_offered_or_ordered() -> None:
    """decks/README.md: a conflict `about` "date ..." means the sources date the fact differently.
    A false statement with another date, or options of other dates, might be what the other
    source says; an order might be the other source's order."""
    readings = (Reading("6 February 1920 (body text)", "002_b70820031354e4d2.txt"),
                Reading("5 February 1920 (the collected dispatches)", "002_b70820031354e4d2.txt"))
    dispatch = fact("dispatch", "event", "On 6 February 1920 Mustafa Kemal circulated a dispatch.",
                    name="Mustafa Kemal's dispatch on the Caucasian barrier", date="1920-02-06",
                    conflicts=(Conflict("date of the dispatch", readings, "The body text is followed."),))
    later = [fact(f"later-{month}", "event", f"Event {month} took place in 1920.", name=f"the later event {month}",
                  date=f"1920-{month:02d}") for month in (4, 6, 8)]  # enough to order with the dispatch
    cards = by_id(cards_of([*small_base(), *later, dispatch]))
    asked = cards["dispatch:qa:date"]
    assert asked.answer == "6 February 1920"
    assert check_answer("5 February 1920", asked.answer, asked.accepted).correct
    assert "dispatch:choice:date" not in cards and "dispatch:truefalse:false" not in cards
    assert not [c for c in cards.values() if c.type is CardType.CHRONOLOGY and "dispatch" in c.fact_ids]
    undisputed = by_id(cards_of([*small_base(), *later, replace(dispatch, conflicts=())]))
    assert "dispatch:choice:date" in undisputed and "dispatch:truefalse:false" in undisputed
    assert [c for c in undisputed.values() if c.type is CardType.CHRONOLOGY and "dispatch" in c.fact_ids]


def test_a_name_that_gives_the_month_leaves_only_the_year_to_ask() -> None:
    """"When did the March massacres in Baku take place?" would give its month away, and
    "What happened in Baku in March 1918?" its answer: the year is asked, nothing else. A
    name that gives the year as well ("May Day manifesto of 1919") leaves no date question."""
    massacres = fact("march-massacres", "event", "The March massacres in Baku took place in March 1918.",
                     name="the March massacres in Baku", date="1918-03", place="Baku", deck="massacres")
    manifesto = fact("may-day", "event", "The Comintern issued its May Day manifesto on 1 May 1919.",
                     name="the Comintern's May Day manifesto of 1919", date="1919-05-01", place="Moscow")
    cards = by_id(cards_of([*small_base(), massacres, manifesto]))
    asked = cards["march-massacres:qa:date"]
    assert (asked.prompt, asked.answer) == ("In which year did the March massacres in Baku take place?", "1918")
    choice = cards["march-massacres:choice:date"]
    assert all(parse_date(o) is not None and parse_date(o).precision == "year" for o in choice.options)
    assert check_answer("1918", asked.answer, asked.accepted).correct
    assert not [i for i in cards if i.startswith("march-massacres") and "date-reverse" in i]
    assert not [i for i in cards if i.startswith("may-day") and ":date" in i]


def test_a_date_that_stands_alone_is_capitalized() -> None:
    night = fact("sovietization", "event", "Baku was sovietized on the night of 27/28 April 1920.",
                 name="the Sovietization of Azerbaijan", date="night 1920-04-27", place="Baku")
    cards = by_id(cards_of([*small_base(), night]))
    assert cards["sovietization:qa:date"].answer == "The night of 27/28 April 1920"
    choice = cards.get("sovietization:choice:date")
    assert choice is None or all(option[:1].isupper() for option in choice.options)
    assert cards["sovietization:cloze:date"].answer == "the night of 27/28 April 1920"  # mid-sentence


def test_a_reverse_prompt_never_names_the_place_the_agreement_is_named_after() -> None:
    sevres = fact("sevres", "agreement", "The Treaty of Sèvres was signed on 10 August 1920.",
                  name="the Treaty of Sèvres", date="1920-08-10", place="Sèvres",
                  parties=("Allies", "Ottoman Empire", "Armenia"))
    other = fact("other", "agreement", "The Treaty of Moscow was signed on 10 August 1920.",
                 name="the Treaty of Moscow", date="1920-08-10", parties=("Soviet Russia", "Turkish Nationalists"))
    cards = by_id(cards_of([sevres, other]))
    assert cards["sevres:qa:date-reverse"].prompt == (
        "Which treaty did the Allies, the Ottoman Empire and Armenia sign on 10 August 1920?"
    )
    assert all("Sèvres" not in c.prompt for c in cards.values() if c.answer == "The Treaty of Sèvres")


def test_person_questions_both_ways() -> None:
    cards = by_id(cards_of(small_base()))
    assert (cards["nuri-pasha:choice:role"].prompt, cards["nuri-pasha:choice:role"].answer) == (
        "Who was Nuri Pasha?", "The commander of the Army of Islam")
    assert "nuri-pasha:qa:role" not in cards  # typed, "Who was Nuri Pasha?" has many right answers
    # an office passes from holder to holder: asked in reverse only at the fact's date
    assert "nuri-pasha:qa:role-reverse" not in cards
    dated = [replace(f, date=HistDate.parse("1918")) if f.id == "nuri-pasha" else f for f in small_base()]
    reverse = by_id(cards_of(dated))["nuri-pasha:qa:role-reverse"]
    assert (reverse.prompt, reverse.answer) == ("Who was the commander of the Army of Islam in 1918?", "Nuri Pasha")
    assert "Nuri Paşa" in reverse.accepted


def test_two_events_on_one_day_make_the_reverse_prompt_specific() -> None:
    evacuation = fact("evacuation", "event", "The British left Baku on 15 September 1918.",
                      name="the British evacuation of Baku", date="1918-09-15", place="Batum")
    cards = by_id(cards_of([FALL, evacuation]))
    assert "fall-of-baku:qa:date-reverse" not in cards  # "What happened in Baku ...?" -> "The fall of Baku": none
    assert cards["evacuation:qa:date-reverse"].prompt == "What happened in Batum on 15 September 1918?"
    assert cards["evacuation:qa:date-reverse"].answer_kind is AnswerKind.DESCRIPTION  # a happening, self-graded
    same_place = replace(evacuation, place="Baku")
    cards = by_id(cards_of([FALL, same_place]))
    assert "fall-of-baku:qa:date-reverse" not in cards and "evacuation:qa:date-reverse" not in cards
    assert "fall-of-baku:qa:date" in cards  # the forward question stays unambiguous


def test_an_uncertain_date_that_overlaps_makes_a_reverse_prompt_ambiguous() -> None:
    month = fact("massacre", "event", "In September 1918 there was a massacre in Baku.",
                 name="the massacre in Baku", date="1918-09", place="Baku")
    cards = by_id(cards_of([FALL, month]))
    assert "fall-of-baku:qa:date-reverse" not in cards


def test_one_name_with_two_roles_is_told_apart_by_date_or_not_asked() -> None:
    early = replace(NURI, id="nuri-1918", date=HistDate.parse("1918"))
    late = replace(NURI, id="nuri-1919", role="the head of a committee in Azerbaijan", date=HistDate.parse("1919"))
    from studykit.core.generators.index import FactIndex
    from studykit.core.generators.questions import asks

    def role_prompts(facts: list[Fact]) -> list[str]:  # asked in multiple choice when options are found
        index = FactIndex(facts)
        return [a.prompt for f in index.facts for a in asks(f, index) if a.variant == "role"]

    assert role_prompts([early, late]) == ["Who was Nuri Pasha in 1918?", "Who was Nuri Pasha in 1919?"]
    assert role_prompts([early, replace(late, date=None)]) == []


def test_two_people_with_one_role_make_no_reverse_question() -> None:
    other = replace(NURI, id="enver", name="Enver Pasha", aliases=())
    cards = by_id(cards_of([NURI, other]))
    assert "nuri-pasha:qa:role-reverse" not in cards and "enver:qa:role-reverse" not in cards


def test_an_indefinite_role_has_no_reverse_question() -> None:
    member = replace(NURI, role="a member of the triumvirate", statement="Nuri Pasha was a member of the triumvirate.")
    assert "nuri-pasha:qa:role-reverse" not in by_id(cards_of([member]))


def test_distractors_are_never_also_correct() -> None:
    facts = small_base()
    # Enver holds the same role as Nuri: he must never be offered as a wrong answer for it.
    facts.append(replace(NURI, id="nuri-again", date=HistDate.parse("1918")))
    facts.append(fact("enver-islam", "person", "Enver Pasha led the Army of Islam.", name="Enver Pasha",
                      role="the commander of the Army of Islam", side="Ottoman Empire", category="commander"))
    for seed in range(30):
        for card in cards_of(facts, seed):
            if card.type is CardType.CHOICE:
                assert correct_options(card, facts) == [card.answer], card


def test_choice_cards_place_the_answer_at_random_but_by_the_seed() -> None:
    facts = small_base()
    positions = Counter()
    for seed in range(40):
        for card in cards_of(facts, seed, types=["choice"]):
            positions[card.options.index(card.answer)] += 1
    assert set(positions) == {0, 1, 2, 3}
    assert cards_of(facts, 3) == cards_of(facts, 3)


def test_a_date_is_not_blanked_where_the_rest_of_the_statement_names_its_month(
    bundled: tuple[list[Fact], list[Card]],
) -> None:
    from studykit.core.dates import MONTHS

    assault = replace(FALL, id="assault", statement="The assault began on 14–15 September 1918, early on 14 September.",
                      date=HistDate.parse("1918-09-14/1918-09-15"))
    made = by_id(cards_of([*small_base(), assault]))
    assert "assault:cloze:date" not in made and "assault:truefalse:false" not in made
    _, cards = bundled
    for card in cards:
        if card.type is CardType.CLOZE and card.id.endswith(":cloze:date"):
            months = [m for m in MONTHS if m in card.answer]
            assert not any(m in card.prompt.split() for m in months), card.prompt


def test_a_name_and_its_bracketed_alias_are_one_blank_and_a_title_goes_with_the_name() -> None:
    """"_____ (_____)" asked for one thing twice, "Dr _____" left a title for a false swap to
    keep; a name known by two names in one sentence is answered in full."""
    angora = fact("angora", "place", "Angora (Ankara) was the seat of the Grand National Assembly.", name="Angora",
                  aliases=("Ankara",), place_type="city", significance="the seat of the Grand National Assembly")
    sabit = fact("sabit", "person", "Dr Fuat Sabit was a Nationalist agent in Baku.", name="Fuat Sabit",
                 aliases=("Dr Fuat Sabit", "Sabit"), role="a Nationalist agent in Baku", side="Turkish Nationalists",
                 category="diplomat")
    comintern = fact("comintern", "organization",
                     "The Communist International, also called the Third International, was founded in 1919.",
                     name="Communist International", aliases=("Third International",),
                     description="the organization of communist parties founded in 1919")
    cards = by_id(cards_of([*small_base(), angora, sabit, comintern]))
    blanked = cards["angora:cloze:name"]
    assert (blanked.prompt, blanked.answer) == ("_____ was the seat of the Grand National Assembly.", "Angora")
    assert check_answer("Ankara", blanked.answer, blanked.accepted).correct
    assert (cards["sabit:cloze:name"].prompt, cards["sabit:cloze:name"].answer) == (
        "_____ was a Nationalist agent in Baku.", "Dr Fuat Sabit")
    both = cards["comintern:cloze:name"]
    assert both.prompt == "The _____, also called the _____, was founded in 1919."
    assert both.answer == "Communist International … Third International"
    assert check_answer("Communist International", both.answer, both.accepted).correct


def test_cloze_blanks_the_displayed_date_or_the_name() -> None:
    cards = by_id(cards_of([*small_base(), FALL]))
    assert cards["fall-of-baku:cloze:date"].prompt == "Baku fell to the Army of Islam on _____."
    assert cards["fall-of-baku:cloze:date"].answer == "15 September 1918"
    assert cards["fall-of-baku:cloze:place"].prompt == "_____ fell to the Army of Islam on 15 September 1918."
    assert cards["nuri-pasha:cloze:name"].prompt == "_____ was the commander of the Army of Islam."
    assert cards["armistice-of-mudros:cloze:name"].prompt == "The _____ was signed on 30 October 1918."


def test_a_number_is_blanked_where_it_counts_the_unit_not_in_a_date() -> None:
    cards = by_id(cards_of([*small_base(), PETROV]))
    assert cards["petrov-strength:cloze:number"].prompt == (
        "Petrov's detachment, which left on 30 July 1918, numbered 30 km of front and _____ men.")
    false = cards["petrov-strength:truefalse:false"].prompt
    assert "on 30 July 1918" in false and "30 km" in false and "600" not in false


def test_a_false_statement_swaps_one_value_and_is_false() -> None:
    facts = small_base()
    cards = by_id(cards_of(facts))
    false = cards["armistice-of-mudros:truefalse:false"]
    assert false.answer == "False" and false.options == ("True", "False")
    old, new = swapped(MUDROS, false.prompt)
    assert old == "30 October 1918" and parse_date(new) is not None and parse_date(new).precision == "day"  # type: ignore[union-attr]
    assert proven_false(false, facts)
    true = cards["armistice-of-mudros:truefalse:true"]
    assert (true.prompt, true.answer) == ("True or false: " + MUDROS.statement, "True")


def test_chronology_never_puts_overlapping_dates_together() -> None:
    days = ["1918-09-15", "1918-09-15", "1918-09", "1918-09-20", "1918-10-30", "1918-08-04", "1918-06-04", "1918"]
    facts = [fact(f"e{i}", "event", f"Event {i} happened on {HistDate.parse(d).display()}.", name=f"event number {i}",
                  date=d) for i, d in enumerate(days)]
    chronology = [c for c in cards_of(facts) if c.type is CardType.CHRONOLOGY]
    assert chronology
    check_properties(facts, chronology)


def test_matching_cards_pair_people_with_roles() -> None:
    matching = [c for c in cards_of(small_base()) if c.type is CardType.MATCHING]
    people = next(c for c in matching if c.variant.startswith("people-roles"))
    assert people.prompt == "Match each person to their role."
    assert ("Nuri Pasha", "The commander of the Army of Islam") in people.pairs
    assert set(people.options) == {left for left, _ in people.pairs}


def test_multi_fact_ids_come_from_the_sorted_fact_ids() -> None:
    facts = small_base()
    shuffled = facts[::-1]
    first = {c.id for c in cards_of(facts) if len(c.fact_ids) > 1}
    assert first == {c.id for c in cards_of(shuffled) if len(c.fact_ids) > 1}


def test_the_index_answers_in_linear_time_shapes() -> None:
    index = FactIndex(small_base())
    assert [f.id for f in index.same_subject(NURI)] == ["nuri-pasha"]
    assert index.dates("happened").any_other(HistDate.parse("1918-07"), ["event-1", "event-2"]) is False
    assert index.dates("happened").any_other(HistDate.parse("1918-07"), []) is True


def test_every_card_keeps_its_sources_and_statement() -> None:
    for card in cards_of(small_base()):
        assert card.sources
        if len(card.fact_ids) == 1:
            assert card.statement


# --- qualified figures, upper-bound dates, one source's claims ------------------------------


def test_a_bounded_figure_is_typed_and_made_false_only_on_the_safe_side() -> None:
    more = fact("front", "number", "Bicherakhov's departure exposed a section of the front more than 30 km long.",
                label="the length of the front exposed", value=30, qualifier="more than", unit="km")
    upto = fact("killed", "number", "Up to 30,000 Armenians were killed.", label="the number of Armenians killed",
                value=30000, qualifier="up to", unit="people")
    cards = by_id(cards_of([more, upto, *small_base()]))
    assert cards["front:qa:value"].answer == "More than 30 km"
    assert "front:choice:value" not in cards and "killed:choice:value" not in cards  # no option is surely wrong
    assert cards["front:cloze:number"].prompt.endswith("more than _____ km long.")
    false = cards["front:truefalse:false"].prompt
    low = re.search(r"about (\d+) km", false)
    assert low and int(low[1]) * 1.25 < 30, false  # "about 15 km": no length above 30 km
    high = re.search(r"More than ([\d,]+) Armenians", cards["killed:truefalse:false"].prompt)
    assert high and parse_number(high[1])[0] >= 30000  # type: ignore[index]


def test_an_about_figure_is_offered_among_about_figures_far_from_it() -> None:
    about = fact("force", "number", "The British force numbered about 1,000 men.", label="the strength of the force",
                 value=1000, qualifier="about", unit="men")
    for seed in range(20):
        card = by_id(cards_of([about, *small_base()], seed))["force:choice:value"]
        assert card.answer == "About 1,000 men" and all(o.startswith("About ") for o in card.options)
        for option in card.options:
            value = parse_number(option)[0]  # type: ignore[index]
            assert option == card.answer or value >= 2000 or value <= 500, card.options


def test_an_upper_bound_date_is_asked_by_when_and_never_swapped_offered_or_ordered() -> None:
    bound = fact("bureau", "event", "By February 1919 the Baku Bureau had begun to woo the Muslim Marxists.",
                 name="the Baku Bureau's courting of the Muslim Marxists", date="1919-02", date_bound="by")
    for seed in range(10):
        cards = cards_of([bound, *small_base()], seed)
        mine = by_id(c for c in cards if "bureau" in c.fact_ids)
        prompt = "By when had the Baku Bureau courted the Muslim Marxists?"  # its verb, as "When ...?"
        assert mine["bureau:qa:date"].prompt == prompt
        assert mine["bureau:qa:date"].answer == "February 1919"
        assert not any(c.type in (CardType.CHOICE, CardType.CHRONOLOGY, CardType.MATCHING) for c in mine.values())
        assert "bureau:truefalse:false" not in mine  # a later date would be as true, an earlier one unknown
        assert "bureau:qa:date-reverse" not in mine


def test_a_claim_of_one_source_is_asked_according_to_it() -> None:
    bengali = fact("petrov-bn", "number", "According to the Bengali article, Petrov's detachment numbered 600 men.",
                   label="the strength of Petrov's detachment", value=600, unit="men", according_to="000_test.txt")
    azeri = fact("petrov-az", "number",
                 "According to the Azerbaijani article, Petrov's detachment numbered about 1,000 men.",
                 label="the strength of Petrov's detachment", value=1000, qualifier="about", unit="men",
                 according_to="001_test.txt")
    plain = fact("petrov-plain", "number", "Petrov's detachment numbered 600 men.",
                 label="the strength of Petrov's detachment", value=600, unit="men")
    for seed in range(10):
        cards = by_id(cards_of([bengali, azeri, *small_base()], seed))
        asked = "According to the Bengali article, what was the strength of Petrov's detachment?"
        assert cards["petrov-bn:qa:value"].prompt == asked
        assert cards["petrov-az:qa:value"].answer == "About 1,000 men"
        for option in cards["petrov-bn:choice:value"].options:  # never the other source's figure, nor one it allows
            assert not 800 <= parse_number(option)[0] <= 1250, option  # type: ignore[index]
        grouped = [c for c in cards.values() if c.type in (CardType.CHRONOLOGY, CardType.MATCHING)]
        assert not any(set(c.fact_ids) & {"petrov-bn", "petrov-az"} for c in grouped)
    # an unattributed figure that one source contradicts is no question at all
    cards = by_id(cards_of([plain, azeri, *small_base()]))
    assert "petrov-plain:qa:value" not in cards and "petrov-az:qa:value" in cards


def test_a_figure_and_its_qualified_twin_are_told_apart_or_not_asked() -> None:
    """"What were the losses at Baku?" with "1,000 guns" by one fact and "up to 1,000 guns" by
    another has two answers: neither is asked (found by test_one_type_gives_the_same_cards_as_all_types:
    multiple choice alone kept the exact figure, which all types together dropped as ambiguous)."""
    exact = fact("n-exact", "number", "The losses at Baku were 1,000 guns.", label="the losses at Baku", value=1000,
                 unit="guns")
    bounded = replace(exact, id="n-bounded", statement="The losses at Baku were up to 1,000 guns.", qualifier="up to")
    for types in (None, [CardType.CHOICE], [CardType.QA]):
        assert not [c for c in cards_of([exact, bounded], 7, types=types) if c.variant == "value"]
