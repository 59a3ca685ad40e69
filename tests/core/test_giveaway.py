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
