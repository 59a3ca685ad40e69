"""Choosing a multiple choice's three wrong options from the candidates the search found.

The search (`search.distractors`) finds candidates that are not also correct, related ones
first. Of those, the three shown must make a fair question together:

- wrong options from the answer's side and period first, where the base has them: "Who was
  the Soviet Foreign Affairs Commissar?" is asked among Soviet figures of the same years,
  not among Turkish Nationalists and one Russian;
- no person, body or place twice (two descriptions of Enver Pasha, or his name beside a
  description of him), and never the subject asked about;
- no right option that stands out by its length (`fairness.stands_out_by_length`), nor by
  any other look the wrong ones share (`fairness.singled_out`: a first word, a name, a date,
  brackets, a year);
- no content word of the prompt that stands in the right option only
  (`fairness.give_aways`): "What was the Musavat party?" is asked over several parties.

The first set of three, in the order of preference, that keeps all of these is taken; when
none does there is no multiple choice (the question stays a question and answer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import combinations, islice

from studykit.core.facts import Fact
from studykit.core.generators.fairness import give_aways, lengths_stand_out, singled_out, surface, word_count
from studykit.core.generators.index import Entry, FactIndex, Profile, key

CANDIDATES = 16  # candidates weighed for one card (the search's first ones, then ranked)
SETS = 400  # sets of three looked at before giving up

# What the options of each kind of question are: people, bodies, places named or described.
NAMED = frozenset({"role-reverse", "leaders", "description-reverse", "significance-reverse"})
DESCRIBED = frozenset({"role", "description", "significance"})


def owners_of(index: FactIndex, variant: str, entry: Entry) -> frozenset[str]:
    """The people, bodies, places or events an option names or describes (every holder of a
    role it shows); a date, number or set of parties is its own."""
    if entry.fact_id not in index.by_id or variant in ("date", "value", "parties"):
        return frozenset({entry.key})
    return index.entry_owners(entry)


def answer_owners(index: FactIndex, fact: Fact, variant: str, answer_key: str) -> frozenset[str]:
    """The owners of the right option (see `owners_of`): no wrong option may be about one too."""
    if variant in ("date", "value", "parties"):
        return frozenset({answer_key})
    if variant == "place" and fact.place:
        place = index.place(fact.place)
        return frozenset({index.owner(place.id) if place is not None else answer_key})
    if variant == "leaders" and fact.leaders:
        leader = index.person(fact.leaders[0])
        return frozenset({index.owner(leader.id) if leader is not None else answer_key})
    for field, relation in (("role", "person.role"), ("significance", "place.significance"),
                            ("description", "organization.description")):
        if variant == field:  # every holder of the answer's description
            return frozenset(index.owner(h.id) for h in [fact, *index.with_value(relation, getattr(fact, field) or "")])
    return frozenset({index.owner(fact.id)})


def answer_profile(index: FactIndex, fact: Fact, variant: str) -> Profile:
    """Whose side, category and period the wrong options should share: those of the fact
    asked about (the person in the role asked, not every role the person held), or for
    "Who led ...?" its leader as the leader of that body."""
    if variant == "leaders" and fact.leaders:
        leader = index.person(fact.leaders[0])
        if leader is None:
            return Profile(frozenset({fact.side}) if fact.side else frozenset())
        body = index.subject_keys(fact)  # the leader as the leader of this body, if a role says so
        own = [o for o in index.same_subject(leader) if any(k in key(o.role or "") for k in body)] or [leader]
        fact = own[0]
    if variant not in NAMED | DESCRIBED:
        return Profile()
    years = (
        frozenset(range(fact.date.start.year, (fact.date.end or fact.date.start).year + 1)) if fact.date is not None
        else index.profile(fact).years
    )
    return Profile(
        frozenset({fact.side}) if fact.side else frozenset(),
        frozenset({fact.category}) if fact.category else frozenset(),
        years,
    )


# What makes a wrong option of a person or body plausible, by weight: the same side (not the
# catch-all "Other") above all, then the same years, then the same category of person (a
# general for a general).
SIDE, PERIOD, CATEGORY = 8, 3, 2
NO_SIDE = "Other"


def ranked(index: FactIndex, variant: str, want: Profile, found: Sequence[Entry]) -> list[Entry]:
    """The candidates, the most like the answer first (`SIDE`, `PERIOD`, `CATEGORY`);
    otherwise in the order found (related topics first)."""
    sides = want.sides - {NO_SIDE}
    if variant not in NAMED | DESCRIBED or not (sides or want.years or want.categories):
        return list(found)

    def score(entry: Entry) -> int:
        subjects = index.entry_subjects(entry) if entry.fact_id in index.by_id else []
        if not subjects:
            return 0
        fact = subjects[0]
        got = index.profile(fact)
        return (
            SIDE * (not sides.isdisjoint(got.sides))
            + CATEGORY * (not want.categories.isdisjoint(got.categories))
            + PERIOD * (not want.years.isdisjoint(got.years))
        )

    return sorted(found, key=score, reverse=True)  # stable: ties keep the search's order


def pick(
    prompt_for: Callable[[Sequence[Entry]], str], answer: str, answer_owners: frozenset[str], found: Sequence[Entry],
    owners: Callable[[Entry], frozenset[str]], count: int = 3, *, may_ask: Sequence[str] = (),
) -> tuple[list[Entry], str] | None:
    """The first `count` candidates, in order of preference, that make a fair set with the
    answer, and the prompt they are asked with; None if no set does. `may_ask` lists every
    prompt `prompt_for` may give, when known: if each has a word in the answer that no
    candidate has, every set gives the answer away and none is looked at."""
    candidates: list[Entry] = []
    about: list[frozenset[str]] = []  # each candidate's owners
    for entry in found[:CANDIDATES]:
        owned = owners(entry)
        if answer_owners.isdisjoint(owned):
            candidates.append(entry)
            about.append(owned)
    if may_ask and all(give_aways(prompt, answer, [entry.text for entry in candidates]) for prompt in may_ask):
        return None
    # Worked out once for the candidates, not again for every set they are in: which two are
    # about someone in common, and how many words each has.
    holding: dict[str, list[int]] = {}  # owner -> the candidates about it
    for i, owned in enumerate(about):
        for owner in owned:
            holding.setdefault(owner, []).append(i)
    clashes = {pair for held in holding.values() for pair in combinations(held, 2)}
    length, lengths = word_count(answer), [word_count(entry.text) for entry in candidates]
    looks, seen = surface(answer), [surface(entry.text) for entry in candidates]
    dates = any(entry.span is not None for entry in candidates)
    for chosen in islice(_sets(len(candidates), count), SETS):
        if any(pair in clashes for pair in combinations(chosen, 2)):  # someone twice
            continue
        if lengths_stand_out(length, [lengths[i] for i in chosen]):
            continue
        if singled_out(looks, [seen[i] for i in chosen], dates=dates):
            continue
        wrong = [candidates[i] for i in chosen]
        prompt = prompt_for(wrong)
        if give_aways(prompt, answer, [entry.text for entry in wrong]):
            continue
        return wrong, prompt
    return None


def _sets(size: int, count: int) -> Iterator[tuple[int, ...]]:
    return combinations(range(size), count)
