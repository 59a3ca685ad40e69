"""The cloze scanner's tokens (one pattern finds openings and closings, a37672e) are those of a
plain scan written here as the scanner once was: the nearest ``{{`` or ``}}``, an opening read
character by character (``{{c``, digits and commas, ``::``, a number Anki takes), and past a
``{{`` that opens nothing, on from the next character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.importers.anki.cloze import _tokens

# numbers of an opening, valid or not: none, 0, the largest Anki takes, one too large
NUMBERS = ("", "0", "1", "2", "65535", "65536")
# the pieces of markers the scanner looks at, and text it must pass over
PIECES = ("{{", "}}", "{", "}", "c", "::", ":", ",", "0", "7", " ", "xé.!")


def scanned(text: str) -> list[tuple[str, object]]:
    """The reference: from each position, the nearest ``{{`` or ``}}``; an opening there (its
    numbers those of at most 0xFFFF, at least one) gives an ``open`` token, a ``}}`` a
    ``close``; any other ``{{`` is read on from its next character."""
    tokens: list[tuple[str, object]] = []
    i = text_start = 0
    while True:
        found = [p for p in (text.find("{{", i), text.find("}}", i)) if p != -1]
        if not found:
            break
        p = min(found)
        opening = _opening(text, p)
        if opening is None and not text.startswith("}}", p):
            i = p + 1
            continue
        if text_start < p:
            tokens.append(("text", text[text_start:p]))
        if opening is None:
            tokens.append(("close", None))
            i = text_start = p + 2
        else:
            tokens.append(("open", opening[1]))
            i = text_start = opening[0]
    if text_start < len(text):
        tokens.append(("text", text[text_start:]))
    return tokens


def _opening(text: str, i: int) -> tuple[int, tuple[int, ...]] | None:
    """If an opening starts at ``i``: the index after its ``::``, and its numbers."""
    if not text.startswith("{{c", i):
        return None
    k = i + 3
    while k < len(text) and text[k] in ",0123456789":
        k += 1
    numbers = {int(part) for part in text[i + 3:k].split(",") if part and int(part) <= 0xFFFF}
    if not numbers or not text.startswith("::", k):
        return None
    return k + 2, tuple(sorted(numbers))


openings = st.lists(st.sampled_from(NUMBERS), min_size=1, max_size=3).map(lambda n: "{{c" + ",".join(n) + "::")
texts = st.lists(st.one_of(openings, st.sampled_from(PIECES)), max_size=14).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_the_tokens_are_those_of_a_plain_scan(text: str) -> None:
    assert _tokens(text) == scanned(text)


def test_the_reference_reads_the_cases_that_matter() -> None:
    assert scanned("{{c1,2::a::h}}") == [("open", (1, 2)), ("text", "a::h"), ("close", None)]
    assert scanned("{{{c1::a}}") == [("text", "{"), ("open", (1,)), ("text", "a"), ("close", None)]
    assert scanned("{{c65536::a}}") == [("text", "{{c65536::a"), ("close", None)]
