"""Bad and damaged collection files given to `studykit stats` (and to `review`): one line naming
the file, exit 2, no traceback, and the file left byte for byte as it was.

Damaged content (issue 17, class 7) is made with plain SQL after the log's append-only guard is
dropped, as another program or an overwritten page could leave it; a damaged page (class 3) is
overwritten bytes. The check made at every open (`storage.integrity`) refuses both, and no
command writes into such a file: `review` stops with the same message `stats` gives.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.badinput.harness import Case, check_case

STATS = ["stats", "--collection", "collection.sqlite3"]
BROWSE = ["browse", "--collection", "collection.sqlite3"]


def collection(damage: Callable[[sqlite3.Connection], None] | None = None) -> Callable[[Path], None]:
    """A setup: a real collection with three grades, then `damage` done to it with plain SQL."""

    def setup(tmp: Path) -> None:
        from tests.tui.conftest import studied_beforehand
        from tests.tui.sample import sample_cards

        path = tmp / "collection.sqlite3"
        studied_beforehand(path, [card.id for card in sample_cards()[:3]])
        if damage is not None:
            connection = sqlite3.connect(path, isolation_level=None)
            try:
                damage(connection)
            finally:
                connection.close()
        for leftover in ("collection.sqlite3-wal", "collection.sqlite3-shm"):
            if (tmp / leftover).exists() and (tmp / leftover).stat().st_size == 0:
                (tmp / leftover).unlink()

    return setup


def unguarded(statement: str) -> Callable[[sqlite3.Connection], None]:
    """Damage: `statement` run after the log's append-only triggers are dropped."""

    def damage(connection: sqlite3.Connection) -> None:
        triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for (name,) in triggers:
            connection.execute(f"DROP TRIGGER {name}")
        connection.execute(statement)

    return damage


