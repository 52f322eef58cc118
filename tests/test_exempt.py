"""Exempt means exempt, for every part: an appendix the decision's record marks exempt, whatever
its source, is built only as an exempt edition (marked on every page) with a public notice in its
place; the audit reads the decision's own classification; and the Schedule 12A marking knows the
council's nation (Part 4, with the public interest test of Part 5, in Wales)."""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path, PurePosixPath

import docx
import pypdf
import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.audit.classification import CHECK
from docgen.audit.read import open_document
from docgen.audit.report import audit
from docgen.checks.rules.runner import run_rules
from docgen.derive.units import units
from docgen.documents.common import exemption_text
from docgen.exchange.pack import build_packs
from docgen.records.loading import Records

ILSS = ("ilss-cabinet-2025-07-22", "ilss-cabinet-2025-07-22-rev1")
WALES = "carers-support-2026-award"
MARKING = "NOT FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A"
NOTICE_A = (
    "Appendix A: Suppliers appointed to each Lot is not for publication by virtue of paragraph 3 "
    "of Part 1 of Schedule 12A to the Local Government Act 1972."
)
EXEMPT_A = """    source: award_suppliers
    exempt:
      paragraphs: [3]
      public_interest: >-
        The Council names its preferred suppliers once the standstill period has ended. The
        public interest in keeping the appendix exempt until then outweighs the public interest
        in disclosing it, because disclosure would prejudice the procurement.
"""


def pdf_pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def public_files(out: Path) -> list[Path]:
    documents = (".pdf", ".docx", ".html")
    return [p for p in out.rglob("*") if p.suffix in documents and "exempt" not in p.parts]


def mark_suppliers_exempt(records: Path) -> None:
    """Mark Appendix A exempt in both ILSS decisions (the original and its revision), and say so
    where the resolution cites it."""
    for folder in ("ilss-2025", "ilss-2025-revised"):
        path = records / folder / "decision.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count("    source: award_suppliers\n") == 1
        text = text.replace("    source: award_suppliers\n", EXEMPT_A)
        cited = "detailed in {appendix:suppliers}"
        assert text.count(cited) == 1
        text = text.replace(cited, cited + ", which is not for publication")
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def exempt_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Records, Path, list[str]]:
    """A copy of the model case with Appendix A exempt, its papers and packs built; the names
    of the suppliers it appoints."""
    root = tmp_path_factory.mktemp("exempt-suppliers")
    shutil.copytree(RECORDS, root / "records")
    mark_suppliers_exempt(root / "records")
    records = pipeline.validate([root / "records"])
    out = root / "out"
    pipeline.build_papers([root / "records"], out)
    build_packs(records, out)
    award = records.awards[records.decisions[ILSS[0]].award or ""]
    names = sorted({s.bidder.name for u in units(award) for s in u.appointed})
    return records, out, names


@pytest.fixture(scope="module")
def public_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model case's public Appendix A, as built before it was marked exempt."""
    out = tmp_path_factory.mktemp("public-suppliers")
    pipeline.build_papers([RECORDS], out, only=["appendix_suppliers"], formats=["pdf"])
    return out / ILSS[0] / "appendix-a-suppliers.pdf"


# ---- the build -----------------------------------------------------------------------------------


def test_no_public_file_names_a_supplier_of_an_exempt_appendix(
    exempt_case: tuple[Records, Path, list[str]],
) -> None:
    _, out, names = exempt_case
    assert len(names) > 30
    for decision in ILSS:
        assert not (out / decision / "appendix-a-suppliers.pdf").exists()
        assert not (out / decision / "appendix-a-suppliers.docx").exists()
    public = public_files(out)
    assert any(p.name == "agenda-pack.pdf" for p in public)
    for path in public:
        opened = open_document(path)  # body, headers, metadata, embedded data: every part
        assert opened.error is None
        named = [n for n in names if n in opened.haystack]
        assert named == [], f"{path.relative_to(out)} names {named[:3]}"


def test_the_exempt_edition_is_marked_on_every_page(
    exempt_case: tuple[Records, Path, list[str]],
) -> None:
    _, out, names = exempt_case
    for decision in ILSS:
        exempt = out / decision / "exempt"
        pages = pdf_pages(exempt / "appendix-a-suppliers.pdf")
        assert len(pages) > 1
        assert all(MARKING in page for page in pages)
        assert names[0] in " ".join(pages)
        assert "Public interest test. The Council names its preferred suppliers" in pages[0]
        word = docx.Document(str(exempt / "appendix-a-suppliers.docx"))
        headers = [" ".join(p.text for p in s.header.paragraphs) for s in word.sections]
        assert headers and all(MARKING in h for h in headers)
        footer = " ".join(c.text for s in word.sections for t in s.footer.tables for c in t._cells)
        assert "NOT FOR PUBLICATION · " in footer
        assert word.core_properties.title.endswith("(exempt)")


