"""Printable quizzes: per version a student copy and an answer key, as HTML and as Markdown.

The student copy carries nothing a marker uses (answer, accepted forms, citation,
explanation); matching and chronology print only the shuffled display order. The HTML is
standalone (inline CSS with print rules, and the fonts its scripts need embedded, see
`fonts`) so a teacher can open it in a browser and print; every piece of user text goes
through `html_text`. Printed, every page is of the chosen paper (A4 or US Letter) and
carries the quiz's title, its version letter and "page N of M" in its margins (CSS `@page`
margin boxes), so loose sheets find their copy again. The Markdown escapes every character
Markdown would act on, so a quote with `*` or `_` prints as written.
"""

from __future__ import annotations

import re

from studykit.core.quiz.model import BLANK, TYPE_LABELS, Question, QuestionType, Quiz, QuizVersion
from studykit.core.text import visible
from studykit.export.quiz.common import answer_lines, html_text, letter, points_text, source_text
from studykit.export.quiz.fonts import FAMILY, font_faces

PAPERS = {"a4": "A4", "letter": "letter"}  # --paper: the CSS page size of each
DEFAULT_PAPER = "a4"
FONT_STACK = f'"{FAMILY}", "Noto Sans", "Noto Sans Bengali", "DejaVu Sans", Arial, sans-serif'

CSS = """
body { font-family: FONT_STACK; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #000; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.1rem; border-bottom: 1px solid #888; margin-top: 1.6rem; }
.meta { color: #333; margin-bottom: 1rem; }
.fields { display: flex; gap: 1.5rem; margin: 1rem 0; }
.field { flex: 1; white-space: nowrap; }
.field span { display: inline-block; border-bottom: 1px solid #000; width: 70%; }
.instructions { white-space: pre-line; font-style: italic; }
.question { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
.points { color: #444; font-size: .9em; white-space: nowrap; }
ol.options { list-style: none; padding-left: 1.5rem; }
ol.options li { margin: .25rem 0; }
.box { display: inline-block; width: 1.6em; height: 1.3em; border: 1px solid #000;
       vertical-align: middle; margin-right: .5em; }
.circle { display: inline-block; width: 1em; height: 1em; border: 1px solid #000;
          border-radius: 50%; vertical-align: middle; margin-right: .4em; }
.blank { display: inline-block; min-width: 9em; border-bottom: 1px solid #000; }
.answer-line { border-bottom: 1px solid #000; height: 2em; margin: .3rem 0 0 1.5rem; }
table.matching { border-collapse: collapse; margin-left: 1.5rem; width: calc(100% - 1.5rem); }
table.matching td { vertical-align: top; padding: .25rem .5rem; width: 50%; }
.key dt { font-weight: bold; margin-top: .8rem; }
.key dd { margin-left: 1.5rem; }
.label { font-weight: bold; }
.cite { color: #333; font-size: .92em; }
.total { font-weight: bold; margin-top: 1.5rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .question, .key dt, .key dd { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
""".replace("FONT_STACK", FONT_STACK)


def student_html(quiz: Quiz, version: QuizVersion, *, paper: str = DEFAULT_PAPER) -> str:
    """The student copy: questions to answer, with room to write, and no answer anywhere."""
    e = html_text
    parts = [f"<h1>{e(quiz.title)}</h1>"]
    parts.append(
        f'<p class="meta">Version {e(version.label)} · {len(version.questions)} questions · '
        f"{e(points_text(version.total_points))}</p>"
    )
    parts.append(
        '<div class="fields">'
        + "".join(f'<div class="field">{name}: <span>&nbsp;</span></div>' for name in ("Name", "Class", "Date"))
        + "</div>"
    )
    if quiz.instructions:
        parts.append(f'<p class="instructions">{e(quiz.instructions)}</p>')
    section = None
    for number, question in enumerate(version.questions, 1):
        if question.type is not section:
            section = question.type
            parts.append(f"<h2>{e(TYPE_LABELS[section])}</h2>")
        parts.append(_question_html(number, question))
    return _page(f"{quiz.title} — version {version.label}", quiz.title, f"Version {version.label}", paper, parts)


