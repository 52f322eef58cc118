"""Evaluation methods, ranked Lots, the cap on Lots per supplier and per-criterion explanations
(docs/law.md §6.1-§6.4): what derive computes, what the rules report, and what the letters and
appendices built from records/homecare-framework-2026 and variants of the carers example say."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from conftest import RECORDS
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from ruamel.yaml import YAML

from docgen import pipeline
from docgen.checks.core import check
from docgen.checks.rules import run_rules
from docgen.derive import evaluation as ev
from docgen.derive.units import units
from docgen.models import Award
from docgen.models.evaluation import Evaluation, LotCap
from docgen.records.loading import Records, load_records

FRAMEWORK = "homecare-framework-2026"
CARERS = "carers-support-2026"
FORMATS = ("pdf", "docx")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read(path: Path) -> str:
    """The words of a PDF (pypdf) or Word file (python-docx: paragraphs, then table cells)."""
    if path.suffix == ".pdf":
        return flat(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages))
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return flat(" ".join(parts))


def sets(found: tuple[frozenset[str], ...]) -> list[set[str]]:
    return [set(s) for s in found]


def copy_records(tmp_path: Path, folder: str) -> Path:
    """A copy of an example folder and the councils, to edit."""
    root = tmp_path / "records"
    shutil.copytree(RECORDS / folder, root / folder)
    shutil.copytree(RECORDS / "councils", root / "councils")
    return root


def edit_award(root: Path, folder: str, change: Any) -> None:
    yaml = YAML()
    path = root / folder / "award.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def quality_only(data: Any, **evaluation: Any) -> None:
    """The carers award with quality-only criteria (60/20/20) under another method."""
    data["evaluation"] = evaluation
    data["criteria"] = [
        {"id": "quality", "name": "Quality of the service model", "kind": "quality", "weight": 60},
        {
            "id": "welsh-language",
            "name": "Welsh language provision",
            "kind": "quality",
            "weight": 20,
        },
        {"id": "social-value", "name": "Social value", "kind": "social_value", "weight": 20},
    ]
    scores = {
        "cwmni-gofalwyr": (50, 16, 14),  # 80
        "valleys-carers": (46, 14, 12),  # 72
        "carers-together": (36, 8, 10),  # 54
    }
    for bid in data["bids"]:
        if bid["bidder"] in scores:
            q, w, s = scores[bid["bidder"]]
            bid["scores"] = {"quality": q, "welsh-language": w, "social-value": s}


@pytest.fixture(scope="module")
def framework() -> Records:
    return load_records([RECORDS / FRAMEWORK, RECORDS / "councils"])


@pytest.fixture(scope="module")
def framework_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("framework")
    paths = [RECORDS / FRAMEWORK, RECORDS / "councils"]
    pipeline.build_papers(paths, out)
    report = pipeline.build_letters(paths, out)
    assert report.letters == 14 and report.complete
    return out


# ---- the records ------------------------------------------------------------------------------


def test_a_method_needs_its_own_fields_and_no_others() -> None:
    with pytest.raises(ValidationError, match="quality_threshold: lowest_price_passing_quality"):
        Evaluation(method="lowest_price_passing_quality")
    with pytest.raises(ValidationError, match="fixed_price: quality_only_fixed_price needs"):
        Evaluation(method="quality_only_fixed_price")
    with pytest.raises(ValidationError, match="quality_threshold: only for the method"):
        Evaluation(method="weighted_sum", quality_threshold=Decimal(60))
    assert Evaluation().method == "weighted_sum"


def test_records_without_a_method_rank_by_total_as_before() -> None:
    records = load_records([RECORDS / CARERS, RECORDS / "councils"])
    unit = units(records.awards[CARERS])[0]
    assert unit.method == "weighted_sum" and unit.capped is None
    assert [(s.bidder.id, s.rank) for s in unit.scored] == [
        ("cwmni-gofalwyr", 1),
        ("valleys-carers", 2),
        ("carers-together", 3),
        ("brightside", None),
    ]


# ---- ranks under each method --------------------------------------------------------------------


def variant(tmp_path: Path, change: Any) -> tuple[Records, Award]:
    root = copy_records(tmp_path, CARERS)
    edit_award(root, CARERS, change)
    records = load_records([root])
    return records, records.awards[CARERS]


def test_price_per_quality_point_ranks_the_lowest_ratio_first(tmp_path: Path) -> None:
    def change(data: Any) -> None:
        quality_only(data, method="price_per_quality_point")
        data["bids"][1]["price_bid"] = 170000  # 170,000 / 72 = 2,361.11 < 218,000 / 80 = 2,725

    records, award = variant(tmp_path, change)
    unit = units(award)[0]
    assert [s.bidder.id for s in unit.scored][:3] == [
        "valleys-carers",
        "cwmni-gofalwyr",
        "carers-together",
    ]
    assert unit.should_be_appointed == {"valleys-carers"}
    found = [str(p) for p in run_rules(records).errors if "[R47]" in str(p)]
    assert len(found) == 2
    assert "£170,000 ÷ 72 = £2,361.11 per quality point" in found[1]
    assert check(records) == []  # the core check leaves another method's winner to R47


def test_lowest_price_counts_only_above_the_quality_threshold(tmp_path: Path) -> None:
    def change(data: Any) -> None:
        quality_only(data, method="lowest_price_passing_quality", quality_threshold=60)
        data["bids"][2]["price_bid"] = 150000  # cheapest, but its quality of 54 is below 60
        data["bids"][0]["outcome"] = "unsuccessful"
        data["bids"][1]["outcome"] = "appointed"  # 199,850 beats 218,000 above the threshold

    records, award = variant(tmp_path, change)
    unit = units(award)[0]
    assert [(s.bidder.id, s.rank) for s in unit.scored][:3] == [
        ("valleys-carers", 1),
        ("cwmni-gofalwyr", 2),
        ("carers-together", 3),
    ]
    assert unit.should_be_appointed == {"valleys-carers"}
    assert not [p for p in run_rules(records).errors if "[R47]" in str(p)]


def test_quality_only_at_a_fixed_price_reports_a_price_criterion_and_another_price(
    tmp_path: Path,
) -> None:
    def change(data: Any) -> None:
        data["evaluation"] = {"method": "quality_only_fixed_price", "fixed_price": 218000}

    records, _ = variant(tmp_path, change)
    found = [str(p) for p in run_rules(records).errors if "[R47]" in str(p)]
    assert any("criteria[3].kind" in f and "cannot be a price criterion" in f for f in found)
    assert any(
        "bids[1].price_bid: must be the fixed price £218,000 (got £199,850)" in f for f in found
    )


def test_explanations_replace_feedback_and_name_real_criteria(tmp_path: Path) -> None:
    def change(data: Any) -> None:
        for bid in data["bids"][:3]:
            del bid["feedback"]
            bid["explanations"] = {
                c: "The tender explained this well."
                for c in ("quality", "welsh-language", "social-value", "price")
            }
        data["bids"][0]["explanations"]["delivery"] = "Not a criterion."

    records, _ = variant(tmp_path, change)
    report = run_rules(records)
    assert not [p for p in report.warnings if "[R24]" in str(p)]
    assert [str(p).split(": ", 1)[1] for p in report.errors if "[R49]" in str(p)] == [
        "bids[0].explanations.delivery: no award criterion of Carers Support Service has id "
        "'delivery' [R49]"
    ]


# ---- ranked Lots and the cap --------------------------------------------------------------------


def test_the_framework_derives_prime_reserves_and_the_cap(framework: Records) -> None:
    award = framework.awards[FRAMEWORK]
    north, south, valleys = units(award)
    assert [north.position(b) for b in ("afon-home-care", "cartref-care", "valleys-homecare")] == [
        1,
        2,
        3,
    ]
    assert south.capped == frozenset() and valleys.capped == frozenset({"afon-home-care"})
    assert valleys.should_be_appointed == {"valleys-homecare", "cartref-care", "coed-care"}
    assert valleys.position("valleys-homecare") == 1  # ranked 2nd, prime once Afon is capped
    for unit in (north, south, valleys):
        assert {s.bidder.id for s in unit.appointed} == unit.should_be_appointed
    assert run_rules(framework).errors == [] and check(framework) == []


def test_the_cap_keeps_lots_in_the_councils_order_or_by_the_bidders_rank() -> None:
    # Supplier a ranks 2nd in Lot 1 and 1st in Lots 2 and 3; each Lot appoints one; cap 2.
    candidates = [["b", "a"], ["a", "c"], ["a", "d"]]
    order = LotCap(max_lots_per_supplier=2, keeps="council_order")
    by_rank = LotCap(max_lots_per_supplier=2, keeps="bidder_rank")
    council = ev.allocate(order, [1, 2, 3], candidates, [1, 1, 1])
    ranked = ev.allocate(by_rank, [1, 2, 3], candidates, [1, 1, 1])
    assert sets(council.chosen) == [{"b"}, {"a"}, {"a"}] and sets(council.capped) == [
        set(),
        set(),
        set(),
    ]
    # with a preference for Lot 3 first and Lot 1 before Lot 2, a loses Lot 2 in council order
    preferred = LotCap(max_lots_per_supplier=1, council_order_of_lots=[3, 1, 2])
    shared = ev.allocate(preferred, [1, 2, 3], candidates, [1, 1, 1])
    assert sets(shared.chosen) == [{"b"}, {"c"}, {"a"}] and sets(shared.capped) == [
        set(),
        {"a"},
        set(),
    ]
    assert shared.kept == {"b": (1,), "c": (2,), "a": (3,)}
    # keeping by rank, a (cap 1) keeps the first Lot where it ranks 1st in the council's order
    one = LotCap(max_lots_per_supplier=1, keeps="bidder_rank")
    kept = ev.allocate(one, [1, 2, 3], [["a", "b"], ["a", "c"], ["b", "a"]], [1, 1, 1])
    assert sets(kept.chosen) == [{"a"}, {"c"}, {"b"}] and sets(kept.capped) == [set(), {"a"}, set()]
    assert ranked.chosen == council.chosen
    # labelled Lots (1a, North) are named in the council's order as the record names them
    labelled = LotCap(max_lots_per_supplier=1, council_order_of_lots=["North", 2])
    north_first = ev.allocate(labelled, [2, "North"], [["a"], ["a"]], [1, 1])
    assert sets(north_first.chosen) == [set(), {"a"}] and north_first.kept == {"a": ("North",)}


def test_a_reserve_recorded_out_of_order_is_reported(tmp_path: Path) -> None:
    root = copy_records(tmp_path, FRAMEWORK)

    def swap(data: Any) -> None:
        bids = data["lots"][0]["bidders"]
        bids[2]["outcome"], bids[3]["outcome"] = "unsuccessful", "appointed"

    edit_award(root, FRAMEWORK, swap)
    found = [str(p) for p in run_rules(load_records([root])).errors if "[R48]" in str(p)]
    assert len(found) == 2
    assert "lots[0].bidders[3].outcome: must be 'unsuccessful'" in found[1]
    assert "appoints the first-ranked tender as prime supplier and 2 reserves" in found[1]


# ---- the letters --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_supplier_that_lost_a_lot_to_the_cap_is_told_why(framework_out: Path, fmt: str) -> None:
    text = read(framework_out / FRAMEWORK / "letters" / "lot-3" / f"afon-home-care.{fmt}")
    assert "I am sorry to tell you that your tender was not successful" in text
    assert (
        "The Council intends to appoint Valleys Homecare Partnership as prime supplier, and "
        "Cartref Care Cyf and Coed Care Ltd as reserve suppliers 1 and 2, to Lot 3: Valleys."
    ) in text
    assert "Your tender ranked first of the five tenders assessed for this Lot" in text
    assert "no supplier may be appointed to more than two Lots" in text
    assert "Lots are awarded in the Council's stated order of preference" in text
    assert "You are to be appointed to Lots 1 and 2, so this Lot goes to the next-ranked" in text
    assert "The price is fixed at £24.50 per hour of care for every tenderer" in text
    assert "C1 Quality of care and support (your score 55 out of 60)." in text
    assert "The successful tender" in text
    assert "highest-ranked successful tender, from Valleys Homecare Partnership" in text
    assert "(its score 51 out of 60). The answer showed long experience" in text
    assert ": :" not in text and "…: …" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_prime_and_reserve_letters_say_their_place(framework_out: Path, fmt: str) -> None:
    letters = framework_out / FRAMEWORK / "letters"
    prime = read(letters / "lot-1" / f"afon-home-care.{fmt}")
    assert "You are appointed as the prime supplier for this Lot." in prime
    assert "offers each call-off first to the prime supplier" in prime
    assert "The successful tender" not in prime  # an appointed bidder's summary is its own
    reserve = read(letters / "lot-3" / f"coed-care.{fmt}")
    assert "You are appointed as reserve supplier 2 for this Lot." in reserve
    assert "when the prime supplier and reserve 1 cannot take it" in reserve
    assert "C3 Social value (your score 13 out of 15)." in reserve
    loser = read(letters / "lot-1" / f"bryn-support.{fmt}")
    assert "the highest total score as prime supplier and the next two in rank order" in loser
    assert "This is lower than the total score of every successful tender." in loser


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_appendices_name_prime_reserves_and_the_cap(framework_out: Path, fmt: str) -> None:
    decision = framework_out / f"{FRAMEWORK}-award"
    suppliers = read(decision / f"appendix-a-suppliers.{fmt}")
    assert "the first supplier listed is the prime supplier" in suppliers
    assert "no supplier is appointed to more than two Lots" in suppliers
    scores = read(decision / "exempt" / f"appendix-b-scores.{fmt}")
    for words in ("Prime supplier", "Reserve 1", "Reserve 2", "holds the most Lots allowed"):
        assert words in scores
    assert "Lot 3: Valleys was ranked by quality score alone" in scores


def test_per_criterion_feedback_reads_without_a_double_colon(tmp_path: Path) -> None:
    root = copy_records(tmp_path, CARERS)

    def change(data: Any) -> None:  # feedback as import-scores folds it from criterion columns
        data["bids"][1]["feedback"] = "Quality of the service model: Clear. Price: The lowest."

    edit_award(root, CARERS, change)
    out = tmp_path / "out"
    pipeline.build_letters([root], out, bidder="valleys-carers")
    for fmt in FORMATS:
        text = read(out / CARERS / "letters" / "contract" / f"valleys-carers.{fmt}")
        assert "Explanation of your scores follows. Quality of the service model: Clear." in text
        assert "scores: Quality" not in text


def test_method_letters_say_what_decided_the_award(tmp_path: Path) -> None:
    root = copy_records(tmp_path, CARERS)

    def change(data: Any) -> None:
        quality_only(data, method="lowest_price_passing_quality", quality_threshold=60)
        data["bids"][2]["price_bid"] = 150000
        data["bids"][0]["outcome"], data["bids"][1]["outcome"] = "unsuccessful", "appointed"
        data["contract"]["annual_value"], data["contract"]["total_value"] = 199850, 799400

    edit_award(root, CARERS, change)
    out = tmp_path / "out"
    report = pipeline.build_letters([root], out, formats=("pdf",))
    assert report.letters == 4
    folder = out / CARERS / "letters" / "contract"
    below = read(folder / "carers-together.pdf")
    assert "the lowest price among tenders whose quality score was at least 60 out of 100" in below
    assert "This is below the quality threshold of 60, so its price was not considered." in below
    dearer = read(folder / "cwmni-gofalwyr.pdf")
    assert "This reaches the quality threshold of 60; its price was £218,000." in dearer
    assert "The price of the successful tender was lower." in dearer
    assert "£199,850" not in dearer  # never another bidder's price


def test_the_ocds_export_states_the_cap_and_validates() -> None:
    from test_ocds import errors, merge_patch, package_validator, read

    from docgen.exchange.ocds import release_package
    from docgen.exchange.transparency import award_and_council

    award, council = award_and_council(RECORDS / FRAMEWORK / "award.yaml", RECORDS)
    package = release_package(award, council, prefix="ocds-h6vhtk")
    extended = merge_patch(read("release-schema.json"), read("lots-release-schema-patch.json"))
    assert errors(package_validator(extended), package) == []
    tender = package["releases"][0]["tender"]
    assert tender["lotDetails"] == {"maximumLotsAwardedPerSupplier": 2}
    lot3 = next(a for a in package["releases"][0]["awards"] if a["relatedLots"] == ["3"])
    assert [s["name"] for s in lot3["suppliers"]] == [
        "Valleys Homecare Partnership",
        "Cartref Care Cyf",
        "Coed Care Ltd",
    ]


def test_price_per_quality_point_letters_give_the_bidders_own_figure(tmp_path: Path) -> None:
    root = copy_records(tmp_path, CARERS)

    def change(data: Any) -> None:
        quality_only(data, method="price_per_quality_point")
        data["bids"][1]["price_bid"] = 240000  # 240,000 / 72 = 3,333.33 > 218,000 / 80

    edit_award(root, CARERS, change)
    out = tmp_path / "out"
    pipeline.build_letters([root], out)
    folder = out / CARERS / "letters" / "contract"
    for fmt in FORMATS:
        loser = read(folder / f"valleys-carers.{fmt}")
        assert "the tenderer with the lowest price per quality point" in loser
        assert "With its price of £240,000, that is £3,333.33 per quality point." in loser
        assert "This is higher than that of the successful tender." in loser
        assert "£2,725.00" not in loser and "£218,000" not in loser  # not the winner's figures
        winner = read(folder / f"cwmni-gofalwyr.{fmt}")
        assert "that is £2,725.00 per quality point." in winner
        assert "The total is the quality score; each tender's price is then divided by it" in winner


def test_an_equal_price_per_point_is_decided_by_the_tie_break(tmp_path: Path) -> None:
    root = copy_records(tmp_path, CARERS)

    def change(data: Any) -> None:
        quality_only(data, method="price_per_quality_point")
        data["bids"][1]["price_bid"] = 196200  # 196,200 / 72 = 2,725 = 218,000 / 80
        # tie_break: quality (the record's own): 50 against 46, so the first stays appointed

    edit_award(root, CARERS, change)
    records = load_records([root])
    unit = units(records.awards[CARERS])[0]
    assert [s.rank for s in unit.scored][:2] == [1, 2]  # the tie-break separates them
    out = tmp_path / "out"
    pipeline.build_letters([root], out, bidder="valleys-carers", formats=("pdf",))
    text = read(out / CARERS / "letters" / "contract" / "valleys-carers.pdf")
    assert (
        "that is £2,725.00 per quality point. This is equal to the result of a successful" in text
    )
    assert "decided by the score for quality of the service model" in text
    assert "higher than" not in text


@given(
    lots=st.lists(
        st.lists(st.sampled_from("abcdefg"), unique=True, max_size=6), min_size=1, max_size=6
    ),
    places=st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=6, max_size=6),
    most=st.integers(1, 3),
    keeps=st.sampled_from(["council_order", "bidder_rank"]),
)
def test_the_cap_is_never_exceeded_and_no_room_is_left_unfilled(
    lots: list[list[str]], places: list[int | None], most: int, keeps: str
) -> None:
    numbers = list(range(1, len(lots) + 1))
    cap = LotCap(max_lots_per_supplier=most, keeps=keeps)  # type: ignore[arg-type]
    shared = ev.allocate(cap, numbers, lots, places[: len(lots)])
    held: dict[str, int] = {}
    for lot, chosen in enumerate(shared.chosen):
        assert chosen <= set(lots[lot]) and not chosen & shared.capped[lot]
        room = places[lot]
        assert room is None or len(chosen) <= room
        for who in chosen:
            held[who] = held.get(who, 0) + 1
        # a candidate left out while the Lot had room was passed over by the cap
        full = room is not None and len(chosen) == room
        for who in set(lots[lot]) - chosen:
            assert full or who in shared.capped[lot]
    assert all(count <= most for count in held.values())
    for passed_over in shared.capped:  # only a supplier that holds its maximum is passed over
        assert all(held.get(who) == most for who in passed_over)
    assert {w: len(k) for w, k in shared.kept.items()} == held


def test_the_scores_appendix_shows_each_price_per_quality_point(tmp_path: Path) -> None:
    root = copy_records(tmp_path, CARERS)

    def change(data: Any) -> None:
        quality_only(data, method="price_per_quality_point")

    edit_award(root, CARERS, change)
    out = tmp_path / "out"
    pipeline.build_papers([root], out)
    for fmt in FORMATS:
        text = read(out / "carers-support-2026-award" / "exempt" / f"appendix-b-scores.{fmt}")
        assert "The contract was ranked by the lowest price per quality point" in text
        assert "£ per quality point" in text
        assert "£2,725.00" in text and "£2,775.69" in text  # 218,000 / 80 and 199,850 / 72
