"""Contract register rows (`docgen transparency`) for the routes that score no tenders.

The Transparency Code asks for every contract over £5,000, however it was reached
(docs/law.md §9.1), so a direct award has its row like any single-supplier contract: the
procedure column names the legal ground and the invitation column says there was none. A
modification adds no contract: the contract changed keeps its own row, whose start date and
invitation this record does not hold (the register's schema requires both), so docgen says what
changes in that row (its value and end date) instead of writing a row with guessed columns. An
authority to procure (no contract yet) and a decision not to award (none at all) have no row.
"""

from __future__ import annotations

from docgen.derive import terms as terms_dates
from docgen.derive.grounds_text import change_ground, direct_ground
from docgen.errors import UsageError
from docgen.exchange.transparency import HEADER, Row
from docgen.models import Council, DirectAward, Modification, RouteAward
from docgen.models.award import Bidder
from docgen.models.routes import ROUTE_NAMES, award_route


def route_rows(record: RouteAward, council: Council) -> list[Row]:
    """The register row of a direct award or of a contract changed."""
    if isinstance(record, DirectAward):
        row = _direct(record, council)
    elif isinstance(record, Modification):
        contract = record.contract_changed
        end = record.new_end or contract.current_end
        raise UsageError(
            f"award {record.id!r} changes contract {contract.reference}, which keeps its own "
            f"row in the register: set its value to {record.value_after:.2f} and its end and last "
            f"extension dates to {end.isoformat()} (procedure: modified under "
            f"{change_ground(record)})"
        )
    else:
        raise UsageError(
            f"award {record.id!r} is {ROUTE_NAMES[award_route(record)]}: it has no contract for the "
            "register (an authority to procure has none yet, a decision not to award none at all)"
        )
    return [{name: row.get(name, "") for name in HEADER}]


def _direct(award: DirectAward, council: Council) -> Row:
    terms, proc = award.contract, award.procurement
    initial_end = terms_dates.initial_end(terms)
    periods = terms_dates.extension_periods(terms)
    annual = f"{terms.annual_value:.2f}" if terms.annual_value is not None else ""
    return {
        "Organisation label": council.name,
        "Contract reference number": proc.reference,
        "Open Contracting ID": proc.ocid or "",
        "Title": award.title,
        "Description": award.service_description,
        "Contract type": terms.kind.replace("_", " "),
        "Department": council.letterhead.department,
        "CPV codes": "; ".join(proc.cpv),
        "Start date": terms.start.isoformat(),
        "End date": initial_end.isoformat(),
        "Review date": initial_end.isoformat() if periods else "",
        "Extension periods": "; ".join(f"{a} to {b}" for a, b in periods),
        "Last extension date": terms_dates.max_end(terms).isoformat(),
        "Value of contract (GBP)": f"{terms.total_value:.2f}",
        "Annual value (GBP)": annual,
        "Procedure": f"Direct award under {direct_ground(award)}",
        "Invitation": "No invitation (direct award)",
    } | _supplier(award.supplier)


def _supplier(bidder: Bidder) -> Row:
    def yes_no(flag: bool | None) -> str:
        return "" if flag is None else ("Yes" if flag else "No")

    return {
        "Supplier name": bidder.name,
        "Supplier registered company number": bidder.company_number or "",
        "Supplier registered charity number": bidder.charity_number or "",
        "SME supplier": yes_no(bidder.sme),
        "VCSE supplier": yes_no(bidder.vcse),
    }
