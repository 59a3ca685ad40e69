"""The quiz builder: same seed same quiz, versions, letters spread, one answer, no give-aways."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.core.dates import HistDate
from studykit.core.facts import Fact, Source
from studykit.core.quiz.builder import AuthoredQuestion, Pick, QuizError, QuizSpec, build_quiz, citation
from studykit.core.quiz.layout import lay_out_version
from studykit.core.quiz.model import BLANK, Question, QuestionType, Quiz
from studykit.core.quiz.quality import give_aways, gives_away, one_correct_answer
from tests.bundled import bundled_facts, real_generation

BAKU = QuizSpec(topics=("battle-of-baku",), versions=3, seed=7)


def facts() -> tuple[Fact, ...]:
    return bundled_facts()  # read once per test process (tests/bundled.py)


def built(spec: QuizSpec) -> Quiz:
    return build_quiz(facts(), spec, seed_titles={"001_d3695f0660554b3e.txt": "The liberation of Baku in 1918"})


def _hashable(**fields: object) -> QuizSpec:
    return QuizSpec(**fields)  # type: ignore[arg-type]


def test_default_quiz_has_twenty_questions_of_the_default_mix() -> None:
    quiz = built(BAKU)
    assert len(quiz.questions) == 20
    assert [v.label for v in quiz.versions] == ["A", "B", "C"]
    assert Counter(q.type for q in quiz.questions) == {
        QuestionType.CHOICE: 8, QuestionType.TRUE_FALSE: 4, QuestionType.MISSING_WORD: 3,
        QuestionType.SHORT_ANSWER: 2, QuestionType.CHRONOLOGY: 2, QuestionType.MATCHING: 1,
    }


def test_same_seed_same_quiz_and_another_seed_another() -> None:
    first = build_quiz(facts(), BAKU).to_dict()  # from the cards this process made first at seed 7
    with real_generation():  # the cards made again: the same seed gives them, and the same quiz
        assert build_quiz(facts(), BAKU).to_dict() == first
    other = build_quiz(facts(), QuizSpec(topics=("battle-of-baku",), versions=3, seed=0)).to_dict()
    assert other != first


def test_versions_hold_the_same_questions_shuffled_with_answers_kept() -> None:
    quiz = built(BAKU)
    by_id = [{q.id: q for q in v.questions} for v in quiz.versions]
    assert all(set(v) == set(by_id[0]) for v in by_id)
    orders = [tuple(q.id for q in v.questions) for v in quiz.versions]
    assert len(set(orders)) == len(orders)
    for question_id, first in by_id[0].items():
        for version in by_id[1:]:
            other = version[question_id]
            assert other.prompt == first.prompt and other.answer == first.answer
            if first.type is QuestionType.CHOICE:
                assert sorted(other.options) == sorted(first.options)
                assert other.options[other.correct] == first.options[first.correct] == first.answer
            if first.type is QuestionType.MATCHING:
                assert set(other.pairs) == set(first.pairs)
                assert sorted(other.options) == sorted(first.options)
            if first.type is QuestionType.CHRONOLOGY:
                assert [other.options[i] for i in other.order] == [first.options[i] for i in first.order]
    option_orders = {
        tuple(v[q].options) for v in by_id for q in by_id[0] if by_id[0][q].type is QuestionType.CHOICE
    }
    assert len(option_orders) > len([q for q in by_id[0].values() if q.type is QuestionType.CHOICE])


def test_matching_rows_never_line_up_and_chronology_never_shows_in_order() -> None:
    for version in built(BAKU).versions:
        for q in version.questions:
            if q.type is QuestionType.MATCHING:
                assert all(shown != right for shown, (_, right) in zip(q.options, q.pairs))
            if q.type is QuestionType.CHRONOLOGY:
                assert list(q.order) != list(range(len(q.options)))


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32), choices=st.integers(0, 40), others=st.integers(0, 6), options=st.integers(2, 5))
def test_laid_out_letters_spread_evenly(seed: int, choices: int, others: int, options: int) -> None:
    """The layout alone, over any number of choice questions among others: the builder's letters."""
    questions = [
        _q(f"c{i}", QuestionType.CHOICE, f"Which {i}?", f"right {i}", correct=i % options,
           options=tuple(f"right {i}" if k == i % options else f"wrong {i}.{k}" for k in range(options)))
        for i in range(choices)
    ] + [_q(f"t{i}", QuestionType.TRUE_FALSE, f"Statement {i}.", "True", options=("True", "False"), correct=0)
         for i in range(others)]
    version = lay_out_version(questions, "A", random.Random(seed))
    placed = [q for q in version.questions if q.type is QuestionType.CHOICE]
    assert sorted(q.id for q in placed) == sorted(f"c{i}" for i in range(choices))
    for q in placed:
        assert q.options[q.correct] == q.answer and sorted(q.options) == sorted(  # type: ignore[index]
            next(o for o in questions if o.id == q.id).options)
    counts = Counter(q.correct for q in placed)
    spread = [counts.get(i, 0) for i in range(options)]
    assert max(spread) - min(spread) <= 1, spread


