"""Naming imported decks as Anki users do, over the shared packages: the last part of a name
when it fits one deck, a package's name before a deck's to tell two "Default" decks apart, and
refusals that list full names a user can read, a few at most."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from studykit.cli import main
from studykit.study.errors import StudyError, UnknownDeck
from studykit.study.study import Study

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "anki-decks"
PACKAGES = ("01_anki-pylib_media.apkg", "02_anki-pylib_update1.apkg", "04_ankidroid_templates.apkg",
            "30_pypaut_collection_anki2.colpkg")
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared Anki packages are not at {SHARED}")


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names") / "c.sqlite3"
    with Study(path, sources=(), now=lambda: NOW, tz=dt.UTC) as study:
        for name in PACKAGES:
            study.import_package(SHARED / name)
    return path


@pytest.fixture
def study(path: Path) -> Study:
    return Study(path, sources=(), now=lambda: NOW, tz=dt.UTC, read_only=True).open()


def test_the_last_part_of_a_name_names_the_one_deck_it_fits(study: Study) -> None:
    with study:
        selection = study.resolve("Typing broken")  # the leaf the decks screen shows
        assert selection.name == "1-TEMPLATES::Typing broken" and len(selection.deck_ids or ()) == 1
        assert study.resolve("1-templates::typing BROKEN") == selection
        assert study.resolve("01 - enchanté(e)").name == "Vocabulaire japonais::01 - Enchanté(e)"


def test_two_packages_default_decks_are_told_apart_by_the_package_s_name(study: Study) -> None:
    with study:
        with pytest.raises(StudyError) as error:
            study.resolve("Default")
        message = str(error.value)
        assert message == ("the deck name 'Default' fits 2 decks: 01-anki-pylib-media::Default, "
                           "02-anki-pylib-update1::Default; name one in full (as '01-anki-pylib-media::Default') "
                           "or by its id")
        first = study.resolve("01-anki-pylib-media::Default")
        assert study.resolve("01_anki-pylib_media.apkg::default") == first  # as the file is named
        assert first.deck_ids != study.resolve("02_anki-pylib_update1::Default").deck_ids
        every = study.resolve("04_ankidroid_templates")  # a package's name: all its decks
        assert len(every.deck_ids or ()) == len([d for d in study.decks() if d.source == "anki:04-ankidroid-templates"])


def test_an_unknown_name_lists_a_few_readable_names(study: Study) -> None:
    with study, pytest.raises(UnknownDeck) as error:
        study.resolve("Typing fixed")
    message = str(error.value)
    assert "anki:" not in message and "/" not in message and "…and " in message
    assert message.count(", ") <= 8 and "04-ankidroid-templates::1-TEMPLATES::Anatomy" in message


def test_the_commands_take_the_same_names(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--collection", str(path), "--deck", "Typing broken"]) == 0
    assert "1-TEMPLATES::Typing broken" in capsys.readouterr().out
    assert main(["stats", "--collection", str(path), "--deck", "default"]) == 2
    assert "01-anki-pylib-media::Default, 02-anki-pylib-update1::Default" in capsys.readouterr().err


def test_the_decks_screen_tells_two_default_decks_apart(study: Study) -> None:
    with study:
        names = [row.name for row in study.deck_rows()]
    assert "Default (01-anki-pylib-media)" in names and "Default (02-anki-pylib-update1)" in names
    assert "Typing broken" in names
