"""The tags of a fact's cards, as Anki shows them: `kind::event`, `topic::battle-of-baku`,
`lang::bn`. The Anki export writes them on the notes and the card browser searches them
(`tag:topic::battle-of-baku`), so a student finds a card by the same tag in both. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from studykit.core.facts import Fact


def fact_tags(facts: Iterable[Fact], language_codes: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The tags of a card over `facts`: each fact's kind and topics, and the language of each
    seed it cites where `language_codes` (seed file -> code) knows it. Anki tags have no spaces."""
    tags: dict[str, None] = {}
    for fact in facts:
        tags[f"kind::{fact.kind}"] = None
        for topic in fact.topics:
            tags[f"topic::{topic}"] = None
        for seed in fact.seeds:
            code = (language_codes or {}).get(seed)
            if code:
                tags[f"lang::{code}"] = None
    return tuple(tag.replace(" ", "_") for tag in tags)