def key_html(quiz: Quiz, version: QuizVersion, *, paper: str = DEFAULT_PAPER) -> str:
    """The answer key of one version: answers in its letters, points and sources."""
    e = html_text
    parts = [f"<h1>{e(quiz.title)} — answer key</h1>"]
    parts.append(f'<p class="meta">Version {e(version.label)} · seed {quiz.seed}</p>')
    parts.append('<dl class="key">')
    for number, question in enumerate(version.questions, 1):
        parts.append(
            f"<dt>{number}. {e(question.prompt)} "
            f'<span class="points">({e(points_text(question.points))})</span></dt>'
        )
        for line in answer_lines(question):
            parts.append(f'<dd><span class="label">{e(line.label)}:</span> {e(line.text)}</dd>')
        if question.explanation:
            parts.append(f'<dd><span class="label">Why:</span> {e(question.explanation)}</dd>')
        source = source_text(question)
        if source:
            parts.append(f'<dd class="cite"><span class="label">Source:</span> {e(source)}</dd>')
    parts.append("</dl>")
    parts.append(f'<p class="total">Total: {e(points_text(version.total_points))}</p>')
    return _page(f"{quiz.title} — version {version.label} — answer key", quiz.title,
                 f"Version {version.label} — answer key", paper, parts)


def _page(title: str, running_title: str, version: str, paper: str, body: list[str]) -> str:
    """A whole standalone page: head (CSS for screen and print, the fonts its text needs), body."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; known: {', '.join(PAPERS)}")
    text = "\n".join(body)
    style = "\n".join(filter(None, [font_faces(title + text), CSS, page_css(PAPERS[paper], running_title, version)]))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(title)}</title>\n<style>\n{style}\n</style>\n</head>\n<body>\n{text}\n</body>\n</html>\n"
    )


def page_css(size: str, title: str, version: str) -> str:
    """The printed page: its size and margins, the title and version at the top and the
    version and page number at the bottom of every page (CSS `@page` margin boxes)."""
    box = f"font-family: {FONT_STACK}; font-size: 8.5pt; color: #444;"
    return (
        f"@page {{ size: {size}; margin: 18mm 16mm 18mm 16mm;\n"
        f"  @top-left {{ content: {css_string(title)}; {box} }}\n"
        f"  @top-right {{ content: {css_string(version)}; {box} font-weight: bold; }}\n"
        f"  @bottom-center {{ content: {css_string(version + ' · page ')} counter(page) \" of \" counter(pages);"
        f" {box} }}\n"
        "}"
    )


def css_string(text: str) -> str:
    """Text as a quoted CSS string: quotes and backslashes escaped, and "<" too, so that no
    title can close the style element."""
    out = []
    for c in re.sub(r"\s+", " ", visible(text)):
        if c in '"\\<>' or ord(c) < 0x20:
            out.append(f"\\{ord(c):X} ")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _question_html(number: int, question: Question) -> str:
    e = html_text
    kind = question.type
    if kind is QuestionType.MISSING_WORD:
        prompt = '<span class="blank">&nbsp;</span>'.join(e(part) for part in question.prompt.split(BLANK))
    else:
        prompt = e(question.prompt)
    head = (
        f'<div class="question"><p><strong>{number}.</strong> {prompt} '
        f'<span class="points">({e(points_text(question.points))})</span></p>'
    )
    if kind in (QuestionType.CHOICE, QuestionType.TRUE_FALSE):
        items = "".join(
            f'<li><span class="circle"></span><strong>{letter(i)}.</strong> {e(option)}</li>'
            for i, option in enumerate(question.options)
        )
        body = f'<ol class="options">{items}</ol>'
    elif kind is QuestionType.SHORT_ANSWER:
        body = '<div class="answer-line"></div>'
    elif kind is QuestionType.MISSING_WORD:
        body = ""
    elif kind is QuestionType.MATCHING:
        rows = []
        for i in range(max(len(question.pairs), len(question.options))):
            left = (
                f'<span class="box"></span><strong>{i + 1}.</strong> {e(question.pairs[i][0])}'
                if i < len(question.pairs) else ""
            )
            right = f"<strong>{letter(i)}.</strong> {e(question.options[i])}" if i < len(question.options) else ""
            rows.append(f"<tr><td>{left}</td><td>{right}</td></tr>")
        body = (
            '<p class="hint">Write the letter of the matching item in each box.</p>'
            f'<table class="matching">{"".join(rows)}</table>'
        )
    elif kind is QuestionType.CHRONOLOGY:
        items = "".join(
            f'<li><span class="box"></span><strong>{letter(i)}.</strong> {e(option)}</li>'
            for i, option in enumerate(question.options)
        )
        body = (
            f'<p class="hint">Number the boxes 1 to {len(question.options)}, 1 for the earliest.</p>'
            f'<ol class="options">{items}</ol>'
        )
    else:
        raise ValueError(f"unknown question type {kind!r}")
    return f"{head}{body}</div>"


# --- Markdown ---

_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", "~": "&#126;", "|": "&#124;"}
_MD_ALWAYS = re.compile(r"([\\`*_{}\[\]#>])")


def md_escape(text: str) -> str:
    """Text as Markdown shows it literally: one line, every active character escaped.

    Backslash escapes for what CommonMark and Python-Markdown both honour; entities for
    `&`, `<`, `~` and `|`, which Python-Markdown does not escape with a backslash; list
    markers escaped where the text starts with them.
    """
    text = " ".join(visible(text).split())
    text = _MD_ALWAYS.sub(r"\\\1", text)
    text = "".join(_MD_ENTITIES.get(c, c) for c in text)
    # What would open a list, a heading or a setext underline at the start of the text.
    text = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text)
    text = re.sub(r"^([-+])", r"\\\1", text)
    # A link or image cannot open (brackets are escaped), so ( ) ! . need no escape elsewhere.
    return text


def _md_with_blank(prompt: str, blank: str) -> str:
    """The missing-word prompt with its blank as a writing line, spaces around it kept."""
    before, _, after = prompt.partition(BLANK)
    left = md_escape(before) + (" " if before[-1:].isspace() else "")
    right = (" " if after[:1].isspace() else "") + md_escape(after)
    return f"{left}{blank}{right}".strip()


def student_markdown(quiz: Quiz, version: QuizVersion) -> str:
    m = md_escape
    lines = [f"# {m(quiz.title)}", ""]
    lines += [
        f"Version {m(version.label)} · {len(version.questions)} questions · {m(points_text(version.total_points))}",
        "",
        "Name: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_  ",
        "Class: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_  ",
        "Date: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_",
        "",
    ]
    if quiz.instructions:
        lines += [f"*{m(quiz.instructions)}*", ""]
    blank = "\\_" * 12
    section = None
    for number, question in enumerate(version.questions, 1):
        if question.type is not section:
            section = question.type
            lines += [f"## {m(TYPE_LABELS[section])}", ""]
        if question.type is QuestionType.MISSING_WORD:
            prompt = _md_with_blank(question.prompt, blank)
        else:
            prompt = m(question.prompt)
        lines += [f"**{number}\\.** {prompt} ({m(points_text(question.points))})", ""]
        kind = question.type
        if kind in (QuestionType.CHOICE, QuestionType.TRUE_FALSE):
            lines += [f"- ( ) **{letter(i)}\\.** {m(o)}" for i, o in enumerate(question.options)]
        elif kind is QuestionType.SHORT_ANSWER:
            lines.append("Answer: " + "\\_" * 30)
        elif kind is QuestionType.MATCHING:
            lines += ["Write the letter of the matching item after each number.", ""]
            lines += [f"- {i + 1}\\. {m(left)} → \\[   \\]" for i, (left, _) in enumerate(question.pairs)]
            lines.append("")
            lines += [f"- **{letter(i)}\\.** {m(o)}" for i, o in enumerate(question.options)]
        elif kind is QuestionType.CHRONOLOGY:
            lines += [f"Number the items 1 to {len(question.options)}, 1 for the earliest.", ""]
            lines += [f"- \\[   \\] **{letter(i)}\\.** {m(o)}" for i, o in enumerate(question.options)]
        if kind is not QuestionType.MISSING_WORD:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def key_markdown(quiz: Quiz, version: QuizVersion) -> str:
    m = md_escape
    lines = [f"# {m(quiz.title)} — answer key", "", f"Version {m(version.label)} · seed {quiz.seed}", ""]
    for number, question in enumerate(version.questions, 1):
        lines += [f"**{number}\\.** {m(question.prompt)} ({m(points_text(question.points))})", ""]
        lines += [f"- *{m(line.label)}:* {m(line.text)}" for line in answer_lines(question)]
        if question.explanation:
            lines.append(f"- *Why:* {m(question.explanation)}")
        source = source_text(question)
        if source:
            lines.append(f"- *Source:* {m(source)}")
        lines.append("")
    lines.append(f"**Total: {m(points_text(version.total_points))}**")
    return "\n".join(lines) + "\n"
