"""The stall rules: each rule on its own, then every update of both real sample documents.

Pure functions, no database: `Evidence` in, `Flag`s out.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date
from functools import cache

import pytest

from plandesk import samples
from plandesk.core.refs import ref_key
from plandesk.core.rules.config import DEFAULT_CONFIG
from plandesk.core.rules.engine import (
    RULES,
    STATUSES,
    Evidence,
    Flag,
    evaluate,
    infer_status,
)
from plandesk.importers import read_document

JAN_MAY_2018 = (date(2018, 1, 1), date(2018, 5, 31))
Q2_2020 = (date(2020, 7, 1), date(2020, 9, 30))
Q3_2020 = (date(2020, 10, 1), date(2020, 12, 31))


def ev(
    text: str | None,
    period: tuple[date, date] = JAN_MAY_2018,
    **kwargs,
) -> Evidence:
    return Evidence(text, period_start=period[0], period_end=period[1], **kwargs)


def rules_of(evidence: Evidence, config=None) -> list[str]:
    return [flag.rule for flag in evaluate(evidence, config)]


def flag_of(evidence: Evidence, rule: str) -> Flag:
    found = [flag for flag in evaluate(evidence) if flag.rule == rule]
    assert found, f"no {rule!r} flag for {evidence.text!r}"
    return found[0]


def triggers(evidence: Evidence, rule: str) -> list[str]:
    """The words each span of the rule's flag points at."""
    assert evidence.text is not None
    return [evidence.text[s:e] for s, e in flag_of(evidence, rule).spans]


# --- the interface ---------------------------------------------------------------------------


def test_rules_are_named_in_order() -> None:
    assert RULES == (
        "missing",
        "no news",
        "copied",
        "slipping",
        "risk",
        "unchanged status",
        "overdue",
    )
    assert STATUSES == ("Complete", "On track", "At risk", "Stalled", "No update")


def test_evidence_and_flags_are_frozen() -> None:
    evidence = Evidence("x")
    with pytest.raises(FrozenInstanceError):
        evidence.text = "y"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        Flag("missing", "no update").rule = "x"  # type: ignore[misc]


def test_flags_come_in_rule_order() -> None:
    text = "The launch was postponed and is now planned for the end of April."
    evidence = ev(
        text, previous_text=text, status="In progress", earlier_statuses=("In progress",) * 2
    )
    assert rules_of(evidence) == ["copied", "slipping", "unchanged status", "overdue"]


def test_a_quiet_update_has_no_flags() -> None:
    assert evaluate(ev("Work is progressing well; the next board meets in July.")) == []


# --- missing ---------------------------------------------------------------------------------


def test_no_update_at_all_is_missing() -> None:
    flags = evaluate(ev(None))
    assert [f.rule for f in flags] == ["missing"]
    assert flags[0].detail == "no update for this period"
    assert flags[0].spans == ()


def test_missing_update_can_also_have_an_unchanged_status() -> None:
    evidence = ev(None, status="In progress", earlier_statuses=("In progress", "In progress"))
    assert rules_of(evidence) == ["missing", "unchanged status"]


def test_an_update_is_not_missing() -> None:
    assert "missing" not in rules_of(ev("Complete"))


# --- no news ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "No further update",
        "No update",
        "No update.",
        "Nothing to report",
        "Nothing further to report.",
        "No further update at this time.",
        "No change since the last update",
        "Refer to 3.5, 1.2 & 2.1.2",
        "See B1.1",
        "Refer to A1.2 and A2.1",
        "Refer to 3.1 - 3.8",
        "Refer to 2.2-2.6",
        "Refer to D2 and D5",
        "Please see the update at 4.1.",
        "See above",
        "N/A",
    ],
)
def test_no_news(text: str) -> None:
    flag = flag_of(ev(text), "no news")
    assert flag.detail == f"says only \u201c{text}\u201d"
    assert triggers(ev(text), "no news") == [text]


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_an_empty_update_is_no_news(text: str) -> None:
    flags = evaluate(ev(text))
    assert [f.rule for f in flags] == ["no news"]
    assert flags[0].detail == "the update is empty"


