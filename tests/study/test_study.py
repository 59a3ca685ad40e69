"""The application layer over a collection file: syncing its sources, sessions, decks, stats, passages."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import studykit.decks
from studykit.core.cards import Card, CardType
from studykit.core.session import SessionConfig
from studykit.decks import bundled_dir
from studykit.sources import Passages, SourceCards, SourceDeck, SourceDoc
from studykit.sources.fact_decks import FactDecks, GivenFacts
from studykit.storage import Collection
from studykit.study.errors import StudyError, UnknownDeck
from studykit.study.study import Study
from studykit.study.views import NothingDue, Step
from tests.tui.sample import DECKS, NOW, TZ, sample_cards


def copy_decks(tmp_path: Path) -> FactDecks:
    shutil.copytree(bundled_dir("decks"), tmp_path / "decks")
    shutil.copytree(bundled_dir("seeds"), tmp_path / "seeds")
    return FactDecks(tmp_path / "decks", tmp_path / "seeds")


def study_of(tmp_path: Path, *sources: object, config: SessionConfig | None = None) -> Study:
    return Study(tmp_path / "collection.sqlite3", sources=sources or None, now=lambda: NOW, tz=TZ,  # type: ignore[arg-type]
                 config=config or SessionConfig(new_per_day=30))


class AnkiLike:
    """A second source, shaped as an imported Anki package will be: decks named `Parent::Child`,
    cards it no longer makes kept and reported rather than retired."""

    id = "anki:test-package"
    label = "test.apkg"
    retire_missing = False

    def __init__(self, count: int = 4) -> None:
        self.count = count
        self.loads = 0

    def fingerprint(self) -> str:
        return f"version with {self.count} notes"

    def load(self) -> SourceCards:
        self.loads += 1
        decks = (SourceDeck("anki:1", "Japanese"), SourceDeck("anki:2", "Japanese::Kanji"),
                 SourceDeck("anki:3", "Japanese::Kanji::N5"))
        cards = tuple(
            Card(id=f"anki:note-{i}:0", type=CardType.QA, deck_id=decks[i % 3].id, prompt=f"Note {i}?",
                 answer=f"Answer {i}", fact_ids=(), sources=())
            for i in range(self.count)
        )
        return SourceCards(decks, cards, self.fingerprint())

    def passages(self, card: Card) -> Passages:
        return Passages(quotes=((SourceDoc(self.label, "the note", "Japanese"), card.prompt),))


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Study]:
    """The TUI tests' sample: its cards give each other away (four facts), so sparing is off."""
    with study_of(tmp_path, GivenFacts(DECKS, sample_cards()),
                  config=SessionConfig(new_per_day=30, spare_giveaways=False)) as study:
        yield study


def test_a_session_shows_one_card_of_a_fact_a_day_and_a_restart_the_same_day_does_not_bring_the_others(
        tmp_path: Path) -> None:
    with study_of(tmp_path, GivenFacts(DECKS, sample_cards())) as study:
        step = study.start("baku")
        assert isinstance(step, Step) and step.card is not None and step.remaining == 2  # two facts
        first = step.card
        step = study.grade(first.id, "good", 2.0)
        assert step.card is not None and set(step.card.fact_ids).isdisjoint(first.fact_ids)
    with study_of(tmp_path, GivenFacts(DECKS, sample_cards())) as study:
        again = study.start("baku")
        assert isinstance(again, Step) and again.remaining == 1 and again.card is not None
        assert set(again.card.fact_ids).isdisjoint(first.fact_ids)


