"""Judging a typed name: a person, a place, an agreement, an organization, or several of them.

What a fair teacher accepts, as rules (`core.answers` turns the outcome into a verdict):

- the name in any of its spellings (`core.spelling`): folded letters ("Nuri Pasa" for
  "Nuri Paşa"), a transliteration ("Shahumyan" for "Shaumian", "Enwer" for "Enver"), or
  an agreement or battle named in the other order ("the Moscow Treaty");
- the name without its title or generic noun, when what is left is all of the name's
  distinctive words: "Nuri" for Nuri Pasha, "Brest-Litovsk" for the Treaty of
  Brest-Litovsk, "Ararat" for Mount Ararat, "Musavat" for the Musavat party;
- for a person, the surname alone ("Karabekir" for Kâzım Karabekir); a first name alone is
  partly right ("Kâzım"), as is any other part of a name ("Brest" for Brest-Litovsk);
- a title or generic noun alone ("Pasha", "Treaty of") is no name: wrong;
- a word that another known name also has is never enough: "Kâzım" could be Kâzım Özalp,
  so it is partly right at best, and an answer that is another known name is wrong, even
  when it is one letter or one transliteration away from the answer (`others`);
- several names ("Enver, Talât and Cemal" for the leaders of the CUP): each one judged, in
  any order; some of them is partly right.

Distinctive words are those the answer writes with a capital (or in a script without
case): "the treaty of friendship" has none, so it is only right as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from studykit.core.spelling import folds, one_edit, sound_keys, sound_words, split_words, within_one_edit

_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ](?=\w)")

# Titles, ranks and honorifics (Ottoman, Azerbaijani, Russian, European), compared by sound
# key so that "Paşa", "Pascha" and "Pasha", or "Bəy", "Bey" and "Bek", are all titles.
TITLES = (
    "pasha", "paşa", "pascha", "pacha", "bey", "bəy", "bek", "beg", "bay", "efendi", "effendi", "agha", "ağa", "aga",
    "khan", "xan", "han", "hanım", "khanum", "sultan", "shah", "emir", "sheikh", "şeyh", "hajji", "haji", "hacı",
    "general", "gen", "colonel", "col", "polkovnik", "major", "captain", "capt", "admiral", "lieutenant", "lt",
    "commander", "marshal", "field", "ataman", "dr", "doctor", "prof", "professor", "mr", "mrs", "sir", "lord",
    "prince", "count", "baron", "tsar", "czar", "kaiser", "king", "president", "comrade", "commissar", "minister",
)
PARTICLES = (
    "von", "fon", "van", "de", "der", "du", "da", "di", "la", "le", "al", "el", "ibn", "bin", "ben", "ve", "of", "the",
    "and",
)
ARTICLE_WORDS = ("the", "a", "an")
AGREEMENT_NOUNS = ("treaty", "armistice", "agreement", "peace", "convention", "protocol", "pact", "accord",
                   "understanding", "conference", "congress", "battle", "sazişi", "müqaviləsi", "antlaşması")
PLACE_NOUNS = ("mount", "mountain", "mt", "river", "lake", "sea", "district", "province", "region", "city", "town",
               "village", "port", "vilayet", "sanjak", "peninsula", "island", "şəhəri")
ORGANIZATION_NOUNS = ("party", "society", "movement", "organization", "organisation", "partiyası")
STATE_NOUNS = ("empire", "republic", "kingdom")


class NameKind(str, Enum):
    """What sort of name is asked: which words may be left out, and whether a surname alone
    names it. ANY is a name of unknown sort (titles and agreement nouns may be left out)."""

    PERSON = "person"
    PLACE = "place"
    AGREEMENT = "agreement"
    ORGANIZATION = "organization"
    ANY = "any"


def _keys(words: Sequence[str]) -> frozenset[str]:
    return frozenset(k for w in words for readings in sound_words(w) for k in readings)


_TITLE_KEYS = _keys(TITLES)
_PARTICLE_KEYS = _keys(PARTICLES) | _keys(ARTICLE_WORDS)
_LEAVE_OUT: dict[NameKind, frozenset[str]] = {
    NameKind.PERSON: _TITLE_KEYS,
    NameKind.PLACE: _keys(PLACE_NOUNS),
    NameKind.AGREEMENT: _keys(AGREEMENT_NOUNS),
    NameKind.ORGANIZATION: _keys(ORGANIZATION_NOUNS + STATE_NOUNS),
    NameKind.ANY: _TITLE_KEYS | _keys(AGREEMENT_NOUNS) | _keys(STATE_NOUNS),
}


@dataclass(frozen=True)
class Word:
    text: str
    readings: frozenset[str]  # sound keys
    capital: bool             # written with a capital, or in a script without case

    def same(self, other: Word) -> bool:
        return not self.readings.isdisjoint(other.readings)

    def near(self, other: Word) -> bool:
        """One letter off, in a word long enough that one letter does not make another word."""
        shortest = min(len(r) for r in self.readings | other.readings)
        return shortest >= 5 and within_one_edit(self.readings, other.readings)


@lru_cache(maxsize=1 << 14)
def words_of(text: str) -> tuple[Word, ...]:
    out = []
    for token in split_words(_APOSTROPHE.sub("", text)):
        readings = frozenset(k for group in sound_words(token) for k in group)
        if readings:
            out.append(Word(token, readings, not token[:1].islower()))
    return tuple(out)


def distinctive_words(name: str, kind: NameKind) -> list[Word]:
    """The words that make the name this name: capitalized, neither a title nor a noun of
    its kind ("Brest", "Litovsk" of the Treaty of Brest-Litovsk; "Nuri" of Nuri Pasha); not
    an initial ("V. I. Lenin")."""
    return [w for w in words_of(name) if w.capital and len(w.text) > 1 and not _filler(w, kind)]


def _filler(word: Word, kind: NameKind) -> bool:
    return not word.readings.isdisjoint(_PARTICLE_KEYS | _LEAVE_OUT[kind])


def _deletions(key: str) -> set[str]:
    """The key and each form of it with one letter left out: two keys within one edit
    (substitution, insertion, deletion or an adjacent swap) share one (symmetric deletion)."""
    return {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}


_NEAR_LEAVE_OUT = {
    kind: frozenset(d for k in keys if len(k) >= 4 for d in _deletions(k)) for kind, keys in _LEAVE_OUT.items()
}


def _near_filler(word: Word, kind: NameKind) -> bool:
    """A title or noun that may be left out, typed with one letter off ("Pash")."""
    near = _NEAR_LEAVE_OUT[kind]
    return any(not near.isdisjoint(_deletions(reading)) for reading in word.readings if len(reading) >= 3)


class Match(str, Enum):
    WHOLE = "whole"          # the name, in some spelling
    SPELLING = "spelling"    # a transliteration of it
    SHORT = "short"          # its distinctive words without title or noun ("Nuri")
    SURNAME = "surname"      # a person's surname alone
    PART = "part"            # some of its distinctive words ("Kâzım", "Brest")
    MORE = "more"            # all of it and words the answer does not have
    TITLE = "title"          # only a title or generic noun ("Pasha")
    NONE = "none"


@dataclass(frozen=True)
class NameMatch:
    match: Match
    typo: str = ""            # one letter off: what differed
    shared_with: str = ""     # another known name the words could also be


def match_name(given: str, name: str, kind: NameKind, others: Sequence[str] = ()) -> NameMatch:
    """How a typed answer matches one name (a form of the answer)."""
    return _match_name(given, name, kind, tuple(others))


@lru_cache(maxsize=1 << 14)
def _match_name(given: str, name: str, kind: NameKind, others: tuple[str, ...]) -> NameMatch:
    if not folds(given).isdisjoint(folds(name) | other_order(name)):
        return NameMatch(Match.WHOLE)
    if not sound_keys(given).isdisjoint(sound_keys(name) | _other_order_sounds(name)):
        return NameMatch(Match.SPELLING)
    got = words_of(given)
    want = words_of(name)
    if not got or not want:
        return NameMatch(Match.NONE)
    distinctive = distinctive_words(name, kind)
    typed = [w for w in got if not _filler(w, kind)]
    if not typed:
        return NameMatch(Match.TITLE)
    matched: list[Word] = []
    typos: list[str] = []
    extra = False
    for word in typed:
        found = next((w for w in distinctive if w.same(word)), None)
        if found is None:
            found = next((w for w in distinctive if w.near(word)), None)
            if found is not None:
                typos.append(_typo(word, found))
        if found is not None:
            if found not in matched:
                matched.append(found)
        elif any(w.same(word) for w in want):
            continue  # a word of the name that is not distinctive ("friendship"): neither here nor there
        elif _near_filler(word, kind):
            typos.append(f"“{word.text}”")
        else:
            extra = True
    if not matched:
        return NameMatch(Match.NONE)
    typo = "; ".join(typos)
    shared = _shared(matched, want, others, kind)
    if len(matched) == len(distinctive):
        return NameMatch(Match.MORE if extra else Match.SHORT, typo, shared)
    if extra and (len(matched) < 2 or 2 * len(matched) < len(distinctive)):
        return NameMatch(Match.NONE)  # a word or two in common with a name is not that name
    if kind is NameKind.PERSON and len(matched) == 1 and matched[0] is distinctive[-1] and not shared:
        return NameMatch(Match.SURNAME, typo)
    return NameMatch(Match.PART, typo, shared)


def _typo(typed: Word, meant: Word) -> str:
    for a in sorted(typed.readings):
        for b in sorted(meant.readings):
            edit = one_edit(a, b)
            if edit:
                return f"“{typed.text}” for “{meant.text}”"
    return f"“{typed.text}”"


def _shared(matched: list[Word], want: tuple[Word, ...], others: Sequence[str], kind: NameKind) -> str:
    """Another known name that has every matched word too (but is not this name)."""
    for other in others:
        words = distinctive_words(other, kind)
        if all(any(m.same(w) for w in words) for m in matched):
            return other
    return ""


def names_other(given: str, others: Sequence[str], kind: NameKind, *, near: bool = False) -> tuple[str, bool]:
    """The known name (not the answer) that the typed answer is, and whether it is that
    whole name in some spelling (True) or its distinctive words ("Özalp" is Kâzım Özalp's
    surname: False); with `near`, also a name one letter off ("Halim" when Said Halim Pasha
    is known). ("", False) if none."""
    got_folds, got_sounds = folds(given), sound_keys(given)
    for other in others:
        if not got_folds.isdisjoint(folds(other)) or not got_sounds.isdisjoint(sound_keys(other)):
            return other, True
    for other in others:
        found = match_name(given, other, kind)
        if found.match in (Match.SHORT, Match.SURNAME) and not found.typo:
            return other, False
    if not near:
        return "", False
    for other in others:
        if min(len(k) for k in got_sounds) >= NEAR_MISS_MIN_LENGTH and within_one_edit(got_sounds, sound_keys(other)):
            return other, False
        found = match_name(given, other, kind)
        if found.match is Match.PART and not found.typo:
            return other, False
    return "", False


def near_whole(given: str, name: str) -> str:
    """The one typo between the typed answer and the whole name, if that is all: a
    description of it, or ""."""
    got, want = folds(given), folds(name) | other_order(name)
    if min(len(w) for w in want) >= NEAR_MISS_MIN_LENGTH:
        for g in sorted(got):
            for w in sorted(want):
                edit = one_edit(g, w)
                if edit:
                    return edit
    sounds_got, sounds_want = sound_keys(given), sound_keys(name)
    if min(len(w) for w in sounds_want) >= NEAR_MISS_MIN_LENGTH and within_one_edit(sounds_got, sounds_want):
        return "one letter off"
    return ""


NEAR_MISS_MIN_LENGTH = 5  # a typo in a shorter answer may make another word

_OF_NAME = re.compile(
    r"(?:the\s+)?(treaty|armistice|agreement|convention|protocol|peace|battle|conference|congress)\s+of\s+"
    r"((?:[^\W\d_][\w'’.-]*)(?:\s+[^\W\d_][\w'’.-]*)*)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def other_order(name: str) -> frozenset[str]:
    """"The Treaty of Moscow" is as often written "the Moscow Treaty": the folded forms of
    that other order, for a head noun of an agreement or battle and a proper name (every word
    capitalized: "the treaty of friendship between ..." has no other order)."""
    match = _OF_NAME.fullmatch(name.strip())
    if match is None or not all(word[:1].isupper() for word in match.group(2).split()):
        return frozenset()
    return folds(f"{match.group(2)} {match.group(1)}")


@lru_cache(maxsize=4096)
def _other_order_sounds(name: str) -> frozenset[str]:
    match = _OF_NAME.fullmatch(name.strip())
    if match is None or not all(word[:1].isupper() for word in match.group(2).split()):
        return frozenset()
    return sound_keys(f"{match.group(2)} {match.group(1)}")


_LIST_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\+|\bor\b|\bve\b|\bvə\b)\s*")


def list_items(text: str) -> list[str]:
    """"A, B and C" -> ["A", "B", "C"] (also with "&", ";", "or", Turkish "ve", Azerbaijani "və")."""
    return [p for p in _LIST_SPLIT.split(text) if p.strip()]