@pytest.mark.parametrize(
    "text",
    [
        "No critical issues to report.",
        "See B1.1; the contract was signed in March.",
        "Refer to 3.5 for the audit, which found two gaps in data quality.",
        "No update yet from the Home Office on the funding bid.",
        "Complete",
    ],
)
def test_something_besides_no_news_is_news(text: str) -> None:
    assert "no news" not in rules_of(ev(text))


def test_no_news_is_padded_with_spaces_in_the_span() -> None:
    evidence = ev("  See B1.1  ")
    assert triggers(evidence, "no news") == ["See B1.1"]


# --- copied ----------------------------------------------------------------------------------

LONG = (
    "The force has developed an action plan to address the recommendations of the inspection. "
    "Progress is monitored monthly by the Service Improvement Board, and the PCC receives a "
    "quarterly summary of the actions taken, the actions outstanding and the risks to delivery."
)


def test_the_same_text_as_last_period_is_copied() -> None:
    flag = flag_of(ev(LONG, previous_text=LONG), "copied")
    assert flag.detail.startswith("the same text as the previous period: \u201cThe force has")
    assert flag.spans == ((0, len(LONG)),)


def test_case_and_spacing_do_not_hide_a_copy() -> None:
    previous = LONG.upper().replace(" ", "   \n")
    assert "the same text" in flag_of(ev(LONG, previous_text=previous), "copied").detail


def test_nearly_the_same_text_is_copied() -> None:
    edited = LONG.replace("monthly", "every month")
    flag = flag_of(ev(edited, previous_text=LONG), "copied")
    assert "% the same as the previous period" in flag.detail


def test_a_new_text_is_not_copied() -> None:
    new = "Tenders were evaluated in August and the contract has been awarded to a new provider."
    assert "copied" not in rules_of(ev(new, previous_text=LONG))


def test_the_similarity_threshold_comes_from_the_config() -> None:
    edited = LONG.replace("monthly", "every month")
    strict = replace(DEFAULT_CONFIG, similarity=0.99)
    assert "copied" not in rules_of(ev(edited, previous_text=LONG), strict)
    assert "copied" in rules_of(ev(edited, previous_text=LONG))


def test_without_a_previous_update_nothing_is_copied() -> None:
    assert "copied" not in rules_of(ev(LONG))
    assert "copied" not in rules_of(ev(LONG, previous_text=""))


def test_a_completed_activity_may_say_complete_again() -> None:
    assert rules_of(ev("Complete", previous_text="Complete")) == []
    assert rules_of(ev("Completed August 2017", previous_text="Completed August 2017")) == []


def test_long_dissimilar_texts_are_compared_quickly() -> None:
    # quick_ratio refuses these before the quadratic ratio() is tried.
    a = " ".join(f"alpha{i}" for i in range(20000))
    b = " ".join(f"beta{i}" for i in range(20000))
    assert "copied" not in rules_of(ev(a, previous_text=b))


# --- slipping --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The July meeting was postponed due to Covid 19.", ["postponed"]),
        ("The campaign is still on-hold.", ["on-hold"]),
        ("The campaign remains on hold.", ["on hold"]),
        ("Implementation has been delayed.", ["delayed"]),
        ("There are further delays with the supplier.", ["delays"]),
        ("Recruitment has been deferred to next year.", ["deferred"]),
        ("The scheme is paused.", ["paused"]),
        ("Visits were suspended in March.", ["suspended"]),
        ("Awaiting sign-off from ICT.", ["Awaiting"]),
        ("The project is behind schedule.", ["behind schedule"]),
        ("There has been some slippage.", ["slippage"]),
        ("The SDG meeting was cancelled.", ["cancelled"]),
        (
            "Despite multiple chases there has been no update forthcoming.",
            ["no update forthcoming"],
        ),
        ("It has taken far longer than predicted to achieve sign off.", ["taken far longer than"]),
        ("Linking victims is taking longer than anticipated.", ["taking longer than"]),
        ("A resilient solution is not yet in place.", ["not yet in place"]),
    ],
)
def test_slipping(text: str, words: list[str]) -> None:
    assert triggers(ev(text), "slipping") == words


