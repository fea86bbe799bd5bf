"""The summary document's lists outside the plan tree: what is flagged, and what changed.

Each activity named links to its heading in the progress section when the document has one.
"""

from __future__ import annotations

from plandesk.core.plan import ActivityView, activity_label
from plandesk.exports.anchors import SECTIONS, Anchors, link
from plandesk.exports.markdown_text import block, quote
from plandesk.exports.parts import Writer, author_of, moment, plural, status, t, where
from plandesk.exports.scope import Entry, Scope, change_of
from plandesk.exports.word_diff import diff_lines, mostly_rewritten

__all__ = ["changed_section", "stalled_section"]


def _name(entry: Entry, anchors: Anchors) -> str:
    """The activity's name, linked to its heading when there is one."""
    return link(
        t(activity_label(entry.commitment, entry.activity)), anchors.activity(entry.activity)
    )


def _label(entry: Entry, anchors: Anchors) -> str:
    return f"**{_name(entry, anchors)}**"


def _flag_lines(activity: ActivityView, indent: str) -> list[str]:
    return [f"{indent}- **{t(flag.rule)}:** {t(flag.detail)}" for flag in activity.flags]


def acknowledged_by(scope: Scope, activity: ActivityView) -> str:
    """Who acknowledged the flags, when and why (in a public paper only when)."""
    ack = activity.acknowledged
    assert ack is not None
    author = author_of(scope.options, ack.author)
    if author is None:
        return f"on {moment(ack.at)}"
    return f"by {t(author)} on {moment(ack.at)}: {t(ack.note)}"


def stalled_section(out: Writer, scope: Scope, anchors: Anchors) -> None:
    out.heading(2, f"Stalled and at risk{anchors.heading(SECTIONS['stalled'])}")
    flagged = [e for e in scope.entries if e.activity.flags]
    open_ = [e for e in flagged if e.activity.open_flags]
    acknowledged = [e for e in flagged if not e.activity.open_flags]
    if not flagged:
        out.add("Nothing is flagged.")
        return
    out.add(
        f"{plural(len(open_), 'activity has', 'activities have')} open flags; "
        f"{len(acknowledged)} acknowledged."
    )
    if open_:
        out.heading(3, "Open flags")
        lines: list[str] = []
        for e in open_:
            lines.append(f"- {_label(e, anchors)} · {status(e.activity)} · {where(e)}")
            lines += _flag_lines(e.activity, "  ")
        out.add(*lines)
    if acknowledged:
        out.heading(3, "Acknowledged")
        lines = []
        for e in acknowledged:
            lines.append(
                f"- {_label(e, anchors)} · {status(e.activity)} · {where(e)} · *acknowledged* "
                f"{acknowledged_by(scope, e.activity)}"
            )
            lines += _flag_lines(e.activity, "  ")
        out.add(*lines)


def _flag_summary(activity: ActivityView) -> str:
    return "; ".join(f"{t(f.rule)}: {t(f.detail)}" for f in activity.flags)


def _update_change(out: Writer, activity: ActivityView, previous: str) -> None:
    """The word diff, or both texts one after the other when most of the words changed."""
    old = activity.previous.text if activity.previous else ""
    new = activity.update.text if activity.update else ""
    if not mostly_rewritten(old, new):
        out.add(*quote(diff_lines(old, new)))
        return
    lines = [f"**Rewritten. The update for {t(previous)}:**", "", *block(old)]
    lines += ["", "**This period's update:**", "", *block(new)]
    out.add(*quote(lines))


def changed_section(out: Writer, scope: Scope, anchors: Anchors) -> None:
    snapshot = scope.snapshot
    previous = snapshot.previous_period
    assert previous is not None
    out.heading(2, f"Changed since {t(previous.label)}{anchors.heading(SECTIONS['changed'])}")
    kinds: dict[str, list[Entry]] = {"changed": [], "new": [], "dropped": []}
    for e in scope.entries:
        change = change_of(snapshot, e.activity)
        if change is not None:
            kinds[change].append(e)
    if not any(kinds.values()):
        out.add(f"No update changed since {t(previous.label)}.")
        return
    summary = (
        f"Updates since {t(previous.label)}: {len(kinds['changed'])} changed, "
        f"{len(kinds['new'])} new, {len(kinds['dropped'])} not repeated (an update last period, "
        "none this period)."
    )
    if kinds["changed"]:
        summary += (
            " Deleted words are ~~struck through~~, new words **in bold**; an update rewritten"
            " for the most part is shown whole, after the previous one."
        )
    out.add(summary)
    if kinds["changed"]:
        out.heading(3, "Changed updates")
        for e in kinds["changed"]:
            activity = e.activity
            out.heading(4, f"{_name(e, anchors)} · {where(e)}")
            text = block(activity.text)
            old = activity.previous.status if activity.previous else ""
            new = activity.update.status if activity.update else ""
            facts = []
            if len(text) == 1:
                facts.append(f"**Activity:** {text[0]}")
            elif not text:
                facts.append("**Activity:** the commitment itself")
            facts.append(f"**Status:** {status(activity)}")
            if old.casefold() != new.casefold():
                facts.append(
                    f"**Status set by officer:** {t(new or 'none')} (was {t(old or 'none')})"
                )
            if activity.open_flags:
                facts.append(f"**Flagged:** {_flag_summary(activity)}")
            if len(text) > 1:
                out.add("**Activity:**")
                out.add(*text)
            out.paragraph_lines(facts)
            _update_change(out, activity, previous.label)
    for kind, heading in (
        ("new", "New updates this period"),
        ("dropped", f"No update this period (had one in {t(previous.label)})"),
    ):
        if kinds[kind]:
            out.heading(3, heading)
            out.add(
                *(
                    f"- {_label(e, anchors)} · {status(e.activity)} · {where(e)}"
                    for e in kinds[kind]
                )
            )
