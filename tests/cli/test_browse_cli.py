"""`studykit browse` and `studykit options`: the browser's searches as a table and as JSON, its
actions (confirmation, --yes, every change logged), and the daily limits set from the command line
and honoured by the next session."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from studykit.cli import main
from studykit.core.session import EventKind, SessionConfig
from studykit.core.sm2 import Button
from studykit.storage import Collection
from studykit.study.study import Study
from studykit.study.views import Step
from tests.tui.sample import DECKS, sample_cards

UTC = dt.UTC


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample collection, its first four cards studied two days ago."""
    path = tmp_path / "collection.sqlite3"
    then = dt.datetime.now(UTC) - dt.timedelta(days=2)
    with Collection.open(path) as collection:
        collection.sync(sample_cards(), deck_names={deck.id: deck.name for deck in DECKS})
        session = collection.start_session(now=then, tz=UTC, config=SessionConfig(spare_giveaways=False))
        for _ in range(4):  # the first four of fall-of-baku's cards, siblings shown
            collection.commit(session.grade(Button.GOOD, now=then, answer_ms=3000))
    monkeypatch.setenv("STUDYKIT_COLLECTION", str(path))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    return path


def browse(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["browse", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def found(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    return [card["id"] for card in browse(capsys, *args)["cards"]]  # type: ignore[index, union-attr]


def test_every_card_and_searches(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = browse(capsys)
    assert data["total"] == data["matched"] == 30
    assert found(capsys, "card:choice", "--deck", "entente") == ["kemal-letter:choice:2", "markup-fact:choice:4"]
    assert found(capsys, "--type", "choice", "--deck", "Soviet–Turkish ENTENTE") == found(
        capsys, "card:choice deck:entente")
    assert found(capsys, "--type", "qa", "--type", "cloze", "sovnarkom") == [
        "kemal-letter:qa:3", "kemal-letter:cloze:3"]
    assert found(capsys, "--state", "learn") == [card.id for card in sample_cards()[:4]]
    assert found(capsys, "is:due") == [card.id for card in sample_cards()[:4]]  # due a day ago
    assert found(capsys, "stokes or sovnarkom", "--type", "cloze") == [  # the query in parentheses, then the options
        "stokes-detachment:cloze:1", "stokes-detachment:cloze:2", "kemal-letter:cloze:3"]
    card = browse(capsys, "cid:fall-of-baku:qa:0")["cards"][0]  # type: ignore[index]
    assert card["deck"] == "Baku 1918: events" and card["state"] == "learning" and card["interval"] == 1
    assert card["reviews"] == 1 and card["due_in_days"] == -1 and card["flag"] == 0


def test_the_table_and_history(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["browse", "card:qa", "--sort", "question"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Question") and "Deck" in out[0] and "Flag" in out[0]
    assert out[1].startswith("How many men were") and out[-1] == "5 of 30 cards match card:qa"
    assert out[1].endswith("stokes-detachment:qa:1") and "new #7" in out[1]
    assert main(["browse", "cid:fall-of-baku:qa:0", "--history"]) == 0
    text = capsys.readouterr().out
    assert "Q  When did Baku fall to the Army of Islam?" in text and "A  15 September 1918" in text
    assert " new       q4 Good → 1d, EF 2.50" in text
    data = browse(capsys, "cid:fall-of-baku:qa:0", "--history")
    assert [h["kind"] for h in data["cards"][0]["history"]] == ["new"]  # type: ignore[index]
    assert len(found(capsys, "--limit", "3")) == 3


def test_bad_queries_and_decks_are_one_line_exit_2(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["browse", "is:sleeping"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("studykit browse: unknown state 'is:sleeping'; one of new, learn,")
    assert err.endswith(" (at character 1 of the search: 'is:sleeping')\n") and err.count("\n") == 1
    assert main(["browse", 'deck:"Baku 1918']) == 2
    assert capsys.readouterr().err == ("studykit browse: a quote is not closed (at character 6 of the search: "
                                       "'\"Baku 1918')\n")
    assert main(["browse", "--deck", "tiflis"]) == 2
    assert capsys.readouterr().err == "studykit browse: unknown deck 'tiflis'; known decks: baku, entente\n"
    assert main(["browse", "deck:tiflis", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["matched"] == 0 and "no deck is named 'tiflis'" in captured.err
    with pytest.raises(SystemExit) as exit_status:  # argparse: one line, exit 2
        main(["browse", "--flag", "9"])
    assert exit_status.value.code == 2 and "a flag is 1-7" in capsys.readouterr().err


def test_actions_ask_for_several_cards_and_log_each_change(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["browse", "card:choice", "--suspend"]) == 2
    assert "suspend 5 cards? An action on several cards needs confirmation" in capsys.readouterr().err
    assert found(capsys, "is:suspended") == []
    data = browse(capsys, "card:choice", "--suspend", "--yes")
    assert (data["action"], data["matched"], data["changed"], data["unchanged"]) == ("suspend", 5, 5, 0)
    assert len(found(capsys, "is:suspended")) == 5
    assert main(["browse", "card:choice deck:baku", "--unsuspend", "--yes"]) == 0
    assert capsys.readouterr().out == "Unsuspended 3 cards.\n"
    assert main(["browse", "card:choice", "--suspend", "-y"]) == 0
    assert capsys.readouterr().out == "Suspended 3 cards (2 already suspended).\n"
    assert main(["browse", "cid:fall-of-baku:qa:0", "--reset"]) == 0  # one card: no question
    assert capsys.readouterr().out == "Reset 1 card to new.\n"
    assert browse(capsys, "cid:fall-of-baku:qa:0")["cards"][0]["state"] == "new"  # type: ignore[index]
    assert main(["browse", "cid:fall-of-baku:cloze:0", "--bury"]) == 0
    assert capsys.readouterr().out == "Buried 1 card until tomorrow.\n"
    assert found(capsys, "is:buried") == ["fall-of-baku:cloze:0"]
    assert browse(capsys, "is:buried", "--unbury", "--yes")["changed"] == 1
    assert browse(capsys, "card:qa", "--flag", "purple", "--yes")["changed"] == 5
    assert found(capsys, "flag:7") == found(capsys, "card:qa")
    assert browse(capsys, "flag:purple", "--flag", "none", "--yes")["action"] == "unflag"
    assert found(capsys, "is:flagged") == []
    with Collection.open(path) as collection:
        kinds = [event.kind for _, event in collection.events(card_id="fall-of-baku:choice:0")]
        assert kinds == [EventKind.NEW, EventKind.SUSPEND, EventKind.UNSUSPEND, EventKind.SUSPEND]
        kinds = [event.kind for _, event in collection.events(card_id="fall-of-baku:qa:0")]
        assert kinds == [EventKind.NEW, EventKind.SET_STATE]
    assert main(["browse", "nothing-like-this", "--suspend"]) == 0
    assert capsys.readouterr().out == "No card matches; nothing changed.\n"


def test_options(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["options", "--json"]) == 0
    limits = json.loads(capsys.readouterr().out)
    assert limits == [{"scope": "collection", "deck": None, "name": "the whole collection", "new_per_day": 20,
                       "reviews_per_day": 200, "own": {"new_per_day": None, "reviews_per_day": None},
                       "done_today": {"new": 0, "reviews": 0}}]
    assert main(["options", "--new-per-day", "12"]) == 0
    assert "new cards a day  12, 0 done today" in capsys.readouterr().out
    assert main(["options", "--deck", "Baku 1918: events", "--new-per-day", "2", "--json"]) == 0
    baku = json.loads(capsys.readouterr().out)
    assert (baku["deck"], baku["new_per_day"], baku["reviews_per_day"], baku["own"]["reviews_per_day"]) == (
        "baku", 2, 200, None)
    assert main(["options"]) == 0
    text = capsys.readouterr().out
    assert "the whole collection" in text and "Baku 1918: events  [baku]" in text
    assert "reviews a day    200 (the collection's)" in text
    # the next session honours them (the sample's siblings shown: its 30 cards are made from four facts)
    with Study(path, sources=(), config=SessionConfig(spare_giveaways=False)) as study:
        step = study.start("baku")
        assert isinstance(step, Step) and step.remaining == 4 + 2  # the four due, two new
        everything = study.start(None)
        assert isinstance(everything, Step) and everything.remaining == 4 + 12
    assert main(["options", "--deck", "baku", "--new-per-day", "default"]) == 0
    assert "new cards a day  12 (the collection's)" in capsys.readouterr().out
    assert main(["options", "--json"]) == 0
    assert [view["name"] for view in json.loads(capsys.readouterr().out)] == ["the whole collection"]


@pytest.mark.parametrize(("args", "message"), [
    (["--new-per-day=-3"], "a number of cards from 0 to 1,000,000, or default, not '-3'"),
    (["--reviews-per-day", "lots"], "a number of cards from 0 to 1,000,000, or default, not 'lots'"),
    (["--new-per-day", "2000000"], "a number of cards from 0 to 1,000,000, or default, not '2000000'"),
    (["--deck", "tiflis", "--new-per-day", "3"], "unknown deck 'tiflis'"),
])
def test_bad_options(path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    try:
        status = main(["options", *args])
    except SystemExit as exit_status:  # argparse's errors
        status = exit_status.code  # type: ignore[assignment]
    assert status == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
