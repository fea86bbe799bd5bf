"""Synthetic delivery plans whose shapes and texts follow the two real samples.

`synthetic_documents(activities, periods, seed)` builds one `PlanDocument` per reporting period
(consecutive UK financial quarters from 2020/21 Q1) of a single plan, directly as the plain
records the importers produce. Texts are made of the samples' own sentences, cut to lengths drawn
from the samples' length distributions, so they read like real entries and give the stall rules
real work: some activities have no update, some say "No further update" or only refer to other
refs, some repeat (or nearly repeat) the previous period, and the rest are fresh text in which
the samples' own delay and deadline wording turns up as often as it does in the originals.

Deterministic: the same arguments always give the same documents.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from plandesk.core.periods import quarter
from plandesk.core.records import (
    ActivityRecord,
    CommitmentRecord,
    ObjectiveRecord,
    OversightBodyRecord,
    PlanDocument,
)

__all__ = [
    "GENERATOR_VERSION",
    "PLAN_EDITION",
    "PLAN_NAME",
    "SIZES",
    "Size",
    "plan_shape",
    "synthetic_documents",
]

# Bump when the generated plans change, so databases kept with `--workdir` are rebuilt.
GENERATOR_VERSION = 2
PLAN_NAME = "Safer Synthetic Plan"
PLAN_EDITION = "2020"
FIRST_FY = 2020


@dataclass(frozen=True)
class Size:
    """One benchmark size: how many activities, over how many periods."""

    key: str
    label: str
    activities: int
    periods: int


SIZES: dict[str, Size] = {
    "sample": Size("sample", "sample 100×2", 100, 2),
    "1k": Size("1k", "1k×8", 1_000, 8),
    "10k": Size("10k", "10k×8", 10_000, 8),
    "50k": Size("50k", "50k×8", 50_000, 8),
}

# Shares of each period's updates (the rest is fresh text). The samples have 4 of 160
# activities without an update and a handful of "No further update" / "Refer to …"; the
# synthetic plan has more of each so every stall rule has work at every size.
P_MISSING = 0.08
P_NO_NEWS = 0.06
P_REFER = 0.04
P_COPIED = 0.10
P_NEARLY_COPIED = 0.05
# Edited: last period's update with its first sentence dropped (half the time) and one or two
# new sentences added, as officers usually bring an update forward.
P_EDITED = 0.30
P_STANDS_FOR_COMMITMENT = 0.04
P_POLICING = 0.15
P_NO_OVERSIGHT = 0.2
ACTIVITIES_PER_COMMITMENT = (10.0, 3.0)  # mean, standard deviation

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\s*\n+\s*|\s+•\s+")


@dataclass(frozen=True)
class _Field:
    """One kind of text in the samples: its sentences and its lengths."""

    sentences: tuple[str, ...]
    lengths: tuple[int, ...]


@dataclass(frozen=True)
class _Pools:
    objective_titles: tuple[str, ...]
    commitment_title: _Field
    activity_text: _Field
    update: _Field
    oversights: tuple[str, ...]
    no_news: tuple[str, ...]
    bodies: tuple[OversightBodyRecord, ...]


def _sentences(texts: list[str]) -> tuple[str, ...]:
    found = []
    for text in texts:
        for part in _SENTENCE_END.split(text):
            part = " ".join(part.split())
            if len(part) >= 12:
                found.append(part)
    return tuple(dict.fromkeys(found))  # distinct, in sample order (deterministic)


def _field(texts: list[str]) -> _Field:
    return _Field(_sentences(texts), tuple(len(t) for t in texts))


@lru_cache(maxsize=1)
def _pools() -> _Pools:
    """Read both bundled samples once."""
    from plandesk.importers import read_document
    from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

    documents = [read_document(PANEL_REPORT), read_document(QUARTERLY_EXTRACT)]
    activities = [a for d in documents for a in d.activities()]
    commitments = [c for d in documents for c in d.commitments()]
    objective_titles = tuple(dict.fromkeys(o.title for d in documents for o in d.objectives))
    updates = [a.update for a in activities if a.update]
    no_news = ("No further update", "No further update.", "No update this quarter")
    bodies = tuple(b for d in documents for b in d.oversight_bodies)
    return _Pools(
        objective_titles=objective_titles,
        commitment_title=_field([c.title for c in commitments]),
        activity_text=_field([a.text for a in activities if a.text]),
        update=_field(updates),
        oversights=tuple(a.oversight for a in activities if a.oversight.strip()),
        no_news=no_news,
        bodies=bodies,
    )


def _text(rng: random.Random, field: _Field, length: int | None = None) -> str:
    """Real sentences, shuffled, cut at a word boundary near a length the samples have."""
    if length is None:
        length = rng.choice(field.lengths)
    length = max(length, 20)
    parts: list[str] = []
    total = 0
    while total < length:
        sentence = rng.choice(field.sentences)
        parts.append(sentence)
        total += len(sentence) + 1
    text = " ".join(parts)
    if len(text) > length * 1.3:
        cut = text.rfind(" ", 0, length)
        text = text[: cut if cut > 0 else length].rstrip(" ,;:-–") + "."
    return text


def _nearly(rng: random.Random, text: str) -> str:
    """The same update with a word or two changed (the "copied, nearly" case)."""
    words = text.split()
    if len(words) < 12:
        return text + " Ongoing."
    for _ in range(max(1, len(words) // 40)):
        words[rng.randrange(len(words))] = rng.choice(("now", "still", "further", "also"))
    return " ".join(words)


def _edited(rng: random.Random, text: str, field: _Field) -> str:
    """Last period's update brought forward: first sentence dropped (half the time), news added."""
    sentences = [part for part in re.split(r"(?<=[.!?])\s+", text) if part]
    if len(sentences) > 1 and (rng.random() < 0.5 or len(sentences) > 4):
        sentences = sentences[1:]
    sentences += [rng.choice(field.sentences) for _ in range(rng.randint(1, 2))]
    return " ".join(sentences)


