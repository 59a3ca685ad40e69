"""A card side's HTML as terminal text: lines of plain-text spans with styles as data.

Pure and standard library only (``html.parser``; see below). The TUI turns a
:class:`Document` into Rich ``Text`` by appending each span's text with a style made from its
:class:`Style` flags, so field content is never read as Rich or Textual markup: every string
here is plain text, shown as it is.

What the HTML becomes:

- paragraphs (``<p>``, headings, lists, tables, ``<pre>``) are separated by one blank line;
  ``<div>`` and ``<br>`` start a new line; whitespace collapses as in a browser, and lines
  wrap at word boundaries to ``width`` terminal columns (East Asian wide characters count two;
  a word longer than a line is split between grapheme clusters, and CJK text may break
  between any two wide characters);
- ``<b>``/``<strong>``, ``<i>``/``<em>``, ``<u>``, ``<s>``/``<del>``, ``<code>``, ``<mark>``,
  links, Anki's cloze deletions (``<span class="cloze">``) and headings become
  :class:`Style` flags; so do the inline ``font-weight``, ``font-style`` and
  ``text-decoration`` of a ``style`` attribute (``font-weight: normal`` unbolds);
- ``<ul>``/``<ol>`` become bulleted and numbered lists (nested, ``start``, ``type``,
  ``<li value>``) with hanging indents; ``<pre>`` keeps its whitespace (tabs to 4-column
  stops); ``<hr>`` is a rule; ``<blockquote>`` is indented with a bar;
- tables have aligned columns when they fit the width (cells wrapped if need be); a table too
  wide even so is shown row by row, each cell as ``header: value`` when it has a header row;
- ``<img src>`` becomes ``[image: name]`` and ``[sound:name]``/``<audio>``/``<video>``
  ``[sound: name]``, each a span carrying a :class:`Marker`, so the UI can offer a key to show
  or play it; Anki's ``{{hint:}}`` link becomes a ``[hint: Field]`` marker whose hidden text
  is in :attr:`Document.hints`; the type-answer placeholder (when asked for) becomes a
  ``type-answer`` marker;
- ``<ruby>`` reads as base then reading in parentheses: 漢字(かんじ);
- ``[latex]…[/latex]``, ``[$]…[/$]``, ``[$$]…[/$$]`` show their source (tags inside removed,
  line breaks kept) in the ``MATH`` style; MathJax ``\\(…\\)`` and ``\\[…\\]`` are text already
  and stay as typed;
- ``<script>``, ``<style>``, comments, ``<head>``, ``<template>`` and anything hidden
  (``display: none``, ``hidden``) are dropped; unknown tags keep their text;
- right-to-left text stays in logical order (the terminal orders it for display);
- entities are decoded once, as a browser does; a *double-encoded* no-break space
  (``&amp;nbsp;``, which Anki's editor leaves in many shared decks) is decoded again to a
  space, since nobody means to show "&nbsp;". Any other double-encoded entity (``&amp;lt;``)
  is shown as the browser shows it (``&lt;``), because cards about HTML mean exactly that;
- control characters never reach the terminal: C0 controls other than newline and tab become
  their visible pictures (ESC is ``␛``), DEL is ``␡``, C1 controls are written ``\\x9b``, and
  lone surrogates become U+FFFD.

Why ``html.parser``: Anki card HTML is small and often broken (a cloze closing inside a
``<div>`` it did not open); what matters is not losing text and dropping scripts, styles and
comments, which ``html.parser`` does without a dependency. An HTML5 tree builder (html5lib,
selectolax) would mirror browser error recovery more closely, but cards rarely rely on it,
and the few recovery rules that matter here (implied ``</p>``, ``</li>``, ``</td>``,
``</tr>``; ``</br>``) are done below.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

__all__ = [
    "Document",
    "Line",
    "Marker",
    "Span",
    "Style",
    "display_width",
    "html_to_document",
]


class Style(enum.Flag):
    """How a span looks; the UI maps each flag to a terminal style."""

    NONE = 0
    BOLD = enum.auto()
    ITALIC = enum.auto()
    UNDERLINE = enum.auto()
    STRIKE = enum.auto()
    CODE = enum.auto()
    MARK = enum.auto()  # <mark>, a highlight
    LINK = enum.auto()
    HEADING = enum.auto()
    CLOZE = enum.auto()  # the active cloze deletion ([...] on the question, its text on the answer)
    DIM = enum.auto()  # secondary text: ruby readings, rules, table borders, list bullets
    MATH = enum.auto()  # LaTeX source
    MEDIA = enum.auto()  # a marker: [image: …], [sound: …], [hint: …], the type-answer slot


@dataclass(frozen=True)
class Marker:
    """Something the UI can act on: ``kind`` is "image", "sound", "hint" or "type-answer";
    ``name`` is the media file name (or the hint's label); ``index`` numbers hints."""

    kind: str
    name: str = ""
    index: int = 0


@dataclass(frozen=True)
class Span:
    text: str
    style: Style = Style.NONE
    marker: Marker | None = None


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Document:
    """A side as lines of spans, each line at most ``width`` columns wide."""

    lines: tuple[Line, ...]
    width: int
    hints: tuple[tuple[Line, ...], ...] = ()

    def plain(self) -> str:
        """The text as the terminal shows it, lines joined with newlines."""
        return "\n".join("".join(span.text for span in line) for line in self.lines)

    def markers(self) -> tuple[Marker, ...]:
        seen: dict[Marker, None] = {}
        for line in self.lines:
            for span in line:
                if span.marker is not None:
                    seen.setdefault(span.marker)
        return tuple(seen)

    def images(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.name for m in self.markers() if m.kind == "image"))

    def sounds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.name for m in self.markers() if m.kind == "sound"))


