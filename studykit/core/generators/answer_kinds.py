"""What a question-and-answer or cloze card's answer is, and which other known names it could
be taken for: set on each card, so that the review screen knows whether to ask for a typed
answer, and the checker never accepts another person for the one asked about.

Only answers a machine can judge are typed: dates, numbers, names of people, places,
organizations and agreements. A role, a place's significance, an organization's
description or an event ("the first bid of the SR–Menshevik–Dashnak bloc for power in
Baku") is a DESCRIPTION: revealed and graded by the student. An agreement whose name is
itself a description ("the treaty of friendship between Azerbaijan and the Ottoman
Empire", "Joseph Stalin's letter to Stepan Shaumian") is one too.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from studykit.core.answers import AnswerKind, looks_descriptive
from studykit.core.facts import Fact
from studykit.core.generators.index import FactIndex, keys_of
from studykit.core.name_answers import NameKind, distinctive_words, list_items

_QA_KINDS = {
    "date": AnswerKind.DATE,
    "value": AnswerKind.NUMBER,
    "place": AnswerKind.PLACE,
    "significance-reverse": AnswerKind.PLACE,
    "role-reverse": AnswerKind.PERSON,
    "leaders": AnswerKind.PERSON,
    "description-reverse": AnswerKind.ORGANIZATION,
    "parties": AnswerKind.NAME,
    "party": AnswerKind.NAME,
    "role": AnswerKind.DESCRIPTION,
    "significance": AnswerKind.DESCRIPTION,
    "description": AnswerKind.DESCRIPTION,
}
_CLOZE_KINDS = {
    "date": AnswerKind.DATE,
    "place": AnswerKind.PLACE,
    "number": AnswerKind.NUMBER,
    "leader": AnswerKind.PERSON,
}
_FACT_NAME_KINDS = {
    "person": AnswerKind.PERSON,
    "place": AnswerKind.PLACE,
    "organization": AnswerKind.ORGANIZATION,
}
_LEXICON_KINDS = {  # the facts whose names are the known names of each kind of answer
    AnswerKind.PERSON: ("person", NameKind.PERSON),
    AnswerKind.PLACE: ("place", NameKind.PLACE),
    AnswerKind.AGREEMENT: ("agreement", NameKind.AGREEMENT),
    AnswerKind.ORGANIZATION: ("organization", NameKind.ORGANIZATION),
}


def qa_answer_kind(fact: Fact, variant: str, answer: str) -> AnswerKind:
    """The kind of a question-and-answer card's answer, from what it asks (`variant`)."""
    kind = _QA_KINDS.get(variant)
    if kind is not None:
        return kind
    if variant == "date-reverse" or variant.startswith("term-"):  # which event or agreement?
        return _agreement(fact) if fact.kind == "agreement" else AnswerKind.DESCRIPTION
    return AnswerKind.DESCRIPTION if looks_descriptive(answer) else AnswerKind.TEXT


def cloze_answer_kind(fact: Fact, variant: str, answer: str) -> AnswerKind:
    """The kind of a cloze card's answer, from what it blanks (`variant`)."""
    kind = _CLOZE_KINDS.get(variant)
    if kind is not None:
        return kind
    if variant == "name":
        if fact.kind == "agreement":
            return _agreement(fact)
        return _FACT_NAME_KINDS.get(fact.kind, AnswerKind.TEXT)
    return AnswerKind.DESCRIPTION if looks_descriptive(answer) else AnswerKind.TEXT


def _agreement(fact: Fact) -> AnswerKind:
    """A proper name ("the Treaty of Moscow", "the Sivas understanding") is typed; a
    descriptive one ("Chicherin's reply to Mustafa Kemal's letter") is not."""
    name = fact.name or ""
    if looks_descriptive(name) or any(c.isdigit() for c in name) or "'s " in name or "’s " in name:
        return AnswerKind.DESCRIPTION
    return AnswerKind.AGREEMENT


@dataclass(frozen=True)
class _Known:
    names: tuple[str, ...]       # a known subject's name and aliases
    keys: frozenset[str]         # its subject keys (to leave the answer's own subject out)


class Lexicon:
    """The known names of one kind, looked up by their distinctive words: by the word's sound
    key and by each key with one letter left out, so that a word one letter off is found too."""

    def __init__(self, facts: Iterable[Fact], index: FactIndex, name_kind: NameKind) -> None:
        self.name_kind = name_kind
        self.known: list[_Known] = []
        self.by_word: dict[str, set[int]] = {}
        seen: set[frozenset[str]] = set()
        for fact in facts:
            keys = index.subject_keys(fact)
            if keys in seen or not fact.name:
                continue
            seen.add(keys)
            number = len(self.known)
            self.known.append(_Known((fact.name, *fact.aliases), keys))
            for name in (fact.name, *fact.aliases):
                for key in _word_keys(name, name_kind):
                    self.by_word.setdefault(key, set()).add(number)

    def confusables(self, names: Iterable[str], exclude: frozenset[str]) -> tuple[str, ...]:
        """The known names (every form of each) that share a distinctive word with `names`,
        or have one a letter off, leaving out the subjects whose keys are in `exclude`."""
        found: set[int] = set()
        for name in names:
            for key in _word_keys(name, self.name_kind):
                found |= self.by_word.get(key, set())
        out: list[str] = []
        for number in sorted(found):
            known = self.known[number]
            if known.keys.isdisjoint(exclude):
                out += known.names
        return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1 << 16)  # asked of the same answers and names by every card of a fact
def _word_keys(name: str, name_kind: NameKind) -> frozenset[str]:
    """Each distinctive word's sound keys, and (for words of five letters or more) each key
    with one letter left out: two words one edit apart share one of these (symmetric deletion)."""
    out: set[str] = set()
    for word in distinctive_words(name, name_kind):
        for reading in word.readings:
            out.add(reading)
            if len(reading) >= 5:
                out.update(reading[:i] + reading[i + 1:] for i in range(len(reading)))
    return frozenset(out)


_LEXICONS: weakref.WeakKeyDictionary[FactIndex, dict[AnswerKind, Lexicon]] = weakref.WeakKeyDictionary()


def lexicon(index: FactIndex, kind: AnswerKind) -> Lexicon | None:
    """The lexicon of the known names of an answer kind (built once per index, kept while the
    index lives), or None."""
    if kind not in _LEXICON_KINDS:
        return None
    built = _LEXICONS.setdefault(index, {})
    if kind not in built:
        fact_kind, name_kind = _LEXICON_KINDS[kind]
        built[kind] = Lexicon([f for f in index.facts if f.kind == fact_kind], index, name_kind)
    return built[kind]


def confusables(
    index: FactIndex, fact: Fact, kind: AnswerKind, answer: str, accepted: tuple[str, ...],
) -> tuple[str, ...]:
    """Other known names of the answer's kind that a typed answer could be taken for."""
    known = lexicon(index, kind)
    if known is None:
        return ()
    names = (answer, *accepted)
    items = [item for name in names for item in list_items(name)] if kind is AnswerKind.PERSON else list(names)
    exclude = keys_of(*names, *items)
    if fact.kind == _LEXICON_KINDS[kind][0]:
        exclude |= index.subject_keys(fact)
    for name in items:  # the leaders of an organization: each one's own aliases are no rival
        person = index.person(name) if kind is AnswerKind.PERSON else None
        if person is not None:
            exclude |= index.subject_keys(person)
    return known.confusables(names, exclude)
