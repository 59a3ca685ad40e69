"""An imported Anki history years old shows in the statistics: all-time totals (reviews, days
studied, first review, retention) as Anki's stats give them for the deck's life, the same from
the counts kept beside the log, from a rebuild of them, from the log of one deck, and through
`studykit stats --all`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from studykit.cli import main
from studykit.core.session import StudyDay
from studykit.core.stats import ReviewTotals
from studykit.storage.review_counts import rebuild_review_counts
from studykit.study.study import Study
from tests.importers.anki.oracle import imported_by_anki

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "anki-decks"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared Anki packages are not at {SHARED}")


def expected_totals(package: Path, directory: Path) -> ReviewTotals:
    """The all-time totals from the revlog the `anki` library imports: answers (learning,
    review, relearning, filtered; not manual rows), by study day at 04:00 UTC; the due reviews
    (type 1) and those not answered Again."""
    reviews = imported_by_anki(package, directory).reviews
    answers = {at: row for at, row in reviews.items() if row[3] in (0, 1, 2, 3) and row[0] > 0}
    days = {StudyDay.containing(dt.datetime.fromtimestamp(at / 1000, dt.UTC), tz=dt.UTC).date for at in answers}
    due = [row for row in answers.values() if row[3] == 1]
    return ReviewTotals(reviews=len(answers), days=len(days), first=min(days), due=len(due),
                        passed=sum(row[0] >= 2 for row in due))


@needs_shared
@pytest.mark.parametrize(("name", "reviews"), [("13_lars76_vietnamese_revlog.apkg", 13_552),
                                               ("22_kedarmhaswade_collection_cloze.apkg", 1_601)])
def test_an_old_history_shows_in_the_all_time_stats(
    name: str, reviews: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    package = SHARED / name
    expected = expected_totals(package, tmp_path / "anki")
    assert expected.first is not None and expected.first < (NOW - dt.timedelta(days=365)).date()
    path = tmp_path / "c.sqlite3"
    with Study(path, sources=(), now=lambda: NOW, tz=dt.UTC) as study:
        summary = study.import_package(package)
        assert summary.reviews + summary.not_answers == reviews
        stats = study.numbers(None)[1]
        assert stats.all_time == expected and stats.all_time.retention is not None
        assert stats.year.reviews == sum(stats.per_day.values())
        assert study.stats(None).all_time == expected  # what the TUI's stats screen shows
        every_day = stats.reviews_by_day(None)
        assert min(every_day) == expected.first and sum(every_day.values()) == expected.reviews
        collection = study.collection
        assert collection is not None
        # some decks' numbers come from their log rows, not the counts: the same totals
        decks = [deck for (deck,) in collection.connection.execute("SELECT DISTINCT deck FROM cards")]
        assert collection.stats(now=NOW, tz=dt.UTC, deck=decks).all_time == expected
        with collection.connection:
            rebuild_review_counts(collection.connection)
        assert study.numbers(None)[1].all_time == expected
    assert main(["stats", "--collection", str(path), "--all", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["all_time"] == expected.to_dict() and data["period"] == "all"
    assert min(data["reviews_per_day"]) == expected.first.isoformat()
    assert sum(data["reviews_per_day"].values()) == expected.reviews
    assert main(["stats", "--collection", str(path), "--period", "month"]) == 0
    table = capsys.readouterr().out
    assert f"All time: {expected.reviews} reviews on {expected.days} days, the first on {expected.first}" in table
    assert "Reviews per day, last 30 days" in table and "Retention, all time" in table
