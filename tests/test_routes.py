"""Award records by route (docs/law.md §11): each route loads into its class, a record that mixes
routes is refused with a located message naming the route and the rule, and the rules R41–R45
hold their worked examples."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import RECORDS
from ruamel.yaml import YAML

from docgen.checks.core import check
from docgen.checks.rules import run_rules
from docgen.derive.route_timing import route_standstill, standstill_duty
from docgen.errors import RecordError
from docgen.models import Award, CallOff, DirectAward, Modification, award_route
from docgen.records.loading import load_records

DATA = Path(__file__).parent / "data" / "rules"
DIRECT = DATA / "R44-urgent-award-claims-standstill"  # the interim care example, one line changed
CHANGE = DATA / "R43-extension-over-half"  # the extension example, one line changed


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


def _read(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8"))


def write_case(
    tmp_path: Path, base: Path, edit: dict[str, Any], drop: tuple[str, ...] = ()
) -> Path:
    """A records folder from base with the award's top-level keys set (a dotted key sets a
    nested one) and others dropped."""
    folder = tmp_path / "case"
    shutil.copytree(base, folder, ignore=shutil.ignore_patterns("expected.txt"))
    award = _read(folder / "award.yaml")
    for key in drop:
        del award[key]
    for key, value in edit.items():
        *parents, last = key.split(".")
        node = award
        for part in parents:
            node = node[part]
        node[last] = value
    stream = io.StringIO()
    _yaml().dump(award, stream)
    (folder / "award.yaml").write_text(stream.getvalue(), encoding="utf-8")
    return folder


def messages(folder: Path) -> list[str]:
    """The loading errors, or the core problems and the rules' findings, as text."""
    try:
        records = load_records([folder])
    except RecordError as exc:
        return [str(p) for p in exc.problems]
    report = run_rules(records)
    return [str(p) for p in [*check(records), *report.errors, *report.warnings]]


def clean_direct(tmp_path: Path, **edit: Any) -> Path:
    return write_case(tmp_path, DIRECT, {"notification.standstill": "none", **edit})


def clean_change(tmp_path: Path, **edit: Any) -> Path:
    return write_case(tmp_path, CHANGE, {"value_after": 4800000, **edit})


# ---- loading ----


def test_existing_records_are_competitive_awards_unchanged() -> None:
    records = load_records([RECORDS])
    for name in ("ilss-2025", "carers-support-2026"):  # written before routes existed
        award = records.awards[name]
        assert type(award) is Award and award.route == "competitive"
        assert award_route(award) == "competitive"


def test_each_route_loads_into_its_class(tmp_path: Path) -> None:
    records = load_records([clean_direct(tmp_path)])
    direct = records.route_awards["interim-care-2026"]
    assert isinstance(direct, DirectAward) and direct.ground == "para-13"
    assert records.awards == {}
    assert records.award_record("interim-care-2026") is direct
    assert records.decisions["interim-care-2026-award"].award == "interim-care-2026"
    change = load_records([DATA / "R43-extension-over-half"]).route_awards
    assert isinstance(change["day-opportunities-extension"], Modification)


def test_the_examples_report_nothing(tmp_path: Path) -> None:
    assert messages(clean_direct(tmp_path)) == []
    assert messages(clean_change(tmp_path / "b")) == []


def test_a_call_off_is_an_award(tmp_path: Path) -> None:
    folder = tmp_path / "calloff"
    shutil.copytree(RECORDS / "carers-support-2026", folder / "award")
    shutil.copy(RECORDS / "councils" / "glan-yr-afon.yaml", folder / "council.yaml")
    path = folder / "award" / "award.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "kind: award\n",
        "kind: award\nroute: call_off\nframework: {name: Care Framework, owner: ESPO, "
        "reference: '123_45', lot: Lot 2, began: 2025-04-01}\n",
    )
    path.write_text(text.replace("standstill: voluntary", "standstill: voluntary"))
    records = load_records([folder])
    award = records.awards["carers-support-2026"]
    assert isinstance(award, CallOff) and isinstance(award, Award)
    assert award.framework.owner == "ESPO"
    found = messages(folder)  # R49: carers' feedback is not an explanation per criterion
    found = [m for m in found if not m.endswith("[R58]")]  # Glan-yr-Afon: English only
    assert len(found) == 3 and all(m.endswith("[R49]") for m in found), found


# ---- a record that mixes routes ----


def test_bids_on_a_direct_award_name_the_route(tmp_path: Path) -> None:
    folder = clean_direct(tmp_path, bids=[{"bidder": "x", "scores": {"quality": 5}}])
    [problem] = messages(folder)
    assert problem.endswith(
        "bids: a direct award has no bids; a direct award names its supplier "
        "(see docs/law.md §11.1)"
    )
    assert ":61:1: " in problem  # the line of the key


