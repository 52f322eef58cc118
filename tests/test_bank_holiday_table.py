"""docgen/derive/bank_holiday_table.py: the ``holidays`` package's answers, written out so that
docgen need not import the package (docs/law.md §8 names it as the source).

The table must give exactly what the package gives, for every covered year and region; the
package must still answer when its installed version is not the one that wrote the table, or the
year is outside it; and tools/bank_holidays.py must write the same bytes every time and say when
the committed table is stale.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import get_args

import holidays
import pytest

from docgen.derive import bank_holiday_table as table
from docgen.derive import timing
from docgen.derive.timing import HolidayRegion, bank_holidays

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "bank_holidays.py"
TABLE = ROOT / "docgen" / "derive" / "bank_holiday_table.py"
REGIONS: tuple[HolidayRegion, ...] = get_args(HolidayRegion)
SUBDIVS: dict[HolidayRegion, tuple[str, ...]] = {
    "england-and-wales": ("ENG",),
    "wales": ("WLS",),
    "scotland": ("SCT",),
    "northern-ireland": ("NIR",),
    "any-uk": ("ENG", "WLS", "SCT", "NIR"),
}
COVERED = range(table.FIRST_YEAR, table.LAST_YEAR + 1)


def package(year: int, region: HolidayRegion) -> frozenset[date]:
    """Asked of the package directly, as timing did before the table: each subdivision with the
    neighbouring years loaded, the days of ``year`` kept, united for "any-uk"."""
    found: set[date] = set()
    for subdiv in SUBDIVS[region]:
        calendar = holidays.country_holidays("GB", subdiv=subdiv, years=(year - 1, year, year + 1))
        found.update(day for day in calendar if day.year == year)
    return frozenset(found)


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Each test starts and ends with empty caches, so a patched answer never leaks out."""
    bank_holidays.cache_clear()
    timing._installed_holidays_version.cache_clear()
    yield
    bank_holidays.cache_clear()
    timing._installed_holidays_version.cache_clear()


@pytest.fixture
def package_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """Every (year, subdivision) timing asks the package for; the package still answers."""
    calls: list[tuple[int, str]] = []
    original: Callable[[int, str], frozenset[date]] = timing._package_days

    def spy(year: int, subdiv: str) -> frozenset[date]:
        calls.append((year, subdiv))
        return original(year, subdiv)

    monkeypatch.setattr(timing, "_package_days", spy)
    return calls


def test_the_table_was_written_by_the_installed_package() -> None:
    assert timing._installed_holidays_version() == holidays.__version__ == table.HOLIDAYS_VERSION
    assert (table.FIRST_YEAR, table.LAST_YEAR) == (2000, 2045)
    assert set(table.SUBDIVISIONS) == {"ENG", "WLS", "SCT", "NIR"}
    assert all(set(days) == set(COVERED) for days in table.SUBDIVISIONS.values())


@pytest.mark.parametrize("region", REGIONS)
def test_every_covered_year_is_the_packages_answer_and_comes_from_the_table(
    region: HolidayRegion, package_calls: list[tuple[int, str]]
) -> None:
    for year in COVERED:
        assert bank_holidays(year, region) == package(year, region), (year, region)
    assert package_calls == []


def test_any_uk_is_the_union_of_the_four_tables() -> None:
    for year in COVERED:
        parts = [bank_holidays(year, r) for r in REGIONS if r != "any-uk"]
        assert bank_holidays(year, "any-uk") == frozenset().union(*parts)
    # Scotland's one-off bank holiday of 15 June 2026 and Northern Ireland's 12 July 2027
    # (docs/law.md §8) are non-working days under the Act, not in England.
    assert date(2026, 6, 15) in bank_holidays(2026, "any-uk")
    assert date(2026, 6, 15) not in bank_holidays(2026, "england-and-wales")
    assert date(2027, 7, 12) in bank_holidays(2027, "any-uk")