# Generation seeds whose bundled cards other tests make too (tests/bundled.py): drawn from these
# (here and in the examples below), a built quiz costs its layout, not a generation of the
# bundled decks (the layout's own seeds are any: above).
CARD_SEEDS = (0, 7, 11, 23, 41)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(CARD_SEEDS), choices=st.integers(1, 12), versions=st.integers(1, 3))
def test_correct_letters_spread_evenly_in_every_version(seed: int, choices: int, versions: int) -> None:
    spec = QuizSpec(types={QuestionType.CHOICE: choices, QuestionType.TRUE_FALSE: 2}, seed=seed, versions=versions)
    quiz = build_quiz(facts(), spec)
    for version in quiz.versions:
        letters = Counter(q.correct for q in version.questions if q.type is QuestionType.CHOICE)
        assert sum(letters.values()) == choices
        counts = [letters.get(i, 0) for i in range(4)]
        assert max(counts) - min(counts) <= 1, counts
        if choices % 4 == 0:
            assert set(counts) == {choices // 4}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(CARD_SEEDS),
    topic=st.sampled_from(["battle-of-baku", "soviet-turkish-entente", "army-of-islam"]),
)
def test_every_question_has_one_answer_one_fact_and_gives_nothing_away(seed: int, topic: str) -> None:
    quiz = build_quiz(facts(), QuizSpec(topics=(topic,), count=15, seed=seed))
    questions = quiz.questions
    used = [f for q in questions for f in q.fact_ids]
    assert len(used) == len(set(used)), "a fact asked twice"
    for q in questions:
        assert one_correct_answer(q) is None, q
        if q.type is QuestionType.CHOICE:
            assert len({o.casefold() for o in q.options}) == len(q.options)
            assert [o for o in q.options if o == q.answer] == [q.answer]
        if q.type is QuestionType.TRUE_FALSE:
            assert not q.prompt.startswith("True or false")
        if q.type is QuestionType.MISSING_WORD:
            assert q.prompt.count(BLANK) == 1
    # Independently of `quality`: no recall answer stands in another question's prompt.
    for asked in questions:
        if asked.type not in (QuestionType.CHOICE, QuestionType.SHORT_ANSWER, QuestionType.MISSING_WORD):
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(asked.answer.casefold())}(?!\w)")
        for shown in questions:
            if shown.id != asked.id:
                assert not pattern.search(shown.prompt.casefold()), (asked.id, shown.id)
    assert give_aways(questions) == []


def _q(qid: str, kind: QuestionType, prompt: str, answer: str, **fields: object) -> Question:
    return Question(id=qid, type=kind, prompt=prompt, answer=answer, points=1, **fields)  # type: ignore[arg-type]


