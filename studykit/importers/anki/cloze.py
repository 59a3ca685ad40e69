"""Cloze deletions as Anki reads them: ``{{c1::answer}}``, ``{{c2::answer::hint}}``, nested.

Pure and standard library only. The rules follow Anki's own engine (read from its
``rslib/src/cloze.rs``; no code is shared), because a deck's cards must ask what Anki asks:

- a deletion opens with ``{{c`` + numbers (``c1``, and ``c1,2`` for one deletion shared by
  several cards) + ``::`` and closes with the next ``}}``; deletions nest, at most ten deep
  (deeper openings are read as nothing, their closings still close);
- inside a deletion the first ``::`` of a stretch of text starts its hint;
- the *active* deletion (the card's number) shows ``[...]`` or ``[hint]`` on the question
  and its text, marked ``<span class="cloze">``, on the answer; the others show their text;
- a field in which the card's number never occurs renders as nothing (add-ons such as
  "cloze overlapper" rely on it), which is how Anki blanks the other fields of a cloze note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

MAX_OPEN_CLOZES = 10

_CLOSE = "}}"


@dataclass
class _Cloze:
    ordinals: tuple[int, ...]
    nodes: list[str | _Cloze] = field(default_factory=list)
    hint: str | None = None

    def clozed_text(self) -> str:
        return "".join(n if isinstance(n, str) else n.clozed_text() for n in self.nodes)

    def shown_hint(self) -> str:
        return "..." if self.hint is None else self.hint

    def image_occlusion(self) -> str | None:
        if self.nodes and isinstance(self.nodes[0], str) and self.nodes[0].startswith("image-occlusion:"):
            return self.nodes[0][len("image-occlusion:") :]
        return None


# An opening is "{{c", numbers and commas, "::"; a closing is "}}". The opening's numbers are
# checked apart (`_ordinals`): one with none that Anki takes is not an opening.
_MARKER = re.compile(r"\{\{c([0-9,]*)::|\}\}")


def _ordinals(numbers: str) -> tuple[int, ...] | None:
    """An opening's cloze numbers (``1,2``), or None when it has none Anki takes."""
    found: set[int] = set()
    for part in numbers.split(","):
        # Anki parses each number as a u16; larger ones are dropped.
        if part and int(part) <= 0xFFFF:
            found.add(int(part))
    return tuple(sorted(found)) if found else None


def _tokens(text: str) -> list[tuple[str, object]]:
    """Open markers, close markers and the text between them."""
    tokens: list[tuple[str, object]] = []
    i = text_start = 0
    while (marker := _MARKER.search(text, i)) is not None:
        p = marker.start()
        numbers = marker.group(1)
        opened = None if numbers is None else _ordinals(numbers)
        if numbers is not None and opened is None:
            i = p + 1  # not an opening: read on from the next character, as for any other "{{"
            continue
        if text_start < p:
            tokens.append(("text", text[text_start:p]))
        tokens.append(("close", None) if opened is None else ("open", opened))
        i = text_start = marker.end()
    if text_start < len(text):
        tokens.append(("text", text[text_start:]))
    return tokens


@lru_cache(maxsize=1024)
def parse_clozes(text: str) -> list[str | _Cloze]:
    """The field's text as plain stretches and (possibly nested) deletions. Cached: every card
    of a cloze note parses the same fields (callers only read the result)."""
    open_clozes: list[_Cloze] = []
    output: list[str | _Cloze] = []
    for kind, value in _tokens(text):
        if kind == "open":
            assert isinstance(value, tuple)
            if len(open_clozes) < MAX_OPEN_CLOZES:
                open_clozes.append(_Cloze(value))
        elif kind == "text":
            assert isinstance(value, str)
            if open_clozes:
                cloze = open_clozes[-1]
                if not value.startswith("image-occlusion:") and "::" in value:
                    value, cloze.hint = value.split("::", 1)
                cloze.nodes.append(value)
            else:
                output.append(value)
        else:
            if open_clozes:
                closed = open_clozes.pop()
                (open_clozes[-1].nodes if open_clozes else output).append(closed)
            else:
                output.append(_CLOSE)
    return output


@lru_cache(maxsize=1024)
def cloze_numbers(text: str) -> frozenset[int]:
    """The cloze numbers (1 and up) that occur in ``text``, nested ones included."""
    found: set[int] = set()

    def walk(nodes: list[str | _Cloze]) -> None:
        for node in nodes:
            if isinstance(node, _Cloze):
                found.update(o for o in node.ordinals if o != 0)
                walk(node.nodes)

    walk(parse_clozes(text))
    return frozenset(found)


