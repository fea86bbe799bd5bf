"""The stall rules' verdicts are kept between reads, and a kept verdict is never stale.

Real stores (SQLite and PostgreSQL) with the 2020 sample: a second read takes the verdicts from
the `review_cache` table; a save, a change of the rules' settings or of anything else the
verdict depends on makes the store work it out again.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlmodel import Session

from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.models import ReviewCache
from plandesk.store.rules_file import config_path


def _verdicts(snapshot) -> dict[int, tuple]:
    return {a.id: (a.status, a.flags) for a in snapshot.activities()}


def _cached_rows(store, period_id: int) -> int:
    with Session(store.engine) as session:
        return session.exec(
            select(func.count()).select_from(ReviewCache).where(ReviewCache.period_id == period_id)
        ).one()[0]


def _plan(store):
    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    plan = store.resolve_plan()
    return plan, store.resolve_period(plan.id)


def test_a_second_read_reuses_the_verdicts_and_agrees_with_the_rules(store):
    plan, period = _plan(store)
    first = store.snapshot(plan.id, period.id)
    assert _cached_rows(store, period.id) == len(first.activities())
    # Cached verdicts are marked so a reuse shows: the rules would never write this detail.
    with Session(store.engine) as session:
        session.exec(update(ReviewCache).values(verdict='["Stalled", [["copied", "kept", []]]]'))
        session.commit()
    kept = store.snapshot(plan.id, period.id)
    assert {a.flags[0].detail for a in kept.activities() if not a.reported_under} == {"kept"}, (
        "the kept rows were used"
    )
    # Those that only point elsewhere (D4, D7) are judged by their targets' kept verdicts.
    pointers = [a for a in kept.activities() if a.reported_under]
    assert pointers and all(
        f.detail.endswith("flagged: copied: kept") for a in pointers for f in a.flags
    )

    # With the rows gone the rules run again and agree with the first read.
    with Session(store.engine) as session:
        session.exec(ReviewCache.__table__.delete())
        session.commit()
    again = store.snapshot(plan.id, period.id)
    assert _verdicts(again) == _verdicts(first)
    unreviewed = store.snapshot(plan.id, period.id, review=False)
    reviews = store.review(unreviewed)
    unreviewed.apply_reviews(reviews)
    assert _verdicts(unreviewed) == _verdicts(first)


def test_a_saved_update_is_judged_afresh(store):
    plan, period = _plan(store)
    before = store.snapshot(plan.id, period.id)
    quiet = next(a for a in before.activities() if a.update and not a.flags)
    store.save_update(
        quiet.id,
        period.id,
        "No further update.",
        author="officer",
        expected_version=quiet.update.version,
    )
    after = {a.id: a for a in store.snapshot(plan.id, period.id).activities()}
    assert [f.rule for f in after[quiet.id].flags] == ["no news"]
    assert after[quiet.id].status == "Stalled"


def test_new_settings_for_the_rules_are_not_answered_from_the_cache(store):
    plan, period = _plan(store)
    before = {a.id: a for a in store.snapshot(plan.id, period.id).activities()}
    quiet = next(a for a in before.values() if a.update and not a.flags)
    phrase = " ".join(quiet.update.text.split()[:3]).lower()
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(
        f'[plans."{plan.title}"]\nslipping_phrases = ["{phrase}"]\n', encoding="utf-8"
    )
    after = {a.id: a for a in store.snapshot(plan.id, period.id).activities()}
    assert "slipping" in [f.rule for f in after[quiet.id].flags]


def _a5_2(store, plan, period):
    return next(a for a in store.snapshot(plan.id, period.id).activities() if a.ref == "A5.2")


def test_a_change_to_the_risk_phrases_is_not_answered_from_the_cache(store):
    plan, period = _plan(store)
    # "costings ... which are higher than anticipated": flagged by the defaults, and cached.
    assert [f.rule for f in _a5_2(store, plan, period).flags] == ["risk"]
    assert _cached_rows(store, period.id) == 62
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("risk_phrases = []\n", encoding="utf-8")
    off = _a5_2(store, plan, period)
    assert off.flags == ()
    assert off.status == "On track"
    config_path().write_text('extra_risk_phrases = ["costings"]\n', encoding="utf-8")
    more = _a5_2(store, plan, period)
    assert more.flags[0].detail.startswith("says \u201ccostings from the Force")