def test_slipping_quotes_the_trigger_with_a_few_words_after_it() -> None:
    text = "Updated terms to be considered, as the July meeting was postponed due to Covid 19."
    assert flag_of(ev(text), "slipping").detail == "says \u201cpostponed due to Covid 19\u201d"


def test_every_delay_is_quoted_and_located() -> None:
    text = (
        "Implementation has been delayed, primarily due to hold ups within the force. "
        "It has taken far longer than predicted to achieve sign off."
    )
    assert triggers(ev(text), "slipping") == ["delayed", "hold ups", "taken far longer than"]


@pytest.mark.parametrize(
    "text",
    [
        "The project is no longer on hold.",
        "The project is back on track after the delay.",
        "The delay has been resolved.",
        "The audit was delayed by Covid but is now complete.",
        "The report was delayed but is now complete.",
        "The audit was delayed by Covid. It is now complete.",
        "The scheme was suspended in March. The scheme was re-introduced in July.",
        "Visits were paused in April. Visits have recommenced in September.",
        "The newsletters have started to get going again after being on-hold due to Covid.",
        "The work was completed without delay.",
        "The launch has not been delayed.",
        "The launch isn\u2019t delayed.",
        "Completed despite the delays.",
    ],
)
def test_resolved_or_negated_delay_is_not_slipping(text: str) -> None:
    assert "slipping" not in rules_of(ev(text))


def test_a_negation_in_another_clause_does_not_cancel_a_delay() -> None:
    text = "The project is no longer on hold, but the launch has been delayed."
    assert triggers(ev(text), "slipping") == ["delayed"]


def test_completion_of_something_else_earlier_does_not_cancel_a_delay() -> None:
    assert "slipping" in rules_of(ev("The review is complete but the launch has been postponed."))
    assert "slipping" in rules_of(ev("Phase 1 completed in March. Phase 2 was postponed."))


def test_a_negated_resolution_does_not_cancel_a_delay() -> None:
    assert triggers(ev("The delay has not been resolved."), "slipping") == ["delay"]


def test_a_plan_to_resume_does_not_cancel_a_delay() -> None:
    text = "The ride along scheme is suspended until it is able to recommence."
    assert "slipping" in rules_of(ev(text))


def test_spans_hold_with_curly_quotes_and_dashes() -> None:
    text = "The PCC\u2019s launch \u2013 now \u201cpostponed\u201d \u2013 is on\u2011hold."
    assert triggers(ev(text), "slipping") == ["postponed", "on\u2011hold"]


def test_extra_slipping_phrases_from_the_config() -> None:
    config = replace(
        DEFAULT_CONFIG, slipping_phrases=DEFAULT_CONFIG.slipping_phrases + ("waiting for",)
    )
    text = "We are waiting for the Home Office."
    assert "slipping" in rules_of(ev(text), config)
    assert "slipping" not in rules_of(ev(text))


# --- unchanged status ------------------------------------------------------------------------


def test_the_same_open_status_three_periods_running_is_unchanged() -> None:
    evidence = ev(
        "Work continues.",
        status="In progress",
        earlier_statuses=("in  progress", "IN PROGRESS", "On track"),
    )
    flag = flag_of(evidence, "unchanged status")
    assert flag.detail == "status \u201cIn progress\u201d for 3 periods in a row"
    assert flag.spans == ()


def test_the_run_counts_every_period_with_the_same_status() -> None:
    evidence = ev("x", status="At risk", earlier_statuses=("At risk",) * 4)
    assert "for 5 periods in a row" in flag_of(evidence, "unchanged status").detail