def overwrite_page(name: str) -> Callable[[sqlite3.Connection], None]:
    """Damage: the root page of table or index `name` overwritten with bytes that are no page
    (the file checkpointed first, so that the page is in the file, not the WAL)."""

    def damage(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        path = connection.execute("PRAGMA database_list").fetchone()[2]
        connection.close()
        with open(path, "r+b") as file:
            file.seek((page - 1) * size + 8)
            file.write(b"\xa5" * (size - 8))

    return damage


def unseen(setup: Callable[[Path], None]) -> Callable[[Path], None]:
    """A setup, its damage then unseen by the record of files found sound (`storage.verified`),
    as a failing disk leaves it: a command that only reads skips the whole-file check, and
    must still stop cleanly on a damaged page it reads."""

    def recorded(tmp: Path) -> None:
        from studykit.storage import verified

        setup(tmp)
        verified.record(tmp / "collection.sqlite3", verified.identity(tmp / "collection.sqlite3"))

    return recorded


def package_only(tmp: Path) -> None:
    from tests.badinput.test_anki_packages import good_package

    good_package(tmp)


def release_collection(damage: Callable[[sqlite3.Connection], None] | None = None) -> Callable[[Path], None]:
    """A setup: a collection as the release of schema 2 wrote it (the old review log with each
    card's record before and after), then `damage` done to it: opening it upgrades it, and the
    upgrade must find the damage and leave the file as it was."""

    def setup(tmp: Path) -> None:
        from tests.storage.release import load_release_dump

        path = tmp / "collection.sqlite3"
        load_release_dump(path)
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
            if damage is not None:
                damage(connection)
        finally:
            connection.close()

    return setup


def imported(damage: str) -> Callable[[Path], None]:
    """A setup: a collection with a package imported (one note), then `damage` in plain SQL."""

    def setup(tmp: Path) -> None:
        from studykit.study.study import Study
        from tests.badinput.test_anki_packages import good_package

        good_package(tmp)
        with Study(tmp / "collection.sqlite3", sources=()) as study:
            study.import_package(tmp / "deck.apkg")
        (tmp / "deck.apkg").unlink()
        connection = sqlite3.connect(tmp / "collection.sqlite3", isolation_level=None)
        try:
            connection.execute(damage)
        finally:
            connection.close()

    return setup


def file_with(data: bytes) -> Callable[[Path], None]:
    return lambda tmp: (tmp / "collection.sqlite3").write_bytes(data)


def other_program(tmp: Path) -> None:
    connection = sqlite3.connect(tmp / "collection.sqlite3")
    connection.execute("CREATE TABLE notes (id INTEGER)")
    connection.commit()
    connection.close()


CASES = [
    Case("not SQLite", STATS, ["collection.sqlite3 is not a studykit collection"], file_with(b"garbage" * 100)),
    Case("another program's database", STATS, ["collection.sqlite3 is an SQLite database of another program"], other_program),
    Case("a pipe", STATS, ["collection.sqlite3 is not a file"], lambda tmp: os.mkfifo(tmp / "collection.sqlite3")),
    Case("a link to /dev/zero", STATS, ["collection.sqlite3 is not a file"], lambda tmp: os.symlink("/dev/zero", tmp / "collection.sqlite3")),
    Case("a directory", STATS, ["collection.sqlite3 is not a file"], lambda tmp: (tmp / "collection.sqlite3").mkdir()),
    Case("missing", STATS, ["no collection at collection.sqlite3"]),
    Case("a dropped table", STATS, ["collection.sqlite3 is damaged", "review_log"], collection(lambda c: c.execute("DROP TABLE review_log"))),
    Case("unknown --deck", [*STATS, "--deck", "nope"], ["unknown deck 'nope'"], collection()),
    Case("0-byte file (read, never given a schema)", STATS, ["collection.sqlite3 is an empty file"], file_with(b"")),
    Case("a log row of an unknown kind", STATS, ["collection.sqlite3 is damaged", "kind"],
         collection(unguarded("UPDATE review_log SET kind = 'bogus'"))),
    Case("a log row of a kind this version does not know", STATS, ["collection.sqlite3 is damaged", "kind"],
         collection(unguarded("UPDATE review_log SET kind = 40"))),
    Case("text in a time column", STATS, ["collection.sqlite3 is damaged", "yesterday"],
         collection(unguarded("UPDATE review_log SET at = 'yesterday'"))),
    Case("text in a number column", STATS, ["collection.sqlite3 is damaged", "slow"],
         collection(unguarded("UPDATE review_log SET answer_ms = 'slow'"))),
    Case("a grade out of range", STATS, ["collection.sqlite3 is damaged", "grade"],
         collection(unguarded("UPDATE review_log SET grade = 9 WHERE grade IS NOT NULL"))),
    Case("a due date past 9999", STATS, ["collection.sqlite3 is damaged", "due"],
         collection(lambda c: c.execute("UPDATE cards SET due = 9999999999999999999 WHERE due IS NOT NULL"))),
    Case("a due date before year 1", STATS, ["collection.sqlite3 is damaged", "due"],
         collection(lambda c: c.execute("UPDATE cards SET due = -99999999999999999 WHERE due IS NOT NULL"))),
    Case("text in a card's ease", STATS, ["collection.sqlite3 is damaged", "ease"],
         collection(lambda c: c.execute("UPDATE cards SET ef = 'easy' WHERE due IS NOT NULL"))),
    Case("card content not JSON", STATS, ["collection.sqlite3 is damaged", "content"],
         collection(lambda c: c.execute("UPDATE cards SET content = '{not json'"))),
    Case("card content JSON but not a card", STATS, ["collection.sqlite3 is damaged", "content"],
         collection(lambda c: c.execute("UPDATE cards SET content = '[1, 2]'"))),
    Case("a count of reviews that is text", STATS, ["collection.sqlite3 is damaged"],
         collection(lambda c: c.execute("UPDATE review_counts SET reviews = 'many'"))),
    Case("a dropped index", STATS, ["collection.sqlite3 is damaged", "review_log_card"],
         collection(lambda c: c.execute("DROP INDEX review_log_card"))),
    Case("a dropped column", STATS, ["collection.sqlite3 is damaged", "anki_name"],
         collection(lambda c: c.execute("ALTER TABLE decks DROP COLUMN anki_name"))),
    Case("a page of the log overwritten", STATS, ["collection.sqlite3 is damaged"], collection(overwrite_page("review_log"))),
    Case("a page of an index overwritten", STATS, ["collection.sqlite3 is damaged"],
         collection(overwrite_page("review_log_card"))),
    Case("recorded sound, then a page of the counts overwritten", STATS, ["collection.sqlite3 is damaged"],
         unseen(collection(overwrite_page("review_counts")))),
    Case("recorded sound, then a page of the index of due cards overwritten", STATS,
         ["collection.sqlite3 is damaged"], unseen(collection(overwrite_page("cards_due")))),
    Case("recorded sound, then a page of the log overwritten: a deck's stats", [*STATS, "--deck", "baku"],
         ["collection.sqlite3 is damaged"], unseen(collection(overwrite_page("review_log")))),
    Case("review: a page of the log overwritten", ["review", "--collection", "collection.sqlite3"],
         ["collection.sqlite3 is damaged", "nothing was written"], collection(overwrite_page("review_log")), tty=True),
    Case("review: a page of an index overwritten", ["review", "--collection", "collection.sqlite3"],
         ["collection.sqlite3 is damaged", "nothing was written"], collection(overwrite_page("review_log_card")), tty=True),
    Case("review: text in a time column", ["review", "--collection", "collection.sqlite3"],
         ["collection.sqlite3 is damaged"], collection(unguarded("UPDATE review_log SET at = 'yesterday'")), tty=True),
    Case("review --deck: a page of an index overwritten, found once the first card is up",
         ["review", "--collection", "collection.sqlite3", "--deck", "baku"],
         ["collection.sqlite3 is damaged", "nothing was written"], collection(overwrite_page("review_log_card")),
         tty=True),
    Case("created on a full disk (import): no file left", ["import", "deck.apkg", "--collection", "new.sqlite3"],
         ["cannot create new.sqlite3", "full disk"], package_only, limit_file_size=0),
    Case("created on a full disk (import into a new folder's default): no file left",
         ["import", "deck.apkg"], ["cannot create", "full disk"], package_only,
         env={"XDG_DATA_HOME": "{tmp}/data", "STUDYKIT_COLLECTION": ""}, limit_file_size=0),
    Case("browse: a page of the log overwritten", ["browse", "--collection", "collection.sqlite3"],
         ["collection.sqlite3 is damaged"], collection(overwrite_page("review_log"))),
    Case("browse --suspend: a page of an index overwritten",
         ["browse", "--collection", "collection.sqlite3", "--suspend", "--yes"],
         ["collection.sqlite3 is damaged"], collection(overwrite_page("review_log_card"))),
    Case("options: a page of the log overwritten", ["options", "--collection", "collection.sqlite3"],
         ["collection.sqlite3 is damaged"], collection(overwrite_page("review_log"))),
    Case("options --new-per-day: text in a time column",
         ["options", "--collection", "collection.sqlite3", "--new-per-day", "5"],
         ["collection.sqlite3 is damaged"], collection(unguarded("UPDATE review_log SET at = 'yesterday'"))),
    Case("stats: $TZ an offset past a day", STATS, ["$TZ ('UTC+99999') cannot be used"], collection(),
         env={"TZ": "UTC+99999"}),
    Case("schema 2: a log row of an unknown kind", BROWSE, ["cannot upgrade collection.sqlite3", "left as it was"],
         release_collection(unguarded("UPDATE review_log SET kind = 'bogus' WHERE id = 3"))),
    Case("schema 2: text in a time column", BROWSE, ["cannot upgrade collection.sqlite3", "left as it was"],
         release_collection(unguarded("UPDATE review_log SET at = 'yesterday' WHERE id = 3"))),
    Case("schema 2: a card's content not JSON", BROWSE, ["collection.sqlite3", "content"],
         release_collection(unguarded("UPDATE cards SET content = '{not json' WHERE rowid = 2"))),
    Case("schema 2: a page of the log overwritten", BROWSE, ["collection.sqlite3 is damaged"],
         release_collection(overwrite_page("review_log"))),
    Case("schema 2: stats does not upgrade it", STATS, ["earlier studykit", "does not upgrade it"], release_collection()),
    Case("review: $TZ an offset past a day", ["review", "--collection", "collection.sqlite3"],
         ["$TZ ('UTC+99999') cannot be used"], collection(), env={"TZ": "UTC+99999"}, tty=True),
    Case("an imported card's content a list", ["imports", "--collection", "collection.sqlite3"],
         ["collection.sqlite3 is damaged", "content"], imported("UPDATE cards SET content = '[]'")),
    Case("an import's record not JSON", ["imports", "--collection", "collection.sqlite3"],
         ["collection.sqlite3 is damaged", "import"], imported("UPDATE imports SET summary = '{oops'")),
    Case("imports: a log row of an unknown kind", ["imports", "--collection", "collection.sqlite3"],
         ["collection.sqlite3 is damaged"], collection(unguarded("UPDATE review_log SET kind = 'bogus'"))),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_collection(case: Case, tmp_path: Path) -> None:
    check_case("collections", case, tmp_path)

