"""Anki's template language, construct by construct (table-driven); the oracle tests compare
the same renderer with the `anki` library on real packages and random templates."""

from __future__ import annotations

import pytest

from studykit.importers.anki.templates import (
    TYPE_ANSWER_PLACEHOLDER,
    CardTemplate,
    NoteType,
    TemplateError,
    card_ordinals,
    check_note_type,
    field_is_empty,
    image_files,
    media_references,
    note_type_problems,
    parse_template,
    render_card,
    sound_files,
    strip_html,
)

FIELDS = ("Front", "Back", "Field With Space", "Ünicode 字段")


def basic(question: str, answer: str = "{{FrontSide}}<hr id=answer>{{Back}}", name: str = "Card 1") -> NoteType:
    return NoteType("Basic", FIELDS, (CardTemplate(name, question, answer),))


CLOZE = NoteType(
    "Cloze", ("Text", "Extra"), (CardTemplate("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Extra}}"),), True
)


def q(template: str, fields: tuple[str, ...] = ("front", "back", "spaced", "ü"), **kw: object) -> str:
    return render_card(basic(template), 0, fields, **kw).question_html  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "template", "expected"),
    [
        ("field", "{{Front}}", "front"),
        ("whitespace inside braces", "{{ Front }}", "front"),
        ("field with spaces", "{{Field With Space}}", "spaced"),
        ("unicode field name", "{{Ünicode 字段}}", "ü"),
        ("text around", "Q: {{Front}}!", "Q: front!"),
        ("section shown", "{{#Back}}[{{Back}}]{{/Back}}", "[back]"),
        ("negated section hidden", "{{Front}}{{^Back}}no back{{/Back}}", "front"),
        ("html comment kept, handlebars inside not expanded", "{{Front}}<!-- {{Back}} -->", "front<!-- {{Back}} -->"),
        ("triple braces read as one field", "{{{Front}}}", "front}"),
        ("stray closing braces are text", "{{Front}} }}", "front }}"),
        ("unclosed braces are text", "{{Front}} {{Back", "front {{Back"),
        ("text filter", "{{text:Front}}", "front"),
        ("unknown filter leaves the text", "{{nosuch:Front}}", "front"),
        ("empty field name with a filter renders nothing", "{{Front}}{{nosuch:}}", "front"),
        ("type filter", "{{Front}}{{type:Back}}", "front[[type:Back]]"),
        ("type cloze", "{{Front}}{{type:cloze:Back}}", "front[[type:cloze:Back]]"),
        ("type nc", "{{Front}}{{type:nc:Back}}", "front[[type:nc:Back]]"),
        ("tts", "{{tts en_US voices=Bob:Front}}", "[anki:tts lang=en_US voices=Bob]front[/anki:tts]"),
        ("alternate delimiters", "{{=<% %>=}}<%Front%> {{Back}}", "front {{Back}}"),
        ("card number conditional", "{{Front}}{{#c1}}first{{/c1}}{{#c2}}second{{/c2}}", "frontfirst"),
    ],
)
def test_construct(name: str, template: str, expected: str) -> None:
    assert q(template) == expected, name


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{Front}} {{Tags}}", "front a b::c"),
        ("{{Front}} {{Deck}}", "front Lang::French"),
        ("{{Front}} {{Subdeck}}", "front French"),
        ("{{Front}} {{Card}}", "front Card 1"),
        ("{{Front}} {{Type}}", "front Basic"),
        ("{{Front}} {{CardFlag}}", "front flag3"),
        ("{{Front}} {{CardID}}", "front 42"),
    ],
)
def test_special_fields(template: str, expected: str) -> None:
    assert q(template, tags=["a", "b::c"], deck="Lang::French", flag=3, card_id=42) == expected


def test_a_note_field_named_like_a_special_field_wins() -> None:
    note_type = NoteType("N", ("Tags", "Deck"), (CardTemplate("C", "{{Tags}}/{{Deck}}", "x"),))
    assert render_card(note_type, 0, ["mine", "own"], tags=["t"], deck="D").question_html == "mine/own"


