"""Small pieces of English the generators share: dates after a preposition, sides with their
article, lists, numbers, and the verb an agreement takes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from studykit.core.answers import format_number
from studykit.core.dates import HistDate

# Sides and parties that read with an article mid-sentence.
_WITH_ARTICLE = {
    "Ottoman Empire", "Allies", "Baku Commune", "Centrocaspian Dictatorship", "Turkish Nationalists",
}


def cap(text: str) -> str:
    """Capitalize the first letter of a phrase that starts a prompt or stands alone."""
    return text[:1].upper() + text[1:]


def date_phrase(date: HistDate) -> str:
    """The date after a preposition: "on 15 September 1918", "in June 1918", "in 1918–1919",
    "from 27 June to 1 July 1918", "on the night of 27/28 April 1920"."""
    precision = date.precision
    if precision in ("day", "night"):
        return f"on {date.display()}"
    if precision in ("month", "year"):
        return f"in {date.display()}"
    start, end = date.start, date.end
    assert end is not None
    if start.precision == "day" or end.precision == "day":
        same_year = start.year == end.year
        same_month = same_year and start.month == end.month and start.precision == end.precision == "day"
        first = start.display(with_year=not same_year, with_month=not same_month)
        return f"from {first} to {end.display()}"
    return f"in {date.display()}"


def date_forms(date: HistDate) -> list[str]:
    """The ways a statement may write the date, longest first, for finding it in the text."""
    shown = date.display()
    forms = [shown, shown.replace("–", "-"), shown.replace(" – ", "–"), shown.replace("–", " to ")]
    if date.end is not None and date.precision == "range":
        phrase = date_phrase(date)
        if phrase.startswith("from "):
            forms.append(phrase[len("from "):])
        forms.append(shown.replace("–", " and "))
    if date.night:
        forms.append(shown.removeprefix("the night of "))
    return sorted(dict.fromkeys(forms), key=len, reverse=True)


def party_phrase(party: str, organizations: frozenset[str] = frozenset()) -> str:
    """"Ottoman Empire" -> "the Ottoman Empire"; names of people and countries stay bare."""
    if party in _WITH_ARTICLE or party in organizations:
        return f"the {party}"
    return party


def organization_phrase(name: str) -> str:
    """An organization mid-sentence: "the Communist International", but "Sovnarkom"."""
    if name.lower().startswith("the ") or " " not in name.strip():
        return name
    return f"the {name}"


def join_and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def number_text(value: float, unit: str) -> str:
    return f"{format_number(value)} {unit}".strip()


def definite(phrase: str) -> bool:
    """A definite description ("the commander of ...") names one thing; "a member of ..." does not."""
    return phrase.lower().startswith("the ")


def bare(name: str) -> str:
    """The name without its leading article, as it may stand mid-sentence after another one."""
    return re.sub(r"^(?:the|The)\s+", "", name)


# Agreements: the noun that names the kind of act, and the verb for its date.
_AGREEMENT_NOUNS = (
    "draft treaty", "armistice", "treaty", "agreement", "understanding", "pact", "accord", "convention",
    "protocol", "declaration", "letter", "letters", "telegram", "note", "reply", "dispatch", "message", "ultimatum",
    "decree", "appeal",
)
# The nouns of acts agreed between parties, as opposed to documents of one hand (a letter).
AGREEMENT_NOUNS = frozenset(
    ("draft treaty", "armistice", "treaty", "agreement", "understanding", "pact", "accord", "convention", "protocol"),
)
_VERBS = {
    "telegram": "sent", "note": "sent", "dispatch": "sent", "message": "sent", "ultimatum": "sent",
    "letter": "written", "letters": "written", "reply": "written", "understanding": "reached", "declaration": "made",
    "decree": "issued", "appeal": "issued",
}


_NOUN_WORDS = tuple((noun, re.compile(rf"\b{noun}\b")) for noun in _AGREEMENT_NOUNS)


@lru_cache(maxsize=1 << 16)  # asked of every agreement offered as an option
def named_noun(name: str) -> str | None:
    """The first noun of an act its name holds ("treaty", "letter"; the longer of two at one
    place: "draft treaty"), or None."""
    low = name.lower()
    found = [(low.find(noun), -len(noun), noun) for noun, as_word in _NOUN_WORDS if as_word.search(low)]
    return min(found)[2] if found else None


def agreement_noun(name: str) -> str:
    """The first noun of an act its name holds, else "agreement"."""
    return named_noun(name) or "agreement"


def agreement_verb(name: str) -> str:
    return _VERBS.get(agreement_noun(name).split()[-1], "signed")


def place_preposition(place_type: str | None) -> str:
    return "at" if place_type in ("station", "mountain") else "in"
