"""The distractor search: wrong options for one answer, drawn from the index's pools.

A pool holds the values that may stand as an option of one type ("date" at day precision,
"person" of a category, ...), each in tiers: the whole base, each deck, each topic (and
some near tiers, such as a year). The search walks the fact's related tiers first, with a
bounded number of looks, so it costs the same however large the base.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING

from studykit.core.facts import Fact
from studykit.core.generators.index import Distractors, Entry

if TYPE_CHECKING:
    from studykit.core.generators.index import FactIndex

SCAN = 48  # candidates looked at in one tier before moving on
BUDGET = 200  # candidates looked at in all, so that a crowded base cannot make a search slow


class Verdicts:
    """A spec's verdict on each candidate (`Distractors.allows`), worked out once: the same
    candidate comes up in several tiers of a search, again and again in a large tier's random
    picks, and in each of the searches for one question (a multiple choice searches twice)."""

    def __init__(self, spec: Distractors) -> None:
        self.spec = spec
        self._known: dict[tuple[str, str, str], bool] = {}

    def allows(self, entry: Entry) -> bool:
        shown = (entry.fact_id, entry.key, entry.text)  # what an entry is (FactIndex.entry_subjects), cheaper to hash
        verdict = self._known.get(shown)
        if verdict is None:
            verdict = self._known[shown] = self.spec.allows(entry)
        return verdict


def distractors(
    index: FactIndex, verdicts: Verdicts, fact: Fact, answer_keys: Iterable[str], rng: random.Random, count: int = 3,
) -> list[Entry]:
    """Up to `count` wrong options, related ones first; none equal to the answer or each other.

    Each pool is searched tier by tier: the `near` tiers, the fact's topics, its deck, the
    whole base. At most `BUDGET` candidates are looked at, then as many synthesized ones.
    The candidates are judged by the spec of `verdicts`, which keeps its verdicts for the
    question's next search."""
    spec = verdicts.spec
    seen = set(answer_keys)
    chosen: list[Entry] = []
    for entry in islice(_candidates(index, spec, fact, rng), BUDGET):
        if entry.key not in seen and verdicts.allows(entry):
            seen.add(entry.key)
            chosen.append(entry)
            if len(chosen) == count:
                return chosen
    if spec.synthesize is not None:
        for entry in islice(spec.synthesize(rng), BUDGET):
            if entry.key not in seen and verdicts.allows(entry):
                seen.add(entry.key)
                chosen.append(entry)
                if len(chosen) == count:
                    break
    return chosen


def _candidates(index: FactIndex, spec: Distractors, fact: Fact, rng: random.Random) -> Iterator[Entry]:
    """The entries of the spec's pools, tier by tier, each tier in a random order (drawn as
    the search reaches it)."""
    own: tuple[tuple[str, ...], ...] = (("deck", fact.deck_id), ("all",))
    if spec.related:
        own = (*(("topic", t) for t in fact.topics), *own)
    for pool in spec.pools:
        tiers = index.pools.get(pool, {})
        for tier in (*spec.near, *own):
            items = tiers.get(tier)
            if items:
                yield from _walk(items, rng)


def _walk(items: Sequence[Entry], rng: random.Random) -> Iterator[Entry]:
    """A tier of up to `SCAN` entries, each once in a random order (a random start and a
    stride coprime with the size); a larger one as `SCAN` random picks, then its first `SCAN`
    entries (a fallback that does not depend on the seed)."""
    size = len(items)
    if size > SCAN:
        yield from chain((items[rng.randrange(size)] for _ in range(SCAN)), items[:SCAN])
        return
    start, stride = rng.randrange(size), 1
    if size > 2:
        stride = rng.randrange(1, size)
        while math.gcd(stride, size) != 1:
            stride = stride % (size - 1) + 1
    for i in range(size):
        yield items[(start + i * stride) % size]
