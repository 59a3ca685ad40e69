"""The fact model and its validation.

A fact is the unit of truth everything else is made from. Validation is pure: it gets the
raw mapping a deck file gave and the texts of the seed documents, and returns problems
named by field path, so that the adapter that read the file can add the line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from studykit.core.citation import Source as Source  # kept importable from here: a fact cites its sources
from studykit.core.dates import MONTHS, DateError, HistDate

KINDS = ("event", "person", "agreement", "place", "number", "organization")
SIDES = (
    "Ottoman Empire", "Azerbaijan", "Baku Commune", "Centrocaspian Dictatorship", "Armenia",
    "Britain", "Soviet Russia", "Turkish Nationalists", "Germany", "Georgia", "Allies", "Other",
)
# "historian": a historian the sources cite (their author, one in a footnote): kept for the
# conflicts that name them and for coverage, but no fact of the period, so no card asks them.
PERSON_CATEGORIES = ("commander", "politician", "diplomat", "revolutionary", "other", "historian")
# The wider region a place lies in: wrong options of a place are places of the same region
# ("Where did the Bolshevik revolution take place?" is not asked among Anatolian towns).
REGIONS = ("Transcaucasia", "Turkey", "North Caucasus", "Russia", "Persia", "Transcaspia", "Europe")
PLACE_TYPES = (
    "city", "town", "village", "station", "region", "country", "river", "sea", "mountain", "other",
)
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

COMMON_FIELDS = {
    "id": True, "kind": True, "statement": True, "topics": True, "sources": True,
    "conflicts": False, "outside_knowledge": False, "note": False,
    "date_bound": False, "according_to": False,
}
# How a number is qualified in its source ("more than 50,000", "about 1,000"). Each one says
# which values the truth allows, so that wrong options and false statements stay outside them.
QUALIFIERS = ("about", "more than", "over", "at least", "up to", "at most", "fewer than")
# Words that qualify a number in a statement: one of them right before the value needs `qualifier`.
QUALIFYING_WORDS = re.compile(
    r"\b(about|more than|over|at least|up to|at most|fewer than|less than|under|nearly|almost|some|roughly|"
    r"approximately|around)\s+$",
    re.IGNORECASE,
)
DATE_BOUNDS = ("by",)
# "By February 1919", "by mid-1919", "By the end of 1919", "by the spring of 1920": an upper bound.
BY_DATE = re.compile(
    r"\bby\s+(?:the\s+)?(?:(?:early|mid|late|end|spring|summer|autumn|fall|winter|beginning|close|middle|start)"
    r"[- ](?:of\s+)?(?:the\s+)?)?(?:\d{1,2}\s+)?(?:\d{4}\b|(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b)",
    re.IGNORECASE,
)
# field -> required, per kind
KIND_FIELDS: dict[str, dict[str, bool]] = {
    "event": {"name": True, "date": True, "place": False, "participants": False},
    "person": {
        "name": True, "aliases": False, "role": True, "side": True, "category": True, "date": False,
    },
    "agreement": {
        "name": True, "aliases": False, "date": True, "place": False, "parties": True, "terms": False,
    },
    "place": {
        "name": True, "aliases": False, "place_type": True, "significance": True, "located_in": False,
        "region": False,
    },
    "number": {"label": True, "value": True, "qualifier": False, "unit": True, "date": False},
    "organization": {
        "name": True, "aliases": False, "description": True, "leaders": False, "side": True,
    },
}
# A number the cards can say and compute with: finite, and exact as a float (2^53 > 10^15).
NUMBER_LIMIT = 10**15
# A quote must be enough of its seed to find the passage again and to show what it says: a
# letter or a word is found almost anywhere. The shortest real citation in the bundled decks
# is a newspaper reference of four words ("*Izvestiia*, 1 May 1919.").
QUOTE_MIN_CHARS = 12
QUOTE_MIN_WORDS = 3

LIST_FIELDS = {"aliases", "participants", "parties", "terms", "leaders", "topics"}


@dataclass(frozen=True)
class Reading:
    """One source's reading of a disputed point."""

    reading: str
    seed: str
    quote: str | None = None


