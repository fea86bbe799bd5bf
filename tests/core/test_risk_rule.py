"""The risk rule: words that signal risk without saying "delayed", on sentences written for it.

Pure functions, no database: `Evidence` in, `Flag`s out. The two sample documents are checked
with every other rule in `test_stall_rules.py`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from plandesk.core.rules.config import DEFAULT_CONFIG, parse_config
from plandesk.core.rules.engine import Evidence, evaluate, infer_status

PERIOD = (date(2020, 7, 1), date(2020, 9, 30))


def ev(text: str | None, **kwargs) -> Evidence:
    return Evidence(text, period_start=PERIOD[0], period_end=PERIOD[1], **kwargs)


def rules_of(text: str, config=None) -> list[str]:
    return [flag.rule for flag in evaluate(ev(text), config)]


def triggers(text: str, config=None) -> list[str]:
    """The words each span of the risk flag points at."""
    found = [flag for flag in evaluate(ev(text), config) if flag.rule == "risk"]
    assert found, f"no risk flag for {text!r}"
    return [text[s:e] for s, e in found[0].spans]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # costs or demand higher than expected
        ("The quotes came back higher than anticipated.", ["higher than anticipated"]),
        ("Demand for the service is greater than expected.", ["greater than expected"]),
        ("The refurbishment is now over budget.", ["over budget"]),
        ("Demand now outstrips the capacity of the team.", ["Demand now outstrips"]),
        ("The new fleet is more expensive than the old one.", ["more expensive than"]),
        ("Costs have risen since the tender.", ["Costs have risen"]),
        # funding not yet secured
        ("Funding has not yet been secured for year two.", ["Funding has not yet been secured"]),
        ("Funding is yet to be confirmed by the Home Office.", ["Funding is yet to be confirmed"]),
        ("OPE funding being investigated.", ["funding being investigated"]),
        ("Phase 2 remains unfunded.", ["unfunded"]),
        ("The scheme is subject to funding.", ["subject to funding"]),
        ("There is a funding gap of £40k.", ["funding gap"]),
        # a feasibility or scope still being investigated
        (
            "We are making investigations into the feasibility of the work.",
            ["investigations into the feasibility"],
        ),
        ("Its feasibility is still being assessed.", ["feasibility is still being assessed"]),
        ("The scope is still to be agreed with partners.", ["scope is still to be agreed"]),
        ("Partners are exploring whether it is viable.", ["whether it is viable"]),
        # no lead or resource in place
        ("There is no named lead for the project.", ["no named lead"]),
        ("A lead officer is yet to be appointed.", ["lead officer is yet to be appointed"]),
        ("The analyst post remains vacant.", ["post remains vacant"]),
        ("Work is hampered by a lack of capacity.", ["lack of capacity"]),
        ("The team is under-resourced.", ["under-resourced"]),
        ("Resourcing issues persist in the hub.", ["Resourcing issues"]),
        # waiting on a partner's decision
        ("We are waiting on the Home Office.", ["waiting on"]),
        ("Still waiting for a decision from the council.", ["waiting for a decision"]),
        ("The council's decision is still pending.", ["decision is still pending"]),
        ("No decision has yet been made by the CPS.", ["No decision has yet been made"]),
        ("Partners are yet to agree the terms.", ["yet to agree"]),
        # several in one update, each quoted
        (
            "Costs are higher than expected. Funding is yet to be secured.",
            ["higher than expected", "Funding is yet to be secured"],
        ),
    ],
)
def test_risk_language(text: str, words: list[str]) -> None:
    assert triggers(text) == words
    assert "slipping" not in rules_of(text)


def test_the_reason_quotes_the_words_and_a_few_after_them() -> None:
    text = "We have had costings which are higher than anticipated by some way. More to follow."
    flag = next(f for f in evaluate(ev(text)) if f.rule == "risk")
    assert flag.detail == "says \u201chigher than anticipated by some way\u201d"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # negated shortly before, in the same clause
        ("Costs are not higher than expected.", "Costs are higher than expected."),
        ("Costs are no higher than anticipated.", "Costs are higher than anticipated."),
        ("There is no funding gap.", "There is a funding gap."),
        ("There are no resource issues to report.", "There are resource issues to report."),
        ("The project is no longer over budget.", "The project is over budget."),
        # resolved later in the update
        (
            "Costs were higher than expected, but this has since been resolved.",
            "Costs were higher than expected, but this has since been raised.",
        ),
        (
            "Funding was not yet secured in June. It has now been secured.",
            "Funding was not yet secured in June. It has now been sought.",
        ),
        (
            "The post remained vacant for a month; a new analyst has been appointed.",
            "The post remained vacant for a month; a new analyst has been sought.",
        ),
        (
            "Costs went over budget last quarter, a risk now mitigated.",
            "Costs went over budget last quarter, a risk now growing.",
        ),
        (
            "We were waiting on the council. The decision has now been made.",
            "We were waiting on the council. The meeting has now been held.",
        ),
        # completed later in the same sentence
        (
            "Costs were higher than anticipated but the work is now complete.",
            "Costs were higher than anticipated but the work is now starting.",
        ),
        (
            "The officer was on long term sick and cover has been put in place.",
            "The officer was on long term sick and cover has been requested.",
        ),
    ],
)
def test_negated_resolved_or_completed_risk_is_not_flagged(text: str, flagged: str) -> None:
    assert "risk" not in rules_of(text)
    assert "risk" in rules_of(flagged), "the same words without what cancels them are risk"


@pytest.mark.parametrize(
    "text",
    [
        # near misses: the same words, no risk
        "Take-up was lower than expected.",
        "78% of calls were answered, lower than the expected standard.",
        "The volume was higher than the volume attended last year.",
        "Demand has risen and performance improved despite a significant increase in demand.",
        "The feasibility study has been completed.",
        "A consultant will do a feasibility study for the rollout.",
        "Scoping for the requirements has commenced.",
        "Additional funding provided for 10 GPS tags.",
        "We submitted a bid for funding to NHS England.",
        "Funding allocations were agreed with each CSP.",
        "The lead officer has been appointed.",
        "The service supports children at risk of exploitation.",
        "Waiting lists are down by 10%.",
        "A decision is due in late September.",
        "The resource pack was sent to schools.",
    ],
)
def test_near_misses_are_not_risk(text: str) -> None:
    assert "risk" not in rules_of(text)


def test_risk_suggests_at_risk_and_stalled_outranks_it() -> None:
    text = "Funding has not yet been secured."
    evidence = ev(text)
    assert infer_status(evidence, evaluate(evidence)) == "At risk"
    copied = ev(text, previous_text=text)
    assert [f.rule for f in evaluate(copied)] == ["copied", "risk"]
    assert infer_status(copied, evaluate(copied)) == "Stalled"


def test_risk_comes_after_slipping_in_the_flags() -> None:
    text = "The launch was postponed and funding is yet to be secured."
    assert rules_of(text) == ["slipping", "risk"]


def test_a_closed_activity_is_not_flagged_risk() -> None:
    assert evaluate(ev("Costs were higher than expected.", status="Complete")) == []


def test_no_news_wins_over_risk() -> None:
    assert rules_of("TBC") == ["no news"]


def test_the_rules_file_replaces_and_extends_the_risk_phrases() -> None:
    text = "The contractor went into administration."
    assert "risk" not in rules_of(text)
    extended = parse_config('extra_risk_phrases = ["into administration"]\n', "rules.toml")
    assert extended.risk_phrases[: len(DEFAULT_CONFIG.risk_phrases)] == (
        DEFAULT_CONFIG.risk_phrases
    )
    assert triggers(text, extended) == ["into administration"]
    assert "risk" in rules_of("Costs were higher than expected.", extended)
    replaced = parse_config('risk_phrases = ["into administration"]\n', "rules.toml")
    assert "risk" in rules_of(text, replaced)
    assert "risk" not in rules_of("Costs were higher than expected.", replaced)
    off = parse_config("risk_phrases = []\n", "rules.toml")
    assert "risk" not in rules_of("Costs were higher than expected.", off)


def test_the_rules_file_extends_the_risk_resolutions() -> None:
    text = "Costs were higher than expected. The board underwrote the overspend."
    assert "risk" in rules_of(text)
    config = replace(
        DEFAULT_CONFIG,
        risk_resolved_phrases=DEFAULT_CONFIG.risk_resolved_phrases + ("underwrote",),
    )
    assert "risk" not in rules_of(text, config)


def test_a_bad_risk_phrase_names_the_key() -> None:
    with pytest.raises(ValueError, match="risk_phrases"):
        parse_config('risk_phrases = ["[unbalanced"]\n', "rules.toml")
