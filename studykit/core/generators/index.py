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
from typing import Any, NamedTuple

from studykit.core.answers import fold, folds
from studykit.core.dates import HistDate
from studykit.core.facts import Fact
from studykit.core.generators.date_index import DateIndex, Span, date_texts, nearby_dates, placements
from studykit.core.generators.wording import (
    agreement_noun,
    agreement_verb,
    cap,
    join_and,
    number_text,
    organization_phrase,
    party_phrase,
)


@lru_cache(maxsize=1 << 20)
def key(text: str) -> str:
    """The folded form names and phrases are compared by (see `studykit.core.answers.fold`)."""
    return min(folds(text))


def keys_of(*texts: str | None) -> frozenset[str]:
    return frozenset([key(t) for t in texts if t])


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


TierIds = tuple[int, ...]  # while building: the tiers an entry goes in (("all",), ("deck", id), ...), numbered


class _DateInfo(NamedTuple):
    """What building needs of a date, worked out once per date rather than per fact."""

    days: Span
    where: tuple[tuple[int, Any], ...]  # its `placements` in a DateIndex
    shown: str
    iso: str
    pool: tuple[str, ...]  # ("date", shape)
    year: int  # its year's tier (("year", "1918"), a near tier of the date pool), numbered


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
        ids = [f.id for f in self.facts]
        self.by_id = dict(zip(ids, self.facts))
        self.position = dict(zip(ids, range(len(ids))))
        self.memo: dict[Any, Any] = {}
        self._subjects: dict[tuple[str, str], list[Fact]] = {}
        self._values: dict[tuple[str, str], list[Fact]] = {}
        self._dates: dict[tuple[str, ...], DateIndex] = {}
        self.pools: dict[tuple[str, ...], dict[tuple[str, ...], list[Entry]]] = {}
        self._organizations: dict[str, list[Fact]] = {}
        self._places: dict[str, Fact] = {}
        self._people: dict[str, Fact] = {}
        # fact id -> (the fact, the result): a memo is used only for the very fact it was made for
        self._subject_keys: dict[str, tuple[Fact, frozenset[str]]] = {}
        self._same: dict[str, tuple[Fact, list[Fact]]] = {}
        self._unique_ids = len(self.position) == len(self.facts)
        self.search_fact: Fact | None = None
        self.search_tiers: tuple[tuple[tuple[str, ...], ...], ...] = ((), ())
        self.statements = {" ".join(f.statement.casefold().split()) for f in self.facts}  # normal_prompt, inlined
        self.organizations = frozenset(f.name for f in self.facts if f.kind == "organization" and f.name)
        self._build()

    # --- building -------------------------------------------------------------------
    #
    # Building runs once per fact of a base of up to 100,000s, so it works with local
    # variables and few calls: a fact's tiers and subject keys are worked out once for all
    # its pools, a date's placements once for all the facts on that date.

    def _build(self) -> None:
        facts = self.facts
        # Tiers are numbered while building, and each pool has a list per tier number: a
        # fact's tiers (the same for all its pools) are worked out once, and filling a tier
        # is indexing a list rather than hashing a tuple. The numbers are known up front.
        tier_ids: dict[tuple[str, ...], int] = {("all",): 0}
        fact_tiers: list[TierIds] = []
        for fact in facts:
            numbers = [0, tier_ids.setdefault(("deck", fact.deck_id), len(tier_ids))]
            for topic in fact.topics:
                tier = tier_ids.setdefault(("topic", topic), len(tier_ids))
                if tier not in numbers:  # a topic listed twice is one tier
                    numbers.append(tier)
            fact_tiers.append(tuple(numbers))
        self._year_tiers = {
            year: tier_ids.setdefault(("year", str(year)), len(tier_ids))
            for year in sorted({f.date.start.year for f in facts if f.date is not None})
        }
        self._tier_count = len(tier_ids)
        self._filling: dict[tuple[str, ...], tuple[list[list[Entry]], dict[str, Any], list[int]]] = {}
        self._date_info: dict[tuple[Any, ...], _DateInfo] = {}
        adders = {
            "event": self._add_event, "agreement": self._add_agreement, "person": self._add_person,
            "place": self._add_place, "number": self._add_number, "organization": self._add_organization,
        }
        subjects, subject_keys = self._subjects, self._subject_keys
        for fact, tiers in zip(facts, fact_tiers):
            kind = fact.kind
            if kind == "number":
                keys = keys_of(fact.label)
            elif fact.aliases:
                keys = keys_of(fact.name, *fact.aliases)
            else:  # the usual case, without the generic call
                keys = frozenset((key(fact.name),)) if fact.name else frozenset()
            subject_keys[fact.id] = (fact, keys)  # the last fact of an id, as in by_id
            for k in keys:
                found = subjects.get((kind, k))
                if found is None:
                    subjects[(kind, k)] = [fact]
                else:
                    found.append(fact)
            adders[kind](fact, tiers, keys)
        names = list(tier_ids)
        self.pools = {  # searched by position: lists, once every fact is in
            pool: {names[tier]: by_tier[tier] for tier in order}
            for pool, (by_tier, _, order) in self._filling.items()
        }
        del self._filling, self._tier_count, self._year_tiers, self._date_info  # building only

    def _pool(self, pool: tuple[str, ...], entry: Entry, tiers: TierIds) -> None:
        """Add an entry to a pool's tiers, unless an entry of its key is there already: the
        first entry of a key stands for it in each tier."""
        filling = self._filling.get(pool)
        if filling is None:
            filling = self._filling[pool] = ([[] for _ in range(self._tier_count)], {}, [])
        by_tier, tiers_of_key, order = filling  # tier -> entries; key -> the tiers it is in; tiers as filled
        entry_key = entry.key
        known = tiers_of_key.get(entry_key)
        if known is None:  # a key new to the pool (the usual case) is new to each tier
            tiers_of_key[entry_key] = tiers
            for tier in tiers:
                entries = by_tier[tier]
                if not entries:
                    order.append(tier)
                entries.append(entry)
            return
        if type(known) is tuple:  # the key's second entry: its tiers as a set from now on
            known = tiers_of_key[entry_key] = set(known)
        for tier in tiers:
            if tier not in known:
                known.add(tier)
                entries = by_tier[tier]
                if not entries:
                    order.append(tier)
                entries.append(entry)

    def _value(self, relation: str, value_key: str, fact: Fact) -> None:
        found = self._values.get((relation, value_key))
        if found is None:
            self._values[(relation, value_key)] = [fact]
        else:
            found.append(fact)

    def _dated(self, fact: Fact, tiers: TierIds, groups: tuple[str, ...], also: tuple[str, ...] = ()) -> None:
        """An event or agreement: findable by date in its groups ("happened", "signed"), at its
        place, among the facts it shares sides with, and in the `also` group; its date a
        distractor for others."""
        date = fact.date
        assert date is not None
        start = date.start  # the date's fields as plain values: cheaper to hash than the date
        date_key = (start.year, start.month, start.day, date.end, date.night)
        info = self._date_info.get(date_key)
        if info is None:  # the same few thousand dates recur: worked out once per date
            shown, iso, days = date_texts(date)
            info = self._date_info[date_key] = _DateInfo(
                days, placements(date), shown, iso, ("date", shape(date)), self._year_tiers[date.start.year],
            )
        item, where = (fact.id, *info.days), info.where
        place = fact.place
        place_key = key(place) if place else ""
        in_groups: list[tuple[str, ...]] = []
        for name in groups:
            in_groups.append((name,))
            if place:
                in_groups.append((name, "at", place_key))
        in_groups += involving(fact, every=True)
        if also:
            in_groups.append(also)
        dates = self._dates
        for group in in_groups:
            found = dates.get(group)
            if found is None:
                found = dates[group] = DateIndex()
            found.put(item, where)
        self._pool(info.pool, Entry(info.shown, info.iso, fact.id, date=date, span=info.days), (*tiers, info.year))
        if place:
            self._pool(("place",), Entry(place, place_key, fact.id), tiers)

    def _add_event(self, fact: Fact, tiers: TierIds, keys: frozenset[str]) -> None:
        assert fact.name is not None
        if fact.date is not None:
            self._dated(fact, tiers, ("happened",))
        self._pool(("event",), self.name_entry(fact, keys=keys), tiers)
        if fact.place:
            self._value("event.place", key(fact.place), fact)

    def _add_agreement(self, fact: Fact, tiers: TierIds, keys: frozenset[str]) -> None:
        assert fact.name is not None
        parties_key = self.parties_key(fact)
        if fact.date is not None:
            self._dated(fact, tiers, ("happened", "signed"), ("signed", "by", parties_key))
        entry = self.name_entry(fact, keys=keys)
        self._pool(("agreement", agreement_noun(fact.name)), entry, tiers)
        self._pool(("agreement",), entry, tiers)
        for term in fact.terms:
            self._value("agreement.term", key(term), fact)
        if len(fact.parties) >= 2:
            # the parties to an act agreed (a treaty's), apart from a letter's writer and addressee
            agreed = "agreed" if agreement_verb(fact.name) in ("signed", "reached") else "sent"
            self._pool(("parties", agreed), Entry(self.parties_text(fact), parties_key, fact.id), tiers)

    def _add_person(self, fact: Fact, tiers: TierIds, keys: frozenset[str]) -> None:
        assert fact.name and fact.role and fact.category
        entry = self.name_entry(fact, keys=keys)
        self._people.setdefault(key(fact.name), fact)
        pool, category = self._pool, fact.category
        pool(("person", category), entry, tiers)
        pool(("person",), entry, tiers)
        if fact.side:
            pool(("person", category, fact.side), entry, tiers)
            pool(("person", "side", fact.side), entry, tiers)
        role_key = key(fact.role)
        role = Entry(cap(fact.role), role_key, fact.id)
        pool(("role", category), role, tiers)
        pool(("role",), role, tiers)
        self._value("person.role", role_key, fact)

    def _add_place(self, fact: Fact, tiers: TierIds, keys: frozenset[str]) -> None:
        assert fact.name and fact.significance
        entry = self.name_entry(fact, keys=keys)
        for k in keys:
            self._places.setdefault(k, fact)
        pool, place_type = self._pool, fact.place_type or "other"
        pool(("place", place_type), entry, tiers)
        pool(("place",), entry, tiers)
        significance_key = key(fact.significance)
        significance = Entry(cap(fact.significance), significance_key, fact.id)
        pool(("significance", place_type), significance, tiers)
        pool(("significance",), significance, tiers)
        self._value("place.significance", significance_key, fact)

    def _add_number(self, fact: Fact, tiers: TierIds, keys: frozenset[str]) -> None:
        assert fact.value is not None and fact.unit is not None
        entry = Entry(number_text(fact.value, fact.unit), number_key(fact.value), fact.id, value=float(fact.value))
        self._pool(("number", key(fact.unit), str(magnitude(fact.value))), entry, tiers)

    def _add_organization(self, fact: Fact, tiers: TierIds, keys: frozenset[str]) -> None:
        assert fact.name and fact.description
        for name in (fact.name, *fact.aliases):
            for k in folds(name):
                self._organizations.setdefault(k, []).append(fact)
        self._pool(("organization",), self.name_entry(fact, organization_phrase(fact.name), keys=keys), tiers)
        description_key = key(fact.description)
        self._pool(("description",), Entry(cap(fact.description), description_key, fact.id), tiers)
        self._value("organization.description", description_key, fact)

    # --- lookups --------------------------------------------------------------------

    def subject_keys(self, fact: Fact) -> frozenset[str]:
        """The keys a fact's subject is known by: its name and aliases, or a number's label."""
        memo = self._subject_keys.get(fact.id)
        if memo is not None and memo[0] is fact:
            return memo[1]
        # a fact outside the base (or a second fact of an id): worked out, not kept
        return keys_of(fact.label) if fact.kind == "number" else keys_of(fact.name, *fact.aliases)

    def name_entry(self, fact: Fact, shown: str | None = None, *, keys: frozenset[str] | None = None) -> Entry:
        """The fact's name as an option; `keys` are its subject keys when the caller has them."""
        assert fact.name is not None
        return Entry(cap(shown or fact.name), key(fact.name), fact.id, keys=self.subject_keys(fact) if keys is None else keys)

    def same_subject(self, fact: Fact) -> list[Fact]:
        """Every fact of the same kind about the same subject (by name or alias), this one included."""
        memo = self._same.get(fact.id)
        if memo is not None and memo[0] is fact:
            return memo[1]
        keys = self.subject_keys(fact)
        if len(keys) == 1 and self._unique_ids:
            # one key and no id twice in the base: its facts are distinct and in base order already
            (k,) = keys
            out = list(self._subjects.get((fact.kind, k), ()))
        else:
            found: dict[str, Fact] = {}
            for k in keys:
                for other in self._subjects.get((fact.kind, k), ()):
                    found.setdefault(other.id, other)
            out = sorted(found.values(), key=lambda f: self.position.get(f.id, -1))
        if self.by_id.get(fact.id) is fact:
            self._same[fact.id] = (fact, out)
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
        return "|".join(sorted(map(key, fact.parties)))


