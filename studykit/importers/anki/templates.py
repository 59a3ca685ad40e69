"""Anki's card template language: which cards a note makes, and what each card shows.

Pure and standard library only. The semantics are Anki's own (read from its Rust engine,
``rslib/src/template.rs``, ``template_filters.rs``, ``cloze.rs``, ``notetype/cardgen.rs``,
``notetype/render.rs`` and ``text.rs``, and from the reviewer for type-in answers; no code is
shared, Anki being AGPL): an imported deck must ask exactly what Anki asks. The oracle tests
render every card of real packages with the ``anki`` library and compare.

The language, in short:

- ``{{Field}}`` inserts a field's HTML; ``{{FrontSide}}`` the rendered question (answer only);
  ``{{Tags}}``, ``{{Type}}``, ``{{Deck}}``, ``{{Subdeck}}``, ``{{Card}}``, ``{{CardFlag}}``,
  ``{{CardID}}`` are special fields, unless the note type has a field of that name.
- ``{{#Field}}…{{/Field}}`` shows its content when the field is non-empty, ``{{^Field}}…``
  when it is empty (``{{#c2}}`` tests the card's cloze number); a field holding only
  whitespace, ``<br>`` and ``<div>`` is empty.
- ``{{f2:f1:Field}}`` applies filters right to left: ``text``, ``cloze``, ``cloze-only``,
  ``type`` (and ``type:cloze``, ``type:nc``), ``hint``, ``furigana``, ``kana``, ``kanji``,
  ``tts …``. Like Anki without add-ons, an unknown filter leaves the text as it is and ends
  the chain (the filters left of it are not applied).
- ``<!-- … -->`` is a comment: handlebars inside it are not expanded, and it stays in the HTML.
  ``{{!…}}`` is *not* a comment for Anki: it is a reference to a field named ``!…`` and so an
  error. A template starting with ``{{=<% %>=}}`` uses ``<% %>`` as its delimiters.
- Unbalanced or misnested sections, or a reference to a field the note type lacks, make the
  card render as an error in Anki: here :class:`TemplateError`, with Anki's one-line message.

Type-in answers: Anki renders ``{{type:Back}}`` as the text ``[[type:Back]]`` and its reviewer
swaps that for an input box (question) or the comparison (answer). :class:`RenderedCard`
keeps Anki's HTML as it is, says what the expected answer is (:class:`TypeAnswer`), and
:meth:`RenderedCard.question_for_display` / :meth:`RenderedCard.answer_for_display` put
:data:`TYPE_ANSWER_PLACEHOLDER` where the UI puts its input and its comparison.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.entities import name2codepoint
from typing import NamedTuple

from studykit.importers.anki import cloze as _cloze

__all__ = [
    "TYPE_ANSWER_PLACEHOLDER",
    "CardRenderer",
    "CardTemplate",
    "MediaReference",
    "NoteType",
    "RenderedCard",
    "TemplateError",
    "TemplateProblem",
    "TypeAnswer",
    "card_ordinals",
    "card_renderer",
    "check_note_type",
    "cloze_numbers",
    "field_is_empty",
    "image_files",
    "media_references",
    "note_type_problems",
    "parse_template",
    "render_card",
    "sound_files",
    "strip_html",
]


class TemplateError(ValueError):
    """A template Anki would refuse to render; the message is one line."""


# ---------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class CardTemplate:
    """One card type of a note type: its name and question and answer formats."""

    name: str
    question_format: str
    answer_format: str


@dataclass(frozen=True)
class NoteType:
    """What rendering needs of a note type; plain values, independent of any reader."""

    name: str
    field_names: tuple[str, ...]
    templates: tuple[CardTemplate, ...]
    is_cloze: bool = False

    def template_for(self, ordinal: int) -> CardTemplate:
        """The template a card of this ordinal uses: cloze cards all use the first."""
        if not self.templates:
            raise TemplateError(f"note type '{self.name}' has no card templates")
        if self.is_cloze:
            return self.templates[0]
        if not 0 <= ordinal < len(self.templates):
            raise TemplateError(f"note type '{self.name}' has no card template {ordinal + 1}")
        return self.templates[ordinal]


# ---------------------------------------------------------------------------------------
# Parsing


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Comment:
    text: str


@dataclass(frozen=True)
class Replacement:
    key: str
    filters: tuple[str, ...]  # in the order they apply (the rightmost first)


@dataclass(frozen=True)
class Conditional:
    key: str
    children: tuple[Node, ...]
    negated: bool = False


Node = Text | Comment | Replacement | Conditional


@dataclass(frozen=True)
class ParsedTemplate:
    nodes: tuple[Node, ...]


_ALT_DIRECTIVE = "{{=<% %>=}}"
# Rust's str::trim trims the Unicode White_Space characters; Python's str.strip also trims
# U+001C..U+001F, which are not, so the set is spelled out.
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def _trim(s: str) -> str:
    return s.strip(_WHITE_SPACE)


def _lex(template: str) -> list[tuple[str, str]]:
    """Text, comments and handlebars, as Anki's lexer finds them."""
    start_tag, end_tag = "{{", "}}"
    stripped = template.lstrip(_WHITE_SPACE)
    if stripped.startswith(_ALT_DIRECTIVE):
        while stripped.startswith(_ALT_DIRECTIVE):
            stripped = stripped[len(_ALT_DIRECTIVE) :]
        template = stripped
        start_tag, end_tag = "<%", "%>"
    tokens: list[tuple[str, str]] = []
    i = text_start = 0
    n = len(template)
    handle_possible = comment_possible = True
    while i < n:
        candidates = []
        if handle_possible:
            h = template.find(start_tag, i)
            if h == -1:
                handle_possible = False
            else:
                candidates.append(h)
        if comment_possible:
            c = template.find("<!--", i)
            if c == -1:
                comment_possible = False
            else:
                candidates.append(c)
        if not candidates:
            break
        p = min(candidates)
        if handle_possible and template.startswith(start_tag, p):
            end = template.find(end_tag, p + len(start_tag))
            if end != -1:
                if text_start < p:
                    tokens.append(("text", template[text_start:p]))
                tokens.append(("handle", template[p + len(start_tag) : end]))
                i = text_start = end + len(end_tag)
                continue
            handle_possible = False  # no closing tag anywhere further on
        if comment_possible and template.startswith("<!--", p):
            end = template.find("-->", p + 4)
            if end != -1:
                if text_start < p:
                    tokens.append(("text", template[text_start:p]))
                tokens.append(("comment", template[p + 4 : end]))
                i = text_start = end + 3
                continue
            comment_possible = False
        i = p + 1
    if text_start < n:
        tokens.append(("text", template[text_start:]))
    return tokens


