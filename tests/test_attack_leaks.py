"""Leaks written to get past the checks: a name in capitals, with a soft hyphen or a zero-width
character inside, a whole-number score, a name hidden in a longer name; and names that do not
show what they are (a right-to-left override that made a letter show a losing bidder as the
winner). The audit and the build-time leak check read as a person reads
(docgen.readback.reading), and validation refuses invisible characters in names."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from docgen import pipeline
from docgen.audit.read import Opened
from docgen.audit.report import audit
from docgen.audit.values import Secret, word_pattern
from docgen.cli import main
from docgen.documents import letter_wording
from docgen.errors import CheckError, RecordError
from docgen.letters import leaks
from docgen.models.common import OptionalText, Prose, Text
from docgen.readback.reading import NameIndex, normalise, numbers_after, scored_numbers

CARERS = [RECORDS / "carers-support-2026", RECORDS / "councils"]
DECISION = "carers-support-2026-award"
LOSER = "Valleys Carers Trust"  # unsuccessful, appointed to no Lot: its name is secret in public
LOSER_TOTAL = "83"  # its total score (38 + 8 + 7 + 30): a whole number
PLANTS = {
    "capitals": "VALLEYS CARERS TRUST came second.",
    "whole score": "The second tender scored 83 out of 100.",
    "soft hyphen": "Valleys Car\u00aders Trust came second.",
}
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f"]
INVISIBLE += ["\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]


def plant(docx: bytes, text: str) -> bytes:
    """The .docx with a paragraph reading `text` at the start of its body."""
    paragraph = f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as old, zipfile.ZipFile(buffer, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + paragraph.encode(), 1)
            new.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def word_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A public Word-only build of the carers contract: papers and letters."""
    out = tmp_path_factory.mktemp("word-only")
    result = CliRunner().invoke(
        main, ["build", *map(str, CARERS), "--out", str(out), "--format", "docx"]
    )
    assert result.exit_code == 0, result.output
    pipeline.build_letters(CARERS, out, formats=["docx"])
    assert not list(out.rglob("*.pdf"))
    return out


def run_audit(out: Path) -> tuple[int, str]:
    args = ["audit", str(out), *(a for p in CARERS for a in ("--records", str(p)))]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


# ---- the audit of a public Word-only build ------------------------------------------------------


def test_the_word_only_build_passes_the_audit(word_build: Path) -> None:
    code, output = run_audit(word_build)
    assert code == 0, output
    assert "audit OK" in output


@pytest.mark.parametrize("attack", list(PLANTS))
def test_a_planted_leak_in_a_public_word_file_is_caught(
    word_build: Path, tmp_path: Path, attack: str
) -> None:
    out = tmp_path / "out"
    shutil.copytree(word_build, out)
    paper = out / DECISION / "decision-report.docx"
    paper.write_bytes(plant(paper.read_bytes(), PLANTS[attack]))
    code, output = run_audit(out)
    assert code == 1, output
    findings = [line for line in output.splitlines() if line.startswith(DECISION)]
    assert len(findings) == 1, output
    assert findings[0].startswith(f"{DECISION}/decision-report.docx: ")
    if attack == "whole score":
        assert f"exempt-values: score {LOSER_TOTAL} ({LOSER}, Carers Support Service)" in output
    else:
        assert f"bidder-names: the name of {LOSER}, appointed to no Lot" in output


@pytest.mark.parametrize("attack", list(PLANTS))
def test_a_planted_leak_in_an_html_page_is_caught(
    word_build: Path, tmp_path: Path, attack: str
) -> None:
    page = f'<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><p>{PLANTS[attack]}</p></body></html>'
    (tmp_path / DECISION).mkdir()
    (tmp_path / DECISION / "page.html").write_text(page, encoding="utf-8")
    report = audit(tmp_path, pipeline.validate(CARERS), workers=1)
    check = "exempt-values" if attack == "whole score" else "bidder-names"
    assert [f.check for f in report.findings] == [check]


