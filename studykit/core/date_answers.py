"""Reading a date a student typed, and how it stands to the date the sources give.

A typed date is read in any common form ("15 Sept 1918", "1918-09-15", "September 15,
1918", "15.09.1918", ranges, nights) at the precision it was written. For a typed answer
(`read_date_answer`) the vaguer forms people use also count, each as the span it means:

- a season: "spring 1919" (March–May), "summer" (June–August), "autumn"/"fall"
  (September–November), "winter 1918" (read both as December 1917 – February 1918 and as
  December 1918 – February 1919; "winter 1918–19" is the second);
- part of a year or month: "early 1918" (January–April), "mid-1918" (May–August),
  "late 1918" (September–December), "the first/second half of 1918", "the beginning/end
  of 1918"; "early March 1918" (1–10 March), "mid-March" (11–20), "late March" (21–31);
- a decade: "the 1910s" (1910–1919).

`relation` then says how the typed span stands to the answer: the same, more precise and
inside it (a day for a month the sources give), less precise and around it (a month for a
day), one end of a range, inside a range, overlapping, or apart.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from studykit.core.dates import MONTHS, DateError, DatePoint, HistDate
from studykit.core.spelling import letters, one_edit

_MONTH_NAMES: dict[str, int] = {}
for _i, _name in enumerate(MONTHS, start=1):
    _MONTH_NAMES[_name.lower()] = _i
    _MONTH_NAMES[_name.lower()[:3]] = _i
_MONTH_NAMES["sept"] = 9
# Azerbaijani and Turkish month names, folded as `letters` folds them.
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
class ParsedDate:
    date: HistDate
    typo: str = ""  # a misspelled month name, read anyway


def parse_date(text: str) -> HistDate | None:
    """A date in any common form, at the precision it was written, or None.

    "15 September 1918", "15 Sept 1918", "September 15, 1918", "1918-09-15", "15.09.1918",
    "15/09/1918", "September 1918", "1918", ranges ("27 June – 1 July 1918",
    "1918-06-27/1918-07-01") and nights ("the night of 27/28 April 1920").
    """
    parsed = parse_date_text(text, fuzzy=False)
    return parsed.date if parsed else None


@lru_cache(maxsize=16384)
def parse_date_text(text: str, *, fuzzy: bool) -> ParsedDate | None:
    """`parse_date`, with `fuzzy` also reading a month name with one typo ("Setpember")."""
    raw = text.strip()
    if not raw:
        return None
    try:  # the deck notation itself
        return ParsedDate(HistDate.parse(raw))
    except DateError:
        pass
    low = _ORDINAL.sub(r"\1", letters(raw))
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
        return ParsedDate(that_night, start[1] or end[1])
    low = _FILLER.sub(" ", low.replace(",", " "))
    parts = [p for p in _DASHES.split(low) if p.strip()]
    if len(parts) == 1:
        point = _parse_point(parts[0], fuzzy=fuzzy)
        if point is None:
            return None
        if night:
            if point[0].precision != "day":
                return None
            return ParsedDate(HistDate(point[0], night=True), point[1])
        return ParsedDate(HistDate(point[0]), point[1])
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
        return ParsedDate(date, start[1] or end[1])
    return None


def _point_date(year: int, month: int, day: int | None) -> ParsedDate | None:
    try:
        point = DatePoint.parse(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else ""))
    except DateError:
        return None
    return ParsedDate(HistDate(point))


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
            found = month_number(token, fuzzy=fuzzy)
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


def month_number(token: str, *, fuzzy: bool) -> tuple[int, str] | None:
    """The month a word names (English, Azerbaijani, Turkish; a full English name with one
    typo when `fuzzy`), and the typo described, or None."""
    token = token.strip(".")
    if token in _MONTH_NAMES:
        return _MONTH_NAMES[token], ""
    if fuzzy and len(token) >= 4:
        for name, number in _FULL_MONTHS.items():
            if one_edit(token, name):
                return number, f"“{token}” for “{name.capitalize()}”"
    return None


# --- the vaguer forms of a typed answer ---------------------------------------------

_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_PARTS_OF_YEAR = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8), "middle": (5, 8),
                  "late": (9, 12), "end": (9, 12)}
_PARTS_OF_MONTH = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20), "middle": (11, 20),
                   "late": (21, 31), "end": (21, 31)}
_HALVES = {"first": (1, 6), "second": (7, 12)}
_PART = r"(early|beginning|start|mid|middle|late|end)"
_YEAR = r"(\d{4})"
_VAGUE_FILLER = re.compile(r"\b(?:the|of|in|during|c|ca|circa|about|around)\b|[,.]")


@lru_cache(maxsize=4096)
def read_date_answer(text: str) -> tuple[ParsedDate, ...]:
    """Every reading of a typed date: the exact forms of `parse_date` (a month name may have
    one typo), or the spans the vaguer forms mean (see the module docstring); () if none."""
    exact = parse_date_text(text, fuzzy=True)
    if exact is not None:
        return (exact,)
    low = re.sub(r"\s*[/–—]\s*", " / ", letters(text).replace("-", " "))
    low = " ".join(_VAGUE_FILLER.sub(" ", low).split())
    return tuple(ParsedDate(d) for d in _vague(low))


def _vague(low: str) -> list[HistDate]:
    if match := re.fullmatch(rf"(spring|summer|autumn|fall) {_YEAR}", low):
        first, last = _SEASONS[match[1]]
        return [_months(int(match[2]), first, int(match[2]), last)]
    if match := re.fullmatch(rf"winter {_YEAR}(?: (?:/|to|and) (\d{{2}}|\d{{4}}))?", low):
        year = int(match[1])
        if match[2]:
            return [_months(year, 12, year + 1, 2)]
        return [_months(year - 1, 12, year, 2), _months(year, 12, year + 1, 2)]
    if match := re.fullmatch(rf"{_PART} {_YEAR}", low):
        first, last = _PARTS_OF_YEAR[match[1]]
        return [_months(int(match[2]), first, int(match[2]), last)]
    if match := re.fullmatch(rf"(first|second) half {_YEAR}", low):
        first, last = _HALVES[match[1]]
        return [_months(int(match[2]), first, int(match[2]), last)]
    if match := re.fullmatch(rf"{_PART} (\w+) {_YEAR}", low):
        month = month_number(match[2], fuzzy=True)
        if month is None:
            return []
        year, number = int(match[3]), month[0]
        first, last = _PARTS_OF_MONTH[match[1]]
        last = min(last, calendar.monthrange(year, number)[1])
        return [HistDate(DatePoint(year, number, first), DatePoint(year, number, last))]
    if match := re.fullmatch(r"(\d{3})0 ?'?s", low):
        decade = int(match[1]) * 10
        return [HistDate(DatePoint(decade), DatePoint(decade + 9))]
    return []


def _months(year: int, first: int, end_year: int, last: int) -> HistDate:
    return HistDate(DatePoint(year, first), DatePoint(end_year, last))


# --- how a typed date stands to the answer ------------------------------------------

class Relation(str, Enum):
    SAME = "same"
    FINER = "finer"          # more precise, and inside what the sources give
    COARSER = "coarser"      # less precise: around the answer
    END = "end"              # one end of a range or night
    INSIDE = "inside"        # inside a range, not at an end
    OVERLAP = "overlap"      # part of it, part outside
    APART = "apart"


Span = tuple[dt.date, dt.date]


def _ends(date: HistDate) -> tuple[Span, Span]:
    """The span of days each end of a date may stand for: a point's ends are the point."""
    start = (date.start.first_day(), date.start.last_day())
    if date.night:
        day = date.start.first_day()
        return (day, day), (day + dt.timedelta(days=1), day + dt.timedelta(days=1))
    if date.end is None:
        return start, start
    return start, (date.end.first_day(), date.end.last_day())


