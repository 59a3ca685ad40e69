"""Deck options: daily limits of the collection and of decks, kept in the collection, honoured by
the decks screen's counts and by the sessions, which agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from studykit.core.cards import Card, CardType
from studykit.core.session import SessionConfig
from studykit.sources import Passages, SourceCards, SourceDeck
from studykit.study.errors import StudyError
from studykit.study.study import KEEP, Study
from studykit.study.views import DeckRow, NothingDue, Step
from tests.tui.sample import NOW, TZ


class Tree:
    """Decks Lang (with Lang::Spanish and Lang::French under it) and Maths, 30 new cards each."""

    id = "tree"
    label = "a tree of decks"
    retire_missing = True

    def fingerprint(self) -> None:
        return None

    def load(self) -> SourceCards:
        decks = (SourceDeck("lang", "Lang"), SourceDeck("es", "Lang::Spanish"), SourceDeck("fr", "Lang::French"),
                 SourceDeck("maths", "Maths"))
        cards = tuple(
            Card(id=f"{deck.id}-{i}", type=CardType.QA, deck_id=deck.id, prompt=f"{deck.name} {i}?", answer="a",
                 fact_ids=(), sources=())
            for i in range(30) for deck in decks
        )
        return SourceCards(decks, cards)

    def passages(self, card: Card) -> Passages:
        return Passages()


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Study]:
    with Study(tmp_path / "collection.sqlite3", sources=[Tree()], now=lambda: NOW, tz=TZ,
               config=SessionConfig()) as opened:
        yield opened


def counts(study: Study) -> dict[str, tuple[int, int]]:
    return {row.name if row.deck_id else "all": (row.new, row.due) for row in study.deck_rows()}


def session_cards(study: Study, deck: str | None, mode: str = "review") -> list[str]:
    step = study.start(deck, mode)
    if isinstance(step, NothingDue):
        return []
    shown = []
    while isinstance(step, Step) and step.card is not None:
        shown.append(step.card.id)
        step = study.grade(step.card.id, "good", answer_seconds=1)
    return shown


def test_the_defaults_until_set(study: Study) -> None:
    view = study.limits()
    assert view.is_collection and view.effective.new_per_day == 20 and view.effective.reviews_per_day == 200
    assert view.own.new_per_day is None
    assert counts(study)["all"] == (20, 0) and counts(study)["Maths"] == (20, 0)


def test_the_collection_limit_caps_every_deck(study: Study) -> None:
    study.set_limits(None, new_per_day=7)
    assert counts(study) == {"all": (7, 0), "Lang": (7, 0), "Spanish": (7, 0), "French": (7, 0), "Maths": (7, 0)}
    assert len(session_cards(study, "maths")) == 7
    assert counts(study)["all"] == (0, 0)  # the collection's 7 are used up, whichever deck took them
    assert session_cards(study, "lang") == []


def test_a_deck_limit_caps_its_subtree_and_its_own_session(study: Study) -> None:
    study.set_limits("lang::spanish", new_per_day=3)
    study.set_limits("Lang", new_per_day=5)
    study.set_limits(None, new_per_day=12)
    rows = counts(study)
    assert rows["Spanish"] == (3, 0)
    assert rows["French"] == (12, 0)  # its parent's limit does not apply to its own session (Anki's v3)
    assert rows["Lang"] == (5, 0)
    assert rows["all"] == (12, 0)  # Lang gives 5 at most, Maths the rest
    spanish = session_cards(study, "es")
    assert len(spanish) == 3 and all(card.startswith("es-") for card in spanish)
    assert counts(study)["Spanish"] == (0, 0) and counts(study)["Lang"] == (2, 0)
    everything = session_cards(study, None)
    assert len(everything) == 9  # 12 - 3 done
    assert sum(card.startswith(("lang-", "fr-", "es-")) for card in everything) == 2
    assert counts(study) == {"all": (0, 0), "Lang": (0, 0), "Spanish": (0, 0), "French": (0, 0), "Maths": (0, 0)}


def test_learn_more_new_cards_now_raises_the_deck_limit_too(study: Study) -> None:
    study.set_limits("maths", new_per_day=2)
    assert len(session_cards(study, "maths")) == 2
    assert len(session_cards(study, "maths", "new")) == 10  # "n": ten more


def test_reviews_per_day_per_deck(study: Study, tmp_path: Path) -> None:
    first = session_cards(study, None)
    assert len(first) == 20
    later = Study(study.path, sources=[Tree()], now=lambda: NOW + dt.timedelta(days=1), tz=TZ).open()
    try:
        due_before = counts(later)
        assert due_before["all"][1] == 20
        later.set_limits("lang", reviews_per_day=4)
        rows = counts(later)
        assert rows["Lang"][1] == 4 and rows["all"][1] == min(20, 4 + rows["Maths"][1])
        assert later.limits("lang").effective.reviews_per_day == 4
        assert later.limits("lang").effective.new_per_day == 20  # not set there: the collection's
    finally:
        later.close()


def test_limits_are_kept_in_the_collection_and_can_be_taken_off(study: Study) -> None:
    study.set_limits("maths", new_per_day=4, reviews_per_day=50)
    study.set_limits("maths", new_per_day=KEEP, reviews_per_day=None)
    reopened = Study(study.path, sources=(), now=lambda: NOW, tz=TZ).open()
    try:
        view = reopened.limits("MATHS")
        assert (view.own.new_per_day, view.own.reviews_per_day) == (4, None)
        assert [v.name for v in reopened.all_limits()] == ["the whole collection", "Maths"]
        reopened.set_limits("maths", new_per_day=None)
        assert [v.name for v in reopened.all_limits()] == ["the whole collection"]
    finally:
        reopened.close()


def test_every_limit_is_listed_with_what_was_done_today_against_it(study: Study) -> None:
    study.set_limits("maths", new_per_day=3)
    study.set_limits("lang", new_per_day=2)
    assert len(session_cards(study, "maths")) == 3
    views = study.all_limits()
    assert [(v.name, v.done_today.new) for v in views] == [("the whole collection", 3), ("Lang", 0), ("Maths", 3)]
    assert views[2].done_today == study.limits("maths").done_today


@pytest.mark.parametrize("bad", [-1, 10**7])
def test_a_bad_limit_is_refused(study: Study, bad: int) -> None:
    with pytest.raises(StudyError, match="new per day"):
        study.set_limits("maths", new_per_day=bad)
    with pytest.raises(StudyError, match="unknown deck"):
        study.set_limits("nowhere", new_per_day=3)


def test_rows_are_deck_rows(study: Study) -> None:
    assert all(isinstance(row, DeckRow) for row in study.deck_rows())
