"""The rules of issue 15 that every card keeps: fair options, no give-aways, no question the
period answers twice, no low-value blank, English a teacher would write.

Each rule is a property over the bundled decks (at several seeds) and over synthetic bases
(`test_generators.fact_bases`). The oracles here are written from the facts alone, apart
from the generators' code, and on purpose a little more lenient than the generators (exact
words where the generators compare stems, wider exclusions where they count candidates), so
that a failure is a broken rule and not a difference of method.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studykit.core.answers import fold, folds, parse_date, same_text
from studykit.core.cards import Card, CardType
from studykit.core.dates import MONTHS, HistDate
from studykit.core.facts import Fact
from studykit.core.generators import generate_cards
from tests.bundled import bundled_cards
from tests.core.option_checks import OPTION_RULES
from tests.core.test_generators import SYNTHETIC, bundled_facts, fact_bases, names_of, same_subject

# Words an oracle never counts as content (a superset of what the generators skip).
STOP = frozenset((
    "a", "an", "the", "of", "on", "in", "at", "to", "by", "for", "from", "with", "without", "into", "onto", "upon",
    "over", "under", "about", "after", "before", "during", "between", "among", "against", "towards", "toward",
    "through", "across", "within", "along", "around", "near", "beyond", "behind", "and", "or", "but", "nor", "so",
    "yet", "as", "than", "then", "that", "this", "these", "those", "there", "here", "which", "who", "whom", "whose",
    "what", "when", "where", "why", "how", "it", "its", "it's", "he", "him", "his", "she", "her", "they", "them",
    "their", "we", "our", "you", "your", "i", "me", "my", "one", "ones", "is", "are", "was", "were", "be", "been",
    "being", "am", "do", "does", "did", "done", "doing", "has", "have", "had", "having", "will", "would", "shall",
    "should", "can", "could", "may", "might", "must", "not", "no", "also", "only", "still", "even", "just", "very",
    "more", "most", "much", "many", "such", "own", "same", "other", "another", "each", "every", "all", "any", "both",
    "either", "neither", "some", "few", "several", "take", "takes", "took", "taken", "taking", "place", "happened",
    "happen", "happens", "s",
))
AGREEMENTS = ("draft treaty", "armistice", "treaty", "agreement", "understanding", "pact", "accord", "convention",
              "protocol")
DOCUMENT_NOUNS = ("letter", "telegram", "note", "reply", "dispatch", "message", "ultimatum", "declaration")
HAPPENINGS = frozenset((
    "battle", "battles", "congress", "conference", "assault", "assaults", "attack", "attacks", "massacre",
    "massacres", "meeting", "meetings", "talks", "session", "sessions", "campaign", "campaigns", "offensive",
    "parade", "fighting", "trial", "trials", "celebration", "celebrations", "coup", "negotiations", "ceremony", "war",
    "operation", "operations", "raid", "raids", "conspiracy", "revolution", "mutiny", "strike", "strikes", "election",
    "elections", "riot", "riots", "pogrom", "pogroms", "clash", "clashes", "skirmish", "skirmishes", "siege",
    "uprising", "revolt",
))
NAMED_PEOPLE = ("role-reverse", "leaders")


def cards_of(facts: Sequence[Fact], seed: int = 0) -> list[Card]:
    return generate_cards(facts, rng=random.Random(seed))


@lru_cache(maxsize=1 << 16)  # the oracles fold the same texts again and again
def folded(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    return tuple(w for w in folded(text).split() if w not in STOP and (len(w) >= 3 or w.isdigit()))


def word_bounded(phrase: str, text: str) -> bool:
    name = folded(phrase)
    return bool(name) and f" {name} " in f" {folded(text)} "


def wrong_options(card: Card) -> list[str]:
    return [o for o in card.options if o != card.answer]


def fact_of(card: Card, facts: Sequence[Fact]) -> Fact:
    return next(f for f in facts if f.id == card.fact_ids[0])


def story(f: Fact) -> str:
    """What a fact itself says: its statement and quotes."""
    return " | ".join([f.statement, *(s.quote for s in f.sources)])


_GROUPS: dict[int, tuple[Sequence[Fact], dict[str, int], dict[int, list[Fact]]]] = {}


def _grouping(facts: Sequence[Fact]) -> tuple[dict[str, int], dict[int, list[Fact]]]:
    """Each fact's subject, as the number of its group: facts about one person, body or place
    (by a shared name or alias), joined transitively; and the facts of each group."""
    cached = _GROUPS.get(id(facts))
    if cached is not None and cached[0] is facts:
        return cached[1], cached[2]
    parent = list(range(len(facts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_name: dict[tuple[str, str], int] = {}  # facts sharing a folded name are one subject
    for i, f in enumerate(facts):
        names = [f.label] if f.kind == "number" else names_of(f)
        for name in names:
            if not name:
                continue
            for form in folds(name):
                j = by_name.setdefault((f.kind, form), i)
                parent[root(i)] = root(j)
    groups = {f.id: root(i) for i, f in enumerate(facts)}
    members: dict[int, list[Fact]] = {}
    for f in facts:
        members.setdefault(groups[f.id], []).append(f)
    _GROUPS[id(facts)] = (facts, groups, members)
    return groups, members


def _groups(facts: Sequence[Fact]) -> dict[str, int]:
    return _grouping(facts)[0]


def group_of(f: Fact, facts: Sequence[Fact]) -> list[Fact]:
    groups, members = _grouping(facts)
    return members[groups[f.id]]


def subjects_named(option: str, facts: Sequence[Fact], kinds: Iterable[str]) -> set[str]:
    """The subjects (groups) whose name or alias the option is; a place only events name is a
    subject of its own."""
    groups = _groups(facts)
    found = {f"g{groups[g.id]}" for g in facts if g.kind in kinds and any(same_text(n, option) for n in names_of(g))}
    if not found and "place" in kinds and any(same_text(g.place or "", option) for g in facts):
        found = {f"place {fold(option)}"}
    return found


def subjects_described(option: str, facts: Sequence[Fact], field: str) -> set[str]:
    groups = _groups(facts)
    return {f"g{groups[g.id]}" for g in facts if getattr(g, field, None) and fold(getattr(g, field)) == fold(option)}


OPTION_SUBJECTS: dict[str, Callable[[str, Sequence[Fact]], set[str]]] = {
    "role-reverse": lambda o, fs: subjects_named(o, fs, ("person",)),
    "leaders": lambda o, fs: subjects_named(o, fs, ("person",)),
    "description-reverse": lambda o, fs: subjects_named(o, fs, ("organization",)),
    "significance-reverse": lambda o, fs: subjects_named(o, fs, ("place",)),
    "role": lambda o, fs: subjects_described(o, fs, "role"),
    "description": lambda o, fs: subjects_described(o, fs, "description"),
    "significance": lambda o, fs: subjects_described(o, fs, "significance"),
}


def years_of(f: Fact, facts: Sequence[Fact]) -> set[int]:
    """The years a fact is dated to, else those of every fact about its subject."""
    dated = [f] if f.date is not None else [g for g in group_of(f, facts) if g.date is not None]
    out: set[int] = set()
    for g in dated:
        assert g.date is not None
        out |= set(range(g.date.start.year, (g.date.end or g.date.start).year + 1))
    return out


def alike(a: str, b: str, share: float) -> bool:
    first, second = set(words(a)), set(words(b))
    smaller = min(len(first), len(second))
    return smaller >= 2 and len(first & second) >= share * smaller


# --- the rules ----------------------------------------------------------------------


def check_no_subject_twice(facts: list[Fact], cards: list[Card]) -> None:
    """Multiple choice over people, bodies and places: no person, body or place twice, none
    the subject asked about, every option someone or something of the base."""
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant not in OPTION_SUBJECTS:
            continue
        subjects = [OPTION_SUBJECTS[card.variant](o, facts) for o in card.options]
        assert all(s for s, o in zip(subjects, card.options) if o != card.answer), card  # a leader may be only a name
        for i, a in enumerate(subjects):
            for b in subjects[i + 1:]:
                assert a.isdisjoint(b), card


def check_never_also_fits(facts: list[Fact], cards: list[Card]) -> None:
    """No wrong option that the answer's own statement or quotes name (it is part of the same
    story and may fit as well), nor one whose own description says what the prompt asks."""
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant not in OPTION_SUBJECTS:
            continue
        f = fact_of(card, facts)
        told = story(f)
        for option in wrong_options(card):
            if card.variant in ("role", "description", "significance"):
                field = card.variant
                owners = [g for g in facts if getattr(g, field, None) and fold(getattr(g, field)) == fold(option)]
            else:
                kinds = {"role-reverse": "person", "leaders": "person", "description-reverse": "organization",
                         "significance-reverse": "place"}[card.variant]
                owners = [g for g in facts if g.kind == kinds and any(same_text(n, option) for n in names_of(g))]
            names = {n for g in owners for h in group_of(g, facts) for n in names_of(h)}
            assert not any(word_bounded(n, told) for n in names), (card, option)
            asked = {"role-reverse": f.role, "description-reverse": f.description,
                     "significance-reverse": f.significance}.get(card.variant)
            if asked:
                field = {"role-reverse": "role", "description-reverse": "description",
                         "significance-reverse": "significance"}[card.variant]
                held = [getattr(h, field) or "" for g in owners for h in group_of(g, facts)]
                assert not any(alike(h, asked, 0.9) for h in held), (card, option)


def answer_side_and_years(card: Card, facts: list[Fact]) -> tuple[str | None, set[int]]:
    f = fact_of(card, facts)
    if card.variant == "leaders":
        leaders = [g for g in facts if g.kind == "person" and any(same_text(n, f.leaders[0]) for n in names_of(g))]
        if not leaders:
            return f.side, set()
        own = [g for g in group_of(leaders[0], facts) if word_bounded(f.name or "", g.role or "")] or leaders[:1]
        f = own[0]
    return f.side, years_of(f, facts)


def check_same_side_and_period(facts: list[Fact], cards: list[Card]) -> None:
    """Wrong options of people from the answer's side, then also of its period, where the base
    allows: if at least three people of the base could stand (oracle-eligible, counted
    leniently), at least two of the three shown do."""
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant not in NAMED_PEOPLE:
            continue
        f = fact_of(card, facts)
        side, years = answer_side_and_years(card, facts)
        if not side or side == "Other":
            continue
        answer_groups = OPTION_SUBJECTS[card.variant](card.answer, facts)
        groups = _groups(facts)
        told = story(f)
        people: dict[str, list[Fact]] = {}
        for g in facts:
            if g.kind == "person":
                people.setdefault(f"g{groups[g.id]}", []).append(g)
        eligible_side, eligible_both = 0, 0
        # another source's leaders of the same body are answers too, never options
        led = [x for g in group_of(f, facts) for x in g.leaders]
        for number, members in people.items():
            names = [n for g in members for n in names_of(g)]
            if number in answer_groups or any(word_bounded(n, card.prompt) or word_bounded(n, told) for n in names):
                continue
            if any(same_text(n, x) for n in names for x in led):
                continue
            roles = [g.role or "" for g in members]
            asked = f.role if card.variant == "role-reverse" else f.name
            if any(alike(r, asked or "", 0.4) or word_bounded(f.name or "", r) for r in roles):
                continue  # may fit the prompt, or may be refused for holding a like role: not counted
            if any(g.side == side for g in members):
                eligible_side += 1
                member_years = {y for g in members for y in years_of(g, facts)}
                if not years or not member_years or years & member_years:
                    eligible_both += 1
        shown = [OPTION_SUBJECTS[card.variant](o, facts) for o in wrong_options(card)]
        shown_people = [people[next(iter(s))] for s in shown]
        same_side = [m for m in shown_people if any(g.side == side for g in m)]
        assert len(same_side) >= min(3, eligible_side) - 1, (card, eligible_side)
        both = [m for m in same_side if not years or not (theirs := {y for g in m for y in years_of(g, facts)})
                or years & theirs]
        assert len(both) >= min(3, eligible_both) - 1, (card, eligible_both)


def check_lengths_comparable(facts: list[Fact], cards: list[Card]) -> None:
    """The right option is neither the only long one nor the only short one (in words: half as
    long again as every other and at least three words more, or the reverse)."""
    for card in cards:
        if card.type is not CardType.CHOICE:
            continue
        length = len(card.answer.split())
        others = [len(o.split()) for o in wrong_options(card)]
        assert not (length >= 1.5 * max(others) and length - max(others) >= 3), card
        assert not (min(others) >= 1.5 * length and min(others) - length >= 3), card


def check_no_give_away_word(facts: list[Fact], cards: list[Card]) -> None:
    """No content word of the prompt that stands in the right option and in no wrong one
    (a wrong option with a word of the same first four letters counts: "Turks", "Turkish")."""
    for card in cards:
        if card.type is not CardType.CHOICE:
            continue
        shared = set(words(card.prompt)) & set(words(card.answer))
        for word in shared:
            stem = word[:4]
            assert any(any(w[:4] == stem for w in words(o)) for o in wrong_options(card)), (card, word)


def check_agreement_nouns(facts: list[Fact], cards: list[Card]) -> None:
    """"Which agreement ...?" only over agreements; "Which treaty ...?" only over treaties."""
    for card in cards:
        if card.type is not CardType.CHOICE:
            continue
        asked = re.match(r"Which (draft treaty|[a-z]+) (?:was|were|did|provided|said) ", card.prompt)
        if not asked or asked[1] == "document" or fact_of(card, facts).kind != "agreement":
            continue
        for option in card.options:
            low = option.lower()
            nouns = [n for n in (*AGREEMENTS, *DOCUMENT_NOUNS) if re.search(rf"\b{n}\b", low)]
            if asked[1] == "agreement":
                assert (nouns and nouns[0] in AGREEMENTS) or (not nouns and "agreement" in low), (card, option)
                assert not any(n in DOCUMENT_NOUNS for n in nouns[:1]), (card, option)
            else:
                first = min(nouns, key=lambda n: (low.find(n), -len(n))) if nouns else "agreement"
                assert first == asked[1], (card, option)


def check_prompt_never_holds_answer(facts: list[Fact], cards: list[Card]) -> None:
    """No question and answer or multiple choice whose prompt holds every word of its answer."""
    for card in cards:
        if card.type not in (CardType.QA, CardType.CHOICE):
            continue
        answer = set(words(card.answer))
        assert not answer or not answer <= set(words(card.prompt)), card


def _span(date: HistDate) -> tuple[int, int]:
    return date.earliest().toordinal(), date.latest().toordinal()


def check_reverse_questions_have_one_answer(facts: list[Fact], cards: list[Card]) -> None:
    """"What happened ...?" and "Which treaty ...?" for a week, a month or more only when no other
    fact of the base is within as long (at most a month) of it, where it could be meant:
    anywhere, at the same place or at no known place, between the same parties. A treaty of two
    or more parties is asked with its parties, never by its date alone."""
    for card in cards:
        if card.type not in (CardType.QA, CardType.CHOICE) or card.variant != "date-reverse":
            continue
        f = fact_of(card, facts)
        assert f.date is not None
        agreed = f.kind == "agreement" and len(f.parties) >= 2 and not re.search(
            r"\b(?:letter|telegram|note|reply|dispatch|message|ultimatum|declaration)\b", (f.name or "").lower())
        if agreed:
            assert " did " in card.prompt, card
        first, last = _span(f.date)
        if last - first <= 1:  # a day, a night, two days
            continue
        margin = min(31, last - first)
        first, last = first - margin, last + margin
        for g in facts:
            if g.id == f.id or same_subject(f, g) or g.date is None or g.kind not in ("event", "agreement"):
                continue
            if f.kind == "agreement" and g.kind != "agreement":
                continue
            a, b = _span(g.date)
            if b < first or a > last:
                continue
            if " did " in card.prompt and {fold(p) for p in g.parties} != {fold(p) for p in f.parties}:
                continue
            if f.place and word_bounded(f.place, card.prompt) and g.place and not same_text(g.place, f.place):
                continue
            pytest.fail(f"{card.prompt!r} may also be {g.name!r} ({g.date.display()})")


def main_subjects(facts: list[Fact]) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Per deck, the places that stand in a third of its statements, and the year two thirds
    of its dated facts fall in."""
    places = {p for f in facts for p in ([f.name] if f.kind == "place" else []) + [f.place] if p}
    decks: dict[str, list[Fact]] = {}
    for f in facts:
        decks.setdefault(f.deck_id, []).append(f)
    main_places: dict[str, set[str]] = {}
    main_years: dict[str, int] = {}
    for deck, members in decks.items():
        if len(members) < 6:
            continue
        main_places[deck] = {
            p for p in places if sum(word_bounded(p, m.statement) for m in members) >= len(members) / 3
        }
        dated = [m.date for m in members if m.date is not None]
        years = Counter(d.start.year for d in dated if d.end is None or d.end.year == d.start.year)
        if len(dated) >= 6 and years:
            year, count = years.most_common(1)[0]
            if count >= 2 / 3 * len(dated):
                main_years[deck] = year
    return main_places, main_years


