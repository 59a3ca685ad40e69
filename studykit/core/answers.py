"""Checking a typed answer against a card's answer as a fair teacher would.

The student types "nuri pasa", "3 March 1918" or "six thousand"; the card says "Nuri
Pasha", "March 1918" and "6,000 men". Answers are compared as values, not strings, by
the kind of answer the card asks for (`AnswerKind`, set by the generators; TEXT when not
known, then read from the answer itself):

- dates (`core.date_answers`): the same date in any form is right; a more precise one
  inside what the sources give is right too ("3 March 1918" when the sources give March
  1918 — the message says the sources give only the month); a less precise one around it
  ("July 1918" for 10 July 1918, "spring 1919" for April 1919, "1918" for a month), one
  end of a range, a day inside a range or an overlapping span are partly right; a date
  apart from it is wrong. A month name with one typo is a near miss; a date right but for
  its missing year ("30 October") is partly right.
- numbers by value ("6,000", "6000", "six thousand"), the unit optional; the right number
  of the wrong thing is partly right.
- names (`core.name_answers`): any spelling or transliteration; without the title or
  "Treaty of"; a person's surname; a part of the name is partly right; a title alone or
  another known name (`others`: the generators list the known names an answer could be
  taken for) is wrong, even one letter away.
- lists ("A and B") in any order; some of them is partly right.
- a description ("Who was Enver Pasha?" → a sentence about his role) cannot be judged by
  comparing strings: unless typed word for word, the verdict is UNJUDGED and no grade is
  suggested; the review screen asks the student to grade themselves.

A near miss is one typo (Damerau–Levenshtein distance 1) in an answer long enough for one
letter not to change its meaning. The result says what differed, suggests a grade (which
the student may override) and, where a teacher marking a quiz should look (a near miss, a
partly right or more precise answer), says why in `flag`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from studykit.core.answer_kind import AnswerKind
from studykit.core.date_answers import (
    ParsedDate,
    Relation,
    days,
    parse_date,
    parse_date_text,
    read_date_answer,
    relation,
)
from studykit.core.dates import HistDate
from studykit.core.name_answers import (
    Match,
    NameKind,
    list_items,
    match_name,
    names_other,
    near_whole,
)
from studykit.core.spelling import fold, folds, letters, plain, same_text

__all__ = [
    "AnswerKind", "AnswerResult", "Verdict", "check_answer", "check_order", "check_pairs", "equivalent", "fold",
    "folds", "format_number", "looks_descriptive", "parse_date", "parse_number", "same_text",
]


class Verdict(str, Enum):
    CORRECT = "correct"
    NEAR = "near"            # one typo: recalled, with difficulty
    PARTLY = "partly"        # part of the answer, or less precise than it
    WRONG = "wrong"
    UNJUDGED = "unjudged"    # a description: the student judges it


_NAME_KINDS = {
    AnswerKind.PERSON: NameKind.PERSON, AnswerKind.PLACE: NameKind.PLACE, AnswerKind.AGREEMENT: NameKind.AGREEMENT,
    AnswerKind.ORGANIZATION: NameKind.ORGANIZATION,
}

# Suggested grades: a button name (Anki's four) and an SM-2 quality (0–5), which agree
# with the button-to-quality mapping of `studykit.core.sm2`.
Grade = tuple[str | None, int | None]
_GOOD: Grade = ("good", 4)
_HARD: Grade = ("hard", 3)
_AGAIN: Grade = ("again", 1)
_CLOSE: Grade = ("again", 2)   # not recalled, but the right answer was close (the year, the number)
_BLANK: Grade = ("again", 0)
_NO_GRADE: Grade = (None, None)


@dataclass(frozen=True)
class AnswerResult:
    """What the checker found: `verdict`, a short `message` for the student, a suggested
    grade as an Anki button (`suggested`: "again", "hard", "good") and an SM-2 `quality`
    (both None when the checker cannot judge), and `flag`: why a teacher marking a quiz
    should look at this answer ("" when the verdict needs no look)."""

    verdict: Verdict
    message: str
    suggested: str | None
    quality: int | None
    expected: str
    matched: str = ""  # the accepted form the answer matched, if any
    flag: str = ""

    @property
    def correct(self) -> bool:
        return self.verdict is Verdict.CORRECT


_RANK = {Verdict.CORRECT: 4, Verdict.NEAR: 3, Verdict.PARTLY: 2, Verdict.UNJUDGED: 1, Verdict.WRONG: 0}


def check_answer(
    given: str, expected: str, accepted: Sequence[str] = (), *,
    kind: AnswerKind = AnswerKind.TEXT, others: Sequence[str] = (),
) -> AnswerResult:
    """Judge a typed answer against the canonical answer and the other accepted forms.

    `kind` is what the answer is (TEXT: read it from the answer); `others` are other known
    names the answer could be taken for, which are never accepted.
    """
    if not given.strip():
        return _result(Verdict.WRONG, f"No answer; it is {_quoted(expected)}.", _BLANK, expected)
    candidates = list(dict.fromkeys([expected, *accepted]))
    if kind is AnswerKind.DESCRIPTION or (kind is AnswerKind.TEXT and looks_descriptive(expected)):
        return _check_description(given, candidates, expected)
    others = [o for o in others if o not in candidates]
    best: AnswerResult | None = None
    for candidate in candidates:
        result = _check_one(given, candidate, expected, kind, others)
        if result.verdict is Verdict.CORRECT:
            return result
        if best is None or _rank(result) > _rank(best):
            best = result
    assert best is not None
    return best


def _rank(result: AnswerResult) -> tuple[int, int]:
    return _RANK[result.verdict], result.quality or 0


def _check_one(given: str, candidate: str, expected: str, kind: AnswerKind, others: Sequence[str]) -> AnswerResult:
    if kind in (AnswerKind.DATE, AnswerKind.TEXT):
        want_date = parse_date_text(candidate, fuzzy=False)
        if want_date is not None:
            return _check_date(given, want_date.date, candidate, expected, kind, others)
    if kind in (AnswerKind.NUMBER, AnswerKind.TEXT):
        want_number = parse_number(candidate)
        # a figure, maybe qualified as a fact qualifies it ("About 1,000 men", "More than 30 km")
        if want_number is not None and re.match(r"^\W*\d", _APPROX.sub("", candidate.strip().lower())):
            if not want_number[1]:  # "6" accepted for "6 guns": still guns
                of_expected = parse_number(expected)
                if of_expected is not None and of_expected[0] == want_number[0]:
                    want_number = of_expected
            return _check_number(given, want_number, candidate, expected, kind, others)
    return _check_names(given, candidate, expected, kind, others)


def _check_description(given: str, candidates: list[str], expected: str) -> AnswerResult:
    for candidate in candidates:
        if not folds(given).isdisjoint(folds(candidate)):
            return _result(Verdict.CORRECT, "Correct.", _GOOD, expected, candidate)
    return _result(
        Verdict.UNJUDGED, "Compare your answer with the card's and grade yourself.", _NO_GRADE, expected,
        flag="a description: mark it by reading it",
    )


_FUNCTION_WORDS = frozenset((
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "for", "to", "by", "with", "from", "into", "von", "van",
    "de", "der", "du", "ibn", "ve", "və",
))


@lru_cache(maxsize=4096)
def looks_descriptive(text: str) -> bool:
    """Whether an answer reads as a description rather than a name, date or number: several
    words, some of them lower-case content words ("The head of the Baku Soviet", "The
    treaty of friendship between ..."), where a name is capitalized ("Committee of Union and
    Progress") and short ("the Sivas understanding")."""
    if parse_date(text) is not None or re.match(r"^\W*\d", text):
        return False
    items = list_items(text)
    if len(items) > 1 and all(not _descriptive_words(item) for item in items):
        return False
    return _descriptive_words(text)


def _descriptive_words(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    lower = [w for w in words[1:] if w[:1].islower() and w.lower() not in _FUNCTION_WORDS]
    return len(lower) >= 2 or (len(lower) == 1 and len(words) >= 5)


# --- dates --------------------------------------------------------------------------

_WHAT = {"day": "the day", "month": "only the month", "year": "only the year", "range": "the range",
         "night": "the night"}


def _check_date(
    given: str, want: HistDate, candidate: str, expected: str, kind: AnswerKind, others: Sequence[str],
) -> AnswerResult:
    readings = read_date_answer(given)
    shown = want.display()
    if not readings:
        if not re.search(r"\d{4}", given):  # "30 October", "30.10": right but for the year left out?
            numeric = re.fullmatch(r"\s*\d{1,2}([./])\d{1,2}\.?\s*", given)
            for year in dict.fromkeys([want.start.year, (want.end or want.start).year]):
                completed = read_date_answer(
                    f"{given.strip().rstrip('.')}{numeric.group(1)}{year}" if numeric else f"{given} {year}")
                if completed and relation(completed[0].date, want) in (Relation.SAME, Relation.FINER):
                    return _result(Verdict.PARTLY, f"Partly right: the year is missing: {shown}.", _CLOSE, expected,
                                   candidate, flag="the year is missing")
        if re.search(r"[^\W\d_]", given) and not re.fullmatch(r"[\d\s./-]+", candidate):
            result = _check_names(given, candidate, expected, kind, others)  # an alias in words
            if result.verdict is not Verdict.WRONG:
                return result
        return _result(Verdict.WRONG, f"The date is {shown}.", _AGAIN, expected, candidate)
    return max((_date_verdict(r, want, candidate, expected) for r in readings), key=_rank)


def _date_verdict(got: ParsedDate, want: HistDate, candidate: str, expected: str) -> AnswerResult:
    shown, typed = want.display(), got.date.display()
    found = relation(got.date, want)
    if found is Relation.SAME:
        if got.typo:
            return _result(Verdict.NEAR, f"the month is misspelled ({got.typo}): {shown}.", _HARD, expected, candidate,
                           flag=f"the month is misspelled ({got.typo})")
        return _result(Verdict.CORRECT, f"Correct: {shown}.", _GOOD, expected, candidate)
    if found is Relation.FINER:
        message = f"Correct: the sources give {_WHAT[want.precision]}, {shown}."
        if got.typo:
            return _result(Verdict.NEAR, f"the month is misspelled ({got.typo}); the sources give "
                           f"{_WHAT[want.precision]}, {shown}.", _HARD, expected, candidate,
                           flag=f"more precise than the key, and the month misspelled ({got.typo})")
        return _result(Verdict.CORRECT, message, _GOOD, expected, candidate,
                       flag=f"more precise than the key ({shown})")
    if found is Relation.COARSER:
        close = days(got.date) <= 31 or (days(want) >= 28 and days(got.date) <= 366)
        what = _WHAT[want.precision].replace("only ", "")
        return _result(Verdict.PARTLY, f"Partly right, but less precise: the sources give {what}, {shown}.",
                       _HARD if close else _CLOSE, expected, candidate, flag="less precise than the key")
    if found is Relation.END:
        part = "one day of" if want.night else "one end of"
        return _result(Verdict.PARTLY, f"Partly right: that is {part} {shown}.", _HARD, expected, candidate,
                       flag=f"{part} the key's dates")
    if found is Relation.INSIDE:
        return _result(Verdict.PARTLY, f"Partly right: that is within {shown}, which the sources give.", _HARD,
                       expected, candidate, flag="within the key's dates")
    if found is Relation.OVERLAP:
        return _result(Verdict.PARTLY, f"Partly right: that overlaps {shown}, which the sources give.", _CLOSE,
                       expected, candidate, flag="overlaps the key's dates")
    differs = _date_difference(got.date, want)
    grade = _CLOSE if got.date.start.year == want.start.year else _AGAIN
    return _result(Verdict.WRONG, f"The date is {shown}, not {typed}{differs}.", grade, expected, candidate)


def _date_difference(got: HistDate, want: HistDate) -> str:
    if got.end or want.end or got.night or want.night:
        return ""
    a, b = got.start, want.start
    if a.year != b.year:
        return " (the year differs)" if (a.month, a.day) == (b.month, b.day) and a.month else ""
    if a.month != b.month:
        return " (the month differs)" if a.day == b.day and a.day else ""
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        return " (one day off)" if gap == 1 else " (the day differs)"
    return ""


# --- numbers ------------------------------------------------------------------------

_SMALL = {
    w: i for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    )
}
_TENS = {w: 10 * i for i, w in enumerate(["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                                           "ninety"]) if i >= 2}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_APPROX = re.compile(
    r"^(?:about|approximately|approx|around|roughly|some|nearly|almost|c|ca|circa|over|more than|up to"
    r"|at least|at most|fewer than|less than)\s+"  # the qualifiers a fact may give its figure (decks/README.md)
)
_DIGITS = re.compile(
    r"^(\d{1,3}(?:[, '\u202f\u00a0]\d{3})+(?![\d.])|\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?:\.\d+)?)"
    r"\s*(k|m|thousand|million|billion)?\b"
)
# Units that name the same thing: "6,000 soldiers" answers "6,000 men".
_SAME_UNITS = ({"man", "men", "soldier", "troop", "fighter", "people", "person"},)


@lru_cache(maxsize=16384)
def parse_number(text: str) -> tuple[float, str] | None:
    """(value, unit): "6,000 men" -> (6000, "men"); "six thousand" -> (6000, ""); or None."""
    low = " ".join(letters(text).replace("-", " ").split()).strip(" .")
    low = _APPROX.sub("", low)
    match = _DIGITS.match(low)
    if match:
        digits = match.group(1)
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
            digits = digits.replace(".", "")
        value = float(re.sub(r"[, '\u202f\u00a0]", "", digits))
        scale = match.group(2)
        if scale:
            value *= {"k": 1000, "m": 1_000_000}.get(scale) or _SCALES[scale]
        return value, _unit(low[match.end():])
    words = low.split()
    total = current = 0
    used = 0
    seen_number = False
    for word in words:
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred" and seen_number:
            current *= 100
        elif word in _SCALES and seen_number:
            total += max(current, 1) * _SCALES[word]
            current = 0
        elif word == "and" and seen_number:
            pass
        else:
            break
        seen_number = True
        used += 1
    if not seen_number:
        return None
    return float(total + current), _unit(" ".join(words[used:]))


def _unit(text: str) -> str:
    words = [w for w in re.sub(r"[^\w\s]", " ", text).split() if w not in ("of",)]
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def _same_unit(a: str, b: str) -> bool:
    return same_text(a, b) or any(a in group and b in group for group in _SAME_UNITS)


def format_number(value: float) -> str:
    """3000 -> "3,000"; 1.5 -> "1.5"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _check_number(
    given: str, want: tuple[float, str], candidate: str, expected: str, kind: AnswerKind, others: Sequence[str],
) -> AnswerResult:
    got = parse_number(given)
    value, unit = want
    shown = candidate.strip()
    if got is None:
        result = _check_names(given, candidate, expected, kind, others)
        if result.verdict is Verdict.WRONG:
            return _result(Verdict.WRONG, f"The number is {shown}.", _AGAIN, expected, candidate)
        return result
    got_value, got_unit = got
    if abs(got_value - value) > 1e-9 * max(1.0, abs(value)):
        grade = _CLOSE if value and 0.5 <= got_value / value <= 2 else _AGAIN
        message = f"The number is {shown}, not {format_number(got_value)}."
        return _result(Verdict.WRONG, message, grade, expected, candidate)
    if got_unit and unit and not _same_unit(got_unit, unit):
        return _result(Verdict.PARTLY, f"Partly right: the number is right, but not what it counts: {shown}.",
                       _CLOSE, expected, candidate, flag=f"the number is right, the unit “{got_unit}” is not")
    return _result(Verdict.CORRECT, f"Correct: {shown}.", _GOOD, expected, candidate)


# --- names and lists ----------------------------------------------------------------

def _name_kind(kind: AnswerKind) -> NameKind:
    return _NAME_KINDS.get(kind, NameKind.ANY)


def _check_names(
    given: str, candidate: str, expected: str, kind: AnswerKind, others: Sequence[str],
) -> AnswerResult:
    name_kind = _name_kind(kind)
    parts_want, parts_given = list_items(candidate), list_items(given)
    if kind in _NAME_KINDS.keys() - {AnswerKind.PERSON} or (len(parts_want) == 1 and len(parts_given) == 1):
        return _check_name(given, candidate, expected, name_kind, others)
    if match_name(given, candidate, name_kind).match in (Match.WHOLE, Match.SPELLING):
        return _correct(given, candidate, expected)
    listed = _check_list(parts_given, parts_want, candidate, expected, name_kind, others)
    if listed is not None:
        return listed
    if len(parts_given) == 1:
        return _check_name(given, candidate, expected, name_kind, others)
    return _result(Verdict.WRONG, f"The answer is {_quoted(expected)}.", _AGAIN, expected, candidate)


def _check_name(given: str, candidate: str, expected: str, kind: NameKind, others: Sequence[str]) -> AnswerResult:
    found = match_name(given, candidate, kind, others)
    if found.match is Match.WHOLE:
        return _correct(given, candidate, expected)
    someone_else, whole = names_other(given, others, kind) if others else ("", False)
    # "Kâzım": a part of Karabekir's name, and all of Colonel Kâzım Bey's
    if someone_else and not whole and found.match is Match.PART and not found.typo:
        why = f"{_quoted(given)} could also be {someone_else}"
        return _result(Verdict.PARTLY, f"Partly right: {why}.", _CLOSE, expected, candidate,
                       flag=f"partly right ({why})")
    if someone_else:
        return _result(Verdict.WRONG, f"{_quoted(given)} is {someone_else}; the answer is {_quoted(expected)}.",
                       _AGAIN, expected, candidate)
    if found.match is Match.SPELLING:
        return _result(Verdict.CORRECT, f"Correct: a spelling of {_quoted(candidate)}.", _GOOD, expected, candidate)
    if found.match is Match.TITLE:
        return _result(Verdict.WRONG, f"{_quoted(given)} alone is not the name: the answer is {_quoted(expected)}.",
                       _AGAIN, expected, candidate)
    short = found.match in (Match.SHORT, Match.SURNAME) and not found.shared_with
    if short and not found.typo:
        what = "the surname of" if found.match is Match.SURNAME else "short for"
        return _result(Verdict.CORRECT, f"Correct: {_quoted(given)} is {what} {_quoted(candidate)}.", _GOOD,
                       expected, candidate)
    edit = near_whole(given, candidate) or (found.typo if short else "")
    if edit:
        nearly_other = names_other(given, others, kind, near=True)[0] if others else ""
        if nearly_other:  # one letter from the answer, but as near another known name: no guess is taken
            return _result(Verdict.WRONG, f"{_quoted(given)} is close to {nearly_other} too; the answer is "
                           f"{_quoted(expected)}.", _AGAIN, expected, candidate)
        return _result(Verdict.NEAR, f"one letter off ({edit}): {_quoted(candidate)}.", _HARD, expected, candidate,
                       flag=f"one letter off ({edit})")
    if found.match in (Match.SHORT, Match.SURNAME, Match.PART, Match.MORE):
        if found.shared_with:
            why = f"{_quoted(given)} could also be {found.shared_with}"
        elif found.match is Match.MORE:
            why = f"the card names {_quoted(candidate)}, without the rest"
        else:
            why = f"that is part of {_quoted(candidate)}"
        grade = _HARD if found.match is not Match.MORE and not found.shared_with else _CLOSE
        return _result(Verdict.PARTLY, f"Partly right: {why}.", grade, expected, candidate,
                       flag=f"partly right ({why})")
    return _result(Verdict.WRONG, f"The answer is {_quoted(expected)}.", _AGAIN, expected, candidate)


def _correct(given: str, candidate: str, expected: str) -> AnswerResult:
    if candidate == expected:
        exact = plain(given) == plain(expected)
        message = "Correct." if exact else f"Correct; the card writes {_quoted(expected)}."
    else:
        message = f"Correct: {_quoted(candidate)} is accepted for {_quoted(expected)}."
    return _result(Verdict.CORRECT, message, _GOOD, expected, candidate)


def _check_list(
    given: list[str], want: list[str], candidate: str, expected: str, kind: NameKind, others: Sequence[str],
) -> AnswerResult | None:
    """Each wanted item matched by one typed item (a name rule, a typo), in any order."""
    unmatched = list(given)
    found: list[str] = []
    missing: list[str] = []
    near = False
    for item in want:
        best = None
        for typed in unmatched:
            verdict = _check_name(typed, item, item, kind, others).verdict
            if verdict in (Verdict.CORRECT, Verdict.NEAR) and (best is None or verdict is Verdict.CORRECT):
                best = (typed, verdict)
        if best is None:
            missing.append(item)
            continue
        unmatched.remove(best[0])
        found.append(item)
        near = near or best[1] is Verdict.NEAR
    if not found:
        return None
    if not missing and not unmatched:
        if near:
            return _result(Verdict.NEAR, f"one letter off: {_quoted(candidate)}.", _HARD, expected, candidate,
                           flag="one letter off")
        return _result(Verdict.CORRECT, f"Correct: {_quoted(candidate)}.", _GOOD, expected, candidate)
    if len(want) == 1:  # one name asked, several given: a guess among them is no answer
        return _result(Verdict.WRONG, f"More than one answer given; it is {_quoted(expected)}.", _AGAIN,
                       expected, candidate)
    bits = []
    if missing:
        bits.append("missing " + ", ".join(_quoted(m) for m in missing))
    if unmatched:
        bits.append("not " + ", ".join(_quoted(e) for e in unmatched))
    why = "; ".join(bits)
    return _result(Verdict.PARTLY, f"Partly right ({why}): {_quoted(candidate)}.", _CLOSE, expected, candidate,
                   flag=f"partly right ({why})")


def _result(
    verdict: Verdict, message: str, grade: Grade, expected: str, matched: str = "", *, flag: str = "",
) -> AnswerResult:
    button, quality = grade
    return AnswerResult(verdict, message, button, quality, expected, matched, flag)


def _quoted(text: str) -> str:
    return f"“{text.strip()}”"


# --- the other answer forms ---------------------------------------------------------

def check_order(given: Sequence[int], expected: Sequence[int]) -> AnswerResult:
    """A chronology answer: indexes in the order the student put them. One adjacent swap is a near miss."""
    shown = " → ".join(str(i + 1) for i in expected)
    if list(given) == list(expected):
        return _result(Verdict.CORRECT, "Correct order.", _GOOD, shown)
    diffs = [i for i, (a, b) in enumerate(zip(given, expected)) if a != b]
    if (len(given) == len(expected) and len(diffs) == 2 and diffs[1] == diffs[0] + 1
            and given[diffs[0]] == expected[diffs[1]]):
        return _result(Verdict.NEAR, "two neighbours swapped.", _HARD, shown)
    placed = len(expected) - len(diffs)
    return _result(Verdict.WRONG, f"{placed} of {len(expected)} in the right place.", _AGAIN, shown)


def check_pairs(given: Iterable[tuple[str, str]], expected: Iterable[tuple[str, str]]) -> AnswerResult:
    """A matching answer: the (left, right) pairs the student made."""
    want = dict(expected)
    got = dict(given)
    right = sum(1 for left, value in want.items() if got.get(left) == value)
    shown = "; ".join(f"{k} — {v}" for k, v in want.items())
    if right == len(want):
        return _result(Verdict.CORRECT, "All pairs right.", _GOOD, shown)
    if right == len(want) - 2 and len(want) > 2:
        return _result(Verdict.NEAR, "two items swapped.", _HARD, shown)
    return _result(Verdict.WRONG, f"{right} of {len(want)} pairs right.", _AGAIN, shown)


_HAS_DIGIT = re.compile(r"\d")


def equivalent(a: str, b: str) -> bool:
    """Whether two answers are the same value: options of a choice must never be."""
    if not _HAS_DIGIT.search(a) and not _HAS_DIGIT.search(b):  # neither a date nor a number
        return same_text(a, b)
    date_a, date_b = parse_date(a), parse_date(b)
    if date_a is not None or date_b is not None:
        return date_a == date_b and date_a is not None
    number_a, number_b = parse_number(a), parse_number(b)
    if number_a is not None and number_b is not None and re.match(r"^\W*\d", a) and re.match(r"^\W*\d", b):
        return abs(number_a[0] - number_b[0]) < 1e-9 and (
            not number_a[1] or not number_b[1] or same_text(number_a[1], number_b[1])
        )
    return same_text(a, b)

