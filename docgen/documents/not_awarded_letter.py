"""The letter telling each tenderer that no contract will be awarded, and why (PCR 2015 reg 55:
each tenderer is told the grounds for a decision not to award; Procurement Act 2023 s55: the
procurement termination notice, whose content reg 37 of the Procurement Regulations 2024 sets,
tells the market, and the letter tells each tenderer the council's reasons). One letter per
tenderer; it names its own addressee and no other tenderer. docs/law.md §11.1, §11.2.

Worded in the letter's language `t` (the routes catalogue); English by default.
"""

from __future__ import annotations

from docgen.derive import prose
from docgen.derive.language import Words
from docgen.documents.common import ENGLISH, Bundle, Context, Meta, Prose, language_meta
from docgen.models import Council, NotAwarded
from docgen.models.award import Bidder

STATUS = "Private and confidential"
"""The English status; a letter's own is worded in its language (`status(t)`)."""


class NotAwardedLabels(Context):
    """The fixed words the letter's templates print, in its language."""

    date: str
    """Before the date the letter is sent: "Date" / "Dyddiad"."""
    our_reference: str
    """Before the reference: "Our reference" / "Ein cyfeirnod"."""
    yours_sincerely: str
    """The close before the signature: "Yours sincerely" / "Yn gywir"."""


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
    """Thanks and who to ask; for a council that publishes in Welsh, that it welcomes
    correspondence in Welsh (Welsh Language Standards (No. 1) Regulations 2015, standard 7)."""
    signatory_name: str
    """The officer who signs."""
    signatory_title: str
    """The signatory's title."""
    labels: NotAwardedLabels
    """The letter's fixed words, in its language."""


def build(
    record: NotAwarded, council: Council, bidder: Bidder, t: Words = ENGLISH
) -> NotAwardedLetterContext:
    told = record.notification
    if told is None:
        raise ValueError(f"{record.id}: no notification (send_date, signatory) to write letters")
    officer = council.officer(told.signatory)
    head = council.letterhead
    proc = record.procurement
    department, title, council_name = (
        t.text(head.department),
        t.text(record.title),
        t.text(council.name),
    )
    sender = [department, *t.texts(head.address)]
    sender += [x for x in (head.email, head.phone) if x]
    subject = t(
        "{title} ({reference}): decision not to award", title=title, reference=proc.reference
    )
    reasons = prose.resolve(prose.parse(t.text(record.reason)), _no_facts)
    day = t.date(told.send_date)
    name = bidder.contact.name
    label = status(t)
    return NotAwardedLetterContext(
        meta=Meta(
            council_name=council_name,
            document_title=f"{subject} – {bidder.name}",
            status_label=label,
            is_draft=False,
            date_text=day,
            record_sha256=Bundle(council=council, route=record).sha256(),
            footer=f"{council_name} · {title} · {label}",
            **language_meta(t),
        ),
        council_name=council_name,
        sender_lines=sender,
        recipient_lines=[name, bidder.name, *t.texts(bidder.address)],
        date_text=day,
        reference=proc.reference,
        salutation=t("Dear {name}", name=name),
        subject=subject,
        opening=t(
            "Thank you for your tender for {title}. I am writing to tell you that the Council has "
            "decided not to award the contract, to you or to any other tenderer.",
            title=title,
        ),
        reasons_intro=t("The reasons for the decision are as follows."),
        reasons=Prose(blocks=reasons),
        next_step=_next_step(record, t),
        law=_law(record, t),
        closing=_closing(council, t),
        signatory_name=t.text(officer.name) if officer else told.signatory,
        signatory_title=t.text(officer.title) if officer else "",
        labels=NotAwardedLabels(
            date=t("Date"), our_reference=t("Our reference"), yours_sincerely=t("Yours sincerely")
        ),
    )


def status(t: Words = ENGLISH) -> str:
    """The letter's status: "Private and confidential" / "Preifat a chyfrinachol"."""
    return t("Private and confidential")


def _next_step(record: NotAwarded, t: Words) -> str:
    if record.next_step == "re_run":
        return t(
            "The Council intends to run the procurement again. It will publish a new notice, "
            "and you are welcome to tender."
        )
    return t("The Council has abandoned the procurement and does not intend to run it again.")


def _law(record: NotAwarded, t: Words) -> str:
    """Under which law the tenderer is told (docs/law.md §11.1, §11.2)."""
    if record.procurement.regime == "pcr2015":
        return t(
            "We are telling you of this decision, and the grounds for it, under regulation 55 "
            "of the Public Contracts Regulations 2015."
        )
    notice = record.termination_notice
    if notice is None:
        return t(
            "The Council will publish a procurement termination notice, as section 55 of the "
            "Procurement Act 2023 requires."
        )
    return t(
        "The Council published a procurement termination notice on {date}, as section 55 of "
        "the Procurement Act 2023 requires.",
        date=t.date(notice.published),
    )


def _closing(council: Council, t: Words) -> str:
    """Thanks, who to ask, and (for a council that publishes in Welsh) that Welsh is welcome."""
    head = council.letterhead
    department = t.text(head.department)
    if head.email:
        text = t(
            "Thank you for the time and care you put into your tender. If you have any "
            "questions about this letter, please contact {department} at {email}.",
            department=department,
            email=head.email,
        )
    else:
        text = t(
            "Thank you for the time and care you put into your tender. If you have any "
            "questions about this letter, please contact {department}.",
            department=department,
        )
    if council.languages.welsh:  # Welsh Language Standards (No. 1) Regulations 2015, std 7
        text += " " + t(
            "We welcome correspondence in Welsh. We will respond to correspondence in Welsh, "
            "and this will not lead to a delay."
        )
    return text


def _no_facts(placeholder: prose.Placeholder) -> str:
    raise ValueError(f"a letter states the reason as written: {{{placeholder.name}}} is not set")
