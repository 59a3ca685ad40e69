"""One deck, several (a parent and its children) or all: how the collection's queries select cards."""

from __future__ import annotations

from collections.abc import Iterable

# One deck id, several (a parent deck and its children), or None: every deck.
Decks = str | Iterable[str] | None


def in_decks(deck: Decks, column: str = "deck") -> tuple[str, dict[str, str]]:
    """`AND deck IN (...)` with its named parameters, for one deck id or several; nothing for None."""
    if deck is None:
        return "", {}
    ids = [deck] if isinstance(deck, str) else list(dict.fromkeys(deck))
    params = {f"deck_{i}": deck_id for i, deck_id in enumerate(ids)}
    return f"AND {column} IN ({', '.join(':' + name for name in params)})", params
