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
from functools import lru_cache

from studykit.core.answers import fold

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