def test_front_side_on_the_answer_and_empty_on_the_question() -> None:
    card = render_card(basic("{{FrontSide}}{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"), 0, FIELDS)
    assert card.question_html == "Front"
    assert card.answer_html == "Front<hr id=answer>Back"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{#Front}}x", "Missing '{{/Front}}'"),
        ("{{#Front}}{{#Back}}{{/Front}}{{/Back}}", "Found '{{/Front}}', but expected '{{/Back}}'"),
        ("x{{/Front}}", "Found '{{/Front}}', but missing '{{#Front}}' or '{{^Front}}'"),
        ("{{Nope}}", "Found '{{Nope}}', but there is no field called 'Nope'"),
        ("{{text:Nope}}", "Found '{{text:Nope}}', but there is no field called 'Nope'"),
        ("{{#Nope}}{{/Nope}}", "Found '{{#Nope}}', but there is no field called 'Nope'"),
        ("{{!a comment}}", "there is no field called '!a comment'"),  # Anki has no {{! }} comments
        ("<!-- x -->{{=<% %>=}}<%Front%>", "no field called '=<% %>='"),  # the directive must come first
    ],
)
def test_templates_anki_refuses(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as error:
        q(template)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert str(error.value).startswith("Front template of card type 'Card 1' has a problem")


def test_a_broken_section_is_refused_even_when_hidden() -> None:
    with pytest.raises(TemplateError):
        q("{{Front}}{{#Back}}{{Nope}}{{/Back}}", ("front", "", "", ""))


def test_an_error_on_the_back_is_named_so() -> None:
    with pytest.raises(TemplateError, match=r"^Back template"):
        render_card(basic("{{Front}}", "{{#Back}}"), 0, FIELDS)


@pytest.mark.parametrize(
    ("value", "empty"),
    [
        ("", True),
        (" ", True),
        ("<br>", True),
        ("<BR />", True),
        (" <div> <br> </div>\n", True),
        ("<div/>", True),
        ("&nbsp;", False),
        ("x", False),
        ("<p></p>", False),
        ("<img src=a.png>", False),
    ],
)
def test_field_is_empty_as_for_anki(value: str, empty: bool) -> None:
    assert field_is_empty(value) is empty


def test_blank_front() -> None:
    card = render_card(basic("{{Back}}"), 0, ("front", "", "", ""))
    assert card.is_empty
    assert "The front of this card is blank." in card.question_html
    assert card.answer_html.startswith("<div>The front of this card is blank.")


@pytest.mark.parametrize(
    ("templates", "fields", "tags", "ordinals"),
    [
        (("{{Front}}", "{{Back}}"), ("f", "b", "", ""), (), (0, 1)),
        (("{{Front}}", "{{Back}}"), ("f", "<br>", "", ""), (), (0,)),
        (("{{Front}}", "{{#Field With Space}}{{Back}}{{/Field With Space}}"), ("f", "b", "", ""), (), (0,)),
        (("{{Front}}", "{{#Field With Space}}{{Back}}{{/Field With Space}}"), ("f", "b", "y", ""), (), (0, 1)),
        (("{{Front}}", "{{^Front}}{{Back}}{{/Front}}"), ("f", "b", "", ""), (), (0,)),
        (("{{Front}}", "Static text"), ("f", "b", "", ""), (), (0,)),
        (("{{Front}}", "{{Deck}}"), ("f", "b", "", ""), (), (0, 1)),  # special fields count as non-empty
        (("{{Front}}", "{{Tags}}"), ("f", "b", "", ""), (), (0,)),  # ... Tags only when the note has tags
        (("{{Front}}", "{{Tags}}"), ("f", "b", "", ""), ("t",), (0, 1)),
        (("{{Front}}", "{{#Front}}{{/Back}}"), ("f", "b", "", ""), (), (0,)),  # a broken template makes no card
        (("{{Back}}",), ("f", "", "", ""), (), (0,)),  # a note always gets a card
    ],
)
def test_standard_card_generation(
    templates: tuple[str, ...], fields: tuple[str, ...], tags: tuple[str, ...], ordinals: tuple[int, ...]
) -> None:
    note_type = NoteType("N", FIELDS, tuple(CardTemplate(f"Card {i + 1}", t, "") for i, t in enumerate(templates)))
    assert card_ordinals(note_type, fields, tags) == ordinals


def test_no_card_without_the_fallback() -> None:
    assert card_ordinals(basic("{{Back}}"), ("f", "", "", ""), at_least_one=False) == ()


@pytest.mark.parametrize(
    ("text", "ordinals"),
    [
        ("{{c1::a}} {{c2::b}} {{c1::c}}", (0, 1)),
        ("{{c3::a}}", (2,)),
        ("{{c1::outer {{c2::inner}}}}", (0, 1)),
        ("{{c1,3::shared}}", (0, 2)),
        ("{{c0::zero}} {{c30::thirty}} {{c31::thirty-one}}", (29, 30)),
        ("{{c17::x}}<div>{{c4::y}}</div>", (3, 16)),
        ("no clozes {{c::x}} {{cx::y}}", (0,)),
    ],
)
def test_cloze_card_generation(text: str, ordinals: tuple[int, ...]) -> None:
    assert card_ordinals(CLOZE, (text, "")) == ordinals


@pytest.mark.parametrize(
    ("text", "ordinal", "question", "answer"),
    [
        (
            "a {{c1::b}} c",
            0,
            'a <span class="cloze" data-cloze="b" data-ordinal="1">[...]</span> c',
            'a <span class="cloze" data-ordinal="1">b</span> c',
        ),
        (
            "{{c1::b::hint}} {{c2::d}}",
            0,
            (
                '<span class="cloze" data-cloze="b" data-ordinal="1">[hint]</span> '
                '<span class="cloze-inactive" data-ordinal="2">d</span>'
            ),
            None,
        ),
        (
            "{{c1::x}} {{c1::y}}",
            0,
            (
                '<span class="cloze" data-cloze="x" data-ordinal="1">[...]</span> '
                '<span class="cloze" data-cloze="y" data-ordinal="1">[...]</span>'
            ),
            None,
        ),
        (
            "{{c1::a {{c2::b}}::h}}",
            1,
            (
                '<span class="cloze-inactive" data-ordinal="1">a <span class="cloze" '
                'data-cloze="b" data-ordinal="2">[...]</span></span>'
            ),
            None,
        ),
        ("<b>{{c1::bold}}</b>", 0, '<b><span class="cloze" data-cloze="bold" data-ordinal="1">[...]</span></b>', None),
        (
            "{{c1::a & <i>b</i>}}",
            0,
            (
                '<span class="cloze" data-cloze="a&#x20;&amp;&#x20;&lt;i&gt;b&lt;&#x2F;i&gt;" '
                'data-ordinal="1">[...]</span>'
            ),
            None,
        ),
    ],
)
def test_cloze_rendering(text: str, ordinal: int, question: str, answer: str | None) -> None:
    card = render_card(CLOZE, ordinal, (text, "extra"))
    assert card.question_html == question
    if answer is not None:
        assert card.answer_html == answer + "<br>extra"


def test_cloze_text_filter_orders() -> None:
    note_type = NoteType(
        "C",
        ("Text",),
        (CardTemplate("C", "{{cloze:text:Text}}|{{text:cloze:Text}}|{{cloze-only:Text}}", "{{cloze-only:Text}}"),),
        True,
    )
    card = render_card(note_type, 0, ("<b>{{c1::x}}</b> {{c1::y::h}}",))
    assert card.question_html == (
        '<span class="cloze" data-cloze="x" data-ordinal="1">[...]</span> '
        '<span class="cloze" data-cloze="y" data-ordinal="1">[h]</span>|[...] [h]|..., h'
    )
    assert card.answer_html == "x, y"


def test_a_cloze_card_whose_cloze_is_gone_is_empty() -> None:
    card = render_card(CLOZE, 4, ("{{c1::a}}", ""))
    assert card.is_empty and "No cloze \u20685\u2069 found on card." in card.answer_html


@pytest.mark.parametrize(
    ("template", "field", "expected"),
    [
        ("{{furigana:Front}}", "漢字[かんじ]です", "<ruby><rb>漢字</rb><rt>かんじ</rt></ruby>です"),
        ("{{kana:Front}}", "漢字[かんじ] 日本[にほん]", "かんじにほん"),
        ("{{kanji:Front}}", "漢字[かんじ]&nbsp;日本[にほん]", "漢字日本"),
        ("{{furigana:Front}}", "[sound:a.mp3]", "[sound:a.mp3]"),
    ],
)
def test_ruby_filters(template: str, field: str, expected: str) -> None:
    assert q(template, (field, "", "", "")) == expected


def test_hint_filter_hides_the_text_behind_a_link() -> None:
    html = q("{{Front}}{{hint:Back}}")
    assert 'class=hint style="display: none">back</div>' in html
    assert ">\nBack</a>" in html
    assert q("{{Front}}{{hint:Back}}", ("front", " ", "", "")) == "front "


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<b>a</b> &amp; b", "a & b"),
        ("a&nbsp;b", "a b"),
        ("a & b <i>c</i>", "a & b c"),  # Anki leaves every entity undecoded when one is malformed
        ("&bogus; &amp;", "&bogus; &amp;"),
        ("<style>x{}</style>y<script>z</script><!-- c -->", "y"),
        ("&#x41;&#66;", "AB"),
    ],
)
def test_text_filter_strips_as_anki(html: str, text: str) -> None:
    assert strip_html(html) == text


