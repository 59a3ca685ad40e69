"""Deck options: new cards and reviews a day, for the whole collection and for single decks.

Kept in the collection (`Collection.daily_limits`), so the limits travel with the review
history. How they apply is `core.limits`: the collection's cap everything studied in a day;
a deck's own cap that deck with its subdecks; a session of a deck honours its own and its
subdecks' limits (as Anki's v3 scheduler does), and the decks screen counts what such a session
would take. A deck with no limits of its own is limited by the collection's alone.

The collection's limits default to the `SessionConfig` the layer was given (20 new cards and
200 reviews a day unless a caller says otherwise) until the student sets them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from studykit.core.limits import Cap, DailyLimits, left_today
from studykit.core.session import DayCounts, SessionConfig, StudyDay
from studykit.storage import Collection
from studykit.storage.management import COLLECTION_SCOPE
from studykit.study.decks import ALL_DECKS, DeckSelection
from studykit.study.errors import StudyError

COLLECTION_NAME = "the whole collection"


@dataclass(frozen=True)
class LimitsView:
    """One scope's daily limits: `own` as set there (None: not set), `effective` what applies
    (a deck's own over the collection's, the collection's over the defaults), and what was
    done today against them."""

    scope: str        # "" for the collection, else the deck's key (its id, or a parent's name)
    name: str
    own: DailyLimits
    effective: DailyLimits
    inherited: DailyLimits  # what applies where `own` is not set: the collection's, or the defaults
    done_today: DayCounts = field(default_factory=DayCounts)

    @property
    def is_collection(self) -> bool:
        return self.scope == COLLECTION_SCOPE

    def to_dict(self) -> dict[str, object]:
        return {
            "scope": "collection" if self.is_collection else "deck", "deck": self.scope or None, "name": self.name,
            "new_per_day": self.effective.new_per_day, "reviews_per_day": self.effective.reviews_per_day,
            "own": {"new_per_day": self.own.new_per_day, "reviews_per_day": self.own.reviews_per_day},
            "done_today": {"new": self.done_today.new, "reviews": self.done_today.reviews},
        }


def defaults(config: SessionConfig) -> DailyLimits:
    return DailyLimits(config.new_per_day, config.reviews_per_day)


def collection_limits(collection: Collection, config: SessionConfig) -> DailyLimits:
    """The collection's limits: as the student set them, the defaults where not."""
    return collection.daily_limits().get(COLLECTION_SCOPE, DailyLimits()).over(defaults(config))


def session_config(collection: Collection, config: SessionConfig) -> SessionConfig:
    """`config` with the collection's daily limits as the student set them."""
    limits = collection_limits(collection, config)
    assert limits.new_per_day is not None and limits.reviews_per_day is not None
    return replace(config, new_per_day=limits.new_per_day, reviews_per_day=limits.reviews_per_day)


def deck_caps(
    collection: Collection, resolve: Callable[[str], DeckSelection], *, now: dt.datetime, tz: dt.tzinfo,
    rollover_hour: int, extra_new: int = 0,
) -> list[Cap]:
    """What is left today of each deck's own limits, over the deck and its subdecks. `extra_new`
    raises every deck's new-card limit (the "learn more new cards now" of the decks screen).
    Limits kept for a deck no source names any more are left out."""
    stored = {scope: limits for scope, limits in collection.daily_limits().items() if scope != COLLECTION_SCOPE}
    if not stored:
        return []
    day = StudyDay.containing(now, tz=tz, rollover_hour=rollover_hour)
    done = collection.done_by_deck(day)
    caps = []
    for scope, limits in stored.items():
        try:
            selection = resolve(scope)
        except StudyError:
            continue
        if selection.deck_ids is None:
            continue
        today = _sum(done, selection.deck_ids)
        new = None if limits.new_per_day is None else limits.new_per_day + extra_new
        caps.append(Cap(frozenset(selection.deck_ids), left_today(new, today.new),
                        left_today(limits.reviews_per_day, today.reviews)))
    return caps


def _sum(done: Mapping[str, DayCounts], deck_ids: Sequence[str]) -> DayCounts:
    counted = [done[d] for d in deck_ids if d in done]
    return DayCounts(sum(c.new for c in counted), sum(c.reviews for c in counted))


def limits_view(
    collection: Collection, config: SessionConfig, selection: DeckSelection | None, scope: str, *,
    now: dt.datetime, tz: dt.tzinfo,
) -> LimitsView:
    """The limits of the collection (`selection` None) or of one deck, as the options show them."""
    overall = collection_limits(collection, config)
    day = StudyDay.containing(now, tz=tz, rollover_hour=config.rollover_hour)
    if selection is None:
        own = collection.daily_limits().get(COLLECTION_SCOPE, DailyLimits())
        return LimitsView(COLLECTION_SCOPE, COLLECTION_NAME, own, overall, defaults(config), collection.done_today(day))
    own = collection.daily_limits().get(scope, DailyLimits())
    done = _sum(collection.done_by_deck(day), selection.deck_ids or ())
    return LimitsView(scope, selection.name, own, own.over(overall), overall, done)


def all_limits(
    collection: Collection, config: SessionConfig, resolve: Callable[[str], DeckSelection], *,
    now: dt.datetime, tz: dt.tzinfo,
) -> list[LimitsView]:
    """The collection's limits, then every deck's that has limits of its own (by name), each
    with what was done today against it."""
    overall = collection_limits(collection, config)
    stored = collection.daily_limits()
    day = StudyDay.containing(now, tz=tz, rollover_hour=config.rollover_hour)
    out = [LimitsView(COLLECTION_SCOPE, COLLECTION_NAME, stored.get(COLLECTION_SCOPE, DailyLimits()), overall,
                      defaults(config), collection.done_today(day))]
    by_deck = collection.done_by_deck(day) if len(stored) > (COLLECTION_SCOPE in stored) else {}
    decks = []
    for scope, own in stored.items():
        if scope == COLLECTION_SCOPE:
            continue
        try:
            selection = resolve(scope)
        except StudyError:
            decks.append(LimitsView(scope, f"{scope} (no such deck now)", own, own.over(overall), overall))
            continue
        done = _sum(by_deck, selection.deck_ids or ())
        decks.append(LimitsView(scope, selection.name, own, own.over(overall), overall, done))
    return out + sorted(decks, key=lambda view: view.name.casefold())


__all__ = ["ALL_DECKS", "COLLECTION_NAME", "LimitsView", "all_limits", "deck_caps", "limits_view", "session_config"]
