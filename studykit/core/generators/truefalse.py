"""True or false: the statement as it stands, or with one value swapped for another of the
same type that makes it false.

The swap is proven false against the base, not merely different: a swapped date overlaps
no date of any fact about the same subject, nor of any other event at the same place or
between the same two participants or parties (which the unchanged rest of the statement
might then describe); a swapped number is no value any fact gives for the same figure; a
swapped person holds no role of the original, leads none of the organizations it names,
and shares no topic with the fact (so is not plausibly part of the same story). The new
value never already stands in the statement, and a swap that would reproduce some fact's
own statement is refused.

No card of a statement that lays one source's blame in its own voice (`sourcing.one_sided`):
"True" would make the student affirm a charge as fact.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice

from studykit.core.answers import format_number
from studykit.core.cards import Card, CardType, card_id
from studykit.core.dates import HistDate
from studykit.core.facts import Fact
from studykit.core.generators.base import About, CardRandom, fact_card
from studykit.core.generators.date_index import DateIndex, nearby_dates, overlap, span
from studykit.core.generators.index import (
    Distractors,
    Entry,
    FactIndex,
    either,
    involving,
    key,
    keys_of,
    magnitude,
    normal_prompt,
    number_key,
    synthetic_numbers,
)
from studykit.core.generators.qualifiers import allowed_by, false_claim, qualifier_span, wrong_values
from studykit.core.generators.questions import Blank, date_bounded, date_disputed, with_margin
from studykit.core.generators.search import BUDGET, Verdicts, distractors
from studykit.core.generators.sourcing import one_sided

PREFIX = "True or false: "
OPTIONS = ("True", "False")


class TrueFalseGenerator:
    name = "truefalse"
    card_type = CardType.TRUE_FALSE

    def fact_cards(self, about: About, card_rng: CardRandom) -> Iterator[Card]:
        fact = about.fact
        if one_sided(fact):  # "True or false: the Bolsheviks seized power by carrying out massacres ..."
            return
        yield fact_card(
            fact, self.name, self.card_type, "true", prompt=PREFIX + fact.statement, answer="True", options=OPTIONS,
        )
        false = falsified(fact, about.blanks, about.index, card_rng(card_id(fact.id, self.name, "false")))
        if false is not None:
            yield fact_card(
                fact, self.name, self.card_type, "false", prompt=PREFIX + false, answer="False", options=OPTIONS,
            )


def falsified(fact: Fact, fact_blanks: list[Blank], index: FactIndex, rng: random.Random) -> str | None:
    """The statement with one of its blanks swapped for a value that makes it false, or None
    if no swap is safe."""
    for blank in fact_blanks:
        swap = _SWAPS.get((fact.kind, blank.variant))
        if swap is None or not blank.uniform:  # "Kâzım Özalp, then Colonel Kâzım Bey": no clean swap
            continue
        if blank.variant == "date" and (date_disputed(fact) or date_bounded(fact)):  # another source might
            continue  # date it so; or the date is an upper bound, which a later date would make no less true
        if blank.variant == "number" and not _falsifiable_number(fact):
            continue
        if blank.variant == "number" and fact.qualifier:  # "more than 30": the qualifier goes with the figure
            widened = _with_qualifier(fact, blank)
            if widened is None:
                continue
            blank = widened
        new = swap(fact, blank, index, rng)
        if new is not None:
            return blank.fill(fact.statement, new)
    return None


SMALL_COUNT = 10  # "4 attacks" made "5 attacks": a nudge of a minor count tests no history
NUDGE = 2.0  # a false figure is at least this factor away from the true one


def _falsifiable_number(fact: Fact) -> bool:
    """Whether a false statement may change the fact's figure: not a small count (4 → 5
    attacks is trivia, not history), nor a figure whose reading the sources dispute or a
    translation garbled (a conflict about its value): the text does not support that grain."""
    assert fact.value is not None
    if abs(fact.value) < SMALL_COUNT:
        return False
    return not any(conflict.about.split()[:1] == ["value"] for conflict in fact.conflicts)


def _nudged(true: float, new: float) -> bool:
    """Whether a figure is within a factor of `NUDGE` of the true one (1,700 → 1,500 men)."""
    low, high = sorted((abs(true), abs(new)))
    return low > 0 and high / low < NUDGE


FOOTNOTE_MARK = re.compile(r"^\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]")


def _day_in_footnote_only(fact: Fact) -> bool:
    """Whether the fact's day is given only by a footnote ("³ Izvestiia, 23 April 1919.") while
    the article's text says only the month: a student who read the text cannot tell 23 from
    16 April, so a false date must leave the month, not the day."""
    assert fact.date is not None
    start = fact.date.start
    if not (start.day and start.month):
        return False
    day = re.compile(rf"(?<!\d){start.day}(?!\d)")
    notes = [s.quote for s in fact.sources if FOOTNOTE_MARK.match(s.quote)]
    body = [s.quote for s in fact.sources if not FOOTNOTE_MARK.match(s.quote)]
    return any(day.search(q) for q in notes) and not any(day.search(q) for q in body)


def _month_of(date: HistDate) -> HistDate:
    return HistDate.parse(f"{date.start.year:04d}-{date.start.month:02d}")


Swap = Callable[[Fact, Blank, FactIndex, random.Random], str | None]  # the new value, as the statement shows it
SwapSpec = Callable[[Fact, Blank, FactIndex], tuple[Distractors, str]]  # a search spec and the current value's key


def _searched(spec_of: SwapSpec) -> Swap:
    """A swap found by the distractor search, over the pools of the spec `spec_of` makes."""

    def swap(fact: Fact, blank: Blank, index: FactIndex, rng: random.Random) -> str | None:
        spec, current = spec_of(fact, blank, index)
        number = blank.variant == "number"
        guarded = replace(spec, refuse=_guard(fact, blank, index, spec.refuse, number))
        found = distractors(index, Verdicts(guarded), fact, (current,), rng, 1)
        return _shown(found[0], number) if found else None

    return swap


def _false_date(fact: Fact, blank: Blank, index: FactIndex, rng: random.Random) -> str | None:
    """A date near the true one (a few weeks, months or years off), so the false statement is
    plausible, as shown; checked free of every date it might be true on: those of the same
    subject and of the events between the same sides or at the same place."""
    assert fact.date is not None
    also = [with_margin(span(o.date)) for o in index.same_subject(fact) if o.date is not None]  # years next to years
    if _day_in_footnote_only(fact):  # the text gives the month: a swap within it is no falsehood one can know
        also.append(span(_month_of(fact.date)))
    groups = _date_groups(fact, index)
    statement = fact.statement
    for near in islice(nearby_dates(fact.date, rng), BUDGET):
        days = span(near)
        if any(overlap(days, other) for other in also) or any(group.any(days) for group in groups):
            continue
        shown = near.display()
        if near.iso() == fact.date.iso() or shown.casefold() in statement.casefold():  # already said
            continue
        if normal_prompt(blank.fill(statement, shown)) not in index.statements:
            return shown
    return None


def _date_groups(fact: Fact, index: FactIndex) -> list[DateIndex]:
    """The events a swapped date must not meet: those between the same sides, or at the same place."""
    groups = [index.dates(*group) for group in involving(fact)]
    if fact.place:
        groups.append(index.dates("happened", "at", key(fact.place)))
    return groups


def _guard(
    fact: Fact, blank: Blank, index: FactIndex, refuse: Callable[[Entry], bool] | None, number: bool,
) -> Callable[[Entry], bool]:
    statement = fact.statement.casefold()

    def guard(entry: Entry) -> bool:  # the cheap test first: all three are pure
        new = _shown(entry, number)
        if new.casefold() in statement:  # already said: the swap would say nothing new
            return True
        if refuse is not None and refuse(entry):
            return True
        return normal_prompt(blank.fill(fact.statement, new)) in index.statements

    return guard


def _shown(entry: Entry, number: bool) -> str:
    if number and entry.value is not None:
        return format_number(entry.value)
    return entry.text


def _with_qualifier(fact: Fact, blank: Blank) -> Blank | None:
    """The number's blank widened to take in its qualifier: "more than 30" is swapped whole."""
    (start, end), = blank.spans
    begin = qualifier_span(fact.statement, start, fact.qualifier or "")
    if begin is None:
        return None
    text = fact.statement[begin:end]
    return replace(blank, text=text, spans=((begin, end),), texts=(text,))


