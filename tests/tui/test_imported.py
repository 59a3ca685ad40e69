"""Imported Anki cards in the review app: a cloze deck imported and studied with Pilot, a card
with an HTML table as a snapshot, a `{{type:}}` card checked, and field text never read as markup."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import genanki
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Footer, Input

from studykit.core.notecards import NoteCard
from studykit.core.session import SessionConfig
from studykit.importers.anki.html_text import html_to_document
from studykit.storage import Collection
from studykit.study.study import Study
from studykit.tui.app import make_app
from studykit.tui.screens.decks import DecksScreen
from studykit.tui.screens.modals import NoteScreen
from studykit.tui.screens.review import ReviewScreen
from studykit.tui.widgets.notes import NoteSide, document_text
from tests.tui.conftest import FakeClock, screen_text, wait_for

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
SIZE = (80, 24)

CLOZE_MODEL = genanki.Model(
    998877661, "Cloze (test)", model_type=genanki.Model.CLOZE,
    fields=[{"name": "Text"}, {"name": "Extra"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Extra}}"}],
)
BASIC_MODEL = genanki.Model(
    998877662, "Basic (test)", fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
)
TYPE_MODEL = genanki.Model(
    998877663, "Type (test)", fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[
        {"name": "Card 1", "qfmt": "{{Front}}<br>{{type:Back}}", "afmt": "{{Front}}<hr id=answer>{{type:Back}}"},
    ],
)
TABLE = (
    "<table><tr><th>Verb</th><th>Yo</th><th>Tú</th></tr>"
    "<tr><td>hablar</td><td>hablo</td><td>hablas</td></tr>"
    "<tr><td>comer</td><td>como</td><td>comes</td></tr></table>"
)


def make_package(path: Path) -> Path:
    deck = genanki.Deck(1357924680, "Spanish::Verbs")
    deck.add_note(genanki.Note(model=CLOZE_MODEL, fields=["{{c1::Yo}} {{c2::hablo}} español", "yo hablo"], guid="cl1"))
    deck.add_note(genanki.Note(model=CLOZE_MODEL, fields=["Nosotros {{c1::comemos}}", ""], guid="cl2"))
    tables = genanki.Deck(1357924681, "Spanish::Tables")
    tables.add_note(genanki.Note(model=BASIC_MODEL, fields=["Present tense of <b>hablar</b>, <i>comer</i>", TABLE],
                                 guid="tb1"))
    typing = genanki.Deck(1357924682, "Spanish::Typing")
    typing.add_note(genanki.Note(model=TYPE_MODEL, fields=["cat", "gato"], guid="ty1"))
    genanki.Package([deck, tables, typing]).write_to_file(str(path))
    return path


def imported_collection(tmp_path: Path) -> Path:
    path = tmp_path / "collection.sqlite3"
    with Study(path, sources=(), now=lambda: NOW, tz=dt.UTC) as study:
        study.import_package(make_package(tmp_path / "spanish.apkg"))
    return path


def app_over(path: Path, deck: str | None = None) -> Any:
    """The app over the imported decks; with siblings shown (not buried) so that one session
    goes through the two cards of a cloze note as well."""
    return make_app(path, deck=deck, sources=(), now=lambda: NOW, tz=dt.UTC, clock=FakeClock(),
                    config=SessionConfig(spare_giveaways=False))


def shown(pilot: Pilot[Any]) -> NoteCard | None:
    screen = pilot.app.screen
    if isinstance(screen, ReviewScreen) and screen.step is not None and not screen.busy:
        card = screen.step.card
        return card if isinstance(card, NoteCard) else None
    return None


def test_a_cloze_deck_imported_and_studied(tmp_path: Path) -> None:
    path = imported_collection(tmp_path)
    seen = asyncio.run(_study_three(path))
    with Collection.open(path) as collection:
        graded = {event.card_id for _, event in collection.events()}
        assert graded == set(seen) and len(seen) == 3


async def _study_three(path: Path) -> list[str]:
    app = app_over(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DecksScreen) and pilot.app.screen.rows, "decks")
        names = [row.name for row in pilot.app.screen.rows]  # type: ignore[attr-defined]
        assert names == ["All decks", "Spanish", "Tables", "Typing", "Verbs"]
        spanish = next(row for row in pilot.app.screen.rows if row.name == "Spanish")  # type: ignore[attr-defined]
        assert spanish.total == 5 and spanish.new == 5  # counts rolled up from the subdecks
    app = app_over(path, deck="Spanish::Verbs")
    async with app.run_test(size=(100, 30)) as pilot:
        seen = []
        for _ in range(3):
            await wait_for(pilot, lambda: shown(pilot) is not None and shown(pilot).id not in seen, "a card")  # type: ignore[union-attr]
            card = shown(pilot)
            assert card is not None and card.note_type == "Cloze (test)"
            seen.append(card.id)
            text = screen_text(pilot.app)
            assert "[...]" in text  # the active deletion is blanked
            await pilot.press("space")
            await wait_for(pilot, lambda: pilot.app.screen.revealed, "the answer")  # type: ignore[attr-defined]
            assert "[...]" not in screen_text(pilot.app)
            await pilot.press("3")
        await wait_for(pilot, lambda: shown(pilot) is None, "the summary")
    return seen


def test_a_type_in_card_checks_the_typed_answer(tmp_path: Path) -> None:
    asyncio.run(_type_in(imported_collection(tmp_path)))


async def _type_in(path: Path) -> None:
    app = app_over(path, deck="Spanish::Typing")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: shown(pilot) is not None, "the card")
        assert "[type your answer below]" in screen_text(pilot.app)
        await pilot.press(*"Gato", "enter")
        await wait_for(pilot, lambda: pilot.app.screen.revealed, "the verdict")  # type: ignore[attr-defined]
        text = screen_text(pilot.app)
        assert "✓" in text and "expected:  gato" in text and "you typed: Gato" in text
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, NoteScreen), "the note")
        assert "Type (test)" in screen_text(pilot.app) and "gato" in screen_text(pilot.app)


async def _table_card(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, lambda: shown(pilot) is not None, "the card")
    await pilot.press("space")
    await wait_for(pilot, lambda: pilot.app.screen.revealed, "the answer")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: any(footer.children for footer in pilot.app.screen.query(Footer)), "the footer")
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def test_a_card_with_an_html_table(snap_compare: Any, tmp_path: Path) -> None:
    path = imported_collection(tmp_path)
    assert snap_compare(app_over(path, deck="Spanish::Tables"), terminal_size=SIZE, run_before=_table_card)


MARKUP = st.sampled_from(
    ["[bold]", "[/bold]", "[red]", "[/]", "[link=x]", "[@click=quit]", "[b]x[/b]", "\\[", "]", "["],
)
FIELD = st.lists(st.one_of(MARKUP, st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)),
                 max_size=8).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=FIELD, back=FIELD, width=st.integers(10, 100))
def test_field_text_is_never_markup_on_the_review_screen_s_path(front: str, back: str, width: int) -> None:
    """The review screen's path (template → HTML → document → Rich Text) keeps every character of
    field text as text: the plain text of the Rich Text is the document's, with no style from it."""
    from html import escape

    from studykit.importers.anki.templates import CardTemplate, NoteType, render_card

    note_type = NoteType(
        "Basic", ("Front", "Back"), (CardTemplate("Card 1", "{{Front}}", "{{FrontSide}}<hr>{{Back}}"),),
    )
    rendered = render_card(note_type, 0, (escape(front), escape(back)))
    for html in (rendered.question_for_display(), rendered.answer_for_display()):
        document = html_to_document(html, width)
        text = document_text(document)
        assert isinstance(text, Text)
        assert text.plain == document.plain()
        assert all(not span.style or not isinstance(span.style, str) for span in text.spans)
        if "[" in front and front.strip():
            assert "[" in text.plain


def test_a_note_side_shows_field_text_literally() -> None:
    side = NoteSide()
    side.html = ""
    document = html_to_document("<b>[red]not red[/red]</b> &lt;i&gt;", 40)
    text = document_text(document)
    assert text.plain == "[red]not red[/red] <i>"
    assert any(span.style and getattr(span.style, "bold", False) for span in text.spans)


def test_the_stored_type_answer_slot_is_the_renderer_s() -> None:
    from studykit.core.notecards import TYPE_ANSWER_SLOT
    from studykit.importers.anki.templates import TYPE_ANSWER_PLACEHOLDER

    assert TYPE_ANSWER_SLOT == TYPE_ANSWER_PLACEHOLDER