_MINIMAL_ENTITIES = {'"': "&quot;", "&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;"}
# Anki's attribute encoding: the minimal entities, then every other character below 256 that is
# not an ASCII letter or digit as a hex reference; characters from 256 up stay as they are.
_ATTRIBUTE_ENTITIES = {
    code: _MINIMAL_ENTITIES.get(chr(code), f"&#x{code:02X};")
    for code in range(256)
    if chr(code) in _MINIMAL_ENTITIES or code > 127 or not chr(code).isalnum()
}
_MINIMAL_TABLE = {ord(ch): entity for ch, entity in _MINIMAL_ENTITIES.items()}


def encode_attribute(text: str) -> str:
    """Entity-encode as Anki does for an attribute value (its ``data-cloze``)."""
    return text.translate(_ATTRIBUTE_ENTITIES)


def encode_minimal(text: str) -> str:
    return text.translate(_MINIMAL_TABLE)


@lru_cache(maxsize=256)
def _ordinals_attr(ordinals: tuple[int, ...]) -> str:
    return ",".join(str(o) for o in ordinals)


def _reveal(cloze: _Cloze, ordinal: int, question: bool, found: list[bool], out: list[str]) -> None:
    active = ordinal in cloze.ordinals
    if active:
        found[0] = True
    occlusion = cloze.image_occlusion()
    if occlusion is not None:
        out.append(_image_occlusion(occlusion, question, active, cloze.ordinals))
        return
    attr = _ordinals_attr(cloze.ordinals)
    if question and active:
        inner: list[str] = []
        for node in cloze.nodes:
            if isinstance(node, str):
                inner.append(node)
            else:
                _reveal(node, ordinal, question, found, inner)
        out.append(
            f'<span class="cloze" data-cloze="{encode_attribute("".join(inner))}" '
            f'data-ordinal="{attr}">[{cloze.shown_hint()}]</span>'
        )
        return
    out.append(
        f'<span class="cloze" data-ordinal="{attr}">'
        if active
        else f'<span class="cloze-inactive" data-ordinal="{attr}">'
    )
    for node in cloze.nodes:
        if isinstance(node, str):
            out.append(node)
        else:
            _reveal(node, ordinal, question, found, out)
    out.append("</span>")


def _image_occlusion(text: str, question: bool, active: bool, ordinals: tuple[int, ...]) -> str:
    """An occlusion shape as a placeholder ``div``; the picture itself is drawn by Anki's script."""
    attr = _ordinals_attr(ordinals)
    shape = encode_attribute(text)
    if (question and active) or 0 in ordinals:
        return f'<div class="cloze" data-ordinal="{attr}" data-occlusion="{shape}"></div>'
    if not active:
        return f'<div class="cloze-inactive" data-ordinal="{attr}" data-occlusion="{shape}"></div>'
    return f'<div class="cloze-highlight" data-ordinal="{attr}" data-occlusion="{shape}"></div>'


def reveal_cloze_text(text: str, ordinal: int, question: bool) -> str:
    """The field as card ``ordinal`` (a cloze number) shows it; ``""`` when it has no such cloze."""
    out: list[str] = []
    found = [False]
    for node in parse_clozes(text):
        if isinstance(node, str):
            out.append(node)
        else:
            _reveal(node, ordinal, question, found, out)
    return "".join(out) if found[0] else ""


def _active_texts(nodes: list[str | _Cloze], ordinal: int, question: bool, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, _Cloze):
            if ordinal in node.ordinals:
                out.append(node.shown_hint() if question else node.clozed_text())
            _active_texts(node.nodes, ordinal, question, out)


def reveal_cloze_text_only(text: str, ordinal: int, question: bool) -> str:
    """The ``cloze-only`` filter: the active deletions' hints or texts, joined with ", "."""
    out: list[str] = []
    _active_texts(parse_clozes(text), ordinal, question, out)
    return ", ".join(out)


def cloze_for_typing(text: str, ordinal: int) -> str:
    """What a typed answer to cloze ``ordinal`` should be: the deletions' texts, once if all equal."""
    out: list[str] = []
    _active_texts(parse_clozes(text), ordinal, False, out)
    if not out:
        return ""
    if min(out) == max(out):
        return out[-1]
    return ", ".join(out)
