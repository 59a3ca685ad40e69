"""Which cards give away another's answer: a card seen earlier in the day spoils a later one.

Met in one session, some pairs of cards test nothing the second time: after the question
"When was the Treaty of Brest-Litovsk signed?" and its answer, the cloze "By the Treaty of
Brest-Litovsk of _____ ..." only asks what was just shown. Anki calls such cards siblings
(cards of one note) and buries the later ones for the day; here the relation is worked out
from the cards themselves:

- **Related cards.** Cards made from a common fact: every card shows its fact's statement
  with the answer, so a fact's other cards, and a chronology or matching card that lists the
  fact among its items, ask what was just seen. Imported Anki cards are related when they
  come from one note, as Anki's siblings.
- **A shown answer.** A card whose visible text (question, answer, statement, the items of a
  chronology, the pairs of a matching card; not the wrong options of a multiple choice, which
  tell nothing) holds another card's answer *and* most of what that card asks about: "the
  Treaty of Brest-Litovsk of March 1918" in one fact's statement gives away "When was the
  Treaty of Brest-Litovsk signed?" of another fact. A true-or-false card is given away by a
  card that shows most of its (true) statement; a matching card by one that shows both sides
  of one of its pairs.

The relation is directed (`spoiler` gives away `later`); a session shows `later` only if no
card shown before it that day gives it away (`core.session`), and the introduction order
(`core.introduction`) keeps them apart. Pure: standard library only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from studykit.core.cards import Card, CardType
from studykit.core.notecards import AnyCard, NoteCard

# Words that say nothing about what a question is about: function words, the question words
# and the verbs every generated question shares ("When did X take place?").
_STOPWORDS = """
    a an the of in on at to for from by with and or but as into onto upon about after before between
    during over under than then that this these those there their its his her he she it they them we you
    i is was were be been being are am has have had do does did done not no nor so such also which who
    whom whose what when where why how many much year years day date take took taken place places happen
    happened name named true false statement put order chronological earliest first match each item
    items left right partner pair pairs fill gap following one two three
