"""Card HTML as terminal text: table-driven cases for every construct, and properties over
arbitrary HTML (never a crash, never a control character, never a line past the width, field
text always shown as text)."""

from __future__ import annotations

import os
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.importers.anki.html_text import Document, Marker, Style, display_width, graphemes, html_to_document
from studykit.importers.anki.templates import TYPE_ANSWER_PLACEHOLDER


def text(html: str, width: int = 80) -> str:
    return html_to_document(html, width).plain()


def styles(html: str) -> dict[str, Style]:
    return {word: span.style for line in html_to_document(html).lines for span in line for word in span.text.split()}


@pytest.mark.parametrize(
    ("name", "html", "expected"),
    [
        ("plain", "hello", "hello"),
        ("whitespace collapses", "  a \n\t b  ", "a b"),
        ("br", "a<br>b<br/>c", "a\nb\nc"),
        ("a last br makes no empty line", "a<br>", "a"),
        ("two br make an empty line", "a<br><br>b", "a\n\nb"),
        ("</br> is a break, as browsers read it", "a</br>b", "a\nb"),
        ("div", "a<div>b</div>c", "a\nb\nc"),
        ("nested empty divs make no lines", "<div><div></div></div>a", "a"),
        ("p gets a blank line", "<p>a</p><p>b</p>", "a\n\nb"),
        ("implied </p>", "<p>a<p>b", "a\n\nb"),
        ("heading", "<h1>Title</h1>text", "Title\n\ntext"),
        ("hr", "a<hr>b", "a\n" + "─" * 10 + "\nb"),
        ("entities", "&lt;b&gt; &amp; &eacute; &#x263A; &#9731;", "<b> & é ☺ ☃"),
        ("nbsp is a space that does not collapse", "a&nbsp;&nbsp;b", "a  b"),
        ("double-encoded nbsp", "a&amp;nbsp;b", "a b"),
        ("other double-encoded entities stay as the browser shows them", "a &amp;lt; b", "a &lt; b"),
        ("script and style dropped", "<script>alert('x')</script><style>p{}</style>a", "a"),
        ("comments dropped", "a<!-- hidden -->b", "ab"),
        ("display none dropped", 'a<span style="display: none">x</span>b', "ab"),
        ("unknown tags keep their text", "<tts voice=x>hallo</tts> <foo-bar>baz</foo-bar>", "hallo baz"),
        ("ruby", "<ruby><rb>漢字</rb><rt>かんじ</rt></ruby>", "漢字(かんじ)"),
        ("ruby with rp", "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>", "漢(kan)"),
        ("sup and sub", "x<sup>2</sup> H<sub>2</sub>O e<sup>iπ</sup>", "x² H₂O e^(iπ)"),
        ("latex", "[latex]\\frac{1}{2}[/latex]", "\\frac{1}{2}"),
        ("latex with breaks", "[latex]a<br>b &amp; c[/latex]", "a\nb & c"),
        ("inline latex", "x [$]y^2[/$] z [$$]w[/$$]", "x y^2 z w"),
        ("mathjax stays as typed", "\\(x^2\\) and \\[y\\]", "\\(x^2\\) and \\[y\\]"),
        ("rtl kept in logical order", "<div dir=rtl>שלום עולם</div>", "שלום עולם"),
        ("tts tags removed, text kept", "[anki:tts lang=en_US]hello[/anki:tts]", "hello"),
        ("pre keeps whitespace", "<pre>a  b\n  c\td</pre>", "a  b\n  c d"),
        ("code inline", "use <code>x  = 1</code>", "use x = 1"),
        ("blockquote", "<blockquote>quoted</blockquote>", "│ quoted"),
        ("definition list", "<dl><dt>term</dt><dd>meaning</dd></dl>", "term\n  meaning"),
        ("anki answer separator", "q\n\n<hr id=answer>\n\na", "q\n" + "─" * 10 + "\na"),
    ],
)
def test_construct(name: str, html: str, expected: str) -> None:
    assert html_to_document(html, 10 if "hr" in html else 80).plain() == expected, name


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<ul><li>a</li><li>b</li></ul>", "• a\n• b"),
        ("<ol><li>a<li>b</ol>", "1. a\n2. b"),
        ("<ol start=9><li>a<li>b</ol>", " 9. a\n10. b"),
        ('<ol type="a"><li>x<li>y</ol>', "a. x\nb. y"),
        ('<ol type="I"><li>x<li value=4>y</ol>', "I. x\nIV. y".replace("I. x", "I. x")),
        ("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>", "• a\n  ◦ b\n    ▪ c"),
        ("<ul><li>a long item that wraps</li></ul>", "• a long item\n  that wraps"),
        ("before<ul><li>x</li></ul>after", "before\n\n• x\n\nafter"),
    ],
)
def test_lists(html: str, expected: str) -> None:
    width = 16 if "wraps" in html else 80
    got = html_to_document(html, width).plain()
    if "IV" in expected:
        assert got.splitlines()[1].endswith("IV. y") and got.splitlines()[0].endswith("I. x")
    else:
        assert got == expected