@dataclass(frozen=True)
class Conflict:
    """Where sources disagree or a translation is garbled: every reading, and why the statement says what it says."""

    about: str
    readings: tuple[Reading, ...]
    resolution: str


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a fact; `where` is a field path such as `facts[3].sources[0].quote`."""

    where: str
    message: str


@dataclass(frozen=True)
class Fact:
    id: str
    kind: str
    statement: str
    deck_id: str
    topics: tuple[str, ...]
    sources: tuple[Source, ...]
    conflicts: tuple[Conflict, ...] = ()
    outside_knowledge: str | None = None
    note: str | None = None
    name: str | None = None
    aliases: tuple[str, ...] = ()
    date: HistDate | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()
    role: str | None = None
    side: str | None = None
    category: str | None = None
    parties: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    place_type: str | None = None
    significance: str | None = None
    located_in: str | None = None
    region: str | None = None
    label: str | None = None
    value: int | float | None = None
    qualifier: str | None = None
    unit: str | None = None
    description: str | None = None
    leaders: tuple[str, ...] = ()
    date_bound: str | None = None
    according_to: str | None = None

    @property
    def seeds(self) -> tuple[str, ...]:
        """The seed documents this fact cites, in order of first citation."""
        return tuple(dict.fromkeys(s.seed for s in self.sources))

    @property
    def title(self) -> str:
        """A short name for listings: the name, or the label of a number."""
        return self.name or self.label or self.id

    def to_dict(self) -> dict[str, Any]:
        """Every field that is set, JSON-ready, dates as ISO 8601."""
        out: dict[str, Any] = {"id": self.id, "deck": self.deck_id, "kind": self.kind, "statement": self.statement}
        for name in KIND_FIELDS[self.kind]:
            value = getattr(self, name)
            if name == "date" and value is not None:
                out["date"] = value.iso()
                out["date_display"] = value.display()
            elif isinstance(value, tuple):
                out[name] = list(value)
            elif value is not None:
                out[name] = value
        out["topics"] = list(self.topics)
        out["sources"] = [{"seed": s.seed, "quote": s.quote} for s in self.sources]
        out["conflicts"] = [
            {
                "about": c.about,
                "readings": [
                    {"reading": r.reading, "seed": r.seed, **({"quote": r.quote} if r.quote else {})}
                    for r in c.readings
                ],
                "resolution": c.resolution,
            }
            for c in self.conflicts
        ]
        if self.outside_knowledge:
            out["outside_knowledge"] = self.outside_knowledge
        if self.date_bound:
            out["date_bound"] = self.date_bound
        if self.according_to:
            out["according_to"] = self.according_to
        return out

    @property
    def attribution(self) -> str | None:
        """"According to <source>" as the statement words it, for facts that hold one source's claim."""
        if not self.according_to:
            return None
        return self.statement.split(",", 1)[0]


class _Checker:
    """Collects problems while reading one raw fact, so that all of them are reported at once."""

    def __init__(self, raw: Mapping[str, Any], where: str) -> None:
        self.raw = raw
        self.where = where
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(f"{self.where}.{path}" if path else self.where, message))

    def text(self, name: str, value: Any = None, *, path: str | None = None) -> str | None:
        value = self.raw.get(name) if value is None else value
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(path or name, f"expected text, got {type(value).__name__}")
            return None
        text = str(value).strip()
        if not text:
            self.fail(path or name, "must not be empty")
            return None
        return text

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(name, f"expected a list, got {type(value).__name__}")
            return ()
        items = [self.text(name, item, path=f"{name}[{i}]") for i, item in enumerate(value)]
        return tuple(item for item in items if item is not None)

    def choice(self, name: str, allowed: Sequence[str]) -> str | None:
        value = self.text(name)
        if value is not None and value not in allowed:
            self.fail(name, f"unknown value {value!r}; expected one of: {', '.join(allowed)}")
            return None
        return value


