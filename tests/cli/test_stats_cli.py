"""`studykit stats`: the table and `--json` tell the same numbers; bad collections exit 2."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from studykit.cli import main
from studykit.core.cards import Card, CardType
from studykit.core.sm2 import Button
from studykit.storage import Collection


def make_card(i: int, deck: str) -> Card:
    return Card(id=f"fact-{i}:qa:0", type=CardType.QA, deck_id=deck, prompt=f"Q{i}?", answer="A",
                fact_ids=(f"fact-{i}",), sources=())


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "collection.sqlite3"
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    with Collection.open(path) as collection:
        collection.sync([make_card(i, "baku" if i < 6 else "batum") for i in range(10)])
        session = collection.start_session(now=now, tz=dt.UTC)
        while session.current is not None:
            first_sight = session.current.is_new
            grade = Button.AGAIN if session.current.card_id == "fact-0:qa:0" and first_sight else Button.GOOD
            collection.commit(session.grade(grade, now=now, answer_ms=1000))
    return path


def test_json_and_table_give_the_same_numbers(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--collection", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by_state"] == {"new": 0, "learning": 10, "review": 0, "retired": 0, "suspended": 0}
    assert data["due_today"] == 10 and len(data["forecast_30d"]) == 30
    assert sum(data["reviews_per_day"].values()) == 11  # ten first grades and one re-drill
    assert main(["stats", "--collection", str(path)]) == 0
    table = capsys.readouterr().out
    assert "learning" in table and " 10" in table and "11 reviews on 1 day" in table


def test_one_deck(path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYKIT_COLLECTION", str(path))
    assert main(["stats", "--deck", "batum", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["by_state"]["learning"] == 4
    assert main(["stats", "--deck", "tiflis"]) == 2
    assert capsys.readouterr().err == "studykit stats: unknown deck 'tiflis'; known decks: baku, batum\n"


def test_a_deck_is_named_by_id_name_or_anki_name_in_any_case(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Collection.open(path) as collection:
        collection.sync([make_card(i, "baku" if i < 6 else "batum") for i in range(10)],
                        deck_names={"baku": "Baku 1918: events", "batum": "Treaty of Batum"},
                        anki_names={"baku": "Caucasus 1918::Baku", "batum": "Caucasus 1918::Batum"})
    for asked in ("BATUM", "treaty of BATUM", "caucasus 1918 :: batum"):
        assert main(["stats", "--collection", str(path), "--deck", asked, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["by_state"]["learning"] == 4 and data["deck_ids"] == ["batum"], asked
    assert main(["stats", "--collection", str(path), "--deck", "Caucasus 1918"]) == 0  # a parent: both decks
    table = capsys.readouterr().out
    assert table.startswith(f"{path} · Caucasus 1918\n") and "learning 10" in " ".join(table.split())


def test_a_bad_or_missing_collection_is_one_message_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert main(["stats", "--collection", str(foreign)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(foreign) in err and "another program" in err
    assert main(["stats", "--collection", str(tmp_path / "none.sqlite3")]) == 2
    assert "no collection" in capsys.readouterr().err
