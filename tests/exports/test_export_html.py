"""The report as a Panel paper: anchors and links that resolve, statuses readable without
colour, line structure kept, a rewritten update shown whole, public papers and display names,
the 2018 report's grouping and glossary, identical bytes for the same data, and the printed
HTML's page count in a real headless Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.exports import ExportOptions, render_html, render_markdown
from plandesk.exports.html_style import STATUS_COLOURS, STYLE
from plandesk.exports.parts import OTHER_MARK, STATUS_MARKS
from plandesk.exports.word_diff import kept_share, mostly_rewritten
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.settings import settings_path
from tests.exports.markdown_checks import html_tokens
from tests.factories import BODIES, make_snapshot

runner = CliRunner()
DAY = date(2024, 5, 1)
OPTIONS = ExportOptions(generated_on=DAY)


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def dbs(tmp_path_factory) -> dict[str, Path]:
    """The two samples imported into their own files (2020 twice: Q2, then Q3)."""
    folder = tmp_path_factory.mktemp("html-export")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANDESK_HOME", str(folder / "home"))
        mp.setenv("PLANDESK_USER", "test-officer")
        mp.delenv("PLANDESK_DB", raising=False)
        out = {"2018": folder / "2018.db", "2020": folder / "2020.db"}
        cli("--db", str(out["2018"]), "import", str(PANEL_REPORT))
        cli("--db", str(out["2020"]), "import", str(QUARTERLY_EXTRACT))
        return out


def export(db: Path, *more: str) -> str:
    return cli("--db", str(db), "export", "--date", "2026-06-30", *more)


class Page(HTMLParser):
    """The ids, fragment links and status spans of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.statuses: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "a":
            self.links.append(found["href"])
        if tag == "span" and "status" in (found.get("class") or "").split():
            self.statuses.append(found["class"])


def check_links(html: str) -> Page:
    page = Page(html)
    assert len(page.ids) == len(set(page.ids)), "ids are unique"
    assert page.links and all(link.startswith("#") for link in page.links)
    assert {link[1:] for link in page.links} <= set(page.ids), "every link resolves"
    return page


VARIANTS = [[], ["--only", "stalled"], ["--objective", "2"], ["--oversight", "Victims Board"]]


@pytest.mark.parametrize("more", VARIANTS, ids=["all", "stalled", "objective", "body"])
def test_every_link_resolves_in_the_2018_report(dbs, more):
    page = check_links(export(dbs["2018"], "--format", "html", *more))
    if not more:
        # the contents reach every objective, every flagged activity is linked from its flag
        assert {f"#objective-{n}" for n in range(1, 5)} <= set(page.links)
        assert "#a1-2" in page.links and "a1-2" in page.ids


def test_links_in_the_2020_report_and_its_markdown(dbs):
    html = export(dbs["2020"], "--format", "html")
    page = check_links(html)
    assert "#a3-1" in page.links  # A3.1 is flagged: the flag list links to its entry
    md = export(dbs["2020"])
    assert "- **[A3.1](#a3-1)** · *▲ At risk (suggested)*" in md
    assert re.search(r"^##### A3\.1 · .* \{#a3-1\}$", md, re.M)
    assert not html_tokens(md)
    # one anchor per activity and objective heading, and contents, summary, flags, progress
    assert len(re.findall(r" \{#[a-z0-9-]+\}$", md, re.M)) == 62 + 4 + 4


def test_repeated_refs_get_unique_anchors():
    snapshot = make_snapshot()
    for activity in snapshot.activities():
        activity.ref = "1"
    md = render_markdown(snapshot, BODIES, OPTIONS)
    for anchor in ("a1-1", "a1-1-2", "a2-1", "b1-1", "b1-1-2"):
        assert f"{{#{anchor}}}" in md or anchor.endswith("-2")
    page = check_links(render_html(snapshot, BODIES, OPTIONS))
    activity_ids = [i for i in page.ids if re.fullmatch(r"[ab]\d-1(-\d)?", i)]
    assert len(activity_ids) == len(set(activity_ids)) == 5


