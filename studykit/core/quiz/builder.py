"""Build a quiz from the facts: pick questions from the generated cards, then lay out versions.

Pure: the facts, the spec and the seed documents' titles come in; a `Quiz` comes out. The
same facts and spec (seed included) give the same quiz.

How the questions are chosen:
- The *selection* is the facts of the chosen decks, topics and kinds, dated within the
  range when one is given (a date range keeps dated facts only). A card is in it when it is
  about at least one selected fact (a chronology may place a selected event among others).
- Picks come first: `fact` picks one question on that fact; `topic` picks `count`
  questions on facts of that topic; `type` alone picks `count` questions of that type
  from the selection. A pick without a type takes its type from the mix.
- The rest of `count` (after hand-written questions and picks) is drawn from the
  selection. `types` gives the mix of the questions whose type the builder chooses (the
  rest plus untyped picks): exact counts when they add up to that number, else weights.
  Without `types` a default mix is used, and a type the selection lacks is made up by
  others; with `types` the mix is kept or the build fails saying how many are available.
- At most one question per fact, and no question gives another away (see `quality`).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from studykit.core.cards import Card, CardType
from studykit.core.dates import HistDate
from studykit.core.facts import KINDS, Fact, Source
from studykit.core.generators import generate_cards
from studykit.core.quiz.layout import lay_out_version
from studykit.core.quiz.model import BLANK, Question, QuestionType, Quiz, QuizVersion
from studykit.core.quiz.quality import gives_away, one_correct_answer
from studykit.core.topics import topic_title

DEFAULT_COUNT = 20
MAX_VERSIONS = 26
# Points and type-mix numbers a quiz can print and add up: finite, and not absurd (a mix of
# 1e308 overflows when its weights are summed; a quiz has a few dozen questions at most).
MAX_SPEC_NUMBER = 1000
DEFAULT_MIX: dict[QuestionType, float] = {
    QuestionType.CHOICE: 8,
    QuestionType.TRUE_FALSE: 4,
    QuestionType.MISSING_WORD: 3,
    QuestionType.SHORT_ANSWER: 2,
    QuestionType.CHRONOLOGY: 2,
    QuestionType.MATCHING: 1,
}
DEFAULT_POINTS: dict[QuestionType, float] = {
    QuestionType.CHOICE: 1, QuestionType.TRUE_FALSE: 1, QuestionType.SHORT_ANSWER: 1,
    QuestionType.MISSING_WORD: 1, QuestionType.MATCHING: 2, QuestionType.CHRONOLOGY: 2,
}
DEFAULT_INSTRUCTIONS = "Answer every question. Each question has exactly one correct answer."
CARD_TYPES: dict[CardType, QuestionType] = {
    CardType.CHOICE: QuestionType.CHOICE,
    CardType.TRUE_FALSE: QuestionType.TRUE_FALSE,
    CardType.QA: QuestionType.SHORT_ANSWER,
    CardType.MATCHING: QuestionType.MATCHING,
    CardType.CHRONOLOGY: QuestionType.CHRONOLOGY,
    CardType.CLOZE: QuestionType.MISSING_WORD,
}
# Scarce types, which use several facts a question, are drawn first.
DRAW_ORDER = (
    QuestionType.CHRONOLOGY, QuestionType.MATCHING, QuestionType.CHOICE,
    QuestionType.MISSING_WORD, QuestionType.SHORT_ANSWER, QuestionType.TRUE_FALSE,
)
TRUE_FALSE_PREFIX = "True or false: "
QUOTE_SHOWN = 100  # characters of a quote in a citation


class QuizError(Exception):
    """The quiz asked for cannot be built (an unknown topic, too few facts): one readable message."""


@dataclass(frozen=True)
class Pick:
    """A teacher's explicit choice: a fact, or `count` questions of a topic or of a type."""

    fact: str | None = None
    topic: str | None = None
    type: QuestionType | None = None
    count: int = 1

    def describe(self) -> str:
        what = f"fact {self.fact!r}" if self.fact else f"topic {self.topic!r}" if self.topic else "the selection"
        kind = f" of type {self.type.value}" if self.type else ""
        return f"{self.count} question{'s' if self.count != 1 else ''}{kind} on {what}"


@dataclass(frozen=True)
class AuthoredQuestion:
    """A hand-written question, its answer laid out in order: a choice's `correct` index, a
    chronology's `options` earliest first, a matching's `pairs`. `points` None takes the
    points of its type."""

    question: Question
    points: float | None = None


