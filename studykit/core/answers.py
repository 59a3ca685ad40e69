"""Checking a typed answer against a card's answer: correct, a near miss, or wrong.

The student types "nuri pasa", "Sept 15, 1918" or "six thousand"; the card says
"Nuri Pasha", "15 September 1918" and "6,000 men". Answers are compared as values, not
strings:

- names after folding case, punctuation, diacritics and leading articles, with the
  Turkish and Azerbaijani letters (ş, ı, ə, ğ, ç, ö, ü) and the common transliterations of
  them (Pasha, Paşa, Pascha) read as the same;
- dates as `HistDate`s at the same precision, whatever the form ("15 Sept 1918",
  "1918-09-15", "September 15, 1918", "15.09.1918");
- numbers by value ("6,000", "6000", "six thousand"), the unit optional;
- lists ("A and B") in any order.

A near miss is one typo (Damerau–Levenshtein distance 1 on the folded form) in an answer
long enough for one letter not to change its meaning. The result says what differed and
suggests a grade, which the review screen shows and the student may override.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from studykit.core.dates import MONTHS, DateError, DatePoint, HistDate


class Verdict(str, Enum):
    CORRECT = "correct"
    NEAR = "near"    # one typo: counted as recalled, with difficulty
    WRONG = "wrong"


# Suggested grades: a button name (Anki's four) and an SM-2 quality (0–5), which agree
# with the button-to-quality mapping of `studykit.core.sm2`.
_GOOD, _HARD, _AGAIN = ("good", 4), ("hard", 3), ("again", 1)
_PARTLY = ("again", 2)   # wrong, but the right answer was close (the year, the number)
_BLANK = ("again", 0)


@dataclass(frozen=True)
class AnswerResult:
    """What the checker found: `verdict`, a short `message` for the student, and a suggested
    grade as an Anki button (`suggested`: "again", "hard", "good") and an SM-2 `quality`."""

    verdict: Verdict
    message: str
    suggested: str
    quality: int
    expected: str
    matched: str = ""  # the accepted form the answer matched, if any

    @property
    def correct(self) -> bool:
        return self.verdict is Verdict.CORRECT


# --- folding text -------------------------------------------------------------------

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({
    "ı": "i", "İ": "i", "ş": "s", "Ş": "s", "ç": "c", "Ç": "c", "ğ": "g", "Ğ": "g",
    "ö": "o", "Ö": "o", "ü": "u", "Ü": "u", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
    "đ": "d", "æ": "ae", "œ": "oe", "’": "'", "ʼ": "'", "ʻ": "'",
})
# Transliterations of the same sound, folded after the letters above (on lower case), so
# that the plain letter typed on any keyboard also matches: Pascha/Pasha/Paşa/Pasa -> pasa,
# Tschitscherin/Chicherin -> cicerin, Djemal -> jemal, Agha/Ağa -> aga, Shikhli/Şıxlı -> sixli.
_DIGRAPHS = (
    ("tsch", "c"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("dzh", "j"), ("dj", "j"), ("gh", "g"), ("kh", "x"),
)
_ARTICLES = ("the ", "a ", "an ")
_NOT_WORD = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFC", text).translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _words(text: str) -> str:
    """Lower-case words without punctuation or a leading article."""
    out = " ".join(_NOT_WORD.sub(" ", text).split())
    for article in _ARTICLES:
        if out.startswith(article):
            out = out[len(article):]
            break
    for old, new in _DIGRAPHS:
        out = out.replace(old, new)
    return out


def fold(text: str) -> str:
    """The form two spellings of the same name share: "Paşa" and "Pascha" fold to "pasa".

    Azerbaijani ə reads as e here; `folds` also gives the reading with a.
    """
    return _words(_letters(text)).replace("ə", "e")


def _plain(text: str) -> str:
    """Case, punctuation and a leading article ignored, but letters kept as written."""
    out = " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())
    for article in _ARTICLES:
        if out.startswith(article):
            return out[len(article):]
    return out


@lru_cache(maxsize=1 << 20)
def folds(text: str) -> frozenset[str]:
    """Every folded reading of the text, without spaces (ə read as e and as a)."""
    words = _words(_letters(text))
    if "ə" not in words:
        return frozenset({words.replace(" ", "")})
    return frozenset({words.replace("ə", "e").replace(" ", ""), words.replace("ə", "a").replace(" ", "")})


def same_text(a: str, b: str) -> bool:
    return not folds(a).isdisjoint(folds(b))


# --- dates --------------------------------------------------------------------------

_MONTH_NAMES: dict[str, int] = {}
for _i, _name in enumerate(MONTHS, start=1):
    _MONTH_NAMES[_name.lower()] = _i
    _MONTH_NAMES[_name.lower()[:3]] = _i
_MONTH_NAMES["sept"] = 9
# Azerbaijani and Turkish month names, folded as `_letters` folds them.
for _i, _name in enumerate(
    ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"],
    start=1,
):
    _MONTH_NAMES.setdefault(_name, _i)
for _i, _name in enumerate(
    ["ocak", "shubat", "mart", "nisan", "mayis", "haziran", "temmuz", "agustos", "eylul", "ekim", "kasim", "aralik"],
    start=1,
):
    _MONTH_NAMES.setdefault(_name, _i)
_FULL_MONTHS = {name.lower(): i for i, name in enumerate(MONTHS, start=1)}

_DASHES = re.compile(r"\s*(?:–|—|‒|―|\s-\s|(?<=\d)-(?=\s*\d)|\bto\b|\buntil\b|\btill\b|\band\b)\s*")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_FILLER = re.compile(r"\b(?:the|of|on|in|between|from|during|c|ca|circa|about|around)\b")


@dataclass(frozen=True)
class _ParsedDate:
    date: HistDate
    typo: str = ""  # a misspelled month name, read anyway


def parse_date(text: str) -> HistDate | None:
    """A date in any common form, at the precision it was written, or None.

    "15 September 1918", "15 Sept 1918", "September 15, 1918", "1918-09-15", "15.09.1918",
    "15/09/1918", "September 1918", "1918", ranges ("27 June – 1 July 1918",
    "1918-06-27/1918-07-01") and nights ("the night of 27/28 April 1920").
    """
    parsed = _parse_date(text, fuzzy=False)
    return parsed.date if parsed else None


@lru_cache(maxsize=16384)
def _parse_date(text: str, *, fuzzy: bool) -> _ParsedDate | None:
    raw = text.strip()
    if not raw:
        return None
    try:  # the deck notation itself
        return _ParsedDate(HistDate.parse(raw))
    except DateError:
        pass
    low = _ORDINAL.sub(r"\1", _letters(raw))
    night = re.search(r"\bnight\b", low) is not None
    low = re.sub(r"\bnight\b", " ", low)
    # numeric forms: 15.09.1918, 15/09/1918, 09/15/1918, 09.1918, 1918/09/15
    numeric = re.fullmatch(r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*", low)
    if numeric:
        first, second, year = (int(g) for g in numeric.groups())
        day, month = (second, first) if second > 12 >= first else (first, second)
        return _point_date(year, month, day)
    numeric = re.fullmatch(r"\s*(\d{4})[./](\d{1,2})[./](\d{1,2})\s*", low)
    if numeric:
        year, month, day = (int(g) for g in numeric.groups())
        return _point_date(year, month, day)
    numeric = re.fullmatch(r"\s*(\d{1,2})[./](\d{4})\s*", low)
    if numeric:
        return _point_date(int(numeric.group(2)), int(numeric.group(1)), None)
    # nights: "27/28 April 1920", "31 January/1 February 1950"
    if "/" in low:
        evening, _, morning = low.partition("/")
        end = _parse_point(_FILLER.sub(" ", morning.replace(",", " ")), fuzzy=fuzzy)
        start = _parse_point(_FILLER.sub(" ", evening), fuzzy=fuzzy, inherit=end[0]) if end else None
        if start is None or end is None or start[0].precision != "day" or end[0].precision != "day":
            return None
        begin = start[0]
        if begin.first_day() > end[0].first_day():  # 31 December/1 January 1919
            begin = DatePoint(begin.year - 1, begin.month, begin.day)
        that_night = HistDate(begin, night=True)
        if that_night.latest() != end[0].first_day():
            return None
        return _ParsedDate(that_night, start[1] or end[1])
    low = _FILLER.sub(" ", low.replace(",", " "))
    parts = [p for p in _DASHES.split(low) if p.strip()]
    if len(parts) == 1:
        point = _parse_point(parts[0], fuzzy=fuzzy)
        if point is None:
            return None
        if night:
            if point[0].precision != "day":
                return None
            return _ParsedDate(HistDate(point[0], night=True), point[1])
        return _ParsedDate(HistDate(point[0]), point[1])
    if len(parts) == 2:
        end = _parse_point(parts[1], fuzzy=fuzzy)
        if end is None:
            return None
        start = _parse_point(parts[0], fuzzy=fuzzy, inherit=end[0])
        if start is None:
            return None
        try:
            date = HistDate.parse(f"{start[0].iso()}/{end[0].iso()}")
        except DateError:
            return None
        return _ParsedDate(date, start[1] or end[1])
    return None


def _point_date(year: int, month: int, day: int | None) -> _ParsedDate | None:
    try:
        point = DatePoint.parse(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else ""))
    except DateError:
        return None
    return _ParsedDate(HistDate(point))


def _parse_point(text: str, *, fuzzy: bool, inherit: DatePoint | None = None) -> tuple[DatePoint, str] | None:
    """"15 september 1918", "september 15 1918", "sep 1918", "1918"; the first end of a range
    may leave out what the second end gives ("27" or "27 june" before "1 july 1918")."""
    tokens = text.split()
    if not tokens or len(tokens) > 3:
        return None
    day = month = year = None
    typo = ""
    for token in tokens:
        if token.isdigit():
            number = int(token)
            if len(token) == 4 and year is None:
                year = number
            elif len(token) <= 2 and day is None and 1 <= number <= 31:
                day = number
            else:
                return None
        else:
            found = _month(token, fuzzy=fuzzy)
            if found is None or month is not None:
                return None
            month, typo = found
    if inherit is not None:
        if year is None:
            year = inherit.year
        if month is None and day is not None:
            month = inherit.month
    if year is None or (day is not None and month is None):
        return None
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    try:
        return DatePoint.parse(iso), typo
    except DateError:
        return None


def _month(token: str, *, fuzzy: bool) -> tuple[int, str] | None:
    token = token.strip(".")
    if token in _MONTH_NAMES:
        return _MONTH_NAMES[token], ""
    if fuzzy and len(token) >= 4:
        for name, number in _FULL_MONTHS.items():
            if _one_edit(token, name):
                return number, f"“{token}” for “{name.capitalize()}”"
    return None


# --- numbers ------------------------------------------------------------------------

_SMALL = {
    w: i for i, w in enumerate([
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ])
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
    if i >= 2
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_APPROX = re.compile(
    r"^(?:about|approximately|approx|around|roughly|some|nearly|almost|c|ca|circa|over|more than|up to)\s+",
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
    low = " ".join(_letters(text).replace("-", " ").split()).strip(" .")
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


# --- lists --------------------------------------------------------------------------

_HAS_DIGIT = re.compile(r"\d")
_LIST_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\+)\s*")


def _list_items(text: str) -> list[str]:
    return [p for p in _LIST_SPLIT.split(text) if p.strip()]


# --- edit distance ------------------------------------------------------------------

def _one_edit(a: str, b: str) -> str:
    """Describe the one edit (Damerau–Levenshtein distance exactly 1) that turns b into a, or ""."""
    if a == b or abs(len(a) - len(b)) > 1:
        return ""
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diffs) == 1:
            i = diffs[0]
            return f"“{a[i]}” for “{b[i]}”"
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]:
            i = diffs[0]
            return f"“{b[i:i + 2]}” swapped"
        return ""
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    for i in range(len(shorter) + 1):
        if longer[:i] + longer[i + 1:] == shorter:
            letter = longer[i]
            return f"an extra “{letter}”" if longer is a else f"a missing “{letter}”"
    return ""


NEAR_MISS_MIN_LENGTH = 5  # a typo in a shorter answer may make another word


# --- checking -----------------------------------------------------------------------

def check_answer(given: str, expected: str, accepted: Sequence[str] = ()) -> AnswerResult:
    """Judge a typed answer against the canonical answer and the other accepted forms."""
    if not given.strip():
        return _result(Verdict.WRONG, f"No answer; it is {_quoted(expected)}.", _BLANK, expected)
    candidates = list(dict.fromkeys([expected, *accepted]))
    best: AnswerResult | None = None
    for candidate in candidates:
        result = _check_one(given, candidate, expected)
        if result.verdict is Verdict.CORRECT:
            return result
        if best is None or _rank(result) > _rank(best):
            best = result
    assert best is not None
    return best


def _rank(result: AnswerResult) -> tuple[int, int]:
    return ({Verdict.CORRECT: 2, Verdict.NEAR: 1, Verdict.WRONG: 0}[result.verdict], result.quality)


def _check_one(given: str, candidate: str, expected: str) -> AnswerResult:
    want_date = _parse_date(candidate, fuzzy=False)
    if want_date is not None:
        return _check_date(given, want_date.date, candidate, expected)
    want_number = parse_number(candidate)
    if want_number is not None and re.match(r"^\W*(?:about\s+)?\d", candidate.strip()):
        return _check_number(given, want_number, candidate, expected)
    return _check_text(given, candidate, expected)


def _check_date(given: str, want: HistDate, candidate: str, expected: str) -> AnswerResult:
    got = _parse_date(given, fuzzy=True)
    shown = want.display()
    if got is None:
        if not re.search(r"\d{4}", given):  # "30 October": right but for the year left out?
            completed = _parse_date(f"{given} {want.start.year}", fuzzy=True)
            if completed is not None and completed.date == want:
                return _result(Verdict.WRONG, f"The year is missing: {shown}.", _PARTLY, expected, candidate)
        return _check_text(given, candidate, expected, fallback=f"The date is {shown}.")
    if got.date == want:
        if got.typo:
            return _result(Verdict.NEAR, f"the month is misspelled ({got.typo}): {shown}.", _HARD, expected, candidate)
        return _result(Verdict.CORRECT, f"Correct: {shown}.", _GOOD, expected, candidate)
    if got.date.precision != want.precision:
        if got.date.overlaps(want):
            what = {"day": "the day", "month": "the month", "year": "the year", "range": "the range",
                    "night": "the night"}[want.precision]
            return _result(Verdict.WRONG, f"Not at the right precision: the sources give {what}, {shown}.",
                           _PARTLY, expected, candidate)
        return _result(Verdict.WRONG, f"The date is {shown}, not {got.date.display()}.", _AGAIN, expected, candidate)
    differs = _date_difference(got.date, want)
    grade = _PARTLY if got.date.start.year == want.start.year else _AGAIN
    return _result(
        Verdict.WRONG, f"The date is {shown}, not {got.date.display()}{differs}.", grade, expected, candidate,
    )


def _date_difference(got: HistDate, want: HistDate) -> str:
    if got.end or want.end or got.night:
        return ""
    a, b = got.start, want.start
    if a.year != b.year:
        return " (the year differs)" if (a.month, a.day) == (b.month, b.day) else ""
    if a.month != b.month:
        return " (the month differs)" if a.day == b.day else ""
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        return " (one day off)" if gap == 1 else " (the day differs)"
    return ""


def _check_number(given: str, want: tuple[float, str], candidate: str, expected: str) -> AnswerResult:
    got = parse_number(given)
    value, unit = want
    shown = candidate.strip()
    if got is None:
        return _check_text(given, candidate, expected, fallback=f"The number is {shown}.")
    got_value, got_unit = got
    if abs(got_value - value) > 1e-9 * max(1.0, abs(value)):
        grade = _PARTLY if value and 0.5 <= got_value / value <= 2 else _AGAIN
        return _result(
            Verdict.WRONG, f"The number is {shown}, not {format_number(got_value)}.", grade, expected, candidate,
        )
    if got_unit and unit and not _same_unit(got_unit, unit):
        return _result(Verdict.WRONG, f"The number is right but the unit is “{unit}”: {shown}.",
                       _PARTLY, expected, candidate)
    return _result(Verdict.CORRECT, f"Correct: {shown}.", _GOOD, expected, candidate)


def _check_text(given: str, candidate: str, expected: str, *, fallback: str = "") -> AnswerResult:
    got, want = folds(given), folds(candidate) | _other_order(candidate)
    if not got.isdisjoint(want):
        if candidate == expected:
            exact = _plain(given) == _plain(expected)
            message = "Correct." if exact else f"Correct; the card writes {_quoted(expected)}."
        else:
            message = f"Correct: {_quoted(candidate)} is accepted for {_quoted(expected)}."
        return _result(Verdict.CORRECT, message, _GOOD, expected, candidate)
    parts_given, parts_want = _list_items(given), _list_items(candidate)
    if len(parts_want) > 1:
        result = _check_list(parts_given, parts_want, candidate, expected)
        if result is not None:
            return result
    if min(len(w) for w in want) >= NEAR_MISS_MIN_LENGTH:
        for g in sorted(got):
            for w in sorted(want):
                edit = _one_edit(g, w)
                if edit:
                    return _result(Verdict.NEAR, f"one letter off ({edit}): {_quoted(candidate)}.", _HARD,
                                   expected, candidate)
    return _result(Verdict.WRONG, fallback or f"The answer is {_quoted(expected)}.", _AGAIN, expected, candidate)


_OF_NAME = re.compile(
    r"(?:the\s+)?(treaty|armistice|agreement|convention|protocol|peace|battle|conference|congress)\s+of\s+"
    r"((?:[^\W\d_][\w'’.-]*)(?:\s+[^\W\d_][\w'’.-]*)*)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _other_order(name: str) -> frozenset[str]:
    """"The Treaty of Moscow" is as often written "the Moscow Treaty": the folded forms of
    that other order, for a head noun of an agreement or battle and a proper name (every word
    capitalized: "the treaty of friendship between ..." has no other order)."""
    match = _OF_NAME.fullmatch(name.strip())
    if match is None or not all(word[:1].isupper() for word in match.group(2).split()):
        return frozenset()
    return folds(f"{match.group(2)} {match.group(1)}")


def _check_list(given: list[str], want: list[str], candidate: str, expected: str) -> AnswerResult | None:
    def key(item: str) -> str:
        return min(folds(item))

    got_keys = {key(g) for g in given}
    want_keys = {key(w): w for w in want}
    if got_keys == set(want_keys):
        return _result(Verdict.CORRECT, f"Correct: {_quoted(candidate)}.", _GOOD, expected, candidate)
    missing = [w for k, w in want_keys.items() if k not in got_keys]
    extra = [g for g in given if key(g) not in want_keys]
    if len(missing) < len(want_keys):
        bits = []
        if missing:
            bits.append("missing " + ", ".join(_quoted(m) for m in missing))
        if extra:
            bits.append("not " + ", ".join(_quoted(e) for e in extra))
        return _result(Verdict.WRONG, f"Partly right ({'; '.join(bits)}): {_quoted(candidate)}.",
                       _PARTLY, expected, candidate)
    return None


def _result(verdict: Verdict, message: str, grade: tuple[str, int], expected: str, matched: str = "") -> AnswerResult:
    button, quality = grade
    return AnswerResult(verdict, message, button, quality, expected, matched)


def _quoted(text: str) -> str:
    return f"“{text.strip()}”"


# --- the other answer forms ---------------------------------------------------------

def check_order(given: Sequence[int], expected: Sequence[int]) -> AnswerResult:
    """A chronology answer: indexes in the order the student put them. One adjacent swap is a near miss."""
    shown = " → ".join(str(i + 1) for i in expected)
    if list(given) == list(expected):
        return AnswerResult(Verdict.CORRECT, "Correct order.", *_GOOD, shown)
    diffs = [i for i, (a, b) in enumerate(zip(given, expected)) if a != b]
    if (len(given) == len(expected) and len(diffs) == 2 and diffs[1] == diffs[0] + 1
            and given[diffs[0]] == expected[diffs[1]]):
        return AnswerResult(Verdict.NEAR, "two neighbours swapped.", *_HARD, shown)
    placed = len(expected) - len(diffs)
    return AnswerResult(Verdict.WRONG, f"{placed} of {len(expected)} in the right place.", *_AGAIN, shown)


def check_pairs(given: Iterable[tuple[str, str]], expected: Iterable[tuple[str, str]]) -> AnswerResult:
    """A matching answer: the (left, right) pairs the student made."""
    want = dict(expected)
    got = dict(given)
    right = sum(1 for left, value in want.items() if got.get(left) == value)
    shown = "; ".join(f"{k} — {v}" for k, v in want.items())
    if right == len(want):
        return AnswerResult(Verdict.CORRECT, "All pairs right.", *_GOOD, shown)
    if right == len(want) - 2 and len(want) > 2:
        return AnswerResult(Verdict.NEAR, "two items swapped.", *_HARD, shown)
    return AnswerResult(Verdict.WRONG, f"{right} of {len(want)} pairs right.", *_AGAIN, shown)


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