class TestTypeAnswer:
    NOTE = NoteType(
        "T", ("Front", "Back"), (CardTemplate("C", "{{Front}}\n{{type:Back}}", "{{FrontSide}}<hr id=answer>{{Back}}"),)
    )

    def test_expected_answer_and_placeholders(self) -> None:
        card = render_card(self.NOTE, 0, ("q", "<b>Paris</b>&nbsp;[sound:p.mp3]<br>France"))
        assert card.question_html == "q\n[[type:Back]]"
        answer = card.type_answer
        assert answer is not None and answer.field_name == "Back" and not answer.cloze and answer.combining
        assert answer.expected == "Paris  France"
        assert card.question_for_display() == "q\n" + TYPE_ANSWER_PLACEHOLDER
        # the rule moves below the comparison when the box sits in the front side
        assert card.answer_for_display().startswith("q\n<hr id=answer>" + TYPE_ANSWER_PLACEHOLDER)
        assert card.answer_for_display().count("<hr id=answer>") == 1

    def test_an_empty_field_takes_no_answer(self) -> None:
        card = render_card(self.NOTE, 0, ("q", ""))
        assert card.type_answer is not None and card.type_answer.expected_html == ""
        assert card.question_for_display() == "q\n"

    def test_cloze_typing_joins_the_active_deletions(self) -> None:
        note_type = NoteType(
            "C", ("Text",), (CardTemplate("C", "{{cloze:Text}}{{type:cloze:Text}}", "{{cloze:Text}}"),), True
        )
        card = render_card(note_type, 0, ("{{c1::Paris}} and {{c1::Rome}} {{c2::Oslo}}",))
        assert card.type_answer is not None and card.type_answer.cloze
        assert card.type_answer.expected == "Paris, Rome"
        same = render_card(note_type, 0, ("{{c1::Rome}} {{c1::Rome}}",))
        assert same.type_answer is not None and same.type_answer.expected == "Rome"

    def test_a_field_cannot_fake_the_placeholder(self) -> None:
        card = render_card(self.NOTE, 0, (TYPE_ANSWER_PLACEHOLDER, "x"))
        assert card.question_for_display().count(TYPE_ANSWER_PLACEHOLDER) == 1


