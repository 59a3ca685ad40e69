"""The card browser, as in Anki: search every card, see its schedule and history, act on many.

One `Browser` answers the TUI's browser screen and `studykit browse`: a query in the search
language of `core.search` (the same parser for both faces) gives the matching cards as
`CardRow`s, sorted by any column; `detail` gives one card with its review history. The actions
(suspend, unsuspend, bury, unbury, reset to new) are the core session's events, committed to the
append-only review log in one transaction before they return; a flag is a mark, not scheduling,
and is written to the collection's table of flags.

Card text is read from the collection once and kept (it changes only when a source syncs);
records, flags and counts are read afresh for every search, so a search always shows the
cards as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import unescape
from typing import NamedTuple

from studykit.core import search
from studykit.core.cards import Card, CardType
from studykit.core.notecards import AnyCard, NoteCard
from studykit.core.search import QueryError, SearchItem, fold
from studykit.core.session import CardRecord, Change, Event, EventKind, StudyDay
from studykit.core.sm2 import Button, Quality
from studykit.core.text import visible
from studykit.importers.anki.templates import TYPE_ANSWER_PLACEHOLDER
from studykit.storage import Collection as Store
from studykit.storage.converters import EPOCH, from_us
from studykit.storage.management import CardStanding

TYPE_LABELS = {
    CardType.QA: "question",
    CardType.CHOICE: "choice",
    CardType.CLOZE: "cloze",
    CardType.CHRONOLOGY: "chronology",
    CardType.TRUE_FALSE: "true/false",
    CardType.MATCHING: "matching",
}
SORTS = ("question", "deck", "type", "due", "interval", "ease", "lapses", "reviews", "order")
SORT_ALIASES = {"sort": "question", "ivl": "interval", "ef": "ease", "position": "order", "added": "order"}
FLAG_NAMES = search.FLAGS
BUTTON_OF_QUALITY = {int(q): b.name.capitalize() for b, q in
                     ((Button.AGAIN, Quality.WRONG), (Button.HARD, Quality.DIFFICULT),
                      (Button.GOOD, Quality.HESITANT), (Button.EASY, Quality.PERFECT))}


@dataclass(frozen=True)
class CardText:
    """What a card says, as the browser lists and searches it: one line each for the table,
    the full text for the detail pane, and the folded text a search reads."""

    type: str            # qa, choice, cloze, chronology, truefalse, matching; note (an imported card)
    type_label: str
    question: str        # in full
    answer: str          # in full
    extra: tuple[tuple[str, str], ...] = ()  # (label, text) shown under the answer: the options, the statement
    tags: tuple[str, ...] = ()  # the card's own (an imported note's); a fact card's come from its source
    type_names: tuple[str, ...] = ()
    note_type: str = ""
    fact_ids: tuple[str, ...] = ()
    searched: str = ""
    question_line: str = field(default="", compare=False)  # as the table shows them: one line each
    answer_line: str = field(default="", compare=False)
    folded_tags: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:  # worked out once a card, not at every search
        object.__setattr__(self, "question_line", one_line(self.question))
        object.__setattr__(self, "answer_line", one_line(self.answer))
        object.__setattr__(self, "folded_tags", tuple(fold(tag) for tag in self.tags))


def card_text(card: Card) -> CardText:
    """A fact card's text: the prompt, the answer (the order or the pairs spelled out), the
    options and the fact's statement."""
    extra: list[tuple[str, str]] = []
    answer = card.answer
    if card.type is CardType.CHRONOLOGY and card.answer_order:
        answer = "; ".join(card.options[i] for i in card.answer_order if 0 <= i < len(card.options))
    elif card.type is CardType.MATCHING and card.pairs:
        answer = "; ".join(f"{left} — {right}" for left, right in card.pairs)
    elif card.options:
        extra.append(("Options", " · ".join(card.options)))
    if card.statement:
        extra.append(("Statement", card.statement))
    searched = "\n".join([card.prompt, answer, *(text for _, text in extra), *card.accepted])
    return CardText(
        type=card.type.value, type_label=TYPE_LABELS.get(card.type, card.type.value), question=card.prompt,
        answer=answer, extra=tuple(extra), fact_ids=card.fact_ids, searched=fold(searched),
    )


