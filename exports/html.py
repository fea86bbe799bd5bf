"""The summary as one self-contained HTML page, rendered from the same Markdown.

markdown-it-py (CommonMark, raw HTML off, GFM tables and strikethrough on, no linkify) turns
the document into HTML; the page around it has its own print-friendly stylesheet
(`exports.html_style`) and loads nothing from anywhere (no external CSS, scripts, fonts or
images). Three rules of our own, on what only the exporter can write (entries cannot make
emphasis or `{`, see `markdown_text`):

- a heading ending in an explicit anchor (` {#a3-1}`) gets it as its `id`;
- an emphasis starting with a status symbol (`*▲ At risk*`) becomes a coloured status span;
- an entry (a heading of level 4 or deeper with no heading under it: an activity, a changed
  update) is wrapped in `<section class="entry">`, which print keeps on one page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from plandesk.core.plan import BodyView, PlanSnapshot
from plandesk.core.text import for_document
from plandesk.exports.html_style import STYLE
from plandesk.exports.parts import OTHER_MARK, STATUS_MARKS
from plandesk.exports.scope import ExportOptions
from plandesk.exports.summary import build_document, write_markdown

__all__ = ["markdown_parser", "markdown_to_html", "render_html", "write_html"]


_ANCHOR = re.compile(r" \{#([a-z0-9][a-z0-9-]*)\}$")
_STATUS_CLASS = {symbol: name for symbol, name in [*STATUS_MARKS.values(), OTHER_MARK]}


def _heading_ids(state: StateCore) -> None:
    """Move each heading's explicit anchor into its `id` (before inline parsing)."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            # Only our own anchor: an entry's `{` is always escaped, so never "space {".
            found = _ANCHOR.search(inline.content)
            if found:
                token.attrSet("id", found.group(1))
                inline.content = inline.content[: found.start()]


def _status_spans(state: StateCore) -> None:
    """Turn `*● On track*` emphasis into `<span class="status status-on-track">`."""
    for token in state.tokens:
        children = token.children or []
        for i, child in enumerate(children[:-2]):
            if child.type != "em_open" or children[i + 2].type != "em_close":
                continue
            text = children[i + 1]
            name = _STATUS_CLASS.get(text.content[:1]) if text.type == "text" else None
            if name and text.content[1:2] == " ":
                for mark in (child, children[i + 2]):
                    mark.tag = "span"
                child.attrSet("class", f"status status-{name}")


def _entry_sections(state: StateCore) -> None:
    """Wrap each entry (a level 4+ heading with no deeper heading) in a section."""
    tokens = state.tokens
    # Headings are only ever at the top level (entries cannot make one), so an entry's
    # tokens run from its heading to the next heading.
    heads = [i for i, t in enumerate(tokens) if t.type == "heading_open"] + [len(tokens)]
    opens: set[int] = set()
    closes: set[int] = set()
    for here, following in zip(heads, heads[1:], strict=False):
        level = int(tokens[here].tag[1])
        deeper = following < len(tokens) and int(tokens[following].tag[1]) > level
        if level >= 4 and not deeper:
            opens.add(here)
            closes.add(following)
    out: list[Token] = []
    for i in range(len(tokens) + 1):
        if i in closes:
            out.append(Token("section_close", "section", -1, block=True))
        if i in opens:
            section = Token("section_open", "section", 1, block=True)
            section.attrSet("class", "entry")
            out.append(section)
        if i < len(tokens):
            out.append(tokens[i])
    state.tokens = out


