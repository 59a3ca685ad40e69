"""An imported Anki card's side on screen: its HTML as terminal text (`importers.anki.html_text`),
turned into Rich `Text` by appending each span's string with a style built from its flags.

Never markup: a field holding `[bold]` or `[red]x[/red]` shows exactly that. The conversion is
done when the side is shown, at the width the widget has (and again when that changes): a few
milliseconds a side, which an import of 50,000 notes should not pay for every card. The
converter itself loads with the first imported card shown: a session of fact cards never needs it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rich.style import Style as RichStyle
from rich.text import Text
from textual.widgets import Static

from studykit.core.notecards import TYPE_ANSWER_SLOT

if TYPE_CHECKING:
    from studykit.importers.anki.html_text import Document, Line, Marker, Style


@lru_cache(maxsize=1)
def _styles() -> tuple[tuple[Style, RichStyle], ...]:
    from studykit.importers.anki.html_text import Style

    return (
        (Style.BOLD, RichStyle(bold=True)),
        (Style.ITALIC, RichStyle(italic=True)),
        (Style.UNDERLINE, RichStyle(underline=True)),
        (Style.STRIKE, RichStyle(strike=True)),
        (Style.CODE, RichStyle(color="cyan")),
        (Style.MARK, RichStyle(reverse=True)),
        (Style.LINK, RichStyle(underline=True, color="bright_blue")),
        (Style.HEADING, RichStyle(bold=True)),
        (Style.CLOZE, RichStyle(bold=True, color="bright_blue")),
        (Style.DIM, RichStyle(dim=True)),
        (Style.MATH, RichStyle(italic=True, color="magenta")),
        (Style.MEDIA, RichStyle(bold=True, color="yellow")),
    )


@lru_cache(maxsize=256)
def rich_style(style: Style) -> RichStyle:
    out = RichStyle()
    for flag, rich in _styles():
        if style & flag:
            out += rich
    return out


@lru_cache(maxsize=64)
def side_document(html: str, width: int) -> Document:
    from studykit.importers.anki.html_text import html_to_document

    return html_to_document(html, max(8, width), type_answer_slot=TYPE_ANSWER_SLOT)


def line_text(
    line: Line, out: Text, *, slot: Text | None, hints: tuple[tuple[Line, ...], ...], shown_hints: bool
) -> None:
    for span in line:
        marker: Marker | None = span.marker
        if marker is not None and marker.kind == "type-answer" and slot is not None:
            out.append_text(slot)
            continue
        out.append(span.text, style=rich_style(span.style))
        if marker is not None and marker.kind == "hint" and shown_hints and marker.index < len(hints):
            for i, hint_line in enumerate(hints[marker.index]):
                out.append(" " if i == 0 else "\n")
                line_text(hint_line, out, slot=None, hints=(), shown_hints=False)


def document_text(document: Document, *, slot: Text | None = None, shown_hints: bool = False) -> Text:
    """The document as Rich `Text`: plain strings with styles, one line per line. `slot` replaces
    the type-answer marker (the typed answer and its comparison on the answer side)."""
    out = Text(end="")
    for i, line in enumerate(document.lines):
        if i:
            out.append("\n")
        line_text(line, out, slot=slot, hints=document.hints, shown_hints=shown_hints)
    return out


class NoteSide(Static):
    """One side of an imported card, laid out at the widget's width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.html = ""
        self.slot: Text | None = None
        self.shown_hints = False
        self.document: Document | None = None

    def show(self, html: str, *, slot: Text | None = None, shown_hints: bool = False) -> None:
        self.html, self.slot, self.shown_hints = html, slot, shown_hints
        self._draw()

    def _width(self) -> int:
        width = self.content_region.width if self.is_mounted else 0
        if width <= 0:
            width = max(20, self.app.size.width - 6) if self.is_attached else 76
        return width

    def _draw(self) -> None:
        if not self.html:
            self.document = None
            self.update("")
            return
        self.document = side_document(self.html, self._width())
        self.update(document_text(self.document, slot=self.slot, shown_hints=self.shown_hints))

    def on_resize(self) -> None:
        if self.html and (self.document is None or self.document.width != max(8, self._width())):
            self._draw()
