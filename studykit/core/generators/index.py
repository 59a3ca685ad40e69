"""The fact base indexed for the generators: who else answers a prompt, and what may stand
beside an answer as a distractor.

Everything a generator asks of the base ("which other facts have this subject?", "which
events could have happened that day?", "three dates at this precision from related
events") is a dictionary lookup or a bounded scan here, so generating cards grows linearly
with the number of facts.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from studykit.core.answers import fold, folds
from studykit.core.dates import HistDate
from studykit.core.facts import Fact
from studykit.core.generators.date_index import DateIndex, Item, Span, date_texts, nearby_dates, placements, span
from studykit.core.generators.wording import cap, join_and, number_text, organization_phrase, party_phrase


@lru_cache(maxsize=1 << 20)
def key(text: str) -> str:
    """The folded form names and phrases are compared by (see `studykit.core.answers.fold`)."""
    return min(folds(text))


def keys_of(*texts: str | None) -> frozenset[str]:
    return frozenset(key(t) for t in texts if t)


@dataclass(slots=True)
class Entry:
    """A value that may stand as an option: as shown, its key, and the fact it comes from.
    (Never changed once made; not frozen only because frozen dataclasses are slow to build.)"""

    text: str
    key: str
    fact_id: str
    keys: frozenset[str] = frozenset()  # every key of the thing it names (name and aliases)
    date: HistDate | None = None
    span: Span | None = None
    value: float | None = None


def date_entry(date: HistDate, fact_id: str) -> Entry:
    shown, iso, days = date_texts(date)
    return Entry(shown, iso, fact_id, date=date, span=days)


@dataclass(slots=True)
class Distractors:
    """How to find wrong options for one answer.

    `pools` are tried in order (each by related topic, then deck, then everywhere).
    A candidate is refused when any of its keys is in `excluded` (also a correct answer),
    when its date overlaps one of `overlapping` (a date also correct), or when `refuse`
    says so. `synthesize` makes more candidates when the base has too few (numbers, dates).
    Never changed once made.
    """

    pools: tuple[tuple[str, ...], ...]
    near: tuple[tuple[str, ...], ...] = ()  # tiers tried before the related topics, e.g. the same year
    excluded: frozenset[str] = frozenset()
    overlapping: tuple[Span, ...] = ()
    refuse: Callable[[Entry], bool] | None = None
    synthesize: Callable[[random.Random], Iterable[Entry]] | None = None
    related: bool = True  # try the fact's topics first (not when related candidates are refused anyway)

    def allows(self, entry: Entry) -> bool:
        if entry.keys:
            if not self.excluded.isdisjoint(entry.keys):
                return False
        elif entry.key in self.excluded:
            return False
        if entry.span is not None:
            first, last = entry.span
            for a, b in self.overlapping:
                if first <= b and a <= last:
                    return False
        return self.refuse is None or not self.refuse(entry)


_NO_DATES = DateIndex()
MAX_NAME_WORDS = 6  # the longest organization name looked for inside a phrase


class FactIndex:
    """Lookups over a whole fact base. Build it once per run: `FactIndex(facts)`.

    `memo` holds per-fact results that several generators share (the questions of a fact,
    the values its statement can be blanked at) when generators are run one by one over the
    base; `generate_cards` runs them fact by fact instead and keeps none (see `About`).
    """

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.facts = tuple(facts)
        self.by_id = {f.id: f for f in self.facts}
        self.position = {f.id: i for i, f in enumerate(self.facts)}
        self.memo: dict[Any, Any] = {}
        self._subjects: dict[tuple[str, str], list[Fact]] = {}
        self._values: dict[tuple[str, str], list[Fact]] = {}
        self._dates: dict[tuple[str, ...], DateIndex] = {}
        self.pools: dict[tuple[str, ...], dict[tuple[str, ...], list[Entry]]] = {}
        self._pool_keys: dict[tuple[str, ...], dict[tuple[str, ...], dict[str, Entry]]] = {}  # while building
        self._organizations: dict[str, list[Fact]] = {}
        self._places: dict[str, Fact] = {}
        self._people: dict[str, Fact] = {}
        self._subject_keys: dict[str, frozenset[str]] = {}
        self._same: dict[str, list[Fact]] = {}
        self.statements: set[str] = set()
        self._tiers_fact: Fact | None = None
        self._dated_fact: Fact | None = None
        self.search_fact: Fact | None = None
        self.search_tiers: tuple[tuple[tuple[str, ...], ...], ...] = ((), ())
        self._dated_item: tuple[Item, tuple[tuple[int, Any], ...]] = (("", 0, 0), ())
        self._tiers: tuple[tuple[str, ...], ...] = ()
        self.organizations = frozenset(f.name for f in self.facts if f.kind == "organization" and f.name)
        for fact in self.facts:
            self._add(fact)
        self.pools = {  # searched by position: lists, once every fact is in
            pool: {tier: list(entries.values()) for tier, entries in tiers.items()}
            for pool, tiers in self._pool_keys.items()
        }
        self._pool_keys.clear()

    # --- building -------------------------------------------------------------------

    def _add(self, fact: Fact) -> None:
        self.statements.add(normal_prompt(fact.statement))
        for k in self.subject_keys(fact):
            self._subjects.setdefault((fact.kind, k), []).append(fact)
        adder = getattr(self, f"_add_{fact.kind}")
        adder(fact)

    def _value(self, relation: str, value_key: str, fact: Fact) -> None:
        self._values.setdefault((relation, value_key), []).append(fact)

    def _date(self, group: tuple[str, ...], fact: Fact) -> None:
        assert fact.date is not None
        if self._dated_fact is not fact:  # a fact's item and placements, worked out once for its groups
            first, last = span(fact.date)
            self._dated_fact, self._dated_item = fact, ((fact.id, first, last), placements(fact.date))
        dates = self._dates.get(group)
        if dates is None:
            dates = self._dates[group] = DateIndex()
        dates.put(*self._dated_item)

    def _pool(self, pool: tuple[str, ...], entry: Entry, fact: Fact, *more: tuple[str, ...]) -> None:
        tiers = self._pool_keys.get(pool)
        if tiers is None:
            tiers = self._pool_keys[pool] = {}
        if self._tiers_fact is not fact:  # a fact's tiers, built once for its several pools
            self._tiers_fact = fact
            self._tiers = (("all",), ("deck", fact.deck_id), *(("topic", t) for t in fact.topics))
        entry_key = entry.key
        for tier in (*self._tiers, *more) if more else self._tiers:
            entries = tiers.get(tier)
            if entries is None:
                tiers[tier] = {entry_key: entry}
            elif entry_key not in entries:  # the first entry of a key stands for it
                entries[entry_key] = entry

    def _dated(self, fact: Fact, *groups: str) -> None:
        """An event or agreement: findable by date in its groups ("happened", "signed"), at its
        place, and among the facts it shares sides with; its date a distractor for others."""
        assert fact.date is not None
        for name in groups:
            self._date((name,), fact)
            if fact.place:
                self._date((name, "at", key(fact.place)), fact)
        for sides in involving(fact, every=True):
            self._date(sides, fact)
        self._pool(("date", shape(fact.date)), date_entry(fact.date, fact.id), fact, ("year", str(fact.date.start.year)))
        if fact.place:
            self._pool(("place",), Entry(fact.place, key(fact.place), fact.id), fact)

    def _add_event(self, fact: Fact) -> None:
        assert fact.name is not None
        if fact.date is not None:
            self._dated(fact, "happened")
        self._pool(("event",), self.name_entry(fact), fact)
        if fact.place:
            self._value("event.place", key(fact.place), fact)

    def _add_agreement(self, fact: Fact) -> None:
        from studykit.core.generators.wording import agreement_noun

        assert fact.name is not None
        if fact.date is not None:
            self._dated(fact, "happened", "signed")
            self._date(("signed", "by", self.parties_key(fact)), fact)
        entry = self.name_entry(fact)
        self._pool(("agreement", agreement_noun(fact.name)), entry, fact)
        self._pool(("agreement",), entry, fact)
        for term in fact.terms:
            self._value("agreement.term", key(term), fact)
        if len(fact.parties) >= 2:
            self._pool(("parties",), Entry(self.parties_text(fact), self.parties_key(fact), fact.id), fact)

    def _add_person(self, fact: Fact) -> None:
        assert fact.name and fact.role and fact.category
        entry = self.name_entry(fact)
        self._people.setdefault(key(fact.name), fact)
        self._pool(("person", fact.category), entry, fact)
        self._pool(("person",), entry, fact)
        if fact.side:
            self._pool(("person", fact.category, fact.side), entry, fact)
            self._pool(("person", "side", fact.side), entry, fact)
        role = Entry(cap(fact.role), key(fact.role), fact.id)
        self._pool(("role", fact.category), role, fact)
        self._pool(("role",), role, fact)
        self._value("person.role", key(fact.role), fact)

    def _add_place(self, fact: Fact) -> None:
        assert fact.name and fact.significance
        entry = self.name_entry(fact)
        for k in self.subject_keys(fact):
            self._places.setdefault(k, fact)
        self._pool(("place", fact.place_type or "other"), entry, fact)
        self._pool(("place",), entry, fact)
        significance = Entry(cap(fact.significance), key(fact.significance), fact.id)
        self._pool(("significance", fact.place_type or "other"), significance, fact)
        self._pool(("significance",), significance, fact)
        self._value("place.significance", key(fact.significance), fact)

    def _add_number(self, fact: Fact) -> None:
        assert fact.value is not None and fact.unit is not None
        entry = Entry(number_text(fact.value, fact.unit), number_key(fact.value), fact.id, value=float(fact.value))
        self._pool(("number", key(fact.unit), str(magnitude(fact.value))), entry, fact)

    def _add_organization(self, fact: Fact) -> None:
        assert fact.name and fact.description
        for name in (fact.name, *fact.aliases):
            for k in folds(name):
                self._organizations.setdefault(k, []).append(fact)
        self._pool(("organization",), self.name_entry(fact, organization_phrase(fact.name)), fact)
        description = Entry(cap(fact.description), key(fact.description), fact.id)
        self._pool(("description",), description, fact)
        self._value("organization.description", key(fact.description), fact)

    # --- lookups --------------------------------------------------------------------

    def subject_keys(self, fact: Fact) -> frozenset[str]:
        """The keys a fact's subject is known by: its name and aliases, or a number's label."""
        found = self._subject_keys.get(fact.id)
        if found is None or self.by_id.get(fact.id) is not fact:
            found = keys_of(fact.label) if fact.kind == "number" else keys_of(fact.name, *fact.aliases)
            if self.by_id.get(fact.id) is fact:
                self._subject_keys[fact.id] = found
        return found

    def name_entry(self, fact: Fact, shown: str | None = None) -> Entry:
        assert fact.name is not None
        return Entry(cap(shown or fact.name), key(fact.name), fact.id, keys=self.subject_keys(fact))

    def same_subject(self, fact: Fact) -> list[Fact]:
        """Every fact of the same kind about the same subject (by name or alias), this one included."""
        memo = self._same.get(fact.id)
        if memo is not None and self.by_id.get(fact.id) is fact:
            return memo
        found: dict[str, Fact] = {}
        for k in self.subject_keys(fact):
            for other in self._subjects.get((fact.kind, k), ()):
                found.setdefault(other.id, other)
        out = sorted(found.values(), key=lambda f: self.position.get(f.id, -1))
        if self.by_id.get(fact.id) is fact:
            self._same[fact.id] = out
        return out

    def with_value(self, relation: str, value: str) -> list[Fact]:
        return self._values.get((relation, key(value)), [])

    def dates(self, *group: str) -> DateIndex:
        return self._dates.get(group, _NO_DATES)

    def place(self, name: str) -> Fact | None:
        return self._places.get(key(name))

    def person(self, name: str) -> Fact | None:
        return self._people.get(key(name))

    def organizations_named_in(self, phrase: str) -> list[Fact]:
        """Organizations whose name or alias stands anywhere in a phrase: "the commander of the
        Army of Islam", "the Army of Islam officer whose ...". Their leaders also fit it."""
        if not self._organizations:
            return []
        words = fold(phrase).split()
        found: dict[str, Fact] = {}
        organizations = self._organizations
        for i in range(len(words)):
            joined = ""
            for word in words[i:i + MAX_NAME_WORDS]:  # words[i:j] joined, for each j
                joined += word
                named = organizations.get(joined)
                if named is not None:
                    for organization in named:
                        found.setdefault(organization.id, organization)
        return list(found.values())

    def parties_phrase(self, fact: Fact) -> str:
        """"the Ottoman Empire and the Allies", mid-sentence."""
        return join_and([party_phrase(p, self.organizations) for p in fact.parties])

    def parties_text(self, fact: Fact) -> str:
        return cap(self.parties_phrase(fact))

    @staticmethod
    def parties_key(fact: Fact) -> str:
        return "|".join(sorted(key(p) for p in fact.parties))

    # --- distractors ----------------------------------------------------------------

    def distractors(
        self, spec: Distractors, fact: Fact, answer_keys: Iterable[str], rng: random.Random, count: int = 3,
    ) -> list[Entry]:
        """Up to `count` wrong options, related ones first (see `search.distractors`)."""
        from studykit.core.generators.search import distractors

        return distractors(self, spec, fact, answer_keys, rng, count)


