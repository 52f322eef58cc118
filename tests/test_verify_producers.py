"""`docgen verify` on the PDFs a clerk makes: the LibreOffice pairs of tests/fixtures/pdf-pairs
(docgen's Word files of the example decision, edited as a clerk edits in Word, exported by
LibreOffice; each folder's expected.json says what its edit was).

Every original passes with nothing to check. Each revised gives what its edit means for the
record, written by hand from the edit: a sum changed in one paragraph and a supplier added to a
Lot are findings; a row moved, and a date in paragraphs the record never wrote, are for a person
to check; header, footer, wording, moves, renumbering and layout are not verify's business (they
are `docgen compare`'s) and give nothing.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from conftest import FIXTURES, RECORDS

from docgen import pipeline
from docgen.compare.verify import verify_paper
from docgen.records.loading import Records

PAIRS = FIXTURES / "pdf-pairs"
DECISION = "ilss-cabinet-2025-07-22"
GREENWAY = "Greenway Care Services Ltd is in this table, but the record does not put it there"
NOTHING: dict[str, list[str]] = {"findings": [], "checks": []}
REVISED: dict[str, dict[str, list[str]]] = {
    "one-figure": {
        "findings": ["p.3 ¶6.1: £245.4m, but the record says £254.4m (award.total_value)"],
        "checks": [],
    },
    "table-row-added": {
        "findings": [f'p.3 table "Lot 4: Domestic Support": {GREENWAY}'],
        "checks": [],
    },
    "paper-appendix-row-added": {
        "findings": [f'p.7 table "Lot 4: Domestic Support": {GREENWAY}'],
        "checks": [],
    },
    "table-row-moved": {
        "findings": [],
        "checks": [
            'p.1 table "Summary", row "Lot 4": Domestic Support: its row is in the table, but '
            "not where the record puts it (check the order)"
        ],
    },
    "libreoffice-43-pages": {  # the paper padded to 43 pages: ¶59.2 is not docgen's
        "findings": [],
        "checks": [
            "p.17 ¶59.2: 19 December 2024: the record does not state this date anywhere; check it"
        ],
    },
    "header-final-revised": NOTHING,
    "footer-date": NOTHING,
    "exempt-footer-removed": NOTHING,
    "footer-wraps-reflow": NOTHING,
    "final-revised-with-edit": NOTHING,  # "are due to end" → "ended": wording, no fact
    "section-inserted": NOTHING,
    "paragraph-moved": NOTHING,
    "paragraph-moved-near-twin": NOTHING,
    "paragraph-renumbered-only": NOTHING,
    "table-repeated-header": NOTHING,
    "appendix-docgen-vs-libreoffice": NOTHING,
    "appendix-page-added": NOTHING,
    "paper-appendix-page-added": NOTHING,
}


@pytest.fixture(scope="module")
def records() -> Records:
    return pipeline.validate([RECORDS])


def outcome(path: Path, records: Records) -> dict[str, list[str]]:
    report = verify_paper(path, records, DECISION)
    return {
        "findings": [str(f) for f in report.findings],
        "checks": [str(c) for c in report.checks],
    }


def test_every_pair_of_the_example_decision_is_covered() -> None:
    """The other pairs are other councils' papers, with no record here."""
    titles = {
        p.parent.name: pypdf.PdfReader(p).metadata.title for p in PAIRS.glob("*/original.pdf")
    }
    made_from_it = {n for n, t in titles.items() if t and t.startswith("Independent Living")}
    assert made_from_it == set(REVISED)


@pytest.mark.parametrize("name", sorted(REVISED))
def test_a_clerks_untouched_pdf_passes(name: str, records: Records) -> None:
    assert outcome(PAIRS / name / "original.pdf", records) == NOTHING


@pytest.mark.parametrize("name", sorted(REVISED))
def test_a_clerks_edit_gives_what_it_means_for_the_record(name: str, records: Records) -> None:
    assert outcome(PAIRS / name / "revised.pdf", records) == REVISED[name]