PAIRS = (("Nuri Pasha", "The brother of Enver Pasha"), ("Stokes", "A colonel"))
PAIRED = ("A colonel", "The brother of Enver Pasha")
GIVE_AWAY_CASES = [
    ("date in a statement", _q("a", QuestionType.TRUE_FALSE, "Baku fell on 15 September 1918.", "True"),
     _q("b", QuestionType.SHORT_ANSWER, "When did Baku fall?", "15 September 1918"), True),
    ("name without its article", _q("a", QuestionType.SHORT_ANSWER, "Who led the Army of Islam?", "Nuri Pasha"),
     _q("b", QuestionType.CHOICE, "Which force took Baku?", "The Army of Islam",
        options=("The Army of Islam", "Dunsterforce"), correct=0), True),
    ("only part of a word", _q("a", QuestionType.SHORT_ANSWER, "What did Bakuvians see?", "x"),
     _q("b", QuestionType.SHORT_ANSWER, "Which city?", "Baku"), False),
    ("an accepted form", _q("a", QuestionType.SHORT_ANSWER, "What happened in Bakı?", "x"),
     _q("b", QuestionType.SHORT_ANSWER, "Which city?", "Baku", accepted=("Bakı",)), True),
    ("a matching pair stated", _q("a", QuestionType.TRUE_FALSE, "Nuri Pasha was the brother of Enver Pasha.", "True"),
     _q("b", QuestionType.MATCHING, "Match.", "", pairs=PAIRS, options=PAIRED), True),
    ("one side of a pair only", _q("a", QuestionType.SHORT_ANSWER, "Who was Nuri Pasha?", "x"),
     _q("b", QuestionType.MATCHING, "Match.", "", pairs=PAIRS, options=PAIRED), False),
    ("a distractor states nothing",
     _q("a", QuestionType.CHOICE, "Which city?", "Ganja", options=("Ganja", "Baku"), correct=0),
     _q("b", QuestionType.SHORT_ANSWER, "Where?", "Baku"), False),
    ("true or false has no key", _q("a", QuestionType.SHORT_ANSWER, "Is it true?", "x"),
     _q("b", QuestionType.TRUE_FALSE, "Baku fell.", "True", options=("True", "False"), correct=0), False),
]


@pytest.mark.parametrize(("name", "shown", "asked", "expected"), GIVE_AWAY_CASES, ids=[c[0] for c in GIVE_AWAY_CASES])
def test_give_away_rule(name: str, shown: Question, asked: Question, expected: bool) -> None:
    assert gives_away(shown, asked) is expected


def test_type_counts_are_kept_exactly_and_weights_are_shared_out() -> None:
    exact = built(_hashable(types={QuestionType.CHOICE: 5, QuestionType.TRUE_FALSE: 3}, seed=0))
    assert Counter(q.type for q in exact.questions) == {QuestionType.CHOICE: 5, QuestionType.TRUE_FALSE: 3}
    weighted = built(_hashable(count=9, types={QuestionType.CHOICE: 2, QuestionType.SHORT_ANSWER: 1}, seed=0))
    assert Counter(q.type for q in weighted.questions) == {QuestionType.CHOICE: 6, QuestionType.SHORT_ANSWER: 3}


def test_points_per_type_and_totals() -> None:
    quiz = built(_hashable(types={QuestionType.CHOICE: 4, QuestionType.MATCHING: 1},
                           points={QuestionType.MATCHING: 5, QuestionType.CHOICE: 1.5}, seed=23))
    assert quiz.versions[0].total_points == 4 * 1.5 + 5
    assert {q.points for q in quiz.questions if q.type is QuestionType.MATCHING} == {5.0}


def test_picks_by_fact_topic_and_type() -> None:
    spec = _hashable(
        count=8, topics=("battle-of-baku",), seed=41,
        picks=(Pick(fact="fall-of-baku", type=QuestionType.CHOICE), Pick(fact="person-nuri-pasha"),
               Pick(topic="soviet-turkish-entente", count=2), Pick(type=QuestionType.CHRONOLOGY)),
    )
    quiz = built(spec)
    assert len(quiz.questions) == 8
    by_fact = {f: q for q in quiz.questions for f in q.fact_ids}
    assert by_fact["fall-of-baku"].type is QuestionType.CHOICE
    assert "person-nuri-pasha" in by_fact
    topics = {f.id: f.topics for f in facts()}
    assert sum(1 for q in quiz.questions if any("soviet-turkish-entente" in topics[f] for f in q.fact_ids)) >= 2
    assert any(q.type is QuestionType.CHRONOLOGY for q in quiz.questions)