@pytest.mark.parametrize(
    ("status", "earlier"),
    [
        ("In progress", ("In progress",)),  # two periods only
        ("In progress", ("On track", "In progress")),  # the run is broken
        ("In progress", ("", "In progress")),  # no status set last period
        ("", ("", "")),  # never set
        ("Complete", ("Complete", "Complete")),  # a final status may stay
    ],
)
def test_not_an_unchanged_status(status: str, earlier: tuple[str, ...]) -> None:
    assert "unchanged status" not in rules_of(ev("x", status=status, earlier_statuses=earlier))


def test_unchanged_periods_comes_from_the_config() -> None:
    config = replace(DEFAULT_CONFIG, unchanged_periods=2)
    evidence = ev("x", status="In progress", earlier_statuses=("In progress",))
    assert "unchanged status" in rules_of(evidence, config)


# --- overdue ---------------------------------------------------------------------------------


def test_a_deadline_before_the_period_end_is_overdue() -> None:
    text = "The system should be with the OPCC before the end of April."
    flag = flag_of(ev(text), "overdue")
    assert flag.detail == (
        "names \u201cbefore the end of April\u201d (April 2018), before the period ended "
        "(31 May 2018)"
    )
    assert triggers(ev(text), "overdue") == ["before the end of April"]


@pytest.mark.parametrize(
    ("text", "words", "period"),
    [
        ("Work will be finished by the end of April.", "by the end of April", JAN_MAY_2018),
        ("Review planned for 13 Apr 2018.", "planned for 13 Apr 2018", JAN_MAY_2018),
        (
            "The audit will take place in May2018.",
            "will take place in May2018",
            (date(2018, 4, 1), date(2018, 6, 30)),
        ),
        ("The model will be in place by 2019.", "by 2019", Q2_2020),
        ("Tendering due October 2018.", "due October 2018", (date(2019, 1, 1), date(2019, 3, 31))),
        (
            "The paper is due in June 2018.",
            "due in June 2018",
            (date(2018, 6, 1), date(2018, 8, 31)),
        ),
        ("Sign-off expected by the end of September.", "by the end of September", Q3_2020),
        (
            "The paper will be taken to the Board on 17/09/2020.",
            "will … the Board on 17/09/2020",
            Q3_2020,
        ),
        ("The review is planned for December.", "planned for December", JAN_MAY_2018),
        ("Results are due by 2017/18.", "due by 2017/18", JAN_MAY_2018),
        (
            "Delivery expected in the summer of 2017.",
            "expected in the summer of 2017",
            JAN_MAY_2018,
        ),
    ],
)
def test_overdue(text: str, words: str, period: tuple[date, date]) -> None:
    flag = flag_of(ev(text, period), "overdue")
    assert f"\u201c{words}\u201d" in flag.detail
    [(start, end)] = flag.spans
    assert text[start:end].startswith(words.split(" … ")[0])
    assert text[start:end].endswith(words.split(" … ")[-1])


@pytest.mark.parametrize(
    ("text", "period"),
    [
        # A date in the period's last month is not yet overdue: updates are written then.
        ("The next compliance audit for the VCoP is planned for May2018.", JAN_MAY_2018),
        ("A resilient solution could be available by mid May.", JAN_MAY_2018),
        ("The paper will be taken to the Board on 17/09/2020.", Q2_2020),
        ("Terms of reference to be considered by the Board on the 24th of Sept.", Q2_2020),
        # After the period.
        ("New model to be in place by 2019, with tendering due for October 2018.", JAN_MAY_2018),
        ("We will be looking to progress this piece of work early 2021.", Q2_2020),
        ("Sign-off expected by the end of September.", Q2_2020),
        # A month without a year is the one nearest the period: June 2018, not June 2017.
        ("Report due into the Crime Reduction Board in June.", JAN_MAY_2018),
        ("Tendering is due for October.", JAN_MAY_2018),
        ("Review planned for April / May 2018.", JAN_MAY_2018),
        # Done.
        ("The review was completed by the end of April.", JAN_MAY_2018),
        ("The review planned for April 2018 has taken place.", JAN_MAY_2018),
        ("Work will be finished by the end of April. It is now complete.", JAN_MAY_2018),
        # Past-tense reports, not deadlines.
        ("The PCC's Victims' Board met on the 23rd of March.", JAN_MAY_2018),
        ("In July the PCC held a public facing meeting.", Q2_2020),
        ("The 90% target was met for 99 calls in April, May and June.", Q2_2020),
        ("The meeting that was scheduled to take place on 21.03.18 did not happen.", JAN_MAY_2018),
        ("Estates Management Strategy adopted by AGG 11th April 2018.", JAN_MAY_2018),
        ("It was raised in February and will be raised again in May.", JAN_MAY_2018),
        # A quarter may be calendar or financial: never read.
        ("Services should be operating by the end of Q1 2018.", JAN_MAY_2018),
        # No deadline word.
        (
            "A total of 15,151 kits were registered between April 2020 until 18 September 2020.",
            Q3_2020,
        ),
    ],
)
def test_not_overdue(text: str, period: tuple[date, date]) -> None:
    assert "overdue" not in rules_of(ev(text, period))


