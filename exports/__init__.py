"""Exports: plan snapshots → documents (Markdown, HTML). Pure: no database, no UI.

`render_markdown` / `render_html` build the plan summary for `plandesk export` and for the
review app's `x` key.
"""

from plandesk.exports.html import render_html
from plandesk.exports.scope import ExportError, ExportOptions, Scope, select_scope
from plandesk.exports.summary import render_markdown

__all__ = [
    "ExportError",
    "ExportOptions",
    "Scope",
    "render_html",
    "render_markdown",
    "select_scope",
]
