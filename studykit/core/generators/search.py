"""The distractor search: wrong options for one answer, drawn from the index's pools.

A pool holds the values that may stand as an option of one type ("date" at day precision,
"person" of a category, ...), each in tiers: the whole base, each deck, each topic (and
some near tiers, such as a year). The search walks the fact's related tiers first, with a
bounded number of looks, so it costs the same however large the base.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from itertools import chain, islice, repeat
from typing import TYPE_CHECKING

from studykit.core.facts import Fact
from studykit.core.generators.index import Distractors, Entry

if TYPE_CHECKING:
    from studykit.core.generators.index import FactIndex

SCAN = 48  # candidates looked at in one tier before moving on
BUDGET = 200  # candidates looked at in all, so that a crowded base cannot make a search slow


def distractors(
    index: FactIndex, spec: Distractors, fact: Fact, answer_keys: Iterable[str], rng: random.Random, count: int = 3,
) -> list[Entry]:
    """Up to `count` wrong options, related ones first; none equal to the answer or each other.

    Each pool is searched tier by tier: the `near` tiers, the fact's topics, its deck, the
    whole base. A tier of up to `SCAN` entries is walked in a random order; a larger one
    gets `SCAN` random picks, then its first `SCAN` entries (a seed-independent fallback).
    At most `BUDGET` candidates are looked at, then as many synthesized ones. One loop
    with the checks inlined: this runs for most cards of a run."""
    seen = set(answer_keys)
    chosen: list[Entry] = []
    excluded, overlapping, refuse = spec.excluded, spec.overlapping, spec.refuse
    randbelow = rng._randbelow  # type: ignore[attr-defined]  # what randrange(n) does for n > 0
    looked = 0
    if index.search_fact is not fact:  # a fact's own tiers, the same for its several searches
        index.search_fact = fact
        index.search_tiers = (
            (*(("topic", t) for t in fact.topics), ("deck", fact.deck_id), ("all",)),
            (("deck", fact.deck_id), ("all",)),
        )
    own = index.search_tiers[0 if spec.related else 1]
    tier_names = (*spec.near, *own) if spec.near else own
    pools = index.pools
    for pool in spec.pools:
        tiers = pools.get(pool)
        if tiers is None:
            continue
        for tier in tier_names:
            items = tiers.get(tier)
            if not items:
                continue
            size = len(items)
            if size <= SCAN:  # every item once: a random start and a stride coprime with the size
                start, stride = randbelow(size), 1
                if size > 2:
                    stride = randbelow(size - 1) + 1  # randrange(1, size)
                    while math.gcd(stride, size) != 1:
                        stride = stride % (size - 1) + 1
                # items[(start + i * stride) % size] for each i, made lazily (most searches stop early)
                candidates: Iterable[Entry] = map(
                    items.__getitem__, map(size.__rmod__, range(start, start + size * stride, stride)),
                )
            else:
                # drawn lazily (a pick that ends the search leaves the rest of the stream alone)
                candidates = chain(map(items.__getitem__, map(randbelow, repeat(size, SCAN))), islice(items, SCAN))
            for entry in candidates:
                looked += 1
                if looked > BUDGET:
                    return _synthesized(spec, rng, seen, chosen, count)
                entry_key = entry.key
                if entry_key in seen:
                    continue
                if entry.keys:
                    if not excluded.isdisjoint(entry.keys):
                        continue
                elif entry_key in excluded:
                    continue
                if overlapping and entry.span is not None:
                    first, last = entry.span
                    clash = False
                    for a, b in overlapping:  # (a loop, not any(): this runs for every date looked at)
                        if first <= b and a <= last:
                            clash = True
                            break
                    if clash:
                        continue
                if refuse is not None and refuse(entry):
                    continue
                seen.add(entry_key)
                chosen.append(entry)
                if len(chosen) == count:
                    return chosen
    return _synthesized(spec, rng, seen, chosen, count)

def _synthesized(
    spec: Distractors, rng: random.Random, seen: set[str], chosen: list[Entry], count: int,
) -> list[Entry]:
    """`chosen`, completed from the spec's synthesized candidates (with a budget of their own)."""
    if len(chosen) >= count or spec.synthesize is None:
        return chosen
    looked = 0
    for entry in spec.synthesize(rng):
        looked += 1
        if looked > BUDGET:
            break
        if entry.key in seen or not spec.allows(entry):
            continue
        seen.add(entry.key)
        chosen.append(entry)
        if len(chosen) == count:
            break
    return chosen