# ---------------------------------------------------------------------------------------
# Characters: safety and width

_C1_OR_C0 = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if code <= 0x9F:
        return f"\\x{code:02x}"
    if ch in "\u2028\u2029":
        return " "
    return "\ufffd"


def safe_text(text: str) -> str:
    """Text with every control character made visible (newline and tab kept)."""
    return _C1_OR_C0.sub(_visible, text)


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if "\u1160" <= ch <= "\u11ff":  # Hangul medial vowels and final consonants join the syllable
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (wide characters two, combining marks none)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def _joins_previous(prev: str, ch: str) -> bool:
    if unicodedata.category(ch) in ("Mn", "Me", "Mc"):
        return True
    if ch == "\u200d" or prev == "\u200d":
        return True
    code = ord(ch)
    if (
        0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    ):
        return True
    # an Indic consonant after a virama makes one conjunct with it
    return unicodedata.combining(prev) == 9 and unicodedata.category(ch) == "Lo"


def graphemes(text: str) -> list[str]:
    """Approximate extended grapheme clusters (marks, joiners, selectors, flags, conjuncts)."""
    clusters: list[str] = []
    regional_open = False
    for ch in text:
        is_regional = "\U0001f1e6" <= ch <= "\U0001f1ff"
        if clusters and (_joins_previous(clusters[-1][-1], ch) or (is_regional and regional_open)):
            clusters[-1] += ch
            regional_open = False
            continue
        clusters.append(ch)
        regional_open = is_regional
    return clusters


@lru_cache(maxsize=4096)
def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


# ---------------------------------------------------------------------------------------
# Parsing into a small tree

VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
SKIPPED = frozenset(
    [
        "script",
        "style",
        "head",
        "title",
        "template",
        "noscript",
        "canvas",
        "iframe",
        "meta",
        "link",
        "select",
        "option",
        "datalist",
    ]
)
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "ul",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "caption",
    ]
)
_PARAGRAPH_MARGIN = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "blockquote", "dl", "figure", "details"]
)
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {})
        self.stack: list[_Element] = [self.root]

    def _open_tags(self) -> list[str]:
        return [e.tag for e in self.stack]

    def _close_to(self, index: int) -> None:
        del self.stack[index:]

    def _close_implied(self, tag: str) -> None:
        tags = self._open_tags()
        if tag in _CLOSES_P and "p" in tags:
            self._close_nearest("p", stop=("table", "td", "th", "li", "button"))
        if tag == "li":
            self._close_nearest("li", stop=("ul", "ol", "table"))
        elif tag in ("dt", "dd"):
            self._close_nearest(("dt", "dd"), stop=("dl", "table"))
        elif tag in ("td", "th"):
            self._close_nearest(("td", "th"), stop=("tr", "table"))
        elif tag == "tr":
            self._close_nearest("tr", stop=("table",))
            self._close_nearest(("td", "th"), stop=("table",))
        elif tag in ("thead", "tbody", "tfoot"):
            self._close_nearest(("thead", "tbody", "tfoot", "tr", "td", "th"), stop=("table",))

    def _close_nearest(self, tags: str | tuple[str, ...], *, stop: tuple[str, ...]) -> None:
        wanted = (tags,) if isinstance(tags, str) else tags
        for index in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[index].tag
            if tag in wanted:
                self._close_to(index)
                return
            if tag in stop:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        element = _Element(tag, {k: (v or "") for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <div/> opens a div in HTML, as browsers read it

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self.handle_starttag("br", [])
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                self._close_to(index)
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


_DOUBLE_NBSP = re.compile(r"&(?:nbsp|#160|#x[aA]0);")
_LATEX = re.compile(r"\[latex\](.+?)\[/latex\]|\[\$\](.+?)\[/\$\]|\[\$\$\](.+?)\[/\$\$\]", re.DOTALL | re.IGNORECASE)
_LATEX_BREAK = re.compile(r"<br\s*/?>|</?div\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>", re.DOTALL)
_LATEX_ELEMENT = "studykit-latex"


def _latex_to_element(match: re.Match[str]) -> str:
    import html as _html

    body = match.group(1) or match.group(2) or match.group(3) or ""
    source = _html.unescape(_TAG.sub("", _LATEX_BREAK.sub("\n", body))).strip("\n")
    return f'<{_LATEX_ELEMENT} src="{_html.escape(source, quote=True)}"></{_LATEX_ELEMENT}>'


_CONTROL_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}));?")


