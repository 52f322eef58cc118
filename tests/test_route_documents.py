"""Documents for each route to a contract (issue 15): the paper and the decision notice state the
route, its legal ground and the council's own words; a direct award has no Appendix A and no
letters; the transparency notice carries the Schedule 5 ground and the justification; the change
notice the values before and after; OCDS for each route validates against the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import RECORDS
from docx import Document
from pypdf import PdfReader
from test_ocds import merge_patch, package_validator, read

from docgen import pipeline
from docgen.build.papers import bundle_for
from docgen.derive.grounds_text import cited
from docgen.documents import cabinet_paper, decision_notice
from docgen.documents.route_text import route_text
from docgen.errors import UsageError
from docgen.exchange.ocds_routes import route_package
from docgen.letters.plan import plan_letters
from docgen.models.grounds import REG72_GROUNDS, SCHEDULE5_GROUNDS

DIRECT = "interim-care-2026-award"
EXTENSION = "day-opportunities-extension"
NOT_AWARDED = "community-transport-2026-not-awarded"
AUTHORITY = "supported-living-cabinet-2026-04-21"
URGENCY = (
    "section 41 of and paragraph 13 of Schedule 5 to the Procurement Act 2023 "
    "(extreme and unavoidable urgency)"
)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return " ".join(" ".join(parts).split())


def texts(folder: Path, stem: str) -> list[str]:
    """The document's text from its PDF and from its Word file."""
    return [pdf_text(folder / f"{stem}.pdf"), docx_text(folder / f"{stem}.docx")]


@pytest.fixture(scope="module")
def records() -> Any:
    return pipeline.validate([RECORDS])


def decision_folder(example_build: Path, decision_id: str) -> Path:
    return example_build / decision_id


# ---- the wording ----


def test_grounds_are_cited_as_a_council_cites_them() -> None:
    assert cited("para-13", SCHEDULE5_GROUNDS, "the Procurement Act 2023", "41") == URGENCY
    assert cited("72(1)(b)", REG72_GROUNDS, "the Public Contracts Regulations 2015") == (
        "regulation 72(1)(b) of the Public Contracts Regulations 2015 (additional works, "
        "services or supplies from the original contractor)"
    )
    with pytest.raises(ValueError, match="no legal ground"):
        cited("para-99", SCHEDULE5_GROUNDS, "the Procurement Act 2023", "41")


def test_a_competitive_award_says_nothing_new(records: Any) -> None:
    decision = records.decisions["carers-support-2026-award"]
    bundle = bundle_for(decision, records)
    assert route_text(bundle.award_record, bundle.council) is None
    paper = cabinet_paper.build(bundle)
    assert all(row.label != "Route to contract" for row in paper.title_rows)
    assert decision_notice.build(bundle).route is None


# ---- direct award ----


def test_direct_award_paper_states_route_ground_and_justification(example_build: Path) -> None:
    folder = decision_folder(example_build, DIRECT)
    for text in texts(folder, "decision-report"):
        assert "Route to contract Direct award: extreme and unavoidable urgency" in text
        assert "Procurement route" in text
        assert "awarded directly to Harbourside Care Services Ltd" in text
        assert URGENCY in text
        assert "The Council's justification for the direct award is as follows." in text
        assert "went into administration on 5 January 2026" in text  # the council's own words
        assert (
            "A transparency notice (reference NBC-ASC-2026-003-TN) will be published" in text
        )  # after the 14 January decision


def test_direct_award_has_no_appendix_a_and_no_letters(example_build: Path, records: Any) -> None:
    folder = decision_folder(example_build, DIRECT)
    names = {p.name for p in folder.iterdir()}
    assert not any("suppliers" in n or "scores" in n for n in names), names
    assert "transparency-notice.pdf" in names and "transparency-notice.docx" in names
    award_ids = {plan.award.id for plan in plan_letters(records)}
    assert "interim-care-2026" not in award_ids
    assert "day-opportunities-extension" not in award_ids


def test_transparency_notice_carries_the_schedule_5_ground_and_justification(
    example_build: Path,
) -> None:
    for text in texts(decision_folder(example_build, DIRECT), "transparency-notice"):
        assert "Transparency notice" in text
        assert "Procurement Act 2023, section 44; Procurement Regulations 2024, regulation 26" in (
            text
        )
        assert "intends to award the contract below directly to Harbourside Care Services Ltd" in (
            text
        )
        assert "Section 41 of and paragraph 13 of Schedule 5" in text
        assert "went into administration on 5 January 2026" in text
        assert "Published on 15 January 2026" in text


