"""What the sources state themselves, as against what the deck inferred or coined.

A typed answer is judged against what the card holds as right, so it must be what the
sources say: a stretch of years the deck read off a footnote or an archive file's years
("1919–1920" from "FO 371, File 512/58 for 1919 and File E/134/58 for 1920"; "1920–1921"
for an offensive the sources leave undated) marks a student's "1920" wrong, and a label the
deck made up ("the secret Russo-German agreement on Baku") is no name a student can type.
Multiple choice keeps both: its options give the frame.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.core.answers import fold
from studykit.core.dates import MONTHS, HistDate
from studykit.core.facts import Fact
from studykit.core.generators.index import FactIndex
from studykit.core.generators.phrasing import head_noun

_BENGALI_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
# "1918", "1918–19", "1918-1919": a year, and the second year of a stretch written short
_YEARS = re.compile(r"(?<!\d)(1\d\d\d)(?:\s*[–-]\s*(\d{2}|\d{4})(?!\d))?")
# A note that cites where something is found, not what happened: "¹ Karabekir, ...", "See
# especially FO 371, ...". Its years are those of files and issues.
_CITATION = re.compile(r"^\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]|See\b|Cf\.)")


def _body_quotes(fact: Fact) -> Iterator[str]:
    """The fact's quotes and its conflicts' that are text, not citations."""
    quotes = [source.quote for source in fact.sources]
    quotes += [reading.quote for conflict in fact.conflicts for reading in conflict.readings if reading.quote]
    return (quote for quote in quotes if not _CITATION.match(quote))


def _years_written(text: str) -> set[int]:
    found: set[int] = set()
    for match in _YEARS.finditer(text.translate(_BENGALI_DIGITS)):
        found.add(int(match[1]))
        if match[2]:
            found.add(int(match[1][: 4 - len(match[2])] + match[2]))
    return found


def date_stated(fact: Fact) -> bool:
    """Whether the sources' text gives the fact's date as the deck does, so far as a typed answer
    needs: a date across years ("1920–1921", "December 1919 – January 1920") only where a quote
    that is no citation writes both years ("during the winter of 1918–19"). A date within one
    year stands, its year being given by the paragraph the quote is from."""
    date: HistDate | None = fact.date
    if date is None or date.end is None or date.end.year == date.start.year:
        return True
    written: set[int] = set()
    for quote in _body_quotes(fact):
        written |= _years_written(quote)
    return {date.start.year, date.end.year} <= written


_NOT_NAMING = frozenset(("the", "a", "an", "of", "on", "to", "and", "in", "at", "for", "with", "between", "from", "by",
                         *(month.lower() for month in MONTHS)))
_OWNED = re.compile(r"^(?P<owner>.+?)(?:'s|’s) ")


def sourced_name(fact: Fact, index: FactIndex) -> bool:
    """Whether the sources call the subject by one of its names: a proper name ("the Treaty of
    Moscow"); a name (or an alias) every word of which stands in a quote about it, at least its
    stem ("the Baku draft treaty of 11 January 1920"); or a document by a person the base knows ("Joseph
    Stalin's letter to Stepan Shaumian": who wrote it is what a student recalls). A label the deck
    made up ("the secret Russo-German agreement on Baku", "the Sivas understanding", where the
    sources speak of talks and terms) is not."""
    if _proper(fact.name or ""):
        return True
    same = index.same_subject(fact)
    said = {word for other in same for source in other.sources for word in re.findall(r"\w+", fold(source.quote))}
    for other in same:
        owned = _OWNED.match(other.name or "")
        if owned and index.named("person", owned["owner"]):
            return True
        for name in (other.name, *other.aliases):
            words = [w for w in re.findall(r"\w+", fold(name or "")) if w not in _NOT_NAMING and not w.isdigit()]
            if words and all(w in said or any(s.startswith(_stem(w)) for s in said) for w in words):
                return True
    return False


def _proper(name: str) -> bool:
    """Whether the name is a proper name, its head noun capitalized ("the Treaty of Moscow", "the
    Armistice of Mudros", "the Turkish National Pact"): a name in any language, unlike a
    description in lower case ("the secret Russo-German agreement on Baku")."""
    head = head_noun(name)
    return bool(head) and any(word == head.capitalize() for word in re.findall(r"[\w'-]+", name))


def _stem(word: str) -> str:
    """What a word shares with its other forms ("treaty", "treaties"; "Soviet", "Soviets"), never
    a shorter word ("understanding" is not "under")."""
    return word[: max(5, len(word) - 3)]


# Blame one side lays on another ("the Bolsheviks seized power by carrying out massacres", "the
# crimes of Armenian detachments"): what one source says of its opponents, not a fact to judge.
_BLAME = re.compile(
    r"\b(?:crimes?|atrocit\w*|treacher\w*|bandits?|lackeys?|carrying out massacres|massacres? of [^.;]*?\bby)\b",
    re.IGNORECASE,
)
# Someone's words reported as theirs ("Halil Pasha reported that ...", "Budenny called ... lackeys"),
# or a charge brought ("sought to stand trial for wartime crimes"): the blame is theirs, and the
# statement says so.
_REPORTED = re.compile(
    r"\b(?:reported|said|says|claimed|claims|called|told|argued|wrote|declared|insisted|complained|alleged|"
    r"accused|denounced|charged|hailed|trial)\b",
    re.IGNORECASE,
)


def one_sided(fact: Fact) -> bool:
    """Whether the statement lays blame in its own voice, on one source's word alone, without
    saying whose word it is: a true-or-false card or a cloze would make a student affirm one
    side's charge as fact ("In March 1918 the Bolsheviks seized power in Baku by carrying out
    massacres ..." from the Azerbaijani article alone). The fact must say "According to ..." (its
    `according_to`), or report the charge as someone's words, or rest on more than one source."""
    if fact.according_to or len(fact.seeds) > 1:
        return False
    statement = fact.statement
    return any(not _REPORTED.search(statement, 0, blame.start()) for blame in _BLAME.finditer(statement))


_NAME_GLUE = frozenset(("the", "of", "and", "for", "to", "in", "on", "at", "by"))
SPELLED_SHARE = 2 / 3  # of the answer's words standing in the prompt: the answer is spelled out


def spelled_out(prompt: str, answer: str) -> bool:
    """Whether a reverse question spells its answer out: most of the answer's words (two thirds,
    a word by its first five letters) stand in the prompt ("What was the British service that
    ...?" -> "the British intelligence service"; "the Caspian Flotilla's supreme elected Soviet
    body ... the Centrocaspian Dictatorship" -> "the Central Committee of the Caspian Flotilla";
    "the Turkish Nationalist assembly" -> "the Grand National Assembly"). The student then types
    back the prompt's own words; a head noun alone ("the bureau Mustafa Suphi set up" -> "the
    Muslim Central Bureau") is no such give-away."""
    words = [w for w in re.findall(r"[^\W\d_]+", fold(answer)) if w not in _NAME_GLUE]
    said = re.findall(r"[^\W\d_]+", fold(prompt))
    shown = [w for w in words if any(s.startswith(w[:5]) or (w.startswith(s[:5]) and len(s) >= 5) for s in said)]
    return len(words) >= 2 and len(shown) >= SPELLED_SHARE * len(words)