def markdown_parser(*, entries: bool = True) -> MarkdownIt:
    """The parser the HTML is rendered with: CommonMark, no raw HTML, tables, strikethrough,
    and the anchors, status colours and (unless not `entries`) entry sections described above."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )
    parser.core.ruler.before("inline", "heading_ids", _heading_ids)
    parser.core.ruler.push("status_spans", _status_spans)
    if entries:
        parser.core.ruler.push("entry_sections", _entry_sections)
    return parser


def _page_head(title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(for_document(title))}</title>\n"
        f"<style>\n{STYLE}\n</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
    )


_PAGE_TAIL = "</main>\n</body>\n</html>\n"


def markdown_to_html(markdown: str, title: str) -> str:
    """A complete HTML page for a Markdown document."""
    return _page_head(title) + markdown_parser().render(markdown) + _PAGE_TAIL


_HEADING = re.compile(r"(#{1,6}) ")


class _Page:
    """The page written as the Markdown is made: one heading and the blocks under it at a
    time, never the whole document's tokens (millions on a big plan).

    The same HTML as `markdown_to_html`: a heading always ends the blocks before it, so each
    piece parses alone as it would in the whole; an entry (see `_entry_sections`) is known
    once the next heading's level is.
    """

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write
        self.parser = markdown_parser(entries=False)
        self.blocks: list[str] = []
        self.level = 0

    def begin(self, title: str) -> None:
        self.write(_page_head(title))

    def block(self, piece: str) -> None:
        """A piece of the Markdown as `summary.write_markdown` hands it over."""
        block = piece.removeprefix("\n\n")
        heading = _HEADING.match(block)
        if heading is not None:
            level = len(heading.group(1))
            self._flush(entry=self.level >= 4 and level <= self.level)
            self.level = level
        if block.strip():
            self.blocks.append(block)

    def end(self) -> None:
        self._flush(entry=self.level >= 4)
        self.write(_PAGE_TAIL)

    def _flush(self, *, entry: bool) -> None:
        if not self.blocks:
            return
        blocks, self.blocks = self.blocks, []
        items = _list_items(blocks[-1]) if not entry and len(blocks) > 1 else []
        if len(items) > _LIST_BATCH:
            # A list of thousands (every open flag of a big plan): its items a batch at a time.
            self._list(blocks[:-1], items)
            return
        env: dict = {}
        tokens = self.parser.parse("\n\n".join(blocks) + "\n", env)
        if entry:
            section = Token("section_open", "section", 1, block=True)
            section.attrSet("class", "entry")
            tokens = [section, *tokens, Token("section_close", "section", -1, block=True)]
        self.write(self.parser.renderer.render(tokens, self.parser.options, env))

    def _list(self, before: list[str], items: list[str]) -> None:
        """The blocks `before`, then a tight list rendered in batches of items: one `<ul>`
        whole, as if parsed at once (its items hold no blank line, so it stays tight)."""
        batches = range(0, len(items), _LIST_BATCH)
        for start in batches:
            markdown = "\n".join(items[start : start + _LIST_BATCH]) + "\n"
            if start == 0:
                markdown = "\n\n".join(before) + "\n\n" + markdown
            html = self.parser.render(markdown)
            if start:
                html = html.removeprefix(_LIST_OPEN)
            if start != batches[-1]:
                html = html.removesuffix(_LIST_CLOSE)
            self.write(html)


# How many items of a long list are parsed at once (markdown-it's tokens for a whole list of a
# big plan's flags took gigabytes).
_LIST_BATCH = 500
_LIST_OPEN = "<ul>\n"
_LIST_CLOSE = "</ul>\n"


def _list_items(block: str) -> list[str]:
    """A bullet list's items (each with its nested lines), or [] for any other block."""
    if not block.startswith("- "):
        return []
    items: list[str] = []
    for line in block.split("\n"):
        if line.startswith("- "):
            items.append(line)
        elif line.startswith("  ") and items:
            items[-1] += "\n" + line
        else:
            return []
    return items


def write_html(
    snapshot: PlanSnapshot,
    bodies: Sequence[BodyView],
    options: ExportOptions,
    write: Callable[[str], None],
) -> None:
    """`render_html`'s page handed to `write` piece by piece as it is made."""
    page = _Page(write)
    write_markdown(snapshot, bodies, options, page.block, on_title=page.begin)
    page.end()


def render_html(snapshot: PlanSnapshot, bodies: Sequence[BodyView], options: ExportOptions) -> str:
    """The summary document (`render_markdown`'s) as one self-contained HTML page."""
    document = build_document(snapshot, bodies, options)
    return markdown_to_html(document.markdown, document.title)
