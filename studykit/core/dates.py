"""Historical dates at the precision the sources give: a day, a month, a year, a range or a night.

Sources rarely say more than "June 1918" or "27 June – 1 July 1918", and a card must not
pretend to a precision the sources do not have, so a date keeps its precision: it is
displayed as people write it and exported as ISO 8601 at that same precision.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# The years a date may name. Year 0 does not exist, and the generators move dates by up to ten
# years to make wrong options, which must stay inside what `datetime` can hold (1-9999).
MIN_YEAR, MAX_YEAR = 100, 9899

_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A date that is malformed or impossible (1918-02-30, a range that ends before it starts)."""


@dataclass(frozen=True, order=True)
class DatePoint:
    """One end of a date: a year, a month of a year, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> DatePoint:
        match = _POINT.match(text.strip())
        if not match:
            raise DateError(f"{text!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise DateError(f"{text!r}: the year must be from {MIN_YEAR} to {MAX_YEAR}")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"{text!r} has no month {month}")
        if day is not None:
            assert month is not None
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                raise DateError(f"{text!r} is impossible: {MONTHS[month - 1]} {year} has no day {day}")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self, *, with_year: bool = True, with_month: bool = True) -> str:
        parts: list[str] = []
        if self.day:
            parts.append(str(self.day))
        if self.month and with_month:
            parts.append(MONTHS[self.month - 1])
        if with_year:
            parts.append(str(self.year))
        return " ".join(parts)


@dataclass(frozen=True)
class HistDate:
    """A day, month, year, range of those, or the night from one day to the next."""

    start: DatePoint
    end: DatePoint | None = None
    night: bool = False

    @classmethod
    def parse(cls, text: object) -> HistDate:
        """Read the deck notation: "1918-09-15", "1918-09", "1918", "A/B", "night 1920-04-27"."""
        if isinstance(text, dt.date):  # YAML turns an unquoted 1918-09-15 into a date
            text = text.isoformat()
        if isinstance(text, int) and not isinstance(text, bool):
            text = str(text)
        if not isinstance(text, str):
            raise DateError(f"expected a date string, got {type(text).__name__}")
        raw = text.strip()
        if raw.startswith("night "):
            start = DatePoint.parse(raw.removeprefix("night "))
            if start.precision != "day":
                raise DateError(f"{text!r}: a night needs a day, as in 'night 1920-04-27'")
            return cls(start, night=True)
        if "/" in raw:
            first, _, second = raw.partition("/")
            start, end = DatePoint.parse(first), DatePoint.parse(second)
            if end.last_day() < start.first_day() or end == start:
                raise DateError(f"{text!r}: the range must end after it starts")
            return cls(start, end)
        return cls(DatePoint.parse(raw))

    @property
    def precision(self) -> str:
        """"day", "month", "year", "range" or "night": distractors keep the same precision."""
        if self.night:
            return "night"
        return "range" if self.end else self.start.precision

    def earliest(self) -> dt.date:
        return self.start.first_day()

    def latest(self) -> dt.date:
        if self.night:
            return self.start.first_day() + dt.timedelta(days=1)
        return (self.end or self.start).last_day()

    def overlaps(self, other: HistDate) -> bool:
        """True when the two could be the same day: then neither can be ordered before the other."""
        return self.earliest() <= other.latest() and other.earliest() <= self.latest()

    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.earliest(), self.latest())

    def iso(self) -> str:
        if self.night:
            next_day = self.start.first_day() + dt.timedelta(days=1)
            return f"{self.start.iso()}/{next_day.isoformat()}"
        if self.end:
            return f"{self.start.iso()}/{self.end.iso()}"
        return self.start.iso()

    def notation(self) -> str:
        """The deck notation this date was written in; `parse(notation())` gives it back."""
        return f"night {self.start.iso()}" if self.night else self.iso()

    def display(self) -> str:
        """As people write it: "15 September 1918", "27 June – 1 July 1918", "the night of 27/28 April 1920"."""
        start = self.start
        if self.night:
            following = start.first_day() + dt.timedelta(days=1)
            if following.month == start.month:
                return f"the night of {start.day}/{following.day} {MONTHS[following.month - 1]} {start.year}"
            first_day = start.first_day()
            return (
                f"the night of {first_day.day} {MONTHS[first_day.month - 1]}/"
                f"{following.day} {MONTHS[following.month - 1]} {following.year}"
            )
        end = self.end
        if end is None:
            return start.display()
        if start.precision == end.precision == "year":
            return f"{start.year}–{end.year}"
        if start.year != end.year or start.precision != end.precision:
            return f"{start.display()} – {end.display()}"
        if start.precision == "month":
            return f"{start.display(with_year=False)}–{end.display()}"
        if start.month == end.month:
            return f"{start.day}–{end.display()}"
        return f"{start.display(with_year=False)} – {end.display()}"

    def __str__(self) -> str:
        return self.display()
