"""The plan screen's export: what is in view, filters included, to a file whose suffix says
the format (.md Markdown, .html, .docx Word appendix, .xlsx Excel tracker; another: Markdown).

A part of `PlanScreen` (it uses the screen's view).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import work
from textual.screen import Screen

from plandesk.tui.screens.plan.messages import Failed

__all__ = ["ExportPart"]


class ExportPart(Screen[None]):
    """`x`: ask where, ask before replacing a file, then write in a worker."""

    def action_export(self) -> None:
        """Write what is in view (filters included) to a file; ask before replacing."""
        # Imported on first use: the exporters are not needed to start the app.
        from plandesk.exports.writing import is_stream, suggested_name
        from plandesk.tui.dialogs.choice import ChoiceDialog
        from plandesk.tui.dialogs.prompt import PromptDialog

        view = self.view
        if view.loaded is None:
            return
        # The name says what the file holds: the plan, the period, and the filter in view.
        name = suggested_name(
            view.loaded.plan.title,
            view.loaded.period.label,
            "flagged" if view.flagged_only else "",
            f"search {view.search_query}" if view.search_query else "",
        )

        def write(path: Path) -> None:
            if self.reviewed_yet(lambda: self.export(path)):
                self.export(path)

        def confirmed(path: Path, answer: str | None) -> None:
            if answer == "overwrite":
                write(path)
            else:
                self.notify("Not exported: the file was left as it was.", timeout=3)

        def chosen(answer: str | None) -> None:
            if not answer:
                return
            path = Path(answer).expanduser()
            if (path.exists() or path.is_symlink()) and not is_stream(path):
                self.app.push_screen(
                    ChoiceDialog(
                        f"{path} exists already. Replace it with this export?",
                        [("o", "Overwrite", "overwrite"), ("c", "Cancel", "cancel")],
                    ),
                    lambda choice: confirmed(path, choice),
                )
            else:
                write(path)

        self.app.push_screen(
            PromptDialog(
                "Export what is in view to (.md, .html, .docx Word or .xlsx Excel):",
                str(Path.cwd() / name),
                "enter write · escape cancel",
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="export")
    def export(self, path: Path) -> None:
        """Render what is in view (the filters applied) in the file's format and write it."""
        from plandesk.exports import ExportOptions
        from plandesk.exports.formats import format_for, render_export
        from plandesk.exports.writing import write_bytes_atomically

        view = self.view
        assert view.loaded is not None
        snapshot = view.loaded.snapshot
        heading = None
        visible = view.visible()
        if visible is not None:
            # Exactly what the tree shows: acknowledged flags are not in the flagged view.
            snapshot = snapshot.restricted_to(visible)
        # The scope line says what the file holds, in the words of the filters in view.
        flagged = "flagged " if view.flagged_only else ""
        if view.search_ids is not None:
            heading = f"the {flagged}activities matching “{view.search_query}”"
        elif view.flagged_only:
            heading = "the flagged activities"
        options = ExportOptions(
            generated_on=date.today(),
            only="stalled" if view.flagged_only else None,
            view=heading,
            authors=self.app.authors,
        )
        data = render_export(
            format_for(path) or "md", snapshot, list(view.loaded.bodies.values()), options
        )
        try:
            write_bytes_atomically(path, data)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.post_message(Failed(f"could not write {path}: {reason}"))
            return
        self.app.call_from_thread(self.notify, f"Exported to {path}")