def note_text(card: NoteCard) -> CardText:
    """An imported Anki card's text: its sides as plain text (the answer from Anki's answer rule
    on, as Anki's browser shows it), its note's fields, tags, note type and template."""
    answer = card.answer
    rule = _ANSWER_RULE.search(answer)
    if rule is not None:
        answer = answer[rule.end():]
    question, answer = html_plain(card.question), html_plain(answer)
    fields = tuple((name, html_plain(value)) for name, value in card.fields)
    searched = "\n".join([question, answer, *(value for _, value in fields)])
    return CardText(
        type="note", type_label=f"{card.note_type} · {card.template}" if card.template else card.note_type,
        question=question, answer=answer, extra=tuple((name, value) for name, value in fields if value),
        tags=card.tags, type_names=(fold(card.template),) if card.template else (), note_type=fold(card.note_type),
        searched=fold(searched),
    )


_ANSWER_RULE = re.compile(r"<hr\s+id\s*=\s*[\"']?answer[\"']?\s*/?>", re.IGNORECASE)
_HIDDEN = re.compile(r"<(script|style|head|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<br\b[^>]*>|</?(?:div|p|li|tr|h[1-6]|ul|ol|table|blockquote|pre)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SOUND = re.compile(r"\[sound:([^\]]*)\]")


def html_plain(html: str) -> str:
    """Card HTML as plain text for a table row and a search: quick (a browser lists thousands),
    tags dropped, blocks as line breaks, entities decoded, media as `[sound: name]`; scripts,
    styles and the answer box's placeholder gone. The detail pane shows the side in full
    (`importers.anki.html_text`)."""
    text = _HIDDEN.sub("", html.replace(TYPE_ANSWER_PLACEHOLDER, ""))
    text = _SOUND.sub(lambda m: f"[sound: {m.group(1)}]", text)
    text = _TAG.sub("", _BREAK.sub("\n", text))
    lines = (" ".join(line.split()) for line in unescape(text).replace("\u00a0", " ").splitlines())
    return visible("\n".join(line for line in lines if line))


def any_card_text(card: AnyCard) -> CardText:
    return note_text(card) if isinstance(card, NoteCard) else card_text(card)


