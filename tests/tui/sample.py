"""A fixed study collection for the TUI tests: two decks, five cards of each of the six types.

Cards are written by hand, not generated, so the tests and snapshots do not move when the
generators' wording does. Quotes are real passages of the seed documents.
"""

from __future__ import annotations

import datetime as dt

from studykit.core.cards import Card, CardType
from studykit.core.facts import Conflict, Deck, Fact, Reading, Source

NOW = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)
TZ = dt.UTC

AZ = "001_d3695f0660554b3e.txt"
BN = "000_a533e5b48fd8da9a.txt"
EN = "002_b70820031354e4d2.txt"

FALL_AZ = Source(
    AZ, "30 saat davam edən son hərbi əməliyyatdan sonra sentyabrın 15-də Azərbaycan ordu hissələri Bakıya daxil oldu.",
)
FALL_BN = Source(BN, "15 সেপ্টেম্বর, তুর্কি এবং আজারবাইজানিরা, যারা শহরের জন্য যুদ্ধের সময় 2000 লোককে হারিয়েছিল, তারা বাকুতে প্রবেশ করেছিল।")
STOKES = Source(
    AZ, "Bu zaman artıq polkovnik Stokes başda olmaqla 240 nəfərdən ibarət olan ilk Britaniya dəstəsi Bakıya gəlmişdi.",
)
LETTER = Source(EN, "ON 26 April 1920, three days after the opening of the Grand National Assembly in Angora (Ankara), "
                    "Mustafa Kemal addressed his first officially confirmed message to the Council of People's Commissars "
                    "(Sovnarkom) of Russia.")

MARKUP = "[bold]not bold[/] [@click=app.quit]click[/] [red]"


def _fact(fact_id: str, deck: str, statement: str, *sources: Source, conflicts: tuple[Conflict, ...] = ()) -> Fact:
    return Fact(id=fact_id, kind="event", statement=statement, deck_id=deck, topics=("battle-of-baku",),
                sources=tuple(sources), conflicts=conflicts, name=fact_id)


FACTS = (
    _fact("fall-of-baku", "baku", "Baku fell to the Army of Islam on 15 September 1918.", FALL_AZ, FALL_BN,
          conflicts=(Conflict(
              "the losses of the attackers",
              (Reading("2,000 men lost in the battle for the city", BN, FALL_BN.quote),
               Reading("no figure given", AZ, None)),
              "The statement does not give the losses; only the Bengali text states a figure.",
          ),)),
    _fact("stokes-detachment", "baku", "The first British detachment of 240 men under Colonel Stokes reached Baku in August 1918.", STOKES),
    _fact("kemal-letter", "entente", "Mustafa Kemal wrote to the Sovnarkom on 26 April 1920.", LETTER),
    _fact("markup-fact", "entente", f"A fact whose text contains {MARKUP} stays literal.", LETTER,
          conflicts=(Conflict(
              f"the point {MARKUP}",
              (Reading(f"one reading {MARKUP}", EN, LETTER.quote), Reading("[/]", BN, None)),
              f"Resolved as {MARKUP}.",
          ),)),
)
DECKS = (
    Deck("baku", "Baku 1918: events", "The battle of Baku.", tuple(f for f in FACTS if f.deck_id == "baku")),
    Deck("entente", "Soviet–Turkish entente", "1919–1921.", tuple(f for f in FACTS if f.deck_id == "entente")),
)

