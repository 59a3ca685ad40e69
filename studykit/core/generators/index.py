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
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from studykit.core.answers import fold, folds
from studykit.core.dates import HistDate
from studykit.core.facts import Fact
from studykit.core.generators.date_index import DateIndex, Span, nearby_dates, overlap, span
from studykit.core.generators.wording import (
    agreement_noun,
    agreement_verb,
    cap,
    join_and,
    number_text,
    organization_phrase,
    party_phrase,
)


@lru_cache(maxsize=1 << 20)  # names and phrases are compared again and again: each folded once
def key(text: str) -> str:
    """The folded form names and phrases are compared by (see `studykit.core.answers.fold`)."""
    return min(folds(text))


def keys_of(*texts: str | None) -> frozenset[str]:
    return frozenset(key(t) for t in texts if t)


@dataclass(frozen=True, slots=True)
class Entry:
    """A value that may stand as an option: as shown, its key, and the fact it comes from."""

    text: str
    key: str
    fact_id: str
    keys: frozenset[str] = frozenset()  # every key of the thing it names (name and aliases)
    date: HistDate | None = None
    span: Span | None = None
    value: float | None = None


@dataclass(frozen=True, slots=True)
class Distractors:
    """How to find wrong options for one answer.

    `pools` are tried in order (each by related topic, then deck, then everywhere).
    A candidate is refused when any of its keys is in `excluded` (also a correct answer),
    when its date overlaps one of `overlapping` (a date also correct), or when `refuse`
    says so. `synthesize` makes more candidates when the base has too few (numbers, dates).
    """

    pools: tuple[tuple[str, ...], ...]
    near: tuple[tuple[str, ...], ...] = ()  # tiers tried before the related topics, e.g. the same year
    excluded: frozenset[str] = frozenset()
    overlapping: tuple[Span, ...] = ()
    refuse: Callable[[Entry], bool] | None = None
    synthesize: Callable[[random.Random], Iterable[Entry]] | None = None
    related: bool = True  # try the fact's topics first (not when related candidates are refused anyway)

    def allows(self, entry: Entry) -> bool:
        if not self.excluded.isdisjoint(entry.keys or (entry.key,)):
            return False
        if entry.span is not None and any(overlap(entry.span, days) for days in self.overlapping):
            return False
        return self.refuse is None or not self.refuse(entry)


def either(*refusals: Callable[[Entry], bool] | None) -> Callable[[Entry], bool]:
    """Refuse what any of the refusals refuses."""
    chosen = [r for r in refusals if r is not None]

    def refuse(entry: Entry) -> bool:
        return any(r(entry) for r in chosen)

    return refuse


Tier = tuple[str, ...]  # ("all",), ("deck", id), ("topic", id), ("year", "1918")
MAX_NAME_WORDS = 6  # the longest organization name looked for inside a phrase
# The longest name looked for in a fact's statement and quotes, in folded words: folding
# splits a Bengali word at each vowel sign ("ক্যাস্পিয়ান ফ্লোটিলা" is seven).
MENTION_WORDS = 12
# A place or name that stands in this share of a deck's statements is what the deck is about
# ("Baku" in a deck on the battle of Baku); a year that this share of its dated facts fall in
# is its year. Asking for either ("the first assault on _____") tests nothing.
MAIN_SUBJECT_SHARE = 1 / 3
MAIN_YEAR_SHARE = 2 / 3
MAIN_SUBJECT_MIN_FACTS = 6  # a deck too small to have a main subject by counting
# The person named in most of a deck's statements, if in this share of them, is its central
# figure ("Mustafa Kemal" in a deck on the Kemalist entente): "the resistance led by _____"
# asks what every reader of the deck knows.
MAIN_FIGURE_SHARE = 1 / 6
# A side or person is active, for wrong dates, from the first to the last fact that involves it
# and is dated to a month or less (a year says too little of when it began or ended), widened by
# `ACTIVE_MARGIN` days; only one with `ACTIVE_MIN_FACTS` such facts has a period the base can tell.
PRECISE_SPAN = 62
ACTIVE_MIN_FACTS = 3
ACTIVE_MARGIN = 31