def one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class CardRow:
    """One card of the browser's table: what it says, where it is, and its schedule."""

    id: str
    deck_id: str
    deck: str
    source: str
    type: str
    type_label: str
    question: str       # on one line
    answer: str         # on one line
    tags: tuple[str, ...]
    state: str          # new, learning, review (suspended and buried are flags beside it)
    due: dt.datetime | None
    due_days: int | None  # study days from today (negative: overdue); None for a new card
    interval: int
    ease: float
    lapses: int
    repetitions: int
    reviews: int        # grades given, undone ones not counted
    position: int       # the order new cards come in
    flag: int = 0
    suspended: bool = False
    buried: bool = False
    leech: bool = False
    is_due: bool = False

    @property
    def flag_name(self) -> str:
        return FLAG_NAMES[self.flag - 1] if self.flag else ""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "deck_id": self.deck_id, "deck": self.deck, "source": self.source, "type": self.type,
            "question": self.question, "answer": self.answer, "tags": list(self.tags), "state": self.state,
            "suspended": self.suspended, "buried": self.buried, "leech": self.leech, "due_today": self.is_due,
            "due": None if self.due is None else self.due.isoformat(), "due_in_days": self.due_days,
            "interval": self.interval, "ease": self.ease, "lapses": self.lapses,
            "repetitions": self.repetitions, "reviews": self.reviews, "position": self.position,
            "flag": self.flag, "flag_name": self.flag_name or None,
        }


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a card's review log: a grade (with the quality, the button it stands for and
    the schedule it gave) or a suspension, bury, undo …"""

    at: dt.datetime
    kind: str
    quality: int | None = None
    button: str = ""
    interval: int = 0
    ease: float = 0.0
    due: dt.datetime | None = None
    answer_seconds: float | None = None
    until: dt.datetime | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(), "kind": self.kind, "quality": self.quality, "button": self.button or None,
            "interval": self.interval, "ease": self.ease, "due": None if self.due is None else self.due.isoformat(),
            "answer_seconds": self.answer_seconds, "until": None if self.until is None else self.until.isoformat(),
        }


@dataclass(frozen=True)
class CardDetail:
    """One card in full, with its review history (oldest first)."""

    row: CardRow
    text: CardText
    history: tuple[HistoryEntry, ...]

    def to_dict(self) -> dict[str, object]:
        return {**self.row.to_dict(), "question": self.text.question, "answer": self.text.answer,
                **{label.lower(): text for label, text in self.text.extra},
                "history": [entry.to_dict() for entry in self.history]}


@dataclass(frozen=True)
class BrowseResult:
    """The cards a query matched, sorted; `total` is every card in use."""

    query: str
    rows: tuple[CardRow, ...]
    total: int
    sort: str = "order"
    descending: bool = False
    unknown_decks: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionReport:
    """What a bulk action did: `changed` cards, and `unchanged` ones already so."""

    action: str
    changed: int
    unchanged: int = 0
    card_ids: tuple[str, ...] = field(default=(), repr=False)


def parse_sort(sort: str) -> str:
    name = SORT_ALIASES.get(sort.strip().lower(), sort.strip().lower())
    if name not in SORTS:
        raise QueryError(f"cannot sort by {sort!r}; by one of {', '.join(SORTS)}")
    return name


def _sort_key(name: str) -> Callable[[CardRow], tuple[object, ...]]:
    if name == "question":
        return lambda r: (fold(r.question), r.position)
    if name == "deck":
        return lambda r: (r.deck.casefold(), r.position)
    if name == "type":
        return lambda r: (r.type_label, r.position)
    if name == "due":  # seen cards by due date, then new cards in the order they come in
        return lambda r: (r.due is None, r.due or dt.datetime.min.replace(tzinfo=dt.UTC), r.position)
    if name == "interval":
        return lambda r: (r.interval, r.position)
    if name == "ease":
        return lambda r: (r.ease, r.position)
    if name == "lapses":
        return lambda r: (r.lapses, r.position)
    if name == "reviews":
        return lambda r: (r.reviews, r.position)
    return lambda r: (r.position,)


TagsOf = Callable[[Sequence[AnyCard]], Mapping[str, Sequence[str]]]


class Browser:
    """Searches and changes the cards of a collection. `deck_name(id)` names a deck for the
    table; `resolve_deck(name)` gives the ids a `deck:` term names (with subdecks, `*` allowed);
    `tags_of(cards)` asks the cards' sources for the tags of cards that carry none of their own
    (a fact card's come from its facts: reading the fact decks takes a while, so they are asked
    for only when a search, a card's detail or a listing needs them, and kept)."""

    def __init__(
        self, collection: Store, *, deck_name: Callable[[str], str],
        resolve_deck: Callable[[str], Collection[str]], tags_of: TagsOf,
    ) -> None:
        self.collection = collection
        self.deck_name = deck_name
        self.resolve_deck = resolve_deck
        self.tags_of = tags_of
        self._texts: dict[str, CardText] = {}
        self._cards: dict[str, AnyCard] = {}  # those whose sources were not asked for their tags yet
        self._tags: dict[str, tuple[str, ...]] = {}  # tags the sources gave, folded ones apart
        self._folded: dict[str, tuple[str, ...]] = {}

    def forget(self) -> None:
        """The cards' text may have changed (a source was synced): read it again when next asked."""
        self._texts.clear()
        self._cards.clear()
        self._tags.clear()
        self._folded.clear()

    def _text(self, card_ids: Iterable[str]) -> dict[str, CardText]:
        missing = [card_id for card_id in card_ids if card_id not in self._texts]
        if missing:
            cards = self.collection.cards(missing)
            for card_id in missing:
                card = cards.get(card_id)
                if card is not None:
                    self._texts[card_id] = any_card_text(card)
                    if isinstance(card, Card):
                        self._cards[card_id] = card
        return self._texts

    def _ask_tags(self) -> None:
        """The sources' tags of every card read so far that has none of its own."""
        if self._cards:
            given = self.tags_of(list(self._cards.values()))
            for card_id, tags in given.items():
                self._tags[card_id] = tuple(tags)
                self._folded[card_id] = tuple(fold(tag) for tag in tags)
            self._cards.clear()

    def _tags_of(self, s: CardStanding, text: CardText) -> tuple[str, ...]:
        tags = (*text.tags, *self._tags.get(s.card_id, ()))
        return (*tags, "leech") if s.leech and "leech" not in tags else tags

    def rows(self, standings: Sequence[CardStanding], *, now: dt.datetime, day: StudyDay) -> list[CardRow]:
        texts = self._text(s.card_id for s in standings)
        self._ask_tags()
        grades = self.collection.grade_counts()
        today = _Today(now, day)
        return [self._row(s, texts[s.card_id], today.schedule(s, grades.get(s.card_id, 0)))
                for s in standings if s.card_id in texts]

    def _row(self, s: CardStanding, text: CardText, at: _Schedule) -> CardRow:
        return CardRow(
            id=s.card_id, deck_id=s.deck, deck=self.deck_name(s.deck), source=s.source, type=text.type,
            type_label=text.type_label, question=text.question_line, answer=text.answer_line,
            tags=self._tags_of(s, text),
            state=at.state, due=from_us(s.due), due_days=at.due_days, interval=s.interval, ease=s.ef,
            lapses=s.lapses, repetitions=s.repetition, reviews=at.reviews, position=s.position, flag=s.flag,
            suspended=bool(s.suspended), buried=at.buried, leech=bool(s.leech) or _anki_leech(s, text.folded_tags),
            is_due=at.is_due,
        )

    def search(
        self, query: str, *, now: dt.datetime, day: StudyDay, sort: str = "order", descending: bool = False,
        tags: bool = False,
    ) -> BrowseResult:
        """The cards `query` matches, sorted by `sort` (one of `SORTS`). Raises `QueryError`.
        The rows carry the sources' tags when the query searches tags, when `tags` asks for them,
        or once they were asked for.

        Each card is matched before its row is made: a search that finds a few cards of many
        makes a few rows."""
        tree = search.parse(query)
        sort = parse_sort(sort)
        match = search.compile_query(tree, resolve_deck=self.resolve_deck)
        standings = self.collection.standings()
        texts = self._text(s.card_id for s in standings)
        needs = search.keys(tree)
        if tags or "tag" in needs:
            self._ask_tags()
        grades = self.collection.grade_counts()
        today = _Today(now, day)
        found = []
        total = 0
        for standing in standings:
            text = texts.get(standing.card_id)
            if text is None:
                continue
            total += 1
            at = today.schedule(standing, grades.get(standing.card_id, 0))
            if match(_item(standing, text, at, self._folded.get(standing.card_id, ()), needs)):
                found.append(self._row(standing, text, at))
        found.sort(key=_sort_key(sort), reverse=descending)
        unknown = tuple(name for name in search.deck_terms(tree) if not self.resolve_deck(name))
        return BrowseResult(query, tuple(found), total, sort, descending, unknown)

    def detail(self, card_id: str, *, now: dt.datetime, day: StudyDay) -> CardDetail:
        """One card in full with its history; raises KeyError for a card not in the collection."""
        standings = self.collection.standings(card_id)
        if not standings:
            raise KeyError(card_id)
        row = self.rows(standings, now=now, day=day)[0]
        # In time order: an imported card's answers in Anki come after the state its import set
        # in the log, but happened before it (ties keep the log's order).
        events = sorted((event for _, event in self.collection.events(card_id=card_id)), key=lambda e: e.at)
        history = tuple(history_entry(event) for event in events)
        return CardDetail(row, self._texts[card_id], history)


class _Schedule(NamedTuple):
    """What a card's record comes to today: its state's name, whether it is buried or due, its
    due date in study days from today, and its grades."""

    state: str
    buried: bool
    is_due: bool
    due_days: int | None
    reviews: int


_DAY_US = 86_400_000_000
_MICROSECOND = dt.timedelta(microseconds=1)


def _us(when: dt.datetime) -> int:
    """A time as the collection stores it: microseconds since the epoch, UTC (`converters.to_us`)."""
    return (when - EPOCH) // _MICROSECOND


class _Today:
    """Today's study day in the collection's units (microseconds since the epoch, UTC), and the
    study day of any time counted from it, as `StudyDay.containing` counts it (a day is not
    always 24 hours long: the day boundaries near it are worked out once and kept)."""

    def __init__(self, now: dt.datetime, day: StudyDay) -> None:
        self.now = _us(now)
        self.day = day
        self.start, self.end = _us(day.start), _us(day.end)
        self._bounds: dict[int, tuple[int, int]] = {0: (self.start, self.end)}

    def _day(self, index: int) -> tuple[int, int]:
        bounds = self._bounds.get(index)
        if bounds is None:
            other = self.day.shift(index)
            bounds = self._bounds[index] = (_us(other.start), _us(other.end))
        return bounds

    def days_to(self, when: int) -> int:
        index = (when - self.start) // _DAY_US
        while True:
            start, end = self._day(index)
            if when < start:
                index -= 1
            elif when >= end:
                index += 1
            else:
                return index

    def schedule(self, s: CardStanding, reviews: int) -> _Schedule:
        buried = s.buried_until is not None and s.buried_until > self.now
        due_days = None if s.due is None else self.days_to(s.due)
        redrill = bool(s.redrill) and s.last_review is not None and s.last_review >= self.start
        is_due = not s.suspended and not buried and s.last_review is not None \
            and (redrill or (s.due is not None and s.due < self.end))
        name = "new" if s.last_review is None else "learning" if s.repetition <= 1 else "review"
        return _Schedule(name, buried, is_due, due_days, reviews)


ANKI_LEECH_LAPSES = 8  # Anki's default leech threshold


def _anki_leech(s: CardStanding, folded_tags: Sequence[str]) -> bool:
    """An imported card Anki found a leech: Anki tags the note "leech", so of its cards only
    those that lapsed as often as Anki's default threshold are taken for leeches."""
    return "leech" in folded_tags and s.lapses >= ANKI_LEECH_LAPSES


def _item(s: CardStanding, text: CardText, at: _Schedule, given: tuple[str, ...], needs: set[str]) -> SearchItem:
    """The card as the search sees it (`given`: the folded tags its source gave it), with only
    what the query's keys (`needs`) look at: a search reads every card."""
    if not needs & {"is", "prop", "tag"}:
        return SearchItem(card_id=s.card_id, deck_id=s.deck, text=text.searched, card_type=text.type,
                          type_names=text.type_names, note_type=text.note_type, flag=s.flag, fact_ids=text.fact_ids)
    states = {"learn" if at.state == "learning" else at.state}
    for name, on in (("suspended", s.suspended), ("buried", at.buried), ("leech", s.leech),
                     ("due", at.is_due), ("flagged", s.flag > 0)):
        if on:
            states.add(name)
    props: dict[str, float] = {"ivl": s.interval, "lapses": s.lapses, "reps": s.repetition,
                               "ease": s.ef, "reviews": at.reviews}
    if at.due_days is not None:
        props["due"] = at.due_days
    tags = (*text.folded_tags, *given)
    if s.leech and "leech" not in tags:
        tags = (*tags, "leech")
    if _anki_leech(s, tags):
        states.add("leech")
    return SearchItem(
        card_id=s.card_id, deck_id=s.deck, text=text.searched, card_type=text.type, type_names=text.type_names,
        note_type=text.note_type, tags=tags, states=frozenset(states), flag=s.flag, props=props,
        fact_ids=text.fact_ids,
    )


def history_entry(event: Event) -> HistoryEntry:
    """How the detail pane tells one event of the log: a grade with the schedule it gave, a review
    done in Anki before an import with the button pressed there, or what else happened."""
    state = event.after.state
    quality = None if event.quality is None else int(event.quality)
    grade = event.kind in (EventKind.NEW, EventKind.REVIEW, EventKind.REDRILL)
    if quality is not None:
        button = BUTTON_OF_QUALITY.get(quality, "")
    else:
        button = Button(event.ease).name.capitalize() if event.ease is not None else ""
    return HistoryEntry(
        at=event.at, kind=event.kind.value, quality=quality, button=button,
        interval=state.interval if grade else 0, ease=state.ef if grade else 0.0,
        due=state.due if grade else None,
        answer_seconds=None if event.answer_ms is None else event.answer_ms / 1000,
        until=event.until,
    )


def bulk(records: Iterable[CardRecord], act: Callable[[CardRecord], Change | None]) -> Change:
    """One change of many cards: the events of each card the action changes, in one transaction."""
    events: list[Event] = []
    for record in records:
        change = act(record)
        if change is not None:
            events.extend(change.events)
    return Change(tuple(events))