def test_overdue_needs_the_period_end() -> None:
    assert rules_of(Evidence("Work will be finished by the end of April 2018.")) == []


# --- an officer's final status ---------------------------------------------------------------


def test_a_closed_activity_is_not_slipping_copied_or_overdue() -> None:
    text = "The launch was postponed until the end of April."
    evidence = ev(text, status="complete", previous_text=text)
    assert evaluate(evidence) == []
    assert infer_status(evidence, evaluate(evidence)) == "Complete"


# --- inferred status -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (None, "No update"),
        ("", "No update"),
        ("No further update", "Stalled"),
        ("The July meeting was postponed due to Covid 19.", "At risk"),
        ("Work will be finished by the end of April.", "At risk"),
        ("Complete", "Complete"),
        ("Completed", "Complete"),
        ("(1) and (2) Completed August 2017", "Complete"),
        ("Action completed June 2020", "Complete"),
        ("The review of spend has been completed and funding allocations agreed.", "Complete"),
        ("Phase 1 completed; phase 2 will start in June.", "On track"),
        ("New model to be in place by 2019.", "On track"),
        ("The service is not yet complete.", "On track"),
        ("Focus groups are being established in the summer.", "On track"),
    ],
)
def test_infer_status(text: str | None, status: str) -> None:
    evidence = ev(text)
    assert infer_status(evidence, evaluate(evidence)) == status


def test_copied_and_unchanged_status_mean_stalled() -> None:
    evidence = ev(LONG, previous_text=LONG)
    assert infer_status(evidence, evaluate(evidence)) == "Stalled"
    unchanged = Flag("unchanged status", "status \u201cIn progress\u201d for 3 periods in a row")
    assert infer_status(ev("Work continues."), [unchanged]) == "Stalled"


def test_stalled_outranks_at_risk() -> None:
    text = "The launch was postponed."
    evidence = ev(text, previous_text=text)
    assert infer_status(evidence, evaluate(evidence)) == "Stalled"


@pytest.mark.parametrize(
    ("officer", "shown"),
    [
        ("on track", "On track"),
        ("AT RISK", "At risk"),
        ("  complete ", "Complete"),
        ("no update", "No update"),
        ("in progress", "In progress"),
    ],
)
def test_the_officers_status_wins(officer: str, shown: str) -> None:
    evidence = ev("The July meeting was postponed.", status=officer)
    assert infer_status(evidence, evaluate(evidence)) == shown
    assert infer_status(ev(None, status=officer), [Flag("missing", "x")]) == shown


# --- both real documents ---------------------------------------------------------------------