"""
STOPWORDS = frozenset(_STOPWORDS.split())
# How much of what a question asks about another card must show, beside its answer.
CUE_SHARE = 0.7
STATEMENT_SHARE = 0.8

_WORD = re.compile(r"\w+")


_MARKS = re.compile(r"[\u0300-\u036f]")  # the combining accents of Latin letters, once decomposed


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    folded = text.casefold()
    if not folded.isascii():
        folded = _MARKS.sub("", unicodedata.normalize("NFKD", folded)).replace("ı", "i")
    return tuple(_WORD.findall(folded))


def words(text: str) -> list[str]:
    """The words of `text`, case and accents folded: "Göyçay" and "goycay" are one word."""
    return list(_words(text))


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in words(text) if w not in STOPWORDS)


def related_keys(card: AnyCard) -> frozenset[str]:
    """What a card shares with its related cards: its facts, or its Anki note."""
    if isinstance(card, NoteCard):
        return frozenset({f"note:{card.guid}"})
    return frozenset(f"fact:{fact}" for fact in card.fact_ids)


def shown_text(card: Card) -> str:
    """Everything a card shows that could tell another's answer, question side and answer
    side together (a multiple choice's wrong options excepted: they tell nothing)."""
    parts = [card.prompt, card.answer, card.statement]
    if card.type in (CardType.CHRONOLOGY, CardType.MATCHING):
        parts += card.options
    parts += [side for pair in card.pairs for side in pair]
    return "\n".join(parts)


@dataclass(frozen=True)
class _Asks:
    """What a card asks, in words: answers that would give it away (each a run of words), the
    words of what it asks about (`cue`), and for a true-or-false card its statement's words."""

    answers: tuple[tuple[str, ...], ...]
    cue: frozenset[str]
    statement: frozenset[str] = frozenset()
    pairs: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()


def _phrase(text: str) -> tuple[str, ...]:
    found = words(text)
    while found and found[0] in ("the", "a", "an"):
        found = found[1:]
    return tuple(found) if any(w not in STOPWORDS for w in found) else ()


def _asks(card: Card) -> _Asks | None:
    if card.type is CardType.TRUE_FALSE:
        statement = content_words(card.statement or card.prompt)
        return _Asks((), frozenset(), statement) if statement else None
    if card.type is CardType.MATCHING:
        sides = ((content_words(left), content_words(right)) for left, right in card.pairs)
        pairs = tuple((left, right) for left, right in sides if left and right)
        return _Asks((), frozenset(), pairs=pairs) if pairs else None
    if card.type is CardType.CHRONOLOGY:
        return None  # its items are facts: only a card of one of them tells their order
    answers = {_phrase(text) for text in (card.answer, *card.accepted)}
    answers.discard(())
    answer_words = {w for phrase in answers for w in phrase}
    cue = content_words(card.prompt) - answer_words
    if not answers or not cue:
        return None
    return _Asks(tuple(sorted(answers)), frozenset(cue))


def _needed(wanted: frozenset[str], share: float) -> int:
    """How many of `wanted` must show: `share` of them, and at least two when there are two."""
    return max(math.ceil(share * len(wanted) - 1e-9), min(2, len(wanted)))


Owner = TypeVar("Owner", bound=Hashable)


class _Coverage(Generic[Owner]):
    """Which of many word sets a text covers (at least a share of each set's words), without
    trying every set: a set is filed under the few of its words (its rarest) of which a text
    that covers it must hold at least one."""

    def __init__(self, sets: Iterable[tuple[Owner, frozenset[str], float]], frequency: Mapping[str, int]) -> None:
        self.sets: list[tuple[Owner, frozenset[str], int]] = []
        self.filed: dict[str, list[int]] = {}
        for owner, wanted, share in sets:
            if not wanted:
                continue
            need = _needed(wanted, share)
            rarest = sorted(wanted, key=lambda w: (frequency.get(w, 0), w))[: len(wanted) - need + 1]
            for word in rarest:
                self.filed.setdefault(word, []).append(len(self.sets))
            self.sets.append((owner, wanted, need))

    def covered(self, vocabulary: frozenset[str]) -> set[Owner]:
        """The owners of the sets `vocabulary` covers."""
        tried = {i for word in vocabulary for i in self.filed.get(word, ())}
        out = set()
        for i in tried:
            owner, wanted, need = self.sets[i]
            if len(vocabulary & wanted) >= need:
                out.add(owner)
        return out


class _Answers:
    """Which cards' answers a text shows, as whole runs of its words: at each word of the text,
    the runs of the lengths that answers starting with that word have are looked up, a few
    per word, so the cost is linear in the text however common its words. Indexing answers by
    their words instead, or by what they ask about, tries every card whose answer or question
    shares a word with the text: every card of a deck whose questions all say "the Caucasus",
    quadratic. A shown answer is also the rarer clue of the two: what a card asks about is
    mostly words many cards share."""

    def __init__(self, asks: Iterable[tuple[str, _Asks]]) -> None:
        self.by_phrase: dict[tuple[str, ...], list[str]] = {}
        self.cues: dict[str, tuple[frozenset[str], int]] = {}
        lengths: dict[str, set[int]] = {}
        for card_id, a in asks:
            self.cues[card_id] = (a.cue, _needed(a.cue, CUE_SHARE))
            for phrase in a.answers:
                self.by_phrase.setdefault(phrase, []).append(card_id)
                lengths.setdefault(phrase[0], set()).add(len(phrase))
        self.lengths = {word: sorted(found) for word, found in lengths.items()}

    def given_away_by(self, text: Sequence[str], vocabulary: frozenset[str]) -> set[str]:
        """The cards one of whose answers `text` shows, with enough of what they ask about
        (`vocabulary`: the words of `text`)."""
        found: set[str] = set()
        for start, word in enumerate(text):
            for length in self.lengths.get(word, ()):
                if start + length > len(text):
                    break
                found.update(self.by_phrase.get(tuple(text[start:start + length]), ()))
        cues = self.cues
        return {later for later in found if len(vocabulary & cues[later][0]) >= cues[later][1]}


@dataclass
class GiveAways:
    """The give-away relation over a set of cards: `of(card_id)`, the cards it gives away.

    Built once per set (`GiveAways.among(cards)`) with indexes: answers by their runs of
    words (`_Answers`), statements and matching sides by their rarest words (`_Coverage`), so
    a deck of thousands of cards is related in about linear time, and today's queue of a
    synthetic deck whose questions all share their words too."""

    spoils: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def of(self, card_id: str) -> frozenset[str]:
        """The cards (of the set) that `card_id` gives away."""
        return self.spoils.get(card_id, frozenset())

    def gives_away(self, spoiler: str, later: str) -> bool:
        return later in self.of(spoiler)

    @classmethod
    def among(cls, cards: Iterable[AnyCard]) -> GiveAways:
        cards = list(cards)
        spoils: dict[str, set[str]] = {card.id: set() for card in cards}
        by_key: dict[str, list[str]] = {}
        for card in cards:
            for key in related_keys(card):
                by_key.setdefault(key, []).append(card.id)
        for ids in by_key.values():
            if len(ids) > 1:
                for card_id in ids:
                    spoils[card_id].update(i for i in ids if i != card_id)
        fact_cards = [card for card in cards if isinstance(card, Card)]
        texts = {card.id: words(shown_text(card)) for card in fact_cards}
        vocabularies = {card_id: frozenset(text) for card_id, text in texts.items()}
        frequency: Counter[str] = Counter(w for vocabulary in vocabularies.values() for w in vocabulary)
        asks = {card.id: a for card in fact_cards if (a := _asks(card)) is not None}
        answers = _Answers((i, a) for i, a in asks.items() if a.answers)
        wholes = _Coverage(
            [*(((i, -1, 0), a.statement, STATEMENT_SHARE) for i, a in asks.items()),
             *(((i, n, side), words_of_side, STATEMENT_SHARE) for i, a in asks.items()
               for n, pair in enumerate(a.pairs) for side, words_of_side in enumerate(pair))],
            frequency,
        )
        for card in fact_cards:
            text, vocabulary, found = texts[card.id], vocabularies[card.id], spoils[card.id]
            found.update(answers.given_away_by(text, vocabulary))
            sides: Counter[tuple[str, int]] = Counter()
            for later, pair, _ in wholes.covered(vocabulary):
                if pair < 0:  # a true-or-false card's statement
                    found.add(later)
                else:  # one side of a pair: both sides of one pair give the matching card away
                    sides[later, pair] += 1
            found.update(later for (later, _), count in sides.items() if count == 2)
            found.discard(card.id)
        return cls({card_id: frozenset(ids) for card_id, ids in spoils.items() if ids})