def test_inline_styles() -> None:
    got = styles(
        "<b>b</b> <i>i</i> <u>u</u> <s>s</s> <code>c</code> <mark>m</mark> <a href=x>l</a> "
        '<span style="font-weight: bold">sb</span> <b><span style="font-weight:normal">nb</span></b> '
        '<span class="cloze">cz</span> <span style="text-decoration: underline line-through">d</span> '
        '<span style="font-style: italic">si</span> <h2>h</h2>'
    )
    assert got["b"] == Style.BOLD and got["i"] == Style.ITALIC and got["u"] == Style.UNDERLINE
    assert got["s"] == Style.STRIKE and got["c"] == Style.CODE and got["m"] == Style.MARK and got["l"] == Style.LINK
    assert got["sb"] == Style.BOLD and got["nb"] == Style.NONE and got["cz"] == Style.CLOZE
    assert got["d"] == Style.UNDERLINE | Style.STRIKE and got["si"] == Style.ITALIC
    assert got["h"] == Style.BOLD | Style.HEADING


def test_styles_nest_across_words() -> None:
    doc = html_to_document("<b>bold <i>both</i></b> plain")
    assert [(s.text, s.style) for s in doc.lines[0]] == [
        ("bold ", Style.BOLD),
        ("both", Style.BOLD | Style.ITALIC),
        (" plain", Style.NONE),
    ]


class TestTables:
    HTML = (
        "<table><tr><th>Word</th><th>Meaning</th></tr>"
        "<tr><td>chat</td><td>cat</td></tr><tr><td>chien</td><td>dog</td></tr></table>"
    )

    def test_aligned_when_it_fits(self) -> None:
        assert text(self.HTML) == "Word  │ Meaning\n──────┼────────\nchat  │ cat\nchien │ dog"

    def test_headers_are_bold(self) -> None:
        assert html_to_document(self.HTML).lines[0][0].style == Style.BOLD

    def test_cells_wrap_when_the_natural_width_does_not_fit(self) -> None:
        html = "<table><tr><td>a</td><td>one two three four five six</td></tr><tr><td>b</td><td>c</td></tr></table>"
        assert text(html, 17) == "a │ one two three\n  │ four five six\n──┼──────────────\nb │ c"

    def test_too_wide_tables_go_row_by_row_with_headers(self) -> None:
        header = "".join(f"<th>h{i}</th>" for i in range(12))
        row = "".join(f"<td>longvalue{i}</td>" for i in range(12))
        got = text(f"<table><tr>{header}</tr><tr>{row}</tr><tr>{row}</tr></table>", 40)
        lines = got.splitlines()
        assert lines[:2] == ["h0: longvalue0", "h1: longvalue1"] and "" in lines
        assert all(display_width(line) <= 40 for line in lines)

    def test_readable_at_80_columns(self) -> None:
        cells = "".join(f"<td>{'word ' * 6}</td>" for _ in range(5))
        doc = html_to_document(f"<table><tr>{cells}</tr><tr>{cells}</tr></table>", 80)
        assert all(display_width("".join(s.text for s in line)) <= 80 for line in doc.lines)
        assert doc.plain().count("word") == 60

    def test_stray_content_and_implied_rows(self) -> None:
        # as in a real deck: a <th> straight in the table, then rows, then a <div> in no cell
        html = "<table><th>Title</th><tr><th>Cat</th></tr><div>loose</div></table>"
        assert text(html).split() == ["Title", "Cat", "loose"]

    def test_nested_table_and_media_in_cells(self) -> None:
        doc = html_to_document(
            '<table><tr><td><img src="a.png"></td><td><table><tr><td>x</td><td>y</td></tr></table></td></tr></table>'
        )
        assert "[image: a.png]" in doc.plain() and "x │ y" in doc.plain()
        assert doc.images() == ("a.png",)