def involving(fact: Fact, *, every: bool = False) -> list[tuple[str, ...]]:
    """The groups of facts a fact shares its sides with: one per pair of its participants or
    parties, or its one participant. Two events between the same two sides on the same day
    might be told by the same sentence. With `every`, the groups a fact belongs to: also one
    per single side, which a fact with only that side looks in."""
    sides = sorted(set(map(key, fact.participants + fact.parties)))
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
        candidates = list(_near_numbers(value, unit))
        rng.shuffle(candidates)
        return [Entry(text, number, fact_id, value=c) for c, text, number in candidates]

    return make


@lru_cache(maxsize=1 << 12)
def _near_numbers(value: float, unit: str) -> tuple[tuple[float, str, str], ...]:
    """The numbers near a value, unshuffled, each with its text and key: a few values recur
    across a base. (6000 and 6000.0 share an entry, and give the same numbers.)"""
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
    return tuple((c, number_text(c, unit), number_key(c)) for c in candidates)


def synthetic_dates(date: HistDate, fact_id: str) -> Callable[[random.Random], Iterable[Entry]]:
    """Dates at the same precision near the answer (see `date_index.nearby_dates`), as entries."""

    def make(rng: random.Random) -> Iterable[Entry]:
        for moved, shown, iso, days in nearby_dates(date, rng):
            yield Entry(shown, iso, fact_id, date=moved, span=days)  # texts and days from the cache

    return make