def main_figures(facts: list[Fact]) -> dict[str, str]:
    """Per deck, its central figure: the person named in most of its statements, in a sixth of
    them at least and more often than any other person."""
    people = {f.name for f in facts if f.kind == "person" and f.name}
    decks: dict[str, list[Fact]] = {}
    for f in facts:
        decks.setdefault(f.deck_id, []).append(f)
    found: dict[str, str] = {}
    for deck, members in decks.items():
        counts = sorted(((sum(word_bounded(p, m.statement) for m in members), p) for p in people), reverse=True)
        if len(members) >= 6 and counts and counts[0][0] >= len(members) / 6 and (
            len(counts) < 2 or counts[1][0] < counts[0][0]
        ):
            found[deck] = counts[0][1]
    return found


def check_no_main_subject_asked(facts: list[Fact], cards: list[Card]) -> None:
    """No cloze blank, question's answer or year asked that is what the whole deck is about
    ("the first assault on _____" -> Baku, in a deck on Baku; "In _____ ..." -> 1918 in a deck
    on 1918)."""
    main_places, main_years = main_subjects(facts)
    figures = main_figures(facts)
    for card in cards:
        deck = card.deck_id
        if card.type in (CardType.CLOZE, CardType.QA, CardType.CHOICE):
            # nor the place or the central figure as any answer: "What was the largest oil-producing
            # centre of Russia ...?" -> Baku; "the resistance led by _____" -> Mustafa Kemal
            assert not any(same_text(card.answer, p) for p in main_places.get(deck, ())), card
            assert deck not in figures or not same_text(card.answer, figures[deck]), card
        if card.type in (CardType.CLOZE, CardType.QA, CardType.CHOICE) and card.variant == "date":
            date = parse_date(card.answer)
            if date is not None and date.precision == "year" and deck in main_years:
                assert date.start.year != main_years[deck], card


