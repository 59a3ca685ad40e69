"""The card: what a question generator makes from facts and what a review session shows.

A card's id is derived from its fact id, its generator and its variant, never from its
wording, so review history and Anki notes survive edits to a fact's statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from studykit.core.answer_kind import AnswerKind
from studykit.core.citation import Source


class CardType(str, Enum):
    QA = "qa"                  # question and answer, typed or recalled
    CHOICE = "choice"          # multiple choice, four options
    CLOZE = "cloze"            # the statement with its key value blanked
    CHRONOLOGY = "chronology"  # put three to five events in order
    TRUE_FALSE = "truefalse"   # the statement, or a falsified variant
    MATCHING = "matching"      # pairs: people and roles, agreements and dates, ...


def card_id(fact_id: str, generator: str, variant: str) -> str:
    """The stable id: `fact_id:generator:variant`."""
    return f"{fact_id}:{generator}:{variant}"


@dataclass(frozen=True, slots=True)
class Card:
    """One question, immutable (make changed copies with `dataclasses.replace`).

    `answer` is the canonical answer as shown. For choice cards, `options` are the four
    options in display order and `answer` is the correct one; for chronology cards,
    `options` are the events in display (shuffled) order and `answer_order` the correct
    order of their indexes; for true/false, `answer` is "True" or "False"; for matching,
    `options` are the left items and `pairs` the correct (left, right) pairs.
    `accepted` lists other answers a typed reply may match (aliases, other date forms).
    `answer_kind` says what the answer is (a date, a person, ... or a description, which no
    machine can judge: such a card is revealed and self-graded, see `typed`); `confusables`
    are other known names a typed answer could be taken for, which are never accepted.
    """

    id: str
    type: CardType
    deck_id: str
    prompt: str
    answer: str
    fact_ids: tuple[str, ...]
    sources: tuple[Source, ...]
    options: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    answer_order: tuple[int, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    statement: str = ""  # the fact's statement, shown after the answer
    generator: str = ""
    variant: str = ""
    answer_kind: AnswerKind = AnswerKind.TEXT
    confusables: tuple[str, ...] = ()

    @property
    def typed(self) -> bool:
        """Whether the answer is typed and checked: a question-and-answer or cloze card whose
        answer a machine can judge (a date, number, name, place or agreement). A description
        is shown, revealed and graded by the student."""
        return self.type in (CardType.QA, CardType.CLOZE) and self.answer_kind.judged

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type.value,
            "deck": self.deck_id,
            "prompt": self.prompt,
            "answer": self.answer,
            "options": list(self.options),
            "accepted": list(self.accepted),
        }
        if self.answer_order:
            out["answer_order"] = list(self.answer_order)
        if self.pairs:
            out["pairs"] = [list(p) for p in self.pairs]
        if self.answer_kind is not AnswerKind.TEXT:
            out["answer_kind"] = self.answer_kind.value
        if self.confusables:
            out["confusables"] = list(self.confusables)
        out["statement"] = self.statement
        out["fact_ids"] = list(self.fact_ids)
        out["sources"] = [{"seed": s.seed, "quote": s.quote} for s in self.sources]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Card:
        """Inverse of `to_dict`: the collection stores cards this way."""
        return cls(
            id=data["id"],
            type=CardType(data["type"]),
            deck_id=data["deck"],
            prompt=data["prompt"],
            answer=data["answer"],
            fact_ids=tuple(data["fact_ids"]),
            sources=tuple(Source(s["seed"], s["quote"]) for s in data["sources"]),
            options=tuple(data.get("options", ())),
            accepted=tuple(data.get("accepted", ())),
            answer_order=tuple(data.get("answer_order", ())),
            pairs=tuple((a, b) for a, b in data.get("pairs", ())),
            statement=data.get("statement", ""),
            generator=data["id"].split(":")[1] if data["id"].count(":") >= 2 else "",
            variant=data["id"].split(":", 2)[2] if data["id"].count(":") >= 2 else "",
            answer_kind=AnswerKind(data.get("answer_kind", AnswerKind.TEXT.value)),
            confusables=tuple(data.get("confusables", ())),
        )