def test_hand_written_questions_are_kept_points_and_all() -> None:
    choice = Question(id="mine:1", type=QuestionType.CHOICE, prompt="Which holiday fell on the day?", answer="Qurban",
                      points=0, options=("Qurban", "Novruz", "Mawlid"), correct=0,
                      sources=(Source("001_d3695f0660554b3e.txt", "Qurban bayramını"),))
    chronology = Question(id="mine:2", type=QuestionType.CHRONOLOGY, prompt="Order these.", answer="x → y → z",
                          points=0, options=("First thing", "Second thing", "Third thing"), order=(0, 1, 2))
    spec = _hashable(count=6, seed=11, versions=2,
                     authored=(AuthoredQuestion(choice, points=3), AuthoredQuestion(chronology)))
    quiz = built(spec)
    for version in quiz.versions:
        mine = {q.id: q for q in version.questions}
        assert mine["mine:1"].points == 3 and mine["mine:1"].answer == "Qurban"
        assert mine["mine:1"].options[mine["mine:1"].correct] == "Qurban"
        assert mine["mine:1"].citation.startswith("The liberation of Baku in 1918: “Qurban")
        assert mine["mine:2"].points == 2
        assert [mine["mine:2"].options[i] for i in mine["mine:2"].order] == [
            "First thing", "Second thing", "Third thing",
        ]


def test_date_range_keeps_dated_facts_within_it() -> None:
    start, end = HistDate.parse("1918-08"), HistDate.parse("1918-09")
    quiz = built(_hashable(count=10, date_from=start, date_to=end, seed=23,
                           types={QuestionType.CHOICE: 1, QuestionType.TRUE_FALSE: 1}))
    dates = {f.id: f.date for f in facts()}
    for q in quiz.questions:
        date = dates[q.fact_ids[0]]
        assert date is not None and start.earliest() <= date.earliest() and date.latest() <= end.latest()


@pytest.mark.parametrize(("spec", "message"), [
    (QuizSpec(topics=("no-such-topic",)), "unknown topic 'no-such-topic'"),
    (QuizSpec(decks=("nope",)), "unknown deck 'nope'"),
    (QuizSpec(kinds=("battle",)), "unknown kind 'battle'"),
    (QuizSpec(picks=(Pick(fact="no-such-fact"),)), "unknown fact 'no-such-fact'"),
    (
        QuizSpec(topics=("battle-of-baku",), types={QuestionType.CHRONOLOGY: 99}),
        "questions of type chronology available (asked for 99)",
    ),
    (QuizSpec(topics=("mudros",), count=20), "only"),
    (QuizSpec(versions=0), "versions must be between 1 and 26"),
    (QuizSpec(count=2, picks=(Pick(topic="mudros", count=3),)), "asked for 2 questions, but the quiz already has"),
])
def test_impossible_quizzes_say_why(spec: QuizSpec, message: str) -> None:
    with pytest.raises(QuizError) as error:
        build_quiz(facts(), spec)
    assert message in str(error.value)


def test_too_many_questions_says_how_many_are_available() -> None:
    with pytest.raises(QuizError, match=r"only \d+ can be made from the 2 facts selected.*available by type"):
        build_quiz(facts(), QuizSpec(topics=("mudros",), count=20))


def test_citation_names_the_document_and_shortens_the_quote() -> None:
    text = citation((Source("s.txt", "word " * 40),), {"s.txt": "A title"})
    assert text.startswith("A title: “word word") and text.endswith("…”") and len(text) < 130
    assert citation((Source("other.txt", "q"),), {}) == "other.txt: “q”"
