"""Student copies and keys, as HTML (read with html.parser) and Markdown (rendered by two Markdown libraries)."""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources

import markdown  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from studykit.core.quiz.model import BLANK, QuestionType, Quiz, QuizVersion
from studykit.export.quiz.fonts import FAMILY
from studykit.export.quiz.printable import (
    css_string,
    key_html,
    key_markdown,
    md_escape,
    student_html,
    student_markdown,
)
from tests.export.quiz.checks import check_key_html, check_student_html, html_tags, html_text, norm
from tests.export.quiz.conftest import NASTY

OUR_TAGS = {"h1", "h2", "p", "strong", "em", "ul", "li", "br"}


def test_student_copies_have_no_answers(quiz: Quiz) -> None:
    for version in quiz.versions:
        check_student_html(student_html(quiz, version), quiz, version)


def test_keys_have_answers_points_and_sources(quiz: Quiz) -> None:
    for version in quiz.versions:
        check_key_html(key_html(quiz, version), quiz, version)


def test_html_is_standalone_and_escaped(quiz: Quiz) -> None:
    page = student_html(quiz, quiz.versions[0])
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "<link" not in page and "<script" not in page
    tags = {tag for tag, _ in html_tags(page)}
    assert "b" not in tags and "i" not in tags  # `<b>` and `<i>` in the text stay text
    assert norm(NASTY) in html_text(page)


def test_version_b_uses_its_own_letters(quiz: Quiz) -> None:
    text = html_text(key_html(quiz, quiz.version("B")))
    assert "Answer: A. Baku: Bakı, Şamaxı, Gəncə" in text


def _rendered(md_text: str) -> list[str]:
    return [markdown.markdown(md_text), MarkdownIt("commonmark").render(md_text)]


def test_markdown_shows_the_text_as_written(quiz: Quiz) -> None:
    for version in quiz.versions:
        for page, is_key in ((student_markdown(quiz, version), False), (key_markdown(quiz, version), True)):
            for rendered in _rendered(page):
                assert {tag for tag, _ in html_tags(rendered)} <= OUR_TAGS, rendered
                text = html_text(rendered)
                assert norm(quiz.title) in text
                for q in version.questions:
                    for part in q.prompt.split(BLANK):
                        assert norm(part) in text, (q.id, part)
                    for option in () if is_key else q.options:
                        assert norm(option) in text, (q.id, option)


def test_markdown_student_copy_has_no_answers(quiz: Quiz) -> None:
    for version in quiz.versions:
        for rendered in _rendered(student_markdown(quiz, version)):
            text = html_text(rendered)
            for q in version.questions:
                if q.type in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
                    for answer in (q.answer, *q.accepted):
                        assert norm(answer) not in text
                assert norm(q.citation) not in text
            assert "Source:" not in text


def test_markdown_key_has_answers(quiz: Quiz) -> None:
    text = html_text(markdown.markdown(key_markdown(quiz, quiz.versions[0])))
    assert "Answer: B. Baku: Bakı, Şamaxı, Gəncə" in text
    assert "Order: C, A, B" in text
    assert "Total: 10.5 points" in text


def test_markdown_escape_of_line_starts() -> None:
    for text in ("1918. A year", "- dash", "+ plus", "# hash", "> quote", "=== rule", "1) one"):
        for rendered in _rendered(f"**1\\.** {md_escape(text)}\n\n{md_escape(text)}\n"):
            assert {tag for tag, _ in html_tags(rendered)} <= {"p", "strong"}, (text, rendered)
            assert html_text(rendered) == f"1. {text} {text}"


MD_ALPHABET = st.sampled_from([*list(" ~=#{}:\\<>&\"'*_[]()-+|$.!`/abcXYZ019\t\n"), "ə", "ı", "İ", "ব", "া", "→"])


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=MD_ALPHABET, min_size=1, max_size=30).filter(lambda s: s.strip() != ""))
def test_any_text_shows_as_written_in_markdown(text: str) -> None:
    for rendered in _rendered(f"- **1\\.** {md_escape(text)}\n\n{md_escape(text)}\n"):
        assert {tag for tag, _ in html_tags(rendered)} <= {"p", "strong", "ul", "li"}, rendered
        assert html_text(rendered) == f"1. {norm(text)} {norm(text)}"


def test_every_printed_page_names_its_version_and_number_on_the_chosen_paper(quiz: Quiz) -> None:
    for paper, size in (("a4", "A4"), ("letter", "letter")):
        for version in quiz.versions:
            for page, version_text in ((student_html(quiz, version, paper=paper), f"Version {version.label}"),
                                       (key_html(quiz, version, paper=paper), f"Version {version.label} — answer key")):
                rule = page[page.index("@page"):]
                assert f"size: {size};" in rule
                assert f'@top-right {{ content: "{version_text}";' in rule
                footer = f'@bottom-center {{ content: "{version_text} · page " counter(page) " of " counter(pages);'
                assert footer in rule
    with pytest.raises(ValueError, match="unknown paper"):
        student_html(quiz, quiz.versions[0], paper="a3")


def test_a_title_cannot_break_out_of_the_print_css(quiz: Quiz) -> None:
    hostile = replace(quiz, title='Quiz "one" </style><script>alert(1)</script> \\')
    page = student_html(hostile, hostile.versions[0])
    style = page[page.index("<style>"):page.index("</style>")]
    assert "<" not in style[1:] and "<script" not in page
    assert css_string('a"b\\c<') == '"a\\22 b\\5C c\\3C "'


def test_the_fonts_for_bengali_and_azerbaijani_are_embedded_where_the_text_has_them(quiz: Quiz) -> None:
    def embedded(page: str) -> set[str]:
        return set(re.findall(r"unicode-range: (U\+0000|U\+0100|U\+0951)", page))

    key = key_html(quiz, quiz.versions[0])
    assert embedded(key) == {"U+0000", "U+0100", "U+0951"}  # Latin, Latin Extended (ə, ş, ı), Bengali
    assert "font-weight: 700" in key and f'font-family: "{FAMILY}"' in key
    plain_english = replace(quiz, title="Plain", instructions="", versions=(
        QuizVersion("A", tuple(replace(q, prompt="Who?", options=tuple("abcd"[:len(q.options)]), answer="a",
                                       accepted=(), pairs=(), sources=(), citation="", explanation="")
                          for q in quiz.questions if q.type is QuestionType.SHORT_ANSWER)),))
    assert embedded(student_html(plain_english, plain_english.versions[0])) == {"U+0000"}
    assert (resources.files("studykit.export.quiz") / "fonts" / "OFL-noto-sans-bengali.txt").is_file()  # its licence