def involving(fact: Fact, *, every: bool = False) -> list[tuple[str, ...]]:
    """The groups of facts a fact shares its sides with: one per pair of its participants or
    parties, or its one participant. Two events between the same two sides on the same day
    might be told by the same sentence. With `every`, the groups a fact belongs to: also one
    per single side, which a fact with only that side looks in."""
    sides = sorted({key(p) for p in (*fact.participants, *fact.parties)})
    pairs: list[tuple[str, ...]] = [("involving", a, b) for i, a in enumerate(sides) for b in sides[i + 1:]]
    singles: list[tuple[str, ...]] = [("involving", a) for a in sides]
    if every:
        return singles + pairs
    return singles if len(sides) == 1 else pairs


def shape(date: HistDate) -> str:
    """What a distractor date must share with the answer: "day", "month", "year", "night", or
    for a range the precision of both ends ("range:day-day")."""
    if date.end is None:
        return date.precision
    return f"range:{date.start.precision}-{date.end.precision}"


def near_year(date: HistDate) -> tuple[tuple[str, ...], ...]:
    return (("year", str(date.start.year)),)


def normal_prompt(text: str) -> str:
    return " ".join(text.casefold().split())


def number_key(value: float) -> str:
    return repr(float(value))


def magnitude(value: float) -> int:
    return math.floor(math.log10(abs(value))) if value else 0