def _classify(handle: str) -> tuple[str, str]:
    start = _trim(handle.lstrip("{"))
    if len(start.encode("utf-8")) < 2:
        return "replace", start
    if start[0] == "#":
        return "open", start[1:].lstrip(_WHITE_SPACE)
    if start[0] == "/":
        return "close", start[1:].lstrip(_WHITE_SPACE)
    if start[0] == "^":
        return "negated", start[1:].lstrip(_WHITE_SPACE)
    return "replace", start


@lru_cache(maxsize=2048)
def parse_template(template: str) -> ParsedTemplate:
    """Parse a question or answer format; :class:`TemplateError` if Anki would refuse it."""
    stack: list[tuple[str | None, bool, list[Node]]] = [(None, False, [])]
    for kind, value in _lex(template):
        nodes = stack[-1][2]
        if kind == "text":
            nodes.append(Text(value))
        elif kind == "comment":
            nodes.append(Comment(value))
        else:
            what, name = _classify(value)
            if what == "replace":
                parts = name.split(":")
                nodes.append(Replacement(parts[-1], tuple(reversed(parts[:-1]))))
            elif what in ("open", "negated"):
                stack.append((name, what == "negated", []))
            else:
                open_name = stack[-1][0]
                if open_name is None:
                    raise TemplateError(f"Found '{{{{/{name}}}}}', but missing '{{{{#{name}}}}}' or '{{{{^{name}}}}}'")
                if open_name != name:
                    raise TemplateError(f"Found '{{{{/{name}}}}}', but expected '{{{{/{open_name}}}}}'")
                key, negated, children = stack.pop()
                assert key is not None
                stack[-1][2].append(Conditional(key, tuple(children), negated))
    if len(stack) > 1:
        raise TemplateError(f"Missing '{{{{/{stack[-1][0]}}}}}'")
    return ParsedTemplate(tuple(stack[0][2]))


# ---------------------------------------------------------------------------------------
# Empty fields and card generation

_EMPTY_FIELD = re.compile(r"(?:[\t\n\x0b\x0c\r ]|</?(?:br|div) ?/?>)*\Z", re.IGNORECASE | re.ASCII)
_CLOZE_CONDITIONAL = re.compile(r"c[0-9]+\Z", re.ASCII)


def field_is_empty(html: str) -> bool:
    """True if the field holds only whitespace and empty ``<br>``/``<div>`` tags, as for Anki."""
    return _EMPTY_FIELD.match(html) is not None


