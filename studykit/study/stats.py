"""The numbers: cards by state, due and reviewed today, retention, forecast, reviews per day.

`Collection.stats` computes them for a selection of decks; the stats screen shows them as
a `StatsView`, `studykit stats` as a table or JSON (the core `Stats` itself).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from studykit.storage import Collection
from studykit.study.decks import DeckSelection
from studykit.study.views import StatsView

if TYPE_CHECKING:
    from studykit.core.stats import Stats


def deck_stats(
    collection: Collection, selection: DeckSelection, *, now: dt.datetime, tz: dt.tzinfo, rollover_hour: int,
) -> Stats:
    return collection.stats(now=now, tz=tz, rollover_hour=rollover_hour, deck=selection.deck_ids)


def stats_view(stats: Stats) -> StatsView:
    return StatsView(
        by_state=tuple(stats.by_state.items()),
        due_today=stats.due_today,
        reviewed_today=stats.reviewed_today,
        retention=stats.retention,
        forecast=stats.forecast,
        per_day=stats.per_day,
        today=stats.today,
        year=stats.year,
        all_time=stats.all_time,
    )
