"""Widgets of the review app: each gets its data as attributes and posts messages up."""

from __future__ import annotations

from rich.text import Text

from studykit.core.text import visible


def plain(text: str, style: str = "") -> Text:
    """Card and fact text as a literal `Text`: `[bold]` stays `[bold]`, never markup, and a
    control character shows as its escape (`\\x1b`) instead of reaching the terminal."""
    return Text(visible(text), style=style)
