"""The award letter's context: everything its Word and Typst templates may use.

Built by docgen.documents.award_letter (split from it: the classes here, the work there). Every
string in it is printed as it stands, already in the letter's language.
"""

from __future__ import annotations

from typing import Literal

from docgen.derive.language import Words
from docgen.documents.common import Context, Meta, Row

Outcome = Literal["appointed", "unsuccessful", "excluded", "cancelled"]


class Section(Context):
    """A headed part of the letter after the tables."""

    heading: str
    """The part's heading: "Reasons for the decision", "Standstill period" or "Next steps"."""
    paragraphs: list[str]
    """The part's paragraphs, each plain text."""


class CriterionRow(Context):
    """One award criterion with this bidder's score."""

    code: str
    """The criterion's code: "C1", "C2" …"""
    name: str
    """The criterion's name: "Quality of the service model"."""
    weight: str
    """Its weight, the most it can score, as printed: "50", "12.5"."""
    score: str
    """This bidder's score for it, printed to the same decimals as every score of the Lot."""


class AppointedRow(Context):
    """A successful tenderer's scores (PCR 2015 letters)."""

    name: str
    """The tenderer's name."""
    scores: list[str]
    """Its score for each criterion, in the order of `criterion_codes`."""
    total: str
    """Its total score: "87.5"."""


class Supplier(Context):
    """A successful supplier as the Procurement Act assessment summary names it (reg 31(2))."""

    name: str
    """The supplier's name."""
    address: str
    """Its address on one line, parts joined by ", "."""
    email: str
    """Its contact email; "not given" when the record has none."""
    identifier: str
    """How it is identified: "Company number 09876543"; empty when the record has no number (a
    number not recorded is left out, never stated as "not registered"), and the row is left out."""


class Letterhead(Context):
    """The council's letterhead."""

    council_name: str
    """The council's full name."""
    department: str
    """The sending department: "Social Services – Commissioning and Contracts"."""
    lines: list[str]
    """The address lines, then phone, email and website (those given), one a line."""


class Signatory(Context):
    """Who signs the letter."""

    name: str
    """The officer's name: "Dafydd Ellis"."""
    title: str
    """The officer's job title: "Commissioning Manager (Carers and Prevention)"."""
    department: str
    """The letterhead's department."""
    council_name: str
    """The council's full name."""


class LetterLabels(Context):
    """The fixed words the letter templates print, in the letter's language."""

    number: str
    """The criteria table's first heading: "No." / "Rhif"."""
    criterion: str
    """The criteria table's heading over the names: "Criterion" / "Maen prawf"."""
    weight: str
    """The heading over the weights: "Weight" / "Pwysoliad"."""
    your_score: str
    """The heading over this bidder's scores: "Your score" / "Eich sgôr"."""
    total: str
    """The total row's and column's label: "Total" / "Cyfanswm"."""
    successful_tenderer: str
    """The heading over the successful tenderers' names: "Successful tenderer"."""
    supplier: str
    """The first row of a successful supplier's details: "Supplier" / "Cyflenwr"."""
    address: str
    """The label of its address: "Address" / "Cyfeiriad"."""
    email: str
    """The label of its email: "Email" / "E-bost"."""
    identifier: str
    """The label of its company number: "Identifier" / "Dynodydd"."""
    yours_sincerely: str
    """The close before the signature: "Yours sincerely" / "Yn gywir"."""
    criteria_caption: str
    """The criteria table's caption (its title for screen readers): "Award criteria and your
    scores"."""
    criteria_description: str
    """The criteria table's description for screen readers."""
    appointed_caption: str
    """The successful tenderers' table's caption: "Scores of the successful tenderers"."""
    appointed_description: str
    """The successful tenderers' table's description for screen readers."""
    winner_caption: str
    """A successful supplier's table's caption: "The successful supplier"."""
    winner_description: str
    """A successful supplier's table's description for screen readers."""
    letterhead_description: str
    """The Word letterhead's layout table described for screen readers: "Letterhead: the
    council and the sending department"."""
    address_description: str
    """The Word address block's layout table described for screen readers: "The addressee, and
    the letter's reference and date"."""


def letter_labels(t: Words) -> LetterLabels:
    return LetterLabels(
        number=t("No."),
        criterion=t("Criterion"),
        weight=t("Weight"),
        your_score=t("Your score"),
        total=t("Total"),
        successful_tenderer=t("Successful tenderer"),
        supplier=t("Supplier"),
        address=t("Address"),
        email=t("Email"),
        identifier=t("Identifier"),
        yours_sincerely=t("Yours sincerely"),
        criteria_caption=t("Award criteria and your scores"),
        criteria_description=t("Each award criterion, its weight and your score, with the total"),
        appointed_caption=t("Scores of the successful tenderers"),
        appointed_description=t("Each successful tenderer's score for each criterion, and total"),
        winner_caption=t("The successful supplier"),
        winner_description=t("The successful supplier's name, address, email and identifier"),
        letterhead_description=t("Letterhead: the council and the sending department"),
        address_description=t("The addressee, and the letter's reference and date"),
    )