# Every flagged activity of the Jan–May 2018 panel report (period ends 31 May 2018).
EXPECTED_2018: dict[str, set[str]] = {
    "A1.2": {"no news"},  # "Refer to A1.2 and A2.1"
    "2.1.1": {"slipping"},  # "the new policing model has led to some slippage"
    "2.2": {"slipping"},  # "the linking of victims to crimes is taking longer than anticipated"
    # "HO Locality Review of SOCG across Worcestershire planned for 13 Apr 2018."
    "2.3.2": {"overdue"},
    # "6 events ... would not be delivered in the year as it was proving difficult to source"
    "B3": {"slipping"},
    # "Until the system is functioning ... the benefits ... will remain at risk."
    "3.2.3": {"slipping"},
    # "connectivity ... is not yet in place" ("available by mid May" is in the last month)
    "3.4": {"slipping"},
    # "Partnership Organisations engaged regarding potential relocation sites. OPE funding being
    # investigated." (funding for the replacement station not yet secured)
    "3.3.2": {"risk"},
    "3.5": {"no news"},  # "Refer to 1.2 and 2.1.2"
    # "Strategic Diversity Group that was scheduled to take place on 21.03.18 was cancelled"
    # ("was scheduled" reports the past: not overdue)
    "3.7": {"slipping"},
    "3.8": {"no news"},  # "Refer to D5.1"
    "3.9": {"no news"},  # "Refer to 3.1 - 3.8"
    "3.10": {"no news"},  # "Refer to 2.2-2.6"
    "C1": {"no news"},  # "Refer to 3.1"
    "C3.1": {"slipping"},  # "Awaiting confirmation of transfer date from Home Office"
    "C4": {"slipping"},  # "The Specialist Capabilities programme continues to evolve slowly."
    "4.2": {"no news"},  # "Refer to 3.5, 1.2 & 2.1.2"
    # "Implementation has been delayed, primarily due to hold ups ... taken far longer than
    # predicted ... no update forthcoming ... should not be with the OPCC before the end of April"
    "4.4": {"slipping", "overdue"},
    "4.5": {"no news"},  # "Refer to 3.5, 1.2 & 2.1.2"
    "4.6": {"slipping"},  # the same cancelled SDG meeting as 3.7
    # "an update is required for the next Legitimacy Core group meeting in April"
    "4.7": {"overdue"},
    # "The next strategic cyber governance group meeting has been postponed until the end of
    # April" (and nothing says it then took place)
    "4.8": {"slipping", "overdue"},
    "D5.2": {"missing"},  # no progress update at all
    "D8": {"no news"},  # "Refer to D2 and D5"
}

# Not flagged, and why: the interesting cases (every other activity is unflagged too).
NOT_FLAGGED_2018: dict[str, str] = {
    "1.1": "The next compliance audit for the VCoP is planned for May2018.",  # last month
    "A2.1": "Complete",
    "A3.1": "The PCC's Victims' Board met on the 23rd of March.",  # past tense
    "A4.3": "a needs assessment being planned for August",  # August 2018: future
    "A4.6": "New model to be in place by 2019, with tendering due for October 2018.",
    "B2.9": "The scheme will now be progressed via amore grass root exercise",  # re-planned
    "B2.10": "The review of spend has been completed and funding allocations agreed",
    # the range ends in May 2018; "June" without a year is June 2018
    "B4": "Review of partnership approach planned for April / May 2018. Report due ... in June.",
    "2.1.2": "It was raised in February and will be raised again in May.",
    "2.4.2": "by the end of Q1 2018",  # calendar or financial quarter? not read
    "3.1": "only minor operational issues which were resolved quickly",
    "3.2.1": "Project closure report is due for consideration at the end of May",
    "3.3.1": "Estates Management Strategy adopted by AGG 11th April 2018",  # "by" whom
    "C2.1": "Staff survey results due to be shared ... on 15th May 2018.",
    "D1": "the next regional ICV conference which is being held at Hindlip in September",
    "D6.2": "(1) and (2) Completed August 2017",
}

COMPLETE_2018 = {
    "A2.1",  # "Complete"
    "A2.2",  # "Complete"
    "A4.8",  # "Complete"
    "A5.3",  # "Complete"
    "B1.1",  # "Completed"
    "B2.1",  # "Completed"
    "B2.5",  # "Completed"
    "B2.7",  # "Completed"
    "B2.10",  # "The review of spend has been completed and funding allocations agreed ..."
    "B2.11",  # "Completed"
    "3.2.4",  # "Completed"
    "3.2.7",  # "Completed"
    "D6.2",  # "(1) and (2) Completed August 2017"
}

