"""What makes a question fair: it is answered by knowing the subject, not by reading the
prompt and the options side by side.

A student who does not know the answer still reads. A content word of the prompt that
stands in the right option and in no wrong one points at it ("What was the Musavat party?"
over one party and three armies); a right option three times as long as the others stands
out; a prompt that already holds every word of its answer asks nothing; two descriptions
that say nearly the same thing may both be true of one person. These are the tests the
choice generator and the question askers apply, on words folded as names are (accents,
case and transliterations ignored) and cut to a short stem, so that "Turkish" meets "Turks"
and "Azerbaijani" meets "Azerbaijan".

Pure: standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from studykit.core.answers import fold
from studykit.core.dates import MONTHS

# Words that carry no content of their own: articles, prepositions, pronouns, the verbs and
# question words every prompt has.
STOPWORDS = frozenset((
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
STEM_LENGTH = 6
# How alike two descriptions must be to describe, for all a reader can tell, the same thing:
# the share of the shorter one's content stems that the longer one also has.
ALIKE = 0.75
# A right option this many times as long as every wrong one (and this many words longer)
# stands out; so does one this many times as short.
LENGTH_RATIO = 1.5
LENGTH_SLACK = 3

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SUFFIXES = (("ies", "y"), ("ians", ""), ("ian", ""), ("ish", ""), ("ese", ""), ("es", ""), ("s", ""))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A folded word cut to a short stem: "Turkish", "Turks" -> "turk"; "Azerbaijani" -> "azerba"."""
    folded = fold(word).replace(" ", "")
    folded = folded.removesuffix("'s")
    if folded.isdigit():
        return folded
    for suffix, replacement in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3 and not folded.endswith("ss"):
            folded = folded[: len(folded) - len(suffix)] + replacement
            break
    return folded[:STEM_LENGTH]


@lru_cache(maxsize=1 << 16)
def content_stems(text: str) -> frozenset[str]:
    """The stems of the words of a text that carry content (no articles, prepositions, ...)."""
    out = set()
    for token in _TOKEN.findall(text):
        low = token.casefold()
        low = low.removesuffix("'s")
        if low in STOPWORDS or (len(low) < 3 and not low.isdigit()):
            continue
        out.add(stem(token))
    out.discard("")
    return frozenset(out)


def give_aways(prompt: str, answer: str, wrong: Iterable[str]) -> frozenset[str]:
    """The content stems of the prompt that stand in the right option and in no wrong one."""
    shared = content_stems(prompt) & content_stems(answer)
    for option in wrong:
        if not shared:
            break
        shared -= content_stems(option)
    return shared


def word_count(text: str) -> int:
    return len(text.split())


def stands_out_by_length(answer: str, wrong: Sequence[str]) -> bool:
    """Whether the right option is the only long one or the only short one."""
    return lengths_stand_out(word_count(answer), [word_count(option) for option in wrong])


def lengths_stand_out(length: int, lengths: Sequence[int]) -> bool:
    """`stands_out_by_length` on word counts already taken (a choice weighs many sets of the
    same candidates)."""
    if not lengths:
        return False
    longest, shortest = max(lengths), min(lengths)
    only_long = length >= LENGTH_RATIO * longest and length - longest >= LENGTH_SLACK
    only_short = shortest >= LENGTH_RATIO * length and shortest - length >= LENGTH_SLACK
    return only_long or only_short


@lru_cache(maxsize=1 << 16)  # a refusal asks it of the same descriptions for every search
def alike(a: str, b: str) -> bool:
    """Whether two descriptions may describe the same thing: most of the content of the
    shorter one stands in the other ("the Soviet Foreign Affairs Commissar" and "a deputy of
    the Soviet Foreign Affairs Commissariat who met ...")."""
    first, second = content_stems(a), content_stems(b)
    smaller = min(len(first), len(second))
    if smaller == 0:
        return False
    return len(first & second) >= max(1, ALIKE * smaller) and (smaller >= 2 or first == second)


def holds_answer(prompt: str, answer: str) -> bool:
    """Whether every content word of the answer already stands in the prompt: "Which letter
    said that Talât Pasha would submit to Mustafa Kemal?" -> "Talât Pasha's letter to Mustafa Kemal"."""
    stems = content_stems(answer)
    return bool(stems) and stems <= content_stems(prompt)


_YEAR = re.compile(r"\b1[5-9]\d\d\b")
_ARTICLES = frozenset(("the", "a", "an"))


@dataclass(frozen=True, slots=True)
class Surface:
    """What a reader sees of an option before reading what it says: the word it begins with
    (after an article), whether it carries a date or brackets, the names it holds (capitalized
    words after the first; the first too where another option has it as a name: "Soviet
    Russia's chargé d'affaires" beside "the chairman of Soviet Russia's Council"), and the
    years and months it names."""

    first: str
    dated: bool
    bracketed: bool
    lead: str
    names: frozenset[str]
    years: frozenset[str]
    months: frozenset[str]


@lru_cache(maxsize=1 << 16)
def surface(text: str) -> Surface:
    tokens = _TOKEN.findall(text)
    content = [t for t in tokens if t.casefold() not in _ARTICLES]
    years = frozenset(_YEAR.findall(text))
    months = frozenset(t for t in tokens if t in MONTHS)
    return Surface(
        first=stem(content[0]) if content else "",
        dated=bool(years or months),
        bracketed="(" in text,
        lead=stem(tokens[0]) if tokens and tokens[0].casefold() not in _ARTICLES else "",
        names=frozenset(stem(t) for t in tokens[1:] if t[:1].isupper() and t not in MONTHS),
        years=years,
        months=months,
    )


def singled_out(answer: Surface, wrong: Sequence[Surface], *, dates: bool = False) -> bool:
    """Whether the right option is the one that differs where every wrong one looks alike: three
    options beginning "Soviet Russia ..." and the answer not; three with a date and the answer
    without (or the reverse); three naming a "Pasha" beside "Mehmet VI"; three dates of 1918
    beside the one of 1919, or three of June beside one of August (`dates`: the options are
    dates, compared by year and month alone). A reader who knows nothing picks the odd one out."""
    if not wrong:
        return False
    if dates:
        return _apart([w.years for w in wrong], answer.years) or _apart([w.months for w in wrong], answer.months)
    for look in (_first, _dated, _bracketed):
        seen = {look(w) for w in wrong}
        if len(seen) == 1 and look(answer) not in seen:
            return True
    known = answer.names.union(*(w.names for w in wrong))

    def names(s: Surface) -> frozenset[str]:
        return s.names | ({s.lead} & known)

    return bool(frozenset.intersection(*(names(w) for w in wrong)) - names(answer))


def _first(s: Surface) -> str:
    return s.first


def _dated(s: Surface) -> bool:
    return s.dated


def _bracketed(s: Surface) -> bool:
    return s.bracketed


def _apart(wrong: Sequence[frozenset[str]], answer: frozenset[str]) -> bool:
    """Whether the wrong options share one set of years (or months) that the answer has none of."""
    return len(set(wrong)) == 1 and bool(wrong[0]) and wrong[0].isdisjoint(answer)
