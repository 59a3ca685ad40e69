"""Teacher-written quiz files, validated: the pure half of `studykit.quizzes`.

Like `core.facts.parse_fact`, `parse_quiz_file` gets the raw mapping a YAML file gave, and
returns every problem named by field path (`questions[2].answer`), so that the adapter that
read the file can add the line. The schema is documented in `decks/quizzes/README.md`.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from studykit.core.answers import fold
from studykit.core.dates import DateError, HistDate
from studykit.core.facts import KINDS, Problem, Source, quote_too_short
from studykit.core.quiz.builder import AuthoredQuestion, Pick, QuizSpec, planned_count
from studykit.core.quiz.model import BLANK, Question, QuestionType

TYPE_NAMES: dict[str, QuestionType] = {t.value: t for t in QuestionType} | {
    "qa": QuestionType.SHORT_ANSWER,  # the card type names `studykit cards --type` uses
    "cloze": QuestionType.MISSING_WORD,
}
QUIZ_FIELDS = ("title", "instructions", "screen_instructions", "count", "seed", "versions", "decks", "topics", "kinds",
               "from", "to",
               "types", "points")
PICK_FIELDS = ("fact", "topic", "type", "count")
QUESTION_FIELDS: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.CHOICE: ("prompt", "options", "answer"),
    QuestionType.TRUE_FALSE: ("prompt", "answer"),
    QuestionType.SHORT_ANSWER: ("prompt", "answer", "accepted"),
    QuestionType.MISSING_WORD: ("prompt", "answer", "accepted"),
    QuestionType.MATCHING: ("prompt", "pairs"),
    QuestionType.CHRONOLOGY: ("prompt", "items"),
}
COMMON_QUESTION_FIELDS = ("type", "points", "sources", "explanation")
DEFAULT_PROMPTS = {
    QuestionType.MATCHING: "Match each item on the left with one on the right.",
    QuestionType.CHRONOLOGY: "Put these in chronological order, earliest first.",
}


def type_names() -> str:
    return ", ".join(t.value for t in QuestionType)


@dataclass(frozen=True)
class QuizFile:
    """A quiz file read and checked: its id (the file's stem) and the spec it asks for."""

    id: str
    spec: QuizSpec

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def question_count(self) -> int:
        """How many questions the file builds with its own settings."""
        return planned_count(self.spec)


@dataclass(frozen=True)
class Known:
    """What a quiz file may name: the fact base's ids, topics and decks, and the seed texts."""

    fact_ids: AbstractSet[str]
    topics: AbstractSet[str]
    decks: AbstractSet[str]
    seeds: Mapping[str, str]


class _Check:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def text(self, raw: Mapping[str, Any], name: str, where: str, *, required: bool = False) -> str | None:
        value = raw.get(name)
        path = f"{where}.{name}" if where else name
        if value is None:
            if required:
                self.fail(path, "missing required field")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(path, f"expected text, got {type(value).__name__}")
            return None
        text = str(value).strip()
        if not text:
            self.fail(path, "must not be empty")
            return None
        return text

    def texts(self, raw: Mapping[str, Any], name: str, where: str) -> tuple[str, ...]:
        value = raw.get(name)
        path = f"{where}.{name}" if where else name
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {type(value).__name__}")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                self.fail(f"{path}[{i}]", "expected non-empty text")
            else:
                out.append(str(item).strip())
        return tuple(out)

    def integer(
        self, raw: Mapping[str, Any], name: str, where: str, *, minimum: int, maximum: int | None = None,
    ) -> int | None:
        value = raw.get(name)
        path = f"{where}.{name}" if where else name
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"expected a whole number, got {value!r}")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            self.fail(path, f"must be {bound}, got {value}")
            return None
        return value

    def points(self, value: Any, path: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
            self.fail(path, f"points must be a number of zero or more, got {value!r}")
            return None
        return float(value)

    def unknown_fields(self, raw: Mapping[str, Any], allowed: tuple[str, ...], where: str, what: str) -> None:
        for key in raw:
            if key not in allowed:
                path = f"{where}.{key}" if where else str(key)
                self.fail(path, f"unknown field of {what}; expected: {', '.join(allowed)}")


def question_type(name: object) -> QuestionType | None:
    return TYPE_NAMES.get(str(name).strip().casefold()) if isinstance(name, str) else None


def parse_quiz_file(raw: object, *, stem: str, known: Known) -> tuple[QuizFile | None, list[Problem]]:
    """Check one quiz file's mapping; return the quiz file (None when unusable) and every problem."""
    check = _Check()
    if not isinstance(raw, Mapping):
        return None, [Problem("", "a quiz file must be a mapping with `quiz:`, and `picks:` or `questions:`")]
    check.unknown_fields(raw, ("quiz", "picks", "questions"), "", "a quiz file")
    header = raw.get("quiz")
    if not isinstance(header, Mapping):
        check.fail("quiz", "missing the `quiz:` mapping with at least a title")
        header = {}
    check.unknown_fields(header, QUIZ_FIELDS, "quiz", "`quiz:`")
    title = check.text(header, "title", "quiz", required=True)
    instructions = check.text(header, "instructions", "quiz") or ""
    screen_instructions = check.text(header, "screen_instructions", "quiz") or ""
    count = check.integer(header, "count", "quiz", minimum=1)
    seed = check.integer(header, "seed", "quiz", minimum=0)
    versions = check.integer(header, "versions", "quiz", minimum=1, maximum=26)
    decks = _names(check, header, "decks", known.decks, "deck")
    topics = _names(check, header, "topics", known.topics, "topic")
    kinds = _names(check, header, "kinds", set(KINDS), "kind")
    dates = {name: _date(check, header, name) for name in ("from", "to")}
    types = _per_type(check, header, "types", lambda v, p: _weight(check, v, p))
    points = _per_type(check, header, "points", check.points)
    picks = _picks(check, raw.get("picks"), known)
    authored = _questions(check, raw.get("questions"), stem, known)
    if not picks and not authored and "picks" not in raw and "questions" not in raw and count is None and not types:
        check.fail("", "a quiz file needs `picks:`, `questions:`, or a `count:` or `types:` to draw by")
    if check.problems or title is None:
        return None, check.problems
    spec = QuizSpec(
        count=count, decks=decks, topics=topics, kinds=kinds, date_from=dates["from"], date_to=dates["to"],
        types=types, points=points, seed=seed or 0, versions=versions or 1, title=title,
        instructions=instructions, screen_instructions=screen_instructions, picks=picks, authored=authored,
        source_file=stem,
    )
    return QuizFile(stem, spec), []


def _names(check: _Check, raw: Mapping[str, Any], name: str, known: AbstractSet[str], what: str) -> tuple[str, ...]:
    out = check.texts(raw, name, "quiz")
    for i, item in enumerate(out):
        if item not in known:
            check.fail(f"quiz.{name}[{i}]", f"unknown {what} {item!r}; known: {', '.join(sorted(known))}")
    return out


def _date(check: _Check, raw: Mapping[str, Any], name: str) -> HistDate | None:
    if raw.get(name) is None:
        return None
    try:
        return HistDate.parse(raw[name])
    except DateError as error:
        check.fail(f"quiz.{name}", str(error))
        return None


def _weight(check: _Check, value: Any, path: str) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        check.fail(path, f"expected a count or weight of zero or more, got {value!r}")
        return None
    return float(value)


def _per_type(check: _Check, raw: Mapping[str, Any], name: str, read: Any) -> dict[QuestionType, float]:
    value = raw.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        check.fail(f"quiz.{name}", f"expected a mapping of question type to number ({type_names()})")
        return {}
    out = {}
    for key, item in value.items():
        kind = question_type(key)
        if kind is None:
            check.fail(f"quiz.{name}.{key}", f"unknown question type {key!r}; expected one of: {type_names()}")
            continue
        number = read(item, f"quiz.{name}.{key}")
        if number is not None:
            out[kind] = number
    return out


def _picks(check: _Check, raw: object, known: Known) -> tuple[Pick, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.fail("picks", "expected a list of picks ({fact}, {topic, count}, {type, count})")
        return ()
    out = []
    for i, item in enumerate(raw):
        where = f"picks[{i}]"
        if not isinstance(item, Mapping):
            check.fail(where, "expected a mapping: {fact: ID}, {topic: T, count: N} or {type: T, count: N}")
            continue
        check.unknown_fields(item, PICK_FIELDS, where, "a pick")
        fact = check.text(item, "fact", where)
        topic = check.text(item, "topic", where)
        kind = None
        if item.get("type") is not None:
            kind = question_type(item["type"])
            if kind is None:
                check.fail(f"{where}.type", f"unknown question type {item['type']!r}; expected one of: {type_names()}")
                continue
        count = check.integer(item, "count", where, minimum=1)
        if fact and topic:
            check.fail(where, "a pick names a fact or a topic, not both")
            continue
        if not fact and not topic and kind is None:
            check.fail(where, "a pick needs `fact:`, `topic:` or `type:`")
            continue
        if fact is not None and fact not in known.fact_ids:
            check.fail(f"{where}.fact", f"unknown fact id {fact!r}")
            continue
        if fact is not None and count not in (None, 1):
            check.fail(f"{where}.count", "a fact pick makes one question (at most one per fact)")
            continue
        if topic is not None and topic not in known.topics:
            check.fail(f"{where}.topic", f"unknown topic {topic!r}; known: {', '.join(sorted(known.topics))}")
            continue
        out.append(Pick(fact=fact, topic=topic, type=kind, count=count or 1))
    return tuple(out)


def _questions(check: _Check, raw: object, stem: str, known: Known) -> tuple[AuthoredQuestion, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.fail("questions", "expected a list of hand-written questions")
        return ()
    out = []
    for i, item in enumerate(raw):
        question = _question(check, item, f"questions[{i}]", f"{stem}:{i + 1}", known)
        if question is not None:
            out.append(question)
    return tuple(out)


def _question(check: _Check, raw: object, where: str, question_id: str, known: Known) -> AuthoredQuestion | None:
    if not isinstance(raw, Mapping):
        check.fail(where, "expected a mapping with `type:`, `prompt:` and an answer")
        return None
    before = len(check.problems)
    kind = question_type(raw.get("type"))
    if kind is None:
        got = raw.get("type")
        check.fail(f"{where}.type", "missing required field" if got is None else
                   f"unknown question type {got!r}; expected one of: {type_names()}")
        return None
    check.unknown_fields(raw, COMMON_QUESTION_FIELDS + QUESTION_FIELDS[kind], where, f"a {kind.value} question")
    prompt = check.text(raw, "prompt", where, required=kind not in DEFAULT_PROMPTS) or DEFAULT_PROMPTS.get(kind, "")
    points = check.points(raw["points"], f"{where}.points") if raw.get("points") is not None else None
    explanation = check.text(raw, "explanation", where) or ""
    sources = _sources(check, raw.get("sources"), where, known)
    fields: dict[str, Any] = {}
    if kind is QuestionType.CHOICE:
        fields = _choice(check, raw, where)
    elif kind is QuestionType.TRUE_FALSE:
        answer = raw.get("answer")
        if isinstance(answer, str) and answer.strip().casefold() in ("true", "false"):
            answer = answer.strip().casefold() == "true"
        if not isinstance(answer, bool):
            check.fail(f"{where}.answer", f"a true-or-false answer is true or false, got {answer!r}")
        else:
            fields = {
                "answer": "True" if answer else "False", "options": ("True", "False"), "correct": 0 if answer else 1,
            }
    elif kind in (QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
        answer = _one_answer(check, raw, where)
        fields = {"answer": answer or "", "accepted": check.texts(raw, "accepted", where)}
        if kind is QuestionType.MISSING_WORD and prompt and prompt.count(BLANK) != 1:
            check.fail(f"{where}.prompt", f"a missing-word prompt marks its blank with {BLANK} exactly once")
    elif kind is QuestionType.MATCHING:
        fields = _matching(check, raw, where)
    elif kind is QuestionType.CHRONOLOGY:
        items = check.texts(raw, "items", where)
        if raw.get("items") is None:
            check.fail(f"{where}.items", "missing required field (the items, earliest first)")
        elif len(items) < 2 or len({fold(i) for i in items}) != len(items):
            check.fail(f"{where}.items", "a chronology needs two or more different items, earliest first")
        fields = {"options": items, "order": tuple(range(len(items))), "answer": " → ".join(items)}
    if len(check.problems) > before:
        return None
    question = Question(
        id=question_id, type=kind, prompt=prompt, points=0.0, sources=sources, explanation=explanation, **fields,
    )
    return AuthoredQuestion(question, points)


def _one_answer(check: _Check, raw: Mapping[str, Any], where: str) -> str | None:
    answer = raw.get("answer")
    if isinstance(answer, list):
        check.fail(f"{where}.answer", f"a question has exactly one correct answer, got {len(answer)}"
                   + ("; list other accepted forms under `accepted:`" if answer else ""))
        return None
    return check.text(raw, "answer", where, required=True)


def _choice(check: _Check, raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    options = check.texts(raw, "options", where)
    if raw.get("options") is None:
        check.fail(f"{where}.options", "missing required field")
        return {}
    if len(options) < 2:
        check.fail(f"{where}.options", "a choice question needs at least two options")
        return {}
    folded = [fold(o) for o in options]
    for i, item in enumerate(folded):
        if item in folded[:i]:
            check.fail(f"{where}.options[{i}]", f"repeats option {folded.index(item) + 1}: two options say the same")
            return {}
    answer = _one_answer(check, raw, where)
    if answer is None:
        return {}
    matches = [i for i, item in enumerate(folded) if item == fold(answer)]
    if not matches:
        check.fail(f"{where}.answer", f"the answer {answer!r} is none of the options: no correct option")
        return {}
    return {"options": options, "correct": matches[0], "answer": options[matches[0]]}


def _matching(check: _Check, raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    value = raw.get("pairs")
    if value is None:
        check.fail(f"{where}.pairs", "missing required field")
        return {}
    if not isinstance(value, list):
        check.fail(f"{where}.pairs", "expected a list of [left, right] pairs")
        return {}
    pairs: list[tuple[str, str]] = []
    for i, pair in enumerate(value):
        ok = isinstance(pair, list) and len(pair) == 2 and all(
            isinstance(p, (str, int, float)) and not isinstance(p, bool) and str(p).strip() for p in pair
        )
        if not ok:
            check.fail(f"{where}.pairs[{i}]", "expected a [left, right] pair of texts")
            return {}
        pairs.append((str(pair[0]).strip(), str(pair[1]).strip()))
    for side, name in ((0, "left"), (1, "right")):
        seen = [fold(p[side]) for p in pairs]
        for i, item in enumerate(seen):
            if item in seen[:i]:
                check.fail(f"{where}.pairs[{i}]", f"repeats a {name} item: a matching has one correct set of pairs")
                return {}
    if len(pairs) < 2:
        check.fail(f"{where}.pairs", "a matching needs at least two pairs")
        return {}
    return {
        "pairs": tuple(pairs), "options": tuple(r for _, r in pairs),
        "answer": "; ".join(f"{left} — {right}" for left, right in pairs),
    }


def _sources(check: _Check, raw: object, where: str, known: Known) -> tuple[Source, ...]:
    """Quotes of a hand-written question stand verbatim in their seed, as a deck fact's do."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.fail(f"{where}.sources", "expected a list of {seed, quote}")
        return ()
    out = []
    for i, item in enumerate(raw):
        path = f"{where}.sources[{i}]"
        if not isinstance(item, Mapping):
            check.fail(path, "expected a mapping {seed, quote}")
            continue
        check.unknown_fields(item, ("seed", "quote"), path, "a source")
        seed, quote = item.get("seed"), item.get("quote")
        if not isinstance(seed, str) or not seed.strip():
            check.fail(f"{path}.seed", "missing required field")
            continue
        if not isinstance(quote, str) or not quote.strip():
            check.fail(f"{path}.quote", "missing required field")
            continue
        short = quote_too_short(quote)
        if seed not in known.seeds:
            check.fail(f"{path}.seed", f"unknown seed {seed!r}; known: {', '.join(sorted(known.seeds))}")
        elif short:
            check.fail(f"{path}.quote", short)
        elif quote not in known.seeds[seed]:
            shown = quote if len(quote) <= 60 else quote[:57] + "..."
            check.fail(f"{path}.quote", f"quote not found verbatim in {seed}: {shown!r}")
        else:
            out.append(Source(seed, quote))
    return tuple(out)