def test_media_markers() -> None:
    doc = html_to_document(
        'see <img src="cat 1.jpg" width=20> [sound:meow.mp3] <audio src="purr.ogg"></audio> <img alt=x>'
    )
    assert doc.plain() == "see [image: cat 1.jpg] [sound: meow.mp3] [sound: purr.ogg] [image]"
    assert doc.images() == ("cat 1.jpg", "") and doc.sounds() == ("meow.mp3", "purr.ogg")
    assert Marker("sound", "meow.mp3") in doc.markers()
    assert all(s.style & Style.MEDIA for line in doc.lines for s in line if s.marker)


def test_hint_link_and_hidden_text() -> None:
    html = (
        '\n<a class=hint href="#"\nonclick="this.style.display=\'none\';return false;" draggable=false>\nNotes</a>\n'
        '<div id="hint1" class=hint style="display: none"><b>the</b> hint</div>\n'
    )
    doc = html_to_document(html)
    assert doc.plain() == "[hint: Notes]"
    assert doc.markers() == (Marker("hint", "Notes", 0),)
    assert "".join(s.text for s in doc.hints[0][0]) == "the hint"


def test_type_answer_slot_only_when_asked() -> None:
    html = f"q {TYPE_ANSWER_PLACEHOLDER}"
    assert html_to_document(html, type_answer_slot=TYPE_ANSWER_PLACEHOLDER).markers() == (Marker("type-answer"),)
    assert html_to_document(html).markers() == ()


def test_type_answer_slot_is_a_block_of_its_own() -> None:
    """Anki's type-in box and, on the answer side, its comparison are blocks (`<center><input>`,
    `<div><code id=typeans>`): the text around never runs into them ("expected: answer answer")."""
    answer = f"type answer\n<hr id=answer>{TYPE_ANSWER_PLACEHOLDER}\n\n\n\nanswer"
    doc = html_to_document(answer, type_answer_slot=TYPE_ANSWER_PLACEHOLDER)
    lines = doc.plain().splitlines()
    assert lines[0] == "type answer" and lines[-2:] == ["[type answer]", "answer"]
    question = html_to_document(f"q {TYPE_ANSWER_PLACEHOLDER} after", type_answer_slot=TYPE_ANSWER_PLACEHOLDER)
    assert question.plain().splitlines() == ["q", "[type answer]", "after"]


def test_cloze_question() -> None:
    doc = html_to_document(
        'Paris is the <span class="cloze" data-cloze="capital" data-ordinal="1">[...]</span> of France'
    )
    assert doc.plain() == "Paris is the [...] of France"
    assert [s.style for s in doc.lines[0] if s.text == "[...]"] == [Style.CLOZE]


def test_broken_cloze_html_from_a_real_deck() -> None:
    html = (
        '<span class="cloze" data-ordinal="1"><div>I am a cloze deletion<div>that contains</div>'
        '<div>many lines</span></div></div><br/>x'
    )
    assert text(html).split("\n") == [
        "I am a cloze deletion",
        "that contains",
        "many lines",
        "",
        "x",
    ]  # as a browser shows it


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("a\x1bb", "a␛b"),
        ("\x00\x07", "␀␇"),
        ("x\x7f", "x␡"),
        ("c1\x9b", "c1\\x9b"),
        ("v\x0bt", "v␋t"),
        ("&#27;[31m", "␛[31m"),
        ("&#x9b;", "›"),
        ("&#127;", "␡"),
        ("<pre>a\x1bb</pre>", "a␛b"),
    ],
)
def test_control_characters_are_shown_not_sent(html: str, shown: str) -> None:
    assert text(html) == shown


