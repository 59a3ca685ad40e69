"""Widgets of the review app: each gets its data as attributes and posts messages up."""

from __future__ import annotations

from rich.text import Text


def plain(text: str, style: str = "") -> Text:
    """Card and fact text as a literal `Text`: `[bold]` stays `[bold]`, never markup."""
    return Text(text, style=style)