def _control_ref(match: re.Match[str]) -> str:
    """A character reference to a C0 control or DEL, which html.unescape would drop: shown."""
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    if (code < 0x20 and code not in (0x09, 0x0A, 0x0C, 0x0D)) or code == 0x7F:
        return chr(0x2400 + code) if code < 0x20 else "\u2421"
    return match.group(0)


def _parse(html: str) -> _Element:
    html = _CONTROL_REF.sub(_control_ref, html)
    html = html.replace(f"<{_LATEX_ELEMENT}", f"&lt;{_LATEX_ELEMENT}")  # only ours below are real
    html = _LATEX.sub(_latex_to_element, html)
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# ---------------------------------------------------------------------------------------
# Inline styles from tags and style attributes

_TAG_STYLES = {
    "b": Style.BOLD,
    "strong": Style.BOLD,
    "th": Style.BOLD,
    "dt": Style.BOLD,
    "i": Style.ITALIC,
    "em": Style.ITALIC,
    "cite": Style.ITALIC,
    "var": Style.ITALIC,
    "dfn": Style.ITALIC,
    "address": Style.ITALIC,
    "u": Style.UNDERLINE,
    "ins": Style.UNDERLINE,
    "s": Style.STRIKE,
    "strike": Style.STRIKE,
    "del": Style.STRIKE,
    "code": Style.CODE,
    "kbd": Style.CODE,
    "samp": Style.CODE,
    "tt": Style.CODE,
    "pre": Style.CODE,
    "mark": Style.MARK,
    "a": Style.LINK,
    "small": Style.DIM,
    "h1": Style.BOLD | Style.HEADING,
    "h2": Style.BOLD | Style.HEADING,
    "h3": Style.BOLD | Style.HEADING,
    "h4": Style.BOLD,
    "h5": Style.BOLD,
    "h6": Style.BOLD,
}


def _declarations(element: _Element) -> dict[str, str]:
    result: dict[str, str] = {}
    for part in element.attrs.get("style", "").split(";"):
        name, _, value = part.partition(":")
        if value:
            result[name.strip().lower()] = value.strip().lower()
    return result


def _styled(element: _Element, style: Style) -> Style:
    style |= _TAG_STYLES.get(element.tag, Style.NONE)
    classes = element.attrs.get("class", "").split()
    if "cloze" in classes:
        style |= Style.CLOZE
    css = _declarations(element)
    weight = css.get("font-weight")
    if weight is not None:
        if weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600):
            style |= Style.BOLD
        elif weight in ("normal", "lighter") or weight.isdigit():
            style &= ~Style.BOLD
    font_style = css.get("font-style")
    if font_style is not None:
        style = style | Style.ITALIC if font_style in ("italic", "oblique") else style & ~Style.ITALIC
    decoration = css.get("text-decoration", css.get("text-decoration-line"))
    if decoration is not None:
        if "underline" in decoration:
            style |= Style.UNDERLINE
        if "line-through" in decoration:
            style |= Style.STRIKE
        if decoration.startswith("none"):
            style &= ~(Style.UNDERLINE | Style.STRIKE)
    return style


def _hidden(element: _Element) -> bool:
    if "hidden" in element.attrs:
        return True
    css = _declarations(element)
    return css.get("display", "").startswith("none") or css.get("visibility", "") == "hidden"


# ---------------------------------------------------------------------------------------
# Inline flow and wrapping


@dataclass
class _Piece:
    kind: str  # "text", "pre", "marker", "br"
    text: str = ""
    style: Style = Style.NONE
    marker: Marker | None = None


_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_TTS_TAG = re.compile(r"\[/?anki:tts(?:[ \t\r\n][^\]]*)?\]")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass
class _Context:
    width: int
    type_slot: str | None
    hints: list[tuple[Line, ...]]
    hint_labels: list[str]