def test_note_type_problems() -> None:
    note_type = NoteType(
        "Muscle",
        ("Name", "Picture"),
        (
            CardTemplate("Good", "{{Name}}", "{{Picture}}"),
            CardTemplate("Bad order", "{{#Picture}}{{#Name}}{{/Picture}}{{/Name}}", "x"),
            CardTemplate("Empty", "", "{{Name}}"),
            CardTemplate("Unknown", "{{Nope}}", "x"),
        ),
    )
    problems = [str(p) for p in note_type_problems(note_type)]
    assert problems == [
        "note type 'Muscle', card type 'Bad order', front: Found '{{/Picture}}', but expected '{{/Name}}'",
        "note type 'Muscle', card type 'Empty', front: the front uses no field, so no card can be made",
        "note type 'Muscle', card type 'Unknown', front: there is no field called 'Nope'",
    ]
    with pytest.raises(TemplateError, match=r"^note type 'Muscle', card type 'Bad order'.*\(and 2 more\)$"):
        check_note_type(note_type)
    check_note_type(basic("{{Front}}"))
    assert "needs a {{cloze:Field}}" in str(
        note_type_problems(NoteType("C", ("T",), (CardTemplate("C", "{{T}}", "{{T}}"),), True))[0]
    )


def test_parse_template_is_cached_and_immutable() -> None:
    assert parse_template("{{a}}") is parse_template("{{a}}")


@pytest.mark.parametrize(
    ("html", "sounds", "images"),
    [
        ("[sound:a.mp3] x [sound:b &amp; c.ogg]", ("a.mp3", "b & c.ogg"), ()),
        ('<img src="a.png"> <img src=b.jpg> <img alt="x" src=\'c d.gif\' width=3>', (), ("a.png", "b.jpg", "c d.gif")),
        ('<IMG class=x SRC="up.PNG"/><audio src="s.mp3"></audio>', ("s.mp3",), ("up.PNG",)),
        ("[sound:a.mp3][sound:a.mp3]", ("a.mp3",), ()),
        ("no media <imgx src=a.png>", (), ()),
    ],
)
def test_media_references(html: str, sounds: tuple[str, ...], images: tuple[str, ...]) -> None:
    assert sound_files(html) == sounds
    assert image_files(html) == images
    assert len(media_references(html)) >= len(sounds) + len(images)