@dataclass(frozen=True, slots=True)
class Profile:
    """Who or what a subject was, over every fact about it: the sides it stood with, the
    categories of person it was, the years the facts date it to. Wrong options are drawn
    from the same side and period as the answer where the base allows."""

    sides: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()


class FactIndex:
    """Lookups over a whole fact base. Build it once per run: `FactIndex(facts)`."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.facts = tuple(facts)
        self.by_id = {f.id: f for f in self.facts}
        self.position = {f.id: i for i, f in enumerate(self.facts)}
        self.statements = {normal_prompt(f.statement) for f in self.facts}
        self.organizations = frozenset(f.name for f in self.facts if f.kind == "organization" and f.name)
        # pool -> tier -> entries, in the order of the facts; the first entry of a key stands for it
        self.pools: dict[Tier, dict[Tier, list[Entry]]] = {}
        self._pooled: set[tuple[Tier, Tier, str]] = set()  # (pool, tier, key) of the entries in
        self._subjects: dict[tuple[str, str], list[Fact]] = {}  # (kind, subject key) -> facts
        self._same_subject: dict[tuple[str, frozenset[str]], list[Fact]] = {}  # (kind, subject keys) -> facts
        self._values: dict[tuple[str, str], list[Fact]] = {}  # (relation, value key) -> facts
        self._dates: dict[tuple[str, ...], DateIndex] = {}
        self._organizations: dict[str, list[Fact]] = {}
        self._places: dict[str, Fact] = {}
        self._people: dict[str, Fact] = {}
        self._subject_keys: dict[str, frozenset[str]] = {}
        self._owners: dict[str, str] = {}
        self._name_forms: dict[str, frozenset[str]] = {}  # fact id -> the id of the first fact about its subject
        self._profiles: dict[str, Profile] = {}
        self._entry_subjects: dict[tuple[str, str, str], list[Fact]] = {}  # (fact id, key, text) -> facts
        self._entry_forms: dict[tuple[str, str, str], frozenset[str]] = {}
        self._entry_owners: dict[tuple[str, str, str], frozenset[str]] = {}
        self._entry_descriptions: dict[tuple[str, str, str, str], tuple[str, ...]] = {}
        self._mentions: dict[str, frozenset[str]] = {}  # fact id -> keys of the word runs of its texts
        self._deck_facts: dict[str, list[Fact]] = {}
        # fact id -> the folded words of its statement, worked out once for every use
        self.statement_words: dict[str, tuple[str, ...]] = {}
        self._deck_words: dict[str, dict[str, int]] = {}  # deck -> folded word -> statements holding it
        self._main: dict[tuple[str, str], bool] = {}
        self._main_years: dict[str, int | None] = {}
        self._main_figures: dict[str, str | None] = {}
        self._people_words: dict[str, tuple[str, ...]] | None = None
        self._text_words: dict[str, frozenset[str]] = {}
        self._says: dict[tuple[str, str], bool] = {}
        self._involved: dict[str, list[Span]] = {}  # participant or party key -> its precise dates
        self._active: dict[str, Span | None] = {}  # participant or party key -> `active`
        adders = {
            "event": self._add_event, "agreement": self._add_agreement, "person": self._add_person,
            "place": self._add_place, "number": self._add_number, "organization": self._add_organization,
        }
        for fact in self.facts:
            for k in self.subject_keys(fact):
                self._subjects.setdefault((fact.kind, k), []).append(fact)
            self._deck_facts.setdefault(fact.deck_id, []).append(fact)
            words = self._deck_words.setdefault(fact.deck_id, {})
            self.statement_words[fact.id] = tuple(fold(fact.statement).split())
            for word in set(self.statement_words[fact.id]):
                words[word] = words.get(word, 0) + 1
            tiers = (("all",), ("deck", fact.deck_id), *dict.fromkeys(("topic", t) for t in fact.topics))
            adders[fact.kind](fact, tiers)

    # --- building -------------------------------------------------------------------

    def _pool(self, pool: Tier, entry: Entry, tiers: Iterable[Tier]) -> None:
        """Add an entry to a pool's tiers, unless an entry of its key is there already."""
        by_tier = self.pools.setdefault(pool, {})
        for tier in tiers:
            if (pool, tier, entry.key) not in self._pooled:
                self._pooled.add((pool, tier, entry.key))
                by_tier.setdefault(tier, []).append(entry)

    def _value(self, relation: str, value: str, fact: Fact) -> None:
        self._values.setdefault((relation, key(value)), []).append(fact)

    def _dated(self, fact: Fact, tiers: tuple[Tier, ...], groups: tuple[str, ...], also: tuple[str, ...] = ()) -> None:
        """An event or agreement: findable by date in its groups ("happened", "signed"), at its
        place, among the facts it shares sides with, and in the `also` group; its date a
        distractor for others."""
        date = fact.date
        assert date is not None
        in_groups: list[tuple[str, ...]] = []
        for name in groups:
            in_groups.append((name,))
            # at its place, or among those at no known place (which might be any place)
            in_groups.append((name, "at", key(fact.place)) if fact.place else (name, "nowhere"))
        in_groups += involving(fact, every=True)
        if also:
            in_groups.append(also)
        for group in in_groups:
            if group not in self._dates:
                self._dates[group] = DateIndex()
            self._dates[group].put(fact.id, date)
        days = span(date)
        if days[1] - days[0] <= PRECISE_SPAN:
            for side in set(map(key, fact.participants + fact.parties)):
                self._involved.setdefault(side, []).append(days)
        entry = Entry(date.display(), date.iso(), fact.id, date=date, span=days)
        self._pool(("date", shape(date)), entry, (*tiers, *near_year(date)))
        if fact.place:
            self._pool(("place",), Entry(fact.place, key(fact.place), fact.id), tiers)

    def _add_event(self, fact: Fact, tiers: tuple[Tier, ...]) -> None:
        assert fact.name is not None
        if fact.date is not None:
            self._dated(fact, tiers, ("happened",))
        self._pool(("event",), self.name_entry(fact), tiers)
        if fact.place:
            self._value("event.place", fact.place, fact)

    def _add_agreement(self, fact: Fact, tiers: tuple[Tier, ...]) -> None:
        assert fact.name is not None
        parties_key = self.parties_key(fact)
        if fact.date is not None:
            self._dated(fact, tiers, ("happened", "signed"), ("signed", "by", parties_key))
        entry = self.name_entry(fact)
        self._pool(("agreement", agreement_noun(fact.name)), entry, tiers)
        self._pool(("agreement",), entry, tiers)
        for term in fact.terms:
            self._value("agreement.term", term, fact)
        if len(fact.parties) >= 2:
            # the parties to an act agreed (a treaty's), apart from a letter's writer and addressee
            agreed = "agreed" if agreement_verb(fact.name) in ("signed", "reached") else "sent"
            self._pool(("parties", agreed), Entry(self.parties_text(fact), parties_key, fact.id), tiers)

    def _add_person(self, fact: Fact, tiers: tuple[Tier, ...]) -> None:
        assert fact.name and fact.role and fact.category
        entry = self.name_entry(fact)
        self._people.setdefault(key(fact.name), fact)
        self._pool(("person", fact.category), entry, tiers)
        self._pool(("person",), entry, tiers)
        self._pool(("person", "kind", person_kind(fact.category)), entry, tiers)
        if fact.side:
            self._pool(("person", fact.category, fact.side), entry, tiers)
            self._pool(("person", "side", fact.side), entry, tiers)
            self._pool(("person", "kind", person_kind(fact.category), fact.side), entry, tiers)
        role = Entry(cap(fact.role), key(fact.role), fact.id)
        self._pool(("role", fact.category), role, tiers)
        self._pool(("role",), role, tiers)
        if fact.side:
            self._pool(("role", "side", fact.side), role, tiers)
        self._value("person.role", fact.role, fact)

    def _add_place(self, fact: Fact, tiers: tuple[Tier, ...]) -> None:
        assert fact.name and fact.significance
        entry = self.name_entry(fact)
        for k in self.subject_keys(fact):
            self._places.setdefault(k, fact)
        place_type = fact.place_type or "other"
        self._pool(("place", place_type), entry, tiers)
        self._pool(("place",), entry, tiers)
        significance = Entry(cap(fact.significance), key(fact.significance), fact.id)
        self._pool(("significance", place_type), significance, tiers)
        self._pool(("significance",), significance, tiers)
        self._value("place.significance", fact.significance, fact)

    def _add_number(self, fact: Fact, tiers: tuple[Tier, ...]) -> None:
        assert fact.value is not None and fact.unit is not None
        entry = Entry(number_text(fact.value, fact.unit), number_key(fact.value), fact.id, value=float(fact.value))
        self._pool(("number", key(fact.unit), str(magnitude(fact.value))), entry, tiers)

    def _add_organization(self, fact: Fact, tiers: tuple[Tier, ...]) -> None:
        assert fact.name and fact.description
        for name in (fact.name, *fact.aliases):
            for k in folds(name):
                self._organizations.setdefault(k, []).append(fact)
        self._pool(("organization",), self.name_entry(fact, organization_phrase(fact.name)), tiers)
        self._pool(("description",), Entry(cap(fact.description), key(fact.description), fact.id), tiers)
        self._value("organization.description", fact.description, fact)

    # --- lookups --------------------------------------------------------------------

    def subject_keys(self, fact: Fact) -> frozenset[str]:
        """The keys a fact's subject is known by: its name and aliases, or a number's label."""
        found = self._subject_keys.get(fact.id)
        if found is None or self.by_id.get(fact.id) is not fact:  # a fact not of the base is worked out anew
            found = keys_of(fact.label) if fact.kind == "number" else keys_of(fact.name, *fact.aliases)
            if self.by_id.get(fact.id) is fact:
                self._subject_keys[fact.id] = found
        return found

    def name_forms(self, fact: Fact) -> frozenset[str]:
        """Every folded reading of every name and alias of the fact's subject, over all the facts
        about it (ə read as e and as a): what `mentions` finds it by."""
        found = self._name_forms.get(fact.id)
        if found is None:
            found = frozenset(
                form for other in self.same_subject(fact) for name in (other.name, *other.aliases) if name
                for form in folds(name)
            )
            self._name_forms[fact.id] = found
        return found

    def entry_subjects(self, entry: Entry) -> list[Fact]:
        """The facts about what an option names or describes: a person, body or place named; every
        holder of a role, description or significance shown (it describes each of them); for a
        place an event happened at, the place's own fact (none if the base has none)."""
        shown = (entry.fact_id, entry.key, entry.text)  # all it depends on: kept, as options come up again and again
        found = self._entry_subjects.get(shown)
        if found is None:
            found = self._entry_subjects[shown] = self._find_entry_subjects(entry)
        return found

    def _find_entry_subjects(self, entry: Entry) -> list[Fact]:
        fact = self.by_id[entry.fact_id]
        if fact.kind in ("event", "agreement"):
            if fact.name and entry.key != key(fact.name):
                place = self.place(entry.text)
                return [place] if place is not None else []
            return [fact]
        for field, relation in _DESCRIBED.get(fact.kind, ()):
            if entry.key == key(getattr(fact, field) or ""):
                return self.with_value(relation, entry.text) or [fact]
        return [fact]

    def entry_owners(self, entry: Entry) -> frozenset[str]:
        """The `owner`s of what an option names or describes; its own key if the base has none."""
        shown = (entry.fact_id, entry.key, entry.text)
        found = self._entry_owners.get(shown)
        if found is None:
            subjects = self.entry_subjects(entry)
            found = frozenset(self.owner(s.id) for s in subjects) if subjects else frozenset({entry.key})
            self._entry_owners[shown] = found
        return found

    def entry_descriptions(self, entry: Entry, field: str) -> tuple[str, ...]:
        """What every fact about what an option names or describes gives as its `field` (role,
        description, significance; "" where a fact has none), each once."""
        shown = (entry.fact_id, entry.key, entry.text, field)
        found = self._entry_descriptions.get(shown)
        if found is None:
            found = tuple(dict.fromkeys(
                getattr(o, field) or "" for subject in self.entry_subjects(entry) for o in self.same_subject(subject)
            ))
            self._entry_descriptions[shown] = found
        return found

    def entry_forms(self, entry: Entry) -> frozenset[str]:
        """`name_forms` of what an option names or describes."""
        shown = (entry.fact_id, entry.key, entry.text)
        found = self._entry_forms.get(shown)
        if found is None:
            subjects = self.entry_subjects(entry)
            found = frozenset().union(*(self.name_forms(s) for s in subjects)) if subjects else folds(entry.text)
            self._entry_forms[shown] = found
        return found

    def name_entry(self, fact: Fact, shown: str | None = None) -> Entry:
        """The fact's name as an option."""
        assert fact.name is not None
        return Entry(cap(shown or fact.name), key(fact.name), fact.id, keys=self.subject_keys(fact))

    def same_subject(self, fact: Fact) -> list[Fact]:
        """Every fact of the same kind about the same subject (by name or alias), this one
        included, in the order of the base. (Kept once worked out: the refusal tests of a
        search ask it of every candidate, and the same candidates come up again and again.)"""
        subject = (fact.kind, self.subject_keys(fact))
        if subject not in self._same_subject:
            found: dict[str, Fact] = {}
            for k in subject[1]:
                for other in self._subjects.get((fact.kind, k), ()):
                    found.setdefault(other.id, other)
            self._same_subject[subject] = sorted(found.values(), key=lambda f: self.position[f.id])
        return self._same_subject[subject]

    def with_value(self, relation: str, value: str) -> list[Fact]:
        return self._values.get((relation, key(value)), [])

    def dates(self, *group: str) -> DateIndex:
        return self._dates.get(group, _NO_DATES)

    def active(self, side: str) -> Span | None:
        """The days a participant or party is active in the base (see `PRECISE_SPAN`): the Baku
        Commune from spring to September 1918, Mustafa Kemal from 1919. None when too few of its
        facts are dated closely enough to tell."""
        side_key = key(side)
        if side_key not in self._active:  # once per side: a side of the base has a share of all its facts
            found = self._involved.get(side_key, [])
            self._active[side_key] = None if len(found) < ACTIVE_MIN_FACTS else (
                min(d[0] for d in found) - ACTIVE_MARGIN, max(d[1] for d in found) + ACTIVE_MARGIN,
            )
        return self._active[side_key]

    def place(self, name: str) -> Fact | None:
        return self._places.get(key(name))

    def named(self, kind: str, phrase: str) -> list[Fact]:
        """The facts of a kind whose subject goes by the phrase (a name or an alias)."""
        return self._subjects.get((kind, key(phrase)), [])

    def person(self, name: str) -> Fact | None:
        return self._people.get(key(name))

    def organizations_named_in(self, phrase: str) -> list[Fact]:
        """Organizations whose name or alias stands anywhere in a phrase: "the commander of the
        Army of Islam", "the Army of Islam officer whose ...". Their leaders also fit it."""
        words = fold(phrase).split()
        found: dict[str, Fact] = {}
        for i in range(len(words)):
            for j in range(i + 1, min(i + MAX_NAME_WORDS, len(words)) + 1):
                for organization in self._organizations.get("".join(words[i:j]), ()):
                    found.setdefault(organization.id, organization)
        return list(found.values())

    def owner(self, fact_id: str) -> str:
        """The subject a fact is about, as the id of the first fact about it: two facts about
        Enver Pasha have one owner, so that no multiple choice offers him twice."""
        found = self._owners.get(fact_id)
        if found is None:
            fact = self.by_id[fact_id]
            found = self.same_subject(fact)[0].id if fact.kind != "number" else fact.id
            self._owners[fact_id] = found
        return found

    def profile(self, fact: Fact) -> Profile:
        """The sides, categories and years of every fact about the fact's subject."""
        owner = self.owner(fact.id)
        found = self._profiles.get(owner)
        if found is None:
            same = self.same_subject(fact)
            years: set[int] = set()
            for other in same:
                if other.date is not None:
                    first = other.date.start.year
                    last = other.date.end.year if other.date.end is not None else first
                    years.update(range(first, min(last, first + 10) + 1))
            found = Profile(
                frozenset(o.side for o in same if o.side), frozenset(o.category for o in same if o.category),
                frozenset(years),
            )
            self._profiles[owner] = found
        return found

    def mentions(self, fact: Fact) -> frozenset[str]:
        """The keys of every run of up to `MENTION_WORDS` words in the fact's statement and
        quotes: a name whose key is among them is named in the fact's own story."""
        found = self._mentions.get(fact.id)
        if found is None:
            runs: set[str] = set()
            for text in (fact.statement, *(s.quote for s in fact.sources)):
                words = fold(text).split()  # keys are folded without spaces: runs of words, joined
                for i in range(len(words)):
                    run = ""
                    for word in words[i:i + MENTION_WORDS]:
                        run += word
                        runs.add(run)
            found = frozenset(runs)
            self._mentions[fact.id] = found
        return found

    def says(self, fact: Fact, stem: str) -> bool:
        """Whether a word of the fact's statement or quotes begins with the folded stem
        ("daghestan": "Daghestani", "Daghestan")."""
        found = self._says.get((fact.id, stem))
        if found is None:
            text_words = self._text_words.get(fact.id)
            if text_words is None:
                text_words = self._text_words[fact.id] = frozenset(
                    w for text in (fact.statement, *(s.quote for s in fact.sources)) for w in fold(text).split()
                )
            found = self._says[(fact.id, stem)] = any(w.startswith(stem) for w in text_words)
        return found

    def main_subject(self, deck_id: str, phrase: str) -> bool:
        """Whether a place or name stands in so many of the deck's statements that it is what the
        deck is about ("Baku" in the Baku decks): a blank or a question asking for it tests nothing."""
        facts = self._deck_facts.get(deck_id, [])
        if len(facts) < MAIN_SUBJECT_MIN_FACTS or not phrase.strip():
            return False
        found = self._main.get((deck_id, phrase))
        if found is None:
            words = fold(phrase).split()
            counts = self._deck_words.get(deck_id, {})
            needed = MAIN_SUBJECT_SHARE * len(facts)
            found = bool(words) and all(counts.get(w, 0) >= needed for w in words)
            if found and len(words) > 1:  # every word is common: count the phrase itself
                padded = f" {' '.join(words)} "
                found = sum(padded in f" {' '.join(self.statement_words[f.id])} " for f in facts) >= needed
            if not found:
                figure = self.main_figure(deck_id)
                person = self.person(phrase)
                found = figure is not None and person is not None and key(person.name or "") == key(figure)
            self._main[(deck_id, phrase)] = found
        return found

    def main_figure(self, deck_id: str) -> str | None:
        """The deck's central figure: the person its statements name most, if they name him in
        MAIN_FIGURE_SHARE of them and no other person as often. Worked out once per deck."""
        if deck_id not in self._main_figures:
            facts = self._deck_facts.get(deck_id, [])
            # A statement names a person if it holds the folded words of his name in a row: each
            # statement's runs of words are looked up, not every person's name in every statement.
            names = self._person_words()
            longest = max(map(len, names.values()), default=0)
            naming: Counter[tuple[str, ...]] = Counter()
            for fact in facts:
                words = self.statement_words[fact.id]
                naming.update({
                    words[i:j] for i in range(len(words)) for j in range(i + 1, min(i + longest, len(words)) + 1)
                })
            counts = Counter({name: naming[words] for name, words in names.items() if words})
            ranked = counts.most_common(2)
            figure = None
            if len(facts) >= MAIN_SUBJECT_MIN_FACTS and ranked and ranked[0][1] >= MAIN_FIGURE_SHARE * len(facts) and (
                len(ranked) < 2 or ranked[1][1] < ranked[0][1]
            ):
                figure = ranked[0][0]
            self._main_figures[deck_id] = figure
        return self._main_figures[deck_id]

    def _person_words(self) -> dict[str, tuple[str, ...]]:
        """Every person's name and its folded words, in the order of the base: worked out once."""
        if self._people_words is None:
            self._people_words = {p.name or "": tuple(fold(p.name or "").split()) for p in self._people.values()}
        return self._people_words

    def main_year(self, deck_id: str) -> int | None:
        """The year most of the deck's dated facts fall in, if that is most of them (a deck on
        1918): asking a date only to its year then asks what the deck's title says."""
        if deck_id not in self._main_years:
            dated = [f.date for f in self._deck_facts.get(deck_id, []) if f.date is not None]
            years = Counter(d.start.year for d in dated if d.end is None or d.end.year == d.start.year)
            main = None
            if len(dated) >= MAIN_SUBJECT_MIN_FACTS and years:
                year, count = years.most_common(1)[0]
                main = year if count >= MAIN_YEAR_SHARE * len(dated) else None
            self._main_years[deck_id] = main
        return self._main_years[deck_id]

    def parties_phrase(self, fact: Fact) -> str:
        """"the Ottoman Empire and the Allies", mid-sentence."""
        return join_and([party_phrase(p, self.organizations) for p in fact.parties])

    def parties_text(self, fact: Fact) -> str:
        return cap(self.parties_phrase(fact))

    @staticmethod
    def parties_key(fact: Fact) -> str:
        return "|".join(sorted(map(key, fact.parties)))