def test_a_missing_transparency_notice_cites_the_rule(tmp_path: Path) -> None:
    folder = write_case(tmp_path, DIRECT, {}, drop=("transparency_notice",))
    [problem] = messages(folder)
    assert "award.yaml:17:1: transparency_notice: required, but missing" in problem
    assert "(s44)" in problem and "rule R41" in problem


def test_an_unknown_ground_lists_the_schedule(tmp_path: Path) -> None:
    [problem] = messages(clean_direct(tmp_path, ground="para-99"))
    assert "ground: must be a Schedule 5 paragraph: one of para-2, para-4" in problem
    assert "(got 'para-99')" in problem


def test_a_reg_32_ground_needs_its_regime(tmp_path: Path) -> None:
    folder = clean_direct(tmp_path, basis="pcr2015_reg32", ground="32(2)(c)")
    assert messages(folder) == [
        f"{folder}/award.yaml:17:1: basis: pcr2015_reg32 is a ground of the 2015 Regulations, "
        "but the regime is 'pa2023' [R42]"
    ]


def test_a_direct_award_key_on_a_competitive_award_names_its_route(tmp_path: Path) -> None:
    folder = tmp_path / "carers"
    shutil.copytree(RECORDS / "carers-support-2026", folder)
    path = folder / "award.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "justification: urgent\n")
    [problem] = messages(folder)
    assert problem.endswith(
        "justification: a competitive award has no justification: it belongs to the route "
        "direct_award (set `route:`; see docs/law.md §11)"
    )


def test_an_unknown_route_lists_the_routes(tmp_path: Path) -> None:
    [problem] = messages(clean_direct(tmp_path, route="direct"))
    assert "award.yaml:6:1: route: must be one of competitive, call_off, direct_award" in problem


def test_an_extension_gives_its_new_end(tmp_path: Path) -> None:
    folder = write_case(tmp_path, CHANGE, {"value_after": 4800000}, drop=("new_end",))
    [problem] = messages(folder)
    assert "an extension gives its new_end" in problem


def test_an_id_is_used_once_across_routes(tmp_path: Path) -> None:
    folder = clean_direct(tmp_path)
    other = RECORDS / "carers-support-2026" / "award.yaml"
    text = other.read_text(encoding="utf-8").replace(
        "id: carers-support-2026", "id: interim-care-2026"
    )
    (folder / "other.yaml").write_text(text, encoding="utf-8")
    problems = messages(folder)
    assert any("award 'interim-care-2026' is also defined in" in p for p in problems)


def test_a_decision_names_a_route_award_that_exists(tmp_path: Path) -> None:
    folder = clean_direct(tmp_path)
    path = folder / "decision.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("award: interim-care-2026", "award: nope")
    )
    problems = messages(folder)
    assert problems == [
        f"{folder}/decision.yaml:7:1: award: no award record has id 'nope' (known: interim-care-2026)"
    ]


# ---- R41 ----


def test_r41_a_notice_on_the_day_of_the_award_notice_is_in_time(tmp_path: Path) -> None:
    assert (
        messages(clean_direct(tmp_path, **{"transparency_notice.published": dt.date(2026, 1, 16)}))
        == []
    )


def test_r41_a_notice_on_the_day_the_contract_starts_is_late(tmp_path: Path) -> None:
    folder = clean_direct(
        tmp_path,
        **{
            "transparency_notice.published": dt.date(2026, 2, 7),
            "notification.can_published": None,
        },
    )
    [problem] = messages(folder)
    assert "before the contract starts on 7 February 2026 (s44) [R41]" in problem


# ---- R42 ----


def test_r42_the_day_the_procurement_began_decides_not_the_decision(tmp_path: Path) -> None:
    """Begun on 21 February 2025 and decided in January 2026: the 2015 Regulations (reg 32)."""
    edit = {
        "procurement.began": dt.date(2025, 2, 21),
        "procurement.regime": "pcr2015",
        "basis": "pcr2015_reg32",
        "ground": "32(2)(c)",
    }
    folder = write_case(tmp_path, DIRECT, {"notification.standstill": "none", **edit})
    assert messages(folder) == []
    edit["procurement.began"] = dt.date(2025, 2, 24)
    [problem] = messages(clean_direct(tmp_path / "b", **edit))
    assert "must be 'pa2023': the procurement began on 24 February 2025, on or after" in problem


def test_r42_a_contract_awarded_before_the_act_changes_under_reg_72(tmp_path: Path) -> None:
    [problem] = messages(clean_change(tmp_path, regime="pa2023", ground="sch8-para-4"))
    assert "regime: must be 'pcr2015': the contract was awarded on 20 July 2021" in problem