def _renders(nodes: Iterable[Node], nonempty: frozenset[str] | set[str]) -> bool:
    """Anki's test that a question is not blank: it uses at least one non-empty field."""
    for node in nodes:
        if isinstance(node, Replacement):
            if node.key in nonempty:
                return True
        elif isinstance(node, Conditional):
            if (node.key in nonempty) == node.negated:
                continue
            if _renders(node.children, nonempty):
                return True
    return False


SPECIAL_FIELDS = ("FrontSide", "Card", "CardFlag", "Deck", "Subdeck", "Tags", "Type", "CardID")


def cloze_numbers(fields: Iterable[str]) -> frozenset[int]:
    """The cloze numbers used anywhere in the fields (c1 is 1)."""
    found: set[int] = set()
    for value in fields:
        if "{{c" in value:  # no deletion opens without it: the special fields' values are never parsed
            found |= _cloze.cloze_numbers(value)
    return frozenset(found)


def card_ordinals(
    note_type: NoteType, fields: Sequence[str], tags: Sequence[str] = (), *, at_least_one: bool = True
) -> tuple[int, ...]:
    """The ordinals of the cards Anki makes for a new note, in order.

    Standard note types: one card per template whose question uses a non-empty field (the
    special fields count as non-empty, ``{{Tags}}`` only when the note has tags); a template
    that does not parse makes no card. Cloze note types: one card per cloze number in any
    field (``c1`` is ordinal 0; Anki caps ordinals at 499). With ``at_least_one`` a note
    that would make no card gets card 0, as Anki does when a note is added.
    """
    if note_type.is_cloze:
        ordinals = sorted({min(max(n - 1, 0), 499) for n in cloze_numbers(fields)})
    else:
        nonempty = {name for name, value in zip(note_type.field_names, fields) if not field_is_empty(value)}
        names = set(note_type.field_names)
        for special in SPECIAL_FIELDS:
            if special not in names and special != "FrontSide" and (special != "Tags" or tags):
                nonempty.add(special)
        ordinals = []
        for ordinal, template in enumerate(note_type.templates):
            try:
                parsed = parse_template(template.question_format)
            except TemplateError:
                continue
            if _renders(parsed.nodes, nonempty):
                ordinals.append(ordinal)
    if not ordinals and at_least_one:
        return (0,)
    return tuple(ordinals)


# ---------------------------------------------------------------------------------------
# Note type checks (what Anki refuses when a note type is saved)


@dataclass(frozen=True)
class TemplateProblem:
    """One problem of one card template, named as the import summary shows it."""

    note_type: str
    template: str
    side: str  # "front", "back" or "" (the whole note type)
    message: str

    def __str__(self) -> str:
        where = f"card type '{self.template}'" + (f", {self.side}" if self.side else "")
        return f"note type '{self.note_type}', {where}: {self.message}"


def _referenced(nodes: Iterable[Node], out: set[str], *, cloze_only: bool, conditionals: bool) -> None:
    for node in nodes:
        if isinstance(node, Replacement):
            if not cloze_only or "cloze" in node.filters:
                out.add(node.key)
        elif isinstance(node, Conditional):
            if conditionals and not _CLOZE_CONDITIONAL.match(node.key):
                out.add(node.key)
            _referenced(node.children, out, cloze_only=cloze_only, conditionals=conditionals)