class _Flow:
    """Lines of a block container: paragraphs wrapped, blocks stacked with margins."""

    def __init__(self, width: int) -> None:
        self.width = max(1, width)
        self.lines: list[Line] = []
        self.pieces: list[_Piece] = []
        self.margin = 0

    def add_text(self, text: str, style: Style, ctx: _Context, *, pre: bool) -> None:
        text = safe_text(_DOUBLE_NBSP.sub("\xa0", text))
        text = _TTS_TAG.sub("", text)
        slot = ctx.type_slot
        parts = text.split(slot) if slot else [text]
        for n, part in enumerate(parts):
            if n:  # a block, as Anki's box and comparison are: the text around never runs into it
                self.boundary()
                self.pieces.append(_Piece("marker", "[type answer]", style | Style.MEDIA, Marker("type-answer")))
                self.boundary()
            last = 0
            for match in _SOUND.finditer(part):
                self._add_plain(part[last : match.start()], style, pre)
                name = match.group(1)
                self.pieces.append(_Piece("marker", f"[sound: {name}]", style | Style.MEDIA, Marker("sound", name)))
                last = match.end()
            self._add_plain(part[last:], style, pre)

    def _add_plain(self, text: str, style: Style, pre: bool) -> None:
        if text:
            self.pieces.append(_Piece("pre" if pre else "text", text, style))

    def add_marker(self, text: str, style: Style, marker: Marker) -> None:
        self.pieces.append(_Piece("marker", safe_text(text), style | Style.MEDIA, marker))

    def add_break(self) -> None:
        self.pieces.append(_Piece("br"))

    def boundary(self, margin: int = 0) -> None:
        self._flush()
        self.margin = max(self.margin, margin)

    def add_lines(self, lines: Iterable[Line], margin: int = 0) -> None:
        lines = list(lines)
        self.boundary(margin)
        if lines:
            self._emit(lines)
        self.margin = max(self.margin, margin)

    def _emit(self, lines: list[Line]) -> None:
        if self.lines and self.margin:
            trailing = 0
            for line in reversed(self.lines):
                if line:
                    break
                trailing += 1
            self.lines.extend(() for _ in range(max(0, self.margin - trailing)))
        self.margin = 0
        self.lines.extend(lines)

    def _flush(self) -> None:
        pieces, self.pieces = self.pieces, []
        if pieces and pieces[-1].kind == "br":
            pieces.pop()  # a last <br> ends the line it is on, it makes no empty line
        lines = _wrap(pieces, self.width)
        if lines is not None:
            self._emit(lines)

    def finish(self) -> list[Line]:
        self._flush()
        lines = self.lines
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        return lines


@dataclass
class _Word:
    fragments: list[tuple[str, Style, Marker | None]] = field(default_factory=list)
    width: int = 0

    def add(self, text: str, style: Style, marker: Marker | None) -> None:
        if self.fragments and self.fragments[-1][1] == style and self.fragments[-1][2] == marker:
            self.fragments[-1] = (self.fragments[-1][0] + text, style, marker)
        else:
            self.fragments.append((text, style, marker))
        self.width += display_width(text)