def test_decision_notice_states_the_route(example_build: Path) -> None:
    folder = decision_folder(example_build, DIRECT)
    for text in [*texts(folder, "decision-notice"), (folder / "decision-notice.html").read_text()]:
        assert "Route to contract" in text
        assert "Direct award, without a competitive tendering procedure" in text
        assert "went into administration on 5 January 2026" in text


# ---- modification ----


def test_extension_paper_and_change_notice_state_values_and_dates(example_build: Path) -> None:
    folder = decision_folder(example_build, EXTENSION)
    for text in texts(folder, "decision-report"):
        assert "regulation 72(1)(b) of the Public Contracts Regulations 2015" in text
        assert "The contract will end on" in text
    for text in texts(folder, "change-notice"):
        assert "Modification notice" in text
        assert "Value before this change" in text and "Value after this change" in text
        assert "New end date" in text
        assert "Moorside Community Partnership CIC" in text


# ---- authority to procure, not awarded ----


def test_authority_to_procure_states_procurement_value_and_delegation(example_build: Path) -> None:
    for text in texts(decision_folder(example_build, AUTHORITY), "cabinet-paper"):
        assert "Route to contract Authority to procure, with the award delegated" in text
        assert "The Council will procure the Supported Living Framework by a competitive" in text
        assert "estimated value of £36 million" in text
        assert "The decision to award is delegated to the Director of Social Services" in text
        assert "Tenders due: 3 July 2026" in text


def test_not_awarded_states_the_reason_and_next_step_and_names_no_tenderer(
    example_build: Path,
) -> None:
    folder = decision_folder(example_build, NOT_AWARDED)
    for text in [*texts(folder, "decision-report"), *texts(folder, "decision-notice")]:
        assert "The Council will not award the contract for Community Transport" in text
        assert "It received two tenders." in text
        assert "The procurement will be run again." in text
        assert "even the lower tender was about a third above it" in text
        assert "Valley Minibus" not in text and "Teithio" not in text


# ---- OCDS ----


@pytest.fixture(scope="module")
def validator() -> Any:
    extended = merge_patch(read("release-schema.json"), read("lots-release-schema-patch.json"))
    return package_validator(extended)


def test_ocds_of_a_direct_award_validates_with_method_and_rationale(
    records: Any, validator: Any
) -> None:
    award = records.route_awards["interim-care-2026"]
    package = route_package(award, records.councils[award.council], "ocds-abc123")
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)] == []
    tender = package["releases"][0]["tender"]
    assert tender["procurementMethod"] == "direct"
    assert tender["procurementMethodRationale"].startswith(f"Awarded directly under {URGENCY}.")
    assert "went into administration" in tender["procurementMethodRationale"]
    assert package["releases"][0]["awards"][0]["suppliers"][0]["name"] == (
        "Harbourside Care Services Ltd"
    )


def test_ocds_of_a_modification_is_a_valid_contract_amendment(records: Any, validator: Any) -> None:
    change = records.route_awards["day-opportunities-extension"]
    package = route_package(change, records.councils[change.council], "ocds-abc123")
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)] == []
    release = package["releases"][0]
    assert release["tag"] == ["contractAmendment"]
    contract = release["contracts"][0]
    assert contract["awardID"] == release["awards"][0]["id"]
    assert contract["value"]["amount"] == int(change.value_after)
    amendment = contract["amendments"][0]
    assert amendment["rationale"].startswith("Modified under regulation 72(1)(b)")
    assert "Value before the change" in amendment["description"]


def test_ocds_refuses_routes_with_nothing_to_publish(records: Any) -> None:
    for record_id in ("supported-living-2026", "community-transport-2026"):
        record = records.route_awards[record_id]
        with pytest.raises(UsageError, match="only a direct award or a modification"):
            route_package(record, records.councils[record.council], "ocds-abc123")


# ---- letters of a decision not to award ----