def parse_fact(raw: object, *, deck_id: str, where: str) -> tuple[Fact | None, list[Problem]]:
    """Check one raw fact mapping; return the fact (None when unusable) and every problem found."""
    if not isinstance(raw, Mapping):
        return None, [Problem(where, f"a fact must be a mapping, got {type(raw).__name__}")]
    check = _Checker(raw, where)
    kind = check.choice("kind", KINDS)
    if raw.get("kind") is None:
        check.fail("kind", "missing required field")
    fact_id = check.text("id")
    if fact_id is None and "id" not in raw:
        check.fail("id", "missing required field")
    elif fact_id is not None and not ID_PATTERN.match(fact_id):
        check.fail("id", f"{fact_id!r} is not a slug of lowercase letters, digits and single hyphens")
        fact_id = None
    if kind is None:
        return None, check.problems

    allowed = COMMON_FIELDS | KIND_FIELDS[kind]
    for name in raw:
        if name not in allowed:
            check.fail(str(name), f"unknown field for a {kind} fact")
    for name, required in allowed.items():
        if required and raw.get(name) in (None, "", []):
            check.fail(name, "missing required field")

    values: dict[str, Any] = {}
    for name in KIND_FIELDS[kind]:
        if name == "date":
            values["date"] = _date(check)
        elif name == "value":
            values["value"] = _number(check)
        elif name in LIST_FIELDS:
            values[name] = check.texts(name)
        elif name == "side":
            values[name] = check.choice(name, SIDES)
        elif name == "category":
            values[name] = check.choice(name, PERSON_CATEGORIES)
        elif name == "qualifier":
            values[name] = check.choice(name, QUALIFIERS)
        elif name == "place_type":
            values[name] = check.choice(name, PLACE_TYPES)
        elif name == "region":
            values[name] = check.choice(name, REGIONS)
        else:
            values[name] = check.text(name)

    statement = check.text("statement")
    if statement and not statement.endswith((".", "?", "!", ".\u201d", '."')):
        check.fail("statement", "must be one sentence ending with a full stop")
    date_bound = check.choice("date_bound", DATE_BOUNDS)
    according_to = check.text("according_to")
    if statement:
        _check_qualifier(check, kind, statement, values)
        _check_date_bound(check, kind, statement, date_bound, values)
    topics = check.texts("topics")
    for i, topic in enumerate(topics):
        if not ID_PATTERN.match(topic):
            check.fail(f"topics[{i}]", f"{topic!r} is not a slug")
    sources = _sources(check)
    conflicts = _conflicts(check)
    if according_to is not None and statement:
        _check_according_to(check, statement, according_to, sources)
    if check.problems or fact_id is None or statement is None:
        return None, check.problems
    fact = Fact(
        id=fact_id, kind=kind, statement=statement, deck_id=deck_id, topics=topics,
        sources=sources, conflicts=conflicts,
        outside_knowledge=check.text("outside_knowledge"), note=check.text("note"),
        date_bound=date_bound, according_to=according_to,
        **values,
    )
    return fact, check.problems


def displayed_number(value: float) -> str:
    """A fact's value as its statement shows it: 3000 -> "3,000"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _check_qualifier(check: _Checker, kind: str, statement: str, values: Mapping[str, Any]) -> None:
    """A qualified number stands qualified in the statement, and a number the statement qualifies says so."""
    value, qualifier = values.get("value"), values.get("qualifier")
    if kind != "number" or value is None:
        return
    shown = displayed_number(value)
    at = [m.start() for m in re.finditer(rf"(?<![\d,.]){re.escape(shown)}(?![\d]|,\d)", statement)]
    if qualifier is not None:
        if not re.search(rf"\b{re.escape(qualifier)}\s+{re.escape(shown)}(?![\d]|,\d)", statement, re.IGNORECASE):
            check.fail("qualifier", f"the statement must show the number as {qualifier!r} {shown!r}")
        return
    for start in at:
        found = QUALIFYING_WORDS.search(statement[:start])
        if found:
            check.fail("qualifier", f"the statement qualifies its number ({found[1]!r} {shown}): set the qualifier "
                                    f"({', '.join(QUALIFIERS)})")
            return


def _check_date_bound(
    check: _Checker, kind: str, statement: str, date_bound: str | None, values: Mapping[str, Any],
) -> None:
    """"By <date>" is an upper bound, marked so that no card asks it as the day something happened."""
    if "date" not in KIND_FIELDS[kind]:
        if date_bound is not None:
            check.fail("date_bound", f"a {kind} fact has no date to bound")
        return
    if date_bound is not None and values.get("date") is None:
        check.fail("date_bound", "needs a date")
    elif date_bound == "by" and not re.search(r"\bby\b", statement, re.IGNORECASE):
        check.fail("date_bound", "the statement must say 'by' the date")
    elif date_bound is None and values.get("date") is not None:
        bound = _own_date_bound(statement, values["date"])
        if bound:
            check.fail("date_bound", f"the statement gives its date as an upper bound ({bound!r}): set date_bound: by")


def _own_date_bound(statement: str, date: HistDate) -> str | None:
    """A "by <date>" phrase that names the fact's own date (its year or month), not a deadline in its terms."""
    points = [p for p in (date.start, date.end) if p is not None]
    names = {str(p.year) for p in points} | {MONTHS[p.month - 1] for p in points if p.month is not None}
    for match in BY_DATE.finditer(statement):
        if any(re.search(rf"\b{name}\b", match[0]) for name in names):
            return match[0]
    return None


