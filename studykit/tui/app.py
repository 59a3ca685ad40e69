"""The review app and `make_app`, the one factory the CLI, the tests and the benchmark use.

The app routes: screens post messages up, the app awaits the service (the application layer,
`studykit.study`, on the collection's thread) in workers, and sets the results on the screens.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from studykit.core.cards import Card
from studykit.core.notecards import AnyCard, NoteCard
from studykit.core.session import SessionConfig
from studykit.study.errors import BadQuery, NotSaved, StudyError
from studykit.study.views import NothingDue, Step
from studykit.tui.grading import Grading
from studykit.tui.screens.review import ReviewScreen
from studykit.tui.service import StudyService

if TYPE_CHECKING:  # the other screens are imported when first shown: a quick first card
    from studykit.core.facts import Deck
    from studykit.sources import CardSource
    from studykit.study.study import Study
    from studykit.tui.screens.browser import BrowserScreen
    from studykit.tui.screens.decks import DecksScreen
    from studykit.tui.screens.outcomes import NothingDueScreen, SummaryScreen

DARK, LIGHT = "textual-dark", "textual-light"
# The ids of the decks and nothing-due screens: they tell them apart without importing their modules.
DECKS, NOTHING_DUE = "decks", "nothing-due"


class StudyApp(App[None]):
    """Decks → review → summary, with stats, help, the source passage and the command palette."""

    CSS_PATH = "studykit.tcss"
    TITLE = "studykit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q,ctrl+c", "quit", "Quit", id="app.quit", priority=True, show=False,
                tooltip="Quit; every graded review is already saved"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Every key of this screen"),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme", show=False, tooltip="Light or dark theme"),
    ]

    def __init__(
        self,
        service: StudyService,
        *,
        deck: str | None = None,
        sm2: bool = False,
        clock: Callable[[], float] = time.monotonic,
        theme: str | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.start_deck = deck
        self.grading = Grading(sm2=sm2)
        self.clock = clock
        self.user_keymap = dict(keymap or {})
        self.deck_id: str | None = None
        self.startup_error: str | None = None  # why the app stopped early (the CLI prints it, exit 2)
        self.session_title = ""
        self.theme = {"dark": DARK, "light": LIGHT}.get(theme or "dark", theme or DARK)
        if self.user_keymap:
            self.set_keymap(self.user_keymap)

    # -- start ------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.start_deck is None:
            from studykit.tui.screens.decks import DecksScreen

            self.push_screen(DecksScreen())
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        """Open the collection; then the decks screen, or with `--deck` the first card at once."""
        try:
            await self.service.open()
            if self.start_deck is not None:
                await self._start(self.start_deck, "review")
        except StudyError as error:  # the CLI prints it and exits with status 2
            self.startup_error = str(error)
            self.exit(return_code=2)
            return
        decks = self._decks_screen()
        if decks is not None:
            try:
                decks.rows = tuple(await self.service.deck_rows())
            except StudyError as error:
                self.stop(str(error))
                return
        self.call_after_refresh(self.check_collection)
        self.call_after_refresh(self.sync_decks)

    @work(group="check")
    async def check_collection(self) -> None:
        """The check of the whole file, started once the first screen is drawn (before, it would
        only slow the start down), ends while the student reads it (about a second at a million
        reviews): a damaged collection stops the app before anything is graded (no write would
        be made into it anyway: a grade waits for the check, `storage.integrity`)."""
        try:
            await self.service.check()
        except StudyError as error:
            self.stop(str(error))

    @work(group="sync")
    async def sync_decks(self) -> None:
        """After the first screen: if the decks changed since the last sync, read them and sync
        the collection, off the event loop."""
        from studykit.tui.screens.decks import DecksScreen

        try:
            if not await self.service.sync_sources():
                return
        except StudyError as error:
            self.notify(f"The decks could not be synced; studying the collection as it is.\n{error}",
                        severity="warning", markup=False, timeout=10)
            return
        if isinstance(self.screen, DecksScreen):
            self.screen.rows = tuple(await self.service.deck_rows())

    def _decks_screen(self) -> DecksScreen | None:
        for screen in self.screen_stack:
            if screen.id == DECKS:
                return cast("DecksScreen", screen)
        return None

    async def _back_to_decks(self) -> None:
        try:
            await self._show_decks()
        except StudyError as error:
            self.stop(str(error))

    async def _show_decks(self) -> None:
        from studykit.tui.screens.decks import DecksScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, DecksScreen):
            await self.pop_screen()
        if not isinstance(self.screen, DecksScreen):  # `--deck` started without it
            await self.push_screen(DecksScreen())
        screen = self.screen
        assert isinstance(screen, DecksScreen)
        screen.rows = tuple(await self.service.deck_rows())

    # -- sessions ---------------------------------------------------------------------

    def on_decks_screen_chosen(self, message: DecksScreen.Chosen) -> None:
        self.start_session(message.deck_id, message.mode)

    def on_nothing_due_screen_chosen(self, message: NothingDueScreen.Chosen) -> None:
        if message.mode == "decks":
            self.run_worker(self._back_to_decks(), exclusive=True, group="session")
        else:
            self.start_session(self.deck_id, message.mode)

    @work(exclusive=True, group="session")
    async def start_session(self, deck_id: str | None, mode: str) -> None:
        try:
            await self._start(deck_id, mode)
        except StudyError as error:
            self.stop(str(error))

    async def _start(self, deck_id: str | None, mode: str) -> None:
        self.deck_id = deck_id
        name = self.service.study.deck_name(deck_id)
        self.session_title = name + {"new": " · new cards", "cram": " · cram"}.get(mode, "")
        decks = cast("DecksScreen", self.screen) if self.screen.id == DECKS else None
        if decks is not None:
            decks.status = "Building the queue…"
        try:
            result = await self.service.start(deck_id, mode)
        finally:
            if decks is not None:
                decks.status = ""
        if self.screen.id == NOTHING_DUE:
            await self.pop_screen()
        if isinstance(result, NothingDue):
            from studykit.tui.screens.outcomes import NothingDueScreen

            now = self.service.study.local_now()
            await self.push_screen(NothingDueScreen(result, now=now, title=self.session_title))
            return
        if result.card is None:
            await self._show_summary()
            return
        await self.push_screen(
            ReviewScreen(title=self.session_title, grading=self.grading, clock=self.clock, step=result),
        )

    def _review_screen(self) -> ReviewScreen | None:
        return self.screen if isinstance(self.screen, ReviewScreen) else None

    def on_review_screen_graded(self, message: ReviewScreen.Graded) -> None:
        self.record_grade(message.card_id, message.grade, message.answer_seconds)

    @work(exclusive=False, group="grade")
    async def record_grade(self, card_id: str, grade: str | int, answer_seconds: float) -> None:
        # The next card is shown only once the grade is committed to the collection.
        await self._write(self.service.grade(card_id, grade, answer_seconds))

    async def _write(self, writing: Awaitable[Step | None], done: str = "") -> None:
        """Await a change (grade, undo, bury, suspend) and show what follows. A change the
        collection refused stays on screen: busy, the student is told to try again; read-only
        or full, the app stops with one line saying what was not saved."""
        try:
            step = await writing
        except NotSaved as error:
            if not error.retry:
                self.stop(str(error))
                return
            screen = self._review_screen()
            if screen is not None:
                screen.busy = False  # the same card, still revealed: the grade keys work again
            self.notify(str(error), title="Not saved yet", severity="warning", markup=False, timeout=15)
            return
        except StudyError as error:
            self.stop(str(error))
            return
        if done:
            self.notify(done, markup=False)
        await self._next(step)

    def stop(self, message: str) -> None:
        """End the app because the collection cannot be used: the CLI prints `message`, exit 2."""
        self.startup_error = message
        self.exit(return_code=2)

    async def _next(self, step: Step | None) -> None:
        screen = self._review_screen()
        if step is None:
            if screen is not None:
                screen.busy = False
            self.notify("Nothing to undo.", markup=False)
            return
        if step.card is None:
            await self._show_summary()
            return
        if screen is not None:
            screen.step = step

    def on_review_screen_undo_requested(self) -> None:
        self.run_worker(self._undo(), exclusive=False, group="grade")

    async def _undo(self) -> None:
        await self._write(self.service.undo())

    def on_review_screen_bury_requested(self, message: ReviewScreen.BuryRequested) -> None:
        self.run_worker(self._bury(message.card_id), group="grade")

    async def _bury(self, card_id: str) -> None:
        await self._write(self.service.bury(card_id), "Buried until tomorrow.")

    def on_review_screen_suspend_requested(self, message: ReviewScreen.SuspendRequested) -> None:
        self.run_worker(self._suspend(message.card_id), group="grade")

    async def _suspend(self, card_id: str) -> None:
        await self._write(self.service.suspend(card_id), "Suspended: it will not come back until you unsuspend it "
                          "(u undoes; the browser, b on the decks screen, lists suspended cards).")

    def on_review_screen_end_requested(self) -> None:
        self.run_worker(self._show_summary(), exclusive=True, group="session")

    async def _show_summary(self) -> None:
        from studykit.tui.screens.outcomes import NothingDueScreen, SummaryScreen

        summary = await self.service.summary()
        now = self.service.study.local_now()
        screen = SummaryScreen(summary, now=now, title=self.session_title)
        if isinstance(self.screen, (ReviewScreen, NothingDueScreen)):
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    def on_summary_screen_closed(self, message: SummaryScreen.Closed) -> None:
        if message.then == "stats":
            self.show_stats(self.deck_id)
        else:
            self.run_worker(self._back_to_decks(), exclusive=True, group="session")

    def on_review_screen_source_requested(self, message: ReviewScreen.SourceRequested) -> None:
        self.show_source(message.card)

    def on_review_screen_play_requested(self, message: ReviewScreen.PlayRequested) -> None:
        played = self.service.study.play(message.card, message.name)
        self.notify(played.message, severity="information" if played.ok else "warning", markup=False)

    def on_review_screen_image_requested(self, message: ReviewScreen.ImageRequested) -> None:
        shown = self.service.study.show_image(message.card, message.name)
        self.notify(shown.message, severity="information" if shown.ok else "warning", markup=False)

    @work(group="source")
    async def show_source(self, card: AnyCard) -> None:
        from studykit.tui.screens.modals import NoteScreen, SourceScreen

        if isinstance(card, NoteCard):
            await self.push_screen(NoteScreen(card))
            return
        try:
            passages = await self.service.passages(card)
        except StudyError as error:
            self.notify(f"The source passage cannot be shown.\n{error}", severity="warning", markup=False, timeout=10)
            return
        await self.push_screen(SourceScreen(passages.quotes, passages.facts, passages.docs))

    # -- the card browser and deck options ------------------------------------------------

    def on_decks_screen_browse_requested(self, message: DecksScreen.BrowseRequested) -> None:
        from studykit.core.search import quoted

        deck = "" if message.deck_id is None else f"deck:{quoted(message.deck_id)}"
        self.open_browser(" ".join(part for part in (deck, message.query) if part))

    def on_review_screen_browse_requested(self, message: ReviewScreen.BrowseRequested) -> None:
        from studykit.core.search import quoted

        # An imported card's id holds its note's Anki guid: commas, parentheses, any punctuation.
        self.open_browser(f"cid:{quoted(message.card_id)}", select=message.card_id)

    def open_browser(self, query: str = "", *, select: str | None = None) -> None:
        from studykit.tui.screens.browser import BrowserScreen

        if isinstance(self.screen, BrowserScreen):
            self.screen.action_preset(query)
            return
        self.push_screen(BrowserScreen(query=query, tz=self.service.study.tz, select=select))

    def _browser(self) -> BrowserScreen | None:
        from studykit.tui.screens.browser import BrowserScreen

        return self.screen if isinstance(self.screen, BrowserScreen) else None

    def on_browser_screen_search_requested(self, message: BrowserScreen.SearchRequested) -> None:
        self.browse(message.query, message.sort, message.descending)

    @work(exclusive=True, group="browse")
    async def browse(self, query: str, sort: str, descending: bool) -> None:
        screen = self._browser()
        try:
            result = await self.service.browse(query, sort, descending)
        except BadQuery as error:
            if screen is not None:
                where = f" (at {error.position + 1})" if error.query else ""
                screen.problem = f"{error}{where}"
            return
        except StudyError as error:
            if screen is not None:
                screen.problem = str(error)
            return
        if screen is not None and screen.is_attached:
            screen.result = result

    def on_browser_screen_detail_requested(self, message: BrowserScreen.DetailRequested) -> None:
        self.card_detail(message.card_id)

    @work(exclusive=True, group="browse-detail")
    async def card_detail(self, card_id: str) -> None:
        screen = self._browser()
        try:
            detail = await self.service.card_detail(card_id)
        except StudyError:
            return
        if screen is not None and screen.is_attached:
            screen.detail = detail

    def on_browser_screen_action_requested(self, message: BrowserScreen.ActionRequested) -> None:
        self.run_worker(self._act(message.action, message.card_ids, message.flag), group="browse-act")

    async def _act(self, action: str, card_ids: tuple[str, ...], flag: int) -> None:
        from studykit.cli.browse import describe

        screen = self._browser()
        try:
            report = await self.service.act(action, card_ids, flag)  # committed before the screen updates
        except StudyError as error:
            self.notify(f"Nothing changed.\n{error}", severity="error", markup=False, timeout=10)
            if screen is not None:
                screen.busy = False
            return
        if screen is not None:
            screen.acted(describe(report))

    def on_browser_screen_closed(self, message: BrowserScreen.Closed) -> None:
        self.run_worker(self._close_browser(message.changed), exclusive=True, group="session")

    async def _close_browser(self, changed: bool) -> None:
        """Back to the screen the browser was opened from, which shows the cards as they are now."""
        await self.pop_screen()
        if not changed:
            return
        review = self._review_screen()
        if review is not None:
            step = await self.service.current_step()
            if step is None or step.card is None:
                await self._show_summary()
            elif review.step is None or review.step.card is None or review.step.card.id != step.card.id:
                review.busy = True
                review.step = step
            else:
                review.show_progress(step)
            return
        decks = self._decks_screen()
        if decks is not None and self.screen is decks:
            decks.rows = tuple(await self.service.deck_rows())

    def on_decks_screen_options_requested(self, message: DecksScreen.OptionsRequested) -> None:
        self.show_options(message.deck_id)

    @work(exclusive=True, group="options")
    async def show_options(self, deck_id: str | None) -> None:
        from studykit.tui.screens.options import OptionsScreen

        try:
            view = await self.service.limits(deck_id)
        except StudyError as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        change = await self.push_screen_wait(OptionsScreen(view))
        if change is None:
            return
        try:
            saved = await self.service.set_limits(deck_id, change.new_per_day, change.reviews_per_day)
        except StudyError as error:
            self.notify(f"The limits were not saved.\n{error}", severity="error", markup=False, timeout=10)
            return
        limits = saved.effective
        whose = "The whole collection" if saved.is_collection else saved.name
        self.notify(f"{whose}: {limits.new_per_day} new cards and {limits.reviews_per_day} reviews a day.",
                    markup=False)
        decks = self._decks_screen()
        if decks is not None:
            decks.rows = tuple(await self.service.deck_rows())

    # -- stats ------------------------------------------------------------------------

    def on_decks_screen_stats_requested(self, message: DecksScreen.StatsRequested) -> None:
        self.show_stats(message.deck_id)

    @work(exclusive=True, group="stats")
    async def show_stats(self, deck_id: str | None) -> None:
        from studykit.tui.screens.stats import StatsScreen

        screen = StatsScreen(title=self.service.study.deck_name(deck_id))
        await self.push_screen(screen)
        try:
            screen.stats = await self.service.stats(deck_id)
        except StudyError as error:
            self.stop(str(error))

    # -- help, theme, palette -------------------------------------------------------------

    def action_help(self) -> None:
        from studykit.tui.screens.modals import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        from studykit.tui.keys import key_help

        self.push_screen(HelpScreen(key_help(self.screen, sm2=self.grading.sm2, keymap=self.user_keymap)))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("Study all decks", "Start a review session over every deck",
                            lambda: self.start_session(None, "review"))
        yield SystemCommand("Learn new cards", "New cards from every deck", lambda: self.start_session(None, "new"))
        yield SystemCommand("Cram all decks", "Go through every card without rescheduling",
                            lambda: self.start_session(None, "cram"))
        yield SystemCommand("Statistics", "Due forecast and review heatmap", lambda: self.show_stats(self.deck_id))
        yield SystemCommand("Keys", "The help screen: every key", self.action_help)
        yield SystemCommand("Toggle light/dark theme", "Switch between the light and dark themes",
                            self.action_toggle_theme)
        yield from self._browser_commands(screen)
        if isinstance(screen, ReviewScreen):
            yield SystemCommand("Undo last grade", "Show the previous card again", screen.action_undo)
            yield SystemCommand("End session", "See the summary", screen.action_end)
            yield SystemCommand("Bury card", "Skip this card until tomorrow", screen.action_bury)
            yield SystemCommand("Suspend card", "Never show this card until unsuspended", screen.action_suspend)
            yield SystemCommand("Browse this card", "Its schedule and history in the card browser",
                                screen.action_browse)
            if screen.revealed:
                yield SystemCommand("Source passage", "The quote this card comes from", screen.action_source)
        yield SystemCommand("Quit", "Quit studykit (every grade is saved)", self.action_quit)

    def _browser_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The browser's commands: opening it (and its searches) from the decks screen, and on
        the browser its searches, actions and sorts."""
        from studykit.tui.screens.browser import PRESETS, SORT_ORDER, BrowserScreen
        from studykit.tui.screens.decks import DecksScreen

        if isinstance(screen, DecksScreen):
            yield SystemCommand("Browse cards", "The card browser, on the highlighted deck", screen.action_browse)
            yield SystemCommand("Deck options", "New cards and reviews a day, for the highlighted deck",
                                screen.action_options)
            for name, query in PRESETS[1:]:
                yield SystemCommand(f"Browse: {name.lower()}", f"The card browser: {query}",
                                    lambda q=query: screen.action_browse(q))
        if not isinstance(screen, BrowserScreen):
            return
        for name, query in PRESETS:
            yield SystemCommand(f"Show {name.lower()}", f"Search {query or 'every card'}",
                                lambda q=query: screen.action_preset(q))
        for name, action, what in (
            ("Suspend", screen.action_suspend, "Suspend the marked cards (or the one under the cursor)"),
            ("Unsuspend", screen.action_unsuspend, "Give the marked cards back to the sessions"),
            ("Bury", screen.action_bury, "Hide the marked cards until tomorrow"),
            ("Unbury", screen.action_unbury, "Show the marked cards again today"),
            ("Reset to new", screen.action_reset, "Make the marked cards new again (asks first)"),
            ("Mark all", screen.action_select_all, "Mark every card found"),
            ("Unmark all", screen.action_clear_selection, "Unmark every card"),
        ):
            yield SystemCommand(name, what, action)
        from studykit.core.search import FLAGS

        for number, colour in enumerate(FLAGS, 1):
            yield SystemCommand(f"Flag {colour}", f"Flag {number}: the marked cards",
                                lambda n=number: screen.action_flag(n))
        yield SystemCommand("Remove flag", "Take the flag off the marked cards", lambda: screen.action_flag(0))
        for key in SORT_ORDER:
            yield SystemCommand(f"Sort by {key}", "Sort the cards found", lambda k=key: screen.action_sort_by(k))

    def on_unmount(self) -> None:
        self.service.shutdown()


