"""Topics as headings: a fact's topics are slugs ("battle-of-baku"), and everything that shows
one as a title (Anki subdecks, quiz titles) shows it the same way."""

from __future__ import annotations

# Articles, coordinating conjunctions and short prepositions stay in lower case inside a title.
SMALL_WORDS = frozenset({
    "a", "an", "the", "and", "but", "or", "nor",
    "as", "at", "by", "for", "from", "in", "into", "of", "on", "to", "with",
})


def topic_title(topic: str) -> str:
    """`battle-of-baku` -> `Battle of Baku`, `occupation-by-britain` -> `Occupation by Britain`:
    every word capitalized but the small ones, which keep lower case unless first or last."""
    words = topic.split("-")
    last = len(words) - 1
    return " ".join(
        word if 0 < i < last and word in SMALL_WORDS else word[:1].upper() + word[1:] for i, word in enumerate(words)
    )