# ---- R43 ----


@pytest.mark.parametrize(("after", "reported"), [(6000000, False), (6000001, True)])
def test_r43_at_most_half_the_first_value(tmp_path: Path, after: Any, reported: bool) -> None:
    problems = messages(clean_change(tmp_path, value_after=after))
    assert bool(problems) is reported
    if reported:
        assert "50.0% of the first value £4,000,000: under 72(1)(b)" in problems[0]


def test_r43_the_cap_counts_this_change_only(tmp_path: Path) -> None:
    """A second extension of £1.5m after an earlier one to £5m: 37.5% of the first £4m."""
    folder = clean_change(tmp_path, value_before=5000000, value_after=6500000)
    assert messages(folder) == []


@pytest.mark.parametrize(
    ("category", "after", "reported"),
    [
        ("services", 4199999, False),  # +£199,999: under 10% and under £214,904
        ("services", 4400000, True),  # +10%
        ("works", 4590000, False),  # +14.75% of a works contract
    ],
)
def test_r43_de_minimis(tmp_path: Path, category: str, after: int, reported: bool) -> None:
    edit = {"ground": "72(5)", "value_after": after, "contract_changed.category": category}
    edit["contract_changed.light_touch"] = False
    problems = messages(write_case(tmp_path, CHANGE, edit, drop=("change_notice",)))
    assert bool(problems) is reported, problems
    if reported:
        assert "a de minimis change under reg 72(5) stays under 10% for services" in problems[0]


def test_r43_de_minimis_stays_below_the_threshold(tmp_path: Path) -> None:
    """A 9% increase of a £4m services contract is £360,000: over the £214,904 threshold."""
    edit = {"ground": "72(5)", "value_after": 4360000, "contract_changed.light_touch": False}
    [problem] = messages(write_case(tmp_path, CHANGE, edit, drop=("change_notice",)))
    assert "not below the threshold of £214,904: reg 72(5)(a) does not reach them" in problem


def test_r43_a_change_under_72_1_b_has_its_notice(tmp_path: Path) -> None:
    folder = write_case(tmp_path, CHANGE, {"value_after": 4800000}, drop=("change_notice",))
    [problem] = messages(folder)
    assert "needs a modification notice (reg 72(3), for a change under 72(1)(b))" in problem


# ---- R44 and the standstill by route ----


def test_r44_no_standstill_where_the_act_requires_one(tmp_path: Path) -> None:
    """A direct award on exclusive rights (para 5) of a contract that is not light touch."""
    edit = {"ground": "para-5", "procurement.light_touch": False}
    [problem] = messages(clean_direct(tmp_path, **edit))
    assert "notification.standstill: the law requires a standstill here" in problem
    assert problem.endswith("[R44]")


def test_r44_voluntary_standstill_after_urgency_is_fine(tmp_path: Path) -> None:
    assert messages(clean_direct(tmp_path, **{"notification.standstill": "voluntary"})) == []


@pytest.mark.parametrize(
    ("route", "regime", "light", "ground", "required"),
    [
        ("direct_award", "pa2023", False, "para-13", False),
        ("direct_award", "pa2023", False, "para-5", True),
        ("direct_award", "pa2023", True, "para-5", False),
        ("direct_award", "pcr2015", False, "32(2)(c)", False),
        ("call_off", "pa2023", False, None, False),
        ("call_off", "pcr2015", False, None, False),
        ("competitive", "pa2023", False, None, True),
        ("competitive", "pcr2015", True, None, True),  # reg 87 reaches the light touch regime
    ],
)
def test_standstill_duty_by_route(
    route: str, regime: str, light: bool, ground: str | None, required: bool
) -> None:
    assert standstill_duty(route, regime, light_touch=light, ground=ground).required is required


def test_route_standstill_counts_as_its_regime() -> None:
    """docs/law.md §5.2 and §5.1: the worked dates of 23 July 2025."""
    act = route_standstill("pa2023", "voluntary", dt.date(2025, 7, 23))
    assert act is not None and act.ends == dt.date(2025, 8, 1)
    pcr = route_standstill("pcr2015", "mandatory", dt.date(2025, 7, 23))
    assert pcr is not None and pcr.ends == dt.date(2025, 8, 4)
    assert route_standstill("pa2023", "none", dt.date(2025, 7, 23)) is None
    assert route_standstill("pa2023", "voluntary", None) is None


# ---- R45 ----


def test_r45_a_justification_that_names_the_ground_only(tmp_path: Path) -> None:
    [problem] = messages(clean_direct(tmp_path, justification="Extreme and unavoidable urgency."))
    assert "4 word(s) cannot show that para-13 applies" in problem


