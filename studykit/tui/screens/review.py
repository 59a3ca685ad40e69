"""The review screen: shows one card, takes the answer its type asks for, posts the grade.

It keeps no queue and schedules nothing: the app sets `step` (the card and the session's
progress, from the core session) and the screen posts `Graded`, `UndoRequested`,
`BuryRequested`, `SuspendRequested`, `SourceRequested` or `EndRequested` up.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from studykit.core.cards import Card, CardType
from studykit.core.notecards import AnyCard, NoteCard
from studykit.study.views import Step
from studykit.tui.grading import Grading, Outcome, check_outcome
from studykit.tui.widgets import plain
from studykit.tui.widgets.answering import ChoiceList, ReorderList, TrueFalse, TypedAnswer
from studykit.tui.widgets.notes import NoteSide
from studykit.tui.widgets.panes import AnswerPane, GradeBar, SessionProgress

TYPE_LABELS = {
    CardType.QA: "Question",
    CardType.CHOICE: "Multiple choice",
    CardType.CLOZE: "Fill the gap",
    CardType.CHRONOLOGY: "Put in order",
    CardType.TRUE_FALSE: "True or false?",
    CardType.MATCHING: "Match the pairs",
}
HOW_TO = {
    CardType.CHOICE: "1–4 or ↑↓ Enter",
    CardType.CHRONOLOGY: "↑↓ select · Shift+↑↓ or Space+↑↓ move · Enter check (earliest on top)",
    CardType.MATCHING: "↑↓ select · Shift+↑↓ or Space+↑↓ move · Enter check",
    CardType.TRUE_FALSE: "t true · f false · Space shows the answer",
}
SELF_GRADED = "Recall the answer · Space or Enter shows it · then grade yourself 1–4"
SELF_GRADED_SM2 = "Recall the answer · Space or Enter shows it · then grade yourself 0–5"


def matching_rights(card: Card) -> tuple[str, ...]:
    """The right-hand items of a matching card in a shuffled order stable for the card."""
    rights = [right for _, right in card.pairs]
    random.Random(card.id).shuffle(rights)
    if len(rights) > 1 and rights == [right for _, right in card.pairs]:
        rights = rights[1:] + rights[:1]
    return tuple(rights)


def answer_text(card: Card) -> str:
    """The right answer as the answer side shows it: the order or the pairs, one a line."""
    if card.type is CardType.CHRONOLOGY and card.answer_order:
        return "".join(f"\n  {n}. {card.options[i]}" for n, i in enumerate(card.answer_order, 1))
    if card.type is CardType.MATCHING and card.pairs:
        return "".join(f"\n  {left} — {right}" for left, right in card.pairs)
    return card.answer


class ReviewScreen(Screen[None]):
    """One card at a time; grades go up as messages."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Show answer", id="review.reveal", tooltip="Show the answer"),
        Binding("space,enter", "accept", "Next", id="review.accept",
                tooltip="Take the suggested grade and go on"),
        Binding("1", "grade('again')", "Again", show=False, id="review.again", tooltip="Forgot: see it again soon"),
        Binding("2", "grade('hard')", "Hard", show=False, id="review.hard", tooltip="Recalled with difficulty"),
        Binding("3", "grade('good')", "Good", show=False, id="review.good", tooltip="Recalled"),
        Binding("4", "grade('easy')", "Easy", show=False, id="review.easy", tooltip="Recalled at once"),
        *[
            Binding(str(q), f"quality({q})", f"Quality {q}", show=False, id=f"review.quality{q}",
                    tooltip=f"SM-2 quality {q}")
            for q in range(6)
        ],
        Binding("s", "source", "Source", id="review.source",
                tooltip="Show the source passage of this fact (an imported card: its note's fields)"),
        Binding("p,r", "play", "Play", id="review.play", tooltip="Play the card's sound (again: the next one)"),
        Binding("h", "hints", "Hints", id="review.hints", tooltip="Show the card's hints"),
        Binding("o", "open_image", "Image", id="review.image",
                tooltip="Open the card's picture in the system's viewer (again: the next one)"),
        Binding("u", "undo", "Undo", id="review.undo", tooltip="Undo the last grade"),
        Binding("b", "bury", "Bury", id="review.bury", tooltip="Bury: skip this card until tomorrow"),
        Binding("at,!", "suspend", "Suspend", id="review.suspend", key_display="@",
                tooltip="Suspend: never show this card until unsuspended"),
        Binding("B", "browse", "Browse", show=False, id="review.browse",
                tooltip="This card in the card browser: its schedule and history; suspend, flag, reset"),
        Binding("escape,q", "end", "End", id="review.end", tooltip="End the session and see the summary"),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, id="review.scroll_up",
                tooltip="Scroll the card up (a long card at a small size)"),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False, id="review.scroll_down",
                tooltip="Scroll the card down"),
    ]

    class Graded(Message):
        """The student graded `card_id`: `grade` is a button name or an SM-2 quality."""

        def __init__(self, card_id: str, grade: str | int, answer_seconds: float) -> None:
            super().__init__()
            self.card_id = card_id
            self.grade = grade
            self.answer_seconds = answer_seconds

    class UndoRequested(Message):
        pass

    class BuryRequested(Message):
        def __init__(self, card_id: str) -> None:
            super().__init__()
            self.card_id = card_id

    class SuspendRequested(Message):
        def __init__(self, card_id: str) -> None:
            super().__init__()
            self.card_id = card_id

    class PlayRequested(Message):
        """Play a sound of an imported card (`name` as the card uses it)."""

        def __init__(self, card: NoteCard, name: str) -> None:
            super().__init__()
            self.card = card
            self.name = name

    class ImageRequested(Message):
        """Open an image of an imported card (`name` as the card uses it)."""

        def __init__(self, card: NoteCard, name: str) -> None:
            super().__init__()
            self.card = card
            self.name = name

    class SourceRequested(Message):
        def __init__(self, card: AnyCard) -> None:
            super().__init__()
            self.card = card

    class EndRequested(Message):
        pass

    class BrowseRequested(Message):
        def __init__(self, card_id: str) -> None:
            super().__init__()
            self.card_id = card_id

    step: reactive[Step | None] = reactive(None, init=False, always_update=True)
    revealed: reactive[bool] = reactive(False, bindings=True)
    busy: reactive[bool] = reactive(False, bindings=True)

    def __init__(
        self, *, title: str, grading: Grading, clock: Callable[[], float], step: Step | None = None,
    ) -> None:
        """`step`: the first card, drawn with the screen itself (the quickest first card);
        the app sets `step` for each card after it."""
        super().__init__()
        self.deck_title = title
        self.grading = grading
        self.clock = clock
        self.shown_at = 0.0
        self.outcome: Outcome | None = None
        self.cards_shown = 0  # how many times a card was put up (tests wait on it)
        self.sound = 0  # which of the side's sounds the play key plays next
        self.image = 0  # which of the side's images the image key opens next
        self.typed = ""  # an imported type-in card's answer, for the comparison on its answer side
        self.set_reactive(ReviewScreen.step, step)
        self.set_reactive(ReviewScreen.busy, step is not None)  # until the card is put up, on mount

    def compose(self) -> ComposeResult:
        card = self.step.card if self.step is not None else None
        with Vertical(id="review-top"):
            yield Static(plain(self.deck_title), id="review-title")
            yield SessionProgress(id="progress")
        with VerticalScroll(id="card", can_focus=False):
            yield Static(id="card-kind")
            yield NoteSide(id="prompt")
            with Vertical(id="answering"):
                widget = None if card is None else self._answering_widget(card)
                if widget is not None:
                    yield widget
            yield AnswerPane(id="answer")
        yield GradeBar(id="grades")

    def on_mount(self) -> None:
        if self.step is not None and self.step.card is not None:
            self._put_up(self.step)
        self.busy = False
        self.call_after_refresh(self._add_footer)

    async def _add_footer(self) -> None:
        """The footer comes after the first card is drawn: the card is on screen sooner.
        (Not `textual.lazy.Lazy`: it fails when the app quits before that first frame.)"""
        from textual.widgets import Footer  # with it: nothing of it is needed for the first card

        if self.is_attached and not self.query(Footer):
            await self.mount(Footer())
            self.refresh_bindings()  # a footer shows the keys at the next change of bindings: now

    # -- attributes down -------------------------------------------------------------

    async def watch_step(self, step: Step | None) -> None:
        if step is None or step.card is None:
            self.busy = False
            return
        with self.app.batch_update():  # one frame: never the new prompt above the old answer
            answering = self.query_one("#answering", Vertical)
            await answering.remove_children()
            widget = self._answering_widget(step.card)
            if widget is not None:
                await answering.mount(widget)
            self._put_up(step)
        self.busy = False

    def show_progress(self, step: Step) -> None:
        """The session changed around the card on screen (the browser gave a card back): the new
        counts, the card left as it is, answered or not."""
        self.set_reactive(ReviewScreen.step, step)
        self._show_progress(step)
        if self.revealed:  # the card's schedule may have changed too (reset in the browser)
            self.query_one(GradeBar).intervals = self.grading.intervals(step.button_previews, step.quality_previews)

    def _show_progress(self, step: Step) -> None:
        progress = self.query_one(SessionProgress)
        progress.total = step.done + step.remaining
        progress.done = step.done
        progress.detail = step.detail

    def _put_up(self, step: Step) -> None:
        """Show the step's card, its answering widget already mounted, and the progress."""
        card = step.card
        assert card is not None
        self._show_progress(step)
        self.revealed = False
        self.outcome = None
        self.query_one(AnswerPane).display = False
        self.query_one(GradeBar).display = False
        self.sound, self.image, self.typed = 0, 0, ""
        prompt = self.query_one("#prompt", NoteSide)
        if isinstance(card, NoteCard):
            kind = plain(card.note_type, "bold")
            kind.append_text(plain(f" · {card.template}" if card.template else "", "dim"))
            if step.label:
                kind.append(f"  ·  {step.label}", style="dim")
            kind.append_text(plain(f"\n{card.deck}", "dim"))
            prompt.add_class("note")
            prompt.show(card.question, slot=Text("[type your answer below]", style="dim"))
            keys = self._note_keys(card, question=True)
            if keys:
                kind.append(f"\n{keys}", style="dim")
        else:
            kind = Text(TYPE_LABELS.get(card.type, card.type.value), style="bold")
            if step.label:
                kind.append(f"  ·  {step.label}", style="dim")
            if card.type in HOW_TO:
                kind.append(f"\n{HOW_TO[card.type]}", style="dim")
            elif card.type in (CardType.QA, CardType.CLOZE) and not card.typed:  # a description: nothing to type
                kind.append(f"\n{SELF_GRADED_SM2 if self.grading.sm2 else SELF_GRADED}", style="dim")
            prompt.remove_class("note")
            prompt.show("")
            prompt.update(plain(card.prompt))
        self.query_one("#card-kind", Static).update(kind)
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        widget = self._answering()
        if isinstance(widget, TypedAnswer):
            widget.focus_input()
        elif widget is not None:
            widget.focus()
        else:
            self.set_focus(None)
        self.shown_at = self.clock()
        self.cards_shown += 1

    def _note_keys(self, card: NoteCard, *, question: bool) -> str:
        """The keys an imported card's side offers: play its sounds, show its hints."""
        prompt = self.query_one("#prompt", NoteSide) if self.is_mounted else None
        document = prompt.document if prompt is not None else None
        html = card.question if question else card.answer
        parts = []
        if "[sound:" in html or "<audio" in html.lower() or "<video" in html.lower():
            parts.append("p plays the sound")
        if "<img" in html.lower():
            parts.append("o opens the picture")
        if question and document is not None and document.hints:
            parts.append("h shows the hints")
        if card.type_in is not None and question:
            parts.append("type the answer, Enter checks it")
        return " · ".join(parts)

    @staticmethod
    def _answering_widget(card: AnyCard) -> TypedAnswer | ChoiceList | ReorderList | TrueFalse | None:
        if isinstance(card, NoteCard):
            return TypedAnswer() if card.type_in is not None else None
        if card.type in (CardType.QA, CardType.CLOZE):
            return TypedAnswer() if card.typed else None  # a description is recalled, revealed, self-graded
        if card.type is CardType.CHOICE:
            return ChoiceList(card.options)
        if card.type is CardType.CHRONOLOGY:
            return ReorderList(card.options)
        if card.type is CardType.MATCHING:
            return ReorderList(matching_rights(card), labels=[left for left, _ in card.pairs])
        if card.type is CardType.TRUE_FALSE:
            return TrueFalse()
        return None

    def on_click(self) -> None:
        """A click anywhere on the question side gives the keys back to the answering widget."""
        if not self.revealed:
            widget = self._answering()
            if isinstance(widget, TypedAnswer):
                widget.focus_input()
            elif widget is not None and widget.can_focus:
                widget.focus()

    # -- answering -------------------------------------------------------------------

    def on_typed_answer_submitted(self, message: TypedAnswer.Submitted) -> None:
        message.stop()
        message.control.freeze()
        self.typed = message.text
        self._reveal(check_outcome(self._card(), typed=message.text))

    def on_choice_list_chosen(self, message: ChoiceList.Chosen) -> None:
        message.stop()
        card = self._fact_card()
        outcome = check_outcome(card, chosen=message.index)
        message.control.show_result(message.index, card.options.index(card.answer))
        self._reveal(outcome)

    def on_reorder_list_checked(self, message: ReorderList.Checked) -> None:
        message.stop()
        card = self._fact_card()
        if card.type is CardType.MATCHING:
            rights = matching_rights(card)
            expected = tuple(rights.index(right) for _, right in card.pairs)
            made = [(left, rights[i]) for (left, _), i in zip(card.pairs, message.order)]
            outcome = check_outcome(card, pairs=made)
        else:
            expected = card.answer_order
            outcome = check_outcome(card, order=message.order, expected=expected)
        message.control.show_result(expected)
        self._reveal(outcome)

    def on_true_false_chosen(self, message: TrueFalse.Chosen) -> None:
        message.stop()
        card = self._fact_card()
        outcome = check_outcome(card, truth=message.value)
        message.control.show_result(message.value, card.answer.strip().lower() == "true")
        self._reveal(outcome)

    def _reveal(self, outcome: Outcome) -> None:
        card = self._card()
        self.outcome = outcome
        pane = self.query_one(AnswerPane)
        pane.verdict = outcome.verdict
        if isinstance(card, NoteCard):
            self.sound = 0
            self.query_one("#prompt", NoteSide).show(card.answer, slot=self._comparison(card))
            pane.answer = ""
            pane.detail = None
            pane.statement = ""
            pane.source_label = "note fields"
            pane.keys = self._note_keys(card, question=False)
            pane.has_source = True
        else:
            # An order or a set of pairs is spelled out only when the student's was wrong.
            pane.answer = "" if outcome.correct and card.type in (CardType.CHRONOLOGY, CardType.MATCHING) \
                else answer_text(card)
            pane.detail = outcome.detail
            pane.statement = card.statement
            pane.source_label = "source passage"
            pane.keys = ""
            pane.has_source = bool(card.sources)
        pane.display = True
        bar = self.query_one(GradeBar)
        bar.grades = self.grading.keys
        step = self.step
        bar.intervals = () if step is None else self.grading.intervals(step.button_previews, step.quality_previews)
        bar.suggested = self.grading.key_for(outcome)
        bar.display = True
        self.set_focus(None)
        self.revealed = True
        self.call_after_refresh(self._scroll_to_answer)

    def _scroll_to_answer(self) -> None:
        self.query_one("#card", VerticalScroll).scroll_end(animate=False)

    def _comparison(self, card: NoteCard) -> Text:
        """Where a type-in card's answer box was: what was typed and what was expected."""
        expected = card.type_in.expected if card.type_in is not None else ""
        out = Text()
        if self.typed:
            out.append("you typed: ", style="dim")
            out.append(self.typed, style="bold")
            out.append("\n")
        out.append("expected:  ", style="dim")
        out.append(expected, style="bold")
        return out

    def _card(self) -> AnyCard:
        assert self.step is not None and self.step.card is not None
        return self.step.card

    def _fact_card(self) -> Card:
        card = self._card()
        assert isinstance(card, Card)
        return card

    # -- keys ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.step is None or self.step.card is None or self.busy:
            return None if action not in ("end",) else True
        if action == "grade":
            return self.revealed and not self.grading.sm2
        if action == "quality":
            return self.revealed and self.grading.sm2
        if action == "reveal":
            return not self.revealed
        if action == "accept":  # Enter takes a suggestion; with none, the student grades 1–4
            return self.revealed and self.outcome is not None and self.grading.suggestion(self.outcome) is not None
        if action == "source":
            card = self._card()
            return self.revealed and (isinstance(card, NoteCard) or bool(card.sources))
        if action == "play":
            return bool(self._sounds())
        if action == "open_image":
            return bool(self._images()) and not isinstance(self.focused, Input)
        if action == "hints":
            prompt = self.query_one("#prompt", NoteSide)
            return not self.revealed and prompt.document is not None and bool(prompt.document.hints) \
                and not isinstance(self.focused, Input)
        # Typed into the answer box, these letters are text: Esc first leaves the box.
        return not (action in ("undo", "bury", "suspend", "browse") and isinstance(self.focused, Input))

    def action_reveal(self) -> None:
        if not self.revealed:
            widget = self._answering()
            if isinstance(widget, TypedAnswer):
                widget.freeze()
            self._reveal(check_outcome(self._card()))

    def action_accept(self) -> None:
        if self.revealed and self.outcome is not None:
            suggested = self.grading.suggestion(self.outcome)
            if suggested is not None:
                self._post_grade(suggested)

    def _answering(self) -> Widget | None:
        children = self.query_one("#answering", Vertical).children
        return children[0] if children else None

    def action_grade(self, name: str) -> None:
        self._post_grade(name)

    def action_quality(self, quality: int) -> None:
        self._post_grade(quality)

    def _post_grade(self, grade: str | int) -> None:
        if self.busy or not self.revealed:
            return
        self.busy = True
        self.post_message(self.Graded(self._card().id, grade, max(self.clock() - self.shown_at, 0.0)))

    def action_scroll(self, direction: int) -> None:
        card = self.query_one("#card", VerticalScroll)
        if direction < 0:
            card.scroll_page_up(animate=False)
        else:
            card.scroll_page_down(animate=False)

    def action_source(self) -> None:
        self.post_message(self.SourceRequested(self._card()))

    def _sounds(self) -> tuple[str, ...]:
        card = self.step.card if self.step is not None else None
        document = self.query_one("#prompt", NoteSide).document
        if not isinstance(card, NoteCard) or document is None:
            return ()
        return document.sounds()

    def action_play(self) -> None:
        card = self._card()
        sounds = self._sounds()
        if isinstance(card, NoteCard) and sounds:
            name = sounds[self.sound % len(sounds)]
            self.sound += 1
            self.post_message(self.PlayRequested(card, name))

    def _images(self) -> tuple[str, ...]:
        card = self.step.card if self.step is not None else None
        document = self.query_one("#prompt", NoteSide).document
        if not isinstance(card, NoteCard) or document is None:
            return ()
        return document.images()

    def action_open_image(self) -> None:
        card = self._card()
        images = self._images()
        if isinstance(card, NoteCard) and images:
            name = images[self.image % len(images)]
            self.image += 1
            self.post_message(self.ImageRequested(card, name))

    def action_hints(self) -> None:
        prompt = self.query_one("#prompt", NoteSide)
        card = self._card()
        if isinstance(card, NoteCard):
            prompt.show(prompt.html, slot=prompt.slot, shown_hints=not prompt.shown_hints)

    def action_undo(self) -> None:
        if not self.busy:
            self.busy = True
            self.post_message(self.UndoRequested())

    def action_bury(self) -> None:
        if not self.busy:
            self.busy = True
            self.post_message(self.BuryRequested(self._card().id))

    def action_suspend(self) -> None:
        if not self.busy:
            self.busy = True
            self.post_message(self.SuspendRequested(self._card().id))

    def action_browse(self) -> None:
        if not self.busy:
            self.post_message(self.BrowseRequested(self._card().id))

    def action_end(self) -> None:
        if isinstance(self.focused, Input):  # Esc in the answer box first leaves the box
            self.set_focus(None)
            return
        self.post_message(self.EndRequested())