def _check_according_to(check: _Checker, statement: str, seed: str, sources: Sequence[Source]) -> None:
    """A claim held by one source only: the statement names it, and only that source is cited."""
    if not statement.startswith("According to "):
        check.fail("statement", "a fact with according_to must begin 'According to <source>, ...'")
    for i, source in enumerate(sources):
        if source.seed != seed:
            check.fail(f"sources[{i}].seed", f"a fact according to {seed} cites only that seed")


def _date(check: _Checker) -> HistDate | None:
    raw = check.raw.get("date")
    if raw is None:
        return None
    try:
        return HistDate.parse(raw)
    except DateError as error:
        check.fail("date", str(error))
        return None


def _number(check: _Checker) -> int | float | None:
    raw = check.raw.get("value")
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        check.fail("value", f"expected a plain number such as 3000, got {raw!r}")
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        check.fail("value", f"expected a finite number such as 3000, got {raw!r}")
        return None
    if not -NUMBER_LIMIT < raw < NUMBER_LIMIT:
        check.fail("value", f"expected a number of at most 15 digits, got {len(str(abs(int(raw))))} digits")
        return None
    return raw


def _sources(check: _Checker) -> tuple[Source, ...]:
    raw = check.raw.get("sources")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.fail("sources", "expected a list of {seed, quote}")
        return ()
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            check.fail(f"sources[{i}]", "expected a mapping {seed, quote}")
            continue
        for key in item:
            if key not in ("seed", "quote"):
                check.fail(f"sources[{i}].{key}", "unknown field of a source")
        seed = check.text("seed", item.get("seed"), path=f"sources[{i}].seed")
        quote = _quote_text(check, item.get("quote"), f"sources[{i}].quote")
        if seed is None:
            check.fail(f"sources[{i}].seed", "missing required field")
        if quote is None and item.get("quote") is None:
            check.fail(f"sources[{i}].quote", "missing required field")
        if seed and quote:
            out.append(Source(seed, quote))
    return tuple(out)