# Every flagged activity of the 2020/21 Q2 extract (period ends 30 September 2020).
EXPECTED_2020: dict[str, set[str]] = {
    "A1": {"missing"},  # no update
    # "as the July meeting was postponed due to Covid 19" (the 24th of Sept is still to come)
    "A3.1": {"slipping"},
    "A3.2": {"slipping"},  # "midyear audit delayed due to covid-19 and no trials taking place"
    "A5.1": {"slipping"},  # "This work has been delayed due to COVID."
    # "costings ... which are higher than anticipated. We are currently making investigations
    # into the feasibility of the work and the outputs to determine the way forward."
    "A5.2": {"risk"},
    "B5.4": {"no news"},  # "No further update"
    "D4": {"missing"},  # no update
    "D5.1": {"slipping"},  # "The formal launch ... has been delayed until September"
    # "the SME business training ... would be postponed as a result of Covid 19 restrictions"
    "D5.2": {"slipping"},
    "D6": {"slipping"},  # "a low priority within that project which will delay the rural crime"
    "D7": {"missing"},  # no update
    "D8.2": {"slipping"},  # "we have been unable to plan any engagement events"
    "D10.2": {"slipping"},  # "enhancement activities ceased post-lockdown"
    "D10.5": {"slipping"},  # "The campaign is still on-hold"
}

NOT_FLAGGED_2020: dict[str, str] = {
    # suspended, then "the scheme was re-introduced ... Visits have recommenced in September."
    "D3": "The PCC suspended the ICV scheme in March ... Visits have recommenced in September.",
    "D8.3": "The newsletters have started to get going again ... after being on-hold due to Covid",
    "A6.2": "we will be looking to progress this piece of work early 2021.",
    "A6.3": "the existing contract with Mountain Healthcare was extended to Feb 2022.",
    "A7.2": "Action completed June 2020",
    "B1.1": "the 90% target was met for 99 calls in April, May and June",  # past tense
    "B2.2": "Assurance to be provided by the Force ... on the 24th of September.",
    "B5.2": "registered between April 2020 until 18 September 2020",  # no deadline word
    "C10.2": "The NPAS national strategic board will meet in December",  # December 2020
    "D1.1": "The paper will be taken to the PCC Office Governance Board meeting on 17/09/2020",
    "D2": "when the ride along scheme is able to recommence",
    # not delay language as configured: the fayre went digital
    "D10.4": "new restrictions on gatherings due to Covid-19 has prevented attendance",
    "D12.2": "In July the PCC held a public facing meeting",  # past tense
}

COMPLETE_2020 = {"A7.2"}  # "Action completed June 2020"


@cache
def sample_evidence(path: str) -> dict[str, Evidence]:
    """Each activity of a sample document, keyed by its ref (its commitment's when it has none;
    `COMMITMENT/ACTIVITY` when the document repeats a ref)."""
    document = read_document(path)
    found: dict[str, Evidence] = {}
    for commitment in document.commitments():
        for activity in commitment.activities:
            key = ref_key(activity.ref) or ref_key(commitment.ref)
            assert key is not None
            if key in found:
                key = f"{ref_key(commitment.ref)}/{key}"
            assert key not in found
            found[key] = Evidence(
                activity.update,
                period_start=document.period.start,
                period_end=document.period.end,
            )
    return found


SAMPLES = [
    pytest.param(
        samples.PANEL_REPORT, EXPECTED_2018, NOT_FLAGGED_2018, COMPLETE_2018, 98, id="2018"
    ),
    pytest.param(
        samples.QUARTERLY_EXTRACT, EXPECTED_2020, NOT_FLAGGED_2020, COMPLETE_2020, 62, id="2020"
    ),
]