def _tokens(pieces: list[_Piece]) -> Iterator[tuple[str, object]]:
    """Words, collapsible spaces (with their style), zero-width break chances and hard breaks."""
    word = _Word()
    for piece in pieces:
        if piece.kind == "br":
            if word.fragments:
                yield "word", word
                word = _Word()
            yield "br", None
        elif piece.kind == "marker":
            if word.fragments:
                yield "word", word
            yield "word", _Word([(piece.text, piece.style, piece.marker)], display_width(piece.text))
            word = _Word()
        elif piece.kind == "pre":
            for n, line in enumerate(piece.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
                if n:
                    if word.fragments:
                        yield "word", word
                        word = _Word()
                    yield "br", None
                if line:
                    if word.fragments:
                        yield "word", word
                        word = _Word()
                    yield "pre", (line, piece.style)
        else:
            for n, chunk in enumerate(_HTML_SPACE.split(piece.text)):
                if n:
                    if word.fragments:
                        yield "word", word
                        word = _Word()
                    yield "space", piece.style
                if not chunk:
                    continue
                if chunk.isascii():
                    word.add(chunk, piece.style, None)
                    continue
                start = 0
                for i, ch in enumerate(chunk):
                    if (
                        (_is_wide(ch)
                        and i > start)
                        or (i > 0
                        and _is_wide(chunk[i - 1])
                        and not _joins_previous(chunk[i - 1], ch))
                    ):
                        word.add(chunk[start:i], piece.style, None)
                        yield "word", word
                        yield "chance", None
                        word = _Word()
                        start = i
                word.add(chunk[start:], piece.style, None)
    if word.fragments:
        yield "word", word


def _expand_tabs(line: str, column: int) -> str:
    if "\t" not in line:
        return line
    out: list[str] = []
    for ch in line:
        if ch == "\t":
            spaces = 4 - column % 4
            out.append(" " * spaces)
            column += spaces
        else:
            out.append(ch)
            column += _char_width(ch)
    return "".join(out)


class _LineBuilder:
    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[Line] = []
        self.spans: list[Span] = []
        self.used = 0

    def put(self, text: str, style: Style, marker: Marker | None = None) -> None:
        if not text:
            return
        text = text.replace("\xa0", " ")
        if self.spans and self.spans[-1].style == style and self.spans[-1].marker == marker:
            self.spans[-1] = Span(self.spans[-1].text + text, style, marker)
        else:
            self.spans.append(Span(text, style, marker))
        self.used += display_width(text)

    def newline(self) -> None:
        self.lines.append(tuple(self.spans))
        self.spans = []
        self.used = 0

    def put_long(self, text: str, style: Style, marker: Marker | None) -> None:
        """Put text longer than the room left, split between grapheme clusters."""
        for cluster in graphemes(text):
            w = display_width(cluster)
            if self.used + w > self.width and self.used > 0:
                self.newline()
            self.put(cluster, style, marker)


def _wrap(pieces: list[_Piece], width: int) -> list[Line] | None:
    """Greedy word wrapping; None when the pieces hold nothing visible."""
    out = _LineBuilder(width)
    pending_space: Style | None = None
    visible = False
    for kind, value in _tokens(pieces):
        if kind == "br":
            out.newline()
            pending_space = None
            visible = True
        elif kind == "space":
            if out.used > 0:
                assert isinstance(value, Style)
                pending_space = value
        elif kind == "chance":
            continue
        elif kind == "pre":
            assert isinstance(value, tuple)
            text, style = value
            if pending_space is not None and out.used > 0:
                out.put(" ", pending_space & ~(Style.CLOZE | Style.MEDIA))
            pending_space = None
            out.put_long(_expand_tabs(text, out.used), style, None)
            visible = True
        else:
            assert isinstance(value, _Word)
            visible = True
            gap = 1 if pending_space is not None and out.used > 0 else 0
            if out.used + gap + value.width > width and out.used > 0:
                out.newline()
                gap = 0
            if gap:
                assert pending_space is not None
                out.put(" ", pending_space & ~(Style.CLOZE | Style.MEDIA))
            pending_space = None
            for text, style, marker in value.fragments:
                if out.used + display_width(text) > width:
                    out.put_long(text, style, marker)
                else:
                    out.put(text, style, marker)
    if not visible:
        return None
    out.newline()
    return out.lines


# ---------------------------------------------------------------------------------------
# Walking the tree


def _text_of(element: _Element) -> str:
    parts: list[str] = []

    def walk(node: _Element) -> None:
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in SKIPPED and child.tag not in ("rt", "rp"):
                walk(child)

    walk(element)
    return "".join(parts)


_SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


def _script(text: str, table: dict[int, int], mark: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    mapped = text.translate(table)
    if all(ord(ch) in table for ch in text):
        return mapped
    return f"{mark}({text})" if len(text) > 1 else f"{mark}{text}"


def _walk(node: _Element, flow: _Flow, style: Style, ctx: _Context, *, pre: bool, depth: int) -> None:
    for child in node.children:
        if isinstance(child, str):
            flow.add_text(child, style, ctx, pre=pre)
            continue
        tag = child.tag
        if tag in SKIPPED:
            continue
        classes = child.attrs.get("class", "").split()
        if _hidden(child):
            if "hint" in classes:
                ctx.hints.append(tuple(_render_block(child, ctx.width, Style.NONE, ctx, depth=depth)))
            continue
        inner = _styled(child, style)
        if tag == "br":
            flow.add_break()
        elif tag == "wbr":
            continue
        elif tag == "img":
            name = child.attrs.get("src", "")
            flow.add_marker(f"[image: {name}]" if name else "[image]", style, Marker("image", name))
        elif tag in ("audio", "video", "source", "embed"):
            name = child.attrs.get("src", "")
            if name:
                flow.add_marker(f"[sound: {name}]", style, Marker("sound", name))
            _walk(child, flow, inner, ctx, pre=pre, depth=depth)
        elif tag == "object":
            name = child.attrs.get("data", "")
            if name:
                flow.add_marker(f"[image: {name}]", style, Marker("image", name))
        elif tag == _LATEX_ELEMENT:
            source = child.attrs.get("src", "")
            lines = source.split("\n")
            if len(lines) == 1:
                flow.add_text(source, style | Style.MATH, ctx, pre=True)
            else:
                flow.boundary()
                for n, line in enumerate(lines):
                    if n:
                        flow.add_break()
                    flow.add_text(line, style | Style.MATH, ctx, pre=True)
                flow.boundary()
        elif tag == "a" and "hint" in classes:
            label = " ".join(_text_of(child).split()) or "hint"
            flow.add_marker(f"[hint: {label}]", style, Marker("hint", label, len(ctx.hint_labels)))
            ctx.hint_labels.append(label)
        elif tag == "ruby":
            _ruby(child, flow, inner, ctx, pre=pre, depth=depth)
        elif tag in ("rt", "rp"):
            continue
        elif tag in ("sup", "sub"):
            text = _script(_text_of(child), _SUPERSCRIPT if tag == "sup" else _SUBSCRIPT, "^" if tag == "sup" else "_")
            flow.add_text(text, inner, ctx, pre=False)
        elif tag == "hr":
            flow.add_lines([(Span("─" * flow.width, Style.DIM),)])
        elif tag in ("ul", "ol", "menu"):
            flow.add_lines(_render_list(child, flow.width, inner, ctx, depth=depth), 0 if depth else 1)
        elif tag == "table":
            flow.add_lines(_render_table(child, flow.width, inner, ctx, depth=depth), 1)
        elif tag == "blockquote":
            flow.add_lines(
                _indented(_render_block(child, flow.width - 2, inner, ctx, depth=depth), "│ ", flow.width), 1
            )
        elif tag == "dd":
            flow.add_lines(_indented(_render_block(child, flow.width - 2, inner, ctx, depth=depth), "  ", flow.width))
        elif tag == "pre":
            flow.boundary(1)
            _walk(child, flow, inner, ctx, pre=True, depth=depth)
            flow.boundary(1)
        elif tag in BLOCKS:
            margin = 1 if tag in _PARAGRAPH_MARGIN else 0
            flow.boundary(margin)
            _walk(
                child,
                flow,
                inner,
                ctx,
                pre=pre or _declarations(child).get("white-space", "").startswith("pre"),
                depth=depth,
            )
            flow.boundary(margin)
        else:
            _walk(
                child,
                flow,
                inner,
                ctx,
                pre=pre or _declarations(child).get("white-space", "").startswith("pre"),
                depth=depth,
            )


def _ruby(element: _Element, flow: _Flow, style: Style, ctx: _Context, *, pre: bool, depth: int) -> None:
    for child in element.children:
        if isinstance(child, str):
            flow.add_text(child, style, ctx, pre=pre)
        elif child.tag == "rt":
            reading = " ".join(_text_of(child).split())
            if reading:
                flow.add_text(f"({reading})", (style | Style.DIM) & ~Style.CLOZE, ctx, pre=False)
        elif child.tag != "rp" and child.tag not in SKIPPED:
            holder = _Element("#group", {}, [child])
            _walk(holder, flow, style, ctx, pre=pre, depth=depth)


def _render_block(
    element: _Element, width: int, style: Style, ctx: _Context, *, depth: int, pre: bool = False
) -> list[Line]:
    flow = _Flow(width)
    _walk(element, flow, style, ctx, pre=pre, depth=depth)
    return flow.finish()


def _line_width(line: Line) -> int:
    return sum(display_width(span.text) for span in line)


def _indented(lines: list[Line], prefix: str, width: int, first: str | None = None) -> list[Line]:
    """Lines behind a prefix (a bullet, a bar); too narrow for one, they stay as they are."""
    first = prefix if first is None else first
    if width - display_width(first) < 8:
        return ([(Span(first.rstrip(), Style.DIM),)] if first.strip() else []) + lines
    return [
        (Span(first if n == 0 else prefix, Style.DIM), *line) if line or n == 0 else line
        for n, line in enumerate(lines)
    ]


# ---------------------------------------------------------------------------------------
# Lists

_BULLETS = ("•", "◦", "▪")


def _roman(n: int) -> str:
    numerals = (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    )
    out = []
    for value, letters in numerals:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _alpha(n: int) -> str:
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def _number(n: int, kind: str) -> str:
    if n > 0 and kind in ("a", "A"):
        text = _alpha(n)
        return text.upper() if kind == "A" else text
    if 0 < n < 4000 and kind in ("i", "I"):
        text = _roman(n)
        return text.upper() if kind == "I" else text
    return str(n)


def _int_attr(element: _Element, name: str, default: int) -> int:
    value = element.attrs.get(name, "").strip()
    try:
        return int(value)
    except ValueError:
        return default


def _render_list(element: _Element, width: int, style: Style, ctx: _Context, *, depth: int) -> list[Line]:
    ordered = element.tag == "ol"
    kind = element.attrs.get("type", "1") or "1"
    number = _int_attr(element, "start", 1)
    items: list[tuple[str, _Element]] = []  # label ("" for content outside any <li>), content
    for child in element.children:
        if isinstance(child, _Element) and child.tag == "li":
            number = _int_attr(child, "value", number)
            items.append((f"{_number(number, kind)}." if ordered else _BULLETS[depth % len(_BULLETS)], child))
            number += 1
        elif items and not items[-1][0]:
            items[-1][1].children.append(child)
        else:
            items.append(("", _Element("#group", {}, [child])))
    label_width = max((display_width(label) for label, _ in items), default=0)
    indent = label_width + 1
    narrow = width - indent < 8
    out: list[Line] = []
    for label, content in items:
        if not label:
            out.extend(_render_block(content, width, style, ctx, depth=depth + 1))
            continue
        body = _render_block(
            content, width if narrow else width - indent, _styled(content, style), ctx, depth=depth + 1
        )
        shown = label.rjust(label_width) if ordered else label.ljust(label_width)
        if narrow:
            out.append((Span(shown, Style.DIM),))
            out.extend(body)
        else:
            out.extend(_indented(body or [()], " " * indent, width, first=shown + " "))
    return out


# ---------------------------------------------------------------------------------------
# Tables


@dataclass
class _Cell:
    element: _Element
    header: bool


def _rows(table: _Element) -> tuple[list[_Element], list[list[_Cell]], list[bool]]:
    """Captions, rows of cells and which rows are header rows; stray content becomes a row."""
    captions: list[_Element] = []
    rows: list[list[_Cell]] = []
    header_rows: list[bool] = []

    def add_row(cells: list[_Cell], in_head: bool) -> None:
        if cells:
            rows.append(cells)
            header_rows.append(in_head or all(c.header for c in cells))

    def walk(node: _Element, in_head: bool) -> None:
        loose: list[_Cell] = []
        stray = _Element("#group", {})
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    stray.children.append(child)
                continue
            if child.tag in SKIPPED or _hidden(child):
                continue
            if child.tag == "caption":
                captions.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                add_row(loose, in_head)
                loose = []
                walk(child, child.tag == "thead")
            elif child.tag == "tr":
                add_row(loose, in_head)
                loose = []
                cells = [
                    _Cell(c, c.tag == "th") for c in child.children if isinstance(c, _Element) and c.tag in ("td", "th")
                ]
                extra = _Element(
                    "#group", {}, [c for c in child.children if not (isinstance(c, _Element) and c.tag in ("td", "th"))]
                )
                if _text_of(extra).strip() or _has_media(extra):
                    cells.append(_Cell(extra, False))
                add_row(cells, in_head)
            elif child.tag in ("td", "th"):
                loose.append(_Cell(child, child.tag == "th"))
            elif child.tag in ("colgroup", "col"):
                continue
            else:
                stray.children.append(child)
            if stray.children and (_text_of(stray).strip() or _has_media(stray)):
                add_row(loose, in_head)
                loose = []
                add_row([_Cell(stray, False)], False)
                stray = _Element("#group", {})
        add_row(loose, in_head)
        if stray.children and (_text_of(stray).strip() or _has_media(stray)):
            add_row([_Cell(stray, False)], False)

    walk(table, False)
    return captions, rows, header_rows


def _has_media(element: _Element) -> bool:
    return any(
        isinstance(c, _Element) and (c.tag in ("img", "audio", "video", "object") or _has_media(c))
        for c in element.children
    )


_NATURAL = 10_000


def _render_table(table: _Element, width: int, style: Style, ctx: _Context, *, depth: int) -> list[Line]:
    captions, rows, header_rows = _rows(table)
    out: list[Line] = []
    for caption in captions:
        out.extend(_render_block(caption, width, style | Style.ITALIC, ctx, depth=depth))
    if not rows:
        return out
    columns = max(len(row) for row in rows)

    def render(cell: _Cell, w: int) -> list[Line]:
        cell_style = style | Style.BOLD if cell.header else style
        return _render_block(cell.element, w, cell_style, ctx, depth=depth)

    if columns == 1:
        for row in rows:
            out.extend(render(row[0], width) or [()])
        return out
    # what each cell needs at its widest, and at its narrowest (its longest word)
    hint_count, label_count = len(ctx.hints), len(ctx.hint_labels)
    natural_lines = [[render(cell, _NATURAL) for cell in row] for row in rows]
    del ctx.hints[hint_count:]  # measuring must not collect a hint twice
    del ctx.hint_labels[label_count:]
    col_natural = [0] * columns
    col_min = [0] * columns
    for row_lines in natural_lines:
        for c, cell_lines in enumerate(row_lines):
            for natural_line in cell_lines:
                col_natural[c] = max(col_natural[c], _line_width(natural_line))
                text = "".join(span.text for span in natural_line)
                col_min[c] = max([col_min[c], *(display_width(word) for word in text.split(" "))])
    separators = 3 * (columns - 1)
    if sum(col_natural) + separators <= width:
        widths = col_natural
    elif sum(col_min) + separators <= width:
        widths = list(col_min)
        room = width - separators - sum(widths)
        want = [n - m for n, m in zip(col_natural, col_min)]
        total_want = sum(want)
        for c in range(columns):
            widths[c] += room * want[c] // total_want if total_want else 0
    else:
        return out + _stacked(rows, header_rows, width, render)
    widths = [max(1, w) for w in widths]
    rendered = [[render(row[c], widths[c]) if c < len(row) else [] for c in range(columns)] for row in rows]
    wrapped = any(len(lines) > 1 for row in rendered for lines in row)
    rule = (Span("─┼─".join("─" * w for w in widths), Style.DIM),)
    for n, cells in enumerate(rendered):
        if wrapped and n and not header_rows[n - 1]:
            out.append(rule)
        for i in range(max(1, max(len(lines) for lines in cells))):
            line: list[Span] = []
            for c in range(columns):
                cell_line = cells[c][i] if i < len(cells[c]) else ()
                if c:
                    line.append(Span(" │ ", Style.DIM))
                line.extend(cell_line)
                pad = widths[c] - _line_width(cell_line)
                if c < columns - 1 and pad > 0:
                    line.append(Span(" " * pad))
            out.append(_rstrip(_merge(line)))
        if header_rows[n] and n + 1 < len(rows) and not header_rows[n + 1]:
            out.append(rule)
    return out


def _rstrip(line: Line) -> Line:
    spans = list(line)
    while spans and spans[-1].marker is None and not spans[-1].text.rstrip():
        spans.pop()
    if spans and spans[-1].marker is None:
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].style)
    return tuple(spans)