def _quote_text(check: _Checker, value: Any, path: str) -> str | None:
    """Quotes are kept exactly as written (no stripping): they must match the seed byte for byte."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        check.fail(path, "expected non-empty text")
        return None
    short = quote_too_short(value)
    if short:
        check.fail(path, short)
        return None
    return value


def quote_too_short(quote: str) -> str | None:
    """Why a quote is too short to count as a citation, or None when it is long enough."""
    if len(quote.strip()) < QUOTE_MIN_CHARS or len(quote.split()) < QUOTE_MIN_WORDS:
        return (f"a quote must be at least {QUOTE_MIN_WORDS} words and {QUOTE_MIN_CHARS} characters of its seed, "
                f"enough to find the passage: {quote!r}")
    return None


def _conflicts(check: _Checker) -> tuple[Conflict, ...]:
    raw = check.raw.get("conflicts")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.fail("conflicts", "expected a list of {about, readings, resolution}")
        return ()
    out = []
    for i, item in enumerate(raw):
        path = f"conflicts[{i}]"
        if not isinstance(item, Mapping):
            check.fail(path, "expected a mapping {about, readings, resolution}")
            continue
        for key in item:
            if key not in ("about", "readings", "resolution"):
                check.fail(f"{path}.{key}", "unknown field of a conflict")
        about = check.text("about", item.get("about"), path=f"{path}.about")
        resolution = check.text("resolution", item.get("resolution"), path=f"{path}.resolution")
        for name, value in (("about", about), ("resolution", resolution)):
            if value is None and item.get(name) is None:
                check.fail(f"{path}.{name}", "missing required field")
        readings = []
        raw_readings = item.get("readings")
        if not isinstance(raw_readings, list) or len(raw_readings) < 2:
            check.fail(f"{path}.readings", "a conflict needs at least two readings")
            raw_readings = raw_readings if isinstance(raw_readings, list) else []
        for j, reading in enumerate(raw_readings):
            rpath = f"{path}.readings[{j}]"
            if not isinstance(reading, Mapping):
                check.fail(rpath, "expected a mapping {reading, seed, quote}")
                continue
            for key in reading:
                if key not in ("reading", "seed", "quote"):
                    check.fail(f"{rpath}.{key}", "unknown field of a reading")
            text = check.text("reading", reading.get("reading"), path=f"{rpath}.reading")
            seed = check.text("seed", reading.get("seed"), path=f"{rpath}.seed")
            quote = _quote_text(check, reading.get("quote"), f"{rpath}.quote")
            if text is None:
                check.fail(f"{rpath}.reading", "missing required field")
            if seed is None:
                check.fail(f"{rpath}.seed", "missing required field")
            if text and seed:
                readings.append(Reading(text, seed, quote))
        if about and resolution:
            out.append(Conflict(about, tuple(readings), resolution))
    return tuple(out)


def check_quotes(fact: Fact, seeds: Mapping[str, str], *, where: str) -> list[Problem]:
    """Every quote, in sources and in conflict readings, must stand verbatim in its seed text."""
    problems = []
    cited: list[tuple[str, str, str | None]] = [(f"sources[{i}]", s.seed, s.quote) for i, s in enumerate(fact.sources)]
    for i, conflict in enumerate(fact.conflicts):
        for j, reading in enumerate(conflict.readings):
            cited.append((f"conflicts[{i}].readings[{j}]", reading.seed, reading.quote))
    if fact.according_to is not None and fact.according_to not in seeds:
        problems.append(
            Problem(f"{where}.according_to", f"unknown seed {fact.according_to!r}; known: {', '.join(sorted(seeds))}"),
        )
    for path, seed, quote in cited:
        if seed not in seeds:
            problems.append(
                Problem(f"{where}.{path}.seed", f"unknown seed {seed!r}; known: {', '.join(sorted(seeds))}")
            )
        elif quote is not None and quote not in seeds[seed]:
            shown = quote if len(quote) <= 60 else quote[:57] + "..."
            problems.append(Problem(f"{where}.{path}.quote", f"quote not found verbatim in {seed}: {shown!r}"))
    return problems


@dataclass(frozen=True)
class Deck:
    """`anki_id` and `anki_name` are what the Anki export uses (stable deck id, `::` hierarchy)."""

    id: str
    name: str
    description: str
    facts: tuple[Fact, ...] = field(default=())
    anki_id: int | None = None
    anki_name: str | None = None


ANKI_ID_LIMIT = 2**53  # Anki's web views read ids as JavaScript numbers
DeckHeader = tuple[str, str, str, int | None, str | None]


def parse_deck_header(raw: object, *, where: str = "deck") -> tuple[DeckHeader | None, list[Problem]]:
    """Check the `deck:` mapping; return (id, name, description, anki_id, anki_name)."""
    if not isinstance(raw, Mapping):
        return None, [Problem(where, "missing the `deck:` mapping with id, name and description")]
    check = _Checker(raw, where)
    for key in raw:
        if key not in ("id", "name", "description", "anki_id", "anki_name"):
            check.fail(str(key), "unknown field of a deck")
    deck_id, name = check.text("id"), check.text("name")
    description = check.text("description") or ""
    if deck_id is None:
        check.fail("id", "missing required field")
    elif not ID_PATTERN.match(deck_id):
        check.fail("id", f"{deck_id!r} is not a slug")
    if name is None:
        check.fail("name", "missing required field")
    anki_id = raw.get("anki_id")
    if anki_id is not None and (
        isinstance(anki_id, bool) or not isinstance(anki_id, int) or not 0 < anki_id < ANKI_ID_LIMIT
    ):
        check.fail("anki_id", f"expected a positive whole number below 2^53 such as 1534251671, got {anki_id!r}")
    anki_name = check.text("anki_name")
    if anki_name is not None and any(not part.strip() for part in anki_name.split("::")):
        check.fail("anki_name", f"{anki_name!r} has an empty part between `::` separators")
    if check.problems or deck_id is None or name is None:
        return None, check.problems
    return (deck_id, name, description, anki_id, anki_name), []
