"""Modal screens: the help screen and the source passage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from studykit.core.facts import Fact
from studykit.core.notecards import NoteCard
from studykit.study.views import SourceDoc
from studykit.tui.widgets import misdrawn, plain, wrap_drawn


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help screen."""

    section: str
    keys: str
    description: str
    binding_id: str | None


class HelpScreen(ModalScreen[None]):
    """Every key of the screen it was opened from, and the app's, with their binding ids."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, keys: Sequence[KeyHelp]) -> None:
        super().__init__()
        self.keys = tuple(keys)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="modal-box"):
            yield Static(Text("Keys", style="bold"), classes="panel-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self._table(), id="help-text")
            yield Static(Text("↑↓ PgUp PgDn scroll · Esc close", style="dim"), classes="panel-hint")

    def _table(self) -> Group:
        """A table per section under its title: a title in the narrow keys column was cut off
        ("Multiple c…"). The id column has one width in every table, so the columns line up."""
        id_width = max((len(item.binding_id or "") for item in self.keys), default=0)
        parts: list[RenderableType] = []
        for section, items in groupby(self.keys, key=lambda item: item.section):
            if parts:
                parts.append(Text(""))
            parts.append(Text(section, style="bold underline"))
            table = Table.grid(padding=(0, 2), expand=True)
            table.add_column("keys", no_wrap=True, style="bold", width=11)
            table.add_column("what", ratio=1)
            table.add_column("id", no_wrap=True, style="dim", width=id_width)
            for item in items:
                table.add_row(plain(item.keys), plain(item.description), plain(item.binding_id or ""))
            parts.append(table)
        parts += [Text(""), Text("Remap a key by its id in keymap.toml: see `studykit review --help`.", style="dim")]
        return Group(*parts)


class SourceScreen(ModalScreen[None]):
    """The source passage: document name and language, the verbatim quote, recorded conflicts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,s,q,enter", "dismiss", "Close", id="source.close", tooltip="Back to the card"),
    ]

    def __init__(
        self, quotes: Sequence[tuple[SourceDoc, str]], facts: Sequence[Fact],
        docs: Mapping[str, SourceDoc] | None = None,
    ) -> None:
        super().__init__()
        self.quotes = tuple(quotes)
        self.facts = tuple(facts)
        self.docs = {doc.file: doc for doc, _ in self.quotes} | dict(docs or {})

    def compose(self) -> ComposeResult:
        with Vertical(id="source-box", classes="modal-box"):
            yield Static(Text("Source passage", style="bold"), classes="panel-title")
            with VerticalScroll(id="source-scroll"):
                yield Static(self._body(), id="source-text")
            yield Static(Text("↑↓ PgUp PgDn scroll · Esc back to the card", style="dim"), classes="panel-hint")

    def text_width(self) -> int:
        """The width of the passage's text: the box (76 at most) less its border and padding."""
        width = self.app.size.width if self.is_attached else 80
        return max(20, min(76, width) - 6)

    def _wrapped(self, text: str, indent: int = 0) -> str:
        """Bengali wrapped at the width terminals draw it in (and, by the CSS, nothing drawn
        right of it); any other text as it is, for Rich to wrap."""
        if not misdrawn(text):
            return text
        self.add_class("misdrawn")
        return wrap_drawn(text, self.text_width() - indent)

    def _body(self) -> Text:
        out = Text()
        by_doc: dict[str, list[str]] = {}
        for doc, quote in self.quotes:
            by_doc.setdefault(doc.file, []).append(quote)
        for i, (file, quotes) in enumerate(by_doc.items()):
            doc = self.docs[file]
            if i:
                out.append("\n\n")
            out.append_text(plain(doc.title, "bold"))
            out.append("\n")
            if doc.origin:
                out.append_text(plain(doc.origin))
                out.append("\n")
            out.append_text(plain(f"{doc.language} · {doc.file}", "dim"))
            for quote in quotes:
                out.append("\n")
                out.append_text(plain(self._wrapped(f"“{quote}”"), "italic"))
        for fact in self.facts:
            for conflict in fact.conflicts:
                out.append("\n\n")
                out.append("Sources disagree: ", style="bold yellow")
                out.append_text(plain(conflict.about, "bold"))
                for reading in conflict.readings:
                    out.append("\n  • ")
                    out.append_text(plain(reading.reading))
                    known = self.docs.get(reading.seed)
                    where = f"{known.title}, {known.language}" if known else reading.seed
                    out.append_text(plain(f" — {where}", "dim"))
                    if reading.quote:
                        out.append("\n    ")
                        quote = self._wrapped(f"“{reading.quote}”", indent=4).replace("\n", "\n    ")
                        out.append_text(plain(quote, "italic dim"))
                out.append("\n  Resolution: ", style="bold")
                out.append_text(plain(conflict.resolution))
            if fact.outside_knowledge:  # its text is the curators' reasoning (decks/README.md): not shown
                out.append("\n\n")
                out.append("Beyond the quotes: ", style="bold yellow")
                out.append("part of this statement rests on knowledge the quoted sources do not give.")
        return out



class NoteScreen(ModalScreen[None]):
    """An imported card's note: its note type, card type, deck, tags and every field (as text)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,s,q,enter", "dismiss", "Close", id="note.close", tooltip="Back to the card"),
    ]

    def __init__(self, card: NoteCard) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        with Vertical(id="source-box", classes="modal-box"):
            yield Static(Text("The note", style="bold"), classes="panel-title")
            with VerticalScroll(id="source-scroll"):
                yield Static(self._body(), id="source-text")
            yield Static(Text("↑↓ PgUp PgDn scroll · Esc back to the card", style="dim"), classes="panel-hint")

    def _body(self) -> Text:
        from studykit.tui.widgets.notes import document_text, side_document

        card = self.card
        out = Text()
        out.append("Note type ", style="dim")
        out.append_text(plain(card.note_type, "bold"))
        if card.template:
            out.append_text(plain(f" · {card.template}", "dim"))
        out.append("\nDeck ", style="dim")
        out.append_text(plain(card.deck))
        if card.tags:
            out.append("\nTags ", style="dim")
            out.append_text(plain(" ".join(card.tags)))
        width = max(20, self.app.size.width - 12)
        for name, value in card.fields:
            out.append("\n\n")
            out.append_text(plain(name, "bold underline"))
            out.append("\n")
            document = side_document(value, width)
            out.append_text(document_text(document) if document.lines else Text("(empty)", style="dim"))
        return out