@pytest.mark.parametrize(
    ("region", "day"),
    [
        # 1 January 2022 was a Saturday: Monday 3 January is the substitute everywhere, and in
        # Scotland 2 January (a Sunday) moves to Tuesday 4 January.
        ("england-and-wales", date(2022, 1, 3)),
        ("scotland", date(2022, 1, 3)),
        ("scotland", date(2022, 1, 4)),
        # 1 January 2011 was a Saturday.
        ("wales", date(2011, 1, 3)),
        # Christmas 2021 fell on Saturday and Sunday: substitutes Monday 27 and Tuesday 28.
        ("england-and-wales", date(2021, 12, 27)),
        ("england-and-wales", date(2021, 12, 28)),
        ("northern-ireland", date(2021, 12, 28)),
        # 12 July 2026 is a Sunday: Northern Ireland's Battle of the Boyne moves to Monday 13.
        ("northern-ireland", date(2026, 7, 13)),
        # 25 December 2032 is a Saturday: substitute days Monday 27 and Tuesday 28 December.
        ("any-uk", date(2032, 12, 28)),
    ],
)
def test_observed_substitute_days_are_in_the_table(region: HolidayRegion, day: date) -> None:
    assert day.weekday() < 5
    assert day in bank_holidays(day.year, region)
    assert day in package(day.year, region)


def test_each_year_holds_only_its_own_days_with_new_year_neighbours_loaded() -> None:
    for region in REGIONS:
        for year in (table.FIRST_YEAR, 2021, 2022, 2032, table.LAST_YEAR):
            days = bank_holidays(year, region)
            assert {day.year for day in days} == {year}
            assert date(year, 1, 1) in days and date(year, 12, 25) in days


def test_the_table_is_used_while_the_versions_match(monkeypatch: pytest.MonkeyPatch) -> None:
    # A day planted in the table shows up: it is the table that answers on this machine.
    monkeypatch.setitem(table.ENG, 2026, table.ENG[2026] + " 0707")
    assert date(2026, 7, 7) in bank_holidays(2026, "england-and-wales")
    assert date(2026, 7, 7) not in package(2026, "england-and-wales")


@pytest.mark.parametrize("installed", ["0.110", "0.108", None])
def test_another_installed_version_asks_the_package(
    monkeypatch: pytest.MonkeyPatch, package_calls: list[tuple[int, str]], installed: str | None
) -> None:
    # As if a new special bank holiday had come with another holidays release.
    monkeypatch.setitem(table.ENG, 2026, table.ENG[2026] + " 0707")
    monkeypatch.setattr(timing, "_installed_holidays_version", lambda: installed)
    answer = bank_holidays(2026, "england-and-wales")
    assert answer == package(2026, "england-and-wales")
    assert date(2026, 7, 7) not in answer
    assert package_calls == [(2026, "ENG")]
    assert timing.is_working_day(date(2026, 7, 7), "england-and-wales")


@pytest.mark.parametrize("year", [1990, table.FIRST_YEAR - 1, table.LAST_YEAR + 1, 2060])
def test_a_year_outside_the_table_asks_the_package(
    year: int, package_calls: list[tuple[int, str]]
) -> None:
    assert bank_holidays(year, "any-uk") == package(year, "any-uk")
    assert sorted(package_calls) == sorted((year, s) for s in ("ENG", "WLS", "SCT", "NIR"))


def test_validating_the_records_never_imports_holidays() -> None:
    script = (
        "import sys\n"
        "from docgen.cli import main\n"
        "try:\n"
        "    main(['validate', 'records'])\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "print('exit', code, 'holidays' in sys.modules, 'docgen.derive.timing' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.stdout.splitlines()[-1] == "exit 0 False True", run.stderr


def _tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *args], capture_output=True, text=True, timeout=120
    )


def test_the_generator_writes_the_same_bytes_every_time(tmp_path: Path) -> None:
    first, second = tmp_path / "first.py", tmp_path / "second.py"
    assert _tool("--out", str(first)).returncode == 0
    assert _tool("--out", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes() == TABLE.read_bytes()
    assert b'HOLIDAYS_VERSION: Final = "0.109"' in first.read_bytes()


def test_check_passes_on_the_committed_table() -> None:
    run = _tool("--check")
    assert (run.returncode, run.stderr) == (0, "")


def test_check_fails_on_a_stale_table(tmp_path: Path) -> None:
    stale = tmp_path / "bank_holiday_table.py"
    stale.write_text(TABLE.read_text(encoding="utf-8").replace("0615", "0616"), encoding="utf-8")
    run = _tool("--check", "--out", str(stale))
    assert run.returncode == 1
    assert "run `python tools/bank_holidays.py`" in run.stderr
    assert str(stale) in run.stderr