def test_the_public_folder_and_pack_get_the_notice(
    exempt_case: tuple[Records, Path, list[str]],
) -> None:
    _, out, names = exempt_case
    for decision in ILSS:
        notice = " ".join(pdf_pages(out / decision / "appendix-a-notice.pdf"))
        assert NOTICE_A in notice
        pack = " ".join(pdf_pages(out / decision / "agenda-pack.pdf"))
        assert NOTICE_A in pack
        assert "Appendix B: Evaluation scores for each Lot is not for publication" in pack
        exempt_pack = " ".join(pdf_pages(out / decision / "exempt" / "agenda-pack-exempt.pdf"))
        assert MARKING in exempt_pack and names[0] in exempt_pack
        paper = " ".join(pdf_pages(out / decision / "cabinet-paper.pdf"))
        assert "Appendix A is not for publication by virtue of paragraph 3 of Part 1" in paper


def test_a_public_appendix_a_is_still_built_where_it_is_not_exempt(public_edition: Path) -> None:
    text = " ".join(pdf_pages(public_edition))
    assert "Suppliers appointed to each Lot" in text
    assert "NOT FOR PUBLICATION" not in text


# ---- the audit -----------------------------------------------------------------------------------


def test_the_audit_reads_the_decisions_classification(
    exempt_case: tuple[Records, Path, list[str]], public_edition: Path, tmp_path: Path
) -> None:
    records, out, _ = exempt_case
    clean = audit(out, records, workers=1)
    assert [f for f in clean.findings if f.check == CHECK] == []
    assert any(CHECK in checks for checks in clean.checks.values())

    planted = tmp_path / "out"
    shutil.copytree(out, planted)
    same_name = PurePosixPath(ILSS[0], "appendix-a-suppliers.pdf")
    renamed = PurePosixPath(ILSS[0], "suppliers.pdf")
    for rel in (same_name, renamed):
        shutil.copy(public_edition, planted / rel)
    report = audit(planted, records, workers=1)
    assert not report.ok
    found = {
        str(rel): [f.message for f in report.findings if f.path == str(rel) and f.check == CHECK]
        for rel in (same_name, renamed)
    }
    assert any(
        "belongs only in ilss-cabinet-2025-07-22/exempt/" in m for m in found[str(same_name)]
    )
    assert any(
        "a supplier appointed in Appendix A: Suppliers appointed to each Lot, which "
        "ilss-cabinet-2025-07-22 calls exempt (by virtue of paragraph 3 of Part 1" in m
        for m in found[str(renamed)]
    )


def test_the_same_public_appendix_passes_where_the_decision_calls_it_open(
    public_edition: Path, tmp_path: Path
) -> None:
    records = pipeline.validate([RECORDS])
    shutil.copy(public_edition, tmp_path / "x.pdf")
    (tmp_path / ILSS[0]).mkdir()
    shutil.copy(public_edition, tmp_path / ILSS[0] / "appendix-a-suppliers.pdf")
    report = audit(tmp_path, records, workers=1)
    assert [f for f in report.findings if f.check == CHECK] == []


# ---- the marking knows the nation ----------------------------------------------------------------


def test_the_marking_has_no_default_nation() -> None:
    assert inspect.signature(exemption_text).parameters["nation"].default is inspect.Parameter.empty
    england = exemption_text([3], "england")
    assert england == "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    wales = exemption_text([14], "wales")
    assert wales == (
        "paragraphs 14 and 21 of Parts 4 and 5 of Schedule 12A to the Local Government Act 1972"
    )
    assert exemption_text([16], "wales").startswith("paragraph 16 of Part 4 of Schedule 12A")
    assert exemption_text([5, 3], "england").startswith("paragraphs 3 and 5 of Part 1")


def test_the_welsh_example_cites_part_4_in_every_document(tmp_path: Path) -> None:
    pipeline.build_papers([RECORDS], tmp_path)
    folder = tmp_path / WALES
    documents = {
        "the exempt appendix": folder / "exempt" / "appendix-b-scores.pdf",
        "its notice": folder / "appendix-b-notice.pdf",
        "the paper": folder / "decision-report.pdf",
        "the decision notice": folder / "decision-notice.pdf",
    }
    cited = "paragraphs 14 and 21 of Parts 4 and 5 of Schedule 12A"
    for what, path in documents.items():
        text = " ".join(pdf_pages(path))
        assert cited in text, what
        assert "Part 1 of Schedule 12A" not in text, what
    marked = pdf_pages(documents["the exempt appendix"])
    assert all(f"NOT FOR PUBLICATION by virtue of {cited}" in page for page in marked)


# ---- R46: the record's public text does not name whom an exempt appendix withholds --------------


def test_r46_refuses_public_text_naming_a_withheld_supplier(tmp_path: Path) -> None:
    shutil.copytree(RECORDS, tmp_path / "records")
    mark_suppliers_exempt(tmp_path / "records")
    records = pipeline.validate([tmp_path / "records"])
    assert [p for p in run_rules(records).errors if "[R46]" in str(p)] == []
    path = tmp_path / "records" / "ilss-2025" / "decision.yaml"
    text = path.read_text(encoding="utf-8")
    cited = "detailed in {appendix:suppliers}"
    path.write_text(text.replace(cited, cited + ", among them Albany Homecare Ltd"), "utf-8")
    records = pipeline.validate([tmp_path / "records"])
    found = [p for p in run_rules(records).errors if "[R46]" in str(p)]
    assert len(found) == 1
    assert "names Albany Homecare Ltd, whom the exempt appendix of suppliers" in str(found[0])
    assert "ilss-2025/decision.yaml:" in str(found[0])