@dataclass(frozen=True)
class QuizSpec:
    count: int | None = None  # None: picks + hand-written + the sum of `types`, else DEFAULT_COUNT
    decks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    date_from: HistDate | None = None
    date_to: HistDate | None = None
    types: Mapping[QuestionType, float] = field(default_factory=dict)
    points: Mapping[QuestionType, float] = field(default_factory=dict)
    seed: int = 0
    versions: int = 1
    title: str = ""
    instructions: str = ""
    screen_instructions: str = ""  # for `quiz take`; else the printed ones, without what only paper asks
    picks: tuple[Pick, ...] = ()
    authored: tuple[AuthoredQuestion, ...] = ()
    source_file: str | None = None


@dataclass
class _Draw:
    """The questions chosen so far and what they rule out."""

    chosen: list[Question]
    used_facts: set[str]
    true_false: dict[str, int]

    def fits(self, question: Question) -> bool:
        if not self.used_facts.isdisjoint(question.fact_ids):
            return False
        return not any(gives_away(other, question) or gives_away(question, other) for other in self.chosen)

    def take(self, question: Question) -> None:
        self.chosen.append(question)
        self.used_facts.update(question.fact_ids)
        if question.type is QuestionType.TRUE_FALSE:
            self.true_false[question.answer] += 1

    def first_fitting(self, candidates: Sequence[Question]) -> Question | None:
        """The first candidate that fits; for true or false, the answer drawn less so far first."""
        wanted = None
        if candidates and candidates[0].type is QuestionType.TRUE_FALSE:
            wanted = "True" if self.true_false["True"] <= self.true_false["False"] else "False"
        fallback = None
        for question in candidates:
            if wanted is not None and question.answer != wanted:
                if fallback is None and self.fits(question):
                    fallback = question
            elif self.fits(question):
                return question
        return fallback


def build_quiz(facts: Sequence[Fact], spec: QuizSpec, *, seed_titles: Mapping[str, str] | None = None) -> Quiz:
    """The quiz the spec asks for; raises QuizError when it cannot be built."""
    _check_spec(facts, spec)
    titles = dict(seed_titles or {})
    points = {**DEFAULT_POINTS, **spec.points}
    cards = generate_cards(facts, rng=random.Random(spec.seed))
    rng = random.Random(f"studykit-quiz:{spec.seed}")
    candidates = [_from_card(card, titles, points) for card in cards]
    candidates = [q for q in candidates if one_correct_answer(q) is None]
    rng.shuffle(candidates)

    authored = [_authored(a, titles, points) for a in spec.authored]
    draw = _Draw([], set(), {"True": 0, "False": 0})
    for question in authored:
        draw.take(question)
    selected = _selected_fact_ids(facts, spec)
    in_selection = [q for q in candidates if not selected.isdisjoint(q.fact_ids)]

    picked = sum(p.count for p in spec.picks)
    count, flexible = _counts(spec, len(authored), picked, sum(p.count for p in spec.picks if p.type is not None))
    targets = _targets(spec.types or DEFAULT_MIX, flexible)
    strict = bool(spec.types)
    _draw_picks(draw, spec, facts, candidates, in_selection, targets, strict)
    if strict:
        _check_available(in_selection, draw, targets)
        for kind in DRAW_ORDER:
            pool = [q for q in in_selection if q.type is kind]
            _draw_many(draw, pool, max(targets.get(kind, 0), 0), f"questions of type {kind.value}", kind)
    else:
        _draw_loosely(draw, in_selection, targets, count, len(selected))
    questions = draw.chosen
    versions = tuple(
        lay_out_version(questions, chr(ord("A") + i), random.Random(f"studykit-quiz:{spec.seed}:{i}"))
        for i in range(spec.versions)
    )
    versions = _distinct_orders(versions, questions, spec.seed)
    return Quiz(
        title=spec.title or _default_title(spec),
        instructions=spec.instructions or DEFAULT_INSTRUCTIONS,
        screen_instructions=spec.screen_instructions,
        seed=spec.seed,
        versions=versions,
        source_file=spec.source_file,
        settings=_settings(spec, count, questions, points),
    )