_HEAD = re.compile(r" (?:of|on|to|from|against|for|in|by|with|at|between|that|over|near|into|after|before) ")


def check_natural_event_questions(facts: list[Fact], cards: list[Card]) -> None:
    """"When did ... take place?" only of a happening (a battle, a congress, a massacre): a name
    made of a verb is asked with the verb ("When was Shamakhi captured?", not "When did the
    capture of Shamakhi take place?"), a document is written, sent or issued."""
    for card in cards:
        if card.type not in (CardType.QA, CardType.CHOICE) or card.variant != "date":
            continue
        asked = re.match(r"^(?:When|In which year) did (.+) take place\?$", card.prompt)
        if asked:
            head = _HEAD.split(re.sub(r"'[^']*'", "", asked[1]), maxsplit=1)[0].split()[-1].lower()
            assert head in HAPPENINGS, card.prompt


def check_false_people_are_of_a_kind(facts: list[Fact], cards: list[Card]) -> None:
    """A false statement that swaps a person puts in one of the same side and category (never of
    the catch-all category "other": a historian for a painter) and of the same period when both
    are dated: a politician in a military command is false by its grammar alone."""
    for card in cards:
        if card.type is not CardType.TRUE_FALSE or card.answer != "False":
            continue
        f = fact_of(card, facts)
        if f.kind != "person":
            continue
        false = card.prompt.removeprefix("True or false: ")
        if any(word_bounded(n, false) for n in names_of(f)):
            continue  # another value swapped
        new = [g for g in facts if g.kind == "person" and any(word_bounded(n, false) for n in names_of(g))
               and not any(word_bounded(n, f.statement) for n in names_of(g))]
        assert new, card
        assert f.category != "other", card
        assert any(g.side == f.side and g.category == f.category for g in new), card
        mine = years_of(f, facts)
        theirs = {y for g in new for y in years_of(g, facts)}
        assert not mine or not theirs or mine & theirs, card
        # a title one holds or not keeps its kind: a sultan only for a sultan ("Enver Pasha was the
        # Ottoman sultan who ...": false by the title alone), no sultan in a general's place
        assert any(_titles(f, facts) == _titles(g, facts) for g in new), card


_TITLE_WORDS = ("sultan", "caliph", "tsar", "czar", "king", "queen", "emperor", "kaiser", "shah", "pope",
                "patriarch", "khedive", "vizier")


def _titles(person: Fact, facts: Sequence[Fact]) -> set[str]:
    roles = " ".join(g.role or "" for g in facts if g.kind == "person" and same_subject(g, person))
    return {t for t in _TITLE_WORDS if re.search(rf"\b{t}s?\b", roles, re.IGNORECASE)}


PLURAL_DOCUMENTS = ("letters", "decree", "appeal")


def _is_agreement(item: str) -> bool:
    """Whether a name is an agreement's by its first act noun (none: a treaty-like name)."""
    low = item.lower()
    nouns = [n for n in (*AGREEMENTS, *DOCUMENT_NOUNS, *PLURAL_DOCUMENTS) if re.search(rf"\b{n}\b", low)]
    if not nouns:
        return True
    return min(nouns, key=lambda n: (low.find(n), -len(n))) in AGREEMENTS


def check_group_cards_call_agreements_agreements(facts: list[Fact], cards: list[Card]) -> None:
    """"Match each agreement ..." and "Put these events and agreements ..." only over agreements:
    a letter, a decree or an appeal among them makes them documents."""
    for card in cards:
        if card.type not in (CardType.CHRONOLOGY, CardType.MATCHING) or "agreement" not in card.prompt:
            continue
        items = [fact_of_id(i, facts) for i in card.fact_ids]
        assert all(_is_agreement(f.name or "") for f in items if f.kind == "agreement"), card


def fact_of_id(fact_id: str, facts: Sequence[Fact]) -> Fact:
    return next(f for f in facts if f.id == fact_id)


def _date_words(date: HistDate) -> list[str]:
    """What of a date a name could hold: its year, its month (and year), its day and month."""
    start = date.start
    out = [str(start.year)]
    if start.month:
        out.append(MONTHS[start.month - 1])
        if start.day:
            out.append(f"{start.day} {MONTHS[start.month - 1]}")
    return out


def _item_facts(card: Card, facts: Sequence[Fact]) -> list[tuple[str, Fact]]:
    """Each item of an ordering or a matching by date with its fact: an item is the fact's name
    or one of its aliases."""
    out = []
    for item in card.options:
        found = [f for f in (fact_of_id(i, facts) for i in card.fact_ids)
                 if any(folded(n) == folded(item) for n in names_of(f))]
        assert len(found) == 1, (card, item)
        out.append((item, found[0]))
    return out


def _tells(item: str, date: HistDate) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", item) for w in _date_words(date))


def check_chronology_names_keep_their_dates(facts: list[Fact], cards: list[Card]) -> None:
    """No item of a chronology names its own date ("the assault on Baku of 26 August"): its
    place in the order would be told, not known; nor any other item's date. A date-free alias
    may stand for the name."""
    for card in cards:
        if card.type is not CardType.CHRONOLOGY:
            continue
        items = _item_facts(card, facts)
        for item, _ in items:  # nor any other item's: "the 1919 manifesto" orders itself among 1918 events
            assert not any(f.date is not None and _tells(item, f.date) for _, f in items), card


def check_matching_dates_not_in_items(facts: list[Fact], cards: list[Card]) -> None:
    """No item of a matching by date names its own date ("the draft treaty of August 1920 —
    August 1920"): the pair would be read, not known."""
    for card in cards:
        if card.type is not CardType.MATCHING or not card.variant.startswith("agreements-dates"):
            continue
        items = _item_facts(card, facts)
        for item, _ in items:  # nor any other item's: "the 1919 manifesto" orders itself among 1918 events
            assert not any(f.date is not None and _tells(item, f.date) for _, f in items), card


def check_no_open_description_typed(facts: list[Fact], cards: list[Card]) -> None:
    """No typed (or self-graded) "Who was X?" / "What was <place, body>?" answered by one episode
    of X (its role, significance or description here): X is known for other things, so the
    question has many right answers. Options or a matching give the frame; a qa card does not."""
    for card in cards:
        if card.type is not CardType.QA:
            continue
        f = fact_of(card, facts)
        for episode in (f.role, f.significance, f.description):
            if episode:
                assert folded(card.answer) != folded(episode), card


def _disputed(f: Fact) -> bool:
    """Whether the sources doubt that it happened, or the statement only reports a claim."""
    return (f.according_to is not None or f.statement.startswith("According to")
            or any(c.about.startswith("whether") for c in f.conflicts))


