"""One letters run renders the award letters and the letters not to award together: the few
letters not to award go to the award letters' render workers (issue 18: the main process then
renders nothing and loads no renderer for them), each still checked by its own check."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from conftest import RECORDS
from pypdf import PdfReader
from test_verify_word import p, word_file

from docgen import pipeline
from docgen.build import engine
from docgen.letters import batch, not_awarded
from docgen.letters.plan import plan_letters

TOLD = PurePosixPath("community-transport-2026/letters/contract/valley-minibus")


def test_the_letters_not_to_award_are_rendered_by_the_award_letters_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every letter of the examples (more than enough for workers) with this process unable to
    render: the letters not to award are made all the same, checked, and in the report."""

    def refuse(*args: object) -> object:
        raise AssertionError("rendered in the main process")

    monkeypatch.setattr(engine, "render_and_check", refuse)  # the workers have their own
    records = pipeline.validate([RECORDS])
    report = batch.build_letters(records, tmp_path, workers=2)
    assert report.outcomes["not awarded"] == len(not_awarded.plan(records)) == 2
    assert report.letters == sum(len(p.letters) for p in plan_letters(records)) + 2
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / f"{TOLD}.pdf").pages)
    assert "the Council has decided not to award the contract" in text
    assert "Teithio" not in text  # the other tenderer
    manifest = tmp_path / TOLD.parent.parent / "manifest.csv"
    assert "valley-minibus" in manifest.read_text(encoding="utf-8")


def test_each_letter_gets_its_own_kind_of_check() -> None:
    records = pipeline.validate([RECORDS])
    plans = plan_letters(records)
    award_letter = plans[0].letters[0]
    told_job = next(j for j in not_awarded.plan(records) if j.stem == TOLD)
    checks = batch.LetterChecks(batch._leak_check(plans), not_awarded.others_named(records))
    other = "Teithio Cymunedol Glan-yr-Afon Cyf"
    assert checks(told_job, {"docx": _one_paragraph("Dear Valley Minibus, no contract.")}) == []
    # the letter not to award is read for the other tenderer's name, not by the leak check
    text_with_other = _one_paragraph(f"Dear Valley Minibus, unlike {other}.")
    found = checks(told_job, {"docx": text_with_other})
    assert found == [f"{TOLD}.docx: names another tenderer, {other}"]
    # an award letter is read by the leak check: another bidder's name in it is found
    secret = next(
        name for key, name in plans[0].names.items() if key not in award_letter.secrets.allowed
    )
    leaked = checks(award_letter.job, {"docx": _one_paragraph(f"Dear bidder, see {secret}.")})
    assert len(leaked) == 1 and secret in leaked[0]


def _one_paragraph(text: str) -> bytes:
    return word_file(p(text))