def _qualified_number(fact: Fact, blank: Blank, index: FactIndex, rng: random.Random) -> str | None:
    """A figure the qualified one excludes, claimed so ("about 15" for "more than 30", "more
    than 40,000" for "up to 30,000"), and none that another fact gives for the same figure."""
    assert fact.value is not None
    values = [v for v in wrong_values(fact, index.same_subject(fact)) if not _nudged(float(fact.value), v)]
    rng.shuffle(values)
    for value in values:
        new = false_claim(fact, blank.text, value)
        said = new.casefold() in fact.statement.casefold()
        if not said and normal_prompt(blank.fill(fact.statement, new)) not in index.statements:
            return new
    return None


def _number(fact: Fact, blank: Blank, index: FactIndex, rng: random.Random) -> str | None:
    if fact.qualifier:
        return _qualified_number(fact, blank, index, rng)
    return _plain_number(fact, blank, index, rng)


def _number_swap(fact: Fact, blank: Blank, index: FactIndex) -> tuple[Distractors, str]:
    assert fact.value is not None and fact.unit is not None
    same = index.same_subject(fact)
    true = float(fact.value)
    spec = Distractors(
        pools=(("number", key(fact.unit), str(magnitude(fact.value))),),
        excluded=frozenset(number_key(o.value) for o in same if o.value is not None),
        refuse=lambda e: e.value is not None and (  # nor a figure a qualified fact allows, nor a nudge
            allowed_by(same, e.value) or _nudged(true, float(e.value))
        ),
        synthesize=synthetic_numbers(float(fact.value), fact.unit, fact.id),
    )
    return spec, number_key(fact.value)