def check_group_cards_state_no_claim_as_fact(facts: list[Fact], cards: list[Card]) -> None:
    """An ordering or a matching cannot say "reportedly": no event the sources doubt happened (the
    Kemal–Budenny meeting at Havza) and no claim of one account is an item of one."""
    for card in cards:
        if card.type not in (CardType.CHRONOLOGY, CardType.MATCHING):
            continue
        for fact_id in card.fact_ids:
            f = fact_of_id(fact_id, facts)
            assert (f.kind == "person" and f.according_to is None) or not _disputed(f), (card, f.id)


def check_matched_roles_fit_one_person(facts: list[Fact], cards: list[Card]) -> None:
    """A matching never offers a role that also fits another person of the card: a role drawn
    from a sentence naming both ("Enver, Cemal, ... Dr Nazim and other one-time Ittihadist
    central committee members ...") is Enver's too; and no two people share a role text."""
    for card in cards:
        if card.type is not CardType.MATCHING or not card.variant.startswith("people-roles"):
            continue
        people = [fact_of_id(i, facts) for i in card.fact_ids]
        assert len({folded(f.role or "") for f in people}) == len(people), card
        for one in people:
            for other in people:
                if one is not other:
                    assert not any(word_bounded(n, s.quote) for n in names_of(other) for s in one.sources), card


def check_historians_never_asked(facts: list[Fact], cards: list[Card]) -> None:
    """A historian the sources cite (category "historian") is no person of 1918–1921: no card."""
    historians = {f.id for f in facts if f.kind == "person" and f.category == "historian"}
    for card in cards:
        assert historians.isdisjoint(card.fact_ids), card


def _changed(statement: str, false: str) -> str:
    """What a false statement says instead of its fact's (the text between the common ends)."""
    head = 0
    while head < min(len(statement), len(false)) and statement[head] == false[head]:
        head += 1
    tail = 0
    while tail < min(len(statement), len(false)) - head and statement[-1 - tail] == false[-1 - tail]:
        tail += 1
    end = len(false) - tail
    while head > 0 and (false[head - 1].isalnum() or false[head - 1] in ",."):
        head -= 1
    while end < len(false) and (false[end].isalnum() or (false[end] in ",." and end + 1 < len(false)
                                and false[end + 1].isdigit())):
        end += 1
    return false[head:end]


_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def check_false_statements_change_what_the_text_says(facts: list[Fact], cards: list[Card]) -> None:
    """A false statement is false for something a student can know from the sources' text: no
    small count nudged (4 → 5 attacks), no figure moved less than twofold, no figure the sources
    dispute or garble; a day given only in a footnote is not moved within its month."""
    for card in cards:
        if card.type is not CardType.TRUE_FALSE or card.answer != "False":
            continue
        f = fact_of(card, facts)
        changed = _changed(f.statement, card.prompt.removeprefix("True or false: "))
        if f.kind == "number" and f.value is not None:
            figures = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", changed)]
            new = [x for x in figures if x != float(f.value)]
            if new:
                assert abs(f.value) >= 10, card
                assert not any(c.about.startswith("value") for c in f.conflicts), card
                for x in new:
                    low, high = sorted((abs(float(f.value)), abs(x)))
                    assert low == 0 or high / low >= 2, card
        if f.date is not None and f.date.start.day and f.date.start.month and f.kind in ("event", "agreement"):
            day = rf"(?<!\d){f.date.start.day}(?!\d)"
            notes = [q.quote for q in f.sources if q.quote.lstrip()[:1] in _SUPERSCRIPT]
            body = [q.quote for q in f.sources if q.quote.lstrip()[:1] not in _SUPERSCRIPT]
            if any(re.search(day, q) for q in notes) and not any(re.search(day, q) for q in body):
                month = MONTHS[f.date.start.month - 1]
                assert not re.search(rf"\b{month} {f.date.start.year}\b", changed), card


def check_name_blanks_leave_the_kind(facts: list[Fact], cards: list[Card]) -> None:
    """A cloze of a name blanks the name, not the common noun of its kind: "The journal _____",
    not "The _____" answered "journal Zhizn' natsional'nostei"."""
    for card in cards:
        if card.type is CardType.CLOZE and card.variant == "name":
            assert not re.match(r"^(?:journal|newspaper|decree|society|party|city|town|village|river) [A-Z'‘]",
                                card.answer), card


def check_name_blanks_are_not_spelled_around(facts: list[Fact], cards: list[Card]) -> None:
    """A cloze of a name or a leader whose sentence holds a longer word made of the name
    ("Major-General _____ ... called Dunsterforce after him") asks nothing."""
    for card in cards:
        if card.type is not CardType.CLOZE or card.variant not in ("name", "leader"):
            continue
        around = folded(card.prompt.replace("_____", " ")).split()
        for word in folded(card.answer.replace("…", " ")).split():
            if len(word) >= 5:
                assert not any(w != word and w.startswith(word[:5]) and not w.startswith(word) for w in around), card


