"""Award letters built from the real example records and read back from the .docx and PDF files."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner
from conftest import RECORDS
from ruamel.yaml import YAML

from docgen import pipeline
from docgen.cli import main
from docgen.derive.formatting import score
from docgen.derive.timing import act_standstill, pcr_standstill
from docgen.derive.units import units
from docgen.documents import letter_wording
from docgen.errors import CheckError, UsageError
from docgen.letters import batch as letters
from docgen.letters import leaks
from docgen.letters.plan import plan_letters
from docgen.models import Award
from docgen.readback.pdf import read_pdf as read_back
from docgen.readback.rawpdf import Unsupported
from docgen.readback.typst import read_typst
from docgen.readback.word import read_docx as read_back_docx
from docgen.records.loading import Records

ILSS = Path("ilss-2025") / "letters"
CARERS = Path("carers-support-2026") / "letters"
OBRIEN = "O'Brien & Daughters <Care> Ltd t/a Cwmni Gofal Ŵyn"
FORMATS = ("pdf", "docx")
PACK = [RECORDS / n for n in ("councils", "ilss-2025", "ilss-2025-revised", "carers-support-2026")]
"""The examples whose letters these tests count; later examples are tested on their own."""


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_pdf(path: Path) -> str:
    """The page text as pypdf extracts it (independent of docgen's own reader)."""
    return flat("\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


def read_docx(path: Path) -> str:
    """Paragraphs, then table cells, as python-docx reads them."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return flat("\n".join(parts))


def read(path: Path) -> str:
    return read_pdf(path) if path.suffix == ".pdf" else read_docx(path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, letters.LettersReport]:
    out = tmp_path_factory.mktemp("letters")
    return out, pipeline.build_letters(PACK, out, print_file=True)


@pytest.fixture(scope="module")
def records() -> Records:
    return pipeline.validate(PACK)


def letter(out: Path, folder: Path, lot: str, bidder: str, fmt: str) -> Path:
    return out / folder / lot / f"{bidder}.{fmt}"


# ---- completeness and the manifest ----


def test_one_letter_per_bid_and_the_manifest_says_so(
    built: tuple[Path, letters.LettersReport], records: Records
) -> None:
    out, report = built
    assert report.letters == 83 and report.complete
    for award in records.awards.values():
        folder = out / award.id / "letters"
        want = Counter(
            (bid.bidder, f"lot-{u.number}" if u.number else "contract")
            for u in units(award)
            for bid in u.bids
        )
        files = Counter((p.stem, p.parent.name) for p in folder.glob("*/*.pdf")) + Counter(
            (p.stem, p.parent.name) for p in folder.glob("*/*.docx")
        )
        assert files == Counter({pair: 2 for pair in want})
        rows = list(csv.DictReader(io.StringIO((folder / "manifest.csv").read_text("utf-8"))))
        lots = Counter((r["bidder_id"], r["lot"]) for r in rows)
        assert sorted(lots) == sorted((b, lot.removeprefix("lot-")) for b, lot in want) and set(
            lots.values()
        ) == {1}
        data = json.loads((folder / "manifest.json").read_text("utf-8"))
        assert data["count"] == len(rows) == sum(want.values())
        assert data["order"] == "by bidder name, then Lot number"
        for row in rows:
            assert (folder / row["pdf"]).is_file() and (folder / row["docx"]).is_file()
            digest = pypdf_hash(folder / row["pdf"])
            assert digest == row["pdf_sha256"]


def pypdf_hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_rows_are_in_print_order_with_the_standstill_end(
    built: tuple[Path, letters.LettersReport],
) -> None:
    out, _ = built
    rows = list(csv.DictReader(io.StringIO((out / ILSS / "manifest.csv").read_text("utf-8"))))
    keys = [(r["bidder_name"].casefold(), int(r["lot"])) for r in rows]
    assert keys == sorted(keys)
    assert {r["standstill_end"] for r in rows} == {"2025-08-04"}
    assert {r["outcome"] for r in rows} == {"appointed", "unsuccessful", "excluded"}


def test_completeness_check_fails_on_a_missing_letter(
    built: tuple[Path, letters.LettersReport], records: Records
) -> None:
    from docgen.letters import manifest

    out, _ = built
    award = records.awards["carers-support-2026"]
    rows = list(csv.DictReader(io.StringIO((out / CARERS / "manifest.csv").read_text("utf-8"))))
    kept = [manifest.Row(**r) for r in rows if r["bidder_id"] != "valleys-carers"]
    with pytest.raises(CheckError, match="no letter for bidder 'valleys-carers', the contract"):
        manifest.check_complete(award, kept, out / CARERS)
    with pytest.raises(CheckError, match="2 letters for bidder 'brightside'"):
        manifest.check_complete(award, [*kept, kept[0]], out / CARERS)


# ---- what the letters say ----


@pytest.mark.parametrize("fmt", FORMATS)
def test_pcr_unsuccessful_letter(
    built: tuple[Path, letters.LettersReport], fmt: str, records: Records
) -> None:
    out, _ = built
    text = read(letter(out, ILSS, "lot-1", "b08-o-brien-daughters-care-ltd", fmt))
    award = records.awards["ilss-2025"]
    unit = units(award)[0]
    mine = next(s for s in unit.scored if s.bidder.id == "b08-o-brien-daughters-care-ltd")
    assert mine.bid.outcome == "unsuccessful"
    assert OBRIEN in text
    assert (
        "notice of its award decision under regulation 86 of the Public Contracts Regulations 2015"
        in text
    )
    assert "your tender was not successful" in text
    for criterion in award.criteria:
        assert criterion.name in text
    for value in mine.bid.scores.values():
        assert re.search(rf"(?<![\d.]){re.escape(score(value))}(?![\d])", text)
    assert f"was {score(mine.total)} out of 100" in text
    for appointed in unit.appointed:
        assert appointed.bidder.name in text
        assert score(appointed.total) in text
    assert flat(unit.advantages) in text
    standstill = pcr_standstill(award.notification.send_date, True)
    assert standstill.ends_text() == "midnight at the end of Monday 4 August 2025"
    assert "ends at midnight at the end of Monday 4 August 2025" in text
    assert (
        "will not conclude the framework agreement for this Lot before Tuesday 5 August 2025"
        in text
    )
    assert "Priya Raman" in text and "Head of Procurement" in text
    assert "23 July 2025" in text and "ITTN442/Lot 1" in text


def test_score_columns_line_up(built: tuple[Path, letters.LettersReport]) -> None:
    """Each criterion's scores, and the totals, have the same number of decimals wherever a
    letter prints them: 37.20 beside 33.25, not 37.2."""
    out, _ = built
    document = docx.Document(str(letter(out, ILSS, "lot-1", "b43-beckton-healthcare-ltd", "docx")))
    own, appointed = document.tables[-2:]
    columns = [[c.text for c in column.cells[1:]] for column in list(appointed.columns)[1:]]
    mine = [c.text for c in own.columns[3].cells[1:]]  # C1 … C5, then the total
    assert len(mine) == len(columns) and any("." in cell for cell in mine)
    for my_cell, column in zip(mine, columns, strict=True):
        places = {len(cell.partition(".")[2]) for cell in [my_cell, *column]}
        assert len(places) == 1, (my_cell, column)
    pdf = read(letter(out, ILSS, "lot-1", "b43-beckton-healthcare-ltd", "pdf"))
    assert all(cell in pdf for column in [mine, *columns] for cell in column)


@pytest.mark.parametrize("fmt", FORMATS)
def test_successful_letter_is_provisional(
    built: tuple[Path, letters.LettersReport], fmt: str
) -> None:
    out, _ = built
    text = read(letter(out, ILSS, "lot-1", "b04-ashdown-healthcare-ltd", fmt))
    assert (
        "I am pleased to tell you that the Council has decided to appoint Ashdown Healthcare Ltd"
        in text
    )
    assert "subject to the standstill period and to contract" in text
    assert "This letter is not an acceptance of your tender" in text
    assert "do not incur costs" in text
    assert "midnight at the end of Monday 4 August 2025" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_excluded_letter_gives_the_reason_and_no_scores(
    built: tuple[Path, letters.LettersReport], fmt: str, records: Records
) -> None:
    out, _ = built
    text = read(letter(out, ILSS, "lot-2", "b12-community-first-community-care", fmt))
    unit = units(records.awards["ilss-2025"])[1]
    bid = next(s.bid for s in unit.scored if s.bidder.id == "b12-community-first-community-care")
    assert bid.exclusion_reason and flat(bid.exclusion_reason) in text
    assert "your tender was excluded" in text
    assert "Your score" not in text and "out of 100" not in text and "Total" not in text
    assert all(s.bidder.name in text for s in unit.appointed)
    assert "midnight at the end of Monday 4 August 2025" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_act_assessment_summary(
    built: tuple[Path, letters.LettersReport], fmt: str, records: Records
) -> None:
    out, _ = built
    text = read(letter(out, CARERS, "contract", "valleys-carers", fmt))
    award = records.awards["carers-support-2026"]
    assert award.notification.can_published is not None
    ends = act_standstill(award.notification.can_published).ends_text()
    assert ends == "midnight at the end of Tuesday 24 March 2026"  # St Patrick's Day counts
    assert "assessment summary under section 50(3) of the Procurement Act 2023" in text
    assert "regulation 32 of the Procurement (Wales) Regulations 2024" in text  # a Welsh council
    assert "observing a voluntary standstill period" in text and ends in text
    assert "Cwmni Gofalwyr Glan-yr-Afon Cyf" in text and "Company number 09876543" in text
    assert "set out in full in the tender documents" in text
    assert "Explanation of your scores: Your service model was clear" in text
    assert "Carers Together & Co (Wales) Ltd" not in text
    assert "Brightside" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_act_excluded_letter(built: tuple[Path, letters.LettersReport], fmt: str) -> None:
    out, _ = built
    text = read(letter(out, CARERS, "contract", "brightside", fmt))
    assert (
        "did not include a safeguarding policy that meets the Wales Safeguarding Procedures" in text
    )
    assert "Your score" not in text and "Assessment of your tender" not in text
    assert "Cwmni Gofalwyr Glan-yr-Afon Cyf" in text
    assert "Valleys Carers Trust" not in text and "Carers Together" not in text


def test_no_letter_names_a_bidder_it_may_not(
    built: tuple[Path, letters.LettersReport], records: Records
) -> None:
    """Read every letter with pypdf and python-docx: only its addressee and the Lot's winners."""
    out, _ = built
    for award in records.awards.values():
        for unit in units(award):
            winners = {s.bidder.id for s in unit.appointed}
            folder = f"lot-{unit.number}" if unit.number else "contract"
            for me in unit.scored:
                allowed = winners | {me.bidder.id}
                others = [b.name for b in award.bidders if b.id not in allowed]
                for fmt in FORMATS:
                    text = read(out / award.id / "letters" / folder / f"{me.bidder.id}.{fmt}")
                    named = [
                        n
                        for n in others
                        if n in text and not any(n in w for w in _names(award, allowed))
                    ]
                    assert not named, f"{award.id} {folder} {me.bidder.id}.{fmt} names {named}"


def _names(award: Award, ids: set[str]) -> list[str]:
    return [b.name for b in award.bidders if b.id in ids]


def test_supplier_name_is_exact_everywhere(built: tuple[Path, letters.LettersReport]) -> None:
    out, _ = built
    for lot in ("lot-1", "lot-2", "lot-4"):
        for fmt in FORMATS:
            assert OBRIEN in read(letter(out, ILSS, lot, "b08-o-brien-daughters-care-ltd", fmt))
    outline = pypdf.PdfReader(out / ILSS / "all-letters.pdf").outline
    assert OBRIEN in [item["/Title"] for item in outline if not isinstance(item, list)]


# ---- the print file ----


def test_print_file_has_a_bookmark_per_bidder_and_every_page(
    built: tuple[Path, letters.LettersReport], records: Records
) -> None:
    out, _ = built
    award = records.awards["ilss-2025"]
    reader = pypdf.PdfReader(out / ILSS / "all-letters.pdf")
    pages = sum(len(pypdf.PdfReader(p).pages) for p in (out / ILSS).glob("lot-*/*.pdf"))
    blank = "This page is intentionally left blank"  # double-sided: see test_print_file.py
    assert len(reader.pages) == pages + sum(blank in page.extract_text() for page in reader.pages)
    top = [item for item in reader.outline if not isinstance(item, list)]
    children = [item for item in reader.outline if isinstance(item, list)]
    bids = Counter(bid.bidder for u in units(award) for bid in u.bids)
    names = {b.id: b.name for b in award.bidders}
    assert [t["/Title"] for t in top] == sorted((names[b] for b in bids), key=str.casefold)
    assert [len(c) for c in children] == [
        bids[b] for b in sorted(bids, key=lambda b: names[b].casefold())
    ]
    assert children[0][0]["/Title"].startswith("Lot ")
    assert reader.metadata is not None and "/CreationDate" not in reader.metadata


# ---- reproducible and incremental ----


def test_two_builds_give_identical_bytes(
    built: tuple[Path, letters.LettersReport], tmp_path: Path
) -> None:
    out, _ = built
    pipeline.build_letters(PACK, tmp_path, print_file=True)
    for name in ("ilss-2025", "carers-support-2026"):
        first = sorted((out / name).rglob("*.*"))
        second = sorted((tmp_path / name).rglob("*.*"))
        assert [p.relative_to(out) for p in first] == [p.relative_to(tmp_path) for p in second]
        for a, b in zip(first, second, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name


def test_a_second_build_skips_everything(tmp_path: Path) -> None:
    paths = [RECORDS / "carers-support-2026", RECORDS / "councils"]
    pipeline.build_letters(paths, tmp_path, print_file=True)
    again = pipeline.build_letters(paths, tmp_path, print_file=True)
    assert again.build.written == [] and len(again.build.skipped) == 8
    assert again.checked == 0
    assert [written for _, _, written in again.print_files] == [False]


def test_a_letter_the_record_no_longer_makes_is_removed(tmp_path: Path) -> None:
    paths = [RECORDS / "carers-support-2026", RECORDS / "councils"]
    pipeline.build_letters(paths, tmp_path)
    stale = tmp_path / CARERS / "contract" / "old-bidder.pdf"
    stale.write_bytes(b"%PDF-1.7 an old letter")
    report = pipeline.build_letters(paths, tmp_path)
    assert report.removed == [stale] and not stale.exists()


def test_a_print_file_combined_from_disk_is_the_one_streamed(tmp_path: Path) -> None:
    """The print file is fed letter by letter as a build renders them; with nothing rendered
    (the file deleted) it is combined from the letters on disk, and with one letter rendered
    the letters before it are read from disk. All three give the same bytes."""
    first = pipeline.build_letters(PACK, tmp_path, print_file=True)
    print_file = tmp_path / ILSS / "all-letters.pdf"
    streamed = print_file.read_bytes()
    assert [written for _, _, written in first.print_files] == [True, True]
    print_file.unlink()
    again = pipeline.build_letters(PACK, tmp_path, print_file=True)
    assert again.build.written == [] and print_file.read_bytes() == streamed
    last = sorted((tmp_path / ILSS).glob("lot-*/*.pdf"))[-1]
    last.unlink()
    third = pipeline.build_letters(PACK, tmp_path, print_file=True)
    assert last in third.build.written and print_file.read_bytes() == streamed


def test_no_print_file_unless_letters_go_by_post(tmp_path: Path) -> None:
    paths = [tmp_path / "records", RECORDS / "councils"]
    shutil.copytree(RECORDS / "carers-support-2026", paths[0])
    out = tmp_path / "out"
    report = pipeline.build_letters(paths, out)  # every bidder has an email address
    assert report.print_files == [] and not (out / CARERS / "all-letters.pdf").exists()
    assert "all_letters" not in json.loads((out / CARERS / "manifest.json").read_text())
    award = paths[0] / "award.yaml"
    text = award.read_text(encoding="utf-8")
    award.write_text(text.replace("electronic: true", "electronic: false", 1), encoding="utf-8")
    report = pipeline.build_letters(paths, out)
    assert [(p.name, written) for p, _, written in report.print_files] == [
        ("all-letters.pdf", True)
    ]


def test_a_print_file_no_longer_matching_its_letters_is_removed(tmp_path: Path) -> None:
    paths = [RECORDS / "carers-support-2026", RECORDS / "councils"]
    pipeline.build_letters(paths, tmp_path, print_file=True)
    print_file = tmp_path / CARERS / "all-letters.pdf"
    kept = pipeline.build_letters(paths, tmp_path)  # not asked for, but still right: kept
    assert kept.print_files == [(print_file, 8, False)] and kept.removed == []  # 4 letters
    print_file.write_bytes(print_file.read_bytes() + b"% changed")
    report = pipeline.build_letters(paths, tmp_path)
    assert report.removed == [print_file] and not print_file.exists()
    assert "all_letters" not in json.loads((tmp_path / CARERS / "manifest.json").read_text())


def test_a_deleted_letter_is_made_again_whatever_the_state_file_says(tmp_path: Path) -> None:
    """A state file from an older docgen (or a failed build) has no file sizes and times: a
    letter deleted since is still found missing and made again."""
    paths = [RECORDS / "carers-support-2026", RECORDS / "councils"]
    pipeline.build_letters(paths, tmp_path)
    state_file = tmp_path / ".docgen-build.json"
    state = json.loads(state_file.read_text())
    assert all("stamp" in entry for entry in state.values())
    state_file.write_text(json.dumps({k: {**v, "stamp": None} for k, v in state.items()}))
    target = tmp_path / CARERS / "contract" / "brightside.pdf"
    target.unlink()
    report = pipeline.build_letters(paths, tmp_path)
    assert target in report.build.written and target.exists()


def test_an_edited_letter_is_made_again(tmp_path: Path) -> None:
    paths = [RECORDS / "carers-support-2026", RECORDS / "councils"]
    pipeline.build_letters(paths, tmp_path)
    target = tmp_path / CARERS / "contract" / "brightside.docx"
    original = target.read_bytes()
    target.write_bytes(original[:-10] + b"edited by ")  # same size, new modification time
    report = pipeline.build_letters(paths, tmp_path)
    assert report.build.written == [target, target.with_suffix(".pdf")]  # the letter, remade
    assert target.read_bytes() == original and report.checked == 1


# ---- the leak check ----


def test_leak_check_catches_a_planted_name_in_both_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [RECORDS / "carers-support-2026", RECORDS / "councils"]
    original = letter_wording.Wording.closing

    def leaky(self: letter_wording.Wording, outcome: str, other_lots: int) -> list[str]:
        lines = original(self, outcome, other_lots)  # type: ignore[arg-type]
        if self.scored.bidder.id == "valleys-carers":
            lines.append("We also thank Carers Together & Co (Wales) Ltd, who scored 65.2.")
        return lines

    monkeypatch.setattr(letter_wording.Wording, "closing", leaky)
    with pytest.raises(CheckError) as caught:
        pipeline.build_letters(paths, tmp_path)
    message = str(caught.value)
    assert "Valleys Carers Trust (valleys-carers)" in message
    assert "(pdf) contains the name of 'Carers Together & Co (Wales) Ltd'" in message
    assert "(docx) contains the name of 'Carers Together & Co (Wales) Ltd'" in message
    assert "contains the score 65.2" in message
    letters_dir = tmp_path / CARERS / "contract"
    assert not (letters_dir / "valleys-carers.pdf").exists()
    assert not (letters_dir / "valleys-carers.docx").exists()
    assert (letters_dir / "brightside.pdf").exists()
    assert not (tmp_path / CARERS / "manifest.json").exists()


def test_leak_check_reads_a_tampered_file(
    built: tuple[Path, letters.LettersReport], tmp_path: Path
) -> None:
    """A letter PDF made outside docgen, naming another bidder, is caught by the file check."""
    out, _ = built
    records = pipeline.validate(PACK)
    plan = next(p for p in plan_letters(records) if p.award.id == "carers-support-2026")
    mine = next(x for x in plan.letters if x.bidder_id == "valleys-carers")
    forged = tmp_path / "valleys-carers.pdf"
    writer = pypdf.PdfWriter(clone_from=out / CARERS / "contract" / "brightside.pdf")
    writer.write(forged)
    found = leaks.check_chunk((plan.names, [("forged", (forged,), mine.secrets)]))
    assert [m for _, m in found] == [
        "forged (pdf) contains the name of 'Brightside Support Services Ltd' (brightside)"
    ]


def test_a_name_in_the_embedded_data_is_read_as_it_reads(tmp_path: Path) -> None:
    """The letter's data is embedded as JSON, where a quotation mark is escaped: the check reads
    the strings, so 'The "Best" Care Ltd' is still found there."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    name = 'The "Best" Care Ltd\\North'
    writer.add_attachment("docgen-data.json", json.dumps({"winners": [{"name": name}]}).encode())
    buffer = io.BytesIO()
    writer.write(buffer)
    text = read_back(buffer.getvalue()).text()
    assert name in text and json.dumps(name) not in text
    index = leaks.NameIndex({"best": name})
    secrets = leaks.Secrets(allowed=frozenset(), scores=frozenset())
    assert leaks.leaks(text, secrets, index) == [f"the name of {name!r} (best)"]


def test_name_index_finds_whole_names_only() -> None:
    index = leaks.NameIndex({"a": "Bow Care", "b": "Bow Care North", "c": OBRIEN})
    secrets = leaks.Secrets(allowed=frozenset({"b"}), scores=frozenset({"12.5"}))
    text = (
        f"Dear Bow Care North,\n{OBRIEN.replace(' t/a', chr(10) + 't/a')}; Bow Carers scored 112.5"
    )
    assert leaks.leaks(text, secrets, index) == [f"the name of {OBRIEN!r} (c)"]
    assert leaks.leaks("… and Bow Care scored 12.5.", secrets, index) == [
        "the name of 'Bow Care' (a)",
        "the score 12.5",
    ]
    # a score column may print 12.5 as 12.50: the same score
    assert leaks.leaks("Bow Carers: 12.50, 12.51", secrets, index) == ["the score 12.5"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_fast_text_reading_agrees_with_pypdf_and_python_docx(
    built: tuple[Path, letters.LettersReport], fmt: str
) -> None:
    out, _ = built
    for path in sorted((out / ILSS).glob(f"lot-*/*.{fmt}"))[::7]:
        data = path.read_bytes()
        mine = flat(read_back(data).text() if fmt == "pdf" else read_back_docx(data).text())
        if fmt == "pdf":
            assert read_pdf(path) in mine
        else:
            document = docx.Document(str(path))
            for part in [p.text for p in document.paragraphs] + [
                c.text for t in document.tables for r in t.rows for c in r.cells
            ]:
                assert flat(part) in mine


def lines(pages: tuple[str, ...]) -> list[list[str]]:
    return [[flat(x) for x in page.splitlines() if x.strip()] for page in pages]


def test_the_typst_reader_reads_every_letter_as_pypdf_does(
    built: tuple[Path, letters.LettersReport],
) -> None:
    """The leak check reads Typst's files with its own small reader, and anything else with
    pypdf: on every letter (and the pypdf-made print file) both readings give the same lines."""
    out, _ = built
    paths = sorted(out.rglob("*.pdf"))
    assert len(paths) > 80
    for path in paths:
        mine = read_back(path.read_bytes())
        theirs = pypdf.PdfReader(path)
        assert mine.typst, path
        assert lines(mine.pages) == lines(tuple(p.extract_text() for p in theirs.pages)), path
        assert mine.info == {k[1:]: str(v) for k, v in (theirs.metadata or {}).items()}, path


@pytest.mark.parametrize(
    "pair", ["libreoffice-reflow-only", "reportlab-title-only"], ids=["libreoffice", "reportlab"]
)
def test_other_producers_pdfs_are_read_by_pypdf(pair: str) -> None:
    original = Path(__file__).parent / "fixtures" / "pdf-pairs" / pair
    data = (original / "original.pdf").read_bytes()
    with pytest.raises(Unsupported):
        read_typst(data)
    found = read_back(data)
    assert not found.typst
    assert found.pages == tuple(
        p.extract_text() for p in pypdf.PdfReader(original / "original.pdf").pages
    )


def test_a_damaged_letter_is_read_by_pypdf(built: tuple[Path, letters.LettersReport]) -> None:
    out, _ = built
    data = letter(out, CARERS, "contract", "brightside", "pdf").read_bytes()
    where = data.rindex(b"startxref")
    damaged = data[:where] + b"startxref\n12\n%%EOF\n"  # points at no cross-reference table
    with pytest.raises(Unsupported):
        read_typst(damaged)
    found = read_back(damaged)  # pypdf rebuilds the table
    assert not found.typst and "Brightside Support Services Ltd" in found.text()


# ---- selection, cancelled Lots, the command ----


def test_selection_builds_only_those_letters(tmp_path: Path) -> None:
    report = pipeline.build_letters(PACK, tmp_path, lot=2, bidder="o'brien")
    assert report.letters == 1 and not report.complete
    assert [p.name for p in report.build.written] == [
        "b08-o-brien-daughters-care-ltd.docx",
        "b08-o-brien-daughters-care-ltd.pdf",
    ]
    assert not (tmp_path / ILSS / "manifest.json").exists()
    with pytest.raises(UsageError, match="no letters match --bidder 'nobody'"):
        pipeline.build_letters(PACK, tmp_path, bidder="nobody")
    with pytest.raises(UsageError, match=r"matches \d+ bidders of ilss-2025"):
        pipeline.build_letters(PACK, tmp_path, bidder="homecare")


def test_cancelled_lot_letters(tmp_path: Path) -> None:
    records_dir = tmp_path / "records"
    for folder in PACK:
        shutil.copytree(folder, records_dir / folder.name)
    yaml = YAML()
    path = records_dir / "ilss-2025" / "award.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    lot = data["lots"][2]
    lot["status"] = "cancelled"
    lot["cancelled_reason"] = (
        "Too few tenders met the quality threshold to give a sustainable market."
    )
    for bid in lot["bidders"]:
        bid["outcome"] = "unsuccessful"
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    (records_dir / "ilss-2025" / "decision.yaml").unlink()
    report = pipeline.build_letters([records_dir], tmp_path / "out", lot=3)
    assert report.outcomes == Counter({"cancelled": 14})
    for fmt in FORMATS:
        text = read(tmp_path / "out" / ILSS / "lot-3" / f"b04-ashdown-healthcare-ltd.{fmt}")
        assert (
            "cancellation of Lot 3" in text and "has cancelled the procurement for this Lot" in text
        )
        assert "Too few tenders met the quality threshold" in text
        assert "Your score" not in text and "Standstill period" not in text


def test_cli_letters_quiet(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["letters", *map(str, PACK), "--out", str(tmp_path), "--quiet", "--format", "pdf"]
    )
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        r"83 letters \(61 appointed, 20 unsuccessful, 2 excluded\): 83 files written, 0 unchanged, "
        r"83 letters checked for leaks, in [\d.]+ s\.\n",
        result.stdout,
    )
    assert "/ilss-2025/award.yaml:39:3: contract.notice_value" in result.stderr  # still warned
    assert not list(tmp_path.rglob("*.docx"))
    bad = CliRunner().invoke(
        main, ["letters", *map(str, PACK), "--out", str(tmp_path), "--bidder", "zz"]
    )
    assert bad.exit_code == 2 and "no letters match" in bad.output


def test_hostile_names_come_through_literally(tmp_path: Path) -> None:
    records_dir = tmp_path / "records"
    shutil.copytree(RECORDS / "carers-support-2026", records_dir / "carers")
    shutil.copytree(RECORDS / "councils", records_dir / "councils")
    (records_dir / "carers" / "decision.yaml").unlink()
    hostile = "{{ 7*7 }} {%p if x %} #set page(width: 1cm) $x^2$ \\ ] ) ( & <b> Ŵŷ שלום"
    path = records_dir / "carers" / "award.yaml"
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["bidders"][1]["name"] = hostile
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    pipeline.build_letters([records_dir], tmp_path / "out")
    for fmt in FORMATS:
        text = read(tmp_path / "out" / CARERS / "contract" / f"valleys-carers.{fmt}")
        assert flat(hostile) in text
