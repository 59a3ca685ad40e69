"""The card browser's search language, as in Anki's browser: one parser for the TUI and the CLI.

A query is words and `key:value` terms, all of which must hold (`a b` is a AND b); `or`
between two terms takes either; `-term` negates; parentheses group. A value with spaces is
quoted (`deck:"Baku 1918"`, or the whole term: `"deck:Baku 1918"`); `*` is a wildcard in
words, decks, tags and card types.

    deck:"Baku 1918"        the deck by id, name or Anki name, any case, with its subdecks
    card:choice             the card type: qa, choice, cloze, chronology, truefalse, matching,
                            note (an imported Anki card) or, for those, the template's name
    note:Basic              an imported card's note type
    is:new is:learn is:review is:due is:suspended is:buried is:leech is:flagged
    tag:topic::baku         a tag, with its child tags (`tag:topic` takes `topic::baku`); tag:none
    flag:1 … flag:7, flag:red, flag:0 (no flag)
    prop:ivl>=10 prop:due<=1 prop:lapses>2 prop:reps=0 prop:ease<2.0 prop:reviews>5
    cid:ID,ID               cards by id (an id with commas or parentheses: cid:"ID")
    fact:ID                 the cards of a fact
    text words              in the question, the answer, the options and the statement

The parse is pure and standard library only: `parse` gives a tree of terms, `compile_query`
a predicate over `SearchItem`s (what the application layer knows of each card). Naming a deck
is left to the caller (`resolve_deck`), so that `deck:` finds exactly what `--deck` finds.
Errors are `QueryError`s with the position of the problem, for a message under the search line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

KEYS = ("deck", "card", "note", "is", "tag", "flag", "prop", "cid", "fact")
KEY_ALIASES = {"type": "card", "id": "cid"}
STATES = ("new", "learn", "review", "due", "suspended", "buried", "leech", "flagged")
STATE_ALIASES = {"learning": "learn", "suspend": "suspended", "bury": "buried", "leeches": "leech", "flag": "flagged"}
CARD_TYPES = ("qa", "choice", "cloze", "chronology", "truefalse", "matching", "note")
CARD_TYPE_ALIASES = {
    "question": "qa", "multiple-choice": "choice", "mc": "choice", "true-false": "truefalse", "tf": "truefalse",
    "order": "chronology", "pairs": "matching", "anki": "note",
}
# Anki's flags, by number: the colours its browser shows them in.
FLAGS = ("red", "orange", "green", "blue", "pink", "turquoise", "purple")
PROPS = ("ivl", "due", "lapses", "reps", "ease", "reviews")
PROP_ALIASES = {"interval": "ivl", "repetitions": "reps", "ef": "ease"}
_OPERATORS = ("<=", ">=", "!=", "=", "<", ">")


class QueryError(ValueError):
    """A query that cannot be read: `position` is where in the query the problem starts."""

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


# --- what is searched ---------------------------------------------------------------------


@dataclass(frozen=True)
class SearchItem:
    """One card as a search sees it. `text` is already `fold`ed (every field joined by newlines),
    `tags` folded; `deck_id` is matched against the ids a `deck:` term names. `props` are the
    numbers `prop:` compares: `due` in days from today (absent for a new card)."""

    card_id: str
    deck_id: str
    text: str
    card_type: str
    type_names: tuple[str, ...] = ()   # folded names `card:` also matches (an Anki template)
    note_type: str = ""                # folded
    tags: tuple[str, ...] = ()
    states: frozenset[str] = frozenset()
    flag: int = 0
    props: Mapping[str, float] = field(default_factory=dict)
    fact_ids: tuple[str, ...] = ()


def fold(text: str) -> str:
    """Text as searches compare it: NFC, case folded, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# --- the tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """`key:value`, or a word of text (`key` ""). `op` is a `prop:` comparison's operator."""

    key: str
    value: str
    position: int = 0
    prop: str = ""
    op: str = ""
    number: float = 0.0


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Not | And | Or
EVERYTHING = And(())


# --- reading a query ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str      # "(", ")", "-", "or", "and", "term"
    text: str = ""
    position: int = 0
    quoted: bool = False  # the whole term was quoted: "deck:Baku 1918"
    key: str = ""
    value_quoted: bool = False


def _read_quoted(query: str, start: int) -> tuple[str, int]:
    """The text of a quoted string starting at `start` (a `"`), and the index after it."""
    out, i = [], start + 1
    while i < len(query):
        char = query[i]
        if char == "\\" and i + 1 < len(query):
            out.append(query[i + 1])
            i += 2
            continue
        if char == '"':
            return "".join(out), i + 1
        out.append(char)
        i += 1
    raise QueryError("a quote is not closed", start)