def test_unchanged_deck_files_are_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decks = copy_decks(tmp_path)
    first = study_of(tmp_path, decks).open()  # a new collection: synced before the first screen
    assert first.stale_sources() == []
    names = {deck.id: deck.name for deck in first.decks()}
    assert {deck.anki_name for deck in first.decks()} >= {"Baku 1918::People, forces and places"}
    first.close()

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the decks were read")

    again = study_of(tmp_path, FactDecks(tmp_path / "decks", tmp_path / "seeds"))
    with monkeypatch.context() as patched:
        patched.setattr(studykit.decks, "load_decks", no_reading)
        patched.setattr(studykit.decks, "load_seeds", no_reading)
        again.open()
        assert {deck.id: deck.name for deck in again.decks()} == names  # recorded by the sync: no deck file read
        assert again.stale_sources() == []
        rows = again.deck_rows()
        assert rows[0].total == sum(row.total for row in rows[1:]) > 0
        assert isinstance(again.start("BAKU 1918: people, forces and places"), Step)
    again.close()

    deck = min((tmp_path / "decks").glob("*.yaml"))
    deck.write_text(deck.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    edited = study_of(tmp_path, FactDecks(tmp_path / "decks", tmp_path / "seeds")).open()
    [stale] = edited.stale_sources()  # the bytes changed: read and sync (the cards are the same)
    assert edited.sync(stale).skipped
    assert edited.stale_sources() == []
    edited.close()
    last = study_of(tmp_path, FactDecks(tmp_path / "decks", tmp_path / "seeds")).open()
    assert last.stale_sources() == []
    last.close()


def test_broken_decks_are_one_message_and_the_collection_is_kept(tmp_path: Path) -> None:
    decks = copy_decks(tmp_path)
    with study_of(tmp_path, decks) as study:
        before = study.deck_rows()
        deck = min((tmp_path / "decks").glob("*.yaml"))
        deck.write_text(deck.read_text(encoding="utf-8").replace("facts:", "facts: [", 1), encoding="utf-8")
        with pytest.raises(StudyError, match=r"baku-1918-events.yaml:8: malformed YAML"):
            study.load(decks)
        assert study.deck_rows() == before


def test_a_day_of_new_cards_from_the_bundled_decks_has_no_two_siblings(tmp_path: Path) -> None:
    """Siblings (cards of one fact) are introduced days apart, as Anki buries them."""
    now = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
    with Study(tmp_path / "collection.sqlite3", now=lambda: now, tz=dt.UTC) as study:  # the bundled decks
        step = study.start(None)
        new = []
        while isinstance(step, Step) and step.card is not None:
            new.append(step.card.id)
            step = study.grade(step.card.id, "easy", 3.0)
        assert len(new) == 20
        assert len({card_id.split(":")[0] for card_id in new}) == 20


def test_a_session_grades_undoes_buries_and_suspends_through_the_layer(sample: Study) -> None:
    step = sample.start("baku")
    assert isinstance(step, Step) and step.card is not None and (step.done, step.remaining) == (0, 18)
    assert step.label == "new" and step.detail == "new 18"
    first = step.card
    step = sample.grade(first.id, "good", 4.2)
    assert step.done == 1 and step.card is not None and step.card.id != first.id
    assert sample.grade(first.id, "good", 1.0) == step  # a late second key press changes nothing
    step = sample.undo()
    assert step is not None and step.card == first and step.done == 0
    step = sample.grade(first.id, 1, 2.0)  # an SM-2 quality: below 3, re-drilled
    assert step.detail == "new 17 · again 1"
    assert step.card is not None
    buried = step.card.id
    step = sample.bury(buried)
    assert step.card is not None and step.card.id != buried
    step = sample.suspend(step.card.id)
    summary = sample.summary()
    assert (summary.reviewed, summary.answered, summary.correct, summary.again) == (1, 1, 0, 0)
    assert summary.seconds == 2.0
    kinds = [e.kind.value for _, e in sample._c.events()]
    assert kinds == ["new", "undo", "new", "bury", "suspend"]


def test_nothing_due_says_when_and_what_else_there_is(sample: Study) -> None:
    step = sample.start("entente")
    while isinstance(step, Step) and step.card is not None:
        step = sample.grade(step.card.id, "easy", 1.0)
    again = sample.start("entente")
    assert isinstance(again, NothingDue)
    assert again.next_due == NOW + dt.timedelta(days=1) and again.new_available == 0 and again.cram_available == 12
    cram = sample.start("entente", "cram")
    assert isinstance(cram, Step) and cram.label == "cram" and cram.remaining == 12
    new = sample.start("baku", "new")
    assert isinstance(new, Step) and new.remaining == 18


def test_a_deck_is_named_by_id_name_or_anki_name_in_any_case(tmp_path: Path) -> None:
    decks = [replace(deck, anki_name=f"Caucasus::{deck.name}") for deck in DECKS]
    with study_of(tmp_path, GivenFacts(decks, sample_cards())) as study:
        for asked in ("baku", "BAKU", "baku 1918:  EVENTS", "caucasus :: Baku 1918: events"):
            assert study.resolve(asked).deck_ids == ("baku",), asked
            assert study.deck_name(asked) == "Baku 1918: events"
        parent = study.resolve("CAUCASUS")
        assert parent.name == "Caucasus" and set(parent.deck_ids or ()) == {"baku", "entente"}
        step = study.start("caucasus")
        assert isinstance(step, Step) and step.remaining == 4  # one card of each of the four facts
        with pytest.raises(UnknownDeck, match="unknown deck 'tiflis'; known decks: baku, entente"):
            study.start("tiflis")
        assert study.resolve(None).everything and study.deck_name(None) == "All decks"


def test_syncing_the_fact_decks_leaves_another_source_s_cards_alone(tmp_path: Path) -> None:
    anki = AnkiLike()
    with study_of(tmp_path, GivenFacts(DECKS, sample_cards()), anki) as study:
        assert anki.loads == 1  # never synced into this collection: synced on opening
        study.grade(study.start("japanese::kanji").card.id, "good", 1.0)  # type: ignore[union-attr]
        history = study._c.events()
        fewer = GivenFacts(DECKS, sample_cards()[:10])
        report = study.sync(fewer)
        assert report.retired == 20
        assert study._c.events() == history
        assert study._c.decks()["anki:2"] == 1 and study._c.decks()["anki:3"] == 1
        assert len(study._c.records(deck=("anki:1", "anki:2", "anki:3"))) == 4

    reopened = study_of(tmp_path, GivenFacts(DECKS, sample_cards()[:10]), anki).open()
    assert [s.id for s in reopened.stale_sources()] == ["fact-decks"]  # given cards: no fingerprint
    assert anki.loads == 1  # the package's fingerprint is unchanged: not read again
    anki.count = 2  # a newer version of the package lacks two notes: kept and reported
    report = reopened.sync(anki)
    assert report.missing == ("anki:note-2:0", "anki:note-3:0") and report.retired == 0
    assert len(reopened._c.records(deck=("anki:1", "anki:2", "anki:3"))) == 4
    assert len(reopened._c.records()) == 10 + 4
    reopened.close()


def test_a_parent_deck_rolls_up_its_subdecks_on_the_decks_screen(tmp_path: Path) -> None:
    with study_of(tmp_path, GivenFacts(DECKS, sample_cards()), AnkiLike(count=7),
                  config=SessionConfig(new_per_day=5)) as study:
        rows = [(r.deck_id, r.name, r.depth, r.new, r.total) for r in study.deck_rows()]
        assert rows == [
            (None, "All decks", 0, 5, 37),
            ("baku", "Baku 1918: events", 0, 5, 18),
            ("anki:1", "Japanese", 0, 5, 7),
            ("anki:2", "Kanji", 1, 4, 4),
            ("anki:3", "N5", 2, 2, 2),
            ("entente", "Soviet–Turkish entente", 0, 5, 12),
        ]
        step = study.start("anki:2")  # a subdeck with its own subdeck
        assert isinstance(step, Step) and step.remaining == 4
        assert study.deck_name("anki:2") == "Japanese::Kanji"


def test_stats_and_passages_of_a_deck(sample: Study) -> None:
    step = sample.start("Soviet–Turkish entente")
    assert isinstance(step, Step) and step.card is not None
    card = step.card
    sample.grade(card.id, "good", 3.0)
    selection, numbers = sample.numbers("ENTENTE")
    assert selection.deck_ids == ("entente",) and numbers.reviewed_today == 1
    assert dict(sample.stats("entente").by_state)["new"] == 11
    assert dict(sample.stats(None).by_state)["new"] == 29
    passages = sample.passages(card)
    assert passages.facts and passages.facts[0].id == card.fact_ids[0]
    assert [doc.file for doc, _ in passages.quotes] == [s.seed for s in card.sources]
    assert passages.docs["002_b70820031354e4d2.txt"].language != "language not recorded"


def test_a_broken_collection_is_one_study_error(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    path.write_bytes(b"not a database")
    with pytest.raises(StudyError, match="is not a studykit collection"):
        Study(path, sources=()).open()
    assert path.read_bytes() == b"not a database"


def test_reading_a_collection_syncs_nothing(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    with Collection.open(path) as collection:
        collection.sync(sample_cards()[:3])
    with Study(path, sources=()) as study:
        assert study.deck_rows()[0].total == 3
        assert study.resolve("baku").deck_ids == ("baku",)  # a deck with cards but no recorded name


def test_an_imported_source_joins_the_sources_and_tells_its_cards_passages(sample: Study) -> None:
    package = AnkiLike(count=2)
    report = sample.sync(package)  # as `studykit import` will
    assert report.added == 2 and package in sample.sources
    step = sample.start("Japanese")
    assert isinstance(step, Step) and step.card is not None
    assert sample.passages(step.card).quotes[0] == (SourceDoc("test.apkg", "the note", "Japanese"), step.card.prompt)
    fact_card = sample_cards()[0]
    assert sample.passages(fact_card).facts[0].id == "fall-of-baku"  # each card asks its own source


def test_new_cards_now_gives_ten_more_at_the_first_press_also_after_a_restart(tmp_path: Path) -> None:
    """Three new cards a day; "new" gave ten more; after a restart the same day (a new layer:
    it remembers nothing of the earlier presses) one press gives ten more again, not nothing."""
    config = SessionConfig(new_per_day=3, spare_giveaways=False)
    with study_of(tmp_path, GivenFacts(DECKS, sample_cards()), config=config) as study:
        for mode, expected in (("review", 3), ("new", 10)):
            step = study.start(None, mode)
            assert isinstance(step, Step) and step.remaining == expected, mode
            while step.card is not None:
                step = study.grade(step.card.id, "good", 1.0)
    with study_of(tmp_path, GivenFacts(DECKS, sample_cards()), config=config) as study:
        nothing = study.start(None)
        assert isinstance(nothing, NothingDue) and nothing.new_available == 17
        more = study.start(None, "new")
        assert isinstance(more, Step) and more.remaining == 10


def test_cramming_a_deck_never_studied_is_told_apart_from_nothing_due(sample: Study) -> None:
    nothing = sample.start("baku", "cram")
    assert isinstance(nothing, NothingDue) and nothing.cramming and nothing.cram_available == 0
    assert nothing.next_due is None and nothing.new_available == 18
