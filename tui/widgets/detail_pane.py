"""The read-only right pane: what the selected node is, who oversees it, what was said before."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.containers import Vertical
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from plandesk.core.counts import PeriodCounts, count_period
from plandesk.core.plan import (
    ActivityView,
    BodyView,
    CommitmentView,
    ObjectiveView,
    PlanSnapshot,
)
from plandesk.core.text import printable
from plandesk.tui.marks import Mark, done_note, is_flagged, mark_of, status_note
from plandesk.tui.plain import plain
from plandesk.tui.widgets.link_lines import links_block

__all__ = ["DetailBody", "DetailPane"]


# Every name and text here came from a document or an officer: shown through `plain()`.


def _heading(text: str) -> Text:
    return plain(text, style="bold underline")


def _block(title: str, body: str, empty: str = "—") -> Group:
    return Group(_heading(title), plain(body.strip() or empty), Text(""))


def _when(activity_update) -> str:
    return f"{activity_update.author}, {activity_update.updated_at:%d %b %Y %H:%M}"


def _owner(activity: ActivityView) -> Text | None:
    """`Lead: Jane Smith   Due: 31 Mar 2021`, with what is set; None when neither is."""
    line = Text()
    if activity.lead.strip():
        line.append("Lead: ", style="bold")
        line.append(printable(" ".join(activity.lead.split())))
    if activity.due is not None:
        if line:
            line.append("   ")
        line.append("Due: ", style="bold")
        line.append(f"{activity.due:%d %b %Y}")
    return line if line else None


def _commitment_kinds(commitments: Sequence[CommitmentView]) -> str:
    """`8 commitments (3 policing, 5 Commissioner's)`; a kind the objective has none of is not
    named (a plan without a policing section says nothing about policing)."""
    kinds = Counter(c.kind for c in commitments)
    named = [
        (kinds[kind], word)
        for kind, word in (("policing", "policing"), ("commissioner", "Commissioner's"))
        if kinds.get(kind)
    ]
    if len(named) == 1 and named[0][0] == len(commitments):
        return f"{len(commitments)} {named[0][1]} commitments"
    said = f"{len(commitments)} commitments"
    if named:
        said += f" ({', '.join(f'{count} {word}' for count, word in named)})"
    return said


# An objective's details list this many of its commitments: drawing hundreds of lines at each
# cursor move onto an objective of a very big plan showed as a lag, and the tree lists them all.
LISTED_COMMITMENTS = 30
# An objective's summary while a fast start is still counting a big plan's updates.
COUNTING = "Counting this period's updates…"


class _DrawnOnce:
    """A renderable that wraps its text once per width.

    Textual renders a Static's content more than once per update (to measure its height, then
    to draw it); wrapping long updates each time was most of the cost of a cursor move.
    """

    def __init__(self, source: RenderableType) -> None:
        self.source = source
        self._lines: dict[int, list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self._lines.get(options.max_width)
        if lines is None:
            lines = console.render_lines(self.source, options.update(height=None), pad=False)
            self._lines[options.max_width] = lines
        new_line = Segment.line()
        for line in lines:
            yield from line
            yield new_line


class DetailBody(ScrollView):
    """The details' text, wrapped once per width and drawn line by line.

    Its size is the pane's, whatever it shows: a new item's text changes what is drawn and how
    far it scrolls, never the screen's layout. (A `Static` sized to its text made every cursor
    move lay the whole screen out two or three times over, one repaint each.) `content` is the
    Rich renderable shown.
    """

    # The scrollbar is always there (empty when the text fits): one that came and went with
    # the text's length would lay the whole screen out at every other cursor move.
    DEFAULT_CSS = """
    DetailBody {
        height: 1fr;
        overflow-y: scroll;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.content: RenderableType = Text("")
        self._strips: list[Strip] = []
        # The width the strips were wrapped for: a new height (the editor came or went) needs
        # no new wrapping, the scrollbar's room being kept whatever the text's length.
        self._wrapped_for: int | None = None

    def update(self, content: RenderableType) -> None:
        """Show `content` from its first line."""
        self.content = content
        self._wrapped_for = None
        self._wrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _render_strips(self, width: int) -> list[Strip]:
        # Through Textual's own pipeline, as a Static draws its content: the same cells.
        visual = visualize(self, _DrawnOnce(self.content), markup=False)
        return Visual.to_strips(self, visual, width, None, self.visual_style)

    def _wrap(self) -> None:
        """Wrap the text for the room there is beside the scrollbar."""
        region = self.content_region
        if region.width <= 0 or self._wrapped_for == region.width:
            return
        width = max(1, region.width - self.styles.scrollbar_size_vertical)
        strips = self._render_strips(width)
        self._strips = strips
        self._wrapped_for = region.width
        size = Size(max((s.cell_length for s in strips), default=0), len(strips))
        if size != self.virtual_size:
            # Set without Textual's layout of the whole screen: only the scrollbar depends on
            # it (Textual 8.2.8's own update of a scroll view's bars, pinned in pyproject).
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        if index >= len(self._strips):
            return Strip.blank(width, self.visual_style.rich_style)
        # Textual pads the line to the width with the background, as for a Static.
        strip = self._strips[index]
        if scroll_x == 0 and strip.cell_length <= width:
            return strip  # as it is (cropping would change its segments, not what is drawn)
        return strip.crop(scroll_x, scroll_x + width)


class DetailPane(Vertical):
    """Shows an objective, commitment or activity; refreshed whenever the cursor moves."""

    DEFAULT_CSS = """
    DetailPane {
        height: 1fr;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.bodies: dict[str, BodyView] = {}
        self.snapshot: PlanSnapshot | None = None

    def compose(self):
        yield DetailBody(id="detail-body")

    def _size_updated(self, size, virtual_size, container_size, layout: bool = True) -> bool:
        # The pane never scrolls (its body does, within its own size): when the editor comes or
        # goes and the pane's size changes, Textual would lay the screen out a second time for
        # its virtual size alone.
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def show(
        self,
        data: ObjectiveView | CommitmentView | ActivityView | None,
        empty: str = "Select an item in the tree.",
        *,
        counts: PeriodCounts | None = None,
        counting: bool = False,
    ) -> None:
        """Render the node's details (`empty`: what to say when there is no node). An
        objective's `counts` may be given when its activities are not read yet (start-up), or
        `counting` while they are still being read."""
        if data is None:
            renderable: RenderableType = plain(empty)
        elif isinstance(data, ActivityView):
            renderable = self._activity(data)
        elif isinstance(data, CommitmentView):
            renderable = self._commitment(data)
        else:
            renderable = self._objective(data, counts, counting=counting)
        self.query_one(DetailBody).update(renderable)

    def _commitment_of(self, activity: ActivityView) -> CommitmentView | None:
        if self.snapshot is None:
            return None
        for objective in self.snapshot.objectives:
            for commitment in objective.commitments:
                if commitment.id == activity.commitment_id:
                    return commitment
        return None

    def _oversight(self, activity: ActivityView) -> Group:
        parts: list[RenderableType] = [_heading("Oversight")]
        parts.append(plain(" ".join(activity.oversight.split()) or "— none named"))
        for name in activity.bodies:
            body = self.bodies.get(name)
            if body is None:
                continue
            line = Text("  • ")
            line.append(printable(body.name), style="bold")
            details = [d for d in (body.frequency and f"meets {body.frequency.lower()}",) if d]
            if body.notes_published:
                details.append("notes published")
            if body.public_meeting:
                details.append("public meeting")
            if details:
                line.append(printable(f" ({', '.join(details)})"), style="italic")
            if body.purpose:
                line.append(printable(f": {body.purpose}"))
            parts.append(line)
        parts.append(Text(""))
        return Group(*parts)

    def _activity(self, activity: ActivityView) -> Group:
        commitment = self._commitment_of(activity)
        parts: list[RenderableType] = []
        if commitment is not None:
            kind = (
                "Policing commitment"
                if commitment.kind == "policing"
                else ("Commissioner's commitment")
            )
            parts.append(_block(f"{kind} {commitment.ref}", commitment.title))
        title = f"Activity {activity.ref}" if activity.ref else "Activity"
        text = activity.text or (
            "(this commitment has no separate activity; its update is kept here)"
            if activity.stands_for_commitment
            else ""
        )
        parts.append(_block(title, text))
        owner = _owner(activity)
        if owner is not None:
            parts += [owner, Text("")]
        parts.append(self._oversight(activity))
        links = links_block(activity)
        if links is not None:
            parts.append(links)
        previous_period = self.snapshot.previous_period if self.snapshot else None
        if previous_period is not None:
            previous = activity.previous
            heading = f"Previous update ({previous_period.label})"
            if previous is not None:
                heading += f" — {_when(previous)}"
            parts.append(_block(heading, previous.text if previous else "", "— no update"))
        else:
            parts.append(_block("Previous update", "", "— no earlier period in this plan"))
        parts.append(self._this_period(activity))
        return Group(*parts)

    @staticmethod
    def _this_period(activity: ActivityView) -> Group:
        mark = mark_of(activity)
        head = Text(done_note(activity) or f"{mark.symbol} {mark.meaning}", style=mark.style)
        status = status_note(activity)
        if status:
            head.append(printable(f"   status: {status}"), style="bold")
        parts: list[RenderableType] = [_heading("This period"), head]
        # A done activity owes nothing: a flag on it is shown, but as settled.
        settled = activity.acknowledged is not None or activity.done
        for flag in activity.flags:
            line = Text("  ⚑ ", style="dim" if settled else "red")
            line.append(flag.rule, style="bold")
            line.append(printable(f": {flag.detail}"))
            parts.append(line)
        if activity.acknowledged is not None:
            ack = activity.acknowledged
            parts.append(
                plain(
                    f"  acknowledged by {ack.author}, {ack.at:%d %b %Y}: {ack.note}",
                    style="green",
                )
            )
        return Group(*parts)

    def _commitment(self, commitment: CommitmentView) -> Group:
        kind = (
            "Policing commitment"
            if commitment.kind == "policing"
            else ("Commissioner's commitment")
        )
        parts: list[RenderableType] = [_block(f"{kind} {commitment.ref}", commitment.title)]
        parts.append(self._summary(count_period(commitment.activities)))
        parts.append(_heading("Activities"))
        for activity in commitment.activities:
            mark = mark_of(activity)
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{mark.symbol} ", style=mark.style)
            line.append(printable(activity.ref or "—"), style="bold")
            text = " ".join((activity.text or "(the commitment itself)").split())
            line.append(printable(f" {text}"))
            parts.append(line)
        return Group(*parts)

    def _objective(
        self, objective: ObjectiveView, counts: PeriodCounts | None = None, *, counting: bool
    ) -> Group:
        if counts is None and not counting:
            counts = count_period(a for c in objective.commitments for a in c.activities)
        activities = (
            "counting activities…" if counts is None else f"{counts.activities} activities."
        )
        parts: list[RenderableType] = [
            _block(
                f"Objective {objective.position}",
                f"{objective.title}\n\n{_commitment_kinds(objective.commitments)}, {activities}",
            ),
            self._summary(counts) if counts is not None else _block("This period", COUNTING),
            _heading("Commitments"),
        ]
        for commitment in objective.commitments[:LISTED_COMMITMENTS]:
            flagged = sum(1 for a in commitment.activities if is_flagged(a))
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(printable(commitment.ref), style="bold")
            if flagged:
                line.append(f" ⚑{flagged}", style="red")
            line.append(printable(f" {' '.join(commitment.title.split())}"))
            parts.append(line)
        hidden = len(objective.commitments) - LISTED_COMMITMENTS
        if hidden > 0:
            parts.append(Text(f"… and {hidden} more: open the objective in the tree", style="dim"))
        return Group(*parts)

    @staticmethod
    def _summary(counts: PeriodCounts) -> Group:
        # The counts of `plandesk.core.counts`, as the header and the exports count them (they
        # overlap: an activity updated and flagged counts in both).
        numbers = {
            Mark.COMPLETE: counts.complete,
            Mark.UPDATED: counts.updated,
            Mark.NO_UPDATE: counts.no_update,
            Mark.FLAGGED: counts.flagged,
        }
        line = Text()
        for mark in Mark:
            line.append(f"{mark.symbol} {numbers[mark]} {mark.meaning}   ", style=mark.style)
        return Group(_heading("This period"), line, Text(""))