@pytest.mark.parametrize(("path", "expected", "not_flagged", "complete", "count"), SAMPLES)
def test_every_sample_activity_is_flagged_as_expected(
    path, expected, not_flagged, complete, count
) -> None:
    evidence = sample_evidence(str(path))
    assert len(evidence) == count
    assert set(expected) <= set(evidence)
    assert set(not_flagged) <= set(evidence)
    assert not set(expected) & set(not_flagged)
    actual = {key: {f.rule for f in evaluate(e)} for key, e in evidence.items()}
    assert {key: rules for key, rules in actual.items() if rules} == expected


@pytest.mark.parametrize(("path", "expected", "not_flagged", "complete", "count"), SAMPLES)
def test_not_flagged_sample_activities_say_what_the_comments_quote(
    path, expected, not_flagged, complete, count
) -> None:
    evidence = sample_evidence(str(path))
    for key, quote in not_flagged.items():
        text = " ".join((evidence[key].text or "").split())
        for piece in quote.split(" ... "):
            assert piece in text, (key, piece)
        assert evaluate(evidence[key]) == [], key


@pytest.mark.parametrize(("path", "expected", "not_flagged", "complete", "count"), SAMPLES)
def test_sample_statuses_are_inferred(path, expected, not_flagged, complete, count) -> None:
    evidence = sample_evidence(str(path))
    for key, e in evidence.items():
        flags = evaluate(e)
        rules = {f.rule for f in flags}
        if "missing" in rules:
            wanted = "No update"
        elif rules & {"no news", "copied", "unchanged status"}:
            wanted = "Stalled"
        elif rules & {"slipping", "risk", "overdue"}:
            wanted = "At risk"
        elif key in complete:
            wanted = "Complete"
        else:
            wanted = "On track"
        assert infer_status(e, flags) == wanted, key


@pytest.mark.parametrize(("path", "expected", "not_flagged", "complete", "count"), SAMPLES)
def test_sample_spans_point_at_the_quoted_words(
    path, expected, not_flagged, complete, count
) -> None:
    for e in sample_evidence(str(path)).values():
        for flag in evaluate(e):
            for start, end in flag.spans:
                assert e.text is not None
                assert 0 <= start < end <= len(e.text)
                words = " ".join(e.text[start:end].split())
                # the quote shows the span's words (the overdue quote may elide the middle)
                assert words.split(" ")[0] in flag.detail, (flag, words)


def test_sample_spans_of_known_activities() -> None:
    evidence_2018 = sample_evidence(str(samples.PANEL_REPORT))
    assert triggers(evidence_2018["4.4"], "slipping") == [
        "delayed",
        "hold ups",
        "taken far longer than",
        "no update forthcoming",
    ]
    assert triggers(evidence_2018["4.4"], "overdue") == ["before the end of April"]
    assert triggers(evidence_2018["2.3.2"], "overdue") == ["planned for 13 Apr 2018"]
    evidence_2020 = sample_evidence(str(samples.QUARTERLY_EXTRACT))
    assert triggers(evidence_2020["A3.1"], "slipping") == ["postponed"]
    assert flag_of(evidence_2020["A3.1"], "slipping").detail == (
        "says \u201cpostponed due to Covid 19\u201d"
    )
    assert triggers(evidence_2020["D10.5"], "slipping") == ["on-hold"]
    assert triggers(evidence_2020["D5.1"], "slipping") == ["delayed"]
    assert triggers(evidence_2020["A5.2"], "risk") == [
        "higher than anticipated",
        "investigations into the feasibility",
    ]
    assert triggers(evidence_2018["3.3.2"], "risk") == ["funding being investigated"]


def test_sample_activities_with_previous_text_are_copied() -> None:
    # The same document twice: every update with words is copied from "last period", except
    # completion statements, which may repeat.
    for e in sample_evidence(str(samples.QUARTERLY_EXTRACT)).values():
        again = replace(e, previous_text=e.text)
        rules = rules_of(again)
        if e.text is None:
            assert rules == ["missing"]
        elif infer_status(e, evaluate(e)) == "Complete":
            assert "copied" not in rules
        else:
            assert "copied" in rules