def check_cloze_names_not_one_of_a_pair(facts: list[Fact], cards: list[Card]) -> None:
    """No blank on one of two names the source's sentence joins ("the sanjaks of Kars and
    Ardahan"), when the prompt leaves the other out: what it says of one it says of both, so
    both fill the blank ("_____, a sanjak ... restored to Turkish dominion")."""
    by_kind: dict[str, list[Fact]] = {}
    for g in facts:
        if g.kind in ("place", "person", "organization") and g.name:
            by_kind.setdefault(g.kind, []).append(g)
    for card in cards:
        if card.type is not CardType.CLOZE or card.variant not in ("name", "place", "leader"):
            continue
        f = fact_of(card, facts)
        said = set(words(f.statement))
        sentences = [part for src in f.sources for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", src.quote)]
        quote = max(sentences, key=lambda q: len(said & set(words(q))), default="")
        kind = {"name": f.kind, "place": "place", "leader": "person"}[card.variant]
        answer = next((g for g in by_kind.get(kind, ()) if any(same_text(card.answer, n) for n in names_of(g))), None)
        if answer is None:
            continue
        for other in by_kind[kind]:
            if same_subject(other, answer) or word_bounded(other.name or "", card.prompt):
                continue
            for mine in names_of(answer):
                pair = (f"{mine} and {other.name}", f"{other.name} and {mine}")
                assert not any(word_bounded(p, quote) for p in pair), (card.prompt, quote)


def _singular(text: str) -> str:
    return " ".join(w.removesuffix("s") for w in folded(text).split())


def check_cloze_accepts_nothing_the_prompt_shows(facts: list[Fact], cards: list[Card]) -> None:
    """No cloze whose prompt prints an answer it accepts, in the singular or the plural ("The
    _____, the Ittihadist or Young Turk party" accepting "Ittihadists" and "Young Turks")."""
    for card in cards:
        if card.type is not CardType.CLOZE or card.variant not in ("name", "place", "leader"):
            continue
        around = f" {_singular(card.prompt)} "
        for answer in (card.answer, *card.accepted):
            phrase = _singular(answer)
            assert len(phrase) < 3 or f" {phrase} " not in around, (card.prompt, answer)


def check_reverse_options_share_the_region_asked(facts: list[Fact], cards: list[Card]) -> None:
    """A place or body asked by a description that names its region or nation ("the Daghestani
    port ...", "the Armenian party ...") offers only options whose facts say it too: else the
    one Daghestani option is the answer, whatever the rest says."""
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant not in ("significance-reverse", "description-reverse"):
            continue
        adjectives = re.findall(
            r"^What (?:was|were) the (?:(?:[a-z]+ed|[\w]+-[a-z]+) ){0,2}([A-Z][a-z]{3,}(?:ian|ani|an|ish|i)) [a-z]",
            card.prompt,
        )
        for option in wrong_options(card):
            about = [g for g in facts if g.kind in ("place", "organization")
                     and any(same_text(option, n) for n in names_of(g))]
            texts = " ".join(t for g in facts for t in (g.statement, *(src.quote for src in g.sources))
                             if any(same_subject(g, a) for a in about))
            said = folded(texts).split()
            for adjective in adjectives:
                stem = folded(adjective)[:4]
                assert any(w.startswith(stem) for w in said), (card.prompt, option, adjective)


MOVEMENTS = ("arrive", "arrived", "depart", "departed", "move", "moved", "flee", "fled", "withdraw", "withdrawn",
             "retreat", "retreated", "return", "returned", "escape", "escaped")


def check_movements_asked_when_say_where(facts: list[Fact], cards: list[Card]) -> None:
    """No "When did Bicherakhov's Cossacks arrive?": a movement asked when says where to or
    from, else it has as many dates as the mover made moves."""
    for card in cards:
        if card.type in (CardType.QA, CardType.CHOICE) and card.prompt.startswith(("When ", "By when ")):
            assert card.prompt.rstrip("?").split()[-1] not in MOVEMENTS, card.prompt


def check_no_place_asked_by_its_capital_title(facts: list[Fact], cards: list[Card]) -> None:
    """No place asked by the title it alone holds ("What was the Ottoman capital ...?" ->
    Istanbul; "_____, the capital of Georgia, ..." -> Tiflis): the title answers on its own."""
    places = [g for g in facts if g.kind == "place"]
    for card in cards:
        if card.type not in (CardType.CLOZE, CardType.QA, CardType.CHOICE):
            continue
        if not any(same_text(card.answer, n) for g in places for n in names_of(g)):
            continue
        assert not re.match(r"^What (?:was|were) the (?:\w+ )?(?:[A-Z][\w-]* )?capital\b", card.prompt), card.prompt
        assert not re.search(r"_____,? (?:the |its )?(?:\w+ )?capital\b", card.prompt), card.prompt


def check_cloze_answers_do_not_stand_in_the_sentence(facts: list[Fact], cards: list[Card]) -> None:
    """A cloze whose sentence still shows its answer ("30 July ... more than _____ km", 30)
    asks nothing."""
    for card in cards:
        if card.type is CardType.CLOZE and "…" not in card.answer:
            assert not re.search(rf"(?<![\w,.]){re.escape(card.answer)}(?![\w]|[,.]\d)", card.prompt), card


_ING_ALLOWED = frozenset(("meeting", "landing", "uprising", "understanding", "building", "beginning", "crossing",
                          "gathering", "ruling", "hearing", "offering", "warning", "fighting", "founding",
                          "bombing", "shelling", "sitting", "morning", "evening", "during", "leading"))


LASTING = frozenset(("influence", "alliance", "liaison", "contacts", "contact", "relations", "cooperation", "drive",
                     "presence", "rule", "control", "friendship", "rivalry", "support", "policy", "ties"))


def check_when_questions_read_as_english(facts: list[Fact], cards: list[Card]) -> None:
    """"When was <name>?" only of a short name that is no clause of its own ("When was the
    stripping of Mustafa Kemal's commission ...?", "When was the continuing Turkish influence
    ...?" are no English), and no verb said twice ("When was the understanding reached at
    Sivas ... reached?")."""
    for card in cards:
        if card.type not in (CardType.QA, CardType.CHOICE) or card.variant != "date":
            continue
        asked = re.match(r"^(?:.*, )?(?:when|in which year) (?:was|were|did) (.+) (\w+)\?$", card.prompt, re.I)
        if asked is None:
            continue
        assert asked[2] not in asked[1].split(), card.prompt
        bare = re.match(r"^(?:.*, )?(?:When|when) (?:was|were) (?:the|a|an) (.+)\?$", card.prompt)
        if bare and not re.search(r"(?:ed|en|wn|de|nt|ld|ht|un|ue)$", card.prompt[:-1]):
            named = re.sub(r"'[^']*'", "", bare[1]).split()
            assert len(named) <= 12, card.prompt
            head = re.split(r" (?:of|on|to|from|in|with|between|by|for|at|against) ", bare[1])[0].split()[-1]
            assert head not in LASTING, card.prompt  # "When were the contacts of ...?"
            assert not any(len(w) >= 7 and w.endswith("ing") and w.islower() and w not in _ING_ALLOWED
                           for w in named), card.prompt


_YEARS = re.compile(r"\b1[89]\d\d\s*[–-]\s*(?:1[89])?\d\d\b")


def check_year_stretches_keep_a_year_away(facts: list[Fact], cards: list[Card]) -> None:
    """A stretch of years ("1918–1919") has no sharp edges: no wrong option within a year of it,
    nor a false statement's stretch."""
    for card in cards:
        if card.type is CardType.TRUE_FALSE and card.answer == "False":
            f = fact_of(card, facts)
            if f.date is None or _span(f.date)[1] - _span(f.date)[0] < 365:
                continue
            first, last = _span(f.date)
            for stretch in _YEARS.findall(card.prompt):
                other = parse_date(stretch)
                if other is not None and stretch not in f.statement:
                    a, b = _span(other)
                    assert b < first - 365 or a > last + 365, card
            continue
        if card.type is not CardType.CHOICE or card.variant != "date":
            continue
        answer = parse_date(card.answer)
        if answer is None or answer.end is None or _span(answer)[1] - _span(answer)[0] < 365:
            continue
        first, last = _span(answer)
        for option in wrong_options(card):
            other = parse_date(option)
            assert other is not None, (card, option)
            a, b = _span(other)
            assert b < first - 365 or a > last + 365, (card, option)


def check_no_body_named_after_its_leader_asks_for_him(facts: list[Fact], cards: list[Card]) -> None:
    """"Who led Dunsterforce?" spells Dunsterville: no question or blank of a leader whose name
    the body's name holds (five letters of it)."""
    for card in cards:
        if card.variant not in ("leaders", "leader"):
            continue
        body = folded(fact_of(card, facts).name or "")
        for word in folded(card.answer).split():
            assert len(word) < 5 or word[:5] not in body, card


KIND_CLASSES = {"party": "party", "parties": "party", "newspaper": "press", "journal": "press", "organ": "press",
                "force": "military", "forces": "military", "unit": "military", "army": "military",
                "corps": "military", "division": "military", "detachment": "military", "detachments": "military",
                "flotilla": "military", "government": "state", "state": "state", "republic": "state"}


def kind_class(text: str) -> str | None:
    head = re.split(r"\b(?:whose|that|which|who|where|when)\b|[,;(]", text.lower(), maxsplit=1)[0]
    return next((KIND_CLASSES[w] for w in re.findall(r"[a-z]+", head) if w in KIND_CLASSES), None)


def check_bodies_offered_are_of_the_kind_asked(facts: list[Fact], cards: list[Card]) -> None:
    """"What was the Armenian party ...?" offers parties only: a council or a force among them
    is told apart by the word "party" alone."""
    for card in cards:
        if card.type is not CardType.CHOICE or card.variant != "description-reverse":
            continue
        asked = kind_class(card.prompt.removeprefix("What was "))
        if asked is None:
            continue
        for option in card.options:
            bodies = [g for g in facts if g.kind == "organization" and any(same_text(n, option) for n in names_of(g))]
            assert bodies, (card, option)
            assert any((kind_class(g.description or "") or kind_class(g.name or "")) == asked for g in bodies), (
                card, option)



# --- typed questions: the frame that makes them answerable, what the sources say (audits 707, 808) ---


_EPISODE = re.compile(r"\b(?:who|whom|whose|which|that|when|where)\b")
_A_YEAR = re.compile(r"\b1\d\d\d\b")


def check_offices_are_asked_at_a_date(facts: list[Fact], cards: list[Card]) -> None:
    """"Who was the Soviet Foreign Affairs Commissar?" has as many answers as the office had
    holders (Trotsky, Chicherin, Litvinov): a role asked in reverse that is no episode of its own
    (no relative clause) names the time it was held ("... in 1919–1920?"); so does "Who
    commanded the XV Army Corps in 1920?" where the statement gives the year."""
    for card in cards:
        if card.variant == "leaders" and re.search(r"\bWho (?:led|headed|commanded|chaired) ", card.prompt):
            years = set(re.findall(r"(?<!\d)1\d{3}(?!\d)", fact_of(card, facts).statement))
            assert len(years) != 1 or years.pop() in card.prompt, card.prompt  # "Who commanded ... in 1920?"
        if card.variant != "role-reverse" or card.type not in (CardType.QA, CardType.CHOICE):
            continue
        role = card.prompt.split("Who was ", 1)[-1] if "Who was " in card.prompt else card.prompt
        if not _EPISODE.search(role):
            assert _A_YEAR.search(role), card.prompt


_STATES = ("Azerbaijan", "Armenia", "Georgia", "Germany", "Britain", "Russia", "Turkey", "Persia", "Anatolia",
           "Transcaucasia", "Daghestan", "Crimea", "Ukraine")


def check_no_place_asked_within_its_country(facts: list[Fact], cards: list[Card]) -> None:
    """"Where was Azerbaijan Sovietized?", "Where did the Bolshevik revolution take place?": a
    place question whose event is placed in a country by its name, or is a happening of a whole
    state, has the country as a right answer too."""
    regions = {g.name for g in facts if g.kind == "place" and g.place_type in ("country", "region") and g.name}
    for card in cards:
        if card.variant != "place" or card.type not in (CardType.QA, CardType.CHOICE):
            continue
        assert not re.search(r"\b(?:revolution|sovietiz)", card.prompt, re.IGNORECASE), card.prompt
        for state in (*_STATES, *regions):
            assert not re.search(rf"\b(?:in|of) (?:the )?{re.escape(state)}(?![\w-]| [A-Z])", card.prompt), card.prompt


_CITES = re.compile(r"^\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]|See\b|Cf\.)")


def _written_years(text: str) -> set[int]:
    text = text.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))
    years = {int(y) for y in re.findall(r"(?<!\d)1\d{3}(?!\d)", text)}
    years |= {int(a[:2] + b) for a, b in re.findall(r"(?<!\d)(1\d{3})\s*[–-]\s*(\d{2})(?!\d)", text)}
    return years