def test_each_tenderer_is_told_the_reasons_and_no_one_else_is_named(tmp_path: Path) -> None:
    report = pipeline.build_letters([RECORDS], tmp_path)
    assert report.outcomes["not awarded"] == 2
    folder = tmp_path / "community-transport-2026" / "letters" / "contract"
    for me, other in (("valley-minibus", "Teithio"), ("teithio-cymunedol", "Valley Minibus")):
        for text in texts(folder, me):
            assert "the Council has decided not to award the contract" in text
            assert "even the lower tender was about a third above it" in text  # the reason
            assert (
                "published a procurement termination notice on 4 February 2026, as section 55"
                in (text)
            )
            assert "The Council intends to run the procurement again." in text
            assert other not in text
    manifest = (folder.parent / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert manifest[0] == "bidder_id,bidder_name,outcome,email,sent_by,send_date,pdf,docx"
    assert [row.split(",")[0] for row in manifest[1:]] == ["teithio-cymunedol", "valley-minibus"]
    assert all(",email,2026-02-04,contract/" in row for row in manifest[1:])


def test_the_rendered_letters_are_read_for_the_other_tenderers_names(tmp_path: Path) -> None:
    from pathlib import PurePosixPath

    from docgen.letters.not_awarded import OthersNamed

    pipeline.build_letters([RECORDS / "councils", RECORDS / "community-transport-2026"], tmp_path)
    folder = tmp_path / "community-transport-2026" / "letters" / "contract"
    files = {fmt: (folder / f"valley-minibus.{fmt}").read_bytes() for fmt in ("pdf", "docx")}
    stem = PurePosixPath("community-transport-2026/letters/contract/valley-minibus")
    job = next(j for j in not_awarded_jobs() if j.stem == stem)
    assert OthersNamed({stem: ("Teithio Cymunedol Glan-yr-Afon Cyf",)})(job, files) == []
    found = OthersNamed({stem: ("Valley Minibus Services Ltd",)})(job, files)  # its own name
    assert len(found) == 2 and all("names another tenderer" in f for f in found)


def not_awarded_jobs() -> list[Any]:
    from docgen.letters import not_awarded

    return not_awarded.plan(pipeline.validate([RECORDS]))


def test_a_reason_that_names_another_tenderer_stops_the_letters(records: Any) -> None:
    from docgen.errors import CheckError
    from docgen.letters import not_awarded

    record = records.route_awards["community-transport-2026"]
    named = record.model_copy(update={"reason": "Valley Minibus Services Ltd priced too high."})
    records.route_awards["community-transport-2026"] = named
    try:
        with pytest.raises(CheckError, match="would name another tenderer"):
            not_awarded.plan(records)
    finally:
        records.route_awards["community-transport-2026"] = record


# ---- call-off by further competition ----


def test_a_call_off_states_its_framework_and_gets_the_competitive_letters(
    example_build: Path, records: Any
) -> None:
    folder = decision_folder(example_build, "accessible-transport-calloff-2026-award")
    for text in texts(folder, "decision-report"):
        assert "Route to contract Call-off by further competition from the Passenger" in text
        assert "(reference 123_45, Lot 2) run by ESPO" in text
        assert "section 46 of the Procurement Act 2023" in text
    assert (folder / "appendix-a-suppliers.pdf").is_file()  # a call-off has its Appendix A
    plans = {plan.award.id: plan for plan in plan_letters(records)}
    outcomes = {x.outcome for x in plans["accessible-transport-calloff-2026"].letters}
    assert {"appointed", "unsuccessful"} <= outcomes


def test_a_welsh_councils_transparency_notice_cites_the_welsh_regulations(records: Any) -> None:
    from docgen.documents import transparency_notice

    bundle = bundle_for(records.decisions[DIRECT], records)
    assert "Procurement Regulations 2024, regulation 26" in transparency_notice.build(bundle).basis
    welsh = bundle.model_copy(
        update={"council": bundle.council.model_copy(update={"nation": "wales"})}
    )
    basis = transparency_notice.build(welsh).basis
    assert basis == "Procurement Act 2023, section 44; Procurement (Wales) Regulations 2024"


def test_the_decision_notice_lists_the_route_notice_among_its_documents(records: Any) -> None:
    direct = decision_notice.build(bundle_for(records.decisions[DIRECT], records))
    assert direct.documents[-1].title == (
        "Transparency notice: Interim Home Care Operator (East Locality)"
    )
    change = decision_notice.build(bundle_for(records.decisions[EXTENSION], records))
    assert change.documents[-1].title.startswith("Modification notice: ")
    authority = decision_notice.build(bundle_for(records.decisions[AUTHORITY], records))
    assert [d.title.split(":")[0] for d in authority.documents] == ["Cabinet report"]


def test_ocds_of_a_call_off_validates_and_points_at_its_framework(
    records: Any, validator: Any
) -> None:
    from docgen.exchange.ocds import release_package

    award = records.awards["accessible-transport-calloff-2026"]
    package = release_package(award, records.councils[award.council], "ocds-abc123")
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)] == []
    release = package["releases"][0]
    assert {a["status"] for a in release["awards"]} <= {"pending", "active"}
    assert release["awards"], "a call-off by further competition awards its Lots"
    related = release["relatedProcesses"]
    framework = [p for p in related if p.get("relationship") == ["framework"]]
    assert [p["identifier"] for p in framework] == [award.framework.ocid]


