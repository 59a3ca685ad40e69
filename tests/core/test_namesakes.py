"""The namesake lookup (questions.Namesakes): the events whose names say no more or no less
than another's, found by lookups, are those a scan of every event with the head noun finds."""

from __future__ import annotations

import random

from studykit.core.generators.index import FactIndex, singular
from studykit.core.generators.phrasing import head_noun
from studykit.core.generators.questions import Namesakes, _name_words
from tests.core.test_generators import fact

HEADS = ("massacre", "massacres", "battle", "fall")
WORDS = ("Baku", "Armenians", "Tatars", "Shamakhi", "Guba", "the Turks", "in March", "first", "of 1918")


def test_namesakes_found_by_lookup_are_those_a_scan_finds() -> None:
    rng = random.Random(5)
    events = []
    for i in range(300):
        words = rng.sample(WORDS, rng.randint(0, 4))
        name = f"the {rng.choice(HEADS)} of {' '.join(words)}".strip() if words else f"the {rng.choice(HEADS)}"
        events.append(fact(f"e{i}", "event", f"{name[0].upper()}{name[1:]} took place.", name=name, date="1918-03-30"))
    namesakes = Namesakes(FactIndex(events))
    for event in events:
        assert event.name is not None
        head, words = singular(head_noun(event.name)), _name_words(event.name)
        scanned = {
            o.id for o in events
            if o.name and singular(head_noun(o.name)) == head
            and (_name_words(o.name) <= words or words <= _name_words(o.name))
        }
        assert {o.id for o in namesakes.alike(event.name)} == scanned, event.name