def test_paragraph_numbers_dates_money_and_counts_are_no_scores(tmp_path: Path) -> None:
    text = (
        "See paragraph 83 and section 38; 8 bids from 7 suppliers; £83 a week; 30 June 2026; "
        "Unit 38, 83 High Street; 83 years; table 7. Cwmni Gofalwyr Glan-yr-Afon Cyf, 42 High "
        "Street; Cwmni Gofalwyr Glan-yr-Afon Cyf 10 Heol Fawr"
    )
    page = f'<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><p>{text}</p></body></html>'
    (tmp_path / DECISION).mkdir()
    (tmp_path / DECISION / "page.html").write_text(page, encoding="utf-8")
    assert audit(tmp_path, pipeline.validate(CARERS), workers=1).ok


# ---- the build-time leak check of letters -------------------------------------------------------


@pytest.mark.parametrize("attack", list(PLANTS))
def test_a_planted_leak_in_a_letter_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str
) -> None:
    original = letter_wording.Wording.closing

    def leaky(self: letter_wording.Wording, outcome: str, other_lots: int) -> list[str]:
        lines = original(self, outcome, other_lots)  # type: ignore[arg-type]
        if self.scored.bidder.id == "carers-together":
            lines.append(PLANTS[attack])
        return lines

    monkeypatch.setattr(letter_wording.Wording, "closing", leaky)
    with pytest.raises(CheckError) as caught:
        pipeline.build_letters(CARERS, tmp_path, formats=["docx"])
    message = str(caught.value)
    expected = (
        f"the score {LOSER_TOTAL}"
        if attack == "whole score"
        else f"the name of {LOSER!r} (valleys-carers)"
    )
    assert f"(docx) contains {expected}" in message
    assert "Carers Together & Co (Wales) Ltd" in message  # whose letter


# ---- one reading for both checks ----------------------------------------------------------------


def both_find(text: str, name: str, allowed: dict[str, str]) -> tuple[bool, bool]:
    """Whether the letters' leak check and the audit each find `name` in `text`, when the names
    in `allowed` may be given."""
    names = {"secret": name, **allowed}
    secrets = leaks.Secrets(allowed=frozenset(allowed), scores=frozenset())
    letter = leaks.leaks(text, secrets, leaks.NameIndex(names)) != []
    index = NameIndex({normalise(n): n for n in names.values()})
    opened = Opened("docx", names=index)
    opened.add("the text", text)
    secret = Secret("name", normalise(name), word_pattern(name), "a", "secret", "", name)
    return letter, opened.holds(secret, frozenset({secret.value}))


def test_a_name_inside_a_longer_permitted_name_is_not_reported_by_either_check() -> None:
    allowed = {"abbey": "Abbey Care Ltd"}
    assert both_find("We appoint ABBEY CARE\nLTD.", "Care Ltd", allowed) == (False, False)
    assert both_find("Abbey Care Ltd; Care Ltd was second.", "Care Ltd", allowed) == (True, True)
    assert both_find("Abbey Care Ltd", "Abbey Care Ltd", {"c": "Care Ltd"}) == (True, True)


def disguise(name: str, data: st.DataObject) -> str:
    """The name with its case changed, invisible characters put inside, and its spaces made
    other white space or line breaks, as a reader would still read it."""
    out = []
    for character in name:
        if character == " ":
            out.append(data.draw(st.sampled_from([" ", "\n", "  ", "\t", "\u00a0", " \n "])))
            continue
        upper = data.draw(st.booleans())
        out.append(character.upper() if upper else character.lower())
        out.append(data.draw(st.sampled_from(["", "", *INVISIBLE])))
    return "".join(out)


NAMES = [
    "Valleys Carers Trust",
    "Carers Together & Co (Wales) Ltd",
    "Cwmni Gofalwyr Glan-yr-Afon Cyf",
]


@settings(max_examples=200)
@given(st.sampled_from(NAMES), st.data())
def test_a_disguised_name_is_still_found_by_both_checks(name: str, data: st.DataObject) -> None:
    text = f"In the end {disguise(name, data)} came second."
    assert both_find(text, name, {}) == (True, True), repr(text)