def test_a_direct_award_with_an_appendix_of_suppliers_is_refused_where_it_is_typed(
    tmp_path: Path,
) -> None:
    import shutil

    from docgen.errors import RecordError

    for folder in ("councils", "interim-care-2026"):
        shutil.copytree(RECORDS / folder, tmp_path / folder)
    decision = tmp_path / "interim-care-2026" / "decision.yaml"
    text = decision.read_text(encoding="utf-8")
    assert "\nappendices:" not in text
    decision.write_text(
        text + "appendices:\n  - id: supplier\n    title: The supplier\n"
        "    source: award_suppliers\n",
        encoding="utf-8",
    )
    with pytest.raises(RecordError) as raised:
        pipeline.build_papers([tmp_path], tmp_path / "out")
    message = str(raised.value.problems[0])
    assert "decision.yaml" in message and "appendices[0].source" in message
    assert "a direct award (interim-care-2026) has no tenders scored" in message
    assert not (tmp_path / "out" / DIRECT).exists()


@pytest.mark.parametrize(
    ("basis", "ground", "method", "cited_as"),
    [
        ("pa2023_schedule5", "para-13", "direct", URGENCY),
        ("pa2023_switch_s43", None, "direct", "section 43 of the Procurement Act 2023"),
        (
            "pcr2015_reg32",
            "32(2)(c)",
            "limited",
            "regulation 32(2)(c) of the Public Contracts Regulations 2015 (extreme urgency",
        ),
    ],
)
def test_each_direct_award_basis_is_cited_in_the_paper_and_in_ocds(
    records: Any, validator: Any, basis: str, ground: str | None, method: str, cited_as: str
) -> None:
    award = records.route_awards["interim-care-2026"].model_copy(
        update={"basis": basis, "ground": ground}
    )
    council = records.councils[award.council]
    statement = " ".join(route_text(award, council).statement)
    assert cited_as in statement
    package = route_package(award, council, "ocds-abc123")
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)] == []
    tender = package["releases"][0]["tender"]
    assert tender["procurementMethod"] == method
    assert cited_as in tender["procurementMethodRationale"]


# ---- the contract register ----


def test_a_direct_award_has_its_register_row_and_it_passes_the_schema(
    records: Any, tmp_path: Path
) -> None:
    from test_transparency import frictionless_errors

    from docgen.exchange.transparency import to_csv
    from docgen.exchange.transparency_routes import route_rows

    award = records.route_awards["interim-care-2026"]
    rows = route_rows(award, records.councils[award.council])
    assert len(rows) == 1
    row = rows[0]
    assert row["Supplier name"] == "Harbourside Care Services Ltd"
    assert row["Procedure"] == f"Direct award under {URGENCY}"
    assert row["Invitation"] == "No invitation (direct award)"
    assert row["Value of contract (GBP)"] == f"{award.contract.total_value:.2f}"
    out = tmp_path / "register.csv"
    out.write_text(to_csv(rows), encoding="utf-8", newline="")
    assert frictionless_errors(out) == []


def test_a_change_an_authority_and_a_decision_not_to_award_add_no_register_row(
    records: Any,
) -> None:
    from docgen.exchange.transparency_routes import route_rows

    change = records.route_awards["day-opportunities-extension"]
    with pytest.raises(UsageError, match="keeps its own row in the register: set its value to"):
        route_rows(change, records.councils[change.council])
    for record_id in ("supported-living-2026", "community-transport-2026"):
        record = records.route_awards[record_id]
        with pytest.raises(UsageError, match="has no contract for the register"):
            route_rows(record, records.councils[record.council])