def check_typed_dates_across_years_are_the_sources(facts: list[Fact], cards: list[Card]) -> None:
    """A typed date that runs across years ("1920–1921", "December 1919 – January 1920") is one the
    text of the sources writes, both years, not one read off a footnote's file years or inferred:
    else a student's "1920" is marked wrong for an answer no source gives."""
    for card in cards:
        if card.type not in (CardType.QA, CardType.CLOZE) or card.variant != "date":
            continue
        date = parse_date(card.answer)
        assert date is not None, card
        if date.end is None or date.end.year == date.start.year:
            continue
        f = fact_of(card, facts)
        quotes = [s.quote for s in f.sources] + [r.quote or "" for c in f.conflicts for r in c.readings]
        written = set().union(*(_written_years(q) for q in quotes if not _CITES.match(q)))
        assert {date.start.year, date.end.year} <= written, card


def check_accepted_dates_are_not_another_events(facts: list[Fact], cards: list[Card]) -> None:
    """A date question accepts another source's date for the event, never the date of another event
    (5 February 1920, when the Representative Committee read Chicherin's letter, for Mustafa
    Kemal's dispatch of 6 February)."""
    for card in cards:
        if card.type is not CardType.QA or card.variant != "date":
            continue
        f = fact_of(card, facts)
        answer = parse_date(card.answer)
        own = {g.id for g in group_of(f, facts)} | {f.id}
        for accepted in card.accepted:
            date = parse_date(accepted)
            if date is None or answer is None or _span(date) == _span(answer):
                continue
            others = [g.id for g in facts if g.kind == "event" and g.id not in own and g.date is not None
                      and _span(g.date) == _span(date)]
            assert not others, (card.id, accepted, others)


def _proper_name(name: str) -> bool:
    head = re.split(r" (?:of|to|on|between|from|with|by|in|at) ", name)[0].split()
    return bool(head) and head[-1][:1].isupper()


def check_typed_agreement_names_are_the_sources(facts: list[Fact], cards: list[Card]) -> None:
    """"Which agreement did Germany and Soviet Russia sign on 27 August 1918?" -> "the secret
    Russo-German agreement on Baku": a question-and-answer card answered by an agreement's name
    asks a proper name, a name the quotes use, or a document by a person the base knows; never a
    label the deck made up."""
    people = [g for g in facts if g.kind == "person"]
    for card in cards:
        if card.type is not CardType.QA or not (card.variant == "date-reverse" or card.variant.endswith("-reverse")):
            continue
        f = fact_of(card, facts)
        if f.kind != "agreement":
            continue
        names = [n for g in group_of(f, facts) for n in names_of(g)]
        if any(_proper_name(n) for n in names):
            continue
        owner = re.match(r"^(.+?)(?:'s|’s) ", f.name or "")
        if owner and any(same_text(owner[1], n) for g in people for n in names_of(g)):
            continue
        said = folded(" ".join(s.quote for g in group_of(f, facts) for s in g.sources)).split()
        skip = {"the", "a", "an", "of", "on", "to", "and", "in", "at", "for", "with", "between", "from", "by",
                *(folded(m) for m in MONTHS)}
        assert any(all(_stands(w, said) for w in re.findall(r"\w+", folded(n)) if w not in skip and not w.isdigit())
                   for n in names), card


def _stands(word: str, said: list[str]) -> bool:
    """Whether a word, or a form of it (its stem), is among the words said."""
    stem = word[:max(5, len(word) - 3)]
    return any(w.startswith(stem) for w in said)


_WHEN_WORDS = frozenset(fold(w) for w in (*MONTHS, "first", "second", "third", "final", "last", "early", "late",
                                           "spring", "summer", "autumn", "winter", "after", "before", "during",
                                           "following", "until", "since"))


def _event_words(name: str) -> set[str]:
    return {w.removesuffix("s") for w in re.findall(r"\w+", folded(name))
            if w not in STOP and w not in _WHEN_WORDS and not w.isdigit()}


def _head(name: str) -> str:
    words = re.split(r" (?:of|in|on|at|to|from|by|with|after|before|during|between|against) ", name)[0].split()
    return folded(words[-1]).removesuffix("s") if words else ""


def check_date_questions_tell_namesakes_apart(facts: list[Fact], cards: list[Card]) -> None:
    """"When did the massacre of Armenians in Baku take place?" beside "the March massacres in Baku"
    (and, in well-known history, 1905 and 1990): where the base holds another event of the kind at
    the place whose name says no more or no less, the question says when ("... after its capture by
    the Army of Islam")."""
    events = [g for g in facts if g.kind == "event" and g.name]
    for card in cards:
        if card.type not in (CardType.QA, CardType.CHOICE) or card.variant != "date":
            continue
        f = fact_of(card, facts)
        if f.kind != "event" or not f.name:
            continue
        mine, group = _event_words(f.name), {g.id for g in group_of(f, facts)}
        for g in events:
            if g.id in group or _head(g.name or "") != _head(f.name) or (g.place and f.place and g.place != f.place):
                continue
            theirs = _event_words(g.name or "")
            if theirs <= mine or mine <= theirs:
                said = set(re.findall(r"\w+", folded(card.prompt)))
                assert said & _WHEN_WORDS or any(w.isdigit() for w in said), (card.prompt, g.name)


_BLAMES = re.compile(r"\b(?:crimes?|atrocities|atrocity|treacherous|bandits|lackeys|carrying out massacres)\b", re.I)
_SAYS = re.compile(r"\b(?:reported|said|claimed|called|told|argued|wrote|declared|insisted|complained|accused|"
                   r"denounced|hailed|trial)\b", re.I)


def check_one_sides_blame_is_attributed(facts: list[Fact], cards: list[Card]) -> None:
    """A true-or-false statement or a cloze whose sentence lays blame in its own voice on one
    source's word ("the Bolsheviks seized power in Baku by carrying out massacres", from the
    Azerbaijani article alone) says whose word it is: "According to ..."."""
    for card in cards:
        if card.type not in (CardType.TRUE_FALSE, CardType.CLOZE):
            continue
        f = fact_of(card, facts)
        if len({src.seed for src in f.sources}) > 1:
            continue
        for blame in _BLAMES.finditer(card.prompt):
            if not _SAYS.search(card.prompt[:blame.start()]):
                assert "According to " in card.prompt, card.prompt


def check_plural_descriptions_take_were(facts: list[Fact], cards: list[Card]) -> None:
    """"What was the Baku Commune's poorly disciplined troops ...?" is no English: a description
    whose head noun is plural takes "were"."""
    for card in cards:
        if card.variant not in ("description-reverse", "significance-reverse"):
            continue
        asked = re.match(r"^(?:.*, )?[Ww]hat (was|were) (.+)\?$", card.prompt)
        if asked is None:
            continue
        head = re.split(r"[,;(]| (?:whose|that|which|who|whom|where|when|of|in|on|at|from|to|with|under|by|for) ",
                        asked[2])[0].split()[-1]
        many = head.islower() and head.endswith("s") and not head.endswith(("ss", "us", "is", "'s"))
        assert asked[1] == ("were" if many else "was"), card.prompt


_COMMON_PARTY_WORDS = frozenset(("the", "of", "and", "empire", "republic", "society", "congress", "party",
                                  "government", "council", "committee", "union", "allies", "nationalists"))