def note_type_problems(note_type: NoteType) -> tuple[TemplateProblem, ...]:
    """Every problem Anki would report for this note type's templates.

    Anki checks these when a note type is saved (an imported package skips the checks, so
    such note types do reach users): a template that does not parse, a question using no
    field, a field the note type lacks, two templates with the same question, and a cloze
    note type whose templates have no ``{{cloze:…}}``.
    """
    problems: list[TemplateProblem] = []
    if not note_type.templates:
        return (TemplateProblem(note_type.name, "", "", "no card templates"),)
    known = set(note_type.field_names) | set(SPECIAL_FIELDS)
    parsed_all: list[tuple[ParsedTemplate, ParsedTemplate] | None] = []
    for template in note_type.templates:
        sides: list[ParsedTemplate] = []
        for side, text in (("front", template.question_format), ("back", template.answer_format)):
            try:
                sides.append(parse_template(text))
            except TemplateError as error:
                problems.append(TemplateProblem(note_type.name, template.name, side, str(error)))
        if len(sides) != 2:
            parsed_all.append(None)
            continue
        parsed_all.append((sides[0], sides[1]))
        question_refs: set[str] = set()
        _referenced(sides[0].nodes, question_refs, cloze_only=False, conditionals=True)
        if not question_refs:
            problems.append(
                TemplateProblem(
                    note_type.name, template.name, "front", "the front uses no field, so no card can be made"
                )
            )
            continue
        answer_refs: set[str] = set()
        _referenced(sides[1].nodes, answer_refs, cloze_only=False, conditionals=True)
        for side, refs in (("front", question_refs), ("back", answer_refs)):
            unknown = sorted(name for name in refs if name and name not in known)
            if unknown:
                problems.append(
                    TemplateProblem(note_type.name, template.name, side, f"there is no field called '{unknown[0]}'")
                )
    seen: dict[str, str] = {}
    for template in note_type.templates:
        earlier = seen.get(template.question_format)
        if earlier is not None and not re.search(r"\{\{\s*Card\s*\}\}", template.question_format):
            problems.append(
                TemplateProblem(
                    note_type.name, template.name, "front", f"the front is the same as card type '{earlier}'"
                )
            )
        seen.setdefault(template.question_format, template.name)
    if note_type.is_cloze:
        has_cloze = False
        for sides_or_none in parsed_all:
            if sides_or_none is None:
                continue
            cloze_refs: set[str] = set()
            for parsed in sides_or_none:
                _referenced(parsed.nodes, cloze_refs, cloze_only=True, conditionals=False)
            has_cloze = has_cloze or bool(cloze_refs)
        if not has_cloze:
            problems.append(
                TemplateProblem(
                    note_type.name,
                    note_type.templates[0].name,
                    "",
                    "a cloze note type needs a {{cloze:Field}} in its template",
                )
            )
    return tuple(problems)


def check_note_type(note_type: NoteType) -> None:
    """Raise :class:`TemplateError` with one line naming the first problem, if any."""
    problems = note_type_problems(note_type)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise TemplateError(f"{problems[0]}{more}")


# ---------------------------------------------------------------------------------------
# HTML helpers Anki's filters use

_HTML = re.compile(r"<!--.*?-->|<style.*?>.*?</style>|<script.*?>.*?</script>|<.*?>", re.IGNORECASE | re.DOTALL)


def strip_html_preserving_entities(html: str) -> str:
    return _HTML.sub("", html)


def _decode_strict(html: str) -> str | None:
    """Decode entities the strict way Anki's library does; None where it gives up."""
    out: list[str] = []
    i, n = 0, len(html)
    while i < n:
        amp = html.find("&", i)
        if amp == -1:
            out.append(html[i:])
            break
        out.append(html[i:amp])
        semi = html.find(";", amp + 1)
        if semi == -1:
            return None
        body = html[amp + 1 : semi]
        if body.startswith("#"):
            digits = body[1:]
            if digits.startswith("x"):
                digits, base, allowed = digits[1:], 16, "0123456789abcdefABCDEF"
            else:
                base, allowed = 10, "0123456789"
            if not digits or any(ch not in allowed for ch in digits):
                return None
            code = int(digits, base)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                return None
            out.append(chr(code))
        else:
            code_point = name2codepoint.get(body)
            if code_point is None:
                return None
            out.append(chr(code_point))
        i = semi + 1
    return "".join(out)


def decode_entities(html: str) -> str:
    """Anki's entity decoding: all or nothing, and no-break spaces become spaces."""
    if "&" not in html:
        return html
    decoded = _decode_strict(html)
    return html if decoded is None else decoded.replace("\xa0", " ")


def strip_html(html: str) -> str:
    """The ``text:`` filter: tags, comments, scripts and styles removed, entities decoded."""
    return decode_entities(strip_html_preserving_entities(html))


_MATHJAX = re.compile(r"(\\[(\[])(.*?)(\\[)\]])", re.IGNORECASE | re.DOTALL)


def _strip_html_inside_mathjax(text: str) -> str:
    if "\\(" not in text and "\\[" not in text:  # no MathJax: no need to run the pattern
        return text
    return _MATHJAX.sub(lambda m: m.group(1) + strip_html_preserving_entities(m.group(2)) + m.group(3), text)


# ---------------------------------------------------------------------------------------
# Filters

_FURIGANA = re.compile(r" ?([^ >]+?)\[(.+?)\]")