class AwardLetterContext(Context):
    """Everything the award letter templates (Word and Typst) may use."""

    meta: Meta
    """Title, status ("Private and confidential"), the date it is sent, record hash, footer."""
    outcome: Outcome
    """This bidder's outcome: "appointed", "unsuccessful", "excluded" or "cancelled" (the Lot)."""
    is_pcr: bool
    """True under the Public Contracts Regulations 2015 (a reg 86 notice)."""
    is_act: bool
    """True under the Procurement Act 2023 (an assessment summary): the opposite of `is_pcr`."""
    is_appointed: bool
    """True when `outcome` is "appointed"."""
    is_unsuccessful: bool
    """True when `outcome` is "unsuccessful"."""
    is_excluded: bool
    """True when `outcome` is "excluded"."""
    is_cancelled: bool
    """True when `outcome` is "cancelled"."""
    has_standstill: bool
    """True when the letter states a standstill: the award has one and the Lot is not cancelled."""
    is_voluntary_standstill: bool
    """True when the award's standstill is voluntary rather than required by law."""
    has_scores: bool
    """True when it shows this bidder's `criteria` and `total_score`: appointed or unsuccessful."""
    has_appointed_scores: bool
    """True when the letter shows the successful tenderers' scores (`appointed`): PCR 2015
    letters to scored bidders, when someone was appointed."""
    has_appointed_list: bool
    """True when the letter names the successful tenderers only (`appointed_names`): PCR 2015
    letters to excluded bidders."""
    has_winner_details: bool
    """True when the letter gives each successful supplier's details (`winners`): Procurement Act
    letters to unsuccessful and excluded bidders."""
    letterhead: Letterhead
    """The council's name, department and contact lines, top right."""
    reference_rows: list[Row]
    """The references beside the address: "Our reference" ("GYA-SS-2025-118/Lot 2"), "Date"
    ("12 March 2026"), "Please ask for", and "Email" when known."""
    addressee: list[str]
    """The address block, one line each: the contact's name, the bidder's name, its address."""
    delivery: str
    """Sent "By email to <address>"; empty when the bidder gave no email (it goes by post)."""
    salutation: str
    """The greeting, "Dear Siân Llewelyn", without a comma."""
    subject: str
    """The subject line: "Carers Support Service (GYA-SS-2025-118), Lot 1: Reablement: notice of
    award decision" (the Lot named only when there are Lots)."""
    opening: list[str]
    """The opening paragraphs: thanks for the tender, what this letter is, and the outcome."""
    scores_heading: str
    """The heading over this bidder's scores: "Award criteria and your scores" (PCR 2015) or
    "Assessment of your tender" (Procurement Act)."""
    scores_intro: str
    """The paragraph before this bidder's scores: how tenders were evaluated, out of what."""
    criteria: list[CriterionRow]
    """Each criterion with this bidder's score; empty unless `has_scores`."""
    total_weight: str
    """The criteria's weights added up, the most a tender can score: "100"."""
    total_score: str
    """This bidder's total score, "87.5"; empty unless `has_scores`."""
    appointed_heading: str
    """The heading over the successful tenderers: "Scores of the successful tenderers", "The
    successful tenderer", "The successful suppliers" … (singular when only one)."""
    appointed_intro: str
    """The sentence before the successful tenderers' scores, names or details."""
    criterion_codes: list[str]
    """The criteria's codes, "C1", "C2" …: the score columns of the `appointed` table."""
    appointed: list[AppointedRow]
    """The successful tenderers' scores, by total; empty unless PCR 2015 to a scored bidder."""
    appointed_names: list[str]
    """The successful tenderers' names in ranking order; empty for a cancelled Lot."""
    winners: list[Supplier]
    """The successful suppliers' details (Procurement Act); empty under PCR 2015, or cancelled."""
    sections: list[Section]
    """The headed parts after the tables, in order: "Reasons for the decision" (appointed and
    unsuccessful bidders), "Standstill period" (unless the Lot was cancelled), "Next steps"
    (appointed bidders)."""
    closing: list[str]
    """The paragraphs before "Yours sincerely": whom to ask, other Lots tendered for, thanks."""
    signatory: Signatory
    """The officer who signs."""
    labels: LetterLabels
    """The fixed words of the templates (table headings, "Yours sincerely"), in the letter's
    language."""
