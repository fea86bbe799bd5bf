"""The summary as one self-contained HTML page, rendered from the same Markdown.

markdown-it-py (CommonMark, raw HTML off, GFM tables and strikethrough on, no linkify) turns
the document into HTML; the page around it has its own print-friendly stylesheet and loads
nothing from anywhere (no external CSS, scripts, fonts or images).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markdown_it import MarkdownIt

from plandesk.core.plan import BodyView, PlanSnapshot
from plandesk.core.text import for_document
from plandesk.exports.scope import ExportOptions
from plandesk.exports.summary import build_document

__all__ = ["markdown_parser", "markdown_to_html", "render_html"]

_STYLE = """
:root { color-scheme: light; }
body {
  font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1b1b1b; background: #fff; margin: 0;
}
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #1b1b1b; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
h4 { font-size: 1.05rem; margin-top: 1.25rem; }
h5 { font-size: 1rem; margin: 1rem 0 .25rem; }
table { border-collapse: collapse; margin: .75rem 0; width: 100%; font-size: .95em; }
th, td { border: 1px solid #8a8a8a; padding: .25rem .5rem; vertical-align: top; }
th { background: #ececec; }
td:not(:first-child), th:not(:first-child) { text-align: right; }
blockquote { margin: .5rem 0 1rem; padding: .25rem 1rem; border-left: 4px solid #8a8a8a;
  background: #f6f6f6; }
s { color: #8b1a1a; }
blockquote strong { color: #0b5d1e; }
p, li { overflow-wrap: anywhere; }
@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h1, h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
  table, blockquote, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; }
  blockquote { background: none; }
  s, blockquote strong { color: inherit; }
}
""".strip()


def markdown_parser() -> MarkdownIt:
    """The parser the HTML is rendered with: CommonMark, no raw HTML, tables, strikethrough."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def markdown_to_html(markdown: str, title: str) -> str:
    """A complete HTML page for a Markdown document."""
    body = markdown_parser().render(markdown)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(for_document(title))}</title>\n"
        f"<style>\n{_STYLE}\n</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"{body}"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


def render_html(snapshot: PlanSnapshot, bodies: Sequence[BodyView], options: ExportOptions) -> str:
    """The summary document (`render_markdown`'s) as one self-contained HTML page."""
    document = build_document(snapshot, bodies, options)
    return markdown_to_html(document.markdown, document.title)
