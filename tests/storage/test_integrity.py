"""The check made at every open (`storage.integrity`): a damaged collection is never written,
whatever opens it; opening for reading never creates, migrates or changes a file."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from studykit.core.session import ANKI_REVIEWS, GRADES
from studykit.core.sm2 import Button
from studykit.storage import Collection, CollectionError, integrity
from studykit.storage import converters as cv
from studykit.storage.migrations import MIGRATIONS, SCHEMA_VERSION, migrate
from tests.storage.test_collection import UNLIMITED, make_card

UTC = dt.UTC
NOW = dt.datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "collection.sqlite3"


def studied(path: Path, grades: int = 3) -> None:
    """A closed collection of ten cards, `grades` of them graded (the WAL checkpointed into the file)."""
    with Collection.open(path) as col:
        col.sync([make_card(i) for i in range(10)])
        session = col.start_session(now=NOW, tz=UTC, config=UNLIMITED)
        for n in range(grades):
            col.commit(session.grade(Button.GOOD, now=NOW + dt.timedelta(seconds=n), answer_ms=2000))


def overwrite_root_page(path: Path, name: str) -> None:
    connection = sqlite3.connect(path)
    page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with path.open("r+b") as file:
        file.seek((page - 1) * size + 8)
        file.write(b"\xa5" * (size - 8))


def test_the_written_out_schema_is_the_one_the_migrations_make() -> None:
    assert integrity.WRITTEN_OUT == SCHEMA_VERSION, "write out the new schema in integrity._TABLES/_INDEXES"
    assert integrity.expected_schema(SCHEMA_VERSION) == integrity.migrated_schema(SCHEMA_VERSION)


def test_a_sound_collection_is_found_sound_and_every_kind_of_event_is_sound(path: Path) -> None:
    studied(path)
    with Collection.open(path) as col:
        assert col.verdict(timeout=30) is None
        conn = col.connection
        # One log row of every kind this version writes, with a grade where the kind has one:
        # none of them is in the damage index (a kind added later must be added to the index).
        card = conn.execute("SELECT number FROM cards LIMIT 1").fetchone()[0]
        conn.execute("DROP TRIGGER review_log_no_update")
        for kind, code in cv.KIND_CODES.items():
            grade = 3 if kind in GRADES or kind in ANKI_REVIEWS else None
            conn.execute("INSERT INTO review_log (card, at, kind, grade) VALUES (?, 0, ?, ?)", (card, code, grade))
        assert integrity.check_content(conn) is None
        conn.execute("INSERT INTO review_log (card, at, kind, grade) VALUES (?, 0, ?, 3)",
                     (card, max(cv.KINDS) + 1))
        assert integrity.check_content(conn) is not None


def test_a_page_found_damaged_after_open_lets_nothing_be_written(path: Path) -> None:
    """Class 3 of issue 17: the check of the file runs behind the open; every write waits for
    it, and a damaged file gets none (a grade, a sync), and nothing is checkpointed into it."""
    studied(path)
    overwrite_root_page(path, "review_log")
    before = digest(path)
    with Collection.open(path) as col:
        problem = col.verdict(timeout=30)
        assert problem is not None and f"{path} is damaged" in problem
        with pytest.raises(CollectionError, match=r"is damaged.*nothing was written"):
            col.sync([make_card(i) for i in range(12)])
        session = col.start_session(now=NOW + dt.timedelta(days=3), tz=UTC, config=UNLIMITED)
        with pytest.raises(CollectionError, match="is damaged"):
            col.commit(session.grade(Button.GOOD, now=NOW + dt.timedelta(days=3), answer_ms=2000))
    assert digest(path) == before


def test_a_write_waits_for_the_check_and_is_refused_on_damage(path: Path) -> None:
    """The write is asked for before the check has ended: it waits, then is refused."""
    studied(path)
    overwrite_root_page(path, "review_log_card")
    before = digest(path)
    with Collection.open(path) as col, pytest.raises(CollectionError, match="is damaged"):
        col.sync([make_card(i) for i in range(12)])  # no verdict asked for first
    assert digest(path) == before


def test_a_check_left_for_later_starts_only_when_asked_for_and_still_gates_every_write(path: Path) -> None:
    """`check_later` (the review app, until its first card is on screen): no check runs until
    its verdict is asked for, and a write asks for it: a damaged file still gets nothing."""
    studied(path)
    checked: list[str] = []

    def check(conn: sqlite3.Connection) -> str | None:
        checked.append("checked")
        return integrity.full_check(conn)

    verifier = integrity.Verifier(path, check, start=False)
    assert not verifier.done and checked == []
    assert verifier.verdict(timeout=30) is None and checked == ["checked"]
    verifier.close()
    unasked = integrity.Verifier(path, check, start=False)
    unasked.close()  # closed before it was ever asked for: never run, and never said to be sound
    assert checked == ["checked"] and unasked.verdict() is not None

    overwrite_root_page(path, "review_log_card")
    before = digest(path)
    with Collection.open(path, check_later=True) as col, pytest.raises(CollectionError, match="is damaged"):
        col.sync([make_card(i) for i in range(12)])  # the write starts the check and waits for it
    with Collection.open(path, check_later=True) as col:
        problem = col.verdict(timeout=30)
        assert problem is not None and "is damaged" in problem
    with Collection.open(path, check_later=True):
        pass  # closed before the check was asked for: nothing checkpointed into the file
    assert digest(path) == before


def test_a_waiter_woken_by_close_never_reads_a_check_never_made_as_sound(path: Path) -> None:
    """The verdict is in place before the waiters are woken: one that wakes at once (here,
    inside the wake-up itself) reads that no check was made, not None (sound)."""
    studied(path)
    verifier = integrity.Verifier(path, start=False)
    seen: list[str | None] = []

    class Woken(threading.Event):
        def set(self) -> None:
            super().set()
            seen.append(verifier._problem)

    verifier._done = Woken()
    verifier.close()
    assert seen == ["its check was not made (the collection was closed first)"]


def test_a_check_being_stopped_by_close_is_not_started_again(path: Path) -> None:
    """`start` while `close` waits for the running check to stop starts no second check on a
    connection about to be closed."""
    studied(path)
    entered, release = threading.Event(), threading.Event()
    runs: list[int] = []

    def check(conn: sqlite3.Connection) -> str | None:  # deaf to interrupts, as a check between statements
        runs.append(1)
        entered.set()
        release.wait(30)
        return None

    verifier = integrity.Verifier(path, check)
    assert entered.wait(30)
    closing = threading.Thread(target=verifier.close)
    closing.start()
    while not (getattr(verifier, "_closed", False) or verifier._thread is None):
        time.sleep(0.001)
    verifier.start()
    second = verifier._thread
    release.set()
    closing.join(30)
    if second is not None:
        second.join(30)
    assert runs == [1]


def test_damaged_content_is_refused_at_open_for_reading(path: Path) -> None:
    studied(path)
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER review_log_no_update")
    connection.execute("UPDATE review_log SET at = 'yesterday'")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(CollectionError, match=r"is damaged: .*'yesterday'"):
        Collection.open(path, read_only=True)
    with Collection.open(path) as col, pytest.raises(CollectionError, match="is damaged"):
        col.sync([make_card(i) for i in range(12)])
    assert digest(path) == before


def test_opening_for_reading_creates_migrates_and_writes_nothing(path: Path, tmp_path: Path) -> None:
    with pytest.raises(CollectionError, match="no collection at"):
        Collection.open(path, read_only=True)
    assert not path.exists()
    path.write_bytes(b"")
    with pytest.raises(CollectionError, match="an empty file"):
        Collection.open(path, read_only=True)
    assert path.read_bytes() == b""
    old = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(old, isolation_level=None)
    migrate(connection, MIGRATIONS[:5])
    connection.close()
    before = digest(old)
    with pytest.raises(CollectionError, match=r"earlier studykit .* does not upgrade it"):
        Collection.open(old, read_only=True)
    assert digest(old) == before
    studied(path.with_name("sound.sqlite3"))
    sound = path.with_name("sound.sqlite3")
    before = digest(sound)
    with Collection.open(sound, read_only=True) as col:
        assert col.verdict() is None and len(col.records()) == 10
        with pytest.raises(CollectionError, match="opened for reading only"):
            col.sync([make_card(i) for i in range(12)])
    assert digest(sound) == before


def test_a_file_found_sound_is_read_whole_again_by_a_reader_only_once_it_changed(
    path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`storage.verified`: the whole-file check of a command that only reads is skipped for a
    file as it was when a reader's own check last found it sound, and made again once anything
    wrote to it: a writer's session too (another program may have written while it was open)."""
    whole_checks = []
    check_file = integrity.check_file
    monkeypatch.setattr(integrity, "check_file", lambda conn: whole_checks.append(1) or check_file(conn))
    studied(path)
    with Collection.open(path) as col:  # a writer: its check at open, on a thread, reads the whole file
        assert col.verdict(timeout=30) is None
        col.commit(col.start_session(now=NOW, tz=UTC, config=UNLIMITED).grade(Button.GOOD, now=NOW, answer_ms=1))
    whole_checks.clear()
    for expected in ([1], [1]):  # the writer's session is not recorded: checked whole once, then recorded
        Collection.open(path, read_only=True).close()
        assert whole_checks == expected
    whole_checks.clear()
    connection = sqlite3.connect(path)  # another program's write: a value its column can hold
    connection.execute("UPDATE decks SET name = name")
    connection.execute("INSERT INTO meta VALUES ('a note', 'of another program')")
    connection.commit()
    connection.close()
    for expected in ([1], [1]):  # checked whole once, then recorded
        Collection.open(path, read_only=True).close()
        assert whole_checks == expected
    overwrite_root_page(path, "review_log")
    with pytest.raises(CollectionError, match="is damaged"):
        Collection.open(path, read_only=True)