def _merge(spans: list[Span]) -> Line:
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].style == span.style and merged[-1].marker == span.marker:
            merged[-1] = Span(merged[-1].text + span.text, span.style, span.marker)
        else:
            merged.append(span)
    return tuple(merged)


def _stacked(
    rows: list[list[_Cell]], header_rows: list[bool], width: int, render: Callable[[_Cell, int], list[Line]]
) -> list[Line]:
    """A table too wide for the terminal: one row after another, cells as "header: value"."""
    headers: list[str] = []
    if header_rows and header_rows[0]:
        headers = [" ".join(_text_of(cell.element).split()) for cell in rows[0]]
        body = [(row, is_header) for row, is_header in zip(rows[1:], header_rows[1:])]
    else:
        body = list(zip(rows, header_rows))
    out: list[Line] = []
    for n, (row, _) in enumerate(body):
        if n:
            out.append(())
        for c, cell in enumerate(row):
            label = headers[c] if c < len(headers) and headers[c] else ""
            if label and display_width(label) + 2 <= width // 2:
                lead = f"{label}: "
                lines = render(cell, width - display_width(lead)) or [()]
                out.extend(_indented(lines, " " * display_width(lead), width, first=lead))
            elif label:
                out.append((Span(label + ":", Style.BOLD),))
                out.extend(_indented(render(cell, max(1, width - 2)) or [()], "  ", width))
            else:
                out.extend(render(cell, width) or [()])
    return out


# ---------------------------------------------------------------------------------------


def html_to_document(html: str, width: int = 80, *, type_answer_slot: str | None = None) -> Document:
    """Convert a rendered card side to terminal text ``width`` columns wide.

    ``type_answer_slot`` is the placeholder the template renderer put where a type-in answer
    goes (``templates.TYPE_ANSWER_PLACEHOLDER``); only when it is given does it become a
    ``type-answer`` marker, so raw field text can never produce one.
    """
    width = max(1, width)
    ctx = _Context(width, type_answer_slot or None, [], [])
    root = _parse(html)
    lines = _render_block(root, width, Style.NONE, ctx, depth=0)
    return Document(tuple(_merge(list(line)) for line in lines), width, tuple(ctx.hints))