@dataclass
class _Activity:
    ref: str | None
    text: str
    oversight: str
    stands_for_commitment: bool


@dataclass
class _Commitment:
    ref: str
    kind: str
    title: str
    activities: list[_Activity]


@dataclass
class _Objective:
    title: str
    commitments: list[_Commitment]


def _activity_counts(rng: random.Random, activities: int) -> list[int]:
    mean, sd = ACTIVITIES_PER_COMMITMENT
    counts: list[int] = []
    left = activities
    while left > 0:
        n = min(left, max(1, round(rng.gauss(mean, sd))))
        counts.append(n)
        left -= n
    return counts


def plan_shape(activities: int, seed: int) -> list[_Objective]:
    """The plan's structure and texts (the same in every period)."""
    pools = _pools()
    rng = random.Random(f"shape-{activities}-{seed}")
    counts = _activity_counts(rng, activities)
    n_objectives = min(rng.randint(4, 8), len(counts))
    # Uneven objectives, as in the samples (8, 11, 14 and 19 commitments).
    weights = [rng.uniform(0.5, 2.0) for _ in range(n_objectives)]
    per_objective = [1] * n_objectives
    for _ in range(len(counts) - n_objectives):
        per_objective[rng.choices(range(n_objectives), weights)[0]] += 1
    objectives: list[_Objective] = []
    titles = list(pools.objective_titles)
    it = iter(counts)
    for index, n_commitments in enumerate(per_objective):
        letter = "ABCDEFGH"[index]
        title = titles[index % len(titles)]
        if index >= len(titles):
            title = f"{title} ({index // len(titles) + 1})"
        numbers = {"policing": 0, "commissioner": 0}
        commitments = []
        for _ in range(n_commitments):
            kind = "policing" if rng.random() < P_POLICING else "commissioner"
            numbers[kind] += 1
            number = numbers[kind]
            ref = f"{index + 1}.{number}" if kind == "policing" else f"{letter}{number}"
            activities_ = []
            for position in range(1, next(it) + 1):
                stands = position == 1 and rng.random() < P_STANDS_FOR_COMMITMENT
                if stands:
                    a_ref, text = None, ""
                elif kind == "policing":
                    a_ref, text = None, _text(rng, pools.activity_text)
                else:
                    a_ref, text = f"{ref}.{position}", _text(rng, pools.activity_text)
                oversight = "" if rng.random() < P_NO_OVERSIGHT else rng.choice(pools.oversights)
                activities_.append(_Activity(a_ref, text, oversight, stands))
            title = _text(rng, pools.commitment_title)
            commitments.append(_Commitment(ref, kind, title, activities_))
        objectives.append(_Objective(title, commitments))
    return objectives


def _updates(rng: random.Random, shape: list[_Objective], periods: int) -> list[list[str | None]]:
    """Each period's update of every activity, in plan order."""
    pools = _pools()
    refs = [a.ref for o in shape for c in o.commitments for a in c.activities if a.ref]
    n = sum(len(c.activities) for o in shape for c in o.commitments)
    by_period: list[list[str | None]] = []
    previous: list[str | None] = [None] * n
    for _period in range(periods):
        this: list[str | None] = []
        for i in range(n):
            roll = rng.random()
            before = previous[i]
            if roll < (edge := P_MISSING):
                text = None
            elif roll < (edge := edge + P_NO_NEWS):
                text = rng.choice(pools.no_news)
            elif roll < (edge := edge + P_REFER) and refs:
                text = f"Refer to {rng.choice(refs)} and {rng.choice(refs)}"
            elif roll < (edge := edge + P_COPIED) and before:
                text = before
            elif roll < (edge := edge + P_NEARLY_COPIED) and before:
                text = _nearly(rng, before)
            elif roll < edge + P_EDITED and before:
                text = _edited(rng, before, pools.update)
            else:
                text = _text(rng, pools.update)
            this.append(text)
        by_period.append(this)
        previous = this
    return by_period


def synthetic_documents(activities: int, periods: int, seed: int) -> list[PlanDocument]:
    """One `PlanDocument` per period (2020/21 Q1 onwards) of one plan of `activities`."""
    if activities < 1 or periods < 1:
        raise ValueError("a plan needs at least one activity and one period")
    pools = _pools()
    shape = plan_shape(activities, seed)
    updates = _updates(random.Random(f"updates-{activities}-{seed}"), shape, periods)
    documents = []
    for p in range(periods):
        spec = quarter(FIRST_FY + p // 4, p % 4 + 1)
        texts = iter(updates[p])
        objectives = [
            ObjectiveRecord(
                title=o.title,
                commitments=[
                    CommitmentRecord(
                        ref=c.ref,
                        kind=c.kind,  # type: ignore[arg-type]
                        title=c.title,
                        activities=[
                            ActivityRecord(
                                ref=a.ref,
                                text=a.text,
                                oversight=a.oversight,
                                update=next(texts),
                                stands_for_commitment=a.stands_for_commitment,
                            )
                            for a in c.activities
                        ],
                    )
                    for c in o.commitments
                ],
            )
            for o in shape
        ]
        documents.append(
            PlanDocument(
                source=f"synthetic-{activities}x{periods}-seed{seed}-{spec.label}.txt",
                layout="quarterly-extract",
                plan_name=PLAN_NAME,
                edition=PLAN_EDITION,
                period=spec,
                objectives=objectives,
                oversight_bodies=[replace(b) for b in pools.bodies],
            )
        )
    return documents