def synthetic_numbers(value: float, unit: str, fact_id: str) -> Callable[[random.Random], Iterable[Entry]]:
    """Numbers of the same magnitude near the answer: 6,000 -> 3,000, 9,000, 4,500, ..."""

    def make(rng: random.Random) -> Iterable[Entry]:
        size = magnitude(value)
        integral = float(value).is_integer()
        candidates: list[float] = []
        for factor in (0.5, 1.5, 2, 0.75, 3, 1.25, 0.25, 2.5, 4, 0.6, 1.2, 0.8, 5, 0.4, 1.8):
            candidate = value * factor
            if integral:
                step = 10 ** max(size - 1, 0)
                candidate = float(max(1, round(candidate / step)) * step)
            if candidate != value and candidate > 0 and magnitude(candidate) == size:
                candidates.append(candidate)
        if integral and size == 0:
            candidates += [float(v) for v in range(2, 10) if v != value]
        candidates = list(dict.fromkeys(c for c in candidates if c != 1))  # "1 guns"
        rng.shuffle(candidates)
        return [Entry(number_text(c, unit), number_key(c), fact_id, value=c) for c in candidates]

    return make


def synthetic_dates(date: HistDate, fact_id: str) -> Callable[[random.Random], Iterable[Entry]]:
    """Dates at the same precision near the answer (see `date_index.nearby_dates`), as entries."""

    def make(rng: random.Random) -> Iterable[Entry]:
        for moved, shown, iso, days in nearby_dates(date, rng):
            yield Entry(shown, iso, fact_id, date=moved, span=days)  # date_entry, from the cache

    return make