def check_parties_not_hinted_by_the_name(facts: list[Fact], cards: list[Card]) -> None:
    """"Who were the parties to the secret Russo-German agreement ...?", "... between two Soviet
    envoys and a Pan-Islamic society?": a name that says who a party was half answers the question;
    the question then asks for the party it does not tell ("Who, beside Soviet Russia, was a party
    to ...?"), which the prompt must not tell either."""
    for card in cards:
        if card.variant == "party":
            asked = re.findall(r"[^\W\d_]+", folded(re.sub(r"^According to [^,]+, ", "", card.prompt)))
            for word in re.findall(r"[^\W\d_]+", folded(card.answer)):
                if len(word) >= 4 and word not in _COMMON_PARTY_WORDS:
                    assert not any(w.startswith(word[:4]) for w in asked), (card.prompt, card.answer)
            continue
        if card.variant != "parties":
            continue
        f = fact_of(card, facts)
        asked = re.findall(r"[^\W\d_]+", folded(re.sub(r"^According to [^,]+, ", "", card.prompt)))
        for party in f.parties:
            for word in re.findall(r"[^\W\d_]+", folded(party)):
                if len(word) >= 4 and word not in _COMMON_PARTY_WORDS:
                    stem = word[:4]
                    assert not any(w.startswith(stem) for w in asked), (card.prompt, party)


def check_no_date_blank_after_its_title(facts: list[Fact], cards: list[Card]) -> None:
    """"In its Appeal to the Muslims of Russia and the East of _____": a date blank right after the
    document's own title and "of" reads as the end of the title."""
    for card in cards:
        if card.type is not CardType.CLOZE or card.variant != "date":
            continue
        for name in names_of(fact_of(card, facts)):
            title = re.sub(r"^the ", "", name, flags=re.I).casefold()
            assert f"{title} of _____" not in card.prompt.casefold(), card.prompt


_GLUE = frozenset(("the", "of", "and", "for", "to", "in", "on", "at", "by"))


def check_no_typed_answer_spelled_out_by_its_prompt(facts: list[Fact], cards: list[Card]) -> None:
    """"What was the British service that ...?" -> "the British intelligence service": a typed
    reverse question or name blank whose prompt holds two thirds of the answer's words (by their
    first five letters) has the student type the prompt back."""
    for card in cards:
        reverse = card.type is CardType.QA and card.variant.endswith("-reverse")
        blank = card.type is CardType.CLOZE and card.variant in ("name", "place", "leader")
        if not (reverse or blank):
            continue
        said = re.findall(r"[^\W\d_]+", folded(card.prompt))
        mine = [w for w in re.findall(r"[^\W\d_]+", folded(card.answer)) if w not in _GLUE]
        shown = [w for w in mine if any(x[:5] == w[:5] for x in said if len(x) >= 5 or x == w)]
        assert len(mine) < 2 or len(shown) < 2 / 3 * len(mine), (card.prompt, card.answer)


TYPED_RULES = (
    check_no_typed_answer_spelled_out_by_its_prompt, check_no_date_blank_after_its_title,
    check_parties_not_hinted_by_the_name, check_offices_are_asked_at_a_date,
    check_no_place_asked_within_its_country,
    check_typed_dates_across_years_are_the_sources, check_accepted_dates_are_not_another_events,
    check_typed_agreement_names_are_the_sources, check_date_questions_tell_namesakes_apart,
    check_one_sides_blame_is_attributed, check_plural_descriptions_take_were,
)


RULES = (
    check_no_subject_twice, check_never_also_fits, check_same_side_and_period, check_lengths_comparable,
    check_no_give_away_word, check_agreement_nouns, check_prompt_never_holds_answer,
    check_reverse_questions_have_one_answer, check_no_main_subject_asked, check_natural_event_questions,
    check_false_people_are_of_a_kind, check_group_cards_call_agreements_agreements,
    check_chronology_names_keep_their_dates, check_name_blanks_leave_the_kind, check_when_questions_read_as_english,
    check_year_stretches_keep_a_year_away, check_no_body_named_after_its_leader_asks_for_him,
    check_bodies_offered_are_of_the_kind_asked, check_name_blanks_are_not_spelled_around,
    check_cloze_answers_do_not_stand_in_the_sentence, check_cloze_names_not_one_of_a_pair,
    check_cloze_accepts_nothing_the_prompt_shows, check_reverse_options_share_the_region_asked,
    check_movements_asked_when_say_where, check_no_place_asked_by_its_capital_title,
    check_matching_dates_not_in_items, check_no_open_description_typed,
    check_group_cards_state_no_claim_as_fact, check_matched_roles_fit_one_person, check_historians_never_asked,
    check_false_statements_change_what_the_text_says,
    *OPTION_RULES, *TYPED_RULES,
)


# --- the bundled decks and synthetic bases ------------------------------------------


@pytest.fixture(scope="module")
def bundled_seeds() -> list[tuple[list[Fact], list[Card]]]:
    facts = bundled_facts()
    return [(facts, list(bundled_cards(seed))) for seed in (0, 23, 41)]  # made once per process: tests/bundled.py


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__.removeprefix("check_"))
def test_rule_holds_over_the_bundled_decks(rule: Callable[[list[Fact], list[Card]], None], bundled_seeds) -> None:
    for facts, cards in bundled_seeds:
        rule(facts, cards)


@SYNTHETIC
@given(fact_bases(), st.integers(0, 2**32))
def test_rules_hold_over_synthetic_bases(facts: list[Fact], seed: int) -> None:
    cards = cards_of(facts, seed)
    for rule in RULES:
        rule(facts, cards)


# --- examples of each rule ----------------------------------------------------------


def test_a_name_that_reads_as_no_question_is_not_asked_when() -> None:
    from studykit.core.generators.phrasing import event_questions

    assert event_questions("the British evacuation of Baku").when == "When was the British evacuation of Baku?"
    for name in ("the stripping of Mustafa Kemal's commission by Sultan Mehmet VI",
                 "the continuing Turkish influence in Azerbaijan",
                 "the return of Kars and Ardahan to Turkish rule in the offensive that overturned the Treaty"):
        assert event_questions(name).when == "", name


def test_a_movement_that_says_no_where_is_asked_where_not_when() -> None:
    from studykit.core.generators.phrasing import event_questions

    arrival = event_questions("the arrival of Bicherakhov's Cossacks")
    assert (arrival.when, arrival.where) == ("", "Where did Bicherakhov's Cossacks arrive?")
    assert event_questions("the arrival of Bicherakhov's Cossacks in Baku").when == (
        "When did Bicherakhov's Cossacks arrive in Baku?")
    assert event_questions("the fall of Baku").when == "When did Baku fall?"


@SYNTHETIC
@given(fact_bases(), st.integers(0, 2**32))
def test_historians_and_doubted_events_stay_out_over_synthetic_bases(facts: list[Fact], seed: int) -> None:
    """The same bases with some people made historians and some events doubted ("whether it
    took place at all"): still no card of a historian, no doubted event in an ordering."""
    from dataclasses import replace

    from studykit.core.facts import Conflict, Reading

    doubt = Conflict("whether it took place at all", (Reading("it did not", "000_test.txt"),), "left open")
    changed = [
        replace(f, category="historian") if f.kind == "person" and i % 2 else
        replace(f, conflicts=(doubt,)) if f.kind == "event" and i % 3 == 0 else f
        for i, f in enumerate(facts)
    ]
    cards = cards_of(changed, seed)
    check_historians_never_asked(changed, cards)
    check_group_cards_state_no_claim_as_fact(changed, cards)


def test_an_item_that_names_its_date_stands_by_a_date_free_alias_or_not_at_all() -> None:
    from tests.core.test_generators import fact

    agreements = [
        fact("a1", "agreement", "The Treaty of Batum was signed on 4 June 1918.", name="the Treaty of Batum",
             date="1918-06-04", parties=("Ottoman Empire", "Armenia")),
        fact("a2", "agreement", "The Armistice of Mudros was signed on 30 October 1918.",
             name="the Armistice of Mudros", date="1918-10-30", parties=("Ottoman Empire", "Allies")),
        fact("a3", "agreement", "The Baku draft treaty of 11 January 1920 was signed in Baku.",
             name="the Baku draft treaty of 11 January 1920", aliases=("the Karakol draft treaty",),
             date="1920-01-11", parties=("Soviet Russia", "Turkish Nationalists")),
        fact("a4", "agreement", "The Soviet–Turkish draft treaty of August 1920 was drawn up in Moscow.",
             name="the Soviet–Turkish draft treaty of August 1920", date="1920-08",
             parties=("Soviet Russia", "Turkish Nationalists")),
        fact("a5", "agreement", "The Treaty of Moscow was signed in March 1921.", name="the Treaty of Moscow",
             date="1921-03", parties=("Soviet Russia", "Turkish Nationalists")),
    ]
    cards = [c for c in cards_of(agreements) if c.type in (CardType.CHRONOLOGY, CardType.MATCHING)]
    assert {c.type for c in cards} == {CardType.CHRONOLOGY, CardType.MATCHING}
    for card in cards:
        assert "The Karakol draft treaty" in card.options, card
        assert "a4" not in card.fact_ids, card
        check_chronology_names_keep_their_dates(agreements, [card])
        check_matching_dates_not_in_items(agreements, [card])


