"""The letter telling each tenderer that no contract will be awarded, and why (PCR 2015 reg 55:
each tenderer is told the grounds for a decision not to award; Procurement Act 2023 s55: the
procurement termination notice, whose content reg 37 of the Procurement Regulations 2024 sets,
tells the market, and the letter tells each tenderer the council's reasons). One letter per
tenderer; it names its own addressee and no other tenderer. docs/law.md §11.1, §11.2.
"""

from __future__ import annotations

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.documents.common import Bundle, Context, Meta, Prose
from docgen.models import Council, NotAwarded
from docgen.models.award import Bidder

STATUS = "Private and confidential"


class NotAwardedLetterContext(Context):
    """Everything the not-awarded letter templates (Word and Typst) may use."""

    meta: Meta
    """Title, status ("Private and confidential"), the send date, the hash of the council and
    the not-awarded record (as an award letter's hashes its council and award) and footer."""
    council_name: str
    """The council's full name, for the letterhead."""
    sender_lines: list[str]
    """The sending department, its address, email and phone, one line each."""
    recipient_lines: list[str]
    """The tenderer: contact name, organisation, then its address lines."""
    date_text: str
    """The date the letter is sent: "4 February 2026"."""
    reference: str
    """Our reference: the procurement's reference."""
    salutation: str
    """"Dear Gareth Rowlands"."""
    subject: str
    """"Community Transport to Day Services (GYA-SS-2025-141): decision not to award"."""
    opening: str
    """The decision, in one paragraph: thank you for your tender; no contract is awarded."""
    reasons_intro: str
    """The sentence before the reasons."""
    reasons: Prose
    """The council's reasons, as recorded (unnumbered paragraphs)."""
    next_step: str
    """What happens next: the procurement is abandoned, or will be run again."""
    law: str
    """Under which law the tenderer is told, and the termination notice where there is one."""
    closing: str
    """Thanks and who to ask."""
    signatory_name: str
    """The officer who signs."""
    signatory_title: str
    """The signatory's title."""


def build(record: NotAwarded, council: Council, bidder: Bidder) -> NotAwardedLetterContext:
    told = record.notification
    if told is None:
        raise ValueError(f"{record.id}: no notification (send_date, signatory) to write letters")
    officer = council.officer(told.signatory)
    head = council.letterhead
    proc = record.procurement
    sender = [head.department, *head.address]
    sender += [x for x in (head.email, head.phone) if x]
    subject = f"{record.title} ({proc.reference}): decision not to award"
    reasons = prose.resolve(prose.parse(record.reason), _no_facts)
    if record.next_step == "re_run":
        next_step = (
            "The Council intends to run the procurement again. It will publish a new notice, "
            "and you are welcome to tender."
        )
    else:
        next_step = "The Council has abandoned the procurement and does not intend to run it again."
    if proc.regime == "pcr2015":
        law = (
            "We are telling you of this decision, and the grounds for it, under regulation 55 "
            "of the Public Contracts Regulations 2015."
        )
    else:
        notice = record.termination_notice
        law = (
            f"The Council published a procurement termination notice on "
            f"{fmt.date_long(notice.published)}, as section 55 of the Procurement Act 2023 "
            "requires."
            if notice is not None
            else "The Council will publish a procurement termination notice, as section 55 of "
            "the Procurement Act 2023 requires."
        )
    day = fmt.date_long(told.send_date)
    name = bidder.contact.name
    return NotAwardedLetterContext(
        meta=Meta(
            council_name=council.name,
            document_title=f"{subject} – {bidder.name}",
            status_label=STATUS,
            is_draft=False,
            date_text=day,
            record_sha256=Bundle(council=council, route=record).sha256(),
            footer=f"{council.name} · {record.title} · {STATUS}",
        ),
        council_name=council.name,
        sender_lines=sender,
        recipient_lines=[name, bidder.name, *bidder.address],
        date_text=day,
        reference=proc.reference,
        salutation=f"Dear {name}",
        subject=subject,
        opening=(
            f"Thank you for your tender for {record.title}. I am writing to tell you that the "
            "Council has decided not to award the contract, to you or to any other tenderer."
        ),
        reasons_intro="The reasons for the decision are as follows.",
        reasons=Prose(blocks=reasons),
        next_step=next_step,
        law=law,
        closing=(
            "Thank you for the time and care you put into your tender. If you have any "
            f"questions about this letter, please contact {head.department}"
            + (f" at {head.email}." if head.email else ".")
        ),
        signatory_name=officer.name if officer else told.signatory,
        signatory_title=officer.title if officer else "",
    )


def _no_facts(placeholder: prose.Placeholder) -> str:
    raise ValueError(f"a letter states the reason as written: {{{placeholder.name}}} is not set")