@pytest.mark.parametrize(
    ("html", "width", "lines"),
    [
        ("aaaa bbbb cccc", 9, ["aaaa bbbb", "cccc"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("日本語日本語", 5, ["日本", "語日", "本語"]),
        ("漢字 かな", 4, ["漢字", "かな"]),
        ("e\u0301e\u0301e\u0301", 2, ["e\u0301e\u0301", "e\u0301"]),  # combining marks stay with their letter
        ("👍🏽👍🏽👍🏽", 8, ["👍🏽👍🏽", "👍🏽"]),  # a modifier stays with its emoji (each counts 2, as for Rich)
        ("<b>bold</b>text more", 8, ["boldtext", "more"]),
    ],
)
def test_wrapping(html: str, width: int, lines: list[str]) -> None:
    doc = html_to_document(html, width)
    assert doc.plain().split("\n") == lines
    assert all(display_width(line) <= width for line in lines)


def test_graphemes() -> None:
    assert graphemes("e\u0301x") == ["e\u0301", "x"]
    assert graphemes("🇫🇷🇩🇪") == ["🇫🇷", "🇩🇪"]
    assert graphemes("क्ष") == ["क्ष"]  # a Devanagari conjunct
    assert graphemes("👩\u200d💻!") == ["👩\u200d💻", "!"]


# ---------------------------------------------------------------------------------------
# properties

_HTML_BITS = st.sampled_from(
    [
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<br>",
        "<ul>",
        "<ol>",
        "<li>",
        "</ul>",
        "</ol>",
        "<table>",
        "<tr>",
        "<td>",
        "<th>",
        "</td>",
        "</tr>",
        "</table>",
        "<pre>",
        "</pre>",
        "<hr>",
        "<ruby>",
        "<rt>",
        "</rt>",
        "</ruby>",
        "<script>",
        "</script>",
        "<style>",
        "<!--",
        "-->",
        "&amp;",
        "&nbsp;",
        "&amp;nbsp;",
        "&#27;",
        "&#x9b;",
        "&#0;",
        "&#xd800;",
        "[sound:x.mp3]",
        "[latex]",
        "[/latex]",
        '<img src="a.png">',
        "<span class=cloze>",
        "</span>",
        '<a class=hint href="#">',
        "</a>",
        '<div class=hint style="display:none">',
        "<sup>",
        "</sup>",
        "<blockquote>",
        "<dl><dt>",
        "<dd>",
        "[$]",
        "[/$]",
        TYPE_ANSWER_PLACEHOLDER,
        "<h1>",
        "</h1>",
        "<tbody>",
        "<caption>",
    ]
)
_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
_HTML = st.lists(st.one_of(_HTML_BITS, _TEXT), max_size=30).map("".join)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _check(doc: Document, width: int) -> None:
    for lines in (doc.lines, *doc.hints):
        for line in lines:
            joined = "".join(span.text for span in line)
            assert "\n" not in joined and "\t" not in joined and "\r" not in joined
            assert not _CONTROL.search(joined), repr(joined)
            if width >= 12:
                assert display_width(joined) <= width, (width, joined)
            for span in line:
                assert isinstance(span.text, str) and isinstance(span.style, Style)


@settings(max_examples=int(os.environ.get("HTML_EXAMPLES", "300")), deadline=None)
@given(html=_HTML, width=st.integers(1, 120))
def test_any_html_converts_safely(html: str, width: int) -> None:
    doc = html_to_document(html, width, type_answer_slot=TYPE_ANSWER_PLACEHOLDER)
    _check(doc, width)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.text(st.characters(categories=("L", "N", "P", "S"), exclude_characters="<>&[]"), min_size=1, max_size=10),
        min_size=1,
        max_size=8,
    ),
    wrapper=st.sampled_from(
        [
            "{}",
            "<b>{}</b>",
            "<div>{}</div>",
            "<ul><li>{}</li></ul>",
            "<table><tr><td>{}</td></tr></table>",
            "<p>{}</p>",
            "<span style='color:red'>{}</span>",
            "<pre>{}</pre>",
        ]
    ),
)
def test_field_text_is_shown_as_text(words: list[str], wrapper: str) -> None:
    """Whatever a field says (Rich markup like [bold]x[/] included) comes out as those characters."""
    field = " ".join(words)
    doc = html_to_document(wrapper.format(field), 10_000)
    expected = unicodedata.normalize("NFC", " ".join(field.split()))
    shown = " ".join(
        "".join(s.text for s in line if not s.style & Style.DIM) for line in doc.lines
    )  # no bullets, borders
    got = " ".join(shown.split())
    assert unicodedata.normalize("NFC", got) == expected


def test_rich_markup_in_a_field_stays_literal() -> None:
    doc = html_to_document("<b>[bold]x[/]</b> [red]y[/red] [link=http://e.x]z[/link]")
    assert doc.plain() == "[bold]x[/] [red]y[/red] [link=http://e.x]z[/link]"
