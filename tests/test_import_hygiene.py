"""The core stays pure: importing it loads no Textual, Rich, YAML, SQLite or genanki; the application
layer (`studykit.study`) and the card sources load no Textual or Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import studykit.core
import studykit.sources
import studykit.study

CORE_MODULES = [
    *sorted(m.name for m in pkgutil.walk_packages(studykit.core.__path__, prefix="studykit.core.")), "studykit.core",
]
FORBIDDEN = ("textual", "rich", "yaml", "sqlite3", "_sqlite3", "genanki", "platformdirs")


def loaded(module: str, packages: tuple[str, ...]) -> str:
    """Which of `packages` importing `module` loads, in a fresh interpreter."""
    code = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {packages!r})\n"
        "print(','.join(bad))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_only_the_standard_library(module: str) -> None:
    assert loaded(module, FORBIDDEN) == "", f"{module} loads {loaded(module, FORBIDDEN)}"


# The Anki template renderer and the HTML-to-text converter are pure too: standard library only.
PURE_IMPORTER_MODULES = [
    "studykit.importers.anki.templates",
    "studykit.importers.anki.cloze",
    "studykit.importers.anki.html_text",
]


@pytest.mark.parametrize("module", PURE_IMPORTER_MODULES)
def test_pure_importer_module_imports_only_the_standard_library(module: str) -> None:
    code = (
        f"import sys\nbefore = set(sys.modules)\nimport {module}\n"
        "loaded = set(sys.modules) - before\n"
        "bad = sorted(m for m in loaded if m.split('.')[0] not in sys.stdlib_module_names\n"
        "             and not (m in ('studykit', 'studykit.importers', 'studykit.importers.anki')\n"
        f"                      or m in {PURE_IMPORTER_MODULES!r}))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} loads {result.stdout.strip()}"


LAYER_MODULES = [
    *sorted(
        m.name for package in (studykit.study, studykit.sources)
        for m in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
    ),
    "studykit.study", "studykit.sources",
]
UI = ("textual", "rich")


@pytest.mark.parametrize("module", LAYER_MODULES)
def test_the_application_layer_and_the_sources_import_no_ui(module: str) -> None:
    """The layer the review app and the CLI share (and the sources below it) load neither Textual nor Rich."""
    assert loaded(module, UI) == "", f"{module} loads {loaded(module, UI)}"


# What the first card of `studykit review` does not need: answer checking (its parsers load
# with the first typed answer), the HTML of imported cards, the statistics, the deck files and
# the fact model (a card's citations are `core.citation`), the footer (mounted after it). The
# decks' fingerprint hashes after the first screen too, but hashlib is not checked here: any
# library may import it, at no cost a user would see.
NOT_AT_START = ("studykit.core.answers", "studykit.importers", "studykit.core.stats", "studykit.storage.statistics",
                "yaml", "genanki", "studykit.core.facts", "studykit.core.dates", "textual.widgets._footer")


def test_the_review_app_loads_nothing_its_first_card_does_not_need() -> None:
    code = (
        "import sys, studykit.cli, studykit.cli.review, studykit.tui.service, studykit.tui.app\n"
        "studykit.tui.service.fact_sources()\n"
        f"print(','.join(sorted(m for m in sys.modules if m.startswith({NOT_AT_START!r}))))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert found == ""


def test_an_empty_keymap_file_loads_neither_the_other_screens_nor_yaml(tmp_path: Path) -> None:
    """The keymap is read at every `studykit review`: checked only when it maps something (the
    check imports every screen), and read without the YAML machinery of the deck files."""
    keymap = tmp_path / "keymap.toml"
    keymap.write_text("[keymap]\n")
    code = (
        "import sys, pathlib, studykit.cli.review as review\n"
        f"review.check_keymap(review.read_keymap(pathlib.Path({str(keymap)!r})), None)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('yaml', 'studykit.tui')))))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert found == ""