_plain_number = _searched(_number_swap)


def _elsewhere(fact: Fact, index: FactIndex) -> Callable[[Entry], bool]:
    """Refuse a person who shares a topic with the fact: not a plausible part of its story."""
    topics = set(fact.topics)

    def refuse(entry: Entry) -> bool:
        person = index.by_id[entry.fact_id]
        return any(not topics.isdisjoint(other.topics) for other in index.same_subject(person))

    return refuse


def _unlike(person: Fact, index: FactIndex) -> Callable[[Entry], bool]:
    """Refuse a person of another period than the one swapped out (when both are dated): a
    false statement must be false for a reason a student can know, not by an anachronism."""
    years = _years(person, index)

    def refuse(entry: Entry) -> bool:
        other = index.profile(index.by_id[entry.fact_id]).years
        return bool(years and other) and years.isdisjoint(other)

    return refuse


def _years(person: Fact, index: FactIndex) -> frozenset[int]:
    if person.date is not None:
        return frozenset(range(person.date.start.year, (person.date.end or person.date.start).year + 1))
    return index.profile(person).years


def _swappable(person: Fact | None) -> bool:
    """Whether a person can be swapped for another: one of a known side and category. "Other"
    lumps together painters and historians, generals and diplomats of every camp: a swap
    among them ("Tevfik Bıyıklıoğlu painted ...", "Rasulzade led the army") is false by its
    grammar, and tests nothing."""
    return person is not None and person.category not in (None, "other", "historian") and person.side is not None


# Titles one holds or not, which every student knows of the famous: "Enver Pasha was the
# Ottoman sultan who ..." is false by the title alone, whatever the rest says.
TITLES = frozenset(("sultan", "caliph", "tsar", "czar", "king", "queen", "emperor", "kaiser", "shah",
                    "pope", "patriarch", "khedive", "grand vizier", "grand duke"))


def titles_of(roles: Iterable[str]) -> frozenset[str]:
    """The titles (TITLES) the roles give: "the Ottoman sultan who ..." -> {"sultan"}."""
    found: set[str] = set()
    for role in roles:
        padded = " " + " ".join(re.findall(r"[a-z]+", role.casefold())) + " "
        found.update(t for t in TITLES if f" {t} " in padded or f" {t}s " in padded)
    return frozenset(found)


def _other_title(person: Fact, index: FactIndex) -> Callable[[Entry], bool]:
    """Refuse a person whose titles are not the swapped-out one's: a sultan only for a sultan,
    and no sultan in a general's place."""
    titles = titles_of(o.role or "" for o in index.same_subject(person))

    def refuse(entry: Entry) -> bool:
        return titles_of(o.role or "" for o in index.same_subject(index.by_id[entry.fact_id])) != titles

    return refuse


def _person_swap(fact: Fact, blank: Blank, index: FactIndex) -> tuple[Distractors, str]:
    """Someone of the same side, category and period: "Halil Pasha commanded the British
    mission" or a politician in a military command is false by its grammar alone."""
    assert fact.role and fact.category
    holders = index.with_value("person.role", fact.role)
    excluded = index.subject_keys(fact).union(*(index.subject_keys(h) for h in holders))
    for organization in index.organizations_named_in(fact.role):
        excluded |= keys_of(*organization.leaders)
    pools: tuple[tuple[str, ...], ...] = ((("person", fact.category, fact.side or ""),) if _swappable(fact) else ())
    refuse = either(_elsewhere(fact, index), _unlike(fact, index), _other_title(fact, index))
    return Distractors(pools=pools, excluded=excluded, refuse=refuse, related=False), key(blank.text)


def _leader_swap(fact: Fact, blank: Blank, index: FactIndex) -> tuple[Distractors, str]:
    leader = index.person(blank.answer)
    excluded = keys_of(*fact.leaders, blank.text)
    for other in index.same_subject(fact):
        excluded |= keys_of(*other.leaders)
    if leader is not None:
        excluded |= index.subject_keys(leader)
    org_keys = index.subject_keys(fact)
    elsewhere = _elsewhere(fact, index)

    def leads_it(entry: Entry) -> bool:
        roles = [key(o.role or "") for o in index.same_subject(index.by_id[entry.fact_id])]
        return any(k in role for k in org_keys for role in roles)

    if leader is None or not _swappable(leader):
        return Distractors(pools=(), excluded=excluded), key(blank.text)
    # a leader of the same side, category and period, as for a person
    pools = (("person", leader.category or "", leader.side or ""),)
    refuse = either(leads_it, elsewhere, _unlike(leader, index), _other_title(leader, index))
    return Distractors(pools=pools, excluded=excluded, refuse=refuse, related=False), key(blank.text)


_SWAPS: dict[tuple[str, str], Swap] = {
    ("event", "date"): _false_date,
    ("agreement", "date"): _false_date,
    ("number", "number"): _number,
    ("person", "name"): _searched(_person_swap),
    ("organization", "leader"): _searched(_leader_swap),
}
