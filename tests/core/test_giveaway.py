"""Which card gives away another's answer: siblings, a shown answer with what it answers, a
true statement, both sides of a matching pair; a multiple choice's wrong options do not."""

from __future__ import annotations

from studykit.core.cards import Card, CardType
from studykit.core.giveaway import GiveAways, words
from studykit.core.notecards import NoteCard


def card(card_id: str, kind: CardType, prompt: str, answer: str, *, facts: tuple[str, ...] = (),
         statement: str = "", options: tuple[str, ...] = (), pairs: tuple[tuple[str, str], ...] = ()) -> Card:
    return Card(id=card_id, type=kind, deck_id="d", prompt=prompt, answer=answer,
                fact_ids=facts or (card_id.split(":")[0],), sources=(), options=options, pairs=pairs,
                statement=statement)


KARS_WHEN = card("kars:qa:date", CardType.QA, "When was the Treaty of Kars signed?", "13 October 1921",
                 statement="The Treaty of Kars was signed on 13 October 1921.")


def test_cards_of_one_fact_give_each_other_away() -> None:
    cloze = card("kars:cloze:date", CardType.CLOZE, "The Treaty of Kars was signed on _____.", "13 October 1921")
    other = card("sevres:qa:date", CardType.QA, "When was the Treaty of Sèvres signed?", "10 August 1920")
    spoils = GiveAways.among([KARS_WHEN, cloze, other])
    assert spoils.gives_away(KARS_WHEN.id, cloze.id) and spoils.gives_away(cloze.id, KARS_WHEN.id)
    assert not spoils.of(other.id) and other.id not in spoils.of(KARS_WHEN.id)


def test_another_fact_s_statement_with_the_answer_and_what_is_asked_gives_it_away() -> None:
    spoiler = card("karabekir:qa:role", CardType.QA, "Who was Kâzım Karabekir?", "the commander in the east",
                   statement="Kazim Karabekir signed the Treaty of Kars on 13 October 1921.")
    date_only = card("x:qa:date", CardType.QA, "When did the Moscow conference open?", "13 October 1921",
                     statement="The Moscow conference opened on 13 October 1921.")
    spoils = GiveAways.among([spoiler, KARS_WHEN, date_only])
    assert spoils.gives_away(spoiler.id, KARS_WHEN.id)  # accents folded: "Kâzım" is "Kazim"
    # the date alone, without what the card asks about, gives nothing away
    assert not spoils.gives_away(spoiler.id, date_only.id)


def test_a_true_statement_shown_elsewhere_gives_the_true_or_false_card_away() -> None:
    true_false = card("kars:truefalse:true", CardType.TRUE_FALSE,
                      "True or false: The Treaty of Kars was signed on 13 October 1921.", "True",
                      statement="The Treaty of Kars was signed on 13 October 1921.")
    cloze = card("y:cloze:x", CardType.CLOZE, "_____ and the Transcaucasian republics signed the Treaty of Kars "
                 "on 13 October 1921.", "Turkey", facts=("y",))
    unrelated = card("z:qa:x", CardType.QA, "Who signed the Treaty of Alexandropol?", "Karabekir")
    spoils = GiveAways.among([true_false, cloze, unrelated])
    assert spoils.gives_away(cloze.id, true_false.id)
    assert not spoils.gives_away(unrelated.id, true_false.id)


def test_the_wrong_options_of_a_multiple_choice_give_nothing_away() -> None:
    choice = card("w:choice:date", CardType.CHOICE, "When was the Treaty of Moscow signed?", "16 March 1921",
                  options=("16 March 1921", "13 October 1921", "10 August 1920"))
    spoils = GiveAways.among([choice, KARS_WHEN])
    assert not spoils.gives_away(choice.id, KARS_WHEN.id)


def test_a_chronology_gives_away_the_dates_of_its_items_and_a_matching_card_needs_both_sides() -> None:
    chronology = card("sevres:chronology:order", CardType.CHRONOLOGY, "Put these events in order.",
                      "The Treaty of Sèvres (10 August 1920) → The Treaty of Kars (13 October 1921)",
                      facts=("sevres", "kars"), options=("The Treaty of Sèvres", "The Treaty of Kars"))
    matching = card("p:matching:roles", CardType.MATCHING, "Match each person to their role.",
                    "Enver — war minister; Talat — grand vizier", facts=("p", "q"),
                    pairs=(("Enver Pasha", "Ottoman war minister"), ("Talat Pasha", "grand vizier")))
    one_side = card("r:qa:x", CardType.QA, "Who was the Ottoman war minister in 1914?", "Enver Pasha")
    unrelated = card("s:qa:x", CardType.QA, "Who was the Ottoman ambassador in Moscow?", "Ali Fuat")
    both_sides = card("t:truefalse:true", CardType.TRUE_FALSE, "True or false: Enver Pasha was Ottoman war minister.",
                      "True", statement="Enver Pasha was the Ottoman war minister.")
    spoils = GiveAways.among([chronology, KARS_WHEN, matching, one_side, unrelated, both_sides])
    assert spoils.gives_away(chronology.id, KARS_WHEN.id)  # a common fact, and the date shown
    assert spoils.gives_away(both_sides.id, matching.id)
    assert not spoils.gives_away(unrelated.id, matching.id)


