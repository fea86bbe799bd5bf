"""A small form for one item of the plan (an activity, a commitment, an objective, a reason).

The form saves itself: its `save` function runs in a thread worker with the values typed, and
the form closes with what it returned. A refusal from the store (a ref taken, a date that
cannot be read) is shown in the form, which stays open with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from plandesk.store.errors import PlandeskError
from plandesk.tui.dialogs.base import Dialog
from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.plain import plain_content

__all__ = ["FormField", "ItemForm", "Values"]

Values = dict[str, str]


@dataclass(frozen=True)
class FormField:
    """One line of the form: an Input, a TextArea (`lines` > 1) or a Select (`choices`,
    `(label, value)` pairs). `hint` is shown after the label, dimmed."""

    name: str
    label: str
    value: str = ""
    lines: int = 1
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()


class ItemForm(Dialog[object | None]):
    """Dismisses with what `save(values)` returned, or None when cancelled.

    `intro` is plain text above the fields (it may quote officers' text); `required` names
    fields that must not be empty, checked before the store is asked.
    """

    DEFAULT_CSS = """
    ItemForm > Vertical {
        width: 90;
        max-width: 100%;
        max-height: 100%;
        padding: 0 1;
        border: thick $accent;
    }
    ItemForm #form-title {
        text-style: bold;
    }
    ItemForm #form-intro {
        color: $text-muted;
    }
    ItemForm VerticalScroll {
        height: auto;
        max-height: 1fr;
    }
    /* One line a field, so that the form and an error fit 80×24. */
    ItemForm .form-row {
        height: auto;
    }
    ItemForm VerticalScroll {
        margin-top: 1;
    }
    ItemForm .form-row TextArea {
        margin-bottom: 1;
    }
    ItemForm .form-label {
        width: 11;
        text-style: bold;
    }
    ItemForm Input, ItemForm TextArea, ItemForm Select {
        width: 1fr;
        background: $boost;
    }
    ItemForm #form-error {
        color: $error;
        text-style: bold;
        margin-top: 1;
    }
    ItemForm #form-buttons {
        height: auto;
        margin-top: 1;
    }
    ItemForm Button {
        margin-right: 1;
    }
    ItemForm #form-hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    class Saved(Message):
        """The store took the form's values."""

        def __init__(self, result: object) -> None:
            super().__init__()
            self.result = result

    class Refused(Message):
        """The store refused the values; `text` says why (for the officer)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        save: Callable[[Values], object],
        *,
        intro: str = "",
        save_label: str = "Save",
        required: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.save = save
        self.intro = intro
        self.save_label = save_label
        self.required = required or {}
        self.saving = False

    # --------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain_content(self.form_title), id="form-title")
            if self.intro:
                yield Static(plain_content(self.intro), id="form-intro")
            with VerticalScroll():
                for field in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(plain_content(field.label), classes="form-label")
                        yield self._field_widget(field)
            error = Static("", id="form-error")
            error.display = False
            yield error
            with Horizontal(id="form-buttons"):
                yield Button(f"{self.save_label} \\[ctrl+s]", id="form-save", variant="primary")
                yield Button("Cancel \\[esc]", id="form-cancel")
            verb = self.save_label.lower()
            hint = f"enter or ctrl+s: {verb} · tab: next field · escape: cancel"
            yield Label(plain_content(hint), id="form-hint")

    def _field_widget(self, field: FormField) -> Widget:
        widget_id = f"field-{field.name}"
        if field.choices:
            return Select(
                [(label, value) for label, value in field.choices],
                value=field.value,
                allow_blank=False,
                compact=True,
                id=widget_id,
            )
        if field.lines > 1:
            area = TextArea(field.value, soft_wrap=True, compact=True, id=widget_id)
            area.styles.height = field.lines
            return area
        return Input(field.value, placeholder=field.placeholder, compact=True, id=widget_id)

    def on_mount(self) -> None:
        self.query_one(f"#field-{self.fields[0].name}").focus()

    # --------------------------------------------------------------- values

    def form_values(self) -> Values:
        """What is in each field now."""
        found: Values = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, TextArea):
                found[field.name] = widget.text
            elif isinstance(widget, Select):
                found[field.name] = str(widget.value)
            else:
                assert isinstance(widget, Input)
                found[field.name] = widget.value
        return found

    def changed(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        now = self.form_values()
        return any(now[f.name] != f.value for f in self.fields)

    def show_error(self, text: str) -> None:
        """Say why the values were refused; the form stays as it is."""
        error = self.query_one("#form-error", Static)
        error.update(plain_content(text))
        error.display = True

    # --------------------------------------------------------------- saving

    def action_save(self) -> None:
        """Check the required fields, then hand the values to the store (in a worker)."""
        if self.saving:
            return
        values = self.form_values()
        for name, message in self.required.items():
            if not values.get(name, "").strip():
                self.show_error(message)
                self.query_one(f"#field-{name}").focus()
                return
        self.saving = True
        self.query_one("#form-save", Button).disabled = True
        self._save(values)

    @work(thread=True, exclusive=True, group="item-form")
    def _save(self, values: Values) -> None:
        try:
            result = self.save(values)
        except PlandeskError as exc:
            self.post_message(self.Refused(str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - nothing typed may be lost to a crash
            self.post_message(self.Refused(f"could not save: {exc}"))
            return
        self.post_message(self.Saved(result))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.dismiss(message.result)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.saving = False
        self.query_one("#form-save", Button).disabled = False
        self.show_error(message.text)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_dismiss_none()

    # --------------------------------------------------------------- leaving

    def action_dismiss_none(self) -> None:
        """Escape: close at once when nothing was typed, else ask before throwing it away."""
        if self.saving:
            return
        if not self.changed():
            self.dismiss(None)
            return

        def answered(answer: str | None) -> None:
            if answer == "discard":
                self.dismiss(None)

        self.app.push_screen(
            ChoiceDialog(
                "Throw away what you typed? Nothing has been saved.",
                [("k", "Keep editing", "keep"), ("d", "Discard", "discard")],
            ),
            answered,
        )