def _draw_picks(
    draw: _Draw, spec: QuizSpec, facts: Sequence[Fact], candidates: Sequence[Question],
    in_selection: Sequence[Question], targets: dict[QuestionType, int], strict: bool,
) -> None:
    """Narrow picks first (a fact, then a topic, then a type), so that a broad pick cannot use
    up the fact a narrow one names; typed before untyped within each."""
    by_fact: dict[str, list[Question]] = {}
    for question in candidates:
        for fact_id in question.fact_ids:
            by_fact.setdefault(fact_id, []).append(question)
    topic_facts: dict[str, set[str]] = {}
    for fact in facts:
        for topic in fact.topics:
            topic_facts.setdefault(topic, set()).add(fact.id)
    for pick in sorted(spec.picks, key=lambda p: (0 if p.fact else 1 if p.topic else 2, p.type is None)):
        if pick.fact:
            pool = by_fact.get(pick.fact, [])
        elif pick.topic:
            wanted = topic_facts.get(pick.topic, set())
            pool = [q for q in candidates if not wanted.isdisjoint(q.fact_ids)]
        else:
            pool = list(in_selection)
        if pick.type is not None:
            _draw_many(draw, [q for q in pool if q.type is pick.type], pick.count, pick.describe())
            continue
        for _ in range(pick.count):
            if _draw_flexible(draw, pool, targets, strict) is None:
                raise QuizError(_too_few(pick.describe(), _got(draw, pool), pool))


def _draw_loosely(
    draw: _Draw, pool: Sequence[Question], targets: Mapping[QuestionType, int], count: int, selected: int,
) -> None:
    """The default mix as far as the selection allows it; types it lacks are made up by others."""
    for kind in DRAW_ORDER:
        of_kind = [q for q in pool if q.type is kind]
        for _ in range(min(max(targets.get(kind, 0), 0), count - len(draw.chosen))):
            question = draw.first_fitting(of_kind)
            if question is None:
                break
            draw.take(question)
    while len(draw.chosen) < count:
        if _draw_flexible(draw, pool, dict.fromkeys(DRAW_ORDER, 1), False) is None:
            raise QuizError(
                f"asked for {count} questions but only {len(draw.chosen)} can be made from the "
                f"{selected} facts selected (at most one question per fact, none giving "
                f"another away); available by type: {_availability(pool)}"
            )


def _check_spec(facts: Sequence[Fact], spec: QuizSpec) -> None:
    if spec.count is not None and spec.count < 1:
        raise QuizError(f"the number of questions must be at least 1, got {spec.count}")
    if not 1 <= spec.versions <= MAX_VERSIONS:
        raise QuizError(f"versions must be between 1 and {MAX_VERSIONS}, got {spec.versions}")
    for kind, value in {**spec.points}.items():
        if not 0 <= value <= MAX_SPEC_NUMBER:  # also false for NaN
            raise QuizError(f"points for {kind.value} must be from 0 to {MAX_SPEC_NUMBER}, got {value:g}")
    for kind, value in spec.types.items():
        if not 0 <= value <= MAX_SPEC_NUMBER:
            raise QuizError(f"the mix for {kind.value} must be from 0 to {MAX_SPEC_NUMBER}, got {value:g}")
    if spec.types and sum(spec.types.values()) <= 0:
        raise QuizError("the type mix asks for no questions")
    decks = {f.deck_id for f in facts}
    topics = {t for f in facts for t in f.topics}
    ids = {f.id for f in facts}
    _known("deck", spec.decks, decks)
    _known("topic", spec.topics + tuple(p.topic for p in spec.picks if p.topic), topics)
    _known("kind", spec.kinds, set(KINDS))
    _known("fact", tuple(p.fact for p in spec.picks if p.fact), ids)
    for pick in spec.picks:
        if pick.count < 1:
            raise QuizError(f"a pick must ask for at least 1 question, got {pick.count}")
    if spec.date_from and spec.date_to and spec.date_to.latest() < spec.date_from.earliest():
        raise QuizError(f"the date range ends ({spec.date_to}) before it starts ({spec.date_from})")


def _known(what: str, asked: Iterable[str], known: set[str]) -> None:
    for name in asked:
        if name not in known:
            raise QuizError(f"unknown {what} {name!r}; known {what}s: {', '.join(sorted(known)) or 'none'}")


def _selected_fact_ids(facts: Sequence[Fact], spec: QuizSpec) -> set[str]:
    def wanted(fact: Fact) -> bool:
        if spec.decks and fact.deck_id not in spec.decks:
            return False
        if spec.topics and not set(spec.topics) & set(fact.topics):
            return False
        if spec.kinds and fact.kind not in spec.kinds:
            return False
        if spec.date_from or spec.date_to:
            if fact.date is None:
                return False
            if spec.date_from and fact.date.earliest() < spec.date_from.earliest():
                return False
            if spec.date_to and fact.date.latest() > spec.date_to.latest():
                return False
        return True

    return {f.id for f in facts if wanted(f)}