def test_an_entry_cannot_make_an_anchor_or_a_link():
    snapshot = make_snapshot(officer="Evil {#summary} [x](#summary)")
    for commitment in (c for o in snapshot.objectives for c in o.commitments):
        commitment.ref = "{#progress}"
    md = render_markdown(snapshot, BODIES, OPTIONS)
    assert "Evil \\{\\#summary} \\[x\\](\\#summary)" in md
    page = check_links(render_html(snapshot, BODIES, OPTIONS))
    assert page.ids.count("summary") == page.ids.count("progress") == 1


# ------------------------------------------------------------------------------ statuses


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just fails AA


def test_status_colours_pass_wcag_aa_on_every_background():
    rules = dict(re.findall(r"\.status-([a-z-]+) \{ color: (#[0-9a-f]{6}); \}", STYLE))
    assert rules == STATUS_COLOURS
    backgrounds = set(re.findall(r"background: (#[0-9a-f]{6})", STYLE))
    assert "#ffffff" not in backgrounds and backgrounds  # body's #fff, checked below
    for name, colour in rules.items():
        for background in {"#ffffff", *backgrounds}:
            assert contrast(colour, background) >= 4.5, (name, colour, background)


def test_each_status_has_its_own_symbol_word_and_colour():
    marks = [*STATUS_MARKS.values(), OTHER_MARK]
    assert len({symbol for symbol, _ in marks}) == len(marks)
    assert {name for _, name in marks} == set(STATUS_COLOURS)
    html = render_html(make_snapshot(), BODIES, OPTIONS)
    assert '<span class="status status-stalled">✖ Stalled (suggested)</span>' in html
    assert '<span class="status status-in-progress">◐ In progress</span>' in html
    assert re.search(r"<em>[✔●▲✖○◐□◆]", html) is None  # every status became a span


def test_an_entry_cannot_colour_itself_as_a_status():
    snapshot = make_snapshot("*▲ At risk* and _✔ Complete_", "x")
    html = render_html(snapshot, BODIES, OPTIONS)
    assert "*▲ At risk* and _✔ Complete_" in html
    statuses = Page(html).statuses
    assert len(statuses) == len(Page(render_html(make_snapshot(), BODIES, OPTIONS)).statuses)


# ------------------------------------------------------------------------------ text


def test_a_mostly_rewritten_update_is_shown_whole():
    assert not mostly_rewritten("Board met in May.", "Board met in June.")
    assert kept_share("a b c d", "a b x y") == 0.5 and not mostly_rewritten("a b c d", "a b x y")
    assert mostly_rewritten("a b c d", "a x y z")
    assert kept_share("a\nb", "a\n\nb") == 1.0  # line breaks are not words
    # 3 of 5 and 6 words kept: a word diff
    edited = make_snapshot("Work started in May.", "Work started in May, late.")
    md = render_markdown(edited, BODIES, OPTIONS)
    assert "> ~~Earlier:~~ **Progress:** Work started in ~~May, late.~~ **May.**" in md
    assert "Rewritten" not in md
    # "started." is not "started": 1 word of 4 and 3 kept, so both texts, one after the other
    rewritten = make_snapshot("Work started.", "Work started today.")
    md = render_markdown(rewritten, BODIES, OPTIONS)
    changes = md.split("### Changed updates")[1].split("\n## ")[0]
    assert "~~" not in changes
    assert (
        "> **Rewritten. The update for 2030/31 Q1:**\n>\n> Earlier: Work started today.\n>\n"
        "> **This period's update:**\n>\n> Progress: Work started.\n"
    ) in changes
    html = render_html(rewritten, BODIES, OPTIONS)
    assert "<p>Earlier: Work started today.</p>" in html
    assert html.count("<s>") == 1  # the legend's "struck through" only


def test_commitment_and_activity_text_keep_their_lines():
    snapshot = make_snapshot()
    commitment = snapshot.objectives[0].commitments[0]
    commitment.title = "Support victims:\n• first aim\n- second aim"
    commitment.activities[0].text = "Train officers\nin two waves\n• wave one\n• wave two"
    md = render_markdown(snapshot, BODIES, OPTIONS)
    assert "##### A1\n\nSupport victims:\n\n- first aim\n- second aim\n" in md
    assert "Train officers\\\nin two waves\n\n- wave one\n- wave two\n" in md
    html = render_html(snapshot, BODIES, OPTIONS)
    assert "<ul>\n<li>first aim</li>\n<li>second aim</li>\n</ul>" in html
    assert "<p>Train officers<br />\nin two waves</p>" in html