_KEY = re.compile(r"([A-Za-z]+):")


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(query):
        char = query[i]
        if char.isspace():
            i += 1
            continue
        if char in "()":
            tokens.append(_Token(char, char, i))
            i += 1
            continue
        if char == "-" and i + 1 < len(query) and not query[i + 1].isspace():
            tokens.append(_Token("-", "-", i))
            i += 1
            continue
        if char == '"':
            text, end = _read_quoted(query, i)
            match = _KEY.match(text)
            if match and _known_key(match.group(1)):
                tokens.append(_Token("term", text[match.end():], i, quoted=True, key=match.group(1)))
            else:
                tokens.append(_Token("term", text, i, quoted=True))
            i = end
            continue
        start = i
        match = _KEY.match(query, i)
        if match:  # a word then a colon is a search key (an unknown one is an error that says to quote it)
            key = match.group(1)
            i = match.end()
            if i < len(query) and query[i] == '"':
                value, i = _read_quoted(query, i)
                tokens.append(_Token("term", value, start, key=key, value_quoted=True))
                continue
            end = _word_end(query, i)
            tokens.append(_Token("term", query[i:end], start, key=key))
            i = end
            continue
        end = _word_end(query, i)
        word = query[start:end]
        lowered = word.lower()
        if lowered in ("or", "and"):
            tokens.append(_Token(lowered, word, start))
        else:
            tokens.append(_Token("term", word, start))
        i = end
    return tokens


def _word_end(query: str, i: int) -> int:
    while i < len(query) and not query[i].isspace() and query[i] not in "()":
        i += 1
    return i


def _known_key(key: str) -> bool:
    key = key.lower()
    return key in KEYS or key in KEY_ALIASES


def parse(query: str) -> Node:
    """The tree of a query; an empty query is `EVERYTHING`. Raises `QueryError`."""
    tokens = _tokens(query)
    parser = _Parser(tokens, query)
    node = parser.expression()
    if parser.i < len(tokens):
        token = tokens[parser.i]
        raise QueryError("a closing parenthesis has no opening one", token.position)
    return node


class _Parser:
    def __init__(self, tokens: list[_Token], query: str) -> None:
        self.tokens = tokens
        self.query = query
        self.i = 0

    def _peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def expression(self) -> Node:
        """Terms joined by `or`: `a b or c` is `(a b) or c`, as in Anki."""
        alternatives = [self.conjunction()]
        while (token := self._peek()) is not None and token.kind == "or":
            self.i += 1
            if self._peek() is None or self._peek().kind in (")", "or"):  # type: ignore[union-attr]
                raise QueryError("'or' needs a term after it", token.position)
            alternatives.append(self.conjunction())
        return alternatives[0] if len(alternatives) == 1 else Or(tuple(alternatives))

    def conjunction(self) -> Node:
        nodes: list[Node] = []
        while (token := self._peek()) is not None and token.kind not in (")", "or"):
            if token.kind == "and":
                self.i += 1
                continue
            nodes.append(self.unary())
        if not nodes:
            token = self._peek()
            if token is not None and token.kind == "or":
                raise QueryError("'or' needs a term before it", token.position)
            return EVERYTHING
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node:
        token = self.tokens[self.i]
        if token.kind == "-":
            self.i += 1
            if self._peek() is None or self._peek().kind in (")", "or", "and"):  # type: ignore[union-attr]
                raise QueryError("'-' needs a term after it", token.position)
            return Not(self.unary())
        if token.kind == "(":
            self.i += 1
            node = self.expression()
            closing = self._peek()
            if closing is None or closing.kind != ")":
                raise QueryError("a parenthesis is not closed", token.position)
            self.i += 1
            return node
        self.i += 1
        return _term(token)


def _term(token: _Token) -> Term:
    if not token.key:
        if not token.text:
            raise QueryError('an empty "" searches for nothing', token.position)
        return Term("", fold(token.text), token.position)
    key = token.key.lower()
    key = KEY_ALIASES.get(key, key)
    if key not in KEYS:
        raise QueryError(
            f"unknown search '{token.key}:'; searches are {', '.join(k + ':' for k in KEYS)} "
            f'(quote text with a colon: "{token.key}:{token.text}")',
            token.position,
        )
    value = token.text
    if not value.strip():
        raise QueryError(f"'{key}:' needs a value", token.position)
    if key == "is":
        state = STATE_ALIASES.get(value.lower(), value.lower())
        if state not in STATES:
            raise QueryError(f"unknown state 'is:{value}'; one of {', '.join(STATES)}", token.position)
        return Term(key, state, token.position)
    if key == "flag":
        return Term(key, str(_flag_number(value, token.position)), token.position)
    if key == "card":
        folded = fold(value)
        return Term(key, CARD_TYPE_ALIASES.get(folded, folded), token.position)
    if key == "prop":
        return _prop(value, token.position)
    if key == "cid":
        ids = tuple(part.strip() for part in value.split(",") if part.strip())
        return Term(key, ",".join(ids), token.position)
    if key == "fact":
        return Term(key, value.strip(), token.position)
    return Term(key, fold(value), token.position)


def _flag_number(value: str, position: int) -> int:
    lowered = value.strip().lower()
    if lowered in FLAGS:
        return FLAGS.index(lowered) + 1
    if lowered.isdigit() and 0 <= int(lowered) <= len(FLAGS):
        return int(lowered)
    raise QueryError(f"unknown flag 'flag:{value}'; 0 (none), 1–7 or {', '.join(FLAGS)}", position)