def _ruby(text: str, make: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(2).startswith("sound:"):
            return match.group(0)
        if make == "kana":
            return match.group(2)
        if make == "kanji":
            return match.group(1)
        return f"<ruby><rb>{match.group(1)}</rb><rt>{match.group(2)}</rt></ruby>"

    return _FURIGANA.sub(replace, text.replace("&nbsp;", " "))


def _hint(text: str, field_name: str) -> str:
    if not _trim(text):
        return text
    # Anki derives the element id from a BLAKE3 hash, not in the standard library; any
    # stable id serves, since it only links the link to its hidden text.
    digest = hashlib.blake2b(text.encode("utf-8") + field_name.encode("utf-8"), digest_size=8).hexdigest()
    return (
        '\n<a class=hint href="#"\n'
        "onclick=\"this.style.display='none';\n"
        f"document.getElementById('hint{digest}').style.display='block';\n"
        'return false;" draggable=false>\n'
        f"{field_name}</a>\n"
        f'<div id="hint{digest}" class=hint style="display: none">{text}</div>\n'
    )


class _Context(NamedTuple):
    """What rendering one side reads. (A named tuple: two are made for every card imported.)"""

    fields: Mapping[str, str]
    nonempty: frozenset[str]
    ordinal: int
    question: bool
    front_side: str


def _apply_filter(name: str, text: str, field_name: str, ctx: _Context) -> str | None:
    """The filtered text, or None for a filter Anki does not know."""
    if name == "cloze":  # first: every card of a cloze note type asks for it, twice
        return _strip_html_inside_mathjax(_cloze.reveal_cloze_text(text, ctx.ordinal + 1, ctx.question))
    if name == "text":
        return strip_html(text)
    if name in ("furigana", "kana", "kanji"):
        return _ruby(text, name)
    if name == "type":
        return f"[[type:{field_name}]]"
    if name == "type-cloze":
        return f"[[type:cloze:{field_name}]]"
    if name == "type-nc":
        return f"[[type:nc:{field_name}]]"
    if name == "hint":
        return _hint(text, field_name)
    if name == "cloze-only":
        return _cloze.reveal_cloze_text_only(text, ctx.ordinal + 1, ctx.question)
    if name == "":
        return text
    if name.startswith("tts "):
        return f"[anki:tts lang={name[4:]}]{text}[/anki:tts]"
    return None


def _apply_filters(text: str, filters: tuple[str, ...], field_name: str, ctx: _Context) -> str:
    if filters == ("cloze", "type"):
        filters = ("type-cloze",)
    elif filters == ("nc", "type"):
        filters = ("type-nc",)
    elif filters and filters[-1] == "type":
        filters = ("type",)
    for name in filters:
        result = _apply_filter(name, text, field_name, ctx)
        if result is None:
            # Anki hands the rest of the chain to add-ons; with none installed the text
            # stays as it was when the unknown filter was met.
            return text
        text = result
    return text


def _render(nodes: Iterable[Node], ctx: _Context, out: list[str] | None) -> None:
    """Render into ``out``; with ``out`` None only check for errors (as Anki does for hidden sections)."""
    for node in nodes:
        if isinstance(node, Text):
            if out is not None:
                out.append(node.text)
        elif isinstance(node, Comment):
            if out is not None:
                out.append(f"<!--{node.text}-->")
        elif isinstance(node, Replacement):
            if node.key == "FrontSide":
                if out is not None:
                    out.append(ctx.front_side)
                continue
            if node.key == "" and node.filters:
                continue
            value = ctx.fields.get(node.key)
            if value is None:
                shown = ":".join([*reversed(node.filters), node.key])
                raise TemplateError(f"Found '{{{{{shown}}}}}', but there is no field called '{node.key}'")
            if out is not None:  # a hidden section is only checked for fields the note type lacks
                out.append(_apply_filters(value, node.filters, node.key, ctx) if node.filters else value)
        else:
            if node.key in ctx.nonempty:
                visible = not node.negated
            elif node.key in ctx.fields or _CLOZE_CONDITIONAL.match(node.key):
                visible = node.negated
            else:
                prefix = "^" if node.negated else "#"
                raise TemplateError(f"Found '{{{{{prefix}{node.key}}}}}', but there is no field called '{node.key}'")
            _render(node.children, ctx, out if visible else None)


# ---------------------------------------------------------------------------------------
# Rendering a card

TYPE_ANSWER_PLACEHOLDER = "\ue000type-answer\ue001"
"""Where the UI puts its answer box (question) or the comparison (answer).

Only :meth:`RenderedCard.question_for_display` and :meth:`RenderedCard.answer_for_display`
insert it, after replacing any copy already present in the card's text, so a field can never
make one."""

_TYPE_MARKER = re.compile(r"\[\[type:(.+?)\]\]")
_TYPE_LINEBREAKS = re.compile(r"(?:\n|<br\s?/?>|</?div>)+", re.IGNORECASE | re.DOTALL)
_EMPTY_FRONT = "The front of this card is blank."
_MORE_INFO = "More information"


@dataclass(frozen=True)
class TypeAnswer:
    """The typed answer a ``{{type:…}}`` card expects, for studykit's own checker.

    ``expected`` is plain text, prepared as Anki prepares it for comparing (sounds removed,
    line breaks as spaces, tags removed, entities decoded, trimmed); ``expected_html`` is the
    field (or the card's cloze deletions) as stored. ``combining`` is False for ``type:nc:``,
    which compares ignoring diacritics. ``problem`` is Anki's message when the card cannot
    take a typed answer (an unknown field; a cloze card whose deletion is missing).
    """

    field_name: str
    cloze: bool
    combining: bool
    expected_html: str
    expected: str
    problem: str = ""


@dataclass(frozen=True)
class RenderedCard:
    """A card's two sides as Anki renders them.

    ``question_html`` and ``answer_html`` equal the ``anki`` library's
    ``card.render_output()`` texts before its sound extraction: ``[sound:…]`` stays as it
    is, ``{{type:…}}`` is ``[[type:…]]``. ``is_empty`` marks a card Anki shows as blank (no
    non-empty field in its question, or a cloze card whose number no longer occurs), with
    Anki's explanation appended as it does.
    """

    question_html: str
    answer_html: str
    is_empty: bool = False
    type_answer: TypeAnswer | None = None

    def question_for_display(self) -> str:
        """The question with :data:`TYPE_ANSWER_PLACEHOLDER` where the answer box goes."""
        html = self.question_html.replace(TYPE_ANSWER_PLACEHOLDER, "\ufffd")
        answer = self.type_answer
        if answer is None:
            return html
        if answer.problem:
            return _TYPE_MARKER.sub(lambda _m: answer.problem, html)
        if not answer.expected_html:
            return _TYPE_MARKER.sub("", html)
        return _TYPE_MARKER.sub(TYPE_ANSWER_PLACEHOLDER, html)

    def answer_for_display(self) -> str:
        """The answer with :data:`TYPE_ANSWER_PLACEHOLDER` where the comparison goes.

        As in Anki, when the answer has ``<hr id=answer>`` the rule moves to just before the
        comparison, so that a ``{{FrontSide}}`` holding the box keeps the answer below the line.
        """
        html = self.answer_html.replace(TYPE_ANSWER_PLACEHOLDER, "\ufffd")
        answer = self.type_answer
        if answer is None or answer.problem or not answer.expected_html:
            return _TYPE_MARKER.sub("", html) if "[[type:" in html else html
        without_rule = html.replace("<hr id=answer>", "")
        had_rule = len(without_rule) != len(html)
        if had_rule:
            if not _TYPE_MARKER.search(without_rule):
                return html
            return _TYPE_MARKER.sub("<hr id=answer>" + TYPE_ANSWER_PLACEHOLDER, without_rule)
        return _TYPE_MARKER.sub(TYPE_ANSWER_PLACEHOLDER, html)


def _expected_text(html: str) -> str:
    no_sounds = _strip_av_tags(html)
    return _trim(strip_html(_TYPE_LINEBREAKS.sub(" ", no_sounds)))


_SOUND_TAG = re.compile(r"\[sound:([^\]]+)\]")
_TTS_TAG = re.compile(r"\[anki:tts(?:[ \t\r\n][^\]]*)?\].*?\[/anki:tts\]", re.DOTALL)


def _strip_av_tags(html: str) -> str:
    return _TTS_TAG.sub("", _SOUND_TAG.sub("", html))


def _type_answer(question_html: str, note_type: NoteType, fields: Sequence[str], ordinal: int) -> TypeAnswer | None:
    if "[[type:" not in question_html:  # most cards: no need to run the pattern over the whole side
        return None
    match = _TYPE_MARKER.search(question_html)
    if match is None:
        return None
    name = match.group(1)
    cloze, combining = False, True
    if name.startswith("cloze:"):
        cloze = True
        name = name.split(":")[1]
    if name.startswith("nc:"):
        combining = False
        name = name.split(":")[1]
    values = dict(zip(note_type.field_names, fields))
    if name not in values:
        problem = "Please run Tools>Empty Cards" if cloze else f"Type answer: unknown field {name}"
        return TypeAnswer(name, cloze, combining, "", "", problem)
    expected_html = values[name]
    if cloze:
        expected_html = _cloze.cloze_for_typing(expected_html, ordinal + 1)
        if not expected_html:
            return TypeAnswer(name, cloze, combining, "", "", "Please run Tools>Empty Cards")
    return TypeAnswer(name, cloze, combining, expected_html, _expected_text(expected_html))


def render_card(
    note_type: NoteType,
    ordinal: int,
    fields: Sequence[str],
    *,
    tags: Sequence[str] = (),
    deck: str = "",
    flag: int = 0,
    card_id: int = 0,
) -> RenderedCard:
    """Render card ``ordinal`` of a note: its question and answer HTML, as Anki does.

    ``fields`` are the note's field values (HTML) in the note type's field order; ``deck``
    is the card's deck name (``Parent::Child``; for a card in a filtered deck, its home
    deck, as Anki uses). Raises :class:`TemplateError` (one line, Anki's wording) when
    the card's template cannot be rendered.
    """
    return card_renderer(note_type).render(ordinal, fields, tags=tags, deck=deck, flag=flag, card_id=card_id)


@lru_cache(maxsize=256)
def card_renderer(note_type: NoteType) -> CardRenderer:
    """The renderer of a note type's cards, made once per note type."""
    return CardRenderer(note_type)


def _tested_keys(nodes: Iterable[Node], out: set[str]) -> None:
    """The keys a template inserts or tests: the only fields whose emptiness can matter."""
    for node in nodes:
        if isinstance(node, Replacement):
            out.add(node.key)
        elif isinstance(node, Conditional):
            out.add(node.key)
            _tested_keys(node.children, out)


class _TemplateUse(NamedTuple):
    """What rendering a card of one template needs to know of it, worked out once."""

    template: CardTemplate
    keys: frozenset[str]  # what its sides insert or test: the only fields whose emptiness can matter
    specials: bool  # whether its cards need the special fields (Tags, Deck, Card, c1 …) beside the note's


class CardRenderer:
    """Renders the cards of one note type's notes, as :func:`render_card` does.

    An import renders tens of thousands of cards of a handful of note types: what depends on
    the note type alone is worked out once here, when a template is first used (its parsed
    sides, the fields whose emptiness they test, whether they use a special field), and a card
    decides the emptiness of those fields only, not of every field and special field it could
    name, and makes the special fields only when its template uses one.
    """

    def __init__(self, note_type: NoteType) -> None:
        self.note_type = note_type
        self._unique_names = len(set(note_type.field_names)) == len(note_type.field_names)
        self._templates: dict[int, _TemplateUse] = {}

    def _template(self, ordinal: int) -> _TemplateUse:
        """The card's template and what its sides use (a template that does not parse raises
        when its side is rendered, the side named)."""
        known = self._templates.get(ordinal)
        if known is None:
            template = self.note_type.template_for(ordinal)
            keys: set[str] = set()
            for text in (template.question_format, template.answer_format):
                with contextlib.suppress(TemplateError):
                    _tested_keys(parse_template(text).nodes, keys)
            # A cloze card looks for its number in every value, the special fields' too, as Anki does.
            specials = self.note_type.is_cloze or bool(keys - set(self.note_type.field_names) - {"FrontSide"})
            known = self._templates[ordinal] = _TemplateUse(template, frozenset(keys), specials)
        return known

    def _field_map(self, ordinal: int, fields: Sequence[str], use: _TemplateUse,
                   tags: Sequence[str], deck: str, flag: int, card_id: int) -> dict[str, str]:
        """The note's fields by name (the first of two fields with one name; missing ones
        empty), over the special fields when the card uses any."""
        if not use.specials:
            return self._note_fields(fields, {})
        deck_name = deck or "(Deck)"
        return self._note_fields(fields, {
            "Tags": " ".join(tags),
            "Type": self.note_type.name,
            "Subdeck": deck_name.rsplit("::", 1)[-1],
            "Deck": deck_name,
            "CardFlag": f"flag{flag}",
            "Card": use.template.name,
            "CardID": str(card_id),
            f"c{ordinal + 1}": "1",
        })

    def _note_fields(self, fields: Sequence[str], field_map: dict[str, str]) -> dict[str, str]:
        """`field_map` with the note's fields put over it."""
        names = self.note_type.field_names
        if self._unique_names:
            field_map.update(zip(names, fields))
            for name in names[len(fields) :]:
                field_map[name] = ""
        else:
            note_fields: dict[str, str] = {}
            for name, value in zip(names, fields):
                note_fields.setdefault(name, value)
            for name in names[len(fields) :]:
                note_fields.setdefault(name, "")
            field_map.update(note_fields)
        return field_map

    @staticmethod
    def _side(
        template: CardTemplate, field_map: dict[str, str], nonempty: frozenset[str], ordinal: int,
        *, question: bool, front_side: str,
    ) -> tuple[ParsedTemplate, str]:
        """One side rendered; an error names the side and the card type, as Anki's does."""
        try:
            parsed = parse_template(template.question_format if question else template.answer_format)
            out: list[str] = []
            _render(parsed.nodes, _Context(field_map, nonempty, ordinal, question, front_side), out)
        except TemplateError as error:
            side_name = "Front" if question else "Back"
            raise TemplateError(f"{side_name} template of card type '{template.name}' has a problem: {error}") from None
        return parsed, "".join(out)

    def render(
        self,
        ordinal: int,
        fields: Sequence[str],
        *,
        tags: Sequence[str] = (),
        deck: str = "",
        flag: int = 0,
        card_id: int = 0,
    ) -> RenderedCard:
        """Card ``ordinal`` of a note of this note type: see :func:`render_card`."""
        note_type = self.note_type
        use = self._template(ordinal)
        template = use.template
        field_map = self._field_map(ordinal, fields, use, tags, deck, flag, card_id)
        nonempty = frozenset(
            key for key in use.keys
            if (value := field_map.get(key)) is not None and not field_is_empty(value)
        )
        parsed_question, question = self._side(template, field_map, nonempty, ordinal, question=True, front_side="")
        empty_message = None
        if note_type.is_cloze:
            if ordinal + 1 not in cloze_numbers(field_map.values()):
                empty_message = (
                    f"<div>No cloze \u2068{ordinal + 1}\u2069 found on card.\n"
                    "Please either add a cloze deletion, or use the Empty Cards tool.<br>"
                    "<a href='https://docs.ankiweb.net/templates/errors.html#no-cloze-filter-on-cloze-note-type'>"
                    f"{_MORE_INFO}</a></div>"
                )
        elif not _renders(parsed_question.nodes, nonempty):
            empty_message = (
                f"<div>{_EMPTY_FRONT}<br>"
                f"<a href='https://docs.ankiweb.net/templates/errors.html#front-of-card-is-blank'>{_MORE_INFO}</a></div>"
            )
        if empty_message is not None:
            return RenderedCard(question + empty_message, empty_message, is_empty=True)
        _, answer = self._side(template, field_map, nonempty, ordinal, question=False, front_side=question)
        return RenderedCard(question, answer, type_answer=_type_answer(question, note_type, fields, ordinal))


# ---------------------------------------------------------------------------------------
# Media a rendered side uses


@dataclass(frozen=True)
class MediaReference:
    """A media file a side uses: ``kind`` is "sound" (``[sound:…]``, ``<audio>``, ``<video>``,
    ``<source>``) or "image" (``<img>``, ``<object>``); ``name`` is entity-decoded."""

    kind: str
    name: str


_MEDIA_TAG = re.compile(
    r"""<\b(img|audio|video|object|source)\b(?:[^>]|"[^"]+?"|'[^']+?')+?\b(?:src|data)\b="""
    r"""(?:"([^"]+?)"[^>]*>|'([^']+?)'[^>]*>|([^ >]+?)(?:\x20[^>]*>|>))""",
    re.IGNORECASE | re.DOTALL,
)
_SOUND_NAME = re.compile(r"\[sound:(.+?)\]", re.DOTALL)


def media_references(html: str) -> tuple[MediaReference, ...]:
    """The media files a rendered side refers to, in order, as Anki finds them."""
    found: list[tuple[int, MediaReference]] = []
    for match in _MEDIA_TAG.finditer(html):
        tag = match.group(1).lower()
        name = match.group(2) or match.group(3) or match.group(4) or ""
        kind = "image" if tag in ("img", "object") else "sound"
        found.append((match.start(), MediaReference(kind, decode_entities(name))))
    for match in _SOUND_NAME.finditer(html):
        found.append((match.start(), MediaReference("sound", decode_entities(match.group(1)))))
    found.sort(key=lambda item: item[0])
    return tuple(ref for _, ref in found)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def sound_files(html: str) -> tuple[str, ...]:
    """The sound and video files a side plays (``[sound:x.mp3]``, ``<audio src>``), once each."""
    return _unique(ref.name for ref in media_references(html) if ref.kind == "sound")


def image_files(html: str) -> tuple[str, ...]:
    """The images a side shows (``<img src=…>`` quoted or not, among other attributes), once each."""
    return _unique(ref.name for ref in media_references(html) if ref.kind == "image")
