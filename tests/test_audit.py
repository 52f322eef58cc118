"""The audit of finished outputs: the real example build passes, and every kind of planted leak
(in the text, a header, a comment part, a core property, an embedded file, an attachment) fails."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath

import pypdf
import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.audit.report import CHECKS, AuditReport, audit
from docgen.audit.values import distinctive_number, distinctive_price, number_tokens, sentences
from docgen.build.engine import DEFAULT_TEMPLATES, make_job, render_job
from docgen.build.papers import bundle_for
from docgen.derive.units import units
from docgen.documents import appendix_notice
from docgen.records.loading import Records, load_records

DECISION = "ilss-cabinet-2025-07-22"
LEAKED_TOTAL = "80.27"  # Albany Homecare Ltd's total in Lot 1 (Appendix B)
LEAKED_PRICE = "£26.37"  # Albany Homecare Ltd's price bid in Lot 1
CONTACT_EMAIL = "tenders@abbeyfield.example.com"
FEEDBACK = (
    "Your service model was clear, but gave less detail than the successful tender on outreach "
    "outside the town centres."
)


@pytest.fixture(scope="module")
def records() -> Records:
    return pipeline.validate([RECORDS])


@pytest.fixture(scope="module")
def full_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Papers, appendices (public and exempt) and every letter, built once."""
    out = tmp_path_factory.mktemp("audit-output")
    pipeline.build_papers([RECORDS], out)
    pipeline.build_letters([RECORDS], out, print_file=True)
    return out


def run(out: Path, records: Records) -> AuditReport:
    return audit(out, records, workers=1)


def checks_found(report: AuditReport) -> set[str]:
    return {f.check for f in report.findings}


def notice_document(records: Records, text: str, fmt: str) -> bytes:
    """A real, tagged public notice (Word or PDF) whose notice reads `text`."""
    bundle = bundle_for(records.decisions[DECISION], records)
    context = appendix_notice.build(bundle, "scores").model_copy(update={"notice": text})
    day = records.decisions[DECISION].decision_date
    job = make_job("appendix_notice", PurePosixPath("x"), context, bundle.council.name, day, [fmt])
    return render_job(job, DEFAULT_TEMPLATES)[fmt]