def planned_count(spec: QuizSpec) -> int:
    """How many questions the spec makes: `count`, else hand-written + picks (+ the sum of
    `types` for the questions drawn besides the typed picks), else DEFAULT_COUNT."""
    if spec.count is not None:
        return spec.count
    authored = len(spec.authored)
    picked = sum(p.count for p in spec.picks)
    typed = sum(p.count for p in spec.picks if p.type is not None)
    if spec.types:
        return authored + typed + max(round(sum(spec.types.values())), picked - typed)
    return authored + picked if authored or picked else DEFAULT_COUNT


def _counts(spec: QuizSpec, authored: int, picked: int, typed: int) -> tuple[int, int]:
    """(total questions, questions whose type the mix decides)."""
    count = planned_count(spec)
    fixed = authored + picked
    if fixed > count:
        raise QuizError(
            f"asked for {count} questions, but the quiz already has {authored} hand-written "
            f"and {picked} picked ({fixed})"
        )
    return count, count - authored - typed


def _targets(mix: Mapping[QuestionType, float], total: int) -> dict[QuestionType, int]:
    """Counts per type adding up to `total`: the mix itself when it does, else its weights
    shared out by largest remainder (ties in DRAW_ORDER order)."""
    mix = {k: v for k, v in mix.items() if v > 0}
    if all(float(v).is_integer() for v in mix.values()) and sum(mix.values()) == total:
        return {k: int(v) for k, v in mix.items()}
    weight = sum(mix.values())
    exact = {k: total * v / weight for k, v in mix.items()}
    out = {k: int(v) for k, v in exact.items()}
    rest = total - sum(out.values())
    order = sorted(mix, key=lambda k: (-(exact[k] - out[k]), DRAW_ORDER.index(k)))
    for kind in order[:rest]:
        out[kind] += 1
    return out


def _draw_flexible(
    draw: _Draw, pool: Sequence[Question], targets: dict[QuestionType, int], strict: bool,
) -> Question | None:
    """One question of the type the mix most wants still, that the pool can give."""
    kinds = sorted(targets, key=lambda k: (-targets[k], DRAW_ORDER.index(k)))
    if strict:
        kinds = [k for k in kinds if targets[k] > 0]
    for kind in kinds:
        question = draw.first_fitting([q for q in pool if q.type is kind])
        if question is not None:
            draw.take(question)
            targets[kind] -= 1
            return question
    return None


def _draw_many(draw: _Draw, pool: Sequence[Question], count: int, what: str, kind: QuestionType | None = None) -> None:
    for _ in range(count):
        question = draw.first_fitting(pool)
        if question is None:
            raise QuizError(_too_few(what, _got(draw, pool), pool, kind))
        draw.take(question)


def _got(draw: _Draw, pool: Sequence[Question]) -> int:
    ids = {q.id for q in pool}
    return sum(1 for q in draw.chosen if q.id in ids)


def _distinct_facts(pool: Iterable[Question]) -> int:
    """How many questions the pool can give at most, one per fact."""
    used: set[str] = set()
    count = 0
    for question in sorted(pool, key=lambda q: (len(q.fact_ids), q.id)):
        if used.isdisjoint(question.fact_ids):
            used.update(question.fact_ids)
            count += 1
    return count


def _too_few(what: str, got: int, pool: Sequence[Question], kind: QuestionType | None = None) -> str:
    available = _distinct_facts(pool)
    name = f"questions of type {kind.value}" if kind else "questions"
    if available <= got:
        return f"only {available} {name} available for {what} (at most one question per fact)"
    return (
        f"only {got} of the {available} {name} available for {what} can be used: the others share a "
        "fact with, or give away the answer of, questions already chosen (hand-written ones included)"
    )


def _check_available(pool: Sequence[Question], draw: _Draw, targets: Mapping[QuestionType, int]) -> None:
    for kind in DRAW_ORDER:
        wanted = targets.get(kind, 0)
        available = _distinct_facts(q for q in pool if q.type is kind and draw.used_facts.isdisjoint(q.fact_ids))
        if wanted > available:
            raise QuizError(f"only {available} questions of type {kind.value} available (asked for {wanted})")


def _availability(pool: Sequence[Question]) -> str:
    return ", ".join(f"{_distinct_facts(q for q in pool if q.type is k)} {k.value}" for k in DRAW_ORDER)


