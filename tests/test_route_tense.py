"""A paper speaks from its decision date: a notice published after it "will be published", one
published on or before it "was published" (the three route examples all decide before their
notices go out, so their papers and decision notices must say so, in Word and in PDF)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from test_route_documents import texts

from docgen.cli import main
from docgen.documents.route_text import published

DAY = dt.date(2026, 1, 15)


def test_published_says_was_or_will_be_from_the_day_it_speaks() -> None:
    assert published(DAY, dt.date(2026, 1, 14)) == "will be published on 15 January 2026"
    assert published(DAY, DAY) == "was published on 15 January 2026"
    assert published(DAY, dt.date(2026, 1, 16)) == "was published on 15 January 2026"
    assert published(DAY, None) == "was published on 15 January 2026"


@pytest.mark.parametrize(
    ("decision", "sentence"),
    [
        (  # decided 14 January 2026
            "interim-care-2026-award",
            "A transparency notice (reference NBC-ASC-2026-003-TN) will be published on 15 "
            "January 2026, before the award",
        ),
        (  # decided 17 June 2026
            "day-opportunities-extension",
            "will be published on 3 July 2026 under regulation 72(3)",
        ),
        (  # decided 2 February 2026
            "community-transport-2026-not-awarded",
            "A procurement termination notice will be published on 4 February 2026",
        ),
    ],
)
def test_a_notice_after_the_decision_is_still_to_come(
    example_build: Path, decision: str, sentence: str
) -> None:
    folder = example_build / decision
    for stem in ("decision-report", "decision-notice"):
        for text in texts(folder, stem):
            assert sentence in text, (stem, text[:300])
            assert "was published on" not in text.split(sentence)[0][-200:]


def test_the_notice_row_says_to_be_published(example_build: Path) -> None:
    for text in texts(example_build / "interim-care-2026-award", "decision-notice"):
        assert "To be published on 15 January 2026" in text
        assert "Published 15 January 2026" not in text


# ---- a route award's OCDS id is made as a scored award's is ----


@pytest.mark.parametrize("prefix", ["bad", "ocds-", "OCDS-A1B2C3 "])
def test_a_route_awards_ocid_prefix_is_checked(prefix: str, tmp_path: Path) -> None:
    award = RECORDS / "interim-care-2026" / "award.yaml"
    out = tmp_path / "ocds.json"
    result = CliRunner().invoke(
        main, ["ocds", str(award), "--ocid-prefix", prefix, "--out", str(out)]
    )
    assert result.exit_code == 2 and "--ocid-prefix must look like ocds-a1b2c3" in result.output
    assert not out.exists()


def test_a_good_prefix_makes_the_ocid(tmp_path: Path) -> None:
    award = RECORDS / "interim-care-2026" / "award.yaml"
    out = tmp_path / "ocds.json"
    result = CliRunner().invoke(
        main, ["ocds", str(award), "--ocid-prefix", "ocds-a1b2c3", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    release = json.loads(out.read_text(encoding="utf-8"))["releases"][0]
    assert release["ocid"].startswith("ocds-a1b2c3-")
