"""The help screen's content: every key of every screen, read from the bindings themselves.

Built from the classes' public `BINDINGS` (each with an id), with the user's keymap applied,
so the help can never list a key the app does not have.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding, BindingType
from textual.screen import Screen

from studykit.tui.screens.modals import KeyHelp

KEY_NAMES = {
    "space": "Space", "enter": "Enter", "escape": "Esc", "question_mark": "?", "at": "@",
    "left_square_bracket": "[", "right_square_bracket": "]", "up": "↑", "down": "↓",
    "shift+up": "⇧↑", "shift+down": "⇧↓", "ctrl+q": "^q", "ctrl+c": "^c", "ctrl+t": "^t",
    "ctrl+p": "^p", "f1": "F1", "exclamation_mark": "!", "slash": "/", "ctrl+f": "^f", "ctrl+a": "^a",
    "ctrl+s": "^s", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End", "B": "⇧b",
    "O": "⇧o", "L": "⇧l",
}
ANSWERING = ("Multiple choice", "Put in order, match pairs", "True or false")


MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


def keymap_problems(keymap: Mapping[str, str]) -> list[str]:
    """What is wrong in a user's keymap, one line each: a binding id no screen has (with the
    nearest one), a key name Textual does not know. Empty when it is all right."""
    import difflib

    known = sorted({binding.id for _, bindings in _sections() for binding in bindings
                    if isinstance(binding, Binding) and binding.id})
    problems = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            near = difflib.get_close_matches(binding_id, known, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else " (press ? in the app to see every binding id)"
            problems.append(f"unknown binding id {binding_id!r}{hint}")
            continue
        for key in keys.split(","):
            if not is_key_name(key.strip()):
                problems.append(f"{binding_id!r} = {keys!r}: {key.strip()!r} is not a key name "
                                "(e.g. \"g\", \"ctrl+g\", \"space\", \"enter\", \"question_mark\")")
    return problems


def is_key_name(key: str) -> bool:
    """Whether Textual knows `key`: a character or a key's name, after any modifiers ("ctrl+g")."""
    import unicodedata

    from textual.keys import Keys

    *modifiers, name = key.split("+")
    if not name or any(m not in MODIFIERS for m in modifiers):
        return False
    if (len(name) == 1 and name.isprintable()) or name in {k.value for k in Keys}:
        return True
    try:  # a character by its name, as Textual names them: "question_mark", "left_square_bracket"
        return len(unicodedata.lookup(name.replace("_", " ").upper())) == 1
    except KeyError:
        return False


def _sections() -> list[tuple[str, Iterable[BindingType]]]:
    """Every screen's bindings, by section, the app's own first."""
    from studykit.tui.app import StudyApp
    from studykit.tui.screens.browser import BrowserScreen, CardInfoScreen, ConfirmScreen
    from studykit.tui.screens.decks import DecksScreen
    from studykit.tui.screens.modals import SourceScreen
    from studykit.tui.screens.options import OptionsScreen
    from studykit.tui.screens.outcomes import NothingDueScreen, SummaryScreen
    from studykit.tui.screens.review import ReviewScreen
    from studykit.tui.screens.stats import StatsScreen
    from studykit.tui.widgets.answering import ChoiceList, ReorderList, TrueFalse
    from studykit.tui.widgets.cardtable import CardTable

    sections: list[tuple[str, Iterable[BindingType]]] = [
        ("Review", ReviewScreen.BINDINGS),
        ("Multiple choice", ChoiceList.BINDINGS),
        ("Put in order, match pairs", ReorderList.BINDINGS),
        ("True or false", TrueFalse.BINDINGS),
        ("Decks", DecksScreen.BINDINGS),
        ("Card browser", [*BrowserScreen.BINDINGS, *CardTable.BINDINGS]),
        ("Card info", CardInfoScreen.BINDINGS),
        ("Confirm", ConfirmScreen.BINDINGS),
        ("Deck options", OptionsScreen.BINDINGS),
        ("Nothing due", NothingDueScreen.BINDINGS),
        ("Summary", SummaryScreen.BINDINGS),
        ("Statistics", StatsScreen.BINDINGS),
        ("Source passage", SourceScreen.BINDINGS),
    ]
    everywhere = [*StudyApp.BINDINGS, Binding("ctrl+p", "command_palette", "Command palette", id="app.palette")]
    return [("Everywhere", everywhere), *sections]


def key_help(screen: Screen[object], *, sm2: bool, keymap: Mapping[str, str]) -> list[KeyHelp]:
    """Every key: the app's, then the current screen's, then every other screen's."""
    from studykit.tui.screens.browser import BrowserScreen
    from studykit.tui.screens.decks import DecksScreen
    from studykit.tui.screens.options import OptionsScreen
    from studykit.tui.screens.outcomes import NothingDueScreen, SummaryScreen
    from studykit.tui.screens.review import ReviewScreen
    from studykit.tui.screens.stats import StatsScreen

    everywhere, *sections = _sections()
    current = {ReviewScreen: "Review", DecksScreen: "Decks", NothingDueScreen: "Nothing due",
               SummaryScreen: "Summary", StatsScreen: "Statistics", BrowserScreen: "Card browser",
               OptionsScreen: "Deck options"}.get(type(screen))
    sections.sort(key=lambda item: item[0] != current and not (current == "Review" and item[0] in ANSWERING))
    sections.insert(0, everywhere)
    out: list[KeyHelp] = []
    for section, bindings in sections:
        for binding in bindings:
            if not isinstance(binding, Binding) or not _in_mode(binding, sm2):
                continue
            if binding.id and binding.id.startswith("choice.option"):
                if binding.id == "choice.option1":
                    out.append(KeyHelp(section, "1 … 9", "Pick option n at once", "choice.option1 … 9"))
                continue
            if binding.id and binding.id.startswith("browser.flag") and binding.id != "browser.flag0":
                if binding.id == "browser.flag1":
                    out.append(KeyHelp(section, "1 … 7", "Flag red, orange, green, blue, pink, turquoise, purple "
                                       "(the same again: off)", "browser.flag1 … 7"))
                continue
            keys = keymap.get(binding.id or "", binding.key)
            out.append(KeyHelp(section, display(keys), binding.tooltip or binding.description, binding.id))
    return out


def display(keys: str) -> str:
    return " ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def _in_mode(binding: Binding, sm2: bool) -> bool:
    """Only the grade keys of the mode in use: 1–4 buttons, or SM-2 qualities 0–5."""
    if (binding.id or "").startswith("review.quality"):
        return sm2
    if binding.id in ("review.again", "review.hard", "review.good", "review.easy"):
        return not sm2
    return True