def citation(sources: Sequence[Source], titles: Mapping[str, str]) -> str:
    """The sources as an answer key prints them: document title and the start of the quote."""
    parts = []
    for source in sources:
        quote = " ".join(source.quote.split())
        if len(quote) > QUOTE_SHOWN:
            quote = quote[: QUOTE_SHOWN - 1].rstrip() + "…"
        parts.append(f"{titles.get(source.seed, source.seed)}: “{quote}”")
    return "; ".join(parts)


def _from_card(card: Card, titles: Mapping[str, str], points: Mapping[QuestionType, float]) -> Question:
    """The card as a question, its answer in canonical layout (versions shuffle it)."""
    kind = CARD_TYPES[card.type]
    common: dict[str, Any] = {
        "id": card.id, "type": kind, "points": float(points[kind]), "fact_ids": card.fact_ids,
        "sources": card.sources, "citation": citation(card.sources, titles), "explanation": card.statement,
    }
    if kind is QuestionType.CHOICE:
        correct = card.options.index(card.answer) if card.answer in card.options else None
        return Question(prompt=card.prompt, answer=card.answer, options=card.options, correct=correct,
                        accepted=card.accepted, **common)
    if kind is QuestionType.TRUE_FALSE:
        return Question(prompt=card.prompt.removeprefix(TRUE_FALSE_PREFIX), answer=card.answer,
                        options=("True", "False"), correct=0 if card.answer == "True" else 1, **common)
    if kind is QuestionType.MATCHING:
        common["explanation"] = card.statement or card.answer
        return Question(prompt=card.prompt, answer=card.answer, pairs=card.pairs,
                        options=tuple(right for _, right in card.pairs), **common)
    if kind is QuestionType.CHRONOLOGY:
        items = tuple(card.options[i] for i in card.answer_order)
        common["explanation"] = card.statement or card.answer  # the order with dates
        return Question(prompt=card.prompt, answer=" → ".join(items), options=items,
                        order=tuple(range(len(items))), **common)
    prompt = card.prompt if kind is QuestionType.SHORT_ANSWER else card.prompt.replace("_____", BLANK)
    return Question(prompt=prompt, answer=card.answer, accepted=card.accepted, answer_kind=card.answer_kind,
                    confusables=card.confusables, **common)


def _authored(authored: AuthoredQuestion, titles: Mapping[str, str], points: Mapping[QuestionType, float]) -> Question:
    question = authored.question
    problem = one_correct_answer(question)
    if problem is not None:
        raise QuizError(f"hand-written question {question.id}: {problem}")
    return replace(
        question,
        points=float(points[question.type] if authored.points is None else authored.points),
        citation=question.citation or citation(question.sources, titles),
    )


def _distinct_orders(
    versions: tuple[QuizVersion, ...], questions: Sequence[Question], seed: int,
) -> tuple[QuizVersion, ...]:
    """Lay out again (a few tries) any version whose question order repeats an earlier one."""
    out: list[QuizVersion] = []
    for i, version in enumerate(versions):
        for attempt in range(1, 8):
            orders = {tuple(q.id for q in v.questions) for v in out}
            if tuple(q.id for q in version.questions) not in orders:
                break
            version = lay_out_version(questions, version.label, random.Random(f"studykit-quiz:{seed}:{i}:{attempt}"))
        out.append(version)
    return tuple(out)


def _default_title(spec: QuizSpec) -> str:
    if spec.topics:
        return "Quiz: " + ", ".join(topic_title(t) for t in spec.topics)
    if spec.decks:
        return "Quiz: " + ", ".join(spec.decks)
    return "Quiz"


def _settings(
    spec: QuizSpec, count: int, questions: Sequence[Question], points: Mapping[QuestionType, float],
) -> dict[str, Any]:
    """What was asked for and what was made, for the record (JSON, the printed key's footer)."""
    made = Counter(q.type for q in questions)
    return {
        "count": count,
        "decks": list(spec.decks),
        "topics": list(spec.topics),
        "kinds": list(spec.kinds),
        "from": spec.date_from.notation() if spec.date_from else None,
        "to": spec.date_to.notation() if spec.date_to else None,
        "mix": {k.value: v for k, v in spec.types.items()} or None,
        "types": {k.value: made[k] for k in QuestionType if made[k]},
        "points": {k.value: v for k, v in points.items()},
        "versions": spec.versions,
        "picks": [
            {k: v for k, v in (("fact", p.fact), ("topic", p.topic), ("type", p.type.value if p.type else None),
                               ("count", p.count)) if v is not None}
            for p in spec.picks
        ],
        "hand_written": len(spec.authored),
    }
