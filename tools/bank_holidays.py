"""Write docgen/derive/bank_holiday_table.py: the UK bank holidays the installed ``holidays``
package gives, so that docgen need not import it (~0.09 s a command) for the years it covers.

    python tools/bank_holidays.py            # rewrite the table from the installed package
    python tools/bank_holidays.py --check    # exit 1 if the table differs from the package

The package stays the source of truth (docs/law.md §8): the table records the package's version,
and docgen.derive.timing asks the package itself whenever the installed version is another one
or the year is outside the table. Each year's days are the package's answer for that year with
its neighbours loaded, exactly as timing asks it, so "(observed)" days are in. The output is
deterministic and already in ruff's format.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import version
from pathlib import Path

import holidays

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "docgen" / "derive" / "bank_holiday_table.py"
FIRST_YEAR = 2000
LAST_YEAR = 2045
SUBDIVISIONS = ("ENG", "WLS", "SCT", "NIR")

HEADER = '''\
"""UK bank holidays from the ``holidays`` package, {first} to {last}: GENERATED, do not edit.

Written by ``python tools/bank_holidays.py`` from holidays {version}; ``--check`` compares it with
the installed package. docgen.derive.timing reads it only while the installed package is that
version (docs/law.md §8). One entry a year: the days of ``country_holidays("GB", subdiv=...)``
falling in that year, as MMDD, "(observed)" substitute days included.
"""

from typing import Final

HOLIDAYS_VERSION: Final = "{version}"
FIRST_YEAR: Final = {first}
LAST_YEAR: Final = {last}
'''


def year_days(year: int, subdiv: str) -> list[str]:
    """The package's bank holidays in ``year`` as MMDD, loading the neighbouring years too (as
    docgen.derive.timing does) so a substitute day that spills across New Year is kept."""
    calendar = holidays.country_holidays("GB", subdiv=subdiv, years=(year - 1, year, year + 1))
    return sorted(f"{day.month:02d}{day.day:02d}" for day in calendar if day.year == year)


def render() -> str:
    """The whole module's text."""
    parts = [HEADER.format(version=version("holidays"), first=FIRST_YEAR, last=LAST_YEAR)]
    for subdiv in SUBDIVISIONS:
        parts.append(f"\n{subdiv}: Final[dict[int, str]] = {{\n")
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            parts.append(f'    {year}: "{" ".join(year_days(year, subdiv))}",\n')
        parts.append("}\n")
    names = ", ".join(f'"{subdiv}": {subdiv}' for subdiv in SUBDIVISIONS)
    parts.append(f"\nSUBDIVISIONS: Final[dict[str, dict[int, str]]] = {{{names}}}\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    parser.add_argument("--out", type=Path, default=TABLE, help="the module to write or check")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(
                f"{args.out}: differs from holidays {version('holidays')}; "
                "run `python tools/bank_holidays.py`",
                file=sys.stderr,
            )
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
