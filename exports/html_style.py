"""The HTML page's stylesheet: screen and print, and the colour of each status.

Status colours are text colours on white with a contrast ratio of at least 4.5:1 (WCAG 2.1
AA for text; `tests/exports/test_export_html.py` computes it), and every status also has its
own symbol and word, so colour is never the only cue. Print: A4, compact type, the summary
alone on page one, no activity split across two pages where it fits on one.
"""

from __future__ import annotations

__all__ = ["STATUS_COLOURS", "STYLE"]

# CSS class (see exports.parts.STATUS_MARKS) → text colour.
STATUS_COLOURS: dict[str, str] = {
    "complete": "#1f4e9c",  # blue, as "Blue" means complete in a BRAG rating
    "on-track": "#1a6631",
    "at-risk": "#8a4600",
    "stalled": "#a4161a",
    "no-update": "#575757",
    "in-progress": "#1a6631",
    "not-started": "#575757",
    "other": "#3d3d3d",
}

_STATUS_RULES = "\n".join(
    f".status-{name} {{ color: {colour}; }}" for name, colour in STATUS_COLOURS.items()
)

STYLE = f"""
:root {{ color-scheme: light; }}
body {{
  font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1b1b1b; background: #fff; margin: 0;
}}
main {{ max-width: 60rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }}
h1 {{ font-size: 1.6rem; margin: 0 0 .75rem; }}
h2 {{ font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #1b1b1b; }}
h3 {{ font-size: 1.15rem; margin-top: 1.5rem; }}
h4 {{ font-size: 1.05rem; margin-top: 1.25rem; }}
h5, h6 {{ font-size: 1rem; margin: 1rem 0 .25rem; }}
table {{ border-collapse: collapse; margin: .75rem 0; width: 100%; font-size: .95em; }}
th, td {{ border: 1px solid #8a8a8a; padding: .25rem .5rem; vertical-align: top; }}
th {{ background: #ececec; }}
blockquote {{ margin: .5rem 0 1rem; padding: .25rem 1rem; border-left: 4px solid #8a8a8a;
  background: #f6f6f6; }}
s {{ color: #8b1a1a; }}
blockquote strong {{ color: #0b5d1e; }}
p, li {{ overflow-wrap: anywhere; }}
.status {{ font-style: normal; font-weight: 600; white-space: nowrap; }}
{_STATUS_RULES}
#contents + ul {{ columns: 2; }}
@media print {{
  @page {{ size: A4; margin: 10mm 11mm; }}
  body {{ font-size: 8.5pt; line-height: 1.25; }}
  main {{ max-width: none; padding: 0; }}
  h1 {{ font-size: 14pt; margin-bottom: .3rem; }}
  h2 {{ font-size: 12pt; margin: .8rem 0 .3rem; }}
  h3 {{ font-size: 10.5pt; margin: .6rem 0 .2rem; }}
  h4, h5, h6 {{ font-size: 9pt; margin: .4rem 0 .1rem; }}
  p, ul, ol {{ margin: .15rem 0; }}
  ul, ol {{ padding-left: 1.2rem; }}
  table {{ margin: .3rem 0; }}
  th, td {{ padding: .1rem .3rem; }}
  blockquote {{ margin: .15rem 0 .3rem; padding: 0 .5rem; border-left-width: 2px; }}
  h2#summary + table + p + h2 {{ break-before: page; page-break-before: always; }}
  h1, h2, h3, h4, h5, h6 {{ break-after: avoid; page-break-after: avoid; }}
  section.entry, tr, li {{ break-inside: avoid; page-break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  a {{ color: inherit; text-decoration: none; }}
  th {{ background: none; }}
  blockquote {{ background: none; }}
  s, blockquote strong {{ color: inherit; }}
}}
""".strip()