def test_typed_questions_keep_their_frame_and_the_sources_words() -> None:
    """Audits 707 and 808, one example per rule, each on a base of its own."""
    from dataclasses import replace

    from studykit.core.facts import Conflict, Reading, Source
    from tests.core.test_generators import fact

    def qa(facts: list[Fact]) -> dict[str, Card]:
        return {c.id: c for c in cards_of(facts) if c.type in (CardType.QA, CardType.CLOZE)}

    chicherin = fact("chicherin", "person", "Georgii Chicherin was the Soviet Foreign Affairs Commissar.",
                     name="Georgii Chicherin", role="the Soviet Foreign Affairs Commissar", side="Soviet Russia",
                     category="diplomat", date="1919/1920")
    assert qa([chicherin])["chicherin:qa:role-reverse"].prompt == (
        "Who was the Soviet Foreign Affairs Commissar in 1919–1920?")
    assert "chicherin:qa:role-reverse" not in qa([replace(chicherin, date=None)])  # no date, no question
    corps = fact("corps", "organization", "The XV Army Corps, commanded by Kâzım Karabekir, invaded Armenia in 1920.",
                 name="XV Army Corps", description="the Turkish corps that invaded Armenia",
                 leaders=("Kâzım Karabekir",), side="Turkish Nationalists")
    assert qa([corps])["corps:qa:leaders"].prompt == "Who commanded the XV Army Corps in 1920?"

    events = [
        fact("sovietization", "event", "Azerbaijan was Sovietized in Baku in April 1920.",
             name="the Sovietization of Azerbaijan", date="1920-04", place="Baku"),
        fact("revolution", "event", "The Bolshevik revolution took place in Petrograd in 1917.",
             name="the Bolshevik revolution", date="1917", place="Petrograd"),
        fact("founding", "event", "The Azerbaijan Democratic Republic was founded in Tiflis on 28 May 1918.",
             name="the founding of the Azerbaijan Democratic Republic", date="1918-05-28", place="Tiflis"),
    ]
    cards = qa(events)
    assert "sovietization:qa:place" not in cards and "revolution:qa:place" not in cards
    assert cards["founding:qa:place"].answer == "Tiflis"

    kars = fact("kars", "event", "In 1920–1921 the offensive restored Kars to Turkish rule.",
                name="the restoration of Kars to Turkish rule", date="1920/1921")
    undated = replace(kars, sources=(Source("002_test.txt", "the offensive also restored to Turkish dominion Kars"),))
    assert not {"kars:qa:date", "kars:cloze:date"} & set(qa([undated]))
    written = replace(kars, sources=(Source("002_test.txt", "during the winter of 1920–21 the offensive restored"),))
    assert {"kars:qa:date", "kars:cloze:date"} <= set(qa([written]))
    footnote = replace(kars, sources=(Source("002_test.txt", "¹ FO 371, File 512 for 1920 and File 134 for 1921"),))
    assert not {"kars:qa:date", "kars:cloze:date"} & set(qa([footnote]))

    dispatch = fact(
        "dispatch", "event", "Mustafa Kemal sent his dispatch on 6 February 1920.",
        name="Mustafa Kemal's dispatch on the Caucasus", date="1920-02-06",
        conflicts=(Conflict("date of the dispatch", (
            Reading("6 February 1920 (body text)", "002_test.txt"),
            Reading("5 February 1920 (date given in a collection)", "002_test.txt"),
        ), "the body text"),),
    )
    committee = fact("committee", "event", "The Representative Committee read the letter on 5 February 1920.",
                     name="the Representative Committee's reading of the letter", date="1920-02-05")
    assert "5 February 1920" in qa([dispatch])["dispatch:qa:date"].accepted
    assert "5 February 1920" not in qa([dispatch, committee])["dispatch:qa:date"].accepted

    secret = fact("secret", "agreement", "The secret Russo-German agreement on Baku was signed on 27 August 1918.",
                  name="the secret Russo-German agreement on Baku", date="1918-08-27",
                  parties=("Germany", "Soviet Russia"), terms=("Baku would remain under Russian administration",))
    secret = replace(secret, sources=(Source("001_test.txt", "avqustun 27-də imzalanmış gizli müqavilə"),))
    moscow = fact("moscow", "agreement", "The Treaty of Moscow was signed in March 1921.", name="the Treaty of Moscow",
                  date="1921-03", parties=("Soviet Russia", "Turkish Nationalists"),
                  terms=("Batum passed to Georgia",))
    cards = qa([secret, moscow])
    assert not [i for i in cards if i.startswith("secret:qa:") and i.endswith("-reverse")]
    assert "moscow:qa:term-0-reverse" in cards
    march = fact("march", "event", "In March 1918 massacres took place in Baku.", name="the March massacres in Baku",
                 date="1918-03", place="Baku")
    september = fact("september", "event", "In September 1918 a massacre of Armenians took place in Baku.",
                     name="the massacre of Armenians in Baku", date="1918-09", place="Baku")
    assert "september:qa:date" in qa([september]) and "september:qa:date" not in qa([march, september])
    assert "march:qa:date" in qa([march, september])  # "In which year did the March massacres ...?"
    after = replace(september, name="the massacre of Armenians in Baku after its capture by the Army of Islam")
    assert qa([march, after])["september:qa:date"].prompt == (
        "When did the massacre of Armenians in Baku after its capture by the Army of Islam take place?")

    charge = fact("charge", "event", "In March 1918 the Bolsheviks seized power in Baku by carrying out massacres.",
                  name="the Bolshevik seizure of power in Baku", date="1918-03", place="Baku")
    said = replace(charge, statement="According to the Azerbaijani article, in March 1918 the Bolsheviks seized power "
                   "in Baku by carrying out massacres.", according_to="000_test.txt")
    assert not [c for c in cards_of([charge]) if c.type in (CardType.TRUE_FALSE, CardType.CLOZE)]
    assert [c for c in cards_of([said]) if c.type is CardType.TRUE_FALSE]

    guards = fact("guards", "organization", "The Red Guard of Baku was the Baku Commune's poorly disciplined troops.",
                  name="Red Guard of Baku", description="the Baku Commune's poorly disciplined troops, whose men "
                  "deserted", side="Baku Commune")
    assert qa([guards])["guards:qa:description-reverse"].prompt.startswith("What were the Baku Commune's")
    sivas = fact("sivas", "agreement", "Two Soviet envoys reached an understanding with a society at Sivas in 1919.",
                 name="the understanding reached at Sivas between two Soviet envoys and a Pan-Islamic society",
                 date="1919-11", parties=("Soviet Russia", "Muvahhidin society"))
    other = qa([sivas])["sivas:qa:party"]
    assert (other.prompt, other.answer) == (
        "Who, beside Soviet Russia, was a party to the understanding reached at Sivas between two Soviet envoys and a "
        "Pan-Islamic society?", "Muvahhidin society")
    assert "sivas:qa:parties" not in qa([sivas])
    secret_parties = [c for c in cards_of([secret, moscow]) if c.variant in ("parties", "party")]
    assert secret_parties and all(c.fact_ids == ("moscow",) for c in secret_parties)
    sevres = fact("sevres", "agreement", "The Treaty of Sèvres of 10 August 1920 awarded Van to Armenia.",
                  name="the Treaty of Sèvres", date="1920-08-10", parties=("Allies", "Armenia"))
    assert "sevres:cloze:date" not in qa([sevres])
    signed = replace(sevres, statement="The Treaty of Sèvres, signed on 10 August 1920, awarded Van to Armenia.")
    assert qa([signed])["sevres:cloze:date"].prompt == "The Treaty of Sèvres, signed on _____, awarded Van to Armenia."
    service = fact("service", "organization", "The British intelligence service reported every link to London.",
                   name="the British intelligence service", description="the British service that reported every link "
                   "to London", side="Britain")
    assert not [c for c in qa([service]).values() if c.variant == "description-reverse"]
    renamed = replace(service, description="the service that reported every Soviet–Nationalist link to London")
    assert [c for c in qa([renamed]).values() if c.variant == "description-reverse"]
    rules = TYPED_RULES
    for base in ([chicherin], [corps], events, [undated], [footnote], [dispatch, committee], [secret, moscow],
                 [march, september], [march, after], [charge], [said], [guards], [sevres], [signed], [sivas], [service],
                 [renamed]):
        for rule in rules:
            rule(base, cards_of(base))