@pytest.mark.parametrize(
    "phrase", ["a lack of time", "insufficient time", "tight timescales", "time constraints"]
)
def test_r45_urgency_resting_on_time(tmp_path: Path, phrase: str) -> None:
    base = _read(DIRECT / "award.yaml")["justification"]
    [problem] = messages(clean_direct(tmp_path, justification=f"{base} There is {phrase}."))
    assert "having too little time to procure is not urgency [R45]" in problem


def test_r45_time_words_outside_urgency_are_not_reported(tmp_path: Path) -> None:
    base = _read(DIRECT / "award.yaml")["justification"]
    edit = {"ground": "para-5", "justification": f"{base} There is insufficient time."}
    edit["notification.standstill"] = "voluntary"
    assert messages(clean_direct(tmp_path, **edit)) == []


def test_the_route_examples_in_records_report_nothing() -> None:
    """records/interim-care-2026 (urgent direct award) and records/day-opportunities-extension
    (reg 72(1)(b)) validate with no error and no warning."""
    records = load_records([RECORDS])
    assert isinstance(records.route_awards["interim-care-2026"], DirectAward)
    assert isinstance(records.route_awards["day-opportunities-extension"], Modification)
    report = run_rules(records)
    mine = ("records/interim-care-2026/", "records/day-opportunities-extension/", "northmoor")
    found = [
        p
        for p in [*check(records), *report.errors, *report.warnings]
        if any(m in p.path for m in mine)
    ]
    assert found == []


def test_the_award_schema_knows_every_route() -> None:
    """`docgen schema`: an editor checks a record of any route, and a mixed one fails there too."""
    import json

    from jsonschema import Draft202012Validator

    from docgen.records.loading import _yaml, plain
    from docgen.records.schema import schemas

    validator = Draft202012Validator(json.loads(schemas()["award.schema.json"]))

    def errors(data: Any) -> int:
        return len(list(validator.iter_errors(json.loads(json.dumps(data, default=str)))))

    for name in ("ilss-2025", "interim-care-2026", "day-opportunities-extension"):
        data = plain(_yaml().load((RECORDS / name / "award.yaml").read_text(encoding="utf-8")))
        assert errors(data) == 0, name
    direct = plain(_yaml().load((DIRECT / "award.yaml").read_text(encoding="utf-8")))
    assert errors({**direct, "bids": []}) > 0
    assert errors({**direct, "route": "nowhere"}) > 0


def test_a_decision_switch_covers_its_route_award(tmp_path: Path) -> None:
    """A rule switched off by the decision (or the council) is off for the direct award it names."""
    folder = clean_direct(tmp_path, justification="Extreme and unavoidable urgency.")
    path = folder / "decision.yaml"
    switch = "rules:\n  - {id: R45, off: true, reason: The full justification is in Appendix 1}\n"
    path.write_text(path.read_text(encoding="utf-8") + switch, encoding="utf-8")
    records = load_records([folder])
    report = run_rules(records)
    assert report.errors == report.warnings == []
    assert [rule for rule, _, _ in report.disabled] == ["R45"]


def test_a_wrong_basis_is_the_only_error(tmp_path: Path) -> None:
    """The ground and the notice depend on the basis: a wrong basis is reported alone."""
    [problem] = messages(clean_direct(tmp_path, basis="schedule5"))
    assert "basis: must be one of 'pa2023_schedule5', 'pa2023_switch_s43'" in problem


def test_r42_and_r44_on_a_call_off(tmp_path: Path) -> None:
    """A call-off keeps its framework's regime (R4 does not apply) and has no mandatory
    standstill: under a 2015 framework begun in 2024, called off in 2026."""
    folder = tmp_path / "calloff"
    shutil.copytree(RECORDS / "carers-support-2026", folder / "award")
    shutil.copy(RECORDS / "councils" / "glan-yr-afon.yaml", folder / "council.yaml")
    path = folder / "award" / "award.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "kind: award\n",
        "kind: award\nroute: call_off\nframework: {name: Care Framework, owner: ESPO, "
        "reference: '123_45', began: 2024-06-03}\n",
    )
    path.write_text(text.replace("regime: pa2023", "regime: pcr2015"), encoding="utf-8")
    assert [p for p in messages(folder) if "[R4]" in p or "[R42]" in p] == []
    path.write_text(
        text.replace("standstill: voluntary", "standstill: mandatory"), encoding="utf-8"
    )
    problems = messages(folder)
    assert any(
        "framework's procurement began on 3 June 2024" in p and "[R42]" in p for p in problems
    )
    assert any("none for a call-off under a framework" in p and "[R44]" in p for p in problems)