_PROP = re.compile(r"([a-z]+)(<=|>=|!=|=|<|>)(-?\d+(?:\.\d+)?)$")


def _prop(value: str, position: int) -> Term:
    match = _PROP.match(value.strip().lower())
    if match is None:
        raise QueryError(
            f"cannot read 'prop:{value}'; write a property, an operator and a number: prop:ivl>=10 "
            f"({', '.join(PROPS)}; {' '.join(_OPERATORS)})",
            position,
        )
    name, op, number = match.groups()
    name = PROP_ALIASES.get(name, name)
    if name not in PROPS:
        raise QueryError(f"unknown property 'prop:{match.group(1)}'; one of {', '.join(PROPS)}", position)
    return Term("prop", value, position, prop=name, op=op, number=float(number))


# --- matching -----------------------------------------------------------------------------

Predicate = Callable[[SearchItem], bool]
DeckResolver = Callable[[str], Collection[str]]


@lru_cache(maxsize=256)
def _wildcard(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")), re.DOTALL)


def _contains(pattern: str) -> Callable[[str], bool]:
    if "*" in pattern:
        regex = _wildcard(pattern)
        return lambda text: regex.search(text) is not None
    return lambda text: pattern in text


def _whole(pattern: str) -> Callable[[str], bool]:
    if "*" in pattern:
        regex = _wildcard(pattern)
        return lambda text: regex.fullmatch(text) is not None
    return lambda text: text == pattern


def _compare(op: str, number: float) -> Callable[[float], bool]:
    return {
        "<": lambda x: x < number, "<=": lambda x: x <= number, ">": lambda x: x > number,
        ">=": lambda x: x >= number, "=": lambda x: x == number, "!=": lambda x: x != number,
    }[op]


def compile_query(node: Node, *, resolve_deck: DeckResolver) -> Predicate:
    """A predicate for the tree `node`. `resolve_deck(name)` gives the ids of the decks a
    `deck:` term names (with their subdecks; `*` may be in the name)."""
    if isinstance(node, Not):
        inner = compile_query(node.node, resolve_deck=resolve_deck)
        return lambda item: not inner(item)
    if isinstance(node, And):
        parts = tuple(compile_query(n, resolve_deck=resolve_deck) for n in node.nodes)
        return lambda item: all(part(item) for part in parts)
    if isinstance(node, Or):
        parts = tuple(compile_query(n, resolve_deck=resolve_deck) for n in node.nodes)
        return lambda item: any(part(item) for part in parts)
    return _compile_term(node, resolve_deck)


def _compile_term(term: Term, resolve_deck: DeckResolver) -> Predicate:
    key, value = term.key, term.value
    if key == "":
        found = _contains(value)
        return lambda item: found(item.text)
    if key == "deck":
        ids = frozenset(resolve_deck(value))
        return lambda item: item.deck_id in ids
    if key == "card":
        same = _whole(value)
        return lambda item: same(item.card_type) or any(same(name) for name in item.type_names)
    if key == "note":
        same = _whole(value)
        return lambda item: bool(item.note_type) and same(item.note_type)
    if key == "is":
        return lambda item: value in item.states
    if key == "tag":
        if value == "none":
            return lambda item: not item.tags
        same = _whole(value)
        parent = _whole(value + "::*")
        return lambda item: any(same(tag) or parent(tag) for tag in item.tags)
    if key == "flag":
        number = int(value)
        return lambda item: item.flag == number
    if key == "prop":
        test, name = _compare(term.op, term.number), term.prop
        return lambda item: name in item.props and test(item.props[name])
    if key == "cid":  # a list of ids, or one id with commas in it (an Anki guid may have some)
        ids = frozenset((value, *value.split(",")))
        return lambda item: item.card_id in ids
    if key == "fact":
        return lambda item: value in item.fact_ids
    raise AssertionError(f"unhandled search key {key!r}")


def matcher(query: str, *, resolve_deck: DeckResolver) -> Predicate:
    """`compile_query(parse(query))`: the predicate of a query as typed."""
    return compile_query(parse(query), resolve_deck=resolve_deck)


def keys(node: Node) -> set[str]:
    """The search keys a query uses ("" for words): what a caller must have at hand to match it."""
    if isinstance(node, Term):
        return {node.key}
    if isinstance(node, Not):
        return keys(node.node)
    return set().union(*(keys(child) for child in node.nodes))


def deck_terms(node: Node) -> list[str]:
    """The deck names a query's `deck:` terms give (for saying which are unknown)."""
    if isinstance(node, Term):
        return [node.value] if node.key == "deck" else []
    if isinstance(node, Not):
        return deck_terms(node.node)
    return [name for child in node.nodes for name in deck_terms(child)]


def quoted(value: str) -> str:
    """`value` as a query writes it: quoted when it has spaces, quotes or parentheses."""
    if value and not any(c.isspace() or c in '"()' for c in value) and not value.startswith("-"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