def test_a_word_broken_at_a_line_end_reads_whole() -> None:
    assert normalise("Valleys Car-\nersTrust") == "valleys carerstrust"
    assert normalise("Glan-\nyr-Afon") == normalise("Glan-yr-Afon")
    assert normalise("1 -\n 2") == "1 - 2"  # numbers are never joined


def test_every_invisible_format_character_is_read_as_nothing() -> None:
    import sys
    import unicodedata

    invisible = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert normalise("a" + "".join(invisible) + "b") == "ab"


def test_whole_number_scores_are_read_in_context_only() -> None:
    text = normalise(
        "It scored 83. A score of 7. 38 out of 100; 8 points. Paragraph 83, 22/07/2025, 30 June, "
        "£83, 8 bids, Unit 7, out of 100 marks."
    )
    assert scored_numbers(text) == {"83", "7", "38", "8"}
    row = normalise("Valleys Carers Trust 38 8 7 30 83 Carers Together")
    address = normalise("Valleys Carers Trust 04455667 12 Heol y Castell, 83 High Street")
    assert numbers_after(row, [(0, 20)]) == {"38", "8", "7", "30", "83"}
    assert numbers_after(address, [(0, 20)]) == frozenset()


def test_reading_is_fast_and_linear() -> None:
    page = "Valleys Car\u00aders Trust scored 83 out of 100 in paragraph 5.4 on 1 June. " * 20_000
    start = time.perf_counter()
    flat = normalise(page)
    scored_numbers(flat)
    leaks.NameIndex({"v": LOSER}).find(flat)
    assert time.perf_counter() - start < 5  # 1.4 MB


# ---- names that show what they are ---------------------------------------------------------------


def test_a_bidder_name_with_a_right_to_left_override_is_refused_where_it_is(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "records"
    shutil.copytree(RECORDS / "carers-support-2026", folder / "carers-support-2026")
    shutil.copytree(RECORDS / "councils", folder / "councils")
    award = folder / "carers-support-2026" / "award.yaml"
    text = award.read_text(encoding="utf-8")
    line = text.splitlines().index(f"    name: {LOSER}") + 1
    award.write_text(text.replace(LOSER, "Valleys \u202eTsurt Srerac", 1), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        pipeline.validate([folder])
    message = str(caught.value)
    assert f"award.yaml:{line}:" in message
    assert (
        "bidders[1].name: contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE" in message
    )


@pytest.mark.parametrize("character", INVISIBLE)
def test_no_invisible_character_in_a_name(character: str) -> None:
    with pytest.raises(ValidationError, match=f"U\\+{ord(character):04X}"):
        TypeAdapter(Text).validate_python(f"Valleys{character}Carers")


@pytest.mark.parametrize(
    "name",
    [
        "می\u200cخواهم",  # Persian: ZWNJ between two Arabic-script letters
        "क्\u200dष",  # Devanagari: ZWJ after a virama
        "Care Ltd",
    ],
)
def test_a_joiner_inside_a_word_of_a_script_that_needs_it_is_allowed(name: str) -> None:
    assert TypeAdapter(Text).validate_python(name) == name


@pytest.mark.parametrize("name", ["Care\u200dLtd", "\u200cمی", "Abbey \u200c Care"])
def test_a_joiner_anywhere_else_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="invisible character"):
        TypeAdapter(Text).validate_python(name)


def test_prose_may_hyphenate_softly_but_never_reorder() -> None:
    prose = "A long word: Gwasanaeth\u00adau Gofalwyr, with a mark\u200f."
    assert TypeAdapter(Prose).validate_python(prose) == prose
    assert TypeAdapter(OptionalText).validate_python("") == ""
    for control in ("\u202e", "\u202b", "\u2067", "\u2068"):
        with pytest.raises(ValidationError, match="invisible character"):
            TypeAdapter(Prose).validate_python(f"The winner is {control}A Ltd")
        with pytest.raises(ValidationError, match="invisible character"):
            TypeAdapter(OptionalText).validate_python(f"Feedback {control}here")