def _within(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def relation(given: HistDate, want: HistDate) -> Relation:
    """How a typed date stands to the date the sources give (both at their own precision)."""
    if given == want:
        return Relation.SAME
    if given.night and want.night:  # one night, evening to morning, is not the next
        return Relation.APART
    whole_given, whole_want = (given.earliest(), given.latest()), (want.earliest(), want.latest())
    if whole_given == whole_want:
        return Relation.SAME  # "1–31 March 1918" for March 1918, "1918-06/1918-07" written another way
    given_start, given_end = _ends(given)
    want_start, want_end = _ends(want)
    spread = want.end is not None or want.night  # a range or a night: its days are all of it
    if not spread and _within(whole_given, whole_want):
        return Relation.FINER
    if spread and (given.end is not None or given.night) and _within(given_start, want_start) \
            and _within(given_end, want_end):
        return Relation.FINER
    if _within(whole_want, whole_given):
        return Relation.COARSER
    if spread and (_within(whole_given, want_start) or _within(whole_given, want_end)):
        return Relation.END
    if spread and _within(whole_given, whole_want):
        return Relation.INSIDE
    if whole_given[0] <= whole_want[1] and whole_want[0] <= whole_given[1]:
        return Relation.OVERLAP
    return Relation.APART


def days(date: HistDate) -> int:
    """How many days the date spans (a night: 2)."""
    return (date.latest() - date.earliest()).days + 1
