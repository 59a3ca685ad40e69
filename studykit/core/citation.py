"""A fact's citation: a verbatim quote from one seed document.

Its own module, apart from the fact model (`core.facts`) and its validation: every card
carries its citations, so reading a card from the collection (the review app's first card)
needs this and nothing of the facts' parsing, dates and regular expressions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A verbatim quote from one seed document."""

    seed: str
    quote: str
