"""Widgets of the review app: each gets its data as attributes and posts messages up."""

from __future__ import annotations

from rich.text import Text

from studykit.core.text import visible


def plain(text: str, style: str = "") -> Text:
    """Card and fact text as a literal `Text`: `[bold]` stays `[bold]`, never markup, and a
    control character shows as its escape (`\\x1b`) instead of reaching the terminal."""
    return Text(visible(text), style=style)


def drawn_width(text: str) -> int:
    """The cells a terminal draws `text` in. Rich counts a spacing vowel sign (Unicode Mc:
    Bengali "া", "ে", "ি") as 0 cells; terminals (wcwidth) draw it in one."""
    import unicodedata

    from rich.cells import cell_len

    return cell_len(text) + sum(1 for ch in text if unicodedata.category(ch) == "Mc")


def misdrawn(text: str) -> bool:
    """Whether Rich would measure `text` narrower than a terminal draws it."""
    import unicodedata

    return not text.isascii() and any(unicodedata.category(ch) == "Mc" for ch in text)


def wrap_drawn(text: str, width: int) -> str:
    """`text` wrapped at spaces so that no line is drawn wider than `width` cells, measured as
    terminals draw it (`drawn_width`): Rich then never wraps it itself, at its narrower measure."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and drawn_width(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)
