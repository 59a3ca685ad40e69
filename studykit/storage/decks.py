"""One deck, several (a parent and its children) or all: how the collection's queries select cards."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

# One deck id, several (a parent deck and its children), or None: every deck.
Decks = str | Iterable[str] | None


def in_decks(deck: Decks, column: str = "deck") -> tuple[str, dict[str, str]]:
    """`AND deck IN (...)` with its named parameters, for one deck id or several; nothing for None."""
    if deck is None:
        return "", {}
    ids = [deck] if isinstance(deck, str) else list(dict.fromkeys(deck))
    params = {f"deck_{i}": deck_id for i, deck_id in enumerate(ids)}
    return f"AND {column} IN ({', '.join(':' + name for name in params)})", params


@dataclass(frozen=True)
class CardTotals:
    """The cards of some decks, counted without reading them: what the nothing-due screen and
    the statistics need. A card not retired is suspended, new or scheduled, so the scheduled
    ones (most of a large collection) are what is left, not a count of their index."""

    kept: int = 0          # not retired (`deck_sizes`, kept by the database)
    retired: int = 0
    suspended: int = 0     # not retired
    new: int = 0           # neither retired nor suspended, never reviewed
    new_unburied: int = 0  # of those, not buried at the time asked

    @property
    def scheduled(self) -> int:
        return self.kept - self.suspended - self.new


def card_totals(conn: sqlite3.Connection, deck: Decks, now_us: int) -> CardTotals:
    """The `CardTotals` of `deck` (None: every deck), the bury as at `now_us`: a few rows of
    `deck_sizes` and of two small indexes (`cards_set_aside`; `cards_deck_new`, the new cards)."""
    if deck is not None and not isinstance(deck, str):
        deck = tuple(deck)
        if not deck:
            return CardTotals()
    in_deck, decks = in_decks(deck)
    (kept,) = conn.execute(f"SELECT coalesce(sum(cards), 0) FROM deck_sizes WHERE 1 {in_deck}", decks).fetchone()
    set_aside = dict(conn.execute(
        "SELECT retired, count(*) FROM cards INDEXED BY cards_set_aside "
        f"WHERE (retired = 1 OR suspended = 1) {in_deck} GROUP BY retired",
        decks,
    ).fetchall())
    new, unburied = conn.execute(
        "SELECT count(*), coalesce(sum(buried_until IS NULL OR buried_until <= :now), 0) "
        f"FROM cards INDEXED BY cards_deck_new WHERE due IS NULL AND retired = 0 AND suspended = 0 {in_deck}",
        {"now": now_us, **decks},
    ).fetchone()
    return CardTotals(kept=int(kept), retired=set_aside.get(1, 0), suspended=set_aside.get(0, 0), new=new,
                      new_unburied=unburied)
