"""Merging an imported `PlanDocument` into the database, inside the caller's transaction.

`plandesk.store.importing` is the only caller: it holds the write lock before a loader reads
anything; the updates themselves are merged by `plandesk.store.import_updates`. Each document
is read against what the plan already holds with one query per kind of row (not one per
activity), and updates, revisions and oversight links are written as bulk inserts: a
10,000-activity period is a few dozen statements, not tens of thousands.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from plandesk.core.plan import ImportReport
from plandesk.core.records import ActivityRecord, PlanDocument
from plandesk.core.refs import clean_ref, name_key, ref_key
from plandesk.store.cross_links import link_plan, unresolved
from plandesk.store.import_updates import IMPORT_SOURCE, Incoming, merge_updates
from plandesk.store.models import (
    Activity,
    Commitment,
    Objective,
    OversightBody,
    Period,
    Plan,
)
from plandesk.store.officer_edits import KEPT_COLUMNS, OfficerEdits, officer_edits
from plandesk.store.oversight_links import derive_bodies, link_activities
from plandesk.store.period_state import closed_refusal

__all__ = ["DocumentLoader"]


class DocumentLoader:
    """Merges one `PlanDocument` into the database; `run` returns what it created and changed."""

    def __init__(
        self,
        session: Session,
        document: PlanDocument,
        author: str,
        plan_name: str | None,
        edition: str | None,
        dry_run: bool,
        clock: Callable[[], datetime],
        overwrite: bool = False,
    ) -> None:
        self.session = session
        self.doc = document
        self.author = author
        self.plan_name = plan_name or document.plan_name
        self.edition = document.edition if edition is None else edition
        self.report = ImportReport(
            source=document.source,
            plan=f"{self.plan_name} {self.edition}".strip(),
            period=document.period.label,
            dry_run=dry_run,
        )
        self.clock = clock
        self.now = clock()
        self.overwrite = overwrite
        self.source = f"{IMPORT_SOURCE}{document.source}"
        self.edits = OfficerEdits()

    def _tally(self, kind: str, created: bool, changed: bool) -> None:
        bucket = "created" if created else "changed" if changed else "unchanged"
        self.report.count(bucket, kind)

    def _merge(self, kind: str, row, label: str, values: dict[str, object]) -> bool:
        """Assign `values` but for the fields an officer changed; an officer's field the
        document words differently is named in the report's `kept`. True when anything
        changed."""
        kept, edited = self.edits.kept_values(kind, row.id, values)
        differs = sorted(
            name
            for name in edited
            if any(
                column in values and values[column] != getattr(row, column)
                for column in KEPT_COLUMNS[kind][name]
                if column not in ("position", "ref_key")
            )
        )
        if differs:
            self.report.kept.append(f"{label} (plan edit: {', '.join(differs)})")
        return self._assign(row, **kept)

    @staticmethod
    def _assign(row: object, **values: object) -> bool:
        """Set attributes that differ; True when anything changed."""
        changed = False
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        return changed

    def run(self) -> ImportReport:
        plan = self._plan()
        # Officers' edits of the plan itself win over the document (and keep items findable).
        self.edits = officer_edits(self.session, plan.id)
        period = self._period(plan)
        self._bodies(plan)
        objectives = self._objectives(plan)
        commitments = self._commitments(plan, objectives)
        activities = self._activities(plan, commitments)
        self.session.flush()  # new activities get their ids
        self._link_bodies(plan, activities)
        self._updates(period, commitments, activities)
        self.session.flush()
        # The document's period is read afresh; the plan's own text only when it changed.
        plan_changed = any(
            self.report.created.get(kind) or self.report.changed.get(kind)
            for kind in ("objectives", "commitments", "activities")
        )
        link_plan(self.session, plan.id, [period.id], plan_text=plan_changed)
        self.report.unresolved = [
            f"{link.source_ref} “{link.written}”: {link.target_ref}"
            for link in unresolved(self.session, plan.id)
        ]
        if not self.report.is_noop:
            # Only a change makes this the latest plan: a no-op import must not move the
            # default plan (the one `plans` lists first).
            plan.imported_at = self.now
        self.session.flush()
        return self.report

    # ------------------------------------------------------------ plan, period, bodies

    def _plan(self) -> Plan:
        plan = self.session.exec(
            select(Plan).where(Plan.name == self.plan_name, Plan.edition == self.edition)
        ).scalar_one_or_none()
        created = plan is None
        if plan is None:
            plan = Plan(
                name=self.plan_name,
                edition=self.edition,
                notes=self.doc.notes,
                created_at=self.now,
                imported_at=self.now,
            )
            self.session.add(plan)
            self.session.flush()
            changed = False
        else:
            changed = bool(self.doc.notes) and self._assign(plan, notes=self.doc.notes)
        self._tally("plans", created, changed)
        return plan

    def _period(self, plan: Plan) -> Period:
        spec = self.doc.period
        period = self.session.exec(
            select(Period)
            .where(Period.plan_id == plan.id, Period.label == spec.label)
            .with_for_update(read=True)  # a close of this period waits for the import
        ).scalar_one_or_none()
        if period is None:
            period = Period(plan_id=plan.id, label=spec.label, start=spec.start, end=spec.end)
            self.session.add(period)
            self.session.flush()
            self._tally("periods", True, False)
        elif period.closed_at is not None:
            # Nothing of the document is written: the whole import is rolled back.
            raise closed_refusal(period.label)
        else:
            self._tally("periods", False, self._assign(period, start=spec.start, end=spec.end))
        return period

    def _bodies(self, plan: Plan) -> dict[str, OversightBody]:
        existing = {
            b.name_key: b
            for b in self.session.exec(
                select(OversightBody).where(OversightBody.plan_id == plan.id)
            ).scalars()
        }
        for record in self.doc.oversight_bodies:
            key = name_key(record.name)
            values = dict(
                name=record.name,
                purpose=record.purpose,
                frequency=record.frequency,
                notes_published=record.notes_published,
                public_meeting=record.public_meeting,
                area=record.area,
            )
            body = existing.get(key)
            if body is None:
                body = OversightBody(plan_id=plan.id, name_key=key, **values)
                self.session.add(body)
                existing[key] = body
                self._tally("oversight bodies", True, False)
            else:
                self._tally("oversight bodies", False, self._assign(body, **values))
        self.session.flush()
        return existing

    # ------------------------------------------------------------ the plan's structure

    def _objectives(self, plan: Plan) -> list[Objective]:
        existing: dict[str, Objective] = {}
        for o in self.session.exec(select(Objective).where(Objective.plan_id == plan.id)).scalars():
            existing[name_key(o.title)] = o
            # Retitled by an officer: the document still has the old title.
            original = self.edits.original("objective", o.id, "title", o.title)
            existing.setdefault(name_key(str(original)), o)
        rows = []
        for position, record in enumerate(self.doc.objectives, start=1):
            objective = existing.get(name_key(record.title))
            if objective is None:
                objective = Objective(plan_id=plan.id, position=position, title=record.title)
                self.session.add(objective)
                self._tally("objectives", True, False)
            else:
                changed = self._merge(
                    "objective",
                    objective,
                    f"objective {objective.position}",
                    {"position": position, "title": record.title},
                )
                self._tally("objectives", False, changed)
            rows.append(objective)
        self.session.flush()
        return rows

    def _commitments(
        self, plan: Plan, objectives: list[Objective]
    ) -> list[tuple[Commitment, list[ActivityRecord]]]:
        """Each commitment of the document with its activity records, matched by ref.

        A ref that repeats is matched by its occurrence (the second `3.2.3` to the second).
        """
        existing: dict[tuple[str, int], Commitment] = {}
        seen: dict[str, int] = defaultdict(int)
        for c in self.session.exec(
            select(Commitment).where(Commitment.plan_id == plan.id).order_by(Commitment.position)
        ).scalars():
            # Renumbered by an officer: the document still has the old ref.
            key = ref_key(str(self.edits.original("commitment", c.id, "ref", c.ref))) or c.ref_key
            existing[(key, seen[key])] = c
            seen[key] += 1
        seen.clear()
        rows = []
        position = 0
        for objective, record in zip(objectives, self.doc.objectives, strict=True):
            for c_record in record.commitments:
                position += 1
                key = ref_key(c_record.ref) or c_record.ref
                occurrence = seen[key]
                seen[key] += 1
                values = dict(
                    objective_id=objective.id,
                    position=position,
                    ref=c_record.ref,
                    ref_key=key,
                    kind=c_record.kind,
                    title=c_record.title,
                )
                commitment = existing.get((key, occurrence))
                if commitment is None:
                    commitment = Commitment(plan_id=plan.id, **values)
                    self.session.add(commitment)
                    self._tally("commitments", True, False)
                else:
                    changed = self._merge("commitment", commitment, commitment.ref, values)
                    self._tally("commitments", False, changed)
                    if commitment.retired_at is not None:
                        self.report.kept.append(f"{commitment.ref} (retired)")
                rows.append((commitment, c_record.activities))
        self.session.flush()  # new commitments get their ids
        return rows

    def _activities(
        self, plan: Plan, commitments: list[tuple[Commitment, list[ActivityRecord]]]
    ) -> list[tuple[Activity, ActivityRecord]]:
        """Each activity of the document with its record, matched within its commitment."""
        by_commitment: dict[int, dict[tuple[str, int], Activity]] = defaultdict(dict)
        seen: dict[tuple[int, str], int] = defaultdict(int)
        for a in self.session.exec(
            select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.position)
        ).scalars():
            # An officer's renumbered or moved activity is where the document still has it.
            original = self.edits.original("activity", a.id, "ref", a.ref)
            r_key = ref_key(str(original)) if original is not None else None
            if original == a.ref:
                r_key = a.ref_key  # as the importer keyed it
            key = _activity_key(r_key, a.stands_for_commitment)
            home = self.edits.origin_commitment.get(a.id, a.commitment_id)
            by_commitment[home][(key, seen[(home, key)])] = a
            seen[(home, key)] += 1
        rows = []
        for commitment, records in commitments:
            assert commitment.id is not None
            existing = by_commitment.get(commitment.id, {})
            occurrences: dict[str, int] = defaultdict(int)
            for position, record in enumerate(records, start=1):
                r_key = ref_key(record.ref)
                key = _activity_key(r_key, record.stands_for_commitment)
                occurrence = occurrences[key]
                occurrences[key] += 1
                values = dict(
                    position=position,
                    ref=clean_ref(record.ref) if record.ref else None,
                    ref_key=r_key,
                    text=record.text,
                    oversight=record.oversight,
                    stands_for_commitment=record.stands_for_commitment,
                    lead=record.lead,
                    due=record.due,
                )
                activity = existing.get((key, occurrence))
                if activity is None:
                    activity = Activity(plan_id=plan.id, commitment_id=commitment.id, **values)
                    self.session.add(activity)
                    self._tally("activities", True, False)
                else:
                    label = activity.ref or f"#{activity.id}"
                    changed = self._merge(
                        "activity", activity, label, {"commitment_id": commitment.id, **values}
                    )
                    self._tally("activities", False, changed)
                    if activity.retired_at is not None:
                        self.report.kept.append(f"{label} (retired)")
                rows.append((activity, record))
        return rows

    # ------------------------------------------------------------ links and updates

    def _link_bodies(self, plan: Plan, activities: list[tuple[Activity, ActivityRecord]]) -> None:
        """Link each activity to the bodies its oversight text names; without a glossary the
        names in the cells become the plan's bodies. Officers' links and removals stay."""
        texts = [(activity.id, activity.oversight) for activity, _record in activities]
        derived = derive_bodies(self.session, plan.id, (text for _id, text in texts))
        if derived:
            self.report.count("created", "oversight bodies", derived)
        created = link_activities(self.session, plan.id, texts)  # type: ignore[arg-type]
        if created:
            self.report.count("created", "oversight links", created)

    def _updates(
        self,
        period: Period,
        commitments: list[tuple[Commitment, list[ActivityRecord]]],
        activities: list[tuple[Activity, ActivityRecord]],
    ) -> None:
        """Merge the document's updates for this period (see `import_updates` for the rules)."""
        commitment_refs = {c.id: c.ref for c, _records in commitments}
        retired = {c.id for c, _records in commitments if c.retired_at is not None}
        repeated = Counter(a.ref for a, _record in activities if a.ref)
        incoming = []
        for activity, record in activities:
            if (record.update is None or not record.update.strip()) and not record.status:
                continue  # nothing for the period (a status alone, from a table, is something)
            if activity.retired_at is not None or activity.commitment_id in retired:
                continue  # out of the plan: an officer retired it
            assert activity.id is not None
            if activity.ref and repeated[activity.ref] == 1:
                label = activity.ref
            elif activity.ref:
                label = f"{commitment_refs.get(activity.commitment_id, '?')}/{activity.ref}"
            else:
                under = commitment_refs.get(activity.commitment_id, "?")
                label = f"#{activity.id} (under {under})"
            incoming.append(Incoming(activity.id, label, record.update or "", record.status))
        assert period.id is not None
        merge_updates(
            self.session.connection(),
            period.id,
            incoming,
            author=self.author,
            source=self.source,
            overwrite=self.overwrite,
            clock=self.clock,
            report=self.report,
        )


def _activity_key(key: str | None, stands_for_commitment: bool) -> str:
    if stands_for_commitment:
        return "\x00commitment"
    return key if key is not None else "\x00unnumbered"