_QA = (
    ("When did Baku fall to the Army of Islam?", "15 September 1918", ("1918-09-15",), "fall-of-baku"),
    ("How many men were in Stokes's first British detachment?", "240 men", ("240",), "stokes-detachment"),
    ("Who led the first British detachment to reach Baku?", "Colonel Stokes", ("Stokes",), "stokes-detachment"),
    ("When did Mustafa Kemal write to the Sovnarkom?", "26 April 1920", (), "kemal-letter"),
    (f"What does {MARKUP} show?", f"{MARKUP} literally", (), "markup-fact"),
)
_CHOICE = (
    ("Which force took Baku on 15 September 1918?", ("the Red Army", "the Army of Islam", "Dunsterforce", "the Centrocaspian flotilla"), 1, "fall-of-baku"),
    ("Who commanded the first British detachment in Baku?", ("Colonel Stokes", "General Dunsterville", "Colonel Avetisov", "General Bagratuni"), 0, "stokes-detachment"),
    ("To whom did Mustafa Kemal write on 26 April 1920?", ("the Allies", "the Sovnarkom", "the Ottoman Sultan", "the Armenian government"), 1, "kemal-letter"),
    ("How many men did Stokes bring to Baku?", ("120", "240", "480", "1,000"), 1, "stokes-detachment"),
    (f"Pick the literal text {MARKUP}", (MARKUP, "plain", "[b]bold[/b]", "[@click=app.bell]bell[/]"), 0, "markup-fact"),
)
_CLOZE = (
    ("Baku fell to the Army of Islam on ____.", "15 September 1918", "fall-of-baku"),
    ("The first British detachment of ____ reached Baku in August 1918.", "240 men", "stokes-detachment"),
    ("The first British detachment in Baku was led by Colonel ____.", "Stokes", "stokes-detachment"),
    ("Mustafa Kemal wrote to the ____ on 26 April 1920.", "Sovnarkom", "kemal-letter"),
    ("A fact whose text contains ____ stays literal.", MARKUP, "markup-fact"),
)
_EVENTS = ("The arrival of Stokes's detachment", "The fall of Baku", "The Armistice of Mudros", "Mustafa Kemal's letter to the Sovnarkom")
_CHRONOLOGY = (
    ((2, 0, 3, 1), (1, 3, 0, 2)),
    ((1, 2, 0), (2, 0, 1)),
    ((3, 1, 0, 2), (2, 1, 3, 0)),
    ((0, 3, 1), (0, 2, 1)),
    ((1, 0, 3, 2), (1, 0, 3, 2)),
)
_TRUE_FALSE = (
    ("Baku fell to the Army of Islam on 15 September 1918.", "True", "fall-of-baku"),
    ("Baku fell to the Army of Islam on 15 October 1918.", "False", "fall-of-baku"),
    ("The first British detachment in Baku numbered 240 men.", "True", "stokes-detachment"),
    ("Mustafa Kemal wrote to the Sovnarkom on 26 April 1921.", "False", "kemal-letter"),
    (f"This statement shows {MARKUP} literally.", "True", "markup-fact"),
)
_PAIRS = (
    (("Stokes", "British colonel"), ("Nuri Pasha", "commander of the Army of Islam"), (
        "Shaumian", "head of the Baku Commune",
    )),
    (("Mudros", "30 October 1918"), ("Fall of Baku", "15 September 1918"), ("Kemal's letter", "26 April 1920")),
    (("Baku", "city"), ("Kurdamir", "station"), ("Caspian", "sea")),
    (("Dunsterville", "Dunsterforce"), ("Nuri Pasha", "Army of Islam"), ("Bicherakhov", "Cossack detachment")),
    ((MARKUP, "markup left"), ("[i]x[/i]", "[@click=app.quit]right[/]"), ("plain", "plain")),
)

_SOURCES = {f.id: f.sources for f in FACTS}
_STATEMENTS = {f.id: f.statement for f in FACTS}
_DECK_OF = {f.id: f.deck_id for f in FACTS}


def _card(kind: CardType, n: int, prompt: str, answer: str, fact_id: str, **more: object) -> Card:
    return Card(
        id=f"{fact_id}:{kind.value}:{n}", type=kind, deck_id=_DECK_OF[fact_id], prompt=prompt, answer=answer,
        fact_ids=(fact_id,), sources=_SOURCES[fact_id], statement=_STATEMENTS[fact_id], **more,  # type: ignore[arg-type]
    )


def sample_cards() -> list[Card]:
    """30 cards in study order: five of each type, interleaved as a session meets them."""
    by_type: list[list[Card]] = [[], [], [], [], [], []]
    for n, (prompt, answer, accepted, fact_id) in enumerate(_QA):
        by_type[0].append(_card(CardType.QA, n, prompt, answer, fact_id, accepted=accepted))
    for n, (prompt, choices, right, fact_id) in enumerate(_CHOICE):
        by_type[1].append(_card(CardType.CHOICE, n, prompt, choices[right], fact_id, options=choices))
    for n, (prompt, answer, fact_id) in enumerate(_CLOZE):
        by_type[2].append(_card(CardType.CLOZE, n, prompt, answer, fact_id))
    for n, (shown, order) in enumerate(_CHRONOLOGY):
        options: tuple[str, ...] = tuple(_EVENTS[i] for i in shown)
        fact_id = "fall-of-baku" if n % 2 == 0 else "kemal-letter"
        if n == 4:
            options, fact_id = (*options[:-1], f"{MARKUP} (an event)"), "markup-fact"
        by_type[3].append(_card(CardType.CHRONOLOGY, n, "Put these events in order, earliest first.", "",
                                fact_id, options=options, answer_order=order))
    for n, (statement, answer, fact_id) in enumerate(_TRUE_FALSE):
        by_type[4].append(_card(CardType.TRUE_FALSE, n, statement, answer, fact_id))
    for n, pairs in enumerate(_PAIRS):
        fact_id = "markup-fact" if n == 4 else "stokes-detachment"
        by_type[5].append(_card(CardType.MATCHING, n, "Match each item on the left with its partner.", "", fact_id,
                                options=tuple(left for left, _ in pairs), pairs=pairs))
    return [card for group in zip(*by_type) for card in group]