# ------------------------------------------------------------------------------ authors


def test_public_paper_names_no_one_and_keeps_no_acknowledgement_note():
    snapshot = make_snapshot()
    inside = render_markdown(snapshot, BODIES, OPTIONS)
    assert "(by importer)" in inside and "by ann" in inside and "chased at the board" in inside
    for render in (render_markdown, render_html):
        public = render(snapshot, BODIES, replace(OPTIONS, public=True, authors={"ann": "Ann"}))
        for word in ("importer", "ann", "Ann", "chased at the board", "(by "):
            assert word not in public, word
        assert "acknowledged* on 2030-10-02" in public or "acknowledged</em> on 2030" in public


def test_display_names_from_settings_and_public_from_the_cli(dbs):
    assert "(by test-officer)" in export(dbs["2020"])
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[authors]\n"Test-Officer" = "Policy  Team"\n', encoding="utf-8")
    named = export(dbs["2020"])
    assert "(by Policy Team)" in named and "test-officer" not in named
    public = export(dbs["2020"], "--public", "--format", "html")
    assert "Policy Team" not in public and "test-officer" not in public and "(by " not in public
    path.write_text('[authors]\nroot = ""\n', encoding="utf-8")
    result = runner.invoke(app, ["--db", str(dbs["2020"]), "export"])
    assert result.exit_code == 2 and "[authors] must map logins to names" in result.output


# ------------------------------------------------------------------------------ 2018's shape


def test_2018_groups_policing_and_commissioner_commitments_and_has_its_glossary(dbs):
    md = export(dbs["2018"])
    objectives = md.split("\n### ")[1:]
    for part in [p for p in objectives if re.match(r"\d\. ", p)]:
        assert "\n#### Policing element\n" in part
        assert "\n#### Commissioner's commitments\n" in part
    assert re.search(r"^##### 1\.1 Make sure officers", md, re.M)
    assert re.search(r"^##### A\.1 Set out my commitment", md, re.M)
    glossary = md.split("## Oversight glossary {#oversight-glossary}")[1]
    assert "### Cross cutting / other" in glossary
    assert glossary.count("\n| **") == 35  # every body the 2018 glossary lists
    assert "| **Independent Joint Audit Committee** |" in glossary
    html = export(dbs["2018"], "--format", "html")
    assert '<h2 id="oversight-glossary">Oversight glossary</h2>' in html
    pack = export(dbs["2018"], "--oversight", "Victims Board")
    assert "Oversight glossary" not in pack and "**Section:** Commissioner's commitments" in pack


def test_2020_has_neither_grouping_nor_glossary(dbs):
    md = export(dbs["2020"])
    assert "Policing element" not in md and "Oversight glossary" not in md


# ------------------------------------------------------------------------------ determinism


def test_same_data_and_date_give_the_same_bytes(dbs, tmp_path):
    again = tmp_path / "again.db"
    cli("--db", str(again), "import", str(PANEL_REPORT))
    for fmt in ("md", "html"):
        first = export(dbs["2018"], "--format", fmt)
        assert export(dbs["2018"], "--format", fmt) == first
        assert export(again, "--format", fmt) == first


# ------------------------------------------------------------------------------ print


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (Chromium writes them uncompressed), checked against the page
    tree's root, whose /Count is the largest."""
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    if counts:
        assert max(counts) == pages
    return pages


def print_to_pdf(html: str, folder: Path) -> int:
    browser = chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): no print test")
    page, pdf = folder / "report.html", folder / "report.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return pdf_pages(pdf.read_bytes())


def test_the_2020_report_prints_on_at_most_15_a4_pages(dbs, tmp_path):
    html = export(dbs["2020"], "--format", "html")
    assert "@page { size: A4;" in html
    # the page break after the summary falls where the stylesheet's selector expects it
    assert "h2#summary + table + p + h2 {" in html
    assert re.search(
        r'<h2 id="summary">Summary</h2>\n<table>.*?</table>\n'
        r"<p>[^<]*(<em>[^<]*</em>[^<]*)?</p>\n<h2 ",
        html,
        re.S,
    )
    pages = print_to_pdf(html, tmp_path)
    assert 2 <= pages <= 15, pages  # the summary alone on page one, then the rest