def test_a_write_by_another_program_while_a_writer_has_the_file_open_is_checked_by_the_next_reader(
    path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review finding F2: a writer's close once recorded the file as sound although another
    program had written it meanwhile (a damaged page then counted twice by `stats`, no error)."""
    whole_checks = []
    check_file = integrity.check_file
    monkeypatch.setattr(integrity, "check_file", lambda conn: whole_checks.append(1) or check_file(conn))
    studied(path)
    Collection.open(path, read_only=True).close()  # checked whole and recorded
    whole_checks.clear()
    with Collection.open(path) as col:
        assert col.verdict(timeout=30) is None
        other = sqlite3.connect(path)  # another program, while the writer has the file
        other.execute("INSERT INTO meta VALUES ('a note', 'of another program')")
        other.commit()
        other.close()
    whole_checks.clear()
    Collection.open(path, read_only=True).close()
    assert whole_checks == [1]


def test_damage_the_record_does_not_see_stops_what_reads_it_and_changes_no_figure(path: Path) -> None:
    """Damage that leaves the file's times as they were (a failing disk) is not seen by the
    record of files found sound: statistics read from a damaged page stop with the clean
    error, and pages they do not read cannot change them. A writer's check still finds it."""
    from studykit.storage import verified

    studied(path, grades=6)
    deck = make_card(0).deck_id
    with Collection.open(path, read_only=True) as col:
        sound = {None: col.stats(now=NOW, tz=UTC), deck: col.stats(now=NOW, tz=UTC, deck=deck)}
    stopped = set()
    for name in ("review_log", "cards", "review_counts", "cards_due", "cards_learning", "cards_deck_counts"):
        damaged = path.with_name(f"{name}.sqlite3")
        damaged.write_bytes(path.read_bytes())
        overwrite_root_page(damaged, name)
        verified.record(damaged, verified.identity(damaged))
        with Collection.open(damaged, read_only=True) as col:
            for selection, figures in sound.items():
                try:
                    assert col.stats(now=NOW, tz=UTC, deck=selection) == figures, (name, selection)
                except CollectionError as error:
                    assert str(error).startswith(f"{damaged} is damaged"), error
                    stopped.add((name, selection))
        with Collection.open(damaged) as col:
            assert "is damaged" in str(col.verdict(timeout=30))
    assert {("review_counts", None), ("cards_due", None), ("review_log", deck)} <= stopped