def test_imported_cards_of_one_note_are_siblings() -> None:
    front, back = (NoteCard(id=f"anki:n1:{n}", deck_id="d", guid="n1", ordinal=n, question="Q", answer="A",
                            note_type="Basic (and reversed card)") for n in (0, 1))
    spoils = GiveAways.among([front, back])
    assert spoils.gives_away(front.id, back.id) and spoils.gives_away(back.id, front.id)


def test_words_fold_case_and_accents() -> None:
    assert words("Göyçay, KÂZIM Karabekir") == ["goycay", "kazim", "karabekir"]


def pairwise(cards: list[Card | NoteCard]) -> dict[str, set[str]]:
    """The give-away relation by its definition, every card weighed against every other: what
    `GiveAways.among` must find with its indexes."""
    from studykit.core.giveaway import CUE_SHARE, STATEMENT_SHARE, _asks, _needed, related_keys, shown_text

    spoils: dict[str, set[str]] = {c.id: set() for c in cards}
    asked = {c.id: _asks(c) if isinstance(c, Card) else None for c in cards}
    for spoiler in cards:
        text = words(shown_text(spoiler)) if isinstance(spoiler, Card) else []
        shown = set(text)
        runs = {tuple(text[i:j]) for i in range(len(text)) for j in range(i + 1, len(text) + 1)}

        def covers(wanted: frozenset[str], share: float) -> bool:
            return bool(wanted) and len(shown & wanted) >= _needed(wanted, share)  # noqa: B023

        for later in cards:
            if later.id == spoiler.id:
                continue
            if related_keys(spoiler) & related_keys(later):
                spoils[spoiler.id].add(later.id)
                continue
            if not isinstance(spoiler, Card) or (asks := asked[later.id]) is None:
                continue
            if ((any(answer in runs for answer in asks.answers) and covers(asks.cue, CUE_SHARE))
                    or covers(asks.statement, STATEMENT_SHARE)
                    or any(covers(left, STATEMENT_SHARE) and covers(right, STATEMENT_SHARE)
                           for left, right in asks.pairs)):
                spoils[spoiler.id].add(later.id)
    return spoils


def test_the_indexes_find_what_weighing_every_pair_finds() -> None:
    """Random card sets over a small vocabulary (so that answers show and cues cover often,
    common words and rare ones, accents folded): the same relation as the definition."""
    import random

    vocabulary = ["Kars", "Kâzım", "kazim", "treaty", "1918", "1921", "Baku", "the", "of", "signed", "Enver",
                  "Pasha", "war", "minister", "Caucasus", "Göyçay", "army", "13", "October", "Moscow"]
    rng = random.Random(16)
    kinds = [CardType.QA, CardType.CLOZE, CardType.CHOICE, CardType.TRUE_FALSE, CardType.MATCHING,
             CardType.CHRONOLOGY]

    def text(low: int, high: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(rng.randint(low, high)))

    from studykit.core.giveaway import related_keys

    shown_not_related = 0
    for _ in range(60):
        cards: list[Card | NoteCard] = []
        for n in range(rng.randint(2, 40)):
            if rng.random() < 0.1:
                guid = f"g{rng.randint(0, 3)}"
                cards.append(NoteCard(id=f"anki:{guid}:{n}", deck_id="d", guid=guid, ordinal=n, question=text(2, 6),
                                      answer=text(1, 3), note_type="Basic"))
                continue
            kind = rng.choice(kinds)
            matching = kind is CardType.MATCHING
            pairs = tuple((text(1, 3), text(1, 3)) for _ in range(rng.randint(2, 3))) if matching else ()
            options = tuple(text(1, 3) for _ in range(3)) if kind in (CardType.CHOICE, CardType.CHRONOLOGY) else ()
            facts = tuple(f"f{rng.randint(0, 30)}" for _ in range(rng.randint(1, 2)))
            cards.append(card(f"c{n}", kind, text(3, 9), text(1, 3), facts=facts, statement=text(0, 10),
                              options=options, pairs=pairs))
        expected = pairwise(cards)
        spoils = GiveAways.among(cards)
        assert {c.id: set(spoils.of(c.id)) for c in cards} == expected
        keys = {c.id: related_keys(c) for c in cards}
        shown_not_related += sum(not keys[a] & keys[b] for a, later in expected.items() for b in later)
    assert shown_not_related > 100  # the sets test the words, not only the siblings