def make_app(
    collection: Path | str | None = None,
    *,
    deck: str | None = None,
    sm2: bool = False,
    decks_dir: Path | None = None,
    seeds_dir: Path | None = None,
    now: Callable[[], dt.datetime] | None = None,
    clock: Callable[[], float] = time.monotonic,
    seed: int | None = None,
    theme: str | None = None,
    keymap: Mapping[str, str] | None = None,
    tz: dt.tzinfo | None = None,
    decks: Sequence[Deck] | None = None,
    cards: Sequence[Card] | None = None,
    config: SessionConfig | None = None,
    sources: Sequence[CardSource] | None = None,
    study: Study | None = None,
    service: StudyService | None = None,
) -> StudyApp:
    """Build the app over a collection file (`None`: `$STUDYKIT_COLLECTION` or the default).

    `now` (timezone-aware UTC), `tz` (the student's time zone) and `seed` (option order of
    generated cards) make a session reproducible; `clock` measures answer times; `keymap`
    maps binding ids to keys (`{"review.good": "g"}`); `config` sets the daily limits and
    the hour the day turns over. `decks` and `cards` replace the
    bundled decks and their generated cards (a fixed collection for tests), `sources` replace
    the card sources altogether; `study` is the application layer ready to open, and `service`
    one already at work (`tui.service.open_service`, which the CLI calls before it imports Textual).
    """
    if service is None and study is not None:
        service = StudyService(study).prefetch(deck)
    if service is None:
        from studykit.tui.service import open_service

        service = open_service(
            collection, deck=deck, decks_dir=decks_dir, seeds_dir=seeds_dir, now=now, tz=tz, seed=seed,
            config=config, decks=decks, cards=cards, sources=sources,
        )
    return StudyApp(service, deck=deck, sm2=sm2, clock=clock, theme=theme, keymap=keymap)
