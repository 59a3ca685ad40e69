"""The card browser of the application layer: searches, sorting, the detail with its history, the
actions (each a logged event, committed before it returns), flags, and imported Anki cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from studykit.core.session import EventKind, SessionConfig
from studykit.sources.fact_decks import GivenFacts
from studykit.storage import Collection
from studykit.study.errors import BadQuery, StudyError
from studykit.study.study import Study
from studykit.study.views import Step
from tests.tui.sample import DECKS, NOW, TZ, sample_cards


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def study(tmp_path: Path, clock: Clock) -> Iterator[Study]:
    # the sample (30 cards of four facts) with its siblings shown
    with Study(tmp_path / "collection.sqlite3", sources=[GivenFacts(DECKS, sample_cards())], now=clock, tz=TZ,
               config=SessionConfig(new_per_day=30, spare_giveaways=False)) as opened:
        yield opened


def ids(study: Study, query: str, **options: object) -> list[str]:
    return [row.id for row in study.browse(query, **options).rows]  # type: ignore[arg-type]


def test_every_card_is_listed_with_its_deck_type_and_tags(study: Study) -> None:
    result = study.browse("")
    assert result.total == len(result.rows) == 30
    assert result.rows[0].tags == ()  # the fact decks not read yet: a search needs no tags
    result = study.browse("", tags=True)
    row = result.rows[0]
    assert (row.id, row.deck, row.type, row.state, row.reviews, row.flag) == (
        "fall-of-baku:qa:0", "Baku 1918: events", "qa", "new", 0, 0)
    assert row.tags == ("kind::event", "topic::battle-of-baku", "lang::az", "lang::bn")
    assert row.question == "When did Baku fall to the Army of Islam?" and row.answer == "15 September 1918"


@pytest.mark.parametrize(("query", "expected"), [
    ("stokes card:choice", ["stokes-detachment:choice:1", "stokes-detachment:choice:3"]),
    ('deck:"soviet–turkish entente" card:qa', ["kemal-letter:qa:3", "markup-fact:qa:4"]),
    ("deck:entente card:truefalse", ["kemal-letter:truefalse:3", "markup-fact:truefalse:4"]),
    ("deck:ENTENTE card:cloze sovnarkom", ["kemal-letter:cloze:3"]),
    ("tag:topic::battle-of-baku card:matching", [*(f"stokes-detachment:matching:{i}" for i in range(4)),
                                                  "markup-fact:matching:4"]),
    ("tag:lang::bn card:qa", ["fall-of-baku:qa:0"]),
    ("fact:kemal-letter card:chronology", ["kemal-letter:chronology:1", "kemal-letter:chronology:3"]),
    ('"[bold]not bold[/]" card:qa', ["markup-fact:qa:4"]),
    ("dunsterville", ["stokes-detachment:choice:1", "stokes-detachment:matching:3"]),  # options and pairs are text too
])
def test_searches(study: Study, query: str, expected: list[str]) -> None:
    assert ids(study, query) == expected


def test_states_after_a_session_and_actions(study: Study, clock: Clock) -> None:
    step = study.start(None)
    assert isinstance(step, Step) and step.card is not None
    first = step.card.id
    step = study.grade(first, "good", answer_seconds=3)
    assert step.card is not None
    second = step.card.id
    study.grade(second, "again", answer_seconds=3)
    assert ids(study, "is:learn") == [first, second]
    assert ids(study, "-is:new") == [first, second]
    assert ids(study, "is:due") == [second]  # failed today: due again today
    assert ids(study, "prop:reviews=1") == [first, second]
    assert study.suspend_cards([first]).changed == 1
    assert study.suspend_cards([first]).unchanged == 1  # already so: nothing logged twice
    assert ids(study, "is:suspended") == [first]
    report = study.bury_cards([second, "markup-fact:qa:4"])
    assert report.changed == 2
    assert ids(study, "is:buried") == [second, "markup-fact:qa:4"]
    assert ids(study, "is:due") == []
    study.unbury_cards([second])
    assert ids(study, "is:buried") == ["markup-fact:qa:4"] and ids(study, "is:due") == [second]
    study.unsuspend_cards([first])
    assert ids(study, "is:suspended") == []
    with Collection.open(study.path) as collection:
        kinds = [event.kind for _, event in collection.events(card_id=first)]
        assert kinds == [EventKind.NEW, EventKind.SUSPEND, EventKind.UNSUSPEND]
        assert [e.kind for _, e in collection.events(card_id=second)][-2:] == [EventKind.BURY, EventKind.UNBURY]
    clock.now = NOW + dt.timedelta(days=1)
    assert ids(study, "is:buried") == []  # a bury ends when the day turns over


def test_flags_are_marks_not_events(study: Study) -> None:
    report = study.flag_cards(["fall-of-baku:qa:0", "kemal-letter:qa:3"], 1)
    assert (report.action, report.changed) == ("flag", 2)
    study.flag_cards(["kemal-letter:qa:3"], 7)
    assert ids(study, "flag:red") == ["fall-of-baku:qa:0"]
    assert ids(study, "flag:purple") == ["kemal-letter:qa:3"]
    assert ids(study, "is:flagged") == ["fall-of-baku:qa:0", "kemal-letter:qa:3"]
    assert study.browse("flag:7").rows[0].flag_name == "purple"
    study.flag_cards(["kemal-letter:qa:3"], 0)
    assert ids(study, "is:flagged") == ["fall-of-baku:qa:0"]
    with Collection.open(study.path) as collection:
        assert collection.events() == []
    with pytest.raises(StudyError):
        study.flag_cards(["fall-of-baku:qa:0"], 8)


def test_sorting(study: Study) -> None:
    by_question = study.browse("card:qa", sort="question").rows
    assert [r.question for r in by_question] == sorted((r.question for r in by_question), key=str.casefold)
    assert ids(study, "card:qa", sort="order") == ids(study, "card:qa", sort="order", descending=True)[::-1]
    step = study.start(None)
    assert isinstance(step, Step) and step.card is not None
    study.grade(step.card.id, "easy", answer_seconds=1)
    due_first = ids(study, "", sort="due")
    assert due_first[0] == step.card.id  # seen cards first, by due date; then new ones in order
    assert ids(study, "", sort="ease", descending=True)[0] == step.card.id
    with pytest.raises(BadQuery, match="cannot sort by 'size'"):
        study.browse("", sort="size")


def test_a_query_that_cannot_be_read_is_one_message_with_its_place(study: Study) -> None:
    with pytest.raises(BadQuery) as caught:
        study.browse("baku is:asleep")
    assert caught.value.position == 5 and "unknown state 'is:asleep'" in str(caught.value)
    assert study.browse("deck:nowhere baku").unknown_decks == ("nowhere",)


def test_detail_with_history(study: Study, clock: Clock) -> None:
    step = study.start(None)
    assert isinstance(step, Step) and step.card is not None
    card_id = step.card.id
    assert study.browse(f"cid:{card_id}").rows[0].reviews == 0
    study.grade(card_id, "again", answer_seconds=2.5)
    assert study.browse(f"cid:{card_id}").rows[0].reviews == 1  # the counts kept between searches: counted again
    clock.now = NOW + dt.timedelta(minutes=5)
    study.suspend_cards([card_id])
    detail = study.card_detail(card_id)
    assert [(h.kind, h.quality, h.button) for h in detail.history] == [("new", 1, "Again"), ("suspend", None, "")]
    assert detail.history[0].interval == 1 and detail.history[0].answer_seconds == 2.5
    assert detail.row.suspended and detail.row.lapses == 0 and detail.row.repetitions == 1
    assert detail.text.question == step.card.prompt
    data = detail.to_dict()
    assert data["history"][1]["kind"] == "suspend" and data["statement"]  # type: ignore[index]
    with pytest.raises(StudyError, match="no card 'nope'"):
        study.card_detail("nope")


def test_suspending_the_card_on_screen_moves_the_session_on(study: Study) -> None:
    """Opened from the review screen, the browser suspends the current card: the session shows the next."""
    step = study.start(None)
    assert isinstance(step, Step) and step.card is not None
    shown = step.card.id
    study.suspend_cards([shown])
    after = study.current_step()
    assert after is not None and after.card is not None and after.card.id != shown
    study.unsuspend_cards([shown])  # it comes back, at the end of the session
    ahead = []
    step = after
    while step.card is not None:
        ahead.append(step.card.id)
        step = study.grade(step.card.id, "good", answer_seconds=1)
    assert ahead[-1] == shown and len(ahead) == 30


def test_imported_anki_cards_are_listed_and_searched(tmp_path: Path) -> None:
    """A package the anki library makes (Basic, reversed and Cloze notes, subdecks, tags, HTML)."""
    from tests.importers.anki.builders import build_source, export_apkg

    col, _ = build_source(tmp_path / "source")
    try:
        note = col.get_note(col.find_notes("hola")[0])  # Anki found its first card a leech
        note.add_tag("leech")
        col.update_note(note)
        col.db.execute("UPDATE cards SET lapses = 8 WHERE id = ?", note.card_ids()[0])
        package = export_apkg(col, tmp_path / "made.apkg", legacy=False)
    finally:
        col.close()
    with Study(tmp_path / "collection.sqlite3", sources=[GivenFacts(DECKS, sample_cards())], now=lambda: NOW,
               tz=TZ) as study:
        study.import_package(package)
        notes = study.browse("card:note").rows
        assert len(notes) == study.browse("").total - 30 > 0
        hola = study.browse("hola").rows
        assert {row.type_label for row in hola} == {"Basic (and reversed card) · Card 1",
                                                    "Basic (and reversed card) · Card 2"}
        assert {(row.question, row.answer) for row in hola} == {("hola", "hello"), ("hello", "hola")}
        assert {row.deck for row in hola} == {"Languages::Spanish"}
        assert ids(study, 'card:"card 2" hola') == [r.id for r in hola if r.question == "hello"]
        assert len(ids(study, "note:cloze")) == 5  # c1–c3 of one note, c1–c2 of the nested one
        assert set(ids(study, "deck:languages")) == set(ids(study, "tag:spanish")) | set(ids(study, "tag:nested"))
        assert ids(study, "tag:unit") == ids(study, "tag:unit::1") == ids(study, '"299 792 458"')
        light = study.browse('"speed of light"').rows[0]
        assert light.question == "Speed of light c" and "299 792 458 m/s & ✓" in light.answer
        assert light.tags == ("physics", "unit::1")
        detail = study.card_detail(light.id)
        assert ("Front", "Speed of light c") in detail.text.extra
        assert ids(study, "card:note is:suspended")  # as Anki had it
        assert len(ids(study, "card:note flag:orange")) == len(ids(study, "is:flagged")) == 1  # as Anki had it
        leech = study.browse("is:leech").rows  # the card Anki tagged, not its sibling with the note's tag
        assert [row.question for row in leech] == ["hola"] and leech[0].leech
        assert len(ids(study, "tag:leech")) == 2
        study.suspend_cards([light.id])
        assert light.id in ids(study, "is:suspended")


def test_an_imported_card_s_history_is_in_time_order_with_anki_s_buttons(tmp_path: Path) -> None:
    """The import logs the state it sets, then the answers given in Anki before it: the detail
    lists them as they happened, each answer with the button pressed in Anki (app and CLI)."""
    from studykit.cli.browse import render_detail
    from tests.importers.anki.builders import build_source, export_apkg

    col, _ = build_source(tmp_path / "source")  # answered in Anki now
    try:
        package = export_apkg(col, tmp_path / "made.apkg", legacy=False)
    finally:
        col.close()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with Study(tmp_path / "collection.sqlite3", sources=(), now=lambda: later, tz=TZ) as study:
        study.import_package(package)
        answered = next(d for d in map(study.card_detail, ids(study, "card:note"))
                        if any(h.kind.startswith("anki-") for h in d.history))
        history = answered.history
        assert [h.at for h in history] == sorted(h.at for h in history) and history[-1].kind == "set-state"
        shown = render_detail(answered)
        for entry in history[:-1]:
            assert f"{entry.kind:<12} {entry.button}" in shown