_NO_DATES = DateIndex()
# The field that describes a subject of each kind, and the relation `with_value` finds it by.
_DESCRIBED = {
    "person": (("role", "person.role"),),
    "place": (("significance", "place.significance"),),
    "organization": (("description", "organization.description"),),
}


def person_kind(category: str) -> str:
    """Whether a person is offered as a soldier ("military": a commander) or a civilian (a
    politician, a diplomat, a revolutionary): "Who was the German Foreign Minister?" is not asked
    among generals, nor "Who was the general who led the Azerbaijani army?" among ministers."""
    return "military" if category == "commander" else "civil"


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


def singular(noun: str) -> str:
    """"massacres" -> "massacre", "talks" -> "talk"; "congress", "status" stay."""
    return noun[:-1] if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) else noun


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
        candidates = _near_numbers(value, unit)
        rng.shuffle(candidates)
        return [Entry(text, number, fact_id, value=c) for c, text, number in candidates]

    return make


def _near_numbers(value: float, unit: str) -> list[tuple[float, str, str]]:
    """The numbers near a value, unshuffled, each with its text and key."""
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
    return [(c, number_text(c, unit), number_key(c)) for c in candidates]


def synthetic_dates(date: HistDate, fact_id: str) -> Callable[[random.Random], Iterable[Entry]]:
    """Dates at the same precision near the answer (see `date_index.nearby_dates`), as entries."""

    def make(rng: random.Random) -> Iterable[Entry]:
        for moved in nearby_dates(date, rng):
            yield Entry(moved.display(), moved.iso(), fact_id, date=moved, span=span(moved))

    return make
