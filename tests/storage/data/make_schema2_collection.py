"""How `collection-schema2.sql` was made: a collection written by studykit as released at
schema 2 (commit e3df78f), dumped as SQL. It imports that release's API, so it runs against a
checkout of it, not of this tree:

    git worktree add /tmp/release e3df78f
    cd tests/storage/data && PYTHONPATH=/tmp/release python make_schema2_collection.py collection-schema2.sql
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import sys
from pathlib import Path

from studykit.core.cards import Card, CardType
from studykit.core.facts import Source
from studykit.core.session import SessionConfig, unsuspend_card
from studykit.core.sm2 import Button
from studykit.storage import Collection

out = Path(sys.argv[1])
path = out.with_suffix(".sqlite3")
for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
    p.unlink(missing_ok=True)
UTC = dt.UTC
def card(i, deck):
    return Card(id=f"fact-{i}:qa:0", type=CardType.QA, deck_id=deck, prompt=f"Q{i}?", answer=f"A{i}",
                fact_ids=(f"fact-{i}",), sources=(Source("001.txt", f"q{i}"),), statement="",
                generator="qa", variant="0")
cards = [card(i, ("baku", "entente")[i % 2]) for i in range(24)]
rng = random.Random(1918)
config = SessionConfig(new_per_day=8, reviews_per_day=50, leech_threshold=2)
tz = dt.timezone(dt.timedelta(hours=4))
now = dt.datetime(2025, 3, 1, 6, 0, tzinfo=UTC)
with Collection.open(path) as col:
    col.sync(cards, deck_names={"baku": "Baku 1918", "entente": "Entente"})
    for day in range(14):
        session = col.start_session(now=now, tz=tz, config=config, deck=rng.choice([None, "baku", "entente"]))
        while session.current is not None:
            now += dt.timedelta(seconds=rng.randrange(5, 60))
            r = rng.random()
            if r < 0.08 and session.can_undo:
                change = session.undo(now=now)
            elif r < 0.12:
                change = session.bury(now=now)
            elif r < 0.14:
                change = session.suspend(now=now)
            else:
                bad = session.current.card_id in ("fact-3:qa:0", "fact-4:qa:0")
                grade = Button.AGAIN if bad and rng.random() < 0.8 else rng.choice(list(Button))
                change = session.grade(grade, now=now, answer_ms=rng.randrange(800, 15000))
            col.commit(change)
        if day == 6:
            for record in col.records():
                if record.suspended and rng.random() < 0.5:
                    col.commit(unsuspend_card(record, now=now))
        if day == 9:
            col.sync(cards[:-2])  # two cards retired, history kept
        now += dt.timedelta(days=1)
    # two processes grading the same cards at once: rebased grades
    mine = col.start_session(now=now, tz=tz, config=config)
    with Collection.open(path) as other:
        theirs = other.start_session(now=now, tz=tz, config=config)
        for _ in range(6):
            if mine.current is None or theirs.current is None:
                break
            other.commit(theirs.grade(Button.GOOD, now=now))
            now += dt.timedelta(seconds=30)
            col.commit(mine.grade(Button.EASY, now=now))
            now += dt.timedelta(seconds=30)
    assert col.replayed_records() == {r.card_id: r for r in col.records(include_retired=True)}
    print(len(col.events()), "events", {e.kind.value for _, e in col.events()}, file=sys.stderr)
conn = sqlite3.connect(path)
with out.open("w") as f:
    f.write(f"PRAGMA application_id = {conn.execute('PRAGMA application_id').fetchone()[0]};\n")
    f.write(f"PRAGMA user_version = {conn.execute('PRAGMA user_version').fetchone()[0]};\n")
    for line in conn.iterdump():
        f.write(line + "\n")
conn.close()
