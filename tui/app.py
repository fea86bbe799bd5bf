"""The plandesk Textual app: global keys, theme, and which screen to start on."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from plandesk.core.text import printable
from plandesk.store.first_screen import FirstCounts, FirstScreen
from plandesk.tui.hangup import keep_drafts_on_signals
from plandesk.tui.screens.plan import PlanScreen

if TYPE_CHECKING:
    from concurrent.futures import Future

    from plandesk.store.service import PlanStore

__all__ = ["PlanDeskApp", "make_app"]

# Keys that act at once even while the first screen waits for the plan.
_NEVER_HELD = frozenset({"ctrl+q"})
# Moves the first screen's tree makes as the loaded tree would (it shows the same lines);
# opening a commitment would not (its activities are not read yet), nor would any action.
_FIRST_SCREEN_MOVES = frozenset({"up", "down", "home", "end", "pageup", "pagedown", "left"})


class PlanDeskApp(App[None]):
    """Review and update a delivery plan.

    The app holds what every screen shares: the store, the author of every change, and how
    long the editor waits before keeping a draft. Screens read `self.app.store`.
    """

    TITLE = "plandesk"
    # The plan screen's CSS, read with the app's (see `get_default_screen`).
    CSS_PATH = "screens/plan/screen.tcss"
    BINDINGS = [
        Binding("ctrl+q", "request_quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        store: PlanStore | None,
        author: str,
        *,
        plan_id: int | None = None,
        period_id: int | None = None,
        draft_delay: float = 0.8,
        remember_place: bool = True,
        place_delay: float = 1.0,
        temporary_db: bool = False,
        authors: dict[str, str] | None = None,
        first: FirstScreen | None = None,
        first_counts: Future[FirstCounts | None] | None = None,
        open_store: Callable[[], PlanStore] | None = None,
    ) -> None:
        super().__init__()
        # A fast start gives the first screen, read without the store, and how to open the
        # store (in the plan screen's loader, after the first paint) instead of the store.
        self.first = first
        # The first screen's counts, when they were still being read as it was drawn.
        self.first_counts = first_counts if first is not None and first.counts is None else None
        self._store = store
        self.open_store = open_store
        self._opening = threading.Lock()
        self.open_error: BaseException | None = None
        # How exports name officers (settings.toml's [authors]: login = "Name").
        self.authors = dict(authors or {})
        # The demo's database is deleted when the app closes: quitting with drafts warns.
        self.temporary_db = temporary_db
        self.author = author
        self.draft_delay = draft_delay
        # Keep the plan, period and activity shown (after `place_delay` seconds of stillness)
        # and open there next time when no plan or period is asked for.
        self.remember_place = remember_place
        self.place_delay = place_delay
        # What to open first (None: the latest); the plan screen keeps what it shows.
        self.start_plan_id = plan_id
        self.start_period_id = period_id
        # Keys typed while the fast start's first screen waits for the plan, played once it
        # is loaded: on the first screen they would open commitments without activities and
        # an edit would find nothing to edit. Moves through the lines shown act at once,
        # until a key is held: from then on every key waits, to keep their order.
        self._held_keys: list[events.Key] = []

    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and event.key not in _NEVER_HELD
            and isinstance(self.screen, PlanScreen)
            and self.screen.first is not None
            and (self._held_keys or event.key not in _FIRST_SCREEN_MOVES)
        ):
            self._held_keys.append(event)
            return
        await super().on_event(event)

    def release_keys(self) -> None:
        """Play the keys typed before the plan was loaded, in order."""
        held, self._held_keys = self._held_keys, []
        for event in held:
            replayed = events.Key(event.key, event.character)
            # From the app, as the terminal's keys come: a key sent by the screen would stop
            # bubbling there and never reach the bindings.
            replayed.set_sender(self)
            self.post_message(replayed)

    def get_default_screen(self) -> Screen:
        # After a fast start the plan screen is the first screen itself, built and drawn with
        # the app as Textual's default screen is; pushed from `on_mount` it would be drawn
        # once for nothing (the app holds its paints until mounted) and then again.
        if self.first is None:
            return super().get_default_screen()
        first = self.first
        return PlanScreen(plan_id=first.plan.id, period_id=first.period.id, first=first)

    def on_mount(self) -> None:
        self._forget_signals = keep_drafts_on_signals(
            self._keep_draft_now, lambda code: self.exit(return_code=code)
        )
        if self.first is None:
            self.check_plans()

    @property
    def store(self) -> PlanStore:
        """The store; after a fast start, opened by its first caller (the plan's loader)."""
        if self._store is None:
            with self._opening:
                if self._store is None:
                    assert self.open_store is not None
                    self._store = self.open_store()
        return self._store

    @property
    def store_opened(self) -> bool:
        """Whether there is a store to close."""
        return self._store is not None

    def could_not_open(self, error: BaseException) -> None:
        """The store could not be opened after a fast start: leave, and let the CLI say why."""
        self.open_error = error
        self.exit(return_code=1)

    def _keep_draft_now(self) -> None:
        screen = self.plan_screen()
        if screen is not None:
            screen.keep_draft_now()

    def on_unmount(self) -> None:
        self._forget_signals()

    @work(thread=True, exclusive=True)
    def check_plans(self) -> None:
        """Start on the plan, or on the welcome screen when there is none."""
        has_plans = bool(self.store.plans())
        self.call_from_thread(self._start, has_plans)

    def _start(self, has_plans: bool) -> None:
        from plandesk.tui.screens.welcome_screen import WelcomeScreen

        if has_plans:
            restore = (
                self.remember_place and self.start_plan_id is None and self.start_period_id is None
            )
            self.push_screen(
                PlanScreen(
                    plan_id=self.start_plan_id,
                    period_id=self.start_period_id,
                    restore_place=restore,
                )
            )
        else:
            self.push_screen(WelcomeScreen(self.store.location))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text: they quote refs, names, paths and store errors,
        which may hold `[/]` or a terminal escape. (`markup` is accepted and ignored.)"""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def plan_screen(self) -> PlanScreen | None:
        """The plan screen, wherever it is in the stack."""
        for screen in self.screen_stack:
            if isinstance(screen, PlanScreen):
                return screen
        return None

    async def action_quit(self) -> None:
        """Every way of quitting (the palette's Quit too) asks about unsaved text."""
        self.action_request_quit()

    def action_request_quit(self) -> None:
        """Quit, asking first when an edit is unsaved."""
        screen = self.plan_screen()
        if screen is None:
            self.exit()
            return
        if screen is not self.screen:
            # A dialog is open: close it first so the question is not hidden under it.
            while self.screen is not screen:
                self.pop_screen()
        screen.confirm_quit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every plan-screen action besides Textual's own."""
        yield from super().get_system_commands(screen)
        plan_screen = self.plan_screen()
        if plan_screen is None:
            return
        for title, help_text, action in PlanScreen.COMMANDS_LIST:
            yield SystemCommand(title, help_text, partial(plan_screen.run_action, action))


def make_app(
    store: PlanStore | None,
    author: str,
    *,
    plan_id: int | None = None,
    period_id: int | None = None,
    draft_delay: float = 0.8,
    remember_place: bool = True,
    place_delay: float = 1.0,
    temporary_db: bool = False,
    authors: dict[str, str] | None = None,
    first: FirstScreen | None = None,
    first_counts: Future[FirstCounts | None] | None = None,
    open_store: Callable[[], PlanStore] | None = None,
) -> PlanDeskApp:
    """The one way the CLI and the tests build the app (`store` None: a fast start, with the
    `first` screen to show and `open_store` to open the store behind it; `first_counts`: its
    counts, when the screen was read without them)."""
    return PlanDeskApp(
        store,
        author,
        plan_id=plan_id,
        period_id=period_id,
        draft_delay=draft_delay,
        remember_place=remember_place,
        place_delay=place_delay,
        temporary_db=temporary_db,
        authors=authors,
        first=first,
        first_counts=first_counts,
        open_store=open_store,
    )
