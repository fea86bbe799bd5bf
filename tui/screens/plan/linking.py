"""Following cross-references: `l` goes to the item the selected activity refers to ("Refer
to 3.1"; several: a picker), `backspace` comes back, like a browser's back (a stack).

A part of `PlanScreen` (it uses the screen's view and tree).
"""

from __future__ import annotations

from textual.screen import Screen

from plandesk.core.plan import ActivityView, CrossLink

__all__ = ["LinkingPart", "link_targets"]


def _one_line(text: str, width: int = 50) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def link_targets(
    view_activities: dict[int, ActivityView], first_of: dict[int, int], links: tuple[CrossLink, ...]
) -> list[tuple[int, str]]:
    """(activity id, label) of each item the links lead to, once each, in the order written;
    a commitment's link leads to its first activity."""
    found: dict[int, str] = {}
    for link in links:
        target = link.target_activity_id
        if target is None and link.target_commitment_id is not None:
            target = first_of.get(link.target_commitment_id)
        if target is None or target not in view_activities or target in found:
            continue
        text = view_activities[target].text
        found[target] = f"{link.target_ref}   {_one_line(text)}" if text else link.target_ref
    return list(found.items())


class LinkingPart(Screen[None]):
    """Follow a cross-reference and come back."""

    def action_follow_link(self) -> None:
        """Go to the item the selected activity refers to; with several, pick one."""
        activity = self.selected_activity()
        snapshot = self.view.snapshot
        if activity is None or snapshot is None:
            self.notify("Select an activity to follow its cross-references.")
            return
        activities: dict[int, ActivityView] = {}
        first_of: dict[int, int] = {}
        for objective in snapshot.objectives:
            for commitment in objective.commitments:
                for one in commitment.activities:
                    activities[one.id] = one
                    first_of.setdefault(commitment.id, one.id)
        targets = link_targets(activities, first_of, activity.references)
        targets = [(i, label) for i, label in targets if i != activity.id]
        if not targets:
            missing = [link.target_ref for link in activity.references if not link.resolved]
            self.notify(
                f"{', '.join(missing)}: not in this plan."
                if missing
                else "This item refers to nothing else."
            )
            return
        if len(targets) == 1:
            self.go_to_link(activity.id, targets[0][0])
            return

        def chosen(target: int | None) -> None:
            if target is not None:
                self.go_to_link(activity.id, target)

        from plandesk.tui.dialogs.picker import PickerDialog

        self.app.push_screen(PickerDialog("Follow a cross-reference", targets, None), chosen)

    def go_to_link(self, from_id: int, to_id: int) -> None:
        """Put the cursor on `to_id`, remembering `from_id` for `backspace`."""
        if self._show_activity(to_id):
            self.view.link_trail.append(from_id)

    def action_link_back(self) -> None:
        """Back to where the last followed cross-reference left from."""
        trail = self.view.link_trail
        if not trail:
            self.notify("No followed cross-reference to go back from.")
            return
        self._show_activity(trail.pop())

    def _show_activity(self, activity_id: int) -> bool:
        if self.plan_tree.select_activity(activity_id):
            return True
        # Hidden by the search or the flagged filter: show everything, then go there.
        if self.view.search_query or self.view.flagged_only:
            self.view.flagged_only = False
            self.clear_search()
            if self.plan_tree.select_activity(activity_id):
                return True
        self.notify("That item is not in view.", severity="warning")
        return False
