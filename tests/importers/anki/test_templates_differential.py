"""Random templates and notes rendered by the `anki` library and by our renderer: the same
HTML, or both refusing the template (our TemplateError carrying Anki's message)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.importers.anki.templates import CardTemplate, NoteType, TemplateError, render_card

anki_collection = pytest.importorskip("anki.collection")  # the imports below need it: skip cleanly without
from anki.cards import Card  # noqa: E402
from anki.sound import SoundOrVideoTag  # noqa: E402
from anki.template import TemplateRenderContext  # noqa: E402

FIELDS = ("Front", "Back", "Name With Space", "Ünï", "Extra")
SPECIALS = ("FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID", "c1", "c2")
NAMES = (*FIELDS, *SPECIALS, "Missing", "", " Front", "front")
# mostly valid references, so that most examples render rather than fail
NAME = st.one_of(st.sampled_from(FIELDS), st.sampled_from(FIELDS), st.sampled_from(FIELDS), st.sampled_from(NAMES))
SECTION_NAME = st.one_of(st.sampled_from(FIELDS), st.sampled_from(FIELDS), st.sampled_from(NAMES[:16]))
FILTERS = (
    "text",
    "cloze",
    "cloze",
    "cloze",
    "cloze-only",
    "type",
    "hint",
    "furigana",
    "kana",
    "kanji",
    "tts en_US",
    "nc",
    "unknown",
    "",
)


@pytest.fixture(scope="module")
def col(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    directory: Path = tmp_path_factory.mktemp("anki")
    collection = anki_collection.Collection(str(directory / "collection.anki2"))
    for name, kind in (("Standard", 0), ("Clozes", 1)):
        model = collection.models.new(name)
        model["type"] = kind
        for field_name in FIELDS:
            collection.models.add_field(model, collection.models.new_field(field_name))
        template = collection.models.new_template("Card 1")
        template["qfmt"] = "{{cloze:Front}}" if kind else "{{Front}}"
        template["afmt"] = "{{cloze:Front}}" if kind else "{{Back}}"
        collection.models.add_template(model, template)
        collection.models.add(model)
    yield collection
    collection.close()


def text_piece() -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            "a",
            " ",
            "x y",
            "<b>b</b>",
            "<br>",
            "<div>",
            "</div>",
            "&nbsp;",
            "&amp;",
            "&lt;",
            "&bogus;",
            "& ",
            "}}",
            "{{",
            ":",
            "::",
            "#",
            "!",
            "<!--",
            "-->",
            "<%",
            "%>",
            "[",
            "]",
            "\n",
            "漢字[かんじ]",
            " 日本[にほん]",
            "[sound:s.mp3]",
            "\\(<i>x</i>\\)",
            "é",
            "\t",
            "%",
        ]
    )


def handlebar() -> st.SearchStrategy[str]:
    return st.builds(
        lambda ws1, filters, name, ws2: "{{" + ws1 + "".join(f + ":" for f in filters) + name + ws2 + "}}",
        st.sampled_from(["", " "]),
        st.lists(st.sampled_from(FILTERS), max_size=3),
        NAME,
        st.sampled_from(["", " "]),
    )


def template_text(depth: int = 0) -> st.SearchStrategy[str]:
    atom: st.SearchStrategy[str] = st.one_of(text_piece(), handlebar())
    if depth < 2:
        section = st.builds(
            lambda sign, name, inner, close: "{{" + sign + name + "}}" + inner + "{{/" + (close or name) + "}}",
            st.sampled_from(["#", "^"]),
            SECTION_NAME,
            st.deferred(lambda: template_text(depth + 1)),
            st.sampled_from([None] * 12 + ["Front", "Back", " Front "]),
        )
        atom = st.one_of(atom, atom, section, st.sampled_from(["{{#Front}}", "{{/Back}}", "{{=<% %>=}}", "<%Front%>"]))
    return st.lists(atom, max_size=6).map("".join)


def field_value() -> st.SearchStrategy[str]:
    cloze = st.builds(
        lambda n, body, hint: "{{c" + n + "::" + body + (("::" + hint) if hint else "") + "}}",
        st.sampled_from(["1", "2", "3", "1,2", "0", "10"]),
        st.sampled_from(["a", "b <b>c</b>", "x {{c2::y}}", "", "m::n"]),
        st.sampled_from(["", "h", "h i"]),
    )
    return st.lists(st.one_of(text_piece(), cloze, cloze), max_size=5).map("".join)


_PLAY = re.compile(r"\[anki:play:([qa]):(\d+)\]")
_OUR_TTS = re.compile(r"\[anki:tts(?:[ \t\r\n][^\]]*)?\].*?\[/anki:tts\]", re.DOTALL)
_HINT = re.compile(r"hint[0-9a-f]{16}")
_PROBLEM = re.compile(r"^(Front|Back) template has a problem:<br>(.*?)<br><a href=", re.DOTALL)


def anki_render(col, model_name: str, qfmt: str, afmt: str, fields: list[str], tags: list[str], ordinal: int):  # type: ignore[no-untyped-def]
    model = col.models.by_name(model_name)
    note = col.new_note(model)
    for name, value in zip(FIELDS, fields):
        note[name] = value
    note.tags = tags
    template = col.models.new_template("Card 1")
    template["qfmt"], template["afmt"] = qfmt, afmt
    card = Card(col)
    card.ord = ordinal
    out = TemplateRenderContext.from_card_layout(note, card, model, template, fill_empty=False).render()

    def unplay(text: str) -> str:
        def back(m: re.Match[str]) -> str:
            tags_ = out.question_av_tags if m.group(1) == "q" else out.answer_av_tags
            tag = tags_[int(m.group(2))]
            return f"[sound:{tag.filename}]" if isinstance(tag, SoundOrVideoTag) else "[tts]"

        return _HINT.sub("hint#", _PLAY.sub(back, text))

    return unplay(out.question_text), unplay(out.answer_text)


def ours_normalized(text: str) -> str:
    return _HINT.sub("hint#", _OUR_TTS.sub("[tts]", text))


def check(col, cloze: bool, qfmt: str, afmt: str, fields: list[str], tags: list[str], ordinal: int) -> None:  # type: ignore[no-untyped-def]
    anki_q, anki_a = anki_render(col, "Clozes" if cloze else "Standard", qfmt, afmt, fields, tags, ordinal)
    note_type = NoteType("Clozes" if cloze else "Standard", FIELDS, (CardTemplate("Card 1", qfmt, afmt),), cloze)
    try:
        ours = render_card(note_type, ordinal, fields, tags=tags)
    except TemplateError as error:
        problem = _PROBLEM.match(anki_q)
        assert problem, f"we refused ({error}); anki rendered {anki_q!r}"
        import html

        detail = html.unescape(problem.group(2)).replace("\u2068", "").replace("\u2069", "")
        assert detail in str(error) and str(error).startswith(problem.group(1))
        return
    assert ours_normalized(ours.question_html) == anki_q
    assert ours_normalized(ours.answer_html) == anki_a


@settings(
    max_examples=int(os.environ.get("DIFFERENTIAL_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    qfmt=template_text(),
    afmt=template_text(),
    fields=st.lists(field_value(), min_size=5, max_size=5),
    tags=st.lists(st.sampled_from(["t1", "Tag::Sub", "ü"]), max_size=2, unique=True),
    ordinal=st.integers(0, 2),
)
def test_standard_cards_render_as_in_anki(
    col, qfmt: str, afmt: str, fields: list[str], tags: list[str], ordinal: int
) -> None:  # type: ignore[no-untyped-def]
    check(col, False, qfmt, afmt, fields, tags, 0)


@settings(
    max_examples=int(os.environ.get("DIFFERENTIAL_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    qfmt=template_text(),
    afmt=template_text(),
    fields=st.lists(field_value(), min_size=5, max_size=5),
    ordinal=st.integers(0, 2),
)
def test_cloze_cards_render_as_in_anki(col, qfmt: str, afmt: str, fields: list[str], ordinal: int) -> None:  # type: ignore[no-untyped-def]
    check(col, True, qfmt, afmt, fields, [], ordinal)
