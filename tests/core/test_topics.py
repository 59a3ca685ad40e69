"""One title for a topic wherever it is shown (Anki subdecks, quiz titles)."""

from __future__ import annotations

import pytest

from studykit.core.topics import topic_title


@pytest.mark.parametrize(("topic", "title"), [
    ("battle-of-baku", "Battle of Baku"),
    ("occupation-by-britain", "Occupation by Britain"),  # once "Occupation By Britain" in quiz titles
    ("sovietization-of-the-caucasus", "Sovietization of the Caucasus"),
    ("dagestan-1918", "Dagestan 1918"),
    ("the-end", "The End"),
    ("what-it-stood-for", "What It Stood For"),  # a small word last is capitalized
    ("mudros", "Mudros"),
])
def test_topic_titles(topic: str, title: str) -> None:
    assert topic_title(topic) == title


def test_the_anki_export_and_the_quiz_builder_share_it() -> None:
    from studykit.core.quiz import builder
    from studykit.export import anki

    assert anki.topic_title is builder.topic_title is topic_title