def place(out: Path, rel: str, data: bytes) -> Path:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def rezip(source: Path, changes: dict[str, bytes]) -> bytes:
    """The .docx with some members replaced or added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w") as new:
        for name in old.namelist():
            if name not in changes:
                new.writestr(name, old.read(name))
        for name, blob in changes.items():
            new.writestr(name, blob)
    return buffer.getvalue()


# ---- the real build ---------------------------------------------------------------------------


def test_the_example_build_passes_every_check(full_build: Path, records: Records) -> None:
    report = audit(full_build, records)
    assert report.ok, "\n".join(map(str, report.findings))
    areas = set(report.files.values())
    assert {"public", "exempt", "letter"} <= areas
    ran = {check for names in report.checks.values() for check in names}
    assert ran == set(CHECKS)
    assert report.files[f"{DECISION}/appendix-b-notice.pdf"] == "public"
    assert report.files[f"{DECISION}/exempt/appendix-b-scores.docx"] == "exempt"
    assert "audit OK" in report.summary()
    assert report.to_dict()["ok"] is True


def test_appendix_b_is_only_in_the_exempt_folder(full_build: Path) -> None:
    public = [p for p in full_build.rglob("*scores*") if "exempt" not in p.parts]
    assert public == []
    assert (full_build / DECISION / "exempt" / "appendix-b-scores.pdf").is_file()
    notice = pypdf.PdfReader(full_build / DECISION / "appendix-b-notice.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in notice.pages)
    assert (
        "Appendix B: Evaluation scores for each Lot is not for publication by virtue of "
        "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972" in text
    )
    assert LEAKED_TOTAL not in text


# ---- planted leaks ----------------------------------------------------------------------------


def test_the_exempt_edition_copied_into_the_public_pack_is_caught(
    full_build: Path, records: Records, tmp_path: Path
) -> None:
    for fmt in ("pdf", "docx"):
        source = full_build / DECISION / "exempt" / f"appendix-b-scores.{fmt}"
        place(tmp_path, f"{DECISION}/appendix-b.{fmt}", source.read_bytes())
    report = run(tmp_path, records)
    assert {"exempt-values", "exempt-placement", "bidder-names"} <= checks_found(report)
    messages = "\n".join(map(str, report.findings))
    assert f"score {LEAKED_TOTAL} (Albany Homecare Ltd, Lot 1: Reablement)" in messages
    assert f"appendix-b.docx: exempt-values: price bid {LEAKED_PRICE}" in messages


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_total_or_a_contact_email_in_a_public_document_is_caught(
    records: Records, tmp_path: Path, fmt: str
) -> None:
    text = f"Albany scored {LEAKED_TOTAL}. Write to {CONTACT_EMAIL} for details."
    place(tmp_path, f"{DECISION}/appendix-b-notice.{fmt}", notice_document(records, text, fmt))
    report = run(tmp_path, records)
    assert checks_found(report) == {"exempt-values", "private-contacts"}
    assert any(CONTACT_EMAIL in f.message for f in report.findings)


def test_ordinary_numbers_raise_no_alarm(records: Records, tmp_path: Path) -> None:
    text = "See paragraph 5.4: 8 of 24 bids; rates from £26; £31.8m a year; 1,080.27 hours."
    place(tmp_path, f"{DECISION}/appendix-b-notice.pdf", notice_document(records, text, "pdf"))
    assert run(tmp_path, records).ok


def test_a_sentence_broken_across_lines_is_still_found(records: Records, tmp_path: Path) -> None:
    broken = FEEDBACK.replace(" but ", "\n  but ").replace(" outreach", "\toutreach")
    place(tmp_path, f"{DECISION}/appendix-b-notice.docx", notice_document(records, broken, "docx"))
    report = run(tmp_path, records)
    assert any("feedback 'Your service model was clear" in f.message for f in report.findings)


def test_leaks_in_a_header_a_comment_part_and_an_embedded_file_are_caught(
    full_build: Path, records: Records, tmp_path: Path
) -> None:
    paper = full_build / DECISION / "cabinet-paper.docx"
    with zipfile.ZipFile(paper) as z:
        header = z.read("word/header1.xml").decode()
    header = header.replace("</w:hdr>", f"<w:p><w:r><w:t>{LEAKED_PRICE}</w:t></w:r></w:p></w:hdr>")
    comments = (
        '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:comment w:id="0" w:author="Femi Evans"><w:p><w:r><w:t>check</w:t></w:r></w:p>'
        "</w:comment></w:comments>"
    )
    reason = records.awards["carers-support-2026"].bids[3].exclusion_reason or ""
    changes = {
        "word/header1.xml": header.encode(),
        "word/comments.xml": comments.encode(),
        "word/embeddings/notes.bin": reason.encode(),
    }
    place(tmp_path, f"{DECISION}/cabinet-paper.docx", rezip(paper, changes))
    messages = "\n".join(map(str, run(tmp_path, records).findings))
    assert f"price bid {LEAKED_PRICE}" in messages and "word/header1.xml" in messages
    assert "contact name Femi Evans" in messages and "word/comments.xml" in messages
    assert "the author of a comment in word/comments.xml is 'Femi Evans'" in messages
    assert "exclusion 'The tender did not include a safeguarding policy" in messages
    assert "word/embeddings/notes.bin" in messages


def test_a_machine_path_or_a_person_in_the_core_properties_is_caught(
    full_build: Path, records: Records, tmp_path: Path
) -> None:
    paper = full_build / DECISION / "cabinet-paper.docx"
    with zipfile.ZipFile(paper) as z:
        core = z.read("docProps/core.xml").decode()
    core = core.replace(
        "<cp:lastModifiedBy>London Borough of Newham</cp:lastModifiedBy>",
        "<cp:lastModifiedBy>jsmith</cp:lastModifiedBy>",
    ).replace("<cp:keywords>", "<cp:keywords>/home/jsmith/drafts/paper.docx ")
    assert "jsmith" in core
    place(
        tmp_path,
        f"{DECISION}/cabinet-paper.docx",
        rezip(paper, {"docProps/core.xml": core.encode()}),
    )
    messages = [f.message for f in run(tmp_path, records).findings]
    assert "last modified by is 'jsmith', not the council's name" in messages
    assert any("a machine path (/home/j" in m and "docProps/core.xml" in m for m in messages)


def test_a_pdf_attachment_is_read(full_build: Path, records: Records, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=full_build / DECISION / "cabinet-paper.pdf")
    writer.add_attachment("notes.json", f'{{"note": "{CONTACT_EMAIL}"}}'.encode())
    buffer = io.BytesIO()
    writer.write(buffer)
    place(tmp_path, f"{DECISION}/cabinet-paper.pdf", buffer.getvalue())
    report = run(tmp_path, records)
    assert [f.check for f in report.findings] == ["private-contacts"]
    assert "the embedded file notes.json" in report.findings[0].message


def test_an_untagged_pdf_without_language_fails(records: Records, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    place(tmp_path, f"{DECISION}/plain.pdf", buffer.getvalue())
    messages = {f.message for f in run(tmp_path, records).findings}
    assert "not tagged (no /StructTreeRoot)" in messages
    assert "has no /Lang" in messages and "has no title" in messages
    pdfua = {m.split(" ")[1] for m in messages if m.startswith("PDF/UA ")}
    assert {"UA-01-005", "UA-01-002", "UA-06-001"} <= pdfua  # pdfua's own reading agrees


def test_an_exempt_edition_must_be_marked_on_every_page(
    full_build: Path, records: Records, tmp_path: Path
) -> None:
    for fmt in ("pdf", "docx"):
        notice = full_build / DECISION / f"appendix-b-notice.{fmt}"
        place(tmp_path, f"{DECISION}/exempt/appendix-b-scores.{fmt}", notice.read_bytes())
    messages = {str(f) for f in run(tmp_path, records).findings}
    assert (
        f"{DECISION}/exempt/appendix-b-scores.pdf: exempt-marking: page 1 is not marked NOT FOR PUBLICATION"
        in messages
    )
    assert any("appendix-b-scores.docx: exempt-marking: header 1" in m for m in messages)


def test_a_letter_speaking_of_another_unsuccessful_bidder_is_caught(
    full_build: Path, records: Records, tmp_path: Path
) -> None:
    letters = full_build / "carers-support-2026" / "letters" / "contract"
    # Valleys Carers Trust's letter, filed as Carers Together's: another bidder's name and feedback.
    for fmt in ("pdf", "docx"):
        letter = (letters / f"valleys-carers.{fmt}").read_bytes()
        place(tmp_path, f"carers-support-2026/letters/contract/carers-together.{fmt}", letter)
        place(tmp_path, f"carers-support-2026/letters/contract/valleys-carers.{fmt}", letter)
    report = run(tmp_path, records)
    assert checks_found(report) == {"letter-leaks"}
    wrong = "carers-support-2026/letters/contract/carers-together"
    found = {(f.path, f.message) for f in report.findings}
    for fmt in ("pdf", "docx"):
        mine = [m for path, m in found if path == f"{wrong}.{fmt}"]
        assert any(
            m.startswith("the name of Valleys Carers Trust, appointed to no Lot") for m in mine
        )
        assert any(m.startswith("feedback 'Your service model was clear") for m in mine)
        assert any(m.startswith("contact email bids@valleyscarers.example.org") for m in mine)
    assert all(wrong in path for path, _ in found)  # Valleys' own letter may say all that


def test_an_unreadable_file_is_a_finding_not_a_crash(records: Records, tmp_path: Path) -> None:
    place(tmp_path, "x/broken.pdf", b"%PDF-1.7 not really")
    place(tmp_path, "x/broken.docx", b"PK not a zip")
    place(tmp_path, "x/broken.html", b"\xff\xfe not utf-8")
    report = run(tmp_path, records)
    assert [f.check for f in report.findings] == ["readable"] * 3


def test_an_html_comment_is_read(records: Records, tmp_path: Path) -> None:
    page = f'<!DOCTYPE html><html lang="en-GB"><head><title>T</title></head><body><p>Hello</p><!-- {CONTACT_EMAIL} --></body></html>'
    place(tmp_path, f"{DECISION}/page.html", page.encode())
    report = run(tmp_path, records)
    assert [f.check for f in report.findings] == ["private-contacts"]
    assert "the page's comments" in report.findings[0].message


# ---- what counts as distinctive -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "distinctive"),
    [
        ("8", False),
        ("24", False),
        ("5.4", False),
        ("11.5", False),
        ("38.5", True),
        ("34.27", True),
        ("9.25", True),
    ],
)
def test_only_distinctive_scores_are_searched(text: str, distinctive: bool) -> None:
    assert distinctive_number(text) is distinctive


def test_prices_numbers_and_sentences() -> None:
    from decimal import Decimal

    assert distinctive_price(Decimal("26.37")) and distinctive_price(Decimal("218000"))
    assert not distinctive_price(Decimal("26")) and not distinctive_price(None)
    assert number_tokens("£31.8m, 1,080.27 and 80.27.") == {"£31.8", "1,080.27", "80.27"}
    # a column of scores or prices may print 37.2 as 37.20 and £26 as £26.00: the same values
    assert number_tokens("37.20 and £26.00") == {"37.20", "37.2", "£26.00", "£26"}
    assert sentences("Good. Very clear, well costed and on time for all areas.") == [
        "Very clear, well costed and on time for all areas."
    ]
    assert sentences("Too short.") == ["Too short."]


# ---- false alarms: values that may be there -------------------------------------------------------

CARERS_DECISION = "carers-support-2026-award"


@pytest.fixture
def two_procurements(tmp_path: Path) -> Path:
    """The example records and a second award in which the supplier that the carers' contract
    appoints (Cwmni Gofalwyr) was unsuccessful and Valleys Carers Trust appointed instead."""
    copy = tmp_path / "records"
    shutil.copytree(RECORDS, copy)
    text = (copy / "carers-support-2026" / "award.yaml").read_text(encoding="utf-8")
    second = (
        text.replace("id: carers-support-2026", "id: carers-support-2027")
        .replace("outcome: appointed", "outcome: WAS-APPOINTED")
        .replace(
            "outcome: unsuccessful\n    feedback: Your service model was clear",
            "outcome: appointed\n    feedback: Your service model was clear",
        )
        .replace("outcome: WAS-APPOINTED", "outcome: unsuccessful")
        .replace("Your service model was fully bilingual", "This service model was fully bilingual")
    )
    (copy / "second").mkdir()
    (copy / "second" / "award.yaml").write_text(second, encoding="utf-8")
    return copy


def test_a_supplier_appointed_here_and_unsuccessful_elsewhere_is_no_leak(
    full_build: Path, two_procurements: Path, tmp_path: Path
) -> None:
    records = load_records([two_procurements])
    second = units(records.awards["carers-support-2027"])[0]
    assert [s.bidder.id for s in second.appointed] == ["valleys-carers"]
    out = tmp_path / "out"
    shutil.copytree(full_build / "carers-support-2026", out / "carers-support-2026")
    shutil.copytree(full_build / CARERS_DECISION, out / CARERS_DECISION)
    paper = " ".join(
        p.extract_text()
        for p in pypdf.PdfReader(out / CARERS_DECISION / "appendix-a-suppliers.pdf").pages
    )
    assert "Cwmni Gofalwyr Glan-yr-Afon Cyf" in " ".join(paper.split())
    report = run(out, records)
    assert report.ok, "\n".join(map(str, report.findings))
    # beside it, the second award's own secrets planted in this decision's notice are caught
    feedback = records.awards["carers-support-2027"].bids[0].feedback
    planted = notice_document(
        records, f"{feedback} Write to bids@valleyscarers.example.org.", "pdf"
    )
    place(out, f"{CARERS_DECISION}/appendix-b-notice.pdf", planted)
    messages = [f.message for f in run(out, records).findings]
    assert any(
        m.startswith("feedback 'This service model was fully bilingual")
        and "feedback on a tender is written to its bidder alone" in m
        and "(award carers-support-2027, " in m
        and m.endswith("second/award.yaml)")
        for m in messages
    ), messages


def test_a_single_contracts_value_equal_to_the_winning_price_is_no_leak(tmp_path: Path) -> None:
    copy = tmp_path / "records"
    shutil.copytree(RECORDS, copy)
    award = copy / "carers-support-2026" / "award.yaml"
    text = award.read_text(encoding="utf-8")
    assert "price_bid: 218000\n" in text  # the winning price (Cwmni Gofalwyr's)
    text = re.sub(r"annual_value: \d+", "annual_value: 218000", text)
    award.write_text(re.sub(r"total_value: \d+", "total_value: 872000", text), encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build_papers([copy], out)
    pipeline.build_letters([copy], out)
    records = pipeline.validate([copy])
    paper = pypdf.PdfReader(out / CARERS_DECISION / "decision-report.pdf")
    assert "£218,000" in " ".join(p.extract_text() for p in paper.pages)
    report = run(out, records)
    assert report.ok, "\n".join(map(str, report.findings))
    # another bidder's price is still a secret: planted beside, it is caught, saying why
    place(
        out,
        f"{CARERS_DECISION}/appendix-b-notice.pdf",
        notice_document(records, "£199,850 a year.", "pdf"),
    )
    (finding,) = run(out, records).findings
    assert finding.message.startswith("price bid £199,850 (Valleys Carers Trust")
    assert "price bids are exempt information (Schedule 12A paragraph 3" in finding.message
